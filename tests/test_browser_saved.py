"""End to end in Chromium: a saved notebook reopened in JupyterLab never shows "model not found".

A notebook with the four explorers is run outside JupyterLab (nbclient, without widget state:
what JupyterLab saves by default), signed as a notebook the user saved is, and opened in
JupyterLab (see :mod:`test_browser` for the server) without running it. The widgets' models
are gone, so JupyterLab writes "Error displaying widget: model not found" in each widget
output: the test checks that this text is on the page but hidden, and that each explorer's
static snapshot (its texts and the first rows of its table) is what shows. It then runs
the notebook and checks that the live explorers replace the snapshots. Runs on the bundled
sample (what is checked does not depend on the corpus). Last, the starter notebook written
with ``papertoolkit notebook --run`` (run once, saved with the widgets' state) opens with its
four explorers drawn from that state, before anything runs. Screenshots in the test's folder.
"""

from __future__ import annotations

import nbformat
import pytest
from test_browser import (  # noqa: F401 - browser_tools is a fixture used below
    UI_TIMEOUT_MS,
    LabServer,
    browser_tools,
    chromium_page,
)

pytestmark = pytest.mark.browser

NOTEBOOK = "saved.ipynb"
STARTER = "starter.ipynb"
CELLS = [
    "import papertoolkit as ptk\n"
    "from papertoolkit.widgets import explore_authors, explore_network, explore_topics, "
    "explore_votes\n"
    "corpus = ptk.load('data', progress=False)",
    "explore_votes(corpus)",
    "explore_topics(corpus)",
    "explore_authors(corpus)",
    "explore_network(corpus)",
]


def _saved_notebook(lab: LabServer, name: str = NOTEBOOK, sign: bool = True) -> list[str]:
    """Run the notebook as a user would have, save it (signed unless *sign* is False: a
    notebook from someone else); return the explorers' names as their snapshots name them."""
    from nbclient import NotebookClient
    from nbformat.sign import NotebookNotary

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    NotebookClient(nb, kernel_name="python3", timeout=600, store_widget_state=False,
                   resources={"metadata": {"path": str(lab.work)}}).execute()
    assert "widgets" not in nb.metadata  # no widget state: JupyterLab's default
    if sign:
        NotebookNotary(data_dir=str(lab.base / "jupyter-data")).sign(nb)
    nbformat.write(nb, lab.work / name)
    names = []
    for cell in nb.cells[1:]:
        html = "".join(o.get("data", {}).get("text/html", "") for o in cell.outputs)
        assert 'class="ptk-snapshot"' in html, cell.source
        names.append(html.split("Static snapshot of ", 1)[1].split(";", 1)[0])
    return names


def test_saved_notebook_shows_snapshots_not_model_not_found(tmp_path, browser_tools,  # noqa: F811
                                                            monkeypatch):
    lab = LabServer(tmp_path)
    lab.prepare()
    # the server checks signatures with the secret the notebook was signed with
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(lab.base / "jupyter-data"))
    names = _saved_notebook(lab)
    assert names == ["VotesExplorer", "TopicsExplorer", "AuthorsExplorer", "NetworkExplorer"]
    _starter_with_state(lab)
    _run_in_lab(lab, browser_tools, tmp_path, _drive)


def _starter_with_state(lab: LabServer) -> None:
    """``papertoolkit notebook data --run``: run once, saved with the widgets' state."""
    from nbformat.sign import NotebookNotary

    from papertoolkit.notebook import write_starter_notebook

    path = write_starter_notebook(lab.work / "data", lab.work / STARTER, run=True)
    nb = nbformat.read(path, as_version=4)
    NotebookNotary(data_dir=str(lab.base / "jupyter-data")).sign(nb)
    nbformat.write(nb, path)


def _run_in_lab(lab: LabServer, tools, tmp_path, drive) -> None:
    """Start JupyterLab, drive one Chromium page through it, keep its screenshots, stop."""
    shots = tmp_path / "screenshots"
    shots.mkdir()
    try:
        lab.start()
        with chromium_page(tools, viewport={"width": 1400, "height": 1300},
                           failure=shots / "failure.png", lab=lab) as page:
            drive(page, lab, shots)
    finally:
        lab.stop()
    print(f"screenshots: {sorted(str(p) for p in shots.iterdir())}")


def _drive(page, lab: LabServer, shots) -> None:
    page.goto(f"{lab.url}/lab/tree/{NOTEBOOK}?token={lab.token}")
    page.locator(".jp-NotebookPanel").first.wait_for(state="visible")
    lab.wait_kernel_idle()
    errors = page.locator(".jp-OutputArea-output", has_text="model not found")
    # JupyterLab writes the message once its widget manager is restored (the kernel is up)
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.jp-OutputArea-output'))"
        ".filter(e => e.textContent.includes('model not found')).length >= 4",
        timeout=UI_TIMEOUT_MS)
    assert errors.count() == 4  # one per explorer: the models are gone...
    for k in range(4):
        assert not errors.nth(k).is_visible()  # ...and the message is hidden
    assert not page.get_by_text("model not found").first.is_visible()
    snapshots = page.locator(".ptk-snapshot")
    assert snapshots.count() == 4
    for k in range(4):
        assert snapshots.nth(k).is_visible()
    votes = snapshots.nth(0)
    assert "Static snapshot of VotesExplorer" in votes.inner_text()
    rows = votes.locator("table tbody tr")
    assert rows.count() > 0 and rows.first.is_visible()
    page.screenshot(path=str(shots / "reopened_snapshots.png"))

    # run it: the live explorers replace the snapshots
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    live = page.locator(".ptk-explorer")
    # four explorers built in a kernel: minutes when the box is busy (a wait, not a timing)
    live.nth(3).wait_for(state="visible", timeout=UI_TIMEOUT_MS * 5)
    lab.wait_kernel_idle(timeout=300)
    assert live.count() == 4
    shown = page.locator(".ptk-snapshot")
    assert shown.count() == 4 and not any(shown.nth(k).is_visible() for k in range(4))
    page.screenshot(path=str(shots / "rerun_live.png"))

    # the starter run with --run opens with its explorers drawn from the saved widget state
    page.goto(f"{lab.url}/lab/tree/{STARTER}?token={lab.token}")
    page.locator(".jp-NotebookPanel").last.wait_for(state="visible")
    lab.wait_kernel_idle()
    panel = page.locator(".jp-NotebookPanel:visible")
    live = panel.locator(".ptk-explorer")
    live.nth(3).wait_for(state="attached", timeout=UI_TIMEOUT_MS * 5)
    assert live.count() == 4  # nothing was run: the views come from the saved state
    live.first.scroll_into_view_if_needed()
    assert live.first.is_visible()
    assert live.first.locator("table.dataTable tbody tr").count() > 0  # its table
    assert panel.get_by_text("model not found").count() == 0
    page.screenshot(path=str(shots / "starter_saved_state.png"))


UNTRUSTED = "untrusted.ipynb"


def test_untrusted_saved_notebook_shows_snapshots_and_a_sentence(
        tmp_path, browser_tools, monkeypatch):  # noqa: F811 - a fixture
    """A saved notebook this server has not signed (downloaded, or from a colleague) is
    untrusted: JupyterLab sanitises its HTML outputs (no <style>, no script) and does not
    draw widget outputs, showing their text/plain instead. Each explorer shows its
    snapshot and one sentence saying to run the cell, never a repr or an error."""
    lab = LabServer(tmp_path)
    lab.prepare()
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(lab.base / "jupyter-data"))
    _saved_notebook(lab, UNTRUSTED, sign=False)
    _run_in_lab(lab, browser_tools, tmp_path, _drive_untrusted)


def _drive_untrusted(page, lab: LabServer, shots) -> None:
    page.goto(f"{lab.url}/lab/tree/{UNTRUSTED}?token={lab.token}")
    page.locator(".jp-NotebookPanel").first.wait_for(state="visible")
    lab.wait_kernel_idle()
    names = ["VotesExplorer", "TopicsExplorer", "AuthorsExplorer", "NetworkExplorer"]
    for k, name in enumerate(names):
        cell = page.locator(".jp-CodeCell").nth(k + 1)
        cell.scroll_into_view_if_needed()
        # the static snapshot (sanitised HTML: no style sheet, inline styles kept)...
        snapshot = cell.get_by_text(f"Static snapshot of {name}; run the cell")
        snapshot.wait_for(state="visible")
        assert cell.locator("table tbody tr").first.is_visible()  # its first table rows
        # ...and, for the widget JupyterLab will not draw untrusted, a sentence (its
        # text/plain), not ipywidgets' repr of the children nor "model not found"
        plain = cell.get_by_text(f"{name}: an interactive explorer, not drawn here")
        plain.wait_for(state="visible")
        text = cell.inner_text()
        assert "children=" not in text and "model not found" not in text, text[-500:]
        assert "Tagging topics" not in text and "Louvain…" not in text  # hidden bars
        page.screenshot(path=str(shots / f"untrusted_{name}.png"))
    assert page.get_by_text("model not found").count() == 0
