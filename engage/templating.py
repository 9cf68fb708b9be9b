"""Jinja filters and globals: localised survey content, error-summary items, GOV.UK Frontend macros."""

import re

from babel import Locale, UnknownLocaleError
from flask_babel import format_decimal, format_number, get_locale, gettext
from jinja2 import Undefined
from markupsafe import Markup, escape

import surveys
from analysis.language import UNDETERMINED
from engage import labels
from engage.dates import format_date, format_datetime, format_time
from engage.i18n import LANGUAGES, current_language


def localised(mapping) -> str:
    return surveys.localise(mapping, current_language().code)


def _fallback_attrs(text) -> Markup:
    """` lang=".." dir=".."` when localised text fell back to another language than the page's."""
    lang = getattr(text, "lang", None)
    if not lang or lang == current_language().code:
        return Markup("")
    direction = LANGUAGES[lang].direction if lang in LANGUAGES else "ltr"
    return Markup(' lang="%s" dir="%s"') % (lang, direction)


def localised_html(mapping) -> Markup:
    """Escaped content, in a span with its own lang/dir when it fell back to another language."""
    text = localised(mapping)
    attrs = _fallback_attrs(text)
    return Markup("<span%s>%s</span>") % (attrs, text) if attrs else escape(text)


def lang_attrs(mapping) -> Markup:
    """Attributes for an element holding ``mapping``'s text: its lang/dir when it fell back."""
    return _fallback_attrs(localised(mapping))


def language_name(code: str) -> str:
    """A detected language's name in the reader's language ("Polish", "بولندية"), or the code if Babel has none."""
    if code == UNDETERMINED:  # Babel would read "und" as its likeliest locale, American English
        return gettext("Not known")
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(get_locale())
    except (ValueError, TypeError, UnknownLocaleError):
        return code
    return name or code


def error_message(source) -> dict | None:
    """A GOV.UK ``errorMessage`` for a field's first error (or a message), its hidden "Error:" prefix translated."""
    if source is None or isinstance(source, Undefined):
        return None
    # a form field, or a message (a str, or a lazily translated one)
    message = next(iter(source.errors), None) if hasattr(source, "errors") else str(source)
    if not message:
        return None
    return {"text": message, "visuallyHiddenText": gettext("Error")}


def error_item(error: tuple[str, str]) -> dict:
    message, anchor = error
    return {"text": message, "href": anchor}


# GOV.UK Frontend components the templates use. They are globals, loaded once, rather than
# imported by each template: every {% from ... import %} costs a lookup on each render.
GOVUK_MACROS = (
    "govukBackLink", "govukButton", "govukCharacterCount", "govukCheckboxes", "govukDateInput", "govukDetails",
    "govukErrorMessage", "govukErrorSummary", "govukFieldset", "govukFileUpload", "govukHint", "govukInput",
    "govukInsetText", "govukLabel", "govukNotificationBanner", "govukPagination", "govukPanel", "govukRadios",
    "govukSelect", "govukSkipLink", "govukSummaryList", "govukTag", "govukTextarea", "govukWarningText",
)


def govuk_macro_path(name: str) -> str:
    """``govukBackLink`` -> ``govuk_frontend_jinja/components/back-link/macro.html``."""
    component = re.sub(r"(?<=[a-z])(?=[A-Z])", "-", name.removeprefix("govuk")).lower()
    return f"govuk_frontend_jinja/components/{component}/macro.html"


def install_govuk_macros(env) -> None:
    """Make the GOV.UK Frontend component macros globals of the Jinja environment ``env``."""
    for name in GOVUK_MACROS:
        env.globals[name] = getattr(env.get_template(govuk_macro_path(name)).module, name)


def init_app(app):
    install_govuk_macros(app.jinja_env)
    app.jinja_env.filters["loc"] = localised
    app.jinja_env.filters["lang_attrs"] = lang_attrs
    app.jinja_env.filters["loc_html"] = localised_html
    app.jinja_env.filters["error_item"] = error_item
    app.jinja_env.filters["language_name"] = language_name
    app.jinja_env.filters["error_message"] = error_message
    app.jinja_env.filters["field_name"] = lambda name: labels.FIELD_NAMES.get(name, name)
    app.jinja_env.filters["neighbourhood_name"] = lambda name: labels.NEIGHBOURHOOD_NAMES.get(name, name)
    app.jinja_env.globals["format_date"] = format_date
    app.jinja_env.globals["format_datetime"] = format_datetime
    app.jinja_env.globals["format_time"] = format_time
    app.jinja_env.globals["format_number"] = format_number
    app.jinja_env.globals["format_decimal"] = format_decimal
    app.jinja_env.globals["labels"] = labels
    app.jinja_env.globals["localise"] = lambda mapping, lang: surveys.localise(mapping, lang)
