"""Vectors for assisted coding: word vectors learned from the responses, and typical members of groups."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize


def word_vectors(documents, n_components=100, min_count=3, max_words=20_000, random_state=None):
    """Word vectors learned from the responses themselves, one row per column of ``documents``.

    Positive pointwise mutual information of two words appearing in the same
    response (context counts smoothed to the power 0.75), reduced by truncated SVD
    and normalised; words seen in fewer than ``min_count`` responses, or beyond
    the ``max_words`` most frequent, get zero vectors.  ``None`` when there are
    too few words.  Responses are short, so a response is the co-occurrence window.
    """
    present = (sparse.csr_matrix(documents) > 0).astype(np.float32)
    counts = np.asarray(present.sum(axis=0)).ravel()
    keep = np.flatnonzero(counts >= min_count)
    keep = keep[np.argsort(-counts[keep], kind="stable")[:max_words]]
    if len(keep) < 3:
        return None
    pairs = (present[:, keep].T @ present[:, keep]).tocoo()
    off = pairs.row != pairs.col
    rows, cols, together = pairs.row[off], pairs.col[off], pairs.data[off].astype(np.float64)
    if not len(together):
        return None
    word = np.bincount(rows, weights=together, minlength=len(keep))
    context = np.bincount(cols, weights=together, minlength=len(keep)) ** 0.75
    pmi = np.log(together * context.sum() / (word[rows] * context[cols]))
    positive = pmi > 0
    ppmi = sparse.csr_matrix((pmi[positive], (rows[positive], cols[positive])), shape=(len(keep), len(keep)))
    size = max(1, min(n_components, len(keep) - 1))
    reduced = normalize(TruncatedSVD(size, random_state=random_state).fit_transform(ppmi))
    vectors = np.zeros((documents.shape[1], size), dtype=np.float32)
    vectors[keep] = reduced
    return vectors


def typical_members(points, n_groups, random_state=None) -> list:
    """Row index of the point nearest each centre of ``n_groups`` k-means groups."""
    groups = KMeans(n_groups, n_init=1, random_state=random_state).fit(points)
    distance = ((points - groups.cluster_centers_[groups.labels_]) ** 2).sum(axis=1)
    return [int(members[np.argmin(distance[members])])
            for members in (np.flatnonzero(groups.labels_ == g) for g in range(n_groups)) if len(members)]
