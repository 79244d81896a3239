"""Plots of topic trends and top terms."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._compat import positional_options
from ._common import _topic_order

if TYPE_CHECKING:  # heavy libraries are imported lazily inside the functions
    from matplotlib.axes import Axes


@positional_options
def plot_topic_share(
    share: pd.DataFrame,
    *,
    kind: str = "area",
    ax: Axes | None = None,
    topics: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
    **kwargs: Any,
) -> Axes:
    """Plot :func:`topic_share` over time as a stacked area chart or a heatmap.

    Parameters
    ----------
    share : DataFrame
        Output of :func:`topic_share`.
    kind : {"area", "heatmap"}
        Stacked areas of each topic's share (multi-label, so the stack can pass 100 %), or a
        topic × period heatmap.
    ax : Axes, optional
        Axes to draw on; a new figure's Axes by default.
    topics : list of str, optional
        Topics to show, in this order (default: all, in taxonomy order).
    labels : dict, optional
        Display names, e.g. ``topic_labels(lang="ko")`` (default: the topic ids).
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.stackplot` (area) or
        :meth:`~matplotlib.axes.Axes.imshow` (heatmap), e.g. ``alpha=0.8``, ``cmap="magma"``.

    Returns
    -------
    Axes

    Examples
    --------
    >>> ax = plot_topic_share(topic_share(corpus, tags, freq="M"), kind="heatmap")  # doctest: +SKIP
    """
    from ..plots import nothing_to_plot, prepare_axes

    if kind not in ("area", "heatmap"):
        raise ValueError('kind must be "area" or "heatmap"')
    created = ax is None  # lay out only a figure made here, never a user's
    ax = prepare_axes(ax)
    if share.empty:
        return nothing_to_plot(ax, "no papers to plot")
    wide = share.assign(topic=share["topic"].astype(str)).pivot_table(
        index="period", columns="topic", values="share", aggfunc="first"
    )
    order = list(topics) if topics is not None else [
        t for t in _topic_order(share) if t in wide.columns
    ]
    wide = wide.reindex(columns=order).fillna(0.0)
    names = [str((labels or {}).get(t, t)) for t in order]
    if kind == "area":
        import matplotlib as mpl

        colors = mpl.colormaps["tab20" if len(order) > 10 else "tab10"].colors
        ax.stackplot(wide.index, wide.to_numpy().T, **{
            "labels": names, "colors": [colors[i % len(colors)] for i in range(len(order))],
            **kwargs})
        ax.set_ylabel("share of papers (stacked, multi-label)")
        ax.set_xlabel("period")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
    else:
        image = ax.imshow(wide.to_numpy().T, **{
            "aspect": "auto", "cmap": "viridis", "interpolation": "nearest", **kwargs})
        ax.set_yticks(range(len(order)), names)
        step = max(1, len(wide.index) // 12)
        ticks = range(0, len(wide.index), step)
        fmt, xlabel = _period_format(pd.DatetimeIndex(wide.index))
        ax.set_xticks(list(ticks), [wide.index[i].strftime(fmt) for i in ticks],
                      rotation=45, ha="right")
        ax.set_xlabel(xlabel)
        ax.figure.colorbar(image, ax=ax, label="share of papers")
    if created:
        ax.figure.tight_layout()  # long (Korean) labels and dates stay inside the figure
    return ax


def _period_format(index: pd.DatetimeIndex) -> tuple[str, str]:
    """``strftime`` format and axis label for period starts: months ``2023-11``, weeks
    ``11-20`` (the year in the label) or ISO weeks ``2024-W03`` when they span several
    years, anything else full dates."""
    years = sorted({d.year for d in index})
    year = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    gaps = np.diff(index.asi8) / 86_400e9 if len(index) > 1 else np.array([])
    if len(index) and (index.day == 1).all() and (len(gaps) == 0 or gaps.min() >= 28):
        return "%Y-%m", "month"
    if len(gaps) and (index.day_of_week == 0).all() and (gaps % 7 == 0).all():
        if len(years) == 1:
            return "%m-%d", f"week starting ({year})"
        return "%G-W%V", "ISO week"
    return "%Y-%m-%d", "period"


@positional_options
def plot_top_terms(
    terms: pd.DataFrame,
    *,
    topic: Any = None,
    n: int = 10,
    ax: Axes | None = None,
    **kwargs: Any,
) -> Axes:
    """Horizontal bar chart of the top terms of one topic (or one period).

    Parameters
    ----------
    terms : DataFrame
        The ``terms`` table of :func:`discover_topics` (``topic, term, weight``) or the output
        of :func:`keywords` (``period, term, score``).
    topic : optional
        The topic (or period) to show; default the first one in the table.
    n : int
        Number of bars.
    ax : Axes, optional
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.barh` (e.g. ``color="C1"``).

    Returns
    -------
    Axes

    Examples
    --------
    >>> terms, _ = discover_topics(corpus)                # doctest: +SKIP
    >>> ax = plot_top_terms(terms, topic=3)               # doctest: +SKIP
    """
    from ..plots import nothing_to_plot, prepare_axes

    group = "topic" if "topic" in terms.columns else "period"
    value = "weight" if "weight" in terms.columns else "score"
    ax = prepare_axes(ax)
    if terms.empty:
        return nothing_to_plot(ax, "no terms to plot")
    if topic is None:
        topic = terms[group].iloc[0]
    sub = terms[terms[group] == topic]
    if sub.empty:
        raise ValueError(f"{group} {topic!r} not found in the terms table")
    sub = sub.sort_values(value, ascending=False, kind="stable").head(n).iloc[::-1]
    ax.barh(sub["term"].astype(str), sub[value].astype(float), **kwargs)
    ax.set_xlabel(value)
    if isinstance(topic, pd.Timestamp):
        topic = topic.strftime("%Y-%m-%d")
    ax.set_title(f"{group} {topic}")
    return ax
