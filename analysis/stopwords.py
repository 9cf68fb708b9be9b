"""Stop words per language, read from the project-local NLTK data folder.

``scripts/install_nltk_data.py`` writes the lists from the ``stopwordsiso``
PyPI package into ``$NLTK_DATA/corpora/stopwords/<language name>`` (or the project's ``.nltk_data``,
see :mod:`analysis.nltk_data`); nothing is downloaded at run time.  A language that
stopwordsiso lacks (Kazakh) has a list bundled in ``data/stopwords/<language name>.txt``;
a bundled file for a language stopwordsiso has (Ukrainian) adds to its list.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from analysis.nltk_data import INSTALL_HINT, MissingLanguageDataError, use_project_data

#: ISO 639-1 code -> the file name NLTK's stopwords corpus uses.
LANGUAGE_NAMES = {
    "en": "english", "pl": "polish", "ur": "urdu", "ar": "arabic", "pa": "panjabi",
    "zh": "chinese", "de": "german", "es": "spanish", "fr": "french", "ro": "romanian",
    "it": "italian", "pt": "portuguese", "nl": "dutch", "so": "somali", "bn": "bengali",
    "hi": "hindi", "fa": "persian", "tr": "turkish", "ru": "russian", "lt": "lithuanian",
    "uk": "ukrainian", "bg": "bulgarian", "kk": "kazakh", "sr": "serbian", "mk": "macedonian",
    "be": "belarusian", "mn": "mongolian",
}

_BUNDLED_LISTS = Path(__file__).with_name("data") / "stopwords"

# stopwords-iso's English list (1,298 words) is built for web text and removes
# words that carry meaning in health and care feedback; we keep these.
ENGLISH_CONTENT_WORDS = frozenset(
    """
    appointment available clear clearly date early face free help helped helping helps
    home information kind kindly late later listen long longer look looked looking open
    opened outside parking place problem problems promptly quickly respect room rooms
    sorry test tests website welcome welcomed work worked working young
    """.split()
)


@cache
def load_stop_words(language: str) -> frozenset[str]:
    """Return the stop words of ``language`` (ISO code), casefolded.

    Parameters
    ----------
    language : str
        ISO 639-1 code such as ``"en"`` or ``"pl"``.

    Returns
    -------
    frozenset of str
        Empty for languages without a list (for example Panjabi or Serbian).

    Raises
    ------
    MissingLanguageDataError
        When ``$NLTK_DATA`` has no stopwords corpus at all.
    """
    from nltk.corpus import stopwords

    use_project_data()
    name = LANGUAGE_NAMES.get(language)
    if name is None:
        return frozenset()
    try:
        available = set(stopwords.fileids())
    except LookupError:
        raise MissingLanguageDataError(INSTALL_HINT) from None
    words = frozenset(word.casefold() for word in stopwords.words(name)) if name in available else frozenset()
    words |= _bundled_stop_words(name)
    if language == "en":
        words = words - ENGLISH_CONTENT_WORDS
    return words


def _bundled_stop_words(name: str) -> frozenset[str]:
    path = _BUNDLED_LISTS / f"{name}.txt"
    if not path.is_file():
        return frozenset()
    lines = (line.strip().casefold() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))
