"""Reading a draft for a question page and saving a page of answers into it. Functions flush, never commit.

Two saves of one draft may run at once (two tabs, a double click, a retried request). Each
save writes only if the draft is still at the version it read (``UPDATE ... WHERE version = ?``);
when another save came first, it reads the newer answers, puts its own page on top and tries
again, so no acknowledged answer is lost. Without a conflict this costs nothing: the version
is read with the answers and checked by the UPDATE that writes them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm.attributes import set_committed_value

from engage.extensions import db
from engage.models import Audience, Channel, Consultation, Draft, Status, SurveyVersion, takes_answers
from engage.models.base import utcnow

# Each retry means another save of the same draft succeeded meanwhile; one browser cannot
# keep this many saves of one draft in flight at once.
MAX_SAVE_ATTEMPTS = 50


def recorded_time(moment: datetime, audience: Audience) -> datetime:
    """A draft's or response's time as stored: only the day (midnight UTC) for staff surveys.

    Staff surveys are a ballot box: an exact time could be matched to when someone was seen
    answering, by anyone who can read the database.
    """
    if audience is Audience.STAFF:
        return moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return moment


def may_open(entered_by_id: int | None, viewer_id: int | None) -> bool:
    """Whether someone (``viewer_id``: a staff account, or None when not signed in) may open a draft.

    A respondent's own draft is theirs through the token in their browser. A draft staff are
    entering on someone's behalf is open only to the staff member who started it: never to
    whoever uses that browser next, nor to another member of staff.
    """
    return entered_by_id is None or entered_by_id == viewer_id


@dataclass(frozen=True)
class DraftGlance:
    """What a question page needs from a draft and its consultation, read without the ORM."""

    answers: dict
    version: int
    channel: Channel
    language: str
    entered_by_id: int | None
    version_key: tuple[int, datetime]
    title: dict
    audience: Audience
    status: Status
    opens_on: date
    closes_on: date
    token: str

    def accepts_answers(self, today: date) -> bool:
        """As :func:`engage.answering.services.accepts_answers` for this draft and its consultation."""
        entered = self.channel is not Channel.ONLINE
        return takes_answers(self.status, self.opens_on, self.closes_on, today, entered=entered)


@functools.cache
def _glance_query():
    draft, version, consultation = Draft.__table__.c, SurveyVersion.__table__.c, Consultation.__table__.c
    return (
        select(draft.answers, draft.version, draft.channel, draft.language, draft.entered_by_id, version.id,
               version.created_at, consultation.title, consultation.audience, consultation.status,
               consultation.opens_on, consultation.closes_on)
        .select_from(Draft.__table__.join(SurveyVersion.__table__).join(Consultation.__table__))
        .where(draft.token == bindparam("token"), consultation.slug == bindparam("slug"))
    )


def glance_at_draft(token: str | None, slug: str) -> DraftGlance | None:
    """The draft with ``token`` for the consultation ``slug``, as a :class:`DraftGlance`; None if there is none.

    One prepared Core query on a connection of its own, outside any transaction: the ORM's
    objects and the session's transaction cost more than the rest of a question page served
    from the page cache (see README, Performance).
    """
    if not token:
        return None
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        row = connection.execute(_glance_query(), {"token": token, "slug": slug}).first()
    if row is None:
        return None
    answers, version, channel, language, entered_by_id, version_id, created_at, *consultation_state = row
    return DraftGlance(answers, version, channel, language, entered_by_id, (version_id, created_at),
                       *consultation_state, token=token)


def _page_values(channel: Channel, language: str, audience: Audience) -> dict:
    """The draft's column values, other than its answers, once a page is saved."""
    values = {"updated_at": recorded_time(utcnow(), audience)}
    if channel is Channel.ONLINE:
        # A respondent's language is the one they answer in; a staff member entering a paper
        # response may read the pages in another language than the response's.
        values["language"] = language
    return values


def _store_page(token: str, answers_read: dict, version_read: int, page: dict, values: dict) -> tuple[dict, int]:
    """Write ``page`` over the draft's answers, merging with any save since they were read; (answers, version).

    Answers to questions later hidden by branching are kept in the draft (so changing an
    answer back restores them) and pruned when the response is submitted.
    """
    table = Draft.__table__
    answers, version = answers_read, version_read
    for _attempt in range(MAX_SAVE_ATTEMPTS):
        merged = {**answers, **page}
        written = db.session.execute(
            update(table).where(table.c.token == token, table.c.version == version)
            .values(answers=merged, version=version + 1, **values)
        ).rowcount
        if written:
            return merged, version + 1
        # Another save came first (PostgreSQL re-checks the version once that save commits):
        # read what it stored, still within this transaction, and put this page on top of it.
        row = db.session.execute(select(table.c.answers, table.c.version).where(table.c.token == token)).first()
        if row is None:
            return merged, version  # sent or deleted meanwhile: nothing left to save into
        answers, version = row
    raise RuntimeError(f"draft kept changing: gave up saving after {MAX_SAVE_ATTEMPTS} attempts")


def save_answers(draft: Draft, answers: dict, language: str) -> None:
    """Save a page's ``answers`` into ``draft`` (loaded with the ORM), keeping answers saved meanwhile."""
    values = _page_values(draft.channel, language, draft.survey_version.consultation.audience)
    merged, version = _store_page(draft.token, draft.answers, draft.version, answers, values)
    # The row is written; tell the ORM so it neither writes it again nor reloads it.
    for column, value in {**values, "answers": merged, "version": version}.items():
        set_committed_value(draft, column, value)


def save_glanced_answers(glance: DraftGlance, answers: dict, language: str) -> dict:
    """As :func:`save_answers`, for a draft read with :func:`glance_at_draft`, as one UPDATE; returns all answers."""
    values = _page_values(glance.channel, language, glance.audience)
    merged, _version = _store_page(glance.token, glance.answers, glance.version, answers, values)
    return merged
