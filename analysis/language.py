"""Language detection without downloads: Unicode scripts, stop-word overlap and lingua.

Non-Latin scripts decide most languages on their own (Gurmukhi is Panjabi,
Han characters are Chinese).  Arabic script is Urdu when it uses letters that
Arabic does not.  Latin-script text is scored by how many of its words are stop
words of each language, weighting a word by how few languages share it, with
a bonus for letters that only some languages use (``ł``, ``ß``, ``ș``, ``ñ``).
Cyrillic text is handed to the ``lingua`` detector (character n-gram models
shipped in its wheel) restricted to the Cyrillic languages, which tells Kazakh,
Ukrainian, Bulgarian, Serbian and the rest from Russian: stop-word overlap
cannot, because these languages share most short words and letters.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import pandas as pd

from analysis.stopwords import LANGUAGE_NAMES, load_stop_words

UNDETERMINED = "und"

#: Languages told apart among Latin-script text.
LATIN_LANGUAGES = ("en", "pl", "de", "es", "fr", "ro", "it", "pt", "nl")

#: Languages told apart among Cyrillic text (all the Cyrillic-script languages lingua knows);
#: Russian first, so it wins exact ties as it did when every Cyrillic text was Russian.
CYRILLIC_LANGUAGES = ("ru", "uk", "bg", "kk", "sr", "mk", "be", "mn")

# Added to the corpus majority's lingua confidence (0-1) for a short Cyrillic answer, so that
# "Благодаря" in a Bulgarian consultation stays Bulgarian; a clear answer is not overruled.
_CYRILLIC_PRIOR_BONUS = 0.15
_CYRILLIC = "cyrillic"

_SCRIPTS = {
    "arabic": re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]"),
    "pa": re.compile(r"[\u0A00-\u0A7F]"),
    "zh": re.compile(r"[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]"),
    "hi": re.compile(r"[\u0900-\u097F]"),
    "bn": re.compile(r"[\u0980-\u09FF]"),
    _CYRILLIC: re.compile(r"[\u0400-\u04FF\u0500-\u052F]"),
    "latin": re.compile(r"[A-Za-z\u00C0-\u024F]"),
}
# Letters used in Urdu (and Persian) writing but not in Arabic.
_URDU_LETTERS = re.compile(r"[\u0679\u0688\u0691\u06BA\u06BE\u06C1\u06D2\u06D3\u067E\u0686\u06AF]")
_LATIN_WORD = re.compile(r"[a-z\u00C0-\u024F]+(?:['’][a-z]+)?")
_DISTINCTIVE_LETTERS = {
    "pl": "łąęśźżćń",
    "de": "äöüß",
    "ro": "ășțâî",
    "es": "ñ¿¡",
    "fr": "èêçëœ",
    "pt": "ãõ",
}
#: Any distinctive letter: most answers (English) have none, and one search rules them all out.
_ANY_DISTINCTIVE = re.compile("[" + "".join(_DISTINCTIVE_LETTERS.values()) + "]")


@lru_cache(maxsize=1)
def _latin_word_weights() -> dict[str, dict[str, float]]:
    """Map each stop word to {language: weight}, shared words weighing less."""
    owners: dict[str, list[str]] = {}
    for code in LATIN_LANGUAGES:
        for word in load_stop_words(code):
            owners.setdefault(word, []).append(code)
    return {word: {code: 1.0 / len(codes) for code in codes} for word, codes in owners.items()}


class _CyrillicScores(Counter):
    """lingua's confidence (0-1) in each Cyrillic language for one text."""


@lru_cache(maxsize=1)
def _cyrillic_detector():
    # Imported here: lingua loads its models for these languages on first use (about 2 s).
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in CYRILLIC_LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def _cyrillic_scores(texts: list[str]) -> list[_CyrillicScores]:
    """lingua's confidence per Cyrillic language for each text, computed in one batch."""
    if not texts:
        return []
    batches = _cyrillic_detector().compute_language_confidence_values_in_parallel(texts)
    return [
        _CyrillicScores({found.language.iso_code_639_1.name.lower(): found.value for found in values})
        for values in batches
    ]


def detect_language(text: str, prior: str | None = None) -> str:
    """Return the ISO 639-1 code of the language of ``text``, or ``"und"``.

    Parameters
    ----------
    text : str
        One response.
    prior : str, optional
        Language of the surrounding corpus; it wins Latin-script ties and
        outweighs a single word of another language ("care" is Romanian too).

    Returns
    -------
    str
        ``"en"``, ``"pl"``, ``"ur"``, ``"ar"``, ``"pa"``, ``"zh"``, ``"de"``,
        ``"es"``, ``"fr"``, ``"ro"``, ``"ru"``, ``"uk"``, ``"bg"``, ``"kk"``,
        ``"sr"`` (and a few more), or ``"und"`` when the text gives no evidence.
    """
    evidence = _evidence(text)
    if evidence == _CYRILLIC:
        evidence = _cyrillic_scores([text])[0]
    return _decide(evidence, prior)


def _evidence(text) -> str | Counter:
    """A language code when the script settles it (or ``"und"``), ``"cyrillic"``, or the Latin word scores."""
    if not isinstance(text, str) or not text.strip():
        return UNDETERMINED
    counts = {name: len(pattern.findall(text)) for name, pattern in _SCRIPTS.items()}
    script = max(counts, key=counts.get)
    if counts[script] == 0:
        return UNDETERMINED
    if script == "arabic":
        return "ur" if _URDU_LETTERS.search(text) else "ar"
    if script != "latin":
        return script
    return _latin_scores(text.casefold())


def _latin_scores(text: str) -> Counter:
    weights = _latin_word_weights()
    scores: Counter[str] = Counter()
    for word in _LATIN_WORD.findall(text):
        for code, weight in weights.get(word, {}).items():
            scores[code] += weight
    for code, letters in _DISTINCTIVE_LETTERS.items() if _ANY_DISTINCTIVE.search(text) else ():
        hits = sum(text.count(letter) for letter in letters)
        if hits:
            scores[code] += 1.5 * hits
    return scores


def _decide(evidence: str | Counter, prior: str | None) -> str:
    if isinstance(evidence, str):
        return evidence
    if isinstance(evidence, _CyrillicScores):
        return _decide_cyrillic(evidence, prior)
    if not evidence:
        return UNDETERMINED
    if prior not in LATIN_LANGUAGES:
        return max(LATIN_LANGUAGES, key=lambda code: evidence[code])
    # The prior outweighs a single word of another language, and wins ties by coming first.
    return max((prior, *LATIN_LANGUAGES), key=lambda code: evidence[code] + (1.0 if code == prior else 0.0))


def _decide_cyrillic(scores: _CyrillicScores, prior: str | None) -> str:
    """The most likely Cyrillic language; the corpus majority gets a small bonus, Russian wins exact ties."""
    if not any(scores.values()):
        return "ru"
    bonus = _CYRILLIC_PRIOR_BONUS if prior in CYRILLIC_LANGUAGES else 0.0
    return max(CYRILLIC_LANGUAGES, key=lambda code: scores[code] + (bonus if code == prior else 0.0))


def detect_languages(texts, default: str | None = None) -> pd.Series:
    """Detect the language of every response.

    Parameters
    ----------
    texts : iterable of str
        Responses.
    default : str, optional
        Code given to responses with no evidence; by default they stay ``"und"``.

    Returns
    -------
    pandas.Series
        One language code per response, in input order.
    """
    texts = pd.Series(list(texts), dtype=object)
    evidence = {text: _evidence(text) for text in pd.unique(texts)}
    cyrillic = [text for text, found in evidence.items() if found == _CYRILLIC]
    evidence.update(zip(cyrillic, _cyrillic_scores(cyrillic), strict=True))
    first_pass = texts.map({text: _decide(found, None) for text, found in evidence.items()})
    known = first_pass[first_pass != UNDETERMINED]
    # Only a clear majority language breaks ties for short, ambiguous answers.
    prior = known.mode().iloc[0] if len(known) and (known == known.mode().iloc[0]).mean() > 0.5 else None
    result = texts.map({text: _decide(found, prior) for text, found in evidence.items()}).astype(object)
    if default is not None:
        result = result.where(result != UNDETERMINED, default)
    return result


def dominant_language(languages: pd.Series, fallback: str | None = "en") -> str | None:
    """Most common determined language, or ``fallback`` when there is none."""
    known = languages[languages != UNDETERMINED]
    return str(known.mode().iloc[0]) if len(known) else fallback


__all__ = ["LANGUAGE_NAMES", "UNDETERMINED", "detect_language", "detect_languages", "dominant_language"]
