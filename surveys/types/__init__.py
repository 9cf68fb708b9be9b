"""Question types: one class per type, registered in QUESTION_TYPES by name."""

from surveys.types import choice, composite, date, note, number, special, text  # noqa: F401  (register)
from surveys.types.base import QUESTION_TYPES, Choice, QuestionType, register

__all__ = ["QUESTION_TYPES", "Choice", "QuestionType", "register"]
