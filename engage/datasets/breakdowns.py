"""Counts per closed question, with every count below the minimum group size suppressed, and complementary
suppression (analysis.breakdown.suppression_mask) so no hidden count can be worked out from the total."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

import surveys
from analysis.breakdown import suppression_mask
from engage.answering.services import load_survey
from engage.extensions import db
from engage.models import Answer, Consultation, Response

CLOSED_TYPES = ("single_choice", "dropdown", "yes_no", "agreement_scale", "ward", "multiple_choice", "grid")


def closed_questions(consultation: Consultation) -> dict:
    questions = {}
    for version in consultation.versions:
        for question in load_survey(version).questions:
            if question.type in CLOSED_TYPES and question.id not in questions:
                questions[question.id] = question
    return questions


def breakdowns(consultation: Consultation, min_group_size: int) -> dict:
    """The number of responses and, per closed question (a grid: per statement), each option's count and
    the count of responses without an answer; a suppressed count is None."""
    total = db.session.scalar(select(func.count()).select_from(Response)
                              .where(Response.consultation_id == consultation.id))
    questions = closed_questions(consultation)
    counts = {qid: Counter() for qid in questions}
    if questions:
        query = (select(Answer.question_id, Answer.value).join(Response, Answer.response_id == Response.id)
                 .where(Response.consultation_id == consultation.id, Answer.question_id.in_(list(questions)))
                 .execution_options(yield_per=5000))  # a server-side cursor on PostgreSQL: answers never all in memory
        for qid, value in db.session.execute(query):
            question = questions[qid]
            if value is None or surveys.is_empty(question, value):
                continue
            if question.type == "grid":
                counts[qid].update((statement, option) for statement, option in value.items())
                counts[qid].update((statement, None) for statement in value)
            else:
                counts[qid].update((None, chosen) for chosen in question.qtype.compared_values(question, value))
                counts[qid][(None, None)] += 1
    return {"responses": total, "min_group_size": min_group_size,
            "questions": [_question(question, counts[qid], total, min_group_size)
                          for qid, question in questions.items()]}


def _question(question, counts: Counter, total: int, minimum: int) -> dict:
    items = [(s.value, str(s.label("en"))) for s in question.statements] or [(None, None)]
    table = []
    for item, _ in items:
        answered = counts[(item, None)]
        table.append([counts[(item, choice.value)] for choice in question.choices] + [total - answered])
    hidden = suppression_mask(table, minimum) if table else []
    rows = []
    for (item, label), line, mask in zip(items, table, hidden, strict=True):
        options = [{"code": choice.value, "label": str(choice.label("en")),
                    "count": None if masked else int(n), "suppressed": bool(masked)}
                   for choice, n, masked in zip(question.choices, line, mask, strict=False)]
        rows.append({"item": item, "item_label": label, "options": options,
                     "not_answered": {"count": None if mask[-1] else int(line[-1]), "suppressed": bool(mask[-1])}})
    return {"question": question.id, "text": str(surveys.localise(question.text, "en")), "type": question.type,
            "rows": rows}
