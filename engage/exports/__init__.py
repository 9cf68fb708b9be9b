"""Answers for analysis: a consultation's responses as a spreadsheet, with personal details redacted."""

from flask import Blueprint

bp = Blueprint("exports", __name__, url_prefix="/staff/answers", template_folder="templates")

from engage.exports import routes, theme_routes  # noqa: E402,F401
