import pandas as pd
import pytest

from analysis.representation import census_profile, compare


@pytest.fixture(scope="module")
def census():
    return census_profile()


def test_the_census_profile_matches_the_published_trafford_figures(census):
    shares = census.set_index(["variable", "category"])["share"]
    population = census.set_index(["variable", "category"])["population"]
    assert round(shares["ethnic_group", "white"], 3) == 0.778 and round(shares["ethnic_group", "asian"], 3) == 0.126
    assert population["sex", "female"] + population["sex", "male"] == 235_052
    # Single years summed into the survey's bands: 85 and over is 85-89 plus 90 and over.
    assert population["age", "85_over"] == 5837
    assert census[census["variable"] == "age"]["population"].sum() == 235_048
    # "Not answered" is left out of religion's shares: Christian is 113,712 of 223,048.
    assert shares["religion", "christian"] == pytest.approx(113_712 / 223_048)
    assert population["neighbourhood"].sum() == 235_050  # the 21 wards of 2022
    assert census.groupby("variable")["share"].sum().round(9).eq(1).all()


def respondents(rows):
    return pd.DataFrame(rows, columns=["group", "sex", "ethnic_group"])


def test_a_small_cell_is_hidden_with_its_complement_and_flags_use_only_published_figures(census):
    frame = respondents([("online", "female", "white")] * 60 + [("online", "male", "black")] * 4
                        + [("online", "male", "asian")] * 30 + [("entered", "male", "white")] * 20
                        + [("online", None, None)] * 7)
    table = compare(frame, census, margin=0.2, groups=["online", "entered"]).set_index(["variable", "category"])
    black, asian = table.loc["ethnic_group", "black"], table.loc["ethnic_group", "asian"]
    assert pd.isna(black["online"]) and pd.isna(black["all"]) and pd.isna(black["share"])
    assert pd.isna(asian["online"]) and pd.isna(asian["all"])  # the complement in Black's row and column
    assert table.loc[("ethnic_group", "total"), "all"] == 114  # the 7 who did not say are left out
    # Hidden: 114 - 80 visible = at most 34, i.e. up to 29.8% against 3.4% of residents: cannot tell.
    assert black["hidden_upto"] == 34 and black["status"] == "unknown"
    assert table.loc[("ethnic_group", "mixed"), "status"] == "under"  # 0 against 3.8%
    assert table.loc[("ethnic_group", "white"), "status"] == "ok"
    male = table.loc["sex", "male"]
    assert male["all"] == 54 and male["share"] == pytest.approx(54 / 114) and male["status"] == "ok"
    assert compare(frame, census, margin=0.0).set_index(["variable", "category"]).loc[
        ("sex", "male"), "status"] == "under"  # 47.4% < 48.7%


def test_too_few_answers_are_not_compared(census):
    table = compare(respondents([("online", "female", None)] * 10), census)
    assert set(table[table["variable"] == "sex"]["status"]) == {"too_few", ""}
    assert table["all"].isna().all() or (table["all"].dropna() == 0).all()


def test_the_margin_must_be_a_fraction_below_one(census):
    with pytest.raises(ValueError, match="margin"):
        compare(respondents([]), census, margin=1.5)
