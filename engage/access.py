"""Who may run, export and see which consultations: the rules every staff area shares. Never commits."""

from __future__ import annotations

from sqlalchemy import select

from engage.extensions import db
from engage.models import Audience, CaseDetails, ChangeCase, Consultation, Role, Status, User

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


# Who is not being heard: the census counts residents, so only residents' consultations are compared.
COMPARED_WITH_CENSUS = frozenset({Audience.RESIDENTS})
REPRESENTATION_SEEN_BY = {
    Role.ADMINISTRATOR: COMPARED_WITH_CENSUS,
    Role.ANALYST: COMPARED_WITH_CENSUS,
    Role.ENGAGEMENT_OFFICER: COMPARED_WITH_CENSUS & AUDIENCES_RUN_BY[Role.ENGAGEMENT_OFFICER],
    Role.WORKFORCE_OFFICER: frozenset(),
}


def may_see_representation(user: User, consultation: Consultation) -> bool:
    """Whether ``user`` may set ``consultation``'s respondents against the census (never a staff survey)."""
    return consultation.audience in REPRESENTATION_SEEN_BY.get(user.role, frozenset())


def representation_consultations(user: User) -> list[Consultation]:
    """The consultations whose respondents ``user`` may set against the census (drafts have none)."""
    return consultations_for(REPRESENTATION_SEEN_BY.get(user.role, frozenset()), with_drafts=False)


# The locality plan: everyone who works with what people said reads it; administrators change it.
PLAN_SEEN_BY = frozenset({Role.ADMINISTRATOR, Role.ANALYST, Role.ENGAGEMENT_OFFICER})
PLAN_EDITED_BY = frozenset({Role.ADMINISTRATOR})


def may_see_plan(user: User) -> bool:
    return user.role in PLAN_SEEN_BY


def may_edit_plan(user: User) -> bool:
    return user.role in PLAN_EDITED_BY


RESULTS_SEEN_BY = {
    Role.ADMINISTRATOR: frozenset(Audience),
    Role.ANALYST: frozenset(Audience),
    Role.ENGAGEMENT_OFFICER: AUDIENCES_RUN_BY[Role.ENGAGEMENT_OFFICER],
    # Aggregate results only, and only once closed with enough responses (engage.results.services.shows_results).
    Role.WORKFORCE_OFFICER: AUDIENCES_RUN_BY[Role.WORKFORCE_OFFICER],
}


def may_see_results(user: User, consultation: Consultation) -> bool:
    """Whether ``user``'s role may see ``consultation``'s results page (what it shows has its own rules)."""
    return consultation.audience in RESULTS_SEEN_BY.get(user.role, frozenset())


def with_results(user: User) -> list[Consultation]:
    """Consultations whose results ``user`` may see (drafts have none), the latest to open first."""
    return consultations_for(RESULTS_SEEN_BY.get(user.role, frozenset()), with_drafts=False)


# The analysis workspace: runs, proposed themes and which answer is in which theme (engage.workspace).
THEMES_WORKED_ON_BY = frozenset({Role.ADMINISTRATOR, Role.ANALYST})


def may_work_on_themes(user: User, consultation: Consultation | None = None) -> bool:
    """Whether ``user`` sees theme analyses whole: every run, proposed themes, and the answers in each theme."""
    return user.role in THEMES_WORKED_ON_BY and (consultation is None or may_export(user, consultation))


# Counts per closed question (suppressed): whoever may export, and workforce officers their staff surveys'.
BREAKDOWNS_SEEN_BY = EXPORTED_BY | {Role.WORKFORCE_OFFICER: frozenset({Audience.STAFF})}


def may_see_breakdowns(user: User, consultation: Consultation) -> bool:
    return consultation.audience in BREAKDOWNS_SEEN_BY.get(user.role, frozenset())


def may_analyse(user: User) -> bool:
    """Whether ``user`` may use the analysis workspace at all."""
    return user.role in THEMES_WORKED_ON_BY


def may_read_quotes(user: User, consultation: Consultation) -> bool:
    """Whether ``user`` may read (redacted) quotes of ``consultation``'s answers: whoever may take its answers."""
    return may_export(user, consultation)


def interim_results_allowed(consultation: Consultation) -> bool:
    """Whether an administrator allowed results of this staff survey before it closes (for its case, audited)."""
    query = (select(CaseDetails.interim_results).join(ChangeCase, ChangeCase.id == CaseDetails.case_id)
             .where(ChangeCase.consultation_id == consultation.id))
    return bool(db.session.scalar(query))


def may_allow_interim_results(user: User) -> bool:
    return user.role is Role.ADMINISTRATOR
