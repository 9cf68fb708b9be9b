"""The question type base class, the registry and the pieces types share."""

import re
from dataclasses import dataclass
from typing import ClassVar

from wtforms.validators import ValidationError

from surveys.i18n import N_, Text, localise

QUESTION_TYPES = {}

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def register(cls):
    """Class decorator: add a question type to QUESTION_TYPES under its name."""
    QUESTION_TYPES[cls.name] = cls
    return cls


@dataclass(frozen=True)
class Choice:
    """One option of a question. Built-in options carry a msgid translated by the host's catalog."""

    value: str
    text: object  # content mapping (language code -> text) or plain English string
    msgid: str | None = None
    special: bool = False  # "Prefer not to say", "I don't know": shown after an "or" divider

    def label(self, lang, gettext=None):
        if self.msgid is not None:
            return Text(gettext(self.msgid) if gettext else self.msgid, lang)
        return localise(self.text, lang)


def builtin(value, msgid, special=False):
    return Choice(value, {"en": msgid}, msgid=msgid, special=special)


PREFER_NOT_TO_SAY = builtin("prefer_not_to_say", N_("Prefer not to say"), special=True)
DONT_KNOW = builtin("dont_know", N_("I don't know"), special=True)

TEXT_SCHEMA = {"$ref": "#/$defs/text"}
CHOICES_SCHEMA = {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/choice"}}
FLAG_SCHEMA = {"type": "boolean"}


def fail(field, message, **params):
    """Raise a ValidationError with the message translated through the form's meta."""
    text = field.gettext(message)
    raise ValidationError(text % params if params else text)


def clean_text(raw, single_line=False):
    """Strip, normalise line endings and drop control characters."""
    text = CONTROL_CHARACTERS.sub("", raw.replace("\r\n", "\n").replace("\r", "\n"))
    if single_line:
        text = " ".join(text.split("\n"))
    return text.strip()


def check_length(field, text, limit):
    if len(text) > limit:
        fail(field, N_("Your answer must be %(max)s characters or fewer"), max=f"{limit:,}")


class QuestionType:
    """How one kind of question is defined, asked, cleaned, compared and shown.

    A field built for a question exposes the raw submitted strings by part
    ("" is the main input, e.g. "day" for a date); `clean` turns them into the
    stored JSON value or raises ValidationError.
    """

    name: ClassVar[str]
    properties: ClassVar[dict] = {}  # JSON schema of the type's own definition keys
    required_properties: ClassVar[tuple] = ()
    always_required: ClassVar[bool] = False
    comparable: ClassVar[bool] = True  # may conditions use "equals"/"in" on its answers?
    takes_answer: ClassVar[bool] = True  # False for text that is only shown (a note)

    def choices(self, spec):
        """The options of a question, built from its definition dict."""
        return ()

    def statements(self, spec):
        return ()

    def check(self, spec, choices):
        """Semantic problems with a question definition (schema already passed)."""
        return []

    def parts(self, question):
        return ("",)

    def anchor_part(self, question):
        """The part whose input id an error summary links to ("" means the field id)."""
        return ""

    def empty_value(self, question):
        return None

    def is_empty(self, question, value):
        return value is None or value == "" or value == [] or value == {}

    def raw_from_value(self, question, value):
        """Raw form inputs that reproduce a stored answer (for prefilling)."""
        if value is None:
            return {}
        return {"": [str(value)]}

    def clean(self, question, field):
        raise NotImplementedError

    def compared_values(self, question, value):
        """The values "equals"/"in" conditions compare against."""
        return [] if self.is_empty(question, value) else [value]

    def display(self, question, value, lang, gettext=None):
        return "" if self.is_empty(question, value) else str(value)
