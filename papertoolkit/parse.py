"""Parse Daily Papers digests into column-wise records.

A digest is a line-oriented format, so the parser scans lines and hands only the inline parts
that need it (titles with escapes or markup, Markdown links inside bullets) to markdown-it-py.
Every ``### `` heading becomes a paper record or a problem carrying file, line and reason.

Examples
--------
>>> text = '''## Daily Papers (2024-02-16)
...
... ### [Chain-of-Thought Reasoning Without Prompting](https://arxiv.org/abs/2402.10200)
... Vote: 33
...
... Authors: Xuezhi Wang, Denny Zhou
...
... - 프롬프트 없이 CoT 경로를 찾는다.
... '''
>>> records = parse_text(text, source="example.md")
>>> records.papers["title"], records.papers["votes"]
(['Chain-of-Thought Reasoning Without Prompting'], [33])
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .authors import normalize_author, split_authors

__all__ = [
    "DigestParseError",
    "Problem",
    "Records",
    "decode_digest",
    "parse_text",
    "parse_file",
    "parse_arxiv_url",
    "classify_link",
]


class DigestParseError(ValueError):
    """Raised in strict mode for the first problem found; names file and line."""

    def __init__(self, file: str, line: int | None, reason: str):
        self.file, self.line, self.reason = file, line, reason
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    severity: str  # "error": a paper heading gave no row; "warning": data kept, something noted
    reason: str
    text: str = ""


# ---------------------------------------------------------------------------- patterns
_DAY_HEADER = re.compile(r"^##\s+Daily Papers\s*\((\d{4})-(\d{2})-(\d{2})\)\s*$")
_FAST_HEADING = re.compile(r"^###\s+\[([^\[\]\\`*_<>&!]+)\]\(([A-Za-z0-9:/._~-]+)\)\s*$")
_IMAGE = re.compile(r"^!\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_WATCH_VIDEO = re.compile(r"^\[Watch Video\]\s*(?:\(\s*<?([^)\s>]*)>?\s*\)|(\S+))", re.IGNORECASE)
_VIDEO_SRC = re.compile(r"<video\b[^>]*?\bsrc\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
_VOTE = re.compile(r"^Votes?\s*:\s*(.*?)\s*$", re.IGNORECASE)
_AUTHORS = re.compile(r"^Authors?\s*:\s*(.*?)\s*$", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^( *)(?:[-*+]|\d{1,3}[.)])(?:[ \t]+|$)(.*)$")
_LABEL = re.compile(r"^(\*{1,3}|_{1,3})([^*_\n]{1,80}?)\1\s*:\s*")
_BARE_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+")
_URL_TRAIL = ".,;:!?'\")]}>*"
_MD_LINK_HINT = "]("
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ARXIV_NEW = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5})(?:v(\d+))?(?![\d])")
_ARXIV_OLD = re.compile(r"\b([a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v(\d+))?\b")
_FILE_DATE = re.compile(
    r"(\d{4})[-_/.]{1,2}(\d{2})[-_/.]{1,2}(\d{2})(?!\d)|(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")


# ---------------------------------------------------------------------------- records
@dataclass
class Records:
    """Column-wise rows of the base tables (lists per column), filled by the parser."""

    papers: dict[str, list] = field(default_factory=lambda: _columns(
        "date rank arxiv_id arxiv_version title url votes media_kind media_url "
        "n_authors n_bullets summary source_file line"))
    authorships: dict[str, list] = field(default_factory=lambda: _columns(
        "arxiv_id date position author author_raw"))
    bullets: dict[str, list] = field(default_factory=lambda: _columns(
        "arxiv_id date position level label text"))
    links: dict[str, list] = field(default_factory=lambda: _columns(
        "arxiv_id date bullet_position url kind"))
    problems: list[Problem] = field(default_factory=list)
    n_headings: int = 0
    n_bytes: int = 0


def _columns(names: str) -> dict[str, list]:
    return {name: [] for name in names.split()}


# ---------------------------------------------------------------------------- helpers
def decode_digest(data: bytes, source: str) -> tuple[str | None, list[Problem]]:
    """Decode the bytes of a digest file; return the text (or None) and any problems.

    UTF-8 with or without BOM is read silently; CP949 (a superset of EUC-KR) is decoded with a
    warning; binary data and empty files are reported, not raised.

    >>> decode_digest("## Daily Papers (2024-01-02)".encode("cp949"), "a.md")[0][:9]
    '## Daily '
    """
    if not data.strip():
        return None, [Problem(source, None, "warning", "empty file: no digest content")]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    notes: list[Problem] = []
    if b"\x00" in data:
        if b"## Daily Papers" not in data and b"### [" not in data:
            return None, [Problem(source, None, "error", "binary file (NUL bytes): not a digest")]
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        data = data.replace(b"\x00", b"")
        notes.append(Problem(source, line, "warning", "NUL bytes in a text file; removed"))
    try:
        return data.decode("utf-8"), notes
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp949")
        return text, notes + [Problem(
            source, None, "warning",
            "not UTF-8; decoded as CP949/EUC-KR (Korean legacy encoding)")]
    except UnicodeDecodeError:
        pass
    line = data[: utf8_error.start].count(b"\n") + 1
    return data.decode("utf-8", "replace"), notes + [Problem(
        source, line, "warning",
        "invalid UTF-8 (not CP949 either); undecodable bytes replaced with U+FFFD")]


def parse_arxiv_url(url: str) -> tuple[str | None, int | None]:
    """Return ``(arxiv_id, version)`` found in an arXiv (or Hugging Face papers) URL.

    >>> parse_arxiv_url("https://arxiv.org/abs/2402.10200v2")
    ('2402.10200', 2)
    >>> parse_arxiv_url("https://arxiv.org/abs/hep-th/9901001")
    ('hep-th/9901001', None)
    """
    match = _ARXIV_NEW.search(url)
    if match is None:
        match = _ARXIV_OLD.search(url)
    if match is None:
        return None, None
    version = match.group(2)
    return match.group(1), int(version) if version else None


def classify_link(url: str, context: str = "") -> str:
    """Kind of a link found in a summary: github, huggingface, arxiv, project or other.

    >>> classify_link("https://github.com/ContextualAI/gritlm")
    'github'
    >>> classify_link("https://ziplora.github.io")
    'project'
    """
    host = url.split("://", 1)[-1].split("/", 1)[0].lower().split(":")[0]
    if host in ("github.com", "www.github.com", "gist.github.com"):
        return "github"
    if host.endswith(("huggingface.co", "hf.co")):
        return "huggingface"
    if host.endswith("arxiv.org"):
        return "arxiv"
    if host.endswith((".github.io", ".gitlab.io", ".pages.dev", ".netlify.app", ".vercel.app")):
        return "project"
    lowered = context.lower()
    if "project page" in lowered or "프로젝트 페이지" in context or "project website" in lowered:
        return "project"
    return "other"


@lru_cache(maxsize=1)
def _markdown():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def _inline_text(children) -> str:
    parts = []
    for tok in children:
        if tok.type in ("text", "code_inline", "html_inline"):
            parts.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif tok.type == "image":
            parts.append(_inline_text(tok.children or []))
    return "".join(parts)


def _parse_heading_slow(content: str) -> tuple[str, str] | None:
    """Title and href of the first link in a heading's inline content, read by markdown-it."""
    tokens = _markdown().parseInline(content)
    children = tokens[0].children if tokens else []
    for i, tok in enumerate(children or []):
        if tok.type == "link_open":
            depth, j = 1, i + 1
            while j < len(children) and depth:
                depth += {"link_open": 1, "link_close": -1}.get(children[j].type, 0)
                j += 1
            return _inline_text(children[i + 1 : j - 1]).strip(), str(tok.attrs.get("href", ""))
    return None


def parse_heading(line: str) -> tuple[str, str] | None:
    """Return ``(title, url)`` of a ``### [Title](url)`` line, or None if it has no link.

    >>> parse_heading(r"### [E^2-LLM: \\*fast\\* [v2]](https://arxiv.org/abs/2401.06951)")
    ('E^2-LLM: *fast* [v2]', 'https://arxiv.org/abs/2401.06951')
    """
    match = _FAST_HEADING.match(line)
    if match:
        return match.group(1).strip(), match.group(2)
    return _parse_heading_slow(line.lstrip("#").strip())


def _bullet_links(text: str) -> list[str]:
    urls: list[str] = []
    if _MD_LINK_HINT in text:
        for tok in _markdown().parseInline(text)[0].children or []:
            if tok.type == "link_open":
                urls.append(str(tok.attrs.get("href", "")))
    for match in _BARE_URL.finditer(text):
        url = match.group(0)
        if url.count("(") < url.count(")"):
            url = url[: url.rfind(")")]
        url = url.rstrip(_URL_TRAIL)
        if url not in urls and not any(u.startswith(url) for u in urls):
            urls.append(url)
    return urls


def _date_from_name(source: str):
    matches = list(_FILE_DATE.finditer(source))
    if not matches:
        return None
    match = matches[-1]  # the last date-like part of the path wins (folders may hold years)
    y, m, d = (match.group(1), match.group(2), match.group(3)) if match.group(1) else match.group(
        4, 5, 6)
    return _valid_date(y, m, d)


def _valid_date(y: str, m: str, d: str) -> str | None:
    import datetime as _dt

    try:
        return _dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _distinct_authors(raw_names: list[str]) -> list[tuple[str, str]]:
    """(normalised, raw) pairs in order, a name repeated within one paper kept once."""
    seen: set[str] = set()
    out = []
    for raw in raw_names:
        name = normalize_author(raw)
        if name and name not in seen:
            seen.add(name)
            out.append((name, raw))
    return out


def _shorten(text: str, width: int = 120) -> str:
    text = text.strip()
    return text if len(text) <= width else text[: width - 1] + "…"


# ---------------------------------------------------------------------------- the scan
class _Paper:
    __slots__ = ("line", "title", "url", "arxiv_id", "version", "votes", "media_kind",
                 "media_url", "authors", "bullets", "seen_vote", "seen_authors", "last_blank")

    def __init__(self, line: int, title: str, url: str, arxiv_id: str, version: int | None):
        self.line, self.title, self.url = line, title, url
        self.arxiv_id, self.version = arxiv_id, version
        self.votes: int | None = None
        self.media_kind, self.media_url = "none", None
        self.authors: list[str] = []
        self.bullets: list[list] = []  # [level, text]
        self.seen_vote = self.seen_authors = False
        self.last_blank = True


def parse_text(text: str, source: str = "<string>", records: Records | None = None) -> Records:
    """Parse one digest given as text and append its rows to *records* (a new one by default).

    Lines are split on ``\\n`` only (CR and LF/CRLF normalised first), so a form feed or other
    control character inside a summary never splits a line.
    """
    rec = records if records is not None else Records()
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    rec.n_bytes += len(text.encode("utf-8")) if not text.isascii() else len(text)
    problems = rec.problems
    file_date = None
    file_date_done = False
    date: str | None = None
    seen: dict[tuple[str | None, str], int] = {}
    rank_by_date: dict[str | None, int] = {}
    paper: _Paper | None = None
    saw_day_header = False

    def finish(p: _Paper) -> None:
        key = (date, p.arxiv_id)
        if key in seen:
            problems.append(Problem(source, p.line, "warning",
                                    f"duplicate of the paper at line {seen[key]} on the same day "
                                    f"({p.arxiv_id}); kept once", p.title))
            return
        seen[key] = p.line
        rank = rank_by_date.get(date, 0) + 1
        rank_by_date[date] = rank
        cols = rec.papers
        cols["date"].append(date)
        cols["rank"].append(rank)
        cols["arxiv_id"].append(p.arxiv_id)
        cols["arxiv_version"].append(p.version)
        cols["title"].append(p.title)
        cols["url"].append(p.url)
        cols["votes"].append(p.votes)
        cols["media_kind"].append(p.media_kind)
        cols["media_url"].append(p.media_url)
        authors = _distinct_authors(p.authors)
        cols["n_authors"].append(len(authors))
        cols["n_bullets"].append(len(p.bullets))
        cols["source_file"].append(source)
        cols["line"].append(p.line)
        texts = []
        bcols, lcols = rec.bullets, rec.links
        for position, (level, raw) in enumerate(p.bullets, start=1):
            raw = _CONTROL.sub(" ", raw).strip()
            label = None
            if raw[:1] in "*_":
                match = _LABEL.match(raw)
                if match:
                    label, raw = match.group(2).strip(), raw[match.end():]
            texts.append(raw)
            bcols["arxiv_id"].append(p.arxiv_id)
            bcols["date"].append(date)
            bcols["position"].append(position)
            bcols["level"].append(level)
            bcols["label"].append(label)
            bcols["text"].append(raw)
            if "http" in raw:
                for url in _bullet_links(raw):
                    lcols["arxiv_id"].append(p.arxiv_id)
                    lcols["date"].append(date)
                    lcols["bullet_position"].append(position)
                    lcols["url"].append(url)
                    lcols["kind"].append(classify_link(url, raw))
        cols["summary"].append("\n".join(texts) if texts else None)
        acols = rec.authorships
        for position, (name, raw) in enumerate(authors, start=1):
            acols["arxiv_id"].append(p.arxiv_id)
            acols["date"].append(date)
            acols["position"].append(position)
            acols["author"].append(name)
            acols["author_raw"].append(raw)

    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if not line or line.isspace():
            if paper is not None:
                paper.last_blank = True
            continue
        first = line[0]
        if first == "#":
            if line.startswith("### ") or line.rstrip() == "###":
                rec.n_headings += 1
                if paper is not None:
                    finish(paper)
                    paper = None
                if date is None:
                    if not file_date_done:
                        file_date, file_date_done = _date_from_name(source), True
                        problems.append(Problem(
                            source, number, "warning",
                            "no '## Daily Papers (YYYY-MM-DD)' header before this paper; "
                            + (f"date {file_date} taken from the file name" if file_date
                               else "no date in the file name either: date left empty")))
                    date = file_date
                parsed = parse_heading(line)
                if parsed is None:
                    problems.append(Problem(source, number, "error",
                                            "paper heading has no [title](url) link",
                                            _shorten(line)))
                    continue
                title, url = parsed
                arxiv_id, version = parse_arxiv_url(url)
                if arxiv_id is None:
                    problems.append(Problem(source, number, "error",
                                            f"paper link is not an arXiv URL: {url}",
                                            _shorten(line)))
                    continue
                if not title:
                    problems.append(Problem(source, number, "warning", "paper title is empty",
                                            _shorten(line)))
                paper = _Paper(number, title, url, arxiv_id, version)
                continue
            match = _DAY_HEADER.match(line)
            if match:
                if paper is not None:
                    finish(paper)
                    paper = None
                new_date = _valid_date(*match.groups())
                if new_date is None:
                    problems.append(Problem(source, number, "warning",
                                            "invalid date in Daily Papers header", line))
                    continue
                date, saw_day_header = new_date, True
                continue
            if line.startswith("## ") or line.startswith("# "):
                if paper is not None:  # another section ends the paper
                    finish(paper)
                    paper = None
                if line.startswith("## Daily Papers"):
                    problems.append(Problem(source, number, "warning",
                                            "unreadable Daily Papers header (expected "
                                            "'## Daily Papers (YYYY-MM-DD)')", line))
                continue
        if paper is None:
            continue  # text outside a paper (title banners, footers, failed headings)
        item = _LIST_ITEM.match(line) if first in " -*+0123456789\t" else None
        if item is not None:
            indent = len(item.group(1))
            paper.bullets.append([indent // 2, item.group(2)])
            paper.last_blank = False
            continue
        stripped = line.strip()
        if first == "!" and paper.media_kind == "none":
            match = _IMAGE.match(stripped)
            if match:
                paper.media_kind, paper.media_url = "image", match.group(1) or None
                paper.last_blank = False
                continue
        if first == "[" and stripped[:12].lower() == "[watch video":
            match = _WATCH_VIDEO.match(stripped)
            if match:
                paper.media_kind = "video"
                paper.media_url = match.group(1) or match.group(2) or None
                paper.last_blank = False
                continue
        if first == "<":
            if "<video" in line.lower():
                match = _VIDEO_SRC.search(line)
                if match and paper.media_kind != "video":
                    paper.media_kind, paper.media_url = "video", match.group(1)
            paper.last_blank = False
            continue  # stray HTML is not summary text
        if first in "VvAa":
            match = _VOTE.match(stripped)
            if match:
                value = match.group(1).replace(",", "")
                if paper.seen_vote:
                    problems.append(Problem(source, number, "warning",
                                            "second Vote line for this paper; first one kept",
                                            line))
                elif value.isdigit():
                    paper.votes = int(value)
                elif value not in ("", "-", "—", "N/A", "n/a"):
                    problems.append(Problem(source, number, "warning",
                                            f"unreadable vote count {value!r}; left empty", line))
                paper.seen_vote = True
                paper.last_blank = False
                continue
            match = _AUTHORS.match(stripped)
            if match:
                if paper.seen_authors:
                    problems.append(Problem(source, number, "warning",
                                            "second Authors line for this paper; first kept",
                                            _shorten(line)))
                else:
                    paper.authors = split_authors(match.group(1))
                paper.seen_authors = True
                paper.last_blank = False
                continue
        # Any other text inside a paper: a lazy continuation of the previous bullet, or a
        # summary paragraph written without a list marker. Kept as summary, never dropped.
        if paper.bullets and not paper.last_blank:
            paper.bullets[-1][1] += " " + stripped
        else:
            paper.bullets.append([0, stripped])
        paper.last_blank = False
    if paper is not None:
        finish(paper)
    if rec.n_headings == 0 and not saw_day_header:
        problems.append(Problem(source, None, "warning",
                                "not a Daily Papers digest: no '## Daily Papers' header and no "
                                "'### ' paper headings"))
    return rec


def parse_file(path: str | Path, records: Records | None = None) -> Records:
    """Read, decode and parse one digest file (see :func:`parse_text`)."""
    rec = records if records is not None else Records()
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        rec.problems.append(Problem(source, None, "error", f"cannot read file: {exc.strerror}"))
        return rec
    text, problems = decode_digest(data, source)
    rec.problems.extend(problems)
    if text is None:
        rec.n_bytes += len(data)
        return rec
    return parse_text(text, source, rec)


def parse_files(paths: Iterable[str | Path], records: Records | None = None,
                progress=None) -> Records:
    """Parse many files into one :class:`Records`; *progress* is called once per file."""
    rec = records if records is not None else Records()
    for path in paths:
        parse_file(path, rec)
        if progress is not None:
            progress(path)
    return rec


