"""What respondents send: unfinished drafts (resumable) and submitted responses."""

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from engage.extensions import db
from engage.models.base import RandomKey, UTCDateTime, enum_column, random_key, utcnow


class Channel(enum.StrEnum):
    ONLINE = "online"
    PAPER = "paper"
    PHONE = "phone"
    ASSISTED = "assisted"


class Draft(db.Model):
    """Answers so far, before submission. Holds no respondent's identity; deleted once submitted or expired."""

    # Drafts, responses and answers have random keys, so no key shows who answered before whom.
    id: Mapped[int] = mapped_column(RandomKey, primary_key=True, autoincrement=False, default=random_key)
    # Random key kept in the respondent's session cookie.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    # SHA-256 of the save-and-return code; the code itself is only shown to the respondent.
    resume_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    survey_version_id: Mapped[int] = mapped_column(ForeignKey("survey_version.id"))
    language: Mapped[str] = mapped_column(String(16))
    # How the answers reach us: online when the respondent types them; paper, phone or assisted
    # when a member of staff enters them on the respondent's behalf (then the language is fixed).
    channel: Mapped[Channel] = mapped_column(enum_column(Channel), default=Channel.ONLINE,
                                             server_default=Channel.ONLINE.value)
    # question id -> cleaned answer value
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    # The staff member entering a paper, phone or assisted response; only they may open the draft.
    # None for a respondent's own (online) answers.
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"),
                                                      nullable=True)
    # Raised by one on every save of the answers: a save writes only if nobody saved since it read
    # the draft, and otherwise merges its page into the newer answers (engage.answering.drafts).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set by the services on every change, to the day only for staff surveys (no onupdate: it would
    # store the exact time whenever a change left this column's value as it was).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    survey_version = relationship("SurveyVersion")


class Response(db.Model):
    id: Mapped[int] = mapped_column(RandomKey, primary_key=True, autoincrement=False, default=random_key)
    # Shown on the confirmation page, e.g. "TRF-7K4M-Q2XD".
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    # The draft token it came from: a second submit of the same draft hits this unique key.
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"), index=True)
    survey_version_id: Mapped[int] = mapped_column(ForeignKey("survey_version.id"))
    language: Mapped[str] = mapped_column(String(16))
    channel: Mapped[Channel] = mapped_column(enum_column(Channel))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set by the nightly purge once the retention period has ended: free text and personal answers
    # are gone, the reference no longer matches what the respondent was given (engage.responses.retention).
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    answers: Mapped[list["Answer"]] = relationship(back_populates="response", cascade="all, delete-orphan")
    survey_version = relationship("SurveyVersion")


class Answer(db.Model):
    __table_args__ = (Index("ix_answer_response_question", "response_id", "question_id", unique=True),)

    id: Mapped[int] = mapped_column(RandomKey, primary_key=True, autoincrement=False, default=random_key)
    response_id: Mapped[int] = mapped_column(RandomKey, ForeignKey("response.id"))
    question_id: Mapped[str] = mapped_column(String(64))
    # The cleaned value: text, number, ISO date, list of choice values, or mapping for grids/rankings.
    value: Mapped[object] = mapped_column(JSON)
    # What the respondent wrote (free text, or beside "Other"), in English words with personal details
    # redacted, stored when the answer is (engage.redacted), so exports need not redact it again. None
    # when nothing was written, or for answers stored before it existed (redacted when read).
    redacted: Mapped[str | None] = mapped_column(Text, nullable=True)

    response: Mapped[Response] = relationship(back_populates="answers")
