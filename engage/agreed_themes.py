"""The agreed themes of a consultation's free-text questions, with how many answers each holds.

One place for the results pages, the themes report and the "You said" draft: per question, the agreed
themes of the latest finished analysis run that covered it, counted among all responses or some.
Counts come back as they are; :func:`shown` hides the small ones. Never commits.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import case, func, select

import analysis
from analysis.disclosure import overall_mask
from engage.extensions import db
from engage.models import (
    AnalysisRun,
    Answer,
    Consultation,
    PlanPriority,
    PriorityKind,
    Response,
    RunStatus,
    Theme,
    ThemeAssignment,
    ThemePriority,
)

MAX_QUOTES = 3
# A quote is a glimpse, not the whole answer.
QUOTE_CHARACTERS = 400


@dataclass
class AgreedTheme:
    theme: Theme
    answers: int  # answers to the question placed in the theme (among the responses asked about)
    quotes: list[str] = field(default_factory=list)  # redacted
    priorities: list[PlanPriority] = field(default_factory=list)


@dataclass
class QuestionThemes:
    question_id: str
    run: AnalysisRun  # the latest finished run that analysed the question
    answered: int  # answers to the question (among the responses asked about)
    themes: list[AgreedTheme]


def finished_runs(consultation: Consultation) -> list[AnalysisRun]:
    """The consultation's finished theme analyses, the latest first."""
    return list(db.session.scalars(select(AnalysisRun).where(
        AnalysisRun.consultation_id == consultation.id, AnalysisRun.status == RunStatus.FINISHED)
        .order_by(AnalysisRun.finished_at.desc(), AnalysisRun.id.desc())))


def latest_runs(consultation: Consultation) -> dict[str, AnalysisRun]:
    """Per free-text question id, the latest finished run that analysed it (as carry-over picks runs)."""
    found: dict[str, AnalysisRun] = {}
    for run in finished_runs(consultation):
        for question_id in run.question_ids:
            found.setdefault(question_id, run)
    return found


def theme_sizes(run: AnalysisRun) -> dict[int, int]:
    """Theme id -> how many answers are in it (every answer placed in it, as every page counts them)."""
    query = (select(ThemeAssignment.theme_id, func.count()).join(Theme, Theme.id == ThemeAssignment.theme_id)
             .where(Theme.run_id == run.id).group_by(ThemeAssignment.theme_id))
    return dict(db.session.execute(query).all())


def agreed_themes(consultation: Consultation, responses=None, quotes: int = MAX_QUOTES) -> dict[str, QuestionThemes]:
    """Per analysed free-text question, its agreed themes (in the run's order) with their answers counted.

    ``responses``: a select of response ids to count among (None: every response). A theme of a run
    over several questions is listed under each question it holds answers to (under all, if it holds none).
    ``quotes``: how many redacted quotes to take per theme, from answers among ``responses``.
    """
    found = {}
    for question_id, run in latest_runs(consultation).items():
        themes = [t for t in run.themes if t.agreed]
        counts = count_answers([t.id for t in themes], question_id, responses)
        if len(run.question_ids) > 1 and any(counts.values()):
            themes = [t for t in themes if counts[(t.id, "")]]
        tags = _priorities([t.id for t in themes])
        found[question_id] = QuestionThemes(
            question_id, run, _answered(consultation, question_id, responses),
            [AgreedTheme(t, counts[(t.id, "")], _quotes(t, question_id, responses, quotes) if quotes else [],
                         tags.get(t.id, [])) for t in themes])
    return found


def count_answers(theme_ids, question_id: str, responses=None, grouped=None) -> Counter:
    """``{(theme id, group): answers}`` of ``question_id`` in each theme.

    ``grouped``: a subquery of response ``id`` and ``grp`` to count per group (None: one group, "").
    """
    if not theme_ids:
        return Counter()
    columns = [ThemeAssignment.theme_id] + ([grouped.c.grp] if grouped is not None else [])
    query = (select(*columns, func.count()).join(Answer, Answer.id == ThemeAssignment.answer_id)
             .where(ThemeAssignment.theme_id.in_(list(theme_ids)), Answer.question_id == question_id)
             .group_by(*columns))
    if grouped is not None:
        query = query.join(grouped, grouped.c.id == Answer.response_id)
    if responses is not None:
        query = query.where(Answer.response_id.in_(responses))
    counts = Counter()
    for row in db.session.execute(query):
        counts[(row[0], row[1] if grouped is not None else "")] += row[-1]
    return counts


def shown(question: QuestionThemes, minimum: int) -> list[int | None]:
    """Each theme's count, or None where it is hidden (as a multiple choice question's counts are)."""
    mask = overall_mask([t.answers for t in question.themes], question.answered, minimum)
    return [None if hidden else t.answers for t, hidden in zip(question.themes, mask, strict=True)]


def _answered(consultation: Consultation, question_id: str, responses) -> int:
    query = (select(func.count()).select_from(Answer).join(Response, Response.id == Answer.response_id)
             .where(Response.consultation_id == consultation.id, Answer.question_id == question_id))
    if responses is not None:
        query = query.where(Answer.response_id.in_(responses))
    return db.session.scalar(query) or 0


def _quotes(theme: Theme, question_id: str, responses, limit: int) -> list[str]:
    """Up to ``limit`` redacted answers of the theme: the run's chosen quotes first, then the strongest."""
    chosen = [q.get("answer_id") for q in theme.quotes if isinstance(q, dict) and q.get("answer_id") is not None]
    order = ([case((Answer.id.in_(chosen), 0), else_=1)] if chosen else []) + [ThemeAssignment.weight.desc(),
                                                                               Answer.id]
    query = (select(Answer.value).join(ThemeAssignment, ThemeAssignment.answer_id == Answer.id)
             .where(ThemeAssignment.theme_id == theme.id, Answer.question_id == question_id)
             .order_by(*order).limit(limit * 4))
    if responses is not None:
        query = query.where(Answer.response_id.in_(responses))
    found = []
    for value in db.session.scalars(query):
        text = analysis.redact(value).strip() if isinstance(value, str) else ""
        if text and text not in found:
            found.append(text if len(text) <= QUOTE_CHARACTERS else text[:QUOTE_CHARACTERS].rstrip() + "…")
        if len(found) == limit:
            break
    return found


def _priorities(theme_ids) -> dict[int, list[PlanPriority]]:
    if not theme_ids:
        return {}
    query = (select(ThemePriority.theme_id, PlanPriority)
             .join(PlanPriority, PlanPriority.id == ThemePriority.priority_id)
             .where(ThemePriority.theme_id.in_(list(theme_ids))))
    kinds = list(PriorityKind)
    found: dict[int, list[PlanPriority]] = {}
    for theme_id, priority in db.session.execute(query):
        found.setdefault(theme_id, []).append(priority)
    for tagged in found.values():  # in the plan's order
        tagged.sort(key=lambda p: (kinds.index(p.kind), p.position, p.id))
    return found
