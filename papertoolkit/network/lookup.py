"""Find authors in a co-author graph and look around them: names, ego networks, collaborators."""

from __future__ import annotations

import difflib
import re
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from .._compat import positional_options
from ..authors import name_key
from ._arrays import arrays_of


class AuthorNotFoundError(KeyError):
    """An author name that is not a node of the graph; the message suggests close names.

    Examples
    --------
    >>> from papertoolkit.network import coauthor_graph
    >>> G = coauthor_graph(corpus)
    >>> try:
    ...     find_author(G, "Deny Zhou")
    ... except AuthorNotFoundError as error:
    ...     print(str(error)[:62])
    no author 'Deny Zhou' in the graph; did you mean: 'Denny Zhou'
    """

    def __str__(self) -> str:  # KeyError would show the message with quotes
        return str(self.args[0]) if self.args else ""


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
    """The node of *G* for author *name*, forgiving case, accents and spacing.

    Raises :class:`AuthorNotFoundError` (a ``KeyError``) naming close matches when there is
    no such author, or listing the candidates when the name is ambiguous.

    Parameters
    ----------
    G : networkx.Graph
        A co-author graph.
    name : str
        An author's name, in any case, with or without accents and extra spaces.

    Returns
    -------
    node
        The node of *G*.

    Raises
    ------
    AuthorNotFoundError
        No such author, or the name is ambiguous.

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
    >>> from papertoolkit.network import coauthor_graph
    >>> find_author(coauthor_graph(corpus), "denny  zhou")
    'Denny Zhou'
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


@positional_options
def ego_network(G: nx.Graph, author: str, *, radius: int = 1) -> nx.Graph:
    """The subgraph of authors within *radius* co-authorship steps of *author* (a copy).

    Parameters
    ----------
    G : networkx.Graph
        A co-author graph.
    author : str
        The author (see :func:`find_author`).
    radius : int, default 1
        Co-authorship steps around the author.

    Returns
    -------
    networkx.Graph
        A copy; ``H.graph["ego"]`` is the author's node.

    Examples
    --------
    >>> G = nx.Graph([("A", "B"), ("B", "C"), ("C", "D")])
    >>> sorted(ego_network(G, "b"))
    ['A', 'B', 'C']
    >>> from papertoolkit.network import coauthor_graph
    >>> H = ego_network(coauthor_graph(corpus), "Denny Zhou")
    >>> H.number_of_nodes(), H.number_of_edges(), H.graph["ego"]
    (7, 18, 'Denny Zhou')
    """
    from .draw import _steps, _subgraph

    node = find_author(G, author)
    H = _subgraph(G, list(_steps(G, node, radius)))
    H.graph.update(G.graph, ego=node, radius=radius)
    return H


def _position(arrays: Any, node: Any) -> int:
    """Position of *node* in ``arrays.names`` (sorted by name)."""
    i = int(np.searchsorted(arrays.names, node)) if arrays.n_nodes else 0
    if i < arrays.n_nodes and arrays.names[i] == node:
        return i
    return arrays.names.tolist().index(node)


def _links(arrays: Any, node: Any) -> list[tuple[Any, dict[str, Any]]]:
    """``(co-author, edge data)`` of *node*, as ``G[node].items()`` gives them."""
    indptr, neighbour, edge = arrays.incidence()
    i = _position(arrays, node)
    return [
        (arrays.names[v], {"weight": arrays.weight[k].item(), "n_papers": int(arrays.n_papers[k]),
                           "arxiv_ids": arrays.edge_ids(k)})
        for v, k in zip(neighbour[indptr[i] : indptr[i + 1]].tolist(),
                        edge[indptr[i] : indptr[i + 1]].tolist(), strict=True)
    ]


@positional_options
def top_collaborators(G: nx.Graph, author: str, *, n: int = 10) -> pd.DataFrame:
    """The *n* strongest co-authors of *author*: weight, joint papers and their arXiv ids.

    Parameters
    ----------
    G : networkx.Graph
        A co-author graph.
    author : str
        The author (see :func:`find_author`).
    n : int, default 10
        How many co-authors.

    Returns
    -------
    DataFrame
        ``author``, ``coauthor``, ``weight``, ``n_papers``, ``arxiv_ids`` (a list), strongest
        first (then most joint papers, then by name).

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_edge("A", "B", weight=2, n_papers=2, arxiv_ids=["p1", "p2"])
    >>> G.add_edge("A", "C", weight=1, n_papers=1, arxiv_ids=["p1"])
    >>> top_collaborators(G, "A")[["coauthor", "weight", "n_papers"]].values.tolist()
    [['B', 2, 2], ['C', 1, 1]]
    >>> from papertoolkit.network import coauthor_graph
    >>> top = top_collaborators(coauthor_graph(corpus), "Denny Zhou", n=2)
    >>> top[["coauthor", "weight", "n_papers"]].values.tolist()
    [['Xuezhi Wang', 3, 3], ['Xinyun Chen', 2, 2]]
    >>> top["arxiv_ids"][0]
    ['2402.08939', '2402.09371', '2402.10200']
    """
    node = find_author(G, author)
    arrays = arrays_of(G)
    # the links of one author, read from the arrays when G is a coauthor_graph
    links = _links(arrays, node) if arrays is not None else G[node].items()
    rows = [
        {
            "author": str(node),
            "coauthor": str(other),
            "weight": data.get("weight", 1),
            "n_papers": data.get("n_papers", 1),
            "arxiv_ids": list(data.get("arxiv_ids", [])),
        }
        for other, data in links
    ]
    out = pd.DataFrame(rows, columns=["author", "coauthor", "weight", "n_papers", "arxiv_ids"])
    out = out.sort_values(
        ["weight", "n_papers", "coauthor"], ascending=[False, False, True], ignore_index=True
    )
    return out.head(n).astype({"author": "string", "coauthor": "string", "n_papers": "Int64"})
