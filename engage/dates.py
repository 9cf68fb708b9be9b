"""Dates and times for display in the page's language, English written the UK way ("11 January 2027", "1:18pm").

The interface's English is the locale ``en``, whose CLDR formats are American ("January 11, 2027", "1:18 PM").
Other languages use Flask-Babel's formats unchanged.
"""

from datetime import date, datetime

import flask_babel
from babel import Locale
from babel import dates as babel_dates

UK_ENGLISH = Locale.parse("en_GB")


def _is_english() -> bool:
    return flask_babel.get_locale().language == "en"


def format_date(value: date | datetime, format: str = "medium") -> str:
    if not _is_english():
        return flask_babel.format_date(value, format)
    if isinstance(value, datetime):
        value = flask_babel.to_user_timezone(value).date()
    return babel_dates.format_date(value, format, locale=UK_ENGLISH)


def format_time(value: datetime) -> str:
    """In English the GOV.UK style, "1:18pm" and "10am" (CLDR's en_GB would give "13:18")."""
    if not _is_english():
        return flask_babel.format_time(value, "short")
    value = flask_babel.to_user_timezone(value)
    return babel_dates.format_time(value, "ha" if value.minute == 0 else "h:mma", locale=UK_ENGLISH)


def format_datetime(value: datetime, format: str = "medium") -> str:
    """The date in ``format`` (short, medium, long or full) with its time; in English "11 Jan 2027, 1:18pm"."""
    if not _is_english():
        return flask_babel.format_datetime(value, format)
    # Babel cannot pair a CLDR date format with the GOV.UK time, so the parts are joined with en_GB's pattern.
    pattern = str(UK_ENGLISH.datetime_formats[format]).replace("'", "")
    return pattern.format(format_time(value), format_date(value, format))
