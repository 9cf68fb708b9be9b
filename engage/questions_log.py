"""A change case's questions log: staff ask (anonymously unless they choose), officers answer. Never commits."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from engage.extensions import db
from engage.models import CaseQuestion, ChangeCase, User

MAX_LENGTH = 2000


def ask(case: ChangeCase, question: str, asked_by: str | None, today: date) -> CaseQuestion:
    """Store a question; ``asked_by`` is the asker's name only when they chose to give it."""
    row = CaseQuestion(case_id=case.id, question=question.strip(), asked_by=asked_by, asked_on=today)
    db.session.add(row)
    db.session.flush()
    return row


def answer(question: CaseQuestion, text: str, officer: User, today: date) -> None:
    """Answer (or correct the answer to) a question; it then appears in the case's FAQ with the day."""
    question.answer, question.answered_on, question.answered_by_id = text.strip(), today, officer.id
    db.session.flush()


def all_questions(case: ChangeCase) -> list[CaseQuestion]:
    """Every question, those still waiting for an answer first, the oldest first."""
    query = select(CaseQuestion).where(CaseQuestion.case_id == case.id)
    rows = list(db.session.scalars(query.order_by(CaseQuestion.asked_on, CaseQuestion.id)))
    return [q for q in rows if q.answer is None] + [q for q in rows if q.answer is not None]


def faq(case: ChangeCase) -> list[CaseQuestion]:
    """The answered questions, the latest answer first: what every affected member of staff reads."""
    query = (select(CaseQuestion).where(CaseQuestion.case_id == case.id, CaseQuestion.answer.is_not(None))
             .order_by(CaseQuestion.answered_on.desc(), CaseQuestion.id.desc()))
    return list(db.session.scalars(query))


def find(case: ChangeCase, question_id: int) -> CaseQuestion | None:
    row = db.session.get(CaseQuestion, question_id)
    return row if row is not None and row.case_id == case.id else None
