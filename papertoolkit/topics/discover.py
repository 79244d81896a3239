"""Unsupervised topics (TF-IDF + NMF) and the distinctive keywords of each period."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from .._checks import check_freq
from .._compat import positional_options, renamed_arguments
from ._common import _paper_table, _period_start
from .tokens import _tokenize_many

_BULLET_LABEL = re.compile(
    r"^\s*(?:[-*]\s+)?(?:\*{2,3}[^*\n]{1,60}\*{2,3}\s*:?|[A-Z][A-Za-z'’ ]{2,40}:(?=\s))",
    re.MULTILINE,
)


def _documents(papers: pd.DataFrame) -> list[str]:
    """Title + summary per paper, without bullet labels such as ``**What's New**:``."""
    return [
        f"{t}\n{_BULLET_LABEL.sub(' ', s)}"
        for t, s in zip(papers["title"], papers["summary"], strict=True)
    ]




def _identity(tokens: list[str]) -> list[str]:
    return tokens


@renamed_arguments(corpus="data")
@positional_options
def discover_topics(
    data: Any,
    *,
    n_topics: int = 10,
    seed: int = 0,
    max_features: int = 5000,
    n_terms: int = 10,
    min_df: int | float = 2,
    max_df: float = 0.5,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Find topics without a taxonomy: TF-IDF over title + summary, factorised by NMF.

    Parameters
    ----------
    data : Corpus or DataFrame
        Papers; each distinct arXiv id is one document (title + summary, :func:`tokenize`).
    n_topics : int, default 10
        Number of NMF components.
    seed : int, default 0
        ``random_state`` of NMF; the same seed and corpus give the same result.
    max_features : int, default 5000
        Vocabulary size (most frequent terms) of the TF-IDF matrix.
    n_terms : int, default 10
        Top terms listed per topic.
    min_df, max_df : int or float, default 2 and 0.5
        Passed to :class:`sklearn.feature_extraction.text.TfidfVectorizer`: ignore terms in
        fewer than ``min_df`` documents or in more than a ``max_df`` fraction of them.

    Returns
    -------
    terms : DataFrame
        ``topic`` (int, 0-based), ``rank`` (1-based), ``term``, ``weight`` (NMF component
        weight), ``n_terms`` rows per topic.
    weights : DataFrame
        Paper → topic weights: index ``arxiv_id``, one float column per topic
        (``weights.idxmax(axis=1)`` gives each paper's main topic).

    Notes
    -----
    TF-IDF uses sublinear term frequency and l2-normalised rows; NMF uses ``init="nndsvda"``
    (deterministic) and the Frobenius loss.

    Examples
    --------
    >>> terms, weights = discover_topics(corpus, n_topics=4, n_terms=5)
    >>> terms[terms["topic"] == 1]["term"].tolist()
    ['3D', 'diffusion', '생성', 'gaussian', '이미지']
    >>> weights.shape  # 81 papers, 4 topics; weights.idxmax(axis=1): each one's main topic
    (81, 4)
    """
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    papers = _paper_table(data, "discover_topics")
    if papers.empty:
        raise ValueError("no papers: cannot discover topics in an empty corpus")
    if n_topics < 1:
        raise ValueError("n_topics must be at least 1")
    tokens = _tokenize_many(_documents(papers))
    vectorizer = TfidfVectorizer(
        analyzer=_identity, max_features=max_features, min_df=min_df, max_df=max_df,
        sublinear_tf=True,
    )
    try:
        matrix = vectorizer.fit_transform(tokens)
    except ValueError as exc:  # "After pruning, no terms remain" and friends
        raise ValueError(
            f"no terms left to model ({exc}); lower min_df or raise max_df"
        ) from exc
    vocab = vectorizer.get_feature_names_out()
    if n_topics > min(matrix.shape):
        raise ValueError(
            f"n_topics={n_topics} is larger than the number of papers ({matrix.shape[0]}) "
            f"or terms ({matrix.shape[1]})"
        )
    model = NMF(n_components=n_topics, init="nndsvda", random_state=seed, max_iter=500)
    w = model.fit_transform(matrix)
    rows = []
    for topic, comp in enumerate(model.components_):
        top = np.argsort(-comp, kind="stable")[:n_terms]
        rows.extend((topic, rank, str(vocab[j]), float(comp[j])) for rank, j in enumerate(top, 1))
    terms = pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"])
    weights = pd.DataFrame(
        w,
        index=pd.Index(papers["arxiv_id"], name="arxiv_id"),
        columns=pd.RangeIndex(n_topics, name="topic"),
    )
    return terms, weights


@renamed_arguments(by="freq")
@positional_options
def keywords(
    data: Any, *, freq: str = "week", n: int = 10, min_papers: int = 2
) -> pd.DataFrame:
    """The most distinctive terms of each period, compared with the rest of the corpus.

    Parameters
    ----------
    data : Corpus or DataFrame
        Papers; each is placed in the period of its first appearance.
    freq : str, default "week"
        ``"day"``, ``"week"``, ``"month"``, ``"quarter"``, ``"year"`` or the pandas alias
        (``"D"``, ``"W"``, ``"M"``, ``"Q"``, ``"Y"``). ``by=`` is a deprecated name for it.
    n : int, default 10
        Terms per period.
    min_papers : int, default 2
        A term must occur in at least this many of the period's papers.

    Returns
    -------
    DataFrame
        ``period`` (start of the period), ``rank``, ``term``, ``score``, ``papers`` (papers
        of the period containing the term), ``share_in``, ``share_out``.

    Notes
    -----
    A TF-IDF-style score where the "IDF" is taken against the other periods: with
    ``share_in = k / n`` (k of the period's n papers contain the term) and
    ``share_out = (K - k + 1) / (N - n + 2)`` (Laplace-smoothed share among the other
    N - n papers, K papers in all contain it), ``score = share_in * ln(share_in / share_out)``.
    Terms frequent everywhere score near 0; terms that are frequent in the period and rare
    elsewhere score highest. Only terms with ``score > 0`` are listed.

    Examples
    --------
    >>> kw = keywords(corpus, freq="week", n=3)
    >>> kw["period"].dt.strftime("%m-%d").unique().tolist()
    ['02-12', '02-19']
    >>> kw["term"].tolist(), kw["papers"].tolist()
    (['agent', 'reward', '편집', 'LLM', '구조', '이미지'], [4, 4, 5, 20, 5, 9])
    """
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer

    freq = check_freq("freq", freq, ("D", "W", "M", "Q", "Y"))
    papers = _paper_table(data, "keywords").dropna(subset=["date"])
    columns = ["period", "rank", "term", "score", "papers", "share_in", "share_out"]
    if papers.empty:
        return pd.DataFrame({c: [] for c in columns}).astype(
            {"period": "datetime64[ns]", "rank": "int64", "term": "string", "score": "float64",
             "papers": "int64", "share_in": "float64", "share_out": "float64"}
        )
    tokens = _tokenize_many(_documents(papers))
    vec = CountVectorizer(analyzer=_identity, binary=True)
    try:
        x = vec.fit_transform(tokens)
    except ValueError:  # empty vocabulary
        x = sparse.csr_matrix((len(papers), 0))
    vocab = vec.get_feature_names_out() if x.shape[1] else np.array([], dtype=object)
    periods = _period_start(papers["date"], freq)
    codes, uniques = pd.factorize(periods, sort=True)
    indicator = sparse.csr_matrix(
        (np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(uniques), len(codes))
    )
    counts = np.asarray((indicator @ x).todense())  # periods x terms: papers containing term
    total = np.asarray(x.sum(axis=0)).ravel()
    n_in = np.bincount(codes, minlength=len(uniques)).astype(float)
    n_all = float(len(codes))
    rows = []
    for p, start in enumerate(uniques):
        k = counts[p]
        share_in = k / n_in[p]
        share_out = (total - k + 1) / (n_all - n_in[p] + 2)
        with np.errstate(divide="ignore", invalid="ignore"):
            score = np.where(k > 0, share_in * np.log(share_in / share_out), 0.0)
        ok = np.flatnonzero((k >= min_papers) & (score > 0))
        best = ok[np.lexsort((vocab[ok], -score[ok]))][:n]
        rows.extend(
            (start, rank, str(vocab[j]), float(score[j]), int(k[j]), float(share_in[j]),
             float(share_out[j]))
            for rank, j in enumerate(best, 1)
        )
    out = pd.DataFrame(rows, columns=columns)
    return out.astype({"period": "datetime64[ns]", "term": "string", "rank": "int64",
                       "papers": "int64"})
