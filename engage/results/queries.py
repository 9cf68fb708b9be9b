"""Counts of closed answers computed in the database, on SQLite and PostgreSQL alike. Never commits.

Answers are JSON; each dialect has its own functions to read them, so the SQL is built from
fragments per dialect. Nothing here loads answers into Python: every query returns grouped counts.
"""

from __future__ import annotations

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

# Per dialect: a choice read from answer `{a}` (plain value, or {"choice": ...} with a write-in); the rows of
# a multiple choice (alias e, column v); the items of a grid or ranking (alias e, columns k and v); a number.
DIALECTS = {
    "postgresql": {
        "choice": "CASE json_typeof({a}.value) WHEN 'object' THEN {a}.value->>'choice' ELSE {a}.value#>>'{{}}' END",
        "each_choice": ("CROSS JOIN LATERAL json_array_elements_text(CASE json_typeof(a.value) "
                        "WHEN 'object' THEN a.value->'choices' WHEN 'array' THEN a.value ELSE '[]'::json END)"
                        " AS e(v)"),
        "each_item": ("CROSS JOIN LATERAL json_each_text(CASE json_typeof(a.value) WHEN 'object' THEN a.value "
                      "ELSE '{}'::json END) AS e(k, v)"),
        "choice_value": "e.v",
        "item_key": "e.k",
        "item_value": "e.v",
        "number": "CASE json_typeof(a.value) WHEN 'number' THEN CAST(a.value#>>'{}' AS double precision) END",
        "floor": "floor({x})",
        "hour": "to_char(r.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24')",
        "draft_keys": "CROSS JOIN LATERAL json_object_keys(CASE json_typeof(d.answers) WHEN 'object' THEN "
                      "d.answers ELSE '{}'::json END) AS e(k)",
    },
    "sqlite": {
        "choice": ("CASE json_type({a}.value) WHEN 'object' THEN json_extract({a}.value, '$.choice') "
                   "ELSE json_extract({a}.value, '$') END"),
        "each_choice": (", json_each(CASE json_type(a.value) WHEN 'object' THEN json_extract(a.value, '$.choices') "
                        "WHEN 'array' THEN a.value ELSE '[]' END) AS e"),
        "each_item": ", json_each(CASE json_type(a.value) WHEN 'object' THEN a.value ELSE '{}' END) AS e",
        "choice_value": "e.value",
        "item_key": "e.key",
        "item_value": "CAST(e.value AS TEXT)",
        "number": ("CASE WHEN json_type(a.value) IN ('integer', 'real') THEN CAST(json_extract(a.value, '$') AS REAL) "
                   "END"),
        "floor": "CAST({x} AS INTEGER)",  # x is never negative here, so truncation is the floor
        "hour": "strftime('%Y-%m-%d %H', r.submitted_at)",
        "draft_keys": ", json_each(CASE json_type(d.answers) WHEN 'object' THEN d.answers ELSE '{}' END) AS e",
    },
}


def without_jit() -> None:
    """On PostgreSQL, for the rest of the transaction: compiling these aggregates to machine code takes
    longer than running them (seconds on 100,000 responses, for milliseconds saved)."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL jit = off"))


def sql(name: str) -> str:
    return DIALECTS[db.engine.dialect.name][name]


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True)
class Split:
    """How responses are grouped: by a response column, or by the answer to a question (mapped or not)."""

    column: str | None = None  # "channel" or "language"
    question_ids: tuple = ()  # the question whose answer is the group (the first one answered counts)
    mapping: tuple = ()  # (answer, group) pairs, e.g. ward -> neighbourhood; answers not listed are no group

    def expression(self) -> tuple[str, str]:
        """(group expression, joins) over response r."""
        if self.column:
            return f"r.{self.column}", ""
        if not self.question_ids:
            return "''", ""
        ids = ", ".join(_literal(qid) for qid in self.question_ids)
        join = f"LEFT JOIN answer g ON g.response_id = r.id AND g.question_id IN ({ids})"
        choice = sql("choice").format(a="g")
        if self.mapping:
            cases = " ".join(f"WHEN {_literal(k)} THEN {_literal(v)}" for k, v in self.mapping)
            choice = f"CASE {choice} {cases} END"
        return f"COALESCE({choice}, '')", join


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


def number_bins(consultation_id: int, question_ids: list[str], decimal=frozenset()) -> dict[str, tuple[float, float]]:
    """(low, width) of at most MAX_BINS equal bins with round edges, per number question answered
    (``decimal``: the questions whose answers may have decimals; the others' bins hold whole numbers)."""
    if not question_ids:
        return {}
    query = text(f"SELECT a.question_id, min(n), max(n) FROM (SELECT a.question_id, {sql('number')} AS n "
                 "FROM answer a JOIN response r ON r.id = a.response_id WHERE r.consultation_id = :cid "
                 "AND a.question_id IN :ids) a WHERE n IS NOT NULL GROUP BY a.question_id"
                 ).bindparams(bindparam("ids", expanding=True))
    bins = {}
    for qid, low, high in db.session.execute(query, {"cid": consultation_id, "ids": question_ids}):
        whole = qid not in decimal
        width = _round_width((high - low) / MAX_BINS, whole) if high > low else 1.0
        start = (low // width) * width
        while start + width * MAX_BINS <= high:  # the rounded start can leave the top outside
            width = _round_width(width * 1.01, whole)
            start = (low // width) * width
        bins[qid] = (float(start), float(width))
    return bins


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
        sizes[grp or ""] += n
    return sizes


def answer_counts(consultation_id: int, types: dict[str, str], split: Split, decimal=frozenset()) -> Counts:
    """Every closed answer counted by question, item, value and group, and every question's answers."""
    without_jit()
    by_kind = {kind: sorted(q for q, t in types.items() if t in kinds) for kind, kinds in (
        ("choice", CHOICE_TYPES), ("multiple", MULTIPLE_TYPES), ("item", PER_ITEM_TYPES),
        ("number", NUMBER_TYPES))}
    counted = sorted(q for q, t in types.items() if t in MULTIPLE_TYPES | NUMBER_TYPES | FREE_TEXT_TYPES)
    result = Counts(bins=number_bins(consultation_id, by_kind["number"], decimal))
    base = "FROM answer a JOIN resp ON resp.id = a.response_id"
    selects, params = [], {"cid": consultation_id}
    if by_kind["choice"]:
        selects.append(f"SELECT a.question_id, '', {sql('choice').format(a='a')}, resp.grp, count(*) {base} "
                       "WHERE a.question_id IN :choice GROUP BY 1, 2, 3, 4")
    if by_kind["multiple"]:
        selects.append(f"SELECT a.question_id, '', {sql('choice_value')}, resp.grp, count(*) {base} "
                       f"{sql('each_choice')} WHERE a.question_id IN :multiple GROUP BY 1, 2, 3, 4")
    if by_kind["item"]:
        selects.append(f"SELECT a.question_id, {sql('item_key')}, {sql('item_value')}, resp.grp, count(*) {base} "
                       f"{sql('each_item')} WHERE a.question_id IN :item GROUP BY 1, 2, 3, 4")
    if result.bins:
        number = sql("number")
        cases = " ".join(f"WHEN {_literal(q)} THEN {sql('floor').format(x=f'({number} - {low!r}) / {width!r}')}"
                         for q, (low, width) in result.bins.items())
        selects.append(f"SELECT a.question_id, '', CAST(CASE a.question_id {cases} END AS TEXT), resp.grp, "
                       f"count(*) {base} WHERE a.question_id IN :number AND {number} IS NOT NULL "
                       "GROUP BY 1, 2, 3, 4")
        by_kind["number"] = sorted(result.bins)
    if counted:
        selects.append(f"SELECT a.question_id, '{ANSWERED}', '', resp.grp, count(*) {base} "
                       "WHERE a.question_id IN :counted GROUP BY 1, 2, 3, 4")
    resp = _responses(split)
    result.sizes = group_sizes(consultation_id, split)
    if not selects:
        return result
    names = {"choice": by_kind["choice"], "multiple": by_kind["multiple"], "item": by_kind["item"],
             "number": by_kind["number"], "counted": counted}
    query = text(f"{resp} " + " UNION ALL ".join(selects)).bindparams(
        *[bindparam(name, expanding=True) for name in names if f":{name}" in " ".join(selects)])
    params |= {name: ids for name, ids in names.items() if f":{name}" in " ".join(selects)}
    for qid, item, value, grp, n in db.session.execute(query, params):
        if value is None:
            continue  # not an answer this question's type gives (data from an older definition)
        value = str(value)
        if qid in result.bins and item == "":
            value = str(int(float(value)))
        result.cells[(qid, item or "", value, grp or "")] += n
    return result
