"""Single papers: the most-voted papers of a period and each appearance's rank on its day."""

from __future__ import annotations

from typing import Any

import pandas as pd

from .._compat import positional_options, renamed_arguments
from ._common import _empty, _filter_dates, _papers, _unique

__all__ = ["rank_within_day", "top_papers"]


def _days(papers: pd.DataFrame) -> pd.DataFrame:
    """Per arxiv_id of *papers* (appearances): ``dates`` ("; "-joined ISO days it appeared)
    and ``appearances`` (number of distinct days), indexed by arxiv_id."""
    pairs = (
        papers[["arxiv_id", "date"]]
        .drop_duplicates()
        .sort_values(["arxiv_id", "date"], kind="stable")
        .assign(day=lambda d: d["date"].dt.strftime("%Y-%m-%d"))
    )
    days = pairs.groupby("arxiv_id", sort=False)["day"]
    counts = days.size()
    dates = days.first()  # most papers appear on one day: join only the others (faster)
    several = counts.index[counts.to_numpy() > 1]
    if len(several):
        repeated = pairs[pairs["arxiv_id"].isin(several)]
        dates.loc[several] = repeated.groupby("arxiv_id", sort=False)["day"].agg("; ".join)
    return pd.DataFrame({"dates": dates.astype("string"), "appearances": counts.astype("Int64")})


@renamed_arguments(corpus="data")
def rank_within_day(data: Any, *, votes: str = "votes") -> pd.DataFrame:
    """Rank every appearance by votes within its day (1 = most votes that day).

    Votes are the snapshot taken on the digest day, so ranks compare papers as they
    stood on that day.

    Parameters
    ----------
    data : Corpus or DataFrame
        A corpus or its papers table.
    votes : {"votes", "upvotes"}, default "votes"
        Which count (see :func:`top_papers`); the result names it ``votes`` either way.

    Returns
    -------
    DataFrame
        One row per appearance, ordered by date then ``day_rank`` (papers without votes
        last): ``date``, ``rank`` (position in the digest), ``arxiv_id``, ``title``,
        ``votes``, ``day_rank`` (Int64) and ``day_papers_with_votes`` (papers with votes
        that day, the largest possible ``day_rank``).

    Notes
    -----
    Ties take the best rank they span ("min", competition ranking): votes 9, 7, 7, 3 get
    ranks 1, 2, 2, 4. Papers without votes get ``day_rank`` <NA> and are not counted.

    Examples
    --------
    ``corpus`` is ``papertoolkit.load("data/")``, the sample bundled with the project:

    >>> ranked = rank_within_day(corpus).head(2)
    >>> ranked["arxiv_id"].tolist(), ranked["votes"].tolist(), ranked["day_rank"].tolist()
    (['2402.06619', '2402.06149'], [12, 11], [1, 2])
    """
    papers = _papers(data, ["date", "rank", "arxiv_id", "title", "votes"], votes,
                     "rank_within_day")
    by_day = papers.groupby("date")["votes"]
    ranked = papers.assign(
        day_rank=by_day.rank(method="min", ascending=False).astype("Int64"),
        day_papers_with_votes=by_day.transform("count").astype("Int64"),
    )
    return ranked.sort_values(
        ["date", "day_rank", "rank"], na_position="last", kind="stable"
    ).reset_index(drop=True)


@renamed_arguments(corpus="data")
@positional_options
def top_papers(
    data: Any, *, n: int | None = 10, start: Any = None, end: Any = None, votes: str = "votes"
) -> pd.DataFrame:
    """The *n* most-voted papers between *start* and *end*, one row per arXiv id.

    A paper listed on several days counts once, with its largest vote snapshot (votes are
    snapshots taken on each digest day). Papers without votes are left out.

    Parameters
    ----------
    data : Corpus or DataFrame
        A corpus or its papers table.
    n : int or None, default 10
        How many papers to return; ``None`` returns all papers with votes.
    start, end : date-like, optional
        Inclusive bounds on the digest day (e.g. ``"2024-02-01"``); only appearances in
        the period count, for the votes as well as for ``dates``.
    votes : {"votes", "upvotes"}, default "votes"
        Which count: ``"votes"``, the snapshot a digest printed on its day, or
        ``"upvotes"``, the Hub's count when it was fetched (hub data only). The result
        names it ``votes`` either way.

    Returns
    -------
    DataFrame
        ``arxiv_id``, ``title``, ``url``, ``votes`` (largest snapshot), ``date`` (the day of
        that snapshot; the earliest on ties), ``day_rank`` (its votes rank that day, see
        :func:`rank_within_day`), ``dates`` (every day it appeared in the period, ISO dates
        joined by ``"; "`` so the table prints and exports cleanly; ``.str.split("; ")``
        gives lists; days without a vote count are listed too) and ``appearances``
        (number of those days). Sorted by votes, then date, then arxiv_id; at most *n*
        rows (ties at the cut are broken by that order).

    Examples
    --------
    >>> top = top_papers(corpus, n=3, start="2024-02-19", end="2024-02-23")
    >>> top["arxiv_id"].tolist(), top["votes"].tolist(), top["appearances"].tolist()
    (['2402.13144', '2402.13753', '2402.10644'], [63, 50, 47], [2, 1, 1])
    """
    columns = {
        "arxiv_id": "string",
        "title": "string",
        "url": "string",
        "votes": "Int64",
        "date": "datetime64[ns]",
        "day_rank": "Int64",
        "dates": "string",
        "appearances": "Int64",
    }
    papers = _papers(data, ["date", "rank", "arxiv_id", "title", "url", "votes"], votes,
                     "top_papers")
    papers = _filter_dates(papers, start, end)
    if papers["votes"].isna().all():
        return _empty(columns)
    by_day = papers.groupby("date")["votes"]
    papers = papers.assign(day_rank=by_day.rank(method="min", ascending=False).astype("Int64"))
    period = start is not None or end is not None
    unique = _unique(data, votes, "top_papers", papers if period else None)
    unique = unique[unique["votes"].notna()]
    # the appearance that gave the largest snapshot (the earliest, then the best placed)
    best = (
        papers.merge(unique[["arxiv_id", "votes"]], on=["arxiv_id", "votes"])
        .sort_values(["date", "rank"], na_position="last", kind="stable")
        .drop_duplicates("arxiv_id")
    )
    unique = (
        unique.drop(columns="appearances")
        .merge(best[["arxiv_id", "date", "day_rank"]], on="arxiv_id")
        .join(_days(papers), on="arxiv_id")
        .sort_values(["votes", "date", "arxiv_id"], ascending=[False, True, True],
                     kind="stable")
    )
    if n is not None:
        unique = unique.head(n)
    return unique[list(columns)].astype(columns).reset_index(drop=True)
