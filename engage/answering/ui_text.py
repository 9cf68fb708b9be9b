"""Interface text the survey question partials need, translated for the current request."""

from flask_babel import gettext as _
from flask_babel import ngettext

from engage.i18n import current_language

_by_language: dict[str, dict] = {}


def question_ui_text() -> dict:
    """The ``t`` mapping the templates in engage/templates/questions/ read, for the current language.

    Built once per language: catalogs do not change while the app runs.
    """
    code = current_language().code
    if code not in _by_language:
        _by_language[code] = _ui_text()
    return _by_language[code]


def _ui_text() -> dict:
    """The mapping itself, translated for the current request.

    GOV.UK Frontend's character count fills ``%{count}`` itself, so those strings keep that
    placeholder (written ``%%{count}`` where ngettext %-formats the string).
    """
    return {
        "optional": _("(optional)"),
        "error": _("Error"),
        "or": _("or"),
        "other_specify": _("Please specify"),
        "select_all": _("Select all that apply"),
        "choose": _("Choose an option"),
        "no_rank": _("Not ranked"),
        "rank_label": _("Rank for %(item)s", item="%(item)s"),
        "day": _("Day"),
        "month": _("Month"),
        "year": _("Year"),
        "date_hint": _("For example, 27 3 2007"),
        "characters_limit": _("You can enter up to %{count} characters"),
        "characters_at_limit": _("You have 0 characters remaining"),
        "characters_under_limit": {
            "one": ngettext("You have %%{count} character remaining", "You have %%{count} characters remaining", 1),
            "other": ngettext("You have %%{count} character remaining", "You have %%{count} characters remaining", 2),
        },
        "characters_over_limit": {
            "one": ngettext("You have %%{count} character too many", "You have %%{count} characters too many", 1),
            "other": ngettext("You have %%{count} character too many", "You have %%{count} characters too many", 2),
        },
        "neighbourhood_north": _("North"),
        "neighbourhood_central": _("Central"),
        "neighbourhood_south": _("South"),
        "neighbourhood_west": _("West"),
    }
