"""Tables of a consultation's submitted responses for analysts. Functions never commit.

Resident and stakeholder consultations: one row per response with its reference, day, channel,
language and survey version, then every question's answer as text (English labels), with names,
emails, phone numbers, postcodes and NHS numbers redacted. Staff consultations are a ballot box:
only once closed, only with at least the minimum group size of responses, and only their
free-text answers, with nothing about who, when or how.
"""

import csv
import io
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

import surveys
from analysis.redact import redact
from engage.consultations.services import consultations_for
from engage.extensions import db
from engage.models import Audience, Consultation, Response, Role, Status, User
from engage.public.services import load_survey

FREE_TEXT_TYPES = ("short_text", "long_text")
EXPORTED_BY = {
    Role.ADMINISTRATOR: frozenset(Audience),
    Role.ANALYST: frozenset(Audience),
    Role.ENGAGEMENT_OFFICER: frozenset({Audience.RESIDENTS, Audience.STAKEHOLDERS}),
    Role.WORKFORCE_OFFICER: frozenset(),  # staff answers go to analysts, never to the managers running the change
}
# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class AnswersTable:
    columns: list[str]
    rows: list[list[str]]
    questions: list[tuple[str, str, str]]  # (column, question in English, type)


def may_export(user: User, consultation: Consultation) -> bool:
    return consultation.audience in EXPORTED_BY.get(user.role, frozenset())


def exportable(user: User) -> list[Consultation]:
    """Consultations whose answers ``user`` may take for analysis (drafts have none), newest first."""
    return consultations_for(EXPORTED_BY.get(user.role, frozenset()), with_drafts=False)


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
            response.reference, response.submitted_at.date().isoformat(), response.channel.value,
            response.language, str(versions[response.survey_version_id]),
        ]
        row += [_as_text(question, values.get(qid)) for qid, question in questions.items()]
        rows.append([_inert(cell) for cell in row])
    described = [(qid, surveys.localise(q.text, "en"), q.type) for qid, q in questions.items()]
    return AnswersTable(columns=meta + list(questions), rows=rows, questions=described)


def as_csv(table: AnswersTable) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.columns)
    writer.writerows(table.rows)
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
    for worksheet in (sheet, guide):
        for cells in worksheet.iter_rows():
            for cell in cells:
                cell.data_type = "s"  # text, never a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _as_text(question, value) -> str:
    if surveys.is_empty(question, value):
        return ""
    # Redacted whatever the type: choices may carry an "other, please specify" text.
    return redact("; ".join(surveys.display_answer(question, value, "en").split("\n")))


def _inert(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text
