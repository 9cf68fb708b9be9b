"""Representative quotes for a theme, always redacted."""

from __future__ import annotations

import numpy as np

from analysis.redact import redact

MAX_QUOTE_CHARACTERS = 300


def representative_quotes(texts, ids, members, weights, n_quotes=3) -> list[dict]:
    """Pick ``n_quotes`` distinct, redacted responses that express a theme best.

    Parameters
    ----------
    texts, ids : pandas.Series
        All responses and their ids, aligned.
    members : numpy.ndarray of int
        Positions of the responses whose primary theme this is.
    weights : numpy.ndarray of float
        The theme's weight in each member response.
    n_quotes : int, default=3

    Returns
    -------
    list of dict
        ``{"response_id": ..., "quote": ...}``, strongest first.  Very short
        answers are passed over while longer ones remain, and long ones are cut
        at ``MAX_QUOTE_CHARACTERS``.
    """
    if len(members) == 0:
        return []
    lengths = np.array([len(str(texts.iloc[i]).split()) for i in members])
    # Favour answers of a readable length: 5 words or more count fully.
    score = weights * np.minimum(lengths, 5) / 5
    quotes, seen = [], set()
    for position in np.argsort(-score, kind="stable"):
        text = " ".join(str(texts.iloc[members[position]]).split())
        key = text.casefold()
        if key in seen:
            continue
        seen.add(key)
        quote = redact(text)
        if len(quote) > MAX_QUOTE_CHARACTERS:
            quote = quote[: MAX_QUOTE_CHARACTERS - 1].rsplit(" ", 1)[0] + "…"
        quotes.append({"response_id": ids.iloc[members[position]], "quote": quote})
        if len(quotes) == n_quotes:
            break
    return quotes


def typical_quotes(texts, ids, order, n_quotes=3, min_words=4) -> list[dict]:
    """The first ``n_quotes`` distinct, redacted answers in ``order`` (positions, most typical first).

    Answers of ``min_words`` words or more that fit whole in ``MAX_QUOTE_CHARACTERS`` come first
    while there are enough of them.
    """
    order = list(order)[:500]
    long_enough = [i for i in order if len(str(texts.iloc[i]).split()) >= min_words
                   and len(" ".join(str(texts.iloc[i]).split())) <= MAX_QUOTE_CHARACTERS]
    chosen = set(long_enough)
    quotes, seen = [], set()
    for position in long_enough + [i for i in order if i not in chosen]:
        text = " ".join(str(texts.iloc[position]).split())
        key = text.casefold()
        if not text or key in seen:
            continue
        seen.add(key)
        quote = redact(text)
        if len(quote) > MAX_QUOTE_CHARACTERS:
            quote = quote[: MAX_QUOTE_CHARACTERS - 1].rsplit(" ", 1)[0] + "…"
        quotes.append({"response_id": ids.iloc[position], "quote": quote})
        if len(quotes) == n_quotes:
            break
    return quotes
