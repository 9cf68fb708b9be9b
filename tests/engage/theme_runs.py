"""Finished theme analyses made directly in the database (no model fitted), for the export and API tests."""

from sqlalchemy import select

from engage.extensions import db
from engage.models import AnalysedAnswer, AnalysisRun, Answer, Response, RunStatus, SetBy, Theme, ThemeAssignment
from engage.models.base import utcnow
from tests.engage.workspace_data import add_answers

PHONE_LABEL = "Ring 07700 900123 about parking"


def answer_ids(consultation, question="one_thing") -> list[int]:
    """The question's answers, in the order of their responses' keys (the exports' order)."""
    return list(db.session.scalars(select(Answer.id).join(Response, Response.id == Answer.response_id).where(
        Response.consultation_id == consultation.id, Answer.question_id == question).order_by(Response.id)))


def make_run(consultation, groups, question="one_thing", agreed=(), status=RunStatus.FINISHED):
    """A run of ``question`` with a theme per (label, number of answers) in ``groups``: the answers in key order
    fill the themes in turn; the first answer is also in the second theme (a second, not primary, placement)."""
    ids = answer_ids(consultation, question)
    run = AnalysisRun(consultation_id=consultation.id, question_ids=[question], parameters={"random_state": 0},
                      status=status, attempt=1, step="finished", quality={}, package_version="test",
                      finished_at=utcnow() if status is RunStatus.FINISHED else None)
    db.session.add(run)
    db.session.flush()
    db.session.add_all(AnalysedAnswer(run_id=run.id, answer_id=a, language="en", position="neutral") for a in ids)
    start = 0
    for position, (label, n) in enumerate(groups):
        theme = Theme(run=run, position=position, label=label, description=f"About {label} (call 0161 496 0000)",
                      top_terms=label.lower().split()[:3], agreed=label in agreed,
                      quotes=[{"answer_id": ids[start], "quote": "Dr Patel said ring 07700 900123"}])
        theme.assignments = [ThemeAssignment(answer_id=a, weight=0.5 + i / 100, is_primary=True,
                                             set_by=SetBy.MACHINE) for i, a in enumerate(ids[start:start + n])]
        if position == 1:
            theme.assignments.append(ThemeAssignment(answer_id=ids[0], weight=1.0, is_primary=False,
                                                     set_by=SetBy.PERSON))
        db.session.add(theme)
        start += n
    db.session.commit()
    return run


def residents_run(n=20, groups=(("Parking", 12), (PHONE_LABEL, 5)), agreed=("Parking",)):
    consultation = add_answers(answers=[f"Answer number {i}" for i in range(n)])
    return make_run(consultation, groups, agreed=agreed)
