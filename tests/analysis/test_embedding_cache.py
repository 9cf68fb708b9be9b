import sqlite3

import numpy as np
import pandas as pd
import pytest

from analysis import AssistedCoder
from analysis.embedding_cache import CachedEncoder
from tests.analysis.test_embeddings import FakeEncoder, coded, fit  # noqa: F401  (coded is a fixture)

TEXTS = ["The nurse was kind", "Parking was hard to find", "The nurse was kind", "", "Długo czekałem"]


def test_cached_vectors_are_the_encoders_and_each_text_is_embedded_once(tmp_path):
    encoder = FakeEncoder()
    cached = CachedEncoder(encoder, tmp_path / "cache.sqlite")
    first = cached.encode(TEXTS)
    np.testing.assert_array_equal(first, FakeEncoder().encode(TEXTS))
    assert encoder.calls == [list(dict.fromkeys(TEXTS))]  # distinct texts, once

    later_run = FakeEncoder()  # another process, the same file
    again = CachedEncoder(later_run, tmp_path / "cache.sqlite").encode(TEXTS + ["A new answer"])
    np.testing.assert_array_equal(again[: len(TEXTS)], first)
    assert later_run.calls == [["A new answer"]]
    assert CachedEncoder(FakeEncoder(), tmp_path / "cache.sqlite").encode([]).shape == (0, 16)


def test_the_file_holds_no_answer_text(tmp_path):
    CachedEncoder(FakeEncoder(), tmp_path / "cache.sqlite").encode(["My neighbour Mrs Patel at 12 Acacia Road"])
    content = (tmp_path / "cache.sqlite").read_bytes()
    assert b"Patel" not in content and b"Acacia" not in content


def test_a_cache_made_with_another_model_is_emptied_not_mixed(tmp_path):
    class OtherModel(FakeEncoder):
        fingerprint = "other-model"

    CachedEncoder(FakeEncoder(), tmp_path / "cache.sqlite").encode(TEXTS)
    other = OtherModel()
    CachedEncoder(other, tmp_path / "cache.sqlite").encode(TEXTS)
    assert other.calls == [list(dict.fromkeys(TEXTS))]  # nothing reused from the other model
    with sqlite3.connect(tmp_path / "cache.sqlite") as db:
        assert db.execute("SELECT count(*) FROM vectors").fetchone()[0] == len(set(TEXTS))


def test_a_file_that_is_not_a_cache_gives_a_clear_error(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_text("response_id,text\n1,hello\n")
    with pytest.raises(ValueError, match="not a usable embedding cache"):
        CachedEncoder(FakeEncoder(), path)


def test_coder_with_a_cache_codes_as_without_and_reuses_it(nhs_sample, coded, tmp_path):  # noqa: F811
    plain = fit(nhs_sample, coded, embeddings=FakeEncoder())
    first = FakeEncoder()
    cached = fit(nhs_sample, coded, embeddings=first, embedding_cache=tmp_path / "cache.sqlite")
    pd.testing.assert_frame_equal(cached.probabilities_, plain.probabilities_)
    assert sum(len(call) for call in first.calls) > 0
    second = FakeEncoder()
    refit = fit(nhs_sample, coded, embeddings=second, embedding_cache=tmp_path / "cache.sqlite")
    assert second.calls == []  # every vector came from the file
    pd.testing.assert_frame_equal(refit.probabilities_, plain.probabilities_)
    assert AssistedCoder(embeddings=False, embedding_cache=tmp_path / "x")._encoder() is None
