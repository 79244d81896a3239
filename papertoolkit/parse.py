"""Parse Daily Papers digests into column-wise records.

A digest is a line-oriented format, so the parser scans lines and hands only the inline parts
that need it (titles with escapes or markup, Markdown links inside bullets) to markdown-it-py.
Every ``### `` heading becomes a paper record or a problem carrying file, line and reason.

For speed, runs of papers in the common shape are read at once by a few regular expressions
over the whole run, and only the rest line by line; both give exactly the same records
(``FAST_PATHS = False`` reads everything line by line, for checks). See "the scan" below.

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
>>> row = dict(zip(PAPER_FIELDS, records.papers[0]))
>>> row["title"], row["votes"], records.author_raw
('Chain-of-Thought Reasoning Without Prompting', 33, ['Xuezhi Wang', 'Denny Zhou'])
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .authors import split_author_fields, split_authors

__all__ = [
    "DigestParseError",
    "PAPER_FIELDS",
    "Problem",
    "Records",
    "decode_digest",
    "parse_text",
    "parse_file",
    "parse_arxiv_url",
    "classify_link",
]


#: Read every digest with the exact line-by-line scan and every title with markdown-it-py
#: (False), instead of the fast paths that give the same result (True). For checks.
FAST_PATHS = True


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
_FAST_HEADING = re.compile(r"^###\s+\[([^\[\]\n]+)\]\(([A-Za-z0-9:/._~-]+)\)\s*$")
# Characters that may make inline Markdown differ from the plain text, and the uses of them
# that really do (emphasis and code spans need two delimiters; see _literal_title)
_TITLE_SPECIAL = re.compile(r"[\\`*_<&]")
_TITLE_MARKUP = re.compile(r"\\(?:[!-/:-@\[-`{-~]|$)|&(?:#|[A-Za-z][A-Za-z0-9]*;)|<(?! )")
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
_ARXIV_ABS = re.compile(r"https://arxiv\.org/abs/([0-9]{4}\.[0-9]{4,5})(?:v([0-9]+))?")
_ARXIV_OLD = re.compile(r"\b([a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v(\d+))?\b")
_FILE_DATE = re.compile(
    r"(\d{4})[-_/.]{1,2}(\d{2})[-_/.]{1,2}(\d{2})(?!\d)|(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")


# ---------------------------------------------------------------------------- records
#: fields of one tuple in :attr:`Records.papers`
PAPER_FIELDS = ("date", "rank", "arxiv_id", "arxiv_version", "title", "url", "votes",
                "media_kind", "media_url", "n_author_raw", "n_bullets", "source_file", "line")


@dataclass
class Records:
    """What the parser found, in a compact column-friendly form (built into tables by Corpus).

    ``papers`` holds one tuple per paper row (fields :data:`PAPER_FIELDS`, ``date`` as an ISO
    string or None). Authors and bullets are flat lists, paper after paper: the first
    ``n_author_raw`` names of ``author_raw`` belong to the first paper, and so on (names are
    normalised and de-duplicated per paper when the tables are built); likewise ``n_bullets``
    texts of ``bullet_text``. Bullet levels and labels are stored only where they are not
    0 / None, as ``(index into bullet_text, value)``; ``label_runs`` holds
    ``(index of a bullet, raw labels)`` for that bullet and the ones after it, one raw label
    per bullet ("" for none, else the label still to be stripped of spaces). ``links`` holds
    ``(paper index, bullet position, url, kind)``.
    """

    papers: list[tuple] = field(default_factory=list)
    author_raw: list[str] = field(default_factory=list)
    bullet_text: list[str] = field(default_factory=list)
    bullet_levels: list[tuple[int, int]] = field(default_factory=list)
    bullet_labels: list[tuple[int, str]] = field(default_factory=list)
    label_runs: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)
    links: list[tuple[int, int, str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    n_headings: int = 0
    n_bytes: int = 0
    # What other sources say beyond a digest, sparse (empty for digests):
    # ``(paper index, *papertoolkit.sources.hub.HUB_FIELDS)``, ``(paper index, keyword,
    # source)`` and ``(index into author_raw, hf_user)``.
    hub: list[tuple] = field(default_factory=list)
    keywords: list[tuple[int, str, str]] = field(default_factory=list)
    author_users: list[tuple[int, str]] = field(default_factory=list)


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
    match = _ARXIV_ABS.fullmatch(url)
    if match is None:
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
    if match and FAST_PATHS and _literal_title(match.group(1)):
        return match.group(1).strip(), match.group(2)
    return _parse_heading_slow(line.lstrip("#").strip())


def _literal_title(title: str) -> bool:
    """Whether link text without brackets reads as itself in CommonMark (no escape, entity,
    emphasis, code span, autolink or HTML can start in it).

    >>> _literal_title("A* Search & Friends: >80% better!"), _literal_title("A *b* c")
    (True, False)
    """
    if _TITLE_SPECIAL.search(title) is None:
        return True
    return (title.count("*") < 2 and title.count("_") < 2 and title.count("`") < 2
            and _TITLE_MARKUP.search(title) is None)


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


def _shorten(text: str, width: int = 120) -> str:
    text = text.strip()
    return text if len(text) <= width else text[: width - 1] + "…"


# ---------------------------------------------------------------------------- the scan
# The exact reading of a digest is line by line (_Scan.scan, _Scan.line): lines starting with
# "#" (headings, day headers, other sections) split it into chunks, the chunk after a paper
# heading is the paper's body. Most papers have the same simple shape, though: a plain
# "### [title](https://arxiv.org/abs/ID)" heading, blank lines, an image or a "[Watch Video]"
# line, "Vote: N", "Authors: ...", "- " bullets, in that order. Runs of such papers are read
# at once by a few regular expressions over the whole run (_PAPER_BLOCK, _BULLETS), and so is
# a body of that shape after any other heading (_BLOCK). These paths accept only text for
# which they give exactly what the line-by-line reading gives.
_HASH_LINE = re.compile(r"\n#[^\n]*")
_BLOCK = re.compile(r"""
    \n*
    (?:
        !\[[^\]\n]*\]\(([^()\s<>]*)\)\n\n*                      # 1: image URL
      | \[Watch\ Video\]\(([^()\s<>]*)\)\n(?:<[^\n]*\n)*\n*     # 2: video URL (+ HTML lines)
    )?
    (?:Vote:\ (-|[0-9]+)\n\n*)?                                 # 3: votes
    (?:Authors:\ ([^\n]*)\n\n*)?                                # 4: author list
    """, re.X)
# a plain heading, the _BLOCK head, then "- " bullet lines, then blank lines
_PAPER_BLOCK = re.compile(r"""
    \#\#\#\ \[([^\[\]\n]+)\]                                         # 1: title
    \((https://arxiv\.org/abs/([0-9]{4}\.[0-9]{4,5})(?:v([0-9]+))?)\)\n   # 2: URL 3: id 4: v
    """ + _BLOCK.pattern + r"""
    ((?:-\ [^\n]*\n)*)\n*                                                # 9: bullets
    """, re.X)
# after the _BLOCK head, a block body holds only "- " bullets and blank lines: a line that
# starts otherwise (searched from the newline before the first line) sends it to the line scan
_NOT_BULLET = re.compile(r"\n(?:[^-\n]|-(?! ))")
# one bullet line of a block: (label delimiter, label, text). The block paths are taken only
# where the text holds no whitespace but " " and "\n" and no control character (see _ODD).
_BULLETS = re.compile(r"\n- +(?:(\*{1,3}|_{1,3})([^*_\n]{1,80}?)\1 *: *)?([^\n]*)")
# every character str.strip() or _CONTROL treats specially, except " " and "\n"; all are
# non-printable, so a text whose lines are printable has none
_ODD = re.compile("[\x00-\x09\x0b-\x1f\x7f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f"
                  "\u205f\u3000]")


def _media(image: str | None, video: str | None) -> tuple[str, str | None]:
    """Media kind and URL of a paper block from its image and video groups."""
    if image is not None:
        return "image", image or None
    if video is not None:
        return "video", video or None
    return "none", None


def _ends_paper(line: str) -> bool:
    """Whether a line starting with "#" ends the paper before it (else it is summary text)."""
    return (line.startswith(("### ", "## ", "# ")) or line.rstrip() == "###"
            or _DAY_HEADER.match(line) is not None)


class _Paper:
    __slots__ = ("line", "title", "url", "arxiv_id", "version", "votes", "media_kind",
                 "media_url", "authors", "bullets", "found", "http", "trailing", "seen_vote",
                 "seen_authors", "last_blank", "fresh")

    def __init__(self, line: int, title: str, url: str, arxiv_id: str, version: int | None):
        self.line, self.title, self.url = line, title, url
        self.arxiv_id, self.version = arxiv_id, version
        self.votes: int | None = None
        self.media_kind, self.media_url = "none", None
        self.authors: list[str] = []
        self.bullets: list[list] = []  # [level, raw text] from the line-by-line scan
        self.found: list[tuple[str, str, str]] | None = None  # _BULLETS matches (block path)
        self.http = False  # block path: "http" occurs in the bullets
        self.trailing = False  # block path: some bullet ends with a space
        self.seen_vote = self.seen_authors = False
        self.last_blank = True
        self.fresh = True  # no body line read yet: the block path may be tried


class _Scan:
    """State of the scan of one digest text; appends rows to a :class:`Records`."""

    def __init__(self, text: str, source: str, rec: Records):
        self.text, self.source, self.rec = text, source, rec
        self.problems = rec.problems
        self.file_date: str | None = None
        self.file_date_done = False
        self.date: str | None = None
        self.seen: dict[tuple[str | None, str], int] = {}
        self.rank_by_date: dict[str | None, int] = {}
        self.paper: _Paper | None = None
        self.saw_day_header = False
        self.headings_before = rec.n_headings  # the count is shared by every file of a load
        # any character that the block paths must not meet? (isprintable: fast, and a
        # superset; _ODD then tells exactly, run by run)
        self.odd = not text.replace("\n", " ").isprintable()

    def run(self) -> None:
        text = self.text
        pos, number = 0, 1  # start of the text not read yet, and its line number
        for start, end, blocks in self.runs():
            if pos < start:
                self.scan(pos, start, number)
                number += text.count("\n", pos, start)
            number = self.read_run(start, end, blocks, number)
            pos = end
        if pos < len(text):
            self.scan(pos, len(text), number)
        if self.paper is not None:
            self.finish(self.paper)
        if self.rec.n_headings == self.headings_before and not self.saw_day_header:
            self.problems.append(Problem(
                self.source, None, "warning",
                "not a Daily Papers digest: no '## Daily Papers' header and no '### ' paper "
                "headings"))

    # ------------------------------------------------------------------ runs of plain papers
    def runs(self) -> list[tuple[int, int, list]]:
        """``(start, end, _PAPER_BLOCK matches)`` of runs of plain papers, each run followed
        by the end of the text or a line that ends a paper."""
        text, odd = self.text, self.odd
        found: list[tuple[int, int, list]] = []
        if not FAST_PATHS:
            return found

        def close(start: int, end: int, blocks: list) -> None:
            if end != len(text) and not _ends_paper(text[end:text.index("\n", end)]):
                blocks.pop()  # text goes on after the last paper's bullets: not plain
                if not blocks:
                    return
                end = blocks[-1].end()
            if odd and _ODD.search(text, start, end) is not None:
                return
            found.append((start, end, blocks))

        start = end = -1
        blocks: list = []
        for match in _PAPER_BLOCK.finditer(text):
            first = match.start()
            title = match.group(1)
            if first and text[first - 1] != "\n" or not title.strip() or not _literal_title(
                    title):
                continue  # not at the start of a line, or an empty or marked-up title
            if first != end:
                if blocks:
                    close(start, end, blocks)
                start, blocks = first, []
            blocks.append(match)
            end = match.end()
        if blocks:
            close(start, end, blocks)
        return found

    def read_run(self, start: int, end: int, blocks: list, number: int) -> int:
        """Append the papers of a run (see :meth:`runs`); return the line number at *end*."""
        text, rec, source = self.text, self.rec, self.source
        if self.paper is not None:
            self.finish(self.paper)
            self.paper = None
        self.check_date(number)
        date = self.date
        papers = [block.group(1, 2, 3, 4, 5, 6, 7, 8) for block in blocks]
        ids = [paper[2] for paper in papers]
        seen = self.seen
        if len(set(ids)) != len(ids) or any((date, arxiv_id) in seen for arxiv_id in ids):
            return self.read_blocks(blocks, number)  # duplicates: one by one
        rec.n_headings += len(blocks)
        texts = rec.bullet_text
        base = len(texts)
        found = _BULLETS.findall(text, max(start - 1, 0), end)
        with_links: list[int] = []  # bullets (index into texts) that may hold links
        if found:
            delims, labels, found = zip(*found, strict=True)
            if text.find(" \n", start, end) >= 0:
                found = [bullet.rstrip(" ") for bullet in found]
            with_links = [base + i for i, bullet in enumerate(found) if "http" in bullet]
            texts.extend(found)
            if any(delims):
                rec.label_runs.append((base, labels))
        with_links.append(len(texts))  # a stop
        next_link = 0
        rows = rec.papers
        names, counts = split_author_fields([paper[7] for paper in papers
                                             if paper[7] is not None])
        rec.author_raw.extend(names)
        n_names = iter(counts)
        rank = self.rank_by_date.get(date, 0)
        pos = start
        for block, paper in zip(blocks, papers, strict=True):
            first = block.start()
            number += text.count("\n", pos, first)
            pos = first
            title, url, arxiv_id, version, image, video, votes, names = paper
            bullets_start, bullets_end = block.span(9)
            n_bullets = text.count("\n", bullets_start, bullets_end)  # one bullet a line
            base += n_bullets
            if with_links[next_link] < base:
                self.links(len(rows), texts[base - n_bullets:base])
                while with_links[next_link] < base:
                    next_link += 1
            kind, media = _media(image, video)
            rank += 1
            seen[date, arxiv_id] = number
            rows.append((date, rank, arxiv_id, int(version) if version else None,
                         title.strip(), url,
                         int(votes) if votes is not None and votes != "-" else None, kind,
                         media, next(n_names) if names is not None else 0, n_bullets, source,
                         number))
        self.rank_by_date[date] = rank
        return number + text.count("\n", pos, end)

    def read_blocks(self, blocks: list, number: int) -> int:
        """:meth:`read_run`, paper by paper."""
        text = self.text
        pos = blocks[0].start()
        for i, block in enumerate(blocks):
            first = block.start()
            number += text.count("\n", pos, first)
            pos = first
            if i:
                self.check_date(number)
            self.rec.n_headings += 1
            title, url, arxiv_id, version, image, video, votes, names = block.group(
                1, 2, 3, 4, 5, 6, 7, 8)
            bullets_start, bullets_end = block.span(9)
            found = (_BULLETS.findall(text, bullets_start - 1, bullets_end)
                     if bullets_start != bullets_end else None)
            kind, media = _media(image, video)
            self.emit(number, title.strip(), url, arxiv_id, int(version) if version else None,
                      int(votes) if votes is not None and votes != "-" else None, kind, media,
                      split_authors(names) if names is not None else [], found,
                      found is not None and text.find("http", bullets_start, bullets_end) >= 0,
                      found is not None and text.find(" \n", bullets_start, bullets_end) >= 0)
        return number + text.count("\n", pos, blocks[-1].end())

    def check_date(self, number: int) -> None:
        """Before a paper heading: the date from the file name if no day header came yet."""
        if self.date is None:
            if not self.file_date_done:
                self.file_date, self.file_date_done = _date_from_name(self.source), True
                self.problems.append(Problem(
                    self.source, number, "warning",
                    "no '## Daily Papers (YYYY-MM-DD)' header before this paper; "
                    + (f"date {self.file_date} taken from the file name" if self.file_date
                       else "no date in the file name either: date left empty")))
            self.date = self.file_date

    # ------------------------------------------------------------------ line by line
    def scan(self, pos: int, end: int, number: int) -> None:
        """Read ``text[pos:end]`` (whole lines, *pos* on line *number*) line by line."""
        text = self.text
        if pos == 0 and text.startswith("#"):
            line_end = text.index("\n")
            self.hash_line(text[:line_end], number)
            pos, number = line_end + 1, number + 1
        # from the newline before pos: a "#" line may start right at pos
        for match in _HASH_LINE.finditer(text, max(pos - 1, 0), end):
            start = match.start() + 1
            if self.paper is not None and start > pos:
                self.body(pos, start, number)
            number += text.count("\n", pos, start)
            self.hash_line(match.group()[1:], number)
            pos, number = match.end() + 1, number + 1
        if self.paper is not None and pos < end:
            self.body(pos, end, number)

    def hash_line(self, line: str, number: int) -> None:
        """Read a line starting with "#"."""
        problems, source = self.problems, self.source
        if line.startswith("### ") or line.rstrip() == "###":
            self.rec.n_headings += 1
            if self.paper is not None:
                self.finish(self.paper)
                self.paper = None
            self.check_date(number)
            parsed = parse_heading(line)
            if parsed is None:
                problems.append(Problem(source, number, "error",
                                        "paper heading has no [title](url) link",
                                        _shorten(line)))
                return
            title, url = parsed
            arxiv_id, version = parse_arxiv_url(url)
            if arxiv_id is None:
                problems.append(Problem(source, number, "error",
                                        f"paper link is not an arXiv URL: {url}",
                                        _shorten(line)))
                return
            if not title:
                problems.append(Problem(source, number, "warning", "paper title is empty",
                                        _shorten(line)))
            self.paper = _Paper(number, title, url, arxiv_id, version)
            return
        match = _DAY_HEADER.match(line)
        if match:
            if self.paper is not None:
                self.finish(self.paper)
                self.paper = None
            new_date = _valid_date(*match.groups())
            if new_date is None:
                problems.append(Problem(source, number, "warning",
                                        "invalid date in Daily Papers header", line))
                return
            self.date, self.saw_day_header = new_date, True
            return
        if line.startswith("## ") or line.startswith("# "):
            if self.paper is not None:  # another section ends the paper
                self.finish(self.paper)
                self.paper = None
            if line.startswith("## Daily Papers"):
                problems.append(Problem(source, number, "warning",
                                        "unreadable Daily Papers header (expected "
                                        "'## Daily Papers (YYYY-MM-DD)')", line))
            return
        self.line(line, number)  # any other "#..." line is text

    # ------------------------------------------------------------------ a paper's body
    def body(self, start: int, end: int, number: int) -> None:
        """Read the lines ``text[start:end]`` (each ending in a newline) of the open paper."""
        paper, text = self.paper, self.text
        if paper.fresh and FAST_PATHS:
            paper.fresh = False
            head = _BLOCK.match(text, start, end)
            first = head.end()  # the bullets (and blank lines) run from here to the end
            if _NOT_BULLET.search(text, first - 1, end) is None and (
                    first == end or not self.odd or _ODD.search(text, first, end) is None) and (
                    end == len(text) or _ends_paper(text[end:text.index("\n", end)])):
                image, video, votes, authors = head.groups()
                if image is not None:
                    paper.media_kind, paper.media_url = "image", image or None
                elif video is not None:
                    paper.media_kind, paper.media_url = "video", video or None
                if votes is not None and votes != "-":
                    paper.votes = int(votes)
                if authors is not None:
                    paper.authors = split_authors(authors)
                if first != end:
                    paper.found = _BULLETS.findall(text, first - 1, end)
                    paper.http = text.find("http", first, end) >= 0
                    paper.trailing = text.find(" \n", first, end) >= 0
                return
        for offset, line in enumerate(text[start:end - 1].split("\n")):
            self.line(line, number + offset)

    def line(self, line: str, number: int) -> None:
        """The exact line-by-line reading of one line that does not start a section."""
        paper = self.paper
        if not line or line.isspace():
            if paper is not None:
                paper.last_blank = True
            return
        if paper is None:
            return  # text outside a paper (title banners, footers, failed headings)
        paper.fresh = False
        first = line[0]
        item = _LIST_ITEM.match(line) if first in " -*+0123456789\t" else None
        if item is not None:
            indent = len(item.group(1))
            paper.bullets.append([indent // 2, item.group(2)])
            paper.last_blank = False
            return
        stripped = line.strip()
        if first == "!" and paper.media_kind == "none":
            match = _IMAGE.match(stripped)
            if match:
                paper.media_kind, paper.media_url = "image", match.group(1) or None
                paper.last_blank = False
                return
        if first == "[" and stripped[:12].lower() == "[watch video":
            match = _WATCH_VIDEO.match(stripped)
            if match:
                paper.media_kind = "video"
                paper.media_url = match.group(1) or match.group(2) or None
                paper.last_blank = False
                return
        if first == "<":
            if "<video" in line.lower():
                match = _VIDEO_SRC.search(line)
                if match and paper.media_kind != "video":
                    paper.media_kind, paper.media_url = "video", match.group(1)
            paper.last_blank = False
            return  # stray HTML is not summary text
        problems, source = self.problems, self.source
        if first in "VvAa":
            match = _VOTE.match(stripped)
            if match:
                value = match.group(1).replace(",", "")
                if paper.seen_vote:
                    problems.append(Problem(source, number, "warning",
                                            "second Vote line for this paper; first one kept",
                                            line))
                elif value.isdecimal():
                    paper.votes = int(value)
                elif value not in ("", "-", "—", "N/A", "n/a"):
                    problems.append(Problem(source, number, "warning",
                                            f"unreadable vote count {value!r}; left empty", line))
                paper.seen_vote = True
                paper.last_blank = False
                return
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
                return
        # Any other text inside a paper: a lazy continuation of the previous bullet, or a
        # summary paragraph written without a list marker. Kept as summary, never dropped.
        if paper.bullets and not paper.last_blank:
            paper.bullets[-1][1] += " " + stripped
        else:
            paper.bullets.append([0, stripped])
        paper.last_blank = False

    # ------------------------------------------------------------------ emit a paper row
    def finish(self, p: _Paper) -> None:
        self.emit(p.line, p.title, p.url, p.arxiv_id, p.version, p.votes, p.media_kind,
                  p.media_url, p.authors, p.found, p.http, p.trailing, p.bullets)

    def emit(self, line: int, title: str, url: str, arxiv_id: str, version: int | None,
             votes: int | None, media_kind: str, media_url: str | None, authors: list[str],
             found: list[tuple[str, str, str]] | None, http: bool, trailing: bool,
             bullets: list[list] | None = None) -> None:
        """Append one paper (bullets as _BULLETS matches, or raw [level, text] pairs)."""
        date = self.date
        key = (date, arxiv_id)
        seen = self.seen
        if key in seen:
            self.problems.append(Problem(
                self.source, line, "warning",
                f"duplicate of the paper at line {seen[key]} on the same day ({arxiv_id}); "
                "kept once", title))
            return
        seen[key] = line
        rank = self.rank_by_date.get(date, 0) + 1
        self.rank_by_date[date] = rank
        rec = self.rec
        index = len(rec.papers)
        texts = rec.bullet_text
        base = len(texts)
        if found:  # block path: texts are final but for trailing spaces, labels raw
            delims, labels, found = zip(*found, strict=True)
            if trailing:
                found = [text.rstrip(" ") for text in found]
            texts.extend(found)
            if any(delims):
                rec.label_runs.append((base, labels))
            if http:
                self.links(index, found)
        elif bullets:
            bullet_levels, bullet_labels = rec.bullet_levels, rec.bullet_labels
            for i, (level, raw) in enumerate(bullets):
                raw = _CONTROL.sub(" ", raw).strip()
                if raw[:1] in "*_":
                    match = _LABEL.match(raw)
                    if match:
                        bullet_labels.append((base + i, match.group(2).strip()))
                        raw = raw[match.end():]
                if level:
                    bullet_levels.append((base + i, level))
                texts.append(raw)
            self.links(index, texts[base:])
        rec.author_raw.extend(authors)
        rec.papers.append((date, rank, arxiv_id, version, title, url, votes, media_kind,
                           media_url, len(authors), len(texts) - base, self.source, line))

    def links(self, index: int, texts) -> None:
        links = self.rec.links
        for position, text in enumerate(texts, start=1):
            if "http" in text:
                for url in _bullet_links(text):
                    links.append((index, position, url, classify_link(url, text)))


def parse_text(text: str, source: str = "<string>", records: Records | None = None) -> Records:
    """Parse one digest given as text and append its rows to *records* (a new one by default).

    Lines are split on ``\\n`` only (CR and LF/CRLF normalised first), so a form feed or other
    control character inside a summary never splits a line.
    """
    return _parse(text, source, records if records is not None else Records())


def _parse(text: str, source: str, rec: Records, utf8_size: int | None = None) -> Records:
    """:func:`parse_text`; *utf8_size* is the UTF-8 size of *text* when the caller knows it."""
    if text.startswith("\ufeff"):
        text = text[1:]
        if utf8_size is not None:
            utf8_size -= 3
    if "\r" in text:
        if utf8_size is not None:
            utf8_size -= text.count("\r\n")  # a lone CR becomes LF: same size
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if utf8_size is None:
        utf8_size = len(text) if text.isascii() else len(text.encode("utf-8"))
    rec.n_bytes += utf8_size
    if not text.endswith("\n"):
        text += "\n"  # one more (blank) line at the end changes nothing
    _Scan(text, source, rec).run()
    return rec


def parse_file(path: str | Path, records: Records | None = None) -> Records:
    """Read, decode and parse one digest file (see :func:`parse_text`)."""
    rec = records if records is not None else Records()
    source = str(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        rec.problems.append(Problem(source, None, "error", f"cannot read file: {exc.strerror}"))
        return rec
    return parse_bytes(data, source, rec)


def parse_bytes(data: bytes, source: str, rec: Records) -> Records:
    """Decode and parse the bytes of one digest (see :func:`parse_file`)."""
    text, problems = decode_digest(data, source)
    rec.problems.extend(problems)
    if text is None:
        rec.n_bytes += len(data)
        return rec
    # decoded as UTF-8 without any note: the UTF-8 size is known without encoding again
    size = None if problems else len(data) - 3 * data.startswith(b"\xef\xbb\xbf")
    return _parse(text, source, rec, size)


def parse_files(paths: Iterable[str | Path], records: Records | None = None,
                progress=None) -> Records:
    """Parse many files into one :class:`Records`; *progress* is called once per file."""
    rec = records if records is not None else Records()
    for path in paths:
        parse_file(path, rec)
        if progress is not None:
            progress(path)
    return rec


