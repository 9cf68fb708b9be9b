"""The locality plan: its priorities, edited by administrators, and the evidence tagged to each."""

from flask import Blueprint

bp = Blueprint("plan", __name__, url_prefix="/staff/plan", template_folder="templates")

from engage.plan import routes  # noqa: E402,F401
