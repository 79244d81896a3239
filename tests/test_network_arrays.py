"""The co-author graph's array form: every result equals the plain networkx path."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import papertoolkit as ptk
from papertoolkit import network as N
from papertoolkit.network._arrays import arrays_of


def _plain(G: nx.Graph) -> nx.Graph:
    """An ordinary networkx.Graph with the same nodes, edges, data and order."""
    H = nx.Graph()
    H.graph.update(G.graph)
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from(G.edges(data=True))
    return H


def _threshold(G: nx.Graph, min_papers: int, min_weight: float | None) -> nx.Graph:
    """The simple path: drop authors and links of the plain full graph."""
    H = nx.Graph()
    H.graph.update(G.graph, min_papers=min_papers, min_weight=min_weight)
    H.add_nodes_from((n, d) for n, d in G.nodes(data=True) if d["papers"] >= min_papers)
    H.add_edges_from(
        (a, b, d) for a, b, d in G.edges(data=True)
        if a in H and b in H and (min_weight is None or d["weight"] >= min_weight)
    )
    return H


def _same(G: nx.Graph, H: nx.Graph) -> None:
    assert G.graph == H.graph
    assert list(G.nodes(data=True)) == list(H.nodes(data=True))
    assert G.number_of_edges() == H.number_of_edges()
    assert list(G.edges(data=True)) == list(H.edges(data=True))


@pytest.fixture(scope="module")
def sample():
    return ptk.load("data/", progress=False)


@pytest.mark.parametrize("weighting", ["count", "fractional", "newman"])
@pytest.mark.parametrize(("min_papers", "min_weight"), [(1, None), (2, None), (1, 2), (2, 0.3)])
def test_thresholds_equal_filtering_the_full_graph(sample, weighting, min_papers, min_weight):
    full = _plain(N.coauthor_graph(sample, weighting=weighting))
    G = N.coauthor_graph(sample, weighting=weighting, min_papers=min_papers,
                         min_weight=min_weight)
    _same(G, _threshold(full, min_papers, min_weight))


def test_graph_is_lazy_and_metrics_equal_the_plain_path(sample):
    G = N.coauthor_graph(sample)
    plain = _plain(G)  # reads G: builds its adjacency
    G = N.coauthor_graph(sample)  # a fresh one, never read by networkx
    assert arrays_of(G) is not None and arrays_of(plain) is None
    pd.testing.assert_frame_equal(
        N.author_metrics(G, seed=3), N.author_metrics(plain, seed=3)
    )
    pd.testing.assert_frame_equal(N.communities(G, seed=3), N.communities(plain, seed=3))
    assert N.community_membership(G, seed=3) == N.community_membership(plain, seed=3)
    assert "_adj" not in G.__dict__  # none of these needed networkx's adjacency dicts
    assert G.number_of_edges() == plain.number_of_edges()
    _same(G, plain)  # read now: the same dicts
    assert "_adj" in G.__dict__


def test_each_call_returns_its_own_graph_from_one_cached_computation(sample):
    G1, G2 = N.coauthor_graph(sample), N.coauthor_graph(sample)
    assert G1 is not G2
    assert arrays_of(G1).pair_papers is arrays_of(G2).pair_papers  # computed once
    a, b = next(iter(G1.edges()))
    G1.remove_edge(a, b)
    assert G2.has_edge(a, b) and not G1.has_edge(a, b)
    assert arrays_of(G1) is None  # changed: the arrays no longer describe G1
    assert G1.number_of_edges() == G2.number_of_edges() - 1
    degree = N.author_metrics(G1).set_index("author")["degree"]
    assert degree[a] == G2.degree(a) - 1


def test_a_new_corpus_gets_a_new_graph(sample):
    other = ptk.loads("## Daily Papers (2024-01-02)\n\n### [A](https://arxiv.org/abs/2401.00001)"
                      "\n\nAuthors: Ann Lee, Bo Chen\n")
    assert sorted(N.coauthor_graph(other)) == ["Ann Lee", "Bo Chen"]
    assert N.coauthor_graph(sample).number_of_nodes() > 2


def test_copy_pickle_and_views_behave_like_networkx(sample):
    G = N.coauthor_graph(sample, min_papers=2)
    plain = _plain(G)
    for H in (copy.deepcopy(N.coauthor_graph(sample, min_papers=2)),
              pickle.loads(pickle.dumps(N.coauthor_graph(sample, min_papers=2))),
              N.coauthor_graph(sample, min_papers=2).copy()):
        _same(H, plain)
    nodes = list(plain)[:5]
    sub = N.coauthor_graph(sample, min_papers=2).subgraph(nodes)
    assert list(sub.edges(data=True)) == list(plain.subgraph(nodes).edges(data=True))


def test_real_corpus_thresholds_and_communities(real_corpus):
    full = _plain(N.coauthor_graph(real_corpus))
    for min_papers, min_weight in [(3, None), (2, 2)]:
        G = N.coauthor_graph(real_corpus, min_papers=min_papers, min_weight=min_weight)
        simple = _threshold(full, min_papers, min_weight)
        _same(G, simple)
        pd.testing.assert_frame_equal(N.communities(G), N.communities(simple))


def test_ego_and_collaborators_equal_the_plain_path(real_corpus):
    from papertoolkit.network.draw import _nearest, _subgraph

    G = N.coauthor_graph(real_corpus)
    plain = _plain(N.coauthor_graph(real_corpus))
    top = real_corpus.authors.sort_values("papers", ascending=False)["author"].iloc[:3]
    for author in top:
        pd.testing.assert_frame_equal(N.top_collaborators(G, author, n=50),
                                      N.top_collaborators(plain, author, n=50))
        for radius, limit in [(1, None), (2, 100)]:
            assert _nearest(G, author, radius, limit) == _nearest(plain, author, radius, limit)
        keep = _nearest(G, author, 2, 60)[0]
        # networkx orders a subgraph's nodes as a set does (by hash); ours follow G's order
        sub, simple = _subgraph(G, keep), plain.subgraph(keep).copy()
        assert list(sub) == [x for x in G if x in set(keep)]
        assert dict(sub.nodes(data=True)) == dict(simple.nodes(data=True))
        assert ({frozenset((a, b)): d for a, b, d in sub.edges(data=True)}
                == {frozenset((a, b)): d for a, b, d in simple.edges(data=True)})
    assert "_adj" not in G.__dict__


def test_degree_of_one_author_does_not_build_the_adjacency(sample):
    G = N.coauthor_graph(sample)
    plain = _plain(N.coauthor_graph(sample))
    assert [G.degree(x) for x in plain] == [plain.degree(x) for x in plain]
    assert "_adj" not in G.__dict__
    assert dict(G.degree()) == dict(plain.degree())
    assert dict(G.degree(weight="weight")) == dict(plain.degree(weight="weight"))


def test_summary_and_ego_network_equal_the_plain_path(real_corpus):
    G = N.coauthor_graph(real_corpus, min_papers=2)
    plain = _plain(N.coauthor_graph(real_corpus, min_papers=2))
    pd.testing.assert_series_equal(N.collaboration_summary(G), N.collaboration_summary(plain))
    author = real_corpus.authors.sort_values("papers")["author"].iloc[-1]
    ego, simple = N.ego_network(G, author, radius=2), N.ego_network(plain, author, radius=2)
    assert ego.graph == simple.graph
    assert dict(ego.nodes(data=True)) == dict(simple.nodes(data=True))
    assert ({frozenset((a, b)): d for a, b, d in ego.edges(data=True)}
            == {frozenset((a, b)): d for a, b, d in simple.edges(data=True)})
    assert "_adj" not in G.__dict__


@given(st.sets(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=40))
def test_incidence_lists_each_authors_neighbours_in_order(pairs):
    """CSR adjacency from sorted edges (the fast path) and from edges in any order: row i
    lists i's neighbours increasing, each with the index of the edge joining them."""
    from papertoolkit.network._arrays import _probe_arrays

    edges = sorted({(min(a, b), max(a, b)) for a, b in pairs if a != b})
    n = 12
    for order in (edges, edges[::-1]):  # sorted (fast path) and not (lexsort)
        src = np.array([a for a, _ in order], dtype=np.int32)
        dst = np.array([b for _, b in order], dtype=np.int32)
        arrays = dataclasses.replace(
            _probe_arrays(), names=np.arange(n).astype(str).astype(object),
            source=src, target=dst, derived={})
        indptr, neighbour, edge = arrays.incidence()
        for i in range(n):
            row = [(int(v), int(k)) for v, k in zip(neighbour[indptr[i]:indptr[i + 1]],
                                                     edge[indptr[i]:indptr[i + 1]],
                                                     strict=True)]
            expected = sorted((b if a == i else a, k) for k, (a, b) in enumerate(order)
                              if i in (a, b))
            assert row == expected


def _parts(data, weighting="count", max_authors=None):
    """A fresh GraphParts of *data* (nothing computed yet, nothing from the cache)."""
    from papertoolkit.network.build import _graph_parts, _tables

    authorships, papers = _tables(data, None)
    return _graph_parts(authorships, authorships, papers, weighting, max_authors, None, None)


def _same_as_threshold(arrays, full: nx.Graph, min_papers: int) -> None:
    """*arrays* (from ``GraphParts.among``) equal the plain full graph thresholded: nodes,
    edges, every attribute and order; and each author's degree in the whole graph."""
    from papertoolkit.network._arrays import public_graph

    _same(public_graph(arrays), _threshold(full, min_papers, None))
    assert arrays.whole_degree().tolist() == [full.degree(x) for x in arrays.names.tolist()]


@pytest.mark.parametrize("weighting", ["count", "fractional", "newman"])
def test_links_among_prolific_authors_equal_thresholding_the_whole_graph(sample, weighting):
    full = _plain(N.coauthor_graph(sample, weighting=weighting))
    for min_papers in (2, 3):
        parts = _parts(sample, weighting)
        among = parts.among(min_papers)
        assert not parts.whole_ready  # the prolific authors' pairs only
        _same_as_threshold(among, full, min_papers)


def test_links_among_prolific_authors_on_the_real_corpus(real_corpus):
    full = _plain(N.coauthor_graph(real_corpus, weighting="fractional"))
    parts = _parts(real_corpus, "fractional")
    for min_papers in (3, 7):
        _same_as_threshold(parts.among(min_papers), full, min_papers)
    assert not parts.whole_ready
    whole = parts.whole()  # once computed, thresholds filter it
    assert parts.among(3).pair_papers is whole.pair_papers


@pytest.mark.filterwarnings("ignore:coauthor_graph. left out")
@given(
    st.lists(st.lists(st.integers(0, 9), min_size=1, max_size=6), min_size=1, max_size=25),
    st.integers(2, 4),
    st.sampled_from(["count", "fractional", "newman"]),
    st.sampled_from([None, 3]),
)
def test_links_among_prolific_authors_any_table(papers, min_papers, weighting, max_authors):
    rows = [(f"p{i}", f"A{a}") for i, authors in enumerate(papers) for a in authors]
    table = pd.DataFrame(rows, columns=["arxiv_id", "author"])
    full = _plain(N.coauthor_graph(table, weighting=weighting, max_authors=max_authors))
    _same_as_threshold(_parts(table, weighting, max_authors).among(min_papers), full,
                       min_papers)


@pytest.mark.parametrize("n, pairs", [(0, []), (3, []), (4, [(0, 1), (2, 3), (0, 3)])])
def test_igraph_from_ends_keeps_every_link_in_order(n, pairs):
    from papertoolkit.network._common import igraph_from_ends

    source = np.array([a for a, _ in pairs], dtype=np.int32)
    target = np.array([b for _, b in pairs], dtype=np.int32)
    g = igraph_from_ends(n, source, target)
    assert (g.vcount(), g.get_edgelist(), g.is_directed()) == (n, pairs, False)
