"""The bridge to igraph: convert a networkx graph once, cache it on the graph, seed igraph's RNG."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import networkx as nx

from ._arrays import arrays_of
from ._common import _gc_paused

if TYPE_CHECKING:  # imported lazily at run time
    import igraph


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
    arrays = arrays_of(G)
    if arrays is not None:  # built from the arrays: no walk over networkx's dicts
        return arrays.to_igraph(), arrays.names.tolist()
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
    if _is_igraph(G) or nx.is_frozen(G):  # networkx freezes every view it makes
        return None
    cache = getattr(G, "__networkx_cache__", None)
    return cache if isinstance(cache, dict) else None


@contextlib.contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """Make igraph's randomness repeatable for *seed*, leaving every global as it was.

    igraph draws from Python's :mod:`random` module unless a program installs its own
    generator with ``igraph.set_random_number_generator`` (which has no getter, so an
    installed generator could not be put back). We therefore never replace igraph's
    generator: we seed the :mod:`random` module for the duration and restore its exact
    state afterwards (``random.getstate`` / ``setstate``). ``random.seed(seed)`` gives the
    same stream as ``random.Random(seed)``. A program that installed its own igraph
    generator keeps it, and with it control over igraph's randomness.
    """
    import random

    state = random.getstate()
    random.seed(seed)
    try:
        yield
    finally:
        random.setstate(state)
