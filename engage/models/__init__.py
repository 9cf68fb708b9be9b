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
from engage.models.api import ApiToken
from engage.models.audit import AuditAction, AuditTrailError, ExportAuditEvent, ResponseAuditEvent
from engage.models.ballot import CaseQuestion, StaffCode
from engage.models.case_records import (
    CaseAttachment,
    CaseAuditError,
    CaseAuditEvent,
    CaseDetails,
    CaseInformation,
    CaseMeeting,
    CaseRepresentative,
    CounterProposal,
    InformationItem,
    RepresentativeKind,
)
from engage.models.cases import CaseOfficer, CaseStaff, CaseType, ChangeCase, EmailBatch, OrganisationMinimum
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
from engage.models.plan import PlanPriority, PriorityKind, ThemePriority
from engage.models.responses import Answer, Channel, Draft, Response

__all__ = [
    "AnalysedAnswer",
    "AnalysisRun",
    "Answer",
    "ApiToken",
    "Audience",
    "AuditAction",
    "AuditTrailError",
    "CaseAttachment",
    "CaseAuditError",
    "CaseAuditEvent",
    "CaseDetails",
    "CaseInformation",
    "CaseMeeting",
    "CaseOfficer",
    "CaseQuestion",
    "CaseRepresentative",
    "CaseStaff",
    "CaseType",
    "ChangeCase",
    "ChangeLogError",
    "Channel",
    "Consultation",
    "ConsultationEvent",
    "CounterProposal",
    "Draft",
    "EmailBatch",
    "EventKind",
    "InformationItem",
    "ExportAuditEvent",
    "LadderRung",
    "OrganisationMinimum",
    "PlanPriority",
    "PriorityKind",
    "RepresentativeKind",
    "Response",
    "ResponseAuditEvent",
    "Role",
    "RunStatus",
    "SetBy",
    "StaffCode",
    "Status",
    "SurveyVersion",
    "Theme",
    "ThemeAssignment",
    "ThemeChange",
    "ThemePriority",
    "User",
    "takes_answers",
]
