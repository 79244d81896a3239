"""Interactive explorers for Jupyter: ipywidgets dashboards over a :class:`~papertoolkit.Corpus`.

Four explorers, each a function returning an ``ipywidgets.VBox`` (a subclass of it, so the
controls and outputs are reachable as attributes and can be driven from code or tests):

* :func:`explore_votes` — filter papers by date range, votes, topics and text; a table of the
  matching papers and a vote histogram / time series;
* :func:`explore_authors` — pick an author; their papers, top co-authors and ego network;
* :func:`explore_topics` — pick a topic; its trend, top papers and top authors;
* :func:`explore_network` — the co-author network by minimum papers / link weight, its
  communities and the authors of one community.

Every explorer updates on each change of a control (``observe``; no debouncing). Heavy work
(topic tagging, graph building, community detection) is done once per explorer, or once per
slider value and cached, so an update only filters precomputed arrays, writes HTML and draws
one figure. Figures are drawn on a bare :class:`matplotlib.figure.Figure` (not pyplot, so no
figure is ever left open), rendered to PNG and put into the explorer's ``Output`` widget as
its only output (``out.outputs``), which works with or without a running kernel. The
``text/plain`` part of that output names the figure's Axes titles (handy in tests).

All text is shown through :func:`html.escape` (a title containing ``<script>`` renders as
text). An empty selection shows a message instead of a table or figure; an unexpected error
is shown as a message (kept in ``explorer.last_error``) rather than a traceback.

Votes are snapshots taken on the day each digest was written; the explorers say so.

Examples
--------
>>> import papertoolkit as ptk
>>> from papertoolkit.widgets import explore_votes
>>> corpus = ptk.loads("## Daily Papers (2024-02-16)\\n\\n"
...                    "### [Tiny LLM](https://arxiv.org/abs/2402.00001)\\n\\nVote: 7\\n")
>>> w = explore_votes(corpus)              # display(w) in a notebook
>>> w.search.value = "diffusion"           # drive it from code
>>> w.selection.empty
True
>>> w.search.value = ""
>>> w.selection["title"].tolist()
['Tiny LLM']
"""

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
    import networkx as nx
    from matplotlib.figure import Figure

__all__ = [
    "AuthorsExplorer",
    "NetworkExplorer",
    "TopicsExplorer",
    "VotesExplorer",
    "explore_authors",
    "explore_network",
    "explore_topics",
    "explore_votes",
]

VOTES_NOTE = "Votes are snapshots taken on the day each digest was written."
#: Figures whose PNG is kept per explorer, so going back to a previous setting is instant.
FIGURE_CACHE_SIZE = 32
_MUTED = "color:#666"


# --------------------------------------------------------------------------------------
# HTML helpers (everything shown goes through html.escape)
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# Base class
# --------------------------------------------------------------------------------------


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


# --------------------------------------------------------------------------------------
# explore_votes
# --------------------------------------------------------------------------------------

_SORTS = {
    "votes_desc": ("votes, most first", ["votes", "date", "arxiv_id"], [False, True, True]),
    "votes_asc": ("votes, fewest first", ["votes", "date", "arxiv_id"], [True, True, True]),
    "date_desc": ("date, newest first", ["date", "votes", "arxiv_id"], [False, False, True]),
    "date_asc": ("date, oldest first", ["date", "votes", "arxiv_id"], [True, False, True]),
    "title": ("title, A to Z", ["title_key", "arxiv_id"], [True, True]),
}


class VotesExplorer(_Explorer):
    """Papers by date range, votes, topics and text: a table and vote plots.

    Build it with :func:`explore_votes`. Controls: ``dates`` (SelectionRangeSlider over the
    digest days; the chosen range is written in ``dates_label`` beside it), ``min_votes``
    (IntSlider; 0 also keeps papers without votes),
    ``topics`` (SelectMultiple; nothing selected = every paper, several = any of them),
    ``search`` (Text; case-insensitive substring of title, summary or author names),
    ``sort_by`` (Dropdown; HTML tables cannot be sorted by clicking a header) and
    ``rows`` (Dropdown; how many rows the table shows). Outputs: ``status`` (HTML counts),
    ``table`` (HTML), ``plot`` (Output: vote histogram and votes over time).
    ``selection`` is the DataFrame behind the table (all matching papers, table order).

    Layout (``children``): ``[controls (HBox of two VBoxes, the first starting with
    HBox(dates, dates_label)), status, plot, table]``.
    """

    def __init__(
        self,
        corpus: Any,
        tags: pd.DataFrame | None = None,
        taxonomy: Any = None,
        rows: int = 50,
    ):
        papers = corpus.papers.reset_index(drop=True)
        self._papers = papers
        self._n = len(papers)
        tags = _tags_for(corpus, tags, taxonomy)
        self._topic_order, labels = _topic_names(tags, taxonomy)
        authors = _authors_by_paper(corpus.authorships)
        ids = papers["arxiv_id"].astype(str).to_numpy(dtype=object)
        self._ids = ids
        self._dates = papers["date"].to_numpy(dtype="datetime64[ns]")
        self._votes = papers["votes"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        titles = papers["title"].fillna("").astype(str).to_numpy(dtype=object)
        author_lists = [authors.get(i, []) for i in ids]
        summaries = papers["summary"].fillna("").astype(str).tolist()
        self._haystack = np.array(
            [
                f"{t}\n{s}\n{'; '.join(a)}".casefold()
                for t, s, a in zip(titles, summaries, author_lists, strict=True)
            ],
            dtype=object,
        )
        self._title_html = np.array(
            [_arxiv_link(i, t) for i, t in zip(ids, titles, strict=True)], dtype=object
        )
        self._authors_html = np.array([_author_list(a) for a in author_lists], dtype=object)
        self._author_text = np.array(["; ".join(a) for a in author_lists], dtype=object)
        # topic membership: one boolean column per topic (a paper has several topics)
        topic_index = {t: k for k, t in enumerate(self._topic_order)}
        self._topic_matrix = np.zeros((self._n, len(self._topic_order)), dtype=bool)
        row_of: dict[str, list[int]] = {}
        for r, i in enumerate(ids):
            row_of.setdefault(i, []).append(r)
        paper_topics: dict[str, list[str]] = {}
        paper_ids_of: dict[str, set[str]] = {}
        for i, t in zip(tags["arxiv_id"].astype(str), tags["topic"].astype(str), strict=True):
            if t not in topic_index:
                continue
            paper_topics.setdefault(i, []).append(t)
            paper_ids_of.setdefault(t, set()).add(i)
            for r in row_of.get(i, ()):
                self._topic_matrix[r, topic_index[t]] = True
        self._topics_text = np.array(
            ["; ".join(dict.fromkeys(paper_topics.get(i, []))) for i in ids], dtype=object
        )
        n_papers = [
            sum(1 for i in paper_ids_of.get(t, ()) if i in row_of) for t in self._topic_order
        ]

        days = sorted(pd.unique(papers["date"].dropna())) if self._n else []
        day_options = [(pd.Timestamp(d).date().isoformat(), pd.Timestamp(d)) for d in days]
        if not day_options:  # the slider needs an option; the update says the corpus is empty
            today = pd.Timestamp.today().normalize()
            day_options = [(today.date().isoformat(), today)]
        max_votes = int(np.nanmax(self._votes)) if np.isfinite(self._votes).any() else 0

        # the slider's own readout is too narrow for two ISO dates ("2024-02-12-2024-02-2"):
        # the range is shown in a label beside it instead
        self.dates = widgets.SelectionRangeSlider(
            options=day_options,
            index=(0, len(day_options) - 1),
            description="Dates",
            continuous_update=False,
            readout=False,
            layout=widgets.Layout(width="330px"),
        )
        self.dates_label = widgets.HTML(layout=widgets.Layout(width="190px"))
        self.min_votes = widgets.IntSlider(
            value=0, min=0, max=max(max_votes, 1), description="Min votes",
            continuous_update=False, layout=widgets.Layout(width="520px"),
        )
        self.search = widgets.Text(
            value="", description="Search", placeholder="title, summary or author",
            layout=widgets.Layout(width="520px"),
        )
        self.sort_by = widgets.Dropdown(
            options=[(label, key) for key, (label, _, _) in _SORTS.items()],
            value="votes_desc", description="Sort by",
        )
        row_choices = sorted({10, 25, 50, 100, 250, 1000, int(rows)})
        self.rows = widgets.Dropdown(options=row_choices, value=int(rows), description="Rows")
        self.topics = widgets.SelectMultiple(
            options=[
                (f"{labels[t]} ({n})", t) for t, n in zip(self._topic_order, n_papers, strict=True)
            ],
            value=(), description="Topics", rows=8,
            layout=widgets.Layout(width="360px"),
        )
        self.status = widgets.HTML()
        self.table = widgets.HTML()
        self.plot = widgets.Output()
        controls = widgets.HBox([
            widgets.VBox([widgets.HBox([self.dates, self.dates_label]), self.min_votes,
                          self.search, widgets.HBox([self.sort_by, self.rows])]),
            self.topics,
        ])
        super().__init__([controls, self.status, self.plot, self.table])
        self._matches = self.selection = self._empty_selection()
        self._selected_mask = np.zeros(self._n, dtype=bool)
        self._watch(self.dates, self.min_votes, self.search, self.topics)
        self._watch(self.sort_by, self.rows, handler=self._update_table)
        self._safely(self.update)

    # -------------------------------------------------------------- selection
    def _mask(self) -> np.ndarray:
        start, end = self.dates.value
        mask = (self._dates >= np.datetime64(pd.Timestamp(start), "ns")) & (
            self._dates <= np.datetime64(pd.Timestamp(end), "ns")
        )
        if self.min_votes.value > 0:
            with np.errstate(invalid="ignore"):
                mask &= self._votes >= self.min_votes.value
        if self.topics.value:
            cols = [self._topic_order.index(t) for t in self.topics.value]
            mask &= self._topic_matrix[:, cols].any(axis=1)
        needle = self.search.value.strip().casefold()
        if needle:
            hits = np.fromiter((needle in h for h in self._haystack[mask]), bool, int(mask.sum()))
            sub = np.flatnonzero(mask)
            mask = np.zeros(self._n, dtype=bool)
            mask[sub[hits]] = True
        return mask

    def _empty_selection(self) -> pd.DataFrame:
        return pd.DataFrame({
            "arxiv_id": pd.Series(dtype="string"), "title": pd.Series(dtype="string"),
            "url": pd.Series(dtype="string"), "date": pd.Series(dtype="datetime64[ns]"),
            "votes": pd.Series(dtype="Int64"), "appearances": pd.Series(dtype="Int64"),
            "authors": pd.Series(dtype="string"), "topics": pd.Series(dtype="string"),
        })

    def _select(self, mask: np.ndarray) -> pd.DataFrame:
        """One row per paper: the appearance with the most votes (then the earliest)."""
        rows = np.flatnonzero(mask)
        if len(rows) == 0:
            return self._empty_selection()
        frame = pd.DataFrame({
            "row": rows,
            "arxiv_id": self._ids[rows],
            "date": self._dates[rows],
            "votes": self._votes[rows],
        })
        appearances = frame.groupby("arxiv_id", sort=False)["date"].nunique()
        frame = frame.sort_values(
            ["votes", "date", "row"], ascending=[False, True, True], na_position="last",
            kind="stable",
        ).drop_duplicates("arxiv_id")
        r = frame["row"].to_numpy()
        out = pd.DataFrame({
            "arxiv_id": pd.array(self._ids[r], dtype="string"),
            "title": self._papers["title"].to_numpy()[r],
            "url": pd.array(["https://arxiv.org/abs/" + str(i) for i in self._ids[r]],
                            dtype="string"),
            "date": self._dates[r],
            "votes": pd.array(self._papers["votes"].to_numpy()[r], dtype="Int64"),
            "appearances": pd.array(appearances.reindex(self._ids[r]).to_numpy(), dtype="Int64"),
            "authors": pd.array(self._author_text[r], dtype="string"),
            "topics": pd.array(self._topics_text[r], dtype="string"),
        })
        out["title"] = out["title"].astype("string")
        out["_row"] = r
        return out

    def _sorted(self, selection: pd.DataFrame) -> pd.DataFrame:
        _, by, ascending = _SORTS[self.sort_by.value]
        frame = selection.assign(title_key=selection["title"].fillna("").str.casefold())
        frame = frame.sort_values(by, ascending=ascending, na_position="last", kind="stable")
        return frame.drop(columns="title_key").reset_index(drop=True)

    # -------------------------------------------------------------- rendering
    def _update_dates_label(self) -> None:
        start, end = (pd.Timestamp(d) for d in self.dates.value)
        lo, hi = self.dates.index
        n = hi - lo + 1 if self._n else 0
        self.dates_label.value = (
            f'<span style="white-space:nowrap">{_fmt_date(start)} – {_fmt_date(end)} '
            f'<span style="{_MUTED}">({n:,} digest day{"" if n == 1 else "s"})</span></span>'
        )

    def update(self) -> None:
        self._update_dates_label()
        if self._n == 0:
            self._matches = self.selection = self._empty_selection()
            self.status.value = _message("The corpus has no papers.")
            self.table.value = ""
            self._show_message(self.plot, "No papers to plot: the corpus is empty.")
            return
        mask = self._mask()
        self._selected_mask = mask
        self._matches = self._select(mask)
        self._update_table()
        if not mask.any():
            self._show_message(self.plot, "No papers to plot: no paper matches the filters.")
            return
        dates = self._dates[mask]
        span = (dates.max() - dates.min()) / np.timedelta64(1, "D")
        freq = "D" if span <= 45 else "W" if span <= 550 else "M"
        key = ("votes", _mask_key(mask), freq)
        self._show_figure(self.plot, key, lambda: self._draw(mask, freq))

    def _draw(self, mask: np.ndarray, freq: str) -> Figure:
        from papertoolkit.votes import plot_vote_distribution, plot_votes_over_time

        subset = self._papers.loc[mask, ["date", "rank", "arxiv_id", "votes"]]
        fig, (left, right) = _new_figure(
            (11, 3.8), ncols=2, left=0.06, right=0.98, bottom=0.27, top=0.84, wspace=0.2
        )
        plot_vote_distribution(subset, ax=left)
        plot_votes_over_time(subset, freq=freq, ax=right)
        # the titles say "snapshot on digest day"; the full label is too tall for the axis
        right.set_ylabel("median of votes")
        return fig

    def _update_table(self) -> None:
        if self._matches.empty:
            self.selection = self._empty_selection()
            self.status.value = _message(
                "No paper matches these filters: widen the date range, lower the minimum "
                "votes, clear the topics or the search."
            )
            self.table.value = ""
            return
        ordered = self._sorted(self._matches)
        self.selection = ordered.drop(columns="_row")
        shown = ordered.head(self.rows.value)
        r = shown["_row"].to_numpy()
        n_rows = int(self._selected_mask.sum())
        self.status.value = (
            f"<p><b>{len(ordered):,}</b> papers ({n_rows:,} digest appearances) match; "
            f"showing {len(shown):,}, sorted by {_esc(_SORTS[self.sort_by.value][0])}. "
            f'<span style="{_MUTED}">{_esc(VOTES_NOTE)}</span></p>'
        )
        body = zip(
            self._title_html[r],
            (_fmt_int(v) for v in shown["votes"]),
            (_fmt_date(d) for d in shown["date"]),
            self._authors_html[r],
            strict=True,
        )
        self.table.value = _table(["Title", "Votes", "Date", "Authors"], body, nowrap=(1, 2))

    def _show_error(self, text: str) -> None:
        self.status.value = _message(text, level="error")
        self._show_message(self.plot, text)


def explore_votes(
    corpus: Any, tags: pd.DataFrame | None = None, taxonomy: Any = None, rows: int = 50
) -> VotesExplorer:
    """Explore papers and their votes: filters, a sortable table and vote plots.

    Parameters
    ----------
    corpus : Corpus
        The digests to explore (``ptk.load(...)``).
    tags : DataFrame, optional
        Output of :func:`papertoolkit.topics.tag_topics` for *corpus*, to skip tagging
        (it is the slowest step of building the explorer; a few seconds for a year).
    taxonomy : optional
        Taxonomy passed to ``tag_topics`` when *tags* is not given.
    rows : int
        Rows shown in the table at first (the ``rows`` dropdown changes it).

    Returns
    -------
    VotesExplorer
        An ``ipywidgets.VBox``. Controls ``dates``, ``min_votes``, ``topics``, ``search``,
        ``sort_by``, ``rows``; outputs ``status``, ``table``, ``plot``; ``selection`` is the
        DataFrame of matching papers in table order (export it with ``.to_csv``).

    Notes
    -----
    A paper listed on several days appears once, with its largest vote snapshot in the
    selected period and that day's date. ``min_votes`` = 0 keeps papers without votes; any
    higher value drops them. Sorting is a dropdown, as HTML tables in ipywidgets cannot be
    sorted by clicking a header.

    Examples
    --------
    >>> w = explore_votes(corpus)                       # doctest: +SKIP
    >>> w.search.value = "diffusion"                    # doctest: +SKIP
    >>> w.selection.head()                              # doctest: +SKIP
    """
    return VotesExplorer(corpus, tags=tags, taxonomy=taxonomy, rows=rows)


# --------------------------------------------------------------------------------------
# explore_authors
# --------------------------------------------------------------------------------------


class AuthorsExplorer(_Explorer):
    """One author: their papers, votes, top co-authors and ego network.

    Build it with :func:`explore_authors`. Controls: ``author`` (Combobox with every author,
    most papers first; case, accents and spacing are forgiven) and ``radius`` (IntSlider,
    co-authorship steps drawn). Outputs: ``summary`` (HTML), ``papers_table`` (HTML),
    ``collaborators`` (HTML) and ``plot`` (Output: the ego network). ``graph`` is the
    co-author graph used; ``papers`` the current author's papers as a DataFrame.

    Layout (``children``): ``[HBox(author, radius), summary, HBox(papers_table,
    collaborators), plot]``.
    """

    def __init__(
        self,
        corpus: Any,
        author: str | None = None,
        graph: nx.Graph | None = None,
        max_nodes: int = 250,
        n_collaborators: int = 10,
    ):
        from papertoolkit.network import coauthor_graph

        self.graph = graph if graph is not None else coauthor_graph(corpus)
        self.max_nodes = int(max_nodes)
        self.n_collaborators = int(n_collaborators)
        unique = corpus.papers_unique
        unique = unique.set_index(unique["arxiv_id"].astype(str).to_numpy())
        self._unique = unique
        ships = corpus.authorships.dropna(subset=["author", "arxiv_id"])
        pairs = ships[["author", "arxiv_id"]].drop_duplicates()
        self._papers_of: dict[str, list[str]] = (
            pairs.groupby("author", sort=False)["arxiv_id"].agg(list).to_dict()
            if len(pairs) else {}
        )
        self._authors_of = _authors_by_paper(corpus.authorships)
        table = corpus.authors
        self._author_rows = table.set_index("author") if len(table) else table
        ranked = table.sort_values(["papers", "author"], ascending=[False, True], kind="stable")
        options = ranked["author"].astype(str).tolist()
        if author is None:
            author = options[0] if options else ""
        self.author = widgets.Combobox(
            value=author, options=options, ensure_option=True, description="Author",
            placeholder=f"type a name ({len(options):,} authors)",
            layout=widgets.Layout(width="420px"),
        )
        self.radius = widgets.IntSlider(
            value=1, min=1, max=3, description="Radius", continuous_update=False
        )
        self.summary = widgets.HTML()
        self.papers_table = widgets.HTML(layout=widgets.Layout(width="60%"))
        self.collaborators = widgets.HTML(layout=widgets.Layout(width="40%"))
        self.plot = widgets.Output()
        self.papers = pd.DataFrame()
        self._node: Any = None
        super().__init__([
            widgets.HBox([self.author, self.radius]),
            self.summary,
            widgets.HBox([self.papers_table, self.collaborators]),
            self.plot,
        ])
        self._watch(self.author)
        self._watch(self.radius, handler=self._update_plot)
        self._safely(self.update)

    def _clear(self, text: str) -> None:
        self._node = None
        self.papers = pd.DataFrame()
        self.summary.value = _message(text)
        self.papers_table.value = ""
        self.collaborators.value = ""
        self._show_message(self.plot, text)

    def update(self) -> None:
        from papertoolkit.network import AuthorNotFoundError, find_author, top_collaborators

        name = self.author.value.strip()
        if self.graph.number_of_nodes() == 0:
            self._clear("The corpus has no authors.")
            return
        if not name:
            self._clear("Type an author's name: the box suggests names as you type.")
            return
        try:
            node = find_author(self.graph, name)
        except AuthorNotFoundError as err:
            self._clear(str(err))
            return
        self._node = node
        attrs = self.graph.nodes[node]
        row = self._author_rows.loc[node] if node in self._author_rows.index else None
        ids = self._papers_of.get(node, [])
        papers = self._unique.loc[[i for i in ids if i in self._unique.index]]
        papers = papers.sort_values(["first_seen", "arxiv_id"], ascending=[False, True])
        self.papers = papers.reset_index(drop=True)
        n_coauthors = self.graph.degree(node)
        first = _fmt_date(row["first_seen"]) if row is not None else attrs.get("first_seen")
        last = _fmt_date(row["last_seen"]) if row is not None else attrs.get("last_seen")
        total = row["total_votes"] if row is not None else attrs.get("total_votes")
        self.summary.value = (
            f"<p><b>{_esc(attrs.get('label', node))}</b>: {len(papers):,} paper(s), "
            f"{_fmt_int(total)} votes in total, {n_coauthors:,} co-author(s), "
            f"seen {_esc(first)} to {_esc(last)}. "
            f'<span style="{_MUTED}">{_esc(VOTES_NOTE)}</span></p>'
        )
        self.papers_table.value = _table(
            ["Title", "Votes", "First seen", "Authors"],
            (
                (
                    _arxiv_link(r.arxiv_id, r.title),
                    _fmt_int(r.max_votes),
                    _fmt_date(r.first_seen),
                    _author_list(self._authors_of.get(str(r.arxiv_id), [])),
                )
                for r in papers.itertuples()
            ),
            nowrap=(1, 2),
        )
        collab = top_collaborators(self.graph, node, n=self.n_collaborators)
        if collab.empty:
            self.collaborators.value = _message("No co-authors in this corpus.")
        else:
            titles = self._unique["title"]

            def joint(ids: list[str]) -> str:
                return _esc("; ".join(str(titles.get(i, i)) for i in ids))

            self.collaborators.value = _table(
                ["Top co-authors", "Joint papers"],
                (
                    (_esc(c.coauthor),
                     f'<span title="{joint(c.arxiv_ids)}">{_fmt_int(c.n_papers)}</span>')
                    for c in collab.itertuples()
                ),
            )
        self._update_plot()

    def _update_plot(self) -> None:
        node = self._node
        if node is None:
            return
        radius = int(self.radius.value)
        self._show_figure(self.plot, ("ego", node, radius), lambda: self._draw(node, radius))

    def _draw(self, node: Any, radius: int) -> Figure:
        from papertoolkit.network import plot_ego

        fig, (ax,) = _new_figure((8, 6.5), left=0.01, right=0.99, bottom=0.01, top=0.9)
        plot_ego(self.graph, node, ax=ax, radius=radius, label_top=20, max_nodes=self.max_nodes)
        return fig


def explore_authors(
    corpus: Any,
    author: str | None = None,
    graph: nx.Graph | None = None,
    max_nodes: int = 250,
) -> AuthorsExplorer:
    """Explore one author at a time: papers, votes, top co-authors and ego network.

    Parameters
    ----------
    corpus : Corpus
        The digests to explore.
    author : str, optional
        Author shown first (default: the author with the most papers).
    graph : networkx.Graph, optional
        A graph from :func:`papertoolkit.network.coauthor_graph` for *corpus* (built when
        omitted; about half a second for a year of digests).
    max_nodes : int
        The ego-network plot draws at most this many authors: the nearest ones (fewest
        steps, then most joint papers, then most papers; the title says how many were
        left out), see :func:`papertoolkit.network.plot_ego`.

    Returns
    -------
    AuthorsExplorer
        An ``ipywidgets.VBox`` with controls ``author`` (Combobox) and ``radius``
        (IntSlider), outputs ``summary``, ``papers_table``, ``collaborators``, ``plot``.

    Examples
    --------
    >>> w = explore_authors(corpus)                     # doctest: +SKIP
    >>> w.author.value = "Denny Zhou"; w.radius.value = 2   # doctest: +SKIP
    """
    return AuthorsExplorer(corpus, author=author, graph=graph, max_nodes=max_nodes)


# --------------------------------------------------------------------------------------
# explore_topics
# --------------------------------------------------------------------------------------


class TopicsExplorer(_Explorer):
    """One topic: its share of papers over time, top papers and top authors.

    Build it with :func:`explore_topics`. Controls: ``topic`` (Dropdown, taxonomy order,
    with paper counts), ``freq`` (ToggleButtons week / month) and ``n`` (IntSlider, rows of
    the two tables). Outputs: ``summary`` (HTML), ``plot`` (Output), ``papers_table`` and
    ``authors_table`` (HTML). ``tags`` is the tag table used; ``top_papers`` and
    ``top_authors`` the DataFrames behind the tables.

    Layout (``children``): ``[HBox(topic, freq, n), summary, plot, HBox(papers_table,
    authors_table)]``.
    """

    def __init__(
        self, corpus: Any, tags: pd.DataFrame | None = None, taxonomy: Any = None, n: int = 10
    ):
        self._corpus = corpus
        self.tags = _tags_for(corpus, tags, taxonomy)
        order, labels = _topic_names(self.tags, taxonomy)
        self._labels = labels
        unique = corpus.papers_unique
        self._unique = unique.set_index(unique["arxiv_id"].astype(str).to_numpy())
        tag_pairs = pd.DataFrame({
            "arxiv_id": self.tags["arxiv_id"].astype(str),
            "topic": self.tags["topic"].astype(str),
            "matched_terms": self.tags["matched_terms"].astype("string")
            if "matched_terms" in self.tags else pd.Series("", index=self.tags.index),
        }).drop_duplicates(["arxiv_id", "topic"])
        tag_pairs = tag_pairs[tag_pairs["arxiv_id"].isin(self._unique.index)]
        self._ids_of = tag_pairs.groupby("topic", sort=False)["arxiv_id"].agg(list).to_dict()
        self._terms = tag_pairs.set_index(["topic", "arxiv_id"])["matched_terms"]
        self._author_stats = self._topic_authors(corpus, tag_pairs)
        self._shares: dict[str, pd.DataFrame] = {}
        counts = {t: len(self._ids_of.get(t, [])) for t in order}
        self.topic = widgets.Dropdown(
            options=[(f"{labels[t]} ({counts[t]:,} papers)", t) for t in order],
            description="Topic", layout=widgets.Layout(width="420px"),
        )
        if order:
            self.topic.value = max(order, key=lambda t: (counts[t], -order.index(t)))
        self.freq = widgets.ToggleButtons(
            options=[("week", "W"), ("month", "M")], value="W", description="Per"
        )
        self.n = widgets.IntSlider(
            value=n, min=5, max=50, step=5, description="Top", continuous_update=False
        )
        self.summary = widgets.HTML()
        self.plot = widgets.Output()
        self.papers_table = widgets.HTML(layout=widgets.Layout(width="62%"))
        self.authors_table = widgets.HTML(layout=widgets.Layout(width="38%"))
        self.top_papers = pd.DataFrame()
        self.top_authors = pd.DataFrame()
        super().__init__([
            widgets.HBox([self.topic, self.freq, self.n]),
            self.summary,
            self.plot,
            widgets.HBox([self.papers_table, self.authors_table]),
        ])
        self._watch(self.topic)
        self._watch(self.freq, handler=self._update_plot)
        self._watch(self.n, handler=self._update_tables)
        self._safely(self.update)

    def _topic_authors(self, corpus: Any, tag_pairs: pd.DataFrame) -> dict[str, pd.DataFrame]:
        """Per topic: its authors with tagged papers and their votes, best first."""
        ships = corpus.authorships.dropna(subset=["author", "arxiv_id"])
        pairs = ships[["arxiv_id", "author"]].drop_duplicates().astype(str)
        both = tag_pairs[["topic", "arxiv_id"]].merge(pairs, on="arxiv_id")
        if both.empty:
            return {}
        votes = self._unique["max_votes"]
        both["votes"] = both["arxiv_id"].map(votes).astype("Int64")
        grouped = both.groupby(["topic", "author"], sort=False)
        stats = pd.DataFrame({
            "papers": grouped.size(),
            "votes": grouped["votes"].sum(min_count=1).astype("Int64"),
        }).reset_index()
        stats = stats.sort_values(
            ["topic", "papers", "votes", "author"], ascending=[True, False, False, True],
            na_position="last", kind="stable",
        )
        return {
            str(topic): group.drop(columns="topic").reset_index(drop=True)
            for topic, group in stats.groupby("topic", sort=False)
        }

    def _share(self, freq: str) -> pd.DataFrame:
        if freq not in self._shares:
            from papertoolkit.topics import topic_share

            self._shares[freq] = topic_share(self._corpus, self.tags, freq=freq)
        return self._shares[freq]

    def _clear(self, text: str) -> None:
        self.top_papers = pd.DataFrame()
        self.top_authors = pd.DataFrame()
        self.summary.value = _message(text)
        self.papers_table.value = ""
        self.authors_table.value = ""
        self._show_message(self.plot, text)

    def update(self) -> None:
        topic = self.topic.value
        if len(self._unique) == 0:
            self._clear("The corpus has no papers.")
            return
        if topic is None:
            self._clear("No topics to show: the taxonomy is empty.")
            return
        ids = self._ids_of.get(topic, [])
        label = self._labels.get(topic, topic)
        if not ids:
            self._clear(f"No paper is tagged with the topic {label!r}.")
            return
        papers = self._unique.loc[ids]
        total = int(papers["max_votes"].sum(min_count=1) or 0) if len(papers) else 0
        self.summary.value = (
            f"<p><b>{_esc(label)}</b>: {len(ids):,} of {len(self._unique):,} papers "
            f"({len(ids) / len(self._unique):.0%}), {total:,} votes in total. "
            f'<span style="{_MUTED}">Topics are multi-label. {_esc(VOTES_NOTE)}</span></p>'
        )
        self._update_tables()
        self._update_plot()

    def _update_tables(self) -> None:
        topic = self.topic.value
        ids = self._ids_of.get(topic, []) if topic is not None else []
        if not ids:
            return
        n = int(self.n.value)
        papers = self._unique.loc[ids].reset_index(drop=True)
        papers = papers.sort_values(
            ["max_votes", "first_seen", "arxiv_id"], ascending=[False, True, True],
            na_position="last", kind="stable",
        ).head(n)
        terms = [self._terms.get((topic, str(i)), "") for i in papers["arxiv_id"]]
        self.top_papers = papers.assign(matched_terms=pd.array(terms, dtype="string"))[
            ["arxiv_id", "title", "max_votes", "first_seen", "matched_terms"]
        ].reset_index(drop=True)
        self.papers_table.value = _table(
            ["Top papers", "Votes", "First seen", "Matched terms"],
            (
                (_arxiv_link(r.arxiv_id, r.title), _fmt_int(r.max_votes),
                 _fmt_date(r.first_seen), _esc(r.matched_terms or ""))
                for r in self.top_papers.itertuples()
            ),
            nowrap=(1, 2),
        )
        authors = self._author_stats.get(topic)
        self.top_authors = (
            authors.head(n).copy() if authors is not None
            else pd.DataFrame({"author": [], "papers": [], "votes": []})
        )
        if self.top_authors.empty:
            self.authors_table.value = _message("No authors listed for these papers.")
        else:
            self.authors_table.value = _table(
                ["Top authors", "Papers", "Votes"],
                ((_esc(r.author), _fmt_int(r.papers), _fmt_int(r.votes))
                 for r in self.top_authors.itertuples()),
            )

    def _update_plot(self) -> None:
        topic = self.topic.value
        if topic is None or not self._ids_of.get(topic):
            return
        freq = self.freq.value
        self._show_figure(self.plot, ("topic", topic, freq), lambda: self._draw(topic, freq))

    def _draw(self, topic: str, freq: str) -> Figure:
        from papertoolkit.votes import _date_axis, _integer_ticks

        share = self._share(freq)
        rows = share[share["topic"].astype(str) == topic].sort_values("period")
        fig, (ax,) = _new_figure((10, 3.4), left=0.07, right=0.93, bottom=0.17, top=0.9)
        label = self._labels.get(topic, topic)
        unit = {"W": "week", "M": "month"}[freq]
        x = rows["period"].to_numpy()
        percent = rows["share"].to_numpy(dtype=float) * 100
        ax.plot(x, percent, marker="o", ms=3)
        ax.set_ylabel("% of the period's papers")
        top = float(np.nanmax(percent)) if len(percent) else 0.0
        ax.set_ylim(0, top * 1.15 if top > 0 else 1)  # room above the highest point
        twin = ax.twinx()
        width = np.timedelta64(5 if freq == "W" else 20, "D")
        twin.bar(x, rows["papers"].to_numpy(dtype=float), width=width, color="0.85",
                 label="tagged papers")
        twin.set_ylabel("tagged papers")
        _integer_ticks(twin.yaxis)
        year = _date_axis(ax, rows["period"], freq)  # one tick per period when few
        ax.set_xlabel(f"{unit} (start)" + (f", {year}" if year else ""))
        ax.set_zorder(twin.get_zorder() + 1)
        ax.patch.set_visible(False)
        ax.set_title(f"{label}: share of papers per {unit}")
        return fig


def explore_topics(
    corpus: Any, tags: pd.DataFrame | None = None, taxonomy: Any = None, n: int = 10
) -> TopicsExplorer:
    """Explore one topic at a time: its trend, top papers and top authors.

    Parameters
    ----------
    corpus : Corpus
        The digests to explore.
    tags : DataFrame, optional
        Output of :func:`papertoolkit.topics.tag_topics` for *corpus* (computed when omitted).
    taxonomy : optional
        Taxonomy for ``tag_topics`` (and for the topic labels).
    n : int
        Rows of the top-papers and top-authors tables (the ``n`` slider changes it).

    Returns
    -------
    TopicsExplorer
        An ``ipywidgets.VBox`` with controls ``topic``, ``freq``, ``n`` and outputs
        ``summary``, ``plot``, ``papers_table``, ``authors_table``.

    Notes
    -----
    The trend is :func:`papertoolkit.topics.topic_share` for the topic: the share of each
    week's (month's) papers tagged with it, with the number of tagged papers as grey bars.
    Top papers are ranked by their largest vote snapshot; top authors by tagged papers, then
    by the votes of those papers.

    Examples
    --------
    >>> w = explore_topics(corpus); w.topic.value = "agents"    # doctest: +SKIP
    """
    return TopicsExplorer(corpus, tags=tags, taxonomy=taxonomy, n=n)


# --------------------------------------------------------------------------------------
# explore_network
# --------------------------------------------------------------------------------------

ALL_COMMUNITIES = -1


class NetworkExplorer(_Explorer):
    """The co-author network: thresholds, communities, layout and community members.

    Build it with :func:`explore_network`. Controls: ``min_papers`` (IntSlider: authors with
    at least this many papers), ``min_weight`` (slider: links at least this heavy),
    ``community`` (Dropdown: ``-1`` = the whole network, else a Louvain community id, 0 =
    largest; when the thresholds change it follows the community of the selected one's
    first-listed author, or goes back to the whole network), ``layout_choice``
    (ToggleButtons spring / Kamada-Kawai) and ``max_nodes`` (IntSlider: authors drawn at
    most). Outputs: ``summary`` (HTML), ``plot`` (Output) and
    ``authors_table`` (HTML: the communities, or the selected community's authors).
    ``graph``, ``membership`` and ``community_table`` hold the current graph, its
    :func:`~papertoolkit.network.community_membership` and
    :func:`~papertoolkit.network.communities`; ``members`` the DataFrame behind the authors
    table. ``metrics`` (:func:`~papertoolkit.network.author_metrics` of the current graph:
    centralities and more) is computed on first access only, as it takes seconds on a
    large graph and the explorer itself does not need it.

    Layout (``children``): ``[HBox(VBox(min_papers, min_weight, max_nodes),
    VBox(community, layout_choice)), summary, HBox(plot, authors_table)]``.
    """

    def __init__(
        self,
        corpus: Any,
        min_papers: int = 3,
        min_weight: float = 1,
        weighting: str = "count",
        max_nodes: int = 200,
        seed: int = 0,
    ):
        self._corpus = corpus
        self._weighting = weighting
        self._seed = seed
        self._graphs: dict[int, nx.Graph] = {}
        self._analysed: dict[tuple[int, float], tuple[nx.Graph, dict[Any, int], pd.DataFrame]] = {}
        self._metrics: dict[tuple[int, float], pd.DataFrame] = {}
        per_author = corpus.authors["papers"] if len(corpus.authors) else pd.Series([1])
        most = int(per_author.max()) if len(per_author) else 1
        self.min_papers = widgets.IntSlider(
            value=min_papers, min=1, max=max(2, min(most, 20)), description="Min papers",
            continuous_update=False,
        )
        if weighting == "count":
            self.min_weight = widgets.IntSlider(
                value=int(min_weight), min=1, max=10, description="Min joint",
                continuous_update=False,
            )
        else:
            self.min_weight = widgets.FloatSlider(
                value=float(min_weight), min=0.0, max=2.0, step=0.05, description="Min weight",
                continuous_update=False,
            )
        self.max_nodes = widgets.IntSlider(
            value=max_nodes, min=50, max=1000, step=50, description="Max drawn",
            continuous_update=False,
        )
        self.community = widgets.Dropdown(
            options=[("whole network", ALL_COMMUNITIES)], value=ALL_COMMUNITIES,
            description="Community", layout=widgets.Layout(width="460px"),
        )
        self.layout_choice = widgets.ToggleButtons(
            options=[("spring", "spring"), ("Kamada-Kawai", "kamada_kawai")], value="spring",
            description="Layout",
        )
        self.summary = widgets.HTML()
        self.plot = widgets.Output(layout=widgets.Layout(width="62%"))
        self.authors_table = widgets.HTML(layout=widgets.Layout(width="38%"))
        self.graph: nx.Graph | None = None
        self.membership: dict[Any, int] = {}
        self.community_table = pd.DataFrame()
        self._key: tuple[int, float] | None = None
        self.members = pd.DataFrame()
        super().__init__([
            widgets.HBox([
                widgets.VBox([self.min_papers, self.min_weight, self.max_nodes]),
                widgets.VBox([self.community, self.layout_choice]),
            ]),
            self.summary,
            widgets.HBox([self.plot, self.authors_table]),
        ])
        self._watch(self.min_papers, self.min_weight)
        self._watch(self.community, self.layout_choice, self.max_nodes, handler=self._redraw)
        self._safely(self.update)

    # -------------------------------------------------------------- caches
    def _base_graph(self, min_papers: int) -> nx.Graph:
        if min_papers not in self._graphs:
            from papertoolkit.network import coauthor_graph

            self._graphs[min_papers] = coauthor_graph(
                self._corpus, weighting=self._weighting, min_papers=min_papers
            )
        return self._graphs[min_papers]

    def _analyse(self, min_papers: int, min_weight: float):
        key = (min_papers, min_weight)
        if key not in self._analysed:
            import networkx as nx

            from papertoolkit.network import communities, community_membership

            base = self._base_graph(min_papers)
            # joint-paper counts are whole numbers >= 1: no link is lighter than 1
            lighter = not (self._weighting == "count" and min_weight <= 1) and any(
                w < min_weight for *_, w in base.edges(data="weight", default=1)
            )
            if lighter:
                G = nx.Graph()
                G.graph.update(base.graph, min_weight=min_weight)
                G.add_nodes_from(base.nodes(data=True))
                G.add_edges_from(
                    (u, v, d)
                    for u, v, d in base.edges(data=True)
                    if d.get("weight", 1) >= min_weight
                )
            else:
                G = base
            # Louvain only (cached on G): author_metrics would add betweenness, PageRank
            # and clustering, seconds on the full graph, which the explorer does not show
            membership = community_membership(G, seed=self._seed)
            table = communities(G, seed=self._seed)
            self._analysed[key] = (G, membership, table)
        return self._analysed[key]

    @property
    def metrics(self) -> pd.DataFrame:
        """:func:`~papertoolkit.network.author_metrics` of the current graph (computed on
        first access for each pair of thresholds, then kept)."""
        if self.graph is None or self._key is None:
            return pd.DataFrame()
        if self._key not in self._metrics:
            from papertoolkit.network import author_metrics

            self._metrics[self._key] = author_metrics(self.graph, seed=self._seed)
        return self._metrics[self._key]

    # -------------------------------------------------------------- updates
    def update(self) -> None:
        """Rebuild the graph for the thresholds, refill the community list and redraw."""
        min_papers, min_weight = int(self.min_papers.value), self.min_weight.value
        # follow the selected community through the change: ids are renumbered by size
        anchor = self.members["author"].iloc[0] if len(self.members) else None
        G, membership, table = self._analyse(min_papers, min_weight)
        self.graph, self.membership, self.community_table = G, membership, table
        self._key = (min_papers, min_weight)
        shown = table[table["size"] >= 2].head(50)
        options = [("whole network", ALL_COMMUNITIES)] + [
            (
                f"#{int(r.community)}: {int(r.size)} authors — "
                + ", ".join(str(a) for a in r.top_authors[:3]),
                int(r.community),
            )
            for r in shown.itertuples()
        ]
        keep = membership.get(anchor, ALL_COMMUNITIES) if anchor is not None else ALL_COMMUNITIES
        self.community.options = options  # may reset the value; _busy mutes the observer
        values = [v for _, v in options]
        self.community.value = keep if keep in values else ALL_COMMUNITIES
        self._redraw()

    def _redraw(self) -> None:
        G = self.graph
        if G is None:
            return
        min_papers, min_weight = int(self.min_papers.value), self.min_weight.value
        if G.number_of_nodes() == 0:
            text = (f"No author has {min_papers} or more papers: lower the minimum papers."
                    if len(self._corpus.authorships) else "The corpus has no authors.")
            self.summary.value = _message(text)
            self.authors_table.value = ""
            self.members = pd.DataFrame()
            self._show_message(self.plot, text)
            return
        community = self.community.value
        layout = self.layout_choice.value
        max_nodes = int(self.max_nodes.value)
        n_comm = int((self.community_table["size"] >= 2).sum())
        self.summary.value = (
            f"<p>{G.number_of_nodes():,} authors with ≥ {min_papers} paper(s), "
            f"{G.number_of_edges():,} links with ≥ {_esc(min_weight)} "
            f"{'joint paper(s)' if self._weighting == 'count' else 'weight'}, "
            f"{n_comm:,} communities of 2 or more authors (Louvain, seed {self._seed}).</p>"
        )
        key = ("network", min_papers, min_weight, community, layout, max_nodes)
        if community == ALL_COMMUNITIES:
            self._list_communities()
            self._show_figure(self.plot, key, lambda: self._draw_all(G, layout, max_nodes))
        else:
            members = self._list_members(community)
            self._show_figure(
                self.plot, key, lambda: self._draw_community(G, community, members, layout,
                                                             max_nodes)
            )

    def _list_communities(self) -> None:
        table = self.community_table.head(30)
        self.members = pd.DataFrame()
        self.authors_table.value = _table(
            ["Community", "Authors", "Links", "Top authors"],
            (
                (f"#{int(r.community)}", _fmt_int(r.size), _fmt_int(r.n_edges),
                 _esc(", ".join(str(a) for a in r.top_authors)))
                for r in table.itertuples()
            ),
            max_height=560,
        )

    def _list_members(self, community: int) -> list[Any]:
        G = self.graph
        members = [a for a, c in self.membership.items() if c == community]
        member_set = set(members)
        nodes = G.nodes
        frame = pd.DataFrame({
            "author": pd.array([str(a) for a in members], dtype="string"),
            "label": pd.array([str(nodes[a].get("label", a)) for a in members], dtype="string"),
            "papers": pd.array([nodes[a].get("papers") for a in members], dtype="Int64"),
            "total_votes": pd.array([nodes[a].get("total_votes") for a in members],
                                    dtype="Int64"),
            "coauthors_inside": pd.array(
                [sum(1 for b in G[a] if b in member_set) for a in members], dtype="Int64"
            ),
            "degree": pd.array([G.degree(a) for a in members], dtype="Int64"),
        })
        frame = frame.sort_values(
            ["papers", "coauthors_inside", "author"], ascending=[False, False, True],
            kind="stable",
        ).reset_index(drop=True)
        self.members = frame
        self.authors_table.value = (
            f"<p><b>Community #{int(community)}</b>: {len(frame):,} authors</p>"
            + _table(
                ["Author", "Papers", "Votes", "Co-authors inside"],
                ((_esc(r.label), _fmt_int(r.papers), _fmt_int(r.total_votes),
                  _fmt_int(r.coauthors_inside)) for r in frame.itertuples()),
                max_height=520,
            )
        )
        return members

    def _draw_all(self, G: nx.Graph, layout: str, max_nodes: int) -> Figure:
        from papertoolkit.network import plot_network

        fig, (ax,) = _new_figure((8, 8), left=0.01, right=0.99, bottom=0.01, top=0.92)
        plot_network(G, ax=ax, layout=layout, max_nodes=max_nodes, seed=self._seed,
                     color_by="community", communities=self.membership)
        return fig

    def _draw_community(
        self, G: nx.Graph, community: int, members: list[Any], layout: str, max_nodes: int
    ) -> Figure:
        from papertoolkit.network import plot_network

        sub = G.subgraph(members)
        fig, (ax,) = _new_figure((8, 8), left=0.01, right=0.99, bottom=0.01, top=0.92)
        title = (f"Community #{community}: {sub.number_of_nodes():,} authors, "
                 f"{sub.number_of_edges():,} links")
        if sub.number_of_nodes() > max_nodes:
            title += f"\n(showing the {max_nodes:,} best-connected)"
        plot_network(sub, ax=ax, layout=layout, max_nodes=max_nodes, seed=self._seed,
                     color_by=None, title=title)
        return fig


def explore_network(
    corpus: Any,
    min_papers: int = 3,
    min_weight: float = 1,
    weighting: str = "count",
    max_nodes: int = 200,
    seed: int = 0,
) -> NetworkExplorer:
    """Explore the co-author network: thresholds, communities, layout.

    Parameters
    ----------
    corpus : Corpus
        The digests to explore.
    min_papers : int
        Initial minimum number of papers per author (slider ``min_papers``).
    min_weight : float
        Initial minimum link weight (slider ``min_weight``; joint papers for ``"count"``).
    weighting : {"count", "fractional", "newman"}
        Link weight, see :func:`papertoolkit.network.coauthor_graph`.
    max_nodes : int
        Most authors drawn (slider ``max_nodes``); bigger networks are reduced to their
        largest components, as :func:`papertoolkit.network.plot_network` does.
    seed : int
        Seed of the Louvain communities and of the layout.

    Returns
    -------
    NetworkExplorer
        An ``ipywidgets.VBox`` with controls ``min_papers``, ``min_weight``, ``max_nodes``,
        ``community``, ``layout_choice`` and outputs ``summary``, ``plot``, ``authors_table``.

    Notes
    -----
    The graph is built once per ``min_papers`` value; links lighter than ``min_weight`` are
    then dropped (authors stay), and the Louvain communities
    (:func:`~papertoolkit.network.community_membership`, cached on the graph and reused by
    the plot) are computed once per pair of thresholds. Centralities
    (``explorer.metrics``) are only computed when asked for. Every drawn figure is cached,
    so going back to a setting is instant.

    Examples
    --------
    >>> w = explore_network(corpus, min_papers=2)        # doctest: +SKIP
    >>> w.community.value = 0                            # doctest: +SKIP
    >>> w.members.head()                                 # doctest: +SKIP
    """
    return NetworkExplorer(
        corpus, min_papers=min_papers, min_weight=min_weight, weighting=weighting,
        max_nodes=max_nodes, seed=seed,
    )
