"""The survey engine: definitions, question types, branching and WTForms forms.

Imports only the standard library, WTForms and jsonschema; surveys.xlsform also imports pyxform (which reads
XLSForm workbooks with openpyxl and xlrd).
"""

from surveys.branching import (
    first_page,
    next_page,
    previous_page,
    prune_answers,
    respondent_path,
    seen_questions,
    visible_questions,
)
from surveys.definition import Page, Question, Survey
from surveys.fields import AnswerField, Option
from surveys.forms import build_page_form, display_answer, is_empty, page_answers
from surveys.i18n import LANGUAGE_CODES, N_, RTL_LANGUAGES, Text, localise
from surveys.library import equality_questions
from surveys.reference import TRAFFORD_NEIGHBOURHOODS, ward_neighbourhood
from surveys.schema import SCHEMA_VERSION, DefinitionError, definition_schema, validate_definition
from surveys.types import QUESTION_TYPES, Choice, QuestionType, register

__all__ = [
    "LANGUAGE_CODES",
    "N_",
    "QUESTION_TYPES",
    "RTL_LANGUAGES",
    "SCHEMA_VERSION",
    "TRAFFORD_NEIGHBOURHOODS",
    "AnswerField",
    "Choice",
    "DefinitionError",
    "Option",
    "Page",
    "Question",
    "QuestionType",
    "Survey",
    "Text",
    "build_page_form",
    "definition_schema",
    "display_answer",
    "equality_questions",
    "first_page",
    "is_empty",
    "localise",
    "next_page",
    "page_answers",
    "previous_page",
    "prune_answers",
    "register",
    "respondent_path",
    "seen_questions",
    "validate_definition",
    "visible_questions",
    "ward_neighbourhood",
]
