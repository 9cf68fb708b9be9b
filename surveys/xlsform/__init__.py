"""XLSForm (the spreadsheet form standard of ODK and KoboToolbox) to a survey definition.

The workbook (``.xlsx`` or ``.xls``) is read by pyxform, the reference XLSForm tool, which
also turns the older spellings into today's (``list name``, ``label:English``, ``select one
from X``, ``add text prompt``…). What that gives is converted here, and nothing is dropped
without saying so: each row or column is used, or skipped with a warning, or the workbook is
refused with the sheet and row of each problem. docs/engagement-officers.md lists what is used.
"""

from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from pyxform.constants import LIST_NAME_S as LIST_NAME

from surveys.schema import SCHEMA_VERSION
from surveys.xlsform.sheets import SheetError, Texts, Warnings, dealias, read_sheets
from surveys.xlsform.survey_sheet import convert_survey, warn_unused

__all__ = ["ImportedSurvey", "XLSFormError", "read_xlsform"]


class XLSFormError(ValueError):
    """The workbook cannot become a survey; ``errors`` lists each problem with its sheet and row."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass
class ImportedSurvey:
    """A survey definition read from a workbook, and what was left out of it or changed (in English)."""

    definition: dict
    warnings: list[str] = field(default_factory=list)


def read_xlsform(source, name: str | None = None) -> ImportedSurvey:
    """The survey in an XLSForm workbook (a path or a binary file, ``.xlsx`` or ``.xls``); raises XLSFormError.

    ``name`` is what messages call the workbook (default: ``source`` itself).
    """
    name = name or str(source)
    data = source.read() if hasattr(source, "read") else Path(source).read_bytes()
    book, problem = read_sheets(BytesIO(data))
    if book is None:
        raise XLSFormError([f"{name}: not an XLSForm workbook (.xlsx or .xls): {problem}"])
    if not book.survey:
        raise XLSFormError([f"{name}: no 'survey' sheet"])
    warnings, errors = Warnings(), []
    try:
        settings, choices, survey = (dealias(book, sheet) for sheet in ("settings", "choices", "survey"))
    except SheetError as error:
        raise XLSFormError([f"{name}: {error}"]) from error
    for sheet in book.sheet_names or ():
        if sheet.strip().lower() not in ("survey", "choices", "settings"):
            warnings.add(f"sheet '{sheet}'", "not read (only survey, choices and settings are)")
    settings = settings[0] if settings else {}
    texts = Texts(settings.get("default_language"), warnings)
    _warn_unused_settings(settings, warnings)
    lists = _choice_lists(choices, texts, warnings, errors)
    pages = convert_survey(survey, lists, texts, warnings, errors)
    if errors:
        raise XLSFormError(errors)
    title = texts.text(settings.get("title"), "settings row 2", "form_title") or {
        "en": str(settings.get("id_string") or "Survey")}
    return ImportedSurvey({"schema_version": SCHEMA_VERSION, "title": title, "pages": pages}, warnings.lines())


def _warn_unused_settings(settings, warnings):
    for key in settings:
        if key not in ("title", "default_language", "__row"):
            warnings.column("settings", key, settings["__row"])


def _choice_lists(rows, texts, warnings, errors) -> dict:
    """Each list's choices ({"value", "text"}) by list name."""
    lists = {}
    for row in rows:
        where = f"choices row {row['__row']}"
        if LIST_NAME not in row or "name" not in row:
            errors.append(f"{where}: needs list_name and name")
            continue
        value = str(row["name"])
        text = texts.text(row.get("label"), where, "label") or {"en": value}
        lists.setdefault(str(row[LIST_NAME]), []).append({"value": value, "text": text})
        warn_unused(row, "choice", warnings, {LIST_NAME, "name", "label", "__row"}, sheet="choices")
    return lists
