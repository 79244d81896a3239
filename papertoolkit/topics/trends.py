"""Topics over time: share per period, rising topics, votes per topic."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from .._checks import check_freq
from .._compat import deprecated_alias, positional_options, renamed_arguments
from .._data import get_table
from ..votes import votes_by_topic
from ._common import _paper_table, _period_start, _topic_order


@renamed_arguments(corpus="data")
@positional_options
def topic_share(data: Any, tags: pd.DataFrame, *, freq: str = "W") -> pd.DataFrame:
    """Share of each period's papers tagged with each topic.

    Parameters
    ----------
    data : Corpus or DataFrame
        Papers; each is counted once, in the period of its first appearance.
    tags : DataFrame
        Output of :func:`tag_topics` (``arxiv_id``, ``topic``).
    freq : {"D", "W", "M", "Q", "Y"} or {"day", "week", "month", "quarter", "year"}
        Period length, default ``"W"`` (weeks run Monday to Sunday).

    Returns
    -------
    DataFrame
        One row per (period, topic) for every period with papers and every topic:
        ``period`` (start date), ``topic``, ``papers`` (tagged papers), ``papers_in_period``
        (all papers of the period) and ``share = papers / papers_in_period``. Topics are
        multi-label, so the shares of one period can add up to more than 1.

    Examples
    --------
    >>> import pandas as pd
    >>> papers = pd.DataFrame({"arxiv_id": ["1", "2", "3"],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-08"])})
    >>> tags = pd.DataFrame({"arxiv_id": ["1", "3"], "topic": ["llm", "llm"]})
    >>> topic_share(papers, tags)["share"].tolist()
    [0.5, 1.0]
    """
    freq = check_freq("freq", freq, ("D", "W", "M", "Q", "Y"))
    papers = _paper_table(data, "topic_share").dropna(subset=["date"])
    tags = get_table(tags, "tags", ["arxiv_id", "topic"], "topic_share")
    topics = _topic_order(tags)
    periods = _period_start(papers["date"], freq)
    total = periods.value_counts().sort_index()
    period_of = pd.Series(periods.to_numpy(), index=papers["arxiv_id"].astype(str).to_numpy())
    t = pd.DataFrame({"arxiv_id": tags["arxiv_id"].astype(str), "topic": tags["topic"].astype(str)})
    t = t.drop_duplicates()
    t = t[t["arxiv_id"].isin(period_of.index)]
    t["period"] = period_of.reindex(t["arxiv_id"]).to_numpy()
    counts = t.groupby(["period", "topic"]).size()
    grid = pd.MultiIndex.from_product(
        [pd.DatetimeIndex(total.index, name="period"), pd.Index(topics, name="topic")]
    )
    out = counts.reindex(grid, fill_value=0).rename("papers").reset_index()
    out["papers_in_period"] = out["period"].map(total).astype("Int64")
    out["papers"] = out["papers"].astype("Int64")
    out["share"] = (out["papers"] / out["papers_in_period"]).astype("float64")
    out["period"] = out["period"].astype("datetime64[ns]")
    out["topic"] = pd.Categorical(out["topic"], categories=topics)
    return out


@renamed_arguments(corpus="data")
@positional_options
def rising_topics(
    data: Any,
    tags: pd.DataFrame,
    *,
    last: int = 8,
    freq: str = "W",
    min_change: float = 0.02,
    min_papers: int = 5,
) -> pd.DataFrame:
    """Topics whose share grew or shrank most over the last *last* periods.

    Parameters
    ----------
    data, tags, freq
        As for :func:`topic_share`.
    last : int
        Number of most recent periods (with papers) to fit the trend on.
    min_change : float
        Smallest ``change`` (fitted change of the share over the window, in share points:
        0.02 = 2 percentage points) for a topic to count as rising or falling. Smaller
        changes are ``"flat"``: with ~60 papers a week, one paper more or less moves a
        share by about 0.017, so the default treats a one-paper difference as noise.
    min_papers : int
        Topics with fewer tagged papers in the window are ``"flat"`` whatever their slope
        (a trend of two or three papers is not a trend).

    Returns
    -------
    DataFrame
        One row per topic, sorted from most rising to most falling: ``topic``, ``slope``
        (least-squares slope of the share per period, e.g. 0.01 = +1 percentage point per
        week), ``change`` (``slope * (periods - 1)``, the fitted change over the window),
        ``share_first`` and ``share_last`` (share in the first and last of those periods),
        ``mean_share``, ``papers`` (tagged papers in the window), ``direction``
        (``"rising"``, ``"falling"`` or ``"flat"``, see *min_change* and *min_papers*;
        ``<NA>`` with fewer than 2 periods).

    Examples
    --------
    >>> import pandas as pd
    >>> papers = pd.DataFrame({"arxiv_id": list("abcd"),
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-09", "2024-01-15"])})
    >>> tags = pd.DataFrame({"arxiv_id": ["b", "d"], "topic": ["llm", "llm"]})
    >>> out = rising_topics(papers, tags, last=3, min_papers=1)
    >>> out[["topic", "slope", "change", "direction"]].round(3).values.tolist()
    [['llm', 0.5, 1.0, 'rising']]
    """
    freq = check_freq("freq", freq, ("D", "W", "M", "Q", "Y"))
    share = topic_share(data, tags, freq=freq)
    topics = _topic_order(tags)
    periods = np.sort(share["period"].unique())[-last:] if last > 0 else np.array([])
    window = share[share["period"].isin(periods)]
    x = np.arange(len(periods), dtype=float)
    rows = []
    for topic in topics:
        sub = window[window["topic"] == topic].sort_values("period")
        y = sub["share"].to_numpy(dtype=float)
        n_papers = int(sub["papers"].sum())
        if len(y) >= 2:
            slope = float(np.polyfit(x, y, 1)[0])
            slope = 0.0 if abs(slope) < 1e-12 else slope
            change = slope * (len(y) - 1)
            if abs(change) < min_change or n_papers < min_papers:
                direction = "flat"
            else:
                direction = "rising" if change > 0 else "falling"
        else:
            slope, change, direction = math.nan, math.nan, pd.NA
        rows.append(
            (
                topic,
                slope,
                change,
                float(y[0]) if len(y) else math.nan,
                float(y[-1]) if len(y) else math.nan,
                float(y.mean()) if len(y) else math.nan,
                n_papers,
                direction,
            )
        )
    out = pd.DataFrame(
        rows,
        columns=["topic", "slope", "change", "share_first", "share_last", "mean_share",
                 "papers", "direction"],
    )
    out = out.sort_values("slope", ascending=False, kind="stable", na_position="last")
    out["topic"] = pd.Categorical(out["topic"], categories=topics)
    out["papers"] = out["papers"].astype("Int64")
    out["direction"] = out["direction"].astype("string")
    return out.reset_index(drop=True)


#: Deprecated: :func:`papertoolkit.votes.votes_by_topic` gives the same numbers, with a
#: missing total as <NA> (not 0) and the house column names (``papers_without_votes``
#: instead of ``papers_with_votes``).
topic_votes = deprecated_alias(votes_by_topic, "topic_votes")
