"""AnswerField: the WTForms field for one question, keeping raw input so nothing typed is lost."""

from typing import NamedTuple

from wtforms import Field
from wtforms.utils import unset_value
from wtforms.validators import ValidationError


class Option(NamedTuple):
    """An option as a template renders it: value, translated label, and whether it follows an "or" divider."""

    value: str
    label: str
    special: bool


class AnswerField(Field):
    """Reads every input a question owns ("<name>" and "<name>-<part>") and cleans them via its type.

    Templates use: `value(part)`/`values(part)` for what was submitted (or prefilled),
    `input_id(part)`, `options`, `part_errors` (parts to highlight), `errors`.
    `id` is the element id an error summary should link to: the first input, or after
    validation the first input in error.
    """

    widget = None

    def __init__(self, label=None, validators=None, *, question, lang="en", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.question = question
        self.lang = lang
        self.raw = {}
        self.part_errors = {}
        self.id = self.input_id(question.qtype.anchor_part(question))

    def input_name(self, part=""):
        return f"{self.name}-{part}" if part else self.name

    def input_id(self, part=""):
        return self.input_name(part)

    def value(self, part=""):
        values = self.raw.get(part) or [""]
        return values[0]

    def values(self, part=""):
        return list(self.raw.get(part, []))

    @property
    def options(self):
        return [
            Option(choice.value, choice.label(self.lang, self.gettext), choice.special)
            for choice in self.question.choices
        ]

    def process(self, formdata, data=unset_value, extra_filters=None):
        self.process_errors = []
        qtype = self.question.qtype
        self.object_data = None if data is unset_value else data
        if formdata is not None:
            self.raw = {}
            for part in qtype.parts(self.question):
                values = formdata.getlist(self.input_name(part))
                if values:
                    self.raw[part] = [str(value) for value in values]
            self.data = self._clean_quietly()
        else:
            try:
                self.raw = qtype.raw_from_value(self.question, self.object_data)
            except (AttributeError, TypeError, ValueError):
                self.raw = {}
            self.data = self._clean_quietly()

    def _clean_quietly(self):
        try:
            return self.question.qtype.clean(self.question, self)
        except ValidationError:  # reported by validate()
            return self.question.qtype.empty_value(self.question)
        finally:
            self.part_errors = {}

    def pre_validate(self, form):
        self.part_errors = {}
        self.id = self.input_id(self.question.qtype.anchor_part(self.question))
        self.data = self.question.qtype.empty_value(self.question)
        self.data = self.question.qtype.clean(self.question, self)

    def post_validate(self, form, validation_stopped):
        """Point the error link at the first input in error (e.g. "<qid>-year", "<qid>-other")."""
        parts = self.question.qtype.parts(self.question)
        first = next((part for part in parts if part in self.part_errors), None)
        if self.errors and first is not None:
            self.id = self.input_id(first)
