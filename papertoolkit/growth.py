"""Vote growth: the vote snapshot a digest printed against the Hub's later, settled count.

A digest's ``Vote: N`` (the ``votes`` column) was taken on the day the digest was written;
the Hub's counts keep moving for one to two weeks after. When hub data is loaded beside the
digests (see :mod:`papertoolkit.sources.hub`), each merged paper-day has both: ``votes``, the
snapshot, and ``upvotes``, the count when the hub data was fetched. :func:`vote_growth`
compares them per paper, by weekday of the day featured, by media kind or by topic;
:func:`plot_vote_growth` draws the comparison.

Examples
--------
>>> import pandas as pd
>>> from papertoolkit.schema import coerce
>>> papers = coerce(pd.DataFrame({
...     "date": ["2024-02-16", "2024-02-16", "2024-02-19"], "rank": [1, 2, 1],
...     "arxiv_id": ["2402.1", "2402.2", "2402.3"], "votes": [10, 0, 4],
...     "upvotes": [25, 3, None], "media_kind": ["image", "video", "none"]}), "papers")
>>> vote_growth(papers)[["arxiv_id", "votes", "upvotes", "growth", "ratio"]]
  arxiv_id  votes  upvotes  growth  ratio
0   2402.1     10       25      15    2.5
1   2402.2      0        3       3   <NA>
>>> vote_growth(papers, by="weekday")[["weekday", "papers", "median_growth"]]
  weekday  papers  median_growth
0  Friday       2            9.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._data import get_table

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["vote_growth", "plot_vote_growth", "GROWTH_BY"]

#: what :func:`vote_growth` can group by
GROWTH_BY = ("paper", "weekday", "media_kind", "topic")
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_SUMMARY = {"papers": "Int64", "median_votes": "Float64", "median_upvotes": "Float64",
            "median_growth": "Float64", "median_ratio": "Float64"}


def _per_paper(data: Any) -> pd.DataFrame:
    papers = get_table(data, "papers", ["date", "arxiv_id", "votes", "upvotes"], "vote_growth",
                       hint="vote growth needs digest votes and Hub upvotes (load digests "
                       "and hub JSON together)")
    both = papers[papers["votes"].notna() & papers["upvotes"].notna()]
    keep = [c for c in ("date", "rank", "arxiv_id", "title", "media_kind", "votes", "upvotes",
                        "fetched_at") if c in both]
    order = ["date", "rank"] if "rank" in both else ["date"]
    out = (both[keep].sort_values(order, kind="stable").drop_duplicates("arxiv_id")
           .reset_index(drop=True))
    out["votes"] = out["votes"].astype("Int64")
    out["upvotes"] = out["upvotes"].astype("Int64")
    out["growth"] = (out["upvotes"] - out["votes"]).astype("Int64")
    votes = out["votes"].astype("Float64")
    out["ratio"] = (out["upvotes"].astype("Float64") / votes.mask(votes == 0)).astype("Float64")
    out["weekday"] = pd.Categorical(pd.to_datetime(out["date"]).dt.day_name(),
                                    categories=WEEKDAYS, ordered=True)
    return out


def vote_growth(data: Any, *, by: str = "paper", topics: pd.DataFrame | None = None,
                start: Any = None, end: Any = None) -> pd.DataFrame:
    """Snapshot votes against settled upvotes, per paper or summarised by a grouping.

    Parameters
    ----------
    data : Corpus or DataFrame
        A corpus (or its papers table) holding digest ``votes`` and hub ``upvotes``; only
        paper-days with both count. A paper featured on several days counts once, on its
        first day with both.
    by : {"paper", "weekday", "media_kind", "topic"}, default "paper"
        One row per paper, or a summary per weekday of the day featured, per media kind of
        the listing, or per topic (needs *topics*).
    topics : DataFrame, optional
        Long table with ``arxiv_id`` and ``topic`` (e.g. ``topics.tag_topics(corpus)``),
        for ``by="topic"``; a paper counts once per topic it carries.
    start, end : date-like, optional
        Inclusive bounds on the day featured.

    Returns
    -------
    DataFrame
        ``by="paper"``: ``date``, ``rank``, ``arxiv_id``, ``title``, ``media_kind``,
        ``votes`` (snapshot on the digest day), ``upvotes`` (Hub count when fetched),
        ``fetched_at``, ``growth`` (``upvotes - votes``), ``ratio`` (``upvotes / votes``;
        <NA> when the snapshot is 0) and ``weekday``. Otherwise: the group column, then
        ``papers``, ``median_votes``, ``median_upvotes``, ``median_growth`` and
        ``median_ratio``, groups in their natural order (weekdays Monday first).

    Notes
    -----
    The settled count depends on when the hub data was fetched (``fetched_at``): fetch well
    after the days you study (two weeks or more) for counts that no longer move.

    Examples
    --------
    The sample holds hub data for 26 of its papers:

    >>> growth = vote_growth(corpus)
    >>> len(growth)
    26
    >>> top = growth.nlargest(2, "growth")
    >>> top[["arxiv_id", "votes", "upvotes", "growth"]].values.tolist()
    [['2402.13144', 56, 104, 48], ['2402.10200', 41, 69, 28]]
    >>> by_day = vote_growth(corpus, by="weekday")
    >>> by_day["weekday"].tolist(), by_day["papers"].tolist(), by_day["median_growth"].tolist()
    (['Monday', 'Tuesday', 'Wednesday'], [9, 8, 9], [9.0, 9.0, 7.0])
    """
    if by not in GROWTH_BY:
        raise ValueError(f"by must be one of {GROWTH_BY}, got {by!r}")
    if by == "topic" and topics is None:
        raise ValueError("by='topic' needs topics=, a table with arxiv_id and topic columns "
                         "(e.g. papertoolkit.topics.tag_topics(corpus))")
    papers = _per_paper(data)
    if start is not None:
        papers = papers[papers["date"] >= pd.Timestamp(start)]
    if end is not None:
        papers = papers[papers["date"] <= pd.Timestamp(end)]
    if by == "paper":
        return papers.reset_index(drop=True)
    if by == "topic":
        topics = get_table(topics, "tags", ["arxiv_id", "topic"], "vote_growth")
        pairs = topics[["arxiv_id", "topic"]].dropna().drop_duplicates().astype(
            {"arxiv_id": "string", "topic": "string"})
        papers = papers.astype({"arxiv_id": "string"}).merge(pairs, on="arxiv_id")
    grouped = papers.groupby(by, observed=True, sort=True)
    out = pd.DataFrame({
        "papers": grouped.size(),
        "median_votes": grouped["votes"].median(),
        "median_upvotes": grouped["upvotes"].median(),
        "median_growth": grouped["growth"].median(),
        "median_ratio": grouped["ratio"].median(),
    }).astype(_SUMMARY)
    return out.reset_index()


def plot_vote_growth(data: Any, *, by: str = "paper", topics: pd.DataFrame | None = None,
                     ax: Axes | None = None, **kwargs: Any) -> Axes:
    """Draw :func:`vote_growth`: a scatter per paper, or median ratios per group.

    ``by="paper"`` plots each paper's snapshot (x) against its settled count (y) on
    symmetric-log axes, with the line where they are equal; points above it gained votes
    after the digest was written. Other groupings draw one bar per group: the median of
    ``upvotes / votes``. Keyword arguments reach :meth:`~matplotlib.axes.Axes.scatter` or
    :meth:`~matplotlib.axes.Axes.bar`.

    Parameters
    ----------
    data : Corpus or DataFrame
        A corpus (or its papers table) holding digest ``votes`` and hub ``upvotes``.
    by : {"paper", "weekday", "media_kind", "topic"}, default "paper"
        As in :func:`vote_growth`.
    topics : DataFrame, optional
        ``arxiv_id`` and ``topic``, for ``by="topic"``.
    ax : matplotlib Axes, optional
        Where to draw; a new figure's Axes by default.
    **kwargs
        Passed to ``scatter`` (per paper) or ``bar`` (per group).

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> ax = plot_vote_growth(corpus, by="weekday")  # doctest: +SKIP
    """
    from .plots import nothing_to_plot, prepare_axes, readable_log_ticks

    table = vote_growth(data, by=by, topics=topics)
    ax = prepare_axes(ax)
    if table.empty:
        return nothing_to_plot(ax, "no paper-day with both a digest vote and a Hub count")
    if by == "paper":
        x = table["votes"].to_numpy(dtype=float)
        y = table["upvotes"].to_numpy(dtype=float)
        ax.scatter(x, y, **{"s": 18, "alpha": 0.7, **kwargs})
        top = float(max(x.max(), y.max(), 1.0))
        ax.plot([0, top], [0, top], color="0.5", linewidth=1, label="no change")
        ax.set_xscale("symlog", linthresh=1)
        ax.set_yscale("symlog", linthresh=1)
        readable_log_ticks(ax.xaxis, top)
        readable_log_ticks(ax.yaxis, top)
        ax.set_xlabel("votes (snapshot on digest day)")
        ax.set_ylabel("upvotes (Hub count when fetched)")
        ax.set_title(f"Snapshot against settled votes ({len(table)} papers)")
        ax.legend(loc="upper left")
        return ax
    labels = table[by].astype(str).tolist()
    values = table["median_ratio"].to_numpy(dtype=float, na_value=np.nan)
    ax.bar(np.arange(len(labels)), values, **kwargs)
    ax.set_xticks(np.arange(len(labels)), labels, rotation=45 if len(labels) > 7 else 0,
                  ha="right" if len(labels) > 7 else "center")
    ax.axhline(1.0, color="0.5", linewidth=1)
    ax.set_ylabel("median upvotes / votes")
    ax.set_title(f"Vote growth after the digest day, by {by.replace('_', ' ')}")
    return ax
