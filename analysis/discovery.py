"""Theme discovery from sentence vectors: the default of :class:`analysis.themes.ThemeModel`.

Each answer becomes a vector joining two views: its all-MiniLM-L6-v2 *static* sentence vector
(:func:`analysis.embeddings.load_static_encoder`; weighted by the share of English answers, the
language the model was trained on) and a latent semantic (LSA) vector of its own terms (the
project's per-language tokens, stop words and stems), so languages the model does not know still
have a view.  The vectors are grouped by Ward agglomerative clustering (on a sample when there are
many answers) refined by k-means; groups over :data:`MAX_SHARE` of the answers are split, praise-only
groups merged, and answers far from their group's centre are "no clear theme".
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.decomposition import PCA, TruncatedSVD
from sklearn.preprocessing import normalize

#: A group holding more than this share of the themed answers is split (while themes are under the maximum).
MAX_SHARE = 0.15
#: Answers clustered by Ward's method; the rest join the nearest centre.
WARD_SAMPLE = 3000
#: Seed of the Ward samples (and the label sample): fixed, so ``random_state`` does not change the themes.
SAMPLE_SEED = 0
#: Ward samples tried when there are more answers than :data:`WARD_SAMPLE`; the least k-means inertia wins.
WARD_INITS = 3
#: Dimensions of the LSA view.
LSA_DIMENSIONS = 64
#: Dimensions of the joined vectors after PCA (centred, then normalised: clustering works on these).
DIMENSIONS = 64
#: Answers the LSA and PCA bases are learned from (a seeded sample beyond this).
BASIS_SAMPLE = 10_000


def choose_n_themes(n_answers: int, low: int = 10, high: int = 30) -> int:
    """The number of themes for ``n_answers`` themable answers: ``1.3·n^(1/3)`` within ``[low, high]``.

    10 themes up to about 500 answers, 13 for 1,000, 20 for 3,600, 22 for 5,000, 30 from 12,300 up.
    """
    return int(np.clip(round(1.3 * max(n_answers, 1) ** (1 / 3)), low, high))


def embed(texts, encoder) -> np.ndarray | None:
    """Sentence vectors of ``texts`` (each distinct text encoded once), or None without an encoder."""
    if encoder is None:
        return None
    unique, inverse = np.unique(np.asarray([str(t) for t in texts], dtype=object), return_inverse=True)
    return encoder.encode(list(unique))[inverse]


class FeatureSpace:
    """The joined vector of an answer: static sentence vector and LSA of its terms, centred by PCA.

    ``embedding_weight`` scales the sentence-vector view (each view has unit length per answer);
    it is multiplied by ``english_share``.  The bases are learned on at most
    :data:`BASIS_SAMPLE` answers.
    """

    def __init__(self, embedding_weight=1.0, lsa_dimensions=LSA_DIMENSIONS, dimensions=DIMENSIONS,
                 random_state=0):
        self.embedding_weight = embedding_weight
        self.lsa_dimensions = lsa_dimensions
        self.dimensions = dimensions
        self.random_state = random_state

    def fit_transform(self, matrix, vectors, english_share: float, rows=None) -> np.ndarray:
        """Fit on ``rows`` (default all) of ``matrix``/``vectors``, transform every row."""
        rows = np.arange(matrix.shape[0]) if rows is None else np.asarray(rows)
        rng = np.random.RandomState(self.random_state)
        basis = np.sort(rng.choice(rows, BASIS_SAMPLE, replace=False)) if len(rows) > BASIS_SAMPLE else rows
        n_components = min(self.lsa_dimensions, matrix.shape[1] - 1, len(basis) - 1)
        self.svd_ = None
        if n_components >= 1:
            self.svd_ = TruncatedSVD(n_components, algorithm="randomized", n_iter=2,
                                     random_state=self.random_state).fit(matrix[basis])
        self.weight_ = float(self.embedding_weight * english_share) if vectors is not None else 0.0
        joined = self._join(matrix, vectors)
        n_out = max(1, min(self.dimensions, joined.shape[1], len(basis) - 1))
        # few columns, many rows: the covariance matrix's eigenvectors are the cheap exact solution
        self.pca_ = PCA(n_out, svd_solver="covariance_eigh", random_state=self.random_state)
        self.pca_.fit(joined[basis])
        return self._project(joined)

    def transform(self, matrix, vectors) -> np.ndarray:
        return self._project(self._join(matrix, vectors))

    def _join(self, matrix, vectors) -> np.ndarray:
        lsa = self.svd_.transform(matrix) if self.svd_ is not None else np.zeros((matrix.shape[0], 1))
        parts = [normalize(lsa).astype(np.float32)]
        if self.weight_ > 0 and vectors is not None:
            parts.append(np.sqrt(self.weight_) * vectors.astype(np.float32))
        return np.hstack(parts)

    def _project(self, joined) -> np.ndarray:
        empty = ~joined.any(axis=1)
        out = normalize(self.pca_.transform(joined)).astype(np.float32)
        out[empty] = 0.0
        return out


def cluster(features: np.ndarray, n_clusters: int, rng: np.random.RandomState, sample_size=WARD_SAMPLE,
            n_init=1):
    """Labels ``0..k-1`` and unit centres: Ward on (a sample of) the answers, then k-means from those centres.

    With more answers than ``sample_size``, ``n_init`` samples drawn with ``rng`` are each clustered
    so, and the partition of least k-means inertia is kept.
    """
    n = len(features)
    n_clusters = max(1, min(n_clusters, n))
    best = None
    for _ in range(n_init if n > sample_size else 1):
        sample = np.sort(rng.choice(n, sample_size, replace=False)) if n > sample_size else np.arange(n)
        ward = AgglomerativeClustering(n_clusters).fit_predict(features[sample]) if n_clusters > 1 else np.zeros(
            len(sample), dtype=int)
        centres = np.vstack([features[sample][ward == c].mean(axis=0) for c in range(n_clusters)])
        kmeans = KMeans(n_clusters, init=centres, n_init=1, max_iter=50, random_state=0).fit(features)
        if best is None or kmeans.inertia_ < best.inertia_:
            best = kmeans
    return best.labels_, normalize(best.cluster_centers_)


def split_large(features, labels, centres, max_themes: int, max_share=MAX_SHARE):
    """Split the largest group in two (Ward, then k-means) while it holds over ``max_share`` and k < max."""
    labels = labels.copy()
    while len(centres) < max_themes:
        sizes = np.bincount(labels, minlength=len(centres))
        largest = int(sizes.argmax())
        if sizes[largest] <= max_share * len(labels) or sizes[largest] < 4:
            break
        members = np.flatnonzero(labels == largest)
        part, halves = cluster(features[members], 2, np.random.RandomState(0))
        if min(np.bincount(part, minlength=2)) < max(2, 0.05 * len(members)):
            break
        labels[members[part == 1]] = len(centres)
        centres = np.vstack([centres, halves[1]])
        centres[largest] = halves[0]
    return labels, centres


def merge_groups(labels, centres, features, groups) -> tuple[np.ndarray, np.ndarray]:
    """Merge each list of group numbers in ``groups`` into its first; renumber 0..k-1."""
    labels = labels.copy()
    for group in groups:
        for other in group[1:]:
            labels[labels == other] = group[0]
    kept = np.unique(labels)
    labels = np.searchsorted(kept, labels)
    centres = normalize(np.vstack([features[labels == c].mean(axis=0) for c in range(len(kept))]))
    return labels, centres


def duplicate_groups(centres, threshold: float) -> list[list[int]]:
    """Groups whose centres' cosine is at least ``threshold``, joined transitively."""
    similarity = centres @ centres.T
    np.fill_diagonal(similarity, -1)
    parent = list(range(len(centres)))

    def root(i):
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in zip(*np.nonzero(np.triu(similarity >= threshold)), strict=False):
        parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(centres)):
        groups.setdefault(root(i), []).append(i)
    return [sorted(g) for g in groups.values() if len(g) > 1]


def far_from_centre(features, labels, centres, spread: float) -> np.ndarray:
    """Answers whose cosine to their centre is ``spread`` robust deviations below their group's median."""
    similarity = np.einsum("ij,ij->i", features, centres[labels])
    far = np.zeros(len(labels), dtype=bool)
    for c in range(len(centres)):
        members = labels == c
        if members.sum() < 5:
            continue
        values = similarity[members]
        median = np.median(values)
        deviation = 1.4826 * np.median(np.abs(values - median))
        far[members] = values < median - spread * max(deviation, 1e-3)
    return far


def class_tfidf(matrix, labels, n_classes: int, min_count=3, min_share=0.02) -> np.ndarray:
    """Class-based TF-IDF: each group's term frequencies times ``log(1 + mean class size / term total)``.

    Terms in fewer than ``min_count`` or ``min_share`` of a group's answers score 0 for it.
    """
    presence = sparse.csr_matrix(matrix)
    presence = sparse.csr_matrix((np.ones_like(presence.data), presence.indices, presence.indptr),
                                 shape=presence.shape)
    membership = sparse.csr_matrix((np.ones(len(labels)), (labels, np.arange(len(labels)))),
                                   shape=(n_classes, len(labels)))
    counts = np.asarray((membership @ presence).todense(), dtype=np.float64)
    totals, mean_size = counts.sum(axis=0), counts.sum(axis=1).mean()
    # a term used by few of a group's answers does not describe the group
    sizes = np.asarray(membership.sum(axis=1)).ravel()
    idf = np.log(1 + mean_size / np.maximum(totals, 1))
    raw = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1) * idf
    counts[counts < np.maximum(min_count, min_share * sizes)[:, None]] = 0
    tf = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    # the rarer terms still follow, far behind, so a small theme lists as many terms as a large one
    return (tf * idf + 1e-6 * raw).astype(np.float32)
