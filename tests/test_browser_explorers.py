"""End to end in Chromium: every explorer in JupyterLab, Hangul glyphs, and the offline report.

JupyterLab (see :mod:`test_browser` for the server) runs a notebook that loads the real
corpus when it sits beside the checkout (the bundled sample otherwise) and shows the four
explorers. Playwright then, as a reader would: sorts the votes table by date (and checks the
first row against the dates computed in this process), selects a paper and reads its
summary bullets, downloads the table as CSV (and compares it with the explorer's own rows),
types an author's name in lower case (and checks the papers listed), and selects a paper of
the topics explorer. It checks that Hangul renders with glyphs, not boxes, in the font
stack the HTML outputs name, and opens ``papertoolkit report`` offline: no request leaves the
page, the tables sort. Screenshots of every explorer are saved in the test's temporary
folder (paths printed; ``pytest -s``).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from test_browser import (  # noqa: F401 - browser_tools is a fixture used below
    ROOT,
    UI_TIMEOUT_MS,
    LabServer,
    _wait_for,
    browser_tools,
    chromium_page,
)

pytestmark = pytest.mark.browser

REAL = ROOT.parent / "shared" / "corpus" / "l-yohai__daily_papers_ko"
NOTEBOOK = "explorers.ipynb"
SETUP = """\
import papertoolkit as ptk
from papertoolkit.topics import tag_topics
from papertoolkit.widgets import explore_authors, explore_network, explore_topics, explore_votes

corpus = ptk.load({digests!r})
tags = tag_topics(corpus)
"""
CELLS = ["explore_votes(corpus, tags=tags)", "explore_topics(corpus, tags=tags)",
         "explore_authors(corpus)", "explore_network(corpus)"]

# Draws "가", "힣" and a private-use character (a box in every font) on a canvas in the
# given font stack: with a Korean font the two syllables differ from each other and from
# the box; without one all three are the same box.
HANGUL_JS = """(family) => {
  const draw = (ch) => { const c = document.createElement('canvas'); c.width = 48; c.height = 48;
    const x = c.getContext('2d'); x.font = '36px ' + family; x.fillStyle = '#000';
    x.fillText(ch, 4, 38); return c.toDataURL(); };
  return {ga: draw('가'), hih: draw('힣'), box: draw('\\uE000')};
}"""


def _korean_font_installed() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    out = subprocess.run([fc_list, ":lang=ko"], capture_output=True, text=True, check=False)
    return bool(out.stdout.strip())


def _corpus_dir(lab: LabServer) -> Path:
    return REAL if REAL.is_dir() else lab.work / "data"


def _write_notebook(lab: LabServer, digests: Path) -> None:
    cells = [nbformat.v4.new_code_cell(SETUP.format(digests=str(digests)))]
    cells += [nbformat.v4.new_code_cell(c) for c in CELLS]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nbformat.write(nb, lab.work / "notebooks" / NOTEBOOK)


def _expected(digests: Path) -> dict:
    """What the explorers show, computed in this process (without topic tags: the checked
    columns do not depend on them)."""
    import pandas as pd

    import papertoolkit as ptk
    from papertoolkit.details import PaperIndex
    from papertoolkit.widgets import explore_votes

    corpus = ptk.load(digests)
    no_tags = pd.DataFrame({"arxiv_id": pd.Series(dtype=str), "topic": pd.Series(dtype=str),
                            "matched_terms": pd.Series(dtype=str)})
    votes = explore_votes(corpus, tags=no_tags)
    frame = votes.table.frame
    dates = frame["Date"].dropna().map(lambda d: pd.Timestamp(d).date().isoformat())
    authors = corpus.authors.sort_values(["papers", "author"], ascending=[False, True])
    # an author with an accent-free, plain name, typed in lower case
    name = next(a for a in authors["author"].astype(str) if re.fullmatch(r"[A-Za-z ]+", a))
    return {
        "n_papers": len(frame),
        "min_date": dates.min(), "max_date": dates.max(),
        "max_votes": int(frame["Votes"].max()),
        "ids": frame["arXiv id"].astype(str).tolist(),
        "index": PaperIndex(corpus),
        "titles": corpus.papers_unique.set_index("arxiv_id")["title"].astype(str).to_dict(),
        "author": name,
        "author_papers": int(authors.set_index("author").loc[name, "papers"]),
    }


def _cell_output(page, k: int):
    return page.locator(".jp-CodeCell").nth(k).locator(".jp-Cell-outputArea")


def test_explorers_in_jupyterlab(tmp_path, browser_tools):  # noqa: F811 - a fixture
    lab = LabServer(tmp_path)
    lab.prepare()
    digests = _corpus_dir(lab)
    _write_notebook(lab, digests)
    expected = _expected(digests)
    shots = tmp_path / "screenshots"
    shots.mkdir()
    lab.start()
    try:
        with chromium_page(browser_tools, viewport={"width": 1400, "height": 2400},
                           accept_downloads=True, failure=shots / "failure.png",
                           lab=lab) as page:
            _drive(page, lab, expected, shots)
    finally:
        lab.stop()
    print(f"screenshots: {shots}")


def _drive(page, lab: LabServer, expected: dict, shots: Path) -> None:
    page.goto(f"{lab.url}/lab/tree/notebooks/{NOTEBOOK}?token={lab.token}")
    page.locator(".jp-NotebookPanel").first.wait_for(state="visible")
    lab.wait_kernel_idle()
    votes = _cell_output(page, 1)
    status = votes.locator(".widget-html").filter(has_text="digest appearances")
    for attempt in range(2):  # once more if the first request was lost while connecting
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            status.wait_for(state="visible", timeout=240_000 if attempt else 120_000)
            break
        except Exception:
            if attempt:
                raise
    lab.wait_kernel_idle(timeout=600)
    assert not page.locator(".jp-OutputArea-output", has_text="Traceback").count(), \
        "a cell raised an error"
    assert f"{expected['n_papers']:,} papers" in status.inner_text()

    # --- votes: sort by date, both ways; the first row is the earliest, then the latest day
    table = votes.locator("table.dataTable").first
    date_header = table.locator("thead th", has_text="Date").first
    first_date = table.locator("tbody tr").first.locator("td").nth(2)
    date_header.click()
    _wait_for(lambda: first_date.inner_text().strip() == expected["min_date"],
              f"first row dated {expected['min_date']} after sorting", votes)
    date_header.click()
    _wait_for(lambda: first_date.inner_text().strip() == expected["max_date"],
              f"first row dated {expected['max_date']} after sorting again", votes)

    # --- download: the CSV holds every row of the table, with the explorer's ids
    with page.expect_download() as download:
        votes.get_by_role("button", name="CSV").click()
    path = shots / "papers.csv"
    download.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert len(rows) == expected["n_papers"]
    assert sorted(r["arXiv id"] for r in rows) == sorted(expected["ids"])
    assert list(rows[0]) == ["Title", "Votes", "Date", "Days listed", "Authors", "Topics",
                             "HF", "arXiv id"]
    with page.expect_download() as download:
        votes.get_by_role("button", name="Excel").click()
    assert download.value.suggested_filename == "papers.xlsx"
    download.value.save_as(shots / "papers.xlsx")
    assert (shots / "papers.xlsx").read_bytes()[:2] == b"PK"  # an xlsx is a zip file

    # --- a paper's summary: sort back by votes, select the first row, read the bullets
    votes_header = table.locator("thead th", has_text="Votes").first
    votes_header.click()
    votes_header.click()  # most votes first
    first_row = table.locator("tbody tr").first
    _wait_for(lambda: first_row.locator("td").nth(1).inner_text().strip()
              == f"{expected['max_votes']}", "the most voted paper first", votes)
    first_id = first_row.locator("td").last.inner_text().strip()
    first_row.locator("td").nth(1).click()
    detail = votes.locator(".ptk-paper")
    detail.wait_for(state="visible")
    text = detail.inner_text()
    assert expected["titles"][first_id] in text
    bullets = expected["index"].bullets(first_id)
    assert bullets, "the most voted paper has a summary"
    for label, bullet in bullets:
        assert bullet[:40] in text
        if label:
            assert f"{label}:" in text
    assert detail.get_by_role("link", name="Hugging Face page").get_attribute("href") == \
        f"https://huggingface.co/papers/{first_id}"
    hangul = page.evaluate(HANGUL_JS, detail.evaluate("e => getComputedStyle(e).fontFamily"))
    if _korean_font_installed():
        assert hangul["ga"] != hangul["hih"] and hangul["ga"] != hangul["box"], \
            "Hangul drew as boxes in the font stack of the HTML outputs"
    votes.screenshot(path=str(shots / "votes.png"))

    # --- authors: type a name in lower case, a key at a time
    authors = _cell_output(page, 3)
    box = authors.locator(".widget-text").filter(has_text="Author").locator("input")
    box.fill("")
    box.press_sequentially(expected["author"].lower(), delay=20)
    summary = authors.locator(".widget-html").filter(has_text="paper(s)")
    _wait_for(lambda: f"{expected['author']}: {expected['author_papers']} paper(s)"
              in summary.inner_text(), f"{expected['author']} shown", authors)
    author_rows = authors.locator("table.dataTable").first.locator("tbody tr")
    # the summary line is drawn before DataTables has filled the author's table: wait for it
    _wait_for(lambda: author_rows.count() == min(expected["author_papers"], 10),
              f"author table lists {min(expected['author_papers'], 10)} rows", authors)
    authors.screenshot(path=str(shots / "authors.png"))

    # --- topics: select the first paper of the topic; its matched terms are marked
    topics = _cell_output(page, 2)
    topics.locator("table.dataTable").first.locator("tbody tr").first.locator("td").nth(1)\
        .click()
    topic_detail = topics.locator(".ptk-paper")
    topic_detail.wait_for(state="visible")
    assert topic_detail.locator("mark").count() > 0
    topics.screenshot(path=str(shots / "topics.png"))
    _cell_output(page, 4).screenshot(path=str(shots / "network.png"))


def test_report_opens_offline(tmp_path, browser_tools, data_dir):  # noqa: F811
    from papertoolkit.cli import main

    digests = REAL if REAL.is_dir() else data_dir
    out = tmp_path / "report.html"
    assert main(["report", str(digests), "--out", str(out)]) == 0
    with chromium_page(browser_tools, viewport={"width": 1300, "height": 1000}, offline=True,
                       failure=tmp_path / "report_failure.png") as page:
        outside: list[str] = []

        def block(route) -> None:  # every request that would leave the file: refused
            url = route.request.url
            if url.startswith(("file:", "data:", "blob:")):
                route.continue_()
            else:
                outside.append(url)
                route.abort()

        page.context.route("**/*", block)  # before the page loads anything
        requests: list[str] = []
        errors: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(out.as_uri())
        table = page.locator("#papers table.dataTable").first
        table.wait_for(state="visible", timeout=UI_TIMEOUT_MS)
        assert page.locator("table.dataTable").count() >= 4
        header = table.locator("thead th", has_text="Votes").first
        cells = table.locator("tbody tr td:nth-child(3)")
        header.click()
        header.click()
        shown = [int(v) for v in cells.all_inner_texts()[:5] if v.strip()]
        assert shown == sorted(shown, reverse=True) and shown
        import papertoolkit as ptk

        corpus = ptk.load(digests)
        assert shown[0] == int(corpus.papers_unique["max_votes"].max())
        page.screenshot(path=str(tmp_path / "report.png"))
        _report_map(page, corpus, tmp_path)
        left = [u for u in requests if not u.startswith(("file:", "data:", "blob:"))]
        assert outside == [] and left == [] and errors == []
    print(f"screenshots: {sorted(str(p) for p in tmp_path.glob('report*.png'))}")


def _author_papers(corpus, name: str) -> tuple[int, int, list[str]]:
    """Papers, total votes and most voted titles of *name*, from the tables."""
    row = corpus.authors.set_index("author").loc[name]
    ids = corpus.authorships.loc[corpus.authorships["author"] == name, "arxiv_id"].unique()
    papers = corpus.papers_unique[corpus.papers_unique["arxiv_id"].isin(ids)]
    papers = papers.sort_values(["max_votes", "first_seen", "arxiv_id"],
                                ascending=[False, True, True], na_position="last")
    return int(row["papers"]), int(row["total_votes"]), papers["title"].astype(str).tolist()


def _report_map(page, corpus, tmp_path) -> None:
    """The report's network map works offline: hover, click, zoom and pan."""
    section = page.locator("#network-map")
    sigma = section.locator(".ipysigma-widget").first
    sigma.locator("canvas").first.wait_for(state="visible")
    section.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)  # the first frame
    page.screenshot(path=str(tmp_path / "report_map.png"))
    card = section.locator(".ptk-sigma-hover")
    box = sigma.bounding_box()
    found = None
    for y in range(int(box["y"]) + 40, int(box["y"] + box["height"]) - 40, 8):
        for x in range(int(box["x"]) + 60, int(box["x"] + box["width"]) - 280, 8):
            page.mouse.move(x, y)
            if card.is_visible():
                found = (x, y)
                break
        if found:
            break
    assert found, "hovering the map never showed an author's card"
    lines = card.inner_text().splitlines()
    name = lines[0]
    papers, votes, titles = _author_papers(corpus, name)
    counts = f"{papers:,} paper{'s' * (papers != 1)}", f"{votes:,} vote{'s' * (votes != 1)}"
    assert lines[1] == f"{counts[0]} · {counts[1]}"
    coauthors = int(corpus.authors.set_index("author").loc[name, "coauthors"])
    assert lines[2] == f"{coauthors:,} co-author{'s' * (coauthors != 1)} in the whole corpus"
    assert lines[4] == "Most voted:"
    assert [t.split("• ", 1)[1].rsplit(" (", 1)[0] for t in lines[5:]] == titles[:3]
    page.screenshot(path=str(tmp_path / "report_map_hover.png"))

    page.mouse.click(*found)  # the author's papers, listed under the map
    panel = section.locator(".ptk-sigma-papers")
    panel.locator("h3").wait_for(state="visible")
    assert panel.locator("h3").inner_text() == f"{name}: {counts[0]}, {votes:,} votes"
    assert panel.locator("li a").all_inner_texts() == titles[:12]
    href = panel.locator("li a").first.get_attribute("href")
    assert href.startswith("https://arxiv.org/abs/")
    page.screenshot(path=str(tmp_path / "report_map_click.png"))

    def camera() -> dict:
        return page.evaluate("() => document.getElementById('network-map')"
                             ".ptkView.model.get('camera_state')")

    before = camera()
    sigma.locator(".ipysigma-zoom-button").click()
    page.mouse.move(box["x"] + box["width"] / 3, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -300)
    page.wait_for_timeout(1200)  # ipysigma keeps the camera after 0.5 s of quiet
    zoomed = camera()
    assert zoomed["ratio"] < before["ratio"], (before, zoomed)
    start = (box["x"] + box["width"] / 3, box["y"] + box["height"] - 60)
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(start[0] + 120, start[1] - 80, steps=8)
    page.mouse.up()
    page.wait_for_timeout(1200)
    panned = camera()
    assert (panned["x"], panned["y"]) != (zoomed["x"], zoomed["y"]), (zoomed, panned)
    page.screenshot(path=str(tmp_path / "report_map_zoomed.png"))
