"""Command line: ``python -m analysis themes|code|evaluate ...`` (see README)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pandas as pd

from analysis.coding import AssistedCoder
from analysis.evaluate import agreement_report
from analysis.io import InputError, load_responses, read_table
from analysis.nltk_data import MissingLanguageDataError
from analysis.themes import ThemeModel

EMBEDDINGS = {"auto": "auto", "static": "static", "contextual": "contextual", "none": False}


def _whole_number(value: str, least: int) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a whole number") from None
    if number < least:
        raise argparse.ArgumentTypeError(f"must be {least} or more")
    return number


def _n_themes(value: str):
    if value == "auto":
        return value
    if not value.lstrip("-").isdigit():
        raise argparse.ArgumentTypeError("must be a whole number or 'auto'")
    return _whole_number(value, least=1)


def _count(value: str) -> int:
    return _whole_number(value, least=0)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    themes = commands.add_parser("themes", help="discover themes in free-text responses")
    themes.add_argument("input", help="CSV, XLSX or JSON Lines file")
    themes.add_argument("--text-column", required=True)
    themes.add_argument("--id-column")
    themes.add_argument("--n-themes", type=_n_themes, default="auto")
    themes.add_argument("--seed", type=int, default=0)
    themes.add_argument("--out", required=True, type=Path)

    code = commands.add_parser("code", help="code responses from coded examples")
    code.add_argument("input")
    code.add_argument("--text-column", required=True)
    code.add_argument("--coded", required=True, help="CSV with response_id and code, one row per code")
    code.add_argument("--id-column")
    code.add_argument("--frame", help="coding frame: CSV, XLSX or JSON Lines with a code column and optional "
                      "description and seed_terms; several rows may share a code (one per sub-code)")
    code.add_argument("--frame-neighbours", type=_count, default=15, metavar="N",
                      help="each frame row lends its code to up to N similar uncoded answers the model already "
                      "gives that code, learned from at a third of a coded answer's weight (0: off; listed in "
                      "lent.csv)")
    code.add_argument("--embeddings", choices=EMBEDDINGS, default="auto",
                      help="sentence embeddings: auto (static vectors when installed), static, contextual (the "
                      "full model: better codes, a minute or more per 5,000 distinct answers) or none")
    code.add_argument("--embedding-cache", type=Path, metavar="FILE",
                      help="keep the answers' sentence vectors in FILE (SQLite) so the next run over the same "
                      "answers embeds only new ones; it holds no answer text")
    code.add_argument("--out", required=True, type=Path)

    evaluate = commands.add_parser("evaluate", help="agreement of assignments with human codes")
    evaluate.add_argument("assignments")
    evaluate.add_argument("--truth", required=True)
    return parser


def run_themes(args) -> None:
    responses = load_responses(args.input, args.text_column, args.id_column)
    if args.n_themes != "auto" and args.n_themes > len(responses):
        raise InputError(f"{len(responses)} responses are fewer than the {args.n_themes} themes asked for")
    started = time.perf_counter()
    model = ThemeModel(n_themes=args.n_themes, random_state=args.seed)
    model.fit(responses["text"], ids=responses["response_id"])
    seconds = time.perf_counter() - started
    args.out.mkdir(parents=True, exist_ok=True)
    info = model.get_theme_info()
    info[["theme_id", "label", "top_terms", "size", "share"]].to_csv(args.out / "themes.csv", index=False)
    model.assignments_[["response_id", "theme_id", "weight", "primary"]].to_csv(
        args.out / "assignments.csv", index=False)
    quotes = [{"theme_id": row.theme_id, "rank": rank + 1, **quote}
              for row in model.themes_.itertuples() for rank, quote in enumerate(row.quotes)]
    pd.DataFrame(quotes, columns=["theme_id", "rank", "response_id", "quote"]).to_csv(
        args.out / "quotes.csv", index=False)
    unassigned = model.assignments_.loc[model.assignments_["theme_id"].isna(), "reason"].value_counts()
    report = {
        "n_responses": len(responses),
        "n_themes": int(model.n_themes_),
        "seconds": round(seconds, 3),
        "npmi": round(float(model.coherence().mean()), 4),
        "diversity": round(float(model.diversity()), 4),
        "languages": {str(k): int(v) for k, v in model.preprocessor_.languages_.value_counts().items()},
        "unassigned": {str(k): int(v) for k, v in unassigned.items()},
        "converged": bool(model.converged_),
        "seed": args.seed,
    }
    if model.selection_ is not None:
        report["n_themes_selection"] = model.selection_.round(4).to_dict(orient="records")
    (args.out / "report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")


def run_code(args) -> None:
    responses = load_responses(args.input, args.text_column, args.id_column)
    coded = read_table(args.coded)
    missing = {"response_id", "code"} - set(coded.columns)
    if missing:
        missing_columns = ", ".join(sorted(missing))
        raise InputError(f"{Path(args.coded).name} needs columns response_id and code (missing {missing_columns})")
    ids = responses["response_id"].map(str) if args.id_column else responses["response_id"]
    if args.id_column:
        coded = coded.assign(response_id=coded["response_id"].map(str))
    else:
        coded = coded.assign(response_id=pd.to_numeric(coded["response_id"], errors="coerce"))
        if coded["response_id"].isna().any():
            raise InputError("without --id-column, coded response_id values must be row numbers")
        coded = coded.assign(response_id=coded["response_id"].astype(int))
    frame = None
    if args.frame:
        frame = read_table(args.frame)
        if "code" not in frame.columns:
            raise InputError(f"{Path(args.frame).name} needs a code column")
    if args.embedding_cache and args.embeddings == "none":
        raise InputError("--embedding-cache needs sentence embeddings: drop --embeddings none")
    coder = AssistedCoder(frame=frame, embeddings=EMBEDDINGS[args.embeddings], embedding_cache=args.embedding_cache,
                          frame_neighbours=args.frame_neighbours, random_state=0)
    coder.fit(responses["text"], coded, ids=ids)
    args.out.mkdir(parents=True, exist_ok=True)
    coder.assign().to_csv(args.out / "assignments.csv", index=False)
    coder.suggest_next().to_csv(args.out / "next_to_code.csv", index=False)
    if frame is not None:
        coder.lent_.to_csv(args.out / "lent.csv", index=False)


def run_evaluate(args) -> None:
    assignments = read_table(args.assignments)
    truth = read_table(args.truth)
    for name, table in (("assignments", assignments), ("truth", truth)):
        if "response_id" not in table.columns:
            raise InputError(f"{name} file needs a response_id column")
    assignments = assignments.assign(response_id=assignments["response_id"].map(str))
    truth = truth.assign(response_id=truth["response_id"].map(str))
    print(json.dumps(agreement_report(assignments, truth), indent=2))


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        {"themes": run_themes, "code": run_code, "evaluate": run_evaluate}[args.command](args)
    except (InputError, ValueError, MissingLanguageDataError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0
