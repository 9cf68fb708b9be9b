"""The locality plan as every area reads it: its priorities in order, and the agreed themes tagged with them.

Administrators change the plan in engage/plan; analysts tag themes in engage/workspace. Never commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from engage.access import may_read_quotes
from engage.agreed_themes import agreed_themes
from engage.case_reporting import survey_minimum, withholds_free_text
from engage.extensions import db
from engage.models import (
    AnalysisRun,
    Audience,
    Consultation,
    PlanPriority,
    PriorityKind,
    RunStatus,
    Status,
    Theme,
    User,
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


def evidence(min_group_size: int, reader: User) -> dict[int, list[Evidence]]:
    """Per priority id, the agreed themes tagged with it, counted as the results pages count them.

    Each theme comes from the latest finished analysis of its question (engage.agreed_themes), once per
    question it holds answers to. A staff survey's themes count only once it has closed, and quotes are
    shown only to a ``reader`` who may read that consultation's answers (as on the results pages).
    """
    analysed = select(AnalysisRun.consultation_id).where(AnalysisRun.status == RunStatus.FINISHED)
    consultations = db.session.scalars(select(Consultation).where(Consultation.id.in_(analysed))
                                       .order_by(Consultation.slug))
    found: dict[int, list[Evidence]] = {}
    for consultation in consultations:
        if consultation.audience is Audience.STAFF and consultation.status is not Status.CLOSED:
            continue
        minimum = survey_minimum(consultation, min_group_size)
        quotes = 2 if may_read_quotes(reader, consultation) else 0
        for question in agreed_themes(consultation, quotes=quotes).values():
            for agreed in question.themes:
                if withholds_free_text(consultation, agreed.answers, minimum):
                    continue  # a staff survey's theme of a few people: its label and quotes sum up what they wrote
                for priority in agreed.priorities:
                    found.setdefault(priority.id, []).append(Evidence(
                        agreed.theme, consultation, agreed.answers if agreed.answers >= minimum else None,
                        agreed.quotes))
    return found
