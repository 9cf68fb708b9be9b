"""Single responses for administrators: find one by its reference, show, download or erase it, with an audit trail.

Also the nightly purge of answers whose consultation's retention period has ended (:mod:`.retention`).
"""

from flask import Blueprint

bp = Blueprint("responses", __name__, url_prefix="/staff/responses", template_folder="templates")

from engage.responses import routes  # noqa: E402,F401
