"""Consultation documents as files: JSON, or YAML for officers who would rather write long texts as blocks."""

import io
import json
from datetime import date

YAML_SUFFIXES = (".yaml", ".yml")


class DocumentFileError(ValueError):
    """The file is not a document at all: ``reason`` is "encoding", "json" or "yaml" (with ``line`` and ``column``)."""

    def __init__(self, reason: str, line: int = 0, column: int = 0, detail: str = ""):
        self.reason, self.line, self.column, self.detail = reason, line, column, detail
        super().__init__(reason if reason == "encoding" else f"{detail} at line {line}, column {column}")


def is_yaml(name: str | None) -> bool:
    return bool(name) and name.lower().endswith(YAML_SUFFIXES)


def parse_document(data: bytes, name: str | None = None):
    """The document in a file's bytes: YAML when ``name`` ends in .yaml or .yml, else JSON.

    YAML is read as YAML 1.2, so ``no`` and ``yes`` stay text; dates written without quotes
    become ISO strings, as in JSON. Raises DocumentFileError.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentFileError("encoding") from error
    if is_yaml(name):
        return _dates_as_text(_load_yaml(text))
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise DocumentFileError("json", error.lineno, error.colno, error.msg) from error


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


def _load_yaml(text: str):
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return YAML(typ="safe", pure=True).load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise DocumentFileError("yaml", line, column, error.problem or str(error)) from error
    except YAMLError as error:
        raise DocumentFileError("yaml", 0, 0, str(error)) from error


def _map_values(value, change):
    """``value`` with ``change`` applied to every value that is not a mapping or list, at any depth."""
    if isinstance(value, dict):
        return {key: _map_values(item, change) for key, item in value.items()}
    if isinstance(value, list):
        return [_map_values(item, change) for item in value]
    return change(value)


def _dates_as_text(value):
    return _map_values(value, lambda item: item.isoformat() if isinstance(item, date) else item)


def _blocks(value):
    from ruamel.yaml.scalarstring import LiteralScalarString

    def block(item):
        if isinstance(item, str) and "\n" in item and not item.endswith((" ", "\t")):
            return LiteralScalarString(item)
        return item

    return _map_values(value, block)
