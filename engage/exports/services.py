"""Tables of a consultation's submitted responses for analysts. Functions never commit.

Resident and stakeholder consultations: one row per response with its reference, day, channel,
language and survey version, then every question's answer: numbers as numbers, dates as dates,
a question with options as two columns (the options' codes, then their English labels), and
the rest as text, with names, street addresses, emails, phone numbers, postcodes and NHS numbers redacted. Staff
consultations are a ballot box: only once closed, only with at least the minimum group size of
responses, and only their free-text answers, with nothing about who, when or how.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

import surveys
from analysis.redact import redact
from engage.answering.services import load_survey
from engage.cells import CELL_BREAKS, FORMULA_STARTS
from engage.extensions import db
from engage.models import Audience, Consultation, Response, Status

FREE_TEXT_TYPES = ("short_text", "long_text")
LABEL_SUFFIX = "_label"

Cell = str | int | float | datetime.date | None


@dataclass
class AnswersTable:
    columns: list[str]
    rows: list[list[Cell]]  # text made inert, numbers and dates as such, None for no answer
    questions: list[tuple[str, str, str]]  # (column, question in English, type)
    labels: list[tuple[str, str, str]] = field(default_factory=list)  # (question, code, English label)


def withheld_because(consultation: Consultation, responses: int, min_group_size: int) -> str | None:
    """Why a staff consultation's answers are not available yet ("open" or "few"), or None."""
    if consultation.audience is not Audience.STAFF:
        return None
    if consultation.status in (Status.DRAFT, Status.OPEN):
        return "open"
    if responses < min_group_size:
        return "few"
    return None


def answers_table(consultation: Consultation) -> AnswersTable:
    """Every submitted response to ``consultation`` as text, in the order of their random keys."""
    ballot_box = consultation.audience is Audience.STAFF
    questions = {}
    for version in consultation.versions:
        for question in load_survey(version).questions:
            if not question.qtype.takes_answer:
                continue  # a note: text only, never a column
            if question.id not in questions and (not ballot_box or question.type in FREE_TEXT_TYPES):
                questions[question.id] = question
    meta = [] if ballot_box else ["reference", "submitted_on", "channel", "language", "survey_version"]
    versions = {v.id: v.number for v in consultation.versions}
    query = (select(Response).where(Response.consultation_id == consultation.id).order_by(Response.id)
             .options(selectinload(Response.answers)))
    rows = []
    for response in db.session.scalars(query):
        values = {answer.question_id: answer.value for answer in response.answers}
        row = [] if ballot_box else [
            response.reference, response.submitted_at.date(), response.channel.value,
            response.language, versions[response.survey_version_id],
        ]
        for question in questions.values():
            row += _cells(question, values.get(question.id))
        rows.append([_inert(cell) if isinstance(cell, str) else cell for cell in row])
    columns, described, labels = list(meta), [], []
    for qid, question in questions.items():
        text = surveys.localise(question.text, "en")
        columns.append(qid)
        described.append((qid, text, question.type))
        if _has_options(question):
            columns.append(qid + LABEL_SUFFIX)
            described.append((qid + LABEL_SUFFIX, text, f"{question.type} (English labels)"))
            labels += [(qid, option.value, _inert(str(option.label("en"))))
                       for option in (*question.statements, *question.choices)]
    return AnswersTable(columns=columns, rows=rows, questions=described, labels=labels)


def as_csv(table: AnswersTable) -> bytes:
    """UTF-8 CSV with a byte-order mark: numbers without thousands separators, dates as yyyy-mm-dd."""
    out = io.StringIO()
    # Every text quoted and numbers not: a semicolon or tab in an answer cannot start a new cell even in
    # a spreadsheet that guesses another delimiter, and programs that read quoting still see the numbers.
    writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(table.columns)
    writer.writerows([_csv_value(cell) for cell in row] for row in table.rows)
    return out.getvalue().encode("utf-8-sig")  # the byte-order mark makes Excel read UTF-8


def as_xlsx(table: AnswersTable) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "answers"
    for row in [table.columns, *table.rows]:
        sheet.append(row)
    guide = book.create_sheet("questions")
    for row in [("column", "question (English)", "type"), *table.questions]:
        guide.append(row)
    labels = book.create_sheet("labels")
    for row in [("question", "code", "label (English)"), *table.labels]:
        labels.append(row)
    for worksheet in (sheet, guide, labels):
        for cells in worksheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, never a formula
                elif isinstance(cell.value, datetime.date):
                    cell.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _has_options(question) -> bool:
    return bool(question.choices)


def _cells(question, value) -> list[Cell]:
    """The answer's cells: one, or for a question with options its codes and then its English labels."""
    empty = surveys.is_empty(question, value)
    if question.type == "number":
        return [None if empty else value]
    if question.type == "date":
        return [None if empty else _date(value)]
    if not _has_options(question):
        return [None if empty else _as_text(question, value)]
    if empty:
        return [None, None]
    return [_codes(question, value), _as_text(question, value)]


def _codes(question, value) -> str:
    if question.type == "ranking":  # {item: rank}: items from first to last
        return "; ".join(item for item, _ in sorted(value.items(), key=lambda pair: pair[1]))
    if question.type == "grid":  # {statement: option}, in the statements' order
        return "; ".join(f"{s.value}: {value[s.value]}" for s in question.statements if s.value in value)
    return "; ".join(map(str, question.qtype.compared_values(question, value)))


def _as_text(question, value) -> str:
    # Redacted whatever the type: choices may carry an "other, please specify" text.
    lines = surveys.display_answer(question, value, "en").split("\n")
    return redact("; ".join(line for line in lines if line.strip()))


def _date(value) -> datetime.date | str:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)  # not a date after all: shown as stored, never dropped


def _csv_value(cell: Cell) -> str | int | float:
    if cell is None:
        return ""
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)  # 3 rather than 3.0, and never 1e+16
    return cell


def _inert(text: str) -> str:
    """``text`` with a leading ``'`` when a spreadsheet would run it as a formula."""
    if text.startswith(CELL_BREAKS) or text.lstrip().startswith(FORMULA_STARTS):
        return "'" + text
    return text
