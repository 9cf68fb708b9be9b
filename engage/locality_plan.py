"""The locality plan as every area reads it: its priorities in order, and the agreed themes tagged with them.

Administrators change the plan in engage/plan; analysts tag themes in engage/workspace. Never commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from engage.case_reporting import survey_minimum, withholds_free_text
from engage.extensions import db
from engage.models import (
    AnalysisRun,
    Consultation,
    PlanPriority,
    PriorityKind,
    RunStatus,
    Theme,
    ThemeAssignment,
    ThemePriority,
)


def priorities(with_retired: bool = False) -> dict[PriorityKind, list[PlanPriority]]:
    """Every kind, in the plan's order, with its priorities in order (retired ones last, if asked for)."""
    query = select(PlanPriority).order_by(PlanPriority.retired_at.is_not(None), PlanPriority.position,
                                          PlanPriority.id)
    if not with_retired:
        query = query.where(PlanPriority.retired_at.is_(None))
    grouped: dict[PriorityKind, list[PlanPriority]] = {kind: [] for kind in PriorityKind}
    for priority in db.session.scalars(query):
        grouped[priority.kind].append(priority)
    return grouped


@dataclass
class Evidence:
    """An agreed theme tagged with a priority: where it comes from, how many said it, what they said."""

    theme: Theme
    consultation: Consultation
    answers: int | None  # None when fewer than the minimum group size
    quotes: list[str]


def evidence(min_group_size: int) -> dict[int, list[Evidence]]:
    """Per priority id, the agreed themes tagged with it from each consultation's latest finished analysis."""
    latest = (select(AnalysisRun.consultation_id, func.max(AnalysisRun.id).label("run_id"))
              .where(AnalysisRun.status == RunStatus.FINISHED).group_by(AnalysisRun.consultation_id).subquery())
    sizes = (select(ThemeAssignment.theme_id, func.count().label("n")).where(ThemeAssignment.is_primary)
             .group_by(ThemeAssignment.theme_id).subquery())
    query = (select(ThemePriority.priority_id, Theme, Consultation, sizes.c.n)
             .join(Theme, Theme.id == ThemePriority.theme_id)
             .join(latest, latest.c.run_id == Theme.run_id)
             .join(Consultation, Consultation.id == latest.c.consultation_id)
             .outerjoin(sizes, sizes.c.theme_id == Theme.id)
             .where(Theme.agreed)
             .order_by(ThemePriority.priority_id, Consultation.slug, Theme.position))
    found: dict[int, list[Evidence]] = {}
    for priority_id, theme, consultation, n in db.session.execute(query):
        n = n or 0
        if withholds_free_text(consultation, n, survey_minimum(consultation, min_group_size)):
            continue  # a staff survey's theme of a few people: its label and quotes sum up what they wrote
        found.setdefault(priority_id, []).append(Evidence(
            theme, consultation, n if n >= min_group_size else None,
            [quote["quote"] for quote in theme.quotes[:2]]))
    return found
