"""The labelled suite: every labelled set in ../shared/data, one row per set and method.

Used by ``benchmarks/analysis_themes.py --only suite``.  Methods, each fitted with seeds
:data:`SUITE_SEEDS` on the same rows in the same run:

- the project's default ``ThemeModel`` (and, for comparison, ``ThemeModel(method="nmf")``, the default
  before issue 16);
- the default with its Ward samples drawn by the seed (``discovery.SAMPLE_SEED``; the default
  draws them with a fixed seed), which shows how much the themes depend on the sample;
- plain NMF-20: scikit-learn TF-IDF with English stop words, ``NMF(20)``;
- embeddings + k-means 20 + class-based TF-IDF labels (the BERTopic recipe), with scikit-learn on the
  project's own all-MiniLM-L6-v2 *static* word-piece vectors (not the contextual model).

Scores: AMI against the human label (single-label rows; "no theme" is a cluster of its own), or, for
sets with no single-label rows (mams_acsa, themefinder), samples-F1 of each answer's one primary
theme with themes matched one-to-one to codes (Hungarian); NPMI of the top 10 terms in each
method's own tokens; diversity (unique top-25 terms / 25k); the largest theme's share of all rows
("other"/"no theme" not counted as a theme); seed stability (matched top-10 Jaccard over the seeds);
seconds (mean fit, wall clock) and CPU seconds (this process's own);
peak memory above the process's memory before the fit (Linux VmHWM, reset
through /proc/self/clear_refs before each fit).
"""

from __future__ import annotations

import json
import os
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from analysis import ThemeModel, discovery
from analysis.embeddings import load_static_encoder
from analysis.evaluate import (
    clustering_agreement,
    multilabel_agreement,
    npmi_coherence,
    seed_stability,
    topic_diversity,
)

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SUITE_SEEDS = (0, 1, 2)
#: Rows kept from larger sets (a fixed-seed sample), so the suite runs in about ten minutes on 2 cores.
MAX_ROWS = 5000


def suite_sets(max_rows: int = MAX_ROWS) -> list[dict]:
    """Each labelled set: name, texts, truth (one label, or a set of labels), score ("ami" or "f1")."""
    sets = []
    nhs = pd.read_csv(DATA / "nhs-fft-phase1" / "text_data.csv")
    nhs = nhs.assign(feedback=nhs["feedback"].fillna(""), label=nhs["label"].fillna("(none)"))
    sets.append(_ami("nhs-fft-phase1", nhs, "feedback", max_rows))
    banking = pd.read_csv(DATA / "labelled" / "banking77" / "data.csv")
    sets.append(_ami("banking77", banking, "text", max_rows))
    nlupp = pd.read_csv(DATA / "labelled" / "nlupp" / "data.csv")
    sets.append(_ami("nlupp (single-label rows)", nlupp[~nlupp["label"].str.contains("|", regex=False)],
                     "text", max_rows))
    mams = pd.read_csv(DATA / "labelled" / "mams_acsa" / "data.csv")
    sets.append({"name": "mams_acsa (samples-F1)", "texts": mams["text"].reset_index(drop=True),
                 "truth": [set(s.split("|")) for s in mams["label"]], "score": "f1"})
    for suffix, language in (("_pol_Latn", "pl"), ("_arb_Arab", "ar"), ("", "ur"), ("_zho_Hans", "zh")):
        sib = pd.read_csv(DATA / "labelled" / "sib200" / f"data{suffix}.csv")
        sets.append(_ami(f"sib200 {language}", sib, "text", max_rows))
    folder = DATA / "themefinder-synthetic"
    for part in (1, 2):
        responses = pd.read_json(folder / f"gambling_XS__inputs__question_part_{part}__responses.jsonl", lines=True)
        mapping = pd.read_json(folder / f"gambling_XS__outputs__mapping__2025-07-22__question_part_{part}__mapping"
                                        ".jsonl", lines=True)
        merged = responses.merge(mapping, on="response_id")
        sets.append({"name": f"themefinder q{part} (samples-F1)", "texts": merged["response"],
                     "truth": [set(labels) for labels in merged["labels"]], "score": "f1"})
    return sets


def _ami(name, frame, column, max_rows):
    if len(frame) > max_rows:
        frame = frame.sample(max_rows, random_state=0)
    frame = frame.reset_index(drop=True)
    return {"name": name, "texts": frame[column].fillna("").astype(str), "truth": frame["label"].tolist(),
            "score": "ami"}


# -- methods: each returns (labels per row, 0 = no theme; top 25 terms per theme; documents as tokens)
def project(texts, seed, **options):
    model = ThemeModel(random_state=seed, **options).fit(texts)
    main = model.assignments_[model.assignments_["primary"] | model.assignments_["theme_id"].isna()]
    main = main.drop_duplicates("response_id").set_index("response_id")["theme_id"]
    labels = main.reindex(range(len(texts))).fillna(0).astype(int).to_numpy()
    return labels, [list(t) for t in model.themes_["terms"]], model.documents_


def nmf20(texts, seed):
    vectorizer = TfidfVectorizer(stop_words="english")
    matrix = vectorizer.fit_transform(texts)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = NMF(min(20, matrix.shape[1]), random_state=seed, max_iter=400).fit(matrix)
    weights = model.transform(matrix)
    vocabulary = np.asarray(vectorizer.get_feature_names_out())
    top = [vocabulary[np.argsort(-row)[:25]].tolist() for row in model.components_]
    analyzer = vectorizer.build_analyzer()
    labels = np.where(weights.sum(axis=1) > 0, weights.argmax(axis=1) + 1, 0)
    return labels, top, [analyzer(t) for t in texts]


def kmeans20(texts, seed):
    """all-MiniLM-L6-v2 static vectors -> k-means 20 -> class-based TF-IDF top terms."""
    vectors = load_static_encoder().encode(list(texts))
    labels = KMeans(20, n_init=3, random_state=seed).fit_predict(vectors) + 1
    counter = CountVectorizer(stop_words="english")
    counts = counter.fit_transform(texts)
    vocabulary = np.asarray(counter.get_feature_names_out())
    per_class = np.vstack([np.asarray(counts[labels == c].sum(axis=0)).ravel() for c in range(1, 21)])
    tf = per_class / np.maximum(per_class.sum(axis=1, keepdims=True), 1)
    idf = np.log(1 + per_class.sum(axis=1).mean() / np.maximum(per_class.sum(axis=0), 1))
    ctfidf = tf * idf
    top = [vocabulary[np.argsort(-row)[:25]].tolist() for row in ctfidf]
    analyzer = counter.build_analyzer()
    return labels, top, [analyzer(t) for t in texts]


def project_sampled(texts, seed):
    """The default with its Ward samples drawn by ``seed``: how much the themes depend on the sample."""
    kept = discovery.SAMPLE_SEED
    discovery.SAMPLE_SEED = seed
    try:
        return project(texts, seed)
    finally:
        discovery.SAMPLE_SEED = kept


METHODS = {
    "ThemeModel (default)": project,
    "ThemeModel, Ward samples by seed": project_sampled,
    "ThemeModel nmf (before)": lambda texts, seed: project(texts, seed, method="nmf"),
    "NMF-20": nmf20,
    "MiniLM static + k-means 20 + c-TF-IDF": kmeans20,
}


def _reset_peak() -> int:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return 0
    return _status("VmRSS")


def _status(field) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) // 1024
    return 0


def score_run(data, labels, top, documents) -> dict:
    if data["score"] == "ami":
        quality = clustering_agreement(labels, pd.Series(data["truth"]).astype(str))["ami"]
    else:
        predicted = [{int(label)} if label else set() for label in labels]
        quality = multilabel_agreement(predicted, data["truth"])["samples_f1"]
    themed = labels[labels > 0]
    largest = np.bincount(themed).max() / len(labels) if len(themed) else 0.0
    return {"quality": quality, "npmi": float(np.mean(npmi_coherence(top, documents))),
            "diversity": topic_diversity(top), "largest": float(largest), "other": float(np.mean(labels == 0)),
            "k": len(top)}


def run_suite(methods=None, max_rows: int = MAX_ROWS, seeds=SUITE_SEEDS) -> pd.DataFrame:
    load_static_encoder()  # loaded once, before any measured fit
    rows = []
    for data in suite_sets(max_rows):
        for name, method in (methods or METHODS).items():
            scores, runs = [], []
            for seed in seeds:
                base = _reset_peak()
                started, cpu = time.perf_counter(), time.process_time()
                labels, top, documents = method(data["texts"], seed)
                seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
                peak = _status("VmHWM") - base
                runs.append(top)
                scores.append({**score_run(data, np.asarray(labels), top, documents), "seconds": seconds,
                               "cpu_seconds": cpu, "peak_mb": peak})
            mean = pd.DataFrame(scores).mean().to_dict()
            rows.append({"set": data["name"], "n": len(data["texts"]), "method": name,
                         "score": "AMI" if data["score"] == "ami" else "sF1", **mean,
                         "stability": seed_stability(runs), "peak_mb": max(s["peak_mb"] for s in scores),
                         "load": round(os.getloadavg()[0], 1)})
            print(json.dumps({k: (round(v, 3) if isinstance(v, float) else v) for k, v in rows[-1].items()}),
                  flush=True)
    return pd.DataFrame(rows)


def print_suite(table: pd.DataFrame) -> None:
    shown = table.copy()
    shown["k"] = shown["k"].round(1)
    print(shown.round({"quality": 3, "npmi": 3, "diversity": 2, "largest": 3, "other": 3, "stability": 2,
                       "seconds": 2, "cpu_seconds": 2}).to_string(index=False))
    quality = table.pivot(index="set", columns="method", values="quality")
    default = "ThemeModel (default)"
    ratios = pd.DataFrame({
        "vs NMF-20": quality[default] / quality["NMF-20"],
        "vs k-means": quality[default] / quality["MiniLM static + k-means 20 + c-TF-IDF"],
    })
    print("\nquality ratio of the default to each baseline (targets: >= 1.3 and >= 1.1):")
    print(ratios.round(2).to_string())
    print("mean / worst:", ratios.mean().round(2).to_dict(), ratios.min().round(2).to_dict())
    print(f"sets over {MAX_ROWS:,} rows are a fixed-seed sample of {MAX_ROWS:,} (banking77, nhs-fft-phase1); "
          "k-means uses the static MiniLM vectors, not the contextual model; "
          "largest = the largest theme's share of all rows, other = share with no theme")
