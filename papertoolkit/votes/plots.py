"""Plots of the vote summaries: ``plot_x(data, *, ax=None, **kwargs)`` returning the Axes."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._checks import check_choice, check_freq
from .._compat import positional_options, renamed_arguments
from ..plots import FEW_PERIODS as FEW_PERIODS
from ..plots import date_axis, integer_ticks, nothing_to_plot, readable_log_ticks
from ._common import N_AUTHORS_BINS, NO_VOTES_MESSAGE, VOTE_CHOICES, VOTES_LABEL, _summarise
from .summaries import vote_distribution, votes_over_time, votes_vs_authors

if TYPE_CHECKING:  # matplotlib is imported lazily: it costs start-up time
    from matplotlib.axes import Axes

__all__ = ["plot_vote_distribution", "plot_votes_over_time", "plot_votes_vs_authors"]


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
        return nothing_to_plot(ax, NO_VOTES_MESSAGE)
    positions = np.arange(len(table))
    ax.bar(positions, table["papers"].to_numpy(dtype=float), **{"width": 0.8, **kwargs})
    ax.set_xticks(positions, table["bin"].tolist(), rotation=45 if len(table) > 8 else 0)
    if log:
        ax.set_yscale("log")
    else:
        integer_ticks(ax.yaxis)  # counts of papers: no 2.5 papers
    return ax


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
        return nothing_to_plot(ax, NO_VOTES_MESSAGE)
    values = table[column].to_numpy(dtype=float)
    x, y = _with_gaps(table["period"], values, key)
    # the NaN breaks the line where a period has no votes
    ax.plot(x, y, **{"marker": "o", **kwargs})
    if values.max() - values.min() < 2:  # a flat line: show the whole numbers around it
        ax.set_ylim(max(math.floor(values.min()) - 1, 0), math.ceil(values.max()) + 1)
    year = date_axis(ax, table["period"], freq=key)  # dates only: no "02-20 06" hour ticks
    if year:
        ax.set_xlabel(f"{xlabel}, {year}")
    integer_ticks(ax.yaxis)  # votes are whole numbers (a median may fall between ticks)
    return ax


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
        return nothing_to_plot(ax, NO_VOTES_MESSAGE)
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
