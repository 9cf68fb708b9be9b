"""The languages the interface ships in, and how a visitor's language is chosen."""

from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import has_request_context, redirect, request, session
from flask_babel import force_locale, get_translations, refresh


@dataclass(frozen=True)
class Language:
    code: str  # BCP 47 tag used in URLs, survey content and <html lang>
    native_name: str
    english_name: str
    direction: str = "ltr"

    @property
    def locale(self) -> str:
        """The Babel locale identifier (catalog folder name)."""
        return self.code.replace("-", "_")


LANGUAGES = {
    lang.code: lang
    for lang in (
        Language("en", "English", "English"),
        Language("ur", "اردو", "Urdu", "rtl"),
        Language("pl", "Polski", "Polish"),
        Language("ar", "العربية", "Arabic", "rtl"),
        Language("pa", "ਪੰਜਾਬੀ", "Panjabi"),
        Language("zh-Hans", "简体中文", "Chinese (Simplified)"),
        Language("zh-Hant", "繁體中文", "Chinese (Traditional)"),
    )
}
DEFAULT_LANGUAGE = "en"


def normalise(code: str | None) -> str | None:
    """Match a requested language code to a shipped one, or None."""
    if not code:
        return None
    code = code.strip().replace("_", "-")
    for known in LANGUAGES:
        if known.lower() == code.lower():
            return known
    lowered = code.lower()
    if lowered in ("zh", "zh-cn", "zh-sg"):
        return "zh-Hans"
    if lowered in ("zh-tw", "zh-hk", "zh-mo"):
        return "zh-Hant"
    return None


def current_language() -> Language:
    # Cached on the request (not on g, which can outlive a request when an app context is reused).
    code = request.environ.get("engage.language")
    if code is None:
        code = normalise(session.get("language"))
        if code is None:
            best = request.accept_languages.best_match(list(LANGUAGES) + ["zh", "zh-CN", "zh-TW", "zh-HK"])
            code = normalise(best) or DEFAULT_LANGUAGE
        request.environ["engage.language"] = code
    return LANGUAGES[code]


def left_to_right(value) -> str:
    """``value`` isolated left to right on a right-to-left page, for codes, dates and names put into a message.

    Without the isolate the bidi algorithm reorders "2027-02-30" as "30-02-2027" after Arabic words.
    """
    text = str(value)
    return f"\u2066{text}\u2069" if current_language().direction == "rtl" else text


def forget_cached_locale() -> None:
    """Flask-Babel caches the locale on the app context, which tests reuse across requests."""
    refresh()


def select_locale() -> str:
    return current_language().locale


def switch_language_from_query():
    """``?lang=xx`` on any page remembers the choice and reloads the page without it.

    An unknown code falls back to English. Links work without JavaScript.
    """
    if "lang" not in request.args or request.method != "GET":
        return None
    session["language"] = normalise(request.args.get("lang")) or DEFAULT_LANGUAGE
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    return redirect(request.path + ("?" + urlencode(args) if args else ""))


def language_links():
    """(language, url) pairs for the switcher on every page."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    return [(lang, request.path + "?" + urlencode(args + [("lang", lang.code)])) for lang in LANGUAGES.values()]


def template_context():
    lang = current_language()
    return {"language": lang, "language_links": language_links}


def request_translations():
    """The catalog for this request, looked up once (templates call gettext over a hundred times a page)."""
    translations = request.environ.get("engage.translations")
    if translations is None:
        translations = request.environ["engage.translations"] = get_translations()
    return translations


def install_template_gettext(jinja_env) -> None:
    """Template ``_()``/``ngettext()`` bound to the per-request catalog, in place of Flask-Babel's own."""
    jinja_env.install_gettext_callables(
        gettext=lambda string: request_translations().ugettext(string),
        ngettext=lambda singular, plural, n: request_translations().ungettext(singular, plural, n),
        newstyle=True,
    )


@contextmanager
def forced_language(code: str):
    """``flask_babel.force_locale`` for templates too (their catalog is looked up once per request)."""
    cached = request.environ.pop("engage.translations", None) if has_request_context() else None
    try:
        with force_locale(code):
            yield
    finally:
        if has_request_context():
            request.environ.pop("engage.translations", None)
            if cached is not None:
                request.environ["engage.translations"] = cached
