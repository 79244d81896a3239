"""The network explorer: an ipysigma map, ranges from the data, every community reachable."""

from __future__ import annotations

import base64

import pytest

pytest.importorskip("ipywidgets")
pytest.importorskip("ipysigma")

from test_widgets import DIGEST, GIL, cells  # noqa: E402

import papertoolkit as ptk  # noqa: E402
from papertoolkit import network as N  # noqa: E402
from papertoolkit import widgets as W  # noqa: E402
from papertoolkit.widgets import network as WN  # noqa: E402


@pytest.fixture(scope="module")
def corpus():
    return ptk.loads(DIGEST)


def drawn(w) -> list[str]:
    return sorted(n["key"] for n in w.map.data["nodes"])


def test_whole_network_map_and_community_list(corpus):
    w = W.explore_network(corpus, min_papers=1)
    assert w.last_error is None
    assert "7 authors with ≥ 1 paper(s), 6 links" in w.summary.value
    assert "2 communities of 2 or more authors" in w.summary.value
    assert w.community.options == (
        "whole network", "#0: 3 authors — Ann Lee, Bo Chen, Cy Park",
        f"#1: 3 authors — Dee Kim, Eve Stone, {GIL}")
    assert cells(w.authors_table.value, 0) == ["#0", "#1"]
    # the map: linked authors only (Fay Wu has no co-author), coloured by community
    out = w.plot.outputs[0]["data"]
    from papertoolkit.network.hover import with_hover

    shown = with_hover(w.map)  # the map with its hover card
    assert out["application/vnd.jupyter.widget-view+json"]["model_id"] == shown.model_id
    assert shown.children[0] is w.map
    assert drawn(w) == ["Ann Lee", "Bo Chen", "Cy Park", "Dee Kim", "Eve Stone", GIL]
    groups = {n["key"]: n["attributes"]["community"] for n in w.map.data["nodes"]}
    assert groups["Ann Lee"] == "#0 (3 authors)" and groups[GIL] == "#1 (3 authors)"
    assert len(w.map.data["edges"]) == 6


def test_community_selection_and_click(corpus):
    w = W.explore_network(corpus, min_papers=1)
    w.community.value = w.community.options[2]
    assert w.community_id == 1
    assert w.members["author"].tolist() == ["Dee Kim", "Eve Stone", GIL]
    assert cells(w.authors_table.value, 0) == ["Dee Kim", "Eve Stone", "Gil &lt;i&gt;Ho&lt;/i&gt;"]
    assert drawn(w) == ["Dee Kim", "Eve Stone", GIL]
    w.map.selected_node = "Eve Stone"  # what a click on the map sets
    assert w.selected_author == "Eve Stone"
    assert "<b>Eve Stone</b>: 2 paper(s), 13 votes, 2 co-author(s)" in w.authors_table.value
    assert cells(w.authors_table.value, 0) == ["Dee Kim", "Gil &lt;i&gt;Ho&lt;/i&gt;"]
    w.community.value = "whole network"
    assert w.community_id == W.ALL_COMMUNITIES and w.members.empty


def test_thresholds_ranges_and_following_a_community(corpus):
    w = W.explore_network(corpus, min_papers=1)
    assert w.min_papers.max == 2  # the second most prolific author's papers
    assert w.min_weight.max == 2  # the heaviest link
    w.min_weight.value = 2
    assert sorted(w.graph.edges()) == [("Ann Lee", "Bo Chen"), ("Dee Kim", "Eve Stone")]
    assert "7 authors with ≥ 1 paper(s), 2 links" in w.summary.value
    w.min_weight.value = 1
    w.community.value = w.community.options[2]
    w.min_papers.value = 2  # the selection follows Dee Kim's community
    assert sorted(w.graph.nodes()) == ["Ann Lee", "Bo Chen", "Dee Kim", "Eve Stone"]
    assert w.community_id == 1
    assert w.members["author"].tolist() == ["Dee Kim", "Eve Stone"]
    w.community.value = "whole network"
    w.min_papers.value = 1
    assert w.community_id == W.ALL_COMMUNITIES and w.members.empty


def test_no_author_above_the_threshold_says_so():
    corpus = ptk.loads(DIGEST)
    w = W.explore_network(corpus, min_papers=1)
    w.min_papers.max = 5
    w.min_papers.value = 3
    assert w.last_error is None
    assert "No author has 3 or more papers" in w.summary.value
    assert w.community.options == ("whole network",) and w.map is None


def test_louvain_once_per_threshold_and_no_author_metrics(corpus, monkeypatch):
    calls = []
    louvain = N.community._louvain
    monkeypatch.setattr(
        N.community, "_louvain", lambda g, seed: calls.append(seed) or louvain(g, seed)
    )
    monkeypatch.setattr(N, "author_metrics", lambda *a, **k: 1 / 0)
    w = W.explore_network(corpus, min_papers=1)
    assert w.last_error is None and len(calls) == 1
    assert w.membership == {"Ann Lee": 0, "Bo Chen": 0, "Cy Park": 0, "Dee Kim": 1,
                            "Eve Stone": 1, GIL: 1, "Fay Wu": 2}
    w.community.value = w.community.options[1]
    w.max_nodes.value = 10
    w.rank_by.value = "strength"
    w.min_papers.value = 2
    w.min_papers.value = 1
    assert w.last_error is None and len(calls) == 2


def test_every_community_is_offered_with_its_table_size():
    corpus = ptk.load("data/", progress=False)
    w = W.explore_network(corpus, min_papers=1, max_nodes=300)
    table = N.communities(N.coauthor_graph(corpus))
    big = table[table["size"] >= 2]
    assert len(w.community.options) == len(big) + 1
    sizes = dict(zip(big["community"].astype(int), big["size"].astype(int), strict=True))
    for option in w.community.options[1:]:
        c, rest = option[1:].split(":", 1)
        assert rest.startswith(f" {sizes[int(c)]:,} authors")
    for node in w.map.data["nodes"]:  # legend counts = table sizes
        label = node["attributes"]["community"]
        if label.startswith("#"):
            c = int(label[1:].split()[0])
            assert label == f"#{c} ({sizes[c]:,} authors)"


def test_without_ipysigma_a_static_figure(corpus, monkeypatch):
    monkeypatch.setattr(WN, "has_ipysigma", lambda: False)
    w = W.explore_network(corpus, min_papers=1)
    assert w.last_error is None and w.map is None
    out = w.plot.outputs[0]["data"]
    assert base64.b64decode(out["image/png"]).startswith(b"\x89PNG")
    assert "install ipysigma" in out["text/plain"]


def test_ego_map_click_opens_the_author(corpus):
    a = W.explore_authors(corpus, author="Ann Lee")
    (sigma,) = [w for w in a._ego_maps.values()]
    assert sorted(n["key"] for n in sigma.data["nodes"]) == ["Ann Lee", "Bo Chen", "Cy Park"]
    groups = {n["key"]: n["attributes"]["community"] for n in sigma.data["nodes"]}
    assert groups == {"Ann Lee": "the author", "Bo Chen": "1 step away", "Cy Park": "1 step away"}
    sigma.selected_node = "Cy Park"
    assert a.author.value == "Cy Park" and a.last_error is None
    assert "<Sigma: Co-authors of Cy Park" in a.plot.outputs[0]["data"]["text/plain"]


def test_communities_in_the_background_then_coloured(monkeypatch):
    corpus = ptk.load("data/", progress=False)
    monkeypatch.setattr(WN, "BACKGROUND_LINKS", 5)
    w = W.explore_network(corpus, min_papers=2, background=True)
    w._worker.join()  # outside a kernel the result is applied in the worker thread
    assert w.last_error is None and w.progress.layout.display == "none"
    assert len(w.community.options) > 1
    done = []
    w._schedule = done.append  # what the kernel's event loop would run later
    w.min_papers.value = 1  # a new threshold: drawn at once, grey, with the progress bar
    w._worker.join()
    assert w.progress.layout.display == "flex" and w.community.options == ("whole network",)
    assert "finding the communities" in w.summary.value
    assert {n["attributes"]["community"] for n in w.map.data["nodes"]} == {"all authors"}
    (apply,) = done
    apply()  # ... then coloured, with every community offered
    assert w.last_error is None and w.progress.layout.display == "none"
    assert any(n["attributes"]["community"].startswith("#") for n in w.map.data["nodes"])
    sync = W.explore_network(corpus, min_papers=1, background=False)
    assert w.community.options == sync.community.options
    assert w.membership == sync.membership


def test_first_map_from_the_prolific_authors_links_then_the_whole_graph():
    from test_network_arrays import _plain, _same, _threshold

    from papertoolkit.network.build import _graph_parts, _tables

    corpus = ptk.load("data/", progress=False)
    authorships, papers = _tables(corpus, None)
    parts = _graph_parts(corpus, authorships, papers, "count", None, None, None)
    w = W.explore_network(corpus, min_papers=2, background=False)
    assert w.last_error is None and not parts.whole_ready  # not needed for this map
    full = _plain(N.coauthor_graph(corpus))  # computes the whole graph, kept per corpus
    assert parts.whole_ready
    _same(w.graph, _threshold(full, 2, None))
    w.min_papers.value = 3  # filtered from the threshold-2 graph at hand
    _same(w.graph, _threshold(full, 3, None))
    w.min_papers.value = 1
    _same(w.graph, _threshold(full, 1, None))
    assert w.last_error is None


def test_whole_graph_computed_beside_the_open_explorer():
    from papertoolkit.network.build import _graph_parts, _tables

    corpus = ptk.load("data/", progress=False)
    w = W.explore_network(corpus, min_papers=2, background=True)
    w._whole_worker.join()
    authorships, papers = _tables(corpus, None)
    assert _graph_parts(corpus, authorships, papers, "count", None, None, None).whole_ready
    w._worker is None or w._worker.join()
    w.min_papers.value = 1
    assert w.last_error is None
    assert w.graph.number_of_edges() == N.coauthor_graph(corpus).number_of_edges()


def test_communities_worker_starts_once_the_map_is_drawn(monkeypatch):
    """The links go to the communities' worker only after the new threshold's map is on
    screen: sending them (tens of MB at 1,000 days) would otherwise slow the drawing."""
    corpus = ptk.load("data/", progress=False)
    monkeypatch.setattr(WN, "BACKGROUND_LINKS", 5)
    seen = []

    def start(self, key, arrays):
        seen.append((key, self._key, self.map, arrays.n_edges))

    monkeypatch.setattr(WN.NetworkExplorer, "_start", start)
    w = W.explore_network(corpus, min_papers=2, background=True)
    w.min_papers.value = 1
    assert w.last_error is None
    (key2, shown2, map2, links2), (key1, shown1, map1, links1) = seen
    assert key2 == shown2 == (2, 1) and key1 == shown1 == (1, 1)
    assert map1 is w.map and map1 is not map2 and map1 is not None
    assert links1 == N.coauthor_graph(corpus).number_of_edges()
    assert "finding the communities" in w.summary.value
