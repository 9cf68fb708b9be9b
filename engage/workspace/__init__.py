"""The analysis workspace: theme analyses of free-text answers, reviewed and agreed by analysts."""

from flask import Blueprint

bp = Blueprint("workspace", __name__, url_prefix="/staff/analysis", template_folder="templates")

from engage.workspace import answer_routes, routes  # noqa: E402,F401
