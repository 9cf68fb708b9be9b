"""What a respondent wrote in an answer, with personal details redacted: worked out once, when the answer
is stored (``Answer.redacted``), so exports read it instead of redacting every written answer again."""

from __future__ import annotations

import surveys
from analysis.redact import redact

FREE_TEXT_TYPES = ("short_text", "long_text")


def is_written(question, value) -> bool:
    """Whether the answer holds text the respondent wrote: free text, or the text beside "Other"."""
    return question.type in FREE_TEXT_TYPES or bool(isinstance(value, dict) and value.get("other"))


def english_text(question, value) -> str:
    """The answer in English words on one line (its lines joined by "; ")."""
    lines = surveys.display_answer(question, value, "en").split("\n")
    return "; ".join(line for line in lines if line.strip())


def redacted_text(question, value) -> str | None:
    """The answer in English words with what the respondent wrote redacted, or None when they wrote
    nothing (closed answers need no redaction: their labels come from the consultation)."""
    if question is None or value is None or surveys.is_empty(question, value) or not is_written(question, value):
        return None
    return redact(english_text(question, value))
