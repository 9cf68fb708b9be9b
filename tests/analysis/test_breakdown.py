import numpy as np
import pandas as pd

from analysis.breakdown import suppression_mask, theme_breakdown


def test_lone_small_cell_gets_a_complementary_partner_in_its_row_and_column():
    counts = np.array([[20, 5, 30], [40, 50, 60], [60, 55, 90]])
    hidden = suppression_mask(counts, min_cell=11)
    assert hidden[0, 1]
    for line in (*hidden, *hidden.T):
        assert line.sum() != 1


def test_no_hidden_cell_is_recoverable_by_subtraction_on_random_tables():
    rng = np.random.default_rng(0)
    for _ in range(50):
        counts = rng.integers(0, 30, size=(5, 4))
        hidden = suppression_mask(counts, min_cell=11)
        assert not ((counts > 0) & (counts < 11) & ~hidden).any()
        assert all(line.sum() != 1 for line in (*hidden, *hidden.T))


def test_breakdown_suppresses_small_counts_and_reports_shares():
    assignments = pd.DataFrame({
        "response_id": range(100),
        "theme_id": [1] * 30 + [2] * 25 + [pd.NA] * 5 + [1] * 20 + [2] * 15 + [pd.NA] * 5,
    })
    segments = pd.DataFrame({"response_id": range(100), "area": ["North"] * 60 + ["South"] * 40})
    table = theme_breakdown(assignments, segments, by="area", min_cell=11)
    north_1 = table[(table["theme"] == 1) & (table["area"] == "North")].iloc[0]
    assert north_1["count"] == 30 and north_1["share"] == 0.5
    hidden = table[table["suppressed"]]
    assert set(zip(hidden["theme"], hidden["area"], strict=False)) == {("(no theme)", "North"), ("(no theme)", "South"),
                                                        (2, "North"), (2, "South")}
    assert table.loc[table["suppressed"], "count"].isna().all()
    visible = table[~table["suppressed"]]
    assert (visible["count"].dropna().astype(int).between(1, 10)).sum() == 0


def test_min_cell_is_configurable():
    assignments = pd.DataFrame({"response_id": range(20), "theme_id": [1] * 12 + [2] * 8})
    segments = pd.DataFrame({"response_id": range(20), "channel": ["web"] * 20})
    assert not theme_breakdown(assignments, segments, "channel", min_cell=5)["suppressed"].any()
    assert theme_breakdown(assignments, segments, "channel", min_cell=11)["suppressed"].any()
