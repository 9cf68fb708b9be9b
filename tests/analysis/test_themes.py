import numpy as np
import pandas as pd
import pytest

from analysis import ThemeModel
from analysis.stopwords import load_stop_words


def test_fit_returns_self_and_learned_attributes(nhs_sample, fitted_themes):
    model = fitted_themes
    assert model.n_themes_ == 6
    assert model.components_.shape == (6, len(model.vocabulary_))
    assert list(model.themes_["theme_id"]) == [1, 2, 3, 4, 5, 6]
    assert model.themes_["size"].is_monotonic_decreasing
    info = model.get_theme_info()
    assert {"theme_id", "label", "top_terms", "size", "share", "quotes"} <= set(info.columns)
    assert all(len(terms) == 10 for terms in model.themes_["top_terms"])


def test_every_response_is_accounted_for_once_as_primary_or_unassigned(nhs_sample, fitted_themes):
    assignments = fitted_themes.assignments_
    main = assignments[assignments["primary"] | assignments["theme_id"].isna()]
    assert sorted(main["response_id"]) == sorted(nhs_sample["row_index"])
    unassigned = assignments[assignments["theme_id"].isna()]
    assert (unassigned["reason"] != "").all()
    assert (assignments.loc[~assignments["primary"] & assignments["theme_id"].notna(), "weight"] >= 0.3).all()


def test_non_answers_get_no_theme():
    texts = ["Nothing", "n/a", *[f"parking {w} car park full" for w in range(30)], *["food cold meals late"] * 30]
    model = ThemeModel(n_themes=2, random_state=0, min_df=2).fit(texts)
    first_two = model.assignments_.drop_duplicates("response_id").head(2)
    assert first_two["theme_id"].isna().all()
    assert set(first_two["reason"]) == {"non-answer"}


def test_quotes_are_redacted_and_three_per_theme():
    texts = [f"Dr Patel explained my medication clearly, call 07700 900{i:03d}" for i in range(20)]
    texts += [f"The car park was full and parking cost too much {i}" for i in range(20)]
    model = ThemeModel(n_themes=2, random_state=0).fit(texts)
    quotes = [q["quote"] for theme in model.themes_["quotes"] for q in theme]
    assert len(quotes) == 6
    assert not any("Patel" in q or "07700" in q for q in quotes)


def test_same_seed_same_result(nhs_sample):
    texts = nhs_sample["feedback"].head(300)
    first = ThemeModel(theme_range=(3, 5), selection_resamples=2, random_state=3).fit(texts)
    second = ThemeModel(theme_range=(3, 5), selection_resamples=2, random_state=3).fit(texts)
    assert first.n_themes_ == second.n_themes_
    pd.testing.assert_frame_equal(first.assignments_, second.assignments_)


def test_auto_chooses_within_range_and_reports_scores(nhs_sample):
    model = ThemeModel(method="nmf", theme_range=(3, 6), selection_resamples=2, random_state=0)
    model.fit(nhs_sample["feedback"])
    assert 3 <= model.n_themes_ <= 6
    assert model.selection_["chosen"].sum() == 1
    assert set(model.selection_["n_themes"]) == {3, 4, 5, 6}


def test_lda_method(nhs_sample):
    model = ThemeModel(n_themes=4, method="lda", random_state=0).fit(nhs_sample["feedback"])
    weights = model.transform(nhs_sample["feedback"].head(5))
    assert weights.shape == (5, 4)
    assert np.allclose(weights.sum(axis=1)[weights.sum(axis=1) > 0], 1.0)


def test_assign_new_responses(fitted_themes):
    assigned = fitted_themes.assign(["The food was cold", "n/a"], ids=["a", "b"])
    assert set(assigned["response_id"]) == {"a", "b"}
    assert assigned.loc[assigned["response_id"] == "b", "theme_id"].isna().all()


def test_german_themes_have_german_terms_without_stop_words(german_sample):
    model = ThemeModel(n_themes=5, random_state=0).fit(german_sample["comment-body"])
    terms = {t.casefold() for top in model.themes_["top_terms"] for t in top}
    assert model.preprocessor_.default_language_ == "de"
    assert not terms & load_stop_words("de")
    assert not terms & {"the", "and", "of", "to", "is"}


def test_too_few_responses_for_themes():
    with pytest.raises(ValueError, match="need at least"):
        ThemeModel(n_themes=5).fit(["parking", "food", "n/a"])


def test_unknown_method_is_rejected():
    with pytest.raises(ValueError, match="method"):
        ThemeModel(method="kmeans").fit(["a b c"] * 10)


def test_number_of_themes_does_not_depend_on_the_seed(nhs_sample):
    texts = nhs_sample["feedback"].head(400)
    first = ThemeModel(method="nmf", theme_range=(3, 5), selection_resamples=2, random_state=1).fit(texts)
    second = ThemeModel(method="nmf", theme_range=(3, 5), selection_resamples=2, random_state=2).fit(texts)
    assert first.n_themes_ == second.n_themes_
    pd.testing.assert_frame_equal(first.selection_, second.selection_)
    assert (first.selection_["standard_error"] >= 0).all()


@pytest.mark.parametrize("limit", [1, 2])
def test_a_term_is_listed_under_at_most_max_themes_per_term_themes(fitted_themes, limit):
    model = ThemeModel(n_themes=6, max_themes_per_term=limit, random_state=0)
    model.vocabulary_ = fitted_themes.vocabulary_
    lists = model._top_terms(fitted_themes.components_, 25)
    counts = pd.Series([t for terms in lists for t in terms]).value_counts()
    assert counts.max() <= limit
    unlimited = model.set_params(max_themes_per_term=None)._top_terms(fitted_themes.components_, 25)
    assert pd.Series([t for terms in unlimited for t in terms]).value_counts().max() > limit


def test_cooccurrence_makes_themes_of_words_used_together():
    rng = np.random.default_rng(0)
    # Six words a group, so answers are not word-for-word repeats of a few (those count once).
    groups = [["parking", "car", "space", "ticket", "barrier", "permit"],
              ["food", "meal", "cold", "menu", "tray", "snack"],
              ["wait", "letter", "phone", "week", "referral", "delay"]]
    texts = [" ".join(rng.choice(group, 3, replace=False)) + " staff" for group in groups for _ in range(40)]
    joint = ThemeModel(method="nmf", n_themes=3, random_state=0, min_df=2).fit(texts)
    plain = ThemeModel(method="nmf", n_themes=3, random_state=0, min_df=2, cooccurrence_weight=0).fit(texts)
    for model in (joint, plain):
        assert model.assignments_["theme_id"].notna().all()
    home = {word: index for index, group in enumerate(groups) for word in group}
    groups_of_themes = [{home.get(t.casefold()) for t in terms[:3]} for terms in joint.themes_["top_terms"]]
    assert sorted(tuple(g) for g in groups_of_themes) == [(0,), (1,), (2,)]


def _topics_and_one_comment_posted_three_times():
    rng = np.random.default_rng(0)
    groups = [["parking", "car", "space", "ticket"], ["food", "meal", "cold", "menu"],
              ["wait", "letter", "phone", "week"]]
    texts = [" ".join(rng.choice(group, 3, replace=False)) + " staff" for group in groups for _ in range(40)]
    rare = ("geothermal heatpump boiler retrofit turbine insulation procurement municipality feasibility "
            "pipeline").split()
    # The same long comment posted three times, lightly edited each time (as on Polis).
    texts += [" ".join(rare[:k] + rare[k + 1:]) + " parking" for k in range(3)]
    return texts, rare


@pytest.mark.parametrize("method", ["nmf", "embedding"])
def test_no_theme_is_made_of_one_comments_words(method):
    texts, rare = _topics_and_one_comment_posted_three_times()
    model = ThemeModel(method=method, n_themes=4, random_state=0, min_df=2).fit(texts)
    listed = {t.casefold() for terms in model.themes_["top_terms"] for t in terms}
    assert not listed & set(rare)
    if method == "nmf":
        assert model.themes_["size"].max() < len(texts) / 2


def test_near_copies_of_one_comment_do_not_make_cooccurring_pairs():
    from sklearn.feature_extraction.text import CountVectorizer

    from analysis.cooccurrence import cooccurrence_npmi, representatives

    texts, rare = _topics_and_one_comment_posted_three_times()
    texts += ["geothermal food", "geothermal meal", "geothermal menu"]
    vectorizer = CountVectorizer()
    matrix = vectorizer.fit_transform(texts)
    assert len(representatives(matrix)) == len(texts) - 2
    pairs = cooccurrence_npmi(matrix, least=3).tocsr()
    index = vectorizer.vocabulary_
    assert pairs[index["geothermal"], index["heatpump"]] == 0
    assert pairs[index["geothermal"], index["food"]] == 0
    assert pairs[index["food"], index["meal"]] > 0
    assert pairs[index["car"], index["parking"]] > 0
