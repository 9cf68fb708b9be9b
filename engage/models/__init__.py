"""Database models, one module per area. Import from here."""

from engage.models.accounts import Role, User
from engage.models.analysis_runs import (
    AnalysedAnswer,
    AnalysisRun,
    ChangeLogError,
    RunStatus,
    SetBy,
    Theme,
    ThemeAssignment,
    ThemeChange,
)
from engage.models.audit import AuditAction, AuditTrailError, ResponseAuditEvent
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
    "AnalysedAnswer",
    "AnalysisRun",
    "Answer",
    "Audience",
    "AuditAction",
    "AuditTrailError",
    "CaseOfficer",
    "CaseStaff",
    "CaseType",
    "ChangeCase",
    "ChangeLogError",
    "Channel",
    "Consultation",
    "ConsultationEvent",
    "Draft",
    "EventKind",
    "LadderRung",
    "Response",
    "ResponseAuditEvent",
    "Role",
    "RunStatus",
    "SetBy",
    "Status",
    "SurveyVersion",
    "Theme",
    "ThemeAssignment",
    "ThemeChange",
    "User",
    "takes_answers",
]
