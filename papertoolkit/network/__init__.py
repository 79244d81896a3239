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

Modules, by job: :mod:`~papertoolkit.network.build` (the graph), :mod:`~.lookup` (find an
author, ego networks, collaborators), :mod:`~.metrics` and :mod:`~.community` (igraph-backed
measures), :mod:`~.draw` (matplotlib), :mod:`~.interactive` (ipysigma) and :mod:`~.io`
(GEXF, GraphML, CSV).
Every public name is importable from ``papertoolkit.network`` itself.
"""

from .build import WEIGHTINGS, coauthor_graph
from .community import communities, community_membership
from .draw import plot_ego, plot_network
from .interactive import interactive_ego, interactive_network, write_network_html
from .io import ID_SEPARATOR as ID_SEPARATOR
from .io import read_graph, write_graph
from .lookup import AuthorNotFoundError, ego_network, find_author, top_collaborators
from .metrics import (
    BETWEENNESS_SAMPLES as BETWEENNESS_SAMPLES,
)
from .metrics import (
    EXACT_BETWEENNESS_MAX_NODES as EXACT_BETWEENNESS_MAX_NODES,
)
from .metrics import (
    author_metrics,
    collaboration_summary,
)

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
    "interactive_ego",
    "interactive_network",
    "plot_ego",
    "plot_network",
    "read_graph",
    "top_collaborators",
    "write_graph",
    "write_network_html",
]
