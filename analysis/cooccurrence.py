"""Term co-occurrence statistics that :class:`analysis.themes.ThemeModel` factorises with the responses."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components


def cooccurrence_npmi(matrix, least: int, length_weighted: bool = True, distinct: bool = True):
    """Positive NPMI of term pairs used together, as a symmetric sparse matrix.

    Parameters
    ----------
    matrix : sparse matrix of shape (n_documents, n_terms)
        Any document-term matrix; only which entries are non-zero matters.
    least : int
        Least number of (distinct) documents a pair must occur in to count.
    length_weighted : bool, default=True
        Each document adds ``1 / (its number of terms - 1)`` (rescaled so the mean
        over documents is 1) to each of its pairs, so a long document adds as much
        as a few short ones instead of a clique of all its words.
    distinct : bool, default=True
        Count near-copies (see :func:`representatives`) once, so the same comment
        posted several times does not make its words a theme.

    Returns
    -------
    scipy.sparse.coo_matrix of shape (n_terms, n_terms)
    """
    presence = sparse.csr_matrix(matrix, dtype=np.float64, copy=True)
    presence.eliminate_zeros()
    presence.data[:] = 1.0
    if distinct and presence.shape[0]:
        presence = presence[representatives(presence)]
    lengths = np.asarray(presence.sum(axis=1)).ravel()
    paired = lengths >= 2
    presence = presence[paired]
    lengths = lengths[paired]
    size = matrix.shape[1]
    if not presence.shape[0]:
        return sparse.coo_matrix((size, size))
    weights = 1.0 / (lengths - 1) if length_weighted else np.ones_like(lengths)
    weights /= weights.mean()
    # Same sparsity pattern (every weight is positive), so the two data arrays line up.
    counts = sparse.triu(presence.T @ presence, k=1).tocsr()
    weighted = sparse.triu(presence.T @ sparse.diags(weights) @ presence, k=1).tocsr()
    counts.sort_indices()
    weighted.sort_indices()
    rows = np.repeat(np.arange(size), np.diff(counts.indptr))
    keep = counts.data >= least
    i, j, together = rows[keep], counts.indices[keep], weighted.data[keep]
    total = weights.sum()
    frequency = np.asarray(presence.T @ weights).ravel()
    npmi = np.log(together * total / (frequency[i] * frequency[j])) / -np.log(np.minimum(together / total, 1 - 1e-9))
    positive = npmi > 0
    i, j, npmi = i[positive], j[positive], npmi[positive]
    return sparse.coo_matrix((np.r_[npmi, npmi], (np.r_[i, j], np.r_[j, i])), shape=(size, size))


def representatives(presence, similarity: float = 0.7, least_shared: int = 3) -> np.ndarray:
    """Rows to keep so that each group of copies of one comment counts once.

    Two rows are copies (the same comment posted again, perhaps edited) when they
    share at least ``least_shared`` terms, one of them rare (in at most
    ``max(10, n_rows / 500)`` rows), and the Jaccard similarity of
    their term sets is at least ``similarity``; repeats of a row with a rare term
    and at least ``least_shared`` terms are copies too. Shorter answers repeated
    word for word ("staff friendly") are taken as different people agreeing.

    Returns
    -------
    numpy.ndarray of int
        Sorted indices of the rows kept.
    """
    presence = sparse.csr_matrix(presence, dtype=np.float64, copy=True)
    presence.eliminate_zeros()
    presence.data[:] = 1.0
    presence.sort_indices()
    bounds = zip(presence.indptr[:-1], presence.indptr[1:], strict=True)
    keys = np.array([presence.indices[a:b].tobytes() for a, b in bounds], dtype=object)
    if not len(keys):
        return np.arange(0)
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    rows = presence[first]
    n_rows = rows.shape[0]
    rare = presence.getnnz(axis=0) <= max(10, len(keys) / 500)
    lengths = rows.getnnz(axis=1)
    candidates = rows[:, np.flatnonzero(rare)]
    shared = sparse.triu(candidates @ candidates.T, k=1).tocoo()
    i, j = shared.row, shared.col
    common = np.asarray(rows[i].multiply(rows[j]).sum(axis=1)).ravel() if len(i) else np.zeros(0)
    near = (common >= least_shared) & (common / np.maximum(lengths[i] + lengths[j] - common, 1) >= similarity)
    graph = sparse.coo_matrix((np.ones(near.sum()), (i[near], j[near])), shape=(n_rows, n_rows))
    _, group = connected_components(graph, directed=False)
    # Distinct rows that are copies of others collapse to their group's first row.
    group_first = np.unique(group, return_index=True)[1]
    copied = np.bincount(group, minlength=n_rows)[group] > 1
    keep_row = np.zeros(n_rows, dtype=bool)
    keep_row[group_first] = True
    # Word-for-word repeats of a long row with a rare term are copies too.
    has_rare = rows[:, np.flatnonzero(rare)].getnnz(axis=1) > 0
    collapse = copied | (has_rare & (lengths >= least_shared))
    keep = np.where(collapse[inverse], keep_row[inverse] & (np.arange(len(keys)) == first[inverse]),
                    keep_row[inverse] | ~collapse[inverse])
    return np.flatnonzero(keep)
