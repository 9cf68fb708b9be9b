"""The definition document's JSON schema and validate_definition (schema plus meaning)."""

import keyword

from jsonschema import Draft202012Validator
from wtforms import Form

from surveys.conditions import check_condition
from surveys.definition import Question
from surveys.i18n import LANGUAGE_CODES
from surveys.types import QUESTION_TYPES

SCHEMA_VERSION = 1
ID_PATTERN = "^[A-Za-z][A-Za-z0-9_]{0,62}$"  # no "-": "<qid>-<part>" names stay unambiguous
VALUE_PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.]{0,99}$"  # safe inside element ids
RESERVED_IDS = {name for name in dir(Form) if not name.startswith("_")} | {"csrf_token"}


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
    validator = Draft202012Validator(definition_schema())
    errors = sorted(validator.iter_errors(doc), key=lambda error: list(map(str, error.absolute_path)))
    return [f"{format_path(error.absolute_path)}: {error.message}" for error in errors]


def validate_definition(doc):
    """Check a definition against the schema and for meaning; raise DefinitionError listing every problem."""
    errors = schema_errors(doc)
    if not errors:
        errors = semantic_errors(doc)
    if errors:
        raise DefinitionError(errors)


def semantic_errors(doc):
    errors = []
    page_ids = [page["id"] for page in doc["pages"]]
    page_index = {}
    for index, page_id in enumerate(page_ids):
        if page_id in page_index:
            errors.append(f"pages[{index}].id: duplicate page id {page_id!r}")
        page_index.setdefault(page_id, index)
    questions, page_of = {}, {}
    for p, page in enumerate(doc["pages"]):
        for q, spec in enumerate(page["questions"]):
            where = f"pages[{p}].questions[{q}]"
            if spec["id"] in questions:
                errors.append(f"{where}.id: duplicate question id {spec['id']!r}")
                continue
            if spec["id"] in RESERVED_IDS or keyword.iskeyword(spec["id"]):
                errors.append(f"{where}.id: {spec['id']!r} is a reserved name")
            question = Question.from_dict(spec)
            questions[spec["id"]], page_of[spec["id"]] = question, p
            errors += [f"{where}: {problem}" for problem in question_problems(question, spec)]
    for p, page in enumerate(doc["pages"]):
        earlier = {qid for qid, index in page_of.items() if index < p}
        so_far = {qid for qid, index in page_of.items() if index <= p}
        if "show_if" in page:
            errors += check_condition(page["show_if"], questions, earlier, f"pages[{p}].show_if")
        for q, spec in enumerate(page["questions"]):
            if "show_if" in spec:
                where = f"pages[{p}].questions[{q}].show_if"
                errors += check_condition(spec["show_if"], questions, earlier, where)
        for s, rule in enumerate(page.get("skip_to", [])):
            where = f"pages[{p}].skip_to[{s}]"
            errors += check_condition(rule["if"], questions, so_far, f"{where}.if")
            target = page_index.get(rule["page"])
            if target is None:
                errors.append(f"{where}.page: unknown page {rule['page']!r}")
            elif target <= p:
                errors.append(f"{where}.page: {rule['page']!r} is not a later page")
    return errors


def question_problems(question, spec):
    problems = list(question.qtype.check(spec, question.choices))
    for kind, items in (("choice", question.choices), ("statement", question.statements)):
        values = [item.value for item in items]
        for value in sorted({value for value in values if values.count(value) > 1}):
            problems.append(f"{kind} value {value!r} is used more than once")
    return problems
