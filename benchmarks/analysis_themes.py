"""Benchmark the analysis package against plain baselines, in one run.

    NLTK_DATA=.nltk_data .venv/bin/python benchmarks/analysis_themes.py [--quick] [--coding-seeds N]
        [--only suite,themes,coding,coding-suite,german,speed] [--suite-before] [--coding-suite-seeds N]

Prints the labelled suite (``benchmarks/theme_suite.py``: one row per labelled set and method),
assisted coding on every labelled set (``benchmarks/coding_suite.py``),
theme quality (AMI/NMI against the human ``label``, NPMI, diversity, seed
stability), assisted-coding F1, German Polis top terms, and time and peak memory
at 1k/10k/100k responses, each beside the baseline measured in the same run.
Data: ../shared/data (see its README).  Optional baseline: gensim LDA
(``pip install -r benchmarks/requirements.txt``); skipped with a note if missing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
NHS = DATA / "nhs-fft-phase1" / "text_data.csv"
os.environ.setdefault("NLTK_DATA", str(ROOT / ".nltk_data"))
sys.path.insert(0, str(ROOT))

from sklearn.decomposition import NMF  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import f1_score  # noqa: E402

from analysis import AssistedCoder, ThemeModel  # noqa: E402
from analysis.embeddings import load_encoder, load_static_encoder  # noqa: E402
from analysis.evaluate import clustering_agreement, npmi_coherence, seed_stability, topic_diversity  # noqa: E402
from analysis.stopwords import load_stop_words  # noqa: E402
from benchmarks.coding_suite import run_coding_suite  # noqa: E402
from benchmarks.theme_suite import METHODS, print_suite, run_suite  # noqa: E402

SEEDS = (0, 1, 2, 3, 4)
#: Environment variable naming the embedding cache file shared by the contextual-frame timing runs.
CACHE_ENV = "BENCH_EMBEDDING_CACHE"


def nhs() -> pd.DataFrame:
    return pd.read_csv(NHS).assign(feedback=lambda d: d["feedback"].fillna(""))


def primary_labels(assignments: pd.DataFrame, n: int) -> np.ndarray:
    main = assignments[assignments["primary"] | assignments["theme_id"].isna()].drop_duplicates("response_id")
    return main.set_index("response_id")["theme_id"].reindex(range(n)).fillna(0).astype(int).to_numpy()


# -- baselines ---------------------------------------------------------------------------
def baseline_nmf(texts, seed, init=None):
    vectorizer = TfidfVectorizer(stop_words="english")
    matrix = vectorizer.fit_transform(texts)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = NMF(20, random_state=seed, init=init, max_iter=400).fit(matrix)
    weights = model.transform(matrix)
    vocabulary = np.asarray(vectorizer.get_feature_names_out())
    top = [vocabulary[np.argsort(-row)[:25]].tolist() for row in model.components_]
    analyzer = vectorizer.build_analyzer()
    documents = [analyzer(t) for t in texts]
    labels = np.where(weights.sum(axis=1) > 0, weights.argmax(axis=1) + 1, 0)
    return labels, top, documents


def baseline_gensim_lda(texts, seed):
    try:
        from gensim import corpora, models
    except ImportError:
        return None
    vectorizer = TfidfVectorizer(stop_words="english")
    analyzer = vectorizer.build_analyzer()
    documents = [[w for w in analyzer(t) if w not in vectorizer.get_stop_words()] for t in texts]
    dictionary = corpora.Dictionary(documents)
    dictionary.filter_extremes(no_below=3, no_above=0.5)
    corpus = [dictionary.doc2bow(d) for d in documents]
    lda = models.LdaModel(corpus, num_topics=20, id2word=dictionary, random_state=seed, passes=5)
    top = [[dictionary[i] for i, _ in lda.get_topic_terms(k, 25)] for k in range(20)]
    labels = np.array([max(lda.get_document_topics(b), key=lambda x: x[1])[0] + 1 if b else 0 for b in corpus])
    return labels, top, documents


def theme_quality(data: pd.DataFrame) -> None:
    print(f"\n== Theme discovery on NHS FFT (n={len(data)}), against `label` ==")
    texts, truth = data["feedback"], data["label"].fillna("(none)")
    rows, project_runs = [], []
    for seed in SEEDS:
        started = time.perf_counter()
        model = ThemeModel(random_state=seed).fit(texts)
        seconds = time.perf_counter() - started
        labels = primary_labels(model.assignments_, len(data))
        project_runs.append(model.themes_["terms"].tolist())
        rows.append({"seed": seed, "k": model.n_themes_, "seconds": seconds,
                     **clustering_agreement(labels, truth), "npmi": model.coherence().mean(),
                     "diversity": model.diversity(),
                     "ami_themed_only": clustering_agreement(labels[labels > 0], truth[labels > 0])["ami"]})
    project = pd.DataFrame(rows)
    print(project.round(3).to_string(index=False))
    base_rows, base_runs, base_random_runs = [], [], []
    for seed in SEEDS:
        started = time.perf_counter()
        labels, top, documents = baseline_nmf(texts, seed)
        seconds = time.perf_counter() - started
        base_runs.append(top)
        base_random_runs.append(baseline_nmf(texts, seed, init="random")[1])
        base_rows.append({"seed": seed, "seconds": seconds, **clustering_agreement(labels, truth),
                          "npmi": npmi_coherence(top, documents).mean(), "diversity": topic_diversity(top)})
    baseline = pd.DataFrame(base_rows)
    scores = ["ami", "nmi", "npmi", "diversity", "seconds"]
    summary = {
        "project (ThemeModel, auto k)": {**project[scores].mean().to_dict(),
                                         "stability": seed_stability(project_runs), "k": project["k"].tolist()},
        "baseline NMF k=20 (default nndsvda init)": {**baseline[scores].mean().to_dict(),
                                                      "stability": seed_stability(base_runs), "k": [20]},
        "baseline NMF k=20 (random init)": {"stability": seed_stability(base_random_runs)},
    }
    lda_rows, lda_runs = [], []
    for seed in SEEDS[:2]:
        started = time.perf_counter()
        result = baseline_gensim_lda(texts, seed)
        if result is None:
            print("note: gensim not installed; LDA baseline skipped (pip install -r benchmarks/requirements.txt)")
            break
        labels, top, documents = result
        lda_runs.append(top)
        lda_rows.append({"seconds": time.perf_counter() - started, **clustering_agreement(labels, truth),
                         "npmi": npmi_coherence(top, documents).mean(), "diversity": topic_diversity(top)})
    if lda_rows:
        summary["baseline gensim LDA k=20 (2 seeds)"] = {**pd.DataFrame(lda_rows).mean().to_dict(),
                                                        "stability": seed_stability(lda_runs)}
    print(pd.DataFrame(summary).T.to_string())
    print("targets: AMI >= 0.15, NPMI >= 0.05, diversity >= 0.80, stability >= 0.85")
    print("time ratio project/baseline NMF: %.2f" % (project["seconds"].mean() / baseline["seconds"].mean()))
    model = ThemeModel(random_state=0).fit(texts)
    print(model.get_theme_info()[["theme_id", "label", "size", "top_terms"]].to_string(index=False))


def codebook_frame(data: pd.DataFrame) -> list[dict]:
    """The coding frame an analyst would write from the codebook: one row per sub-code, described by its name.

    Only the names of the 9 codes and their 44 subcategories are used, never which answer has which.
    """
    pairs = data[["label", "subcategory"]].dropna().drop_duplicates().sort_values(["label", "subcategory"])
    return [{"code": code, "description": sub} for code, sub in pairs.itertuples(index=False)]


def coding_quality(data: pd.DataFrame, seeds=(0,)) -> None:
    print("\n== Assisted coding on NHS FFT: 50 random + next-to-code suggestions up to 300 ==")
    data = data[data["feedback"].str.strip() != ""].reset_index(drop=True)
    vectorizer = TfidfVectorizer()
    matrix = vectorizer.fit_transform(data["feedback"])
    rows = {}
    variants = {"AssistedCoder + codebook frame": {"frame": codebook_frame(data)},
                "AssistedCoder + codebook frame, nothing lent": {"frame": codebook_frame(data), "frame_neighbours": 0},
                "AssistedCoder": {}, "AssistedCoder, no embeddings": {"embeddings": False}}
    if load_encoder() is not None:
        variants["AssistedCoder, contextual embeddings"] = {"embeddings": "contextual"}
        variants["AssistedCoder + codebook frame, contextual"] = {"embeddings": "contextual",
                                                                  "frame": codebook_frame(data)}
    static = load_static_encoder() is not None
    print("default (auto):", "static word-piece vectors distilled from all-MiniLM-L6-v2" if static else
          "no embeddings (static vectors not installed: run make setup, or set ANALYSIS_STATIC_VECTORS)")
    for seed in seeds:
        rng = np.random.default_rng(seed)
        start = list(rng.choice(len(data), 50, replace=False))
        for name, options in variants.items():
            # contextual: the first fit in this process embeds every distinct text; later fits reuse the vectors
            coded = list(start)
            started = time.perf_counter()
            coder = AssistedCoder(random_state=0, **options)
            coder.fit(data["feedback"], pd.DataFrame({"response_id": coded, "code": data["label"][coded]}))
            while len(coded) < 300:
                coded += list(coder.suggest_next(25)["response_id"][: 300 - len(coded)])
                coder.update(pd.DataFrame({"response_id": coded, "code": data["label"][coded]}))
            seconds = time.perf_counter() - started
            primary = coder.assign().drop_duplicates("response_id")
            truth = data["label"][primary["response_id"]].to_numpy()
            rows[f"{name}, active, start {seed}"] = {
                "micro_f1": f1_score(truth, primary["code"], average="micro"),
                "macro_f1": f1_score(truth, primary["code"], average="macro"), "seconds (whole loop)": seconds}
        random_idx = rng.choice(len(data), 300, replace=False)
        rest = np.setdiff1d(np.arange(len(data)), random_idx)
        started = time.perf_counter()
        baseline = LogisticRegression(max_iter=2000).fit(matrix[random_idx], data["label"][random_idx])
        predicted = baseline.predict(matrix[rest])
        rows[f"baseline LR, 300 random, seed {seed}"] = {
            "micro_f1": f1_score(data["label"][rest], predicted, average="micro"),
            "macro_f1": f1_score(data["label"][rest], predicted, average="macro"),
            "seconds (whole loop)": time.perf_counter() - started}
    table = pd.DataFrame(rows).T
    for name in variants:
        table.loc[f"{name}, mean"] = table[table.index.str.startswith(f"{name}, active")].mean()
    table.loc["baseline LR, mean"] = table[table.index.str.startswith("baseline LR, 300")].mean()
    print(table.round(3).to_string())
    print("codebook frame: one frame row per sub-code (9 codes, 44 subcategory names as descriptions); "
          "nothing lent = frame_neighbours=0 (the frame rows do not lend their codes to similar answers)")
    print("targets: micro-F1 >= 0.65, macro-F1 >= 0.50")


def german_polis() -> None:
    print("\n== German Polis comments (Austrian climate assembly) ==")
    frames = [pd.read_csv(p) for p in sorted((DATA / "polis").glob("austria-climate.*__comments.csv"))]
    comments = pd.concat(frames)
    comments = comments[comments["moderated"] >= 0]["comment-body"].dropna()
    model = ThemeModel(random_state=0).fit(comments)
    terms = {t.casefold() for top in model.themes_["top_terms"] for t in top}
    english = load_stop_words("en") - load_stop_words("de")
    print(f"{len(comments)} comments; languages: {model.preprocessor_.languages_.value_counts().head(4).to_dict()}")
    print(f"German stop words in top terms: {sorted(terms & load_stop_words('de'))}")
    print(f"English-only stop words in top terms: {sorted(terms & english)}")
    print(f"NPMI {model.coherence().mean():.3f}, diversity {model.diversity():.3f}, k={model.n_themes_}")
    print(model.get_theme_info()[["theme_id", "size", "top_terms"]].to_string(index=False))


# -- speed and memory (each in a fresh process so peak memory is its own) -------------------
def distinct_answers(data: pd.DataFrame, n: int) -> pd.Series:
    """``n`` answers, each two random NHS answers joined (so 100,000 are distinct, not repeats)."""
    rng = np.random.default_rng(0)
    feedback = data["feedback"].to_numpy()
    pairs = rng.integers(0, len(feedback), size=(n, 2))
    return pd.Series([f"{feedback[a]} {feedback[b]}".strip() for a, b in pairs])


def measure(task: str, n: int) -> dict:
    data = nhs()
    texts = data["feedback"].sample(n, replace=n > len(data), random_state=0).reset_index(drop=True)
    if task in ("themes", "themes-nmf", "baseline-distinct"):
        texts = distinct_answers(data, n)
    labels = data["label"].fillna("(none)").sample(n, replace=n > len(data), random_state=0).reset_index(drop=True)
    started, cpu = time.perf_counter(), time.process_time()
    if task == "themes":
        model = ThemeModel(random_state=0).fit(texts)
        extra = {"distinct": int(texts.nunique()), "k": model.n_themes_}
    elif task == "themes-nmf":
        ThemeModel(method="nmf", random_state=0).fit(texts)
    elif task in ("baseline", "baseline-distinct"):
        baseline_nmf(texts, 0)
    elif task.startswith("coding"):
        coded = pd.DataFrame({"response_id": range(300), "code": labels[:300]})
        kind = {"coding": "auto", "coding-frame": "auto", "coding-contextual": "contextual",
                "coding-contextual-frame": "contextual", "coding-contextual-frame-cached": "contextual",
                "coding-no-embeddings": False}[task]
        frame = codebook_frame(data) if "frame" in task else None
        # The two contextual-frame tasks share a vector file: the first run fills it, the second reuses it.
        cache = os.environ.get(CACHE_ENV) if task.startswith("coding-contextual-frame") else None
        AssistedCoder(random_state=0, embeddings=kind, frame=frame, embedding_cache=cache).fit(texts, coded).assign()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"task": task, "n": n, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "load": round(os.getloadavg()[0], 1), "peak_mb": peak_memory_mb(),
            **(extra if task == "themes" else {})}


def peak_memory_mb() -> int:
    """This process's peak resident memory; VmHWM, unlike ru_maxrss, is not inherited across exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def speed(sizes) -> None:
    print("\n== Time and peak memory (fresh process each; 100k = sampled with replacement) ==")
    rows = []
    cache_dir = tempfile.TemporaryDirectory()
    env = {**os.environ, CACHE_ENV: str(Path(cache_dir.name) / "vectors.sqlite")}
    for n in sizes:
        # the contextual model costs a minute or more (~70-110 distinct answers/s): timed at the largest size only
        tasks = ["baseline", "themes", "coding", "coding-frame", "coding-no-embeddings"] + (
            ["coding-contextual", "coding-contextual-frame", "coding-contextual-frame-cached"]
            if n == max(sizes) and load_encoder() is not None else [])
        for task in tasks:
            output = subprocess.run([sys.executable, __file__, "--measure", task, str(n)], check=True,
                                    capture_output=True, text=True, env=env).stdout
            rows.append(json.loads(output.strip().splitlines()[-1]))
    cache_dir.cleanup()
    table = pd.DataFrame(rows).pivot(index="n", columns="task", values=["seconds", "cpu_seconds", "load", "peak_mb"])
    table[("ratio", "themes/baseline")] = table[("seconds", "themes")] / table[("seconds", "baseline")]
    print(table.round(2).to_string())
    print("coding = AssistedCoder as by default (static word-piece vectors when installed), coding-frame = the same "
          "with the 44-row codebook frame, coding-contextual = "
          "with the full all-MiniLM-L6-v2 (from scratch in a fresh process), coding-contextual-frame = that with the "
          "frame and an embedding cache it fills, -cached = the same again in a new process, reading the vectors "
          "from that cache, coding-no-embeddings = without")
    print("seconds = wall clock, cpu_seconds = the process's own CPU time, load = 1-minute load average at the end")
    print("targets: themes <= 10 s at 10k, <= 60 s and <= 2048 MB at 100k; coding <= 10 s at 100k")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="skip the 100k speed runs")
    parser.add_argument("--coding-seeds", type=int, default=4, metavar="N",
                        help="random starts (seeds 0..N-1) of the assisted-coding loop (default 4)")
    parser.add_argument("--coding-suite-seeds", type=int, default=1, metavar="N",
                        help="starts of the coding loop on each labelled set (default 1; NHS uses --coding-seeds)")
    parser.add_argument("--only", default="suite,themes,coding,coding-suite,german,speed", metavar="SECTIONS",
                        help="comma-separated sections to run: suite, themes, coding, coding-suite, german, speed "
                             "(default all)")
    parser.add_argument("--suite-before", action="store_true",
                        help="also run ThemeModel(method='nmf'), the default before issue 16, in the suite (slow)")
    parser.add_argument("--measure", nargs=2, metavar=("TASK", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], int(args.measure[1]))))
        return
    sections = {s.strip() for s in args.only.split(",")}
    unknown = sections - {"suite", "themes", "coding", "coding-suite", "german", "speed"}
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    data = nhs()
    if "suite" in sections:
        methods = {k: v for k, v in METHODS.items() if args.suite_before or "before" not in k}
        print("\n== Labelled suite (../shared/data; seeds 0-2) ==")
        print_suite(run_suite(methods))
    if "themes" in sections:
        theme_quality(data)
    if "coding" in sections:
        coding_quality(data, range(args.coding_seeds))
    if "coding-suite" in sections:
        print("\n== Assisted coding on every labelled set (300 coded, the rest predicted) ==")
        table = run_coding_suite(range(args.coding_suite_seeds), nhs_seeds=range(args.coding_seeds))
        print(table.drop(columns=["micro_f1_starts", "macro_f1_starts"]).round(3).to_string(index=False))
    if "german" in sections:
        german_polis()
    if "speed" in sections:
        speed((1_000, 10_000) if args.quick else (1_000, 10_000, 100_000))


if __name__ == "__main__":
    main()
