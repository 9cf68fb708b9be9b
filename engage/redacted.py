"""What a respondent wrote in an answer, with personal details redacted: worked out once, when the answer
is stored (``Answer.redacted``), so exports read it instead of redacting every written answer again."""

from __future__ import annotations

import sqlalchemy as sa

import surveys
from analysis.redact import redact

FREE_TEXT_TYPES = ("short_text", "long_text")
BATCH = 1000

# The columns this needs, as migration 0015 left them (it runs this too, before the models may match).
_answer = sa.table("answer", sa.column("id", sa.BigInteger), sa.column("response_id", sa.BigInteger),
                   sa.column("question_id", sa.String), sa.column("value", sa.JSON), sa.column("redacted", sa.Text))
_response = sa.table("response", sa.column("id", sa.BigInteger), sa.column("survey_version_id", sa.Integer))
_version = sa.table("survey_version", sa.column("id", sa.Integer), sa.column("definition", sa.JSON))


def is_written(question, value) -> bool:
    """Whether the answer holds text the respondent wrote: free text, or the text beside "Other"."""
    return question.type in FREE_TEXT_TYPES or bool(isinstance(value, dict) and value.get("other"))


def english_text(question, value) -> str:
    """The answer in English words on one line (its lines joined by "; ")."""
    lines = surveys.display_answer(question, value, "en").split("\n")
    return "; ".join(line for line in lines if line.strip())


def redacted_text(question, value) -> str | None:
    """The answer in English words with what the respondent wrote redacted, or None when they wrote
    nothing (closed answers need no redaction: their labels come from the consultation)."""
    if question is None or value is None or surveys.is_empty(question, value) or not is_written(question, value):
        return None
    return redact(english_text(question, value))


def store_redacted(connection, batch: int = BATCH) -> int:
    """Work out again and store the redacted text of every answer someone wrote something in, ``batch``
    answers at a time in key order (after migration 0015, or once the redactor finds more); returns how
    many changed. Runs in the caller's transaction."""
    questions = {}  # survey version id -> {question id: question}, those an answer can be written in
    for version_id, definition in connection.execute(sa.select(_version.c.id, _version.c.definition)):
        questions[version_id] = {q.id: q for q in surveys.Survey.from_dict(definition).questions
                                 if q.qtype.takes_answer and (q.type in FREE_TEXT_TYPES or q.choices)}
    wanted = sorted({qid for found in questions.values() for qid in found})
    if not wanted:
        return 0
    query = (sa.select(_answer.c.id, _answer.c.question_id, _answer.c.value, _answer.c.redacted,
                       _response.c.survey_version_id)
             .join(_response, _response.c.id == _answer.c.response_id)
             .where(_answer.c.question_id.in_(wanted)).order_by(_answer.c.id).limit(batch))
    change = _answer.update().where(_answer.c.id == sa.bindparam("key")).values(redacted=sa.bindparam("text"))
    after, stored = None, 0
    while rows := connection.execute(query if after is None else query.where(_answer.c.id > after)).all():
        updates = [{"key": key, "text": text} for key, qid, value, before, version_id in rows
                   if (text := redacted_text(questions.get(version_id, {}).get(qid), value)) != before]
        if updates:
            connection.execute(change, updates)
            stored += len(updates)
        after = rows[-1].id
    return stored
