"""Co-authorship network: exact values on hand-built corpora, exports, plots, real corpus."""

from __future__ import annotations

import itertools
import warnings
from collections import Counter
from types import SimpleNamespace

import matplotlib
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papertoolkit import network as N
from papertoolkit.schema import coerce

matplotlib.use("Agg")


def authorships(papers: dict[str, list[str]], dates: dict[str, list[str]] | None = None):
    """Authorships table: {arxiv_id: [authors]} (dated 2024-02-16 unless *dates* says)."""
    rows = []
    for pid, names in papers.items():
        for day in (dates or {}).get(pid, ["2024-02-16"]):
            rows += [
                {"arxiv_id": pid, "date": day, "position": i, "author": a, "author_raw": a}
                for i, a in enumerate(names, 1)
            ]
    return coerce(pd.DataFrame(rows), "authorships")


TRIANGLE = {"p1": ["A", "B", "C"]}
STAR = {"p1": ["H", "A"], "p2": ["H", "B"], "p3": ["H", "C"]}
REPEATED = {"p1": ["A", "B"], "p2": ["A", "B", "C"], "p3": ["A", "B"]}


def edge_table(G: nx.Graph, attr: str = "weight") -> dict[tuple[str, str], object]:
    return {tuple(sorted((a, b))): d[attr] for a, b, d in G.edges(data=True)}


# ----------------------------------------------------------------------------------------
# coauthor_graph
# ----------------------------------------------------------------------------------------


def test_triangle_all_weightings():
    a = authorships(TRIANGLE)
    G = N.coauthor_graph(a)
    assert sorted(G) == ["A", "B", "C"]
    assert edge_table(G) == {("A", "B"): 1, ("A", "C"): 1, ("B", "C"): 1}
    assert edge_table(N.coauthor_graph(a, weighting="newman")) == dict.fromkeys(
        [("A", "B"), ("A", "C"), ("B", "C")], 0.5
    )
    fractional = edge_table(N.coauthor_graph(a, weighting="fractional"))
    assert fractional == pytest.approx(dict.fromkeys(fractional, 1 / 3))
    assert G.nodes["A"] == {
        "label": "A",
        "papers": 1,
        "first_seen": "2024-02-16",
        "last_seen": "2024-02-16",
    }
    assert G.graph["weighting"] == "count" and G.graph["papers"] == 1


def test_star_graph_and_metrics():
    G = N.coauthor_graph(authorships(STAR))
    assert dict(G.degree()) == {"H": 3, "A": 1, "B": 1, "C": 1}
    m = N.author_metrics(G).set_index("author")
    assert m.loc["H", "degree"] == 3 and m.loc["A", "degree"] == 1
    assert m.loc["H", "strength"] == 3.0
    assert m.loc["H", "betweenness"] == pytest.approx(1.0)
    assert m.loc[["A", "B", "C"], "betweenness"].tolist() == [0.0, 0.0, 0.0]
    assert m["clustering"].tolist() == [0.0] * 4
    assert m["component"].tolist() == [0] * 4 and m["component_size"].tolist() == [4] * 4
    assert m["pagerank"].sum() == pytest.approx(1.0)
    assert m.index[0] == "H"  # sorted by PageRank
    assert m.attrs["betweenness"] == "exact"
    assert set(m["betweenness_method"]) == {"exact"}


def test_repeated_pairs_weights_and_ids():
    a = authorships(
        REPEATED, dates={"p1": ["2024-02-16"], "p2": ["2024-02-19"], "p3": ["2024-02-20"]}
    )
    G = N.coauthor_graph(a)
    assert G["A"]["B"] == {"weight": 3, "n_papers": 3, "arxiv_ids": ["p1", "p2", "p3"]}
    assert G["A"]["C"] == {"weight": 1, "n_papers": 1, "arxiv_ids": ["p2"]}
    newman = N.coauthor_graph(a, weighting="newman")
    assert newman["A"]["B"]["weight"] == pytest.approx(1 + 1 / 2 + 1)
    assert newman["B"]["C"]["weight"] == pytest.approx(1 / 2)
    fractional = N.coauthor_graph(a, weighting="fractional")
    assert fractional["A"]["B"]["weight"] == pytest.approx(1 + 1 / 3 + 1)
    # every paper adds 1 to the graph under fractional counting
    assert fractional.size(weight="weight") == pytest.approx(3.0)
    # every paper adds 1 to each of its authors' strength under Newman's weighting
    assert newman.degree("A", weight="weight") == pytest.approx(3.0)
    assert G.nodes["A"]["papers"] == 3 and G.nodes["C"]["papers"] == 1
    assert (G.nodes["A"]["first_seen"], G.nodes["A"]["last_seen"]) == ("2024-02-16", "2024-02-20")


def test_arxiv_ids_in_first_seen_order():
    a = authorships({"p9": ["A", "B"], "p1": ["A", "B"]}, dates={"p9": ["2024-01-01"]})
    G = N.coauthor_graph(a)
    assert G["A"]["B"]["arxiv_ids"] == ["p9", "p1"]


def test_paper_seen_on_two_days_counts_once():
    a = authorships({"p1": ["A", "B"]}, dates={"p1": ["2024-02-16", "2024-02-19"]})
    papers = pd.DataFrame(
        {"arxiv_id": ["p1", "p1"], "date": pd.to_datetime(["2024-02-16", "2024-02-19"]),
         "votes": pd.array([5, 9], dtype="Int64")}
    )
    G = N.coauthor_graph(a, papers=papers)
    assert G["A"]["B"]["weight"] == 1 and G["A"]["B"]["arxiv_ids"] == ["p1"]
    assert G.nodes["A"]["papers"] == 1
    assert G.nodes["A"]["total_votes"] == 9  # the paper's highest count, once
    assert (G.nodes["A"]["first_seen"], G.nodes["A"]["last_seen"]) == ("2024-02-16", "2024-02-19")
    # within a period only that period's votes count
    assert N.coauthor_graph(a, papers=papers, end="2024-02-16").nodes["A"]["total_votes"] == 5


def test_single_author_paper_keeps_its_node():
    G = N.coauthor_graph(authorships({"p1": ["A", "B"], "p2": ["Solo"]}))
    assert "Solo" in G and G.degree("Solo") == 0
    assert G.number_of_edges() == 1


def test_repeated_author_in_one_paper_counts_once():
    G = N.coauthor_graph(authorships({"p1": ["A", "B", "A"]}))
    assert edge_table(G) == {("A", "B"): 1} and G.nodes["A"]["papers"] == 1


def test_max_authors_leaves_out_and_says_so():
    a = authorships({"p1": ["A", "B"], "big": ["A", "C", "D", "E"]})
    with pytest.warns(UserWarning, match="left out 1 paper"):
        G = N.coauthor_graph(a, max_authors=3)
    assert G.graph["left_out_papers"] == 1 and G.graph["left_out_ids"] == ["big"]
    assert sorted(G) == ["A", "B"] and G.nodes["A"]["papers"] == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert N.coauthor_graph(a, max_authors=4).graph["left_out_papers"] == 0


def test_min_papers_and_min_weight():
    a = authorships(REPEATED)
    G = N.coauthor_graph(a, min_papers=2)
    assert sorted(G) == ["A", "B"] and edge_table(G) == {("A", "B"): 3}
    H = N.coauthor_graph(a, min_weight=2)
    assert sorted(H) == ["A", "B", "C"] and edge_table(H) == {("A", "B"): 3}


def test_since_until_select_appearances():
    a = authorships(
        REPEATED, dates={"p1": ["2024-02-16"], "p2": ["2024-02-19"], "p3": ["2024-02-20"]}
    )
    G = N.coauthor_graph(a, start="2024-02-19", end="2024-02-19")
    assert edge_table(G) == {("A", "B"): 1, ("A", "C"): 1, ("B", "C"): 1}
    assert G.graph["since"] == "2024-02-19" and G.graph["papers"] == 1
    assert N.coauthor_graph(a, start="2030-01-01").number_of_nodes() == 0


def test_accepts_a_corpus_by_duck_typing_and_loads_votes():
    a = authorships(TRIANGLE)
    papers = pd.DataFrame({"arxiv_id": ["p1"], "date": pd.to_datetime(["2024-02-16"]),
                           "votes": pd.array([pd.NA], dtype="Int64")})
    G = N.coauthor_graph(SimpleNamespace(authorships=a, papers=papers))
    # NA votes stay missing: no total_votes attribute (not 0)
    assert G.number_of_edges() == 3 and "total_votes" not in G.nodes["A"]


def test_from_a_parsed_digest():
    ptk = pytest.importorskip("papertoolkit")
    text = (
        "## Daily Papers (2024-02-16)\n\n"
        "### [First](https://arxiv.org/abs/2402.00001)\n\nVote: 7\n\n"
        "Authors: Ann Lee, Bo Park\n\n- 요약 bullet\n\n"
        "### [Second](https://arxiv.org/abs/2402.00002)\n\nVote: 3\n\n"
        "Authors: Ann Lee, 김철수\n\n- 요약 bullet\n"
    )
    G = N.coauthor_graph(ptk.loads(text))
    assert sorted(G) == ["Ann Lee", "Bo Park", "김철수"]
    assert G.nodes["Ann Lee"]["total_votes"] == 10 and G.nodes["김철수"]["total_votes"] == 3


def test_bad_arguments_are_clear():
    with pytest.raises(ValueError, match="weighting must be one of"):
        N.coauthor_graph(authorships(TRIANGLE), weighting="full")
    with pytest.raises(TypeError, match="Corpus or its authorships DataFrame, got list"):
        N.coauthor_graph([("A", "B")])
    with pytest.raises(ValueError, match="authorships table has no column 'author'"):
        N.coauthor_graph(pd.DataFrame({"arxiv_id": ["p1"]}))


def test_same_graph_as_networkx_built_one_by_one():
    G = N.coauthor_graph(authorships(REPEATED))
    H = nx.Graph(**G.graph)
    H.add_nodes_from(G.nodes(data=True))
    for a, b, d in G.edges(data=True):
        H.add_edge(a, b, **d)
    assert nx.utils.graphs_equal(G, H)
    G.add_edge("A", "Z")  # an ordinary, mutable networkx graph
    assert G.degree("Z") == 1


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from("ABCDEFGH"), min_size=1, max_size=6), min_size=1, max_size=8
    )
)
def test_weights_equal_a_plain_pair_count(paper_lists):
    papers = {f"p{i}": names for i, names in enumerate(paper_lists)}
    expected = Counter()
    for names in papers.values():
        expected.update(itertools.combinations(sorted(set(names)), 2))
    G = N.coauthor_graph(authorships(papers))
    assert edge_table(G) == dict(expected)
    assert set(G) == {a for names in papers.values() for a in names}


def test_empty_input_gives_empty_results():
    G = N.coauthor_graph(authorships({}))
    assert G.number_of_nodes() == 0 and G.graph["papers"] == 0
    m = N.author_metrics(G)
    assert m.empty and "betweenness" in m.columns
    assert N.communities(G).empty
    s = N.collaboration_summary(G)
    assert (s["nodes"], s["edges"], s["components"], s["density"]) == (0, 0, 0, 0.0)
    ax = N.plot_network(G)
    assert "empty" in ax.get_title()


# ----------------------------------------------------------------------------------------
# metrics and helpers
# ----------------------------------------------------------------------------------------


def two_groups() -> nx.Graph:
    return N.coauthor_graph(
        authorships(
            {
                "p1": ["A", "B", "C"],
                "p2": ["A", "B"],
                "p3": ["X", "Y", "Z"],
                "p4": ["X", "Y"],
                "p5": ["C", "X"],
                "p6": ["Solo"],
            }
        )
    )


def test_metrics_match_networkx():
    G = two_groups()
    m = N.author_metrics(G).set_index("author")
    betweenness = nx.betweenness_centrality(G)
    pagerank = nx.pagerank(G, weight="weight", tol=1e-12)
    clustering = nx.clustering(G)
    for node in G:
        assert m.loc[node, "betweenness"] == pytest.approx(betweenness[node])
        assert m.loc[node, "pagerank"] == pytest.approx(pagerank[node], abs=1e-6)
        assert m.loc[node, "clustering"] == pytest.approx(clustering[node])
        assert m.loc[node, "strength"] == G.degree(node, weight="weight")
    assert m.loc["A", "component"] == 0 and m.loc["A", "component_size"] == 6
    assert m.loc["Solo", "component"] == 1 and m.loc["Solo", "component_size"] == 1
    assert m.loc[["A", "B", "C"], "community"].nunique() == 1
    assert m.loc["A", "community"] != m.loc["X", "community"]
    assert set(m.attrs["seconds"]) >= {"convert", "betweenness", "pagerank", "louvain"}


def test_igraph_backend_gives_the_same_graph_and_metrics():
    a = authorships(REPEATED | {"p4": ["X", "Y"], "p5": ["Solo"]})
    G = N.coauthor_graph(a, weighting="newman")
    g = N.coauthor_graph(a, weighting="newman", backend="igraph")
    assert type(g).__name__ == "Graph" and g.vs["name"] == list(G)
    assert g.vs["papers"] == [G.nodes[x]["papers"] for x in G]
    got = {tuple(sorted((g.vs[e.source]["name"], g.vs[e.target]["name"]))): e["weight"]
           for e in g.es}
    assert got == edge_table(G)
    assert g["weighting"] == "newman"
    pd.testing.assert_frame_equal(N.author_metrics(g), N.author_metrics(G))
    with pytest.raises(ValueError, match="backend"):
        N.coauthor_graph(a, backend="graph-tool")
    assert N.coauthor_graph(authorships({}), backend="igraph").vcount() == 0


def test_metrics_follow_changes_to_the_graph():
    G = two_groups()
    assert len(N.author_metrics(G)) == 7
    G.add_edge("A", "New")  # networkx empties its cache, so the igraph copy is rebuilt
    m = N.author_metrics(G).set_index("author")
    assert len(m) == 8 and m.loc["A", "degree"] == 3
    view = G.subgraph(["A", "B", "C"])
    assert N.author_metrics(view).set_index("author").loc["A", "degree"] == 2
    G.remove_edge("A", "B")  # the view follows G
    assert N.author_metrics(view).set_index("author").loc["A", "degree"] == 1


def test_sampled_betweenness_is_seeded_and_says_so():
    G = nx.path_graph(40)
    exact = N.author_metrics(G).set_index("author")["betweenness"]
    all_sources = N.author_metrics(G, betweenness_samples=40).set_index("author")["betweenness"]
    assert np.allclose(exact.sort_index(), all_sources.sort_index())
    one = N.author_metrics(G, betweenness_samples=10, seed=3)
    two = N.author_metrics(G, betweenness_samples=10, seed=3)
    assert one.attrs["betweenness"] == "sampled (10 sources, seed=3)"
    assert one["betweenness"].tolist() == two["betweenness"].tolist()
    assert one["betweenness"].sum() > 0


def test_large_graph_uses_sampled_betweenness(monkeypatch):
    monkeypatch.setattr(N.metrics, "EXACT_BETWEENNESS_MAX_NODES", 10)
    monkeypatch.setattr(N.metrics, "BETWEENNESS_SAMPLES", 8)
    m = N.author_metrics(nx.path_graph(30))
    assert m.attrs["betweenness"] == "sampled (8 sources, seed=0)"


def test_louvain_is_deterministic():
    G = nx.connected_caveman_graph(6, 5)
    runs = [N.author_metrics(G, seed=7).sort_values("author")["community"].tolist()
            for _ in range(2)]
    assert runs[0] == runs[1]
    assert max(runs[0]) == 5  # the six caves


def test_communities_table():
    G = two_groups()
    c = N.communities(G, n_top=2)
    assert c["size"].tolist() == [3, 3, 1]
    assert c["community"].tolist() == [0, 1, 2]
    first = c.iloc[0]
    assert set(first["top_authors"]) <= {"A", "B", "C", "X", "Y", "Z"}
    assert len(first["top_authors"]) == 2
    assert first["n_edges"] == 3
    rows = {tuple(sorted(r.top_authors)): r for r in N.communities(G, n_top=3).itertuples()}
    abc = rows[("A", "B", "C")]
    assert abc.top_papers == ["p1", "p2"] and abc.papers == 2  # p1 has 3 pairs inside, p2 1
    assert rows[("Solo",)].top_papers == [] and rows[("Solo",)].n_edges == 0
    m = N.author_metrics(G)
    assert N.communities(G, metrics=m)["size"].tolist() == [3, 3, 1]


def test_ego_network_and_top_collaborators():
    G = two_groups()
    assert sorted(N.ego_network(G, "c")) == ["A", "B", "C", "X"]
    assert sorted(N.ego_network(G, "A", radius=2)) == ["A", "B", "C", "X"]
    t = N.top_collaborators(G, "a ", n=5)
    assert t["coauthor"].tolist() == ["B", "C"]
    assert t["weight"].tolist() == [2, 1] and t["arxiv_ids"].tolist() == [["p1", "p2"], ["p1"]]
    assert N.top_collaborators(G, "C", n=1)["coauthor"].tolist() == ["A"]


def test_collaboration_summary_values():
    s = N.collaboration_summary(two_groups())
    assert s["nodes"] == 7 and s["edges"] == 7 and s["isolated"] == 1
    assert s["components"] == 2 and s["largest_component"] == 6
    assert s["largest_component_share"] == pytest.approx(6 / 7)
    assert s["density"] == pytest.approx(7 / 21)
    assert s["mean_degree"] == pytest.approx(2.0)
    assert s["papers"] == 6 and s["left_out_papers"] == 0


def test_author_lookup_is_forgiving():
    G = nx.Graph([("José García", "Ann Lee"), ("Ann Lee", "Anne Leigh")])
    assert N.find_author(G, "jose garcia") == "José García"
    assert N.find_author(G, "JOSÉ  GARCÍA") == "José García"
    assert N.find_author(G, "JoseGarcia") == "José García"
    with pytest.raises(KeyError, match="did you mean: 'Ann Lee'"):
        N.find_author(G, "Ann Le")
    with pytest.raises(N.AuthorNotFoundError, match="no author 'Zed' in the graph$"):
        N.top_collaborators(G, "Zed")
    H = nx.Graph([("Ann Lee", "X"), ("Ann-Lee", "Y")])
    with pytest.raises(KeyError, match="ambiguous"):
        N.find_author(H, "ann lee ")


# ----------------------------------------------------------------------------------------
# export
# ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".csv"])
def test_write_graph_reads_back(tmp_path, suffix):
    G = N.coauthor_graph(authorships(REPEATED | {"p9": ["김철수", "A"], "p10": ["Solo"]}),
                         weighting="newman")
    written = N.write_graph(G, tmp_path / f"coauthors{suffix}")
    assert all(p.exists() for p in written)
    if suffix == ".graphml":
        raw = nx.read_graphml(written[0])
    elif suffix == ".gexf":
        raw = nx.read_gexf(written[0])
    else:
        edges = pd.read_csv(written[0])
        raw = nx.from_pandas_edgelist(edges, "source", "target", edge_attr=True)
        raw.add_nodes_from(pd.read_csv(written[1])["author"])
        assert written[1].name == "coauthors_nodes.csv"
    assert set(raw) == set(G)
    assert {frozenset(e) for e in raw.edges()} == {frozenset(e) for e in G.edges()}
    for a, b, w in G.edges(data="weight"):
        assert raw[a][b]["weight"] == pytest.approx(w)
        assert raw[a][b]["arxiv_ids"] == ";".join(G[a][b]["arxiv_ids"])
    back = N.read_graph(written[0])
    assert back["A"]["B"]["arxiv_ids"] == ["p1", "p2", "p3"]
    assert back.nodes["A"]["papers"] == 4 and back.nodes["A"]["first_seen"] == "2024-02-16"
    assert "Solo" in back and back.degree("Solo") == 0


def test_write_graph_csv_names_and_errors(tmp_path):
    G = N.coauthor_graph(authorships(TRIANGLE))
    written = N.write_graph(G, tmp_path / "out" / "coauthor_edges.csv")
    assert [p.name for p in written] == ["coauthor_edges.csv", "coauthor_nodes.csv"]
    edges = pd.read_csv(written[0])
    assert edges.columns.tolist()[:5] == ["source", "target", "weight", "n_papers", "arxiv_ids"]
    with pytest.raises(ValueError, match="unknown graph format"):
        N.write_graph(G, tmp_path / "g.json")


def test_graphml_escapes_text_and_keeps_types(tmp_path):
    G = nx.Graph(name='a "q" & <b>')
    G.add_node('Zoë "Z" <&>', **{'odd "key" &': 1.5, "flag": True, "mixed": 1})
    G.add_node("B", mixed=2.5, note=None)
    G.add_edge('Zoë "Z" <&>', "B", weight=2, arxiv_ids=["x", "y"], tag="\x01ok")
    back = nx.read_graphml(N.write_graph(G, tmp_path / "t.graphml")[0])
    assert back.graph["name"] == 'a "q" & <b>'
    zoe = 'Zoë "Z" <\\x26>'  # "&" escaped in node ids only
    assert back.nodes[zoe] == {'odd "key" &': 1.5, "flag": True, "mixed": 1.0}
    assert back.nodes["B"] == {"mixed": 2.5}
    assert back[zoe]["B"] == {"weight": 2, "arxiv_ids": "x;y", "tag": "\\x01ok"}
    assert N.read_graph(tmp_path / "t.graphml")['Zoë "Z" <&>']["B"]["tag"] == "\x01ok"


def test_write_graph_keeps_graph_attributes(tmp_path):
    with pytest.warns(UserWarning):
        G = N.coauthor_graph(authorships({"p1": ["A", "B"], "p2": ["A", "B", "C"]}),
                             max_authors=2)
    back = nx.read_graphml(N.write_graph(G, tmp_path / "g.graphml")[0])
    assert back.graph["left_out_papers"] == 1 and back.graph["left_out_ids"] == "p2"
    assert back.graph["weighting"] == "count" and "since" not in back.graph


# ----------------------------------------------------------------------------------------
# plots
# ----------------------------------------------------------------------------------------


def render_without_missing_glyphs(ax) -> None:
    import io

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax.figure.savefig(io.BytesIO(), format="png", dpi=60)
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert missing == []


def test_plot_network_draws_labels_legend_and_hangul():
    import matplotlib.pyplot as plt

    G = N.coauthor_graph(authorships({"p1": ["김철수", "이영희", "Ann Lee"], "p2": ["X", "Y"]}))
    fig, ax = plt.subplots()
    out = N.plot_network(G, ax=ax, label_top=2, seed=1)
    assert out is ax
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == 2 and set(texts) <= set(G)
    assert ax.get_legend() is not None
    assert "5 authors, 4 links" in ax.get_title()
    render_without_missing_glyphs(ax)
    plt.close(fig)


def test_plot_network_reduces_large_graphs_and_says_so():
    import matplotlib.pyplot as plt

    G = nx.disjoint_union_all([nx.complete_graph(5), nx.complete_graph(4), nx.path_graph(3)])
    ax = N.plot_network(G, max_nodes=9, color_by="component", size_by="degree",
                        layout="kamada_kawai")
    assert "showing the top 9 of 12 authors by papers" in ax.get_title()
    ax2 = N.plot_network(nx.complete_graph(8), max_nodes=5, size_by=None, color_by=None)
    assert "top 5 of 8" in ax2.get_title()
    with pytest.raises(ValueError, match="layout"):
        N.plot_network(G, layout="circle")
    plt.close("all")


def test_plot_ego_highlights_the_author():
    import matplotlib.pyplot as plt

    G = two_groups()
    ax = N.plot_ego(G, "x")
    assert ax.get_title() == "Co-authors of X: 3 within 1 step(s)"
    assert {t.get_text() for t in ax.texts} == {"C", "X", "Y", "Z"}
    render_without_missing_glyphs(ax)
    plt.close("all")


def test_community_membership_is_louvain_cached_on_the_graph(monkeypatch):
    G = two_groups()
    labels = N.community_membership(G)
    assert labels == {"A": 0, "B": 0, "C": 0, "X": 1, "Y": 1, "Z": 1, "Solo": 2}
    m = N.author_metrics(G)
    assert dict(zip(m["author"], m["community"], strict=True)) == labels
    assert N.community_membership(N.coauthor_graph(authorships({}))) == {}

    calls = []
    louvain = N.community._louvain
    monkeypatch.setattr(
        N.community, "_louvain", lambda g, seed: calls.append(seed) or louvain(g, seed)
    )
    assert N.community_membership(G) == labels and calls == []  # cached by the calls above
    N.communities(G)
    N.author_metrics(G)
    N.plot_network(G)
    assert calls == []
    N.community_membership(G, seed=3)  # one cache entry per seed
    assert calls == [3]
    G.add_edge("Solo", "New")  # networkx empties the cache: Louvain runs again
    after = N.community_membership(G)
    assert calls == [3, 0] and after["Solo"] == after["New"]
    labels_copy = N.community_membership(G)
    labels_copy["A"] = 99  # the caller's dict, not the cache
    assert N.community_membership(G)["A"] == after["A"]


def test_plot_network_takes_precomputed_communities(monkeypatch):
    import matplotlib.pyplot as plt

    G = two_groups()
    metrics = N.author_metrics(G)

    def no_louvain(*args, **kwargs):
        raise AssertionError("Louvain ran although communities were given")

    monkeypatch.setattr(N.community, "_louvain", no_louvain)
    given = {"A": 7, "B": 7, "C": 7, "X": 3, "Y": 3, "Z": 3}  # Solo: no community
    for communities in (given, pd.Series(given), metrics):
        H = G.copy()  # a fresh graph: nothing cached
        ax = N.plot_network(H, communities=communities, seed=1)
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        if communities is metrics:
            assert legend == ["#0 (3): C", "#1 (3): X", "#2 (1): Solo"]
        else:
            assert legend == ["#3 (3): X", "#7 (3): C", "other"]  # C: most papers, links
    with pytest.raises(TypeError, match="community_membership"):
        N.plot_network(G, communities=[0, 1])
    with pytest.raises(ValueError, match="'author' and 'community'"):
        N.plot_network(G, communities=metrics[["author"]])
    plt.close("all")


def test_whole_network_legend_is_beside_the_data_inside_the_figure():
    import matplotlib.pyplot as plt

    G = N.coauthor_graph(authorships({f"p{i}": [f"A{i}", f"B{i}", f"C{i}"] for i in range(12)}))
    ax = N.plot_network(G, label_top=40)
    fig = ax.figure
    fig.canvas.draw()
    legend = ax.get_legend()
    assert legend is not None
    texts = [t.get_text() for t in legend.get_texts()]
    assert len(texts) == 11 and texts[-1] == "other"  # ten communities coloured, two grey
    assert texts[0] == "#0 (3): A0"  # the community's size in the whole graph
    box = legend.get_window_extent()
    page = fig.bbox
    assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1
    # beside the axes: no node or label under it
    assert box.x0 >= ax.get_window_extent().x1 - 1
    texts = [t for t in ax.texts if t.get_text()]
    assert texts and all(t.get_fontsize() >= 9 for t in texts)
    assert all(not box.overlaps(t.get_window_extent()) for t in texts)
    plt.close(fig)


def test_network_labels_do_not_overlap_and_stay_inside():
    import matplotlib.pyplot as plt

    G = nx.relabel_nodes(nx.complete_graph(30), {i: f"Author {i:02d}" for i in range(30)})
    fig, ax = plt.subplots(figsize=(5, 5))
    N.plot_network(G, ax=ax, label_top=30, color_by=None)
    fig.canvas.draw()
    boxes = [t.get_window_extent().shrunk(0.95, 0.9) for t in ax.texts]
    assert 3 <= len(boxes) < 30  # the labels that fit, not all 30 on top of each other
    for i, a in enumerate(boxes):
        assert fig.bbox.x0 <= a.x0 and a.x1 <= fig.bbox.x1
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)
    plt.close(fig)


def test_plot_ego_trims_to_the_nearest_authors():
    import matplotlib.pyplot as plt

    G = N.coauthor_graph(
        authorships({
            "p1": ["Ego", "Near"], "p2": ["Ego", "Near"],  # two joint papers
            "p3": ["Ego", "Prolific"], "p4": ["Prolific", "Far"], "p5": ["Prolific", "Far2"],
            "p6": ["Ego", "Once"],
        })
    )
    ax = N.plot_ego(G, "ego", radius=2, max_nodes=3)
    assert ax.get_title() == (
        "Co-authors of Ego: 5 within 2 step(s)\n"
        "(showing the 2 nearest: fewest steps, most joint papers, most papers first)"
    )
    drawn = {t.get_text() for t in ax.texts}
    assert drawn == {"Ego", "Near", "Prolific"}  # 2 joint papers; then 3 papers beat 1
    assert len(ax.collections[1].get_offsets()) == 3
    full = N.plot_ego(G, "ego", radius=2, max_nodes=None)
    assert full.get_title() == "Co-authors of Ego: 5 within 2 step(s)"
    assert len(full.collections[1].get_offsets()) == 6
    assert N.draw._nearest(G, "Ego", 2, 5)[0] == ["Ego", "Near", "Prolific", "Once", "Far"]
    plt.close("all")


# ----------------------------------------------------------------------------------------
# the real corpus (skipped when ../shared/corpus is absent)
# ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_graph(real_corpus):
    return N.coauthor_graph(real_corpus)


def test_real_corpus_nodes_are_the_distinct_authors(real_corpus, real_graph):
    assert real_graph.number_of_nodes() == real_corpus.authorships["author"].nunique()
    assert real_graph.graph["papers"] == real_corpus.authorships["arxiv_id"].nunique()


def test_real_corpus_weights_equal_an_independent_count(real_corpus, real_graph):
    a = real_corpus.authorships.drop_duplicates(["arxiv_id", "author"])
    expected = Counter()
    for names in a.groupby("arxiv_id")["author"]:
        expected.update(itertools.combinations(sorted(names[1]), 2))
    assert real_graph.number_of_edges() == len(expected)
    got = {(a, b) if a < b else (b, a): w for a, b, w in real_graph.edges(data="weight")}
    assert got == dict(expected)
    papers = real_corpus.authorships.groupby("author")["arxiv_id"].nunique()
    assert {n: d for n, d in real_graph.nodes(data="papers")} == papers.to_dict()


def test_author_metrics_identical_across_runs_on_real_corpus(real_corpus):
    first = N.author_metrics(N.coauthor_graph(real_corpus), seed=0)
    second = N.author_metrics(N.coauthor_graph(real_corpus), seed=0)
    pd.testing.assert_frame_equal(first, second)


def test_total_votes_is_missing_not_zero_when_no_paper_has_votes(tmp_path):
    import papertoolkit as ptk

    corpus = ptk.loads("## Daily Papers (2024-01-02)\n\n### [A](https://arxiv.org/abs/2401.00001)"
                       "\n\nAuthors: Ann Lee, Bo Chen\n\n### [B](https://arxiv.org/abs/2401.00002)"
                       "\n\nVote: 4\n\nAuthors: Bo Chen, Cy Dee\n")
    G = N.coauthor_graph(corpus)
    assert "total_votes" not in G.nodes["Ann Lee"]
    assert G.nodes["Bo Chen"]["total_votes"] == 4
    metrics = N.author_metrics(G).set_index("author")
    assert metrics["total_votes"].isna().tolist() == [
        name == "Ann Lee" for name in metrics.index]
    for ext in ("graphml", "gexf", "csv"):
        back = N.read_graph(N.write_graph(G, tmp_path / f"g.{ext}")[0])
        assert "total_votes" not in back.nodes["Ann Lee"]
        assert int(back.nodes["Cy Dee"]["total_votes"]) == 4


def test_start_end_are_whole_days_and_since_until_deprecated_names():
    a = authorships({"p1": ["A", "B"], "p2": ["B", "C"]},
                    dates={"p1": ["2024-02-16"], "p2": ["2024-02-19"]})
    G = N.coauthor_graph(a, start="2024-02-19 09:00", end="2024-02-19 08:00")
    assert sorted(G.edges()) == [("B", "C")]  # a time of day is ignored: whole digest days
    deprecated = r"coauthor_graph\({}=\.\.\.\) is deprecated; use {}="
    with pytest.warns(FutureWarning, match=deprecated.format("since", "start")):
        old = N.coauthor_graph(a, since="2024-02-19")
    assert sorted(old.edges()) == [("B", "C")]
    with pytest.warns(FutureWarning, match=deprecated.format("until", "end")):
        assert sorted(N.coauthor_graph(a, until="2024-02-16").edges()) == [("A", "B")]
    with pytest.warns(FutureWarning, match="pass weighting as a keyword"):
        assert N.coauthor_graph(a, "newman")["A"]["B"]["weight"] == 1.0
    with pytest.raises(ValueError, match="^start must be a date such as '2024-02-16', got 'soon'"):
        N.coauthor_graph(a, start="soon")


def test_collaboration_summary_shows_as_a_table():
    s = N.collaboration_summary(two_groups())
    assert isinstance(s, pd.Series) and s["nodes"] == 7  # still a Series, same index
    assert type(s[["nodes", "edges"]]) is pd.Series  # slices are plain Series
    table = s.table()
    assert table.columns.tolist() == ["Measure", "Value"]
    values = dict(zip(table["Measure"], table["Value"], strict=True))
    assert values["Authors"] == "7" and values["Co-author links"] == "7"
    assert values["Authors without a co-author"] == "1"
    assert values["Largest group"] == "6 authors (86%)"  # 6 of 7
    assert values["Density"] == "0.33" and values["Papers"] == "6"
    html = s._repr_html_()
    assert html.startswith("<table") and html.count("<tr>") == 1 + len(table)
    assert "<td" in html and "Largest group" in html and "6 authors (86%)" in html
    plain = N.collaboration_summary(nx.Graph([("A", "B")]))  # no papers in G.graph
    assert dict(zip(plain.table()["Measure"], plain.table()["Value"], strict=True))[
        "Papers"] == "–"  # unknown
