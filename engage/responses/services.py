"""Finding one response by its reference, showing it, writing it out and erasing it, each in the audit trail.

Functions flush, never commit. Staff surveys are a ballot box: their responses cannot be found here.
"""

import csv
import io
import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

import surveys
from engage.answering.services import CODE_ALPHABET, load_survey, normalise_code
from engage.cells import FORMULA_STARTS
from engage.extensions import db
from engage.models import Audience, AuditAction, Response, ResponseAuditEvent, User

REFERENCE_CHARACTERS = 8  # random_code(2) in engage.answering.services: two groups of four
AUDIT_PAGE_SIZE = 50


class ReferenceProblem(LookupError):
    """No response can be shown for what was typed: ``reason`` is "malformed", "unknown" or "staff"."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def parse_reference(text: str) -> str | None:
    """The reference as it is stored ("7K4M-Q2XD") from what was typed, or None if it cannot be one.

    Case, spaces and hyphens do not matter, as for resume codes.
    """
    reference = normalise_code(text or "")
    characters = reference.replace("-", "")
    if len(characters) != REFERENCE_CHARACTERS or any(ch not in CODE_ALPHABET for ch in characters):
        return None
    return reference


def find_response(text: str) -> Response:
    """The response with the reference typed as ``text``; ReferenceProblem if there is none to show."""
    reference = parse_reference(text)
    if reference is None:
        raise ReferenceProblem("malformed")
    response = db.session.scalar(select(Response).where(Response.reference == reference)
                                 .options(selectinload(Response.answers)))
    if response is None:
        raise ReferenceProblem("unknown")
    if response.survey_version.consultation.audience is Audience.STAFF:
        raise ReferenceProblem("staff")
    return response


def record(user: User, action: AuditAction, response: Response, reason: str | None = None) -> None:
    """Add a line to the audit trail: who did what to which response, never what it says."""
    db.session.add(ResponseAuditEvent(user_id=user.id, action=action, reference=response.reference,
                                      consultation_id=response.consultation_id, reason=reason))
    db.session.flush()


@dataclass
class AnswerRow:
    question_id: str
    text: dict  # the question, language code -> text
    answer: str  # in words; "" when not answered
    value: object  # as stored


def answer_rows(response: Response, lang: str, gettext=None) -> list[AnswerRow]:
    """The questions the respondent was asked, in order, with their answers in words in ``lang``.

    Questions their answers skipped (branching) are left out, unless they hold an answer.
    """
    survey = load_survey(response.survey_version)
    values = {answer.question_id: answer.value for answer in response.answers}
    asked = {q.id for page_id in surveys.respondent_path(survey, values)
             for q in surveys.visible_questions(survey, survey.page(page_id), values)}
    return [AnswerRow(q.id, q.text, surveys.display_answer(q, values.get(q.id), lang, gettext), values.get(q.id))
            for q in survey.questions if q.id in asked or q.id in values]


def _summary(response: Response) -> dict:
    consultation = response.survey_version.consultation
    return {
        "reference": response.reference,
        "consultation": consultation.slug,
        "consultation_title": surveys.localise(consultation.title, "en"),
        "survey_version": response.survey_version.number,
        "started_on": response.started_at.date().isoformat(),
        "submitted_on": response.submitted_at.date().isoformat(),
        "channel": response.channel.value,
        "language": response.language,
    }


def as_json(response: Response) -> bytes:
    """The response for its respondent: its details and every answer, as stored and in English words."""
    answers = [{"question_id": row.question_id, "question": _english(row.text), "answer": row.answer,
                "value": row.value}
               for row in answer_rows(response, "en")]
    return (json.dumps({**_summary(response), "answers": answers}, ensure_ascii=False, indent=2) + "\n").encode()


def as_csv(response: Response) -> bytes:
    """As :func:`as_json`, one row per question after the response's details, in English words."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows([_inert(key), _inert(str(value))] for key, value in _summary(response).items())
    writer.writerow([])
    writer.writerow(["question_id", "question", "answer"])
    writer.writerows([_inert(row.question_id), _inert(_english(row.text)), _inert(row.answer.replace("\n", "; "))]
                     for row in answer_rows(response, "en"))
    return out.getvalue().encode("utf-8-sig")  # the byte-order mark makes Excel read UTF-8


def erase(response: Response, user: User, reason: str) -> None:
    """Delete the response and its answers, recording who erased it, when and why."""
    record(user, AuditAction.ERASED, response, reason=reason)
    db.session.delete(response)
    db.session.flush()


def audit_trail(page: int) -> tuple[list[ResponseAuditEvent], int]:
    """One page of the audit trail, newest first, and how many pages there are (at least one)."""
    total = db.session.scalar(select(func.count()).select_from(ResponseAuditEvent))
    query = (select(ResponseAuditEvent).order_by(ResponseAuditEvent.at.desc(), ResponseAuditEvent.id.desc())
             .offset((page - 1) * AUDIT_PAGE_SIZE).limit(AUDIT_PAGE_SIZE)
             .options(selectinload(ResponseAuditEvent.user), selectinload(ResponseAuditEvent.consultation)))
    return list(db.session.scalars(query)), max(1, -(-total // AUDIT_PAGE_SIZE))


def _english(text) -> str:
    return str(surveys.localise(text, "en"))


def _inert(text: str) -> str:
    """Text a spreadsheet program shows as it is, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
