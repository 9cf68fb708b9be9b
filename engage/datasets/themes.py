"""A theme analysis as data for analysts, shared by the exports and the API: its themes, and which answer is in
which theme (assignments), streamed a batch of responses at a time. Never commits.

Answers are named as in the answers exports: a resident's or stakeholder's response by its reference, a staff
survey's (a ballot box) by its respondent number, the response's place in the same order as the answers files
(``respondent`` in their long layout, the row in their wide one), with nothing about who, when or how.
Theme labels, descriptions, top words and quotes are redacted (they are written from people's words).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select

from analysis.redact import PLACEHOLDERS, redact
from engage.agreed_themes import theme_sizes
from engage.extensions import db
from engage.models import (
    AnalysedAnswer,
    AnalysisRun,
    Answer,
    Audience,
    Consultation,
    PlanPriority,
    Response,
    Theme,
    ThemeAssignment,
    ThemePriority,
)

_DIGITS = re.compile(r"\d{4}")
BATCH = 2000  # responses read at once: memory stays flat whatever the consultation's size
THEME_COLUMNS = ["theme_id", "label", "description", "status", "made_by", "answers", "top_terms", "plan_priorities"]
LONG = ["question", "theme_id", "theme", "weight", "primary", "set_by"]
IN_THEME = {0: "Not in this theme", 1: "In this theme"}
SET_BY = {"machine": "Placed by the theme model", "person": "Placed by an analyst",
          "coder": "Placed by the coding assistant from analysts' coded answers"}
STATUS = {"agreed": "Agreed by an analyst (part of the coding frame)", "proposed": "Proposed, not agreed yet"}


def ballot_box(consultation: Consultation) -> bool:
    return consultation.audience is Audience.STAFF


def plan_tags(run: AnalysisRun) -> dict[int, list[str]]:
    """Theme id -> the names of the plan priorities it is tagged with, by kind and then position."""
    query = (select(ThemePriority.theme_id, PlanPriority.name).join(PlanPriority)
             .join(Theme, Theme.id == ThemePriority.theme_id).where(Theme.run_id == run.id)
             .order_by(PlanPriority.kind, PlanPriority.position, PlanPriority.id))
    tags: dict[int, list[str]] = {}
    for theme_id, name in db.session.execute(query):
        tags.setdefault(theme_id, []).append(name)
    return tags


@dataclass
class ThemeFacts:
    """One theme as it leaves the platform, redacted; ``answers`` is its size, before any suppression."""

    id: int
    label: str
    description: str
    status: str  # "agreed" or "proposed"
    made_by: str
    answers: int
    top_terms: list[str]
    plan_priorities: list[str]
    quotes: list[str]


def themes_of(run: AnalysisRun, agreed_only: bool = False) -> list[ThemeFacts]:
    sizes, tags = theme_sizes(run), plan_tags(run)
    return [ThemeFacts(id=theme.id, label=redact(theme.label), description=redact(theme.description or ""),
                       status="agreed" if theme.agreed else "proposed", made_by=theme.created_by.value,
                       answers=sizes.get(theme.id, 0), top_terms=[_term(str(term)) for term in theme.top_terms],
                       plan_priorities=tags.get(theme.id, []),
                       quotes=[redact(str(quote.get("quote", ""))) for quote in theme.quotes or []])
            for theme in run.themes if theme.agreed or not agreed_only]


def _term(term: str) -> str:
    """A top word, redacted; one with four digits or more may be a piece of a phone or NHS number, so it goes."""
    return PLACEHOLDERS["number"] if _DIGITS.search(term) else redact(term)


def theme_rows(themes: list[ThemeFacts]) -> list[list]:
    """The themes table (THEME_COLUMNS), terms and priorities joined with "; "."""
    return [[t.id, t.label, t.description, t.status, t.made_by, t.answers, "; ".join(t.top_terms),
             "; ".join(t.plan_priorities)] for t in themes]


def codes_and_labels(themes: list[ThemeFacts], layout: str | None = None, with_themes: bool = True) -> list[list]:
    """(column, code, label) for the coded columns of the themes table (``with_themes``) and of the assignments
    table in ``layout`` (none: no assignments). Theme ids are always listed: assignments refer to them."""
    rows = [["theme_id", t.id, t.label] for t in themes]
    if with_themes:
        rows += [["status", code, label] for code, label in STATUS.items()]
        rows += [["made_by", code, label.replace("Placed", "Made")] for code, label in SET_BY.items()]
    if layout == "wide":
        rows += [[wide_name(t.id), code, label] for t in themes for code, label in IN_THEME.items()]
    elif layout == "long":
        rows += [["set_by", code, label] for code, label in SET_BY.items()]
        rows += [["primary", 1, "The answer's main theme"], ["primary", 0, "Another theme of the answer"]]
    return rows


def wide_name(theme_id: int) -> str:
    return f"theme_{theme_id}"


def answer_key(consultation: Consultation) -> str:
    """The column naming an answer's response: ``respondent`` (a number) in a staff survey, else ``reference``."""
    return "respondent" if ballot_box(consultation) else "reference"


def assignment_columns(consultation: Consultation, themes: list[ThemeFacts], layout: str) -> list[str]:
    if layout == "wide":
        return [answer_key(consultation), "question", *(wide_name(t.id) for t in themes)]
    return [answer_key(consultation), *LONG]


def response_batches(consultation: Consultation, after: int | None = None, seen: int = 0,
                     size: int | None = None) -> Iterator[list[tuple[int, str | int]]]:
    """Lists of (response key, its name: reference, or respondent number counting on from ``seen``), in key
    order (as the answers files), ``size`` at a time after the key ``after``. Keyset batches: no cursor held."""
    size, number = size or BATCH, seen
    ballot = ballot_box(consultation)
    while True:
        query = select(Response.id, Response.reference).where(Response.consultation_id == consultation.id)
        if after is not None:
            query = query.where(Response.id > after)
        rows = db.session.execute(query.order_by(Response.id).limit(size)).all()
        if not rows:
            return
        named = []
        for key, reference in rows:
            number += 1
            named.append((key, number if ballot else reference))
        yield named
        if len(rows) < size:
            return
        after = rows[-1].id


def answers_of(runs: list[AnalysisRun], response_ids: list[int]) -> dict[int, tuple[int, str]]:
    """Answer key -> (response key, question) of these responses' answers to the runs' questions."""
    questions = sorted({question for run in runs for question in run.question_ids})
    if not questions or not response_ids:
        return {}
    query = select(Answer.id, Answer.response_id, Answer.question_id).where(
        Answer.response_id.in_(response_ids), Answer.question_id.in_(questions))
    return {answer_id: (response_id, question) for answer_id, response_id, question in db.session.execute(query)}


def placements(runs: list[AnalysisRun], answers: dict[int, tuple[int, str]]) -> list[tuple]:
    """(response key, question, run, theme id, theme label, weight, primary, set by) of the runs' assignments of
    ``answers`` (from :func:`answers_of`), by response, question, run and theme. Looked up by answer (and the
    runs' theme ids known here), so each batch costs the same however many answers the run holds."""
    themes = {theme.id: theme for run in runs for theme in run.themes}
    if not themes or not answers:
        return []
    query = select(ThemeAssignment.answer_id, ThemeAssignment.theme_id, ThemeAssignment.weight,
                   ThemeAssignment.is_primary, ThemeAssignment.set_by).where(
        ThemeAssignment.answer_id.in_(list(answers)), ThemeAssignment.theme_id.in_(list(themes)))
    found = []
    for answer_id, theme_id, weight, primary, set_by in db.session.execute(query):
        theme = themes[theme_id]
        found.append((*answers[answer_id], theme.run_id, theme_id, theme.label, weight, primary, set_by))
    found.sort(key=lambda row: (row[0], row[1], row[2], themes[row[3]].position, row[3]))
    return found


def _analysed(run: AnalysisRun, answers: dict[int, tuple[int, str]]) -> list[tuple[int, str]]:
    if not answers:
        return []
    query = select(AnalysedAnswer.answer_id).where(AnalysedAnswer.run_id == run.id,
                                                   AnalysedAnswer.answer_id.in_(list(answers)))
    return [answers[answer_id] for answer_id in db.session.scalars(query)]


def assignment_rows(run: AnalysisRun, themes: list[ThemeFacts], layout: str) -> Iterator[list]:
    """The run's assignments, a batch of responses at a time. Long: one row per answer and theme (weight as
    stored, primary 1 or 0, set by). Wide: one row per answer the run analysed or placed, 1 or 0 per theme."""
    labels = {t.id: t.label for t in themes}
    for batch in response_batches(run.consultation):
        names = dict(batch)
        answers = answers_of([run], list(names))
        placed = placements([run], answers)
        if layout == "long":
            for response_id, question, _, theme_id, _, weight, primary, set_by in placed:
                yield [names[response_id], question, theme_id, labels.get(theme_id, ""), weight, int(primary),
                       set_by.value]
            continue
        found: dict[tuple[int, str], set[int]] = {key: set() for key in _analysed(run, answers)}
        for response_id, question, _, theme_id, *_ in placed:
            found.setdefault((response_id, question), set()).add(theme_id)
        for (response_id, question), inside in sorted(found.items()):
            yield [names[response_id], question, *(int(t.id in inside) for t in themes)]
