"""Remove personal details from text before it leaves the package.

Emails, UK phone numbers, NHS numbers, UK postcodes, street addresses, other long numbers and
people's names are replaced by placeholders such as ``[EMAIL]``.  Patterns find the first six;
names are found by rules and word lists (see :mod:`analysis.names`), whole ("Jane Doe", not
"[NAME] Doe"), with any title ("Dr Patel" becomes "[NAME]").  Places such as Sale or Trafford
General stay.  Redaction errs on the side of removing too much; its precision and recall on a
labelled set of answers are in analysis/README.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analysis.names import find_names

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TEN_DIGITS = re.compile(r"(?<![\d+])\d(?:[ -]?\d){9}(?!\d)")
_PHONE = re.compile(
    r"(?:(?:\+|\b00)\s?44\s?(?:\(0\)\s?)?|(?<![\w+])\(?0)"  # +44, 0044, +44 (0), 0 or (0
    r"\d(?:(?:\)\s?|[\s.-])?\d){8,9}(?!\d)"
)
_POSTCODE = re.compile(r"\b(?:GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\b", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
_LONG_NUMBER = re.compile(r"(?<!\d)\d(?:[ -]?\d){8,}(?!\d)")

_STREET_TYPES = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Way|Crescent|Cres|Grove|Place|Terrace|Court|"
    "Gardens|Gdns|Walk|Square|Sq|Mews|Row|Parade|Rise|View|Hill|Park|Green|Vale|Fold|Brow|Meadows?|"
    "Chase|Croft|Bank|Boulevard|Wharf|Gate|Heights"
)
_BUILDING_TYPES = "Court|House|Lodge|Mansions|Apartments|Buildings|Heights|Tower|Point|Hall|Mill|Quay|Place"
_STREET = rf"\d{{1,4}}[A-Za-z]?(?:[-–]\d{{1,4}})?\s+(?:[A-Z][\w'’-]*\s+){{1,3}}(?i:{_STREET_TYPES})\b"
# "12 Church Road", "23a Derbyshire Road", "Flat 6, 41 Moss Lane", "Flat 12, Victoria Court, 5 Park Road".
_ADDRESS = re.compile(
    rf"(?:\b(?i:flat|apartment|apt|unit)\.?\s*\d+[A-Za-z]?,?\s+(?:(?:[A-Z][\w'’-]*\s+){{1,3}}"
    rf"(?:{_BUILDING_TYPES}),?\s+)?)?(?<![\w.,/:-]){_STREET}"
)
# Typed in lower case: "12 church road". Only unmistakable street words, since "2 very close" or
# "5 minutes walk" are not addresses.
_LOWER_ADDRESS = re.compile(
    r"(?:\b(?:flat|apartment|apt|unit)\.?\s*\d+[a-z]?,?\s+)?(?<![\w.,/:-])\d{1,4}[a-z]?\s+((?:[a-z]+\s+){1,2})"
    r"(?:road|street|avenue|lane|crescent|grove|terrace|gardens)\b")
_NOT_STREET_NAMES = frozenset("""
    the a an my our your his her their this that on in at of to from down up along by main busy side back
    new old same other private slip dual one two very minutes mins hours days weeks months years miles times
""".split())

PLACEHOLDERS = {
    "email": "[EMAIL]", "nhs_number": "[NHS NUMBER]", "phone": "[PHONE]", "postcode": "[POSTCODE]",
    "address": "[ADDRESS]", "number": "[NUMBER]", "name": "[NAME]",
}


@dataclass(frozen=True)
class Detail:
    """One personal detail found in a text: its kind (a key of ``PLACEHOLDERS``) and where it is."""

    kind: str
    start: int
    end: int


def find_personal_details(text: str, extra_names=()) -> list[Detail]:
    """The personal details in ``text``, in order and not overlapping (the first kind found wins).

    Parameters
    ----------
    text : str
    extra_names : iterable of str, optional
        Further names to find (for example, staff names known to the analyst).

    Returns
    -------
    list of Detail
    """
    extra = tuple(name.strip() for name in extra_names if name and name.strip())
    return list(_find(text, extra))


@lru_cache(maxsize=8192)  # exports repeat the same answers ("Yes", "Community nurse") many times
def _find(text: str, extra_names: tuple[str, ...]) -> tuple[Detail, ...]:
    found: list[Detail] = []

    def add(kind, spans):
        for start, end in spans:
            if not any(start < other.end and other.start < end for other in found):
                found.append(Detail(kind, start, end))

    if "@" in text:
        add("email", (m.span() for m in _EMAIL.finditer(text)))
    if _DIGIT.search(text):  # every other pattern holds a digit; most answers have none
        # Phones first: English NHS numbers never start with 0, and a phone's last ten digits may pass the check.
        add("phone", (m.span() for m in _PHONE.finditer(text)))
        add("nhs_number", (m.span() for m in _TEN_DIGITS.finditer(text)
                           if is_nhs_number(re.sub(r"\D", "", m.group()))))
        add("postcode", (m.span() for m in _POSTCODE.finditer(text)))
        add("address", (m.span() for m in _ADDRESS.finditer(text)))
        add("address", (m.span() for m in _LOWER_ADDRESS.finditer(text)
                         if not _NOT_STREET_NAMES.intersection(m.group(1).split())))
        add("number", (m.span() for m in _LONG_NUMBER.finditer(text)))
    if _LETTER.search(text):
        add("name", sorted(find_names(text, extra_names), key=lambda span: (span[0], -span[1])))
    return tuple(sorted(found, key=lambda detail: detail.start))


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
    >>> redact("My manager Jane Doe rang 07700 900123 from 12 Church Road, Sale")
    'My manager [NAME] rang [PHONE] from [ADDRESS], Sale'
    """
    if not isinstance(text, str):
        return ""
    pieces, position = [], 0
    for detail in find_personal_details(text, extra_names):
        pieces += [text[position:detail.start], PLACEHOLDERS[detail.kind]]
        position = detail.end
    return "".join(pieces) + text[position:]


def is_nhs_number(digits: str) -> bool:
    """True when ``digits`` is ten digits with a valid NHS modulus-11 check digit."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=False))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])
