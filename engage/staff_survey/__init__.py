"""Affected staff taking part in a change case with their single-use code: the case page, its FAQ, asking questions.

The survey itself is answered on the survey pages (engage.public), which check the code (engage.ballot).
"""

from flask import Blueprint

bp = Blueprint("staff_survey", __name__, url_prefix="/staff-survey", template_folder="templates")

from engage.staff_survey import routes  # noqa: E402,F401
