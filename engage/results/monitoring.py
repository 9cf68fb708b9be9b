"""While a resident consultation is open: responses over time and by group, and where people stop.

Staff surveys never get these (a ballot box: nothing about when or how anyone answered). Counts by
channel, language and neighbourhood are suppressed like every other count. Functions never commit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

import numpy as np
from sqlalchemy import func, select, text

from analysis.disclosure import overall_mask
from engage import answer_counts as queries
from engage.answer_counts import Split
from engage.answering.services import load_survey
from engage.extensions import db
from engage.models import Channel, Consultation, Draft

WEEKS_FROM_DAYS = 31  # longer than this, responses over time are counted per week


@dataclass
class Period:
    start: date
    count: int


@dataclass
class DropOff:
    page: str | None  # the page id; None for unfinished responses with no answer yet
    title: object
    count: int


def over_time(consultation: Consultation, tz: tzinfo, today: date) -> tuple[str, list[Period]]:
    """("day" or "week", responses sent in each, from the first day to ``today``), in local days."""
    queries.without_jit()
    hour = queries.sql("hour")
    query = text(f"SELECT {hour} AS h, count(*) FROM response r WHERE r.consultation_id = :cid GROUP BY h")
    by_day: Counter = Counter()
    for stamp, n in db.session.execute(query, {"cid": consultation.id}):
        moment = datetime.strptime(stamp, "%Y-%m-%d %H").replace(tzinfo=UTC)
        by_day[moment.astimezone(tz).date()] += n
    if not by_day:
        return "day", []
    first = min(min(by_day), consultation.opens_on)
    last = max(max(by_day), min(today, consultation.closes_on))
    if (last - first).days > WEEKS_FROM_DAYS:
        weeks: Counter = Counter()
        for day, n in by_day.items():
            weeks[day - timedelta(days=day.weekday())] += n
        start = first - timedelta(days=first.weekday())
        return "week", [Period(start + timedelta(weeks=k), weeks[start + timedelta(weeks=k)])
                        for k in range((last - start).days // 7 + 1)]
    return "day", [Period(first + timedelta(days=k), by_day[first + timedelta(days=k)])
                   for k in range((last - first).days + 1)]


def by_group(consultation: Consultation, split: Split, values: list[str], min_group_size: int
             ) -> list[tuple[str, int | None]]:
    """(value, responses or None when hidden) for each of ``values``, then "" for the rest if any."""
    sizes = queries.group_sizes(consultation.id, split)
    extra = sum(n for group, n in sizes.items() if group not in values)
    keys = values + ([""] if extra else [])
    counts = np.array([sizes.get(value, 0) if value else extra for value in keys], dtype=float)
    hidden = overall_mask(counts, int(counts.sum()), min_group_size)
    return [(value, None if hidden[k] else int(counts[k])) for k, value in enumerate(keys)]


def drop_off(consultation: Consultation, lang: str) -> list[DropOff]:
    """Unfinished online responses by the last page they have an answer on (survey order), per page title."""
    key = queries.sql("draft_key")
    stopped: Counter = Counter()
    titles: dict = {}
    order: list = []
    for version in consultation.versions:
        survey = load_survey(version)
        pages = {q.id: k for k, page in enumerate(survey.pages) for q in page.questions}
        for page in survey.pages:
            if page.id not in titles:
                order.append(page.id)
                titles[page.id] = page.title or (page.questions[0].text if page.questions else page.id)
        waiting = db.session.scalar(select(func.count()).select_from(Draft).where(
            Draft.survey_version_id == version.id, Draft.channel == Channel.ONLINE)) or 0
        if not waiting or not pages:
            continue
        cases = " ".join(f"WHEN {queries._literal(q)} THEN {k}" for q, k in pages.items())
        query = text(f"SELECT idx, count(*) FROM (SELECT d.id, max(CASE {key} {cases} END) AS idx FROM draft d "
                     f"{queries.sql('draft_keys')} WHERE d.survey_version_id = :v AND d.channel = :online "
                     "GROUP BY d.id) t GROUP BY idx")
        counted = 0
        for index, n in db.session.execute(query, {"v": version.id, "online": Channel.ONLINE.value}):
            stopped[None if index is None else survey.pages[int(index)].id] += n
            counted += n
        stopped[None] += waiting - counted
    return [DropOff(None, None, stopped[None])] + [DropOff(page, titles[page], stopped[page]) for page in order]

