"""Number questions (whole or decimal, with an optional range), read by the respondent's language."""

import re
import unicodedata

from babel import Locale, UnknownLocaleError
from babel.numbers import NumberFormatError, format_decimal, get_decimal_symbol, get_group_symbol, parse_decimal

from surveys.i18n import FALLBACK_LANGUAGE, N_
from surveys.types.base import QuestionType, fail, register

MAX_NUMBER_LENGTH = 30
SIGNS = {"-": -1, "+": 1, "\u2212": -1}  # hyphen-minus, plus, minus sign
# Arabic and Urdu keyboards type these whatever the page's language; neither can mean anything else.
ARABIC_DECIMAL_SEPARATOR, ARABIC_THOUSANDS_SEPARATOR = "\u066b", "\u066c"
SPACES = re.compile(r"\s+")


def babel_locale(lang):
    """The Babel locale of a survey language code ("zh-Hans" -> zh_Hans), English when unknown."""
    try:
        return Locale.parse(lang or FALLBACK_LANGUAGE, sep="-" if "-" in (lang or "") else "_")
    except (UnknownLocaleError, ValueError):
        return Locale.parse(FALLBACK_LANGUAGE)


def ascii_digits(text):
    # Babel's strict check compares the text with its own formatting, which uses ASCII digits,
    # so digits of any script (Arabic-Indic, Urdu, full-width...) become ASCII first.
    return "".join(str(unicodedata.decimal(char)) if char.isdecimal() else char for char in text)


def parse_number(text, lang):
    """The Decimal a respondent typed, read with their language's separators; None when it is not a number.

    Grouping separators must stand where the language puts them ("1,250" in English, "1 250" in
    Polish), so "12,5" in English is not read as 125. Spaces may group digits in any language.
    """
    locale = babel_locale(lang)
    decimal_symbol, group_symbol = get_decimal_symbol(locale), get_group_symbol(locale)
    text = ascii_digits(unicodedata.normalize("NFKC", text).strip())
    sign = SIGNS.get(text[:1])
    if sign is not None:
        text = text[1:]
    text = text.replace(ARABIC_DECIMAL_SEPARATOR, decimal_symbol).replace(ARABIC_THOUSANDS_SEPARATOR, group_symbol)
    text = SPACES.sub(group_symbol, text)  # a space groups digits in any language, so it must group them rightly
    # Only digits and separators: Decimal itself would also take "nan", "1e5" and "1_000".
    allowed = set("0123456789.") | {decimal_symbol, group_symbol}
    if not text or not text[0].isdigit() and text[0] != decimal_symbol or not set(text) <= allowed:
        return None
    try:
        number = parse_decimal(text, locale=locale, strict=True)
    except NumberFormatError:
        return None
    return -number if sign == -1 else number


def format_number(number, lang=FALLBACK_LANGUAGE):
    """A number as the language writes it: whole numbers grouped ("1,000", "1 000"), decimals not."""
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    whole = isinstance(number, int)
    return format_decimal(number, locale=babel_locale(lang), decimal_quantization=False, group_separator=whole)


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
        raw = field.value().strip()
        if not raw:
            if question.required:
                fail(field, N_("Enter a number"))
            return None
        parsed = parse_number(raw, field.lang) if len(raw) <= MAX_NUMBER_LENGTH else None
        if parsed is None:
            fail(field, N_("Answer must be a number"))
        if question.options.get("decimal", False):
            number = float(parsed)
        elif parsed == parsed.to_integral_value():
            number = int(parsed)
        else:
            fail(field, N_("Answer must be a whole number"))
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
                min=format_number(low, field.lang),
                max=format_number(high, field.lang),
            )
        if low is not None:
            fail(field, N_("Enter a number that is %(min)s or more"), min=format_number(low, field.lang))
        fail(field, N_("Enter a number that is %(max)s or less"), max=format_number(high, field.lang))

    def raw_from_value(self, question, value):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return {}
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return {"": [str(value)]}

    def display(self, question, value, lang, gettext=None):
        return "" if value is None else format_number(value, lang)
