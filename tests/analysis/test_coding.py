import numpy as np
import pandas as pd
import pytest

from analysis import AssistedCoder, coding_frame


@pytest.fixture(scope="module")
def coded_setup(nhs_sample):
    coded = nhs_sample.sample(150, random_state=0)[["row_index", "label"]]
    coded.columns = ["response_id", "code"]
    coder = AssistedCoder(random_state=0, n_components=30).fit(nhs_sample["feedback"], coded,
                                                              ids=nhs_sample["row_index"])
    return coder, coded


def test_codes_every_uncoded_response_with_confidences(nhs_sample, coded_setup):
    coder, coded = coded_setup
    assigned = coder.assign()
    uncoded = set(nhs_sample["row_index"]) - set(coded["response_id"])
    assert set(assigned["response_id"]) == uncoded
    assert assigned["confidence"].between(0, 1).all()
    assert set(assigned["code"]) <= set(coded["code"])


def test_learns_something(nhs_sample, coded_setup):
    coder, coded = coded_setup
    primary = coder.assign().drop_duplicates("response_id")
    truth = nhs_sample.set_index("row_index")["label"]
    accuracy = (primary["code"].to_numpy() == truth[primary["response_id"]].to_numpy()).mean()
    majority = truth.value_counts(normalize=True).iloc[0]
    assert accuracy > majority


def test_suggestions_are_uncoded_distinct_and_explained(nhs_sample, coded_setup):
    coder, coded = coded_setup
    suggestions = coder.suggest_next(20)
    assert len(suggestions) == 20
    assert not set(suggestions["response_id"]) & set(coded["response_id"])
    texts = nhs_sample.set_index("row_index").loc[suggestions["response_id"], "feedback"].str.casefold().str.strip()
    assert texts.is_unique
    assert suggestions["reason"].str.len().gt(0).all()


def test_multi_label_examples_and_frame_seed_terms():
    texts = ["parking was full", "food was cold", "parking and food both bad", "cold food again",
             "no parking spaces", "car park too small", "meals were cold", "parking fine food hot"]
    coded = pd.DataFrame({"response_id": [0, 1, 2, 2, 3, 4], "code": ["car", "food", "car", "food", "food", "car"]})
    frame = [{"code": "car", "seed_terms": "parking, car park"}, {"code": "food", "description": "meals"},
             {"code": "staff", "seed_terms": ["nurse", "doctor"]}]
    coder = AssistedCoder(frame=frame, random_state=0, n_components=5).fit(texts, coded)
    assert coder.multi_label_
    assert list(coder.codes_) == ["car", "food", "staff"]
    probabilities = coder.predict_proba(["the nurse was kind"])
    assert probabilities.shape == (1, 3)


def test_update_refits_on_more_examples(nhs_sample, coded_setup):
    coder, coded = coded_setup
    more = nhs_sample[~nhs_sample["row_index"].isin(coded["response_id"])].head(20)
    extra = pd.concat([coded, more[["row_index", "label"]].set_axis(["response_id", "code"], axis=1)])
    refit = AssistedCoder(random_state=0, n_components=30)
    refit.fit(nhs_sample["feedback"], coded, ids=nhs_sample["row_index"])
    refit.update(extra)
    assert len(refit.coded_ids_) == len(coded) + 20
    assert not set(refit.assign()["response_id"]) & set(extra["response_id"])


def test_bad_coded_input():
    with pytest.raises(ValueError, match="not among"):
        AssistedCoder().fit(["a", "b"], pd.DataFrame({"response_id": [7], "code": ["x"]}))
    with pytest.raises(ValueError, match="two different codes"):
        AssistedCoder().fit(["a", "b"], pd.DataFrame({"response_id": [0, 1], "code": ["x", "x"]}))


def test_coding_frame_accepts_names():
    assert coding_frame(["a", "b"])["code"].tolist() == ["a", "b"]


def test_suggestions_spread_over_likely_codes(coded_setup):
    coder, _ = coded_setup
    spread = coder.suggest_next(18)
    likeliest = coder.probabilities_.loc[spread["response_id"]].idxmax(axis=1)
    uncoded = coder.probabilities_[~coder.probabilities_.index.isin(list(coder.coded_ids_))]
    pool = uncoded.loc[spread["response_id"]]
    assert likeliest.nunique() >= min(6, uncoded.idxmax(axis=1).nunique())
    coder.set_params(uncertainty_pool=1)
    try:
        plain = coder.suggest_next(18)
    finally:
        coder.set_params(uncertainty_pool=10)
    margins = np.sort(uncoded.to_numpy(), axis=1)
    margin = pd.Series(margins[:, -1] - margins[:, -2], index=uncoded.index)
    assert margin[plain["response_id"]].max() <= margin[pool.index].max()


def test_suggestions_cover_different_kinds_of_doubt(coded_setup):
    coder, _ = coded_setup
    spread = coder.suggest_next(15)
    coder.set_params(uncertainty_pool=1)
    try:
        plain = coder.suggest_next(15)
    finally:
        coder.set_params(uncertainty_pool=10)
    position = {r: i for i, r in enumerate(coder.ids_)}

    def mean_distance(ids):
        points = coder._latent(coder._row_of[[position[r] for r in ids]])
        return np.mean([np.linalg.norm(a - b) for i, a in enumerate(points) for b in points[i + 1:]])

    assert mean_distance(spread["response_id"]) > mean_distance(plain["response_id"])


def test_frame_code_without_examples_is_suggested_first(nhs_sample, coded_setup):
    _, coded = coded_setup
    coder = AssistedCoder(frame=[{"code": "Parking", "seed_terms": "parking, car park"}], random_state=0,
                          n_components=30).fit(nhs_sample["feedback"], coded, ids=nhs_sample["row_index"])
    first = coder.suggest_next(5).iloc[0]
    assert first["reason"] == "likely Parking, which has no coded responses"
