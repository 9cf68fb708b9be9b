"""Read responses from CSV, XLSX or JSON Lines, with clear errors for bad input."""

from __future__ import annotations

import csv
import re
from io import StringIO
from itertools import islice
from pathlib import Path

import pandas as pd

from analysis.markup import strip_html

ENCODINGS = ("utf-8-sig", "cp1252")
# Excel writes ";" where the decimal mark is a comma (most of Europe), "," elsewhere.
DELIMITERS = (",", ";", "\t", "|")
SNIFFED_ROWS = 50
# Excel's own hint on the first line of a CSV file, e.g. "sep=;".
SEPARATOR_LINE = re.compile(r"^sep=(.)\r?\n")


class InputError(ValueError):
    """The input cannot be analysed; the message says why in one line."""


def read_table(path) -> pd.DataFrame:
    """Read a CSV (or TSV), XLSX or JSON Lines file into a DataFrame of text columns.

    CSV and JSON Lines are decoded as UTF-8, then as Windows-1252 (what Excel
    on Windows writes). A CSV file's delimiter (comma, semicolon, tab or bar) is
    found from its first rows.

    Raises
    ------
    InputError
        Missing file, unknown format, undecodable bytes, malformed or empty file.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"file not found: {path}")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            table = pd.read_excel(path, dtype=object, engine="openpyxl")
        except Exception as error:  # openpyxl raises many types for a broken workbook
            raise InputError(f"cannot read {path.name} as an Excel workbook: {error}") from error
    elif suffix in (".csv", ".tsv", ".txt", ".jsonl", ".ndjson", ".json"):
        table = _read_text_table(path, suffix)
    else:
        raise InputError(f"unsupported file type {suffix or '(none)'}: use .csv, .xlsx or .jsonl")
    if table.empty:
        raise InputError(f"{path.name} has no rows")
    table.columns = [str(c).strip() for c in table.columns]
    return table


def _read_text_table(path: Path, suffix: str) -> pd.DataFrame:
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError(f"{path.name} is empty")
    for encoding in ENCODINGS:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError(f"cannot decode {path.name} as UTF-8 or Windows-1252; save it as UTF-8 CSV")
    try:
        if suffix in (".jsonl", ".ndjson", ".json"):
            return pd.read_json(StringIO(text), lines=suffix != ".json", dtype=False)
        hint = SEPARATOR_LINE.match(text)
        if hint:
            separator, text = hint.group(1), text[hint.end():]
        else:
            separator = "\t" if suffix == ".tsv" else sniff_delimiter(text)
        return pd.read_csv(StringIO(text), sep=separator, dtype=str, keep_default_na=False, na_values=[""])
    except (ValueError, pd.errors.ParserError, csv.Error) as error:
        raise InputError(f"cannot parse {path.name}: {str(error).splitlines()[0]}") from error


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header into most columns and every sampled row into as many.

    ``csv.Sniffer`` guesses from how often characters occur, and gives up on a
    one-column file or one whose answers hold commas; reading the first rows
    with each candidate (quotes respected) and keeping the one whose rows all
    agree with the header does not. A file that no candidate splits is one
    column, read with ",".
    """
    best, best_score = ",", (0.0, 1)
    for delimiter in DELIMITERS:
        try:
            rows = [row for row in islice(csv.reader(StringIO(text), delimiter=delimiter), SNIFFED_ROWS) if row]
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        agreeing = sum(len(row) == len(rows[0]) for row in rows) / len(rows)
        if (agreeing, len(rows[0])) > best_score:
            best, best_score = delimiter, (agreeing, len(rows[0]))
    return best


def load_responses(path, text_column: str, id_column: str | None = None) -> pd.DataFrame:
    """Read responses: columns ``response_id``, ``text`` and every original column.

    ``text`` is the text column with any HTML removed (:func:`analysis.markup.strip_html`).
    An original column itself named ``response_id`` or ``text`` (the usual names) is kept
    as ``response_id_original`` or ``text_original``.

    Parameters
    ----------
    path : str or Path
    text_column : str
        Column holding the free text.
    id_column : str, optional
        Column holding response ids; the row number (from 0) is used otherwise.

    Raises
    ------
    InputError
        As :func:`read_table`, plus missing columns, no text at all, duplicate ids.
    """
    table = read_table(path)
    for column in filter(None, (text_column, id_column)):
        if column not in table.columns:
            raise InputError(f"column {column!r} not found; columns are: {', '.join(map(str, table.columns))}")
    texts = table[text_column].astype(object).where(table[text_column].notna(), "").astype(str).map(strip_html)
    if not texts.str.strip().any():
        raise InputError(f"column {text_column!r} has no text")
    ids = table[id_column] if id_column else pd.Series(range(len(table)), index=table.index)
    if ids.isna().any():
        raise InputError(f"column {id_column!r} has empty ids")
    if ids.duplicated().any():
        raise InputError(f"column {id_column!r} has duplicate ids, e.g. {ids[ids.duplicated()].iloc[0]!r}")
    result = table.rename(columns={name: _free_name(name, table.columns) for name in ("response_id", "text")})
    result.insert(0, "text", texts)
    result.insert(0, "response_id", ids.to_numpy())
    return result.reset_index(drop=True)


def _free_name(name: str, taken) -> str:
    """``name`` + "_original" (again if that is taken too), so the original column keeps its values."""
    while name in taken:
        name += "_original"
    return name
