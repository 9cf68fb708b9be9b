"""The sentence-vector path of :class:`analysis.themes.ThemeModel` (``method="embedding"``, the default)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from analysis import discovery
from analysis.cooccurrence import representatives
from analysis.embeddings import load_static_encoder
from analysis.labels import theme_labels
from analysis.preprocess import FLAG_NO_CONTENT
from analysis.quotes import typical_quotes
from analysis.sentiment import vader_lexicon

#: Reason given to answers far from every theme's centre.
NO_CLEAR_THEME = "no clear theme"
#: Answers whose phrases are read to label themes (a seeded sample beyond this).
LABEL_SAMPLE = 6_000
#: Share of a theme's answers that must be praise alone for it to be a praise theme.
PRAISE_SHARE = 0.5
#: Softmax temperature turning cosines to centres into theme weights.
TEMPERATURE = 0.03


def _identity(terms):
    return terms


def fit(model, texts: pd.Series, ids: pd.Series, documents, rng) -> None:
    """Fit ``model`` (a ThemeModel) by sentence vectors and clustering; sets its fitted attributes.

    ``rng`` is not used: samples are drawn with :data:`analysis.discovery.SAMPLE_SEED`.
    """
    pre = model.preprocessor_
    flags = pre.flags_.to_numpy()
    model.encoder_ = load_static_encoder() if model.embeddings else None
    # with sentence vectors, answers of stop words only ("That's not what I said") still say something
    usable = np.flatnonzero((flags == "") | ((flags == FLAG_NO_CONTENT) & (model.encoder_ is not None)))
    low, high = model.theme_range_embedding
    if model.n_themes == "auto":
        wanted = discovery.choose_n_themes(len(usable), low, high)
        model.selection_ = pd.DataFrame([{"n_themes": wanted, "rule": "1.3 * n^(1/3)", "n_answers": len(usable),
                                          "chosen": True}])
    else:
        wanted = int(model.n_themes)
        model.selection_ = None
    if len(usable) < max(wanted, 2):
        raise ValueError(f"only {len(usable)} responses have analysable words; need at least {max(wanted, 2)}")
    min_df = model.min_df or max(2, len(documents) // 1000)
    model.vectorizer_ = TfidfVectorizer(analyzer=_identity, min_df=min_df if len(usable) >= 20 * min_df else 1,
                                        max_df=0.5, sublinear_tf=True, dtype=np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        matrix = model.vectorizer_.fit_transform(documents)
    model.vocabulary_ = np.asarray(model.vectorizer_.get_feature_names_out())
    # near-copies of one comment count once, so one comment posted three times lists none of its words
    model._listable = matrix[representatives(matrix)].getnnz(axis=0) >= model.min_listed_df
    languages = pre.languages_.to_numpy()
    english = float(np.mean(languages[usable] == "en")) if len(usable) else 0.0
    model.features_ = discovery.FeatureSpace(model.embedding_weight, random_state=0)
    vectors = discovery.embed(texts.to_numpy(), model.encoder_)
    has_terms = np.asarray(matrix.getnnz(axis=1) > 0)
    has_vector = np.zeros(len(texts), dtype=bool) if vectors is None else np.linalg.norm(vectors, axis=1) > 0
    present = usable[(has_terms | (has_vector & (english > 0)))[usable]]
    features = model.features_.fit_transform(matrix, vectors, english, present)
    sub = features[present]
    # The samples use a fixed seed, not ``rng``: the same answers give the same themes whatever the
    # seed (different Ward samples agreed on only 0.5-0.7 of their top terms on 5,000 answers).
    rng = np.random.RandomState(discovery.SAMPLE_SEED)
    labels, centres = discovery.cluster(sub, wanted, rng, discovery.WARD_SAMPLE, discovery.WARD_INITS)
    praise = _praise_answers(model, documents)[present]
    # an analyst who asks for N themes gets N: splitting and merging only with the automatic number
    if model.n_themes == "auto":
        labels, centres = discovery.split_large(sub, labels, centres, max(wanted, high))
        if model.merge_threshold:
            labels, centres = discovery.merge_groups(labels, centres, sub,
                                                     discovery.duplicate_groups(centres, model.merge_threshold))
        praise_themes = [c for c in range(len(centres)) if praise[labels == c].mean() >= PRAISE_SHARE]
        if len(praise_themes) > 1:
            labels, centres = discovery.merge_groups(labels, centres, sub, [praise_themes])
    far = discovery.far_from_centre(sub, labels, centres, model.outlier_spread)
    order = np.argsort(-np.bincount(labels[~far], minlength=len(centres)), kind="stable")
    labels = np.argsort(order)[labels]
    centres = centres[order]
    model.centres_ = centres
    model.thresholds_ = _thresholds(sub, labels, centres, model.outlier_spread)
    model.n_themes_ = len(centres)
    model.converged_ = True
    full = np.full(len(texts), -1)
    full[present] = np.where(far, -1, labels)
    reasons = np.where(flags != "", flags, "no theme terms").astype(object)
    reasons[usable] = "no theme terms"
    reasons[present[far]] = NO_CLEAR_THEME
    reasons[full >= 0] = ""
    weights = _weights(sub, centres)
    weights[far] = 0.0
    all_weights = np.zeros((len(texts), len(centres)), dtype=np.float32)
    all_weights[present] = weights
    model._reasons = reasons
    model.components_ = discovery.class_tfidf(matrix[full >= 0], full[full >= 0], len(centres))
    model.assignments_ = model._assignments(all_weights, ids, reasons)
    praise_theme = {c for c in range(len(centres)) if (full == c).any() and praise[labels == c].mean()
                    >= PRAISE_SHARE}
    model.themes_ = _theme_table(model, texts, ids, full, features, centres, praise_theme,
                                 _praise_answers(model, documents), rng)


def _thresholds(features, labels, centres, spread) -> np.ndarray:
    similarity = np.einsum("ij,ij->i", features, centres[labels])
    out = np.full(len(centres), -1.0)
    for c in range(len(centres)):
        values = similarity[labels == c]
        if len(values) >= 5:
            median = np.median(values)
            out[c] = median - spread * max(1.4826 * np.median(np.abs(values - median)), 1e-3)
    return out


def _weights(features, centres) -> np.ndarray:
    similarity = features @ centres.T
    scaled = np.exp((similarity - similarity.max(axis=1, keepdims=True)) / TEMPERATURE)
    weights = scaled / scaled.sum(axis=1, keepdims=True)
    weights[weights < 0.01] = 0.0
    return (weights / weights.sum(axis=1, keepdims=True)).astype(np.float32)


def transform(model, texts: pd.Series, documents, flags) -> np.ndarray:
    """Theme weights of new answers; zeros for flagged answers and those far from every centre."""
    matrix = model.vectorizer_.transform(documents)
    vectors = discovery.embed(texts.to_numpy(), model.encoder_)
    features = model.features_.transform(matrix, vectors)
    weights = _weights(features, model.centres_)
    best = (features @ model.centres_.T).argmax(axis=1)
    similarity = np.einsum("ij,ij->i", features, model.centres_[best])
    weights[(similarity < model.thresholds_[best]) | (np.asarray(flags) != "")] = 0.0
    weights[np.linalg.norm(features, axis=1) == 0] = 0.0
    return weights


def _praise_answers(model, documents) -> np.ndarray:
    """English answers that praise and say little else: a strongly positive word and at most one other term."""
    stem = model.preprocessor_._stemmers.get("en") or (lambda word: word)
    positive = {stem(w) for w, v in vader_lexicon().items() if v >= 1.8 and w.isalpha()}
    raw = model._raw_documents
    languages = model.preprocessor_.languages_.to_numpy()
    return np.array([lang == "en" and any(t in positive for t in raw_doc) and len(doc) <= 1
                     for raw_doc, doc, lang in zip(raw, documents, languages, strict=False)], dtype=bool)


def _theme_table(model, texts, ids, full, features, centres, praise_theme, praise, rng) -> pd.DataFrame:
    top = model._top_terms(model.components_, max(model.n_top_terms, 25))
    if not all(top):
        # a theme whose words are all in near-copies of a few comments still lists them, rather than nothing
        listable, model._listable = model._listable, None
        unfiltered = model._top_terms(model.components_, max(model.n_top_terms, 25))
        model._listable = listable
        top = [terms or fallback for terms, fallback in zip(top, unfiltered, strict=False)]
    sample = np.arange(len(texts))
    if len(sample) > LABEL_SAMPLE:
        sample = np.sort(rng.choice(len(texts), LABEL_SAMPLE, replace=False))
    excluded = {w for w, v in vader_lexicon().items() if abs(v) >= 1.8}
    labelled = theme_labels(texts.to_numpy()[sample], model.preprocessor_.languages_.to_numpy()[sample],
                            full[sample], len(centres), excluded)
    sizes = np.bincount(full[full >= 0], minlength=len(centres))
    rows = []
    for theme, terms in enumerate(top):
        readable = [model.preprocessor_.readable(t) for t in terms]
        members = np.flatnonzero(full == theme)
        closeness = features[members] @ centres[theme]
        term_set = set(terms[: model.n_top_terms])
        about = np.array([bool(term_set & set(model.documents_[i])) for i in members], dtype=bool)
        allowed = np.ones(len(members), dtype=bool) if theme in praise_theme else ~praise[members]
        # nearest the centre first, answers using the theme's own terms before the rest
        ranked = np.lexsort((-closeness, ~about))
        order = members[ranked][allowed[ranked]] if allowed.any() else members[ranked]
        rows.append({
            "theme_id": theme + 1,
            "label": labelled[theme]["label"] or " / ".join(readable[:3]),
            "top_terms": readable[: model.n_top_terms],
            "terms": terms,
            "size": int(sizes[theme]),
            "share": float(sizes[theme] / max(len(ids), 1)),
            "quotes": typical_quotes(texts, ids, order, model.n_quotes),
            "phrases": labelled[theme]["phrases"],
            "praise": theme in praise_theme,
        })
    return pd.DataFrame(rows)
