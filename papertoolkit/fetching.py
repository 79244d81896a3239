"""Fetch Daily Papers from the Hub's ``/api/daily_papers``, one file per day, kept as received.

``papertoolkit fetch --start 2025-05-10 --end 2025-06-30 --out hub/`` (or :func:`fetch`)
asks the Hub for every day in the range and writes ``hub/YYYY-MM-DD.json``: the body of each
response exactly as received, pages one after the other (a day longer than a page takes
several), so that loading later is offline and reproducible (``ptk.load("hub/")``). A log,
``papertoolkit-fetch.json``, records when each day was fetched (the ``fetched_at`` column)
and how many pages and entries it took.

- **Complete days.** The API returns 50 entries per page by default; pages are requested
  until one comes back shorter than the page size, so no day is cut short.
- **Resumable.** Days already saved are skipped unless ``refresh=True``.
- **Retries.** HTTP 429 and 5xx answers are retried with exponential backoff (the
  ``Retry-After`` header is honoured); other errors, or no connection, stop with a one-line
  :class:`FetchError`. Days saved before stay saved.
- **Nothing half-written.** Each file is written to a temporary file in the target folder
  and renamed over the final name, so a crash leaves the old file or the new one.

The requests go through ``huggingface_hub`` (the optional extra ``papertoolkit[hub]``): its
endpoint (``HF_ENDPOINT``), token, headers, HTTP client, backoff and error types. We call the
endpoint behind ``HfApi.list_daily_papers`` with the same parameters rather than that method
itself, because it returns parsed ``PaperInfo`` objects, and the raw response is what we keep.

Examples
--------
>>> report = fetch("2025-05-12", "2025-05-16", "hub/")   # doctest: +SKIP
>>> report[["day", "status", "pages", "entries"]]       # doctest: +SKIP
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from ._atomic import write_file_atomic
from .sources.hub import FETCH_LOG

__all__ = ["FetchError", "fetch"]

#: the API's default page size, used unless ``limit=`` says otherwise
PAGE_SIZE = 50
#: most pages asked for one day (a server that ignores paging cannot loop forever)
MAX_PAGES = 200
_RETRY_STATUS = (429, 500, 502, 503, 504)
_MISSING = ("fetching from the Hub needs huggingface_hub: pip install 'papertoolkit[hub]' "
            "(or pip install huggingface_hub)")


class FetchError(RuntimeError):
    """The Hub could not be reached or answered with an error; the message is one line.

    Examples
    --------
    >>> import tempfile
    >>> try:  # nothing listens on port 9 of this machine
    ...     fetch("2024-02-16", "2024-02-16", tempfile.mkdtemp(), retries=0,
    ...           endpoint="http://127.0.0.1:9", token=False)
    ... except FetchError as error:
    ...     print(error)
    cannot reach http://127.0.0.1:9 (ConnectError): are you offline? Days saved so far are kept
    """


def _day(value: Any, name: str) -> _dt.date:
    try:
        return pd.Timestamp(value).date()
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{name} must be a date such as '2025-05-10', got {value!r}") from exc


def _client(endpoint: str | None, token: str | bool | None, retries: int, backoff: float):
    """A ``get(day, page, limit) -> bytes`` function over huggingface_hub's HTTP layer."""
    try:
        from huggingface_hub import HfApi
        from huggingface_hub.utils import build_hf_headers, hf_raise_for_status, http_backoff
    except ImportError as exc:
        raise ImportError(_MISSING) from exc
    base = HfApi(endpoint=endpoint).endpoint.rstrip("/")  # HF_ENDPOINT when endpoint is None
    url = f"{base}/api/daily_papers"
    headers = build_hf_headers(token=token, library_name="papertoolkit")

    def get(day: str, page: int, limit: int) -> bytes:
        try:
            response = http_backoff("GET", url, params={"date": day, "p": page, "limit": limit},
                                    headers=headers, max_retries=retries,
                                    base_wait_time=backoff, max_wait_time=max(backoff * 8, 1),
                                    retry_on_exceptions=(), retry_on_status_codes=_RETRY_STATUS)
            hf_raise_for_status(response)
        except ImportError:
            raise
        except Exception as exc:  # no connection, or an HTTP error after the retries
            status = getattr(getattr(exc, "response", None), "status_code", None)
            if status is not None:
                raise FetchError(f"{day}: the Hub answered HTTP {status} at {url} (after "
                                 f"{retries} retries); days saved so far are kept") from exc
            raise FetchError(f"cannot reach {base} ({type(exc).__name__}): are you offline? "
                             "Days saved so far are kept") from exc
        return response.content

    return get, base


def _fetch_day(get: Callable, day: str, limit: int) -> tuple[bytes, int, int]:
    """Every page of *day*: (bodies joined by newlines, pages, entries)."""
    bodies: list[bytes] = []
    seen: set = set()
    entries = 0
    for page in range(MAX_PAGES):
        body = get(day, page, limit)
        try:
            items = json.loads(body)
        except ValueError as exc:
            raise FetchError(f"{day}: page {page} is not JSON ({exc.msg})") from exc
        if not isinstance(items, list):
            raise FetchError(f"{day}: page {page} is not a JSON array of entries")
        ids = {json.dumps(item, sort_keys=True) for item in items}
        if items and ids <= seen:
            raise FetchError(f"{day}: page {page} repeats earlier entries: the server ignores "
                             "paging (p=)")
        seen |= ids
        bodies.append(body.rstrip(b"\n"))
        entries += len(items)
        if len(items) < limit:
            return b"\n".join(bodies) + b"\n", len(bodies), entries
    raise FetchError(f"{day}: more than {MAX_PAGES} pages of {limit} entries; stopped")


def fetch(start: Any, end: Any, out: str | os.PathLike, *, refresh: bool = False,
          limit: int = PAGE_SIZE, endpoint: str | None = None, token: str | bool | None = None,
          retries: int = 5, backoff: float = 1.0,
          progress: bool | Callable | None = None) -> pd.DataFrame:
    """Save every Daily Papers day from *start* to *end* (inclusive) into folder *out*.

    Parameters
    ----------
    start, end : date-like
        First and last day, e.g. ``"2025-05-10"``.
    out : path
        Folder for ``YYYY-MM-DD.json`` files and the fetch log (created if missing).
    refresh : bool, default False
        Fetch days that are already saved again (their files are replaced atomically).
    limit : int, default 50
        Entries per page asked for (the API's default page size).
    endpoint : str, optional
        The Hub's address; default ``HF_ENDPOINT`` or ``https://huggingface.co``.
    token : str or bool, optional
        A Hub token (default: the one saved by ``hf auth login``, if any; ``False``: none).
    retries, backoff : int, float
        Retries of an HTTP 429 or 5xx answer, and the first wait in seconds (it doubles).
    progress : bool or callable, optional
        ``True`` for a progress bar on stderr (the default on a terminal), or a callable
        ``f(done, total, day)``.

    Returns
    -------
    DataFrame
        One row per day: ``day``, ``file``, ``status`` ("fetched" or "skipped"),
        ``pages`` and ``entries`` (<NA> for skipped days).

    Raises
    ------
    FetchError
        No connection, or an HTTP error other than 429/5xx (or still failing after the
        retries). Days fetched before it stay saved.
    ImportError
        huggingface_hub is not installed.

    Examples
    --------
    Days already saved are skipped without asking the Hub:

    >>> import shutil, tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> _ = shutil.copy(data_dir / "hub" / "2024-02-19.json", tmp.name)
    >>> report = fetch("2024-02-19", "2024-02-19", tmp.name)
    >>> report[["day", "status"]].values.tolist()
    [['2024-02-19', 'skipped']]
    >>> tmp.cleanup()

    A real fetch needs the network:

    >>> report = fetch("2025-05-05", "2025-05-09", "hub/")  # doctest: +SKIP
    >>> report["entries"].tolist()  # doctest: +SKIP
    [50, 44, 38, 48, 34]
    """
    first, last = _day(start, "start"), _day(end, "end")
    if first > last:
        raise ValueError(f"start ({first}) must not be after end ({last})")
    if not isinstance(limit, int) or limit < 1:
        raise ValueError(f"limit must be a positive integer, got {limit!r}")
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    days = [(first + _dt.timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]
    todo = [d for d in days if refresh or not (folder / f"{d}.json").exists()]
    get, base = _client(endpoint, token, retries, backoff) if todo else (None, None)
    log_path = folder / FETCH_LOG
    try:
        log = json.loads(log_path.read_text(encoding="utf-8"))
        log["days"].items()
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        log = {"papertoolkit_fetch": 1, "days": {}}
    callback = _progress(progress, len(days))
    rows = []
    try:
        for done, day in enumerate(days, start=1):
            path = folder / f"{day}.json"
            if day not in todo:
                rows.append((day, str(path), "skipped", None, None))
            else:
                data, pages, entries = _fetch_day(get, day, limit)
                fetched_at = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
                write_file_atomic(path, data)
                log["endpoint"] = base
                log["days"][day] = {"file": path.name, "fetched_at": fetched_at,
                                    "pages": pages, "entries": entries, "limit": limit}
                write_file_atomic(log_path, json.dumps(log, indent=1, sort_keys=True).encode())
                rows.append((day, str(path), "fetched", pages, entries))
            if callback is not None:
                callback(done, len(days), day)
    finally:
        if callback is not None and hasattr(callback, "close"):
            callback.close()
    report = pd.DataFrame(rows, columns=["day", "file", "status", "pages", "entries"])
    return report.astype({"day": "string", "file": "string", "status": "string",
                          "pages": "Int64", "entries": "Int64"})


def _progress(progress, total: int):
    if callable(progress):
        return progress
    import sys

    if progress is None:
        progress = sys.stderr.isatty()
    if not progress:
        return None
    from .progress import ProgressBar

    return ProgressBar(total, label="days")
