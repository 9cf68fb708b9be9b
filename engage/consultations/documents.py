"""Consultation documents as files: JSON, or YAML for officers who would rather write long texts as blocks.

A document holds only what JSON holds (mappings with text keys, lists, text, numbers, true/false/null),
so the same document reads the same whichever way it was written, and can be stored as JSON.
"""

import functools
import io
import json
import math
import re
from datetime import date

from surveys.schema import format_path

YAML_SUFFIXES = (".yaml", ".yml")
MAX_DEPTH = 50  # a real document nests about 10 levels; deeper is a mistake or an attack
MAX_DIGITS = 15  # whole numbers up to 999,999,999,999,999 are exact in every JSON reader (I-JSON)
YAML_TAG = "tag:yaml.org,2002:"
PLAIN_TAGS = {YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
DATE_TEXT = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
REASONS = {
    "encoding": "it is not UTF-8 text",
    "empty": "it is empty",
    "deep": f"it is nested more than {MAX_DEPTH} levels deep",
    "alias": "YAML anchors (&) and aliases (*) are not allowed: write the text out in full",
    "date": "{detail} is not a real date",
    "key": "the name {detail} is not text: names such as title or en are text",
    "number": "the number {detail} is too big (whole numbers have at most 15 digits)",
    "value": "{detail}: a document holds only text, numbers, true, false, null, lists and mappings",
    "character": "a text has a character that cannot be stored (NUL, or half of a surrogate pair)",
}


class DocumentFileError(ValueError):
    """The file is not a document at all.

    ``reason`` is a key of REASONS, or "json" or "yaml" (not valid syntax: ``detail`` is the parser's
    message). ``line`` and ``column`` say where (0 when unknown); ``field`` is where in the document
    (such as ``consultation.closes_on``) when known.
    """

    def __init__(self, reason: str, line: int = 0, column: int = 0, detail: str = "", field: str = ""):
        self.reason, self.line, self.column, self.detail, self.field = reason, line, column, detail, field
        if reason not in REASONS:  # the parser's own message
            super().__init__(f"{detail} at line {line}, column {column}")
            return
        where = ", ".join(part for part in (f"line {line}" if line else "", field) if part)
        message = REASONS[reason].format(detail=detail)
        super().__init__(f"{where}: {message}" if where else message)


def is_yaml(name: str | None) -> bool:
    return bool(name) and name.lower().endswith(YAML_SUFFIXES)


def parse_document(data: bytes, name: str | None = None):
    """The document in a file's bytes: YAML when ``name`` ends in .yaml or .yml, else JSON.

    YAML is read as YAML 1.2, so ``no`` and ``yes`` stay text; dates written without quotes
    stay text, as in JSON. Raises DocumentFileError.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentFileError("encoding") from error
    if not text.strip():
        raise DocumentFileError("empty")
    document = _load_yaml(text) if is_yaml(name) else _load_json(text)
    if document is None:  # a YAML file of only comments, or JSON's "null"
        raise DocumentFileError("empty")
    _check_texts_and_depth(document)
    return document


def dump_document(document: dict, yaml: bool = False) -> str:
    """The document as text that :func:`parse_document` reads back the same; multi-line texts as YAML blocks."""
    if not yaml:
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    from ruamel.yaml import YAML

    writer = YAML(typ="rt", pure=True)
    writer.width = 4096
    writer.allow_unicode = True
    out = io.StringIO()
    writer.dump(_blocks(document), out)
    return out.getvalue()


def _load_json(text: str):
    def refuse_number(literal):
        reason = "number" if literal[-1:].isdigit() else "value"  # NaN and Infinity are not numbers here
        raise DocumentFileError(reason, _line_of(text, literal), 0, _shorten(literal))

    def whole_number(literal):
        return int(literal) if len(literal.lstrip("-")) <= MAX_DIGITS else refuse_number(literal)

    def number(literal):
        value = float(literal)
        return value if math.isfinite(value) else refuse_number(literal)

    try:
        return json.loads(text, parse_int=whole_number, parse_float=number, parse_constant=refuse_number)
    except json.JSONDecodeError as error:
        raise DocumentFileError("json", error.lineno, error.colno, error.msg) from error
    except RecursionError as error:
        raise DocumentFileError("deep") from error


def _check_texts_and_depth(document) -> None:
    r"""Refuse nesting deeper than MAX_DEPTH, and texts or names no database stores (``\u0000`` or a lone
    ``\ud800`` written in JSON, ``\0`` in YAML)."""
    stack = [(document, [])]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_DEPTH:
            raise DocumentFileError("deep")
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        for key, item in items:
            if not _storable(key) or not _storable(item):
                raise DocumentFileError("character", field=format_path([*path, key]))
            stack.append((item, [*path, key]))


def _storable(value) -> bool:
    if not isinstance(value, str):
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in value


def _line_of(text: str, literal: str) -> int:
    """The line where ``literal`` first appears (json's number hooks are not told where they are)."""
    return text.count("\n", 0, max(text.find(literal), 0)) + 1


def _load_yaml(text: str):
    from ruamel.yaml import YAML
    from ruamel.yaml.composer import MaxDepthExceededError
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    reader = YAML(typ="safe", pure=True)
    reader.Composer, reader.Constructor = _plain_composer(), _text_dates_constructor()
    reader.max_depth = MAX_DEPTH
    try:
        return reader.load(text)
    except MaxDepthExceededError as error:
        raise DocumentFileError("deep", error.problem_mark.line + 1, error.problem_mark.column + 1) from error
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise DocumentFileError("yaml", line, column, error.problem or str(error)) from error
    except YAMLError as error:
        raise DocumentFileError("yaml", 0, 0, str(error)) from error


@functools.cache
def _plain_composer():
    """A ruamel composer that refuses, as it meets them, what a document cannot hold.

    Anchors and aliases are refused before any alias is followed, so neither a "billion laughs" of
    nested aliases nor an alias inside itself is ever expanded. Impossible dates, names that are not
    text and values JSON cannot hold are refused with their line and their place in the document.
    """
    from ruamel.yaml.composer import Composer
    from ruamel.yaml.events import AliasEvent
    from ruamel.yaml.nodes import MappingNode, ScalarNode

    class PlainComposer(Composer):
        def __init__(self, loader=None):
            super().__init__(loader)
            self.path = []  # where the node being composed is, as keys and indexes

        def compose_node(self, parent, index):
            event = self.parser.peek_event()
            if isinstance(event, AliasEvent) or event.anchor is not None:
                raise _refused("alias", event.start_mark)
            is_key = isinstance(parent, MappingNode) and index is None
            if not is_key and parent is not None:
                self.path.append(index.value if isinstance(parent, MappingNode) else index)
            node = super().compose_node(parent, index)
            where = format_path(self.path)
            if not is_key and parent is not None:
                self.path.pop()
            tag = str(node.tag)
            if is_key and (not isinstance(node, ScalarNode) or tag != YAML_TAG + "str"):
                shown = node.value if isinstance(node, ScalarNode) else "[...]"
                raise _refused("key", node.start_mark, shown, format_path(self.path))
            if tag not in PLAIN_TAGS:
                shown = "!!" + tag.removeprefix(YAML_TAG) if tag.startswith(YAML_TAG) else tag
                raise _refused("value", node.start_mark, shown, where)
            if isinstance(node, ScalarNode):
                _check_scalar(node, tag, where)
            return node

    return PlainComposer


def _check_scalar(node, tag: str, where: str) -> None:
    value = node.value
    if tag == YAML_TAG + "timestamp" and (found := DATE_TEXT.match(value)):
        try:
            date(*map(int, found.groups()))
        except ValueError:
            raise _refused("date", node.start_mark, value, where) from None
    elif tag == YAML_TAG + "int" and len(re.sub(r"^[-+]?0[box]|[-+_]", "", value)) > MAX_DIGITS:
        raise _refused("number", node.start_mark, value, where)
    elif tag == YAML_TAG + "float" and not _finite(value):
        reason = "value" if value.lstrip("+-").startswith(".") else "number"  # .inf and .nan are not numbers here
        raise _refused(reason, node.start_mark, value, where)


def _finite(yaml_float: str) -> bool:
    plain = yaml_float.replace("_", "").lower()
    return plain.lstrip("+-") not in (".inf", ".nan") and math.isfinite(float(plain))


def _refused(reason, mark, detail="", field=""):
    return DocumentFileError(reason, mark.line + 1, mark.column + 1, _shorten(detail), field)


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


@functools.cache
def _text_dates_constructor():
    """A safe constructor that keeps dates as the text written, as they would be in JSON."""
    from ruamel.yaml.constructor import SafeConstructor

    class TextDatesConstructor(SafeConstructor):
        def construct_yaml_timestamp(self, node, values=None):
            return self.construct_scalar(node)

    TextDatesConstructor.add_constructor(YAML_TAG + "timestamp", TextDatesConstructor.construct_yaml_timestamp)
    return TextDatesConstructor


def _map_values(value, change):
    """``value`` with ``change`` applied to every value that is not a mapping or list, at any depth."""
    if isinstance(value, dict):
        return {key: _map_values(item, change) for key, item in value.items()}
    if isinstance(value, list):
        return [_map_values(item, change) for item in value]
    return change(value)


def _blocks(value):
    from ruamel.yaml.scalarstring import LiteralScalarString

    def block(item):
        if isinstance(item, str) and "\n" in item and not item.endswith((" ", "\t")):
            return LiteralScalarString(item)
        return item

    return _map_values(value, block)
