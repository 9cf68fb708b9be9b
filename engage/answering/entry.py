"""Who may enter responses on a respondent's behalf, and the counts staff see. Functions never commit."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from engage.access import may_run
from engage.answering import services as answering
from engage.answering.counts import ENTERED_CHANNELS
from engage.extensions import db
from engage.models import Channel, Consultation, Draft, Status, User


def may_enter_responses(user: User, consultation: Consultation) -> bool:
    return may_run(user, consultation.audience)


def consultations_for_entry(user: User, today: date) -> list[Consultation]:
    """Consultations ``user`` enters responses for, until their feedback is published: those open online first,
    then those past their closing date but not yet closed (entry goes on), then closed ones (entry has ended)."""
    # Versions loaded with the consultations (their large definitions stay deferred): one query, not one each.
    query = (select(Consultation).where(Consultation.status != Status.DRAFT).order_by(Consultation.closes_on)
             .options(selectinload(Consultation.versions)))
    found = [c for c in db.session.scalars(query)
             if may_enter_responses(user, c) and c.status is not Status.FEEDBACK_PUBLISHED
             and c.opens_on <= today and c.current_version is not None]
    return sorted(found, key=lambda c: (not c.is_accepting_responses(today), not c.accepts_entered_responses(today)))


def start_entry(consultation: Consultation, language: str, channel: Channel, user: User) -> Draft:
    """A draft ``user`` enters: its channel and the response's language are fixed from the start.

    Only ``user`` may open it (see engage.answering.drafts.may_open).
    """
    if channel not in ENTERED_CHANNELS:
        raise ValueError(f"staff enter paper, phone or assisted responses, not {channel}")
    return answering.start_draft(consultation, language, channel, entered_by_id=user.id)


def end_entries(user: User, tokens: list[str]) -> int:
    """End the drafts among ``tokens`` (one browser's) that ``user`` started; returns how many were deleted.

    Called when they sign out. A draft with a save-and-return code is kept for them to resume,
    signed in, with its code; the others could never be reached again.
    """
    if not tokens:
        return 0
    result = db.session.execute(delete(Draft).where(Draft.token.in_(tokens), Draft.entered_by_id == user.id,
                                                    Draft.resume_code_hash.is_(None)))
    return result.rowcount

