"""A consultation's answers as a file for analysts: CSV, Excel, SPSS or JSON, wide or long. Never commits.

The tables themselves (columns, redaction, the staff surveys' ballot box) live in engage.datasets, which the
API shares; here they become files that stream, so a large consultation is never held in memory at once
(except as SPSS: see engage.datasets.sav).
"""

from collections.abc import Iterator

from engage.datasets import themes, writers
from engage.datasets.answers import AnswersSpec, answers_spec, rows, withheld_because
from engage.datasets.sav import assignments_sav_file, sav_file
from engage.datasets.writers import MIMETYPES
from engage.export_audit import record_export
from engage.models import AnalysisRun

__all__ = ["MIMETYPES", "answers_spec", "export", "export_run", "record_export", "withheld_because"]



def export(spec: AnswersSpec, kind: str, layout: str) -> Iterator[bytes]:
    """The file's bytes, in chunks. Excel and SPSS files are written to disk here, before the first chunk."""
    if kind == "csv":
        return writers.csv_chunks(spec.layout_columns(layout), rows(spec, layout, finish=writers.csv_cell))
    if kind == "json":
        return writers.json_chunks(spec, layout, rows(spec, layout))
    if kind == "sav":
        return writers.file_chunks(sav_file(spec))
    sheet = "answers" if layout == "wide" else "answers_long"
    inert = writers.inert
    return writers.file_chunks(writers.xlsx_file([
        (sheet, spec.layout_columns(layout), rows(spec, layout, finish=inert)),
        ("questions", ["column", "question (English)", "type"], [list(map(inert, row)) for row in spec.described]),
        ("labels", ["question", "code", "label (English)"], [list(map(inert, row)) for row in spec.labels]),
    ]))


# A run's themes and assignments: which file holds what. The Excel file holds every table.
RUN_FILES = {"themes": ("csv", "json", "xlsx"), "assignments": ("csv", "json", "sav")}


def export_run(run: AnalysisRun, table: str, kind: str, layout: str) -> Iterator[bytes]:
    """A run's themes or assignments as a file's bytes, in chunks; assignments stream a batch at a time."""
    consultation = run.consultation
    found = themes.themes_of(run)
    inert = writers.inert
    if kind == "sav":
        return writers.file_chunks(assignments_sav_file(
            f"{consultation.slug} analysis {run.id}", themes.answer_key(consultation), found,
            themes.assignment_rows(run, found, "wide")))
    if kind == "xlsx":
        return writers.file_chunks(writers.xlsx_file([
            ("themes", themes.THEME_COLUMNS, [list(map(inert, row)) for row in themes.theme_rows(found)]),
            ("assignments", themes.assignment_columns(consultation, found, layout),
             (list(map(inert, row)) for row in themes.assignment_rows(run, found, layout))),
            ("codes and labels", ["column", "code", "label"],
             [list(map(inert, row)) for row in themes.codes_and_labels(found, layout)]),
        ]))
    if table == "themes":
        columns, body = themes.THEME_COLUMNS, themes.theme_rows(found)
        codes = themes.codes_and_labels(found)
    else:
        columns = themes.assignment_columns(consultation, found, layout)
        body = themes.assignment_rows(run, found, layout)
        codes = themes.codes_and_labels(found, layout, with_themes=False)
    if kind == "csv":
        return writers.csv_chunks(columns, ([writers.csv_cell(cell) for cell in row] for row in body))
    head = {"consultation": consultation.slug, "run": run.id, "questions": list(run.question_ids),
            "table": table, "layout": layout if table == "assignments" else None, "columns": columns,
            "labels": [{"column": c, "code": code, "label": label} for c, code, label in codes]}
    return writers.json_table_chunks(head, body)
