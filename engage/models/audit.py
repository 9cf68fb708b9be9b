"""The audit trail of administrators' views, downloads and erasures of single responses."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.extensions import db
from engage.models.base import UTCDateTime, enum_column, utcnow


class AuditAction(enum.StrEnum):
    VIEWED = "viewed"
    DOWNLOADED_CSV = "downloaded_csv"
    DOWNLOADED_JSON = "downloaded_json"
    ERASED = "erased"


class ResponseAuditEvent(db.Model):
    """Who looked at, downloaded or erased which response, and when; never the answers themselves.

    Rows are only ever added: the app refuses to change or delete one (:class:`AuditTrailError`).
    """

    __tablename__ = "response_audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction))
    # The reference as the respondent was given it (the response itself may be gone).
    reference: Mapped[str] = mapped_column(String(20))
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"))
    # Why a response was erased, as the administrator wrote it; None for views and downloads.
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)

    user: Mapped["User"] = relationship()  # noqa: F821  (engage.models.accounts)
    consultation: Mapped["Consultation"] = relationship()  # noqa: F821  (engage.models.consultations)


class AuditTrailError(Exception):
    pass


@event.listens_for(ResponseAuditEvent, "before_update")
def _refuse_audit_edits(mapper, connection, target):
    raise AuditTrailError("The audit trail cannot be changed.")


@event.listens_for(ResponseAuditEvent, "before_delete")
def _refuse_audit_deletions(mapper, connection, target):
    raise AuditTrailError("The audit trail cannot be deleted.")


class ExportAuditEvent(db.Model):
    """Who took a consultation's answers (a file from the exports, or responses through the API), how, and when.

    Rows are only ever added, like the responses' audit trail.
    """

    __tablename__ = "export_audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id"))
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"))
    # The format and layout ("csv wide", "sav wide") or "api responses".
    what: Mapped[str] = mapped_column(String(40))

    user: Mapped["User"] = relationship()  # noqa: F821  (engage.models.accounts)
    consultation: Mapped["Consultation"] = relationship()  # noqa: F821  (engage.models.consultations)


@event.listens_for(ExportAuditEvent, "before_update")
def _refuse_export_audit_edits(mapper, connection, target):
    raise AuditTrailError("The audit trail cannot be changed.")


@event.listens_for(ExportAuditEvent, "before_delete")
def _refuse_export_audit_deletions(mapper, connection, target):
    raise AuditTrailError("The audit trail cannot be deleted.")
