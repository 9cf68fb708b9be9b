"""The definition document's JSON schema and validate_definition (schema plus meaning)."""

import keyword

from jsonschema import Draft202012Validator
from wtforms import Form

from surveys.conditions import check_condition
from surveys.definition import Question
from surveys.i18n import LANGUAGE_CODES
from surveys.problems import describe_all, survey_place
from surveys.types import QUESTION_TYPES
from surveys.types.date import ISO_DATE
from surveys.types.text import AUTOCOMPLETE_PATTERN

SCHEMA_VERSION = 1
ID_PATTERN = "^[A-Za-z][A-Za-z0-9_]{0,62}$"  # no "-": "<qid>-<part>" names stay unambiguous
VALUE_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.]{0,99}$"  # safe inside element ids
RESERVED_IDS = {name for name in dir(Form) if not name.startswith("_")} | {"csrf_token"}
PATTERN_WORDS = {  # what each pattern asks for, in the words of a schema problem
    ID_PATTERN: "a name of up to 63 letters, digits and _ that starts with a letter, such as about_you",
    VALUE_PATTERN: "up to 100 letters, digits, _ and . that start with a letter or digit, such as very_likely",
    ISO_DATE: "a date written as 2027-01-31",
    AUTOCOMPLETE_PATTERN: "an autocomplete name in lowercase, such as postal-code",
}


class DefinitionError(ValueError):
    """A survey definition is invalid; `errors` lists each problem with where it is."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("Invalid survey definition:\n" + "\n".join(self.errors))


def question_schema():
    """The question schema: common keys plus, per type, the type's own keys."""
    return {
        "type": "object",
        "properties": {
            "id": {"type": "string", "pattern": ID_PATTERN},
            "type": {"enum": sorted(QUESTION_TYPES)},
            "text": {"$ref": "#/$defs/text"},
            "hint": {"$ref": "#/$defs/text"},
            "required": {"type": "boolean"},
            "show_if": {"$ref": "#/$defs/condition"},
        },
        "required": ["id", "type", "text"],
        "allOf": [
            {
                "if": {"properties": {"type": {"const": name}}, "required": ["type"]},
                "then": {"properties": cls.properties, "required": list(cls.required_properties)},
            }
            for name, cls in sorted(QUESTION_TYPES.items())
        ],
        "unevaluatedProperties": False,
    }


def definition_schema():
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "id": {"type": "string"},
            "version": {"type": "integer", "minimum": 1},
            "title": {"$ref": "#/$defs/text"},
            "description": {"$ref": "#/$defs/text"},
            "pages": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/page"}},
        },
        "required": ["schema_version", "title", "pages"],
        "additionalProperties": False,
        "$defs": {
            "text": {
                "type": ["string", "object"],
                "minLength": 1,
                "required": ["en"],
                "propertyNames": {"enum": list(LANGUAGE_CODES)},
                "additionalProperties": {"type": "string"},
            },
            "choice": {
                "type": "object",
                "properties": {
                    "value": {"type": "string", "pattern": VALUE_PATTERN},
                    "text": {"$ref": "#/$defs/text"},
                },
                "required": ["value", "text"],
                "additionalProperties": False,
            },
            "condition": {"type": "object"},
            "page": {
                "type": "object",
                "properties": {
                    "id": {"type": "string", "pattern": ID_PATTERN},
                    "title": {"$ref": "#/$defs/text"},
                    "show_if": {"$ref": "#/$defs/condition"},
                    "skip_to": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"if": {"$ref": "#/$defs/condition"}, "page": {"type": "string"}},
                            "required": ["if", "page"],
                            "additionalProperties": False,
                        },
                    },
                    "questions": {"type": "array", "minItems": 1, "items": question_schema()},
                },
                "required": ["id", "questions"],
                "additionalProperties": False,
            },
        },
    }


def format_path(path):
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".") or "(document)"


def schema_errors(doc):
    """The definition's schema errors, each saying in the officer's terms where it is and what is wrong."""
    errors = Draft202012Validator(definition_schema()).iter_errors(doc)
    return describe_all(errors, lambda path: survey_place(doc, path), PATTERN_WORDS)


def validate_definition(doc):
    """Check a definition against the schema and for meaning; raise DefinitionError listing every problem."""
    errors = schema_errors(doc)
    if not errors:
        errors = semantic_errors(doc)
    if errors:
        raise DefinitionError(errors)


def semantic_errors(doc):
    errors = []

    def where(*path):
        return survey_place(doc, path).where

    page_ids = [page["id"] for page in doc["pages"]]
    page_index = {}
    for index, page_id in enumerate(page_ids):
        if page_id in page_index:
            errors.append(f"{where('pages', index)}: its id {page_id!r} is the id of an earlier page too")
        page_index.setdefault(page_id, index)
    questions, page_of = {}, {}
    for p, page in enumerate(doc["pages"]):
        for q, spec in enumerate(page["questions"]):
            here = where("pages", p, "questions", q)
            if spec["id"] in questions:
                errors.append(f"{here}: its id {spec['id']!r} is the id of an earlier question too")
                continue
            if spec["id"] in RESERVED_IDS or keyword.iskeyword(spec["id"]):
                errors.append(f"{here}: its id {spec['id']!r} is a reserved name; choose another")
            question = Question.from_dict(spec)
            questions[spec["id"]], page_of[spec["id"]] = question, p
            errors += [f"{here}: {problem}" for problem in question_problems(question, spec)]
    for p, page in enumerate(doc["pages"]):
        earlier = {qid for qid, index in page_of.items() if index < p}
        so_far = {qid for qid, index in page_of.items() if index <= p}
        if "show_if" in page:
            errors += check_condition(page["show_if"], questions, earlier, f"{where('pages', p)} › show_if")
        for q, spec in enumerate(page["questions"]):
            if "show_if" in spec:
                errors += check_condition(spec["show_if"], questions, earlier,
                                          f"{where('pages', p, 'questions', q)} › show_if")
        for s, rule in enumerate(page.get("skip_to", [])):
            here = where("pages", p, "skip_to", s)
            errors += check_condition(rule["if"], questions, so_far, f"{here} › if")
            target = page_index.get(rule["page"])
            if target is None:
                errors.append(f"{here}: 'page' is {rule['page']!r}, which is not the id of a page")
            elif target <= p:
                errors.append(f"{here}: 'page' is {rule['page']!r}, which is not a later page")
    return errors


def question_problems(question, spec):
    problems = list(question.qtype.check(spec, question.choices))
    for kind, items in (("choice", question.choices), ("statement", question.statements)):
        values = [item.value for item in items]
        for value in sorted({value for value in values if values.count(value) > 1}):
            problems.append(f"{kind} value {value!r} is used more than once")
    return problems
