import numpy as np
import pandas as pd
import pytest

from analysis.evaluate import (
    agreement_report,
    bootstrap_interval,
    clustering_agreement,
    matched_jaccard,
    multilabel_agreement,
    npmi_coherence,
    seed_stability,
    topic_diversity,
)


def test_npmi_is_one_for_always_together_and_minus_one_for_never():
    documents = [["a", "b"], ["a", "b"], ["c"], ["d"]]
    assert npmi_coherence([["a", "b"]], documents)[0] == pytest.approx(1.0)
    assert npmi_coherence([["c", "d"]], documents)[0] == -1.0


def test_diversity_counts_unique_terms():
    assert topic_diversity([["a", "b"], ["a", "c"]], top_n=2) == 0.75


def test_matching_ignores_theme_order_and_penalises_missing_themes():
    assert matched_jaccard([["a", "b"], ["c", "d"]], [["c", "d"], ["a", "b"]]) == 1.0
    assert matched_jaccard([["a", "b"], ["c", "d"]], [["a", "b"]]) == 0.5
    assert seed_stability([[["a"]], [["a"]], [["b"]]]) == pytest.approx(1 / 3)


def test_ami_ignores_label_names():
    assert clustering_agreement([1, 1, 2, 2], ["x", "x", "y", "y"])["ami"] == pytest.approx(1.0)


def test_hungarian_matching_maps_themes_one_to_one():
    predicted = [{1}, {1}, {2}, {2}, {3}]
    truth = [{"staff"}, {"staff"}, {"food"}, {"food"}, {"staff"}]
    result = multilabel_agreement(predicted, truth)
    assert result["matching"] == "hungarian"
    assert result["micro_f1"] == pytest.approx(0.8)
    assert result["macro_f1"] == pytest.approx((0.8 + 1.0) / 2)


def test_identity_matching_when_codes_match():
    result = multilabel_agreement([{"a", "b"}, {"b"}], [{"a"}, {"b"}])
    assert result["matching"] == "identity"
    assert result["samples_f1"] == pytest.approx((2 / 3 + 1) / 2)


def test_bootstrap_interval_contains_the_statistic_and_is_seeded():
    values = np.random.default_rng(0).normal(size=200)
    low, high = bootstrap_interval(lambda i: values[i].mean(), len(values), random_state=1)
    assert low < values.mean() < high
    assert (low, high) == bootstrap_interval(lambda i: values[i].mean(), len(values), random_state=1)


def test_agreement_report_uses_primary_rows():
    assignments = pd.DataFrame({"response_id": ["1", "1", "2", "3"], "theme_id": ["9", "8", "8", None],
                                "primary": [False, True, True, True]})
    truth = pd.DataFrame({"response_id": ["1", "2", "3"], "code": ["a", "a", "b"]})
    report = agreement_report(assignments, truth, n_resamples=20)
    assert report["n_responses"] == 3 and report["ami"] == pytest.approx(1.0)
    assert report["matching"] == "hungarian" and "ami_95ci" in report
