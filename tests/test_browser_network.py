"""End to end in a real browser: the network explorer's ipysigma map in JupyterLab.

Starts JupyterLab and headless Chromium as ``test_browser.py`` does, runs a notebook that
opens ``explore_network`` on the real corpus when it sits beside the checkout (the bundled
sample otherwise), then: finds an author on the map by hovering (the pointer turns into a
hand over a node), clicks it and checks that the explorer beside the map shows that
author (the Python side received the click), zooms with the zoom button and the mouse
wheel and checks the camera moved (read back from the kernel). Screenshots are saved in
the test's temporary folder (paths printed; ``pytest -s``).
"""

from __future__ import annotations

import json
import re
import shutil
import time

import pytest
from conftest import REAL_CORPUS
from test_browser import UI_TIMEOUT_MS, LabServer, browser_tools, chromium_page, lab  # noqa: F401

pytestmark = pytest.mark.browser
pytest.importorskip("ipysigma")


def _notebook(path, source: str) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in source.split("\n# ---\n")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nbformat.write(nb, path)


def test_network_map_hover_click_zoom(lab, browser_tools, tmp_path):  # noqa: F811
    if REAL_CORPUS.is_dir():
        shutil.copytree(REAL_CORPUS, lab.work / "corpus")
        source = "corpus"
    else:
        source = "data"
    _notebook(lab.work / "network.ipynb", (
        "import papertoolkit as ptk\n"
        "from papertoolkit.widgets import explore_network\n"
        f"corpus = ptk.load({source!r}, progress=False)\n"
        "w = explore_network(corpus, max_nodes=80)\n"
        "w"
        "\n# ---\n"
        "import json; print('STATE', json.dumps({'author': w.selected_author, "
        "'camera': w.map.camera_state}))"
        "\n# ---\n"
        "from papertoolkit.widgets import explore_authors\n"
        "a = explore_authors(corpus)\n"
        "a"
    ))
    shots = tmp_path / "screenshots"
    shots.mkdir()
    import papertoolkit as ptk

    authors = ptk.load(lab.work / source, progress=False).authors
    expected = {a: (int(p), int(v), int(c)) for a, p, v, c in zip(
        authors["author"], authors["papers"], authors["total_votes"].fillna(0),
        authors["coauthors"], strict=True)}
    with chromium_page(browser_tools, viewport={"width": 1500, "height": 1200},
                       failure=shots / "failure.png", lab=lab) as page:
        _drive(page, lab, shots, expected)
    print(f"screenshots: {sorted(str(p) for p in shots.iterdir())}")


def _state(page, server: LabServer) -> dict:
    """Run the second cell and read what the kernel knows (clicked author, camera)."""
    cells = page.locator(".jp-CodeCell")
    cell = cells.nth(1)
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    server.wait_kernel_idle()
    out = cell.locator(".jp-OutputArea-output").filter(has_text="STATE")
    out.wait_for(state="visible")
    return json.loads(re.search(r"STATE (\{.*\})", out.inner_text()).group(1))


def _drive(page, server: LabServer, shots, expected: dict) -> None:
    page.goto(f"{server.url}/lab/tree/network.ipynb?token={server.token}")
    page.locator(".jp-NotebookPanel").first.wait_for(state="visible")
    server.wait_kernel_idle()
    first = page.locator(".jp-CodeCell").first
    for attempt in range(2):
        first.locator(".jp-InputArea-editor").click()
        page.keyboard.press("Shift+Enter")
        try:
            first.locator(".ipysigma-widget canvas").first.wait_for(
                state="visible", timeout=UI_TIMEOUT_MS * (2 if attempt else 1))
            break
        except Exception:
            if attempt:
                raise
    server.wait_kernel_idle()
    assert not page.locator(".jp-OutputArea-output", has_text="Traceback").count()
    sigma = first.locator(".ipysigma-widget").first
    sigma.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)  # first frame
    page.screenshot(path=str(shots / "network_map.png"))
    container = sigma.locator(".ipysigma-container, .sigma-container").first
    if not container.count():
        container = sigma
    box = sigma.bounding_box()

    # hover: scan the map until the pointer becomes a hand (sigma's enterNode)
    def cursor() -> str:
        return page.evaluate(
            "() => Array.from(document.querySelectorAll('.ipysigma-widget *'))"
            ".map(e => e.style && e.style.cursor).find(c => c === 'pointer') || ''")

    found = None
    step = 10
    deadline = time.monotonic() + 120
    for y in range(int(box["y"]) + 40, int(box["y"] + box["height"]) - 40, step):
        for x in range(int(box["x"]) + 60, int(box["x"] + box["width"]) - 280, step):
            page.mouse.move(x, y)
            if cursor() == "pointer":
                found = (x, y)
                break
        if found or time.monotonic() > deadline:
            break
    assert found, "no author found under the mouse anywhere on the map"
    page.wait_for_timeout(300)
    _check_card(sigma, expected, r"(community #.+|other communities)")
    page.screenshot(path=str(shots / "network_hover.png"))

    # click: the explorer beside the map shows that author (sent back to Python)
    page.mouse.click(*found)
    side = first.locator(".jp-OutputArea-output:has(.ipysigma-widget)").first  # the explorer
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and "co-author(s) in this network" not in side.inner_text():
        time.sleep(0.25)
    text = side.inner_text()
    assert "co-author(s) in this network" in text, text[:2000]
    state = _state(page, server)
    assert state["author"], state
    name = re.search(r"\n?([^\n]+): [\d,]+ paper\(s\), [^\n]* votes, [\d,]+ co-author",
                     text).group(1)
    assert state["author"] in text and name.strip() in text
    page.screenshot(path=str(shots / "network_click.png"))

    # zoom: the zoom button and the mouse wheel move the camera (synced to the kernel)
    before = state["camera"]
    zoom = sigma.locator(".ipysigma-zoom-button").first
    zoom.click()
    zoom.click()
    page.mouse.move(box["x"] + box["width"] / 3, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -400)
    page.wait_for_timeout(1000)
    after = _state(page, server)["camera"]
    assert after["ratio"] < before["ratio"], (before, after)  # zoomed in
    page.screenshot(path=str(shots / "network_zoomed.png"))

    # the author explorer's ego network is a map too
    ego_cell = page.locator(".jp-CodeCell").nth(2)
    ego_cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    ego = ego_cell.locator(".ipysigma-widget canvas").first
    ego.wait_for(state="visible")
    server.wait_kernel_idle()
    assert "Co-authors of" in ego_cell.locator(".ipysigma-widget").first.inner_text()
    ego_map = ego_cell.locator(".ipysigma-widget").first
    ego_map.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    page.screenshot(path=str(shots / "authors_ego_map.png"))
    # its hover card too (the ego map's groups are steps away from the author)
    box = ego_map.bounding_box()
    card = ego_map.locator(".ptk-sigma-hover")
    for y in range(int(box["y"]) + 40, int(box["y"] + box["height"]) - 40, 8):
        for x in range(int(box["x"]) + 60, int(box["x"] + box["width"]) - 280, 8):
            page.mouse.move(x, y)
            if card.is_visible():
                break
        if card.is_visible():
            break
    _check_card(ego_map, expected, r"(the author|\d steps? away)")
    page.screenshot(path=str(shots / "authors_ego_hover.png"))


def _check_card(sigma, expected: dict, community: str) -> None:
    """The hover card shows the author's name, then papers, votes and co-authors (in the
    whole corpus, not only the drawn network) as the corpus's authors table has them, then
    the community."""
    card = sigma.locator(".ptk-sigma-hover")
    card.wait_for(state="visible")
    lines = card.inner_text().splitlines()
    papers, votes, coauthors = expected[lines[0]]
    assert lines[1] == (f"{papers:,} paper{'s' * (papers != 1)} · "
                        f"{votes:,} vote{'s' * (votes != 1)}"), lines
    assert re.fullmatch(f"{coauthors:,} co-authors? in the whole corpus"
                        r"( \([\d,]+ in this network\))?", lines[2]), lines
    assert re.fullmatch(community, lines[3]), lines
