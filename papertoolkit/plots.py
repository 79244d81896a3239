"""Shared plotting plumbing: axes handling and a font that renders Hangul.

Plot functions live beside the analysis they draw (``votes.plot_votes_over_time``,
``topics.plot_topic_share``, ``network.plot_network``); they all call
:func:`prepare_axes` so they take an optional ``ax=`` and return the Axes, as seaborn does.

Hangul needs a font that has it: matplotlib's default (DejaVu Sans) does not, and draws
empty boxes ("tofu") with a "Glyph ... missing from font(s)" warning. :func:`use_cjk_font`
finds one, in this order:

1. a font file shipped in ``papertoolkit/fonts/`` (none by default);
2. the NanumGothic files shipped by the pip package ``koreanize-matplotlib`` (a dependency,
   so ``pip install papertoolkit`` alone is enough; the package is *not* imported, which
   would change matplotlib settings as a side effect: only its font files are used);
3. a font installed on the system (Debian ``fonts-nanum`` or ``fonts-noto-cjk``, macOS
   Apple SD Gothic Neo, Windows Malgun Gothic, ...).

It then sets ``font.family`` to ``[<that font>, "DejaVu Sans", ...]``: matplotlib (>= 3.6)
takes each glyph from the first font of the list that has it, so Hangul comes from the CJK
font and symbols it lacks (such as the minus sign U+2212) from DejaVu Sans.

Axis helpers shared by the plots and the explorers: :func:`integer_ticks` (whole numbers
only), :func:`readable_log_ticks` (0, 1, 2, 5, 10, ... on a log axis) and :func:`date_axis`
(date ticks for one point per day, week or month).

Examples
--------
>>> from papertoolkit.plots import prepare_axes
>>> ax = prepare_axes(None)   # a new figure's Axes, Hangul-capable font configured
"""

from __future__ import annotations

import functools
import importlib.util
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ._compat import positional_options

if TYPE_CHECKING:  # matplotlib is imported lazily: it costs start-up time
    from matplotlib.axes import Axes

#: Families known to hold Hangul, best first (looked up among fonts matplotlib knows).
CJK_FAMILIES = (
    "NanumGothic",
    "NanumBarunGothic",
    "Noto Sans CJK KR",
    "Noto Sans KR",
    "Source Han Sans KR",
    "Apple SD Gothic Neo",
    "AppleGothic",
    "Malgun Gothic",
    "UnDotum",
    "Baekmuk Gulim",
    "Noto Sans CJK JP",
    "Noto Sans CJK SC",
)

_HANGUL_PROBE = 0xAC00  # "가"


def _shipped_font_files() -> list[Path]:
    """Font files of ``papertoolkit/fonts/`` and of the ``koreanize-matplotlib`` package."""
    dirs = [Path(__file__).with_name("fonts")]
    # find_spec does not import the package (importing it would change rcParams)
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is not None and spec.submodule_search_locations:
        dirs += [Path(loc) / "fonts" for loc in spec.submodule_search_locations]
    files: list[Path] = []
    for folder in dirs:
        if folder.is_dir():
            files += sorted(p for p in folder.iterdir() if p.suffix.lower() in {".ttf", ".otf"})
    return files


def _has_hangul(path: str) -> bool:
    from matplotlib.ft2font import FT2Font

    try:
        return _HANGUL_PROBE in FT2Font(path).get_charmap()
    except (OSError, RuntimeError, ValueError):
        return False


@functools.cache
def find_cjk_font() -> str | None:
    """Register a Hangul-capable font with matplotlib and return its family name.

    Returns
    -------
    str or None
        The family, or ``None`` when no such font exists on this machine.

    Examples
    --------
    With the ``koreanize-matplotlib`` dependency installed:

    >>> find_cjk_font()
    'NanumGothic'
    """
    from matplotlib import font_manager as fm

    for path in _shipped_font_files():
        try:
            fm.fontManager.addfont(str(path))
        except (OSError, RuntimeError, ValueError):  # pragma: no cover - broken file
            continue
    by_name: dict[str, list[str]] = {}
    for entry in fm.fontManager.ttflist:
        by_name.setdefault(entry.name, []).append(entry.fname)
    for family in CJK_FAMILIES:
        if family in by_name:
            return family
    # an unknown system font: check its character map (only names that hint at CJK)
    hints = ("cjk", "kr", "korean", "hangul", "gothic", "nanum", "han sans", "gulim", "dotum")
    for name, paths in sorted(by_name.items()):
        if any(h in name.lower() for h in hints) and _has_hangul(paths[0]):
            return name
    return None


def use_cjk_font() -> str | None:
    """Configure matplotlib to render Hangul and Latin text; return the font family used.

    Puts the font found by :func:`find_cjk_font` first in ``rcParams["font.family"]``,
    followed by DejaVu Sans and the families that were there, so each glyph comes from the
    first font that has it. Leaves the settings alone when a Hangul-capable family is
    already first. Warns once and returns ``None`` when no such font is installed.

    Returns
    -------
    str or None
        The family now first in ``font.family``, or ``None``.

    Examples
    --------
    With the ``koreanize-matplotlib`` dependency installed:

    >>> import matplotlib
    >>> use_cjk_font(), matplotlib.rcParams["font.family"][:2]
    ('NanumGothic', ['NanumGothic', 'DejaVu Sans'])
    """
    import matplotlib

    family = find_cjk_font()
    if family is None:
        _warn_no_font()
        return None
    current = list(matplotlib.rcParams["font.family"])
    if current and current[0] == family:
        return family
    wanted = [family, "DejaVu Sans"]
    matplotlib.rcParams["font.family"] = wanted + [f for f in current if f not in wanted]
    return family


@functools.cache
def _warn_no_font() -> None:
    warnings.warn(
        "No Hangul-capable font found: Korean text will show as boxes. "
        "Install one with `pip install koreanize-matplotlib` (or `apt-get install fonts-nanum`).",
        stacklevel=3,
    )


@positional_options
def prepare_axes(ax: Axes | None = None, *, figsize: tuple[float, float] = (8, 5)) -> Axes:
    """Return *ax*, or the Axes of a new figure, after configuring a CJK font.

    Parameters
    ----------
    ax : matplotlib Axes, optional
        Returned as it is (its existing texts get the Hangul-capable font).
    figsize : (float, float), default (8, 5)
        Size of the new figure, in inches, when *ax* is None.

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> ax = prepare_axes(None, figsize=(4, 3))
    >>> prepare_axes(ax) is ax
    True
    """
    family = use_cjk_font()
    if ax is not None:
        if family is not None:
            _refont(ax)
        return ax
    import matplotlib.pyplot as plt

    _, new_ax = plt.subplots(figsize=figsize)
    return new_ax


def _refont(ax: Axes) -> None:
    """Give an existing Axes' texts the configured font family.

    Texts made before the CJK font was configured (on an Axes the user created before the
    first papertoolkit plot) keep the old family and would draw Hangul as boxes; new tick
    labels copy their properties from the existing ticks, so fixing those fixes later ones.
    """
    import matplotlib as mpl

    family = mpl.rcParams["font.family"]
    from matplotlib.text import Text

    # the three titles (centre, left, right) are Text children of the Axes
    titles = [t for t in ax.get_children() if isinstance(t, Text) and t not in ax.texts]
    texts = [*titles, ax.xaxis.label, ax.yaxis.label]
    if all(list(t.get_fontfamily()) == list(family) for t in texts):
        return  # made after the font was configured (listing the ticks would build them)
    for text in texts + ax.get_xticklabels() + ax.get_yticklabels():
        text.set_fontfamily(family)


def nothing_to_plot(ax: Axes, message: str) -> Axes:
    """Write *message* in the middle of *ax*, for a plot whose data is empty; return *ax*.

    Parameters
    ----------
    ax : matplotlib Axes
        The Axes left without data.
    message : str
        What is missing, e.g. ``"no papers with votes"``.

    Returns
    -------
    matplotlib Axes
        *ax*.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = nothing_to_plot(Figure().subplots(), "no papers to plot")
    >>> [t.get_text() for t in ax.texts]
    ['no papers to plot']
    """
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    return ax


#: Up to this many periods, the date axis has one tick per period (at its first day).
FEW_PERIODS = 8
_PERIOD_DAYS = {"D": 1, "W": 7, "M": 30}


def integer_ticks(axis: Any) -> None:
    """Integer tick values on *axis* (a count or a vote number).

    They apply when the view holds at least two integers (MaxNLocator falls back to
    fractions otherwise).

    Parameters
    ----------
    axis : matplotlib Axis
        ``ax.xaxis`` or ``ax.yaxis``.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> _ = ax.set_ylim(0, 3.2)
    >>> integer_ticks(ax.yaxis)
    >>> ax.get_yticks().tolist()
    [0.0, 1.0, 2.0, 3.0, 4.0]
    """
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))


def readable_log_ticks(axis: Any, top: float) -> None:
    """Ticks 0, 1, 2, 5, 10, 20, 50, ... up to *top* on a (sym)log *axis*.

    They are written as plain numbers ("20", not "2×10¹"), with no minor ticks.

    Parameters
    ----------
    axis : matplotlib Axis
        A log or symlog axis.
    top : float
        The largest value shown; one tick at or beyond it ends the list.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> ax.set_xscale("symlog", linthresh=1)
    >>> readable_log_ticks(ax.xaxis, 120)
    >>> ax.xaxis.get_major_locator().tick_values(0, 120).tolist()
    [0.0, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0]
    """
    from matplotlib.ticker import FixedLocator, NullLocator, StrMethodFormatter

    ticks = [0.0]
    base = 1.0
    while ticks[-1] < top:
        ticks += [m * base for m in (1, 2, 5) if not ticks or m * base > ticks[-1]]
        base *= 10
    while len(ticks) > 2 and ticks[-2] >= top:
        ticks.pop()
    axis.set_major_locator(FixedLocator(ticks))
    axis.set_major_formatter(StrMethodFormatter("{x:g}"))
    axis.set_minor_locator(NullLocator())


@positional_options
def date_axis(ax: Axes, periods: Any, *, freq: str = "D") -> str:
    """Date ticks for one point per period: dates only, never hours.

    Up to :data:`FEW_PERIODS` periods get one tick each, labelled month-day (year-month
    for months), with the x range padded around them (a single date would otherwise be
    padded by years); more periods get matplotlib's AutoDateLocator (at least three
    ticks, so at least daily) and a concise formatter (month-day, or month names with
    the year at January).

    Parameters
    ----------
    ax : matplotlib Axes
        The Axes whose x axis shows the dates.
    periods : sequence of date-like
        The dates plotted (one per period).
    freq : {"D", "W", "M"}, default "D"
        The period.

    Returns
    -------
    str
        The year(s) spanned, or "".

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> days = corpus.papers["date"].drop_duplicates()[:3]
    >>> ax = Figure().subplots()
    >>> _ = ax.plot(days, [1, 2, 3])
    >>> date_axis(ax, days), [t.get_text() for t in ax.get_xticklabels()]
    ('2024', ['02-12', '02-13', '02-14'])
    """
    import matplotlib.dates as mdates
    from matplotlib.ticker import FixedLocator

    key = str(freq).upper()
    days = pd.DatetimeIndex(pd.to_datetime(pd.Series(periods)).dropna().unique()).sort_values()
    if len(days) == 0:
        return ""
    years = sorted({d.year for d in days})
    year_text = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
    if len(days) <= FEW_PERIODS:
        ax.xaxis.set_major_locator(FixedLocator(mdates.date2num(days.to_pydatetime())))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m" if key == "M" else "%m-%d"))
        span = (days[-1] - days[0]) / pd.Timedelta(days=1)
        pad = pd.Timedelta(days=max(0.08 * span, 0.6 * _PERIOD_DAYS.get(key, 1)))
        ax.set_xlim(days[0] - pad, days[-1] + pad)
        return "" if key == "M" else year_text
    if key == "D":  # every k-th day from the first (a day locator restarts each month,
        # which put ticks two days apart, overlapping, around the turn of a month)
        step = max(-(-((days[-1] - days[0]).days + 1) // 7), 1)  # ceil(days / 7)
        ticks = pd.date_range(days[0], days[-1], freq=f"{step}D")
        ax.xaxis.set_major_locator(FixedLocator(mdates.date2num(ticks.to_pydatetime())))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%m-%d"))
        return year_text
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    formatter = mdates.ConciseDateFormatter(
        locator,
        formats=["%Y", "%b", "%m-%d", "%H:%M", "%H:%M", "%S.%f"],
        zero_formats=["", "%Y", "%m-%d", "%m-%d", "%H:%M", "%H:%M"],
        offset_formats=["", "", "", "%Y-%m-%d", "%Y-%m-%d", "%Y-%m-%d %H:%M"],
        show_offset=False,
    )
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(formatter)
    return year_text
