"""Number questions (whole or decimal, with an optional range) and date questions."""

import re

from surveys.i18n import N_
from surveys.types.base import QuestionType, fail, register

INTEGER = re.compile(r"^[-+]?\d+$")
DECIMAL = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)$")
MAX_NUMBER_LENGTH = 30


def format_number(number):
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    return f"{number:,}" if isinstance(number, int) else str(number)


@register
class NumberType(QuestionType):
    """A number; stored as int, or as float when the question allows decimals."""

    name = "number"
    properties = {
        "min": {"type": "number"},
        "max": {"type": "number"},
        "decimal": {"type": "boolean"},
    }

    def check(self, spec, choices):
        errors = []
        low, high = spec.get("min"), spec.get("max")
        if low is not None and high is not None and low > high:
            errors.append("min must not be greater than max")
        if not spec.get("decimal"):
            for key in ("min", "max"):
                if isinstance(spec.get(key), float) and not spec[key].is_integer():
                    errors.append(f"{key} must be a whole number unless decimal is true")
        return errors

    def clean(self, question, field):
        raw = field.value().strip().replace(",", "").replace(" ", "")
        if not raw:
            if question.required:
                fail(field, N_("Enter a number"))
            return None
        decimal = question.options.get("decimal", False)
        if len(raw) > MAX_NUMBER_LENGTH or not DECIMAL.match(raw):
            fail(field, N_("Answer must be a number"))
        if not decimal and not INTEGER.match(raw):
            fail(field, N_("Answer must be a whole number"))
        number = float(raw) if decimal else int(raw)
        self.check_range(question, field, number)
        return number

    def check_range(self, question, field, number):
        low, high = question.options.get("min"), question.options.get("max")
        if (low is None or number >= low) and (high is None or number <= high):
            return
        if low is not None and high is not None:
            fail(
                field,
                N_("Enter a number between %(min)s and %(max)s"),
                min=format_number(low),
                max=format_number(high),
            )
        if low is not None:
            fail(field, N_("Enter a number that is %(min)s or more"), min=format_number(low))
        fail(field, N_("Enter a number that is %(max)s or less"), max=format_number(high))

    def raw_from_value(self, question, value):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return {}
        return {"": [format_number(value).replace(",", "")]}

    def display(self, question, value, lang, gettext=None):
        return "" if value is None else format_number(value)
