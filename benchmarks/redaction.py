"""Measure redaction: precision and recall per kind on the labelled answers, speed, and what it
finds in real answers.

    .venv/bin/python benchmarks/redaction.py [--found FILE.csv]

Labelled answers: tests/analysis/data/redaction_labelled.jsonl (``dev``: the rules were tuned on
them; ``heldout``: measured once, after tuning). Speed: 10,000 real NHS Friends and Family Test
comments, beside a baseline measured in the same run (one pass of the email pattern alone). Real
answers: the English comments in ../shared/data (NHS FFT, the English Polis conversations, the
themefinder synthetic consultation); ``--found`` writes every detail found there, with its context,
for reading by hand.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
LABELLED = ROOT / "tests" / "analysis" / "data" / "redaction_labelled.jsonl"
sys.path.insert(0, str(ROOT))

from analysis.evaluate import redaction_scores  # noqa: E402
from analysis.redact import _EMAIL, _find, find_personal_details  # noqa: E402


def labelled_scores() -> None:
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    for split in ("dev", "heldout", "all"):
        chosen = [row for row in rows if split == "all" or row["split"] == split]
        marked = [[(s["kind"], s["start"], s["end"]) for s in row["spans"]] for row in chosen]
        scores = redaction_scores([row["text"] for row in chosen], marked)
        empty = sum(not row["spans"] for row in chosen)
        print(f"\n{split}: {len(chosen)} answers, {empty} with nothing personal")
        print(scores[["kind", "marked", "found", "precision", "recall"]].round(3).to_string(index=False))
        for row in scores.itertuples():
            if row.kind != "any" and (row.missed or row.wrong):
                print(f"  {row.kind}: missed {row.missed}; wrong {row.wrong}")


def real_answers() -> list[tuple[str, str]]:
    texts = [("nhs-fft", t) for t in pd.read_csv(DATA / "nhs-fft-phase1" / "text_data.csv")["feedback"].dropna()]
    for path in sorted((DATA / "polis").glob("*__comments.csv")):
        if "austria" not in path.name and "vtaiwan" not in path.name.lower():  # English only
            texts += [("polis", t) for t in pd.read_csv(path)["comment-body"].dropna()]
    for path in sorted((DATA / "themefinder-synthetic").glob("*responses.jsonl")):
        texts += [("themefinder", t) for t in pd.read_json(path, lines=True)["response"]]
    return [(source, str(text)) for source, text in texts]


def speed(texts: list[str]) -> None:
    find_personal_details("warm up the word lists")
    started = time.perf_counter()
    for text in texts:
        _EMAIL.findall(text)
    baseline = time.perf_counter() - started
    started = time.perf_counter()
    for text in texts:
        _find.__wrapped__(text, ())  # without the cache, as if every answer were different
    seconds = time.perf_counter() - started
    print(f"\nspeed: {seconds:.2f} s per {len(texts):,} answers ({seconds / baseline:.0f}x one email-pattern pass, "
          f"{baseline:.3f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--found", type=Path, help="write what was found in real answers to this CSV")
    args = parser.parse_args()
    labelled_scores()
    texts = real_answers()
    speed([text for source, text in texts if source == "nhs-fft"][:10_000])
    found = [(source, d.kind, text[d.start:d.end], text[max(0, d.start - 50):d.end + 50])
             for source, text in texts for d in find_personal_details(text)]
    table = pd.DataFrame(found, columns=["source", "kind", "found", "context"])
    print(f"\nreal answers: {len(texts):,}; details found per source and kind:")
    print(table.groupby(["source", "kind"]).size().to_string())
    if args.found:
        table.to_csv(args.found, index=False)


if __name__ == "__main__":
    main()
