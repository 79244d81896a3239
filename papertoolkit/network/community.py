"""Communities of a co-author graph: Louvain (in igraph), numbered by size, and a summary."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd

from .._compat import positional_options
from ._arrays import arrays_of
from ._common import igraph_from_ends
from ._igraph import _graph_cache, _is_igraph, _seeded, _to_igraph

if TYPE_CHECKING:  # imported lazily at run time
    import igraph


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


def louvain_labels(
    n: int, source: np.ndarray, target: np.ndarray, weight: np.ndarray, seed: int
) -> np.ndarray:
    """:func:`_louvain` of the graph given as arrays (for a worker process: igraph holds
    the GIL while it runs, so a thread would freeze the notebook's kernel)."""
    g = igraph_from_ends(n, source, target)
    if len(source):
        g.es["weight"] = np.asarray(weight, dtype=float).tolist()
    return _louvain(g, seed)


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


@positional_options
def community_membership(G: Any, *, seed: int = 0) -> dict[Any, int]:
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


def _community_rows(
    nodes: list[Any],
    lab: np.ndarray,
    ends: np.ndarray,
    papers: np.ndarray,
    starts: np.ndarray,
    lengths: np.ndarray,
    codes: np.ndarray,
    paper_names: np.ndarray,
    n_top: int,
) -> list[dict[str, Any]]:
    """One row per community, computed with NumPy: edge k joins ``ends[k]`` and its papers
    are ``paper_names[codes[starts[k]:starts[k] + lengths[k]]]``."""
    n = len(nodes)
    edge_comm = lab[ends[:, 0]] if len(ends) else np.zeros(0, dtype=np.int64)
    inside = np.flatnonzero(edge_comm == lab[ends[:, 1]]) if len(ends) else edge_comm
    present, size = np.unique(lab, return_counts=True)
    n_comm = int(present.max()) + 1
    n_edges = np.bincount(edge_comm[inside], minlength=n_comm)
    inner_degree = np.bincount(ends[inside].ravel(), minlength=n)
    # members ranked by papers, then degree inside, then name
    name_rank = np.argsort(np.argsort(np.array([str(x) for x in nodes], dtype=object)))
    ranked = np.lexsort((name_rank, -inner_degree, -papers, lab))
    member_bounds = np.searchsorted(lab[ranked], np.r_[present, n_comm])
    # the papers of the links inside each community: (community, paper) with pair counts
    reps = lengths[inside]
    offsets = np.repeat(starts[inside] - np.r_[0, np.cumsum(reps)[:-1]], reps)
    pair_codes = np.asarray(codes)[offsets + np.arange(int(reps.sum()))].astype(np.int64)
    pair_comm = np.repeat(edge_comm[inside], reps)
    n_pap = max(len(paper_names), 1)
    keys, counts = np.unique(pair_comm * n_pap + pair_codes, return_counts=True)
    key_comm, key_paper = keys // n_pap, keys % n_pap
    paper_rank = np.argsort(np.argsort(np.asarray(paper_names, dtype=object).astype(str)))
    order = np.lexsort((paper_rank[key_paper] if len(keys) else key_paper, -counts, key_comm))
    key_comm, key_paper = key_comm[order], key_paper[order]
    paper_bounds = np.searchsorted(key_comm, np.r_[present, n_comm])
    rows = []
    for k, c in enumerate(present.tolist()):
        top_a = ranked[member_bounds[k] : min(member_bounds[k] + n_top, member_bounds[k + 1])]
        lo, hi = paper_bounds[k], paper_bounds[k + 1]
        rows.append(
            {
                "community": c,
                "size": int(size[k]),
                "n_edges": int(n_edges[c]),
                "papers": int(hi - lo),
                "top_authors": [nodes[i] for i in top_a.tolist()],
                "top_papers": paper_names[key_paper[lo : min(lo + n_top, hi)]].tolist(),
            }
        )
    return rows


@positional_options
def communities(
    G: nx.Graph, *, seed: int = 0, n_top: int = 5, metrics: pd.DataFrame | None = None
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
        label = community_membership(G, seed=seed)
    arrays = arrays_of(G)
    if arrays is not None:  # read the arrays: no walk over networkx's dicts
        nodes = arrays.names.tolist()
        ends = np.column_stack([arrays.source, arrays.target]).astype(np.int64)
        papers = arrays.papers
        starts, lengths = arrays.starts, arrays.n_papers.astype(np.int64)
        codes, paper_names = arrays.pair_papers, arrays.paper_names
    else:  # edges as index pairs from the igraph copy (the same order as G.edges())
        g, nodes = _to_igraph(G)
        ends = np.array(g.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        papers = np.array([G.nodes[x].get("papers", 0) or 0 for x in nodes], dtype=np.int64)
        all_ids = [list(ids or ()) for *_, ids in G.edges(data="arxiv_ids")]
        lengths = np.array([len(ids) for ids in all_ids], dtype=np.int64)
        starts = np.r_[0, np.cumsum(lengths)[:-1]].astype(np.int64)
        flat = list(itertools.chain.from_iterable(all_ids))
        codes, paper_names = pd.factorize(pd.Series(flat, dtype=object).astype(str))
        paper_names = np.asarray(paper_names, dtype=object)
    lab = np.array([label[x] if x in label else label[str(x)] for x in nodes], dtype=np.int64)
    rows = _community_rows(nodes, lab, ends, papers, starts, lengths, codes, paper_names, n_top)
    out = pd.DataFrame(rows, columns=cols)
    return out.astype(dict.fromkeys(["community", "size", "n_edges", "papers"], "Int64"))
