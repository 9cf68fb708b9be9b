"""Groups of a consultation's responses: by neighbourhood, by each equality question, by channel or language.

Shared by the results pages and the analysis workspace (answer browser, theme breakdowns), so both offer
the same groups and protect them the same way (analysis.disclosure). Functions never commit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, bindparam, text

import surveys
import surveys.reference
from analysis.disclosure import group_mask, group_refused, overall_mask
from engage.answer_counts import Counts, Split, group_sizes, without_jit
from engage.answering.services import load_survey
from engage.extensions import db
from engage.i18n import LANGUAGES
from engage.labels import NEIGHBOURHOOD_NAMES
from engage.models import Channel, Consultation

EQUALITY_IDS = tuple(q["id"] for page in surveys.equality_questions() for q in page["questions"])
CHANNEL_NAMES = {Channel.ONLINE: _l("Online"), Channel.PAPER: _l("Paper"), Channel.PHONE: _l("Phone"),
                 Channel.ASSISTED: _l("Assisted (in person)")}


@dataclass
class Filter:
    key: str  # "channel", "language", "neighbourhood" or an equality question's id
    label: str
    options: list[tuple[str, str]]  # (value, label)


def questions_of(consultation: Consultation) -> dict[str, surveys.Question]:
    """Every question any version asked (the latest wording), in the latest version's order then the rest."""
    found: dict[str, surveys.Question] = {}
    for version in reversed(consultation.versions):
        for question in load_survey(version).questions:
            found.setdefault(question.id, question)
    return found


def filters_for(consultation: Consultation, lang: str, gettext, languages: list[str]) -> list[Filter]:
    """How they answered, the language they answered in, then :func:`group_filters`."""
    return [
        Filter("channel", gettext("How they answered"), [(c.value, str(CHANNEL_NAMES[c])) for c in Channel]),
        Filter("language", gettext("Language"),
               [(code, LANGUAGES[code].native_name if code in LANGUAGES else code) for code in languages]),
        *group_filters(consultation, lang, gettext),
    ]


def group_filters(consultation: Consultation, lang: str, gettext) -> list[Filter]:
    """Neighbourhood (when a question asks the ward) and each equality question the consultation asked."""
    questions = questions_of(consultation)
    found = []
    if any(q.type == "ward" for q in questions.values()):
        names = [(n, str(NEIGHBOURHOOD_NAMES.get(n, n))) for n in surveys.reference.TRAFFORD_NEIGHBOURHOODS]
        found.append(Filter("neighbourhood", gettext("Neighbourhood"), names))
    for qid in EQUALITY_IDS:
        question = questions.get(qid)
        # Follow-up questions (asked only after some answers) split groups that are small already: not offered.
        if question is not None and not question.show_if:
            found.append(Filter(qid, surveys.localise(question.text, lang),
                                [(c.value, str(c.label(lang, gettext))) for c in question.choices]))
    return found


def split_for(consultation: Consultation, key: str | None) -> Split:
    """How the responses are grouped for the filter ``key`` (None: not grouped)."""
    if key is None:
        return Split()
    if key in ("channel", "language"):
        return Split(column=key)
    questions = questions_of(consultation)
    if key == "neighbourhood":
        wards = tuple(q.id for q in questions.values() if q.type == "ward")[:1]
        return Split(question_ids=wards, mapping=tuple(surveys.reference.WARD_NEIGHBOURHOOD.items()))
    written = (key,) if questions[key].options.get("write_in") else ()
    return Split(question_ids=(key,), written=written)


def size_hidden(split: Counts, group: str, minimum: int) -> bool:
    """Whether a group's size must stay hidden so the other groups' sizes cannot give away a small one."""
    groups = sorted(set(split.sizes) | {group})
    sizes = np.array([split.sizes.get(g, 0) for g in groups], dtype=float)
    return bool(overall_mask(sizes, split.total, minimum)[groups.index(group)])


def group_withheld(consultation: Consultation, split: Split, group: str, minimum: int) -> bool:
    """Whether a group is too small to look into: it, everyone outside it, or its size among the others'."""
    sizes = Counts(sizes=group_sizes(consultation.id, split))
    return group_refused(sizes.sizes.get(group, 0), sizes.total, minimum) or size_hidden(sizes, group, minimum)


def _grouped(split: Split) -> str:
    group, join = split.expression()
    return f"SELECT r.id AS id, {group} AS grp FROM response r {join} WHERE r.consultation_id = :group_cid"


def responses_in(consultation: Consultation, split: Split, group: str):
    """A select of the ids of ``consultation``'s responses in ``group`` (for ``Response.id.in_(...)``)."""
    without_jit()
    query = _grouped(split)
    keys = [raw for (raw,) in db.session.execute(text(f"SELECT DISTINCT grp FROM ({query}) AS resp"),
                                                 {"group_cid": consultation.id}) if split.group(raw) == group]
    return (text(f"SELECT resp.id FROM ({query}) AS resp WHERE resp.grp IN :group_keys")
            .bindparams(bindparam("group_cid", consultation.id), bindparam("group_keys", keys, expanding=True))
            .columns(id=Integer))


@dataclass
class BreakdownRow:
    group: str  # the group's value, "" for responses in none
    label: str
    in_theme: int | None  # None when hidden
    responses: int | None
    share: float | None


def theme_breakdown(theme, split: Split, options: list[tuple[str, str]], none_label: str,
                    minimum: int) -> list[BreakdownRow]:
    """Per group: the run's responses with an answer in ``theme``, the group's responses with an analysed
    answer, and the share; suppressed as the results pages suppress a question split by a filter.

    Counted in the database, in responses (people), not answers: one person may answer two analysed questions.
    """
    without_jit()
    group, join = split.expression()
    query = text(f"SELECT {group} AS grp, count(DISTINCT r.id), "
                 "count(DISTINCT CASE WHEN t.answer_id IS NOT NULL THEN r.id END) "
                 "FROM analysed_answer aa JOIN answer a ON a.id = aa.answer_id JOIN response r ON r.id = a.response_id "
                 f"{join} LEFT JOIN theme_assignment t ON t.answer_id = aa.answer_id AND t.theme_id = :theme "
                 "WHERE aa.run_id = :run GROUP BY 1")
    answered: dict[str, int] = {}
    themed: dict[str, int] = {}
    for raw, n, n_theme in db.session.execute(query, {"theme": theme.id, "run": theme.run_id}):
        key = split.group(raw)
        answered[key] = answered.get(key, 0) + n
        themed[key] = themed.get(key, 0) + n_theme
    groups = [value for value, _label in options] + [""]
    labels = dict(options) | {"": none_label}
    groups += sorted(set(answered) - set(groups))  # a value an older definition allowed
    inside = np.array([themed.get(g, 0) for g in groups], dtype=float)
    sizes = np.array([answered.get(g, 0) for g in groups], dtype=float)
    total, in_theme = int(sizes.sum()), int(inside.sum())
    hidden = overall_mask([in_theme, total - in_theme], total, minimum)
    mask = group_mask(np.vstack([inside, sizes - inside]), sizes, hidden, minimum)
    rows = []
    for j, value in enumerate(groups):
        count = None if mask[0, j] else int(inside[j])
        size = None if mask[-1, j] else int(sizes[j])
        share = count / size if count is not None and size else None
        rows.append(BreakdownRow(value, labels.get(value, value), count, size, share))
    return rows
