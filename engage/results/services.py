"""A consultation's results: counts and shares of closed questions, overall or in one group, suppressed.

Counts come from the database (engage.answer_counts), grouped, and are kept per consultation,
filter and state of its responses, so a page shown again costs one small query. What may be shown
follows analysis.disclosure. Functions never commit and never read the request.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
from cachetools import LRUCache
from sqlalchemy import func, select

import surveys
from analysis.disclosure import group_mask, group_refused, overall_mask
from engage import access
from engage import answer_counts as queries
from engage.answer_counts import ANSWERED, FREE_TEXT_TYPES, Counts
from engage.extensions import db
from engage.groups import CHANNEL_NAMES, Filter, questions_of, size_hidden, split_for  # noqa: F401 (routes use them)
from engage.groups import filters_for as _all_filters
from engage.models import Audience, Consultation, Response, Status

SHOWN_TYPES = queries.CHOICE_TYPES | queries.MULTIPLE_TYPES | queries.PER_ITEM_TYPES | queries.NUMBER_TYPES \
    | FREE_TEXT_TYPES

_cache: LRUCache = LRUCache(maxsize=64)
_cache_lock = threading.Lock()


@dataclass
class Row:
    label: str
    count: int | None  # None when hidden
    share: float | None
    value: str = ""  # the option's code (a number's bin: its index)


@dataclass
class Part:
    """One distribution: a whole question, or one statement of a grid or item of a ranking."""

    label: str | None
    rows: list[Row]
    answered: int | None  # None when hidden
    few: bool = False  # fewer than the minimum answered: nothing is shown
    item: str = ""  # the statement's or item's code ("" for a whole question)

    @property
    def hidden(self) -> bool:
        return any(row.count is None for row in self.rows)


@dataclass
class QuestionResult:
    id: str
    text: str
    type: str
    parts: list[Part] = field(default_factory=list)
    answered: int | None = None

    @property
    def few(self) -> bool:
        return all(part.few for part in self.parts)

    @property
    def free_text(self) -> bool:
        return self.type in FREE_TEXT_TYPES


@dataclass
class Results:
    total: int
    questions: list[QuestionResult]
    chosen: tuple[Filter, str, str] | None = None  # (filter, value, value's label)
    group_size: int | None = None
    refused: bool = False  # the chosen group, or everyone outside it, is smaller than the minimum


class FilterError(ValueError):
    """A filter that does not exist or a value it does not have."""


def shows_results(consultation: Consultation, total: int, min_group_size: int) -> str | None:
    """Why a consultation's results cannot be shown yet ("draft", "open" or "few"), or None."""
    if consultation.status is Status.DRAFT:
        return "draft"
    if consultation.audience is Audience.STAFF:
        if consultation.status is Status.OPEN and not access.interim_results_allowed(consultation):
            return "open"
        if total < min_group_size:
            return "few"
    return None


def filters_for(consultation: Consultation, lang: str, gettext, now: tuple | None = None) -> list[Filter]:
    """The filters a consultation's results offer: none for staff surveys (a ballot box)."""
    if consultation.audience is Audience.STAFF:
        return []
    return _all_filters(consultation, lang, gettext, languages_used(consultation, now))


def _stamp(consultation: Consultation) -> tuple:
    """What changes whenever a response is sent, erased or anonymised: the cached counts' key.

    Staff surveys keep only the day responses were sent, so one erased and another sent the same day
    would leave the count and the latest time as they were: the responses' random keys tell them apart.
    """
    queries.without_jit()
    return tuple(db.session.execute(
        select(func.count(), func.sum(Response.id % 1000003), func.max(Response.submitted_at),
               func.max(Response.anonymised_at))
        .where(Response.consultation_id == consultation.id)).one())


def stamp(consultation: Consultation) -> tuple:
    """The key under which figures of ``consultation``'s responses as they are now are kept."""
    return (consultation.id, *_stamp(consultation))


def remember(key: tuple, compute):
    """``compute()``, or what it gave before under ``key`` (keys hold a :func:`stamp`, so they go stale)."""
    with _cache_lock:
        found = _cache.get(key)
    if found is None:
        found = compute()
        with _cache_lock:
            _cache[key] = found
    return found


def counts(consultation: Consultation, key: str | None, now: tuple | None = None) -> Counts:
    """The consultation's counts split by filter ``key`` (None: not split), kept while no response changes."""
    questions = {qid: q for qid, q in questions_of(consultation).items() if q.type in SHOWN_TYPES}
    types = {qid: q.type for qid, q in questions.items()}
    decimal = frozenset(qid for qid, q in questions.items() if q.options.get("decimal"))
    written = frozenset(qid for qid, q in questions.items() if q.options.get("write_in"))
    return remember(("counts", key, now or stamp(consultation)),
                    lambda: queries.answer_counts(consultation.id, types, split_for(consultation, key), decimal,
                                                  written))


def languages_used(consultation: Consultation, now: tuple | None = None) -> list[str]:
    return remember(("languages", now or stamp(consultation)), lambda: list(db.session.scalars(
        select(Response.language).where(Response.consultation_id == consultation.id).distinct()
        .order_by(Response.language))))


def forget_cached() -> None:
    with _cache_lock:
        _cache.clear()


def _options(question: surveys.Question, lang: str, gettext, found: Counts, item: str) -> list[tuple[str, str]]:
    """(value, label) of the rows of one part: its options, then any value an older definition allowed."""
    if question.type == "ranking":
        options = [(str(rank), gettext("Ranked %(n)d", n=rank)) for rank in range(1, len(question.choices) + 1)]
    elif question.type == "number":
        options = _bins(question, found, gettext)
    else:
        options = [(c.value, str(c.label(lang, gettext))) for c in question.choices]
    known = {value for value, _label in options}
    seen = sorted({value for value, _g in found.by_part().get((question.id, item), {})} - known)
    return options + [(value, value) for value in seen]


def _bins(question, found: Counts, gettext) -> list[tuple[str, str]]:
    if question.id not in found.bins:
        return []
    low, width = found.bins[question.id]
    whole = not question.options.get("decimal")
    last = max((int(v) for v, _g in found.by_part().get((question.id, ""), {})), default=0)
    rows = []
    for index in range(last + 1):
        start = low + index * width
        if whole and width == 1:
            label = _number(start)
        elif whole:
            label = gettext("%(low)s to %(high)s", low=_number(start), high=_number(start + width - 1))
        else:
            label = gettext("%(low)s to under %(high)s", low=_number(start), high=_number(start + width))
        rows.append((str(index), label))
    return rows


def _number(value: float) -> str:
    from flask_babel import format_decimal

    return format_decimal(int(value) if float(value).is_integer() else value)


def _items(question: surveys.Question, lang: str, gettext) -> list[tuple[str, str | None]]:
    if question.type == "grid":
        return [(s.value, str(s.label(lang, gettext))) for s in question.statements]
    if question.type == "ranking":
        return [(c.value, str(c.label(lang, gettext))) for c in question.choices]
    return [("", None)]


def results(consultation: Consultation, lang: str, gettext, min_group_size: int,
            chosen: tuple[str, str] | None = None, now: tuple | None = None) -> Results:
    """Every shown question's counts, overall or for the group ``chosen`` = (filter key, value)."""
    now = now or stamp(consultation)
    questions = {qid: q for qid, q in questions_of(consultation).items() if q.type in SHOWN_TYPES}
    overall = counts(consultation, None, now)
    picked = None
    if chosen is not None:
        filters = {f.key: f for f in filters_for(consultation, lang, gettext, now)}
        key, value = chosen
        if key not in filters or value not in dict(filters[key].options):
            raise FilterError(key)
        picked = (filters[key], value, dict(filters[key].options)[value])
    result = Results(total=overall.total, questions=[], chosen=picked)
    split = None
    if picked is not None:
        split = counts(consultation, picked[0].key, now)
        result.group_size = split.sizes.get(picked[1], 0)
        if group_refused(result.group_size, split.total, min_group_size) or size_hidden(split, picked[1],
                                                                                        min_group_size):
            result.refused = True
            return result
    for qid, question in questions.items():
        shown = QuestionResult(id=qid, text=surveys.localise(question.text, lang), type=question.type)
        for item, item_label in ([("", None)] if shown.free_text else _items(question, lang, gettext)):
            options = [] if shown.free_text else _options(question, lang, gettext, overall, item)
            part = part_of(qid, item, item_label, options, question, overall, split, picked, min_group_size)
            shown.parts.append(part)
        shown.answered = shown.parts[0].answered if len(shown.parts) == 1 else _max_answered(shown.parts)
        result.questions.append(shown)
    return result


def _max_answered(parts: list[Part]) -> int | None:
    known = [part.answered for part in parts if part.answered is not None]
    return max(known) if known and len(known) == len(parts) else None


def _answered(found: Counts, question, item: str, group: str | None) -> int:
    """Responses (in ``group``, or all) answering the question, or for grids and rankings this item."""
    if question.type not in queries.CHOICE_TYPES | queries.PER_ITEM_TYPES:
        item = ANSWERED  # a multiple choice's rows add up to more than its answers; free text has no rows
    cells = found.by_part().get((question.id, item), {})
    return sum(n for (_v, g), n in cells.items() if group is None or g == group)


def _share(count: float, answered: float) -> float:
    return count / answered if answered else 0.0


def part_of(qid, item, item_label, options, question, overall: Counts, split: Counts | None, picked,
            minimum: int) -> Part:
    """One distribution's rows, suppressed overall or in the ``picked`` group of ``split``."""
    values = [value for value, _label in options]
    by_value = dict.fromkeys(values, 0)
    for (v, _g), n in overall.by_part().get((qid, item), {}).items():
        by_value[v] = by_value.get(v, 0) + n
    totals = np.array([by_value[value] for value in values], dtype=float)
    answered = _answered(overall, question, item, None)
    hidden = overall_mask(totals, answered, minimum)
    if split is None:
        return Part(item_label, [Row(label, None if hidden[k] else int(totals[k]),
                                     None if hidden[k] else _share(totals[k], answered), value)
                                 for k, (value, label) in enumerate(options)],
                    answered if answered >= minimum else None, few=answered < minimum, item=item)
    groups = sorted(set(split.sizes) | {""})
    matrix = np.zeros((len(values), len(groups)))
    index = {value: k for k, value in enumerate(values)}
    column = {group: j for j, group in enumerate(groups)}
    for (v, g), n in split.by_part().get((qid, item), {}).items():
        if v in index:
            matrix[index[v], column.get(g, column[""])] += n
    group_answered = np.array([_answered(split, question, item, g) for g in groups], dtype=float)
    mask = group_mask(matrix, group_answered, hidden if answered >= minimum else np.ones(len(values), bool),
                      minimum)
    j = column[picked[1]]
    n = int(group_answered[j])
    answered_shown = None if mask[-1, j] else n
    # A share over a hidden denominator would give it back (count / share), so shares go with it.
    return Part(item_label, [Row(label, None if mask[k, j] else int(matrix[k, j]),
                                 None if mask[k, j] or answered_shown is None else _share(matrix[k, j], n), value)
                             for k, (value, label) in enumerate(options)], answered_shown, few=n < minimum,
                item=item)
