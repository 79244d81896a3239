"""What the votes analyses share: the input accessor, per-paper votes, summary columns.

Votes are snapshots taken on each digest day (see :mod:`papertoolkit.votes`); missing votes
stay ``<NA>`` and are counted in ``papers_without_votes``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from .._checks import check_choice
from .._data import get_papers_unique, get_table, unique_papers_of

#: Axis label used wherever votes are plotted.
VOTES_LABEL = "votes (snapshot on digest day)"
NO_VOTES_MESSAGE = "no papers with votes"

#: Columns of the grouped summaries (after the group column).
SUMMARY_COLUMNS = ["papers", "papers_without_votes", "total_votes", "median_votes", "mean_votes"]
_SUMMARY_DTYPES = {
    "papers": "Int64",
    "papers_without_votes": "Int64",
    "total_votes": "Int64",
    "median_votes": "Float64",
    "mean_votes": "Float64",
}
#: Default ``n_authors`` bucket edges: 0, 1, ..., 5, 6-10, 11-20, 21-50, 51+.
N_AUTHORS_BINS = (0, 1, 2, 3, 4, 5, 6, 11, 21, 51, math.inf)


#: the counts an analysis can use (``votes=``): the digest-day snapshot or the Hub's count
VOTE_CHOICES = {"votes": VOTES_LABEL, "upvotes": "upvotes (Hub count when fetched)"}


def _check_votes(votes: str) -> str:
    return check_choice("votes", votes, VOTE_CHOICES)


def _papers(data: Any, columns: Sequence[str] = ("date", "arxiv_id", "votes"),
            votes: str = "votes", func: str = "") -> pd.DataFrame:
    """The papers table of *corpus*, restricted to *columns* and normalised (a copy).

    With ``votes="upvotes"`` the ``votes`` column holds the Hub's ``upvotes`` instead.
    """
    papers = get_table(data, "papers", (), func)
    if _check_votes(votes) != "votes" and "votes" in columns:
        get_table(papers, "papers", [votes], func,
                  hint="it comes from Hub data (see papertoolkit.sources.hub)")
        papers = papers.drop(columns="votes").rename(columns={votes: "votes"})
    get_table(papers, "papers", columns, func)
    out = papers.loc[:, list(dict.fromkeys(columns))].copy()
    if "date" in out:
        out["date"] = pd.to_datetime(out["date"]).astype("datetime64[ns]").dt.normalize()
    if "votes" in out:
        out["votes"] = out["votes"].astype("Int64")
    if "arxiv_id" in out:
        out["arxiv_id"] = out["arxiv_id"].astype("string")
    return out.reset_index(drop=True)


def _empty(columns: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=d) for c, d in columns.items()})


def _unique(data: Any, votes: str, func: str,
            papers: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per arXiv id, the ``papers_unique`` table, with ``votes`` the paper's
    largest count of the kind asked for (``max_votes``, or ``max_upvotes``).

    Without *papers*, those of *corpus* (a Corpus gives its cached ``papers_unique``); with
    *papers* (the output of :func:`_papers`, e.g. restricted to a period), those of *papers*.
    """
    if papers is not None:
        unique = unique_papers_of(papers)  # its "votes" already holds the count asked for
        return unique.assign(votes=unique["max_votes"])
    unique = get_papers_unique(data, (), func)
    return unique.assign(votes=unique["max_votes" if votes == "votes" else "max_upvotes"])


def _summarise(df: pd.DataFrame, by: str) -> pd.DataFrame:
    """Group *df* (one row per unit, a ``votes`` column) by *by* into SUMMARY_COLUMNS."""
    if df.empty:
        return _empty({by: df[by].dtype, **_SUMMARY_DTYPES})
    grouped = df.groupby(by, observed=True, sort=True)["votes"]
    out = pd.DataFrame(
        {
            "papers": grouped.size(),
            "papers_without_votes": df["votes"].isna().groupby(df[by], observed=True).sum(),
            "total_votes": grouped.sum(min_count=1),
            "median_votes": grouped.median(),
            "mean_votes": grouped.mean(),
        }
    )
    return out.astype(_SUMMARY_DTYPES).rename_axis(by).reset_index()


def _sort_desc(df: pd.DataFrame, key: str, then: Sequence[str], ascending: Sequence[bool]):
    return df.sort_values(
        [key, *then], ascending=[False, *ascending], na_position="last", kind="stable"
    ).reset_index(drop=True)


def _filter_dates(papers: pd.DataFrame, start: Any, end: Any) -> pd.DataFrame:
    keep = pd.Series(True, index=papers.index)
    if start is not None:
        keep &= papers["date"] >= pd.Timestamp(start).normalize()
    if end is not None:
        keep &= papers["date"] <= pd.Timestamp(end).normalize()
    return papers[keep]
