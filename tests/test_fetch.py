"""`fetch` through the real huggingface_hub client against a local stand-in for the Hub."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from hub_api import api_entries, sample_corpus

import papertoolkit as ptk
from papertoolkit.cli import main

pytest.importorskip("huggingface_hub")
from papertoolkit.fetching import FetchError, fetch  # noqa: E402

FRIDAY, SATURDAY, MONDAY = "2024-02-16", "2024-02-17", "2024-02-19"


class StandIn:
    """A local HTTP server answering ``/api/daily_papers?date=&p=&limit=`` like the Hub."""

    def __init__(self, days: dict[str, list]):
        self.days = days
        self.failures: dict[tuple[str, int], list[int]] = {}  # (day, page) -> statuses first
        self.requests: list[tuple[str, int, int]] = []
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def _handler(self):
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep the test output clean
                pass

            def do_GET(self):
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path != "/api/daily_papers":
                    self.send_error(404)
                    return
                day, page = query.get("date"), int(query.get("p", 0))
                limit = int(query.get("limit", 50))
                stand_in.requests.append((day, page, limit))
                queued = stand_in.failures.get((day, page))
                if queued:
                    self.send_response(queued.pop(0))
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(b'{"error": "try again"}')
                    return
                entries = stand_in.days.get(day, [])
                body = json.dumps(entries[page * limit:(page + 1) * limit]).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def days():
    corpus = sample_corpus()
    friday = api_entries(corpus, FRIDAY)  # 8 papers
    monday = api_entries(corpus, MONDAY)  # 9 papers
    monday[2]["paper"].pop("id")  # a malformed entry, kept as received
    monday[4]["paper"]["upvotes"] = "lots"
    return {FRIDAY: friday, SATURDAY: [], MONDAY: monday}


@pytest.fixture()
def hub(days):
    server = StandIn(days)
    yield server
    server.close()


def _files(folder):
    return sorted(p.name for p in folder.iterdir())


def test_fetch_gets_every_entry_over_pages_and_survives_429_and_500(hub, days, tmp_path):
    hub.failures[(FRIDAY, 1)] = [429]
    hub.failures[(MONDAY, 0)] = [500, 503]
    calls = []
    report = fetch(FRIDAY, MONDAY, tmp_path, limit=3, endpoint=hub.url, backoff=0.01,
                   progress=lambda done, total, day: calls.append((done, total, day)))
    assert report[["day", "status", "pages", "entries"]].values.tolist() == [
        [FRIDAY, "fetched", 3, 8], [SATURDAY, "fetched", 1, 0],
        ["2024-02-18", "fetched", 1, 0], [MONDAY, "fetched", 4, 9]]
    assert calls == [(1, 4, FRIDAY), (2, 4, SATURDAY), (3, 4, "2024-02-18"), (4, 4, MONDAY)]
    # retried: Friday page 1 twice (429 then 200), Monday page 0 three times
    assert hub.requests.count((FRIDAY, 1, 3)) == 2
    assert hub.requests.count((MONDAY, 0, 3)) == 3
    assert _files(tmp_path) == ["2024-02-16.json", "2024-02-17.json", "2024-02-18.json",
                                "2024-02-19.json", "papertoolkit-fetch.json"]  # no temp files
    # saved exactly as received: the pages' bodies, one after the other
    pages = (tmp_path / f"{FRIDAY}.json").read_bytes().split(b"\n")
    assert pages == [json.dumps(days[FRIDAY][i:i + 3]).encode() for i in (0, 3, 6)] + [b""]
    assert (tmp_path / f"{SATURDAY}.json").read_bytes() == b"[]\n"
    # and they load back: every entry a row or a problem
    corpus = ptk.load(tmp_path)
    papers = corpus.papers
    assert papers.groupby(papers["date"].dt.strftime("%Y-%m-%d")).size().to_dict() == {
        FRIDAY: 8, MONDAY: 8}
    assert papers[papers["date"] == FRIDAY]["line"].tolist() == [1, 1, 1, 2, 2, 2, 3, 3]
    reasons = corpus.problems["reason"].tolist()
    assert reasons == ["entry 3: no paper id: skipped",
                       "entry 5: upvotes is not a whole number ('lots'); left empty"]
    fetched = papers["fetched_at"]
    assert fetched.notna().all() and (fetched.dt.tz is not None)
    log = json.loads((tmp_path / "papertoolkit-fetch.json").read_text())
    assert log["days"][MONDAY]["entries"] == 9 and log["days"][MONDAY]["pages"] == 4


def test_a_day_of_exactly_one_full_page_asks_for_the_next(hub, days, tmp_path):
    report = fetch(FRIDAY, FRIDAY, tmp_path, limit=4, endpoint=hub.url)
    assert report[["pages", "entries"]].values.tolist() == [[3, 8]]  # 4 + 4 + 0
    assert (tmp_path / f"{FRIDAY}.json").read_bytes().endswith(b"\n[]\n")
    assert ptk.load(tmp_path).problems.empty


def test_fetch_resumes_and_refresh_fetches_again(hub, tmp_path):
    fetch(FRIDAY, SATURDAY, tmp_path, endpoint=hub.url)
    before = len(hub.requests)
    report = fetch(FRIDAY, MONDAY, tmp_path, endpoint=hub.url)
    assert report["status"].tolist() == ["skipped", "skipped", "fetched", "fetched"]
    assert {r[0] for r in hub.requests[before:]} == {"2024-02-18", MONDAY}
    before = len(hub.requests)
    report = fetch(FRIDAY, FRIDAY, tmp_path, endpoint=hub.url, refresh=True)
    assert report["status"].tolist() == ["fetched"] and len(hub.requests) == before + 1


def test_the_client_honours_hf_endpoint(hub, tmp_path, monkeypatch):
    import huggingface_hub.constants

    # HF_ENDPOINT is read when huggingface_hub is imported, into constants.ENDPOINT
    monkeypatch.setattr(huggingface_hub.constants, "ENDPOINT", hub.url)
    fetch(SATURDAY, SATURDAY, tmp_path)
    assert hub.requests == [(SATURDAY, 0, 50)]


def test_errors_are_one_line_and_leave_nothing_half_written(hub, tmp_path):
    hub.failures[(MONDAY, 1)] = [500] * 10  # page 2 of Monday never comes
    with pytest.raises(FetchError, match=r"2024-02-19: the Hub answered HTTP 500"):
        fetch(SATURDAY, MONDAY, tmp_path, limit=5, endpoint=hub.url, retries=2, backoff=0.01)
    assert _files(tmp_path) == ["2024-02-17.json", "2024-02-18.json", "papertoolkit-fetch.json"]
    hub.failures[(FRIDAY, 0)] = [404]
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(FRIDAY, FRIDAY, tmp_path, endpoint=hub.url, retries=0)


def test_offline_is_a_one_line_error_in_the_cli(tmp_path, capsys):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code = main(["fetch", "--start", FRIDAY, "--end", FRIDAY, "--out", str(tmp_path / "o"),
                 "--endpoint", f"http://127.0.0.1:{port}"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("papertoolkit: error: cannot reach http://127.0.0.1:")
    assert err.count("\n") == 1


def test_cli_fetch_reports_days(hub, tmp_path, capsys):
    code = main(["fetch", "--start", SATURDAY, "--end", MONDAY, "--out", str(tmp_path),
                 "--endpoint", hub.url])
    out = capsys.readouterr().out
    assert code == 0
    assert "3 days: 3 fetched, 0 skipped; 9 entries" in out


def test_fetch_checks_its_arguments(tmp_path):
    with pytest.raises(ValueError, match="start must be a date"):
        fetch("someday", FRIDAY, tmp_path)
    with pytest.raises(ValueError, match="must not be after end"):
        fetch(MONDAY, FRIDAY, tmp_path)
    with pytest.raises(ValueError, match="limit must be a positive integer"):
        fetch(FRIDAY, FRIDAY, tmp_path, limit=0)


def test_missing_huggingface_hub_gives_a_clear_message(tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_hub(name, *args, **kwargs):
        if name.startswith("huggingface_hub"):
            raise ImportError("No module named 'huggingface_hub'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_hub)
    with pytest.raises(ImportError, match=r"pip install 'papertoolkit\[hub\]'"):
        fetch(FRIDAY, FRIDAY, tmp_path)


def test_ptk_fetch_is_the_fetch_function():
    assert ptk.fetch is fetch


def test_what_hf_papers_ls_prints_loads(hub, days, tmp_path):
    """The real `hf papers ls --format json` against the stand-in: its output is read."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    hf = Path(sys.executable).parent / "hf"
    if not hf.exists():
        pytest.skip("the hf command of huggingface_hub is not installed beside this Python")
    env = dict(os.environ, HF_ENDPOINT=hub.url, HF_HUB_DISABLE_TELEMETRY="1")
    done = subprocess.run([str(hf), "papers", "ls", "--date", FRIDAY, "--format", "json"],
                          capture_output=True, text=True, env=env, timeout=120, check=True)
    path = tmp_path / "ls.json"
    path.write_text(done.stdout, encoding="utf-8")
    corpus = ptk.load(path)
    expected = days[FRIDAY]
    papers = corpus.papers
    assert papers["arxiv_id"].tolist() == [e["paper"]["id"] for e in expected]
    assert papers["upvotes"].tolist() == [e["paper"]["upvotes"] for e in expected]
    assert papers["num_comments"].tolist() == [e["numComments"] for e in expected]
    assert (papers["date"] == FRIDAY).all() and corpus.problems.empty
    claimed = corpus.authorships[corpus.authorships["hf_user"].notna()]
    assert claimed["hf_user"].tolist() == [e["paper"]["authors"][0]["user"]["user"]
                                           for e in expected]
