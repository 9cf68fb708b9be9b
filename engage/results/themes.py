"""Agreed themes on the results pages and the themes report: counted, suppressed, with quotes for those who may.

A question's themes are counted as a multiple choice question's options (an answer can be in more
than one), so they are hidden exactly as those are: overall, or within the chosen group of a filter
with every group of it in one table (analysis.disclosure). Never commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from sqlalchemy import Integer, String, text

from engage.agreed_themes import agreed_themes, count_answers
from engage.answer_counts import ANSWERED, Counts
from engage.models import Consultation, PlanPriority
from engage.results import services


@dataclass
class ThemeRow:
    label: str
    description: str
    count: int | None  # None when hidden
    share: float | None  # of the answers to the question
    quotes: list[str] = field(default_factory=list)
    priorities: list[PlanPriority] = field(default_factory=list)


@dataclass
class QuestionThemes:
    rows: list[ThemeRow]
    answered: int | None  # None when hidden
    few: bool  # fewer than the minimum answered: no count is shown


def for_results(consultation: Consultation, minimum: int, with_quotes: bool, chosen=None,
                now: tuple | None = None) -> dict[str, QuestionThemes]:
    """Per free-text question with an analysis, its agreed themes as the results page shows them.

    In a filtered view the counts are of the group's answers, and no quotes are shown: a quote beside
    a group would tell the reader something about the person who wrote it. ``chosen``: the results'
    (filter, value, label), or None.
    """
    found = agreed_themes(consultation, quotes=3 if with_quotes and chosen is None else 0)
    if chosen is None:
        return {qid: _view(qid, q.themes, _counts(qid, q.themes, q.answered), None, None, minimum)
                for qid, q in found.items()}
    key = chosen[0].key
    split = services.split_for(consultation, key)
    grouped = _grouped(consultation, split)
    by_group = services.counts(consultation, key, now)
    views = {}
    for qid, question in found.items():
        overall = _counts(qid, question.themes, question.answered)
        in_groups = Counts(sizes=by_group.sizes)
        for (theme_id, group), n in count_answers([t.theme.id for t in question.themes], qid,
                                                  grouped=grouped).items():
            in_groups.cells[(qid, "", str(theme_id), split.group(group))] += n
        for (_v, group), n in by_group.by_part().get((qid, ANSWERED), {}).items():
            in_groups.cells[(qid, ANSWERED, "", group)] += n
        views[qid] = _view(qid, question.themes, overall, in_groups, chosen, minimum)
    return views


def _counts(qid: str, themes, answered: int) -> Counts:
    found = Counts()
    for theme in themes:
        found.cells[(qid, "", str(theme.theme.id), "")] = theme.answers
    found.cells[(qid, ANSWERED, "", "")] = answered
    return found


def _view(qid: str, themes, overall: Counts, split: Counts | None, chosen, minimum: int) -> QuestionThemes:
    options = [(str(t.theme.id), t.theme.label) for t in themes]
    part = services.part_of(qid, "", None, options, SimpleNamespace(id=qid, type="multiple_choice"), overall,
                            split, chosen, minimum)
    rows = [ThemeRow(t.theme.label, t.theme.description, row.count, row.share, t.quotes, t.priorities)
            for t, row in zip(themes, part.rows, strict=True)]
    return QuestionThemes(rows, part.answered, part.few)


def _grouped(consultation: Consultation, split):
    """Each response's id and group (as the results' counts group them), as a subquery."""
    group, join = split.expression()
    return (text(f"SELECT r.id AS id, {group} AS grp FROM response r {join} WHERE r.consultation_id = :cid")
            .bindparams(cid=consultation.id).columns(id=Integer, grp=String).subquery("grouped"))
