"""Language helpers: the N_ extraction marker and localised survey content."""

LANGUAGE_CODES = ("en", "ur", "pl", "ar", "pa", "zh-Hans", "zh-Hant")
RTL_LANGUAGES = frozenset({"ur", "ar"})
FALLBACK_LANGUAGE = "en"


def N_(message):
    """Mark a message for extraction (pybabel -k N_); translated later by the form's meta."""
    return message


class Text(str):
    """A piece of content text that remembers which language it is actually in."""

    def __new__(cls, value, lang):
        text = super().__new__(cls, value)
        text.lang = lang
        return text

    @property
    def dir(self):
        return "rtl" if self.lang in RTL_LANGUAGES else "ltr"


def localise(value, lang):
    """Text of a content field in `lang`, falling back to English; "" for None.

    `value` is a mapping of language code to text, or a plain string (English).
    The result is a str whose `.lang` says which language it is in, so templates
    can mark English fallbacks with lang="en".
    """
    if value is None:
        return Text("", lang)
    if isinstance(value, str):
        return Text(value, FALLBACK_LANGUAGE)
    text = value.get(lang)
    if text:
        return Text(text, lang)
    return Text(value.get(FALLBACK_LANGUAGE, ""), FALLBACK_LANGUAGE)


def translation_languages(value):
    """Language codes a content field is written in."""
    if value is None:
        return set()
    if isinstance(value, str):
        return {FALLBACK_LANGUAGE}
    return {code for code, text in value.items() if text}
