"""Sentiment (position) of each response.

English uses NLTK's VADER, whose lexicon ``scripts/install_nltk_data.py``
installs from the ``vaderSentiment`` PyPI package.  Other languages fall back to
small bundled polarity word lists (``analysis/data/polarity.tsv``): the score is
``(positive - negative) / (positive + negative + 1)`` and responses with no
listed word are ``"unknown"`` rather than guessed.  The fallback is far cruder
than VADER; treat non-English positions as indicative only.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

import pandas as pd

from analysis.language import detect_languages
from analysis.nltk_data import INSTALL_HINT, MissingLanguageDataError, use_project_data
from analysis.preprocess import tokenize

POSITIVE_AT = 0.05


@lru_cache(maxsize=1)
def _vader():
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    use_project_data()
    try:
        return SentimentIntensityAnalyzer()
    except LookupError:
        raise MissingLanguageDataError(INSTALL_HINT) from None


@lru_cache(maxsize=1)
def vader_lexicon() -> dict[str, float]:
    """VADER's word -> valence mapping (English)."""
    return dict(_vader().lexicon)


@lru_cache(maxsize=1)
def fallback_lexicon() -> dict[str, dict[str, int]]:
    """Language -> {word: +1 or -1} from the bundled polarity lists."""
    lexicon: dict[str, dict[str, int]] = {}
    text = files("analysis").joinpath("data/polarity.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        language, polarity, words = line.split("\t")
        lexicon.setdefault(language, {}).update({word: int(polarity) for word in words.split()})
    return lexicon


def _fallback_score(text: str, language: str) -> float | None:
    words = fallback_lexicon().get(language)
    if not words:
        return None
    if language == "zh":
        hits = [polarity for word, polarity in words.items() if word in text]
    else:
        hits = [words[token] for token in tokenize(text, language) if token in words]
    if not hits:
        return None
    positive, negative = hits.count(1), hits.count(-1)
    return (positive - negative) / (positive + negative + 1)


def score_sentiment(texts, languages=None) -> pd.DataFrame:
    """Score the sentiment of every response.

    Parameters
    ----------
    texts : iterable of str
    languages : iterable of str, optional
        ISO codes per response; detected when omitted.

    Returns
    -------
    pandas.DataFrame
        ``score`` in [-1, 1] (NaN when unknown), ``position`` (``"positive"``,
        ``"negative"``, ``"neutral"`` or ``"unknown"``) and ``method``
        (``"vader"``, ``"lexicon"`` or ``"none"``).
    """
    texts = pd.Series(list(texts), dtype=object).fillna("").astype(str)
    languages = detect_languages(texts, default="en") if languages is None else pd.Series(list(languages))
    rows = []
    for text, language in zip(texts, languages, strict=False):
        if not text.strip():
            rows.append((float("nan"), "unknown", "none"))
        elif language == "en":
            rows.append((_vader().polarity_scores(text)["compound"], None, "vader"))
        else:
            score = _fallback_score(text, language)
            rows.append((float("nan"), "unknown", "none") if score is None else (score, None, "lexicon"))
    frame = pd.DataFrame(rows, columns=["score", "position", "method"], index=texts.index)
    known = frame["position"].isna()
    frame.loc[known, "position"] = [
        "positive" if s >= POSITIVE_AT else "negative" if s <= -POSITIVE_AT else "neutral"
        for s in frame.loc[known, "score"]
    ]
    return frame
