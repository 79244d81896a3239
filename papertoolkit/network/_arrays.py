"""Co-author graphs as arrays: built once per corpus, filtered by thresholds, converted lazily.

:func:`papertoolkit.network.coauthor_graph` computes a :class:`GraphArrays` (node attributes
and edges as NumPy columns, each edge's arXiv ids as a slice of one integer array) and
returns a :class:`CoauthorGraph`, a :class:`networkx.Graph` whose adjacency dicts are filled
only when something reads them. Metrics, communities, thresholds and drawing read the arrays
directly, so the networkx structure (about 0.5 KB and 1 us per edge) is built only when a user
asks networkx for it.
"""

from __future__ import annotations

import dataclasses
import functools
import weakref
from collections.abc import Iterator
from typing import Any

import networkx as nx
import numpy as np

from ._common import _gc_paused, igraph_from_ends

#: Key of the arrays in ``G.__networkx_cache__`` (networkx empties it when G changes).
CACHE_KEY = "papertoolkit_arrays"


def _frozen(array: np.ndarray) -> np.ndarray:
    array = np.asarray(array)
    array.setflags(write=False)
    return array


@dataclasses.dataclass(frozen=True, eq=False)
class GraphArrays:
    """A co-author graph as columns. Node i is ``names[i]``; edge k joins ``source[k] <
    target[k]`` (node positions), edges sorted by (source, target); its arXiv ids are
    ``paper_names[pair_papers[starts[k]:starts[k] + n_papers[k]]]`` in first-seen order."""

    info: dict[str, Any]
    names: np.ndarray  # object: node names (normalised authors), sorted
    label: np.ndarray  # object: most frequent raw spelling
    papers: np.ndarray  # int64
    total_votes: np.ndarray  # int64 (meaningful where has_votes)
    has_votes: np.ndarray  # bool
    first_seen: np.ndarray  # object: ISO date or ""
    last_seen: np.ndarray  # object
    source: np.ndarray  # int32 node positions
    target: np.ndarray  # int32
    weight: np.ndarray  # int64 for "count", float64 otherwise
    n_papers: np.ndarray  # int32 joint papers
    starts: np.ndarray  # int64 offsets into pair_papers
    pair_papers: np.ndarray  # int32 paper codes, shared by every filtered copy
    paper_names: np.ndarray  # object arXiv ids, in first-seen order
    #: results computed from these arrays (igraph copy, communities, layouts), kept with them
    derived: dict[Any, Any] = dataclasses.field(default_factory=dict, repr=False)
    #: each author's co-authors in the whole graph these arrays were filtered from (None:
    #: these arrays are the whole graph), see :meth:`whole_degree`
    whole: np.ndarray | None = dataclasses.field(default=None, repr=False)

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if isinstance(value, np.ndarray):
                _frozen(value)

    @property
    def n_nodes(self) -> int:
        return len(self.names)

    @property
    def n_edges(self) -> int:
        return len(self.source)

    def filtered(self, min_papers: int = 1, min_weight: float | None = None) -> GraphArrays:
        """The graph of authors with at least *min_papers* papers and of links at least
        *min_weight* heavy: exactly ``coauthor_graph(..., min_papers=, min_weight=)``."""
        keep = self.papers >= max(int(min_papers), 1)
        info = {**self.info, "min_papers": min_papers, "min_weight": min_weight}
        every_author = bool(keep.all())
        if every_author and min_weight is None:  # the same graph: share what was computed
            return dataclasses.replace(self, info=info)  # from it (no pass over the links)
        edge = keep[self.source] & keep[self.target]
        if min_weight is not None:
            edge &= self.weight >= min_weight
        if every_author and edge.all():
            return dataclasses.replace(self, info=info)
        return self._subset(keep, edge, info)

    def subset(self, nodes: np.ndarray, info: dict[str, Any] | None = None) -> GraphArrays:
        """The authors at positions *nodes* and the links among them (``G.subgraph``)."""
        keep = np.zeros(self.n_nodes, dtype=bool)
        keep[np.asarray(nodes, dtype=np.int64)] = True
        return self._subset(keep, keep[self.source] & keep[self.target],
                            dict(self.info if info is None else info))

    def whole_degree(self) -> np.ndarray:
        """Each author's number of co-authors in the whole graph: before :meth:`filtered`
        or :meth:`subset` dropped authors or links (the degree of the unfiltered
        ``coauthor_graph``), else in these arrays."""
        if self.whole is not None:
            return self.whole
        hit = self.derived.get("whole_degree")
        if hit is None:  # one count per end: no copy of both ends end to end
            hit = (np.bincount(self.source, minlength=self.n_nodes)
                   + np.bincount(self.target, minlength=self.n_nodes))
            hit = self.derived["whole_degree"] = _frozen(hit)
        return hit

    def _subset(self, keep: np.ndarray, edge: np.ndarray, info: dict[str, Any]) -> GraphArrays:
        position = (np.cumsum(keep) - 1).astype(np.int32)
        # the kept links' positions once, then one gather per column (a boolean index per
        # column finds them again each time: 2.6 M links at 1,000 days)
        kept = np.flatnonzero(edge)
        return GraphArrays(
            info=info,
            names=self.names[keep],
            label=self.label[keep],
            papers=self.papers[keep],
            total_votes=self.total_votes[keep],
            has_votes=self.has_votes[keep],
            first_seen=self.first_seen[keep],
            last_seen=self.last_seen[keep],
            source=position.take(self.source.take(kept)),
            target=position.take(self.target.take(kept)),
            weight=self.weight.take(kept),
            n_papers=self.n_papers.take(kept),
            starts=self.starts.take(kept),
            pair_papers=self.pair_papers,
            paper_names=self.paper_names,
            whole=self.whole_degree()[keep],
        )

    def incidence(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """CSR adjacency ``(indptr, neighbour, edge)``: node i's links are rows
        ``indptr[i]:indptr[i + 1]``, neighbours in increasing position (computed once)."""
        hit = self.derived.get("incidence")
        if hit is None:
            src, dst = self.source.astype(np.int64), self.target.astype(np.int64)
            if _sorted_pairs(src, dst):
                hit = _incidence_of_sorted(src, dst, self.n_nodes)
            else:  # arrays built from any networkx graph: edges in its order
                ends, other = np.r_[src, dst], np.r_[dst, src]
                order = np.lexsort((other, ends))
                indptr = np.r_[0, np.cumsum(np.bincount(ends, minlength=self.n_nodes))]
                edge = np.r_[np.arange(self.n_edges), np.arange(self.n_edges)][order]
                hit = (indptr, other[order], edge)
            self.derived["incidence"] = hit
        return hit

    def distances(self, node: int, radius: int) -> dict[int, int]:
        """Steps from node position *node* to every position within *radius* steps, in
        breadth-first order (as networkx's ``single_source_shortest_path_length``)."""
        indptr, neighbour, _ = self.incidence()
        dist = {node: 0}
        frontier = [node]
        for step in range(1, int(radius) + 1):
            nxt = []
            for u in frontier:
                for v in neighbour[indptr[u] : indptr[u + 1]].tolist():
                    if v not in dist:
                        dist[v] = step
                        nxt.append(v)
            frontier = nxt
            if not frontier:
                break
        return dist

    def edge_ids(self, k: int) -> list[str]:
        """arXiv ids of edge *k*."""
        s = int(self.starts[k])
        return self.paper_names[self.pair_papers[s : s + int(self.n_papers[k])]].tolist()

    def node_dicts(self) -> Iterator[tuple[Any, dict[str, Any]]]:
        """``(name, attributes)`` per node, as networkx holds them (no None values)."""
        votes = self.total_votes.tolist()
        known = self.has_votes.tolist()
        for name, label, papers, v, k, first, last in zip(
            self.names.tolist(), self.label.tolist(), self.papers.tolist(), votes, known,
            self.first_seen.tolist(), self.last_seen.tolist(), strict=True,
        ):
            data = {"label": label, "papers": papers, "total_votes": v if k else None,
                    "first_seen": first, "last_seen": last}
            yield name, {key: value for key, value in data.items() if value is not None}

    def edge_tuples(self) -> Iterator[tuple[Any, Any, dict[str, Any]]]:
        """``(u, v, attributes)`` per edge, in edge order (for ``add_edges_from``)."""
        if not self.n_edges:
            return
        flat = self.paper_names[self.pair_papers].tolist()  # every edge's ids, end to end
        for a, b, w, c, s in zip(
            self.names[self.source].tolist(), self.names[self.target].tolist(),
            self.weight.tolist(), self.n_papers.tolist(), self.starts.tolist(), strict=True,
        ):
            yield a, b, {"weight": w, "n_papers": c, "arxiv_ids": flat[s : s + c]}

    def adjacency(self) -> dict[Any, dict[Any, dict[str, Any]]]:
        """networkx's adjacency dicts: ``{u: {v: {"weight", "n_papers", "arxiv_ids"}}}``."""
        adj: dict[Any, dict[Any, dict[str, Any]]] = {name: {} for name in self.names.tolist()}
        with _gc_paused():
            for a, b, d in self.edge_tuples():
                adj[a][b] = d
                adj[b][a] = d
        return adj

    def to_igraph(self, attributes: bool = False):
        """igraph.Graph with the same vertex and edge order and a float ``weight``.

        With *attributes*: vertex ``name`` and node attributes, edge ``weight`` (as in the
        networkx graph) and ``n_papers``, graph attributes from ``info`` (the
        ``backend="igraph"`` graph of :func:`~papertoolkit.network.coauthor_graph`).
        """
        if not attributes and "igraph" in self.derived:
            return self.derived["igraph"]
        g = igraph_from_ends(self.n_nodes, self.source, self.target)
        if not attributes:
            if self.n_edges:
                g.es["weight"] = self.weight.astype(float).tolist()
            self.derived["igraph"] = g
            return g
        g.vs["name"] = self.names.tolist()
        if self.n_nodes:
            g.vs["label"] = self.label.tolist()
            g.vs["papers"] = self.papers.tolist()
            g.vs["total_votes"] = [
                v if known else None
                for v, known in zip(self.total_votes.tolist(), self.has_votes.tolist(),
                                    strict=True)
            ]
            g.vs["first_seen"] = self.first_seen.tolist()
            g.vs["last_seen"] = self.last_seen.tolist()
        if self.n_edges:
            g.es["weight"] = self.weight.tolist()
            g.es["n_papers"] = self.n_papers.tolist()
        for key, value in self.info.items():
            g[key] = value
        return g


def _sorted_pairs(src: np.ndarray, dst: np.ndarray) -> bool:
    """Whether every edge has ``src < dst`` and edges are sorted by (src, dst)."""
    if not len(src):
        return True
    step = np.diff(src)
    return bool((src < dst).all() and (step >= 0).all()
                and (np.diff(dst)[step == 0] > 0).all())


def _incidence_of_sorted(src: np.ndarray, dst: np.ndarray, n: int
                         ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:meth:`GraphArrays.incidence` of edges with ``src < dst`` sorted by (src, dst),
    without sorting all 2m ends: node i's smaller neighbours are the edges ending at i
    (a stable sort by ``dst`` keeps them by ``src``), its larger ones the edges starting at
    i (already in order); each lands in its slot of the CSR rows directly."""
    m = len(src)
    n_in, n_out = np.bincount(dst, minlength=n), np.bincount(src, minlength=n)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(n_in + n_out, out=indptr[1:])
    by_dst = np.argsort(dst, kind="stable")
    ends = dst[by_dst]
    first_in = np.cumsum(n_in) - n_in
    slot_in = indptr[ends] + np.arange(m) - first_in[ends]
    first_out = np.cumsum(n_out) - n_out
    slot_out = indptr[src] + n_in[src] + np.arange(m) - first_out[src]
    neighbour = np.empty(2 * m, dtype=np.int64)
    edge = np.empty(2 * m, dtype=np.int64)
    neighbour[slot_in], edge[slot_in] = src[by_dst], by_dst
    neighbour[slot_out], edge[slot_out] = dst, np.arange(m)
    return indptr, neighbour, edge


# ---------------------------------------------------------------------- networkx graphs
#
# Two ways to turn arrays into a networkx graph. The public one (``public_graph``) calls
# ``add_nodes_from`` / ``add_edges_from`` and works on every networkx version. The fast one
# (``CoauthorGraph``) fills networkx's private node dict directly and builds the adjacency
# dicts only when something reads them: on the real corpus a graph costs networkx memory and
# time only when networkx itself is used on it (benchmarks/bench_graph_paths.py). Private
# attributes can change in any networkx release, so the fast path is used only while
# ``fast_path_supported()`` -- a behavioural check run once, which builds a small graph both
# ways and compares them exactly, before and after an edit -- says it gives the same graph.

#: False builds every graph through networkx's public API only (tests force this).
FAST_PATH = True


def graph_from_arrays(arrays: GraphArrays) -> nx.Graph:
    """The networkx graph of *arrays*: a lazy :class:`CoauthorGraph` where networkx's
    internals are as expected (:func:`fast_path_supported`), else :func:`public_graph`.
    Both are equal as graphs, with the same node, edge and neighbour order."""
    if FAST_PATH and fast_path_supported():
        return CoauthorGraph._lazy(arrays)
    return public_graph(arrays)


def public_graph(arrays: GraphArrays) -> nx.Graph:
    """*arrays* as a plain :class:`networkx.Graph`, built with public networkx calls only."""
    G = nx.Graph()
    G.graph.update(arrays.info)
    with _gc_paused():
        G.add_nodes_from(arrays.node_dicts())
        G.add_edges_from(arrays.edge_tuples())
    cache = getattr(G, "__networkx_cache__", None)  # networkx >= 3.3 empties it on change
    if isinstance(cache, dict):
        cache[CACHE_KEY] = arrays
    return G


@functools.cache
def fast_path_supported() -> bool:
    """Whether :class:`CoauthorGraph` gives exactly the graph :func:`public_graph` gives on
    this networkx, before and after an edit (and forgets its arrays after the edit)."""
    try:
        arrays = _probe_arrays()
        fast, public = CoauthorGraph._lazy(arrays), public_graph(arrays)
        if fast.degree("b") != 2 or fast.number_of_edges() != 2 or arrays_of(fast) is None:
            return False
        for G in (fast, public):
            G.add_edge("a", "c", weight=5)
            G.nodes["a"]["papers"] = 9
        return (_same_graph(fast, public) and arrays_of(fast) is None
                and dict(fast.degree()) == dict(public.degree()))
    except Exception:  # any surprise in networkx's internals: use the public path
        return False


def _same_graph(G: nx.Graph, H: nx.Graph) -> bool:
    return (G.graph == H.graph and list(G.nodes(data=True)) == list(H.nodes(data=True))
            and list(G.edges(data=True)) == list(H.edges(data=True))
            and [list(G.adj[n]) for n in G] == [list(H.adj[n]) for n in H])


def _probe_arrays() -> GraphArrays:
    """Three authors a-b-c and two links, for :func:`fast_path_supported`."""
    def column(values: list, dtype: Any) -> np.ndarray:
        return np.asarray(values, dtype=dtype)

    return GraphArrays(
        info={"name": "probe"}, names=column(["a", "b", "c"], object),
        label=column(["A", "B", "C"], object), papers=column([1, 2, 1], np.int64),
        total_votes=column([3, 0, 4], np.int64), has_votes=column([True, False, True], bool),
        first_seen=column(["2024-01-01", "", "2024-01-02"], object),
        last_seen=column(["2024-01-01", "", "2024-01-02"], object),
        source=column([0, 1], np.int32), target=column([1, 2], np.int32),
        weight=column([1, 1], np.int64), n_papers=column([1, 1], np.int32),
        starts=column([0, 1], np.int64), pair_papers=column([0, 1], np.int32),
        paper_names=column(["p1", "p2"], object),
    )


class _LazyAdjacency:
    """Data descriptor for ``CoauthorGraph._adj``: built from the arrays on first read."""

    def __get__(self, obj: Any, objtype: Any = None) -> Any:
        if obj is None:
            return self
        od = obj.__dict__
        adj = od.get("_adj")
        if adj is None:
            arrays = od.get("_arrays")
            adj = arrays.adjacency() if arrays is not None else {}
            od["_adj"] = adj
            od.pop("_arrays", None)  # the cache entry stays while G is unchanged
        return adj

    def __set__(self, obj: Any, value: Any) -> None:
        od = obj.__dict__
        od["_adj"] = value
        od.pop("_arrays", None)
        for prop in ("adj", "edges", "degree"):
            od.pop(prop, None)


class CoauthorGraph(nx.Graph):
    """A :class:`networkx.Graph` built from :class:`GraphArrays`, its adjacency filled on
    first use (the fast path, see :func:`graph_from_arrays`). It is an ordinary networkx
    graph in every respect; papertoolkit's own functions read the arrays instead while the
    graph is unchanged."""

    _adj = _LazyAdjacency()

    @classmethod
    def from_arrays(cls, arrays: GraphArrays) -> nx.Graph:
        """:func:`graph_from_arrays` (kept for callers of this name)."""
        return graph_from_arrays(arrays)

    @classmethod
    def _lazy(cls, arrays: GraphArrays) -> CoauthorGraph:
        # private networkx attributes: used only while fast_path_supported() holds
        G = cls()
        G.graph.update(arrays.info)
        with _gc_paused():
            G._node.update(arrays.node_dicts())
        od = G.__dict__
        del od["_adj"]
        od["_arrays"] = arrays
        G.__networkx_cache__[CACHE_KEY] = arrays
        return G

    @property
    def degree(self) -> Any:
        """networkx's degree view; ``G.degree(node)`` of one author is read from the
        arrays while the adjacency dicts are not built."""
        from networkx.classes.reportviews import DegreeView

        arrays = self.__dict__.get("_arrays")
        if arrays is None:
            return DegreeView(self)

        def degree(nbunch: Any = None, weight: Any = None) -> Any:
            if weight is None and nbunch is not None and nbunch in self:
                indptr = arrays.incidence()[0]
                i = int(np.searchsorted(arrays.names, nbunch))
                if i < arrays.n_nodes and arrays.names[i] == nbunch:
                    return int(indptr[i + 1] - indptr[i])
            return DegreeView(self)(nbunch, weight)

        return degree

    def number_of_edges(self, u: Any = None, v: Any = None) -> int:
        arrays = self.__dict__.get("_arrays")
        if u is None and v is None and arrays is not None:
            return arrays.n_edges
        return super().number_of_edges(u, v)

    def size(self, weight: Any = None) -> float:
        arrays = self.__dict__.get("_arrays")
        if weight is None and arrays is not None:
            return arrays.n_edges
        return super().size(weight)


def arrays_of(G: Any) -> GraphArrays | None:
    """The arrays behind *G* while it is unchanged (networkx empties the cache on change)."""
    cache = getattr(G, "__networkx_cache__", None)
    if not isinstance(cache, dict):
        return None
    arrays = cache.get(CACHE_KEY)
    if arrays is None or len(arrays.names) != len(G):
        return None
    return arrays


# ---------------------------------------------------------------------- per-corpus cache

_CORPUS_CACHE: dict[int, tuple[weakref.ref, Any, dict]] = {}


def corpus_cache(corpus: Any) -> dict | None:
    """A dict kept as long as *corpus* lives (and its authorships table is the same
    object), for results derived from it; ``None`` for objects that cannot be weakly
    referenced (then nothing is cached)."""
    key = id(corpus)
    hit = _CORPUS_CACHE.get(key)
    tables = getattr(corpus, "authorships", None)
    if hit is not None and hit[0]() is corpus and hit[1] is tables:
        return hit[2]
    try:
        ref = weakref.ref(corpus, lambda _, key=key: _CORPUS_CACHE.pop(key, None))
    except TypeError:
        return None
    store: dict = {}
    _CORPUS_CACHE[key] = (ref, tables, store)
    return store
