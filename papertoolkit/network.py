"""Co-authorship networks: build, measure, draw and export who writes with whom.

One node per normalised author, one edge per pair of authors who share at least one paper.
The graph is a plain :class:`networkx.Graph`, so every networkx function works on it; the
heavy metrics (betweenness, PageRank, Louvain, clustering, components) run in igraph, which
is 10-50x faster than pure networkx on graphs of this size, behind the same API.

Examples
--------
>>> import pandas as pd
>>> from papertoolkit.network import coauthor_graph, author_metrics, top_collaborators
>>> authorships = pd.DataFrame({
...     "arxiv_id": ["p1", "p1", "p1", "p2", "p2"],
...     "date": pd.to_datetime(["2024-02-16"] * 3 + ["2024-02-17"] * 2),
...     "position": [1, 2, 3, 1, 2],
...     "author": ["Ann", "Bob", "Cy", "Ann", "Bob"],
... })
>>> G = coauthor_graph(authorships)
>>> G.number_of_nodes(), G.number_of_edges(), G["Ann"]["Bob"]["weight"]
(3, 3, 2)
>>> G["Ann"]["Bob"]["arxiv_ids"]
['p1', 'p2']
>>> top_collaborators(G, "ann")["coauthor"].tolist()
['Bob', 'Cy']
"""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import gc
import itertools
import re
import time
import unicodedata
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd

from .authors import name_key

if TYPE_CHECKING:  # imported lazily at run time
    import igraph
    from matplotlib.axes import Axes

__all__ = [
    "AuthorNotFoundError",
    "WEIGHTINGS",
    "author_metrics",
    "coauthor_graph",
    "collaboration_summary",
    "communities",
    "community_membership",
    "ego_network",
    "find_author",
    "interactive_network",
    "plot_ego",
    "plot_network",
    "read_graph",
    "top_collaborators",
    "write_graph",
]

#: Edge weightings of :func:`coauthor_graph`; n is a paper's number of distinct authors.
WEIGHTINGS = {
    "count": "number of joint papers (full counting): each joint paper adds 1",
    "fractional": "each paper counts 1 in total, shared by its n(n-1)/2 pairs: 2/(n(n-1)) each",
    "newman": "Newman (2001): each joint paper adds 1/(n-1), so an author's links sum to 1",
}

#: Betweenness is exact up to this many nodes and sampled beyond (see author_metrics).
EXACT_BETWEENNESS_MAX_NODES = 3000

#: Sources sampled for betweenness on graphs above EXACT_BETWEENNESS_MAX_NODES nodes.
BETWEENNESS_SAMPLES = 200

#: Separator used when lists of arXiv ids are written as text (GraphML, GEXF, CSV).
ID_SEPARATOR = ";"

_METRIC_COLUMNS = {
    "author": "string",
    "label": "string",
    "papers": "Int64",
    "total_votes": "Int64",
    "degree": "Int64",
    "strength": "float64",
    "betweenness": "float64",
    "pagerank": "float64",
    "clustering": "float64",
    "component": "Int64",
    "component_size": "Int64",
    "community": "Int64",
    "community_size": "Int64",
}


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small containers.

    Millions of new dicts and lists (none of which can form a cycle) would trigger young
    collections again and again, and one more when the collector is switched back on.
    On the way out the objects are moved straight to the oldest generation
    (``gc.freeze()`` + ``gc.unfreeze()``, skipped if the program froze objects itself), as
    if they had survived those collections; nothing is left uncollectable.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


class AuthorNotFoundError(KeyError):
    """An author name that is not a node of the graph; the message suggests close names."""

    def __str__(self) -> str:  # KeyError would show the message with quotes
        return str(self.args[0]) if self.args else ""


# --------------------------------------------------------------------------------------
# Building the graph
# --------------------------------------------------------------------------------------


def _tables(data: Any, papers: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Authorships and (optional) papers tables from a Corpus or DataFrames."""
    if hasattr(data, "authorships"):  # a Corpus (duck typing)
        authorships = data.authorships
        if papers is None:
            papers = getattr(data, "papers", None)
    elif isinstance(data, pd.DataFrame):
        authorships = data
    else:
        raise TypeError(
            "coauthor_graph expects a Corpus or an authorships DataFrame "
            f"(columns arxiv_id, date, author), got {type(data).__name__}"
        )
    missing = {"arxiv_id", "author"} - set(authorships.columns)
    if missing:
        raise ValueError(f"authorships table lacks column(s) {sorted(missing)}")
    return authorships, papers


def _date_mask(dates: pd.Series, since: Any, until: Any) -> np.ndarray:
    mask = np.ones(len(dates), dtype=bool)
    if since is not None:
        mask &= (dates >= pd.Timestamp(since)).to_numpy(dtype=bool, na_value=False)
    if until is not None:
        mask &= (dates <= pd.Timestamp(until)).to_numpy(dtype=bool, na_value=False)
    return mask


def _pair_arrays(
    paper_of_row: np.ndarray, author_of_row: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """All co-author pairs of all papers, column-wise.

    Rows must be sorted by (paper, author) and unique. Returns ``(u, v, paper, n)`` with
    ``u < v`` author codes, the paper code of each pair and that paper's author count.
    """
    if len(paper_of_row) == 0:
        empty = np.zeros(0, dtype=np.int64)
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
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, empty
    return np.concatenate(us), np.concatenate(vs), np.concatenate(ps), np.concatenate(ns)


def coauthor_graph(
    data: Any,
    weighting: str = "count",
    min_papers: int = 1,
    min_weight: float | None = None,
    max_authors: int | None = None,
    since: Any = None,
    until: Any = None,
    *,
    papers: pd.DataFrame | None = None,
    backend: str = "networkx",
) -> nx.Graph:
    """Build the co-authorship graph of a corpus.

    Parameters
    ----------
    data : Corpus or DataFrame
        A Corpus (anything with an ``authorships`` table, and ``papers`` for votes) or an
        authorships DataFrame with columns ``arxiv_id``, ``author`` and optionally ``date``
        and ``author_raw``.
    weighting : {"count", "fractional", "newman"}
        Edge weight, summed over the pair's joint papers (n = the paper's author count):

        - ``"count"``: 1 per joint paper (full counting);
        - ``"fractional"``: 2/(n(n-1)) per joint paper, so every paper adds 1 to the graph;
        - ``"newman"``: 1/(n-1) per joint paper, so every paper adds 1 to each author's
          strength (Newman 2001; VOSviewer calls this fractional counting).
    min_papers : int
        Keep only authors with at least this many papers (in the selected period).
    min_weight : float, optional
        Drop edges lighter than this; their authors stay as nodes.
    max_authors : int, optional
        Leave out papers with more authors than this (huge collaborations form cliques of
        thousands of edges). How many were left out is warned about and kept in
        ``G.graph["left_out_papers"]`` (ids in ``G.graph["left_out_ids"]``).
    since, until : date-like, optional
        Keep appearances dated within ``[since, until]`` (both inclusive).
    papers : DataFrame, optional
        Papers table (``arxiv_id``, ``date``, ``votes``) for votes, when *data* is a bare
        authorships table.
    backend : {"networkx", "igraph"}
        ``"igraph"`` returns an ``igraph.Graph`` instead (vertex attribute ``name`` and the
        node attributes below; edge attributes ``weight`` and ``n_papers``, no arXiv ids):
        for millions of edges, where a networkx graph needs several GB. Only
        :func:`author_metrics` accepts it.

    Returns
    -------
    networkx.Graph
        Nodes are normalised author names with attributes ``label`` (most frequent raw
        spelling), ``papers`` (distinct papers), ``total_votes`` (sum of each paper's highest
        vote count, 0 without a papers table), ``first_seen`` and ``last_seen`` (ISO dates).
        Edges carry ``weight``, ``n_papers`` (joint papers) and ``arxiv_ids`` (a list, in
        first-seen order). ``G.graph`` records the options and what was left out.

    Notes
    -----
    A paper that appears on several days counts once. Single-author papers keep their
    author as a node (with no edge). Votes are a snapshot taken on the day of each digest.
    Edge weights always use the paper's full author count, also when ``min_papers`` hides
    some of its authors.

    Examples
    --------
    >>> import pandas as pd
    >>> a = pd.DataFrame({"arxiv_id": ["p1", "p1", "p1"], "author": ["A", "B", "C"]})
    >>> G = coauthor_graph(a, weighting="newman")
    >>> G["A"]["B"]["weight"]
    0.5
    """
    if weighting not in WEIGHTINGS:
        raise ValueError(f"weighting must be one of {sorted(WEIGHTINGS)}, got {weighting!r}")
    if backend not in ("networkx", "igraph"):
        raise ValueError(f"backend must be 'networkx' or 'igraph', got {backend!r}")
    authorships, papers = _tables(data, papers)
    has_dates = "date" in authorships.columns
    if (since is not None or until is not None) and not has_dates:
        raise ValueError("since/until need a 'date' column in the authorships table")

    rows = authorships
    dates = pd.to_datetime(rows["date"]) if has_dates else None
    valid = (rows["author"].notna() & rows["arxiv_id"].notna()).to_numpy(dtype=bool)
    if dates is not None and (since is not None or until is not None):
        valid = valid & _date_mask(dates, since, until)
    # plain numpy arrays from here on: pandas' Arrow-backed strings are slow to take/sort
    row_author = rows["author"].to_numpy(dtype=object)[valid]
    row_paper = rows["arxiv_id"].to_numpy(dtype=object)[valid]
    row_raw = rows["author_raw"].to_numpy(dtype=object)[valid] if "author_raw" in rows else None
    if dates is not None:
        row_day = dates.to_numpy(dtype="datetime64[ns]")[valid].astype("datetime64[D]")
    else:
        row_day = np.full(len(row_author), np.datetime64("NaT"), dtype="datetime64[D]")

    info: dict[str, Any] = dict(
        name="co-authorship",
        weighting=weighting,
        weighting_doc=WEIGHTINGS[weighting],
        min_papers=min_papers,
        min_weight=min_weight,
        max_authors=max_authors,
        since=None if since is None else str(pd.Timestamp(since).date()),
        until=None if until is None else str(pd.Timestamp(until).date()),
        papers=0,
        left_out_papers=0,
        left_out_ids=[],
    )
    if len(row_author) == 0:
        return _assemble(backend, info, np.zeros(0, dtype=object), {}, None)

    # integer codes: authors in name order, papers in first-seen order
    a_code, author_names = pd.factorize(row_author, sort=True)
    p_code, paper_names = pd.factorize(row_paper)
    n_auth, n_pap = len(author_names), len(paper_names)
    day_int = row_day.astype(np.int64)  # NaT is the smallest int64
    known = ~np.isnat(row_day)
    big_day = np.iinfo(np.int64).max
    first_day = np.full(n_pap, big_day)
    np.minimum.at(first_day, p_code, np.where(known, day_int, big_day))
    rank = np.lexsort((paper_names.astype(str), first_day))
    new_code = np.empty(n_pap, dtype=np.int64)
    new_code[rank] = np.arange(n_pap)
    p_code = new_code[p_code]
    paper_names = np.asarray(paper_names, dtype=object)[rank]

    # one row per (paper, author): a paper seen on several days counts once
    pair_key = p_code * n_auth + a_code
    _, first_row = np.unique(pair_key, return_index=True)  # sorted by (paper, author)
    u_paper, u_author = p_code[first_row], a_code[first_row]
    authors_of_paper = np.bincount(u_paper, minlength=n_pap)
    if max_authors is not None and (authors_of_paper > max_authors).any():
        big = authors_of_paper > max_authors
        left_out = sorted(str(x) for x in paper_names[big])
        warnings.warn(
            f"coauthor_graph: left out {len(left_out)} paper(s) with more than "
            f"{max_authors} authors (see G.graph['left_out_ids'])",
            stacklevel=2,
        )
        info.update(left_out_papers=len(left_out), left_out_ids=left_out)
        keep_row = ~big[p_code]
        a_code, p_code, day_int, known = (
            a_code[keep_row],
            p_code[keep_row],
            day_int[keep_row],
            known[keep_row],
        )
        row_raw = row_raw[keep_row] if row_raw is not None else None
        keep_u = ~big[u_paper]
        u_paper, u_author = u_paper[keep_u], u_author[keep_u]
    info["papers"] = int(np.count_nonzero(np.bincount(u_paper, minlength=n_pap)))

    # node attributes
    papers_per_author = np.bincount(u_author, minlength=n_auth)
    votes_of_paper = np.zeros(n_pap)
    votes_known = np.zeros(n_pap)
    if papers is not None and "votes" in papers.columns and len(papers):
        pv = papers[["arxiv_id", "votes"] + (["date"] if "date" in papers.columns else [])]
        if "date" in pv.columns and (since is not None or until is not None):
            pv = pv[_date_mask(pd.to_datetime(pv["date"]), since, until)]
        best = pv.groupby(pv["arxiv_id"].astype(str))["votes"].max()
        best = best.reindex(pd.Index(paper_names, dtype=object).astype(str))
        votes_known = best.notna().to_numpy(dtype=float)
        votes_of_paper = best.astype("Float64").fillna(0).to_numpy(dtype=float)
    total_votes = np.bincount(u_author, weights=votes_of_paper[u_paper], minlength=n_auth)
    # an author none of whose papers has a vote count has total_votes None (shown as <NA>)
    has_votes = np.bincount(u_author, weights=votes_known[u_paper], minlength=n_auth) > 0
    first = np.full(n_auth, big_day)
    last = np.full(n_auth, np.iinfo(np.int64).min)
    np.minimum.at(first, a_code, np.where(known, day_int, big_day))
    np.maximum.at(last, a_code, day_int)  # NaT is the smallest int64, so it never wins
    seen = first != big_day
    first_seen = np.where(
        seen, np.datetime_as_string(np.where(seen, first, 0).astype("datetime64[D]"), unit="D"), ""
    )
    last_seen = np.where(
        seen, np.datetime_as_string(np.where(seen, last, 0).astype("datetime64[D]"), unit="D"), ""
    )
    names = np.asarray(author_names, dtype=object)
    label_list = names.tolist()
    if row_raw is not None:  # most frequent raw spelling (ties: the first seen)
        r_code, raw_names = pd.factorize(row_raw)
        combos, first_at, counts = np.unique(
            a_code * len(raw_names) + r_code, return_index=True, return_counts=True
        )
        best = np.lexsort((first_at, -counts, combos // len(raw_names)))
        chosen = combos[best]
        is_first = np.r_[True, (chosen // len(raw_names))[1:] != (chosen // len(raw_names))[:-1]]
        chosen = chosen[is_first]
        labels = names.copy()
        labels[chosen // len(raw_names)] = np.asarray(raw_names, dtype=object)[
            chosen % len(raw_names)
        ]
        label_list = labels.tolist()

    keep_author = papers_per_author >= max(min_papers, 1)
    kept = np.flatnonzero(keep_author)
    node_index = np.cumsum(keep_author) - 1  # author code -> position among kept nodes
    node_data = {
        "label": np.asarray(label_list, dtype=object)[kept].tolist(),
        "papers": papers_per_author[kept].tolist(),
        "total_votes": [
            int(v) if known else None
            for v, known in zip(np.rint(total_votes[kept]).tolist(), has_votes[kept].tolist(),
                                strict=True)
        ],
        "first_seen": first_seen[kept].tolist(),
        "last_seen": last_seen[kept].tolist(),
    }

    # edges, column-wise: all pairs of every paper, then grouped by pair
    u, v, p, n = _pair_arrays(u_paper, u_author)  # rows are sorted by (paper, author)
    both = keep_author[u] & keep_author[v]
    if not both.all():
        u, v, p, n = u[both], v[both], p[both], n[both]
    key = u.astype(np.int64) * n_auth + v
    order = np.lexsort((p, key))
    key, p, n = key[order], p[order], n[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else key
    n_papers = np.diff(np.r_[starts, len(key)]) if len(key) else key
    if weighting == "count":
        weight: np.ndarray = n_papers
    elif weighting == "newman":
        weight = np.add.reduceat(1.0 / (n - 1), starts) if len(key) else np.zeros(0)
    else:
        weight = np.add.reduceat(2.0 / (n * (n - 1)), starts) if len(key) else np.zeros(0)
    if min_weight is not None:
        heavy = weight >= min_weight
        starts, n_papers, weight = starts[heavy], n_papers[heavy], weight[heavy]
    edges = _Edges(
        source=node_index[key[starts] // n_auth],
        target=node_index[key[starts] % n_auth],
        weight=weight,
        n_papers=n_papers,
        starts=starts,
        papers_of_pairs=paper_names[p],
    )
    return _assemble(backend, info, names[kept], node_data, edges)


@dataclasses.dataclass
class _Edges:
    """Edges as columns: node positions, weight, joint papers (ids in a flat array)."""

    source: np.ndarray
    target: np.ndarray
    weight: np.ndarray
    n_papers: np.ndarray
    starts: np.ndarray  # edge i's arXiv ids are papers_of_pairs[starts[i]:starts[i] + n_papers[i]]
    papers_of_pairs: np.ndarray


def _assemble(
    backend: str,
    info: dict[str, Any],
    names: np.ndarray,
    node_data: dict[str, list[Any]],
    edges: _Edges | None,
) -> Any:
    """The networkx (or igraph) graph of the given nodes and edges."""
    if backend == "igraph":
        import igraph as ig

        g = ig.Graph(n=len(names))
        g.vs["name"] = names.tolist()
        for key, values in node_data.items():
            g.vs[key] = values
        if edges is not None and len(edges.source):
            g.add_edges(np.column_stack([edges.source, edges.target]))
            g.es["weight"] = edges.weight.tolist()
            g.es["n_papers"] = edges.n_papers.tolist()
        for key, value in info.items():
            g[key] = value
        return g

    G = nx.Graph()
    G.graph.update(info)
    node_list = names.tolist()
    columns = list(node_data)
    # networkx's add_nodes_from / add_edges_from cost ~1 us per item in Python; filling
    # its node and adjacency dicts directly (as networkx's own readers do) builds the same
    # Graph several times faster
    adj = G._adj
    with _gc_paused():
        G._node.update(
            (name, {k: v for k, v in zip(columns, values, strict=True) if v is not None})
            for name, values in zip(node_list, zip(*node_data.values(), strict=True), strict=True)
        )
        adj.update((name, {}) for name in node_list)
    if edges is None or not len(edges.source):
        nx._clear_cache(G)
        return G
    ids = edges.papers_of_pairs.tolist()
    with _gc_paused():
        attrs = [
            {"weight": w, "n_papers": c, "arxiv_ids": ids[s : s + c]}
            for w, c, s in zip(
                edges.weight.tolist(), edges.n_papers.tolist(), edges.starts.tolist(), strict=True
            )
        ]
        for a, b, d in zip(
            names[edges.source].tolist(), names[edges.target].tolist(), attrs, strict=True
        ):
            adj[a][b] = d
            adj[b][a] = d
    nx._clear_cache(G)
    return G


# --------------------------------------------------------------------------------------
# Author lookup
# --------------------------------------------------------------------------------------


def _name_key(name: str) -> str:
    """Lookup key: :func:`papertoolkit.authors.name_key` without spaces or punctuation
    ("José  García" -> "josegarcia")."""
    return re.sub(r"[\W_]+", "", name_key(str(name)))


def _key_index(G: nx.Graph) -> dict[str, list[Any]]:
    cache = getattr(G, "__networkx_cache__", None)
    cached = cache.get("papertoolkit_author_keys") if isinstance(cache, dict) else None
    if cached is not None and cached[0] == G.number_of_nodes():
        return cached[1]
    index: dict[str, list[Any]] = {}
    for node in G:
        index.setdefault(_name_key(node), []).append(node)
    if isinstance(cache, dict):  # networkx clears this cache when the graph changes
        cache["papertoolkit_author_keys"] = (G.number_of_nodes(), index)
    return index


def find_author(G: nx.Graph, name: str) -> Any:
    """Return the node of *G* for author *name*, forgiving case, accents and spacing.

    Raises :class:`AuthorNotFoundError` (a ``KeyError``) naming close matches when there is
    no such author, or listing the candidates when the name is ambiguous.

    Examples
    --------
    >>> G = nx.Graph([("José García", "Ann Lee")])
    >>> find_author(G, "jose  garcia")
    'José García'
    >>> try:
    ...     find_author(G, "Ann Le")
    ... except KeyError as err:
    ...     print(err)
    no author 'Ann Le' in the graph; did you mean: 'Ann Lee'?
    """
    if name in G:
        return name
    index = _key_index(G)
    key = _name_key(name)
    found = index.get(key, [])
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise AuthorNotFoundError(
            f"author {name!r} is ambiguous: {', '.join(map(repr, sorted(found)))}"
        )
    close = difflib.get_close_matches(key, list(index), n=5, cutoff=0.6)
    names = [index[k][0] for k in close]
    hint = f"; did you mean: {', '.join(map(repr, names))}?" if names else ""
    raise AuthorNotFoundError(f"no author {name!r} in the graph{hint}")


# --------------------------------------------------------------------------------------
# Metrics (igraph behind a networkx API)
# --------------------------------------------------------------------------------------


def _is_igraph(G: Any) -> bool:
    return type(G).__module__.startswith("igraph")


def _to_igraph(G: Any) -> tuple[igraph.Graph, list[Any]]:
    """igraph copy of *G* (vertex i = i-th node of G) with a ``weight`` edge attribute.

    The copy is kept in ``G.__networkx_cache__``, which networkx empties whenever the
    graph changes through its methods (as for its own backends' converted graphs); after
    editing edge data in place (``G[u][v]["weight"] = ...``) call ``G.__networkx_cache__.clear()``.
    An ``igraph.Graph`` is returned as it is.
    """
    import igraph as ig

    if _is_igraph(G):
        names = G.vs["name"] if "name" in G.vs.attributes() else list(range(G.vcount()))
        if G.ecount() and "weight" not in G.es.attributes():
            G = G.copy()
            G.es["weight"] = 1.0
        return G, list(names)
    cache = _graph_cache(G)
    if cache is not None:
        hit = cache.get("papertoolkit_igraph")
        if hit is not None and hit[0] == (G.number_of_nodes(), G.number_of_edges()):
            return hit[1], hit[2]
    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    with _gc_paused():
        ends = [(index[a], index[b], w) for a, b, w in G.edges(data="weight", default=1)]
    g = ig.Graph(n=len(nodes), edges=[(a, b) for a, b, _ in ends])
    g.es["weight"] = [float(w) for _, _, w in ends]
    if cache is not None:
        cache["papertoolkit_igraph"] = ((G.number_of_nodes(), G.number_of_edges()), g, nodes)
    return g, nodes


def _graph_cache(G: Any) -> dict | None:
    """``G.__networkx_cache__`` (emptied by networkx whenever *G* changes), or ``None``
    for graphs whose results must not be cached: views, which follow another graph's
    changes, frozen graphs and igraph graphs."""
    if _is_igraph(G) or nx.is_frozen(G) or hasattr(G, "_graph"):
        return None
    cache = getattr(G, "__networkx_cache__", None)
    return cache if isinstance(cache, dict) else None


def _seeded(seed: int):
    """Context manager running igraph with ``random.Random(seed)`` as its RNG."""
    import random

    import igraph as ig

    @contextlib.contextmanager
    def run():
        ig.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            ig.set_random_number_generator(random)

    return run()


def _renumber_by_size(membership: list[int] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Renumber groups 0, 1, ... by decreasing size (ties: lowest first member); sizes."""
    labels = np.asarray(membership, dtype=np.int64)
    if len(labels) == 0:
        return labels, labels
    counts = np.bincount(labels)
    first = np.full(len(counts), len(labels))
    np.minimum.at(first, labels, np.arange(len(labels)))
    present = np.flatnonzero(counts)
    rank = present[np.lexsort((first[present], -counts[present]))]
    new_id = np.empty(len(counts), dtype=np.int64)
    new_id[rank] = np.arange(len(rank))
    out = new_id[labels]
    return out, np.bincount(out)[out]


def _louvain(g: igraph.Graph, seed: int) -> np.ndarray:
    with _seeded(seed):
        membership = g.community_multilevel(weights="weight" if g.ecount() else None).membership
    return _renumber_by_size(membership)[0]


def _membership(G: Any, seed: int) -> tuple[np.ndarray, list[Any]]:
    """Louvain labels (aligned with the node list) and the node list, cached on *G*.

    Like the igraph copy, the labels are kept in ``G.__networkx_cache__`` (one entry per
    seed), which networkx empties whenever the graph changes through its methods.
    """
    g, nodes = _to_igraph(G)
    cache = _graph_cache(G)
    key = f"papertoolkit_louvain_{seed}"
    shape = (G.number_of_nodes(), G.number_of_edges()) if cache is not None else None
    if cache is not None:
        hit = cache.get(key)
        if hit is not None and hit[0] == shape:
            return hit[1], nodes
    labels = _louvain(g, seed)
    labels.setflags(write=False)  # shared by every caller of the cache
    if cache is not None:
        cache[key] = (shape, labels)
    return labels, nodes


def community_membership(G: Any, seed: int = 0) -> dict[Any, int]:
    """Louvain community of every author: ``{node: community id}``, 0 = the largest.

    The same ids as the ``community`` column of :func:`author_metrics` and as
    :func:`communities` for the same *seed*, at a fraction of :func:`author_metrics`'
    cost. The result is cached on the graph (as its igraph copy is), so asking again, or
    drawing with :func:`plot_network` afterwards, does not rerun Louvain.

    Parameters
    ----------
    G : networkx.Graph or igraph.Graph
        A graph from :func:`coauthor_graph`.
    seed : int
        Seed of the Louvain run (results are deterministic).

    Returns
    -------
    dict
        Node -> community id. Ids are numbered by decreasing community size (ties: the
        community whose first member comes first in ``G``); an author without co-authors
        is a community of one. Empty for an empty graph.

    Notes
    -----
    igraph's ``community_multilevel`` (Blondel et al. 2008), weighted by the edge
    ``weight``. The cache lives in ``G.__networkx_cache__``, which networkx empties when the
    graph changes through its methods; after editing edge data in place call
    ``G.__networkx_cache__.clear()``.

    Examples
    --------
    >>> G = nx.Graph([("A", "B"), ("B", "C"), ("A", "C"), ("X", "Y")])
    >>> community_membership(G)
    {'A': 0, 'B': 0, 'C': 0, 'X': 1, 'Y': 1}
    """
    if (G.vcount() if _is_igraph(G) else G.number_of_nodes()) == 0:
        return {}
    labels, nodes = _membership(G, seed)
    return dict(zip(nodes, labels.tolist(), strict=True))


def _betweenness(g: igraph.Graph, samples: int | None, seed: int) -> tuple[np.ndarray, str]:
    """Normalised betweenness (networkx's scale); exact or from *samples* random sources."""
    n = g.vcount()
    if samples is None or samples >= n:
        raw = np.asarray(g.betweenness(directed=False), dtype=float)
        method = "exact"
    else:
        sources = np.sort(np.random.default_rng(seed).choice(n, size=samples, replace=False))
        raw = np.asarray(g.betweenness(directed=False, sources=sources.tolist()), dtype=float)
        raw *= n / samples
        method = f"sampled ({samples} sources, seed={seed})"
    scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0
    return raw * scale, method


def author_metrics(
    G: nx.Graph,
    seed: int = 0,
    betweenness_samples: int | None = None,
) -> pd.DataFrame:
    """One row per author with centrality, component and community measures.

    Parameters
    ----------
    G : networkx.Graph or igraph.Graph
        A graph from :func:`coauthor_graph` (any undirected graph works), also one built
        with ``backend="igraph"`` for very large corpora.
    seed : int
        Seed of the Louvain run and of the betweenness sample (results are deterministic).
    betweenness_samples : int, optional
        Source nodes for sampled betweenness. Default: exact betweenness up to
        ``EXACT_BETWEENNESS_MAX_NODES`` (3,000) nodes, ``BETWEENNESS_SAMPLES`` (200)
        sampled sources beyond, rescaled by n/samples (Brandes and Pich 2007).

    Returns
    -------
    DataFrame
        Columns ``author``, ``label``, ``papers``, ``total_votes``, ``degree`` (co-authors),
        ``strength`` (sum of edge weights), ``betweenness`` (hop-count shortest paths,
        normalised like networkx), ``pagerank`` (weighted, damping 0.85), ``clustering``
        (local, unweighted; 0 below two co-authors), ``component`` (0 = largest),
        ``component_size``, ``community`` (weighted Louvain; 0 = largest) and
        ``community_size``; sorted by PageRank. ``df.attrs["betweenness"]`` says "exact"
        or how it was sampled (so does the ``betweenness_method`` column);
        ``df.attrs["seconds"]`` times each step.

    Examples
    --------
    >>> G = nx.Graph([("A", "B"), ("B", "C")])
    >>> m = author_metrics(G).set_index("author")
    >>> int(m.loc["B", "degree"]), float(m.loc["B", "betweenness"])
    (2, 1.0)
    """
    seconds: dict[str, float] = {}
    if (G.vcount() if _is_igraph(G) else G.number_of_nodes()) == 0:
        out = pd.DataFrame({c: pd.Series(dtype=t) for c, t in _METRIC_COLUMNS.items()})
        out["betweenness_method"] = pd.Series(dtype="string")
        out.attrs.update(betweenness="exact", seconds=seconds)
        return out
    tick = time.perf_counter()
    g, nodes = _to_igraph(G)
    n = len(nodes)
    seconds["convert"] = time.perf_counter() - tick

    def timed(step: str, func, *args):
        start = time.perf_counter()
        result = func(*args)
        seconds[step] = time.perf_counter() - start
        return result

    weights = "weight" if g.ecount() else None
    degree = timed("degree", g.degree)
    strength = timed("strength", lambda: g.strength(weights=weights))
    if betweenness_samples is None and n > EXACT_BETWEENNESS_MAX_NODES:
        betweenness_samples = BETWEENNESS_SAMPLES
    betweenness, method = timed("betweenness", _betweenness, g, betweenness_samples, seed)
    pagerank = timed("pagerank", lambda: g.pagerank(weights=weights, directed=False))
    clustering = timed(
        "clustering", lambda: g.transitivity_local_undirected(mode="zero", weights=None)
    )
    component, component_size = timed(
        "components", lambda: _renumber_by_size(g.connected_components().membership)
    )
    community = timed("louvain", lambda: _membership(G, seed)[0])
    community_size = np.bincount(community)[community]

    if _is_igraph(G):
        present = set(G.vs.attributes())

        def node_attr(name: str) -> list[Any]:
            return G.vs[name] if name in present else [pd.NA] * n

    else:

        def node_attr(name: str) -> list[Any]:
            return [G.nodes[node].get(name, pd.NA) for node in nodes]

    labels = [x if lab is pd.NA else lab for x, lab in zip(nodes, node_attr("label"), strict=True)]
    out = pd.DataFrame(
        {
            "author": pd.array([str(x) for x in nodes], dtype="string"),
            "label": pd.array([str(x) for x in labels], dtype="string"),
            "papers": pd.array(node_attr("papers"), dtype="Int64"),
            "total_votes": pd.array(node_attr("total_votes"), dtype="Int64"),
            "degree": pd.array(degree, dtype="Int64"),
            "strength": np.asarray(strength, dtype=float),
            "betweenness": betweenness,
            "pagerank": np.asarray(pagerank, dtype=float),
            "clustering": np.asarray(clustering, dtype=float),
            "component": pd.array(component, dtype="Int64"),
            "component_size": pd.array(component_size, dtype="Int64"),
            "community": pd.array(community, dtype="Int64"),
            "community_size": pd.array(community_size, dtype="Int64"),
            "betweenness_method": pd.array([method] * n, dtype="string"),
        }
    )
    # igraph's PageRank can differ in the last bits between runs (~1e-16); round it so the
    # table, and its order (ties broken by name), are the same on every run with a seed
    out["pagerank"] = out["pagerank"].round(12)
    out = out.sort_values(["pagerank", "author"], ascending=[False, True], ignore_index=True)
    out.attrs.update(betweenness=method, seconds=seconds)
    return out


def communities(
    G: nx.Graph, seed: int = 0, n_top: int = 5, metrics: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Louvain communities of *G*, largest first, with their top authors and papers.

    Parameters
    ----------
    G : networkx.Graph
        A graph from :func:`coauthor_graph`.
    seed : int
        Louvain seed (the same seed gives the same ids as :func:`author_metrics`).
    n_top : int
        How many authors and papers to list per community.
    metrics : DataFrame, optional
        The output of :func:`author_metrics` for *G*, to reuse its communities.

    Returns
    -------
    DataFrame
        ``community``, ``size``, ``n_edges`` (links inside), ``papers`` (distinct papers
        with two or more members), ``top_authors`` (by papers, then degree inside the
        community), ``top_papers`` (arXiv ids with the most member pairs).

    Examples
    --------
    >>> G = nx.Graph([("A", "B", {"arxiv_ids": ["p1"]}), ("C", "D", {"arxiv_ids": ["p2"]})])
    >>> communities(G)[["community", "size", "top_authors"]].values.tolist()
    [[0, 2, ['A', 'B']], [1, 2, ['C', 'D']]]
    """
    cols = ["community", "size", "n_edges", "papers", "top_authors", "top_papers"]
    if G.number_of_nodes() == 0:
        return pd.DataFrame({c: [] for c in cols})
    if metrics is not None:
        label = dict(zip(metrics["author"], metrics["community"].astype(int), strict=True))
    else:
        label = community_membership(G, seed)
    # edges as index pairs from the igraph copy (the same order as G.edges()), so that
    # links inside communities are counted with NumPy; only their arXiv ids need Python
    g, nodes = _to_igraph(G)
    lab = np.array([label[x] if x in label else label[str(x)] for x in nodes], dtype=np.int64)
    ends = np.array(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    edge_comm = lab[ends[:, 0]]
    inside = np.flatnonzero(edge_comm == lab[ends[:, 1]])
    n_comm = int(lab.max()) + 1
    n_edges = np.bincount(edge_comm[inside], minlength=n_comm)
    inner_degree = np.bincount(ends[inside].ravel(), minlength=len(nodes))
    all_ids = [ids or () for *_, ids in G.edges(data="arxiv_ids")]
    inside = inside[np.argsort(edge_comm[inside], kind="stable")]
    bounds = np.searchsorted(edge_comm[inside], np.arange(n_comm + 1))
    members: dict[int, list[int]] = {}
    for i, c in enumerate(lab.tolist()):
        members.setdefault(c, []).append(i)
    papers = [G.nodes[x].get("papers", 0) or 0 for x in nodes]
    rows = []
    for c in sorted(members):
        ranked = sorted(members[c], key=lambda i: (-papers[i], -inner_degree[i], str(nodes[i])))
        edge_rows = inside[bounds[c] : bounds[c + 1]].tolist()
        pairs = Counter(itertools.chain.from_iterable(all_ids[k] for k in edge_rows))
        top_p = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:n_top]
        rows.append(
            {
                "community": c,
                "size": len(members[c]),
                "n_edges": int(n_edges[c]),
                "papers": len(pairs),
                "top_authors": [nodes[i] for i in ranked[:n_top]],
                "top_papers": [pid for pid, _ in top_p],
            }
        )
    out = pd.DataFrame(rows, columns=cols)
    return out.astype(dict.fromkeys(["community", "size", "n_edges", "papers"], "Int64"))


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


def ego_network(G: nx.Graph, author: str, radius: int = 1) -> nx.Graph:
    """The subgraph of authors within *radius* co-authorship steps of *author* (a copy).

    Examples
    --------
    >>> G = nx.Graph([("A", "B"), ("B", "C"), ("C", "D")])
    >>> sorted(ego_network(G, "b"))
    ['A', 'B', 'C']
    """
    node = find_author(G, author)
    H = nx.ego_graph(G, node, radius=radius)
    H.graph.update(G.graph, ego=node, radius=radius)
    return H


def top_collaborators(G: nx.Graph, author: str, n: int = 10) -> pd.DataFrame:
    """The *n* strongest co-authors of *author*: weight, joint papers and their arXiv ids.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("A", "B", weight=2, n_papers=2, arxiv_ids=["p1", "p2"])
    >>> G.add_edge("A", "C", weight=1, n_papers=1, arxiv_ids=["p1"])
    >>> top_collaborators(G, "A")[["coauthor", "weight", "n_papers"]].values.tolist()
    [['B', 2, 2], ['C', 1, 1]]
    """
    node = find_author(G, author)
    rows = [
        {
            "author": str(node),
            "coauthor": str(other),
            "weight": data.get("weight", 1),
            "n_papers": data.get("n_papers", 1),
            "arxiv_ids": list(data.get("arxiv_ids", [])),
        }
        for other, data in G[node].items()
    ]
    out = pd.DataFrame(rows, columns=["author", "coauthor", "weight", "n_papers", "arxiv_ids"])
    out = out.sort_values(
        ["weight", "n_papers", "coauthor"], ascending=[False, False, True], ignore_index=True
    )
    return out.head(n).astype({"author": "string", "coauthor": "string", "n_papers": "Int64"})


def collaboration_summary(G: nx.Graph) -> pd.Series:
    """Size and shape of the network in one Series.

    Returns nodes, edges, isolated (authors without co-author), components,
    largest_component (nodes) and largest_component_share, density, mean_degree,
    mean_strength, papers and left_out_papers (from ``G.graph``).

    Examples
    --------
    >>> s = collaboration_summary(nx.Graph([("A", "B"), ("B", "C"), ("D", "E")]))
    >>> s[["nodes", "edges", "components", "largest_component"]].tolist()
    [5, 3, 2, 3]
    """
    n = G.number_of_nodes()
    m = G.number_of_edges()
    sizes = [len(c) for c in nx.connected_components(G)] if n else []
    largest = max(sizes, default=0)
    strength = sum(w for *_, w in G.edges(data="weight", default=1))
    return pd.Series(
        {
            "nodes": n,
            "edges": m,
            "isolated": sum(1 for _, d in G.degree() if d == 0),
            "components": len(sizes),
            "largest_component": largest,
            "largest_component_share": largest / n if n else 0.0,
            "density": nx.density(G) if n > 1 else 0.0,
            "mean_degree": 2 * m / n if n else 0.0,
            "mean_strength": 2 * strength / n if n else 0.0,
            "papers": G.graph.get("papers", pd.NA),
            "left_out_papers": G.graph.get("left_out_papers", 0),
        },
        name="collaboration_summary",
        dtype=object,
    )


# --------------------------------------------------------------------------------------
# Plots
# --------------------------------------------------------------------------------------


def _select_for_drawing(G: nx.Graph, max_nodes: int) -> tuple[nx.Graph, str]:
    """Largest components up to *max_nodes* nodes (or the best-connected part of the
    largest one); returns the subgraph and a note on what was dropped."""
    n = G.number_of_nodes()
    if n <= max_nodes:
        return G, ""
    comps = sorted(nx.connected_components(G), key=len, reverse=True)
    chosen: list[Any] = []
    used = 0
    for comp in comps:
        if used + len(comp) > max_nodes:
            break
        chosen.extend(comp)
        used += len(comp)
    if not chosen:  # the largest component alone is too big: keep its most prolific authors
        # (by papers, then co-authors; strength would favour members of huge author lists)
        ranked = sorted(
            comps[0], key=lambda x: (-(G.nodes[x].get("papers") or 0), -G.degree(x), str(x))
        )
        top = G.subgraph(ranked[:max_nodes])
        # authors linked only through dropped ones would float away: keep the main piece
        chosen = list(max(nx.connected_components(top), key=len))
        note = f"largest component's top {len(chosen):,} of {n:,} authors by papers"
    else:
        note = f"{len(chosen):,} of {n:,} authors: the largest components"
    return G.subgraph(chosen).copy(), note


def _node_sizes(H: nx.Graph, size_by: str | None) -> np.ndarray:
    """Marker areas: sqrt-scaled, the largest smaller when many nodes share the axes."""
    biggest = 300 * min(1.0, np.sqrt(100 / max(H.number_of_nodes(), 1)))
    biggest = max(biggest, 40.0)
    if size_by is None:
        return np.full(H.number_of_nodes(), biggest / 3)
    attr = {"votes": "total_votes"}.get(size_by, size_by)
    if attr == "degree":
        values = np.array([d for _, d in H.degree()], dtype=float)
    else:
        values = np.array([float(H.nodes[x].get(attr, 0) or 0) for x in H], dtype=float)
    if not len(values) or values.max() <= 0:  # attribute missing or all zero
        return np.full(H.number_of_nodes(), biggest / 3)
    return 8 + (biggest - 8) * np.sqrt(np.clip(values, 0, None) / values.max())


def _layout(H: nx.Graph, layout: str, seed: int) -> dict[Any, np.ndarray]:
    """Node positions from igraph's C layouts (networkx's take seconds at 1,000+ nodes)."""
    if layout not in ("spring", "kamada_kawai"):
        raise ValueError(f"layout must be 'spring' or 'kamada_kawai', got {layout!r}")
    g, nodes = _to_igraph(H)
    if len(nodes) == 1:
        return {nodes[0]: np.zeros(2)}
    with _seeded(seed):
        if layout == "spring":  # Fruchterman-Reingold, as networkx's spring_layout
            coords = g.layout_fruchterman_reingold(niter=500)
        else:
            coords = g.layout_kamada_kawai()
    xy = np.asarray(coords.coords, dtype=float)
    return dict(zip(nodes, xy, strict=True))


def _rank_key(H: nx.Graph, x: Any) -> tuple[int, int, str]:
    return (-(H.nodes[x].get("papers") or 0), -H.degree(x), str(x))


def _as_labels(communities: Any) -> dict[Any, int]:
    """Community labels given by a caller: a dict, a Series (index = node) or an
    :func:`author_metrics` table (columns ``author`` and ``community``)."""
    if isinstance(communities, pd.DataFrame):
        if not {"author", "community"} <= set(communities.columns):
            raise ValueError(
                "communities as a DataFrame needs columns 'author' and 'community' "
                "(the output of author_metrics)"
            )
        communities = communities.set_index("author")["community"]
    if isinstance(communities, pd.Series):
        items = communities.items()
    elif isinstance(communities, Mapping):
        items = communities.items()
    else:
        raise TypeError(
            "communities must be a dict or Series of node -> community id "
            f"(e.g. community_membership(G)), got {type(communities).__name__}"
        )
    return {node: int(c) for node, c in items if not pd.isna(c)}


def _colors(
    H: nx.Graph, G: nx.Graph, color_by: str | None, seed: int, communities: Any = None
):
    """Per-node colours and legend handles (groups: the ten largest among drawn nodes)."""
    from matplotlib import colormaps
    from matplotlib.lines import Line2D

    nodes = list(H)
    if color_by is None:
        return ["tab:blue"] * len(nodes), []
    if color_by in ("community", "component"):
        if color_by == "community":
            groups = (
                community_membership(G, seed) if communities is None else _as_labels(communities)
            )
        else:
            groups = {}
            for i, comp in enumerate(sorted(nx.connected_components(G), key=len, reverse=True)):
                groups.update(dict.fromkeys(comp, i))
        shown = Counter(groups[x] for x in nodes if x in groups)
        top = [c for c, _ in sorted(shown.items(), key=lambda kv: (-kv[1], kv[0]))[:10]]
        palette = colormaps["tab10"]
        grey = (0.75, 0.75, 0.75, 1.0)
        color_of = {c: palette(i) for i, c in enumerate(top)}
        colors = [color_of.get(groups.get(x), grey) for x in nodes]
        best: dict[int, Any] = {}
        for x in nodes:  # each group's most prolific author among those drawn
            c = groups.get(x)
            if c in color_of and (c not in best or _rank_key(H, x) < _rank_key(H, best[c])):
                best[c] = x
        handles = [
            Line2D(
                [],
                [],
                marker="o",
                ls="",
                color=color_of[c],
                label=f"#{c}: {H.nodes[best[c]].get('label', best[c])} +{shown[c] - 1}",
            )
            for c in top
        ]
        if any(groups.get(x) not in color_of for x in nodes):
            handles.append(Line2D([], [], marker="o", ls="", color=grey, label="other"))
        return colors, handles
    values = np.array([float(H.nodes[x].get(color_by, 0) or 0) for x in nodes])
    span = np.ptp(values) or 1.0
    cmap = colormaps["viridis"]
    return [cmap((val - values.min()) / span) for val in values], []


def plot_network(
    G: nx.Graph,
    ax: Axes | None = None,
    color_by: str | None = "community",
    size_by: str | None = "papers",
    label_top: int = 15,
    layout: str = "spring",
    seed: int = 0,
    max_nodes: int = 1500,
    title: str | None = None,
    communities: Any = None,
) -> Axes:
    """Draw the co-authorship network with matplotlib.

    Parameters
    ----------
    G : networkx.Graph
        A graph from :func:`coauthor_graph` (or a subgraph of one).
    ax : Axes, optional
        Where to draw; a new figure when omitted.
    color_by : {"community", "component"}, node attribute name or None
        Louvain communities (same ids as :func:`community_membership` with this *seed*),
        components, or a numeric node attribute on a colour scale. The ten largest groups
        among the drawn authors get a colour and a legend entry (inside the axes, where
        it hides the fewest authors); the others are grey.
    size_by : {"papers", "votes", "degree"} or None
        Node area grows with the square root of this value.
    label_top : int
        Label (up to) this many authors, those with the highest strength (sum of edge
        weights) first; a label that would overlap one already placed is skipped for the
        next author.
    layout : {"spring", "kamada_kawai"}
        Node placement; deterministic for a given *seed*.
    seed : int
        Seed of the layout and of the communities.
    max_nodes : int
        Larger graphs are reduced to their largest components (or to the strongest
        authors of the largest one); the title says what was dropped.
    title : str, optional
        Overrides the default title.
    communities : dict, Series or DataFrame, optional
        Precomputed community id per node, e.g. ``community_membership(G)``, a Series
        indexed by node, or the output of :func:`author_metrics`. Used when
        ``color_by="community"`` instead of running Louvain; nodes missing from it are grey.

    Returns
    -------
    Axes

    Examples
    --------
    >>> G = nx.Graph([("A", "B"), ("B", "C")])
    >>> ax = plot_network(G, communities={"A": 0, "B": 0, "C": 1})
    >>> ax.get_title().startswith("Co-author network")
    True
    """
    return _draw(
        G, ax, color_by, size_by, label_top, layout, seed, max_nodes, title,
        communities=communities,
    )


def _text_width(text: str, fontsize: float) -> float:
    """Rough width of *text* in points (wide East Asian characters count double)."""
    wide = sum(unicodedata.east_asian_width(ch) in "WF" for ch in text)
    return fontsize * (0.6 * (len(text) - wide) + 1.0 * wide)


def _place_labels(
    ax: Axes, H: nx.Graph, pos: dict[Any, np.ndarray], ranked: list[Any], label_top: int,
    fontsize: float = 8,
) -> None:
    """Annotate up to *label_top* of *ranked* without overlapping labels.

    A label goes to the right of its node in the left half of the axes and to the left in
    the right half, so that it stays inside the figure. Sizes are estimated from the
    number of characters (no renderer is needed), in display coordinates.
    """
    if label_top <= 0 or not ranked:
        return
    x_lo, x_hi = ax.get_xlim()
    middle = (x_lo + x_hi) / 2
    scale = ax.figure.dpi / 72  # points -> pixels
    pad, height = 3 * scale, fontsize * 1.5 * scale
    placed: list[tuple[float, float, float, float]] = []
    xy = ax.transData.transform(np.array([pos[x] for x in ranked]))
    for node, (px, py) in zip(ranked, xy, strict=True):
        if len(placed) >= label_top:
            break
        text = str(H.nodes[node].get("label", node))
        width = (_text_width(text, fontsize) + 4) * scale
        right = pos[node][0] <= middle
        x0 = px + pad if right else px - pad - width
        box = (x0, py + pad, x0 + width, py + pad + height)
        if placed and any(
            box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed
        ):
            continue
        placed.append(box)
        ax.annotate(
            text,
            pos[node],
            fontsize=fontsize,
            zorder=5,
            xytext=(3 if right else -3, 3),
            textcoords="offset points",
            ha="left" if right else "right",
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "alpha": 0.7, "lw": 0},
        )


def _draw(
    G: nx.Graph,
    ax: Axes | None,
    color_by: str | None,
    size_by: str | None,
    label_top: int,
    layout: str,
    seed: int,
    max_nodes: int,
    title: str | None,
    highlight: Any = None,
    communities: Any = None,
) -> Axes:
    from matplotlib.collections import LineCollection

    from papertoolkit.plots import prepare_axes

    ax = prepare_axes(ax, figsize=(10, 8))
    ax.set_axis_off()
    if G.number_of_nodes() == 0:
        ax.text(
            0.5, 0.5, "empty network: no authors", ha="center", va="center", transform=ax.transAxes
        )
        ax.set_title(title or "Co-author network (empty)")
        return ax
    H, note = _select_for_drawing(G, max_nodes)
    pos = _layout(H, layout, seed)
    nodes = list(H)
    xy = np.array([pos[x] for x in nodes])
    if H.number_of_edges():
        segments = np.array([(pos[a], pos[b]) for a, b in H.edges()])
        w = np.array([float(d) for *_, d in H.edges(data="weight", default=1)])
        widths = 0.3 + 2.7 * w / w.max()
        ax.add_collection(
            LineCollection(segments, linewidths=widths, colors="0.55", alpha=0.35, zorder=1)
        )
    colors, handles = _colors(H, G, color_by, seed, communities)
    sizes = _node_sizes(H, size_by)
    ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=colors, linewidths=0.4, edgecolors="white", zorder=2)
    if highlight is not None and highlight in pos:
        ax.scatter(
            *pos[highlight],
            s=max(sizes.max(), 120) * 1.3,
            c="tab:red",
            marker="*",
            zorder=4,
            label=str(H.nodes[highlight].get("label", highlight)),
        )
    ax.update_datalim(xy)
    ax.margins(0.08)
    ax.autoscale_view()
    strength = dict(H.degree(weight="weight"))
    ranked = sorted(nodes, key=lambda x: (x != highlight, -strength[x], str(x)))
    _place_labels(ax, H, pos, ranked, label_top)
    if handles:
        # inside the axes (a legend beside them would be cut off by the figure's edge),
        # in the corner that hides the fewest authors and labels
        ax.legend(
            handles=handles,
            loc="best",
            fontsize=7,
            framealpha=0.85,
            title=f"{color_by}: top author +others",
            title_fontsize=8,
        )
    default = f"Co-author network: {G.number_of_nodes():,} authors, {G.number_of_edges():,} links"
    if note:
        default += f"\nshowing {note}"
    left_out = G.graph.get("left_out_papers", 0)
    if left_out:
        default += f"\n({left_out} paper(s) with > {G.graph.get('max_authors')} authors left out)"
    ax.set_title(title or default, fontsize=10)
    return ax


def _nearest(G: nx.Graph, node: Any, radius: int, limit: int | None) -> tuple[list[Any], int]:
    """Authors within *radius* steps of *node* (itself first), at most *limit* of them:
    fewest steps first, then most joint papers with *node*, then most papers, then name.
    Returns them and how many there are in all."""
    dist = nx.single_source_shortest_path_length(G, node, cutoff=radius)
    if limit is None or len(dist) <= limit:
        return list(dist), len(dist)
    links = G[node]

    def key(x: Any) -> tuple[int, float, int, str]:
        joint = links[x].get("n_papers", links[x].get("weight", 1)) if x in links else 0
        return (dist[x], -float(joint or 0), -(G.nodes[x].get("papers") or 0), str(x))

    return sorted(dist, key=key)[: max(int(limit), 1)], len(dist)


def plot_ego(
    G: nx.Graph,
    author: str,
    ax: Axes | None = None,
    radius: int = 1,
    label_top: int = 15,
    seed: int = 0,
    max_nodes: int | None = 250,
) -> Axes:
    """Draw *author* and their co-authors (within *radius* steps), the author highlighted.

    Parameters
    ----------
    G : networkx.Graph
        A graph from :func:`coauthor_graph`.
    author : str
        The author (case, accents and spacing are forgiven, see :func:`find_author`).
    ax : Axes, optional
        Where to draw; a new figure when omitted.
    radius : int
        Co-authorship steps drawn around the author.
    label_top, seed
        As in :func:`plot_network` (the author is always labelled).
    max_nodes : int or None
        Draw at most this many authors, the author included: the nearest ones (fewest
        steps, then most joint papers with the author, then most papers). The title says
        how many were left out. ``None`` draws all of them.

    Examples
    --------
    >>> ax = plot_ego(nx.Graph([("A", "B"), ("A", "C")]), "a")
    >>> ax.get_title()
    'Co-authors of A: 2 within 1 step(s)'
    >>> print(plot_ego(nx.Graph([("A", "B"), ("A", "C")]), "a", max_nodes=2).get_title())
    Co-authors of A: 2 within 1 step(s)
    (showing the 1 nearest: fewest steps, most joint papers, most papers first)
    """
    node = find_author(G, author)
    keep, total = _nearest(G, node, radius, max_nodes)
    H = G.subgraph(keep).copy()
    H.graph.update(G.graph, ego=node, radius=radius)
    label = H.nodes[node].get("label", node)
    title = f"Co-authors of {label}: {total - 1:,} within {radius} step(s)"
    if total > len(keep):
        title += (
            f"\n(showing the {len(keep) - 1:,} nearest: fewest steps, most joint papers, "
            "most papers first)"
        )
    return _draw(
        H,
        ax,
        color_by=None,
        size_by="papers",
        label_top=label_top,
        layout="spring",
        seed=seed,
        max_nodes=max(H.number_of_nodes(), 1),
        title=title,
        highlight=node,
    )


def interactive_network(
    G: nx.Graph, max_nodes: int = 3000, seed: int = 0, communities: Any = None, **kwargs: Any
):
    """An interactive, zoomable view (``ipysigma`` widget) of the network in a notebook.

    Needs the optional package ``ipysigma`` (``pip install ipysigma``); without it raises
    ImportError pointing to :func:`plot_network`, which always works. Nodes are coloured
    by Louvain community (or by *communities*, as in :func:`plot_network`) and sized by
    papers; extra keywords go to ``ipysigma.Sigma``.

    Examples
    --------
    >>> widget = interactive_network(G)  # doctest: +SKIP
    """
    try:
        from ipysigma import Sigma
    except ImportError as exc:
        raise ImportError(
            "interactive_network needs ipysigma (pip install ipysigma); "
            "plot_network(G) draws the same network statically"
        ) from exc
    H, _ = _select_for_drawing(G, max_nodes)
    H = _exportable(H)
    if communities is None:  # the same ids as plot_network and communities
        groups = community_membership(G, seed)
    else:
        groups = _as_labels(communities)
    nx.set_node_attributes(H, {node: groups.get(node, -1) for node in H}, "community")
    options: dict[str, Any] = {
        "node_color": "community",
        "node_size": "papers" if all("papers" in d for _, d in H.nodes(data=True)) else None,
        "node_label": "label" if all("label" in d for _, d in H.nodes(data=True)) else None,
        "edge_size": "weight" if all("weight" in d for *_, d in H.edges(data=True)) else None,
    }
    options.update(kwargs)
    return Sigma(H, **{k: v for k, v in options.items() if v is not None})


# --------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------


def _as_text(value: Any) -> Any:
    """A value GraphML/GEXF can hold: lists become ';'-joined text, None is dropped."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return ID_SEPARATOR.join(str(x) for x in value)
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (pd.Timestamp,)):
        return str(value.date())
    return value


def _exportable(G: nx.Graph) -> nx.Graph:
    """Copy of *G* whose attributes are scalars (lists as text, no None)."""
    H = nx.Graph()
    H.graph.update(
        {k: _as_text(v) for k, v in G.graph.items() if v is not None and not callable(v)}
    )
    H.add_nodes_from(
        (n, {k: _as_text(v) for k, v in d.items() if v is not None}) for n, d in G.nodes(data=True)
    )
    H.add_edges_from(
        (a, b, {k: _as_text(v) for k, v in d.items() if v is not None})
        for a, b, d in G.edges(data=True)
    )
    return H


def _nodes_csv_path(edges_path: Path) -> Path:
    stem = edges_path.stem
    stem = stem[: -len("_edges")] + "_nodes" if stem.endswith("_edges") else stem + "_nodes"
    return edges_path.with_name(stem + edges_path.suffix)


def write_graph(G: nx.Graph, path: str | Path) -> list[Path]:
    """Write *G* to *path*; the format follows the extension.

    - ``.graphml``: GraphML (yEd, Cytoscape, Gephi, networkx);
    - ``.gexf``: GEXF (opens in Gephi);
    - ``.csv``: an edge list (``source, target, weight, n_papers, arxiv_ids``) at *path*
      and a node table beside it (``x_edges.csv`` -> ``x_nodes.csv``, else ``x_nodes.csv``
      for ``x.csv``).

    Lists (the arXiv ids of an edge) are written as ';'-joined text; :func:`read_graph`
    turns them back into lists.

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> G = nx.Graph([("A", "B", {"weight": 1, "arxiv_ids": ["p1"]})])
    >>> out = write_graph(G, pathlib.Path(tempfile.mkdtemp()) / "g.graphml")
    >>> read_graph(out[0])["A"]["B"]["arxiv_ids"]
    ['p1']
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in {".graphml", ".gexf", ".csv"}:
        raise ValueError(f"unknown graph format {suffix!r}: use .graphml, .gexf or .csv")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        edges = _records_frame(
            ((a, b, d) for a, b, d in G.edges(data=True)), ["source", "target"], _EDGE_FIRST
        )
        edges.to_csv(path, index=False)
        nodes = _records_frame(((n, d) for n, d in G.nodes(data=True)), ["author"], [])
        if "total_votes" in nodes:  # missing for authors without votes: keep it integer
            nodes["total_votes"] = nodes["total_votes"].astype("Int64")
        nodes_path = _nodes_csv_path(path)
        nodes.to_csv(nodes_path, index=False)
        return [path, nodes_path]
    if suffix == ".graphml":
        _write_graphml(G, path)
    else:
        nx.write_gexf(_exportable(G), path)
    return [path]


_EDGE_FIRST = ["weight", "n_papers", "arxiv_ids"]


def _records_frame(items: Iterable[tuple], id_columns: list[str], first: list[str]) -> pd.DataFrame:
    """DataFrame of ``(*ids, attrs)`` items: one column per attribute, lists as text."""
    ids: list[list[Any]] = [[] for _ in id_columns]
    columns: dict[str, list[Any]] = {}
    n = 0
    for item in items:
        *keys, data = item
        for store, key in zip(ids, keys, strict=True):
            store.append(key)
        for key, value in data.items():
            column = columns.get(key)
            if column is None:
                column = columns[key] = [None] * n
            column.append(_as_text(value))
        n += 1
        for column in columns.values():
            if len(column) < n:
                column.append(None)
    order = [c for c in first if c in columns] + sorted(c for c in columns if c not in first)
    frame = {name: values for name, values in zip(id_columns, ids, strict=True)}
    frame.update((c, columns[c]) for c in order)
    return pd.DataFrame(frame)


_GRAPHML_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_text(value: Any) -> str:
    from xml.sax.saxutils import escape

    return escape(_XML_INVALID.sub("", str(value)))


def _graphml_value(value: Any) -> tuple[str, str]:
    """(GraphML type, text) of one attribute value."""
    value = _as_text(value)
    if isinstance(value, bool):
        return "boolean", "true" if value else "false"
    if isinstance(value, int):
        return "long", str(value)
    if isinstance(value, float):
        return "double", repr(value)
    return "string", _xml_text(value)


def _graphml_keys(
    datas: Iterable[dict[str, Any]], domain: str, prefix: str
) -> tuple[dict[str, str], list[str]]:
    """Key ids and <key> lines for the attributes of nodes, edges or the graph."""
    from xml.sax.saxutils import quoteattr

    kinds: dict[str, set[str]] = {}
    for data in datas:
        for key, value in data.items():
            if value is not None:
                kinds.setdefault(key, set()).add(_graphml_value(value)[0])
    ids: dict[str, str] = {}
    lines = []
    for i, (key, found) in enumerate(sorted(kinds.items())):
        kind = (
            found.pop()
            if len(found) == 1
            else "double"
            if found == {"long", "double"}
            else ("string")
        )
        ids[key] = f"{prefix}{i}"
        name = quoteattr(_XML_INVALID.sub("", str(key)))
        lines.append(
            f'<key id="{prefix}{i}" for="{domain}" attr.name={name} attr.type="{kind}" />\n'
        )
    return ids, lines


def _graphml_data(data: dict[str, Any], ids: dict[str, str]) -> str:
    return "".join(
        f'<data key="{ids[key]}">{_graphml_value(value)[1]}</data>'
        for key, value in data.items()
        if value is not None
    )


def _write_graphml(G: nx.Graph, path: Path) -> None:
    """Stream *G* as GraphML (networkx's writer builds the whole XML tree in memory first,
    ~10x slower on a graph of half a million edges). Lists become ';'-joined text."""
    from xml.sax.saxutils import quoteattr

    graph_data = {k: v for k, v in G.graph.items() if v is not None and not callable(v)}
    graph_ids, graph_keys = _graphml_keys([graph_data], "graph", "g")
    node_ids, node_keys = _graphml_keys((d for _, d in G.nodes(data=True)), "node", "n")
    edge_ids, edge_keys = _graphml_keys((d for *_, d in G.edges(data=True)), "edge", "e")
    quoted = {node: quoteattr(_XML_INVALID.sub("", str(node))) for node in G}
    with open(path, "w", encoding="utf-8") as out:
        out.write(_GRAPHML_HEAD)
        out.writelines(graph_keys + node_keys + edge_keys)
        out.write('<graph edgedefault="undirected">\n')
        out.write(_graphml_data(graph_data, graph_ids))
        out.writelines(
            f"<node id={quoted[node]}>{_graphml_data(data, node_ids)}</node>\n"
            for node, data in G.nodes(data=True)
        )
        out.writelines(
            f"<edge source={quoted[a]} target={quoted[b]}>{_graphml_data(data, edge_ids)}</edge>\n"
            for a, b, data in G.edges(data=True)
        )
        out.write("</graph>\n</graphml>\n")


def _split_ids(value: Any) -> list[str]:
    if isinstance(value, list):
        return value
    if value is None or (isinstance(value, float) and np.isnan(value)) or value == "":
        return []
    return str(value).split(ID_SEPARATOR)


def read_graph(path: str | Path) -> nx.Graph:
    """Read a graph written by :func:`write_graph` (``arxiv_ids`` back as lists).

    Examples
    --------
    >>> read_graph("coauthors.graphml")  # doctest: +SKIP
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".graphml":
        G = nx.read_graphml(path)
    elif suffix == ".gexf":
        G = nx.read_gexf(path)
        for _, data in G.nodes(data=True):
            data.pop("id", None)
    elif suffix == ".csv":
        edges = pd.read_csv(
            path,
            dtype={"source": str, "target": str, "arxiv_ids": str},
            keep_default_na=False,
            na_values=[],
        )
        G = nx.from_pandas_edgelist(edges, "source", "target", edge_attr=True)
        nodes_path = _nodes_csv_path(path)
        if nodes_path.exists():
            nodes = pd.read_csv(
                nodes_path,
                dtype={"author": str, "label": str, "first_seen": str, "last_seen": str},
                keep_default_na=False,
                na_values=[],
            )
            for row in nodes.to_dict("records"):
                name = row.pop("author")
                G.add_node(name, **{k: _plain(v) for k, v in row.items() if v != ""})
        for _, _, data in G.edges(data=True):
            for key, value in list(data.items()):
                data[key] = _plain(value)
    else:
        raise ValueError(f"unknown graph format {suffix!r}: use .graphml, .gexf or .csv")
    for _, _, data in G.edges(data=True):
        if "arxiv_ids" in data:
            data["arxiv_ids"] = _split_ids(data["arxiv_ids"])
    return G


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value
