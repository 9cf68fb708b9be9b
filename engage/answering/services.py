"""The respondent journey's domain logic. Functions flush, never commit, and never read ``request``."""

from __future__ import annotations

import hashlib
import secrets
import threading
from datetime import date, datetime, timedelta

from cachetools import LRUCache, cached
from sqlalchemy import delete, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager

import surveys
from engage.answering.drafts import recorded_time
from engage.extensions import db
from engage.models import (
    Answer,
    Channel,
    Consultation,
    Draft,
    Response,
    Status,
    SurveyVersion,
    takes_answers,
)
from engage.models.base import utcnow
from engage.redacted import redacted_text

# No 0/O, 1/I/L, 5/S: codes are read aloud on the phone and copied from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXYZ2346789"


def random_code(groups: int, size: int = 4) -> str:
    return "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(size)) for _ in range(groups))


def normalise_code(code: str) -> str:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(cleaned[i : i + 4] for i in range(0, len(cleaned), 4))


def hash_code(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


class NotPublished(LookupError):
    """The consultation exists but is still being prepared (a draft): the public may not see it."""


def published_consultation(slug: str) -> Consultation | None:
    """A consultation the public may see; None if there is none; NotPublished for a draft."""
    consultation = db.session.scalar(select(Consultation).where(Consultation.slug == slug))
    if consultation is None:
        return None
    if consultation.status == Status.DRAFT or consultation.current_version is None:
        raise NotPublished(slug)
    return consultation


def version_key(version: SurveyVersion) -> tuple[int, datetime]:
    """Identifies a survey version across databases (ids are reused after a test database is reset)."""
    return (version.id, version.created_at)


# The lock guards the cache itself (threaded servers); parsing happens outside it.
@cached(LRUCache(maxsize=256), key=version_key, lock=threading.Lock())
def load_survey(version: SurveyVersion) -> surveys.Survey:
    """The parsed survey of a version. Versions never change, so each is parsed once per process."""
    return surveys.Survey.from_dict(version.definition)


def parsed_survey(key: tuple[int, datetime]) -> surveys.Survey | None:
    """The survey :func:`load_survey` has already parsed for the version with ``key``, or None."""
    with load_survey.cache_lock:
        return load_survey.cache.get(key)


def accepts_answers(consultation: Consultation, draft: Draft | None, today: date) -> bool:
    """Whether answers to ``consultation`` can be given today, in ``draft`` if there is one.

    Staff entering a paper, phone or assisted response may go on after the closing date
    until the consultation is closed; everyone else only until the closing date.
    """
    entered = draft is not None and draft.channel is not Channel.ONLINE
    return takes_answers(consultation.status, consultation.opens_on, consultation.closes_on, today, entered=entered)


def start_draft(consultation: Consultation, language: str, channel: Channel = Channel.ONLINE,
                entered_by_id: int | None = None) -> Draft:
    """A new, empty set of answers to the consultation's current version.

    ``channel`` is online when respondents answer themselves; staff entering a paper, phone or
    assisted response pass its channel and their account's id (only they may open the draft),
    and ``language`` is then the response's, kept as is.
    """
    now = recorded_time(utcnow(), consultation.audience)
    draft = Draft(
        token=secrets.token_urlsafe(32),
        survey_version_id=consultation.current_version.id,
        language=language,
        channel=channel,
        entered_by_id=entered_by_id,
        answers={},
        started_at=now,
        updated_at=now,
    )
    db.session.add(draft)
    db.session.flush()
    return draft


def read_without_transaction() -> bool:
    """Run this session's reads outside a transaction, if it has not begun one; True if it now does.

    A page that reads with one statement (a question page) gains nothing from a transaction
    but two round trips, BEGIN and ROLLBACK, and psycopg forgets its prepared statements at
    every ROLLBACK, so the query would be planned afresh each time. Call it before the first
    query, and end it with ``db.session.rollback()`` before anything is written.
    """
    if db.session().in_transaction():
        return False
    db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    return True


def find_draft(token: str | None, slug: str) -> Draft | None:
    """The draft with ``token`` for the consultation ``slug``, its version and consultation loaded in one query.

    NotPublished if the consultation has gone back to being a draft itself.
    """
    if not token:
        return None
    query = (
        select(Draft)
        .join(Draft.survey_version)
        .join(SurveyVersion.consultation)
        .where(Draft.token == token, Consultation.slug == slug)
        .options(contains_eager(Draft.survey_version).contains_eager(SurveyVersion.consultation))
    )
    draft = db.session.scalar(query)
    if draft is not None and draft.survey_version.consultation.status == Status.DRAFT:
        raise NotPublished(slug)
    return draft


def _touch(draft: Draft) -> None:
    """Mark the draft as changed now (only the day, for staff surveys: see :func:`recorded_time`)."""
    draft.updated_at = recorded_time(utcnow(), draft.survey_version.consultation.audience)


def issue_resume_code(draft: Draft) -> str:
    """A fresh save-and-return code; any earlier code for this draft stops working."""
    code = random_code(3)
    draft.resume_code_hash = hash_code(code)
    _touch(draft)
    db.session.flush()
    return code


def draft_for_code(code: str, max_age_days: int, now: datetime) -> Draft | None:
    if len(normalise_code(code).replace("-", "")) != 12:
        return None
    draft = db.session.scalar(select(Draft).where(Draft.resume_code_hash == hash_code(code)))
    if draft is None or (now - draft.updated_at).days > max_age_days:
        return None
    return draft


def resume_page(survey: surveys.Survey, answers: dict) -> str | None:
    """The first page on the respondent's path with an unanswered question, or None if all are."""
    for page_id in surveys.respondent_path(survey, answers):
        page = survey.page(page_id)
        for question in surveys.visible_questions(survey, page, answers):
            if question.id not in answers:
                return page_id
    return None


def response_for_submission(key: str) -> Response | None:
    return db.session.scalar(select(Response).where(Response.submission_key == key))


def submit(draft: Draft) -> Response:
    """Store the draft as one response (with the draft's channel), whole or not at all, and delete the draft.

    Submitting the same draft twice returns the first response (the draft token is a unique key).
    Staff surveys keep only the day of the start and sending times (:func:`recorded_time`).
    """
    existing = response_for_submission(draft.token)
    if existing is not None:
        return existing
    version = draft.survey_version
    survey = load_survey(version)
    kept = surveys.prune_answers(survey, draft.answers)
    audience = version.consultation.audience
    response = Response(
        reference=random_code(2),
        submission_key=draft.token,
        consultation_id=version.consultation_id,
        survey_version_id=version.id,
        language=draft.language,
        channel=draft.channel,
        started_at=recorded_time(draft.started_at, audience),
        submitted_at=recorded_time(utcnow(), audience),
    )
    questions = {q.id: q for q in survey.questions}
    response.answers = [
        Answer(question_id=qid, value=value, redacted=redacted_text(questions[qid], value))
        for qid, value in kept.items()
        if qid in questions and not surveys.is_empty(questions[qid], value)
    ]
    try:
        with db.session.begin_nested():
            db.session.add(response)
            db.session.delete(draft)
            db.session.flush()
    except IntegrityError:
        # A concurrent submit of the same draft won the race.
        existing = response_for_submission(draft.token)
        if existing is None:
            raise
        return existing
    return response


def purge_expired_drafts(now: datetime, max_age_days: int) -> int:
    """Delete unfinished answers not touched for ``max_age_days``; returns how many were deleted."""
    result = db.session.execute(delete(Draft).where(Draft.updated_at < now - timedelta(days=max_age_days)))
    return result.rowcount


# staff_code: whether each member of staff has answered (engage.ballot); an UPDATE moves a row to the end.
# (table, index its rows are stored in the order of, its key column)
BALLOT_TABLES = (("draft", "draft_pkey", "id"), ("response", "response_pkey", "id"),
                 ("answer", "ix_answer_response_question", "id"), ("staff_code", "staff_code_pkey", "case_staff_id"))


def rewrite_stored_responses() -> bool:
    """Rewrite every draft, response, answer and staff code in one transaction; True if anything was done.

    PostgreSQL stamps each row with the id of the transaction that wrote it (``xmin``), which
    grows with time and so shows the order rows arrived in. After this, and once it is committed,
    every row carries this one transaction's id. Then run :func:`reorder_stored_responses`.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        return False
    for table, _, key in BALLOT_TABLES:
        db.session.execute(text(f"UPDATE {table} SET {key} = {key}"))
    return True


def reorder_stored_responses() -> bool:
    """Store drafts, responses and answers in key order, which is random, and staff codes in staff-list order.

    Keys are random, but PostgreSQL appends rows in the order they arrive, and a dump lists them
    in that order; CLUSTER rewrites each table in key order (and drops the row versions that
    :func:`rewrite_stored_responses` replaced, once no transaction can still see them). SQLite
    already keeps rows in key order. It locks the three tables while it runs.
    """
    if db.session.get_bind().dialect.name != "postgresql":
        return False
    for table, index, _ in BALLOT_TABLES:
        db.session.execute(text(f"CLUSTER {table} USING {index}"))
    return True
