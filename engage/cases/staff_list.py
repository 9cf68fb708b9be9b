"""Reading an affected-staff list (CSV or XLSX) and checking every row before anything is stored."""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from flask_babel import gettext as _

from engage.i18n import LANGUAGES

MAX_ROWS = 20000
# Column -> the headings accepted for it (compared in lower case, spaces and underscores alike).
COLUMNS = {
    "staff_number": ("staff number", "staff no", "assignment number", "payroll number"),
    "name": ("name", "full name"),
    "email": ("email", "work email", "email address"),
    "language": ("language",),
    "organisation": ("organisation", "organization", "employer"),
    "directorate": ("directorate",),
    "team": ("team",),
    "job_role": ("job role", "role", "job title"),
}
REQUIRED = ("staff_number", "name", "organisation")
LENGTHS = {"staff_number": 40, "name": 200, "email": 254, "language": 16, "organisation": 200,
           "directorate": 200, "team": 200, "job_role": 200}
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass
class RowProblem:
    row: int  # as the spreadsheet numbers it: the headings are row 1
    column: str  # the heading as written in the file ("" when the whole file)
    message: str


@dataclass
class StaffList:
    rows: list[dict] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


class StaffListFileError(ValueError):
    """The file is not a staff list at all (wrong type, unreadable, empty)."""


def read_staff_list(data: bytes, filename: str) -> StaffList:
    """The rows of a staff list file and every problem in it; raises StaffListFileError."""
    name = (filename or "").lower()
    if name.endswith(".csv"):
        table = _csv_rows(data)
    elif name.endswith(".xlsx"):
        table = _xlsx_rows(data)
    else:
        raise StaffListFileError(_("The staff list must be a CSV file (.csv) or an Excel workbook (.xlsx)"))
    table = [row for row in table if any(cell.strip() for cell in row)] if table else []
    if not table:
        raise StaffListFileError(_("The staff list is empty: its first row holds the column headings"))
    if len(table) - 1 > MAX_ROWS:
        raise StaffListFileError(_("The staff list has more than %(n)d rows: split it by organisation", n=MAX_ROWS))
    return check_rows(table)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a staff number typed into a spreadsheet comes back as 12345.0
    return str(value).strip()


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise StaffListFileError(_("The CSV file is not UTF-8 text: save it as “CSV UTF-8” and try again")) from error
    try:
        return [[_text(cell) for cell in row] for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as error:
        raise StaffListFileError(_("The CSV file cannot be read: %(why)s", why=str(error))) from error


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise StaffListFileError(_("The file is not an Excel workbook (.xlsx) that can be read")) from error
    try:
        sheet = workbook.worksheets[0]
        return [[_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2)]
    finally:
        workbook.close()


def _key(heading: str) -> str | None:
    wanted = re.sub(r"[\s_]+", " ", heading.strip().lower())
    return next((column for column, names in COLUMNS.items() if wanted in names), None)


def check_rows(table: list[list[str]]) -> StaffList:
    """Check the headings and every row; rows come back only when there is no problem at all."""
    headings = table[0]
    result = StaffList()
    positions, titles = {}, {}
    for index, heading in enumerate(headings):
        key = _key(heading)
        if key and key in positions:
            result.problems.append(RowProblem(1, heading, _("This column appears twice")))
        elif key:
            positions[key], titles[key] = index, heading
    for key in REQUIRED:
        if key not in positions:
            result.problems.append(RowProblem(1, COLUMNS[key][0], _("There is no “%(name)s” column",
                                                                    name=COLUMNS[key][0])))
    if result.problems:
        return result
    seen_numbers, seen_emails, rows = {}, {}, []
    for number, cells in enumerate(table[1:], start=2):
        row = {key: cells[index] if index < len(cells) else "" for key, index in positions.items()}
        problems = _row_problems(row, number, titles, seen_numbers, seen_emails)
        result.problems.extend(problems)
        rows.append(row)
    if not result.problems:
        result.rows = [_completed(row) for row in rows]
    return result


def _row_problems(row, number, titles, seen_numbers, seen_emails) -> list[RowProblem]:
    problems = []

    def problem(key, message):
        problems.append(RowProblem(number, titles.get(key, key), message))

    for key in REQUIRED:
        if not row[key]:
            problem(key, _("This is empty: every member of staff needs one"))
    for key, limit in LENGTHS.items():
        if len(row.get(key, "")) > limit:
            problem(key, _("This is longer than %(n)d characters", n=limit))
    email = row.get("email", "")
    if email and not EMAIL.fullmatch(email):
        problem("email", _("“%(value)s” is not an email address", value=email))
    language = row.get("language", "")
    if language and language not in LANGUAGES:
        problem("language", _("“%(value)s” is not a language code the platform has (%(codes)s)",
                              value=language, codes=", ".join(LANGUAGES)))
    staff_number = row["staff_number"]
    if staff_number and staff_number in seen_numbers:
        problem("staff_number", _("Staff number %(value)s is also on row %(row)d", value=staff_number,
                                  row=seen_numbers[staff_number]))
    elif staff_number:
        seen_numbers[staff_number] = number
    if email and email.lower() in seen_emails:
        problem("email", _("This email address is also on row %(row)d", row=seen_emails[email.lower()]))
    elif email:
        seen_emails[email.lower()] = number
    return problems


def _completed(row: dict) -> dict:
    return {key: row.get(key, "") for key in COLUMNS} | {"email": row.get("email") or None,
                                                          "language": row.get("language") or "en"}
