"""Database models, one module per area. Import from here."""

from engage.models.accounts import Role, User
from engage.models.audit import AuditAction, AuditTrailError, ResponseAuditEvent
from engage.models.ballot import CaseQuestion, StaffCode
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
from engage.models.plan import PlanPriority, PriorityKind
from engage.models.responses import Answer, Channel, Draft, Response

__all__ = [
    "Answer",
    "Audience",
    "AuditAction",
    "AuditTrailError",
    "CaseOfficer",
    "CaseQuestion",
    "CaseStaff",
    "CaseType",
    "ChangeCase",
    "Channel",
    "Consultation",
    "ConsultationEvent",
    "Draft",
    "EventKind",
    "LadderRung",
    "PlanPriority",
    "PriorityKind",
    "Response",
    "ResponseAuditEvent",
    "Role",
    "StaffCode",
    "Status",
    "SurveyVersion",
    "User",
    "takes_answers",
]
