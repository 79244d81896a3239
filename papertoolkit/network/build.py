"""Build the co-author graph from authorships: :func:`coauthor_graph` and its edge weightings."""

from __future__ import annotations

import dataclasses
import warnings
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from ._common import _gc_paused

#: Edge weightings of :func:`coauthor_graph`; n is a paper's number of distinct authors.
WEIGHTINGS = {
    "count": "number of joint papers (full counting): each joint paper adds 1",
    "fractional": "each paper counts 1 in total, shared by its n(n-1)/2 pairs: 2/(n(n-1)) each",
    "newman": "Newman (2001): each joint paper adds 1/(n-1), so an author's links sum to 1",
}


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
