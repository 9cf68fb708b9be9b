"""A consultation's submitted responses as rows, streamed in batches so no export holds them all at once.

Resident and stakeholder consultations: each response's reference, day, channel, language and survey
version, then every question's answer: numbers as numbers, dates as dates, a question with options as
its options' codes and then their English labels, and the rest as text, with names, street addresses,
emails, phone numbers, postcodes and NHS numbers redacted (as stored with each answer when it was sent,
``Answer.redacted``; redacted here for answers stored before that). Staff consultations are a ballot box: only
once closed, only with at least the minimum group size of responses, and only their free-text answers,
with nothing about who, when or how. Rows hold text as it is; spreadsheet writers make it inert.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import Text, cast, select

import surveys
from analysis.redact import redact
from engage.answering.services import load_survey
from engage.extensions import db
from engage.models import Answer, Audience, Consultation, Response, Status
from engage.redacted import FREE_TEXT_TYPES, english_text, is_written

LABEL_SUFFIX = "_label"
META = ("reference", "submitted_on", "channel", "language", "survey_version")
LONG = ("question", "code", "answer")
BATCH = 2000  # responses read at once: memory stays flat whatever the consultation's size
LAYOUTS = ("wide", "long")

Cell = str | int | float | datetime.date | None


@dataclass
class AnswersSpec:
    """What a consultation's answer table holds: its questions, columns, and option codes with labels."""

    consultation_id: int
    slug: str
    ballot_box: bool
    questions: dict  # question id -> surveys Question, in the order first asked
    versions: dict[int, int]  # survey version id -> its number
    columns: list[str]  # the wide layout's columns
    described: list[tuple[str, str, str]]  # (column, question in English, type)
    labels: list[tuple[str, str, str]] = field(default_factory=list)  # (question, code, English label)

    @property
    def meta(self) -> list[str]:
        return [] if self.ballot_box else list(META)

    def layout_columns(self, layout: str) -> list[str]:
        if layout == "long":
            return ["respondent", *LONG] if self.ballot_box else [*META, *LONG]
        return self.columns


class Answers(dict):
    """A response's answers, question id -> value, and in ``redacted`` the redacted text stored with those
    that hold written text (:func:`as_text` gives it instead of redacting again)."""

    def __init__(self):
        super().__init__()
        self.redacted: dict[str, str] = {}


def withheld_because(consultation: Consultation, responses: int, min_group_size: int) -> str | None:
    """Why a staff consultation's answers are not available yet ("open" or "few"), or None."""
    if consultation.audience is not Audience.STAFF:
        return None
    if consultation.status in (Status.DRAFT, Status.OPEN):
        return "open"
    if responses < min_group_size:
        return "few"
    return None


def answers_spec(consultation: Consultation) -> AnswersSpec:
    ballot_box = consultation.audience is Audience.STAFF
    questions = {}
    for version in consultation.versions:
        for question in load_survey(version).questions:
            if not question.qtype.takes_answer:
                continue  # a note: text only, never a column
            if question.id not in questions and (not ballot_box or question.type in FREE_TEXT_TYPES):
                questions[question.id] = question
    columns = [] if ballot_box else list(META)
    described, labels = [], []
    for qid, question in questions.items():
        text = str(surveys.localise(question.text, "en"))
        columns.append(qid)
        described.append((qid, text, question.type))
        if has_options(question):
            columns.append(qid + LABEL_SUFFIX)
            described.append((qid + LABEL_SUFFIX, text, f"{question.type} (English labels)"))
            labels += [(qid, option.value, str(option.label("en")))
                       for option in (*question.statements, *question.choices)]
    return AnswersSpec(consultation_id=consultation.id, slug=consultation.slug, ballot_box=ballot_box,
                       questions=questions, versions={v.id: v.number for v in consultation.versions},
                       columns=columns, described=described, labels=labels)


def batches(spec: AnswersSpec, after: int | None = None, size: int | None = None,
            raw: bool = False) -> Iterator[list[tuple]]:
    """Lists of (response row, :class:`Answers`) in key order, ``size`` responses at a time,
    starting after the response key ``after``. Keyset batches: no cursor is held between them.
    With ``raw``, values are their JSON text (for :class:`CellMemo`), not decoded."""
    wanted, size = list(spec.questions), size or BATCH
    while True:
        query = (select(Response.id, Response.reference, Response.submitted_at, Response.channel,
                        Response.language, Response.survey_version_id)
                 .where(Response.consultation_id == spec.consultation_id))
        if after is not None:
            query = query.where(Response.id > after)
        rows = db.session.execute(query.order_by(Response.id).limit(size)).all()
        if not rows:
            return
        values = defaultdict(Answers)
        if wanted:
            value = cast(Answer.value, Text) if raw else Answer.value
            # The batch's answers by the same key range, not by a list of its keys: a few thousand bound
            # parameters cost more to send than the answers themselves.
            answers = (select(Answer.response_id, Answer.question_id, value, Answer.redacted)
                       .join(Response, Response.id == Answer.response_id)
                       .where(Response.consultation_id == spec.consultation_id, Response.id <= rows[-1].id,
                              Answer.question_id.in_(wanted)))
            if after is not None:
                answers = answers.where(Response.id > after)
            for response_id, question_id, value, redacted in db.session.execute(answers):
                values[response_id][question_id] = value
                if redacted is not None:
                    values[response_id].redacted[question_id] = redacted
        yield [(row, values.get(row.id) or Answers()) for row in rows]
        if len(rows) < size:
            return
        after = rows[-1].id


def meta_cells(spec: AnswersSpec, row) -> list[Cell]:
    if spec.ballot_box:
        return []
    channel = row.channel.value if hasattr(row.channel, "value") else row.channel
    return [row.reference, row.submitted_at.date(), channel, row.language, spec.versions[row.survey_version_id]]


class CellMemo:
    """:func:`answer_cells` of answers as JSON text, remembered for answers given again: closed questions
    have few different answers, so most cells are worked out once per export, not once per response.
    Free text is not remembered (nearly every answer differs); at most ``size`` answers are, so memory
    stays bounded whatever the consultation's size."""

    def __init__(self, size: int = 50_000, finish=None):
        self.tables, self.size, self.finish, self.kept = {}, size, finish, 0
        self.order = None  # (question id, question, its table) in the columns' order, for row()

    def __call__(self, question, raw: str | None, redacted: str | None = None) -> tuple[list[Cell], bool]:
        """The cells, and whether the answer is empty; ``redacted``: its stored redacted text, if any."""
        table = self.tables.get(question.id)
        if table is None:
            table = self.tables[question.id] = {}
        found = table.get(raw)
        if found is None:
            value = None if raw is None else json.loads(raw)
            cells = answer_cells(question, value, redacted)
            found = [self.finish(cell) for cell in cells] if self.finish else cells, (
                value is None or surveys.is_empty(question, value))
            if (raw is None or question.type not in FREE_TEXT_TYPES) and self.kept < self.size:
                table[raw] = found
                self.kept += 1
        return found

    def row(self, spec: AnswersSpec, values: dict) -> list[Cell]:
        """The answers' cells of a wide row, in the columns' order."""
        if self.order is None:
            self.order = [(qid, question, self.tables.setdefault(qid, {})) for qid, question in spec.questions.items()]
        cells, stored = [], stored_redactions(values)
        for qid, question, table in self.order:
            raw = values.get(qid)
            found = table.get(raw)
            cells += (found or self(question, raw, stored.get(qid)))[0]
        return cells


def wide_row(spec: AnswersSpec, row, values: dict, memo: CellMemo | None = None) -> list[Cell]:
    """The response's row; with ``memo``, ``values`` are JSON text (batches(..., raw=True))."""
    cells = meta_cells(spec, row)
    if memo:
        return cells + memo.row(spec, values)
    stored = stored_redactions(values)
    for qid, question in spec.questions.items():
        cells += answer_cells(question, values.get(qid), stored.get(qid))
    return cells


def long_rows_of(spec: AnswersSpec, row, values: dict, number: int, memo: CellMemo | None = None) -> list[list[Cell]]:
    """One row per question answered: the response's details, the question, the codes and the answer."""
    head = [number] if spec.ballot_box else meta_cells(spec, row)
    rows, stored = [], stored_redactions(values)
    for qid, question in spec.questions.items():
        value = values.get(qid)
        if memo:
            cells, empty = memo(question, value, stored.get(qid))
        else:
            empty = value is None or surveys.is_empty(question, value)
            cells = [] if empty else answer_cells(question, value, stored.get(qid))
        if not empty:
            rows.append([*head, qid, *(cells if len(cells) == 2 else [None, cells[0]])])
    return rows


def rows(spec: AnswersSpec, layout: str = "wide", finish=None) -> Iterator[list]:
    """Every submitted response's row (wide) or rows (long), in the order of their random keys; with
    ``finish``, every cell passed through it (a writer's conversion, done once per different answer)."""
    number, memo = 0, CellMemo(finish=finish)
    for batch in batches(spec, raw=True):
        for row, values in batch:
            number += 1
            if layout == "long":
                found = long_rows_of(spec, row, values, number, memo)
                head = len(found[0]) - 3 if found else 0
                yield from ([*map(finish, line[:head]), *line[head:]] if finish else line for line in found)
            else:
                line = wide_row(spec, row, values, memo)
                if finish:
                    line[:len(spec.meta)] = map(finish, line[:len(spec.meta)])
                yield line


def has_options(question) -> bool:
    return bool(question.choices)


def stored_redactions(values) -> dict[str, str]:
    return getattr(values, "redacted", {})


def answer_cells(question, value, redacted: str | None = None) -> list[Cell]:
    """The answer's cells: one, or for a question with options its codes and then its English labels
    (``redacted``: the answer's stored redacted text, if any)."""
    empty = value is None or surveys.is_empty(question, value)
    if question.type == "number":
        return [None if empty else value]
    if question.type == "date":
        return [None if empty else _date(value)]
    if not has_options(question):
        return [None if empty else as_text(question, value, redacted)]
    if empty:
        return [None, None]
    return [_codes(question, value), as_text(question, value, redacted)]


def _codes(question, value) -> str:
    if question.type == "ranking":  # {item: rank}: items from first to last
        return "; ".join(item for item, _ in sorted(value.items(), key=lambda pair: pair[1]))
    if question.type == "grid":  # {statement: option}, in the statements' order
        return "; ".join(f"{s.value}: {value[s.value]}" for s in question.statements if s.value in value)
    return "; ".join(map(str, question.qtype.compared_values(question, value)))


def as_text(question, value, redacted: str | None = None) -> str:
    """The answer in English words, redacted where the respondent wrote it (free text, an "other" text):
    the options' own labels come from the consultation, not from people, and are left as they are.
    ``redacted`` is the text stored with the answer when it was sent (engage.redacted), used as it is."""
    if not is_written(question, value):
        return english_text(question, value)
    return redacted if redacted is not None else redact(english_text(question, value))


def _date(value) -> datetime.date | str:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)  # not a date after all: shown as stored, never dropped
