"""Who is not being heard: respondents' profile set against the Census 2021 population of Trafford.

Categories are the codes of the Census 2021 equality questions (``surveys.equality_questions``):
age band, sex, ethnic group, disability, unpaid care and religion, plus neighbourhood.  Shares are
of the people who gave an answer, on both sides ("Prefer not to say", no answer and the census's
"Not answered" are left out).  Respondent counts are suppressed below ``min_cell`` with
complementary suppression (:func:`analysis.breakdown.suppression_mask`).

The census figures (``data/census2021_trafford``, ONS via Trafford Data Lab, Open Government
Licence v3.0) count every usual resident, children included (unpaid care: aged 5 and over).  Their
wards are the 2022 wards: neighbourhoods built from them only approximate today's (2023) ones.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.breakdown import DEFAULT_MIN_CELL, suppression_mask

CENSUS_DIR = Path(__file__).resolve().parent / "data" / "census2021_trafford"
TRAFFORD = "E08000009"
TOTAL = "total"
ALL = "all"

AGE_BANDS = {  # code: (first age, last age)
    "under_16": (0, 15), "16_24": (16, 24), "25_34": (25, 34), "35_44": (35, 44), "45_54": (45, 54),
    "55_64": (55, 64), "65_74": (65, 74), "75_84": (75, 84), "85_over": (85, 200),
}
# The census's labels for each category code, per variable (file, variable in the file).
CENSUS_LABELS = {
    "sex": ("sex.csv", "sex", {"female": "Female", "male": "Male"}),
    "ethnic_group": ("ethnic_group.csv", "ethnic_group_5", {
        "white": "White",
        "mixed": "Mixed or Multiple ethnic groups",
        "asian": "Asian, Asian British or Asian Welsh",
        "black": "Black, Black British, Black Welsh, Caribbean or African",
        "other": "Other ethnic group",
    }),
    "disability": ("disability.csv", "disability", {
        "limited_a_lot": "Disabled under the Equality Act: Day-to-day activities limited a lot",
        "limited_a_little": "Disabled under the Equality Act: Day-to-day activities limited a little",
        "not_limited": "Not disabled under the Equality Act: Has long term physical or mental health condition "
                       "but day-to-day activities are not limited",
        "no_condition": "Not disabled under the Equality Act: No long term physical or mental health conditions",
    }),
    "unpaid_care": ("unpaid_care.csv", "unpaid_care_aged_5_plus", {
        "no": "Provides no unpaid care",
        "9_or_less": "Provides 9 hours or less unpaid care a week",
        "10_19": "Provides 10 to 19 hours unpaid care a week",
        "20_34": "Provides 20 to 34 hours unpaid care a week",
        "35_49": "Provides 35 to 49 hours unpaid care a week",
        "50_more": "Provides 50 or more hours unpaid care a week",
    }),
    "religion": ("religion.csv", "religion", {
        "none": "No religion", "christian": "Christian", "buddhist": "Buddhist", "hindu": "Hindu",
        "jewish": "Jewish", "muslim": "Muslim", "sikh": "Sikh", "other": "Other religion",
    }),
}
NEIGHBOURHOODS = ("North", "Central", "South", "West")
VARIABLES = ("age", "sex", "ethnic_group", "disability", "unpaid_care", "religion", "neighbourhood")


def _read(directory: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(directory / name, dtype={"count": "int64"})


def _age_of(label: str) -> int:
    if label == "Aged under 1 year":
        return 0
    match = re.fullmatch(r"Aged (\d+) years?( and over)?", label)
    if match is None:
        raise ValueError(f"unexpected census age label {label!r}")
    return int(match.group(1))


def census_profile(directory=CENSUS_DIR) -> pd.DataFrame:
    """Trafford's population per variable and category.

    Returns
    -------
    pandas.DataFrame
        ``variable``, ``category`` (the survey's code), ``population`` and ``share`` (of the
        variable's population with a category: the census's "Not answered" is left out).
    """
    directory = Path(directory)
    rows = []
    ages = _read(directory, "age_single_year.csv")
    ages = ages[ages["geography_code"] == TRAFFORD]
    years = ages["category"].map(_age_of)
    for code, (first, last) in AGE_BANDS.items():
        rows.append(("age", code, int(ages["count"][(years >= first) & (years <= last)].sum())))
    for variable, (name, census_variable, labels) in CENSUS_LABELS.items():
        table = _read(directory, name)
        table = table[(table["geography_code"] == TRAFFORD) & (table["variable"] == census_variable)]
        by_label = table.set_index("category")["count"]
        rows += [(variable, code, int(by_label[label])) for code, label in labels.items()]
    sexes = _read(directory, "sex.csv")
    wards = sexes[sexes["geography_type"] == "ward"].groupby("geography_code")["count"].sum()
    lookup = pd.read_csv(directory / "ward22_to_neighbourhood.csv").set_index("ward22_code")["neighbourhood"]
    by_neighbourhood = wards.groupby(lookup.reindex(wards.index).to_numpy()).sum()
    rows += [("neighbourhood", name, int(by_neighbourhood[name])) for name in NEIGHBOURHOODS]
    profile = pd.DataFrame(rows, columns=["variable", "category", "population"])
    profile["share"] = profile["population"] / profile.groupby("variable")["population"].transform("sum")
    return profile


def compare(respondents, census=None, margin=0.2, min_cell=DEFAULT_MIN_CELL, groups=None) -> pd.DataFrame:
    """Respondents per category, by channel group, set against the census.

    Parameters
    ----------
    respondents : pandas.DataFrame
        One row per respondent: ``group`` (e.g. "online", "entered") and one column per variable
        in :data:`VARIABLES` present, holding the category code or ``<NA>`` when not stated.
    census : pandas.DataFrame, optional
        As from :func:`census_profile` (read when not given).
    margin : float, default=0.2
        A category is under-represented when its share of respondents is below its census share
        times ``1 - margin``.
    min_cell : int, default=11
    groups : sequence of str, optional
        The channel groups to show, in order (default: those present, sorted).

    Returns
    -------
    pandas.DataFrame
        As :func:`compare_counts`, for the variables among ``respondents``' columns.
    """
    variables = [variable for variable in VARIABLES if variable in respondents.columns]
    if groups is None:
        groups = sorted(respondents["group"].dropna().unique()) if "group" in respondents else []
    long = respondents.melt(id_vars="group", value_vars=variables, var_name="variable", value_name="category")
    counts = long.dropna(subset=["category"]).groupby(["variable", "category", "group"]).size()
    return compare_counts(counts.rename("count").reset_index(), census, margin, min_cell, groups, variables)


def compare_counts(counts, census=None, margin=0.2, min_cell=DEFAULT_MIN_CELL, groups=(),
                   variables=VARIABLES) -> pd.DataFrame:
    """As :func:`compare`, from counts already made (for instance by a database).

    Parameters
    ----------
    counts : pandas.DataFrame
        ``variable``, ``category``, ``group`` and ``count`` (rows with a category the census
        does not have, such as "prefer_not_to_say", are left out).
    census, margin, min_cell : as for :func:`compare`
    groups : sequence of str
        The channel groups to show, in order.
    variables : sequence of str, default=VARIABLES

    Returns
    -------
    pandas.DataFrame
        One row per variable and category, then a ``category == "total"`` row per variable (those
        who answered it).  Columns: ``variable``, ``category``, a count per group then ``all``
        (``<NA>`` where suppressed), ``share`` of those who answered (``<NA>`` where suppressed),
        ``census_share``, ``expected`` (respondents at the census share), ``status``:
        "under" (under-represented), "ok", "unknown" (hidden and it cannot be told from the
        published figures) or "too_few" (fewer than ``min_cell`` answered), and ``hidden_upto``
        (for a hidden count: the most it can be, worked out from the published figures).
    """
    if not 0 <= margin < 1:
        raise ValueError("margin must be at least 0 and below 1")
    census = census_profile() if census is None else census
    groups = list(groups)
    tables = [_one_variable(counts[counts["variable"] == variable], census, variable, groups, margin, min_cell)
              for variable in variables]
    columns = ["variable", "category", *groups, ALL, "share", "census_share", "expected", "status", "hidden_upto"]
    return pd.concat(tables, ignore_index=True)[columns] if tables else pd.DataFrame(columns=columns)


def _one_variable(counts, census, variable, groups, margin, min_cell) -> pd.DataFrame:
    reference = census[census["variable"] == variable].set_index("category")["share"]
    categories = list(reference.index)
    counts = counts.groupby(["category", "group"])["count"].sum().unstack(fill_value=0)
    counts = counts.reindex(index=categories, columns=groups, fill_value=0).astype("int64")
    counts.index.name, counts.columns.name = None, None
    counts[ALL] = counts.sum(axis=1)
    full = pd.concat([counts, counts.sum().to_frame().T.set_axis([TOTAL])])
    hidden = suppression_mask(full.to_numpy(), min_cell)
    shown = full.astype("Int64").mask(hidden)

    total, total_hidden = int(full.loc[TOTAL, ALL]), bool(hidden[-1, -1])
    visible_sum = int(shown[ALL].iloc[:-1].fillna(0).sum())
    result = shown.reset_index(names="category")
    result.insert(0, "variable", variable)
    result["census_share"] = list(reference.reindex(categories)) + [1.0]
    result["expected"] = result["census_share"] * total
    result["share"] = (result[ALL].astype("Float64") / total) if total else pd.NA
    result["hidden_upto"] = pd.array([pd.NA] * len(result), dtype="Int64")
    statuses = []
    for position, (count, expected_share) in enumerate(zip(result[ALL], result["census_share"], strict=True)):
        if total < min_cell or total_hidden:
            statuses.append("too_few")
            continue
        threshold = expected_share * (1 - margin)
        if pd.isna(count):
            upto = total - visible_sum
            result.loc[position, "hidden_upto"] = upto
            statuses.append("under" if upto / total < threshold else "unknown")
        else:
            statuses.append("under" if count / total < threshold else "ok")
    statuses[-1] = ""  # the total row compares nothing
    result["status"] = statuses
    if total < min_cell or total_hidden:
        result["expected"] = np.nan
    return result
