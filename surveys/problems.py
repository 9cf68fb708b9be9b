"""Schema errors in the officer's terms: where the problem is (page, question, field) and what was probably meant.

jsonschema says "Unevaluated properties are not allowed ('choices' was unexpected)"; an officer needs
"Survey › page 2 ("About you") › question 'ward': 'statements' is not a field of a short_text question. Did
you mean to make it a grid question?". Each jsonschema keyword the schemas use has a sentence here
(tests/surveys/test_problems.py checks none is missing). Sentences are in English: they name the document's
parts as the officers' guide does.
"""

import difflib
import re
from dataclasses import dataclass

from surveys.i18n import LANGUAGE_CODES
from surveys.types import QUESTION_TYPES

# the parts of a definition that hold numbered items, and what one item is called
ITEM_NAMES = {"pages": "page", "questions": "question", "choices": "choice", "statements": "statement",
              "scale": "scale point", "skip_to": "skip rule"}
TYPE_WORDS = {"string": "text", "object": "a mapping (names with values)", "array": "a list",
              "boolean": "true or false", "integer": "a whole number", "number": "a number", "null": "null"}
TEXT_WORDS = "text, or a mapping of language codes to texts (such as en: ...)"
# jsonschema keywords that only lead to other schemas; their subschemas' keywords give the errors
STRUCTURAL_KEYWORDS = frozenset({"$schema", "$defs", "$ref", "properties", "items", "allOf", "if", "then",
                                 "propertyNames"})


@dataclass(frozen=True)
class Place:
    """Where a problem is: the part (``where``), the field inside it, and what the part is (``kind``)."""

    where: str  # Survey › page 2 ("About you") › question 'ward'
    field: str = ""  # the key path below the part, such as text.en; "" for the part itself
    kind: str = "it"  # a short_text question


def survey_place(doc, path, root="Survey") -> Place:
    """The Place in survey definition ``doc`` at jsonschema-style ``path`` (keys and list indexes)."""
    words, kind, node, parts = [root], "the survey", doc, list(path)
    while len(parts) >= 2 and parts[0] in ITEM_NAMES and isinstance(parts[1], int):
        items = node.get(parts[0]) if isinstance(node, dict) else None
        if not isinstance(items, list) or not 0 <= parts[1] < len(items):
            break
        name, node = ITEM_NAMES[parts[0]], items[parts[1]]
        words.append(_item_words(name, parts[1], node))
        kind = f"a {node['type']} question" if name == "question" and _type_of(node) else f"a {name}"
        parts = parts[2:]
    return Place(" › ".join(words), join_path(parts), kind)


def join_path(parts) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in parts).lstrip(".")


def describe_all(errors, place_of, patterns: dict | None = None) -> list[str]:
    """The officer's sentences for jsonschema ``errors``, in document order, each once.

    ``place_of(path)`` gives the Place of a path; ``patterns`` says in words what each regular
    expression of the schema asks for.
    """
    problems = []
    for error in sorted(errors, key=lambda error: list(map(str, error.absolute_path))):
        problem = describe(error, place_of(error.absolute_path), patterns)
        if problem and problem not in problems:  # "required" lists every missing key in each of its errors
            problems.append(problem)
    return problems


def describe(error, place: Place, patterns: dict | None = None) -> str | None:
    """One jsonschema ``error`` as a sentence for the officer, starting with where it is; None if it is not one.

    A question whose allowed key has a wrong value also gets an "unevaluated" error for that key
    (jsonschema does not count keys that failed as evaluated): the key's own error says it all.
    """
    if "propertyNames" in error.schema_path:
        what = (f"{_subject(place)} has a text in {show(error.instance)}, which is not a language code the "
                f"platform uses: {', '.join(LANGUAGE_CODES)}.{_did_you_mean(error.instance, LANGUAGE_CODES)}")
    else:
        what = KEYWORDS[error.validator](error, place, patterns or {})
    return f"{place.where}: {what}" if what else None


def show(value) -> str:
    """A value as the officer wrote it, shortened."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return repr(value if len(value) <= 58 else value[:57] + "…")
    return str(value)


def _item_words(name, index, item) -> str:
    if not isinstance(item, dict):
        return f"{name} {index + 1}"
    if name == "page":
        title = item.get("title")
        title = title.get("en") if isinstance(title, dict) else title
        if isinstance(title, str) and title.strip():
            short = title.strip() if len(title.strip()) <= 40 else title.strip()[:39] + "…"
            return f'page {index + 1} ("{short}")'
        return f"page {index + 1}" + (f" ({item['id']!r})" if isinstance(item.get("id"), str) else "")
    if name == "question" and isinstance(item.get("id"), str):
        return f"question {item['id']!r}"
    if isinstance(item.get("value"), str):
        return f"{name} {index + 1} ({item['value']!r})"
    return f"{name} {index + 1}"


def _type_of(question) -> str | None:
    kind = question.get("type") if isinstance(question, dict) else None
    return kind if isinstance(kind, str) and kind in QUESTION_TYPES else None


def _subject(place: Place) -> str:
    return f"'{place.field}'" if place.field else "it"


def _did_you_mean(value, allowed) -> str:
    close = difflib.get_close_matches(str(value), [str(item) for item in allowed], n=1, cutoff=0.6)
    return f" Did you mean {close[0]!r}?" if close else ""


def _one_of(items) -> str:
    return ", ".join(str(item) for item in items)


def _type(error, place, patterns):
    expected = error.validator_value
    if isinstance(expected, list) and set(expected) == {"string", "object"}:
        words = TEXT_WORDS
    else:
        words = " or ".join(TYPE_WORDS.get(name, name) for name in ([expected] if isinstance(expected, str)
                                                                     else expected))
    return f"{_subject(place)} should be {words}, not {show(error.instance)}."


def _enum(error, place, patterns):
    allowed = error.validator_value
    return (f"{_subject(place)} is {show(error.instance)}, which is not one of: {_one_of(allowed)}."
            f"{_did_you_mean(error.instance, allowed)}")


def _const(error, place, patterns):
    return f"{_subject(place)} should be {show(error.validator_value)}, not {show(error.instance)}."


def _pattern(error, place, patterns):
    words = patterns.get(error.validator_value, f"written as the guide shows (the pattern {error.validator_value})")
    return f"{_subject(place)} is {show(error.instance)}; it should be {words}."


def _format(error, place, patterns):
    if error.validator_value == "date" and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", error.instance):
        return f"{_subject(place)} is {show(error.instance)}, which is not a real date."
    return f"{_subject(place)} is {show(error.instance)}; it should be a {error.validator_value} written as 2027-01-31."


def _min_length(error, place, patterns):
    if error.validator_value == 1:
        return f"{_subject(place)} is empty; write some text."
    return f"{_subject(place)} is shorter than {error.validator_value} characters."


def _max_length(error, place, patterns):
    return f"{_subject(place)} is longer than {error.validator_value} characters."


def _minimum(error, place, patterns):
    return f"{_subject(place)} is {show(error.instance)}; it must be at least {error.validator_value}."


def _maximum(error, place, patterns):
    return f"{_subject(place)} is {show(error.instance)}; it must be at most {error.validator_value}."


def _min_items(error, place, patterns):
    count = len(error.instance)
    has = "is empty" if count == 0 else f"has {count} item" + ("s" if count > 1 else "")
    return f"{_subject(place)} {has}; it needs at least {error.validator_value}."


def _unique_items(error, place, patterns):
    seen, twice = [], []
    for item in error.instance:
        (twice if item in seen and item not in twice else seen).append(item)
    return f"{_subject(place)} lists {_one_of(show(item) for item in twice)} more than once."


def _required(error, place, patterns):
    sentences = []
    for name in error.validator_value:
        if name in error.instance:
            continue
        sentence = (f"{name!r} is missing from '{place.field}'." if place.field else
                    f"{name!r} is missing; {place.kind} needs it.")
        unknown = [key for key in error.instance if key not in error.schema.get("properties", {})]
        if close := difflib.get_close_matches(name, unknown, n=1, cutoff=0.6):
            sentence += f" Is {close[0]!r} a misspelling of it?"
        sentences.append(sentence)
    return " ".join(sentences)


def _additional(error, place, patterns):
    allowed = list(error.schema.get("properties", {}))
    extras = [key for key in error.instance if key not in allowed]
    return _unknown_fields(extras, allowed, place)


def _unevaluated(error, place, patterns):
    """Only questions use unevaluatedProperties: the common keys plus those of the question's type."""
    common = list(error.schema.get("properties", {}))
    kind = _type_of(error.instance)
    allowed = common + list(QUESTION_TYPES[kind].properties) if kind else common
    extras = [key for key in error.instance if key not in allowed]
    if kind is None:  # without a valid type, only keys no type takes are wrong
        extras = [key for key in extras if not _types_taking(key)]
    return _unknown_fields(extras, allowed, place)


def _types_taking(key) -> list[str]:
    return sorted(name for name, cls in QUESTION_TYPES.items() if key in cls.properties)


def _unknown_fields(extras, allowed, place) -> str:
    sentences = []
    for key in extras:
        sentence = f"{show(key)} is not a field of {place.kind}."
        if types := _types_taking(key) if "question" in place.kind else []:
            sentence += (f" Did you mean to make it a {types[0]} question?" if len(types) == 1 else
                         f" Did you mean to make it one of the question types that take it: {_one_of(types)}?")
        elif close := _did_you_mean(key, allowed):
            sentence += close
        else:
            sentence += f" Its fields are: {_one_of(allowed)}."
        sentences.append(sentence)
    return " ".join(sentences)


KEYWORDS = {
    "type": _type, "enum": _enum, "const": _const, "pattern": _pattern, "format": _format,
    "minLength": _min_length, "maxLength": _max_length, "minimum": _minimum, "maximum": _maximum,
    "minItems": _min_items, "uniqueItems": _unique_items, "required": _required,
    "additionalProperties": _additional, "unevaluatedProperties": _unevaluated,
}
