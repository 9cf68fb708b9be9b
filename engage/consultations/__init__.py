"""Putting consultations on the platform: documents in and out, and moving a consultation through its statuses.

Staff pages (``routes``) and the ``flask consultation`` commands (``cli``) share the services.
"""

from flask import Blueprint

bp = Blueprint("consultations", __name__, url_prefix="/staff", template_folder="templates")

from engage.consultations import routes  # noqa: E402,F401
