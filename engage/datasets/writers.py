"""Answer tables as files: CSV and JSON streamed as they are written, Excel built on disk, then sent in chunks.

Spreadsheet formats (CSV, Excel) make text inert: a leading ``'`` wherever a spreadsheet would run a
formula. JSON and SPSS carry the (redacted) text as it is, for programs rather than spreadsheets.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator

from engage.cells import CELL_BREAKS, FORMULA_STARTS
from engage.datasets.answers import AnswersSpec, Cell

MIMETYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sav": "application/x-spss-sav",
    "json": "application/json",
}

ROWS_PER_CHUNK = 500
FILE_CHUNK = 1 << 16


def csv_chunks(columns: list[str], rows: Iterable[list]) -> Iterator[bytes]:
    """UTF-8 CSV with a byte-order mark: numbers without thousands separators, dates as yyyy-mm-dd.
    ``rows`` hold cells already made CSV values by :func:`csv_cell` (answers.rows(..., finish=csv_cell))."""
    out = io.StringIO()
    # Every text quoted and numbers not: a semicolon or tab in an answer cannot start a new cell even in
    # a spreadsheet that guesses another delimiter, and programs that read quoting still see the numbers.
    writer = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow([inert(column) for column in columns])
    yield out.getvalue().encode("utf-8-sig")  # the byte-order mark makes Excel read UTF-8
    waiting = 0
    for row in rows:
        if waiting == 0:
            out.seek(0)
            out.truncate()
        writer.writerow(row)
        waiting += 1
        if waiting == ROWS_PER_CHUNK:
            yield out.getvalue().encode("utf-8")
            waiting = 0
    if waiting:
        yield out.getvalue().encode("utf-8")


def json_chunks(spec: AnswersSpec, layout: str, rows: Iterable[list[Cell]]) -> Iterator[bytes]:
    """One JSON object: the consultation, the layout, its columns, questions and labels, then ``rows``
    as objects (column -> value; dates as yyyy-mm-dd, no answer as null)."""
    columns = spec.layout_columns(layout)
    head = {
        "consultation": spec.slug,
        "layout": layout,
        "columns": columns,
        "questions": [{"column": c, "question": q, "type": t} for c, q, t in spec.described],
        "labels": [{"question": q, "code": c, "label": label} for q, c, label in spec.labels],
    }
    return json_table_chunks(head, rows)


def json_table_chunks(head: dict, rows: Iterable[list[Cell]]) -> Iterator[bytes]:
    """One JSON object: ``head`` (with the ``columns``), then ``rows`` as objects (column -> value), streamed."""
    columns = head["columns"]
    yield json.dumps(head, ensure_ascii=False)[:-1].encode() + b', "rows": ['
    separator, waiting = "", []
    for row in rows:
        waiting.append(separator + json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False,
                                              default=_json_value))
        separator = ","
        if len(waiting) == ROWS_PER_CHUNK:
            yield "\n".join(waiting).encode()
            waiting = []
    yield ("\n".join(waiting) + "]}\n").encode()


def xlsx_file(sheets: list[tuple[str, list[str], Iterable[list[Cell]]]]) -> str:
    """The path of a new Excel file with one sheet per (name, header, rows): written row by row, never
    held in memory (openpyxl's write-only mode). Text in ``rows`` must already be :func:`inert` (so none
    starts with "=" and openpyxl stores all of it as text). The caller sends it with :func:`file_chunks`."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for name, header, rows in sheets:
        sheet = book.create_sheet(name)
        sheet.append([inert(column) for column in header])
        for row in rows:
            if any(isinstance(value, datetime.date) for value in row):
                row = [_date_cell(WriteOnlyCell, sheet, value) if isinstance(value, datetime.date) else value
                       for value in row]
            sheet.append(row)
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        book.save(path)
    except BaseException:
        os.unlink(path)
        raise
    return path


def _date_cell(make, sheet, value):
    cell = make(sheet, value)
    cell.number_format = "yyyy-mm-dd"
    return cell


def file_chunks(path: str) -> Iterator[bytes]:
    """The file's bytes in chunks; the file is deleted once sent (or once the client goes away)."""
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(FILE_CHUNK):
                yield chunk
    finally:
        os.unlink(path)


def inert(text):
    """``text`` with a leading ``'`` when a spreadsheet would run it as a formula; other cells as they are."""
    if isinstance(text, str) and (text.startswith(CELL_BREAKS) or text.lstrip().startswith(FORMULA_STARTS)):
        return "'" + text
    return text


def csv_cell(cell: Cell) -> str | int | float:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return inert(cell)
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)  # 3 rather than 3.0, and never 1e+16
    return cell


def _json_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")
