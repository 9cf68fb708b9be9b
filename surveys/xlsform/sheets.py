"""Reading a workbook's sheets with pyxform, the languages of its texts, and the warnings an import collects."""

import re

from pyxform import aliases, constants
from pyxform.errors import PyXFormError
from pyxform.parsing.sheet_headers import dealias_and_group_headers
from pyxform.question import MultipleChoiceQuestion, Option
from pyxform.survey import Survey as PyxformSurvey
from pyxform.xls2json_backends import get_xlsform

from surveys.i18n import LANGUAGE_CODES

# Language names as XLSForm authors write them after "label::" (the code in brackets wins when given).
LANGUAGE_NAMES = {"english": "en", "urdu": "ur", "polish": "pl", "polski": "pl", "arabic": "ar", "panjabi": "pa",
                  "punjabi": "pa", "chinese (simplified)": "zh-Hans", "simplified chinese": "zh-Hans",
                  "chinese (traditional)": "zh-Hant", "traditional chinese": "zh-Hant"}
# Each sheet: pyxform's header aliases and the columns it knows, so old spellings come out as today's.
SHEETS = {
    "survey": (aliases.survey_header, set(MultipleChoiceQuestion.get_slot_names())),
    "choices": (aliases.list_header, set(Option.get_slot_names()) | {constants.LIST_NAME_S}),
    "settings": (aliases.settings_header, set(PyxformSurvey.get_slot_names())),
}
# Why a column is not used, for the warning (by the first part of its name once pyxform has read it).
UNUSED_COLUMNS = {
    "default": "default answers are not filled in",
    "calculate": "calculations are not done",
    "choice_filter": "choice filters are not applied: every choice in the list is offered",
    "readonly": "read-only is not applied: the question can be answered",
    "jr:constraintMsg": "the platform's own error messages are shown instead",
    "jr:requiredMsg": "the platform's own error messages are shown instead",
    "image": "pictures are not shown",
    "big-image": "pictures are not shown",
    "audio": "sound is not played",
    "video": "videos are not shown",
    "guidance_hint": "guidance hints are not shown",
    "parameters": "parameters are not used",
}
# Names the warnings use for columns pyxform files under "bind", "control" or "media".
COLUMN_NAMES = {"calculate": "calculation", "readonly": "read_only", "jr:constraintMsg": "constraint_message",
                "jr:requiredMsg": "required_message", "jr:count": "repeat_count"}


class SheetError(ValueError):
    """A sheet pyxform cannot read (duplicate or missing headers)."""


def read_sheets(data):
    """(pyxform's DefinitionData, None) for an .xlsx or .xls workbook's bytes, or (None, why not)."""
    for file_type in (".xlsx", ".xls"):
        try:
            data.seek(0)
            return get_xlsform(data, file_type=file_type), None
        except PyXFormError as error:
            if "not recognized" not in str(error):
                return None, str(error)
    return None, "it is not an Excel workbook"


def dealias(book, sheet: str) -> list[dict]:
    """The sheet's non-empty rows, each with its row number as ``__row`` and its headers as pyxform reads them.

    ``label::Urdu (ur)`` and ``label:Urdu`` both become {"label": {"Urdu (ur)": …}}; ``relevant``
    becomes {"bind": {"relevant": …}}; a plain ``label`` is filed under the language "default".
    """
    rows = getattr(book, sheet) or []
    if not rows:
        return []
    header_aliases, columns = SHEETS[sheet]
    try:
        result = dealias_and_group_headers(
            sheet_name=sheet, sheet_data=rows, sheet_header=getattr(book, f"{sheet}_header"),
            header_aliases=header_aliases, header_columns=columns, strip_whitespace=True, add_row_number=True,
            default_language=constants.DEFAULT_LANGUAGE_VALUE)
    except PyXFormError as error:
        raise SheetError(f"{sheet} sheet: {error}") from error
    return [row for row in result.data if len(row) > 1]


class Warnings:
    """What an import leaves out or changes, one line each, in the order first met.

    Unused columns are listed once each, with the rows they have values on.
    """

    def __init__(self):
        self._lines = {}

    def add(self, where: str, message: str):
        self._lines.setdefault((where, message), [])

    def column(self, sheet: str, key: str, row: int, detail: str | None = None):
        """A column of ``sheet`` not used on ``row`` (``key`` as pyxform names it, e.g. ("bind", "calculate"))."""
        parts = key if isinstance(key, tuple) else (key,)
        name = COLUMN_NAMES.get(parts[-1], parts[-1]) if parts[0] in ("bind", "control", "media") else parts[0]
        reason = detail or UNUSED_COLUMNS.get(parts[-1]) or UNUSED_COLUMNS.get(parts[0]) or "not used"
        self._lines.setdefault((f"{sheet} column '{name}'", reason), []).append(row)

    def lines(self) -> list[str]:
        lines = []
        for (where, message), rows in self._lines.items():
            if rows:
                shown = ", ".join(map(str, rows[:10])) + (f" and {len(rows) - 10} more" if len(rows) > 10 else "")
                where = f"{where} ({'row' if len(rows) == 1 else 'rows'} {shown})"
            lines.append(f"{where}: {message}")
        return lines


class Texts:
    """Turns pyxform's text cells ({language name: text} or plain text) into the survey's text mappings."""

    def __init__(self, default_language, warnings: Warnings):
        self.warnings = warnings
        self.default = language_code(str(default_language)) if default_language else "en"
        if default_language and self.default is None:
            warnings.add("settings column 'default_language'", f"{default_language!r} is not one of the survey's "
                         f"languages ({', '.join(LANGUAGE_CODES)}): texts without a language are left out")

    def text(self, value, where: str, column: str) -> dict | None:
        """{code: text} for a cell's texts; texts in other languages are left out with a warning."""
        if value is None or value == "":
            return None
        if not isinstance(value, dict):
            value = {constants.DEFAULT_LANGUAGE_VALUE: value}
        text = {}
        for language, content in value.items():
            if isinstance(content, dict) or content in (None, ""):
                continue
            code = self.default if language == constants.DEFAULT_LANGUAGE_VALUE else language_code(language)
            if code is None:
                if language != constants.DEFAULT_LANGUAGE_VALUE:
                    self.warnings.add(f"{where.split(' row ')[0]} column '{column}::{language}'",
                                      f"{language!r} is not one of the survey's languages "
                                      f"({', '.join(LANGUAGE_CODES)}): its texts are left out")
                continue
            if language == constants.DEFAULT_LANGUAGE_VALUE and code in text:
                continue  # a column naming the language wins over one without
            text[code] = str(content)
        return text or None


def language_code(name: str) -> str | None:
    """The survey language code for ``Urdu (ur)``, ``ur``, ``Urdu``, ``en-GB``…; None for other languages."""
    name = name.strip()
    if match := re.search(r"\(([A-Za-z_-]+)\)\s*$", name):
        name = match.group(1)
    by_lower = {code.lower(): code for code in LANGUAGE_CODES}
    lowered = name.lower().replace("_", "-")
    if lowered in by_lower:
        return by_lower[lowered]
    primary = lowered.split("-")[0]
    if primary in by_lower and primary != "zh":
        return by_lower[primary]
    return LANGUAGE_NAMES.get(lowered)
