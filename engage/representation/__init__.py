"""Who is not being heard: a residents' consultation's respondents set against the Census 2021 population."""

from flask import Blueprint

bp = Blueprint("representation", __name__, url_prefix="/staff/representation", template_folder="templates")

from engage.representation import routes  # noqa: E402,F401
