"""Agreed themes made directly (no theme model): a finished run of one question with chosen answers in each theme."""

from sqlalchemy import select

from engage.extensions import db
from engage.models import AnalysisRun, Answer, Response, RunStatus, SetBy, Theme, ThemeAssignment
from engage.models.base import utcnow
from tests.engage.workspace_data import add_answers, analyst

PARKING = "There is never enough parking at the hub, ring me on 07700 900123 or write to jo@example.org"
EVENING = "Please open in the evening after work"
GP = "I cannot get a GP appointment for weeks"
OTHER = "The leaflets were hard to read"


def finished_run(consultation, themes, question="one_thing", finished_at=None) -> AnalysisRun:
    """A finished run of ``question`` with ``themes``: [(label, agreed, words)], each holding the answers
    whose text contains ``words``."""
    run = AnalysisRun(consultation_id=consultation.id, question_ids=[question], parameters={},
                      status=RunStatus.FINISHED, finished_at=finished_at or utcnow(), created_by_id=analyst().id)
    db.session.add(run)
    db.session.flush()
    answers = db.session.execute(select(Answer.id, Answer.value).join(Response).where(
        Response.consultation_id == consultation.id, Answer.question_id == question)).all()
    for position, (label, agreed, words) in enumerate(themes):
        theme = Theme(run_id=run.id, position=position, label=label, description=f"About {label.lower()}.",
                      top_terms=[], quotes=[], agreed=agreed, created_by=SetBy.MACHINE)
        db.session.add(theme)
        db.session.flush()
        db.session.add_all(ThemeAssignment(theme_id=theme.id, answer_id=answer_id, weight=0.9)
                           for answer_id, value in answers if words in value)
    db.session.commit()
    return run


def answers(channel=None, **per_text):
    """Submit ``n`` answers of each text: answers(parking=30, evening=12)."""
    texts = {"parking": PARKING, "evening": EVENING, "gp": GP, "other": OTHER}
    written = [texts[key] for key, n in per_text.items() for _ in range(n)]
    return add_answers(answers=written, **({"channel": channel} if channel else {}))


STANDARD = [("Parking", True, "parking"), ("Evening opening", True, "evening"), ("GP appointments", True, "GP"),
            ("Leaflets", False, "leaflets")]
