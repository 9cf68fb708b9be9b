"""Staff sign-in. Respondents never need an account."""

from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/staff", template_folder="templates")

from engage.accounts import routes  # noqa: E402,F401
