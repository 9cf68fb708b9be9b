"""XLSForm expressions we can turn into definition terms: ``relevant`` conditions and number ranges."""

import re

REFERENCE = r"\$\{([A-Za-z_][A-Za-z0-9_.-]*)\}"
VALUE = r"""(?:'([^']*)'|"([^"]*)")"""
NUMBER = r"(-?\d+(?:\.\d+)?)"
REFERENCES = re.compile(REFERENCE)


class ExpressionError(ValueError):
    """An expression outside the supported forms; the message says which part."""


def condition(expression: str) -> dict:
    """A ``relevant`` expression as a condition (see surveys.conditions); raises ExpressionError."""
    text = _unwrap(expression.strip())
    for joiner, combinator in ((" or ", "any"), (" and ", "all")):
        parts = _split_outside_brackets(text, joiner)
        if len(parts) > 1:
            other = " and " if joiner == " or " else " or "
            if any(_split_outside_brackets(part, other) != [part] for part in parts):
                raise ExpressionError(f"relevant mixes 'and' and 'or' without brackets: {expression!r}")
            return {combinator: [condition(part) for part in parts]}
    if match := re.fullmatch(r"not\s*\((.*)\)", text):
        return {"not": condition(match.group(1))}
    if match := re.fullmatch(rf"selected\(\s*{REFERENCE}\s*,\s*{VALUE}\s*\)", text):
        return {"question": match.group(1), "equals": _value(match)}
    if match := re.fullmatch(rf"{REFERENCE}\s*(!?=)\s*{VALUE}", text):
        qid, operator = match.group(1), match.group(2)
        value = match.group(3) if match.group(3) is not None else match.group(4)
        if value == "":
            return {"question": qid, "answered": operator == "!="}
        found = {"question": qid, "equals": value}
        return found if operator == "=" else {"not": found}
    if match := re.fullmatch(rf"{REFERENCE}\s*(!?=)\s*{NUMBER}", text):
        # kept as text: it is a number only if the question is a number question (see typed_values)
        found = {"question": match.group(1), "equals": match.group(3)}
        return found if match.group(2) == "=" else {"not": found}
    raise ExpressionError(f"relevant {expression!r} is not supported")


def number_range(constraint: str) -> dict:
    """``. >= a and . <= b`` (either part, either way round) as {"min": a, "max": b}; raises ExpressionError."""
    limits = {}
    for part in (p for p in re.split(r"\s+and\s+", _unwrap(constraint.strip())) if p):
        part = _unwrap(part)
        if match := re.fullmatch(rf"\.\s*(>=|<=)\s*{NUMBER}", part):
            operator, number = match.groups()
        elif match := re.fullmatch(rf"{NUMBER}\s*(<=|>=)\s*\.", part):
            number, operator = match.group(1), {"<=": ">=", ">=": "<="}[match.group(2)]
        else:
            raise ExpressionError(f"constraint {constraint!r} is not supported (use . >= a and . <= b)")
        value = float(number)
        limits["min" if operator == ">=" else "max"] = int(value) if value.is_integer() else value
    return limits


def references(text: str) -> list[str]:
    """The ``${name}`` references in a text or expression, in order."""
    return REFERENCES.findall(text)


def _value(match):
    return match.group(2) if match.group(2) is not None else match.group(3)


def _unwrap(text: str) -> str:
    """``text`` without brackets around the whole of it."""
    while text.startswith("(") and text.endswith(")") and _closing(text) == len(text) - 1:
        text = text[1:-1].strip()
    return text


def _closing(text: str) -> int:
    depth = 0
    for index, character in enumerate(text):
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth == 0:
            return index
    return -1


def _split_outside_brackets(text, joiner):
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0 and text.startswith(joiner, i):
            parts.append(text[start:i].strip())
            start = i = i + len(joiner)
            continue
        i += 1
    return parts + [text[start:].strip()]
