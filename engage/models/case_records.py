"""What a staff change case records: the proposal, representatives, information given, meetings,
counter-proposals, and the case's audit trail, which the app only ever adds to."""

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, LargeBinary, String, Text, event
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from engage.extensions import db
from engage.models.base import UTCDateTime, enum_column, utcnow


class RepresentativeKind(enum.StrEnum):
    TRADE_UNION = "trade_union"
    ELECTED = "elected"


class InformationItem(enum.StrEnum):
    """The written information representatives must be given (the order is the checklist's)."""

    REASONS = "reasons"
    NUMBERS = "numbers"
    SELECTION = "selection"
    TIMING = "timing"
    PAY = "pay"


class CaseDetails(db.Model):
    """The proposal of a case and its dates (one row per case, made with the case)."""

    __tablename__ = "case_details"

    case_id: Mapped[int] = mapped_column(ForeignKey("change_case.id", ondelete="CASCADE"), primary_key=True)
    proposal: Mapped[str] = mapped_column(Text, default="")
    reasons: Mapped[str] = mapped_column(Text, default="")
    # The establishment (site or unit) the dismissals are proposed at.
    establishment: Mapped[str] = mapped_column(String(200), default="")
    # Redundancy dismissals proposed at that establishment within 90 days (0 when none).
    proposed_dismissals: Mapped[int] = mapped_column(Integer, default=0)
    planned_decision_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    first_dismissal_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # The day form HR1 was sent to the Secretary of State (Redundancy Payments Service).
    hr1_sent_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # What changed because of the consultation, written when the case is closed.
    outcome: Mapped[str] = mapped_column(Text, default="")
    # An administrator allowed the staff survey's results to be seen before it closes (audited).
    interim_results: Mapped[bool] = mapped_column(default=False)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    case = relationship("ChangeCase", backref=backref("details", uselist=False, cascade="all, delete-orphan"))


class CaseRepresentative(db.Model):
    """A trade union or elected representative of the affected staff."""

    __tablename__ = "case_representative"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("change_case.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[RepresentativeKind] = mapped_column(enum_column(RepresentativeKind))
    # The union, or the staff group that elected them.
    body: Mapped[str] = mapped_column(String(200), default="")
    # The day they received the written information: the consultation period counts from the latest.
    received_on: Mapped[date] = mapped_column(Date)

    case = relationship("ChangeCase", backref=backref("representatives", cascade="all, delete-orphan",
                                                      order_by="CaseRepresentative.id"))


class CaseInformation(db.Model):
    """The day one item of the written information was given to the representatives."""

    __tablename__ = "case_information"

    case_id: Mapped[int] = mapped_column(ForeignKey("change_case.id", ondelete="CASCADE"), primary_key=True)
    item: Mapped[InformationItem] = mapped_column(enum_column(InformationItem), primary_key=True)
    given_on: Mapped[date] = mapped_column(Date)

    case = relationship("ChangeCase", backref=backref("information", cascade="all, delete-orphan"))


class CaseMeeting(db.Model):
    """A consultation meeting: when, who came (by role) and what was said."""

    __tablename__ = "case_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("change_case.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    # [{"role": ..., "name": ...}, ...] in the order written.
    attendees: Mapped[list] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")

    case = relationship("ChangeCase", backref=backref("meetings", cascade="all, delete-orphan",
                                                      order_by="(CaseMeeting.held_on, CaseMeeting.id)"))
    attachments: Mapped[list["CaseAttachment"]] = relationship(back_populates="meeting",
                                                               cascade="all, delete-orphan",
                                                               order_by="CaseAttachment.id")


class CaseAttachment(db.Model):
    """A file kept with a meeting's record (type and size checked on upload)."""

    __tablename__ = "case_attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("case_meeting.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[CaseMeeting] = relationship(back_populates="attachments")


class CounterProposal(db.Model):
    """A counter-proposal from representatives or staff, and the written reply to it."""

    __tablename__ = "counter_proposal"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("change_case.id", ondelete="CASCADE"), index=True)
    received_on: Mapped[date] = mapped_column(Date)
    # Who put it forward (a union, a team, a representative).
    from_whom: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    reply: Mapped[str | None] = mapped_column(Text, nullable=True)
    replied_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    case = relationship("ChangeCase", backref=backref("counter_proposals", cascade="all, delete-orphan",
                                                      order_by="(CounterProposal.received_on, CounterProposal.id)"))


class CaseAuditEvent(db.Model):
    """One thing done in a case, by whom and when. Rows are only ever added (:class:`CaseAuditError`)."""

    __tablename__ = "case_audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("change_case.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # None for server commands and the demo data.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    # What was done, such as "staff_list_imported" (engage.cases.services.AUDIT_ACTIONS).
    action: Mapped[str] = mapped_column(String(60))
    # What changed, in plain values (never a staff member's answers).
    detail: Mapped[dict] = mapped_column(JSON, default=dict)

    user = relationship("User")


class CaseAuditError(Exception):
    pass


@event.listens_for(CaseAuditEvent, "before_update")
def _refuse_case_audit_edits(mapper, connection, target):
    raise CaseAuditError("A case's audit trail cannot be changed.")


@event.listens_for(CaseAuditEvent, "before_delete")
def _refuse_case_audit_deletions(mapper, connection, target):
    raise CaseAuditError("A case's audit trail cannot be deleted.")
