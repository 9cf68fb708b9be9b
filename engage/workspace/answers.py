"""The free-text answers a theme analysis works on. Never commits."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

import surveys
from engage.answering.services import load_survey
from engage.extensions import db
from engage.models import AnalysedAnswer, Answer, Audience, Consultation, Response, Status

FREE_TEXT_TYPES = ("short_text", "long_text")


def free_text_questions(consultation: Consultation) -> dict[str, str]:
    """Question id -> its English text, for every free-text question any version asked."""
    found = {}
    for version in consultation.versions:
        for question in load_survey(version).questions:
            if question.type in FREE_TEXT_TYPES and question.id not in found:
                found[question.id] = surveys.localise(question.text, "en")
    return found


def unavailable_because(consultation: Consultation, responses: int, min_group_size: int) -> str | None:
    """Why a consultation's answers cannot be analysed yet: "draft", "open" or "few" (staff ballot box), or None."""
    if consultation.status is Status.DRAFT:
        return "draft"
    if consultation.audience is Audience.STAFF:
        if consultation.status is Status.OPEN:
            return "open"
        if responses < min_group_size:
            return "few"
    return None


def response_total(consultation: Consultation) -> int:
    return db.session.scalar(select(db.func.count()).select_from(Response)
                             .where(Response.consultation_id == consultation.id)) or 0


def free_text_answers(consultation: Consultation, question_ids) -> pd.DataFrame:
    """One row per non-empty written answer: ``answer_id``, ``question_id``, ``text``, ``language``, ``channel``."""
    query = (select(Answer.id, Answer.question_id, Answer.value, Response.language, Response.channel)
             .join(Response, Answer.response_id == Response.id)
             .where(Response.consultation_id == consultation.id, Answer.question_id.in_(list(question_ids)))
             .order_by(Answer.id))
    rows = [(answer_id, question_id, value.strip(), language, channel.value)
            for answer_id, question_id, value, language, channel in db.session.execute(query)
            if isinstance(value, str) and value.strip()]
    return pd.DataFrame(rows, columns=["answer_id", "question_id", "text", "language", "channel"])


def analysed(run, answer_id: int) -> bool:
    """Whether ``answer_id`` is one of the answers ``run`` analysed."""
    return db.session.scalar(select(AnalysedAnswer.id).where(AnalysedAnswer.run_id == run.id,
                                                            AnalysedAnswer.answer_id == answer_id)) is not None
