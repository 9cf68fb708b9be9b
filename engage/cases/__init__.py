"""Staff change cases: the proposal, the period the law sets, representatives, meetings, counter-proposals,
the audit trail and the outcome report. Only administrators and the people assigned to a case see it."""

from flask import Blueprint

bp = Blueprint("cases", __name__, url_prefix="/staff/cases", template_folder="templates")

from engage.cases import filters, record_routes, report_routes, routes  # noqa: E402,F401
