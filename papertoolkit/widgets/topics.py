"""The topics explorer: one topic's trend, top papers and top authors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import numpy as np
import pandas as pd

from papertoolkit._compat import positional_options, renamed_arguments
from papertoolkit.datatable import fmt_pct, interactive_table
from papertoolkit.details import PaperIndex, highlight

from ._common import (
    _MUTED,
    VOTES_NOTE,
    PaperDetail,
    _arxiv_link,
    _esc,
    _Explorer,
    _message,
    _new_figure,
    _papers,
    _tags_for,
    _topic_names,
    open_author_view,
)

if TYPE_CHECKING:  # imported lazily at run time
    from matplotlib.figure import Figure


class TopicsExplorer(_Explorer):
    """One topic: its share of papers over time, its papers and its authors.

    Build it with :func:`explore_topics`. Controls: ``topic`` (Dropdown of topic labels,
    taxonomy order, with paper counts) and ``freq`` (ToggleButtons week / month). Outputs:
    ``summary`` (HTML), ``plot`` (Output), ``papers_table`` (an itables DataTable of every
    paper tagged with the topic, most votes first, matched terms highlighted: sort, filter,
    download; select a row to read the paper in ``detail``) and ``authors_table`` (a
    DataTable of the topic's authors; select one to open them in ``author_view``). ``tags``
    is the tag table used; ``top_papers`` and ``top_authors`` the DataFrames behind the
    tables.

    ``min_score`` (a number box, 0 to 1) is the tag score threshold: tags scoring less are
    left out and every output follows. At its first value the built-in scorer's own
    thresholds apply (higher for some topics, see ``tag_topics``); any other value applies
    to every topic.

    Layout (``children``): ``[HBox(topic, freq, min_score), summary, plot, papers_table,
    detail, authors_table, author_view]``.

    Parameters
    ----------
    corpus, tags, taxonomy, n, min_score
        As in :func:`explore_topics`.

    Examples
    --------
    >>> w = TopicsExplorer(corpus)
    >>> w.topic.value, w.topic.options[0][0].startswith("Large language models (")
    ('llm', True)
    >>> w.min_score.value = 0.6                   # fewer, surer tags: the counts follow
    >>> bool((w.tags["score"] >= 0.6).all())
    True
    """

    def __init__(
        self, corpus: Any, tags: pd.DataFrame | None = None, taxonomy: Any = None, n: int = 10,
        min_score: float | None = None,
    ):
        self._corpus = corpus
        self._taxonomy = taxonomy
        # the tags shown at the start: those given, or the corpus' (computed once per corpus)
        self._base_tags = _tags_for(corpus, tags, taxonomy)
        self._candidates: pd.DataFrame | None = None  # every candidate, on a lower threshold
        if tags is None:
            from papertoolkit.topics import builtin_scorer

            scorer = builtin_scorer()
            self._floor = float(scorer["min_score"])
            # the highest per-topic threshold: above it the base tags hold every tag wanted
            self._ceiling = max([self._floor, *(scorer.get("topic_min_score") or {}).values()])
        else:
            self._floor = self._ceiling = 0.0  # keep every tag given
        default = self._floor
        scored = "score" in self._base_tags and len(self._base_tags) > 0
        self.min_score = widgets.BoundedFloatText(
            value=default if min_score is None else float(min_score), min=0.0, max=1.0,
            step=0.05, description="Min score", disabled=not scored,
            tooltip="tags scoring less are left out (see topics.tag_topics)",
            layout=widgets.Layout(width="170px"), style={"description_width": "70px"},
        )
        order, labels = _topic_names(self._base_tags, taxonomy)
        self._order, self._labels = order, labels
        self._index = PaperIndex(corpus)
        unique = corpus.papers_unique
        self._unique = unique.set_index(unique["arxiv_id"].astype(str).to_numpy())
        counts = self._use_tags()
        self.topic = widgets.Dropdown(
            options=self._topic_options(counts), description="Topic",
            layout=widgets.Layout(width="420px"),
        )
        if order:
            self.topic.value = max(order, key=lambda t: (counts[t], -order.index(t)))
        # two short buttons beside their label (with the label as the widget's description
        # the buttons wrapped under it and pushed the rest aside)
        self.freq = widgets.ToggleButtons(
            options=[("week", "W"), ("month", "M")], value="W",
            style={"button_width": "64px"}, layout=widgets.Layout(width="auto"),
        )
        self.summary = widgets.HTML()
        self.plot = widgets.Output()
        self.top_papers = pd.DataFrame()
        self.top_authors = pd.DataFrame()
        self.papers_table = interactive_table(
            self._papers_frame(self._unique.iloc[:0], None), filename="topic_papers",
            html_columns=("Title", "Matched terms"), page_length=n, select=True)
        self.detail = PaperDetail(self._index, on_author=self.open_author)
        self.authors_table = interactive_table(
            self._authors_frame(None), filename="topic_authors", page_length=n, select=True)
        self.author_view = widgets.VBox()
        super().__init__([
            widgets.HBox([self.topic, widgets.Label("per", layout=widgets.Layout(
                margin="0 4px 0 16px")), self.freq, self.min_score]),
            self.summary,
            self.plot,
            self.papers_table,
            self.detail,
            self.authors_table,
            self.author_view,
        ])
        self._watch(self.topic)
        self._watch(self.freq, handler=self._update_plot)
        self._watch(self.min_score, handler=self._rescore)
        self.papers_table.observe(self._on_paper, names="selected_rows")
        self.authors_table.observe(self._on_author_row, names="selected_rows")
        self._safely(self.update)

    def _use_tags(self) -> dict[str, int]:
        """Keep the tags scoring at least ``min_score`` as ``tags`` and derive what the
        explorer shows from them; return the papers per topic."""
        cut = float(self.min_score.value)
        base = self._base_tags
        if "score" not in base or not len(base) or abs(cut - self._floor) < 1e-12:
            tags = base  # the tags given, or the corpus' own (the same object)
        elif cut >= self._ceiling:
            tags = base[base["score"].fillna(0) >= cut - 1e-12]
        else:  # under some topic's threshold: every candidate of the taxonomy, tagged once
            if self._candidates is None:
                from papertoolkit.topics import tag_topics

                self._candidates = tag_topics(self._corpus, taxonomy=self._taxonomy,
                                              min_score=0.0)
            tags = self._candidates[self._candidates["score"].fillna(0) >= cut - 1e-12]
        self.tags = tags
        self._index.set_topics(tags, self._labels)
        tag_pairs = pd.DataFrame({
            "arxiv_id": self.tags["arxiv_id"].astype(str),
            "topic": self.tags["topic"].astype(str),
            "matched_terms": self.tags["matched_terms"].astype("string")
            if "matched_terms" in self.tags else pd.Series("", index=self.tags.index),
        }).drop_duplicates(["arxiv_id", "topic"])
        tag_pairs = tag_pairs[tag_pairs["arxiv_id"].isin(self._unique.index)]
        self._ids_of = tag_pairs.groupby("topic", sort=False)["arxiv_id"].agg(list).to_dict()
        self._terms = tag_pairs.set_index(["topic", "arxiv_id"])["matched_terms"]
        self._author_stats = self._topic_authors(self._corpus, tag_pairs)
        self._shares: dict[str, pd.DataFrame] = {}
        if len(self.tags):  # both periods now: the first switch to months is then instant
            for freq in ("W", "M"):
                self._share(freq)
        return {t: len(self._ids_of.get(t, [])) for t in self._order}

    def _topic_options(self, counts: dict[str, int]) -> list[tuple[str, str]]:
        return [(f"{self._labels[t]} ({_papers(counts[t])})", t) for t in self._order]

    def _rescore(self) -> None:
        """A new ``min_score``: tags, counts, tables and the trend follow."""
        counts = self._use_tags()
        topic = self.topic.value
        self._busy = True  # one update below, not one per option change
        try:
            self.topic.options = self._topic_options(counts)
            self.topic.value = topic
        finally:
            self._busy = False
        self.update()

    def _topic_authors(self, corpus: Any, tag_pairs: pd.DataFrame) -> dict[str, pd.DataFrame]:
        """Per topic: its authors with tagged papers and their votes, best first."""
        ships = corpus.authorships.dropna(subset=["author", "arxiv_id"])
        pairs = ships[["arxiv_id", "author"]].drop_duplicates().astype({"arxiv_id": str})
        both = tag_pairs[["topic", "arxiv_id"]].merge(pairs, on="arxiv_id")
        if both.empty:
            return {}
        votes = self._unique["max_votes"]
        both["votes"] = both["arxiv_id"].map(votes).astype("Int64")
        grouped = both.groupby(["topic", "author"], sort=False, observed=True)
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
        self.papers_table.show(self._papers_frame(self._unique.iloc[:0], None))
        self.authors_table.show(self._authors_frame(None))
        self.detail.show(None)
        self._show_message(self.plot, text)

    # -------------------------------------------------------------- tables, a paper
    def _papers_frame(self, papers: pd.DataFrame, topic: str | None) -> pd.DataFrame:
        ids = papers["arxiv_id"].astype(str).tolist()
        terms = [str(self._terms.get((topic, i), "") or "") for i in ids] if topic else []
        return pd.DataFrame({
            "Title": [_arxiv_link(i, t) for i, t in zip(ids, papers["title"], strict=True)],
            "Votes": papers["max_votes"].astype("Int64").array,  # NA stays NA, ints stay ints
            "First seen": papers["first_seen"].to_numpy(),
            "Matched terms": [highlight(t, [w.strip() for w in t.split(";")]) for t in terms],
            "arXiv id": ids,
        })

    @staticmethod
    def _authors_frame(authors: pd.DataFrame | None) -> pd.DataFrame:
        if authors is None or authors.empty:
            return pd.DataFrame({"Author": pd.Series(dtype=object),
                                 "Papers": pd.Series(dtype="Int64"),
                                 "Votes": pd.Series(dtype="Int64")})
        return pd.DataFrame({"Author": authors["author"].astype(str).to_numpy(),
                             "Papers": authors["papers"].astype("Int64").array,
                             "Votes": authors["votes"].astype("Int64").array})

    def _on_paper(self, change: dict) -> None:
        rows = [r for r in change["new"] if 0 <= r < len(self.top_papers)]
        if rows:
            arxiv_id = str(self.top_papers["arxiv_id"].iloc[rows[0]])
            self._safely(lambda: self.detail.show(arxiv_id))

    def _on_author_row(self, change: dict) -> None:
        rows = [r for r in change["new"] if 0 <= r < len(self.top_authors)]
        if rows:
            name = str(self.top_authors["author"].iloc[rows[0]])
            self._safely(lambda: self.open_author(name))

    def open_author(self, name: str) -> None:
        """Open *name* in ``author_view``, an :func:`explore_authors` below the tables.

        It is built on first use (it builds the co-author graph once).

        Parameters
        ----------
        name : str
            An author (case, accents and spacing are forgiven).

        Examples
        --------
        >>> w = explore_topics(corpus)
        >>> w.open_author("Denny Zhou")
        >>> w.author_view.children[0].author.value
        'Denny Zhou'
        """
        open_author_view(self.author_view, self._corpus, name, self._index)

    def update(self) -> None:
        """Show the topic chosen in ``topic`` (each change of a control calls it).

        Examples
        --------
        >>> w = explore_topics(corpus)
        >>> w.update()
        >>> tagged = w.tags.loc[w.tags["topic"] == w.topic.value, "arxiv_id"].nunique()
        >>> len(w.top_papers) == tagged, w.last_error
        (True, None)
        """
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
            f"({fmt_pct(len(ids) / len(self._unique))}), {total:,} votes in total. "
            "Select a paper to read its summary, an author to open them. "
            f'<span style="{_MUTED}">Topics are multi-label. {_esc(VOTES_NOTE)}</span></p>'
        )
        self._update_tables()
        self._update_plot()

    def _update_tables(self) -> None:
        topic = self.topic.value
        ids = self._ids_of.get(topic, []) if topic is not None else []
        if not ids:
            return
        papers = self._unique.loc[ids].reset_index(drop=True)
        papers = papers.sort_values(
            ["max_votes", "first_seen", "arxiv_id"], ascending=[False, True, True],
            na_position="last", kind="stable",
        )
        terms = [self._terms.get((topic, str(i)), "") for i in papers["arxiv_id"]]
        self.top_papers = papers.assign(matched_terms=pd.array(terms, dtype="string"))[
            ["arxiv_id", "title", "max_votes", "first_seen", "matched_terms"]
        ].reset_index(drop=True)
        self.papers_table.show(self._papers_frame(self.top_papers, topic))
        self.detail.show(None)
        authors = self._author_stats.get(topic)
        self.top_authors = (
            authors.copy() if authors is not None
            else pd.DataFrame({"author": [], "papers": [], "votes": []})
        )
        self.authors_table.show(self._authors_frame(self.top_authors))

    def _update_plot(self) -> None:
        topic = self.topic.value
        if topic is None or not self._ids_of.get(topic):
            return
        freq = self.freq.value
        self._show_figure(self.plot, ("topic", topic, freq), lambda: self._draw(topic, freq))

    def _draw(self, topic: str, freq: str) -> Figure:
        from papertoolkit.plots import date_axis, integer_ticks

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
        integer_ticks(twin.yaxis)
        year = date_axis(ax, rows["period"], freq=freq)  # one tick per period when few
        ax.set_xlabel(f"{unit} (start)" + (f", {year}" if year else ""))
        ax.set_zorder(twin.get_zorder() + 1)
        ax.patch.set_visible(False)
        ax.set_title(f"{label}: share of papers per {unit}")
        return fig


@renamed_arguments(corpus="data")
@positional_options
def explore_topics(
    data: Any, *, tags: pd.DataFrame | None = None, taxonomy: Any = None, n: int = 10,
    min_score: float | None = None,
) -> TopicsExplorer:
    """Explore one topic at a time: its trend, top papers and top authors.

    Parameters
    ----------
    data : Corpus
        The digests to explore.
    tags : DataFrame, optional
        Output of :func:`papertoolkit.topics.tag_topics` for *data* (computed when omitted).
    taxonomy : optional
        Taxonomy for ``tag_topics`` (and for the topic labels).
    n : int, default 10
        Rows per page of the two tables at first (the reader can change it).
    min_score : float, optional
        The tag score threshold at first (the ``min_score`` box changes it, 0 to 1; see
        :func:`papertoolkit.topics.tag_topics`). Default: the built-in scorer's threshold
        when the explorer tags the corpus itself (its per-topic thresholds apply while the
        box shows it; a value under the highest of them tags the corpus again, once,
        keeping every candidate); 0 (every tag given) with *tags*.

    Returns
    -------
    TopicsExplorer
        An ``ipywidgets.VBox`` with controls ``topic``, ``freq``, ``min_score`` and outputs
        ``summary``,
        ``plot``, ``papers_table``, ``detail``, ``authors_table``, ``author_view``.

    Notes
    -----
    The trend is :func:`papertoolkit.topics.topic_share` for the topic: the share of each
    week's (month's) papers tagged with it, with the number of tagged papers as grey bars.
    Papers are ranked by their largest vote snapshot; authors by tagged papers, then by the
    votes of those papers.

    Examples
    --------
    >>> w = explore_topics(corpus)        # display(w) in a notebook
    >>> w.topic.value = "reasoning"       # what choosing it in the dropdown does
    >>> w.top_papers["arxiv_id"].tolist()
    ['2402.10200', '2402.08939']
    >>> w.top_authors.head(2).values.tolist()
    [['Denny Zhou', 2, 41], ['Xuezhi Wang', 2, 41]]
    """
    return TopicsExplorer(data, tags=tags, taxonomy=taxonomy, n=n, min_score=min_score)
