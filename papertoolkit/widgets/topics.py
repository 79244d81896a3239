"""The topics explorer: one topic's trend, top papers and top authors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import numpy as np
import pandas as pd

from ._common import (
    _MUTED,
    VOTES_NOTE,
    _arxiv_link,
    _esc,
    _Explorer,
    _fmt_date,
    _fmt_int,
    _message,
    _new_figure,
    _table,
    _tags_for,
    _topic_names,
)

if TYPE_CHECKING:  # imported lazily at run time
    from matplotlib.figure import Figure


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
        year = date_axis(ax, rows["period"], freq)  # one tick per period when few
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
