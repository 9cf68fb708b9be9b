"""Workforce officers giving affected staff their single-use codes (email or printed), and answering their questions.

Only administrators and the officers assigned to a case (engage.ballot.may_run_case) use these pages.
"""

from flask import Blueprint

bp = Blueprint("invitations", __name__, url_prefix="/staff/cases", template_folder="templates")

from engage.invitations import routes  # noqa: E402,F401
