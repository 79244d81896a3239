"""Votes: which papers, authors, media kinds and topics draw votes, and how votes move.

Every function takes a :class:`~papertoolkit.Corpus` (anything with a ``.papers``
attribute) or a papers DataFrame (columns of ``schema.TABLES["papers"]``) and returns a
new DataFrame; the input is never modified. Plot functions take an optional ``ax=`` and
return the Axes.

Notes
-----
A digest's ``Vote: N`` is a **snapshot taken on the day the digest was written**: a paper
listed on 2024-02-16 shows the votes it had on that day, not its final count. A paper
listed on several days therefore has several snapshots; the "per paper" functions use
its largest one (normally the latest, as votes accumulate). Plots label their vote axes
"votes (snapshot on digest day)".

Missing votes stay ``<NA>`` (never 0): papers without votes are left out of sums, means,
medians and ranks, and counted separately in ``papers_without_votes``.

Examples
--------
>>> import pandas as pd
>>> from papertoolkit.schema import coerce
>>> from papertoolkit import votes
>>> papers = coerce(pd.DataFrame({
...     "date": ["2024-02-15", "2024-02-15", "2024-02-16"],
...     "rank": [1, 2, 1], "arxiv_id": ["2402.1", "2402.2", "2402.1"],
...     "title": ["A", "B", "A"], "votes": [10, None, 12]}), "papers")
>>> votes.top_papers(papers)[["arxiv_id", "votes", "dates"]]
  arxiv_id  votes                   dates
0   2402.1     12  2024-02-15; 2024-02-16
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._checks import check_choice, check_freq
from ._compat import positional_options, renamed_arguments
from ._data import get_papers_unique, get_table, unique_papers_of
from .plots import FEW_PERIODS as FEW_PERIODS
from .plots import date_axis, integer_ticks, readable_log_ticks

if TYPE_CHECKING:  # matplotlib is imported lazily: it costs start-up time
    from matplotlib.axes import Axes

__all__ = [
    "VOTES_LABEL",
    "plot_vote_distribution",
    "plot_votes_over_time",
    "plot_votes_vs_authors",
    "rank_within_day",
    "top_papers",
    "vote_distribution",
    "votes_by_author",
    "votes_by_media",
    "votes_by_n_authors",
    "votes_by_topic",
    "votes_over_time",
    "votes_vs_authors",
]

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


# --------------------------------------------------------------------------- helpers


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


def _no_votes(ax: Axes) -> Axes:
    ax.text(0.5, 0.5, NO_VOTES_MESSAGE, ha="center", va="center", transform=ax.transAxes)
    return ax


def _with_gaps(periods: pd.Series, values: np.ndarray, freq: str) -> tuple[np.ndarray, ...]:
    """*periods* and *values* with a NaN point put after each period whose next period
    (day, week or month) has no value, so that a line plot breaks there."""
    periods = pd.DatetimeIndex(periods)
    step = {"D": pd.DateOffset(days=1), "W": pd.DateOffset(weeks=1),
            "M": pd.DateOffset(months=1)}[freq]
    xs: list[Any] = []
    ys: list[float] = []
    for i, (period, value) in enumerate(zip(periods, values, strict=True)):
        if i and periods[i - 1] + step < period:
            xs.append(periods[i - 1] + step)
            ys.append(math.nan)
        xs.append(period)
        ys.append(float(value))
    return np.asarray(xs, dtype="datetime64[ns]"), np.asarray(ys, dtype=float)


def _filter_dates(papers: pd.DataFrame, start: Any, end: Any) -> pd.DataFrame:
    keep = pd.Series(True, index=papers.index)
    if start is not None:
        keep &= papers["date"] >= pd.Timestamp(start).normalize()
    if end is not None:
        keep &= papers["date"] <= pd.Timestamp(end).normalize()
    return papers[keep]


# --------------------------------------------------------------------------- per paper


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
        Which count: ``"votes"``, the snapshot a digest printed on its day, or
        ``"upvotes"``, the Hub's count when it was fetched (hub data only). The result
        names it ``votes`` either way.

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
        Which count: ``"votes"``, the snapshot a digest printed on its day, or
        ``"upvotes"``, the Hub's count when it was fetched (hub data only). The result
        names it ``votes`` either way.

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


@renamed_arguments(corpus="data")
@positional_options
def plot_vote_distribution(
    data: Any,
    *,
    log: bool = False,
    ax: Axes | None = None,
    bins: int | Sequence[float] | str = "125",
    unique: bool = True,
    votes: str = "votes",
    **kwargs: Any,
) -> Axes:
    """Bar chart of :func:`vote_distribution`, one bar per bin.

    Parameters
    ----------
    data : Corpus or DataFrame
        A corpus or its papers table.
    log : bool, default False
        Put the paper counts on a logarithmic axis (as ``matplotlib.pyplot.hist(log=True)``)
        so that the long tail stays visible (the default bins are already logarithmic in
        votes). On the linear axis the count ticks are whole numbers.
    ax : matplotlib Axes, optional
        Where to draw; a new figure's Axes if omitted.
    bins, unique, votes
        As in :func:`vote_distribution`.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.bar` (e.g. ``color="C2"``, ``alpha=0.5``).

    Returns
    -------
    Axes

    Examples
    --------
    >>> ax = plot_vote_distribution(corpus, log=True, color="C2")  # doctest: +SKIP
    """
    from papertoolkit.plots import prepare_axes

    ax = prepare_axes(ax)
    table = vote_distribution(data, bins=bins, unique=unique, votes=votes)
    unit = "papers" if unique else "appearances"
    label = VOTE_CHOICES[votes]
    ax.set_xlabel(label)
    ax.set_ylabel(unit)
    missing = table.attrs.get("without_votes", 0)
    note = f"\n{missing} {unit} without votes not shown" if missing and not table.empty else ""
    ax.set_title(f"Distribution of {label}{note}")
    if table.empty:
        return _no_votes(ax)
    positions = np.arange(len(table))
    ax.bar(positions, table["papers"].to_numpy(dtype=float), **{"width": 0.8, **kwargs})
    ax.set_xticks(positions, table["bin"].tolist(), rotation=45 if len(table) > 8 else 0)
    if log:
        ax.set_yscale("log")
    else:
        integer_ticks(ax.yaxis)  # counts of papers: no 2.5 papers
    return ax


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
        Which count: ``"votes"``, the snapshot a digest printed on its day, or
        ``"upvotes"``, the Hub's count when it was fetched (hub data only). The result
        names it ``votes`` either way.

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


@renamed_arguments(corpus="data")
@positional_options
def plot_votes_over_time(
    data: Any, *, freq: str = "W", stat: str = "median", ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Line plot of :func:`votes_over_time`: one point per period that has votes.

    The line is broken (not drawn across) where a day, week or month has no votes,
    e.g. a weekend or a digest without vote counts.

    Parameters
    ----------
    data : Corpus or DataFrame
        A corpus or its papers table.
    freq : {"D", "W", "M"} or {"day", "week", "month"}, default "W"
        Period length.
    stat : {"median", "sum", "mean"}, default "median"
        Which column to draw (``median_votes``, ``total_votes`` or ``mean_votes``).
    ax : matplotlib Axes, optional
        Where to draw; a new figure's Axes if omitted.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.plot` (e.g. ``color="C3"``, ``marker="s"``).

    Returns
    -------
    Axes

    Notes
    -----
    The x axis shows dates only: one tick per period (month-day, or year-month for
    months) when there are at most :data:`FEW_PERIODS` of them, else matplotlib's automatic
    date ticks (never hours); the year goes into the axis label. Vote ticks are whole
    numbers.

    Examples
    --------
    >>> ax = plot_votes_over_time(corpus, freq="month", stat="sum")  # doctest: +SKIP
    """
    from papertoolkit.plots import prepare_axes

    check_choice("stat", stat, ("median", "sum", "mean"))
    key = check_freq("freq", freq)
    ax = prepare_axes(ax)
    table = votes_over_time(data, freq=key)
    column = {"sum": "total_votes", "median": "median_votes", "mean": "mean_votes"}[stat]
    table = table[table[column].notna()]
    name = {"D": "daily", "W": "weekly", "M": "monthly"}[key]
    ax.set_title(f"{name.capitalize()} {stat} of {VOTES_LABEL}")
    xlabel = {"D": "day", "W": "week (starting Monday)", "M": "month"}[key]
    ax.set_xlabel(xlabel)
    ax.set_ylabel(f"{stat} of {VOTES_LABEL}")
    if table.empty:
        return _no_votes(ax)
    values = table[column].to_numpy(dtype=float)
    x, y = _with_gaps(table["period"], values, key)
    # the NaN breaks the line where a period has no votes
    ax.plot(x, y, **{"marker": "o", **kwargs})
    if values.max() - values.min() < 2:  # a flat line: show the whole numbers around it
        ax.set_ylim(max(math.floor(values.min()) - 1, 0), math.ceil(values.max()) + 1)
    year = date_axis(ax, table["period"], key)  # dates only: no "02-20 06" hour ticks
    if year:
        ax.set_xlabel(f"{xlabel}, {year}")
    integer_ticks(ax.yaxis)  # votes are whole numbers (a median may fall between ticks)
    return ax


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
        Which count: ``"votes"``, the snapshot a digest printed on its day, or
        ``"upvotes"``, the Hub's count when it was fetched (hub data only). The result
        names it ``votes`` either way.

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
    pairs = (
        authorships[["arxiv_id", "author"]]
        .astype({"arxiv_id": "string", "author": "string"})
        .dropna()
        .drop_duplicates()
        .merge(per_paper, on="arxiv_id", how="inner")
    )
    out = _summarise(pairs, "author")
    out = out[out["papers"] >= min_papers][list(columns)].astype(columns)
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
        Which count: ``"votes"``, the snapshot a digest printed on its day, or
        ``"upvotes"``, the Hub's count when it was fetched (hub data only). The result
        names it ``votes`` either way.

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
@positional_options
def plot_votes_vs_authors(
    data: Any,
    *,
    log: bool = False,
    ax: Axes | None = None,
    bins: Sequence[float] = N_AUTHORS_BINS,
    **kwargs: Any,
) -> Axes:
    """Scatter of number of authors against votes, with each bucket's median as a segment.

    One point per distinct paper with votes and a known author count; one horizontal
    segment per non-empty bucket of :func:`votes_by_n_authors` at its median.

    Parameters
    ----------
    data : Corpus or DataFrame
        A corpus or its papers table.
    log : bool, default False
        Symmetric-log scale on both axes (keeps 0 votes and 0 authors visible; a few papers
        have hundreds of authors), with ticks at 0, 1, 2, 5, 10, 20, 50, ... written as
        plain numbers.
    ax : matplotlib Axes, optional
        Where to draw; a new figure's Axes if omitted.
    bins
        As in :func:`votes_vs_authors`.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.scatter` for the points (e.g. ``s=30``).

    Returns
    -------
    Axes

    Examples
    --------
    >>> ax = plot_votes_vs_authors(corpus, log=True, s=20)  # doctest: +SKIP
    """
    from papertoolkit.plots import prepare_axes

    ax = prepare_axes(ax)
    table = votes_vs_authors(data, bins=bins)
    table = table[table["votes"].notna() & table["n_authors"].notna()]
    ax.set_xlabel("number of authors")
    ax.set_ylabel(VOTES_LABEL)
    ax.set_title(f"Authors per paper vs {VOTES_LABEL}")
    if table.empty:
        return _no_votes(ax)
    x = table["n_authors"].to_numpy(dtype=float)
    ax.scatter(x, table["votes"].to_numpy(dtype=float),
               **{"s": 12, "alpha": 0.5, "label": "paper", **kwargs})
    summary = _summarise(table, "n_authors_bucket")
    categories = table["n_authors_bucket"].cat.categories
    edges = np.asarray(list(bins), dtype=float)
    at = [categories.get_loc(b) for b in summary["n_authors_bucket"]]
    lows = [edges[i] - 0.4 for i in at]
    highs = [min(edges[i + 1] - 1, x.max()) + 0.4 for i in at]
    ax.hlines(summary["median_votes"].to_numpy(dtype=float), lows, highs, colors="C1",
              linewidth=2, label="bucket median")
    if log:
        ax.set_xscale("symlog", linthresh=1)
        ax.set_yscale("symlog", linthresh=1)
        readable_log_ticks(ax.xaxis, x.max())
        readable_log_ticks(ax.yaxis, table["votes"].max())
    ax.legend(loc="upper right")
    return ax


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
        Which count: ``"votes"``, the snapshot a digest printed on its day, or
        ``"upvotes"``, the Hub's count when it was fetched (hub data only). The result
        names it ``votes`` either way.

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
    (['reasoning', 'vision'], [24.0, 17.0])
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
