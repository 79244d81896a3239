"""Draw co-author graphs with matplotlib (:func:`plot_network`, :func:`plot_ego`) or ipysigma."""

from __future__ import annotations

import dataclasses
import unicodedata
from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import pandas as pd

from .._compat import positional_options
from ._arrays import arrays_of, graph_from_arrays
from ._igraph import _seeded, _to_igraph
from .community import community_membership
from .lookup import _links, _position, find_author

if TYPE_CHECKING:  # imported lazily at run time
    from matplotlib.axes import Axes


def _select_for_drawing(G: nx.Graph, max_nodes: int) -> tuple[nx.Graph, str]:
    """The *max_nodes* authors with the most papers (ties: more co-authors' link weight,
    then name; only authors with a co-author when the graph has links) and the links among
    them, in G's node order; returns the subgraph and a note on what was left out."""
    from .interactive import top_nodes, view_arrays

    n = G.number_of_nodes()
    if n <= max_nodes:
        return G, ""
    arrays = view_arrays(G)
    names = arrays.names[top_nodes(arrays, max_nodes, "papers")].tolist()
    return _subgraph(G, names), f"the top {len(names):,} of {n:,} authors by papers"


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


def _literal(text: Any) -> str:
    """*text* as matplotlib shows it literally: an unescaped ``$`` would start mathtext, and a
    name such as ``$x^$`` would make drawing the figure fail."""
    return str(text).replace("$", r"\$")


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
            groups = (community_membership(G, seed=seed) if communities is None
                      else _as_labels(communities))
        else:
            groups = {}
            for i, comp in enumerate(sorted(nx.connected_components(G), key=len, reverse=True)):
                groups.update(dict.fromkeys(comp, i))
        shown = Counter(groups[x] for x in nodes if x in groups)
        size = Counter(groups.values())  # in the whole graph, as in the communities table
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
                label=_literal(f"#{c} ({size[c]:,}): {H.nodes[best[c]].get('label', best[c])}"),
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


@positional_options
def plot_network(
    G: nx.Graph,
    *,
    ax: Axes | None = None,
    color_by: str | None = "community",
    size_by: str | None = "papers",
    label_top: int = 15,
    layout: str = "spring",
    seed: int = 0,
    max_nodes: int = 150,
    title: str | None = None,
    communities: Any = None,
    **kwargs: Any,
) -> Axes:
    """Draw the co-authorship network with matplotlib.

    For an interactive map, see :func:`~papertoolkit.network.interactive_network`.

    Parameters
    ----------
    G : networkx.Graph
        A graph from :func:`coauthor_graph` (or a subgraph of one).
    ax : Axes, optional
        Where to draw; a new figure when omitted.
    color_by : {"community", "component"}, node attribute name or None
        Louvain communities (same ids as :func:`community_membership` with this *seed*),
        components, or a numeric node attribute on a colour scale. The ten largest groups
        among the drawn authors get a colour and a legend entry beside the axes (id, size
        in the whole graph as in :func:`communities`, and its most prolific drawn
        author); the others are grey.
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
        Draw at most this many authors: those with the most papers (among authors with a
        co-author) and the links among them; the title says so. Never the whole hairball.
    title : str, optional
        Overrides the default title.
    communities : dict, Series or DataFrame, optional
        Precomputed community id per node, e.g. ``community_membership(G)``, a Series
        indexed by node, or the output of :func:`author_metrics`. Used when
        ``color_by="community"`` instead of running Louvain; nodes missing from it are grey.
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.scatter` for the author dots, overriding our
        defaults (e.g. ``alpha=0.6``, ``edgecolors="black"``, ``marker="s"``).

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
    options = _Drawing(color_by=color_by, size_by=size_by, label_top=label_top, layout=layout,
                       seed=seed, max_nodes=max_nodes, title=title, communities=communities,
                       scatter=kwargs)
    return _draw(G, ax, options)


def _text_width(text: str, fontsize: float) -> float:
    """Rough width of *text* in points (wide East Asian characters count double)."""
    wide = sum(unicodedata.east_asian_width(ch) in "WF" for ch in text)
    return fontsize * (0.6 * (len(text) - wide) + 1.0 * wide)


def _place_labels(
    ax: Axes, H: nx.Graph, pos: dict[Any, np.ndarray], ranked: list[Any], label_top: int,
    fontsize: float = 10,
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
        text = _literal(H.nodes[node].get("label", node))
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


@dataclasses.dataclass(frozen=True)
class _Drawing:
    """What :func:`plot_network` and :func:`plot_ego` ask :func:`_draw` to draw."""

    color_by: str | None
    size_by: str | None
    label_top: int
    layout: str
    seed: int
    max_nodes: int
    title: str | None
    highlight: Any = None  # the ego author, drawn as a red star and labelled first
    communities: Any = None
    scatter: Mapping[str, Any] = dataclasses.field(default_factory=dict)  # user's kwargs


def _draw(G: nx.Graph, ax: Axes | None, options: _Drawing) -> Axes:
    from papertoolkit.plots import nothing_to_plot, prepare_axes

    created = ax is None
    ax = prepare_axes(ax, figsize=(11, 8))
    ax.set_axis_off()
    if G.number_of_nodes() == 0:
        nothing_to_plot(ax, "empty network: no authors")
        ax.set_title(options.title or "Co-author network (empty)")
        return ax
    H, note = _select_for_drawing(G, options.max_nodes)
    pos = _layout(H, options.layout, options.seed)
    _draw_links(ax, H, pos)
    colors, handles = _colors(H, G, options.color_by, options.seed, options.communities)
    sizes = _draw_authors(ax, H, pos, colors, options)
    if options.highlight is not None and options.highlight in pos:
        ax.scatter(*pos[options.highlight], s=max(sizes.max(), 120) * 1.3, c="tab:red",
                   marker="*", zorder=4,
                   label=_literal(H.nodes[options.highlight].get("label", options.highlight)))
    ax.update_datalim(np.array([pos[x] for x in H]))
    ax.margins(0.08)
    ax.autoscale_view()
    strength = dict(H.degree(weight="weight"))
    ranked = sorted(H, key=lambda x: (x != options.highlight, -strength[x], str(x)))
    _place_labels(ax, H, pos, ranked, options.label_top)
    if handles:
        # beside the axes, never over the data; a figure drawn here makes room for it
        if created:
            ax.figure.subplots_adjust(left=0.01, right=0.74, bottom=0.01, top=0.92)
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9,
                  frameon=False, title=f"{options.color_by} (authors): top author",
                  title_fontsize=9, alignment="left")
    ax.set_title(options.title or _default_title(G, note), fontsize=11)
    return ax


def _draw_links(ax: Axes, H: nx.Graph, pos: dict[Any, np.ndarray]) -> None:
    """Links as grey lines, wider for heavier links."""
    from matplotlib.collections import LineCollection

    if not H.number_of_edges():
        return
    segments = np.array([(pos[a], pos[b]) for a, b in H.edges()])
    w = np.array([float(d) for *_, d in H.edges(data="weight", default=1)])
    ax.add_collection(LineCollection(segments, linewidths=0.3 + 2.7 * w / w.max(),
                                     colors="0.55", alpha=0.35, zorder=1))


def _draw_authors(ax: Axes, H: nx.Graph, pos: dict[Any, np.ndarray], colors: Any,
                  options: _Drawing) -> np.ndarray:
    """Authors as dots (the user's ``**kwargs`` override our defaults); returns the sizes."""
    xy = np.array([pos[x] for x in H])
    sizes = _node_sizes(H, options.size_by)
    defaults = {"s": sizes, "c": colors, "linewidths": 0.4, "edgecolors": "white", "zorder": 2}
    ax.scatter(xy[:, 0], xy[:, 1], **{**defaults, **options.scatter})
    return sizes


def _default_title(G: nx.Graph, note: str) -> str:
    title = f"Co-author network: {G.number_of_nodes():,} authors, {G.number_of_edges():,} links"
    if note:
        title += f"\nshowing {note}"
    left_out = G.graph.get("left_out_papers", 0)
    if left_out:
        title += f"\n({left_out} paper(s) with > {G.graph.get('max_authors')} authors left out)"
    return title


def _subgraph(G: nx.Graph, nodes: list[Any]) -> nx.Graph:
    """``G.subgraph(nodes).copy()``, from the arrays when G is a coauthor_graph."""
    arrays = arrays_of(G)
    if arrays is None:
        return G.subgraph(nodes).copy()
    positions = [_position(arrays, x) for x in nodes]
    return graph_from_arrays(arrays.subset(positions, info=G.graph))


def _steps(G: nx.Graph, node: Any, radius: int) -> dict[Any, int]:
    """Co-authorship steps from *node* to every author within *radius*, breadth-first."""
    arrays = arrays_of(G)
    if arrays is None:
        return nx.single_source_shortest_path_length(G, node, cutoff=radius)
    # breadth-first search on the arrays: no networkx dicts needed
    names = arrays.names
    return {names[p]: d for p, d in arrays.distances(_position(arrays, node), radius).items()}


def _nearest(G: nx.Graph, node: Any, radius: int, limit: int | None) -> tuple[list[Any], int]:
    """Authors within *radius* steps of *node* (itself first), at most *limit* of them:
    fewest steps first, then most joint papers with *node*, then most papers, then name.
    Returns them and how many there are in all."""
    arrays = arrays_of(G)
    dist = _steps(G, node, radius)
    if limit is None or len(dist) <= limit:
        return list(dist), len(dist)
    links = dict(_links(arrays, node)) if arrays is not None else G[node]

    def key(x: Any) -> tuple[int, float, int, str]:
        joint = links[x].get("n_papers", links[x].get("weight", 1)) if x in links else 0
        return (dist[x], -float(joint or 0), -(G.nodes[x].get("papers") or 0), str(x))

    return sorted(dist, key=key)[: max(int(limit), 1)], len(dist)


@positional_options
def plot_ego(
    G: nx.Graph,
    author: str,
    *,
    ax: Axes | None = None,
    radius: int = 1,
    label_top: int = 15,
    seed: int = 0,
    max_nodes: int | None = 250,
    **kwargs: Any,
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
    **kwargs
        Passed to :meth:`matplotlib.axes.Axes.scatter` for the author dots, as in
        :func:`plot_network`.

    Returns
    -------
    Axes

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
    H = _subgraph(G, keep)
    H.graph.update(G.graph, ego=node, radius=radius)
    label = _literal(H.nodes[node].get("label", node))
    title = f"Co-authors of {label}: {total - 1:,} within {radius} step(s)"
    if total > len(keep):
        title += (
            f"\n(showing the {len(keep) - 1:,} nearest: fewest steps, most joint papers, "
            "most papers first)"
        )
    options = _Drawing(color_by=None, size_by="papers", label_top=label_top, layout="spring",
                       seed=seed, max_nodes=max(H.number_of_nodes(), 1), title=title,
                       highlight=node, scatter=kwargs)
    return _draw(H, ax, options)
