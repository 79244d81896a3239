"""Graph files for any author name: GraphML and GEXF read back by networkx and igraph.

Names may hold XML-illegal characters (C0 controls, lone surrogates, U+FFFE/U+FFFF), carriage
returns, backslashes, quotes and markup, and may differ only by such characters: node ids stay
unique and :func:`papertoolkit.network.read_graph` returns the exact names.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papertoolkit import network as N

HOSTILE = "\x00\x01\x07\x08\x0b\x0c\x0e\x1f\r\n\t\\\"'<>&$\ud800\udfff\ufffe\uffff\u200b\x7f\x85"
names = st.text(alphabet=st.sampled_from(HOSTILE) | st.characters(codec="utf-8"),
                min_size=1, max_size=12)


def hostile_graph(people: list[str]) -> nx.Graph:
    G = nx.Graph(name="g\x01")
    for i, name in enumerate(people):
        G.add_node(name, label=name, papers=i + 1)
    for a, b in zip(people, people[1:], strict=False):
        G.add_edge(a, b, weight=1, arxiv_ids=["2402.10200", f"id\x00{len(a)}"])
    return G


def assert_same(back: nx.Graph, G: nx.Graph) -> None:
    assert set(back) == set(G)
    assert {frozenset(e) for e in back.edges()} == {frozenset(e) for e in G.edges()}
    for node, data in G.nodes(data=True):
        assert back.nodes[node]["label"] == data["label"]
    for a, b, data in G.edges(data=True):
        assert back[a][b]["arxiv_ids"] == data["arxiv_ids"]


def igraph_ids(path) -> list[str]:
    igraph = pytest.importorskip("igraph")
    g = igraph.Graph.Read_GraphML(str(path))
    return g.vs["id"], g.ecount(), g.vs["label"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(people=st.lists(names, min_size=1, max_size=8, unique=True))
def test_any_names_read_back_by_networkx_and_igraph(tmp_path, people):
    G = hostile_graph(people)
    for suffix in (".graphml", ".gexf"):
        (path,) = N.write_graph(G, tmp_path / f"g{suffix}")
        ET.parse(path)  # well-formed XML
        assert_same(N.read_graph(path), G)
        raw = nx.read_graphml(path) if suffix == ".graphml" else nx.read_gexf(path)
        assert raw.number_of_nodes() == len(people)  # ids unique: no two names merged
        assert raw.number_of_edges() == G.number_of_edges()
    ids, n_edges, labels = igraph_ids(tmp_path / "g.graphml")
    assert len(set(ids)) == len(people) and n_edges == G.number_of_edges()
    assert {N.io._xml_unescape(i) for i in ids} == set(people)
    assert [N.io._xml_unescape(x) for x in labels] == [N.io._xml_unescape(i) for i in ids]


def test_names_differing_only_by_control_characters_stay_apart(tmp_path):
    people = ["Ann Lee", "Ann\x07 Lee", "Ann\x00Lee", "AnnLee", "Ann\\x07 Lee", "Ann\rLee",
              "Ann\nLee"]
    G = hostile_graph(people)
    for suffix in (".graphml", ".gexf"):
        (path,) = N.write_graph(G, tmp_path / f"g{suffix}")
        back = N.read_graph(path)
        assert sorted(back) == sorted(people)
    ids, _, _ = igraph_ids(tmp_path / "g.graphml")
    assert sorted(ids) == sorted(["Ann Lee", "Ann\\x07 Lee", "Ann\\x00Lee", "AnnLee",
                                  "Ann\\\\x07 Lee", "Ann\rLee", "Ann\nLee"])


def test_plain_names_are_written_unchanged(tmp_path):
    G = hostile_graph(["Zoë Müller", "김철수", "O'Brien <Co>", "Tom & Jerry"])
    (path,) = N.write_graph(G, tmp_path / "g.graphml")
    raw = nx.read_graphml(path)
    # "&" in an id is escaped (igraph would read it as "&#38;"); the label keeps it
    assert set(raw) == {"Zoë Müller", "김철수", "O'Brien <Co>", "Tom \\x26 Jerry"}
    assert raw.nodes["Tom \\x26 Jerry"]["label"] == "Tom & Jerry"
    assert set(N.read_graph(path)) == set(G)


MATHTEXT = ["$x^$", "$\\frac{$", "a$b$c", "$$", "Ann $\\alpha$ Lee", "Bo \\$ Chen", "$"]


def test_mathtext_in_names_never_breaks_a_plot():
    import matplotlib.pyplot as plt
    from matplotlib import cbook

    G = hostile_graph(MATHTEXT)
    G.add_edge(MATHTEXT[0], MATHTEXT[3], weight=2, arxiv_ids=["p"])
    axes = [N.plot_network(G, label_top=len(MATHTEXT)), N.plot_ego(G, "$x^$", label_top=3)]
    try:
        for ax in axes:
            ax.figure.canvas.draw()  # mathtext errors surface only when drawing
            legend = ax.get_legend()
            texts = list(ax.texts) + (list(legend.get_texts()) if legend else [])
            assert texts
            for text in texts:
                assert not cbook.is_math_text(text.get_text()), text.get_text()
            shown = {t.get_text().replace("\\$", "$") for t in ax.texts}
            assert shown and shown <= set(MATHTEXT)
        assert axes[1].get_title().replace("\\$", "$").startswith("Co-authors of $x^$:")
    finally:
        plt.close("all")


@pytest.mark.parametrize("call, error, message", [
    (lambda p: N.write_graph({"A": "B"}, p / "g.graphml"), TypeError,
     "G must be Graph, got dict {'A': 'B'}"),
    (lambda p: N.write_graph(nx.Graph(), 3), TypeError, "path must be str or PathLike, got int 3"),
    (lambda p: N.write_graph(nx.Graph(), p / "g.json"), ValueError, "unknown graph format '.json'"),
    (lambda p: N.read_graph(None), TypeError, "path must be str or PathLike, got NoneType None"),
])
def test_graph_file_arguments_are_checked(tmp_path, call, error, message):
    with pytest.raises(error) as raised:
        call(tmp_path)
    assert str(raised.value).startswith(message)


def test_starter_notebook_arguments_are_checked(tmp_path):
    from papertoolkit.notebook import write_starter_notebook

    with pytest.raises(TypeError, match="out_path must be str or PathLike, got int 5"):
        write_starter_notebook("data", 5)
    with pytest.raises(TypeError, match="overwrite must be bool, got str 'yes'"):
        write_starter_notebook("data", tmp_path / "a.ipynb", overwrite="yes")
    assert list(tmp_path.iterdir()) == []


def test_excel_graph_csvs_read_back_as_the_plain_ones(tmp_path):
    import papertoolkit as ptk
    from papertoolkit.export import write_export

    text = ("## Daily Papers (2024-02-16)\n\n### [T](https://arxiv.org/abs/2402.10200)\n\n"
            "Authors: 0012, Ann Lee, =cmd\n\n### [U](https://arxiv.org/abs/2402.10300)\n\n"
            "Authors: 0012, 1984\n")
    corpus = ptk.loads(text)
    write_export(corpus, tmp_path / "plain", graph=True)
    write_export(corpus, tmp_path / "excel", graph=True, excel=True)
    plain = N.read_graph(tmp_path / "plain" / "coauthor_edges.csv")
    excel = N.read_graph(tmp_path / "excel" / "coauthor_edges.csv")
    assert "0012" in excel and "1984" in excel and "'=cmd" in excel  # apostrophe stays (text)
    assert set(plain) - {"=cmd"} == set(excel) - {"'=cmd"}
    assert excel["0012"]["1984"]["arxiv_ids"] == ["2402.10300"]
    assert plain["0012"]["Ann Lee"] == excel["0012"]["Ann Lee"]


def test_graphml_keeps_names_as_ids_and_integers_typed(tmp_path, data_dir):
    """Why papertoolkit keeps its own GraphML writer (benchmarks/README.md, "GraphML"):
    igraph's C writer is about 2x faster but writes node ids n0, n1, ... and every number as
    a double; ours writes the author names as ids and integers as integers."""
    import papertoolkit as ptk

    G = N.coauthor_graph(ptk.load(data_dir))
    (path,) = N.write_graph(G, tmp_path / "g.graphml")
    back = nx.read_graphml(path)
    assert sorted(back) == sorted(G)
    node = max(G, key=lambda n: G.nodes[n]["papers"])
    assert type(back.nodes[node]["papers"]) is int
    assert back.nodes[node]["papers"] == G.nodes[node]["papers"]
    a, b, d = next(iter(G.edges(data=True)))
    assert type(back[a][b]["n_papers"]) is int and back[a][b]["n_papers"] == d["n_papers"]
    # igraph's writer, for comparison (if this starts failing, reconsider using it)
    igraph = pytest.importorskip("igraph")
    g = N._arrays.arrays_of(G).to_igraph(attributes=True)
    g.write_graphml(str(tmp_path / "ig.graphml"))
    theirs = nx.read_graphml(tmp_path / "ig.graphml")
    assert node not in theirs and "n0" in theirs
    assert type(theirs.nodes["n0"]["papers"]) is float
    assert igraph.Graph.Read_GraphML(str(path)).vcount() == G.number_of_nodes()


def test_csv_graph_reads_back_with_its_numbers_typed(tmp_path):
    """An author without votes leaves ``total_votes`` empty in the node CSV; the others must
    still come back as integers (they came back as text '13'), and text stays text."""
    G = nx.Graph()
    G.add_node("Ann Lee", label="Ann Lee", papers=2, total_votes=13, first_seen="2024-02-16")
    G.add_node("Bo Kim", label="Bo Kim", papers=1, first_seen="2024-02-17")  # no votes
    G.add_node("0012", label="0012", papers=1, total_votes=0, first_seen="2024-02-17")
    G.add_edge("Ann Lee", "Bo Kim", weight=1, n_papers=1, arxiv_ids=["2402.10200"])
    G.add_edge("Ann Lee", "0012", weight=1, n_papers=1, arxiv_ids=["2402.10300"])
    back = N.read_graph(N.write_graph(G, tmp_path / "g_edges.csv")[0])
    assert back.nodes["Ann Lee"]["total_votes"] == 13
    assert type(back.nodes["Ann Lee"]["total_votes"]) is int
    assert type(back.nodes["0012"]["total_votes"]) is int
    assert "total_votes" not in back.nodes["Bo Kim"]
    assert back.nodes["0012"]["label"] == "0012"  # a name of digits stays text
    assert back.nodes["Bo Kim"]["first_seen"] == "2024-02-17"
    assert dict(back.nodes(data=True)) == dict(G.nodes(data=True))
    assert back["Ann Lee"]["Bo Kim"] == G["Ann Lee"]["Bo Kim"]
