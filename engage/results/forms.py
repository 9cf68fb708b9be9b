"""The results filter: a GET form (it changes nothing, so it has no CSRF token), one filter at a time."""

from __future__ import annotations

from flask_babel import gettext as _

from engage.results.services import Filter


def chosen_filter(args, filters: list[Filter]) -> tuple[tuple[str, str] | None, dict[str, str], list]:
    """(the chosen (key, value) or None, what was entered by key, error summary items (message, anchor)).

    One filter at a time: two filtered views together could show a group smaller than the minimum
    (its responses in one view and not the other), so a combination is refused with a message.
    """
    entered = {f.key: args.get(f.key, "").strip() for f in filters if args.get(f.key, "").strip()}
    errors = []
    for f in filters:
        if f.key in entered and entered[f.key] not in dict(f.options):
            errors.append((_("Select a value of “%(filter)s” from the list", filter=f.label), "#" + f.key))
    unknown = sorted(set(args) - {f.key for f in filters} - {"lang"})
    if unknown and not errors:
        errors.append((_("These results cannot be filtered that way: use the filters below"),
                       "#" + (filters[0].key if filters else "results")))
    if len(entered) > 1 and not errors:
        first = next(f for f in filters if f.key in entered)
        errors.append((_("Filter by one thing at a time: choose “All” in all but one of the filters"),
                       "#" + first.key))
    if errors or not entered:
        return None, entered, errors
    key, value = next(iter(entered.items()))
    return (key, value), entered, []
