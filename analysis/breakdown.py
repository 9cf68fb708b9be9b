"""Theme x segment breakdowns with small-cell suppression.

Every count below ``min_cell`` (default 11) is hidden (primary suppression),
and further cells are hidden so that no hidden cell can be worked out by
subtracting the visible cells of its row or column from the published totals
(complementary suppression).  Zero counts are shown: they reveal nobody.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DEFAULT_MIN_CELL = 11
NO_THEME = "(no theme)"
TOTAL = "Total"


def suppression_mask(counts, min_cell=DEFAULT_MIN_CELL, hidden=None, protect_sums=False) -> np.ndarray:
    """Cells to hide in a table of counts whose row and column totals are published.

    Parameters
    ----------
    counts : array-like of shape (n_rows, n_columns)
    min_cell : int, default=11
    hidden : array-like of bool, same shape, optional
        Cells already hidden for another reason (hidden in a published view they add up to).
    protect_sums : bool, default=False
        Also hide cells until the hidden cells of each row and column add up to none or at least
        ``min_cell``: their sum is the total minus the visible cells, a group of people too.

    Returns
    -------
    numpy.ndarray of bool
        True where the count must not be shown.
    """
    counts = np.asarray(counts, dtype=float)
    primary = (counts > 0) & (counts < min_cell)
    hidden = primary if hidden is None else primary | np.asarray(hidden, dtype=bool)
    changed = True
    while changed:
        changed = False
        for matrix, mask in ((counts, hidden), (counts.T, hidden.T)):
            for line, line_mask in zip(matrix, mask, strict=False):
                lone = line_mask.sum() == 1
                hidden_sum = line[line_mask].sum()
                if lone or (protect_sums and 0 < hidden_sum < min_cell):
                    # A lone hidden cell equals total minus the rest: hide the smallest other
                    # non-zero cell (or a zero, when nothing else is left).
                    candidates = np.flatnonzero(~line_mask & (line > 0))
                    if not len(candidates):
                        candidates = np.flatnonzero(~line_mask)
                    if protect_sums and not lone:
                        candidates = np.flatnonzero(~line_mask & (line > 0))
                    if len(candidates):
                        line_mask[candidates[np.argmin(line[candidates])]] = True
                        changed = True
    return hidden


def theme_breakdown(assignments, segments, by, min_cell=DEFAULT_MIN_CELL, primary_only=False) -> pd.DataFrame:
    """Count and share of responses per theme within each segment.

    Parameters
    ----------
    assignments : pandas.DataFrame
        ``response_id``, ``theme_id`` (missing for no theme) and ``primary``,
        as from :meth:`ThemeModel.assign` (or ``code`` instead of ``theme_id``).
    segments : pandas.DataFrame
        ``response_id`` and the segment column ``by`` (question, neighbourhood...).
    by : str
    min_cell : int, default=11
    primary_only : bool, default=False
        Count only each response's primary theme.

    Returns
    -------
    pandas.DataFrame
        Long table: ``theme``, ``by``, ``count`` and ``share`` (of the segment's
        responses; both ``<NA>`` when suppressed) and ``suppressed``.  Rows
        ``theme == "Total"`` give each segment's responses; ``"(no theme)"`` those
        with none.  A response with several themes counts once in each.
    """
    if by not in segments.columns:
        raise ValueError(f"segment column {by!r} not found")
    theme_column = "theme_id" if "theme_id" in assignments.columns else "code"
    table = assignments
    if primary_only and "primary" in table.columns:
        table = table[table["primary"].astype(bool) | table[theme_column].isna()]
    table = table.assign(theme=table[theme_column].astype(object).where(table[theme_column].notna(), NO_THEME))
    table = table[["response_id", "theme"]].drop_duplicates()
    segment_of = segments.drop_duplicates("response_id").set_index("response_id")[by]
    segment_of = segment_of.astype(object).where(segment_of.notna(), "(missing)")
    table = table.assign(segment=table["response_id"].map(segment_of)).dropna(subset=["segment"])
    counts = pd.crosstab(table["theme"], table["segment"])
    totals = table.drop_duplicates("response_id")["segment"].value_counts().reindex(counts.columns).fillna(0)
    full = pd.concat([counts, totals.to_frame().T.set_axis([TOTAL])])
    mask = suppression_mask(full.to_numpy(), min_cell)
    long = full.stack().rename("count").reset_index().set_axis(["theme", by, "count"], axis=1)
    long["suppressed"] = mask.ravel()
    long["share"] = long["count"] / long[by].map(totals)
    long["count"] = long["count"].astype("Int64").mask(long["suppressed"])
    long["share"] = long["share"].mask(long["suppressed"]).astype("Float64")
    return long[["theme", by, "count", "share", "suppressed"]]
