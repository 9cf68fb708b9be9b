"""What a staff change case may report, and to whom: its minimum group size (the strictest of the organisations
affected), response rates per affected group from the code ledger, free text of small groups withheld, and the
staff survey's figures and agreed themes for the outcome report. Never commits, never reads the request."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
from flask import current_app
from sqlalchemy import func, select

import surveys
from analysis.breakdown import suppression_mask
from engage.agreed_themes import agreed_themes as shared_agreed_themes
from engage.datasets.breakdowns import breakdowns, closed_questions
from engage.extensions import db
from engage.models import (
    Audience,
    CaseStaff,
    ChangeCase,
    Consultation,
    OrganisationMinimum,
    Response,
    StaffCode,
    Status,
    User,
)
from engage.models.base import utcnow

GROUP_FIELDS = ("organisation", "directorate", "team", "job_role")
# Above this an organisation's minimum would hide every group of most cases: almost certainly a typing error.
LARGEST_MINIMUM = 1000


class MinimumError(ValueError):
    """``reason``: "organisation" (empty or too long), "low" (below the global minimum), "high", "number"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# Minimum group sizes ------------------------------------------------------------------------------------------

def organisation_minimums() -> dict[str, int]:
    rows = db.session.scalars(select(OrganisationMinimum).order_by(OrganisationMinimum.organisation))
    return {row.organisation: row.min_group_size for row in rows}


def known_organisations() -> list[str]:
    """Every organisation on a case's staff list or with a minimum of its own, sorted."""
    listed = set(db.session.scalars(select(CaseStaff.organisation).distinct()))
    return sorted(listed | set(organisation_minimums()), key=str.casefold)


def set_organisation_minimum(organisation: str, value: str | int, actor: User | None, global_minimum: int) -> None:
    """Give ``organisation`` its own minimum (at least ``global_minimum``); the global minimum itself removes it."""
    organisation = (organisation or "").strip()
    if not organisation or len(organisation) > 200:
        raise MinimumError("organisation")
    try:
        number = int(str(value).strip())
    except ValueError:
        raise MinimumError("number") from None
    if number < global_minimum:
        raise MinimumError("low")
    if number > LARGEST_MINIMUM:
        raise MinimumError("high")
    row = db.session.get(OrganisationMinimum, organisation)
    if number == global_minimum:
        if row is not None:
            db.session.delete(row)
    elif row is None:
        db.session.add(OrganisationMinimum(organisation=organisation, min_group_size=number,
                                           set_by_id=actor.id if actor else None, set_at=utcnow()))
    else:
        row.min_group_size, row.set_by_id, row.set_at = number, actor.id if actor else None, utcnow()
    db.session.flush()


def case_minimum(case: ChangeCase, global_minimum: int) -> int:
    """The strictest minimum of the organisations on the case's staff list, never below ``global_minimum``.

    One figure covers a whole case: its groups are counted side by side in one table (and add up to one
    total), so a looser minimum for one organisation's rows would let its neighbours' hidden cells out.
    """
    organisations = {person.organisation for person in case.staff}
    own = organisation_minimums()
    return max([global_minimum] + [own[name] for name in organisations if name in own])


def case_of_survey(consultation: Consultation) -> ChangeCase | None:
    return db.session.scalar(select(ChangeCase).where(ChangeCase.consultation_id == consultation.id))


def survey_minimum(consultation: Consultation, global_minimum: int) -> int:
    """The minimum group size of ``consultation``'s results: its case's, for a case's staff survey."""
    case = case_of_survey(consultation)
    return global_minimum if case is None else case_minimum(case, global_minimum)


def minimum_for(consultation: Consultation) -> int:
    """The minimum group size every page, export and API answer about ``consultation`` applies."""
    return survey_minimum(consultation, current_app.config["MIN_GROUP_SIZE"])


# Response rates ------------------------------------------------------------------------------------------------

@dataclass
class RateRow:
    group: tuple[str, str, str, str]
    invited: int
    answered: int | None  # None when hidden
    rate: float | None


@dataclass
class ResponseRates:
    rows: list[RateRow]
    invited: int
    answered: int | None  # None when fewer than the minimum have answered, or all but fewer than it
    rate: float | None
    minimum: int

    @property
    def hidden(self) -> bool:
        return any(row.answered is None for row in self.rows)


def rate_table(groups: list[tuple], invited: list[int], answered: list[int], minimum: int) -> ResponseRates:
    """Answered and not answered per group, suppressed with the groups' invited counts and the totals published.

    A group invited fewer than ``minimum`` is hidden whole; then any count below it, and enough others
    that none can be worked out by subtraction from a row (invited) or a column (all who answered).
    """
    invited_arr = np.array(invited, dtype=float)
    table = np.column_stack([np.array(answered, dtype=float), invited_arr - np.array(answered, dtype=float)]) \
        if groups else np.zeros((0, 2))
    already = np.repeat((invited_arr < minimum).reshape(-1, 1), 2, axis=1) if groups else np.zeros((0, 2), bool)
    mask = suppression_mask(table, minimum, hidden=already, protect_sums=True) if groups else already
    rows = [RateRow(group, int(n), None if mask[k, 0] else int(table[k, 0]),
                    None if mask[k, 0] or not n else table[k, 0] / n)
            for k, (group, n) in enumerate(zip(groups, invited, strict=True))]
    total_invited, total_answered = int(invited_arr.sum()), int(sum(answered))
    shown = minimum <= total_answered and (total_invited - total_answered == 0
                                           or total_invited - total_answered >= minimum)
    return ResponseRates(rows, total_invited, total_answered if shown else None,
                         total_answered / total_invited if shown and total_invited else None, minimum)


def response_rates(case: ChangeCase, minimum: int) -> ResponseRates:
    """Per affected group, how many were given a code and how many of them have answered: from the code
    ledger alone (engage.ballot), which nothing links to the answers."""
    invited: Counter = Counter()
    answered: Counter = Counter()
    query = (select(CaseStaff, StaffCode.answered).join(StaffCode, StaffCode.case_staff_id == CaseStaff.id)
             .where(CaseStaff.case_id == case.id))
    for person, has_answered in db.session.execute(query):
        group = tuple(getattr(person, name) for name in GROUP_FIELDS)
        invited[group] += 1
        answered[group] += bool(has_answered)
    groups = sorted(invited)
    return rate_table(groups, [invited[g] for g in groups], [answered[g] for g in groups], minimum)


# Free text -----------------------------------------------------------------------------------------------------

def withholds_free_text(consultation: Consultation, group_size: int | None, minimum: int) -> bool:
    """Whether the written answers, quotes and themes of a group of ``group_size`` answers must not be shown at
    all: in a staff survey, a group below the minimum (None: a size that is itself hidden). Elsewhere they are
    shown redacted."""
    if consultation.audience is not Audience.STAFF:
        return False
    return group_size is None or group_size < minimum


# The staff survey in the outcome report -------------------------------------------------------------------------

def results_withheld(consultation: Consultation | None, total: int, minimum: int, interim: bool) -> str | None:
    """Why the staff survey's figures are not in the report: "none" (no survey), "open", "few", or None."""
    if consultation is None or consultation.status is Status.DRAFT:
        return "none"
    if consultation.status is Status.OPEN and not interim:
        return "open"
    if total < minimum:
        return "few"
    return None


def response_total(consultation: Consultation) -> int:
    return db.session.scalar(select(func.count()).select_from(Response)
                             .where(Response.consultation_id == consultation.id)) or 0


def survey_figures(consultation: Consultation, lang: str, gettext, minimum: int) -> list[dict]:
    """The closed questions' suppressed counts (engage.datasets.breakdowns) with labels in ``lang``."""
    questions = closed_questions(consultation)
    found = breakdowns(consultation, minimum)["questions"]
    for entry in found:
        question = questions[entry["question"]]
        entry["text"] = surveys.localise(question.text, lang)
        labels = {c.value: str(c.label(lang, gettext)) for c in question.choices}
        statements = {s.value: str(s.label(lang, gettext)) for s in question.statements}
        for row in entry["rows"]:
            row["item_label"] = statements.get(row["item"], row["item_label"])
            row["not_answered"]["label"] = gettext("No answer")
            for option in row["options"]:
                option["label"] = labels.get(option["code"], option["label"])
    return found


def agreed_themes(consultation: Consultation, minimum: int) -> tuple[list[tuple[str, int]], int]:
    """(label, answers) of the survey's agreed themes (engage.agreed_themes: the latest analysis of each written
    question) with at least ``minimum`` answers, and how many were left out for having fewer (their labels sum up
    a small group)."""
    rows = [(agreed.theme.label, agreed.answers) for question in shared_agreed_themes(consultation, quotes=0).values()
            for agreed in question.themes]
    shown = [(label, n) for label, n in rows if not withholds_free_text(consultation, n, minimum)]
    return shown, len(rows) - len(shown)
