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

from ..authors import normalize_authors
from ._common import _gc_paused

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
        edge = keep[self.source] & keep[self.target]
        if min_weight is not None:
            edge &= self.weight >= min_weight
        info = {**self.info, "min_papers": min_papers, "min_weight": min_weight}
        if keep.all() and edge.all():  # the same graph: share what was computed from it
            return dataclasses.replace(self, info=info)
        return self._subset(keep, edge, info)

    def subset(self, nodes: np.ndarray, info: dict[str, Any] | None = None) -> GraphArrays:
        """The authors at positions *nodes* and the links among them (``G.subgraph``)."""
        keep = np.zeros(self.n_nodes, dtype=bool)
        keep[np.asarray(nodes, dtype=np.int64)] = True
        return self._subset(keep, keep[self.source] & keep[self.target],
                            dict(self.info if info is None else info))

    def _subset(self, keep: np.ndarray, edge: np.ndarray, info: dict[str, Any]) -> GraphArrays:
        position = (np.cumsum(keep) - 1).astype(np.int32)
        return GraphArrays(
            info=info,
            names=self.names[keep],
            label=self.label[keep],
            papers=self.papers[keep],
            total_votes=self.total_votes[keep],
            has_votes=self.has_votes[keep],
            first_seen=self.first_seen[keep],
            last_seen=self.last_seen[keep],
            source=position[self.source[edge]],
            target=position[self.target[edge]],
            weight=self.weight[edge],
            n_papers=self.n_papers[edge],
            starts=self.starts[edge],
            pair_papers=self.pair_papers,
            paper_names=self.paper_names,
        )

    def incidence(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """CSR adjacency ``(indptr, neighbour, edge)``: node i's links are rows
        ``indptr[i]:indptr[i + 1]``, neighbours in increasing position (computed once)."""
        hit = self.derived.get("incidence")
        if hit is None:
            ends = np.r_[self.source, self.target].astype(np.int64)
            other = np.r_[self.target, self.source].astype(np.int64)
            order = np.lexsort((other, ends))
            indptr = np.r_[0, np.cumsum(np.bincount(ends, minlength=self.n_nodes))]
            edge = np.r_[np.arange(self.n_edges), np.arange(self.n_edges)][order]
            hit = self.derived["incidence"] = (indptr, other[order], edge)
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
        import igraph as ig

        if not attributes and "igraph" in self.derived:
            return self.derived["igraph"]
        g = ig.Graph(n=self.n_nodes, edges=np.column_stack([self.source, self.target]))
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


# ---------------------------------------------------------------------- building


def date_mask(dates: Any, since: Any, until: Any) -> np.ndarray:
    import pandas as pd

    mask = np.ones(len(dates), dtype=bool)
    if since is not None:
        mask &= (dates >= pd.Timestamp(since)).to_numpy(dtype=bool, na_value=False)
    if until is not None:
        mask &= (dates <= pd.Timestamp(until)).to_numpy(dtype=bool, na_value=False)
    return mask


def pair_arrays(
    paper_of_row: np.ndarray, author_of_row: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """All co-author pairs of all papers, column-wise.

    Rows must be sorted by (paper, author) and unique. Returns ``(u, v, paper, n)`` with
    ``u < v`` author codes, the paper code of each pair and that paper's author count.
    """
    empty = np.zeros(0, dtype=np.int64)
    if len(paper_of_row) == 0:
        return empty, empty, empty, empty
    starts = np.flatnonzero(np.r_[True, paper_of_row[1:] != paper_of_row[:-1]])
    sizes = np.diff(np.r_[starts, len(paper_of_row)])
    us, vs, ps, ns = [], [], [], []
    for n in np.unique(sizes):
        if n < 2:
            continue
        first = starts[sizes == n]
        block = author_of_row[first[:, None] + np.arange(n)]  # papers x authors
        i, j = np.triu_indices(n, 1)
        us.append(block[:, i].ravel())
        vs.append(block[:, j].ravel())
        ps.append(np.repeat(paper_of_row[first], len(i)))
        ns.append(np.full(len(first) * len(i), n, dtype=np.int64))
    if not us:
        return empty, empty, empty, empty
    return np.concatenate(us), np.concatenate(vs), np.concatenate(ps), np.concatenate(ns)


def build_arrays(
    authorships: Any,
    paper_votes: Any,
    weighting: str,
    max_authors: int | None,
    since: Any,
    until: Any,
    info: dict[str, Any],
) -> GraphArrays:
    """The whole co-author graph (every author, every link) of an authorships table.

    *paper_votes* is each paper's largest vote snapshot (a Series indexed by arxiv_id, from
    ``papers_unique``) or None. *info* becomes ``G.graph``; ``papers``, ``left_out_papers``
    and ``left_out_ids`` are filled in here.
    """
    info = dict(info)
    rows = _Rows.of(authorships, since, until)
    if len(rows.author) == 0:
        return _empty_arrays(info, weighting)
    codes = _Codes.of(rows)
    if max_authors is not None:
        codes = codes.without_papers_over(max_authors, info)
    info["papers"] = int(np.count_nonzero(np.bincount(codes.u_paper, minlength=codes.n_pap)))
    total_votes, has_votes = _author_votes(codes, paper_votes)
    first_seen, last_seen = _author_days(codes)
    names = np.asarray(codes.author_names, dtype=object)
    source, target, weight, n_papers, starts, pair_papers = _edges(codes, weighting)
    return GraphArrays(
        info=info,
        names=names,
        label=_labels(names, codes),
        papers=np.bincount(codes.u_author, minlength=codes.n_auth).astype(np.int64),
        total_votes=total_votes,
        has_votes=has_votes,
        first_seen=first_seen,
        last_seen=last_seen,
        source=source,
        target=target,
        weight=weight,
        n_papers=n_papers,
        starts=starts,
        pair_papers=pair_papers,
        paper_names=codes.paper_names,
    )


@dataclasses.dataclass(frozen=True)
class _Rows:
    """The usable authorship rows (author and paper known, inside the period) as plain
    NumPy arrays: pandas' Arrow-backed strings are slow to take and sort."""

    author: np.ndarray
    paper: np.ndarray
    raw: np.ndarray | None  # the spelling as written, when the table has it
    day: np.ndarray  # datetime64[D], NaT without a date

    @classmethod
    def of(cls, rows: Any, since: Any, until: Any) -> _Rows:
        import pandas as pd

        dates = pd.to_datetime(rows["date"]) if "date" in rows.columns else None
        valid = (rows["author"].notna() & rows["arxiv_id"].notna()).to_numpy(dtype=bool)
        if dates is not None and (since is not None or until is not None):
            valid = valid & date_mask(dates, since, until)
        author = rows["author"].to_numpy(dtype=object)[valid]
        if dates is not None:
            day = dates.to_numpy(dtype="datetime64[ns]")[valid].astype("datetime64[D]")
        else:
            day = np.full(len(author), np.datetime64("NaT"), dtype="datetime64[D]")
        raw = rows["author_raw"].to_numpy(dtype=object)[valid] if "author_raw" in rows else None
        return cls(author, rows["arxiv_id"].to_numpy(dtype=object)[valid], raw, day)


_BIG_DAY = np.iinfo(np.int64).max


@dataclasses.dataclass(frozen=True)
class _Codes:
    """Integer codes of the rows: authors in name order, papers in first-seen order; and
    one (paper, author) pair per authorship (a paper seen on several days counts once)."""

    a_code: np.ndarray  # per row
    p_code: np.ndarray  # per row
    day_int: np.ndarray  # per row; NaT is the smallest int64
    known: np.ndarray  # per row: has a date
    raw: np.ndarray | None  # per row
    author_names: Any
    paper_names: np.ndarray
    u_paper: np.ndarray  # per distinct (paper, author) pair, sorted by (paper, author)
    u_author: np.ndarray

    @property
    def n_auth(self) -> int:
        return len(self.author_names)

    @property
    def n_pap(self) -> int:
        return len(self.paper_names)

    @classmethod
    def of(cls, rows: _Rows) -> _Codes:
        import pandas as pd

        a_code, author_names = pd.factorize(rows.author, sort=True)
        p_code, paper_names = pd.factorize(rows.paper)
        n_auth, n_pap = len(author_names), len(paper_names)
        day_int = rows.day.astype(np.int64)
        known = ~np.isnat(rows.day)
        first_day = np.full(n_pap, _BIG_DAY)
        np.minimum.at(first_day, p_code, np.where(known, day_int, _BIG_DAY))
        rank = np.lexsort((np.asarray(paper_names, dtype=object).astype(str), first_day))
        new_code = np.empty(n_pap, dtype=np.int64)
        new_code[rank] = np.arange(n_pap)
        p_code = new_code[p_code]
        _, first_row = np.unique(p_code * n_auth + a_code, return_index=True)
        return cls(a_code, p_code, day_int, known, rows.raw, author_names,
                   np.asarray(paper_names, dtype=object)[rank], p_code[first_row],
                   a_code[first_row])

    def without_papers_over(self, max_authors: int, info: dict[str, Any]) -> _Codes:
        """The codes without the papers of more than *max_authors* authors (noted in
        *info*: ``left_out_papers``, ``left_out_ids``)."""
        big = np.bincount(self.u_paper, minlength=self.n_pap) > max_authors
        if not big.any():
            return self
        left_out = sorted(str(x) for x in self.paper_names[big])
        info.update(left_out_papers=len(left_out), left_out_ids=left_out)
        keep, keep_u = ~big[self.p_code], ~big[self.u_paper]
        return dataclasses.replace(
            self, a_code=self.a_code[keep], p_code=self.p_code[keep],
            day_int=self.day_int[keep], known=self.known[keep],
            raw=self.raw[keep] if self.raw is not None else None,
            u_paper=self.u_paper[keep_u], u_author=self.u_author[keep_u],
        )


def _empty_arrays(info: dict[str, Any], weighting: str) -> GraphArrays:
    empty_i = np.zeros(0, dtype=np.int64)
    empty_o = np.zeros(0, dtype=object)
    return GraphArrays(
        info=info, names=empty_o, label=empty_o, papers=empty_i, total_votes=empty_i,
        has_votes=np.zeros(0, dtype=bool), first_seen=empty_o, last_seen=empty_o,
        source=empty_i.astype(np.int32), target=empty_i.astype(np.int32),
        weight=empty_i if weighting == "count" else empty_i.astype(float),
        n_papers=empty_i.astype(np.int32), starts=empty_i,
        pair_papers=empty_i.astype(np.int32), paper_names=empty_o,
    )


def _author_votes(codes: _Codes, paper_votes: Any) -> tuple[np.ndarray, np.ndarray]:
    """Each author's total of their papers' largest snapshots, and whether any of their
    papers has a vote count (else total_votes is None, shown as <NA>)."""
    import pandas as pd

    votes_of_paper = np.zeros(codes.n_pap)
    votes_known = np.zeros(codes.n_pap)
    if paper_votes is not None and len(paper_votes):
        best = paper_votes.reindex(pd.Index(codes.paper_names, dtype=object).astype(str))
        votes_known = best.notna().to_numpy(dtype=float)
        votes_of_paper = best.astype("Float64").fillna(0).to_numpy(dtype=float)
    total = np.bincount(codes.u_author, weights=votes_of_paper[codes.u_paper],
                        minlength=codes.n_auth)
    has = np.bincount(codes.u_author, weights=votes_known[codes.u_paper],
                      minlength=codes.n_auth) > 0
    return np.rint(total).astype(np.int64), has


def _author_days(codes: _Codes) -> tuple[np.ndarray, np.ndarray]:
    """Each author's first and last day as ISO text ("" without any date)."""
    first = np.full(codes.n_auth, _BIG_DAY)
    last = np.full(codes.n_auth, np.iinfo(np.int64).min)
    np.minimum.at(first, codes.a_code, np.where(codes.known, codes.day_int, _BIG_DAY))
    np.maximum.at(last, codes.a_code, codes.day_int)  # NaT is the smallest int64: never wins
    seen = first != _BIG_DAY

    def iso(days: np.ndarray) -> np.ndarray:
        text = np.datetime_as_string(np.where(seen, days, 0).astype("datetime64[D]"), unit="D")
        return np.where(seen, text, "").astype(object)

    return iso(first), iso(last)


def _labels(names: np.ndarray, codes: _Codes) -> np.ndarray:
    """Each author's most frequent raw spelling (ties: the first seen), less what
    normalisation strips ("et al.", "and ", ...); the name itself without raw spellings."""
    import pandas as pd

    labels = names.copy()
    if codes.raw is None:
        return labels
    r_code, raw_names = pd.factorize(codes.raw)
    width = len(raw_names)
    combos, first_at, counts = np.unique(codes.a_code * width + r_code, return_index=True,
                                         return_counts=True)
    chosen = combos[np.lexsort((first_at, -counts, combos // width))]
    chosen = chosen[np.r_[True, (chosen // width)[1:] != (chosen // width)[:-1]]]
    spelled = np.asarray(normalize_authors([str(r) for r in raw_names]), dtype=object)
    picked = spelled[chosen % width]
    labels[chosen // width] = np.where(picked != "", picked, labels[chosen // width])
    return labels


def _edges(codes: _Codes, weighting: str) -> tuple[np.ndarray, ...]:
    """Links column-wise: all pairs of every paper, grouped by pair. Returns source, target,
    weight, n_papers, starts and pair_papers (see :class:`GraphArrays`)."""
    n_auth = codes.n_auth
    u, v, p, n = pair_arrays(codes.u_paper, codes.u_author)  # sorted by (paper, author)
    key = u.astype(np.int64) * n_auth + v
    order = np.lexsort((p, key))
    key, p, n = key[order], p[order], n[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else key
    n_papers = np.diff(np.r_[starts, len(key)]) if len(key) else key
    if weighting == "count":
        weight: np.ndarray = n_papers.astype(np.int64)
    elif weighting == "newman":
        weight = np.add.reduceat(1.0 / (n - 1), starts) if len(key) else np.zeros(0)
    else:
        weight = np.add.reduceat(2.0 / (n * (n - 1)), starts) if len(key) else np.zeros(0)
    return ((key[starts] // n_auth).astype(np.int32), (key[starts] % n_auth).astype(np.int32),
            weight, n_papers.astype(np.int32), starts.astype(np.int64), p.astype(np.int32))

