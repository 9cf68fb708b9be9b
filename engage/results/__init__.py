"""Results: each consultation's closed questions counted and charted, filtered and suppressed, for the staff allowed."""

from flask import Blueprint

bp = Blueprint("results", __name__, url_prefix="/staff/results", template_folder="templates")

from engage.results import routes  # noqa: E402,F401
