"""The respondents' profile of a consultation, by channel group, set against the census. Never commits.

The comparison itself is :func:`analysis.representation.compare_counts`; this module counts, in the database,
the answers to the equality questions (``surveys.equality_questions``, ids ``eq_*``) and the ward question.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

import pandas as pd
from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import aliased

import surveys
from analysis import representation
from engage.answering.counts import ENTERED_CHANNELS
from engage.answering.services import load_survey
from engage.extensions import db
from engage.models import Answer, Channel, Consultation, Response
from surveys.reference import ward_neighbourhood

ONLINE, ENTERED = "online", "entered"
GROUPS = (ONLINE, ENTERED)
# The equality question each variable comes from (disability is worked out from two).
QUESTIONS = {"age": "eq_age", "sex": "eq_sex", "ethnic_group": "eq_ethnic_group", "unpaid_care": "eq_unpaid_care",
             "religion": "eq_religion"}
CONDITION, IMPACT = "eq_condition", "eq_condition_impact"
DISABILITY = {"a_lot": "limited_a_lot", "a_little": "limited_a_little", "not_at_all": "not_limited"}
NOT_IN_TRAFFORD = "not_in_trafford"
DEFAULT_MARGIN = 20  # per cent, relative to the census share
CHART_WIDTH, CHART_VALUE_WIDTH, CHART_ROW_HEIGHT, CHART_LEGEND_HEIGHT = 400, 64, 64, 30


@cache
def census() -> pd.DataFrame:
    return representation.census_profile()


def ward_questions(consultation: Consultation) -> list[str]:
    """Ids of the ward question (the first, if a survey asks two) in each version of ``consultation``'s survey."""
    ids = []
    for version in consultation.versions:
        first = next((q.id for q in load_survey(version).questions if q.type == "ward"), None)
        if first is not None and first not in ids:
            ids.append(first)
    return ids


def _text(column):
    """A JSON answer as its JSON text ('"female"'): JSON cannot be grouped on PostgreSQL, its text can."""
    return cast(column, Text)


def _residents(consultation: Consultation, wards: list[str]):
    """The conditions for responses to ``consultation`` from people who did not say they live outside Trafford."""
    outside = select(Answer.response_id).where(Answer.question_id.in_(wards),
                                               _text(Answer.value) == json.dumps(NOT_IN_TRAFFORD))
    return Response.consultation_id == consultation.id, Response.id.not_in(outside)


def _group(channel) -> str:
    return ENTERED if Channel(channel) in ENTERED_CHANNELS else ONLINE


def counts(consultation: Consultation) -> tuple[pd.DataFrame, dict[str, int]]:
    """Responses per variable, category and channel group (counted by the database), and per channel.

    Responses from people who said they do not live in Trafford are left out (the census is of residents).
    Returns ``variable``, ``category``, ``group``, ``count`` rows, and channel -> responses counted.
    """
    wards = ward_questions(consultation)
    residents = _residents(consultation, wards)
    variable_of = {question: variable for variable, question in QUESTIONS.items()} | dict.fromkeys(wards, "ward")
    rows = []
    value = _text(Answer.value).label("value")
    answered = (select(Response.channel, Answer.question_id, value, func.count())
                .join(Answer, Answer.response_id == Response.id)
                .where(*residents, Answer.question_id.in_(list(variable_of)))
                .group_by(Response.channel, Answer.question_id, value))
    for channel, question_id, text, n in db.session.execute(answered):
        value = json.loads(text)
        if variable_of[question_id] == "ward":
            rows.append(("neighbourhood", ward_neighbourhood(value) if isinstance(value, str) else None,
                         _group(channel), n))
        else:
            rows.append((variable_of[question_id], value, _group(channel), n))
    condition, impact = aliased(Answer), aliased(Answer)
    given, limits = _text(condition.value).label("given"), _text(impact.value).label("limits")
    disability = (select(Response.channel, given, limits, func.count())
                  .join(condition, (condition.response_id == Response.id) & (condition.question_id == CONDITION))
                  .outerjoin(impact, (impact.response_id == Response.id) & (impact.question_id == IMPACT))
                  .where(*residents)
                  .group_by(Response.channel, given, limits))
    for channel, has_condition, limited, n in db.session.execute(disability):
        rows.append(("disability", _disability(json.loads(has_condition), json.loads(limited) if limited else None),
                     _group(channel), n))
    frame = pd.DataFrame(rows, columns=["variable", "category", "group", "count"]).dropna(subset=["category"])
    frame = frame.astype({"category": str}).groupby(["variable", "category", "group"], as_index=False)["count"].sum()
    by_channel = dict.fromkeys((channel.value for channel in Channel), 0)
    for channel, n in db.session.execute(select(Response.channel, func.count()).where(*residents)
                                         .group_by(Response.channel)):
        by_channel[Channel(channel).value] = n
    return frame, by_channel


def _disability(condition, impact):
    if condition == "no":
        return "no_condition"
    return DISABILITY.get(impact) if condition == "yes" else None


def parse_margin(text: str | None) -> float | None:
    """The margin in per cent from what was typed ("20", "12.5", "20%"), or None if it is not one from 0 to 99."""
    text = (text or "").strip().removesuffix("%").strip()
    try:
        margin = float(text)
    except ValueError:
        return None
    return margin if 0 <= margin < 100 else None


@dataclass
class Profile:
    table: pd.DataFrame  # analysis.representation.compare's table
    groups: list[str]  # channel groups with responses, in order
    by_channel: dict[str, int]  # responses counted, per channel
    left_out: int  # responses from outside Trafford


def profile(consultation: Consultation, margin: float, min_cell: int) -> Profile:
    """The respondents of ``consultation`` against the census, flagging groups more than ``margin`` per cent short."""
    frame, by_channel = counts(consultation)
    total = db.session.scalar(select(func.count()).select_from(Response)
                              .where(Response.consultation_id == consultation.id)) or 0
    groups = [group for group in GROUPS if any(n for channel, n in by_channel.items() if _group(channel) == group)]
    table = representation.compare_counts(frame, census(), margin=margin / 100, min_cell=min_cell, groups=groups)
    return Profile(table, groups, by_channel, total - sum(by_channel.values()))


@dataclass
class Bar:
    label: object
    y: int
    respondents: float | None  # share, or None when hidden
    census: float
    under: bool


def chart(table: pd.DataFrame, variable: str, labels: dict) -> dict:
    """Geometry for one variable's bar chart: a respondents' bar and a census bar per category."""
    rows = table[(table["variable"] == variable) & (table["category"] != representation.TOTAL)]
    top = max([1e-9, *rows["census_share"], *rows["share"].dropna()])
    bars = [Bar(labels.get(row.category, row.category), CHART_LEGEND_HEIGHT + index * CHART_ROW_HEIGHT,
                None if pd.isna(row.share) else float(row.share), float(row.census_share), row.status == "under")
            for index, row in enumerate(rows.itertuples())]
    return {"bars": bars, "width": CHART_WIDTH, "height": CHART_LEGEND_HEIGHT + len(bars) * CHART_ROW_HEIGHT,
            "scale": (CHART_WIDTH - CHART_VALUE_WIDTH) / top}


def label_of(choices) -> dict:
    """Category code -> its text mapping, from a question's choices in the equality library."""
    return {choice["value"]: choice["text"] for choice in choices}


@cache
def library_labels() -> dict[str, dict]:
    """Per variable, its categories' text mappings as the equality questions word them."""
    questions = {q["id"]: q for page in surveys.equality_questions() for q in page["questions"]}
    return {variable: label_of(questions[question]["choices"]) for variable, question in QUESTIONS.items()}


def _value(value):
    return None if pd.isna(value) else value


def rows_of(profile: Profile, variable: str) -> list[dict]:
    """One variable's rows for a page: plain values, None where hidden or not applicable.

    ``counts`` has a count per channel group then all of them, or only the latter when there is one group.
    """
    columns = [*profile.groups, representation.ALL] if len(profile.groups) > 1 else [representation.ALL]
    table = profile.table[profile.table["variable"] == variable]
    return [{"category": row["category"], "total": row["category"] == representation.TOTAL,
             "counts": [_value(row[column]) for column in columns], "share": _value(row["share"]),
             "census_share": float(row["census_share"]), "expected": _value(row["expected"]),
             "status": row["status"], "hidden_upto": _value(row["hidden_upto"])}
            for _, row in table.iterrows()]
