"""Staff change consultations: the case, its affected staff and the workforce officers assigned to it."""

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.extensions import db
from engage.models.base import UTCDateTime, enum_column, utcnow


class CaseType(enum.StrEnum):
    COLLECTIVE_REDUNDANCY = "collective_redundancy"
    TUPE_TRANSFER = "tupe_transfer"
    RESTRUCTURE = "restructure"
    CHANGE_TO_TERMS = "change_to_terms"


class ChangeCase(db.Model):
    """A restructure, TUPE transfer, redundancy or change to terms on which affected staff are consulted."""

    __tablename__ = "change_case"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    case_type: Mapped[CaseType] = mapped_column(enum_column(CaseType))
    # The staff survey the affected staff answer with their single-use codes (audience staff).
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultation.id"), unique=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    consultation = relationship("Consultation")
    staff: Mapped[list["CaseStaff"]] = relationship(back_populates="case", cascade="all, delete-orphan",
                                                    order_by="CaseStaff.staff_number")
    officers: Mapped[list["CaseOfficer"]] = relationship(back_populates="case", cascade="all, delete-orphan")


class CaseStaff(db.Model):
    """One affected member of staff, from the imported staff list. Never linked to what they answered."""

    __tablename__ = "case_staff"
    __table_args__ = (UniqueConstraint("case_id", "staff_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("change_case.id", ondelete="CASCADE"), index=True)
    # The organisation's own staff number (payroll or assignment number), unique within a case.
    staff_number: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    # None for staff without work email: they get a printed code instead.
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    # Interface language for their emails and pages (one of engage.i18n.LANGUAGES).
    language: Mapped[str] = mapped_column(String(16), default="en")
    organisation: Mapped[str] = mapped_column(String(200))
    directorate: Mapped[str] = mapped_column(String(200), default="")
    team: Mapped[str] = mapped_column(String(200), default="")
    # Job role or title, as on the staff list.
    job_role: Mapped[str] = mapped_column(String(200), default="")

    case: Mapped[ChangeCase] = relationship(back_populates="staff")


class CaseOfficer(db.Model):
    """A workforce officer assigned to a case: only they (and administrators) see it."""

    __tablename__ = "case_officer"

    case_id: Mapped[int] = mapped_column(ForeignKey("change_case.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True)

    case: Mapped[ChangeCase] = relationship(back_populates="officers")
    user = relationship("User")


class OrganisationMinimum(db.Model):
    """An organisation's own minimum group size for staff results, above the global one (never below it)."""

    __tablename__ = "organisation_minimum"

    # As written in the Organisation column of staff lists.
    organisation: Mapped[str] = mapped_column(String(200), primary_key=True)
    min_group_size: Mapped[int]
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"), nullable=True)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EmailBatch(db.Model):
    """Codes or reminders emailed to a case's staff by a background job: what was queued and how it went."""

    __tablename__ = "email_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("change_case.id", ondelete="CASCADE"), index=True)
    # "invite" (everyone with email and no code), "remind" (not answered yet) or "new_code" (one person).
    kind: Mapped[str] = mapped_column(String(20))
    # Only for "new_code": whom it is for.
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("case_staff.id", ondelete="SET NULL"), nullable=True)
    # "queued", "running", "finished", "failed" (the server could not be used at all) or "lost" (the worker
    # stopped before it finished).
    status: Mapped[str] = mapped_column(String(20), default="queued")
    # The site's address when it was queued, for the links in the emails (the job has no request).
    base_url: Mapped[str] = mapped_column(String(300))
    # Which queue took it ("rq:<job id>", "local:...", "inline").
    queued_on: Mapped[str] = mapped_column(String(120), default="")
    queued_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"),
                                                     nullable=True)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Emails sent (always 0 for reminders, whose count would tell how many had not answered).
    sent: Mapped[int] = mapped_column(default=0)
    # [{"staff_id", "name", "staff_number", "reason"}] of the emails that failed ("refused" or "server"); never a
    # code. Reminders keep at most one [{"reason"}]: that some failed, not whose.
    failures: Mapped[list] = mapped_column(JSON, default=list)

    queued_by = relationship("User")
