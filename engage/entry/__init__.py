"""Staff enter paper, phone and assisted responses on a respondent's behalf."""

from flask import Blueprint

bp = Blueprint("entry", __name__, url_prefix="/staff/consultations", template_folder="templates")

from engage.entry import routes  # noqa: E402,F401
