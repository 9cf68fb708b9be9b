"""Theme analyses of a consultation's free-text answers: runs, themes, assignments and the analysts' change log."""

import enum
from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.extensions import db
from engage.models.base import RandomKey, UTCDateTime, enum_column, utcnow


class RunStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"


class SetBy(enum.StrEnum):
    """Who made a theme or put an answer in it."""

    MACHINE = "machine"
    PERSON = "person"
    CODER = "coder"  # analysis.AssistedCoder, from the analysts' coded answers


class AnalysisRun(db.Model):
    """One theme analysis of some free-text questions, kept with what is needed to reproduce and compare it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"), index=True)
    question_ids: Mapped[list] = mapped_column(JSON)
    # ThemeModel's parameters, as passed.
    parameters: Mapped[dict] = mapped_column(JSON, default=dict)
    # "engage 0.1.0; scikit-learn 1.9.1; ..." at the time the run finished.
    package_version: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[RunStatus] = mapped_column(enum_column(RunStatus), default=RunStatus.QUEUED)
    progress: Mapped[int] = mapped_column(default=0)  # percent
    step: Mapped[str] = mapped_column(String(40), default="queued")
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Raised on every (re)try: a worker writes only while the attempt it claimed is still the run's.
    attempt: Mapped[int] = mapped_column(default=0)
    # Written every few seconds by the worker running it; a running run whose heartbeat stops has lost its worker.
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Which queue took it: "rq:<job id>" or "local:<process token>".
    queued_on: Mapped[str] = mapped_column(String(120), default="")
    # Coherence, diversity, sizes and seconds taken (engage.workspace.runs).
    quality: Mapped[dict] = mapped_column(JSON, default=dict)
    # The finished run whose agreed and hand-made work this run carried over.
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("analysis_run.id"), nullable=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    consultation: Mapped["Consultation"] = relationship()  # noqa: F821  (engage.models.consultations)
    created_by: Mapped["User | None"] = relationship()  # noqa: F821  (engage.models.accounts)
    themes: Mapped[list["Theme"]] = relationship(back_populates="run", order_by="Theme.position",
                                                 cascade="all, delete-orphan")

    @property
    def active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)


class Theme(db.Model):
    """A theme of one run: the machine's proposal until an analyst agrees it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("analysis_run.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    label: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    top_terms: Mapped[list] = mapped_column(JSON, default=list)
    # [{"response_id", "quote"}], personal details already redacted.
    quotes: Mapped[list] = mapped_column(JSON, default=list)
    agreed: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[SetBy] = mapped_column(enum_column(SetBy), default=SetBy.MACHINE)
    # The theme of an earlier run this one was carried over from.
    carried_from_id: Mapped[int | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    run: Mapped[AnalysisRun] = relationship(back_populates="themes")
    assignments: Mapped[list["ThemeAssignment"]] = relationship(back_populates="theme",
                                                                cascade="all, delete-orphan")


class ThemeAssignment(db.Model):
    """An answer placed in a theme."""

    __table_args__ = (UniqueConstraint("theme_id", "answer_id"),
                      Index("ix_theme_assignment_answer_id", "answer_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"))
    answer_id: Mapped[int] = mapped_column(RandomKey, ForeignKey("answer.id", ondelete="CASCADE"))
    # The machine's weight or the coder's confidence; 1 when a person put it there.
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    is_primary: Mapped[bool] = mapped_column(default=True)
    set_by: Mapped[SetBy] = mapped_column(enum_column(SetBy), default=SetBy.MACHINE)

    theme: Mapped[Theme] = relationship(back_populates="assignments")


class AnalysedAnswer(db.Model):
    """An answer a run analysed, with what the job found about it (the answer browser filters on these)."""

    __table_args__ = (UniqueConstraint("run_id", "answer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("analysis_run.id", ondelete="CASCADE"))
    answer_id: Mapped[int] = mapped_column(RandomKey, ForeignKey("answer.id", ondelete="CASCADE"))
    # Detected from the text (analysis.detect_languages), not the language of the survey's pages.
    language: Mapped[str] = mapped_column(String(16))
    # analysis.score_sentiment: score in [-1, 1] (None when unknown) and positive/negative/neutral/unknown.
    sentiment: Mapped[float | None] = mapped_column(Float, nullable=True)
    position: Mapped[str] = mapped_column(String(16))


class ThemeChange(db.Model):
    """One analyst's change to a run's themes: who, when, what. Rows are only ever added.

    ``details`` holds what changed, e.g. {"from": "old label", "to": "new label"} or {"answers": 3, "to": 12}.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("analysis_run.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), nullable=True)
    action: Mapped[str] = mapped_column(String(40))
    # Not a foreign key: the log outlives a deleted theme.
    theme_id: Mapped[int | None] = mapped_column(nullable=True)
    theme_label: Mapped[str] = mapped_column(String(200), default="")
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    user: Mapped["User | None"] = relationship()  # noqa: F821  (engage.models.accounts)


class ChangeLogError(Exception):
    pass


@event.listens_for(ThemeChange, "before_update")
def _refuse_log_edits(mapper, connection, target):
    raise ChangeLogError("The change log cannot be changed.")


@event.listens_for(ThemeChange, "before_delete")
def _refuse_log_deletions(mapper, connection, target):
    raise ChangeLogError("The change log cannot be deleted.")
