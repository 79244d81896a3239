"""Per-author metrics (degree, strength, betweenness, PageRank, ...) and a graph summary."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd

from .._compat import positional_options
from ._arrays import arrays_of
from ._igraph import _is_igraph, _to_igraph
from .community import _membership, _renumber_by_size

if TYPE_CHECKING:  # imported lazily at run time
    import igraph


#: Betweenness is exact up to this many nodes and sampled beyond (see author_metrics).
EXACT_BETWEENNESS_MAX_NODES = 3000

#: Sources sampled for betweenness on graphs above EXACT_BETWEENNESS_MAX_NODES nodes.
BETWEENNESS_SAMPLES = 200


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


@positional_options
def author_metrics(
    G: nx.Graph,
    *,
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


class CollaborationSummary(pd.Series):
    """:func:`collaboration_summary`'s Series, shown in Jupyter as a table of readable
    measures (``_repr_html_``); :meth:`table` gives that table as a DataFrame. Slices and
    arithmetic give plain Series."""

    @property
    def _constructor(self):
        return pd.Series

    def table(self) -> pd.DataFrame:
        """The measures with readable names and formatted values (columns ``Measure``,
        ``Value``), as the report and Jupyter show them."""
        from ..datatable import fmt_int, fmt_pct, fmt_sig

        s = self
        rows = [
            ("Authors", fmt_int(s["nodes"])),
            ("Co-author links", fmt_int(s["edges"])),
            ("Authors without a co-author", fmt_int(s["isolated"])),
            ("Connected groups", fmt_int(s["components"])),
            ("Largest group", f"{fmt_int(s['largest_component'])} authors "
                              f"({fmt_pct(s['largest_component_share'])})"),
            ("Density", fmt_sig(s["density"])),
            ("Co-authors per author (mean)", fmt_sig(s["mean_degree"])),
            ("Link weight per author (mean)", fmt_sig(s["mean_strength"])),
            ("Papers", fmt_int(s["papers"])),
            ("Papers left out (too many authors)", fmt_int(s["left_out_papers"])),
        ]
        return pd.DataFrame(rows, columns=["Measure", "Value"])

    def _repr_html_(self) -> str:
        from ..datatable import static_table

        return static_table(self.table(), max_rows=len(self.table()))


def collaboration_summary(G: nx.Graph) -> CollaborationSummary:
    """Size and shape of the network: a Series that Jupyter shows as a table.

    Parameters
    ----------
    G : networkx.Graph
        A co-author graph (:func:`~papertoolkit.network.coauthor_graph`; any networkx
        graph works).

    Returns
    -------
    CollaborationSummary
        A ``pandas.Series`` named ``collaboration_summary`` (index as below, as before)
        whose ``_repr_html_`` shows a two-column table with readable names and formatted
        numbers, and whose :meth:`~CollaborationSummary.table` returns that table as a
        DataFrame: nodes, edges, isolated (authors without co-author), components,
        largest_component (nodes) and largest_component_share, density, mean_degree,
        mean_strength, papers and left_out_papers (from ``G.graph``).

    Examples
    --------
    >>> s = collaboration_summary(nx.Graph([("A", "B"), ("B", "C"), ("D", "E")]))
    >>> s[["nodes", "edges", "components", "largest_component"]].tolist()
    [5, 3, 2, 3]
    >>> s.table().head(2).values.tolist()
    [['Authors', '5'], ['Co-author links', '3']]
    >>> from papertoolkit.network import coauthor_graph
    >>> s = collaboration_summary(coauthor_graph(corpus))
    >>> s[["nodes", "edges", "components", "largest_component", "papers"]].tolist()
    [646, 3616, 59, 71, 80]
    >>> round(s["mean_degree"], 2)
    11.2
    """
    n = G.number_of_nodes()
    m = G.number_of_edges()
    arrays = arrays_of(G)
    if arrays is not None:  # components in igraph, sums from the arrays (same edge order)
        sizes = arrays.to_igraph().connected_components().sizes() if n else []
        strength = sum(arrays.weight.tolist())
        degree = np.bincount(np.r_[arrays.source, arrays.target], minlength=n)
        isolated = int(np.count_nonzero(degree == 0))
    else:
        sizes = [len(c) for c in nx.connected_components(G)] if n else []
        strength = sum(w for *_, w in G.edges(data="weight", default=1))
        isolated = sum(1 for _, d in G.degree() if d == 0)
    largest = max(sizes, default=0)
    return CollaborationSummary(
        {
            "nodes": n,
            "edges": m,
            "isolated": isolated,
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
