"""The network explorer: an interactive map of the co-author network and its communities."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import numpy as np
import pandas as pd

from papertoolkit._compat import positional_options, renamed_arguments

from ._background import _kernel_scheduler, _pool
from ._common import _esc, _Explorer, _fmt_int, _message, _new_figure, _table

if TYPE_CHECKING:  # imported lazily at run time
    import networkx as nx
    from matplotlib.figure import Figure

    from papertoolkit.network._arrays import GraphArrays


ALL_COMMUNITIES = -1
WHOLE_NETWORK = "whole network"
#: Interactive maps kept per explorer, so going back to a setting is instant.
VIEW_CACHE_SIZE = 16
#: Most authors a map may draw (the "Top N" slider's end).
MOST_DRAWN = 2000
#: The default minimum papers is the smallest that keeps at most this many authors, so that
#: the first map opens fast and shows the established authors (1 on small corpora).
DEFAULT_AUTHORS = 5000
#: Graphs with more links than this find their communities in a worker process (in a
#: kernel): the map is drawn at once, coloured when Louvain is done. Below it, Louvain and
#: the community table take under about 50 ms before the map (1,000 days: 33,000 links
#: 0.03 s, 139,000 links 0.23 s of CPU), so a first visit stays well under 300 ms.
BACKGROUND_LINKS = 50_000


def has_ipysigma() -> bool:
    try:
        import ipysigma  # noqa: F401
    except ImportError:
        return False
    return True


def widget_output(widget: widgets.Widget, text: str) -> dict:
    """An ``Output`` output that shows *widget* (its model is live in the kernel); an
    ipysigma map with its hover card (papers, votes)."""
    if has_ipysigma():
        from ipysigma import Sigma

        from papertoolkit.network.hover import with_hover

        if isinstance(widget, Sigma):
            widget = with_hover(widget)
    return {
        "output_type": "display_data",
        "data": {
            "application/vnd.jupyter.widget-view+json": {
                "model_id": widget.model_id, "version_major": 2, "version_minor": 0,
            },
            "text/plain": text,
        },
        "metadata": {},
    }


def _in_thread(func: Any) -> Any:
    """*func* for a worker thread, then the memory it freed handed back to the system:
    glibc keeps a thread's freed blocks in that thread's own arena, where the kernel's main
    thread cannot reuse them (about 100 MB at 1,000 days)."""
    def run() -> None:
        func()
        try:
            import ctypes

            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):  # not glibc: nothing to hand back this way
            pass

    return run


def _community_option(row: Any) -> str:
    names = ", ".join(str(a) for a in row.top_authors[:3])
    return f"#{int(row.community)}: {int(row.size):,} authors — {names}"


class _Analysis:
    """The graph of one pair of thresholds as arrays, its Louvain communities and table."""

    def __init__(self, arrays: GraphArrays, seed: int, louvain: bool = True,
                 labels: np.ndarray | None = None):
        from papertoolkit.network.community import _community_rows, _louvain

        self.arrays = arrays
        self.provisional = not louvain  # the communities are still being computed
        n = arrays.n_nodes
        if labels is not None:
            self.labels = labels
        elif louvain and n:
            self.labels = _louvain(arrays.to_igraph(), seed)
        else:
            self.labels = np.full(n, ALL_COMMUNITIES, dtype=np.int64)
        cols = ["community", "size", "n_edges", "papers", "top_authors", "top_papers"]
        if n and louvain:
            rows = _community_rows(
                arrays.names.tolist(), self.labels,
                np.column_stack([arrays.source, arrays.target]).astype(np.int64),
                arrays.papers, arrays.starts, arrays.n_papers.astype(np.int64),
                arrays.pair_papers, arrays.paper_names, 5,
            )
        else:
            rows = []
        table = pd.DataFrame(rows, columns=cols)
        self.table = table.astype(dict.fromkeys(["community", "size", "n_edges", "papers"],
                                                "Int64"))
        self.sizes = dict(zip(self.table["community"].astype(int).tolist(),
                              self.table["size"].astype(int).tolist(), strict=True))
        self._membership: dict[Any, int] | None = None

    @property
    def membership(self) -> dict[Any, int]:
        if self._membership is None:
            self._membership = dict(zip(self.arrays.names.tolist(), self.labels.tolist(),
                                        strict=True))
        return self._membership


class NetworkExplorer(_Explorer):
    """The co-author network as an interactive map: thresholds, top authors, communities.

    Build it with :func:`explore_network`. Controls, their ranges taken from the data:
    ``min_papers`` (IntSlider: authors with at least this many papers; up to the second
    most prolific author's count), ``min_weight`` (slider: links at least this heavy; up to
    the heaviest link), ``max_nodes`` ("Top N": how many authors are drawn), ``rank_by``
    (Dropdown: papers, strength, degree or votes choose and size the drawn authors) and
    ``community`` (Combobox: type to search every community of two or more authors, or
    "whole network"). Outputs: ``summary`` (HTML), ``plot`` (Output: the ipysigma map, or
    a static figure with a note when ipysigma is not installed) and ``authors_table``
    (HTML: the communities, the selected community's authors, or the author last clicked).

    Click an author on the map to see their papers, votes and strongest co-authors
    (``selected_author``). ``graph`` (a networkx graph, built on first access),
    ``membership``, ``community_table``, ``community_id``, ``members``, ``view`` (the
    drawn graph) and ``map`` (the ``ipysigma.Sigma`` widget) describe what is shown;
    ``metrics`` (:func:`~papertoolkit.network.author_metrics`) is computed on first access
    only.

    Layout (``children``): ``[HBox(VBox(min_papers, min_weight, max_nodes),
    VBox(rank_by, community)), summary, progress, plot, authors_table]``.

    In a Jupyter kernel, the communities of a graph with more than ``BACKGROUND_LINKS``
    links are found in a worker process: the map is drawn at once (grey) with
    ``progress`` shown, and coloured when Louvain is done; the cell never blocks.
    ``background=False`` computes them before drawing (the default outside a kernel).

    Parameters
    ----------
    corpus, min_papers, min_weight, weighting, max_nodes, seed, rank_by, background
        As in :func:`explore_network`.

    Examples
    --------
    >>> w = NetworkExplorer(corpus, min_papers=3)
    >>> sorted(w.graph)
    ['Denny Zhou', 'Xinyun Chen', 'Xuezhi Wang']
    """

    # long: the explorer's state and its ten controls and outputs, laid out in one place
    def __init__(
        self,
        corpus: Any,
        min_papers: int | None = None,
        min_weight: float = 1,
        weighting: str = "count",
        max_nodes: int = 200,
        seed: int = 0,
        rank_by: str = "papers",
        background: bool | None = None,
    ):
        from papertoolkit.network.build import _graph_parts, _tables
        from papertoolkit.network.interactive import RANK_BY

        self._corpus = corpus
        self._weighting = weighting
        self._seed = seed
        authorships, papers = _tables(corpus, None)
        # the authors now; the links of the first map's authors only, all of them later
        self._parts = _graph_parts(corpus, authorships, papers, weighting, None, None, None)
        self._among: dict[int, GraphArrays] = {}
        self._whole_worker: threading.Thread | None = None
        self._filtered: dict[tuple[int, float], GraphArrays] = {}
        self._analysed: dict[tuple[int, float], _Analysis] = {}
        self._provisional: dict[tuple[int, float], _Analysis] = {}
        self._current: _Analysis | None = None
        self._schedule = _kernel_scheduler()
        self._background = (self._schedule is not None) if background is None else background
        self._running: set[tuple[int, float]] = set()
        self._pending: tuple[int, float] | None = None  # communities to find after drawing
        self._worker: threading.Thread | None = None
        self._graphs: dict[tuple[int, float], nx.Graph] = {}
        self._metrics: dict[tuple[int, float], pd.DataFrame] = {}
        self._views: OrderedDict[tuple, tuple[Any, nx.Graph]] = OrderedDict()
        papers_sorted = np.sort(self._parts.nodes.papers)[::-1]
        most = int(papers_sorted[1]) if len(papers_sorted) > 1 else 1
        if min_papers is None:  # the smallest that keeps at most DEFAULT_AUTHORS authors
            min_papers = 1
            if len(papers_sorted) > DEFAULT_AUTHORS:
                min_papers = int(papers_sorted[DEFAULT_AUTHORS]) + 1
        self.min_papers = widgets.IntSlider(
            value=min(max(int(min_papers), 1), max(most, 1)), min=1, max=max(most, 2),
            description="Min papers", continuous_update=False,
        )
        if weighting == "count":
            self.min_weight = widgets.IntSlider(
                value=int(min_weight), min=1, max=2, description="Min joint",
                continuous_update=False,
            )
        else:
            self.min_weight = widgets.FloatSlider(
                value=float(min_weight), min=0.0, max=1.0, step=0.01, description="Min weight",
                continuous_update=False,
            )
        self.max_nodes = widgets.IntSlider(
            value=int(max_nodes), min=10, max=max(int(max_nodes), 20), step=10,
            description="Top N", continuous_update=False,
        )
        self.rank_by = widgets.Dropdown(
            options=[(f"top by {b}", b) for b in RANK_BY], value=rank_by,
            description="Draw", layout=widgets.Layout(width="260px"),
        )
        self.community = widgets.Combobox(
            value=WHOLE_NETWORK, options=[WHOLE_NETWORK], ensure_option=True,
            description="Community", placeholder="type a name or #id",
            layout=widgets.Layout(width="460px"),
        )
        self.summary = widgets.HTML()
        self.progress = widgets.IntProgress(
            value=0, max=1, description="Louvain…", bar_style="info",
            layout=widgets.Layout(display="none", width="420px"),
        )
        self.plot = widgets.Output(layout=widgets.Layout(width="100%"))
        self.authors_table = widgets.HTML(layout=widgets.Layout(width="100%"))
        self.community_table = pd.DataFrame()
        self.members = pd.DataFrame()
        self.view: nx.Graph | None = None
        self.map: Any = None
        self.selected_author: Any = None
        self._key: tuple[int, float] | None = None
        self._ids: dict[str, int] = {}
        super().__init__([
            widgets.HBox([
                widgets.VBox([self.min_papers, self.min_weight, self.max_nodes]),
                widgets.VBox([self.rank_by, self.community]),
            ]),
            self.summary,
            self.progress,
            self.plot,
            self.authors_table,
        ])
        self._watch(self.min_papers, self.min_weight)
        self._watch(self.community, self.max_nodes, self.rank_by, handler=self._redraw)
        self._safely(self.update)
        if self._background and not self._parts.whole_ready:
            # every link, for the other thresholds: computed beside the open explorer
            self._whole_worker = threading.Thread(
                target=_in_thread(self._parts.whole), name="papertoolkit-graph", daemon=True)
            self._whole_worker.start()

    # -------------------------------------------------------------- state
    @property
    def _analysis(self) -> _Analysis:
        assert self._current is not None
        return self._current

    @property
    def graph(self) -> nx.Graph | None:
        """The current graph as a networkx graph (built on first access, then kept)."""
        if self._key is None:
            return None
        if self._key not in self._graphs:
            from papertoolkit.network._arrays import CoauthorGraph

            self._graphs[self._key] = CoauthorGraph.from_arrays(self._filtered[self._key])
        return self._graphs[self._key]

    @property
    def membership(self) -> dict[Any, int]:
        """Louvain community of every author of the current graph (0 = the largest)."""
        return self._analysis.membership if self._key is not None else {}

    @property
    def community_id(self) -> int:
        """The selected community's id, or ``ALL_COMMUNITIES`` (-1) for the whole network."""
        return self._ids.get(self.community.value, ALL_COMMUNITIES)

    @property
    def metrics(self) -> pd.DataFrame:
        """:func:`~papertoolkit.network.author_metrics` of the current graph, computed once.

        It is computed on first access for each pair of thresholds, then kept.
        """
        if self._key is None:
            return pd.DataFrame()
        if self._key not in self._metrics:
            from papertoolkit.network import author_metrics

            self._metrics[self._key] = author_metrics(self.graph, seed=self._seed)
        return self._metrics[self._key]

    def _analyse(self, min_papers: int, min_weight: float) -> _Analysis:
        key = (min_papers, min_weight)
        if key in self._analysed:
            return self._analysed[key]
        if key not in self._filtered:
            weight = None if self._weighting == "count" and min_weight <= 1 else min_weight
            self._filtered[key] = self._links(min_papers).filtered(min_papers, weight)
        arrays = self._filtered[key]
        if self._background and arrays.n_edges > BACKGROUND_LINKS:
            if key not in self._provisional:
                self._provisional[key] = _Analysis(arrays, self._seed, louvain=False)
            if key not in self._running:  # started once the map is drawn (see update)
                self._pending = key
            return self._provisional[key]
        self._analysed[key] = _Analysis(arrays, self._seed)
        return self._analysed[key]

    def _links(self, min_papers: int) -> GraphArrays:
        """The smallest graph at hand that holds every author with *min_papers* or more
        papers and their links: that of a higher threshold seen before, else the whole
        graph (waiting for the worker computing it), else the links among these authors
        only (their pairs alone: the first map does not wait for the whole graph)."""
        held = [m for m in self._among if m <= min_papers]
        if held:
            return self._among[max(held)]
        parts = self._parts
        if parts.whole_ready or self._whole_worker is not None or min_papers <= 1:
            return parts.whole()
        self._among[min_papers] = parts.among(min_papers)
        return self._among[min_papers]

    def _start(self, key: tuple[int, float], arrays: GraphArrays) -> None:
        """Find the communities of *key*'s graph in a worker process (a thread waits for
        it, so the kernel stays free); redraw when done."""
        from papertoolkit.network.community import louvain_labels

        if key in self._running:
            return
        self._running.add(key)
        schedule = self._schedule or (lambda func: func())

        def work() -> None:
            try:  # Louvain in a worker process: igraph keeps the GIL while it runs
                labels = _pool().submit(
                    louvain_labels, arrays.n_nodes, arrays.source, arrays.target,
                    arrays.weight, self._seed).result()
                result: Any = _Analysis(arrays, self._seed, labels=labels)
            except Exception as err:  # shown by _finished
                result = err
            schedule(lambda: self._finished(key, result))

        self._worker = threading.Thread(target=work, name="papertoolkit-louvain", daemon=True)
        self._worker.start()

    def _finished(self, key: tuple[int, float], result: Any) -> None:
        self._running.discard(key)
        if isinstance(result, Exception):
            self.last_error = result
            self._show_error(f"Could not find communities: {type(result).__name__}: {result}")
            return
        self._analysed[key] = result
        self._provisional.pop(key, None)
        if self._key == key:
            self._safely(self.update)

    # -------------------------------------------------------------- updates
    def update(self) -> None:
        """Filter the graph for the thresholds, refill the ranges and communities, redraw.

        Each change of a control calls it.

        Examples
        --------
        >>> w = explore_network(corpus)
        >>> w.update()
        >>> w.graph.number_of_nodes(), w.last_error
        (646, None)
        """
        try:
            self._update()
        finally:  # the communities' worker starts after the map is drawn: sending it the
            # links (tens of MB) from a thread would take the GIL from the drawing
            key, self._pending = self._pending, None
            if key is not None:
                self._start(key, self._filtered[key])

    def _update(self) -> None:
        min_papers, min_weight = int(self.min_papers.value), self.min_weight.value
        # follow the selected community through the change: ids are renumbered by size
        anchor = self.members["author"].iloc[0] if len(self.members) else None
        analysis = self._analyse(min_papers, min_weight)
        self._key, self._current = (min_papers, min_weight), analysis
        arrays = analysis.arrays
        self.progress.layout.display = "flex" if analysis.provisional else "none"
        self.community_table = analysis.table
        # ranges from the data: links up to the heaviest one, top N up to the linked authors
        heaviest = arrays.weight.max() if arrays.n_edges else 1
        if self._weighting == "count":
            self.min_weight.max = max(int(heaviest), 2, int(self.min_weight.value))
        else:
            self.min_weight.max = max(float(heaviest), float(self.min_weight.value), 0.01)
            self.min_weight.step = self.min_weight.max / 100
        from papertoolkit.network.interactive import linked_nodes

        n_linked = int(np.count_nonzero(linked_nodes(arrays)))
        self.max_nodes.max = int(min(MOST_DRAWN, max(n_linked, 20, self.max_nodes.value)))
        shown = analysis.table[analysis.table["size"] >= 2]
        labels = [_community_option(r) for r in shown.itertuples()]
        self._ids = {WHOLE_NETWORK: ALL_COMMUNITIES}
        self._ids.update(zip(labels, shown["community"].astype(int).tolist(), strict=True))
        keep = analysis.membership.get(anchor, ALL_COMMUNITIES) if anchor is not None else -1
        self.community.options = [WHOLE_NETWORK, *labels]
        chosen = next((lab for lab, c in self._ids.items() if c == keep), WHOLE_NETWORK)
        self.community.value = chosen
        self._redraw()

    def _redraw(self) -> None:
        if self._key is None:
            return
        analysis = self._analysis
        arrays = analysis.arrays
        min_papers, min_weight = self._key
        if arrays.n_nodes == 0:
            text = (f"No author has {min_papers} or more papers: lower the minimum papers."
                    if len(self._corpus.authorships) else "The corpus has no authors.")
            self.summary.value = _message(text)
            self.authors_table.value = ""
            self.members = pd.DataFrame()
            self.view = self.map = None
            self._show_message(self.plot, text)
            return
        community = self.community_id
        top, by = int(self.max_nodes.value), self.rank_by.value
        n_comm = len(self._ids) - 1
        if community == ALL_COMMUNITIES:
            within = None
            self.members = pd.DataFrame()
            self._list_communities()
        else:
            within = analysis.labels == community
            self._list_members(community, within)
        view, sigma = self._view(
            (min_papers, min_weight, community, top, by, analysis.provisional), within)
        self.view, self.map = view, sigma
        drawn = view.number_of_nodes()
        self.summary.value = (
            f"<p>{arrays.n_nodes:,} authors with ≥ {min_papers} paper(s), "
            f"{arrays.n_edges:,} links with ≥ {_esc(min_weight)} "
            f"{'joint paper(s)' if self._weighting == 'count' else 'weight'}, "
            + (f"{n_comm:,} communities of 2 or more authors (Louvain, seed {self._seed}). "
               if not analysis.provisional else
               "finding the communities (Louvain) in the background: the map is coloured "
               "when they are ready. ")
            + f"Drawn: the top {drawn:,} by {_esc(by)}"
            + (f" in community #{community}" if community != ALL_COMMUNITIES else "")
            + f", {view.number_of_edges():,} of the {view.graph['links_among']:,} links "
            "among them (the heaviest). Click an author for details.</p>"
        )
        if sigma is not None:
            self.plot.outputs = (widget_output(sigma, f"<Sigma: {drawn} authors>"),)
        else:
            self._show_figure(self.plot, ("static", *self._key, community, top, by),
                              lambda: self._draw_static(view))

    def _view(self, key: tuple, within: np.ndarray | None) -> tuple[nx.Graph, Any]:
        """The drawn graph and its Sigma widget (None without ipysigma), cached by key."""
        from papertoolkit.network.interactive import _sigma_options, drawn_view, top_nodes

        hit = self._views.get(key)
        if hit is not None:
            self._views.move_to_end(key)
            return hit[1], hit[0]
        analysis = self._analysis
        top, by = key[3], key[4]
        chosen = top_nodes(analysis.arrays, top, by, within)
        coloured = within is None and not analysis.provisional
        view = drawn_view(analysis.arrays, chosen, by=by,
                           communities=analysis.membership if coloured else None,
                           community_sizes=analysis.sizes, groups=None, seed=self._seed)
        sigma = None
        if has_ipysigma():
            from ipysigma import Sigma

            options = _sigma_options(view, by, 700)
            if within is not None:
                options["name"] = f"Community #{key[2]}: top {len(chosen):,} by {by}"
            sigma = Sigma(view, **options)
            sigma.observe(self._on_click, names="selected_node")
        self._views[key] = (sigma, view)
        while len(self._views) > VIEW_CACHE_SIZE:
            self._views.popitem(last=False)
        return view, sigma

    def _on_click(self, change: dict) -> None:
        if change["new"] is not None:
            self._safely(lambda: self.show_author(change["new"]))

    # -------------------------------------------------------------- tables
    def show_author(self, author: Any) -> None:
        """Show *author*'s papers, votes, community and strongest co-authors beside the map.

        It is what a click on the map does.

        Parameters
        ----------
        author : str
            A node of the current graph.

        Examples
        --------
        >>> w = explore_network(corpus, min_papers=2)
        >>> w.show_author("Denny Zhou")
        >>> w.selected_author, "3 paper(s), 41 votes" in w.authors_table.value
        ('Denny Zhou', True)
        """
        from papertoolkit.network.lookup import _links, _position

        arrays = self._analysis.arrays
        i = _position(arrays, author)
        self.selected_author = arrays.names[i]
        links = sorted(_links(arrays, self.selected_author),
                       key=lambda kv: (-kv[1]["weight"], -kv[1]["n_papers"], str(kv[0])))
        community = int(self._analysis.labels[i])
        votes = arrays.total_votes[i] if arrays.has_votes[i] else None
        position = {name: k for k, name in enumerate(arrays.names.tolist())} if links else {}
        rows = (
            (_esc(arrays.label[position[other]]), _fmt_int(data["n_papers"]))
            for other, data in links[:15]
        )
        self.authors_table.value = (
            f"<p><b>{_esc(arrays.label[i])}</b>: {_fmt_int(arrays.papers[i])} paper(s), "
            f"{_fmt_int(votes)} votes, {len(links):,} co-author(s) in this network, "
            f"community #{community} ({self._analysis.sizes.get(community, 1):,} authors). "
            "<code>explore_authors(corpus, author=…)</code> shows their papers.</p>"
            + (_table(["Strongest co-authors", "Joint papers"], rows, max_height=480)
               if links else _message("No co-author in this network."))
        )

    def _list_communities(self) -> None:
        table = self.community_table[self.community_table["size"] >= 2]
        self.authors_table.value = (
            f"<p>{len(table):,} communities of 2 or more authors; the 30 largest "
            "(type in the Community box to find any other):</p>"
            + _table(
                ["Community", "Authors", "Links", "Top authors"],
                (
                    (f"#{int(r.community)}", _fmt_int(r.size), _fmt_int(r.n_edges),
                     _esc(", ".join(str(a) for a in r.top_authors)))
                    for r in table.head(30).itertuples()
                ),
                max_height=520,
            )
        )

    def _list_members(self, community: int, within: np.ndarray) -> None:
        arrays = self._analysis.arrays
        members = np.flatnonzero(within)
        inside = within[arrays.source] & within[arrays.target]
        inner = np.bincount(np.r_[arrays.source[inside], arrays.target[inside]],
                            minlength=arrays.n_nodes)
        degree = np.bincount(np.r_[arrays.source, arrays.target], minlength=arrays.n_nodes)
        frame = pd.DataFrame({
            "author": pd.array(arrays.names[members].astype(str), dtype="string"),
            "label": pd.array(arrays.label[members].astype(str), dtype="string"),
            "papers": pd.array(arrays.papers[members], dtype="Int64"),
            "total_votes": pd.array(
                [int(v) if k else None for v, k in zip(arrays.total_votes[members].tolist(),
                                                       arrays.has_votes[members].tolist(),
                                                       strict=True)], dtype="Int64"),
            "coauthors_inside": pd.array(inner[members], dtype="Int64"),
            "degree": pd.array(degree[members], dtype="Int64"),
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
                  _fmt_int(r.coauthors_inside)) for r in frame.head(300).itertuples()),
                max_height=520,
            )
        )

    def _draw_static(self, view: nx.Graph) -> Figure:
        from papertoolkit.network import plot_network

        fig, (ax,) = _new_figure((8, 8), left=0.01, right=0.99, bottom=0.01, top=0.9)
        membership = {n: d["community_id"] for n, d in view.nodes(data=True)
                      if "community_id" in d}
        plot_network(view, ax=ax, max_nodes=max(len(view), 1), seed=self._seed,
                     color_by="community" if membership else None,
                     communities=membership or None,
                     title=(f"Top {len(view):,} authors by "
                            f"{view.graph['ranked_by']} (install ipysigma for the "
                            "interactive map)"))
        return fig


@renamed_arguments(corpus="data")
@positional_options
def explore_network(
    data: Any,
    *,
    min_papers: int | None = None,
    min_weight: float = 1,
    weighting: str = "count",
    max_nodes: int = 200,
    seed: int = 0,
    rank_by: str = "papers",
    background: bool | None = None,
) -> NetworkExplorer:
    """Explore the co-author network on an interactive map: thresholds, communities.

    Parameters
    ----------
    data : Corpus
        The digests to explore.
    min_papers : int, optional
        Initial minimum number of papers per author (slider ``min_papers``). Default: the
        smallest value that leaves at most 5,000 authors (1 for a small corpus, 3 for the
        303 days of the real digests).
    min_weight : float, default 1
        Initial minimum link weight (slider ``min_weight``; joint papers for ``"count"``).
    weighting : {"count", "fractional", "newman"}, default "count"
        Link weight, see :func:`papertoolkit.network.coauthor_graph`.
    max_nodes : int, default 200
        Authors drawn at first (slider "Top N"): the top ones by *rank_by*.
    seed : int, default 0
        Seed of the Louvain communities and of the layout.
    rank_by : {"papers", "strength", "degree", "votes"}, default "papers"
        The measure that chooses (and sizes) the drawn authors (dropdown ``rank_by``).
    background : bool, optional
        Find the communities of large graphs in a worker process, the map drawn at once
        and coloured when they are ready (default: inside a Jupyter kernel).

    Returns
    -------
    NetworkExplorer
        An ``ipywidgets.VBox`` with controls ``min_papers``, ``min_weight``, ``max_nodes``,
        ``rank_by``, ``community`` and outputs ``summary``, ``plot``, ``authors_table``.

    Notes
    -----
    The whole graph is computed once per corpus (see
    :func:`~papertoolkit.network.coauthor_graph`); a change of threshold filters its arrays
    and runs Louvain on the result (once per pair of thresholds). Only the top N authors are
    drawn, with the heaviest links among them; their layout (igraph's Fruchterman-Reingold,
    seeded) is computed once per drawn set. Every map is kept, so going back to a setting
    is instant. Without ipysigma the same authors are drawn as a static figure.

    Examples
    --------
    >>> w = explore_network(corpus)       # display(w) in a notebook
    >>> w.graph.number_of_nodes(), w.graph.number_of_edges()
    (646, 3616)
    >>> w.min_papers.value = 2            # what moving the slider does
    >>> w.graph.number_of_nodes(), w.graph.number_of_edges()
    (32, 58)
    >>> w.community.options[1]            # the largest community (Louvain, seed 0)
    '#0: 8 authors — Andy Zeng, Chelsea Finn, Fei Xia'
    >>> w.community.value = w.community.options[1]
    >>> w.community_id, w.members["author"].tolist()[:3]
    (0, ['Andy Zeng', 'Chelsea Finn', 'Fei Xia'])
    """
    return NetworkExplorer(
        data, min_papers=min_papers, min_weight=min_weight, weighting=weighting,
        max_nodes=max_nodes, seed=seed, rank_by=rank_by, background=background,
    )


def ego_map_output(explorer: _Explorer, graph: nx.Graph, node: Any, radius: int,
                   max_nodes: int, on_click: Any) -> dict | None:
    """The ``Output`` output showing *node*'s interactive ego map (cached on *explorer*,
    so going back to an author is instant); ``None`` without ipysigma. A click on an
    author of the map calls ``on_click(name)``."""
    if not has_ipysigma():
        return None
    from papertoolkit.network.interactive import interactive_ego

    maps: OrderedDict = explorer.__dict__.setdefault("_ego_maps", OrderedDict())
    key = (node, radius, max_nodes)
    sigma = maps.get(key)
    if sigma is None:
        sigma = interactive_ego(graph, node, radius=radius, max_nodes=max_nodes,
                                height=520)

        def clicked(change: dict) -> None:
            if change["new"] is not None and change["new"] != str(node):
                on_click(change["new"])

        sigma.observe(clicked, names="selected_node")
        maps[key] = sigma
        while len(maps) > VIEW_CACHE_SIZE:
            maps.popitem(last=False)
    else:
        maps.move_to_end(key)
    return widget_output(sigma, f"<Sigma: {sigma.name}>")
