"""Language-aware preprocessing: tokens, stop words, stems, phrases, short answers.

Everything works offline: tokenising uses NLTK's regular-expression tokenizer
(no Punkt data), Chinese is split into character bigrams, stop words come from
the project-local NLTK data folder, and stemming uses NLTK's Snowball stemmers
(ISRI for Arabic) where NLTK has one for the language.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

import pandas as pd
from nltk.stem.isri import ISRIStemmer
from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize import RegexpTokenizer
from sklearn.base import BaseEstimator, TransformerMixin

from analysis.language import UNDETERMINED, detect_languages, dominant_language
from analysis.stopwords import LANGUAGE_NAMES, load_stop_words

# Letters plus the combining marks that Indic and Arabic scripts write inside words.
_LETTER = r"(?:[^\W\d_]|[\u0300-\u036F\u0610-\u061A\u064B-\u065F\u0670\u0900-\u0DFF\u200C])"
# A word starts with a letter and may carry digits ("co2", "covid19").
_TOKENIZER = RegexpTokenizer(rf"{_LETTER}(?:{_LETTER}|\d)*(?:['’]{_LETTER}+)*")
_HAN_RUN = re.compile(r"[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]+")
_NON_WORD = re.compile(r"[\W_]+")
_REDACTED = re.compile(r"x{3,}")

#: Whole answers that say nothing, after lower-casing and removing punctuation.
NON_ANSWERS = frozenset(
    """
    n a|na|none|nothing|no|nope|nil|not applicable|no comment|no comments|nothing to add
    |nothing to say|nothing else|nothing really|nothing at all|no thanks|no thank you
    |don t know|dont know|do not know|not sure|unsure|idk|ok|okay|yes|x|test|nothing nothing
    |nic|nie|nie wiem|brak|nichts|nein|keine|kein kommentar|nada|no sé|rien|non|nimic|nu
    |کچھ نہیں|نہیں|لا شيء|لا|ਕੁਝ ਨਹੀਂ|没有|无|沒有
    """.replace("\n", "").split("|")
)
NON_ANSWERS = frozenset(answer.strip() for answer in NON_ANSWERS)

FLAG_EMPTY = "empty"
FLAG_NON_ANSWER = "non-answer"
FLAG_NO_CONTENT = "no content words"


class _RememberingStemmer:
    """A stemmer that remembers each word's stem: responses repeat the same words a great deal."""

    def __init__(self, stem):
        self._stem = stem
        self._stems: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stems[word] = self._stem(word)
        return stem


def _stemmer_for(language: str):
    if language == "ar":
        return _RememberingStemmer(ISRIStemmer().stem)
    name = LANGUAGE_NAMES.get(language)
    if name in SnowballStemmer.languages:
        return _RememberingStemmer(SnowballStemmer(name).stem)
    return None


def tokenize(text: str, language: str) -> list[str]:
    """Split ``text`` into lower-case word tokens; Chinese into character bigrams.

    Parameters
    ----------
    text : str
        One response.
    language : str
        ISO code of its language.

    Returns
    -------
    list of str
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    tokens = []
    for token in _TOKENIZER.tokenize(text):
        if _HAN_RUN.search(token):
            tokens.extend(_han_segments(token))
        else:
            tokens.append(token.replace("’", "'"))
    return tokens


def _han_segments(token: str) -> list[str]:
    segments = []
    for piece in re.split(f"({_HAN_RUN.pattern})", token):
        if not piece:
            continue
        if _HAN_RUN.fullmatch(piece):
            segments.extend([piece] if len(piece) == 1 else [piece[i : i + 2] for i in range(len(piece) - 1)])
        else:
            segments.append(piece)
    return segments


def answer_flag(text, content_tokens: list[str]) -> str:
    """Say why an answer is too thin to analyse, or ``""`` when it is fine."""
    if not isinstance(text, str) or not text.strip():
        return FLAG_EMPTY
    if _NON_WORD.sub(" ", text.casefold()).strip() in NON_ANSWERS:
        return FLAG_NON_ANSWER
    if not content_tokens:
        return FLAG_NO_CONTENT
    return ""


class TextPreprocessor(TransformerMixin, BaseEstimator):
    """Turn responses into lists of terms (stems and phrases) per language.

    Parameters
    ----------
    language : str, default="auto"
        ISO code of all responses, or ``"auto"`` to detect each one.
    stem : bool, default=True
        Stem words where NLTK has a stemmer for the language.
    phrases : bool, default=True
        Join frequent adjacent term pairs (collocations) into one term.
    min_phrase_count : int, default=5
        Fewest occurrences for a pair to become a phrase.
    phrase_threshold : float, default=0.35
        Least normalised PMI for a pair to become a phrase.
    min_token_length : int, default=2
        Shorter tokens are dropped (Chinese segments are kept).

    Attributes
    ----------
    languages_ : pandas.Series
        Detected language per fitted response.
    default_language_ : str
        Language used for responses whose language could not be detected.
    phrases_ : dict
        ``(term, term) -> "term_term"`` for every learned phrase.
    surface_forms_ : dict
        Term -> the most common original word or phrase, for readable labels.
    flags_ : pandas.Series
        Why each fitted response is too thin to analyse (``""`` when it is fine).
    """

    def __init__(self, language="auto", stem=True, phrases=True, min_phrase_count=5,
                 phrase_threshold=0.35, min_token_length=2):
        self.language = language
        self.stem = stem
        self.phrases = phrases
        self.min_phrase_count = min_phrase_count
        self.phrase_threshold = phrase_threshold
        self.min_token_length = min_token_length

    def fit(self, texts, y=None):
        """Detect languages, learn phrases and surface forms; return self."""
        self.fit_transform(texts)
        return self

    def fit_transform(self, texts, y=None):
        """Fit and return the terms of every response (list of lists)."""
        texts = _as_text_series(texts)
        self._stemmers = {}
        self.languages_ = self._languages(texts, fit=True)
        unique = self._unique_terms(texts, self.languages_)
        surface_counts: dict[str, Counter] = {}
        for terms, surfaces, count in unique.values():
            for term, surface in zip(terms, surfaces, strict=False):
                surface_counts.setdefault(term, Counter())[surface] += count
        self.phrases_ = self._learn_phrases(unique.values()) if self.phrases else {}
        for terms, surfaces, count in unique.values():
            term_pairs = zip(terms, terms[1:], strict=False)
            surface_pairs = zip(surfaces, surfaces[1:], strict=False)
            for (a, b), (sa, sb) in zip(term_pairs, surface_pairs, strict=False):
                if (a, b) in self.phrases_:
                    surface_counts.setdefault(self.phrases_[(a, b)], Counter())[f"{sa} {sb}"] += count
        self.surface_forms_ = {term: counts.most_common(1)[0][0] for term, counts in surface_counts.items()}
        documents = self._join_all(texts, self.languages_, unique)
        self.flags_ = pd.Series([answer_flag(t, d) for t, d in zip(texts, documents, strict=False)], index=texts.index)
        return [[] if flag else document for flag, document in zip(self.flags_, documents, strict=False)]

    def transform(self, texts):
        """Return the terms of every response; flagged answers give ``[]``."""
        texts = _as_text_series(texts)
        languages = self._languages(texts, fit=False)
        unique = self._unique_terms(texts, languages)
        documents = self._join_all(texts, languages, unique)
        return [[] if answer_flag(t, d) else d for t, d in zip(texts, documents, strict=False)]

    def describe(self, texts) -> pd.DataFrame:
        """One row per response: ``language``, ``n_terms`` and ``flag``."""
        texts = _as_text_series(texts)
        languages = self._languages(texts, fit=False)
        unique = self._unique_terms(texts, languages)
        documents = self._join_all(texts, languages, unique)
        return pd.DataFrame({
            "language": languages.to_numpy(),
            "n_terms": [len(d) for d in documents],
            "flag": [answer_flag(t, d) for t, d in zip(texts, documents, strict=False)],
        }, index=texts.index)

    def readable(self, term: str) -> str:
        """The most common original spelling of ``term``."""
        return getattr(self, "surface_forms_", {}).get(term, term.replace("_", " "))

    # -- internals -------------------------------------------------------------------
    def _languages(self, texts: pd.Series, fit: bool) -> pd.Series:
        if self.language != "auto":
            return pd.Series(self.language, index=texts.index, dtype=object)
        detected = detect_languages(texts)
        detected.index = texts.index
        if fit:
            self.default_language_ = dominant_language(detected)
        return detected.where(detected != UNDETERMINED, getattr(self, "default_language_", "en"))

    def _unique_terms(self, texts: pd.Series, languages: pd.Series) -> dict:
        counts = Counter(zip(texts, languages, strict=False))
        return {key: (*self._terms(*key), count) for key, count in counts.items()}

    def _terms(self, text: str, language: str) -> tuple[list[str], list[str]]:
        stop_words = load_stop_words(language)
        if language not in getattr(self, "_stemmers", {}):
            self._stemmers = getattr(self, "_stemmers", {})
            self._stemmers[language] = _stemmer_for(language) if self.stem else None
        stemmer = self._stemmers[language]
        terms, surfaces = [], []
        for token in tokenize(text, language):
            bare = token.replace("'", "")
            if token in stop_words or bare in stop_words:
                continue
            if len(token) < self.min_token_length and not _HAN_RUN.match(token):
                continue
            if _REDACTED.fullmatch(bare):  # "XXXX" stands for a name removed at source
                continue
            terms.append(stemmer(bare) if stemmer else bare)
            surfaces.append(token)
        return terms, surfaces

    def _learn_phrases(self, documents) -> dict:
        unigrams, bigrams, total = Counter(), Counter(), 0
        for terms, _, count in documents:
            total += len(terms) * count
            for term in terms:
                unigrams[term] += count
            for pair in zip(terms, terms[1:], strict=False):
                if pair[0] != pair[1]:
                    bigrams[pair] += count
        phrases = {}
        for (a, b), n_ab in bigrams.items():
            if n_ab < self.min_phrase_count:
                continue
            p_ab = n_ab / total
            npmi = math.log(p_ab / (unigrams[a] / total * unigrams[b] / total)) / -math.log(p_ab)
            if npmi >= self.phrase_threshold:
                phrases[(a, b)] = f"{a}_{b}"
        return phrases

    def _join_all(self, texts: pd.Series, languages: pd.Series, unique: dict) -> list[list[str]]:
        joined = {key: self._join_phrases(value[0]) for key, value in unique.items()}
        return [joined[key] for key in zip(texts, languages, strict=False)]

    def _join_phrases(self, terms: list[str]) -> list[str]:
        phrases = getattr(self, "phrases_", {})
        if not phrases:
            return list(terms)
        out, i = [], 0
        while i < len(terms):
            pair = tuple(terms[i : i + 2])
            if len(pair) == 2 and pair in phrases:
                out.append(phrases[pair])
                i += 2
            else:
                out.append(terms[i])
                i += 1
        return out


def _as_text_series(texts) -> pd.Series:
    series = texts if isinstance(texts, pd.Series) else pd.Series(list(texts), dtype=object)
    return series.astype(object).where(series.notna(), "")
