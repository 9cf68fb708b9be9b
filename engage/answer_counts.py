"""Counts of closed answers computed in the database, on SQLite and PostgreSQL alike. Never commits.

Answers are JSON; each dialect has its own functions to read them, so the SQL is built from
fragments per dialect. Nothing here loads answers into Python: every query returns grouped counts.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import bindparam, text

from engage.extensions import db

CHOICE_TYPES = frozenset({"single_choice", "dropdown", "yes_no", "agreement_scale", "ward"})
MULTIPLE_TYPES = frozenset({"multiple_choice"})
PER_ITEM_TYPES = frozenset({"grid", "ranking"})
NUMBER_TYPES = frozenset({"number"})
FREE_TEXT_TYPES = frozenset({"short_text", "long_text"})
ANSWERED = "#answered"  # the item of the rows counting answers to a question
MAX_BINS = 10

# Per dialect: an answer's stored JSON as text (`{a}` the answer's alias), the same with a written-in "other"
# dropped (the choice or choices alone, from {"choice": ..., "other": ...}), and the hour a response was sent.
DIALECTS = {
    "postgresql": {
        "raw": "{a}.value::text",
        "chosen": "COALESCE({a}.value->'choice', {a}.value->'choices')::text",
        "is_object": "json_typeof({a}.value) = 'object'",
        "hour": "to_char(r.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24')",
        "draft_keys": "CROSS JOIN LATERAL json_object_keys(CASE json_typeof(d.answers) WHEN 'object' THEN "
                      "d.answers ELSE '{{}}'::json END) AS e(k)",
        "draft_key": "e.k",
    },
    "sqlite": {
        "raw": "{a}.value",
        "chosen": "COALESCE(json_extract({a}.value, '$.choice'), json_extract({a}.value, '$.choices'))",
        "is_object": "json_type({a}.value) = 'object'",
        "hour": "strftime('%Y-%m-%d %H', r.submitted_at)",
        "draft_keys": ", json_each(CASE json_type(d.answers) WHEN 'object' THEN d.answers ELSE '{{}}' END) AS e",
        "draft_key": "e.key",
    },
}


def without_jit() -> None:
    """On PostgreSQL, for the rest of the transaction: compiling these aggregates to machine code takes
    longer than running them (seconds on 100,000 responses, for milliseconds saved)."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL jit = off"))


def sql(name: str, alias: str = "a") -> str:
    return DIALECTS[db.engine.dialect.name][name].format(a=alias)


def _value_text(alias: str, written: list[str]) -> str:
    """The answer as JSON text, without the text written beside "Other" for the questions ``written``.

    Grouping on the stored text costs the database no JSON parsing: each distinct answer is read once
    in Python. A written-in text would make every such answer distinct, so it is dropped first.
    """
    if not written:
        return sql("raw", alias)
    ids = ", ".join(_literal(qid) for qid in written)
    return (f"CASE WHEN {alias}.question_id IN ({ids}) AND {sql('is_object', alias)} THEN {sql('chosen', alias)} "
            f"ELSE {sql('raw', alias)} END")


def decode(text_value):
    """A value from :func:`_value_text`: JSON, or on SQLite a chosen option already unquoted."""
    if not isinstance(text_value, str):
        return text_value  # SQLite gives a number stored in a JSON column (numeric affinity) as a number
    try:
        return json.loads(text_value)
    except ValueError:
        return text_value


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True)
class Split:
    """How responses are grouped: by a response column, or by the answer to a question (mapped or not)."""

    column: str | None = None  # "channel" or "language"
    question_ids: tuple = ()  # the question whose answer is the group (the first one answered counts)
    mapping: tuple = ()  # (answer, group) pairs, e.g. ward -> neighbourhood; answers not listed are no group
    written: tuple = ()  # the question takes a written-in "other" beside its choice

    def expression(self) -> tuple[str, str]:
        """(group expression, joins) over response r: a column, or the answer as JSON text."""
        if self.column:
            return f"r.{self.column}", ""
        if not self.question_ids:
            return "''", ""
        ids = ", ".join(_literal(qid) for qid in self.question_ids)
        join = f"LEFT JOIN answer g ON g.response_id = r.id AND g.question_id IN ({ids})"
        value = _value_text("g", list(self.written))
        if self.mapping:
            cases = " ".join(f"WHEN {_literal(json.dumps(k))} THEN {_literal(json.dumps(v))}" for k, v in self.mapping)
            value = f"CASE {value} {cases} END"
        return f"COALESCE({value}, '')", join

    def group(self, key) -> str:
        """The group's value as the services know it (answers come as JSON text)."""
        if not key:
            return ""
        if self.column:
            return str(key)
        found = decode(key)
        return "" if isinstance(found, (dict, list)) or found is None else str(found)


@dataclass
class Counts:
    """Grouped counts of one consultation's answers: ``cells[(question, item, value, group)]``; ``sizes[group]``
    responses per group; ``bins[question] = (low, width)`` for numbers."""

    cells: Counter = field(default_factory=Counter)
    sizes: Counter = field(default_factory=Counter)
    bins: dict = field(default_factory=dict)
    _parts: dict | None = field(default=None, repr=False)

    @property
    def total(self) -> int:
        return sum(self.sizes.values())

    def by_part(self) -> dict[tuple[str, str], dict[tuple[str, str], int]]:
        """``{(question, item): {(value, group): n}}``, built once per Counts (they are cached whole)."""
        if self._parts is None:
            parts: dict = {}
            for (qid, item, value, group), n in self.cells.items():
                parts.setdefault((qid, item), {})[(value, group)] = n
            self._parts = parts
        return self._parts


def number_bins(values, whole: bool) -> tuple[float, float]:
    """(low, width) of at most MAX_BINS equal bins with round edges holding every one of ``values``."""
    low, high = min(values), max(values)
    width = _round_width((high - low) / MAX_BINS, whole) if high > low else 1.0
    start = (low // width) * width
    while start + width * MAX_BINS <= high:  # the rounded start can leave the top outside
        width = _round_width(width * 1.01, whole)
        start = (low // width) * width
    return float(start), float(width)


def _round_width(raw: float, whole: bool) -> float:
    """The smallest of 1, 2, 2.5 or 5 times a power of ten that is at least ``raw`` (at least 1 for whole numbers)."""
    if whole and raw <= 1:
        return 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    steps = (1, 2, 5, 10) if whole and power < 10 else (1, 2, 2.5, 5, 10)
    return next(step * power for step in steps if step * power >= raw * (1 - 1e-9))


def _responses(split: Split) -> str:
    group, join = split.expression()
    return f"WITH resp AS (SELECT r.id AS id, {group} AS grp FROM response r {join} WHERE r.consultation_id = :cid)"


def group_sizes(consultation_id: int, split: Split) -> Counter:
    """Responses per group ("" for those in none)."""
    without_jit()
    sizes: Counter = Counter()
    query = text(f"{_responses(split)} SELECT grp, count(*) FROM resp GROUP BY grp")
    for grp, n in db.session.execute(query, {"cid": consultation_id}):
        sizes[split.group(grp)] += n
    return sizes


def answer_counts(consultation_id: int, types: dict[str, str], split: Split, decimal=frozenset(),
                  written=frozenset()) -> Counts:
    """Every closed answer counted by question, item, value and group, and every question's answers.

    ``written``: the questions whose choice can carry a written-in "other" (dropped before counting).
    """
    without_jit()
    result = Counts(sizes=group_sizes(consultation_id, split))
    if not types:
        return result
    free = [qid for qid, kind in types.items() if kind in FREE_TEXT_TYPES]
    value = _value_text("a", sorted(written & set(types)))
    if free:
        value = f"CASE WHEN a.question_id IN ({', '.join(_literal(q) for q in free)}) THEN '' ELSE {value} END"
    query = text(f"{_responses(split)} SELECT a.question_id, {value}, resp.grp, count(*) FROM answer a "
                 "JOIN resp ON resp.id = a.response_id WHERE a.question_id IN :ids GROUP BY 1, 2, 3"
                 ).bindparams(bindparam("ids", expanding=True))
    numbers: dict[str, list] = {}
    for qid, raw, grp, n in db.session.execute(query, {"cid": consultation_id, "ids": sorted(types)}):
        group, kind = split.group(grp), types[qid]
        answer = decode(raw)
        if kind in FREE_TEXT_TYPES | MULTIPLE_TYPES | NUMBER_TYPES:
            result.cells[(qid, ANSWERED, "", group)] += n
        if kind in CHOICE_TYPES and isinstance(answer, (str, int, float)) and not isinstance(answer, bool):
            result.cells[(qid, "", str(answer), group)] += n  # a number: an unquoted choice such as "1" (SQLite)
        elif kind in MULTIPLE_TYPES and isinstance(answer, list):
            for chosen in answer:
                result.cells[(qid, "", str(chosen), group)] += n
        elif kind in PER_ITEM_TYPES and isinstance(answer, dict):
            for item, given in answer.items():
                result.cells[(qid, str(item), str(given), group)] += n
        elif kind in NUMBER_TYPES and isinstance(answer, (int, float)) and not isinstance(answer, bool):
            numbers.setdefault(qid, []).append((answer, group, n))
    for qid, found in numbers.items():
        low, width = result.bins[qid] = number_bins([number for number, _g, _n in found], qid not in decimal)
        for number, group, n in found:
            result.cells[(qid, "", str(int((number - low) // width)), group)] += n
    return result
