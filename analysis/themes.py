"""Unsupervised theme discovery: :class:`ThemeModel` (sentence vectors and clustering; NMF or LDA)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.linalg import norm as sparse_norm
from sklearn.base import BaseEstimator
from sklearn.decomposition import NMF, LatentDirichletAllocation
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from analysis import embedding_themes
from analysis.cooccurrence import cooccurrence_npmi, representatives
from analysis.evaluate import matched_jaccard, npmi_coherence, topic_diversity
from analysis.preprocess import TextPreprocessor
from analysis.quotes import representative_quotes
from analysis.sentiment import vader_lexicon

# Words VADER rates this strongly are evaluations ("excellent", "rude"), not topics.
EVALUATIVE_VALENCE = 1.8
# ...except these, which name what the evaluation is about.
ASPECT_WORDS = frozenset("care caring clean dirty dignity respect safe pain comfortable rude".split())

# Seed of the resamples that choose the number of themes.
SELECTION_SEED = 0


def _identity(terms):
    return terms


class ThemeModel(BaseEstimator):
    """Find themes in free-text responses without labels.

    Parameters
    ----------
    n_themes : int or "auto", default="auto"
        Number of themes.  ``"auto"``: with ``method="embedding"``, ``1.3·n^(1/3)`` for n themable
        answers within ``theme_range`` (see :func:`analysis.discovery.choose_n_themes`); with NMF or
        LDA, picked within ``theme_range`` from the stability and coherence of models fitted to resamples.
    method : {"embedding", "nmf", "lda"}, default="embedding"
        Sentence vectors (static all-MiniLM-L6-v2 plus LSA of the answers' terms) grouped by Ward
        clustering refined by k-means (:mod:`analysis.discovery`); NMF over TF-IDF (the default
        before issue 16); or latent Dirichlet allocation over counts.
    theme_range : tuple of int or None, default=None
        Smallest and largest number of themes ``"auto"`` considers: (10, 30) for ``"embedding"``
        (themes over 15% of the answers are split up to the largest), (5, 15) otherwise.
    embeddings : bool, default=True
        ``"embedding"`` only: use the static sentence vectors when installed (else LSA alone).
    embedding_weight : float, default=10.0
        ``"embedding"`` only: weight of the sentence vectors beside the LSA view, times the share
        of English answers.
    merge_threshold : float or None, default=0.9
        ``"embedding"`` only: themes whose centres' cosine reaches this are merged.
    outlier_spread : float, default=2.5
        ``"embedding"`` only: answers this many robust deviations less close to their theme's
        centre than its median answer have "no clear theme".
    secondary_threshold : float, default=0.3
        Least weight (share of a response's theme weights) for a secondary theme.
    language : str, default="auto"
        ISO code of every response, or ``"auto"`` to detect each.
    exclude_evaluative_words : bool, default=True
        Leave strongly positive/negative English words out of themes, so themes
        say what people talk about; :mod:`analysis.sentiment` covers how they feel.
    min_df : int or None, default=None
        Least number of responses a term must appear in; by default
        ``max(2, n_responses // 1000)``.
    cooccurrence_weight : float, default=2.0
        NMF only: weight of the term co-occurrence matrix (positive NPMI of term
        pairs found together in at least ``min_cooccurrence`` distinct responses,
        each response's pairs weighted by its length; see
        :func:`analysis.cooccurrence.cooccurrence_npmi`) factorised jointly with the
        responses, so each theme's terms are words used together rather than one
        frequent word plus generic ones; 0 gives plain NMF.
    min_cooccurrence : int or None, default=None
        Least number of distinct responses (near-copies counted once) a term pair
        must share to count; by default
        ``max(3, n_responses // 3000)``.
    min_listed_df : int, default=3
        Least number of distinct responses (near-copies counted once) a term must
        appear in to be listed among a theme's top terms.
    max_themes_per_term : int or None, default=2
        List a term among the top terms of at most this many themes (those
        weighting it most), so generic words do not crowd every theme; None lists by weight only.
    n_top_terms : int, default=10
    n_quotes : int, default=3
    selection_sample : int, default=4000
        Responses sampled (without replacement) to choose the number of themes.
    selection_resamples : int, default=3
        Resamples (80% each, one seed each) per candidate number of themes.
    max_iter : int, default=300
    random_state : int, RandomState or None, default=None
        Seeds NMF and LDA.  The default method draws its samples with a fixed seed, so its themes
        do not depend on it.

    Attributes
    ----------
    n_themes_ : int
    themes_ : pandas.DataFrame
        ``theme_id``, ``label``, ``top_terms`` (list), ``size``, ``share``, ``quotes`` (list).
    assignments_ : pandas.DataFrame
        Fitted responses' themes; see :meth:`assign`.
    components_ : numpy.ndarray of shape (n_themes, n_terms)
    vocabulary_ : numpy.ndarray of str
    selection_ : pandas.DataFrame or None
        Scores per candidate number of themes when ``n_themes="auto"``.
    preprocessor_ : TextPreprocessor
    documents_ : list of list of str
        The analysed corpus (terms per fitted response), for coherence scores.
    converged_ : bool
    """

    def __init__(self, n_themes="auto", method="embedding", theme_range=None, secondary_threshold=0.3,
                 language="auto", exclude_evaluative_words=True, min_df=None, cooccurrence_weight=2.0,
                 min_cooccurrence=None, min_listed_df=3, max_themes_per_term=2, n_top_terms=10,
                 n_quotes=3, selection_sample=4000, selection_resamples=3, max_iter=300,
                 random_state=None, embeddings=True, embedding_weight=10.0, merge_threshold=0.9,
                 outlier_spread=2.5):
        self.n_themes = n_themes
        self.method = method
        self.theme_range = theme_range
        self.secondary_threshold = secondary_threshold
        self.language = language
        self.exclude_evaluative_words = exclude_evaluative_words
        self.min_df = min_df
        self.cooccurrence_weight = cooccurrence_weight
        self.min_cooccurrence = min_cooccurrence
        self.min_listed_df = min_listed_df
        self.max_themes_per_term = max_themes_per_term
        self.n_top_terms = n_top_terms
        self.n_quotes = n_quotes
        self.selection_sample = selection_sample
        self.selection_resamples = selection_resamples
        self.max_iter = max_iter
        self.random_state = random_state
        self.embeddings = embeddings
        self.embedding_weight = embedding_weight
        self.merge_threshold = merge_threshold
        self.outlier_spread = outlier_spread

    @property
    def theme_range_embedding(self):
        return self.theme_range or (10, 30)

    # -- fitting ---------------------------------------------------------------------
    def fit(self, texts, y=None, ids=None):
        """Learn themes from ``texts``; ``ids`` name the responses (default: row numbers)."""
        texts = _as_texts(texts)
        ids = pd.Series(range(len(texts)) if ids is None else list(ids), dtype=object)
        if self.method not in ("embedding", "nmf", "lda"):
            raise ValueError(f"method must be 'embedding', 'nmf' or 'lda', not {self.method!r}")
        if self.n_themes != "auto" and (not isinstance(self.n_themes, (int, np.integer)) or self.n_themes < 1):
            raise ValueError(f"n_themes must be a positive integer or 'auto', not {self.n_themes!r}")
        rng = check_random_state(self.random_state)
        self.preprocessor_ = TextPreprocessor(language=self.language)
        self._raw_documents = self.preprocessor_.fit_transform(texts)
        documents = self._themable(self._raw_documents, self.preprocessor_.languages_)
        self.documents_ = documents
        if self.method == "embedding":
            embedding_themes.fit(self, texts, ids, documents, rng)
            return self
        n_usable = sum(1 for d in documents if d)
        low, high = self.theme_range or (5, 15)
        wanted = low if self.n_themes == "auto" else int(self.n_themes)
        if n_usable < max(wanted, 2):
            raise ValueError(f"only {n_usable} responses have analysable words; need at least {max(wanted, 2)}")
        min_df = self.min_df or max(2, len(documents) // 1000)
        self.vectorizer_ = self._vectorizer(min_df if n_usable >= 20 * min_df else 1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            matrix = self.vectorizer_.fit_transform(documents)
        self.vocabulary_ = np.asarray(self.vectorizer_.get_feature_names_out())
        distinct = matrix[representatives(matrix)]
        self._listable = distinct.getnnz(axis=0) >= self.min_listed_df
        if self.n_themes == "auto":
            # A fixed seed: the number of themes depends on the data, not on random_state.
            self.selection_ = self._select_n_themes(matrix, documents, check_random_state(SELECTION_SEED))
            self.n_themes_ = int(self.selection_.loc[self.selection_["chosen"], "n_themes"].iloc[0])
        else:
            self.selection_ = None
            self.n_themes_ = min(int(self.n_themes), matrix.shape[1])
        self.model_ = self._fit_model(matrix, self.n_themes_, rng.randint(np.iinfo(np.int32).max))
        self.components_ = self.model_.components_
        order = self._order_by_size(matrix)
        self.components_ = self.components_[order]
        self._theme_order = order
        weights = self._weights(matrix)
        self.assignments_ = self._assignments(weights, ids, self.preprocessor_.flags_.to_numpy())
        self.themes_ = self._theme_table(texts, ids, weights)
        return self

    def _themable(self, documents, languages):
        if not self.exclude_evaluative_words:
            return documents
        excluded = self._evaluative_terms()
        return [
            [t for t in doc if not (set(t.split("_")) & excluded)] if lang == "en" else doc
            for doc, lang in zip(documents, languages, strict=False)
        ]

    def _evaluative_terms(self) -> set[str]:
        stem = self.preprocessor_._stemmers.get("en") or (lambda word: word)
        aspects = {stem(word) for word in ASPECT_WORDS}
        strong = {stem(w) for w, v in vader_lexicon().items() if abs(v) >= EVALUATIVE_VALENCE and w.isalpha()}
        return strong - aspects

    def _vectorizer(self, min_df):
        options = dict(analyzer=_identity, min_df=min_df, max_df=0.5, dtype=np.float32)
        if self.method == "lda":
            return CountVectorizer(**options)
        return TfidfVectorizer(sublinear_tf=True, **options)

    def _fit_model(self, matrix, n_themes, seed):
        if self.method == "lda":
            model = LatentDirichletAllocation(n_themes, learning_method="online", max_iter=20,
                                              batch_size=1024, random_state=seed)
        else:
            # NNDSVD is deterministic; "nndsvdar" fills its zeros with small seeded values.
            model = NMF(n_themes, init="nndsvdar", max_iter=self.max_iter, random_state=seed)
            matrix = self._with_cooccurrence(matrix)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            model.fit(matrix)
        self.converged_ = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
        return model

    def _with_cooccurrence(self, matrix):
        """Stack the weighted term co-occurrence (positive NPMI) matrix under the responses."""
        if not self.cooccurrence_weight:
            return matrix
        least = self.min_cooccurrence or max(3, matrix.shape[0] // 3000)
        pairs = cooccurrence_npmi(matrix, least)
        norm = sparse_norm(pairs)
        if norm == 0:
            return matrix
        scale = self.cooccurrence_weight * sparse_norm(matrix) / norm
        return sparse.vstack([matrix, (pairs * scale).astype(matrix.dtype)]).tocsr()

    def _top_terms(self, components, n):
        """Each theme's ``n`` heaviest terms, listing a term under its ``max_themes_per_term`` heaviest themes only."""
        allowed = np.ones(components.shape, dtype=bool)
        if self.max_themes_per_term and self.max_themes_per_term < len(components):
            allowed[:] = False
            heaviest = np.argsort(-components, axis=0, kind="stable")[: self.max_themes_per_term]
            allowed[heaviest, np.arange(components.shape[1])] = True
        listable = getattr(self, "_listable", None)
        if listable is not None and len(listable) == components.shape[1]:
            allowed &= listable
        top = []
        for row, ok in zip(components, allowed, strict=False):
            order = np.argsort(-row, kind="stable")
            top.append(self.vocabulary_[order[(row[order] > 0) & ok[order]][:n]].tolist())
        return top

    def _select_n_themes(self, matrix, documents, rng) -> pd.DataFrame:
        low, high = self.theme_range or (5, 15)
        usable = np.flatnonzero(matrix.getnnz(axis=1))
        sample = rng.choice(usable, min(len(usable), self.selection_sample), replace=False)
        high = max(low, min(high, len(sample) // 5, matrix.shape[1] // 2))
        step = 1 if high - low <= 8 else 2
        rows = []
        for k in range(low, high + 1, step):
            reference = self._top_terms(self._fit_model(matrix[sample], k, 0).components_, self.n_top_terms)
            similarity = []
            for _ in range(self.selection_resamples):
                part = rng.choice(sample, int(0.8 * len(sample)), replace=False)
                model = self._fit_model(matrix[part], k, rng.randint(np.iinfo(np.int32).max))
                similarity.append(matched_jaccard(reference, self._top_terms(model.components_, self.n_top_terms)))
            coherence = float(np.mean(npmi_coherence(reference, [documents[i] for i in sample])))
            spread = float(np.std(similarity, ddof=1) / np.sqrt(len(similarity))) if len(similarity) > 1 else 0.0
            rows.append({"n_themes": k, "stability": float(np.mean(similarity)), "standard_error": spread,
                         "coherence": coherence,
                         "diversity": topic_diversity(reference, self.n_top_terms)})
        table = pd.DataFrame(rows)
        table["score"] = table["stability"] + table["coherence"]
        best = table["score"].idxmax()
        # One-standard-error rule: the fewest themes scoring within one standard error
        # (of the best k's resample stability, at least 0.02) of the best score.
        margin = max(0.02, table.loc[best, "standard_error"])
        table["chosen"] = False
        table.loc[table.index[table["score"] >= table.loc[best, "score"] - margin][0], "chosen"] = True
        return table

    def _order_by_size(self, matrix):
        raw = self.model_.transform(matrix)
        primary = raw.argmax(axis=1)[raw.sum(axis=1) > 0]
        sizes = np.bincount(primary, minlength=self.n_themes_)
        return np.argsort(-sizes, kind="stable")

    # -- using the themes ------------------------------------------------------------
    def _weights(self, matrix) -> np.ndarray:
        raw = self.model_.transform(matrix)[:, self._theme_order]
        raw[matrix.getnnz(axis=1) == 0] = 0.0
        totals = raw.sum(axis=1, keepdims=True)
        return np.divide(raw, totals, out=np.zeros_like(raw), where=totals > 0)

    def transform(self, texts) -> np.ndarray:
        """Theme weights per response (rows sum to 1, or 0 when no theme fits)."""
        check_is_fitted(self, "components_")
        texts = _as_texts(texts)
        documents = self._themable(self.preprocessor_.transform(texts), self.preprocessor_._languages(texts, False))
        if self.method == "embedding":
            flags = self.preprocessor_.describe(texts)["flag"].to_numpy()
            return embedding_themes.transform(self, texts, documents, flags)
        return self._weights(self.vectorizer_.transform(documents))

    def assign(self, texts, ids=None) -> pd.DataFrame:
        """Assign responses to themes.

        Returns
        -------
        pandas.DataFrame
            One row per response and theme it is assigned to: ``response_id``,
            ``theme_id`` (``<NA>`` when no theme fits), ``weight``, ``primary``,
            and ``reason`` explaining why a response has no theme.
        """
        texts = _as_texts(texts)
        ids = pd.Series(range(len(texts)) if ids is None else list(ids), dtype=object)
        flags = self.preprocessor_.describe(texts)["flag"].to_numpy()
        weights = self.transform(texts)
        if self.method == "embedding":
            flags = np.where(flags != "", flags, np.where(weights.any(axis=1), "", embedding_themes.NO_CLEAR_THEME))
        return self._assignments(weights, ids, flags)

    def _assignments(self, weights, ids, flags) -> pd.DataFrame:
        rows = []
        for response_id, row, flag in zip(ids, weights, flags, strict=False):
            if flag or not row.any():
                rows.append((response_id, pd.NA, 0.0, False, flag or "no theme terms"))
                continue
            primary = int(row.argmax())
            rows.append((response_id, primary + 1, float(row[primary]), True, ""))
            for theme in np.flatnonzero(row >= self.secondary_threshold):
                if theme != primary:
                    rows.append((response_id, int(theme) + 1, float(row[theme]), False, ""))
        frame = pd.DataFrame(rows, columns=["response_id", "theme_id", "weight", "primary", "reason"])
        frame["theme_id"] = frame["theme_id"].astype("Int64")
        return frame

    def _theme_table(self, texts, ids, weights) -> pd.DataFrame:
        top = self._top_terms(self.components_, max(self.n_top_terms, 25))
        primary = self.assignments_[self.assignments_["primary"]]
        sizes = primary["theme_id"].value_counts()
        rows = []
        for index, terms in enumerate(top):
            theme_id = index + 1
            readable = [self.preprocessor_.readable(t) for t in terms]
            members = np.flatnonzero(weights.argmax(axis=1) == index)
            members = members[weights[members, index] > 0]
            rows.append({
                "theme_id": theme_id,
                "label": " / ".join(readable[:3]),
                "top_terms": readable[: self.n_top_terms],
                "terms": terms,
                "size": int(sizes.get(theme_id, 0)),
                "share": float(sizes.get(theme_id, 0) / max(len(ids), 1)),
                "quotes": representative_quotes(texts, ids, members, weights[members, index], self.n_quotes),
            })
        return pd.DataFrame(rows)

    def coherence(self, documents=None) -> np.ndarray:
        """NPMI of each theme's top terms in ``documents`` (default: the fitted corpus)."""
        check_is_fitted(self, "themes_")
        return npmi_coherence(self.themes_["terms"], self.documents_ if documents is None else documents,
                              self.n_top_terms)

    def diversity(self, top_n=25) -> float:
        """Topic diversity of the themes' top ``top_n`` terms."""
        check_is_fitted(self, "components_")
        return topic_diversity(self._top_terms(self.components_, top_n), top_n)

    def get_theme_info(self) -> pd.DataFrame:
        """Themes as a table with readable ``top_terms`` joined by ``"; "`` (one row per theme)."""
        check_is_fitted(self, "themes_")
        table = self.themes_.drop(columns=["terms"]).copy()
        table["top_terms"] = table["top_terms"].map("; ".join)
        if "phrases" in table:
            table["phrases"] = table["phrases"].map("; ".join)
        return table


def _as_texts(texts) -> pd.Series:
    series = texts.reset_index(drop=True) if isinstance(texts, pd.Series) else pd.Series(list(texts), dtype=object)
    return series.astype(object).where(series.notna(), "")
