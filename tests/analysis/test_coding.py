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
    with pytest.raises(ValueError, match="frame_neighbours and neighbour_weight must be 0 or more"):
        AssistedCoder(frame_neighbours=-1).fit(["a", "b"], pd.DataFrame({"response_id": [0, 1], "code": ["x", "y"]}))


def test_coding_frame_accepts_names():
    assert coding_frame(["a", "b"])["code"].tolist() == ["a", "b"]


def test_coding_frame_keeps_one_row_per_sub_code_and_rejects_blank_codes():
    frame = coding_frame(pd.DataFrame({"code": ["car", "car", "food"], "description": ["parking", None, 3]}))
    assert frame["code"].tolist() == ["car", "car", "food"]
    assert frame["description"].tolist() == ["parking", "", "3"]
    with pytest.raises(ValueError, match="row 2 of the coding frame has no code"):
        coding_frame(pd.DataFrame({"code": ["car", None], "description": ["parking", "meals"]}))


def test_each_frame_row_teaches_its_code():
    texts = ["parking was full", "food was cold", "no parking spaces", "meals were cold", "car park too small",
             "lunch came late", "parking costs too much", "dinner was tasty"]
    coded = pd.DataFrame({"response_id": range(6), "code": ["car", "food", "car", "food", "car", "food"]})
    question = ["the bus and train transport was late"]
    names_only = AssistedCoder(frame=["car", "food"], random_state=0, n_components=5, embeddings=False)
    with_sub_codes = AssistedCoder(frame=[{"code": "car", "description": "parking"},
                                          {"code": "car", "description": "bus and train transport"}, "food"],
                                   random_state=0, n_components=5, embeddings=False)
    before = names_only.fit(texts, coded).predict_proba(question)["car"][0]
    after = with_sub_codes.fit(texts, coded).predict_proba(question)["car"][0]
    assert after > before and after > 0.5


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
        coder.set_params(uncertainty_pool=AssistedCoder().uncertainty_pool)
    margins = np.sort(uncoded.to_numpy(), axis=1)
    margin = pd.Series(margins[:, -1] - margins[:, -2], index=uncoded.index)
    assert margin[plain["response_id"]].max() <= margin[pool.index].max()


def test_typical_members_take_one_central_response_per_group():
    from analysis.vectors import typical_members

    rng = np.random.default_rng(0)
    centres = np.array([[0, 0], [10, 0], [0, 10]])
    points = np.vstack([c + rng.normal(0, 0.5, (8, 2)) for c in centres])
    chosen = typical_members(points, 3, random_state=0)
    assert sorted(i // 8 for i in chosen) == [0, 1, 2]  # one per group
    assert all(np.linalg.norm(points[i] - centres[i // 8]) < 1 for i in chosen)


def test_frame_code_without_examples_is_suggested_first(nhs_sample, coded_setup):
    _, coded = coded_setup
    coder = AssistedCoder(frame=[{"code": "Parking", "seed_terms": "parking, car park"}], random_state=0,
                          n_components=30).fit(nhs_sample["feedback"], coded, ids=nhs_sample["row_index"])
    first = coder.suggest_next(5).iloc[0]
    assert first["reason"] == "likely Parking, which has no coded responses"


def test_word_vectors_place_words_used_together_close():
    from scipy import sparse

    from analysis.vectors import word_vectors

    # columns: parking, car, space, food, meal, cold
    docs = sparse.csr_matrix(np.array(
        [[1, 1, 1, 0, 0, 0]] * 4 + [[1, 1, 0, 0, 0, 0]] * 3 + [[0, 0, 0, 1, 1, 1]] * 4 + [[0, 0, 0, 1, 1, 0]] * 3
        + [[1, 0, 0, 1, 0, 0]], dtype=np.float32))
    vectors = word_vectors(docs, n_components=3, min_count=2, random_state=0)
    assert vectors.shape == (6, 3)
    parking, car, food, meal = vectors[0], vectors[1], vectors[3], vectors[4]
    assert parking @ car > parking @ food
    assert food @ meal > meal @ car
    assert word_vectors(sparse.csr_matrix(np.ones((3, 2), dtype=np.float32))) is None


def test_unseen_texts_get_word_vector_features(coded_setup):
    coder, _ = coded_setup
    assert coder.word_vectors_ is not None
    probabilities = coder.predict_proba(["the parking was awful", ""])
    assert probabilities.shape == (2, len(coder.codes_))
    assert np.allclose(probabilities.sum(axis=1), 1)


def test_suggestions_favour_codes_with_few_coded_responses(nhs_sample, coded_setup):
    coder, coded = coded_setup
    suggestions = coder.suggest_next(20)
    given = coder.probabilities_.loc[suggestions["response_id"]].idxmax(axis=1).value_counts()
    counts = coded["code"].value_counts()
    uncoded = coder.probabilities_[~coder.probabilities_.index.isin(list(coder.coded_ids_))]
    predicted = uncoded.idxmax(axis=1).value_counts()
    fewest = min((c for c in predicted.index), key=lambda c: counts.get(c, 0))
    most = counts.index[0]
    assert given.get(fewest, 0) >= 1
    assert given.get(fewest, 0) / predicted[fewest] > given.get(most, 0) / predicted[most]


def test_shares_go_to_codes_with_fewest_coded_responses():
    codes, quotas = AssistedCoder._shares(10, np.array([50, 0, 9, 4]))
    assert list(codes) == [1, 3, 2] and list(quotas) == [8, 1, 1]  # code 0 (50 coded) gets none of 10
    codes, quotas = AssistedCoder._shares(6, np.array([2, 2, 2]))
    assert list(quotas) == [2, 2, 2]


LENDING_TEXTS = (["the car park was full", "no parking spaces at all", "parking costs far too much",
                  "could not find a parking space", "car park too small for visitors", "parking was a nightmare"]
                 + ["the food was cold", "meals came late", "lunch was not hot", "dinner was cold and late",
                    "the food was cold", "cold meals every day"]
                 + ["the nurse was kind", "staff were lovely", "the doctor listened", "kind and caring staff"])


def test_frame_lends_its_code_to_near_answers_the_model_agrees_on():
    coded = pd.DataFrame({"response_id": [0, 6, 12], "code": ["car", "food", "staff"]})
    frame = [{"code": "car", "description": "parking"}, {"code": "food", "description": "cold meals"},
             {"code": "staff", "description": "kind staff"}]
    options = dict(frame=frame, random_state=0, n_components=5, embeddings=False)
    plain = AssistedCoder(frame_neighbours=0, **options).fit(LENDING_TEXTS, coded)
    # 8 per frame row: the 24 nearest are every uncoded answer, so only agreement keeps most out
    lending = AssistedCoder(frame_neighbours=8, **options).fit(LENDING_TEXTS, coded)
    one_each = AssistedCoder(frame_neighbours=1, **options).fit(LENDING_TEXTS, coded)

    assert plain.lent_.empty
    assert len(one_each.lent_) <= len(frame) and one_each.lent_["code"].is_unique
    lent = lending.lent_
    assert len(lent) > len(one_each.lent_)
    assert not set(lent["response_id"]) & set(coded["response_id"])
    texts = pd.Series(LENDING_TEXTS)[lent["response_id"]]
    assert texts.is_unique  # "the food was cold" appears twice but is lent once
    # only answers the model without lending already gives that code
    given = plain.probabilities_.loc[lent["response_id"]].idxmax(axis=1)
    assert (given.to_numpy() == lent["code"].to_numpy()).all()
    # and learning from them makes the model surer of those codes
    before = [plain.probabilities_.loc[r, c] for r, c in lent.itertuples(index=False)]
    after = [lending.probabilities_.loc[r, c] for r, c in lent.itertuples(index=False)]
    assert np.mean(after) > np.mean(before)
    heavier = AssistedCoder(frame_neighbours=8, neighbour_weight=1.0, **options).fit(LENDING_TEXTS, coded)
    assert heavier.lent_.equals(lent)
    assert np.mean([heavier.probabilities_.loc[r, c] for r, c in lent.itertuples(index=False)]) > np.mean(after)


def test_no_frame_lends_nothing_and_lending_works_with_several_codes_per_answer():
    coded = pd.DataFrame({"response_id": [0, 6, 6, 12], "code": ["car", "food", "staff", "staff"]})
    assert AssistedCoder(random_state=0, n_components=5, embeddings=False).fit(LENDING_TEXTS, coded).lent_.empty
    coder = AssistedCoder(frame=[{"code": "car", "description": "parking"}], frame_neighbours=3, random_state=0,
                          n_components=5, embeddings=False).fit(LENDING_TEXTS, coded)
    assert coder.multi_label_
    assert set(coder.lent_["code"]) == {"car"}
    assert coder.predict_proba(["parking was full"])["car"][0] > 0.5


def test_nearest_members_ranks_candidates_by_cosine():
    from analysis.frame import nearest_members

    vectors = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0], [0.6, 0.8]])
    rows = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert nearest_members(rows, vectors, np.array([1, 2, 3]), 2).tolist() == [[1, 3], [2, 3]]
    assert nearest_members(rows, vectors, np.array([2]), 5).tolist() == [[2], [2]]
    assert nearest_members(rows, vectors, np.array([], dtype=int), 3).shape == (2, 0)


def test_classifier_on_used_columns_predicts_as_on_all_columns():
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    from analysis.coding import _UsedColumns

    rng = np.random.default_rng(0)
    # columns 300-399: no training row uses them
    train = sparse.hstack([sparse.random(60, 300, density=0.02, random_state=0), sparse.csr_matrix((60, 100))]).tocsr()
    labels = rng.integers(0, 3, 60)
    test = sparse.random(40, 400, density=0.05, random_state=1, format="csr")
    full = LogisticRegression(C=3.0, class_weight="balanced", max_iter=2000, tol=1e-10).fit(train, labels)
    used = _UsedColumns(LogisticRegression(C=3.0, class_weight="balanced", max_iter=2000, tol=1e-10), train, labels)
    assert len(used.columns) < 300
    np.testing.assert_allclose(used.predict_proba(test), full.predict_proba(test), atol=1e-6)
