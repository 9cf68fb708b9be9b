"""Database models, one module per area. Import from here."""

from engage.models.accounts import Role, User
from engage.models.api import ApiToken
from engage.models.audit import AuditAction, AuditTrailError, ExportAuditEvent, ResponseAuditEvent
from engage.models.cases import CaseOfficer, CaseStaff, CaseType, ChangeCase
from engage.models.consultations import (
    Audience,
    Consultation,
    ConsultationEvent,
    EventKind,
    LadderRung,
    Status,
    SurveyVersion,
    takes_answers,
)
from engage.models.responses import Answer, Channel, Draft, Response

__all__ = [
    "Answer",
    "ApiToken",
    "Audience",
    "AuditAction",
    "AuditTrailError",
    "CaseOfficer",
    "CaseStaff",
    "CaseType",
    "ChangeCase",
    "Channel",
    "Consultation",
    "ConsultationEvent",
    "Draft",
    "EventKind",
    "ExportAuditEvent",
    "LadderRung",
    "Response",
    "ResponseAuditEvent",
    "Role",
    "Status",
    "SurveyVersion",
    "User",
    "takes_answers",
]
