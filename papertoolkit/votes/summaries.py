"""Vote summaries: the distribution, votes over time, and votes by author, author count,
media kind and topic, each a DataFrame (plotted by :mod:`papertoolkit.votes.plots`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._author_ids import sorted_codes
from .._checks import check_freq
from .._compat import positional_options, renamed_arguments
from .._data import get_table
from ._common import (
    _SUMMARY_DTYPES,
    N_AUTHORS_BINS,
    _empty,
    _papers,
    _sort_desc,
    _summarise,
    _unique,
)

__all__ = [
    "vote_distribution",
    "votes_by_author",
    "votes_by_media",
    "votes_by_n_authors",
    "votes_by_topic",
    "votes_over_time",
    "votes_vs_authors",
]


# --------------------------------------------------------------------------- distribution


def _bin_edges(values: np.ndarray, bins: int | Sequence[float] | str) -> np.ndarray:
    if isinstance(bins, str):
        if bins != "125":
            return np.histogram_bin_edges(values, bins=bins)
        edges = [0.0, 1.0]
        step = 0
        while edges[-1] <= values.max():
            edges.append(edges[-1] * (2.5 if step % 3 == 1 else 2))
            step += 1
        return np.asarray(edges)
    if isinstance(bins, int | np.integer):
        if bins < 1:
            raise ValueError("bins must be at least 1")
        lo, hi = int(values.min()), int(values.max())
        width = max(1, math.ceil((hi + 1 - lo) / bins))
        return np.arange(lo, hi + width + 1, width, dtype=float)[: bins + 1]
    edges = np.asarray(list(bins), dtype=float)
    if edges.ndim != 1 or len(edges) < 2 or np.any(np.diff(edges) <= 0):
        raise ValueError("bins must be increasing edges, at least two of them")
    return edges


def _bin_label(lo: float, hi: float) -> str:
    if math.isinf(hi):
        return f"{lo:g}+"
    if float(lo).is_integer() and float(hi).is_integer():
        return f"{lo:g}" if hi - lo == 1 else f"{lo:g}–{hi - 1:g}"
    return f"[{lo:g}, {hi:g})"


@renamed_arguments(corpus="data")
@positional_options
def vote_distribution(
    data: Any, *, bins: int | Sequence[float] | str = "125", unique: bool = True,
    votes: str = "votes"
) -> pd.DataFrame:
    """How many papers got how many votes (snapshot on digest day), as a binned table.

    Parameters
    ----------
    data : Corpus or DataFrame
        A corpus or its papers table.
    bins : "125", int, sequence of edges or numpy rule name, default "125"
        ``"125"``: 0, 1, 2-4, 5-9, 10-19, 20-49, 50-99, ... (a 1-2-5 series, logarithmic,
        extended until it covers the maximum). An int: at most that many equal-width bins
        of whole votes from the smallest to the largest value. A sequence: the bin edges
        (``math.inf`` allowed as the last). Any other string is passed to
        :func:`numpy.histogram_bin_edges` (``"auto"``, ``"fd"``, ...).
    unique : bool, default True
        Count each arXiv id once with its largest snapshot; ``False`` counts every
        appearance (a paper listed on two days counts twice).
    votes : {"votes", "upvotes"}, default "votes"
        Which count (see :func:`top_papers`); the result names it ``votes`` either way.

    Returns
    -------
    DataFrame
        ``bin`` (label, e.g. ``"5–9"``), ``lower``, ``upper`` (edges; each bin is
        ``lower <= votes < upper``), ``papers`` (count) and ``share`` (of all papers with
        votes; values outside custom edges are in no bin). ``attrs["without_votes"]`` holds
        the number of papers without votes, which are in no bin. Empty if no paper has
        votes.

    Examples
    --------
    >>> table = vote_distribution(corpus).head(4)
    >>> table["bin"].tolist(), table["papers"].tolist()
    (['0', '1', '2–4', '5–9'], [0, 1, 9, 26])
    """
    columns = {"bin": "string", "lower": "float64", "upper": "float64",
               "papers": "Int64", "share": "Float64"}
    papers = _papers(data, ["date", "arxiv_id", "votes"], votes, "vote_distribution")
    if unique and not papers.empty:
        papers = _unique(data, votes, "vote_distribution")
    values = papers["votes"].dropna().to_numpy(dtype=float)
    if len(values) == 0:
        out = _empty(columns)
    else:
        edges = _bin_edges(values, bins)
        index = np.searchsorted(edges, values, side="right") - 1
        inside = (index >= 0) & (index < len(edges) - 1)
        counts = np.bincount(index[inside], minlength=len(edges) - 1)
        out = pd.DataFrame(
            {
                "bin": [_bin_label(lo, hi) for lo, hi in zip(edges[:-1], edges[1:], strict=True)],
                "lower": edges[:-1],
                "upper": edges[1:],
                "papers": counts,
                "share": counts / len(values),
            }
        ).astype(columns)
    out.attrs["without_votes"] = int(papers["votes"].isna().sum())
    return out


# --------------------------------------------------------------------------- over time


@renamed_arguments(corpus="data")
@positional_options
def votes_over_time(data: Any, *, freq: str = "D", votes: str = "votes") -> pd.DataFrame:
    """Votes per day, week or month: papers listed, vote sum, median and mean.

    Votes are the snapshots taken on each digest day. Within a period each arXiv id counts
    once, with its largest snapshot in that period (for ``"D"`` that is every appearance).

    Parameters
    ----------
    data : Corpus or DataFrame
        A corpus or its papers table.
    freq : {"D", "W", "M"} or {"day", "week", "month"}, default "D"
        Day, week (Monday to Sunday) or calendar month.
    votes : {"votes", "upvotes"}, default "votes"
        Which count (see :func:`top_papers`); the result names it ``votes`` either way.

    Returns
    -------
    DataFrame
        ``period`` (first day of the period, datetime64), ``papers`` (distinct papers listed,
        with or without votes), ``papers_without_votes``, ``total_votes`` (<NA> if no paper
        of the period has votes), ``median_votes``, ``mean_votes``. Periods with no digest
        are absent.

    Examples
    --------
    >>> weekly = votes_over_time(corpus, freq="week")
    >>> weekly["papers"].tolist(), weekly["median_votes"].tolist()
    ([41, 41], [9.0, 10.0])
    >>> weekly["period"].dt.strftime("%Y-%m-%d").tolist()
    ['2024-02-12', '2024-02-19']
    """
    key = check_freq("freq", freq)
    papers = _papers(data, ["date", "arxiv_id", "votes"], votes, "votes_over_time")
    if papers.empty:
        return _empty({"period": "datetime64[ns]", **_SUMMARY_DTYPES})
    period = papers["date"].dt.to_period(key).dt.start_time.astype("datetime64[ns]")
    per_paper = (
        papers.assign(period=period)
        .groupby(["period", "arxiv_id"], sort=False)["votes"]
        .max()
        .reset_index()
    )
    return _summarise(per_paper, "period")


# --------------------------------------------------------------------------- by group


@renamed_arguments(corpus="data")
@positional_options
def votes_by_author(
    data: Any, *, min_papers: int = 1, authorships: pd.DataFrame | None = None,
    votes: str = "votes"
) -> pd.DataFrame:
    """Votes per author: distinct papers, total and median of their votes.

    Each distinct paper counts once per author, with its largest vote snapshot (votes are
    snapshots taken on the digest day).

    Parameters
    ----------
    data : Corpus or DataFrame
        A corpus, or its papers table together with *authorships*.
    min_papers : int, default 1
        Keep authors with at least this many distinct papers.
    authorships : DataFrame, optional
        Columns ``arxiv_id``, ``author``; defaults to ``corpus.authorships``. Only papers
        present in the papers table count.
    votes : {"votes", "upvotes"}, default "votes"
        Which count (see :func:`top_papers`); the result names it ``votes`` either way.

    Returns
    -------
    DataFrame
        ``author``, ``papers`` (distinct papers, with or without votes),
        ``papers_without_votes``, ``total_votes`` (sum over papers with votes; <NA> if
        none; the same number as ``corpus.authors.total_votes``), ``median_votes``
        (Float64). Sorted by total_votes (<NA> last), then papers, then author.

    Examples
    --------
    >>> by_author = votes_by_author(corpus, min_papers=2)
    >>> by_author["author"].head(2).tolist(), by_author["total_votes"].head(2).tolist()
    (['Ge Zhang', 'Jie Fu'], [47, 47])
    """
    columns = {"author": "string", "papers": "Int64", "papers_without_votes": "Int64",
               "total_votes": "Int64", "median_votes": "Float64"}
    if authorships is None and getattr(data, "authorships", None) is None:
        raise ValueError("votes_by_author needs authorships: pass a Corpus or authorships=")
    authorships = get_table(
        data if authorships is None else authorships, "authorships", ["arxiv_id", "author"],
        "votes_by_author",
    )
    papers = _papers(data, ["date", "arxiv_id", "votes"], votes, "votes_by_author")
    if papers.empty:
        return _empty(columns)
    per_paper = _unique(data, votes, "votes_by_author")[["arxiv_id", "votes"]]
    codes, names = sorted_codes(authorships["author"])  # grouped by code: names read once
    named = codes >= 0
    pairs = (
        pd.DataFrame({"arxiv_id": authorships["arxiv_id"].astype("string").array[named],
                      "author": codes[named]})
        .dropna()
        .drop_duplicates()
        .merge(per_paper, on="arxiv_id", how="inner")
    )
    out = _summarise(pairs, "author")
    out = out[out["papers"] >= min_papers]
    out = out.assign(author=names.take(out["author"].to_numpy()).array)
    out = out[list(columns)].astype(columns)
    return _sort_desc(out, "total_votes", ["papers", "author"], [False, True])


def _bucket(values: pd.Series, bins: Sequence[float]) -> pd.Series:
    edges = np.asarray(list(bins), dtype=float)
    if edges.ndim != 1 or len(edges) < 2 or np.any(np.diff(edges) <= 0):
        raise ValueError("bins must be increasing edges, at least two of them")
    labels = [_bin_label(lo, hi) for lo, hi in zip(edges[:-1], edges[1:], strict=True)]
    return pd.cut(values.astype("Float64").astype(float), edges, right=False, labels=labels)


@renamed_arguments(corpus="data")
@positional_options
def votes_vs_authors(data: Any, *, bins: Sequence[float] = N_AUTHORS_BINS,
                     votes: str = "votes") -> pd.DataFrame:
    """Number of authors against votes, one row per distinct paper.

    Parameters
    ----------
    data : Corpus or DataFrame
        A corpus or its papers table.
    bins : sequence of float
        Bucket edges for ``n_authors_bucket`` (each bucket is ``lower <= n < upper``);
        default 0, 1, 2, 3, 4, 5, 6-10, 11-20, 21-50, 51+.
    votes : {"votes", "upvotes"}, default "votes"
        Which count (see :func:`top_papers`); the result names it ``votes`` either way.

    Returns
    -------
    DataFrame
        ``arxiv_id``, ``title``, ``n_authors`` (largest over appearances, as in
        ``corpus.papers_unique``), ``votes`` (largest snapshot on a digest day; <NA> kept),
        ``n_authors_bucket`` (ordered categorical). Sorted by arxiv_id. See
        :func:`votes_by_n_authors` for the bucketed summary.

    Examples
    --------
    >>> table = votes_vs_authors(corpus)
    >>> len(table) == corpus.papers["arxiv_id"].nunique()
    True
    >>> ax = table.plot.scatter("n_authors", "votes")  # doctest: +SKIP
    """
    _papers(data, ["date", "rank", "arxiv_id", "title", "n_authors", "votes"], votes,
            "votes_vs_authors")  # checks the input's columns
    unique = _unique(data, votes, "votes_vs_authors").sort_values("arxiv_id", kind="stable")
    unique["n_authors_bucket"] = _bucket(unique["n_authors"], bins)
    columns = ["arxiv_id", "title", "n_authors", "votes", "n_authors_bucket"]
    return unique[columns].reset_index(drop=True)


@renamed_arguments(corpus="data")
@positional_options
def votes_by_n_authors(data: Any, *, bins: Sequence[float] = N_AUTHORS_BINS,
                       votes: str = "votes") -> pd.DataFrame:
    """Bucketed summary of :func:`votes_vs_authors`: votes per number-of-authors bucket.

    Parameters
    ----------
    data : Corpus or DataFrame
        A corpus or its papers table.
    bins : sequence of float, default N_AUTHORS_BINS
        Bucket edges (left-closed; ``math.inf`` allowed as the last).
    votes : {"votes", "upvotes"}, default "votes"
        Which count (see :func:`top_papers`).

    Returns
    -------
    DataFrame
        ``n_authors_bucket`` (ordered categorical, only buckets with papers) followed by
        ``papers``, ``papers_without_votes``, ``total_votes``, ``median_votes``,
        ``mean_votes``. Papers whose author count is unknown are left out.

    Examples
    --------
    >>> import math
    >>> table = votes_by_n_authors(corpus, bins=[1, 3, 6, math.inf])
    >>> table["n_authors_bucket"].tolist(), table["papers"].tolist()
    (['1–2', '3–5', '6+'], [3, 20, 57])
    >>> table["median_votes"].tolist()
    [9.0, 11.0, 9.5]
    """
    table = votes_vs_authors(data, bins=bins, votes=votes)
    return _summarise(table[table["n_authors_bucket"].notna()], "n_authors_bucket")


@renamed_arguments(corpus="data")
def votes_by_media(data: Any, *, votes: str = "votes") -> pd.DataFrame:
    """Votes by media kind of the listing (image, video or none).

    Each distinct paper counts once, with its largest vote snapshot (votes are snapshots
    taken on the digest day) and the media kind of its first appearance (as in
    ``corpus.papers_unique``).

    Parameters
    ----------
    data : Corpus or DataFrame
        A corpus or its papers table.
    votes : {"votes", "upvotes"}, default "votes"
        Which count (see :func:`top_papers`).

    Returns
    -------
    DataFrame
        ``media_kind`` (categorical image/video/none, only kinds present, in that order),
        ``papers``, ``papers_without_votes``, ``total_votes``, ``median_votes``,
        ``mean_votes``.

    Examples
    --------
    >>> table = votes_by_media(corpus)
    >>> table["media_kind"].tolist(), table["papers"].tolist(), table["median_votes"].tolist()
    (['image', 'video', 'none'], [67, 12, 2], [9.5, 9.5, <NA>])
    """
    from papertoolkit.schema import MEDIA_KINDS

    papers = _papers(data, ["date", "rank", "arxiv_id", "media_kind", "votes"], votes,
                     "votes_by_media")
    papers["media_kind"] = papers["media_kind"].astype(pd.CategoricalDtype(MEDIA_KINDS))
    if papers.empty:
        return _summarise(papers, "media_kind")
    return _summarise(_unique(data, votes, "votes_by_media"), "media_kind")


@renamed_arguments(corpus="data")
def votes_by_topic(data: Any, topics: pd.DataFrame, *, votes: str = "votes") -> pd.DataFrame:
    """Votes by topic, from a long topic table such as ``topics.tag_topics(corpus)``.

    Each distinct paper counts once per topic it carries (multi-label), with its largest
    vote snapshot (votes are snapshots taken on the digest day). Papers without a topic,
    and topic rows whose paper is not in the corpus, are left out.

    Parameters
    ----------
    data : Corpus or DataFrame
        A corpus or its papers table.
    topics : DataFrame
        Long table with columns ``arxiv_id`` and ``topic`` (other columns ignored).
    votes : {"votes", "upvotes"}, default "votes"
        Which count (see :func:`top_papers`); the result names it ``votes`` either way.

    Returns
    -------
    DataFrame
        ``topic``, ``papers``, ``papers_without_votes``, ``total_votes`` (<NA> for a topic
        without any vote, never 0), ``median_votes``, ``mean_votes`` and ``lift`` (the
        topic's median divided by the median of all distinct papers with votes); sorted by
        median (<NA> last), then papers (descending), then topic.

    Examples
    --------
    >>> from papertoolkit.topics import tag_topics
    >>> table = votes_by_topic(corpus, tag_topics(corpus))
    >>> table["topic"].head(2).tolist(), table["median_votes"].head(2).tolist()
    (['reasoning', 'code'], [41.0, 17.0])
    """
    topics = get_table(topics, "tags", ["arxiv_id", "topic"], "votes_by_topic")
    table = get_table(data, "papers", ["date", "arxiv_id"], "votes_by_topic")
    columns = ["date", "arxiv_id", "votes"] + ["rank"] * ("rank" in table)
    papers = _papers(table, columns, votes, "votes_by_topic")
    pairs = topics[["arxiv_id", "topic"]].dropna().drop_duplicates()
    pairs = pairs.astype({"arxiv_id": "string", "topic": "string"})
    if papers.empty or pairs.empty:
        return _empty({"topic": "string", **_SUMMARY_DTYPES, "lift": "Float64"})
    per_paper = _unique(data, votes, "votes_by_topic")[["arxiv_id", "votes"]]
    out = _summarise(pairs.merge(per_paper, on="arxiv_id", how="inner"), "topic")
    overall = per_paper["votes"].dropna().astype(float).median()
    out["lift"] = (out["median_votes"] / overall).astype("Float64")
    return _sort_desc(out, "median_votes", ["papers", "topic"], [False, True])
