"""Measures of theme quality and of agreement with human coders.

- :func:`npmi_coherence`: do a theme's top terms appear in the same responses?
- :func:`topic_diversity`: how many top terms are unique to one theme?
- :func:`seed_stability`: do different seeds find the same themes?
- :func:`clustering_agreement`: AMI / NMI against one human label per response.
- :func:`multilabel_agreement`: samples / micro / macro F1 against human codes,
  with themes matched one-to-one to codes (Hungarian matching).
- :func:`bootstrap_interval`: a 95% interval for any of these by resampling responses.
- :func:`redaction_scores`: precision and recall of :func:`analysis.redact.find_personal_details`
  against personal details marked by hand, per kind.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import adjusted_mutual_info_score, f1_score, normalized_mutual_info_score
from sklearn.preprocessing import MultiLabelBinarizer

from analysis.redact import find_personal_details


def npmi_coherence(top_terms, documents, top_n=10) -> np.ndarray:
    """Mean normalised PMI of each theme's top-term pairs (document co-occurrence).

    Parameters
    ----------
    top_terms : list of list of str
        Terms of each theme, best first.
    documents : list of list of str
        The analysed corpus, as terms; co-occurrence is counted per document.
    top_n : int, default=10

    Returns
    -------
    numpy.ndarray
        One value per theme in [-1, 1]; pairs that never co-occur count as -1.
    """
    topics = [list(terms)[:top_n] for terms in top_terms]
    vocabulary = {term: i for i, term in enumerate(sorted({t for topic in topics for t in topic}))}
    rows, cols = [], []
    for row, document in enumerate(documents):
        for term in set(document):
            if term in vocabulary:
                rows.append(row)
                cols.append(vocabulary[term])
    n_docs = max(len(documents), 1)
    presence = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n_docs, len(vocabulary)))
    together = (presence.T @ presence).toarray() / n_docs
    alone = np.diag(together)
    scores = []
    for topic in topics:
        pairs = [(vocabulary[a], vocabulary[b]) for a, b in combinations(topic, 2)]
        values = [_npmi(together[i, j], alone[i], alone[j]) for i, j in pairs]
        scores.append(float(np.mean(values)) if values else 0.0)
    return np.array(scores)


def _npmi(p_ij: float, p_i: float, p_j: float) -> float:
    if p_ij <= 0:
        return -1.0
    if p_ij >= 1:
        return 1.0
    return float(np.log(p_ij / (p_i * p_j)) / -np.log(p_ij))


def topic_diversity(top_terms, top_n=25) -> float:
    """Share of unique terms among all themes' top ``top_n`` terms (1 = no overlap)."""
    topics = [list(terms)[:top_n] for terms in top_terms]
    total = sum(len(topic) for topic in topics)
    return len({t for topic in topics for t in topic}) / total if total else 0.0


def matched_jaccard(topics_a, topics_b, top_n=10) -> float:
    """Mean top-term Jaccard of two theme sets after one-to-one matching.

    Themes left unmatched (when the sets differ in size) count as 0.
    """
    a = [set(list(t)[:top_n]) for t in topics_a]
    b = [set(list(t)[:top_n]) for t in topics_b]
    if not a or not b:
        return 0.0
    similarity = np.array([[len(x & y) / len(x | y) if x | y else 0.0 for y in b] for x in a])
    rows, cols = linear_sum_assignment(-similarity)
    return float(similarity[rows, cols].sum() / max(len(a), len(b)))


def seed_stability(runs, top_n=10) -> float:
    """Mean :func:`matched_jaccard` over every pair of runs (e.g. 5 seeds)."""
    pairs = list(combinations(runs, 2))
    return float(np.mean([matched_jaccard(a, b, top_n) for a, b in pairs])) if pairs else 1.0


def clustering_agreement(predicted, truth) -> dict:
    """AMI and NMI between one predicted theme and one human label per response."""
    predicted = pd.Series(predicted).astype(str).to_numpy()
    truth = pd.Series(truth).astype(str).to_numpy()
    return {
        "ami": float(adjusted_mutual_info_score(truth, predicted)),
        "nmi": float(normalized_mutual_info_score(truth, predicted)),
    }


def match_themes_to_codes(predicted_sets, truth_sets) -> dict:
    """One-to-one mapping theme -> code maximising their co-assignment (Hungarian)."""
    themes = sorted({t for s in predicted_sets for t in s}, key=str)
    codes = sorted({c for s in truth_sets for c in s}, key=str)
    if not themes or not codes:
        return {}
    theme_index = {t: i for i, t in enumerate(themes)}
    code_index = {c: j for j, c in enumerate(codes)}
    overlap = np.zeros((len(themes), len(codes)))
    for p, t in zip(predicted_sets, truth_sets, strict=False):
        for theme in p:
            for code in t:
                overlap[theme_index[theme], code_index[code]] += 1
    theme_sizes = overlap.sum(axis=1, keepdims=True) + 1e-9
    code_sizes = overlap.sum(axis=0, keepdims=True) + 1e-9
    dice = 2 * overlap / (theme_sizes + code_sizes)
    rows, cols = linear_sum_assignment(-dice)
    return {themes[i]: codes[j] for i, j in zip(rows, cols, strict=False) if overlap[i, j] > 0}


def multilabel_agreement(predicted_sets, truth_sets, mapping=None) -> dict:
    """Samples, micro and macro F1 of predicted codes against human codes.

    Parameters
    ----------
    predicted_sets, truth_sets : list of set
        Codes (or themes) per response, aligned.
    mapping : dict, optional
        Theme -> code.  When omitted, themes that are not already code names
        are matched one-to-one with :func:`match_themes_to_codes`; themes left
        without a code count as false positives.

    Returns
    -------
    dict
        ``samples_f1``, ``micro_f1``, ``macro_f1`` and ``matching``
        (``"identity"`` or ``"hungarian"``).
    """
    predicted_sets = [set(p) for p in predicted_sets]
    truth_sets = [set(t) for t in truth_sets]
    codes = sorted({c for s in truth_sets for c in s}, key=str)
    predicted_labels = {p for s in predicted_sets for p in s}
    matching = "identity"
    if mapping is None and not predicted_labels <= set(codes):
        mapping = match_themes_to_codes(predicted_sets, truth_sets)
        matching = "hungarian"
    if mapping is not None:
        predicted_sets = [{mapping.get(p, ("unmatched", p)) for p in s} for s in predicted_sets]
        matching = "hungarian" if matching == "hungarian" else "given"
    binarizer = MultiLabelBinarizer(classes=codes)
    truth = binarizer.fit_transform(truth_sets)
    predicted = binarizer.transform([{p for p in s if p in set(codes)} for s in predicted_sets])
    # Unmatched themes are wrong guesses: add them as one extra column of false positives.
    extra = np.array([[sum(1 for p in s if p not in set(codes))] for s in predicted_sets]).clip(0, 1)
    truth_full = np.hstack([truth, np.zeros_like(extra)])
    predicted_full = np.hstack([predicted, extra])
    return {
        "samples_f1": float(f1_score(truth_full, predicted_full, average="samples", zero_division=0)),
        "micro_f1": float(f1_score(truth_full, predicted_full, average="micro", zero_division=0)),
        "macro_f1": float(f1_score(truth, predicted, average="macro", zero_division=0)),
        "matching": matching,
    }


def bootstrap_interval(statistic, n, n_resamples=200, confidence=0.95, random_state=None):
    """Percentile bootstrap interval of ``statistic(indices)`` over ``n`` responses.

    Parameters
    ----------
    statistic : callable
        Takes an integer index array (a resample of responses) and returns a float.
    n : int
        Number of responses.
    n_resamples : int, default=200
    confidence : float, default=0.95
    random_state : int or numpy.random.Generator, optional

    Returns
    -------
    tuple of float
        ``(low, high)``.
    """
    rng = np.random.default_rng(random_state)
    values = [statistic(rng.integers(0, n, n)) for _ in range(n_resamples)]
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return float(low), float(high)


def agreement_report(assignments: pd.DataFrame, truth: pd.DataFrame, n_resamples=200, random_state=0) -> dict:
    """Every agreement figure for model assignments against human codes.

    Parameters
    ----------
    assignments : pandas.DataFrame
        ``response_id`` and ``theme_id`` or ``code`` (missing = no theme); an
        optional ``primary`` column marks each response's main theme, otherwise
        its first row is taken.
    truth : pandas.DataFrame
        ``response_id`` and ``code`` or ``label``; one row per code.

    Returns
    -------
    dict
        Counts, ``ami``/``nmi`` on responses with one human code (no theme counts
        as its own cluster), F1 figures with their matching, and 95% bootstrap
        intervals for ``ami`` and ``micro_f1``.
    """
    predicted_column = _first_present(assignments, ("theme_id", "code"), "assignments")
    truth_column = _first_present(truth, ("code", "label"), "truth")
    truth = truth.dropna(subset=[truth_column])
    truth_sets = truth.groupby("response_id")[truth_column].agg(lambda c: set(map(str, c)))
    assignments = assignments[assignments["response_id"].isin(truth_sets.index)]
    if assignments.empty:
        raise ValueError("no response ids are shared by the assignments and the truth")
    ordered = assignments
    if "primary" in assignments.columns:
        ordered = assignments.sort_values("primary", ascending=False, kind="stable",
                                          key=lambda s: s.astype(str).str.lower().isin(["true", "1"]))
    labels = ordered[predicted_column].astype(object).where(ordered[predicted_column].notna(), None)
    ordered = ordered.assign(label=[None if pd.isna(v) or str(v) == "" else str(v) for v in labels])
    primary = ordered.drop_duplicates("response_id").set_index("response_id")["label"].fillna("(none)")
    predicted_sets = ordered.dropna(subset=["label"]).groupby("response_id")["label"].agg(set)
    ids = list(primary.index)
    predicted_list = [predicted_sets.get(i, set()) for i in ids]
    truth_list = [truth_sets[i] for i in ids]
    single = np.array([len(t) == 1 for t in truth_list])
    single_truth = np.array([next(iter(t)) if len(t) == 1 else "" for t in truth_list])
    primary_values = primary.to_numpy()
    mapping_holder = {}

    def ami_of(index):
        index = index[single[index]]
        return clustering_agreement(primary_values[index], single_truth[index])["ami"]

    def micro_of(index):
        return multilabel_agreement([predicted_list[i] for i in index], [truth_list[i] for i in index],
                                    mapping=mapping_holder.get("mapping"))["micro_f1"]

    report = {"n_responses": len(ids), "n_single_label": int(single.sum())}
    report.update(clustering_agreement(primary_values[single], single_truth[single]) if single.any() else {})
    agreement = multilabel_agreement(predicted_list, truth_list)
    if agreement["matching"] == "hungarian":
        mapping_holder["mapping"] = match_themes_to_codes(predicted_list, truth_list)
        report["mapping"] = {str(k): v for k, v in mapping_holder["mapping"].items()}
    report.update(agreement)
    if n_resamples:
        if single.any():
            report["ami_95ci"] = bootstrap_interval(ami_of, len(ids), n_resamples, random_state=random_state)
        report["micro_f1_95ci"] = bootstrap_interval(micro_of, len(ids), n_resamples, random_state=random_state)
    return report


def _first_present(table, columns, name):
    for column in columns:
        if column in table.columns:
            return column
    raise ValueError(f"{name} need a response_id column and one of: {', '.join(columns)}")


def redaction_scores(texts, marked) -> pd.DataFrame:
    """Precision and recall of redaction per kind of personal detail, against hand-marked spans.

    A marked detail is found when details the redactor gives the same kind cover all of it (so
    "[NAME] Doe" misses "Jane Doe"); a detail the redactor finds is right when it overlaps a marked
    one of the same kind.  The ``any`` row ignores kinds: is every marked detail hidden, and is
    everything hidden personal?

    Parameters
    ----------
    texts : sequence of str
    marked : sequence of list of (kind, start, end)
        The hand-marked details of each text.

    Returns
    -------
    pandas.DataFrame
        ``kind``, ``marked``, ``found`` (by the redactor), ``precision``, ``recall``, ``missed``
        (the marked texts not wholly found) and ``wrong`` (the found texts not marked).
    """
    counts: dict[str, dict] = {}

    def tally(kind):
        return counts.setdefault(kind, {"marked": 0, "found": 0, "right": 0, "recalled": 0,
                                        "missed": [], "wrong": []})

    for text, gold in zip(texts, marked, strict=True):
        found = [(d.kind, d.start, d.end) for d in find_personal_details(text)]
        for kinds in ("same", "any"):
            def same(a, b, kinds=kinds):
                return kinds == "any" or a == b

            for kind, start, end in gold:
                row = tally(kind if kinds == "same" else "any")
                row["marked"] += 1
                covered = {i for k, s, e in found if same(k, kind) for i in range(s, e)}
                if all(i in covered for i in range(start, end) if not text[i].isspace()):
                    row["recalled"] += 1
                else:
                    row["missed"].append(text[start:end])
            for kind, start, end in found:
                row = tally(kind if kinds == "same" else "any")
                row["found"] += 1
                if any(same(k, kind) and s < end and start < e for k, s, e in gold):
                    row["right"] += 1
                else:
                    row["wrong"].append(text[start:end])
    return pd.DataFrame([
        {"kind": kind, "marked": row["marked"], "found": row["found"],
         "precision": row["right"] / row["found"] if row["found"] else float("nan"),
         "recall": row["recalled"] / row["marked"] if row["marked"] else float("nan"),
         "missed": row["missed"], "wrong": row["wrong"]}
        for kind, row in sorted(counts.items(), key=lambda item: (item[0] == "any", item[0]))
    ])
