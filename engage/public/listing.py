"""Which consultations the public pages list. Never commits."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from engage.extensions import db
from engage.models import Audience, Consultation, Response, Status


def listed():
    """The condition for a consultation to appear in a public list.

    Staff consultations are for the staff groups they name, who are told of them at work; anyone
    could answer one found in a public list, as often as they liked (there are no invitations yet).
    """
    return Consultation.audience != Audience.STAFF


def open_consultations(today: date) -> list[Consultation]:
    """Consultations the public may answer today, soonest closing first; never staff ones (see :func:`listed`)."""
    query = (
        select(Consultation)
        .where(listed(), Consultation.status == Status.OPEN)
        .where(Consultation.opens_on <= today, Consultation.closes_on >= today)
        .order_by(Consultation.closes_on)
    )
    return list(db.session.scalars(query))


def consultations_with_feedback() -> list[Consultation]:
    """Consultations whose "We asked, you said, we did" is published, most recently closed first."""
    query = select(Consultation).where(listed(), Consultation.status == Status.FEEDBACK_PUBLISHED)
    return list(db.session.scalars(query.order_by(Consultation.closes_on.desc(), Consultation.slug)))


def response_count(consultation: Consultation) -> int:
    return db.session.scalar(select(func.count()).where(Response.consultation_id == consultation.id))
