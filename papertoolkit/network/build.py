"""Build the co-author graph from authorships: :func:`coauthor_graph` and its edge weightings."""

from __future__ import annotations

import warnings
from typing import Any

import networkx as nx
import pandas as pd

from .._checks import check_date
from .._compat import positional_options, renamed_arguments
from .._data import get_papers_unique, get_table, unique_papers_of
from ._arrays import GraphArrays, corpus_cache, graph_from_arrays
from ._assemble import GraphParts, date_mask, graph_parts

#: Edge weightings of :func:`coauthor_graph`; n is a paper's number of distinct authors.
WEIGHTINGS = {
    "count": "number of joint papers (full counting): each joint paper adds 1",
    "fractional": "each paper counts 1 in total, shared by its n(n-1)/2 pairs: 2/(n(n-1)) each",
    "newman": "Newman (2001): each joint paper adds 1/(n-1), so an author's links sum to 1",
}


def _tables(data: Any, papers: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Authorships and (optional) papers tables from a Corpus or DataFrames."""
    authorships = get_table(data, "authorships", ["arxiv_id", "author"], "coauthor_graph")
    if papers is not None:
        papers = get_table(papers, "papers", ["arxiv_id"], "coauthor_graph")
    elif not isinstance(data, pd.DataFrame):
        papers = getattr(data, "papers", None)
    return authorships, papers


@renamed_arguments(since="start", until="end")
@positional_options
def coauthor_graph(
    data: Any,
    *,
    weighting: str = "count",
    min_papers: int = 1,
    min_weight: float | None = None,
    max_authors: int | None = None,
    start: Any = None,
    end: Any = None,
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
    start, end : date-like, optional
        Keep appearances dated within ``[start, end]``, whole digest days, both inclusive
        (a time of day is ignored). ``since``/``until`` are deprecated names for them.
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
        vote count; <NA> without a papers table or when none of the author's papers has
        votes), ``first_seen`` and ``last_seen`` (ISO dates).
        Edges carry ``weight``, ``n_papers`` (joint papers) and ``arxiv_ids`` (a list, in
        first-seen order). ``G.graph`` records the options and what was left out.

    Notes
    -----
    The whole graph is computed once per Corpus (and *weighting*, *max_authors*,
    *start*, *end*) as NumPy arrays and kept while the Corpus lives; thresholds filter
    those arrays. The returned graph is an ordinary :class:`networkx.Graph` (a subclass
    that fills its adjacency dicts the first time something reads them): papertoolkit's
    metrics, communities and drawings read the arrays, so a graph of millions of links
    costs networkx memory only when networkx itself is used on it.

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
    if start is not None or end is not None:
        get_table(authorships, "authorships", ["date"], "coauthor_graph",
                  hint="start/end need the day of each authorship")
    since = None if start is None else str(check_date("start", start).date())
    until = None if end is None else str(check_date("end", end).date())
    base = _base_arrays(data, authorships, papers, weighting, max_authors, since, until)
    arrays = base.filtered(min_papers, min_weight)
    if arrays.info["left_out_papers"]:
        warnings.warn(
            f"coauthor_graph: left out {arrays.info['left_out_papers']} paper(s) with more "
            f"than {max_authors} authors (see G.graph['left_out_ids'])",
            stacklevel=2,
        )
    if backend == "igraph":
        return arrays.to_igraph(attributes=True)
    return graph_from_arrays(arrays)


def _base_arrays(
    data: Any,
    authorships: pd.DataFrame,
    papers: pd.DataFrame | None,
    weighting: str,
    max_authors: int | None,
    since: str | None,
    until: str | None,
) -> GraphArrays:
    """Every author and link of the corpus as arrays: computed once per Corpus and
    options (kept while the Corpus lives), then filtered by thresholds."""
    return _graph_parts(data, authorships, papers, weighting, max_authors, since,
                        until).whole()


def _graph_parts(
    data: Any,
    authorships: pd.DataFrame,
    papers: pd.DataFrame | None,
    weighting: str,
    max_authors: int | None,
    since: str | None,
    until: str | None,
) -> GraphParts:
    """The graph's authors now and its links on demand (:class:`._assemble.GraphParts`),
    kept per Corpus and options: its links, once computed, serve every later call."""
    key = ("coauthor_parts", weighting, max_authors, since, until, id(papers))
    cache = corpus_cache(data) if hasattr(data, "authorships") else None
    if cache is not None and key in cache:
        return cache[key]
    info: dict[str, Any] = dict(
        name="co-authorship",
        weighting=weighting,
        weighting_doc=WEIGHTINGS[weighting],
        min_papers=1,
        min_weight=None,
        max_authors=max_authors,
        since=since,
        until=until,
        papers=0,
        left_out_papers=0,
        left_out_ids=[],
    )
    parts = graph_parts(authorships, _paper_votes(data, papers, since, until), weighting,
                        max_authors, since, until, info)
    if cache is not None:
        cache[key] = parts
    return parts


def _paper_votes(data: Any, papers: pd.DataFrame | None, since: str | None,
                 until: str | None) -> pd.Series | None:
    """Each paper's largest vote snapshot (``papers_unique.max_votes``, within the period if
    one is given), indexed by arxiv_id; None without a papers table."""
    if papers is None or papers.empty:
        return None
    if since is None and until is None and papers is getattr(data, "papers", None):
        unique = get_papers_unique(data, (), "coauthor_graph")  # the Corpus' own (cached)
    else:
        if "date" in papers.columns and (since is not None or until is not None):
            papers = papers[date_mask(pd.to_datetime(papers["date"]), since, until)]
        unique = unique_papers_of(papers)
    return pd.Series(unique["max_votes"].array,
                     index=unique["arxiv_id"].astype(str).to_numpy(dtype=object))
