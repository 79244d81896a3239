"""End to end in a real browser: JupyterLab + headless Chromium run the quickstart notebook.

The test starts JupyterLab on 127.0.0.1 (a free port, a random token, no browser) in a
temporary copy of ``notebooks/`` and ``data/``, opens ``01_quickstart.ipynb`` in Debian's
Chromium driven by Playwright (``executable_path``: no browser download), runs all cells,
types a number in the explorer's "Min votes" box and a word in its search box, and
checks that the page shows the table the same explorer computes in this process. A
screenshot is saved in the test's temporary folder (its path is printed; ``pytest -s``).

Skipped, with the reason, when Chromium, Playwright or JupyterLab is missing
(``scripts/setup-system.sh`` installs Chromium as root on Debian/Ubuntu).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "01_quickstart.ipynb"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]
SERVER_START_TIMEOUT = 120  # s; a first start on a cold machine can take a while
UI_TIMEOUT_MS = 60_000
MIN_VOTES = 20  # typed in the "Min votes" box


def _chromium() -> str:
    """Path of the Chromium binary (``$PAPERTOOLKIT_CHROMIUM`` overrides), or skip."""
    override = os.environ.get("PAPERTOOLKIT_CHROMIUM")
    candidates = [override] if override else [
        "/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")]
    for path in candidates:
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    pytest.skip(f"Chromium not found ({override or '/usr/bin/chromium'}): install Debian's "
                "`chromium` package, e.g. with `sudo bash scripts/setup-system.sh`")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get_json(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.load(response)


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


class LabServer:
    """A JupyterLab server in its own process group, isolated from the user's Jupyter setup."""

    def __init__(self, base: Path):
        self.base = base
        self.work = base / "work"
        self.port = _free_port()
        self.token = secrets.token_hex(16)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = base / "jupyterlab.log"
        self.proc: subprocess.Popen | None = None

    def prepare(self) -> None:
        shutil.copytree(ROOT / "notebooks", self.work / "notebooks",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        shutil.copytree(ROOT / "data", self.work / "data")
        # A "python3" kernel that runs this interpreter (JUPYTER_PATH comes first).
        _write_json(self.base / "jupyter-data" / "kernels" / "python3" / "kernel.json", {
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python 3 (ipykernel)", "language": "python"})
        settings = self.base / "lab-settings" / "@jupyterlab"
        # Start the notebook's kernel without the "Select Kernel" dialog; no news pop-up.
        # Every cell attached at once (windowingMode "none"): JupyterLab 4.6's default skips
        # off-screen cells (content-visibility), which Playwright sees as "not visible"
        _write_json(settings / "notebook-extension" / "tracker.jupyterlab-settings",
                    {"autoStartDefaultKernel": True, "windowingMode": "none"})
        _write_json(settings / "apputils-extension" / "notification.jupyterlab-settings",
                    {"fetchNews": "false", "checkForUpdates": False})

    def start(self) -> None:
        env = dict(os.environ)
        env.pop("MPLBACKEND", None)  # the kernel uses the inline backend, as for a user
        env.update({
            "JUPYTER_PATH": str(self.base / "jupyter-data"),
            "JUPYTER_CONFIG_DIR": str(self.base / "jupyter-config"),
            "JUPYTER_RUNTIME_DIR": str(self.base / "jupyter-runtime"),
            "IPYTHONDIR": str(self.base / "ipython"),
        })
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
               f"--ServerApp.root_dir={self.work}",
               f"--LabApp.user_settings_dir={self.base / 'lab-settings'}",
               f"--LabApp.workspaces_dir={self.base / 'lab-workspaces'}"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        with open(self.log_path, "wb") as log:  # the child keeps its own handle
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env,
                                         cwd=self.work, start_new_session=True)
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with {self.proc.returncode}:\n"
                                   + self.log_tail())
            try:
                _get_json(f"{self.url}/api/status?token={self.token}")
                return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("JupyterLab did not answer in time:\n" + self.log_tail())

    def kernels(self) -> list[dict]:
        return _get_json(f"{self.url}/api/kernels?token={self.token}")

    def wait_kernel_idle(self, timeout: float = 90, connected: bool = True) -> None:
        """Wait until the notebook's kernel runs, is idle and (optionally) has a client."""
        deadline = time.monotonic() + timeout
        kernels: list[dict] = []
        while time.monotonic() < deadline:
            try:
                kernels = self.kernels()
            except urllib.error.HTTPError as err:  # jupyter_server answers 500 while a
                if err.code != 500:                # kernel starts (last_activity unset)
                    raise
                time.sleep(0.5)
                continue
            if kernels and all(k["execution_state"] == "idle" for k in kernels) and (
                    not connected or any(k.get("connections", 0) > 0 for k in kernels)):
                return
            time.sleep(0.5)
        raise AssertionError(f"kernel not idle after {timeout} s: {kernels}")

    def log_tail(self, n: int = 4000) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-n:]
        except OSError:
            return ""

    def stop(self) -> None:
        """Terminate the server's process group (server and kernels), then kill if needed."""
        if self.proc is None or self.proc.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.proc.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue


@pytest.fixture
def browser_tools():
    """Playwright's sync API and the Chromium path; skip (before any server starts) if absent."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright (pip package `playwright`) is not installed")
    pytest.importorskip("jupyterlab", reason="JupyterLab is not installed")
    return sync_api, _chromium()


@pytest.fixture
def lab(tmp_path, browser_tools):
    server = LabServer(tmp_path)
    server.prepare()
    try:
        server.start()
        yield server
    finally:
        server.stop()


@contextlib.contextmanager
def chromium_page(browser_tools, *, viewport: dict, failure: Path | None = None,
                  lab: LabServer | None = None, **context_options):
    """A page of headless Chromium in a new browser context (``viewport`` and
    *context_options*, e.g. ``offline=True``, go to ``new_context``), with the default
    timeout UI_TIMEOUT_MS. When the block raises: a screenshot to *failure* and the tail of
    *lab*'s JupyterLab log on stderr, then the error goes on. The browser is always closed."""
    sync_api, chromium = browser_tools
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True,
                                     args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport=viewport, **context_options).new_page()
            page.set_default_timeout(UI_TIMEOUT_MS)
            try:
                yield page
            except Exception:
                if failure is not None:
                    with contextlib.suppress(Exception):  # keep the test's own error
                        page.screenshot(path=str(failure))
                if lab is not None:
                    print("JupyterLab log:\n" + lab.log_tail(), file=sys.stderr)
                raise
        finally:
            browser.close()


def _expected(data_dir: Path, min_votes: int, search: str):
    """What the explorer shows after the same interactions, computed in this process."""
    import papertoolkit as ptk
    from papertoolkit.widgets import explore_votes

    explorer = explore_votes(ptk.load(data_dir))
    total = len(explorer.selection)
    explorer.min_votes.value = min_votes
    after_slider = len(explorer.selection)
    explorer.search.value = search
    titles = explorer.selection["title"].head(10).tolist()  # the table's first page
    return total, after_slider, titles


def _status_count(text: str) -> int | None:
    match = re.search(r"([\d,]+)\s+papers?\s+\(", text)  # "81 papers (83 digest ...) match"
    return int(match.group(1).replace(",", "")) if match else None


def test_quickstart_explorer_in_jupyterlab(lab, browser_tools, tmp_path):
    search = "diffusion"
    total, after_slider, titles = _expected(lab.work / "data", MIN_VOTES, search)
    assert 0 < len(titles) < after_slider < total, "pick interactions that change the table"
    screenshot = tmp_path / "screenshots" / "quickstart_explore_votes.png"
    screenshot.parent.mkdir()

    with chromium_page(browser_tools, viewport={"width": 1400, "height": 1300},
                       failure=screenshot.parent / "failure.png", lab=lab) as page:
        _drive(page, lab, total, after_slider, titles, search)
        page.screenshot(path=str(screenshot))
    print(f"screenshot: {screenshot}")
    assert screenshot.stat().st_size > 10_000


def _drive(page, lab: LabServer, total: int, after_slider: int, titles: list[str],
           search: str) -> None:
    page.goto(f"{lab.url}/lab/tree/notebooks/{NOTEBOOK}?token={lab.token}")
    page.locator(".jp-NotebookPanel").first.wait_for(state="visible")
    lab.wait_kernel_idle()

    # Run all cells (Run menu); once more if the first request was lost while connecting.
    cell = page.locator(".jp-CodeCell").filter(has_text="explore_votes(corpus)")
    slider = cell.locator(".widget-text").filter(has_text="Min votes")
    for attempt in range(2):
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            slider.wait_for(state="visible", timeout=UI_TIMEOUT_MS if attempt else 45_000)
            break
        except Exception:
            if attempt:
                raise
    lab.wait_kernel_idle()
    output = cell.locator(".jp-Cell-outputArea")
    assert not page.locator(".jp-OutputArea-output", has_text="Traceback").count(), \
        "a cell raised an error"

    def status_count() -> int | None:
        return _status_count(output.inner_text())

    _wait_for(lambda: status_count() == total, f"status shows {total} papers", output)

    # Type a number in the "Min votes" box.
    number = slider.locator("input")
    number.fill(str(MIN_VOTES))
    number.press("Enter")
    _wait_for(lambda: status_count() == after_slider,
              f"status shows {after_slider} papers after the minimum votes changed", output)

    # Type in the search box.
    box = cell.locator(".widget-text").filter(has_text="Search").locator("input")
    box.click()
    box.press_sequentially(search, delay=30)
    _wait_for(lambda: status_count() == len(titles),
              f"status shows {len(titles)} papers after the search", output)
    shown = output.locator("table.dataTable tbody tr td:first-child").all_inner_texts()
    assert [s.strip() for s in shown] == titles
    lab.wait_kernel_idle()  # the plots are redrawn after the table
    slider.scroll_into_view_if_needed()
    page.mouse.wheel(0, 250)  # controls, status, plots and the table's first rows in view
    page.wait_for_timeout(500)


def _wait_for(predicate, what: str, output, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting until the {what}; the output shows:\n"
                         + output.inner_text()[:2000])
