"""What a results page may show of closed questions' counts, overall and within one group.

A view of counts is published together with the totals it adds up to, and every view of the
same data is published beside the others.  So a count below ``min_cell`` is hidden, and so
are enough others that it cannot be worked out by subtraction: from the question's total, from
the group's total, from the unfiltered view (a group's count and the overall count give its
complement's) or from the other groups of the same filter (the groups of a filter, with the
responses outside all of them, add up to the whole).  The hidden cells of a row or column also
add up to none or at least ``min_cell``, since their sum is the total less what is shown.
Every group of a filter is suppressed in one table, so each view of that filter hides the same cells.
"""

from __future__ import annotations

import numpy as np

from analysis.breakdown import DEFAULT_MIN_CELL, suppression_mask


def group_refused(size: int, total: int, min_cell: int = DEFAULT_MIN_CELL) -> bool:
    """Whether a group of ``size`` responses out of ``total`` is too small to show, or its complement is."""
    return size < min_cell or total - size < min_cell


def overall_mask(counts, answered: int, min_cell: int = DEFAULT_MIN_CELL) -> np.ndarray:
    """Options to hide in one question's counts (of ``answered`` responses, published).

    Parameters
    ----------
    counts : array-like of shape (n_options,)
    answered : int
        Responses that answered; from 1 to ``min_cell - 1`` every count is hidden (none reveals nobody).

    Returns
    -------
    numpy.ndarray of bool, shape (n_options,)
    """
    counts = np.asarray(counts, dtype=float).reshape(1, -1)
    if 0 < answered < min_cell:
        return np.ones(counts.shape[1], dtype=bool)
    return suppression_mask(counts, min_cell, protect_sums=True)[0]


def group_mask(counts, answered, overall_hidden, min_cell: int = DEFAULT_MIN_CELL) -> np.ndarray:
    """Cells to hide in one question's counts split by every group of one filter.

    Parameters
    ----------
    counts : array-like of shape (n_options, n_groups)
        Every group of the filter, and a column for the responses in none of them.
    answered : array-like of shape (n_groups,)
        Responses in each group that answered the question (published with the group's view).
    overall_hidden : array-like of bool, shape (n_options,)
        Options hidden in the unfiltered view: hidden in every group too, since the groups add up to them.

    Returns
    -------
    numpy.ndarray of bool, shape (n_options + 1, n_groups)
        The last row is for ``answered``.
    """
    counts = np.asarray(counts, dtype=float)
    table = np.vstack([counts, np.asarray(answered, dtype=float).reshape(1, -1)])
    already = np.zeros(table.shape, dtype=bool)
    already[:-1][np.asarray(overall_hidden, dtype=bool)] = True
    return suppression_mask(table, min_cell, hidden=already, protect_sums=True)
