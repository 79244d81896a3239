"""The authors explorer: one author's papers, top co-authors and ego network."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import pandas as pd

from ._common import (
    _MUTED,
    VOTES_NOTE,
    _arxiv_link,
    _author_list,
    _authors_by_paper,
    _esc,
    _Explorer,
    _fmt_date,
    _fmt_int,
    _message,
    _new_figure,
    _table,
)

if TYPE_CHECKING:  # imported lazily at run time
    import networkx as nx
    from matplotlib.figure import Figure


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
        from .network import ego_map_output

        # the interactive map (a click opens that author); the static figure without ipysigma
        output = ego_map_output(self, self.graph, node, radius, self.max_nodes,
                                on_click=lambda name: setattr(self.author, "value", name))
        if output is not None:
            self.plot.outputs = (output,)
            return
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
