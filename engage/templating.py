"""Jinja filters and globals: localised survey content and error-summary items."""

from flask_babel import format_date
from markupsafe import Markup, escape

import surveys
from engage import labels
from engage.i18n import LANGUAGES, current_language


def localised(mapping) -> str:
    return surveys.localise(mapping, current_language().code)


def localised_html(mapping) -> Markup:
    """Escaped content, wrapped in a span with its own lang/dir when it fell back to another language."""
    text = localised(mapping)
    lang = getattr(text, "lang", None)
    if lang and lang != current_language().code:
        direction = LANGUAGES[lang].direction if lang in LANGUAGES else "ltr"
        return Markup('<span lang="%s" dir="%s">%s</span>') % (lang, direction, text)
    return escape(text)


def lang_attrs(mapping) -> Markup:
    """` lang=".." dir=".."` when content falls back to English on a page in another language."""
    code = current_language().code
    if code == "en" or (isinstance(mapping, dict) and mapping.get(code)):
        return Markup("")
    fallback = LANGUAGES["en"]
    return Markup(' lang="%s" dir="%s"') % (escape(fallback.code), escape(fallback.direction))


def error_item(error: tuple[str, str]) -> dict:
    message, anchor = error
    return {"text": message, "href": anchor}


def init_app(app):
    app.jinja_env.filters["loc"] = localised
    app.jinja_env.filters["lang_attrs"] = lang_attrs
    app.jinja_env.filters["loc_html"] = localised_html
    app.jinja_env.filters["error_item"] = error_item
    app.jinja_env.filters["neighbourhood_name"] = lambda name: labels.NEIGHBOURHOOD_NAMES.get(name, name)
    app.jinja_env.globals["format_date"] = format_date
    app.jinja_env.globals["labels"] = labels
    app.jinja_env.globals["localise"] = lambda mapping, lang: surveys.localise(mapping, lang)
