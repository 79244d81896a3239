"""Interactive co-author maps with ipysigma: the top authors, a cached seeded layout, HTML.

:func:`interactive_network` returns an ``ipysigma.Sigma`` widget (sigma.js, WebGL): zoom and
pan, hover an author to see their name and highlight their co-authors, click one to see
papers, votes and community (``widget.selected_node`` follows the click, so an explorer can
open that author). Only the top *top* authors by a chosen measure are drawn, never the whole
hairball; their positions come from igraph's Fruchterman-Reingold layout (grid variant,
seeded), computed once per drawn set and kept with the graph. :func:`write_network_html`
writes the same view as one HTML page.

Why ipysigma: it is maintained (médialab, Sciences Po), draws thousands of nodes with WebGL,
works in JupyterLab 4 and Notebook 7 as a regular ipywidget whose selection is synced back
to Python, and writes standalone HTML. ipycytoscape (Canvas, slow beyond a few hundred
nodes), pyvis (HTML in an iframe, no click events back to Python) and bqplot's Graph mark
(no labels that avoid each other) each miss one of these.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from ._arrays import GraphArrays, arrays_of
from ._common import igraph_from_ends
from ._igraph import _seeded
from .hover import map_class

#: Measures that rank authors for drawing (and size their nodes).
RANK_BY = ("papers", "strength", "degree", "votes")

#: Communities that get a colour of their own in a drawing; the others are "other".
COLOURED_COMMUNITIES = 10

_VIEW_KEY = "papertoolkit_view_arrays"


def _check_by(by: str, name: str = "by") -> None:
    if by not in RANK_BY:
        raise ValueError(f"{name} must be one of {list(RANK_BY)}, got {by!r}")


def view_arrays(G: Any) -> GraphArrays:
    """The arrays of *G* for drawing: those behind a graph from
    :func:`~papertoolkit.network.coauthor_graph`, else built once from any networkx graph
    (node attributes ``label``, ``papers``, ``total_votes``; edge ``weight``, ``n_papers``)
    and kept in ``G.__networkx_cache__``."""
    arrays = arrays_of(G)
    if arrays is not None:
        return arrays
    cache = getattr(G, "__networkx_cache__", None)
    cache = cache if isinstance(cache, dict) and not hasattr(G, "_graph") else None
    if cache is not None and _VIEW_KEY in cache:
        return cache[_VIEW_KEY]
    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    data = [G.nodes[x] for x in nodes]
    votes = [d.get("total_votes") for d in data]
    ends = [(index[a], index[b], d) for a, b, d in G.edges(data=True)]
    empty = np.zeros(0, dtype=np.int64)
    arrays = GraphArrays(
        info=dict(G.graph),
        names=np.array(nodes + [None], dtype=object)[:-1],
        label=np.array([str(d.get("label", x)) for x, d in zip(nodes, data, strict=True)],
                       dtype=object),
        papers=np.array([int(d.get("papers") or 0) for d in data], dtype=np.int64),
        total_votes=np.array([int(v or 0) for v in votes], dtype=np.int64),
        has_votes=np.array([v is not None for v in votes], dtype=bool),
        first_seen=np.array([d.get("first_seen", "") for d in data], dtype=object),
        last_seen=np.array([d.get("last_seen", "") for d in data], dtype=object),
        source=np.array([a for a, _, _ in ends], dtype=np.int32),
        target=np.array([b for _, b, _ in ends], dtype=np.int32),
        weight=np.array([float(d.get("weight", 1) or 0) for *_, d in ends], dtype=float),
        n_papers=np.array([int(d.get("n_papers", 1) or 0) for *_, d in ends], dtype=np.int32),
        starts=empty, pair_papers=empty.astype(np.int32), paper_names=empty.astype(object),
    )
    if cache is not None:
        cache[_VIEW_KEY] = arrays
    return arrays


def node_scores(arrays: GraphArrays, by: str) -> np.ndarray:
    """Per-node value of *by*: papers, strength (sum of link weights), degree or votes
    (computed once per graph, then kept with its arrays)."""
    _check_by(by)
    hit = arrays.derived.get(("score", by))
    if hit is not None:
        return hit
    n = arrays.n_nodes
    if by == "papers":
        score = arrays.papers.astype(float)
    elif by == "votes":
        score = np.where(arrays.has_votes, arrays.total_votes, 0).astype(float)
    elif by == "degree" and arrays.whole is None:  # these arrays are the whole graph
        score = arrays.whole_degree().astype(float)
    elif by == "degree" or arrays.weight.dtype.kind in "iub":
        # counts, or sums of whole numbers (exact in any order): one pass per end
        weight = None if by == "degree" else arrays.weight
        score = (np.bincount(arrays.source, weights=weight, minlength=n)
                 + np.bincount(arrays.target, weights=weight, minlength=n)).astype(float)
    else:  # fractional weights: summed in edge order, source ends then target ends
        ends = np.r_[arrays.source, arrays.target]
        weight = np.r_[arrays.weight, arrays.weight].astype(float)
        score = np.bincount(ends, weights=weight, minlength=n).astype(float)
    score.setflags(write=False)
    arrays.derived[("score", by)] = score
    return score


def linked_nodes(arrays: GraphArrays) -> np.ndarray:
    """Mask of the authors with at least one link (kept with the arrays)."""
    return node_scores(arrays, "degree") > 0


def top_nodes(
    arrays: GraphArrays, top: int, by: str = "papers", within: np.ndarray | None = None
) -> np.ndarray:
    """Positions of the *top* authors by *by* (ties: more papers, then name), among
    *within* (a boolean mask) and, when any of them has a co-author, among linked ones."""
    n = arrays.n_nodes
    mask = np.ones(n, dtype=bool) if within is None else within.copy()
    linked = linked_nodes(arrays)
    if (mask & linked).any():
        mask &= linked
    candidates = np.flatnonzero(mask)
    score = node_scores(arrays, by)[candidates]
    order = np.lexsort((candidates, -arrays.papers[candidates], -score))
    return np.sort(candidates[order[: max(int(top), 0)]])


#: Links drawn at most per drawn author: the heaviest ones (a paper with hundreds of
#: authors would otherwise draw tens of thousands of links among the top authors).
MAX_LINKS_PER_AUTHOR = 8


def _drawn_links(arrays: GraphArrays, nodes: np.ndarray) -> dict[str, Any]:
    """What a drawing of *nodes* (sorted positions) needs from the links, in one pass over
    them (computed once per node set, then kept with the arrays): ``edges``, the indices
    of the links among *nodes*, at most ``MAX_LINKS_PER_AUTHOR * len(nodes)`` of them, the
    heaviest first (ties: the first edges), in edge order; ``links_among``, how many links
    join two of *nodes*; and each node's ``strength`` and ``degree`` in the whole of
    *arrays* (as :func:`node_scores`, summed in the same order)."""
    nodes = np.asarray(nodes, dtype=np.int64)
    key = ("drawn", nodes.tobytes())
    hit = arrays.derived.get(key)
    if hit is not None:
        return hit
    inside = np.zeros(arrays.n_nodes, dtype=bool)
    inside[nodes] = True
    at_source, at_target = inside[arrays.source], inside[arrays.target]
    edges = np.flatnonzero(at_source & at_target)
    links_among = len(edges)
    most = MAX_LINKS_PER_AUTHOR * len(nodes)
    if len(edges) > most:
        heaviest = np.argsort(-arrays.weight[edges].astype(float), kind="stable")[:most]
        edges = np.sort(edges[heaviest])
    local = np.zeros(arrays.n_nodes, dtype=np.int64)
    local[nodes] = np.arange(len(nodes))
    # the links of the drawn nodes: source ends, then target ends, each in edge order
    out_links, in_links = np.flatnonzero(at_source), np.flatnonzero(at_target)
    ends = np.r_[local[arrays.source[out_links]], local[arrays.target[in_links]]]
    weight = np.r_[arrays.weight[out_links], arrays.weight[in_links]].astype(float)
    hit = {
        "edges": edges,
        "links_among": links_among,
        "strength": np.bincount(ends, weights=weight, minlength=len(nodes)),
        "degree": np.bincount(ends, minlength=len(nodes)).astype(float),
    }
    arrays.derived[key] = hit
    return hit


def _subgraph_edges(arrays: GraphArrays, nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Edge indices among *nodes* (sorted positions), at most
    ``MAX_LINKS_PER_AUTHOR * len(nodes)`` of them, the heaviest first (ties: the first
    edges), returned in edge order; and the local index of every node."""
    edges = _drawn_links(arrays, nodes)["edges"]
    local = np.full(arrays.n_nodes, -1, dtype=np.int64)
    local[nodes] = np.arange(len(nodes))
    return edges, local


def layout(arrays: GraphArrays, nodes: np.ndarray, seed: int = 0) -> np.ndarray:
    """Positions (one row per node of *nodes*) in [0, 1]: igraph's Fruchterman-Reingold
    (grid variant, weighted, 500 iterations, seeded). Computed once per node set and seed,
    then kept with the arrays."""
    key = ("layout", seed, hash(np.asarray(nodes, dtype=np.int64).tobytes()), len(nodes))
    hit = arrays.derived.get(key)
    if hit is not None:
        return hit
    edges, local = _subgraph_edges(arrays, nodes)
    if len(nodes) <= 1:
        xy = np.full((len(nodes), 2), 0.5)
    else:
        g = igraph_from_ends(len(nodes), local[arrays.source[edges]],
                             local[arrays.target[edges]])
        weights = arrays.weight[edges].astype(float).tolist() if len(edges) else None
        with _seeded(seed):
            coords = g.layout_fruchterman_reingold(niter=500, weights=weights, grid="grid")
        xy = np.asarray(coords.coords, dtype=float)
        # authors without a link among those drawn drift far away and shrink the rest:
        # put them on a circle just around the linked ones
        alone = np.asarray(g.degree()) == 0
        if alone.any() and not alone.all():
            linked = xy[~alone]
            centre = (linked.max(axis=0) + linked.min(axis=0)) / 2
            radius = 0.55 * float(np.ptp(linked, axis=0).max() or 1.0)
            angle = 2 * np.pi * np.arange(alone.sum()) / alone.sum()
            xy[alone] = centre + radius * np.column_stack([np.cos(angle), np.sin(angle)])
        _pull_in_outliers(xy)
        span = np.ptp(xy, axis=0)
        xy = (xy - xy.min(axis=0)) / np.where(span > 0, span, 1.0)
    xy.setflags(write=False)
    arrays.derived[key] = xy
    return xy


def _pull_in_outliers(xy: np.ndarray, quantile: float = 0.9, keep: float = 0.35) -> None:
    """Move the far-out authors (one link to the crowd; the layout's repulsion pushes them
    away) towards the centre, in place: distances from the median point beyond the
    *quantile* distance keep *keep* of their excess. Scaled to the page afterwards, the
    crowded centre gets more room and its labels overlap less."""
    if len(xy) < 10:
        return
    centre = np.median(xy, axis=0)
    offset = xy - centre
    r = np.hypot(offset[:, 0], offset[:, 1])
    cut = float(np.quantile(r, quantile))
    far = r > cut
    if cut > 0 and far.any():
        scale = (cut + (r[far] - cut) * keep) / r[far]
        xy[far] = centre + offset[far] * scale[:, None]


def community_labels(
    membership: dict[Any, int] | None, names: list[Any], sizes: dict[int, int] | None = None
) -> list[str]:
    """Legend label of each drawn author's community: ``"#3 (41 authors)"`` for the
    :data:`COLOURED_COMMUNITIES` communities with the most drawn members, "other" for the
    rest. The count is the community's size in the whole graph, as in its table."""
    if not membership:
        return ["all authors"] * len(names)
    ids = [membership.get(x, -1) for x in names]
    if sizes is None:
        sizes = {}
        for c in membership.values():
            sizes[c] = sizes.get(c, 0) + 1
    drawn: dict[int, int] = {}
    for c in ids:
        drawn[c] = drawn.get(c, 0) + 1
    coloured = sorted((c for c in drawn if c >= 0), key=lambda c: (-drawn[c], c))
    coloured = set(coloured[:COLOURED_COMMUNITIES])
    return [
        f"#{c} ({sizes.get(c, 0):,} authors)" if c in coloured else "other communities"
        for c in ids
    ]


def network_view(
    G: Any,
    *,
    top: int = 300,
    by: str = "papers",
    nodes: Any = None,
    communities: dict[Any, int] | None = None,
    community_sizes: dict[int, int] | None = None,
    groups: dict[Any, str] | None = None,
    seed: int = 0,
) -> nx.Graph:
    """The small graph that is drawn: the *top* authors by *by* (or the given *nodes*),
    the links among them, attributes for display and ``x``/``y`` from :func:`layout`.
    *G* may also be a :class:`~papertoolkit.network._arrays.GraphArrays`."""
    _check_by(by)
    arrays = G if isinstance(G, GraphArrays) else view_arrays(G)
    if nodes is None:
        chosen = top_nodes(arrays, top, by)
    else:
        position = {name: i for i, name in enumerate(arrays.names.tolist())}
        chosen = np.sort(np.array([position[x] for x in nodes if x in position], dtype=np.int64))
    return drawn_view(arrays, chosen, by=by, communities=communities,
                       community_sizes=community_sizes, groups=groups, seed=seed)


def drawn_view(
    arrays: GraphArrays,
    chosen: np.ndarray,
    *,
    by: str,
    communities: dict[Any, int] | None,
    community_sizes: dict[int, int] | None,
    groups: dict[Any, str] | None,
    seed: int,
) -> nx.Graph:
    """:func:`network_view` of the authors at the sorted positions *chosen* (the explorer
    has them from :func:`top_nodes`: no lookup of every name)."""
    xy = layout(arrays, chosen, seed)
    edges, local = _subgraph_edges(arrays, chosen)
    links = _drawn_links(arrays, chosen)  # strength and degree of the drawn authors only
    names = arrays.names[chosen].tolist()
    strength, degree = links["strength"], links["degree"]
    coauthors = arrays.whole_degree()[chosen]  # in the whole graph, not only this one
    if groups is None:
        colour = community_labels(communities, names, community_sizes)
    else:
        colour = [groups.get(x, "other") for x in names]
    H = nx.Graph()
    H.graph.update(ranked_by=by, drawn=len(names), of=arrays.n_nodes,
                   links_among=links["links_among"])
    for i, name in enumerate(names):
        p = int(chosen[i])
        H.add_node(name, label=str(arrays.label[p]), papers=int(arrays.papers[p]),
                   votes=int(arrays.total_votes[p]) if arrays.has_votes[p] else None,
                   strength=round(float(strength[i]), 3), degree=int(degree[i]),
                   coauthors=int(coauthors[i]),
                   community=colour[i], x=float(xy[i, 0]), y=float(1.0 - xy[i, 1]))
        if communities:
            H.nodes[name]["community_id"] = int(communities.get(name, -1))
    for k in edges.tolist():
        a, b = names[local[arrays.source[k]]], names[local[arrays.target[k]]]
        H.add_edge(a, b, weight=float(arrays.weight[k]), joint_papers=int(arrays.n_papers[k]))
    return H


#: Colours of the communities drawn (matplotlib's tab10, as in plot_network); others grey.
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf")
OTHER_COLOUR = "#c8c8c8"


def _palette(H: nx.Graph) -> dict[str, str]:
    """Colour of each community label: tab10 by decreasing drawn count, grey for the rest."""
    counts: dict[str, int] = {}
    for _, d in H.nodes(data=True):
        counts[d["community"]] = counts.get(d["community"], 0) + 1
    named = sorted((c for c in counts if c.startswith("#")), key=lambda c: (-counts[c], c))
    palette = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(named)}
    palette.update({c: OTHER_COLOUR for c in counts if c not in palette})
    return palette


def _sigma_options(H: nx.Graph, size_by: str, height: int) -> dict[str, Any]:
    return {
        "layout": {n: {"x": d["x"], "y": d["y"]} for n, d in H.nodes(data=True)},
        "node_color": "community",
        "node_color_palette": _palette(H),
        "node_label": "label",
        "node_size": size_by,
        "node_size_range": (3, 16),
        "edge_size": "weight",
        "edge_size_range": (0.5, 5),
        "default_edge_color": "#b8b8b8",
        "max_categorical_colors": COLOURED_COMMUNITIES + 1,
        "label_density": 1,
        "label_grid_cell_size": 150,  # one label per 150 px square: no overlaps at first
        "default_node_label_size": 13,
        "height": height,
        "name": (f"Co-authors: top {H.graph['drawn']:,} of {H.graph['of']:,} by "
                 f"{H.graph['ranked_by']}"),
    }


def _static_fallback(G: Any, reason: str, top: int, **kwargs: Any):
    from .draw import plot_network

    warnings.warn(f"{reason}; showing the static figure (plot_network) instead", stacklevel=3)
    return plot_network(G, max_nodes=top, **kwargs)


def interactive_network(
    G: Any,
    *,
    top: int = 300,
    by: str = "papers",
    size_by: str | None = None,
    nodes: Any = None,
    communities: Any = None,
    seed: int = 0,
    height: int = 600,
    **kwargs: Any,
):
    """An interactive map of the co-author network (an ``ipysigma.Sigma`` widget).

    Parameters
    ----------
    G : networkx.Graph
        A graph from :func:`~papertoolkit.network.coauthor_graph` (any networkx graph with
        ``papers``/``label`` node attributes works).
    top : int
        Draw the *top* authors by *by* (only authors with a co-author, when there are
        any) and the links among them.
    by : {"papers", "strength", "degree", "votes"}
        The measure that chooses the authors.
    size_by : {"papers", "strength", "degree", "votes"}, optional
        Node size (default: *by*).
    nodes : list, optional
        Draw these authors instead of the top ones.
    communities : dict, Series or DataFrame, optional
        Community id per author (default: :func:`community_membership` of *G*, Louvain with
        *seed*). The ten communities with the most drawn authors get a colour; the legend
        names each with its size in the whole graph.
    seed : int
        Seed of the layout and of Louvain.
    height : int
        Widget height in pixels.
    **kwargs
        Passed to ``ipysigma.Sigma`` (they override the defaults above).

    Returns
    -------
    ipysigma.Sigma
        The widget; ``widget.selected_node`` is the author last clicked. Without ipysigma
        installed, a warning says so and the static :func:`plot_network` Axes is returned.

    Examples
    --------
    >>> from papertoolkit.network import coauthor_graph
    >>> w = interactive_network(coauthor_graph(corpus), top=50)  # display(w) in a notebook
    >>> w.name, w.height
    ('Co-authors: top 50 of 646 by papers', '600px')
    >>> w.observe(lambda change: print(change.new), "selected_node")  # doctest: +SKIP
    """
    size_by = size_by or by
    _check_by(by)
    _check_by(size_by, "size_by")
    if not isinstance(top, (int, np.integer)) or isinstance(top, bool) or top < 1:
        raise ValueError(f"top must be a positive integer, got {top!r}")
    try:
        import ipysigma  # noqa: F401 - only whether it is installed
    except ImportError:
        return _static_fallback(
            G, "ipysigma is not installed (pip install 'papertoolkit[interactive]')", top,
            seed=seed,
        )
    H = _view_for(G, top, by, nodes, communities, seed)
    options = _sigma_options(H, size_by, height)
    options.update(kwargs)
    return map_class()(H, **options)  # a Sigma shown with its hover card


def interactive_ego(
    G: Any,
    author: str,
    *,
    radius: int = 1,
    max_nodes: int | None = 250,
    seed: int = 0,
    height: int = 500,
    **kwargs: Any,
):
    """An interactive map of *author* and their co-authors within *radius* steps.

    The same choice of authors as :func:`~papertoolkit.network.plot_ego` (the nearest
    *max_nodes*: fewest steps, most joint papers, most papers); colours say how many steps
    away each one is, the author in red. ``widget.selected_node`` is the author last
    clicked. Without ipysigma installed, a warning says so and ``plot_ego``'s Axes is
    returned.

    Parameters
    ----------
    G : networkx.Graph
        A graph from :func:`~papertoolkit.network.coauthor_graph`.
    author : str
        The author (see :func:`~papertoolkit.network.find_author`).
    radius : int, default 1
        Co-authorship steps shown around the author.
    max_nodes : int or None, default 250
        Show at most this many authors, the author included; ``None`` shows all.
    seed : int, default 0
        Seed of the layout.
    height : int, default 500
        Widget height in pixels.
    **kwargs
        Passed to ``ipysigma.Sigma``.

    Returns
    -------
    ipysigma.Sigma
        The widget (or, without ipysigma, ``plot_ego``'s Axes).

    Examples
    --------
    >>> from papertoolkit.network import coauthor_graph
    >>> w = interactive_ego(coauthor_graph(corpus), "denny zhou")  # display(w) in a notebook
    >>> w.name
    'Co-authors of Denny Zhou: 6 within 1 step(s)'
    """
    from .draw import _nearest, _steps, plot_ego
    from .lookup import find_author

    node = find_author(G, author)
    try:
        import ipysigma  # noqa: F401 - only whether it is installed
    except ImportError:
        warnings.warn("ipysigma is not installed (pip install 'papertoolkit[interactive]'); "
                      "showing the static figure (plot_ego) instead", stacklevel=2)
        return plot_ego(G, node, radius=radius, max_nodes=max_nodes, seed=seed)
    keep, total = _nearest(G, node, radius, max_nodes)
    steps = _steps(G, node, radius)
    groups = {x: ("the author" if d == 0 else f"{d} step{'s' if d > 1 else ''} away")
              for x, d in steps.items()}
    H = network_view(G, nodes=keep, groups=groups, seed=seed)
    options = _sigma_options(H, "papers", height)
    label = H.nodes[node]["label"] if node in H else str(node)
    # the title of plot_ego, on one line
    options["name"] = f"Co-authors of {label}: {total - 1:,} within {radius} step(s)" + (
        f" (showing the {len(keep) - 1:,} nearest: fewest steps, most joint papers, "
        "most papers first)" if total > len(keep) else "")
    options["node_color_palette"] = {"the author": "#d62728", "1 step away": "#1f77b4",
                                     "2 steps away": "#2ca02c", "3 steps away": "#9467bd"}
    options["selected_node"] = None
    options.update(kwargs)
    return map_class()(H, **options)  # a Sigma shown with its hover card


def _view_for(G: Any, top: int, by: str, nodes: Any, communities: Any, seed: int) -> nx.Graph:
    from .community import community_membership
    from .draw import _as_labels

    if communities is None:
        membership = community_membership(G, seed=seed) if len(G) else {}
    else:
        membership = _as_labels(communities)
    return network_view(G, top=top, by=by, nodes=nodes, communities=membership, seed=seed)


def write_network_html(G: Any, path: str | os.PathLike, **kwargs: Any) -> Path:
    """Write :func:`interactive_network`'s map as one HTML page that opens offline.

    The file is written atomically. The page holds ipysigma's own JavaScript, copied from
    the installed package (see :mod:`papertoolkit.network.standalone`): zoom, pan, search,
    hover (name, papers, votes) and click work without a connection. Needs ipysigma
    (``ImportError`` otherwise).

    Parameters
    ----------
    G : networkx.Graph
        A graph from :func:`~papertoolkit.network.coauthor_graph`.
    path : str or PathLike
        The HTML file to write.
    **kwargs
        Those of :func:`interactive_network`.

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile
    >>> from papertoolkit.network import coauthor_graph
    >>> tmp = tempfile.TemporaryDirectory()
    >>> write_network_html(coauthor_graph(corpus), f"{tmp.name}/network.html", top=50).name
    'network.html'
    >>> tmp.cleanup()
    """
    from .._atomic import write_file_atomic
    from ..datatable import FONT_STACK, esc
    from .standalone import sigma_assets, sigma_mount

    assets = sigma_assets()  # ImportError without ipysigma
    path = Path(path)
    widget = interactive_network(G, **kwargs)
    title = widget.name or "Co-author network"
    write_file_atomic(path, (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{esc(title)}</title><style>body {{ font-family: {FONT_STACK}; "
        "margin: 16px; }</style></head><body>"
        + assets + sigma_mount(widget, "network-map") + "</body></html>\n"))
    return path
