"""The analyst's coding frame: its rows as codes with descriptions, and the answers nearest each row."""

from __future__ import annotations

import numpy as np
import pandas as pd


def coding_frame(frame) -> pd.DataFrame:
    """Normalise a coding frame to columns ``code``, ``description``, ``seed_terms`` (list).

    ``frame`` may be a DataFrame, a list of dicts, or a list of code names.
    """
    if frame is None:
        return pd.DataFrame(columns=["code", "description", "seed_terms"])
    table = pd.DataFrame([{"code": f} if isinstance(f, str) else dict(f) for f in frame]) \
        if not isinstance(frame, pd.DataFrame) else frame.copy()
    if "code" not in table:
        raise ValueError("the coding frame needs a 'code' column")
    blank = table["code"].isna() | (table["code"].astype(str).str.strip() == "")
    if blank.any():
        raise ValueError(f"row {int(blank.to_numpy().argmax()) + 1} of the coding frame has no code")
    table["code"] = table["code"].astype(str).str.strip()
    table["description"] = table.get("description", pd.Series("", index=table.index)).fillna("").astype(str)
    seeds = table.get("seed_terms", pd.Series([[]] * len(table), index=table.index))
    table["seed_terms"] = [
        s.replace(";", ",").split(",") if isinstance(s, str) else list(s) if isinstance(s, (list, tuple)) else []
        for s in seeds
    ]
    table["seed_terms"] = [[t.strip() for t in terms if t.strip()] for terms in table["seed_terms"]]
    return table[["code", "description", "seed_terms"]]


def frame_texts(frame: pd.DataFrame) -> list[str]:
    """Each frame row as one text (code, description, seed terms), learned from as a coded example."""
    return [" ".join([str(r.code), r.description, *r.seed_terms]) for r in frame.itertuples()]


def nearest_members(row_vectors: np.ndarray, vectors: np.ndarray, candidates: np.ndarray, n: int) -> np.ndarray:
    """For each of ``row_vectors``, the ``n`` ``candidates`` (rows of ``vectors``) of highest cosine, nearest first.

    Vectors are expected L2-normalised; returns an array of shape (len(row_vectors), min(n, len(candidates))).
    """
    n = min(n, len(candidates))
    if n == 0:
        return np.empty((len(row_vectors), 0), dtype=np.int64)
    similarity = row_vectors @ vectors[candidates].T
    top = np.argpartition(-similarity, n - 1, axis=1)[:, :n]
    order = np.argsort(-np.take_along_axis(similarity, top, axis=1), axis=1, kind="stable")
    return candidates[np.take_along_axis(top, order, axis=1)]
