"""XLSForm (the spreadsheet form standard of ODK and KoboToolbox) to a survey definition.

A subset, chosen for consultations (see docs/engagement-officers.md):
- sheets ``survey`` (type, name, label, hint, required, relevant, constraint, appearance),
  ``choices`` (list_name, name, label) and optionally ``settings`` (form_title, default_language);
- types text (``multiline`` appearance: long text), integer, decimal, date, select_one (``minimal``:
  dropdown), select_multiple, rank, acknowledge (consent), begin_group/end_group (one page per
  group; a question outside a group is a page of its own); start, end, today, deviceid and
  username are skipped, since nothing is recorded about the device or the time;
- labels and hints per language as ``label::Urdu (ur)`` or ``label::ur``;
- relevance as ``${q} = 'v'``, ``${q} != 'v'``, ``selected(${q}, 'v')``, ``${q} = ''`` / ``!= ''``,
  ``not(...)``, joined by ``and`` or by ``or`` (not both);
- number ranges from constraints like ``. >= 0 and . <= 120``.
Anything else is refused with the row it is on, never silently dropped.
"""

import re
from zipfile import BadZipFile

from surveys.i18n import LANGUAGE_CODES
from surveys.schema import SCHEMA_VERSION

SKIPPED_TYPES = {"start", "end", "today", "deviceid", "username"}
LANGUAGE_NAMES = {"english": "en", "urdu": "ur", "polish": "pl", "arabic": "ar", "panjabi": "pa", "punjabi": "pa",
                  "chinese (simplified)": "zh-Hans", "chinese (traditional)": "zh-Hant"}
TRUE_WORDS = {"yes", "true", "true()", "1"}
REFERENCE = r"\$\{([A-Za-z][A-Za-z0-9_]*)\}"
VALUE = r"'([^']*)'"


class XLSFormError(ValueError):
    """The workbook cannot become a survey; ``errors`` lists each problem with its sheet and row."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


def read_xlsform(source, name: str | None = None) -> dict:
    """The survey definition in an XLSForm workbook (``.xlsx``: a path or a binary file); raises XLSFormError.

    ``name`` is what messages call the workbook (default: ``source`` itself).
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    name = name or str(source)
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as error:
        raise XLSFormError([f"{name}: not an XLSForm workbook (.xlsx): {error}"]) from error
    sheets = {title.strip().lower(): _rows(workbook[title]) for title in workbook.sheetnames}
    workbook.close()
    if "survey" not in sheets:
        raise XLSFormError([f"{name}: no 'survey' sheet"])
    return convert(sheets["survey"], sheets.get("choices", []), (sheets.get("settings") or [{}])[0])


def _rows(sheet) -> list[dict]:
    """Each row as {column: value} (columns lower-cased), keeping its spreadsheet row number as ``_row``."""
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell).strip().lower() if cell is not None else "" for cell in next(rows, ())]
    result = []
    for number, values in enumerate(rows, start=2):
        row = {column: str(value).strip() for column, value in zip(header, values, strict=False)
               if column and value is not None and str(value).strip()}
        if row:
            result.append({**row, "_row": number})
    return result


def convert(survey_rows, choice_rows, settings) -> dict:
    default = _language(settings.get("default_language", "")) or "en"
    errors, lists = [], {}
    for row in choice_rows:
        if "list_name" not in row or "name" not in row:
            errors.append(f"choices row {row['_row']}: needs list_name and name")
            continue
        lists.setdefault(row["list_name"], []).append(
            {"value": row["name"], "text": _text(row, "label", default) or {"en": row["name"]}})
    pages, group = [], None
    for row in survey_rows:
        where = f"survey row {row['_row']}"
        type_text = " ".join(row.get("type", "").split())
        if type_text.lower() in ("begin group", "end group"):
            type_text = type_text.replace(" ", "_")
        kind, _, list_name = type_text.partition(" ")
        kind = kind.lower()
        if kind in SKIPPED_TYPES:
            continue
        if kind == "begin_group":
            if group is not None:
                errors.append(f"{where}: groups inside groups are not supported")
                continue
            group = {"id": row.get("name", f"page{len(pages) + 1}"), "questions": []}
            if title := _text(row, "label", default):
                group["title"] = title
            if "relevant" in row:
                group["show_if"] = _condition(row["relevant"], where, errors)
            continue
        if kind == "end_group":
            if group is None:
                errors.append(f"{where}: end_group without begin_group")
            elif group["questions"]:
                pages.append(group)
            group = None
            continue
        question = _question(row, kind, list_name.strip(), lists, default, where, errors)
        if question is None:
            continue
        if group is not None:
            group["questions"].append(question)
        else:
            pages.append({"id": f"{question['id']}_page", "questions": [question]})
    if group is not None:
        errors.append(f"group {group['id']!r}: begin_group without end_group")
    if not pages:
        errors.append("survey: no questions")
    if errors:
        raise XLSFormError(errors)
    title = _text(settings, "form_title", default) or {"en": settings.get("form_id", "Survey")}
    return {"schema_version": SCHEMA_VERSION, "title": title, "pages": pages}


def _question(row, kind, list_name, lists, default, where, errors) -> dict | None:
    appearance = row.get("appearance", "").lower()
    simple = {"text": "long_text" if "multiline" in appearance else "short_text", "integer": "number",
              "decimal": "number", "date": "date", "acknowledge": "consent"}
    listed = {"select_one": "dropdown" if "minimal" in appearance else "single_choice",
              "select_multiple": "multiple_choice", "rank": "ranking"}
    if kind in simple:
        qtype = simple[kind]
    elif kind in listed:
        qtype = listed[kind]
        if list_name not in lists:
            errors.append(f"{where}: no choices list {list_name!r} on the choices sheet")
            return None
    else:
        errors.append(f"{where}: type {row.get('type', '')!r} is not supported")
        return None
    if "name" not in row or not _text(row, "label", default):
        errors.append(f"{where}: needs a name and a label")
        return None
    question = {"id": row["name"], "type": qtype, "text": _text(row, "label", default)}
    if hint := _text(row, "hint", default):
        question["hint"] = hint
    if row.get("required", "").lower() in TRUE_WORDS:
        question["required"] = True
    if "relevant" in row:
        question["show_if"] = _condition(row["relevant"], where, errors)
    if kind in listed:
        question["choices"] = lists[list_name]
    if kind == "acknowledge":
        question["label"] = question["text"]
    if kind in ("integer", "decimal"):
        question |= {"decimal": True} if kind == "decimal" else {}
        question |= _range(row.get("constraint", ""), where, errors)
    elif "constraint" in row:
        errors.append(f"{where}: constraints are supported on numbers only")
    return question


def _language(name: str) -> str | None:
    name = name.strip()
    if match := re.search(r"\(([A-Za-z-]+)\)\s*$", name):
        name = match.group(1)
    if name in LANGUAGE_CODES:
        return name
    return LANGUAGE_NAMES.get(name.lower())


def _text(row, column, default) -> dict | None:
    text = {}
    for key, value in row.items():
        if key == column:
            text[default] = value
        elif key.startswith(column + "::"):
            code = _language(key.split("::", 1)[1])
            if code is not None:
                text[code] = value
    return text or None


def _condition(expression, where, errors):
    text = expression.strip()
    for joiner, combinator in ((" or ", "any"), (" and ", "all")):
        parts = _split_outside_brackets(text, joiner)
        if len(parts) > 1:
            if any(_split_outside_brackets(part, other) != [part] for part in parts
                   for other in (" or ", " and ") if other != joiner):
                errors.append(f"{where}: relevant mixes 'and' and 'or': {expression!r}")
                return {}
            return {combinator: [_condition(part, where, errors) for part in parts]}
    if match := re.fullmatch(r"not\((.*)\)", text):
        return {"not": _condition(match.group(1), where, errors)}
    if match := re.fullmatch(rf"selected\(\s*{REFERENCE}\s*,\s*{VALUE}\s*\)", text):
        return {"question": match.group(1), "equals": match.group(2)}
    if match := re.fullmatch(rf"{REFERENCE}\s*(!?=)\s*{VALUE}", text):
        qid, operator, value = match.groups()
        if value == "":
            return {"question": qid, "answered": operator == "!="}
        condition = {"question": qid, "equals": value}
        return condition if operator == "=" else {"not": condition}
    errors.append(f"{where}: relevant {expression!r} is not supported")
    return {}


def _split_outside_brackets(text, joiner):
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0 and text.startswith(joiner, i):
            parts.append(text[start:i].strip())
            start = i = i + len(joiner)
            continue
        i += 1
    return parts + [text[start:].strip()]


def _range(constraint, where, errors) -> dict:
    limits = {}
    for part in (p for p in re.split(r"\s+and\s+", constraint.strip()) if p):
        if match := re.fullmatch(r"\.\s*(>=|<=)\s*(-?\d+(?:\.\d+)?)", part):
            number = float(match.group(2))
            limits["min" if match.group(1) == ">=" else "max"] = int(number) if number.is_integer() else number
        else:
            errors.append(f"{where}: constraint {constraint!r} is not supported (use . >= a and . <= b)")
            return {}
    return limits
