"""The co-author graph's fast path (networkx internals, feature-checked) and its public
fallback (``add_nodes_from`` / ``add_edges_from``) give exactly the same graph."""

from __future__ import annotations

import networkx as nx
import pytest

import papertoolkit as ptk
from papertoolkit import network as N
from papertoolkit.network import _arrays


def snapshot(G: nx.Graph) -> tuple:
    """Everything a user can read from a graph, in iteration order."""
    return (G.graph, list(G.nodes(data=True)), list(G.edges(data=True)),
            [list(G.adj[n]) for n in G], list(G.degree()), list(G.degree(weight="weight")))


def both_paths(monkeypatch, build):
    fast = build()
    assert isinstance(fast, _arrays.CoauthorGraph)
    with monkeypatch.context() as m:
        m.setattr(_arrays, "FAST_PATH", False)
        public = build()
    assert type(public) is nx.Graph  # public networkx only
    return fast, public


@pytest.fixture(scope="module")
def sample(data_dir):
    return ptk.load(data_dir)


@pytest.mark.parametrize("options", [{}, {"weighting": "newman", "min_papers": 2},
                                     {"start": "2024-02-19", "min_weight": 2}])
def test_fallback_gives_the_same_graph(sample, monkeypatch, options):
    fast, public = both_paths(monkeypatch, lambda: N.coauthor_graph(sample, **options))
    assert snapshot(fast) == snapshot(public)
    assert nx.utils.graphs_equal(fast, public)
    # papertoolkit's own analyses read the arrays behind either graph alike
    assert _arrays.arrays_of(public) is not None and _arrays.arrays_of(fast) is not None
    assert N.author_metrics(fast).equals(N.author_metrics(public))
    assert N.community_membership(fast) == N.community_membership(public)
    # an edit makes both ordinary networkx graphs that forget the arrays
    for G in (fast, public):
        G.add_edge("Ann Lee", "Zed", weight=3)
        assert _arrays.arrays_of(G) is None
    assert snapshot(fast) == snapshot(public)


def test_fallback_on_the_real_corpus(real_corpus, monkeypatch):
    fast, public = both_paths(monkeypatch, lambda: N.coauthor_graph(real_corpus))
    assert fast.number_of_nodes() == public.number_of_nodes() > 1000
    assert snapshot(fast) == snapshot(public)


def test_feature_check_falls_back_when_internals_change(sample, monkeypatch):
    assert _arrays.fast_path_supported()  # the networkx installed here

    def broken(cls, arrays):  # as if networkx had renamed its node dict
        G = nx.Graph()
        G.graph.update(arrays.info)
        return G

    _arrays.fast_path_supported.cache_clear()
    monkeypatch.setattr(_arrays.CoauthorGraph, "_lazy", classmethod(broken))
    try:
        assert not _arrays.fast_path_supported()
        G = N.coauthor_graph(sample.authorships)
        assert type(G) is nx.Graph and G.number_of_nodes() == sample.authors.shape[0]
        assert G.number_of_edges() > 0
    finally:
        _arrays.fast_path_supported.cache_clear()
