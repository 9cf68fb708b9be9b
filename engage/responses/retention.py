"""Answers past their consultation's retention period: what identifies people goes, anonymous counts stay.

After ``Consultation.answers_kept_until`` the nightly purge (``flask purge-expired``) keeps only
closed-question answers (choices from a list, scales, grids, rankings, consent), without the text
written beside an "Other" choice. It removes free text, numbers and dates (an age, a date of birth),
the ward, and every equality monitoring question; it gives the response a new reference nobody was
told, forgets its submission key and keeps only the day it was started and sent. Functions flush,
never commit.
"""

import secrets
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

import surveys
from engage.answering.services import load_survey
from engage.extensions import db
from engage.models import Consultation, Response, Status

# Closed questions: their answers are values from a fixed list, counted in tables.
KEPT_TYPES = frozenset({"single_choice", "dropdown", "yes_no", "agreement_scale", "multiple_choice", "ranking",
                        "grid", "consent"})
EQUALITY_QUESTION_IDS = frozenset(q["id"] for page in surveys.equality_questions() for q in page["questions"])
ANONYMOUS_PREFIX = "ANON-"


def kept_value(question: surveys.Question | None, value):
    """The anonymous part of an answer that is kept after the retention period, or None if none is."""
    if question is None or question.type not in KEPT_TYPES or question.id in EQUALITY_QUESTION_IDS:
        return None
    if isinstance(value, dict) and value.get("other"):
        return {**value, "other": ""}  # the choice stays; what was written beside "Other" goes
    return value


def expired_consultations(today: date) -> list[Consultation]:
    """Consultations whose answers are kept no longer (the last day to keep them was before ``today``)."""
    consultations = db.session.scalars(select(Consultation).where(Consultation.status != Status.DRAFT))
    return [c for c in consultations if c.answers_kept_until < today]


def anonymise(response: Response, survey: surveys.Survey, now: datetime) -> None:
    """Keep only the anonymous part of ``response`` (see the module's docstring)."""
    questions = {question.id: question for question in survey.questions}
    for answer in list(response.answers):
        value = kept_value(questions.get(answer.question_id), answer.value)
        if value is None:
            response.answers.remove(answer)
        elif value != answer.value:
            answer.value = value
            answer.redacted = None  # it held what was written beside "Other", which is gone
    # Not in the reference format, so no lookup matches it (engage.responses.services.parse_reference).
    response.reference = ANONYMOUS_PREFIX + secrets.token_hex(7).upper()
    response.submission_key = secrets.token_urlsafe(32)
    response.started_at = _day(response.started_at)
    response.submitted_at = _day(response.submitted_at)
    response.anonymised_at = now


def anonymise_expired_answers(now: datetime, batch_size: int = 1000) -> int:
    """Anonymise every response not yet anonymised whose retention period has ended; returns how many.

    In batches of ``batch_size``, each flushed, so a big consultation is not held in memory at once.
    """
    count = 0
    for consultation in expired_consultations(now.date()):
        query = (select(Response).where(Response.consultation_id == consultation.id, Response.anonymised_at.is_(None))
                 .limit(batch_size).options(selectinload(Response.answers), selectinload(Response.survey_version)))
        while batch := db.session.scalars(query).all():
            for response in batch:
                anonymise(response, load_survey(response.survey_version), now)
            db.session.flush()  # the batch is anonymised now, so the next query finds the next one
            count += len(batch)
    return count


def _day(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)
