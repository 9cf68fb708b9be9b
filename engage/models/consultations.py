"""Consultations and the immutable survey versions they ask."""

import enum
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.extensions import db
from engage.models.base import LocalisedText, UTCDateTime, enum_column, utcnow


class LadderRung(enum.StrEnum):
    """Where an activity sits on the ladder of participation (coercion is never offered)."""

    EDUCATING = "educating"
    INFORMING = "informing"
    CONSULTATION = "consultation"
    ENGAGEMENT = "engagement"
    CO_DESIGN = "co_design"
    CO_PRODUCTION = "co_production"


class Audience(enum.StrEnum):
    RESIDENTS = "residents"
    STAFF = "staff"
    STAKEHOLDERS = "stakeholders"


class Status(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    FEEDBACK_PUBLISHED = "feedback_published"


FEEDBACK_PARTS = ("we_asked", "you_said", "we_did")
FEEDBACK_WEEKS = 12
# How long answers are kept after the closing date unless a consultation's document says otherwise.
DEFAULT_RETENTION_MONTHS = 24


class Consultation(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[dict] = mapped_column(LocalisedText)
    summary: Mapped[dict] = mapped_column(LocalisedText)
    can_influence: Mapped[dict] = mapped_column(LocalisedText)
    cannot_influence: Mapped[dict] = mapped_column(LocalisedText)
    privacy_notice: Mapped[dict] = mapped_column(LocalisedText)
    rung: Mapped[LadderRung] = mapped_column(enum_column(LadderRung))
    audience: Mapped[Audience] = mapped_column(enum_column(Audience))
    # Names of the Trafford neighbourhoods targeted; empty means the whole borough.
    neighbourhoods: Mapped[list] = mapped_column(JSON, default=list)
    opens_on: Mapped[date]
    closes_on: Mapped[date]
    status: Mapped[Status] = mapped_column(enum_column(Status), default=Status.DRAFT)
    # "We asked / You said / We did": {"we_asked": {lang: text}, "you_said": ..., "we_did": ...};
    # required before the status becomes feedback published.
    feedback: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    # Months after the closing date until the nightly purge anonymises the answers (see answers_kept_until).
    retention_months: Mapped[int] = mapped_column(default=DEFAULT_RETENTION_MONTHS,
                                                  server_default=str(DEFAULT_RETENTION_MONTHS))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    versions: Mapped[list["SurveyVersion"]] = relationship(
        back_populates="consultation", order_by="SurveyVersion.number"
    )

    @property
    def current_version(self) -> "SurveyVersion | None":
        return self.versions[-1] if self.versions else None

    @property
    def feedback_due_on(self) -> date:
        """Feedback is due within 12 weeks of closing (domain rule)."""
        return self.closes_on + timedelta(weeks=FEEDBACK_WEEKS)

    @property
    def answers_kept_until(self) -> date:
        """The last day answers are kept whole: ``retention_months`` after the planned closing date.

        The planned date, as residents were told it: closing early does not shorten the period.
        """
        return self.closes_on + relativedelta(months=self.retention_months)

    def feedback_overdue(self, today: date) -> bool:
        return self.status is not Status.FEEDBACK_PUBLISHED and today > self.feedback_due_on

    def is_accepting_responses(self, today: date) -> bool:
        return takes_answers(self.status, self.opens_on, self.closes_on, today)

    def accepts_entered_responses(self, today: date) -> bool:
        return takes_answers(self.status, self.opens_on, self.closes_on, today, entered=True)


def takes_answers(status: Status, opens_on: date, closes_on: date, today: date, *, entered: bool = False) -> bool:
    """Whether a consultation in this state takes answers today.

    Residents answer while it is open, from its opening date to its closing date. Staff may
    enter paper, phone and assisted responses (``entered``) from the opening date until it is
    closed, so forms posted before the closing date that arrive after it still count. Once
    closed it takes nothing on any channel (staff surveys' results are then released); it
    takes answers again only if reopened, which its history records.
    """
    if entered:
        return status == Status.OPEN and opens_on <= today
    return status == Status.OPEN and opens_on <= today <= closes_on


class SurveyVersion(db.Model):
    """One published survey definition. Never edited: a change makes a new version."""

    __table_args__ = (UniqueConstraint("consultation_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"))
    number: Mapped[int]
    # The survey document (see surveys.schema), validated before it is stored. Deferred: it is
    # large, and pages use the parsed survey cached per version (engage.answering.services.load_survey).
    definition: Mapped[dict] = mapped_column(JSON, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    consultation: Mapped[Consultation] = relationship(back_populates="versions")


class EventKind(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    STATUS = "status"


class ConsultationEvent(db.Model):
    """One change to a consultation, who made it and when: its history, shown to the staff who run it.

    ``details``: for created, {"status", "version"}; for updated, {"changed": [field, ...], "new_version"};
    for status, {"from", "to"}. ``user_id`` is None for a change made with a command on the server.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind))
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    user: Mapped["User | None"] = relationship()  # noqa: F821  (engage.models.accounts)


class ImmutableVersionError(Exception):
    pass


@event.listens_for(SurveyVersion, "before_update")
def _refuse_version_edits(mapper, connection, target):
    raise ImmutableVersionError("A survey version is immutable; create a new version instead.")
