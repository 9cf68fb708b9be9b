"""Assisted coding on every labelled set in ../shared/data, with the NHS set's protocol.

Used by ``benchmarks/analysis_themes.py --only coding-suite``.  For each set and start (seed): 50
random answers coded, then ``suggest_next(25)`` + ``update`` up to 300 coded (half the set, and 25
random, when the set has under 600 answers); every other answer is predicted and scored.  Variants:

- ``AssistedCoder`` as by default (static vectors when installed), no frame;
- the same with the coding frame an analyst would write from the codebook: NHS one row per
  sub-code named by it (as ``analysis_themes.codebook_frame``), themefinder one row per theme with
  its label and description, the other sets one row per code with its name as the description
  ("card_arrival" -> "card arrival"). Only names and descriptions, never which answer has which code;
- baseline: logistic regression on TF-IDF (one-vs-rest when multi-label), the same number of
  random answers, drawn with the same seed.

Scores: micro- and macro-F1 over codes.  Single-label sets: each answer's most likely code.
Multi-label sets (nlupp, mams_acsa, themefinder): every code the coder assigns (its most likely
code plus any other at confidence >= 0.5; the baseline the same rule on its probabilities),
against the set of human codes.
"""

from __future__ import annotations

import json
import os
import time

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer

from analysis import AssistedCoder
from benchmarks.theme_suite import DATA

CODED, START, STEP = 300, 50, 25


def coding_sets() -> list[dict]:
    """Each labelled set whole: name, texts, truth (list of codes per answer), frame rows."""
    sets = []
    nhs = pd.read_csv(DATA / "nhs-fft-phase1" / "text_data.csv")
    nhs = nhs.assign(feedback=nhs["feedback"].fillna(""))
    nhs = nhs[nhs["feedback"].str.strip() != ""].reset_index(drop=True)
    pairs = nhs[["label", "subcategory"]].dropna().drop_duplicates().sort_values(["label", "subcategory"])
    sets.append({"name": "nhs-fft-phase1", "texts": nhs["feedback"], "truth": [[c] for c in nhs["label"]],
                 "frame": [{"code": c, "description": s} for c, s in pairs.itertuples(index=False)]})
    for name in ("banking77", "nlupp", "mams_acsa"):
        frame = pd.read_csv(DATA / "labelled" / name / "data.csv")
        sets.append(_named(name, frame))
    for suffix, language in (("_pol_Latn", "pl"), ("_arb_Arab", "ar"), ("", "ur"), ("_zho_Hans", "zh")):
        sets.append(_named(f"sib200 {language}", pd.read_csv(DATA / "labelled" / "sib200" / f"data{suffix}.csv")))
    folder = DATA / "themefinder-synthetic"
    for part in (1, 2):
        stem = f"gambling_XS__outputs__mapping__2025-07-22__question_part_{part}"
        responses = pd.read_json(folder / f"gambling_XS__inputs__question_part_{part}__responses.jsonl", lines=True)
        merged = responses.merge(pd.read_json(folder / f"{stem}__mapping.jsonl", lines=True), on="response_id")
        themes = json.loads((folder / f"{stem}__themes.json").read_text())
        sets.append({"name": f"themefinder q{part}", "texts": merged["response"].astype(str),
                     "truth": [sorted(set(labels)) for labels in merged["labels"]],
                     "frame": [{"code": t["topic_id"], "description": f"{t['topic_label']}. {t['topic_description']}"}
                               for t in themes]})
    return sets


def _named(name, frame):
    truth = [sorted(set(str(s).split("|"))) for s in frame["label"]]
    codes = sorted({c for codes in truth for c in codes})
    return {"name": name, "texts": frame["text"].fillna("").astype(str), "truth": truth,
            "frame": [{"code": c, "description": c.replace("_", " ").replace("/", " ")} for c in codes]}


def _scores(truth, predicted) -> dict:
    binarizer = MultiLabelBinarizer().fit(list(truth) + list(predicted))
    y, p = binarizer.transform(truth), binarizer.transform(predicted)
    return {"micro_f1": f1_score(y, p, average="micro", zero_division=0),
            "macro_f1": f1_score(y, p, average="macro", zero_division=0)}


def _coded_frame(rows, truth) -> pd.DataFrame:
    return pd.DataFrame([{"response_id": int(r), "code": c} for r in rows for c in truth[r]])


def run_loop(data, seed, options) -> tuple[dict, list]:
    """One start of the coding loop; returns the scores and the random rows the baseline uses."""
    texts, truth = data["texts"].reset_index(drop=True), data["truth"]
    n = len(texts)
    target = min(CODED, n // 2)
    first = min(START, target // 2)
    rng = np.random.default_rng(seed)
    coded = [int(i) for i in rng.choice(n, first, replace=False)]
    random_rows = rng.choice(n, target, replace=False)
    multi = any(len(t) > 1 for t in truth)
    started, cpu = time.perf_counter(), time.process_time()
    coder = AssistedCoder(random_state=0, **options).fit(texts, _coded_frame(coded, truth))
    while len(coded) < target:
        coded += [int(r) for r in coder.suggest_next(STEP)["response_id"][: target - len(coded)]]
        coder.update(_coded_frame(coded, truth))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    assigned = coder.assign()
    if not multi:
        assigned = assigned.drop_duplicates("response_id")
    predicted = assigned.groupby("response_id")["code"].agg(list)
    scores = _scores([truth[r] for r in predicted.index], list(predicted))
    return {**scores, "seconds": seconds, "cpu_seconds": cpu}, random_rows


def run_baseline(data, rows) -> dict:
    texts, truth = data["texts"].reset_index(drop=True), data["truth"]
    matrix = TfidfVectorizer().fit_transform(texts)
    rest = np.setdiff1d(np.arange(len(texts)), rows)
    if any(len(t) > 1 for t in truth):
        binarizer = MultiLabelBinarizer().fit(truth)
        y = binarizer.transform([truth[r] for r in rows])
        seen = y.any(axis=0)  # a code absent from the random sample cannot be learned
        model = OneVsRestClassifier(LogisticRegression(max_iter=2000)).fit(matrix[rows], y[:, seen])
        probabilities = model.predict_proba(matrix[rest])
        chosen = probabilities >= 0.5
        chosen[np.arange(len(rest)), probabilities.argmax(axis=1)] = True
        codes = binarizer.classes_[seen]
        predicted = [list(codes[c]) for c in chosen]
    else:
        model = LogisticRegression(max_iter=2000).fit(matrix[rows], [truth[r][0] for r in rows])
        predicted = [[c] for c in model.predict(matrix[rest])]
    return _scores([truth[r] for r in rest], predicted)


def run_coding_suite(seeds=(0, 1, 2), names=None, nhs_seeds=None, frame_only=False) -> pd.DataFrame:
    """One row per set and method; ``frame_only`` skips the coder without a frame (half the time)."""
    rows = []
    sets = {data["name"]: data for data in coding_sets()}
    for data in [sets[name] for name in names] if names else sets.values():
        variants = {"AssistedCoder": {}, "AssistedCoder + codebook frame": {"frame": data["frame"]}}
        if frame_only:
            del variants["AssistedCoder"]
        results = {name: [] for name in [*variants, "LR on TF-IDF, random"]}
        for seed in (nhs_seeds or seeds) if data["name"] == "nhs-fft-phase1" else seeds:
            random_rows = None
            for name, options in variants.items():
                scores, random_rows = run_loop(data, seed, options)
                results[name].append(scores)
            results["LR on TF-IDF, random"].append(run_baseline(data, random_rows))
        multi = any(len(t) > 1 for t in data["truth"])
        n_coded = min(CODED, len(data["texts"]) // 2)
        for name, scores in results.items():
            table = pd.DataFrame(scores)
            rows.append({"set": data["name"], "n": len(data["texts"]), "codes": len({c for t in data["truth"]
                                                                                     for c in t}),
                         "multi_label": multi, "coded": n_coded, "method": name,
                         "micro_f1": table["micro_f1"].mean(), "macro_f1": table["macro_f1"].mean(),
                         "micro_f1_starts": table["micro_f1"].round(3).tolist(),
                         "macro_f1_starts": table["macro_f1"].round(3).tolist(),
                         "seconds": table["seconds"].mean() if "seconds" in table else None,
                         "cpu_seconds": table["cpu_seconds"].mean() if "cpu_seconds" in table else None,
                         "load": round(os.getloadavg()[0], 1)})
            print(json.dumps({k: (round(v, 3) if isinstance(v, float) else v) for k, v in rows[-1].items()}),
                  flush=True)
    return pd.DataFrame(rows)
