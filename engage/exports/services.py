"""A consultation's answers as a file for analysts: CSV, Excel, SPSS or JSON, wide or long. Never commits.

The tables themselves (columns, redaction, the staff surveys' ballot box) live in engage.datasets, which the
API shares; here they become files that stream, so a large consultation is never held in memory at once
(except as SPSS: see engage.datasets.sav).
"""

from collections.abc import Iterator

from engage.datasets import writers
from engage.datasets.answers import AnswersSpec, answers_spec, rows, withheld_because
from engage.datasets.sav import sav_file
from engage.extensions import db
from engage.models import Consultation, ExportAuditEvent, User

__all__ = ["answers_spec", "export", "record_export", "withheld_because"]

MIMETYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sav": "application/x-spss-sav",
    "json": "application/json",
}


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


def record_export(user: User, consultation: Consultation, what: str) -> None:
    """Add a line to the export audit trail: who took which consultation's answers, how, and when."""
    db.session.add(ExportAuditEvent(user_id=user.id, consultation_id=consultation.id, what=what[:40]))
    db.session.flush()
