"""Theme labels: the key phrase of a theme's own answers, in their language.

A candidate is a run of one to four words inside one clause of an answer, neither starting nor
ending with a stop word of the answer's language (so "waiting times for ambulances" can be one,
"for the" cannot).  Each is scored like class-based TF-IDF: the share of the theme's answers using
it times ``log(1 + answers / answers using it anywhere)``, with a bonus for longer phrases that are
still common in the theme.  The label is the best phrase as people wrote it.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

from analysis.preprocess import tokenize
from analysis.stopwords import load_stop_words

_CLAUSE = re.compile(r"[.,;:!?()\[\]{}\"“”\n\r\t/|،؛؟。，；：！？、]+")
#: Longest phrase, in words (Chinese: character bigrams).
MAX_WORDS = 4
#: Share of a theme's answers a phrase of several words needs to be preferred to a single word.
MULTIWORD_SHARE = 0.05


def _stop_words(language: str) -> frozenset:
    try:
        return frozenset(load_stop_words(language))
    except (LookupError, OSError, ValueError):
        return frozenset()


def candidate_phrases(text: str, language: str, stop_words: frozenset) -> set[str]:
    """The distinct phrases (lower case, single spaces) an answer offers as a label."""
    phrases = set()
    for clause in _CLAUSE.split(str(text).casefold().replace("’", "'")):
        words = [w for w in re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", clause)]
        if language == "zh":
            words = [segment for w in words for segment in tokenize(w, "zh")]
        for size in range(1, MAX_WORDS + 1):
            for start in range(len(words) - size + 1):
                gram = words[start : start + size]
                if gram[0] in stop_words or gram[-1] in stop_words:
                    continue
                if any(_not_an_edge(w, language) for w in (gram[0], gram[-1])):
                    continue
                phrases.add(" ".join(gram))
    return phrases


def _not_an_edge(word: str, language: str) -> bool:
    """Single letters, numbers and placeholders such as "xxxx" neither start nor end a phrase."""
    return (len(word) < 2 and language != "zh") or word.isdigit() or len(set(word)) == 1


def theme_labels(texts, languages, labels, n_themes: int, excluded=frozenset()) -> list[dict]:
    """For each theme 0..n-1: ``label`` (a phrase from its answers) and ``phrases`` (the next best).

    ``labels`` gives each answer's theme (-1 for none).  Phrases made only of words in ``excluded``
    (e.g. evaluative words such as "excellent") are not labels unless nothing else is.
    """
    stop_cache: dict[str, frozenset] = {}
    per_answer = []
    overall: Counter = Counter()
    for text, language in zip(texts, languages, strict=False):
        stops = stop_cache.setdefault(language, _stop_words(language))
        phrases = candidate_phrases(text, language, stops)
        per_answer.append(phrases)
        overall.update(phrases)
    total = max(len(per_answer), 1)
    results, used = [], set()
    for theme in range(n_themes):
        members = np.flatnonzero(np.asarray(labels) == theme)
        counts: Counter = Counter()
        for i in members:
            counts.update(per_answer[i])
        size = max(len(members), 1)
        least = max(2, 0.03 * size)
        scored = []
        for phrase, count in counts.items():
            if count < least and not (len(members) < 10 and count >= 1):
                continue
            words = phrase.split()
            evaluative = all(w in excluded for w in words)
            score = count / size * np.log(1 + total / overall[phrase]) * (1 + 0.35 * (len(words) - 1))
            scored.append((evaluative, -score, phrase))
        scored.sort()
        chosen = [phrase for _, _, phrase in scored]
        # a phrase of several words said by enough of the theme's answers beats a single word
        common = max(3, MULTIWORD_SHARE * size)
        phrases = [p for p in chosen if " " in p and counts[p] >= common and p not in used]
        label = (phrases or [p for p in chosen if p not in used] or chosen or [""])[0]
        used.add(label)
        results.append({"label": _surface(label, [texts[i] for i in members]),
                        "phrases": [p for p in chosen if p != label][:5]})
    return results


def _surface(phrase: str, texts) -> str:
    """The phrase with a capital first letter (answers are compared in lower case)."""
    return phrase[:1].upper() + phrase[1:] if phrase else phrase
