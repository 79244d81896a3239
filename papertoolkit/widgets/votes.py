"""The votes explorer: filter papers by dates, votes, topics and text; read their summaries."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import numpy as np
import pandas as pd

from papertoolkit._compat import positional_options, renamed_arguments
from papertoolkit.datatable import arxiv_url, hf_url, interactive_table
from papertoolkit.details import PaperIndex, snippet

from ._background import (
    BackgroundTags,
    _kernel_scheduler,
    cached_tags,
    empty_like_tags,
    tags_for,
)
from ._common import (
    _MUTED,
    VOTES_NOTE,
    PaperDetail,
    VoteThreshold,
    _author_list,
    _authors_by_paper,
    _bulk_links,
    _esc,
    _Explorer,
    _fmt_date,
    _mask_key,
    _message,
    _topic_names,
    open_author_view,
)
from ._votes_figure import VotesFigure, draw_votes

if TYPE_CHECKING:  # imported lazily at run time
    from matplotlib.figure import Figure

#: Columns of the table holding HTML (links, marked snippets).
HTML_COLUMNS = ("Title", "Authors", "Why it matched", "HF")
#: In a kernel, corpora with more papers than this are tagged in the worker process: the
#: explorer opens at once and its topics arrive when the tagging is done.
BACKGROUND_PAPERS = 2000
#: The columns of the table (``Why it matched`` only while a search is typed).
TABLE_COLUMNS = ("Title", "Votes", "Date", "Days listed", "Authors", "Topics",
                 "Why it matched", "HF", "arXiv id")
_JSON = json.JSONEncoder(ensure_ascii=False).encode  # as the table's rows are written


class VotesExplorer(_Explorer):
    """Papers by date range, votes, topics and text, with a table, summaries and plots.

    The table sorts, filters and downloads; the selected paper's summary is shown below it,
    then vote plots.

    Build it with :func:`explore_votes`. Controls: ``dates`` (SelectionRangeSlider over the
    digest days; the chosen range is written in ``dates_label`` beside it), ``min_votes``
    (a number box, 0 also keeps papers without votes; ``votes_slider`` beside it steps
    through the quantiles of the votes), ``topics`` (SelectMultiple of topic labels; nothing
    selected = every paper, several = any of them) and ``search`` (Text; case-insensitive
    substring of title, summary or author names). Outputs: ``status`` (HTML counts),
    ``table`` (an itables DataTable: click a header to sort, filter any column, download CSV
    or Excel; select a row to read the paper), ``detail`` (:class:`PaperDetail`: summary
    bullets, links, topics, author buttons that open ``author_view``), ``plot`` (Output:
    vote histogram and votes over time). ``selection`` is the DataFrame of matching papers
    (most votes first), the table's rows in the same order.

    In a kernel, a corpus of more than ``BACKGROUND_PAPERS`` papers opens with the status
    and the table's first page; every row, the authors and the plots follow a step at a
    time, with a progress bar (``loading``) meanwhile: right after the explorer is shown,
    within its cell (a notebook run headless saves the whole explorer), or once the cell has
    returned when it is not shown. A change of a control before then loads what is left at
    once.

    Layout (``children``): ``[controls, status, loading, table, detail, author_view,
    plot]``.

    Parameters
    ----------
    corpus, tags, taxonomy, rows, background
        As in :func:`explore_votes`.

    Examples
    --------
    >>> w = VotesExplorer(corpus)
    >>> w.min_votes.value = 40
    >>> w.selection["arxiv_id"].tolist(), w.selection["votes"].tolist()
    (['2402.13144', '2402.13753', '2402.10644', '2402.10200'], [63, 50, 47, 41])
    """

    def __init__(
        self,
        corpus: Any,
        tags: pd.DataFrame | None = None,
        taxonomy: Any = None,
        rows: int = 10,
        *,
        background: bool | None = None,
    ):
        self._corpus = corpus
        papers = corpus.papers.reset_index(drop=True)
        self._papers = papers
        self._n = len(papers)
        self._taxonomy = taxonomy
        self._schedule = _kernel_scheduler()
        self._background = (self._schedule is not None) if background is None else background
        self._tagger: BackgroundTags | None = None
        if tags is None:
            tags = cached_tags(corpus, taxonomy)
        pending = tags is None and self._background and len(papers) > BACKGROUND_PAPERS
        if tags is None:
            tags = empty_like_tags(taxonomy) if pending else tags_for(corpus, None, taxonomy)
        ids = papers["arxiv_id"].astype(str).to_numpy(dtype=object)
        self._ids = ids
        self._row_of: dict[str, list[int]] = {}
        for r, i in enumerate(ids):
            self._row_of.setdefault(i, []).append(r)
        self._dates = papers["date"].to_numpy(dtype="datetime64[ns]")
        self._votes = papers["votes"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        self._titles = papers["title"].fillna("").astype(str).to_numpy(dtype=object)
        self._haystack_cache: np.ndarray | None = None  # built on the first search
        self._summaries_cache: np.ndarray | None = None
        # per-paper facts come from papers_unique_table of the selected rows (what
        # corpus.filter(...).papers_unique gives); these keys pick the appearance shown
        self._codes = pd.factorize(ids)[0]
        days = self._dates.view(np.int64)
        self._day_key = np.where(np.isnat(self._dates), np.iinfo(np.int64).max, days)
        self._vote_key = np.where(np.isnan(self._votes), np.inf, -self._votes)
        from papertoolkit._data import PAPER_FACT_COLUMNS

        # the summaries are not shown in the table: left out (missing) from its facts
        self._facts = papers[[c for c in (*PAPER_FACT_COLUMNS, "upvotes") if c in papers]
                             ].assign(summary=pd.array([None] * self._n, dtype="string"))
        self._figure = VotesFigure()
        # made by _load_rows (at once, or after the table's first page is shown)
        self._index: PaperIndex | None = None
        self._author_lists: list[list[str]] = []

        days = sorted(pd.unique(papers["date"].dropna())) if self._n else []
        day_options = [(pd.Timestamp(d).date().isoformat(), pd.Timestamp(d)) for d in days]
        if not day_options:  # the slider needs an option; the update says the corpus is empty
            today = pd.Timestamp.today().normalize()
            day_options = [(today.date().isoformat(), today)]

        # the slider's own readout is too narrow for two ISO dates ("2024-02-12-2024-02-2"):
        # the range is shown in a label beside it instead, wide enough not to be clipped
        self.dates = widgets.SelectionRangeSlider(
            options=day_options,
            index=(0, len(day_options) - 1),
            description="Dates",
            continuous_update=False,
            readout=False,
            layout=widgets.Layout(width="330px"),
        )
        self.dates_label = widgets.HTML(layout=widgets.Layout(width="auto", min_width="300px"))
        self.votes_threshold = VoteThreshold(self._votes)
        self.min_votes = self.votes_threshold.number
        self.votes_slider = self.votes_threshold.slider
        self.search = widgets.Text(
            value="", description="Search", placeholder="title, summary or author",
            layout=widgets.Layout(width="520px"),
        )
        self.topics = widgets.SelectMultiple(
            options=[], value=(), description="Topics", rows=8,
            layout=widgets.Layout(width="360px"),
        )
        self.topics_progress = widgets.IntProgress(
            value=0, max=1, description="Tagging topics…", bar_style="info",
            style={"description_width": "initial"},
            layout=widgets.Layout(display="none", width="360px"),
        )
        self._set_topics(tags)
        self.status = widgets.HTML()
        self.loading = widgets.IntProgress(
            value=0, max=len(self._LOAD_STEPS), description="Loading every row…",
            bar_style="info", style={"description_width": "initial"},
            layout=widgets.Layout(display="none", width="360px"))
        self._page_length = int(rows)
        self._selected_mask = np.zeros(self._n, dtype=bool)
        self._shown, self._unique = self._select(self._selected_mask)
        self._selection: pd.DataFrame | None = None
        self._table_ids = self._ids[self._shown]
        self.table = interactive_table(self._table_frame(""),
                                       html_columns=HTML_COLUMNS, filename="papers",
                                       page_length=self._page_length, select=True)
        self.detail = PaperDetail(None, on_author=self.open_author)
        self.author_view = widgets.VBox()
        self.plot = widgets.Output()
        controls = widgets.HBox([
            widgets.VBox([widgets.HBox([self.dates, self.dates_label]), self.votes_threshold,
                          self.search]),
            widgets.VBox([self.topics, self.topics_progress]),
        ])
        super().__init__([controls, self.status, self.loading, self.table, self.detail,
                          self.author_view, self.plot])
        self._watch(self.dates, self.min_votes, self.search, self.topics)
        self.table.observe(self._on_select, names="selected_rows")
        self._steps = list(self._LOAD_STEPS) + (["_tag_in_background"] if pending else [])
        if pending:
            self._tagging()
        if self._background and self._schedule is not None and self._n > BACKGROUND_PAPERS:
            self._safely(self._first_page)  # the rest when shown, or after the cell
            self.loading.layout.display = "flex"
            self._schedule(self._load_next)
        else:
            self._finish_loading()

    # -------------------------------------------------------------- loading
    #: What is made after the table's first page is shown, in this order (method names).
    _LOAD_STEPS = ("_load_rows", "_load_json", "_load_update")

    def _load_next(self) -> None:
        """In a kernel: run the next loading step and schedule the one after (the kernel
        answers the browser between steps)."""
        self._load_step()
        if self._steps and self._schedule is not None:
            self._schedule(self._load_next)
        elif not self._steps:
            self._refresh_snapshot()  # the saved notebook's picture: every row, the plots

    def _ipython_display_(self, **kwargs: Any) -> None:
        # shown first as built (the table's first page), then every row and the plots
        # within the same cell: saved or headless runs (nbclient) keep the whole explorer
        super()._ipython_display_(**kwargs)
        if any(step in self._LOAD_STEPS for step in self._steps):
            while any(step in self._LOAD_STEPS for step in self._steps):
                self._load_step()
            self._refresh_snapshot()

    def _load_step(self) -> None:
        if self._steps:
            self._safely(getattr(self, self._steps.pop(0)))
            self.loading.value = min(self.loading.value + 1, self.loading.max)
        self._loaded()

    def _loaded(self) -> None:
        """Hide the progress bar once every row and the plots are shown."""
        if not any(step in self._LOAD_STEPS for step in self._steps):
            self.loading.layout.display = "none"

    def _finish_loading(self) -> None:
        """Run every loading step not run yet."""
        while self._steps:
            self._load_step()

    def _load_rows(self) -> None:
        """Authors of every paper (the paper index) and each row's HTML cells."""
        self._index = PaperIndex(self._corpus)
        self._index.set_topics(self.tags, self._topic_labels)
        self.detail.index = self._index
        authors = self._index.authors
        self._author_lists = [authors.get(i, []) for i in self._ids]
        self._title_html = _bulk_links(arxiv_url, self._ids, self._titles)
        self._authors_html = np.array([_author_list(a) for a in self._author_lists],
                                      dtype=object)
        self._author_text = np.array(["; ".join(a) for a in self._author_lists], dtype=object)
        self._hf_html = _bulk_links(hf_url, self._ids, ["HF page"] * self._n)

    def _load_json(self) -> None:
        self._json_rows()
        self._json_topics()

    def _load_update(self) -> None:
        self.update()

    def _load_rest(self) -> None:
        """Before an update: the rows' data not loaded yet (the update shows the rest)."""
        if "_load_update" not in self._steps:
            return
        for step in [s for s in self._steps if s in self._LOAD_STEPS]:
            self._steps.remove(step)
            if step != "_load_update":
                getattr(self, step)()
            self.loading.value = min(self.loading.value + 1, self.loading.max)
        self._loaded()

    def _first_page(self) -> None:
        """What the reader sees first: the status and the table's first page (every row
        and the plots are loaded next)."""
        self._update_dates_label()
        mask = np.ones(self._n, dtype=bool)
        self._selected_mask = mask
        self._shown, self._unique = self._select(mask)
        self._selection = None
        self._update_status()
        page = self._table_frame("", first=self._page_length)
        self.table.show(page)
        self._table_ids = page["arXiv id"].to_numpy(dtype=object)
        self._show_message(self.plot, "Drawing the plots…")

    # -------------------------------------------------------------- topics
    def _set_topics(self, tags: pd.DataFrame) -> None:
        """Fill the topic columns, the topics control and the details from *tags*."""
        self.tags = tags
        self._topic_order, labels = _topic_names(tags, self._taxonomy)
        self._topic_labels = labels
        if self._index is not None:
            self._index.set_topics(tags, labels)
        topic_index = {t: k for k, t in enumerate(self._topic_order)}
        self._topic_matrix = np.zeros((self._n, len(self._topic_order)), dtype=bool)
        paper_topics: dict[str, list[str]] = {}
        paper_ids_of: dict[str, set[str]] = {}
        row_of = self._row_of
        for i, t in zip(tags["arxiv_id"].astype(str), tags["topic"].astype(str), strict=True):
            if t not in topic_index:
                continue
            paper_topics.setdefault(i, []).append(labels[t])
            paper_ids_of.setdefault(t, set()).add(i)
            for r in row_of.get(i, ()):
                self._topic_matrix[r, topic_index[t]] = True
        self._topics_text = np.array(
            ["; ".join(dict.fromkeys(paper_topics.get(i, []))) for i in self._ids], dtype=object
        )
        if self._index is not None:  # else made by _load_json
            self._json_topics()
        n_papers = [
            sum(1 for i in paper_ids_of.get(t, ()) if i in row_of) for t in self._topic_order
        ]
        self.topics.options = [
            (f"{labels[t]} ({n:,})", t) for t, n in zip(self._topic_order, n_papers, strict=True)
        ]

    def _tagging(self) -> None:
        """The topics list waits for the tags: disabled, a progress bar below."""
        self.topics.options, self.topics.disabled = (), True
        self.topics_progress.layout.display = "flex"

    def _tag_in_background(self) -> None:
        """Tag the papers in the worker process; the topics arrive when it is done."""
        self._tagging()
        schedule = self._schedule or (lambda func: func())

        def progress(done: int, total: int) -> None:
            self.topics_progress.max = total
            self.topics_progress.value = done

        self._tagger = BackgroundTags(self._corpus, self._taxonomy, schedule, progress,
                                      self._tagged)
        self.topics_progress.max = self._tagger.total

    def _tagged(self, result: Any) -> None:
        self.topics_progress.layout.display = "none"
        self.topics.disabled = False
        if isinstance(result, Exception):
            self.last_error = result
            self._show_error(f"Could not tag topics: {type(result).__name__}: {result}")
            return
        self._set_topics(result)
        self._safely(self.update)

    # -------------------------------------------------------------- selection
    @property
    def _summaries(self) -> np.ndarray:
        """Each row's summary ("" when missing), read on the first search."""
        if self._summaries_cache is None:
            self._summaries_cache = self._papers["summary"].fillna("").astype(str).to_numpy(
                dtype=object)
        return self._summaries_cache

    @property
    def _haystack(self) -> np.ndarray:
        """Each row's title, summary and authors, case-folded (for the search box)."""
        if self._haystack_cache is None:
            self._haystack_cache = np.array(
                [f"{t}\n{s}\n{'; '.join(a)}".casefold() for t, s, a in
                 zip(self._titles, self._summaries, self._author_lists, strict=True)],
                dtype=object)
        return self._haystack_cache

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

    def _select(self, mask: np.ndarray) -> tuple[np.ndarray, pd.DataFrame]:
        """The selected papers: for each, the row of the appearance shown (the one with the
        most votes, then the earliest, then the first), most votes first, and its facts
        (``papers_unique`` of the selected rows, in the same order).

        The facts are those of ``corpus.filter(...).papers_unique``: the one computation of
        per-paper facts (:func:`papertoolkit.corpus.papers_unique_table`) on these rows.
        """
        from papertoolkit.corpus import papers_unique_table

        rows = np.flatnonzero(mask)
        if len(rows) == self._n and self._n:  # every row: the corpus' own (cached)
            unique = self._corpus.papers_unique
        else:
            unique = papers_unique_table(self._facts.iloc[rows])
        if len(rows) == 0:
            return rows, unique
        codes, votes, days = self._codes[rows], self._vote_key[rows], self._day_key[rows]
        by_paper = np.lexsort((rows, days, votes, codes))
        first = np.r_[True, codes[by_paper][1:] != codes[by_paper][:-1]]
        shown = rows[by_paper[first]]
        shown = shown[np.lexsort((shown, self._day_key[shown], self._vote_key[shown]))]
        where = pd.Index(unique["arxiv_id"].astype(object)).get_indexer(self._ids[shown])
        return shown, unique.take(where).reset_index(drop=True)

    @property
    def selection(self) -> pd.DataFrame:
        """The matching papers, most votes first: the table's rows (made on first read)."""
        if self._selection is None:
            self._selection = self._selection_frame()
        return self._selection

    def _selection_frame(self) -> pd.DataFrame:
        r, unique = self._shown, self._unique
        if len(r) == 0:
            return self._empty_selection()
        return pd.DataFrame({
            "arxiv_id": unique["arxiv_id"].astype("string"),
            "title": unique["title"].astype("string"),
            "url": unique["url"].astype("string"),
            "date": self._dates[r],
            "votes": unique["max_votes"].astype("Int64"),
            "appearances": unique["appearances"].astype("Int64"),
            "authors": pd.array(self._author_text[r], dtype="string"),
            "topics": pd.array(self._topics_text[r], dtype="string"),
        })

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
        """Recompute ``selection`` from the controls and redraw.

        Each change of a control calls it.

        Examples
        --------
        >>> w = explore_votes(corpus)
        >>> w.update()
        >>> len(w.selection), w.last_error
        (81, None)
        """
        self._load_rest()
        self._update_dates_label()
        mask = self._mask() if self._n else np.zeros(0, dtype=bool)
        self._selected_mask = mask
        self._shown, self._unique = self._select(mask)
        self._selection = None
        self._update_table()
        if self._n == 0:
            self._show_message(self.plot, "No papers to plot: the corpus is empty.")
            return
        if not mask.any():
            self._show_message(self.plot, "No papers to plot: no paper matches the filters.")
            return
        dates = self._dates[mask]
        span = (dates.max() - dates.min()) / np.timedelta64(1, "D")
        freq = "D" if span <= 45 else "W" if span <= 550 else "M"
        self._freq = freq
        key = ("votes", _mask_key(mask), freq)
        self._show_figure(self.plot, key, lambda: self._render(mask, freq))

    def _plot_data(self, mask: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
        """What the figure draws: the selected appearances, and one row per selected paper
        (its ``papers_unique`` facts, ``votes`` its largest count)."""
        papers = self._papers.loc[mask, ["date", "rank", "arxiv_id", "votes"]]
        unique = self._unique if mask is self._selected_mask else self._select(mask)[1]
        per_paper = unique.assign(date=unique["first_seen"], votes=unique["max_votes"])
        return papers, per_paper

    def _render(self, mask: np.ndarray, freq: str) -> dict:
        """The figure of *mask*'s papers, drawn on the kept Figure, as a PNG output."""
        self._figure.draw(*self._plot_data(mask), freq)
        return self._figure.output()

    def _draw(self, mask: np.ndarray, freq: str) -> Figure:
        """The figure of *mask*'s papers on a new Figure (what :meth:`_render` draws)."""
        return draw_votes(*self._plot_data(mask), freq)

    def _json_topics(self) -> None:
        """Each row's authors and topics cells as the JSON the table receives."""
        self._json_mid = [_JSON(a) + ", " + _JSON(_esc(t)) for a, t in
                          zip(self._authors_html, self._topics_text, strict=True)]

    def _json_rows(self) -> None:
        """Each row's cells as the JSON the table receives, but for its number of days
        listed (which depends on the dates chosen) and the topics (:meth:`_set_topics`)."""
        votes = ["null" if np.isnan(v) else str(int(v)) for v in self._votes]
        dates = pd.DatetimeIndex(self._dates).strftime("%Y-%m-%d")
        self._json_head = [
            f"[{_JSON(t)}, {v}, " + ("null" if d is None or pd.isna(d) else _JSON(d)) + ", "
            for t, v, d in zip(self._title_html, votes, dates.to_numpy(dtype=object),
                               strict=True)]
        self._json_tail = [f", {_JSON(h)}, {_JSON(_esc(i))}]"
                           for h, i in zip(self._hf_html, self._ids, strict=True)]

    def _table_json(self, needle: str) -> str:
        """The table's rows as JSON, as :func:`papertoolkit.datatable._rows_json` writes
        them for :meth:`_table_frame` (tested equal), from the cells written once."""
        r, unique = self._shown, self._unique
        if len(r) == 0:
            return "[]"
        head, mid, tail = self._json_head, self._json_mid, self._json_tail
        days = ["null" if pd.isna(n) else str(int(n)) for n in unique["appearances"]]
        heads = [head[k] for k in r]
        titles = unique["title"].to_numpy(dtype=object, na_value=None)
        for j in np.flatnonzero(titles != self._titles[r]):  # another appearance's title
            heads[j] = self._json_head_for(r[j], titles[j])
        if needle:
            why = [", " + _JSON(self._why(k, needle)) for k in r]
            return "[" + ", ".join(h + n + ", " + mid[k] + w + tail[k] for h, n, k, w in
                                   zip(heads, days, r, why, strict=True)) + "]"
        return "[" + ", ".join(h + n + ", " + mid[k] + tail[k] for h, n, k in
                               zip(heads, days, r, strict=True)) + "]"

    def _json_head_for(self, row: int, title: Any) -> str:
        link = _bulk_links(arxiv_url, [self._ids[row]], ["" if title is None else title])[0]
        return f"[{_JSON(link)}" + self._json_head[row][len(_JSON(self._title_html[row])) + 1:]

    def _table_frame(self, needle: str, first: int | None = None) -> pd.DataFrame:
        """The table's columns for the selection, or its *first* rows (HTML cells escaped
        here)."""
        r, unique = self._shown[:first], self._unique.iloc[:first]
        if self._author_lists:
            authors = self._authors_html[r]
        else:  # the first page, before every paper's authors are gathered
            ships = self._corpus.authorships
            names = _authors_by_paper(ships[ships["arxiv_id"].isin(set(self._ids[r]))])
            authors = [_author_list(names.get(i, [])) for i in self._ids[r]]
        frame = pd.DataFrame({
            "Title": _bulk_links(arxiv_url, self._ids[r],
                                 unique["title"].fillna("").astype(object).to_numpy()),
            "Votes": unique["max_votes"].to_numpy(),
            "Date": self._dates[r],
            "Days listed": unique["appearances"].to_numpy(),
            "Authors": authors,
            "Topics": self._topics_text[r],
        })
        if needle:
            frame["Why it matched"] = [self._why(k, needle) for k in r]
        frame["HF"] = _bulk_links(hf_url, self._ids[r], ["HF page"] * len(r))
        frame["arXiv id"] = self._ids[r]
        frame["Votes"] = frame["Votes"].astype("Int64")
        frame["Days listed"] = frame["Days listed"].astype("Int64")
        return frame

    def _why(self, row: int, needle: str) -> str:
        """Where *needle* occurs in the paper: title, summary or an author (highlighted)."""
        for where, text in (("title", self._titles[row]), ("summary", self._summaries[row]),
                            ("authors", self._author_text[row])):
            found = snippet(str(text), needle, width=50)
            if found:
                return f'<span style="{_MUTED}">{where}:</span> {found}'
        return ""

    def _update_status(self) -> None:
        n_papers = len(self._shown)
        if self._n == 0:
            self.status.value = _message("The corpus has no papers.")
        elif n_papers == 0:
            self.status.value = _message(
                "No paper matches these filters: widen the date range, lower the minimum "
                "votes, clear the topics or the search."
            )
        else:
            n_rows = int(self._selected_mask.sum())
            self.status.value = (
                f"<p><b>{n_papers:,}</b> papers ({n_rows:,} digest appearances) "
                "match. Click a row to read its summary; click a header to sort. "
                f'<span style="{_MUTED}">{_esc(VOTES_NOTE)}</span></p>'
            )

    def _update_table(self) -> None:
        needle = self.search.value.strip()
        self._update_status()
        shown = self.detail.arxiv_id
        columns = [c for c in TABLE_COLUMNS if needle or c != "Why it matched"]
        self.table.show(lambda: self._table_frame(needle), columns=columns,
                        rows_json=self._table_json(needle))
        self._table_ids = self._ids[self._shown]
        keep = shown is not None and any(self._selected_mask[r] for r in self._row_of[shown])
        self.detail.show(shown if keep else None, search=needle)

    # -------------------------------------------------------------- a paper, an author
    def _on_select(self, change: dict) -> None:
        rows = [r for r in change["new"] if 0 <= r < len(self._table_ids)]
        if rows:
            self._safely(lambda: self.show_paper(str(self._table_ids[rows[0]])))

    def show_paper(self, arxiv_id: str) -> None:
        """Show paper *arxiv_id* in ``detail`` (as a click on its row does).

        Parameters
        ----------
        arxiv_id : str
            A paper of the corpus.

        Examples
        --------
        >>> w = explore_votes(corpus)
        >>> w.show_paper("2402.10200")
        >>> w.detail.arxiv_id
        '2402.10200'
        """
        self.detail.show(str(arxiv_id), search=self.search.value.strip())

    def open_author(self, name: str) -> None:
        """Open *name* in ``author_view``, an :func:`explore_authors` below the detail.

        It is built on first use (it builds the co-author graph once).

        Parameters
        ----------
        name : str
            An author (case, accents and spacing are forgiven).

        Examples
        --------
        >>> w = explore_votes(corpus)
        >>> w.open_author("denny zhou")
        >>> w.author_view.children[0].papers["arxiv_id"].tolist()
        ['2402.10200', '2402.08939', '2402.09371']
        """
        open_author_view(self.author_view, self._corpus, name, self._index)

    def _show_error(self, text: str) -> None:
        self.status.value = _message(text, level="error")
        self._show_message(self.plot, text)


@renamed_arguments(corpus="data")
@positional_options
def explore_votes(
    data: Any, *, tags: pd.DataFrame | None = None, taxonomy: Any = None, rows: int = 10,
    background: bool | None = None,
) -> VotesExplorer:
    """Explore papers and their votes: filters, a table to sort and download, summaries.

    Parameters
    ----------
    data : Corpus
        The digests to explore (``ptk.load(...)``).
    tags : DataFrame, optional
        Output of :func:`papertoolkit.topics.tag_topics` for *data*, to skip tagging
        (it is the slowest step of building the explorer; a few seconds for a year).
    taxonomy : optional
        Taxonomy passed to ``tag_topics`` when *tags* is not given.
    rows : int, default 10
        Rows per page of the table at first (the table's "Show N rows" button changes it).
    background : bool, optional
        Tag the topics of a large corpus (over ``BACKGROUND_PAPERS`` papers) in a worker
        process: the explorer opens at once, with a progress bar under ``topics``, and the
        topics arrive when tagging is done. In a kernel, such a corpus also opens with the
        table's first page, and every row and the plots follow with a progress bar.
        Default: in a Jupyter kernel only. Tags of the built-in taxonomy are kept per
        corpus, so a second explorer does not tag again.

    Returns
    -------
    VotesExplorer
        An ``ipywidgets.VBox``. Controls ``dates``, ``min_votes``, ``topics``, ``search``;
        outputs ``status``, ``table``, ``detail``, ``plot``; ``selection`` is the DataFrame
        of matching papers (export it with ``.to_csv``, or use the table's buttons).

    Notes
    -----
    A paper listed on several days appears once, with its largest vote snapshot in the
    selected period and that day's date. ``min_votes`` = 0 keeps papers without votes; any
    higher value drops them. The table is an itables DataTable: it sorts, searches and
    downloads in the browser, without a round trip to Python.

    Examples
    --------
    >>> w = explore_votes(corpus)         # display(w) in a notebook
    >>> w.search.value = "diffusion"      # what typing in the box does
    >>> len(w.selection), w.selection["arxiv_id"].tolist()[:3]
    (11, ['2402.13144', '2402.12376', '2402.10259'])
    >>> w.min_votes.value = 20
    >>> w.selection[["arxiv_id", "votes"]].values.tolist()
    [['2402.13144', 63], ['2402.12376', 28]]
    >>> w.show_paper(w.selection["arxiv_id"].iloc[0])
    """
    return VotesExplorer(data, tags=tags, taxonomy=taxonomy, rows=rows,
                         background=background)
