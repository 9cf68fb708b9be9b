"""Date questions asked as separate day, month and year inputs."""

import datetime
import re

from surveys.i18n import N_
from surveys.types.base import QuestionType, fail, register

ISO_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
MONTH_NAMES = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)
MONTH_BY_NAME = {name.lower()[:3]: number for number, name in enumerate(MONTH_NAMES, 1)}
MISSING_PART_MESSAGES = {
    ("day",): N_("Date must include a day"),
    ("month",): N_("Date must include a month"),
    ("year",): N_("Date must include a year"),
    ("day", "month"): N_("Date must include a day and month"),
    ("day", "year"): N_("Date must include a day and year"),
    ("month", "year"): N_("Date must include a month and year"),
}


def parse_iso(value):
    """A date from "YYYY-MM-DD", or None when it is not one."""
    if not isinstance(value, str) or not re.match(ISO_DATE, value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def format_date(date, gettext=None):
    """A date written out in words, e.g. "1 January 2000", through the host's translations."""
    translate = gettext or (lambda message: message)
    return translate(N_("%(day)s %(month)s %(year)s")) % {
        "day": date.day,
        "month": translate(MONTH_NAMES[date.month - 1]),
        "year": date.year,
    }


def parse_month(raw):
    if raw.isdigit():
        return int(raw)
    return MONTH_BY_NAME.get(raw.lower()[:3]) if len(raw) >= 3 and raw.isalpha() else None


@register
class DateType(QuestionType):
    """A date; stored as "YYYY-MM-DD"."""

    name = "date"
    properties = {
        "min": {"type": "string", "pattern": ISO_DATE},
        "max": {"type": "string", "pattern": ISO_DATE},
    }

    def check(self, spec, choices):
        errors = []
        limits = {}
        for key in ("min", "max"):
            if key in spec:
                limits[key] = parse_iso(spec[key])
                if limits[key] is None:
                    errors.append(f"{key} {spec[key]!r} is not a real date")
        if limits.get("min") and limits.get("max") and limits["min"] > limits["max"]:
            errors.append("min must not be after max")
        return errors

    def parts(self, question):
        return ("day", "month", "year")

    def anchor_part(self, question):
        return "day"

    def raw_from_value(self, question, value):
        date = parse_iso(value)
        if date is None:
            return {}
        return {"day": [str(date.day)], "month": [str(date.month)], "year": [str(date.year)]}

    def clean(self, question, field):
        raw = {part: field.value(part).strip() for part in self.parts(question)}
        missing = tuple(part for part, text in raw.items() if not text)
        if len(missing) == 3:
            if question.required:
                field.part_errors.update(dict.fromkeys(missing, True))
                fail(field, N_("Enter a date"))
            return None
        if missing:
            field.part_errors.update(dict.fromkeys(missing, True))
            fail(field, MISSING_PART_MESSAGES[missing])
        date = self.parse(field, raw)
        self.check_range(question, field, date)
        return date.isoformat()

    def parse(self, field, raw):
        month = parse_month(raw["month"])
        if not raw["year"].isdigit() or len(raw["year"]) != 4:
            field.part_errors["year"] = True
            fail(field, N_("Year must include 4 numbers"))
        try:
            if not raw["day"].isdigit() or month is None:
                raise ValueError
            return datetime.date(int(raw["year"]), month, int(raw["day"]))
        except (ValueError, OverflowError):  # OverflowError: a part too big for a C int, e.g. day 9999999999
            field.part_errors.update(dict.fromkeys(("day", "month", "year"), True))
            fail(field, N_("Date must be a real date"))

    def check_range(self, question, field, date):
        low = parse_iso(question.options.get("min"))
        high = parse_iso(question.options.get("max"))
        if (low is None or date >= low) and (high is None or date <= high):
            return
        field.part_errors.update(dict.fromkeys(("day", "month", "year"), True))
        if low and high:
            fail(
                field,
                N_("Date must be between %(min)s and %(max)s"),
                min=format_date(low, field.gettext),
                max=format_date(high, field.gettext),
            )
        if low:
            fail(field, N_("Date must be the same as or after %(date)s"), date=format_date(low, field.gettext))
        fail(field, N_("Date must be the same as or before %(date)s"), date=format_date(high, field.gettext))

    def display(self, question, value, lang, gettext=None):
        date = parse_iso(value)
        return "" if date is None else format_date(date, gettext)
