"""Remove personal details from text before it leaves the package.

Emails, UK phone numbers, NHS numbers, UK postcodes and names are replaced by
placeholders such as ``[EMAIL]``.  Names are found without a language model:
a title (Dr, Mr, Nurse...) followed by capitalised words, "my name is ...",
common given names from a bundled list, and any names the analyst supplies.
Redaction errs on the side of removing too much.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NHS_NUMBER = re.compile(r"(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)")
_PHONE = re.compile(r"(?:(?:\+|00)44[\s-]?(?:\(0\)[\s-]?)?|(?<![\w+])0)\d(?:[\s-]?\d){8,9}(?!\d)")
_POSTCODE = re.compile(r"\b(?:GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\b", re.IGNORECASE)
_TITLE = r"(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Nurse|Sister|Matron|Sr)"
_TITLED_NAME = re.compile(rf"\b{_TITLE}\.?\s+(?:[A-Z][\w'’-]+|[A-Z]\.)(?:\s+[A-Z][\w'’-]+)?")
_NAME_IS = re.compile(r"\b(?:[Mm]y name is|[Ii] am called|[Cc]alled)\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")

_LONG_NUMBER = re.compile(r"(?<!\d)\d(?:[ -]?\d){8,}(?!\d)")
_CAPITALISED = re.compile(r"\b[A-Z][a-z'’-]+\b")

PLACEHOLDERS = ("[EMAIL]", "[NHS NUMBER]", "[PHONE]", "[POSTCODE]", "[NUMBER]", "[NAME]")


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """The bundled list of common given names."""
    text = files("analysis").joinpath("data/given_names.txt").read_text(encoding="utf-8")
    return frozenset(
        word for line in text.splitlines() if not line.startswith("#") for word in line.split()
    )


def redact(text, extra_names=()) -> str:
    """Return ``text`` with personal details replaced by placeholders.

    Parameters
    ----------
    text : str
        Any free text; non-strings are returned as ``""``.
    extra_names : iterable of str, optional
        Further names to remove (for example, staff names known to the analyst).

    Returns
    -------
    str

    Examples
    --------
    >>> redact("Dr Patel rang 07700 900123 from LE1 7RH")
    '[NAME] rang [PHONE] from [POSTCODE]'
    """
    if not isinstance(text, str):
        return ""
    text = _EMAIL.sub("[EMAIL]", text)
    text = _NHS_NUMBER.sub(_nhs_or_phone, text)
    text = _PHONE.sub("[PHONE]", text)
    text = _POSTCODE.sub("[POSTCODE]", text)
    text = _TITLED_NAME.sub("[NAME]", text)
    text = _NAME_IS.sub(lambda m: m.group(0).replace(m.group(1), "[NAME]"), text)
    text = _LONG_NUMBER.sub("[NUMBER]", text)
    return _redact_names(text, [name.strip() for name in extra_names if name and name.strip()])


def _redact_names(text: str, extra_names: list[str]) -> str:
    for name in sorted(extra_names, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", "[NAME]", text, flags=re.IGNORECASE)
    common = given_names()
    return _CAPITALISED.sub(lambda m: "[NAME]" if m.group(0) in common else m.group(0), text)


def _nhs_or_phone(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return "[NHS NUMBER]" if is_nhs_number(digits) else match.group(0)


def is_nhs_number(digits: str) -> bool:
    """True when ``digits`` is ten digits with a valid NHS modulus-11 check digit."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=False))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])
