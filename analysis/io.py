"""Read responses from CSV, XLSX or JSON Lines, with clear errors for bad input."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

ENCODINGS = ("utf-8-sig", "cp1252")


class InputError(ValueError):
    """The input cannot be analysed; the message says why in one line."""


def read_table(path) -> pd.DataFrame:
    """Read a CSV (or TSV), XLSX or JSON Lines file into a DataFrame of text columns.

    CSV and JSON Lines are decoded as UTF-8, then as Windows-1252 (what Excel
    on Windows writes).

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
    from io import StringIO

    try:
        if suffix in (".jsonl", ".ndjson", ".json"):
            return pd.read_json(StringIO(text), lines=suffix != ".json", dtype=False)
        separator = "\t" if suffix == ".tsv" else ","
        return pd.read_csv(StringIO(text), sep=separator, dtype=str, keep_default_na=False, na_values=[""])
    except (ValueError, pd.errors.ParserError) as error:
        raise InputError(f"cannot parse {path.name}: {str(error).splitlines()[0]}") from error


def load_responses(path, text_column: str, id_column: str | None = None) -> pd.DataFrame:
    """Read responses: columns ``response_id``, ``text`` and every original column.

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
    texts = table[text_column].astype(object).where(table[text_column].notna(), "").astype(str)
    if not texts.str.strip().any():
        raise InputError(f"column {text_column!r} has no text")
    ids = table[id_column] if id_column else pd.Series(range(len(table)), index=table.index)
    if ids.isna().any():
        raise InputError(f"column {id_column!r} has empty ids")
    if ids.duplicated().any():
        raise InputError(f"column {id_column!r} has duplicate ids, e.g. {ids[ids.duplicated()].iloc[0]!r}")
    result = table.copy()
    result.insert(0, "text", texts)
    result.insert(0, "response_id", ids.to_numpy())
    return result.reset_index(drop=True)
