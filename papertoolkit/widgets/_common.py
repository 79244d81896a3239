"""Shared parts of the explorers: HTML helpers (everything escaped), figures, the base class."""

from __future__ import annotations

import base64
import hashlib
import html
import io
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import ipywidgets as widgets
import numpy as np
import pandas as pd

if TYPE_CHECKING:  # imported lazily at run time
    from matplotlib.figure import Figure


VOTES_NOTE = "Votes are snapshots taken on the day each digest was written."
#: Figures whose PNG is kept per explorer, so going back to a previous setting is instant.
FIGURE_CACHE_SIZE = 32
_MUTED = "color:#666"




def _esc(value: Any) -> str:
    """Escaped text of *value*; missing values give an en dash."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return "–"
    return html.escape(str(value), quote=True)


def _arxiv_link(arxiv_id: Any, title: Any) -> str:
    """``<a>`` to the arXiv abstract page; the URL is built from the id, never copied."""
    href = "https://arxiv.org/abs/" + quote(str(arxiv_id), safe="/.")
    return f'<a href="{_esc(href)}" target="_blank" rel="noopener">{_esc(title)}</a>'


def _message(text: str, level: str = "info") -> str:
    style = "color:#a33" if level == "error" else _MUTED
    return f'<p style="{style}"><em>{_esc(text)}</em></p>'


def _table(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    max_height: int = 420,
    nowrap: Sequence[int] = (),
) -> str:
    """An HTML table; *rows* hold cells that are already escaped HTML.

    Columns whose index is in *nowrap* (numbers, dates) are not wrapped.
    """
    th = "".join(
        f'<th style="text-align:left;padding:2px 8px;border-bottom:1px solid #999">{_esc(h)}</th>'
        for h in header
    )
    styles = [
        "padding:2px 8px;vertical-align:top" + (";white-space:nowrap" if k in nowrap else "")
        for k in range(len(header))
    ]
    body = "".join(
        "<tr>"
        + "".join(f'<td style="{style}">{c}</td>' for style, c in zip(styles, row, strict=True))
        + "</tr>"
        for row in rows
    )
    return (
        f'<div style="max-height:{max_height}px;overflow:auto">'
        f'<table style="border-collapse:collapse;font-size:90%"><thead><tr>{th}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _fmt_int(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return "–"
    return f"{int(value):,}"


def _fmt_date(value: Any) -> str:
    if value is None or value is pd.NA or pd.isna(value):
        return "–"
    return pd.Timestamp(value).date().isoformat()


def _author_list(names: Sequence[str], shown: int = 3) -> str:
    """First *shown* names (escaped), "+ N more", the full list as a tooltip."""
    if not names:
        return "–"
    text = ", ".join(names[:shown])
    if len(names) > shown:
        text += f" + {len(names) - shown} more"
    return f'<span title="{_esc(", ".join(names))}">{_esc(text)}</span>'




def _new_figure(
    figsize: tuple[float, float], ncols: int = 1, **margins: float
) -> tuple[Figure, list]:
    """A bare Figure (no pyplot: nothing to close, nothing leaks) and its Axes.

    *margins* go to ``Figure.subplots_adjust``: fixed margins for the explorers' known
    figures render about twice as fast as matplotlib's constrained layout.
    """
    from matplotlib.figure import Figure

    from papertoolkit.plots import prepare_axes, use_cjk_font

    use_cjk_font()
    fig = Figure(figsize=figsize)
    axes = fig.subplots(1, ncols, squeeze=False)[0].tolist()
    fig.subplots_adjust(**margins)
    return fig, [prepare_axes(ax) for ax in axes]


def _figure_output(fig: Figure, dpi: int = 80) -> dict:
    """Render *fig* to a PNG ``display_data`` output; text/plain names the Axes titles."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    titles = [ax.get_title().replace("\n", " ") for ax in fig.axes if ax.get_title()]
    try:  # figures drawn through pyplot by a plot function are closed as well
        import matplotlib.pyplot as plt

        plt.close(fig)
    except Exception:  # pragma: no cover - a bare Figure is not registered with pyplot
        pass
    return {
        "output_type": "display_data",
        "data": {
            "image/png": base64.b64encode(buffer.getvalue()).decode("ascii"),
            "text/plain": "<Figure: " + " | ".join(titles) + ">",
        },
        "metadata": {},
    }


def _message_output(text: str) -> dict:
    return {
        "output_type": "display_data",
        "data": {"text/html": _message(text), "text/plain": text},
        "metadata": {},
    }


def _mask_key(mask: np.ndarray) -> str:
    return hashlib.blake2b(np.packbits(mask).tobytes(), digest_size=16).hexdigest()




class _Explorer(widgets.VBox):
    """Shared plumbing: observing controls, error capture, timing and a figure cache."""

    def __init__(self, children: Sequence[widgets.Widget], **kwargs: Any):
        super().__init__(children=list(children), **kwargs)
        self.last_error: BaseException | None = None
        self.last_update_seconds: float = 0.0
        self._figures: OrderedDict[Hashable, dict] = OrderedDict()
        self._busy = False

    def _watch(self, *controls: widgets.Widget, handler: Callable[[], None] | None = None):
        callback = handler or self.update

        def on_change(change: dict) -> None:
            if not self._busy:
                self._safely(callback)

        for control in controls:
            control.observe(on_change, names="value")

    def _safely(self, func: Callable[[], None]) -> None:
        start = time.perf_counter()
        self._busy = True
        try:
            func()
            self.last_error = None
        except Exception as err:  # shown as a message: widgets must never show a traceback
            self.last_error = err
            self._show_error(f"Could not update: {type(err).__name__}: {err}")
        finally:
            self._busy = False
            self.last_update_seconds = time.perf_counter() - start

    def _show_error(self, text: str) -> None:
        self.summary.value = _message(text, level="error")
        self._show_message(self.plot, text)

    def update(self) -> None:  # pragma: no cover - overridden
        """Recompute every output from the current control values."""
        raise NotImplementedError

    def _show_figure(self, out: widgets.Output, key: Hashable, draw: Callable[[], Figure]):
        """Show the figure cached under *key*, drawing it with *draw()* when missing."""
        output = self._figures.get(key)
        if output is None:
            output = _figure_output(draw())
            self._figures[key] = output
            while len(self._figures) > FIGURE_CACHE_SIZE:
                self._figures.popitem(last=False)
        else:
            self._figures.move_to_end(key)
        if out.outputs != (output,):
            out.outputs = (output,)

    @staticmethod
    def _show_message(out: widgets.Output, text: str) -> None:
        out.outputs = (_message_output(text),)


def _tags_for(corpus: Any, tags: pd.DataFrame | None, taxonomy: Any) -> pd.DataFrame:
    if tags is not None:
        return tags
    from papertoolkit.topics import tag_topics

    return tag_topics(corpus, taxonomy=taxonomy)


def _topic_names(tags: pd.DataFrame, taxonomy: Any) -> tuple[list[str], dict[str, str]]:
    """Topic ids in taxonomy order and their display labels."""
    from papertoolkit.topics import topic_labels

    if isinstance(tags["topic"].dtype, pd.CategoricalDtype):
        order = [str(t) for t in tags["topic"].cat.categories]
    else:
        order = list(dict.fromkeys(tags["topic"].astype(str)))
    try:
        labels = topic_labels(taxonomy)
    except Exception:  # a custom taxonomy without labels: use the ids
        labels = {}
    return order, {t: str(labels.get(t, t)) for t in order}


def _authors_by_paper(authorships: pd.DataFrame) -> dict[str, list[str]]:
    """Author names of each paper, in digest order, from its first appearance."""
    if authorships.empty:
        return {}
    ships = authorships[["arxiv_id", "date", "position", "author"]].dropna(
        subset=["arxiv_id", "author"]
    )
    first = ships.groupby("arxiv_id", sort=False)["date"].transform("min")
    ships = ships[(ships["date"] == first) | first.isna()]
    ships = ships.sort_values(["arxiv_id", "position"], kind="stable")
    out: dict[str, list[str]] = {}
    for arxiv_id, author in zip(
        ships["arxiv_id"].astype(str).tolist(), ships["author"].astype(str).tolist(), strict=True
    ):
        names = out.setdefault(arxiv_id, [])
        if author not in names:
            names.append(author)
    return out
