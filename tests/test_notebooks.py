"""The example notebooks run top to bottom, are stored without outputs, and match their generator.

Every notebook in ``notebooks/`` is executed headless with nbclient in a kernel started from
this interpreter (a throwaway kernelspec whose argv is ``sys.executable``, so the venv's
ipykernel and papertoolkit are used whatever other ``python3`` kernels are installed).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import nbformat
import pytest

from papertoolkit.cli import main as cli_main
from papertoolkit.notebook import starter_notebook, write_starter_notebook

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
EXPECTED = ["01_quickstart.ipynb", "02_votes.ipynb", "03_topics.ipynb",
            "04_coauthor_network.ipynb", "05_hub.ipynb"]
KERNEL_NAME = "papertoolkit-test-venv"
CELL_TIMEOUT = 180  # seconds per cell: generous for a loaded 2-core CI machine
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(scope="session")
def kernel_spec_manager(tmp_path_factory):
    """A KernelSpecManager that only knows a kernel running *this* Python."""
    pytest.importorskip("ipykernel")
    from jupyter_client.kernelspec import KernelSpecManager

    kernels = tmp_path_factory.mktemp("kernels")
    spec_dir = kernels / KERNEL_NAME
    spec_dir.mkdir()
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "papertoolkit tests (venv)",
        "language": "python",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    return KernelSpecManager(kernel_dirs=[str(kernels)])


def _kernel_env() -> dict[str, str]:
    """The test process's environment without the Agg backend forced by conftest.

    The kernel then uses the inline backend, as in Jupyter, so figures become outputs.
    """
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)
    return env


def execute(path: Path, ksm, cwd: Path | None = None) -> nbformat.NotebookNode:
    """Run *path* in a fresh kernel with its folder (or *cwd*) as working directory."""
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    km = KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=ksm)
    client = NotebookClient(nb, km=km, timeout=CELL_TIMEOUT, kernel_name=KERNEL_NAME,
                            resources={"metadata": {"path": str(cwd or path.parent)}})
    client.execute(env=_kernel_env())
    return nb


def _outputs(nb, output_type: str | None = None):
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if output_type is None or out["output_type"] == output_type:
                yield cell, out


def _stderr(nb) -> str:
    return "".join(out.get("text", "") for _, out in _outputs(nb, "stream")
                   if out.get("name") == "stderr")


# ------------------------------------------------------------------------- stored notebooks
def test_expected_notebooks_exist():
    assert [p.name for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert "widgets" not in nb.metadata, "saved widget state: strip it"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name} cell {cell.id} has outputs"
            assert cell.execution_count is None, f"{path.name} cell {cell.id} was executed"
        assert "execution" not in cell.metadata


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_starts_with_question_and_one_line_folder(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    assert first.source.startswith("# ")
    assert "What this answers" in first.source
    setup = next(c for c in nb.cells if c.cell_type == "code")
    assert sum(line.startswith("DIGESTS = ") for line in setup.source.splitlines()) == 1
    assert "snapshot" in "".join(c.source for c in nb.cells), "say votes are snapshots"


def test_notebooks_match_generator(tmp_path):
    """The committed notebooks are exactly what ``notebooks/_build.py`` writes."""
    spec = importlib.util.spec_from_file_location("_nb_build", NOTEBOOK_DIR / "_build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.build(tmp_path)
    assert [p.name for p in written] == EXPECTED
    for path in written:
        assert path.read_text(encoding="utf-8") == (NOTEBOOK_DIR / path.name).read_text(
            encoding="utf-8"), f"{path.name} is stale: run python notebooks/_build.py"


# ------------------------------------------------------------------------- execution
@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_top_to_bottom(path, kernel_spec_manager):
    nb = execute(path, kernel_spec_manager)  # raises CellExecutionError on any error
    codes = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count is not None for c in codes)
    assert not list(_outputs(nb, "error"))
    stderr = _stderr(nb)
    assert "Traceback" not in stderr
    assert "Warning" not in stderr, f"a cell printed a warning:\n{stderr[:2000]}"
    widgets = [c for c, out in _outputs(nb) if WIDGET_MIME in out.get("data", {})]
    assert widgets, "the notebook ends with an interactive explorer"


@pytest.mark.slow
def test_setup_cell_from_another_working_directory(kernel_spec_manager, tmp_path):
    """The bundled data is found even when the kernel does not start in notebooks/."""
    quickstart = nbformat.read(NOTEBOOK_DIR / "01_quickstart.ipynb", as_version=4)
    setup_only = tmp_path / "setup.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[quickstart.cells[1]],
                                            metadata=quickstart.metadata), setup_only)
    nb = execute(setup_only, kernel_spec_manager)
    setup_out = nb.cells[0].outputs
    shown = "".join(o.get("data", {}).get("text/plain", "") for o in setup_out)
    assert "Corpus" in shown and "days=10" in shown


# ------------------------------------------------------------------------- starter notebook
def test_starter_notebook_relative_and_absolute_folders(tmp_path):
    nb = starter_notebook("digests", out_dir="analysis")
    nbformat.validate(nb)
    assert "DIGESTS = Path('../digests')" in nb.cells[1].source
    nb = starter_notebook(tmp_path / "d", out_dir="elsewhere")
    assert f"DIGESTS = Path({str(tmp_path / 'd')!r})" in nb.cells[1].source
    assert all(c.outputs == [] for c in nb.cells if c.cell_type == "code")


def test_starter_notebook_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        write_starter_notebook(tmp_path / "missing", tmp_path / "x.ipynb")
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError, match="no digest files"):
        write_starter_notebook(tmp_path / "empty", tmp_path / "x.ipynb")
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.md").write_text("## Daily Papers (2024-02-16)\n", encoding="utf-8")
    out = tmp_path / "x.ipynb"
    out.write_text("my work", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_starter_notebook(tmp_path / "d", out)
    assert out.read_text(encoding="utf-8") == "my work"
    write_starter_notebook(tmp_path / "d", out, overwrite=True)
    nbformat.validate(nbformat.read(out, as_version=4))


@pytest.mark.slow
def test_cli_notebook_is_bound_to_folder_and_runs(tmp_path, data_dir, kernel_spec_manager,
                                                  monkeypatch, capsys):
    """``papertoolkit notebook DIR --out X`` writes a valid notebook that loads DIR and runs."""
    digests = tmp_path / "my digests"
    digests.mkdir()
    for src in sorted(data_dir.glob("2024-02-1*.md"))[:3]:
        (digests / src.name).write_bytes(src.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert cli_main(["notebook", "my digests", "--out", "work/my_analysis.ipynb"]) == 0
    out = tmp_path / "work" / "my_analysis.ipynb"
    assert "my_analysis.ipynb" in capsys.readouterr().out
    nb = nbformat.read(out, as_version=4)
    nbformat.validate(nb)
    assert nb.cells[0].cell_type == "markdown"
    assert "DIGESTS = Path('../my digests')" in nb.cells[1].source
    assert all(c.outputs == [] and c.execution_count is None
               for c in nb.cells if c.cell_type == "code")

    executed = execute(out, kernel_spec_manager)
    shown = "".join(o.get("data", {}).get("text/plain", "") for o in executed.cells[1].outputs)
    assert "days=3" in shown, shown
    assert not list(_outputs(executed, "error"))
    explorers = [c.source.strip() for c, o in _outputs(executed)
                 if WIDGET_MIME in o.get("data", {})]
    assert [s.splitlines()[-1] for s in explorers] == [
        "explore_votes(corpus, tags=tags)", "explore_topics(corpus, tags=tags)",
        "explore_authors(corpus, graph=G)", "explore_network(corpus)"]
    # before each widget, its static snapshot for front ends without widgets (GitHub, a
    # reopened notebook without widget state): an output of its own, so JupyterLab can
    # show one of the two (test_browser_saved)
    for cell in (c for c, o in _outputs(executed) if WIDGET_MIME in o.get("data", {})):
        snapshot, widget = [o.get("data", {}) for o in cell.outputs][-2:]
        assert WIDGET_MIME in widget and "text/html" not in widget
        assert '<div class="ptk-snapshot">' in snapshot["text/html"]
        assert "Static snapshot of" in snapshot["text/html"]
    first = next(c for c, o in _outputs(executed) if WIDGET_MIME in o.get("data", {}))
    assert "<table" in first.outputs[-2]["data"]["text/html"]
    assert "data:image/png;base64," in first.outputs[-2]["data"]["text/html"]
    figure = next(c for c in executed.cells if "plot_network" in c.source)
    assert any("image/png" in o.get("data", {}) for o in figure.outputs)


def test_cli_notebook_missing_folder(tmp_path, capsys):
    assert cli_main(["notebook", str(tmp_path / "nope"), "--out", str(tmp_path / "x.ipynb")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert not (tmp_path / "x.ipynb").exists()


@pytest.mark.slow
def test_starter_notebook_run_saves_widget_state(tmp_path, data_dir, kernel_spec_manager):
    """``--run``: the starter is run once and saved with the widgets' state, so JupyterLab
    shows the explorers on opening (test_browser_saved opens it)."""
    import re

    from papertoolkit.notebook import write_starter_notebook

    out = write_starter_notebook(data_dir, tmp_path / "run.ipynb", run=True)
    nb = nbformat.read(out, as_version=4)
    nbformat.validate(nb)
    assert not list(_outputs(nb, "error"))
    state = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    views = [o["data"][WIDGET_MIME]["model_id"] for _, o in _outputs(nb)
             if WIDGET_MIME in o.get("data", {})]
    assert len(views) == 4 and all(v in state for v in views)  # the four explorers
    assert all("ptk-explorer" in state[v]["state"]["_dom_classes"] for v in views)
    # every widget an explorer holds (controls, tables, maps) is saved with it
    refs = set(re.findall(r"IPY_MODEL_([0-9a-f]{32})", json.dumps(state)))
    assert refs and refs <= set(state)
    modules = {m["model_module"] for m in state.values()}
    assert {"@jupyter-widgets/controls", "anywidget"} <= modules


def test_cli_notebook_run_flag(tmp_path, data_dir, monkeypatch, capsys):
    import papertoolkit.notebook as notebook

    ran = []
    monkeypatch.setattr(notebook, "_run", lambda nb, cwd: ran.append(cwd))
    out = tmp_path / "x.ipynb"
    assert cli_main(["notebook", str(data_dir), "--out", str(out), "--run"]) == 0
    assert ran == [tmp_path] and out.exists()
    assert cli_main(["notebook", str(data_dir), "--out", str(tmp_path / "y.ipynb")]) == 0
    assert ran == [tmp_path]  # without --run: not run
