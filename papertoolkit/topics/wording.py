"""The text layer of the tag score: per-topic logistic regression over the paper's words.

The taxonomy finds *candidate* topics from hand-written terms; this layer reads the whole
title and summary. Each paper becomes a TF-IDF vector of its words and word pairs (English
words lower-cased, Korean runs of two or more syllables as they stand, the title counted
twice), and one L2-regularised logistic regression per topic (scikit-learn) gives the
probability that the paper is about the topic. Its logit is the ``text`` feature of the tag
score (:data:`papertoolkit.topics.scoring.FEATURES`), weighed with the position features.

A text layer is plain JSON inside the scorer (``scorer["text_layer"]``): the vocabulary, its
IDF weights, and per topic an intercept and one weight per vocabulary entry, so that
:func:`text_terms` can name the words that raised a topic's probability most.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from scipy import sparse

#: English/Latin words (a letter, then letters, digits or hyphens) or Korean runs of 2+ syllables.
TOKEN_PATTERN = r"(?u)[A-Za-z][A-Za-z0-9\-]+|[\uac00-\ud7a3]{2,}"
_TOKEN = re.compile(TOKEN_PATTERN)
#: Endings cut from Korean words when the layer has ``"korean_stem"``: particles and verb
#: endings (longest first), so that 모델의 / 모델을 / 모델이 count as one word, 모델.
KOREAN_SUFFIXES = ("적으로", "합니다", "입니다", "하는", "하고", "하여", "하며", "하기", "에서",
                   "으로", "했다", "한다", "된다", "되는", "적인", "들의", "들을", "들이", "들은",
                   "을", "를", "이", "가", "은", "는", "의", "에", "로", "와", "과", "도", "한",
                   "된", "들")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
#: English function words: :func:`text_terms` never names an entry holding one ("and",
#: "of the"), though the layer weighs them like any other word.
FUNCTION_WORDS = frozenset(
    "a an and are as at be by for from has have in into is it its of on or than that the "
    "their this to was were which while with".split())
#: Clip probabilities to [EPS, 1 - EPS] before taking the logit.
EPS = 1e-4


def documents(titles: Sequence[str], summaries: Sequence[str],
              title_repeats: int = 2) -> list[str]:
    """The text the layer reads: the title ``title_repeats`` times (it is short and says the
    most), then the summary."""
    return ["\n".join([t] * title_repeats + [s])
            for t, s in zip(titles, summaries, strict=True)]


def layer_documents(layer: Mapping | None, titles: Sequence[str],
                    summaries: Sequence[str]) -> list[str]:
    """:func:`documents` as ``layer`` was fitted on them (a layer without
    ``title_repeats`` read the title twice)."""
    repeats = int(layer.get("title_repeats", 2)) if layer is not None else 2
    return documents(titles, summaries, repeats)


def _stem(word: str) -> str:
    """``word`` without its Korean ending, if at least two syllables remain."""
    if _HANGUL.match(word):
        for end in KOREAN_SUFFIXES:
            if word.endswith(end) and len(word) - len(end) >= 2:
                return word[: -len(end)]
    return word


def grams(doc: str, korean_stem: bool = False, korean_chars: int = 0) -> list[str]:
    """The words (lower-cased; Korean endings cut with ``korean_stem``) and word pairs of
    ``doc``: what the layer counts. With ``korean_chars=n`` (n >= 2), also the runs of n
    syllables inside each Korean word, marked ``#`` (``#모델`` in 모델의 and 모델을), so that
    a word is heard whatever particle or ending it carries."""
    words = _words(doc, korean_stem)
    out = words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    if korean_chars:
        n = korean_chars
        out += [f"#{w[i:i + n]}" for w in words if _HANGUL.match(w)
                for i in range(len(w) - n + 1)]
    return out


def _words(doc: str, korean_stem: bool) -> list[str]:
    """The words of ``doc`` as the layer reads them: lower-cased, Korean endings cut with
    ``korean_stem``."""
    words = [w.lower() for w in _TOKEN.findall(doc)]
    return [_stem(w) for w in words] if korean_stem else words


def _counts(layer: Mapping, docs: Sequence[str]) -> sparse.csr_matrix:
    """Counts of the layer's vocabulary entries (words and word pairs) in each document."""
    index = {term: i for i, term in enumerate(layer["vocabulary"])}
    stem = bool(layer.get("korean_stem", False))
    chars = int(layer.get("korean_chars", 0))
    rows, cols = [], []
    for r, doc in enumerate(docs):
        hits = [index[g] for g in grams(doc, stem, chars) if g in index]
        rows.extend([r] * len(hits))
        cols.extend(hits)
    data = np.ones(len(rows))
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(docs), len(index)))


def _tfidf(layer: Mapping, docs: Sequence[str]) -> sparse.csr_matrix:
    """Sub-linear TF times IDF, each row scaled to unit length (as scikit-learn's
    ``TfidfVectorizer(sublinear_tf=True)``)."""
    x = _counts(layer, docs)
    x.data = 1.0 + np.log(x.data)
    x = x @ sparse.diags(np.asarray(layer["idf"], dtype=float))
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ x)


def _weights(layer: Mapping, topics: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    n = len(layer["vocabulary"])
    coef = np.zeros((n, len(topics)))
    intercept = np.zeros(len(topics))
    for j, topic in enumerate(topics):
        if topic in layer["coef"]:
            coef[:, j] = layer["coef"][topic]
            intercept[j] = layer["intercept"][topic]
    return coef, intercept


def text_logits(layer: Mapping, docs: Sequence[str], topics: Sequence[str]) -> np.ndarray:
    """``(len(docs), len(topics))`` logits of the per-topic probabilities, clipped to
    ``logit(EPS)``..``logit(1 - EPS)``; a topic the layer has no model for gets 0."""
    if not layer["vocabulary"]:
        return np.zeros((len(docs), len(topics)))
    coef, intercept = _weights(layer, topics)
    z = _tfidf(layer, docs) @ coef + intercept
    lim = float(np.log((1 - EPS) / EPS))
    z = np.clip(z, -lim, lim)
    missing = [j for j, t in enumerate(topics) if t not in layer["coef"]]
    z[:, missing] = 0.0
    return np.asarray(z)


def text_terms(layer: Mapping, docs: Sequence[str], topics: Sequence[str],
               k: int = 3) -> list[str]:
    """For each (document, topic) pair, the ``k`` vocabulary entries that add most to the
    topic's text logit (``"; "``-joined, positive contributions only).

    A syllable run is shown as the document's first word that holds it (``#드백`` reads
    피드백), and an entry shown already (피드백 from ``#피드`` and ``#드백``) is not repeated;
    an entry holding an English function word (:data:`FUNCTION_WORDS`: "and", "of the") is
    passed over, so that the words shown say what the paper is about.
    """
    if not layer["vocabulary"]:
        return [""] * len(docs)
    x = _tfidf(layer, docs)
    vocab = layer["vocabulary"]
    out = []
    for i, topic in enumerate(topics):
        if topic not in layer["coef"]:
            out.append("")
            continue
        row = x.getrow(i)
        contrib = row.data * np.asarray(layer["coef"][topic], dtype=float)[row.indices]
        shown: list[str] = []
        for b in np.argsort(-contrib, kind="stable"):
            if contrib[b] <= 0 or len(shown) == k:
                break
            word = vocab[row.indices[b]]
            if FUNCTION_WORDS.intersection(word.split()):
                continue
            if word.startswith("#"):
                word = _word_holding(word[1:], docs[i], layer)
            if word not in shown:
                shown.append(word)
        out.append("; ".join(shown))
    return out


def _word_holding(run: str, doc: str, layer: Mapping) -> str:
    """The first word of ``doc`` (as the layer reads its words) that holds the syllables
    ``run``; ``run`` itself if none does."""
    words = _words(doc, bool(layer.get("korean_stem", False)))
    return next((word for word in words if run in word), run)


def fit_text_layer(docs: Sequence[str], labels: Sequence[set[str]], topics: Sequence[str], *,
                   C: float = 10.0, min_df: int = 2, max_features: int | None = 3000,
                   korean_stem: bool = False, korean_chars: int = 0, title_repeats: int = 2,
                   decimals: int = 4) -> dict[str, Any]:
    """Fit the vocabulary, IDF weights and one logistic regression per topic.

    The vocabulary is the ``max_features`` most frequent words and word pairs found in at least
    ``min_df`` documents (3,000 keep the built-in layer small; more did not score better in
    cross-validation). With ``korean_stem`` the Korean words lose one particle or verb ending
    (:data:`KOREAN_SUFFIXES`) before counting; the layer remembers it, and a layer without the
    key reads words as they stand. ``korean_chars`` adds syllable n-grams (see :func:`grams`);
    ``title_repeats`` is how many times ``docs`` hold the title (:func:`documents`), kept in
    the layer so that scoring builds its documents alike (:func:`layer_documents`).
    ``labels[i]`` is the set of topics of ``docs[i]``. A topic with fewer than two positive
    (or negative) documents gets no model. Classes are weighted ``"balanced"``, so rare topics
    are not drowned; the scorer that combines this layer with the position features is
    calibrated on top of it.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(analyzer=functools.partial(grams, korean_stem=korean_stem,
                                                            korean_chars=korean_chars),
                                 min_df=min_df, sublinear_tf=True, max_features=max_features)
    try:
        x = vectorizer.fit_transform(docs)
    except ValueError:  # no word in min_df documents: a layer that knows no word
        return {"token_pattern": TOKEN_PATTERN, "ngram_range": [1, 2], "C": C,
                "min_df": min_df, "max_features": max_features, "korean_stem": korean_stem,
                "korean_chars": korean_chars, "title_repeats": title_repeats,
                "documents": len(docs), "vocabulary": [], "idf": [],
                "coef": {}, "intercept": {}}
    vocabulary = [str(t) for t in vectorizer.get_feature_names_out()]
    layer: dict[str, Any] = {
        "token_pattern": TOKEN_PATTERN, "ngram_range": [1, 2], "C": C, "min_df": min_df,
        "max_features": max_features, "korean_stem": korean_stem,
        "korean_chars": korean_chars, "title_repeats": title_repeats, "documents": len(docs),
        "vocabulary": vocabulary,
        "idf": [round(float(v), decimals) for v in vectorizer.idf_],
        "coef": {}, "intercept": {},
    }
    for topic in topics:
        y = np.array([topic in s for s in labels])
        if y.sum() < 2 or (~y).sum() < 2:
            continue
        model = LogisticRegression(C=C, max_iter=2000, class_weight="balanced",
                                   solver="liblinear").fit(x, y)
        layer["coef"][topic] = [round(float(w), decimals) for w in model.coef_[0]]
        layer["intercept"][topic] = round(float(model.intercept_[0]), decimals)
    return layer


def out_of_fold_logits(docs: Sequence[str], labels: Sequence[set[str]], topics: Sequence[str],
                       *, C: float = 10.0, folds: int = 5, seed: int = 0,
                       **layer_options: Any) -> np.ndarray:
    """Text logits of each document from a layer fitted on the other folds: what the scorer
    is fitted on, so that its ``text`` weight reflects unseen papers, not memorised ones.
    ``layer_options`` go to :func:`fit_text_layer`."""
    n = len(docs)
    order = np.random.default_rng(seed).permutation(n)
    out = np.zeros((n, len(topics)))
    for k in range(min(folds, n)):
        test = np.sort(order[k::folds])
        train = np.setdiff1d(np.arange(n), test)
        layer = fit_text_layer([docs[i] for i in train], [labels[i] for i in train], topics,
                               C=C, **layer_options)
        out[test] = text_logits(layer, [docs[i] for i in test], topics)
    return out
