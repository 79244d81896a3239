"""The shareable HTML report (``papertoolkit report``): content, escaping, offline, atomic."""

from __future__ import annotations

import json
import re

import pytest

import papertoolkit as ptk
from papertoolkit.cli import main
from papertoolkit.report import communities_frame, network_summary_frame, write_report

DIGEST = """## Daily Papers (2024-02-16)

### [Alpha <script>alert(1)</script> LLM](https://arxiv.org/abs/2402.00001)

Vote: 30

Authors: Ann Lee, Bo Chen

- LLM 스케일링 법칙을 다시 살펴봅니다.

### [Beta Robots](https://arxiv.org/abs/2402.00002)

Vote: 5

Authors: Bo Chen, Cy Park

## Daily Papers (2024-02-17)

### [Gamma Video](https://arxiv.org/abs/2402.00003)

Authors: Dee Kim
"""


@pytest.fixture(scope="module")
def corpus():
    return ptk.loads(DIGEST)


def _tables(page: str) -> list[dict]:
    """The DataTables arguments of every table in the page."""
    found = re.findall(r"getElementById\(\"[^\"]+\"\), (\{.*?\})\);\n</script>", page)
    return [json.loads(text.replace("<\\/", "</")) for text in found]


def test_report_holds_escaped_sortable_tables(corpus, tmp_path):
    path = write_report(corpus, tmp_path / "sub" / "report.html", title="My <b>report</b>")
    page = path.read_text(encoding="utf-8")
    assert "<title>My &lt;b&gt;report&lt;/b&gt;</title>" in page
    assert "<script>alert(1)" not in page
    tables = _tables(page)
    assert len(tables) == 4  # papers, topics, authors, communities
    papers = json.loads(tables[0]["data_json"])
    headers = re.findall(r"<th>(.*?)</th>", tables[0]["table_html"])
    assert headers[:3] == ["Title", "HF", "Votes"]
    votes = [row[2] for row in papers]
    assert votes == [30, 5, None]  # most voted first, no vote last
    assert 'href="https://arxiv.org/abs/2402.00001"' in papers[0][0]
    assert "Alpha &lt;script&gt;alert(1)&lt;/script&gt; LLM" in papers[0][0]
    assert 'href="https://huggingface.co/papers/2402.00001"' in papers[0][1]
    authors = json.loads(tables[2]["data_json"])
    assert [row[:2] for row in authors] == [["Bo Chen", 2], ["Ann Lee", 1], ["Cy Park", 1],
                                            ["Dee Kim", 1]]
    # whole numbers: thousands separators on screen, numbers to sort and download
    (defs,) = tables[2]["columnDefs"]
    assert defs["targets"] == [1, 2, 3] and "toLocaleString('en-US')" in defs["render"]
    assert ["columnDefs", 0, "render"] in tables[2]["keys_to_be_evaluated"]
    assert tables[0]["buttons"][1]["exportOptions"]["orthogonal"] == "export"
    assert tables[0]["buttons"][1]["extend"] == "csvHtml5"
    assert tables[0]["buttons"][2]["extend"] == "excelHtml5"


def test_report_is_self_contained(corpus, tmp_path):
    page = write_report(corpus, tmp_path / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=", page)
    assert not re.search(r"url\(\s*['\"]?https?:", page)
    assert "data:image/png;base64," in page
    assert "Noto Sans CJK KR" in page and "NanumGothic" in page  # Korean fonts in the stack


def test_report_write_is_atomic_and_replaces(corpus, tmp_path):
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    write_report(corpus, target)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary file left
    with pytest.raises(ValueError, match="out must be an .html file, got 'report.txt'"):
        write_report(corpus, "report.txt")


def test_network_tables_have_names_and_linked_titles(corpus):
    from papertoolkit.network import coauthor_graph, communities

    G = coauthor_graph(corpus)
    summary = network_summary_frame(G)
    values = dict(zip(summary["Measure"], summary["Value"], strict=True))
    assert values["Authors"] == "4" and values["Co-author links"] == "2"
    assert values["Connected groups"] == "2"
    assert values["Largest group"] == "3 authors (75%)"
    titles = {"2402.00001": "Alpha <x>", "2402.00002": "Beta Robots"}
    frame = communities_frame(communities(G), titles)
    first = frame.iloc[0]
    assert first["Community"] == "#0" and first["Authors"] == 3
    assert first["Top authors"] == "Bo Chen; Ann Lee; Cy Park"
    assert "Alpha &lt;x&gt;</a>" in first["Top papers"]
    assert 'href="https://arxiv.org/abs/2402.00002"' in first["Top papers"]


def test_cli_report(tmp_path, capsys):
    folder = tmp_path / "digests"
    folder.mkdir()
    (folder / "2024-02-16.md").write_text(DIGEST, encoding="utf-8")
    out = tmp_path / "r.html"
    assert main(["report", str(folder), "--out", str(out)]) == 0
    assert f"Wrote {out}" in capsys.readouterr().out
    assert "Beta Robots" in out.read_text(encoding="utf-8")
    assert main(["report", str(folder), "--out", str(tmp_path / "r.pdf")]) == 2
    assert "--out must name an .html file" in capsys.readouterr().err


def _map_data(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="network-map-data">(.*?)</script>',
                      page)
    return json.loads(found.group(1))


def test_report_network_is_an_offline_interactive_map(corpus, tmp_path):
    pytest.importorskip("ipysigma")
    from papertoolkit.network.standalone import sigma_bundle

    page = write_report(corpus, tmp_path / "report.html").read_text(encoding="utf-8")
    bundle, notices = sigma_bundle()
    assert page.count(bundle[-2000:]) == 1  # ipysigma's own bundle, inlined once
    assert "Copyright (c) 2022 Guillaume Plique" in notices  # its MIT notice is kept
    assert "Guillaume Plique" in page and "chroma.js" in page
    assert not re.search(r"<script[^>]+src=", page)
    assert "<script>alert(1)" not in page  # the map's JSON escapes "<" too
    data = _map_data(page)
    nodes = {n["key"]: n["attributes"] for n in data["state"]["data"]["nodes"]}
    # the authors with a co-author (Dee Kim has none), with papers and summed votes
    assert {k: (a["papers"], a["votes"]) for k, a in nodes.items()} == {
        "Ann Lee": (1, 30), "Bo Chen": (2, 35), "Cy Park": (1, 5)}
    assert {frozenset((e["source"], e["target"])) for e in data["state"]["data"]["edges"]} == {
        frozenset(("Ann Lee", "Bo Chen")), frozenset(("Bo Chen", "Cy Park"))}
    assert data["papers"]["Bo Chen"] == {"papers": [
        ["2402.00001", "Alpha <script>alert(1)</script> LLM", 30, "2024-02-16"],
        ["2402.00002", "Beta Robots", 5, "2024-02-16"]], "more": 0}
    assert data["papers"]["Cy Park"]["papers"] == [
        ["2402.00002", "Beta Robots", 5, "2024-02-16"]]


def test_papers_of_authors_most_voted_first_with_a_count_of_the_rest(corpus):
    from papertoolkit.report import papers_of_authors

    out = papers_of_authors(corpus, ["Bo Chen", "Dee Kim", "Nobody"], limit=1)
    assert out == {
        "Bo Chen": {"papers": [["2402.00001", "Alpha <script>alert(1)</script> LLM", 30,
                                "2024-02-16"]], "more": 1},
        "Dee Kim": {"papers": [["2402.00003", "Gamma Video", None, "2024-02-17"]], "more": 0},
    }


def test_report_without_ipysigma_holds_the_static_figure(corpus, tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "ipysigma", None)
    page = write_report(corpus, tmp_path / "report.html").read_text(encoding="utf-8")
    assert "network-map-data" not in page and "ptkSigmaMount" not in page
    assert "A picture: an interactive map needs ipysigma" in page
    assert 'alt="Co-author network"' in page
