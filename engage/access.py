"""Who may run, export and see which consultations: the rules every staff area shares. Never commits."""

from __future__ import annotations

from sqlalchemy import select

from engage.extensions import db
from engage.models import Audience, Consultation, Role, Status, User

AUDIENCES_RUN_BY = {
    Role.ADMINISTRATOR: frozenset(Audience),
    Role.ENGAGEMENT_OFFICER: frozenset({Audience.RESIDENTS, Audience.STAKEHOLDERS}),
    Role.WORKFORCE_OFFICER: frozenset({Audience.STAFF}),
    Role.ANALYST: frozenset(),
}


def may_run(user: User, audience: Audience) -> bool:
    """Whether ``user``'s role runs consultations for ``audience`` (puts them on, opens, closes, enters responses)."""
    return audience in AUDIENCES_RUN_BY.get(user.role, frozenset())


EXPORTED_BY = {
    Role.ADMINISTRATOR: frozenset(Audience),
    Role.ANALYST: frozenset(Audience),
    Role.ENGAGEMENT_OFFICER: frozenset({Audience.RESIDENTS, Audience.STAKEHOLDERS}),
    Role.WORKFORCE_OFFICER: frozenset(),  # staff answers go to analysts, never to the managers running the change
}


def may_export(user: User, consultation: Consultation) -> bool:
    return consultation.audience in EXPORTED_BY.get(user.role, frozenset())


def exportable(user: User) -> list[Consultation]:
    """Consultations whose answers ``user`` may take for analysis (drafts have none), newest first."""
    return consultations_for(EXPORTED_BY.get(user.role, frozenset()), with_drafts=False)


def find_consultation(slug: str) -> Consultation | None:
    return db.session.scalar(select(Consultation).where(Consultation.slug == slug))


def consultations_for(audiences, with_drafts: bool = True) -> list[Consultation]:
    """The consultations for ``audiences`` (drafts too, unless told not), the latest to open first."""
    if not audiences:
        return []
    query = select(Consultation).where(Consultation.audience.in_(audiences))
    if not with_drafts:
        query = query.where(Consultation.status != Status.DRAFT)
    return list(db.session.scalars(query.order_by(Consultation.opens_on.desc(), Consultation.slug)))


def consultations_run_by(user: User) -> list[Consultation]:
    """Every consultation ``user``'s role runs, drafts included."""
    return consultations_for(AUDIENCES_RUN_BY.get(user.role, frozenset()))


# Counts per closed question (suppressed): whoever may export, and workforce officers their staff surveys'.
BREAKDOWNS_SEEN_BY = EXPORTED_BY | {Role.WORKFORCE_OFFICER: frozenset({Audience.STAFF})}


def may_see_breakdowns(user: User, consultation: Consultation) -> bool:
    return consultation.audience in BREAKDOWNS_SEEN_BY.get(user.role, frozenset())
