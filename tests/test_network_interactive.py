"""The interactive network (ipysigma): what is drawn, the cached layout, HTML, fallback."""

from __future__ import annotations

import json
import re
import sys

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import papertoolkit as ptk
from papertoolkit import network as N
from papertoolkit.network import interactive as I

pytest.importorskip("ipysigma")


@pytest.fixture(scope="module")
def sample_graph():
    return N.coauthor_graph(ptk.load("data/", progress=False))


def _expected_top(G: nx.Graph, top: int, by: str) -> list:
    """The top authors computed the simple way, from networkx."""
    linked = [x for x in G if G.degree(x) > 0]
    value = {
        "papers": lambda x: G.nodes[x]["papers"],
        "strength": lambda x: G.degree(x, weight="weight"),
        "degree": lambda x: G.degree(x),
        "votes": lambda x: G.nodes[x].get("total_votes") or 0,
    }[by]
    position = {x: i for i, x in enumerate(G)}
    ranked = sorted(linked, key=lambda x: (-value(x), -G.nodes[x]["papers"], position[x]))
    return sorted(ranked[:top], key=position.get)


@pytest.mark.parametrize("by", I.RANK_BY)
def test_draws_the_top_authors_and_the_links_among_them(sample_graph, by):
    w = N.interactive_network(sample_graph, top=40, by=by)
    keys = [n["key"] for n in w.data["nodes"]]
    assert keys == _expected_top(sample_graph, 40, by)
    drawn = {tuple(sorted((e["source"], e["target"]))) for e in w.data["edges"]}
    among = {tuple(sorted((a, b))) for a, b in sample_graph.subgraph(keys).edges()}
    assert drawn <= among and len(drawn) == min(len(among), 40 * I.MAX_LINKS_PER_AUTHOR)
    attrs = {n["key"]: n["attributes"] for n in w.data["nodes"]}
    some = keys[0]
    assert attrs[some]["papers"] == sample_graph.nodes[some]["papers"]
    assert attrs[some]["label"] == sample_graph.nodes[some]["label"]
    assert set(w.layout) == set(keys)


def test_legend_counts_are_the_community_sizes_of_the_whole_graph(sample_graph):
    table = N.communities(sample_graph)
    size = dict(zip(table["community"].astype(int), table["size"].astype(int), strict=True))
    membership = N.community_membership(sample_graph)
    w = N.interactive_network(sample_graph, top=60)
    for node in w.data["nodes"]:
        label = node["attributes"]["community"]
        if label != "other communities":
            c = membership[node["key"]]
            assert label == f"#{c} ({size[c]:,} authors)"


def test_heaviest_links_only_when_there_are_too_many():
    G = nx.complete_graph(30)
    for a, b in G.edges():
        G[a][b]["weight"] = 1 + (a + b) % 7
    nx.set_node_attributes(G, 1, "papers")
    H = I.network_view(G, top=30)
    assert H.number_of_edges() == 30 * I.MAX_LINKS_PER_AUTHOR < G.number_of_edges()
    lightest_drawn = min(w for *_, w in H.edges(data="weight"))
    assert all(w <= lightest_drawn for *_, w in G.edges(data="weight")
               if not H.has_edge(*_))
    assert H.graph["links_among"] == G.number_of_edges()


def test_layout_is_seeded_and_computed_once(sample_graph):
    arrays = I.view_arrays(sample_graph)
    nodes = I.top_nodes(arrays, 50)
    first = I.layout(arrays, nodes, seed=1)
    assert I.layout(arrays, nodes, seed=1) is first  # cached
    fresh = N.coauthor_graph(ptk.load("data/", progress=False))
    again = I.layout(I.view_arrays(fresh), nodes, seed=1)
    np.testing.assert_allclose(again, first)
    assert first.min() >= 0 and first.max() <= 1


def test_click_is_synced_and_nodes_can_be_chosen(sample_graph):
    keys = list(sample_graph)[:5]
    w = N.interactive_network(sample_graph, nodes=keys)
    assert sorted(n["key"] for n in w.data["nodes"]) == sorted(keys)
    seen = []
    w.observe(lambda change: seen.append(change.new), "selected_node")
    w.selected_node = keys[0]  # what a click in the browser sets
    assert seen == [keys[0]]


def test_write_html_holds_this_widget_only(sample_graph, tmp_path):
    N.interactive_network(sample_graph, top=200)  # another live widget: must not be embedded
    out = N.write_network_html(sample_graph, tmp_path / "net.html", top=10)
    text = out.read_text(encoding="utf-8")
    assert text.count("ptkSigmaMount(") == 2  # its definition and the one map
    assert not re.search(r"<script[^>]+src=", text)  # offline: ipysigma's bundle inlined
    found = re.search(r'<script type="application/json" id="network-map-data">(.*?)</script>',
                      text)
    drawn = [n["key"] for n in json.loads(found.group(1))["state"]["data"]["nodes"]]
    assert sorted(drawn) == sorted(_expected_top(sample_graph, 10, "papers"))
    assert list(tmp_path.iterdir()) == [out]


def test_bad_arguments_are_clear(sample_graph):
    with pytest.raises(ValueError, match="by must be one of"):
        N.interactive_network(sample_graph, by="pagerank")
    with pytest.raises(ValueError, match="top must be a positive integer"):
        N.interactive_network(sample_graph, top=0)


def test_without_ipysigma_the_static_figure_is_shown(sample_graph, monkeypatch):
    monkeypatch.setitem(sys.modules, "ipysigma", None)
    with pytest.warns(UserWarning, match="ipysigma is not installed"):
        ax = N.interactive_network(sample_graph, top=30)
    assert ax.get_title().startswith("Co-author network")
    import matplotlib.pyplot as plt

    plt.close(ax.figure)
    with pytest.raises(ImportError, match="ipysigma"):
        N.write_network_html(sample_graph, "never.html")


def test_plain_networkx_graphs_work():
    G = nx.Graph([("A", "B", {"weight": 2}), ("B", "C", {"weight": 1})])
    w = N.interactive_network(G, top=2, by="strength")
    assert sorted(n["key"] for n in w.data["nodes"]) == ["A", "B"]
    assert pd.Series([n["attributes"]["strength"] for n in w.data["nodes"]]).tolist() == [2, 3]


def test_maps_are_shown_with_their_hover_card(sample_graph):
    from papertoolkit.network.hover import with_hover

    w = N.interactive_network(sample_graph, top=10)
    bundle = w._repr_mimebundle_()
    box = with_hover(w)
    assert with_hover(w) is box  # one companion per map
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == box.model_id
    sigma, hover = box.children
    assert sigma is w and hover.target == w.model_id
    assert "ptkAttachHover" in hover._esm and "enterNode" in hover._esm
    # the card reads these node attributes: each author's papers and summed votes
    authors = ptk.load("data/", progress=False).authors.set_index("author")
    for node, attrs in w.graph.nodes(data=True):
        assert attrs["papers"] == authors.loc[node, "papers"]
        assert attrs["votes"] == authors.loc[node, "total_votes"]
    node = next(iter(w.graph.nodes))
    ego = N.interactive_ego(sample_graph, node, radius=1)
    assert ego._repr_mimebundle_()["application/vnd.jupyter.widget-view+json"][
        "model_id"] == with_hover(ego).model_id


def test_explorer_map_output_carries_the_hover_card(sample_graph):
    from papertoolkit.network.hover import with_hover
    from papertoolkit.widgets.network import widget_output

    w = N.interactive_network(sample_graph, top=10)
    out = widget_output(w, "<Sigma>")
    shown = out["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
    assert shown == with_hover(w).model_id != w.model_id


def test_hover_card_counts_coauthors_in_the_whole_graph():
    """A filtered network (min papers 2, min joint papers 2) draws fewer links, but each
    node's ``coauthors`` (the hover card's count) is its co-authors in the whole corpus:
    the authors table's ``coauthors`` and the unfiltered graph's degree."""
    corpus = ptk.load("data/", progress=False)
    whole = N.coauthor_graph(corpus)
    G = N.coauthor_graph(corpus, min_papers=2, min_weight=2)
    w = N.interactive_network(G, top=40)
    table = corpus.authors.set_index("author")["coauthors"]
    attrs = dict(w.graph.nodes(data=True))
    assert attrs
    for node, a in attrs.items():
        assert a["coauthors"] == whole.degree(node) == table[node]
        assert a["degree"] == G.degree(node)
    assert any(a["degree"] < a["coauthors"] for a in attrs.values())  # the filter bites
    # the network explorer's own filtered arrays, and an author's ego map, say the same
    from papertoolkit.widgets import explore_network

    net = explore_network(corpus, min_papers=2)
    nodes = dict(net.map.graph.nodes(data=True))
    assert nodes and any(a["degree"] < a["coauthors"] for a in nodes.values())
    for node, a in nodes.items():
        assert a["coauthors"] == table[node]
    ego = N.interactive_ego(whole, "Denny Zhou", radius=2)
    for node, a in ego.graph.nodes(data=True):
        assert a["coauthors"] == a["degree"] == table[node]


def test_far_out_authors_are_pulled_towards_the_centre():
    """Beyond the 90th-percentile distance from the median point, 35 % of the excess
    distance is kept (the crowded centre gets the room); nearer points stay put."""
    xy = np.array([[float(i % 5), float(i // 5)] for i in range(20)] + [[42.0, 2.0]])
    before = xy.copy()
    I._pull_in_outliers(xy)
    centre = np.median(before, axis=0)
    r = np.hypot(*(before - centre).T)
    cut = np.quantile(r, 0.9)
    near = r <= cut
    assert np.array_equal(xy[near], before[near])
    moved = np.hypot(*(xy[-1] - centre))
    assert moved == pytest.approx(cut + (r[-1] - cut) * 0.35)
    assert np.allclose((xy[-1] - centre) / moved, (before[-1] - centre) / r[-1])  # same way


def _drawn_simply(arrays, nodes):
    """Strength, degree and links among *nodes* the plain way: one pass over every end of
    every link, summed in edge order (source ends, then target ends)."""
    ends = np.r_[arrays.source, arrays.target]
    strength = np.bincount(ends, weights=np.r_[arrays.weight, arrays.weight].astype(float),
                           minlength=arrays.n_nodes)
    degree = np.bincount(ends, minlength=arrays.n_nodes)
    inside = np.isin(np.arange(arrays.n_nodes), nodes)
    among = int(np.count_nonzero(inside[arrays.source] & inside[arrays.target]))
    return strength, degree, among


@given(
    st.lists(st.lists(st.integers(0, 11), min_size=1, max_size=7), min_size=1, max_size=30),
    st.sampled_from(["count", "fractional", "newman"]),
    st.integers(1, 3),
    st.integers(1, 12),
    st.sampled_from(I.RANK_BY),
)
def test_drawn_authors_scores_equal_the_plain_sums(papers, weighting, min_papers, top, by):
    """The drawn authors' strength and degree (summed from their own links only) and the
    links among them are exactly those of one pass over all links, for every weighting and
    threshold; and node_scores (one bincount per end for whole-number weights) too."""
    rows = [(f"p{i}", f"A{a}") for i, authors in enumerate(papers) for a in authors]
    table = pd.DataFrame(rows, columns=["arxiv_id", "author"])
    G = N.coauthor_graph(table, weighting=weighting, min_papers=min_papers)
    arrays = I.view_arrays(G)
    strength, degree, _ = _drawn_simply(arrays, [])
    np.testing.assert_array_equal(I.node_scores(arrays, "strength"), strength)
    np.testing.assert_array_equal(I.node_scores(arrays, "degree"), degree.astype(float))
    nodes = I.top_nodes(arrays, top, by)
    links = I._drawn_links(arrays, nodes)
    strength, degree, among = _drawn_simply(arrays, nodes)
    np.testing.assert_array_equal(links["strength"], strength[nodes])
    np.testing.assert_array_equal(links["degree"], degree[nodes])
    assert links["links_among"] == among
    H = I.network_view(arrays, nodes=arrays.names[nodes].tolist(), by=by)
    assert H.graph["links_among"] == among
    for name, data in H.nodes(data=True):
        assert data["degree"] == G.degree(name)
        assert data["strength"] == round(G.degree(name, weight="weight"), 3)
