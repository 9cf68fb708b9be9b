"""Public pages and the respondent's journey through a survey (no account needed)."""

from flask import Blueprint

bp = Blueprint("public", __name__, template_folder="templates")

from engage.public import resume_routes, routes  # noqa: E402,F401
