"""Shared parts of the explorers: HTML helpers (everything escaped), figures, the base class."""

from __future__ import annotations

import base64
import hashlib
import io
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import numpy as np
import pandas as pd

from papertoolkit.datatable import (
    FONT_STACK,
    TABLE_CSS,
    arxiv_url,
    esc,
    fmt_int,
    link,
    static_table,
)
from papertoolkit.details import _authors_by_paper as _authors_by_paper

if TYPE_CHECKING:  # imported lazily at run time
    from matplotlib.figure import Figure


VOTES_NOTE = "Votes are snapshots taken on the day each digest was written."
#: Figures whose PNG is kept per explorer, so going back to a previous setting is instant.
FIGURE_CACHE_SIZE = 32
#: Resolution of the explorers' figures, and their font sizes (points): at 80 dpi one
#: point is 1.1 px, so the smallest text (10 pt) is 11 px high.
FIGURE_DPI = 80
FIGURE_FONTS = {"font.size": 11, "axes.titlesize": 12, "axes.labelsize": 11,
                "xtick.labelsize": 10, "ytick.labelsize": 10, "legend.fontsize": 10,
                "legend.title_fontsize": 10}
_MUTED = "color:#555"
HINT_STYLE = "cursor:help;border-bottom:1px dotted #777"




_esc = esc


def _arxiv_link(arxiv_id: Any, title: Any) -> str:
    """``<a>`` to the arXiv abstract page; the URL is built from the id, never copied."""
    return link(arxiv_url(arxiv_id), title)


#: Ids that neither URL quoting (``safe="/."``) nor HTML escaping changes.
_PLAIN_ID = re.compile(r"[A-Za-z0-9_.~/-]+")


def _bulk_links(url_of: Callable[[Any], str], ids: Sequence[Any], texts: Sequence[Any]
                ) -> np.ndarray:
    """``link(url_of(i), t)`` for each pair, as an object array.

    Papers' ids are plain (``2401.00001``): their links are one template filled in, the
    same text :func:`link` writes; any other id goes through :func:`link` itself.
    """
    template = link(url_of("PTKID"), "PTKTEXT")
    head, rest = template.split("PTKID")
    mid, tail = rest.split("PTKTEXT")
    plain = _PLAIN_ID.fullmatch
    return np.array(
        [head + i + mid + _esc(t) + tail if type(i) is str and plain(i)
         else link(url_of(i), t) for i, t in zip(ids, texts, strict=True)],
        dtype=object)


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


_fmt_int = fmt_int


def _papers(n: Any) -> str:
    """``"1 paper"``, ``"1,722 papers"``: a count of papers for a person to read."""
    return f"{_fmt_int(n)} paper{'' if n == 1 else 's'}"


def _fmt_date(value: Any) -> str:
    if value is None or value is pd.NA or pd.isna(value):
        return "–"
    return pd.Timestamp(value).date().isoformat()


def _author_list(names: Sequence[str], shown: int = 3) -> str:
    """First *shown* names (escaped), then "+ N more" with the full list as a tooltip
    (dotted underline and a help cursor say there is one)."""
    if not names:
        return "–"
    text = _esc(", ".join(names[:shown]))
    if len(names) > shown:
        text += (f' <span title="{_esc(", ".join(names))}" style="{HINT_STYLE}">'
                 f"+ {len(names) - shown:,} more</span>")
    return text




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


def _figure_output(fig: Figure, dpi: int = FIGURE_DPI) -> dict:
    """Render *fig* to a PNG ``display_data`` output; text/plain names the Axes titles."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, pil_kwargs={"compress_level": 1})  # fast
    try:  # figures drawn through pyplot by a plot function are closed as well
        import matplotlib.pyplot as plt

        plt.close(fig)
    except Exception:  # pragma: no cover - a bare Figure is not registered with pyplot
        pass
    return _png_output(buffer.getvalue(), fig)


def _png_output(png: bytes, fig: Figure) -> dict:
    """A ``display_data`` output of *png* (a rendering of *fig*); text/plain names the
    Axes titles."""
    titles = [ax.get_title().replace("\n", " ") for ax in fig.axes if ax.get_title()]
    return {
        "output_type": "display_data",
        "data": {
            "image/png": base64.b64encode(png).decode("ascii"),
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




#: CSS class of a live explorer's element and of its static snapshot's.
LIVE_CLASS, SNAPSHOT_CLASS = "ptk-explorer", "ptk-snapshot"
#: JupyterLab (and Notebook 7) rules: in an output area, the snapshot hides once the live
#: explorer is on the page; a widget output with no element inside (JupyterLab's "Loading
#: widget..." or "Error displaying widget: model not found" text) hides beside a snapshot.
SNAPSHOT_CSS = (
    f"<style>.jp-OutputArea:has(.{LIVE_CLASS}) .{SNAPSHOT_CLASS} {{ display: none; }} "
    f".jp-OutputArea:has(.{SNAPSHOT_CLASS}) .jp-OutputArea-output.jupyter-widgets"
    ":not(:has(*)) { display: none; }</style>"
)


#: The widget output's text/plain: shown where the widget cannot be drawn.
PLAIN_TEXT = ("{name}: an interactive explorer, not drawn here (the notebook is not trusted, "
              "or this viewer has no widgets). Run the cell to use it; the snapshot above "
              "shows what it showed when the notebook was saved.")


class _Explorer(widgets.VBox):
    """Shared plumbing: observing controls, error capture, timing and a figure cache."""

    def __init__(self, children: Sequence[widgets.Widget], **kwargs: Any):
        # the tables' style sheet rides along in a hidden HTML widget (a <style> applies
        # to the page wherever it sits)
        style = widgets.HTML(f"<style>{TABLE_CSS}</style>",
                             layout=widgets.Layout(display="none"))
        super().__init__(children=[*children, style], **kwargs)
        self.add_class(LIVE_CLASS)  # on the page only while the widget itself is shown
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

    def _show_figure(self, out: widgets.Output, key: Hashable,
                     draw: Callable[[], Figure | dict]):
        """Show the figure cached under *key*, drawing it with *draw()* when missing
        (*draw* returns a Figure, or its output already rendered)."""
        output = self._figures.get(key)
        if output is None:
            import matplotlib

            with matplotlib.rc_context(FIGURE_FONTS):  # >= 9 px at the PNG's resolution
                drawn = draw()
                output = drawn if isinstance(drawn, dict) else _figure_output(drawn)
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

    # ------------------------------------------------------------ saved notebooks
    def snapshot_html(self) -> str:
        """A static HTML picture of what the explorer shows now: its texts, figures and the
        first rows of its tables (for a saved notebook read without a kernel)."""
        parts = [f'<div style="font-family:{FONT_STACK}">'
                 f'<p style="{_MUTED}"><em>Static snapshot of {type(self).__name__}; run '
                 "the cell for the interactive explorer.</em></p>"]
        _snapshot(self, parts)
        return "".join(parts) + "</div>"

    def _ipython_display_(self, **kwargs: Any) -> None:
        # Two outputs: the static snapshot (HTML) and the widget view. Front ends without
        # the widget (GitHub, nbviewer, nbconvert) show the snapshot. JupyterLab shows one
        # of them: SNAPSHOT_CSS hides the snapshot beside a live explorer, and the "Error
        # displaying widget: model not found" of a reopened notebook beside the snapshot.
        from IPython.display import display

        try:
            snapshot = self.snapshot_html()
        except Exception:  # pragma: no cover - a snapshot never blocks the widget
            snapshot = None
        if snapshot is not None:
            self._snapshot_display = display(self._snapshot_bundle(snapshot), raw=True,
                                             display_id=True)
        bundle = self._repr_mimebundle_(**kwargs)
        if isinstance(bundle, dict) and "text/plain" in bundle:
            # what a front end that cannot draw the widget shows instead (JupyterLab for an
            # untrusted notebook, GitHub): a sentence, not ipywidgets' repr of the children
            bundle = {**bundle, "text/plain": PLAIN_TEXT.format(name=type(self).__name__)}
        display(bundle, raw=True)

    def _snapshot_bundle(self, snapshot: str) -> dict[str, str]:
        return {"text/html": f'{SNAPSHOT_CSS}<div class="{SNAPSHOT_CLASS}">{snapshot}</div>',
                "text/plain": f"<static snapshot of {type(self).__name__}>"}

    def _refresh_snapshot(self) -> None:
        """Write the displayed static snapshot again (after what was shown first has been
        completed in the background)."""
        handle = getattr(self, "_snapshot_display", None)
        if handle is not None:
            try:
                handle.update(self._snapshot_bundle(self.snapshot_html()), raw=True)
            except Exception:  # pragma: no cover - a snapshot never blocks the widget
                pass


def _snapshot(widget: widgets.Widget, parts: list[str]) -> None:
    """Append the static HTML of *widget* and its children to *parts*, depth first; a
    hidden control (a finished progress bar, an empty suggestion list) is left out."""
    layout = getattr(widget, "layout", None)
    if (getattr(layout, "display", None) == "none"
            and not isinstance(widget, widgets.HTML)):  # an HTML may hold a style sheet
        return
    if hasattr(widget, "frame") and hasattr(widget, "_html_columns"):  # InteractiveTable
        parts.append(static_table(widget.frame, html_columns=widget._html_columns))
    elif isinstance(widget, widgets.HTML):
        parts.append(f'<div style="display:inline-block;margin-right:1em">{widget.value}</div>')
    elif isinstance(widget, widgets.Output):
        for out in widget.outputs:
            data = out.get("data", {})
            if "image/png" in data:
                parts.append(f'<img src="data:image/png;base64,{data["image/png"]}">')
            elif "text/html" in data:
                parts.append(data["text/html"])
    elif isinstance(widget, widgets.ValueWidget) and getattr(widget, "description", ""):
        value = getattr(widget, "label", None) or widget.value
        if isinstance(value, (tuple, list)):  # a range or a multiple choice; none is no filter
            value = " – ".join(str(v) for v in value) if value else "any"
        parts.append(f'<span style="{_MUTED};margin-right:1em">{_esc(widget.description)}: '
                     f"{_esc(value)}</span>")
    for child in getattr(widget, "children", ()):
        _snapshot(child, parts)


def _tags_for(corpus: Any, tags: pd.DataFrame | None, taxonomy: Any) -> pd.DataFrame:
    """*tags*, or the corpus' tags (the built-in taxonomy's computed once per corpus)."""
    from ._background import tags_for

    return tags_for(corpus, tags, taxonomy)


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


# --------------------------------------------------------------------------------------
# A paper's detail and the votes threshold: parts several explorers share
# --------------------------------------------------------------------------------------

#: Author buttons shown under a paper's detail (the rest are listed as text).
MAX_AUTHOR_BUTTONS = 24


class PaperDetail(widgets.VBox):
    """A selected paper: summary bullets with labels, links, topics (see
    :meth:`papertoolkit.details.PaperIndex.html`) and one button per author.

    ``html`` (HTML) holds the detail, ``authors`` (HBox) the author buttons; a click on one
    calls ``on_author(name)``. ``arxiv_id`` is the paper shown (``None`` when empty).
    """

    def __init__(self, index: Any, on_author: Callable[[str], None] | None = None):
        self.index = index
        self.on_author = on_author
        self.arxiv_id: str | None = None
        self.html = widgets.HTML(_message("Select a row of the table to read its summary."))
        self.authors = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([self.html, self.authors], layout=widgets.Layout(
            border="1px solid #ccc", padding="4px 10px", margin="6px 0"))
        self._prepared = False

    def show(self, arxiv_id: str | None, search: str = "") -> None:
        """Show paper *arxiv_id* (``None`` clears the panel); *search* is highlighted."""
        self.arxiv_id = arxiv_id
        if arxiv_id is None:
            self.html.value = _message("Select a row of the table to read its summary.")
            self.authors.children = ()
            return
        self.html.value = self.index.html(arxiv_id, search=search, show_authors=False)
        if self.on_author is not None and not self._prepared:  # author buttons shown:
            self._prepared = True  # compute what the author view needs while one reads
            from .authors import prepare_author_view

            prepare_author_view(getattr(self.index, "corpus", None))
        names = self.index.authors.get(str(arxiv_id), [])
        buttons: list[widgets.Widget] = [widgets.HTML(f"<b>Authors</b> ({len(names):,}):&nbsp;")]
        for name in names[:MAX_AUTHOR_BUTTONS]:
            button = widgets.Button(description=name, tooltip=f"Open {name} in the author view",
                                    layout=widgets.Layout(width="auto", margin="1px 3px"))
            button.on_click(lambda _, name=name: self._open(name))
            buttons.append(button)
        if len(names) > MAX_AUTHOR_BUTTONS:
            rest = names[MAX_AUTHOR_BUTTONS:]
            buttons.append(widgets.HTML(
                f'<span title="{_esc(", ".join(rest))}" style="{HINT_STYLE}">'
                f"+ {len(rest):,} more</span>"))
        self.authors.children = tuple(buttons)

    def _open(self, name: str) -> None:
        if self.on_author is not None:
            self.on_author(name)


def vote_steps(votes: np.ndarray, n: int = 40) -> list[int]:
    """Slider stops for a minimum-votes threshold: 0, then the vote counts at *n* quantiles
    of the data (distinct, increasing), so the slider moves evenly through the papers
    rather than through the vote range (most papers have few votes).

    >>> vote_steps(np.array([1, 1, 2, 3, 5, 8, 13, 300.0]), n=4)
    [0, 1, 2, 5, 8, 300]
    """
    known = votes[np.isfinite(votes)]
    if known.size == 0:
        return [0]
    steps = np.quantile(known, np.linspace(0, 1, n + 1), method="nearest")
    return sorted({0, *(int(round(v)) for v in steps)})


class VoteThreshold(widgets.HBox):
    """A minimum-votes control: a slider over the data's quantiles and a number box.

    ``value`` (the number box, any whole number from 0 to the largest vote) is the
    threshold; the slider (``slider``) jumps between the vote counts at the quantiles of
    the data. Both stay in step, and ``readout`` says the threshold in use and the share of
    papers kept (the box's number, also between two stops of the slider).
    """

    def __init__(self, votes: np.ndarray, description: str = "Min votes"):
        self._votes = votes[np.isfinite(votes)]
        steps = vote_steps(votes)
        top = max(steps[-1], 1)
        self.number = widgets.BoundedIntText(
            value=0, min=0, max=top, description=description,
            layout=widgets.Layout(width="190px"))
        self.slider = widgets.SelectionSlider(
            options=[(self._label(v), v) for v in steps], value=0, description="",
            continuous_update=False, readout=False, layout=widgets.Layout(width="170px"))
        # the slider's own readout would name its stop (19) while the box holds 20
        self.readout = widgets.Label(self._label(0))
        self._syncing = False
        self.slider.observe(self._from_slider, names="value")
        self.number.observe(self._from_number, names="value")
        self.number.observe(self._show, names="value")
        super().__init__([self.number, self.slider, self.readout])

    def _show(self, change: dict) -> None:
        self.readout.value = self._label(change["new"])

    def _label(self, value: int) -> str:
        n = len(self._votes)
        kept = int((self._votes >= value).sum()) if value > 0 else n
        share = f"{kept / n:.0%}" if n else "–"
        return f"≥ {value:,} ({share} of voted)"

    def _from_slider(self, change: dict) -> None:
        if not self._syncing:
            self._syncing = True
            try:
                self.number.value = int(change["new"])
            finally:
                self._syncing = False

    def _from_number(self, change: dict) -> None:
        if self._syncing:
            return
        steps = [v for _, v in self.slider.options]
        below = [v for v in steps if v <= change["new"]]
        self._syncing = True
        try:
            self.slider.value = below[-1] if below else steps[0]
        finally:
            self._syncing = False


def open_author_view(box: widgets.Box, corpus: Any, name: str,
                     paper_index: Any = None) -> None:
    """Show author *name* in *box*: an :class:`~papertoolkit.widgets.AuthorsExplorer` built
    on first use (it builds the co-author graph once; the calling explorer's *paper_index*
    is reused), then reused."""
    from .authors import AuthorsExplorer

    if not box.children:
        box.children = (AuthorsExplorer(corpus, author=name, paper_index=paper_index),)
    else:
        box.children[0].author.value = name
