"""Write themes, assignments and breakdowns to CSV, XLSX and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

FORMATS = ("csv", "xlsx", "json")


def _flat(table: pd.DataFrame) -> pd.DataFrame:
    """Lists become "; "-joined text and quote dicts their quote text, for flat files."""
    table = table.copy()
    for column in table.columns:
        if table[column].map(lambda v: isinstance(v, (list, tuple))).any():
            table[column] = table[column].map(
                lambda v: "; ".join(q["quote"] if isinstance(q, dict) else str(q) for q in v)
                if isinstance(v, (list, tuple)) else v
            )
    return table


def _json_ready(value):
    if isinstance(value, dict):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    return value


def export_tables(tables: dict, out_dir, formats=FORMATS, stem="results") -> list[Path]:
    """Write named DataFrames: one CSV each, one XLSX sheet each, one JSON object.

    Parameters
    ----------
    tables : dict of str -> pandas.DataFrame
        For example ``{"themes": ..., "assignments": ..., "breakdown_age": ...}``.
    out_dir : str or Path
        Created if needed.
    formats : iterable of {"csv", "xlsx", "json"}
    stem : str, default="results"
        File name (without suffix) of the XLSX workbook and the JSON file.

    Returns
    -------
    list of Path
        The files written.
    """
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown export formats: {sorted(unknown)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    if "csv" in formats:
        for name, table in tables.items():
            path = out_dir / f"{name}.csv"
            _flat(table).to_csv(path, index=False)
            written.append(path)
    if "xlsx" in formats:
        path = out_dir / f"{stem}.xlsx"
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            for name, table in tables.items():
                _flat(table).to_excel(writer, sheet_name=name[:31], index=False)
        written.append(path)
    if "json" in formats:
        path = out_dir / f"{stem}.json"
        payload = {name: _json_ready(table.astype(object).to_dict(orient="records")) for name, table in tables.items()}
        path.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
        written.append(path)
    return written
