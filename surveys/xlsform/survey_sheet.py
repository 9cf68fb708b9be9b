"""The survey sheet's rows as pages of questions: types, groups, conditions and the columns each row uses."""

import re

from pyxform import aliases
from pyxform.question_type_dictionary import QUESTION_TYPE_DICT
from pyxform.xls2json import RE_BEGIN_CONTROL, RE_END_CONTROL, RE_OSM, RE_SELECT

from surveys.schema import ID_PATTERN, VALUE_PATTERN
from surveys.xlsform.expressions import ExpressionError, condition, number_range, references

TRUE_WORDS = {"yes", "true", "true()", "1"}
# ODK shows labels' HTML tags and Markdown (**bold**, # heading); the survey shows text as written.
FORMATTING = re.compile(r"</?[A-Za-z][^>]*>|\*\*\S|^#+ ", re.M)
FALSE_WORDS = {"no", "false", "false()", "0", ""}
# Recorded by the phone or the server, never asked: nothing is recorded about devices or times here.
METADATA = {name for name, spec in QUESTION_TYPE_DICT.items() if "jr:preload" in spec.get("bind", {})} | {
    "audit", "start-geopoint", "background-audio", "background-geopoint"}
# Rows that are never shown to the person answering.
NOT_SHOWN = {"calculate", "q calculate", "add calculate prompt", "hidden", "xml-external", "csv-external"}
BIND_TYPES = {"string": "text", "int": "integer", "decimal": "decimal", "date": "date"}
SELECTS = {"select one": "select_one", "select all that apply": "select_multiple", "rank": "rank"}
# Appearances whose meaning the definition keeps; others are warned about.
APPEARANCES = {"text": {"multiline"}, "select_one": {"minimal"}, "group": {"field-list"}}
USED = {"type", "name", "label", "hint", "__row", ("bind", "relevant"), ("bind", "required"),
        ("bind", "constraint"), ("control", "appearance")}
# The choice pyxform adds for "or_other", in the languages the question is written in.
OTHER = {"en": "Other", "ur": "دیگر", "pl": "Inne", "ar": "أخرى", "pa": "ਹੋਰ", "zh-Hans": "其他", "zh-Hant": "其他"}
GROUP_USED = {"type", "name", "label", "__row", ("bind", "relevant"), ("control", "appearance")}


def convert_survey(rows, lists, texts, warnings, errors) -> list[dict]:
    """The pages for the survey sheet's ``rows``; problems go to ``errors``, what is left out to ``warnings``."""
    builder = _Pages(texts, warnings, errors)
    for row in rows:
        where = f"survey row {row['__row']}"
        type_text = " ".join(str(row.get("type", "")).split())
        if not type_text:
            if "name" in row or "label" in row:
                errors.append(f"{where}: has no type")
            else:
                warnings.add(where, "a row with no type, name or label is skipped (a comment)")
            continue
        if begin := RE_BEGIN_CONTROL.search(type_text.lower()):
            if begin.group("type") != "group":
                errors.append(f"{where}: {type_text!r}: repeated groups of questions are not supported")
            builder.begin_group(row, where)
            continue
        if RE_END_CONTROL.search(type_text.lower()):
            builder.end_group(where)
            continue
        kind, list_name, other, built_in = _kind(type_text)
        if kind in METADATA or kind in NOT_SHOWN:
            name = row.get("name", kind)
            builder.skipped[str(name)] = where
            why = ("nothing about the device, the person or the time is recorded" if kind in METADATA
                   else "it is never shown to the person answering")
            warnings.add(where, f"{type_text!r} ({name}) is skipped: {why}")
            continue
        question = _question(row, (kind, list_name, other, built_in), type_text, lists, texts, warnings, errors,
                             where)
        if question is not None:
            builder.add(question, row, where)
    return builder.finish()


def _kind(type_text: str) -> tuple[str, str, bool, str]:
    """A row's type: (our name, e.g. ``text`` or ``select_one``, else pyxform's; list name; or_other; constraint)."""
    if select := RE_SELECT.search(type_text):
        command = select.group("select_command")
        if command in aliases.select_from_file or command == "select_one_external":
            return f"{command} (from a file)", "", False, ""
        kind = SELECTS.get(aliases.select[command], command)
        return kind, select.group("list_name"), bool(select.group("specify_other")), ""
    if RE_OSM.search(type_text):
        return type_text, "", False, ""
    name = aliases._type_alias_map.get(type_text, type_text)
    spec = QUESTION_TYPE_DICT.get(name) or QUESTION_TYPE_DICT.get(name.lower())
    if spec is None or name.lower() in METADATA | NOT_SHOWN:
        return (name.lower() if spec else name), "", False, ""
    control, bind = spec.get("control", {}), spec.get("bind", {})
    if bind.get("readonly") == "true()":
        return "note", "", False, ""
    if control.get("tag") in ("trigger", "range"):
        return {"trigger": "acknowledge", "range": "range"}[control["tag"]], "", False, ""
    if control.get("tag") == "input" and bind.get("type") in BIND_TYPES:
        return BIND_TYPES[bind["type"]], "", False, bind.get("constraint", "")
    return name, "", False, ""


def _question(row, kind, type_text, lists, texts, warnings, errors, where) -> dict | None:
    base, list_name, other, built_in_constraint = kind
    appearance = str(row.get("control", {}).get("appearance", "")).strip()
    simple = {"text": "long_text" if appearance == "multiline" else "short_text", "integer": "number",
              "decimal": "number", "range": "number", "date": "date", "acknowledge": "consent", "note": "note"}
    listed = {"select_one": "dropdown" if appearance == "minimal" else "single_choice",
              "select_multiple": "multiple_choice", "rank": "ranking"}
    if base in simple:
        qtype = simple[base]
    elif base in listed:
        qtype = listed[base]
        if list_name not in lists:
            errors.append(f"{where}: no choices list {list_name!r} on the choices sheet")
            return None
    else:
        errors.append(f"{where}: type {type_text!r} is not supported")
        return None
    name, label = str(row.get("name", "")), texts.text(row.get("label"), where, "label")
    if qtype == "note":
        if not label or "en" not in label:
            label, row = texts.text(row.get("hint"), where, "hint"), {k: v for k, v in row.items() if k != "hint"}
        if not label or "en" not in label:
            warn_unused(row, base, warnings)
            warnings.add(where, "a note with no text in English is skipped")
            return None
        name = name or f"note_row{row['__row']}"
    if not name or not label or "en" not in label:
        errors.append(f"{where}: needs a name and a label in English")
        return None
    if not re.fullmatch(ID_PATTERN, name):
        errors.append(f"{where}: name {name!r} cannot be used: start with a letter and use only letters, "
                      f"digits and _ (at most 63)")
        return None
    question = {"id": name, "type": qtype, "text": label}
    if hint := texts.text(row.get("hint"), where, "hint"):
        question["hint"] = hint
    _required(row, question, qtype, warnings, where)
    if base in listed:
        question["choices"] = _choices(lists[list_name], list_name, errors, where)
        if other:
            question["choices"].append({"value": "other", "text": {code: OTHER[code] for code in label}})
            question["write_in"] = {"choice": "other"}
            if qtype not in ("single_choice", "multiple_choice"):
                errors.append(f"{where}: 'or_other' works only with select_one (not minimal) and select_multiple")
    if qtype == "consent":
        question["label"] = question["text"]
    if qtype == "number":
        question |= {"decimal": True} if base == "decimal" else {}
        question |= _number_limits(row, base, built_in_constraint, warnings, errors, where)
    elif built_in_constraint:
        warnings.add(where, f"{type_text!r} is asked as {qtype.replace('_', ' ')}: its check "
                            f"({built_in_constraint}) is not done")
    if qtype != "number" and "constraint" in row.get("bind", {}):
        warnings.column("survey", ("bind", "constraint"), row["__row"], "constraints on answers other than "
                        "numbers are not checked")
    if base == "range":
        warnings.add(where, f"range {name!r} is asked as a number box (no slider, which some people cannot use)")
    if appearance and appearance not in APPEARANCES.get(base, ()):
        warnings.column("survey", ("control", "appearance"), row["__row"], "appearances other than multiline "
                        "(text) and minimal (select_one) are not used: the question is shown in the usual way")
    texts_written = [text for cell in (row.get("label"), row.get("hint"))
                     for text in (cell.values() if isinstance(cell, dict) else [cell]) if isinstance(text, str)]
    if any(references(text) for text in texts_written):
        warnings.add(where, "${…} in a label or hint is shown as written, not replaced by the answer")
    if any(FORMATTING.search(text) for text in texts_written):
        warnings.add(where, "formatting (HTML or Markdown) in a label or hint is shown as written")
    warn_unused(row, base, warnings)
    return question


def _required(row, question, qtype, warnings, where):
    required = str(row.get("bind", {}).get("required", "")).strip()
    if required.lower() in TRUE_WORDS and qtype != "note":
        question["required"] = True
    elif required.lower() not in FALSE_WORDS and qtype != "note":
        warnings.add(where, f"required {required!r} is not supported: the question is optional")


def _choices(items, list_name, errors, where) -> list[dict]:
    seen = set()
    for item in items:
        value = item["value"]
        if not re.fullmatch(VALUE_PATTERN, value):
            errors.append(f"{where}: choice {value!r} of list {list_name!r} cannot be used as a value: "
                          f"use letters, digits, _ and . (starting with a letter or digit)")
        elif value in seen:
            errors.append(f"{where}: list {list_name!r} has the choice {value!r} more than once")
        seen.add(value)
    return [dict(item) for item in items]


def _number_limits(row, base, built_in, warnings, errors, where) -> dict:
    limits = {}
    try:
        if built_in:
            limits |= number_range(built_in)
        if constraint := row.get("bind", {}).get("constraint"):
            limits |= number_range(str(constraint))
    except ExpressionError as error:
        warnings.add(where, f"{error}: only the question's type is checked")
    if base == "range":
        from pyxform.parsing.parameters import parse

        parameters = parse(str(row.get("parameters", "")), row["__row"])
        try:
            start, end = float(parameters.get("start", 1)), float(parameters.get("end", 10))
            step = float(parameters.get("step", 1))
        except ValueError:
            errors.append(f"{where}: range parameters {row.get('parameters')!r} are not numbers")
            return limits
        limits |= {"min": _number(min(start, end)), "max": _number(max(start, end))}
        if not all(float(v).is_integer() for v in (start, end, step)):
            limits["decimal"] = True
    return limits


def _number(value: float):
    return int(value) if value.is_integer() else value


def warn_unused(row, base, warnings, used=USED, sheet="survey"):
    for key, value in row.items():
        if key in used or (base == "range" and key == "parameters"):
            continue
        if isinstance(value, dict) and key in ("bind", "control", "media"):
            for inner in value:
                if (key, inner) not in used:
                    warnings.column(sheet, (key, inner), row["__row"])
        else:
            warnings.column(sheet, key, row["__row"])


class _Pages:
    """Groups become pages: one page per group (an inner group starts a page of its own), a question
    outside any group is a page of its own, and a question that depends on an answer on the page it
    would join starts the next page instead (a page's questions may depend only on earlier pages)."""

    def __init__(self, texts, warnings, errors):
        self.texts, self.warnings, self.errors = texts, warnings, errors
        self.pages, self.groups, self.page, self.skipped = [], [], None, {}
        self.page_ids, self.names = set(), {}

    def begin_group(self, row, where):
        self._close_page()
        group = {"id": str(row.get("name") or f"group{row['__row']}"), "where": where, "pages": 0,
                 "title": self.texts.text(row.get("label"), where, "label")}
        if "relevant" in row.get("bind", {}):
            group["show_if"] = self._condition(row["bind"]["relevant"], where)
        appearance = str(row.get("control", {}).get("appearance", "")).strip()
        if appearance and appearance != "field-list":
            self.warnings.column("survey", ("control", "appearance"), row["__row"], "appearances of groups are "
                                 "not used: each group is a page")
        if "hint" in row:
            self.warnings.column("survey", "hint", row["__row"], "hints on groups are not shown")
        warn_unused(row, "group", self.warnings, GROUP_USED | {"hint"})
        self.groups.append(group)

    def end_group(self, where):
        if not self.groups:
            self.errors.append(f"{where}: end group without begin group")
            return
        self._close_page()
        self.groups.pop()

    def add(self, question, row, where):
        if "relevant" in row.get("bind", {}):
            question["show_if"] = self._condition(row["bind"]["relevant"], where)
        if question["id"] in self.names:
            self.errors.append(f"{where}: name {question['id']!r} is also used on {self.names[question['id']]}")
            return
        self.names[question["id"]] = where
        if self.page is not None and self.groups:
            on_page = {q["id"] for q in self.page["questions"]}
            if on_page & set(references(str(row.get("bind", {}).get("relevant", "")))):
                self.warnings.add(where, f"{question['id']!r} depends on an answer on the same page, so group "
                                  f"{self.groups[-1]['id']!r} continues on a new page from here")
                self._close_page()
        if self.page is None:
            self._open_page(question["id"])
        self.page["questions"].append(question)
        if not self.groups:
            self._close_page()

    def finish(self) -> list[dict]:
        for group in self.groups:
            self.errors.append(f"{group['where']}: begin group {group['id']!r} without end group")
        self._close_page()
        if not self.pages and not self.errors:
            self.errors.append("survey: no questions")
        self._type_values()
        return self.pages

    def _open_page(self, question_id):
        if self.groups:
            group = self.groups[-1]
            group["pages"] += 1
            page_id = group["id"] if group["pages"] == 1 else f"{group['id']}_{group['pages']}"
        else:
            page_id = f"{question_id}_page"
        while page_id in self.page_ids:
            page_id += "_"
        self.page_ids.add(page_id)
        self.page = {"id": page_id, "questions": []}
        title = next((group["title"] for group in reversed(self.groups) if group["title"]), None)
        if title:
            self.page["title"] = title
        conditions = [group["show_if"] for group in self.groups if group.get("show_if")]
        if conditions:
            self.page["show_if"] = conditions[0] if len(conditions) == 1 else {"all": conditions}

    def _close_page(self):
        if self.page is not None and self.page["questions"]:
            self.pages.append(self.page)
        self.page = None

    def _condition(self, expression, where) -> dict:
        try:
            found = condition(str(expression))
        except ExpressionError as error:
            self.errors.append(f"{where}: {error}")
            return {}
        for name in references(str(expression)):
            if name in self.skipped:
                self.errors.append(f"{where}: relevant uses ${{{name}}}, which is skipped ({self.skipped[name]})")
        return found

    def _type_values(self):
        """``${n} = 3`` compares a number question's answer with the number 3; for choices, "3" stays text."""
        numbers = {q["id"] for page in self.pages for q in page["questions"] if q["type"] == "number"}

        def typed(found):
            if not isinstance(found, dict):
                return
            for key in ("all", "any"):
                for part in found.get(key, []):
                    typed(part)
            typed(found.get("not"))
            if found.get("question") in numbers and isinstance(found.get("equals"), str):
                try:
                    value = float(found["equals"])
                except ValueError:
                    return
                found["equals"] = _number(value)

        for page in self.pages:
            typed(page.get("show_if"))
            for question in page["questions"]:
                typed(question.get("show_if"))
