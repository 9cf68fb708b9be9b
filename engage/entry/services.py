"""Who may enter responses on a respondent's behalf, and the counts staff see. Functions never commit."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from engage.consultations.services import may_run
from engage.extensions import db
from engage.models import Audience, Channel, Consultation, Draft, Response, Status, User
from engage.public import services as public_services

#: Channels staff enter on a respondent's behalf; online answers come from respondents themselves.
ENTERED_CHANNELS = (Channel.PAPER, Channel.PHONE, Channel.ASSISTED)

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

    Only ``user`` may open it (see engage.public.drafts.may_open).
    """
    if channel not in ENTERED_CHANNELS:
        raise ValueError(f"staff enter paper, phone or assisted responses, not {channel}")
    return public_services.start_draft(consultation, language, channel, entered_by_id=user.id)


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


def response_counts(consultations: list[Consultation], min_group_size: int) -> dict[int, dict]:
    """Per consultation: ``total`` responses, ``by_channel`` counts (channel -> n) or None, and
    ``entered`` (responses staff entered, all entered channels together) or None.

    Staff surveys show channel counts only when every channel with responses has at least
    ``min_group_size``: with the total shown, one hidden count could be worked out by subtraction.
    Likewise they show the entered count only when it and the online count are each none or at
    least ``min_group_size``.
    """
    ids = [c.id for c in consultations]
    counts: dict[int, Counter] = {i: Counter() for i in ids}
    if ids:
        query = (select(Response.consultation_id, Response.channel, func.count())
                 .where(Response.consultation_id.in_(ids))
                 .group_by(Response.consultation_id, Response.channel))
        for consultation_id, channel, n in db.session.execute(query):
            counts[consultation_id][Channel(channel)] = n
    result = {}
    for consultation in consultations:
        by_channel = counts[consultation.id]
        small = any(0 < n < min_group_size for n in by_channel.values())
        entered = sum(by_channel[channel] for channel in ENTERED_CHANNELS)
        ballot_box = consultation.audience is Audience.STAFF
        small_apart = any(0 < n < min_group_size for n in (entered, by_channel[Channel.ONLINE]))
        result[consultation.id] = {
            "total": sum(by_channel.values()),
            "by_channel": None if ballot_box and small else {channel: by_channel[channel] for channel in Channel},
            "entered": None if ballot_box and small_apart else entered,
        }
    return result
