"""The network explorer: the co-author network, its communities and their members."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import pandas as pd

from ._common import _esc, _Explorer, _fmt_int, _message, _new_figure, _table

if TYPE_CHECKING:  # imported lazily at run time
    import networkx as nx
    from matplotlib.figure import Figure


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
