"""Saved JSON from the Hub's ``/api/daily_papers`` (and what ``hf papers ls --format json`` prints).

Three shapes are read, recognised by content (a file starting with ``[{``, ``[[``, ``[]`` or
``{"``):

- a JSON array of API entries, as the API returns one page:
  ``[{"paper": {"id", "title", "summary", "authors": [{"name", "user": {"user", ...}}],
  "publishedAt", "submittedOnDailyAt", "upvotes", "githubRepo", ...}, "publishedAt",
  "numComments", "submittedBy", "thumbnail", "mediaUrls", ...}, ...]``;
- JSON Lines: one entry per line, or one page (an array) per line, as ``papertoolkit fetch``
  saves a day: every response body exactly as received, one per line;
- ``hf papers ls --format json``: a JSON array of flat objects (``id``, ``title``, ``authors``
  with ``user.username``, ``published_at``, ``submitted_at``, ``upvotes``, ``comments``, ...).

Each entry becomes one ``papers`` row (``source_kind`` "hub") or an error problem; the day of a
row is the day the paper was featured (the entry's ``publishedAt``, or ``submittedOnDailyAt``;
``submitted_at`` in the ``hf`` output), as a UTC date. arXiv ids are kept exactly as written,
even when a file wrote one as a JSON number. Counts that are not numbers are warnings and stay
<NA>. ``fetched_at`` comes from the log ``papertoolkit fetch`` writes beside the files.

>>> from papertoolkit.parse import Records
>>> rec = Records()
>>> read_text('[{"paper": {"id": "2402.10200", "title": "CoT", "upvotes": 99, '
...           '"authors": [{"name": "Xuezhi Wang", "user": {"user": "xuezhi"}}]}, '
...           '"publishedAt": "2024-02-16T03:00:00.000Z", "numComments": 2}]', "day.json", rec)
>>> rec.papers[0][:3], rec.hub[0][3], rec.author_users
(('2024-02-16', 1, '2402.10200'), 99, [(0, 'xuezhi')])
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from collections import Counter
from functools import lru_cache

from ..parse import Problem, Records, _date_from_name, _shorten

NAME = "hub"

#: fields of one tuple in :attr:`Records.hub` after the paper index
# counts beyond this do not fit an Int64 column: reported and left empty
_INT64_LIMIT = 2**63

HUB_FIELDS = ("hub_file", "hub_entry", "upvotes", "fetched_at", "num_comments", "github_repo",
              "github_stars", "project_page", "organization", "submitted_by", "ai_summary",
              "published_at", "abstract")
#: the API's default page size: one response with exactly this many entries was probably cut
PAGE_SIZE = 50
#: name of the log ``papertoolkit fetch`` keeps in its output folder
FETCH_LOG = "papertoolkit-fetch.json"
KEYWORD_SOURCE = "ai_keywords"

_START = re.compile(r'\A\ufeff?\s*(?:\[\s*[\[{\]]|\{\s*")')
_ARXIV_ID = re.compile(r"\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7}")
_VIDEO = re.compile(r"\.(?:mp4|webm|mov|m4v|ogv)(?:[?#].*)?$", re.IGNORECASE)


class _Number(str):
    """A JSON number kept as its exact text (so ``2402.10200`` keeps its trailing zero)."""


def sniff(head: str) -> bool:
    """A JSON array of objects or arrays, an empty array, or a JSON object."""
    return _START.match(head) is not None


def read(data: bytes, source: str, records: Records, convert=None) -> None:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        records.n_bytes += len(data)
        records.problems.append(Problem(source, line, "error",
                                        "JSON file is not valid UTF-8: nothing read"))
        return
    read_text(text, source, records, size=len(data), convert=convert)


def read_text(text: str, source: str, records: Records, size: int | None = None,
              convert=None) -> None:
    """Read saved JSON text; *convert* maps each item to an API entry first (other readers of
    Hub data in another shape, e.g. :mod:`papertoolkit.sources.scraped`)."""
    text = text.lstrip("\ufeff")
    records.n_bytes += size if size is not None else len(text.encode("utf-8"))
    try:
        pages = _pages(text, source, records)
    except RecursionError:
        records.problems.append(Problem(source, None, "error",
                                        "JSON nested too deeply: nothing read from this file"))
        return
    if pages is None:
        return
    _Reader(source, records, convert).run(pages)


def _loads(text: str):
    return json.loads(text, parse_float=_Number, parse_int=_Number)


def _pages(text: str, source: str, rec: Records) -> list[tuple[int | None, list]] | None:
    """The file as ``(line or None, entries)`` pages; None (and a problem) if unreadable.

    A file is one JSON value, or a sequence of them (JSON Lines; or the pages of a day as
    ``papertoolkit fetch`` saves them, one after the other): values that do not parse are
    error problems and the reading goes on at the next line.
    """
    try:
        value = _loads(text)
    except json.JSONDecodeError as whole:
        if whole.msg != "Extra data":
            rec.problems.append(Problem(
                source, whole.lineno, "error",
                f"malformed JSON (line {whole.lineno}, column {whole.colno}: {whole.msg}): "
                "nothing read from this file"))
            return None
        return _sequence(text, source, rec)
    if isinstance(value, dict):
        if "papertoolkit_fetch" in value:
            return None  # the fetch log: read for fetched_at, holds no papers
        if "paper" not in value and "id" not in value:  # e.g. a manifest beside the files
            rec.problems.append(Problem(source, None, "warning",
                                        "JSON object without 'paper' or 'id': not Daily Papers "
                                        "data, skipped"))
            return None
        return [(None, [value])]
    if isinstance(value, list):
        if value and all(isinstance(item, list) for item in value):
            return [(None, item) for item in value]  # pages in one array
        return [(None, value)]
    rec.problems.append(Problem(source, 1, "error",
                                "JSON file holds neither an array nor an object: not read"))
    return None


_decoder = json.JSONDecoder(parse_float=_Number, parse_int=_Number)
_SPACE = re.compile(r"[ \t\n\r]*")


def _sequence(text: str, source: str, rec: Records) -> list[tuple[int | None, list]]:
    """A sequence of JSON values (JSON Lines, or concatenated pages), each with its line."""
    pages: list[tuple[int | None, list]] = []
    pos, line, end = 0, 1, len(text)
    while True:
        skip = _SPACE.match(text, pos).end()
        line += text.count("\n", pos, skip)
        pos = skip
        if pos >= end:
            return pages
        try:
            item, stop = _decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            rec.n_headings += 1
            stop = text.find("\n", pos)
            stop = end if stop < 0 else stop
            rec.problems.append(Problem(source, line, "error",
                                        f"malformed JSON ({exc.msg}): line skipped",
                                        _shorten(text[pos:stop])))
        else:
            pages.append((line, item if isinstance(item, list) else [item]))
        line += text.count("\n", pos, stop)
        pos = stop


@lru_cache(maxsize=64)
def _fetch_log(folder: str, mtime: float) -> dict[str, str]:
    """``{file name: fetched_at}`` from the fetch log of *folder* (empty if unreadable)."""
    try:
        with open(os.path.join(folder, FETCH_LOG), encoding="utf-8") as handle:
            log = json.load(handle)
        return {day["file"]: day["fetched_at"] for day in log["days"].values()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def fetched_at(source: str) -> str | None:
    """When the file *source* was fetched, from the fetch log beside it (None if unknown)."""
    folder, name = os.path.split(source)
    try:
        mtime = os.stat(os.path.join(folder or ".", FETCH_LOG)).st_mtime
    except OSError:
        return None
    return _fetch_log(folder or ".", mtime).get(name)


# ---------------------------------------------------------------------------- values
def _utc_day(value) -> str | None:
    """The UTC date of an ISO 8601 timestamp or date, as YYYY-MM-DD (None if unreadable)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        stamp = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(_dt.UTC)
    return stamp.date().isoformat()


def _text(value) -> str | None:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return None


def _user(value) -> str | None:
    """Hub user name of a user object (API: ``user``/``name``; ``hf`` CLI: ``username``)."""
    if isinstance(value, dict):
        for key in ("user", "username", "name"):
            name = value.get(key)
            if isinstance(name, str) and name.strip():
                return name.strip()
    return _text(value)


def _organization(value) -> str | None:
    if isinstance(value, dict):
        return _text(value.get("name")) or _text(value.get("fullname"))
    return _text(value)


class _Reader:
    """Turns the entries of one file into rows (see the module docstring)."""

    def __init__(self, source: str, rec: Records, convert=None):
        self.source, self.rec, self.convert = source, rec, convert
        self.fetched_at = fetched_at(source)
        self.file_date = _date_from_name(source)[0]  # (date, why there is none)
        self.rank: Counter = Counter()
        self.seen: dict[tuple[str | None, str], int] = {}

    def problem(self, line, severity: str, reason: str, text: str = "") -> None:
        self.rec.problems.append(Problem(self.source, line, severity, reason, text))

    def run(self, pages: list[tuple[int | None, list]]) -> None:
        entry = 0
        per_day: Counter = Counter()
        for line, items in pages:
            for item in items:
                entry += 1
                day = self.entry(item, entry, line)
                if day is not False:
                    per_day[day] += 1
        if len(pages) <= 1:  # one response: was the day cut at the API's page size?
            for day, count in sorted(per_day.items(), key=lambda kv: str(kv[0])):
                if count == PAGE_SIZE:
                    self.problem(None, "warning",
                                 f"{day}: exactly {PAGE_SIZE} entries in one response, the API's "
                                 "default page size: the day was probably cut short (`papertoolkit "
                                 "fetch` reads every page)")

    def count(self, value, what: str, entry: int, line) -> int | None:
        """A count (upvotes, comments, stars): an int, or None with a warning if not a number."""
        if value is None:
            return None
        if type(value) is int:
            return value
        if isinstance(value, _Number):
            text = value.lstrip("-")
            number = int(value) if text.isdecimal() else float(value)  # exact for big ints
            if float(number).is_integer() and abs(number) < _INT64_LIMIT:
                return int(number)
        elif isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) < 19:
            self.problem(line, "warning", f"entry {entry}: {what} written as text ({value!r})")
            return int(value.strip())
        self.problem(line, "warning",
                     f"entry {entry}: {what} is not a whole number ({_shorten(repr(value), 40)}); "
                     "left empty")
        return None

    def entry(self, item, entry: int, line) -> str | None | bool:
        """Read one entry; its day (False when it gave no row)."""
        rec = self.rec
        rec.n_headings += 1
        if self.convert is not None:
            item = self.convert(item)
        if not isinstance(item, dict):
            self.problem(line, "error", f"entry {entry}: not a JSON object "
                         f"({type(item).__name__}): skipped", _shorten(repr(item)))
            return False
        if "paper" in item:  # the API's shape
            paper = item["paper"]
            if not isinstance(paper, dict):
                self.problem(line, "error", f"entry {entry}: 'paper' is not an object: skipped")
                return False
            get = paper.get
            day_value = item.get("publishedAt") or get("submittedOnDailyAt")
            comments, submitter = item.get("numComments"), (item.get("submittedBy")
                                                             or get("submittedOnDailyBy"))
            published, stars = get("publishedAt"), get("githubStars")
            repo, page, keywords = get("githubRepo"), get("projectPage"), get("ai_keywords")
            abstract = get("summary") or item.get("summary")
            organization = get("organization") or item.get("organization")
            media = item.get("mediaUrls") or get("mediaUrls")
            thumbnail = item.get("thumbnail")
            title = get("title") or item.get("title")
        else:  # hf papers ls --format json
            paper = item
            get = paper.get
            day_value = get("submitted_at") or get("submittedOnDailyAt")
            comments, submitter = get("comments"), get("submitted_by")
            published, stars = get("published_at"), get("github_stars")
            repo, page, keywords = get("github_repo"), get("project_page"), get("ai_keywords")
            abstract, organization = get("summary"), get("organization")
            media, thumbnail, title = get("media_urls"), get("thumbnail"), get("title")
        arxiv_id = get("id")
        if isinstance(arxiv_id, str) and not isinstance(arxiv_id, _Number):
            arxiv_id = arxiv_id.strip()
        if not arxiv_id or not isinstance(arxiv_id, str):
            self.problem(line, "error", f"entry {entry}: no paper id: skipped",
                         _shorten(str(title or "")))
            return False
        if isinstance(arxiv_id, _Number):
            self.problem(line, "warning", f"entry {entry}: paper id {arxiv_id} written as a "
                         "JSON number; kept as written")
            arxiv_id = str(arxiv_id)
        elif not _ARXIV_ID.fullmatch(arxiv_id):
            self.problem(line, "warning", f"entry {entry}: paper id {arxiv_id!r} is not an "
                         "arXiv id; kept as given")
        day = _utc_day(day_value)
        if day is None:
            day = self.file_date
            self.problem(line, "warning", f"entry {entry}: no readable Daily Papers date "
                         f"({_shorten(repr(day_value), 40)}); "
                         + (f"date {day} taken from the file name" if day else "date left empty"))
        key = (day, arxiv_id)
        if key in self.seen:
            self.problem(line, "warning", f"entry {entry}: duplicate of entry {self.seen[key]} "
                         f"on the same day ({arxiv_id}); kept once")
            return False
        self.seen[key] = entry
        title = " ".join(title.split()) if isinstance(title, str) else ""
        if not title:
            self.problem(line, "warning", f"entry {entry}: paper title is empty")
        upvotes = get("upvotes")
        self.emit(day, arxiv_id, title, entry, line, {
            "fetched_at": item.get("_fetched_at") or self.fetched_at,
            "upvotes": self.count(upvotes, "upvotes", entry, line),
            "num_comments": self.count(comments, "numComments", entry, line),
            "github_stars": self.count(stars, "githubStars", entry, line),
            "github_repo": _text(repo), "project_page": _text(page),
            "organization": _organization(organization), "submitted_by": _user(submitter),
            "ai_summary": _text(get("ai_summary")), "published_at": _utc_day(published),
            "abstract": _text(abstract),
        }, get("authors"), keywords, media, thumbnail)
        return day

    def emit(self, day, arxiv_id, title, entry, line, fields, authors, keywords, media,
             thumbnail) -> None:
        rec = self.rec
        index = len(rec.papers)
        names = 0
        if authors is not None and not isinstance(authors, list):
            self.problem(line, "warning", f"entry {entry}: 'authors' is not a list; ignored")
            authors = []
        for position, author in enumerate(authors or [], start=1):
            if isinstance(author, str):
                name, user = author, None
            elif isinstance(author, dict) and isinstance(author.get("name"), str):
                name, user = author["name"], author.get("user")
                if user is not None:
                    user = _user(user)
            else:
                self.problem(line, "warning",
                             f"entry {entry}: author {position} has no name; skipped",
                             _shorten(repr(author)))
                continue
            if user:
                rec.author_users.append((len(rec.author_raw), user))
            rec.author_raw.append(name)
            names += 1
        if isinstance(keywords, list):
            seen = set()
            for keyword in keywords:
                if isinstance(keyword, str) and keyword.strip() and keyword.strip() not in seen:
                    seen.add(keyword.strip())
                    rec.keywords.append((index, keyword.strip(), KEYWORD_SOURCE))
        video = next((url for url in media if isinstance(url, str) and _VIDEO.search(url)),
                     None) if isinstance(media, list) else None
        if video:
            kind, media_url = "video", video
        elif _text(thumbnail):
            kind, media_url = "image", _text(thumbnail)
        else:
            kind, media_url = "none", None
        self.rank[day] += 1
        rec.papers.append((day, self.rank[day], arxiv_id, None, title,
                           f"https://arxiv.org/abs/{arxiv_id}", None, kind, media_url, names, 0,
                           self.source, line))
        fields.update(hub_file=self.source, hub_entry=entry)
        rec.hub.append((index, *(fields[name] for name in HUB_FIELDS)))
