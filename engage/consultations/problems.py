"""A consultation document's problems in the officer's terms; the survey's own come from surveys.schema."""

from jsonschema import Draft202012Validator, FormatChecker

from surveys.problems import Place, describe_all, join_path
from surveys.schema import PATTERN_WORDS

# the parts of a consultation document, by their path, and what each is called
PARTS = {("consultation",): ("Consultation", "the consultation"),
         ("consultation", "feedback"): ("Consultation › feedback", "the feedback")}


def schema_problems(document, schema: dict, patterns: dict) -> list[str]:
    """Every place where ``document`` does not follow ``schema``, as sentences for the officer."""
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    return describe_all(validator.iter_errors(document), document_place, {**PATTERN_WORDS, **patterns})


def document_place(path) -> Place:
    """The deepest part holding ``path`` (the document, its consultation details or their feedback)."""
    path = list(path)
    for length in range(len(path), 0, -1):
        if part := PARTS.get(tuple(path[:length])):
            return Place(part[0], join_path(path[length:]), part[1])
    return Place("Document", join_path(path), "the document")

