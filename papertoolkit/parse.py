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
>>> row["title"], row["votes"], records.author_fields
('Chain-of-Thought Reasoning Without Prompting', 33, ['Xuezhi Wang, Denny Zhou'])

(Author lists are split, and names normalised, when the tables are built.)
"""

from __future__ import annotations

import datetime
import gc
import os
import re
import stat
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

# decoding, link classification and the record types live in their own modules (one seam
# each); their public names stay importable from here
from ._decode import _DIGEST_HINT, _UTF8_BOM, MAX_LINE_NOTES, decode_digest  # noqa: F401
from ._links import (  # noqa: F401
    PAPER_PAGE_HOSTS,
    _host_kind,
    _project_context,
    classify_link,
    is_arxiv_host,
    parse_arxiv_url,
)
from ._records import PAPER_FIELDS, DigestParseError, Problem, Records, _shorten
from .authors import author_list_issue, split_authors

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



# ---------------------------------------------------------------------------- patterns
_DAY_HEADER = re.compile(r"^##\s+Daily Papers\s*\((\d{4})-(\d{2})-(\d{2})\)\s*$")
_FAST_HEADING = re.compile(r"^###\s+\[([^\[\]\n]+)\]\(([A-Za-z0-9:/._~-]+)\)\s*$")
_FAST_CONTENT = re.compile(r"\[([^\[\]\n]+)\]\(([A-Za-z0-9:/._~-]+)\)")  # a heading's content
# Characters that may make inline Markdown differ from the plain text, and the uses of them
# that really do (emphasis and code spans need two delimiters; see _literal_title)
_TITLE_SPECIAL = re.compile(r"[\\`*_<&]")
_TITLE_MARKUP = re.compile(r"\\(?:[!-/:-@\[-`{-~]|$)|&(?:#|[A-Za-z][A-Za-z0-9]*;)|<(?! )")
_IMAGE = re.compile(r"^!\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_WATCH_VIDEO = re.compile(r"^\[Watch Video\]\s*(?:\(\s*<?([^)\s>]*)>?\s*\)|(\S+))", re.IGNORECASE)
_VIDEO_SRC = re.compile(r"<video\b[^>]{0,2000}?\bsrc\s*=\s*[\"']([^\"'\n]{1,4000})[\"']",
                        re.IGNORECASE)
# a Vote or Authors line, also in the near-miss forms: indented, in bold or italics, plural or
# singular, any case, with a full-width or small colon ("**Vote:** 5", "  Votes： 5")
_FIELD = re.compile(r"\s*([*_]{0,3})(votes?|authors?)([*_]{0,3})\s*[:\uff1a\ufe55\ufe13]\s*"
                    r"(.*?)\s*$", re.IGNORECASE)
# a line that looks like a field but has no colon ("Vote 5", "Authors - A, B"): reported
_FIELD_LIKE = re.compile(r"[ \t]*[*_]{0,3}(votes?|authors?)[*_]{0,3}[ \t]*"
                         r"(?:[-=\u2013\u2014][ \t]|\d)", re.IGNORECASE)
_THOUSANDS = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")
_INT64_MAX = 2**63 - 1
_LIST_ITEM = re.compile(r"^( *)(?:[-*+]|\d{1,3}[.)])(?:[ \t]+|$)(.*)$")
_LABEL = re.compile(r"^(\*{1,3}|_{1,3})([^*_\n]{1,80}?)\1\s*:\s*")
_BARE_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+")
_URL_TRAIL = ".,;:!?'\")]}>*"
_MD_LINK_HINT = "]("
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# a cheap test that a heading of another level than 3 may hold an arXiv link
_ARXIV_HINT = re.compile(r"arxiv\.org|/papers/", re.IGNORECASE)
#: headings and bullets longer than this are not handed to markdown-it-py (whose link
#: parsing is super-linear on some inputs); their links are read by a simple linear rule
MAX_INLINE = 10_000
_SIMPLE_LINK = re.compile(r"\[([^\[\]\n]*)\]\(\s*<?([^\s()<>]*)>?(?:\s+\"[^\"\n]*\")?\s*\)")
_FILE_DATE = re.compile(
    r"(\d{4})[-_/.]{1,2}(\d{2})[-_/.]{1,2}(\d{2})(?!\d)|(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")


def display_name(path: str | os.PathLike) -> tuple[str, str | None]:
    """A printable name for a path, and a note when its name is not valid UTF-8.

    Bytes that are not UTF-8 (kept by Python as lone surrogates) are shown as ``\\xNN``.

    >>> name, note = display_name(os.fsdecode(b"d/\\xb3\\xed\\xb9\\xae.md"))
    >>> print(name)
    d/\\xb3\\xed\\xb9\\xae.md
    >>> print(note)
    file name is not valid UTF-8 (shown with \\x escapes; as CP949 it reads d/논문.md)
    """
    text = os.fspath(path)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    if text.isascii():
        return text, None
    try:
        text.encode("utf-8")
        return text, None
    except UnicodeEncodeError:
        pass
    raw = os.fsencode(text)
    shown = raw.decode("utf-8", "backslashreplace")
    note = "file name is not valid UTF-8 (shown with \\x escapes"
    try:
        note += f"; as CP949 it reads {raw.decode('cp949')}"
    except UnicodeDecodeError:
        pass
    return shown, note + ")"


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


def _heading_links(content: str) -> list[tuple[str, str]]:
    """(title, href) of every link in a heading's inline content, read by markdown-it (or,
    for content longer than MAX_INLINE, by a simple linear rule: ``[text](url)`` without
    brackets in the text)."""
    if len(content) > MAX_INLINE:
        return [(m.group(1).strip(), m.group(2)) for m in _SIMPLE_LINK.finditer(content)]
    if FAST_PATHS:  # the common shape: one plain link, read as markdown-it would
        match = _FAST_CONTENT.fullmatch(content)
        if match and _literal_title(match.group(1)):
            return [(match.group(1).strip(), match.group(2))]
    tokens = _markdown().parseInline(content)
    children = tokens[0].children if tokens else []
    found = []
    i = 0
    while i < len(children or []):
        tok = children[i]
        if tok.type == "link_open":
            depth, j = 1, i + 1
            while j < len(children) and depth:
                depth += {"link_open": 1, "link_close": -1}.get(children[j].type, 0)
                j += 1
            found.append((_inline_text(children[i + 1 : j - 1]).strip(),
                          str(tok.attrs.get("href", ""))))
            i = j
        else:
            i += 1
    return found


def _parse_heading_slow(content: str) -> tuple[str, str] | None:
    """Title and href of the first link in a heading's inline content, read by markdown-it."""
    links = _heading_links(content)
    return links[0] if links else None


def atx_heading(line: str) -> tuple[int, str] | None:
    """``(level, content)`` of a line that CommonMark reads as an ATX heading, else None.

    Up to three spaces of indent, one to six ``#``, then a space, a tab or the end of the
    line; the content is stripped of spaces and tabs and of a closing run of ``#``.

    >>> atx_heading("  ###\\t[T](u) ##"), atx_heading("#hashtag"), atx_heading("    ### code")
    ((3, '[T](u)'), None, None)
    """
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3 or stripped[:1] != "#":
        return None
    content = stripped.lstrip("#")
    level = len(stripped) - len(content)
    if level > 6 or (content and content[0] not in " \t"):
        return None
    content = content.strip(" \t")
    body = content.rstrip("#")
    if not body:
        return level, ""
    if body != content and body[-1] in " \t":
        content = body.rstrip(" \t")
    return level, content


def parse_heading(line: str) -> tuple[str, str] | None:
    """Return ``(title, url)`` of a ``### [Title](url)`` line, or None if it has no link.

    >>> parse_heading(r"### [E^2-LLM: \\*fast\\* [v2]](https://arxiv.org/abs/2401.06951)")
    ('E^2-LLM: *fast* [v2]', 'https://arxiv.org/abs/2401.06951')
    """
    if not isinstance(line, str):
        raise TypeError(f"line must be a str, got {type(line).__name__}: {line!r}")
    match = _FAST_HEADING.match(line)
    if match and FAST_PATHS and _literal_title(match.group(1)):
        return match.group(1).strip(), match.group(2)
    heading = atx_heading(line)
    return _parse_heading_slow(heading[1] if heading else line.lstrip("#").strip())


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
    """Markdown link targets, then bare URLs not already found (exactly, or as the start of a
    Markdown link target), in order. Linear in the length of *text*."""
    urls: list[str] = []
    if _MD_LINK_HINT in text:
        if len(text) > MAX_INLINE:
            urls = [m.group(2) for m in _SIMPLE_LINK.finditer(text)]
        elif (plain := _plain_md_links(text)) is not None:
            urls = plain
        else:
            for tok in _markdown().parseInline(text)[0].children or []:
                if tok.type == "link_open":
                    urls.append(str(tok.attrs.get("href", "")))
    targets = sorted(urls)
    seen = set(urls)
    for match in _BARE_URL.finditer(text):
        url = match.group(0)
        if ")" in url and url.count("(") < url.count(")"):
            url = url[: url.rfind(")")]
        url = url.rstrip(_URL_TRAIL)
        if url in seen:
            continue
        if targets:
            at = bisect_left(targets, url)  # a target that starts with url sorts right here
            if at < len(targets) and targets[at].startswith(url):
                continue
        seen.add(url)
        urls.append(url)
    return urls


# A Markdown link in its simplest form, "[text](destination)": nothing in the text that could
# open another inline construct, the destination plain ASCII without spaces or parentheses
_PLAIN_MD_LINK = re.compile(r"\[([^\[\]\\`<&]*)\]\(([!#$%'*+,\-./0-9:;=?@A-Z_a-z~]+)\)")
# what may start an inline construct that changes which links markdown-it-py reads: an image,
# an escape, a code span, an autolink or HTML, an entity, brackets outside plain links
_NOT_PLAIN_MD = re.compile(r"!\[|[\\`<&\[\]]")


def _plain_md_links(text: str) -> list[str] | None:
    """The link targets markdown-it-py reads in *text* (``href`` of each ``link_open``), when
    every link is plain (see _PLAIN_MD_LINK) and nothing else could start a link, an image or
    a construct that hides one; else None (read it with markdown-it-py)."""
    if not FAST_PATHS or _NOT_PLAIN_MD.search(_PLAIN_MD_LINK.sub("", text)) is not None or (
            "![" in text):
        return None
    hrefs = []
    for target in _PLAIN_MD_LINK.findall(text):
        href = _plain_href(target[1])
        if href is None:
            return None
        hrefs.append(href)
    return hrefs


@lru_cache(maxsize=4096)
def _plain_href(destination: str) -> str | None:
    """What markdown-it-py makes of a plain link destination (its normalizeLink), or None
    when it would not accept it as a link (validateLink)."""
    href = _markdown().normalizeLink(destination)
    return href if _markdown().validateLink(href) else None


# ---------------------------------------------------------------------------- dates
_MIN_DATE, _MAX_DATE = "1677-09-22", "2262-04-11"  # what datetime64[ns] holds, whole days


def _date_from_name(source: str) -> tuple[str | None, str | None]:
    """The date in a file name (the last date-like part of the path), and why there is none."""
    matches = list(_FILE_DATE.finditer(source))
    if not matches:
        return None, None
    match = matches[-1]  # the last date-like part of the path wins (folders may hold years)
    y, m, d = (match.group(1), match.group(2), match.group(3)) if match.group(1) else match.group(
        4, 5, 6)
    return _valid_date(y, m, d)


def _valid_date(y: str, m: str, d: str) -> tuple[str | None, str | None]:
    """``(ISO date, None)``, or ``(None, why not)`` for a date pandas cannot hold."""
    value = f"{y}-{m}-{d}"
    try:
        date = datetime.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None, f"{value} is not a calendar date"
    if not _MIN_DATE <= date <= _MAX_DATE:
        return None, f"{value} is outside the dates pandas can hold ({_MIN_DATE}..{_MAX_DATE})"
    return date, None



# ---------------------------------------------------------------------------- the scan
# The exact reading of a digest is line by line (_Scan.scan, _Scan.line): lines starting with
# "#" (headings, day headers, other sections) split it into chunks, the chunk after a paper
# heading is the paper's body. Most papers have the same simple shape, though: a plain
# "### [title](https://arxiv.org/abs/ID)" heading, blank lines, an image or a "[Watch Video]"
# line, "Vote: N", "Authors: ...", "- " bullets, in that order. Runs of such papers are read
# at once by a few regular expressions over the whole run (_PAPER_BLOCK, _BULLETS), and so is
# a body of that shape after any other heading (_BLOCK). These paths accept only text for
# which they give exactly what the line-by-line reading gives.
_HASH_LINE = re.compile(r"\n {0,3}#[^\n]*")
_BLOCK = re.compile(r"""
    \n*
    (?:
        !\[[^\]\n]*\]\(([!-'*-;=?-~]*)\)\n\n*                   # 1: image URL
      | \[Watch\ Video\]\(([!-'*-;=?-~]*)\)\n(?:<[^\n]*\n)*\n*  # 2: video URL (+ HTML lines)
    )?
    (?:Vote:\ (-|[0-9]{1,18})\n\n*)?                            # 3: votes
    (?:Authors:\ ((?![^\S\n]*["'])[^\n]*)\n\n*)?                # 4: author list
    """, re.X)
# (URLs: printable ASCII but spaces, parentheses and angle brackets. An author list with a
# ";" matches too, as [^\n]* is faster than [^\n;]*, but the block paths leave it to the
# line-by-line reading, and so is one starting with a quote after any whitespace, which
# the line-by-line reading checks and may report.)
# a plain heading, the _BLOCK head, then "- " bullet lines, then blank lines
_PAPER_BLOCK = re.compile(r"""
    \#\#\#\ \[([^\[\]\n]+)\]                                         # 1: title
    \((https://arxiv\.org/abs/([0-9]{4}\.[0-9]{4,5})(?:v([0-9]+))?)\)\n   # 2: URL 3: id 4: v
    """ + _BLOCK.pattern + r"""
    ((?:-\ (?!\ *\#)[^\n]*\n)*)\n*                                       # 9: bullets
    """, re.X)
# after the _BLOCK head, a block body holds only "- " bullets and blank lines: a line that
# starts otherwise (searched from the newline before the first line) sends it to the line scan
_NOT_BULLET = re.compile(r"\n(?:[^-\n]|-(?! )|- +#)")
# one bullet line of a block: (label delimiter, label, text without trailing spaces). The
# block paths are taken only where the text holds no whitespace but " " and "\n" and no
# control character (see _ODD).
_BULLETS = re.compile(r"\n- +(?:(\*{1,3}|_{1,3})([^*_\n]{1,80}?)\1 *: *)?((?:[^\n]*[^\n ])?) *")
# the same without the label, for runs where no bullet starts with "*" or "_" (_LABEL_HINT)
_BULLET_TEXTS = re.compile(r"\n- +((?:[^\n]*[^\n ])?) *")
_LABEL_HINT = re.compile(r"\n- +[*_]")
# every character str.strip() or _CONTROL treats specially, except " " and "\n"; all are
# non-printable, so a text whose lines are printable has none
_ODD = re.compile("[\x00-\x09\x0b-\x1f\x7f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f"
                  "\u205f\u3000]")


# the list markers and block-quote marks before a heading nested in them ("- ", "1. > ")
_CONTAINERS = re.compile(r"(?:[ \t]*+(?:[-*+]|[0-9]{1,9}[.)])[ \t]++|[ \t]*+>[ \t]*+)++")


def _media(image: str | None, video: str | None) -> tuple[str, str | None]:
    """Media kind and URL of a paper block from its image and video groups."""
    if image is not None:
        return "image", image or None
    if video is not None:
        return "video", video or None
    return "none", None


def _ends_paper(line: str) -> bool:
    """Whether a line ends the paper before it (else it is summary text): a heading of level
    1 to 3, or of level 4 to 6 that holds an arXiv link (see :meth:`_Scan.hash_line`)."""
    heading = atx_heading(line)
    return heading is not None and (heading[0] <= 3 or _arxiv_link(heading[1]) is not None)


def _arxiv_link(content: str) -> tuple[str, str] | None:
    """The first ``(title, url)`` link to arXiv in a heading's content, if any."""
    if _ARXIV_HINT.search(content) is None:
        return None
    for title, url in _heading_links(content):
        if parse_arxiv_url(url)[0] is not None:
            return title, url
    return None


class _Paper:
    __slots__ = ("line", "title", "url", "arxiv_id", "version", "votes", "media_kind",
                 "media_url", "authors", "bullets", "found", "http", "seen_vote",
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
        self.seen_vote = self.seen_authors = False
        self.last_blank = True
        self.fresh = True  # no body line read yet: the block path may be tried


class _Scan:
    """State of the scan of one digest text; appends rows to a :class:`Records`."""

    def __init__(self, text: str, source: str, rec: Records, odd: bool | None = None):
        self.text, self.source, self.rec = text, source, rec
        self.problems = rec.problems
        self.file_date: str | None = None
        self.file_date_done = False
        self.date: str | None = None
        self.seen: dict[str | None, dict[str, int]] = {}  # date -> arXiv id -> line
        self.rank_by_date: dict[str | None, int] = {}
        self.paper: _Paper | None = None
        self.saw_day_header = False
        self.headings_before = rec.n_headings  # the count is shared by every file of a load
        # any character that the block paths must not meet? (isprintable: fast, and a
        # superset; _ODD then tells exactly, run by run). False when the caller knows.
        self.odd = not text.replace("\n", " ").isprintable() if odd is None else odd

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
                self.source, None, "note",
                "not a Daily Papers digest: no '## Daily Papers' header and no '### ' paper "
                "headings"))

    def nested_heading(self, line: str, number: int) -> None:
        """A warning for a heading inside a list item or a block quote (``- ### [T](url)``,
        ``> ### ...``) that holds an arXiv link: CommonMark reads a heading there, the digest
        reading keeps the line as summary text."""
        match = _CONTAINERS.match(line)
        if match is None or line[match.end():match.end() + 1] != "#":
            return
        heading = atx_heading(line[match.end():])
        if heading is not None and _arxiv_link(heading[1]) is not None:
            self.problems.append(Problem(
                self.source, number, "warning", "a heading inside a list item or block quote "
                "holds an arXiv link: kept as summary text, not read as a paper", _shorten(line)))

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
            title, names = match.group(1, 8)
            if first and text[first - 1] != "\n" or title.isspace() or (
                    _TITLE_SPECIAL.search(title) is not None and not _literal_title(title)
            ) or names is not None and ";" in names:
                continue  # not at the start of a line, an empty or marked-up title, a ";" list
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
        heads = [block.group(1, 2, 3, 4, 5, 6, 7, 8) for block in blocks]
        ids = [head[2] for head in heads]
        seen = self.seen.setdefault(date, {})
        if len(set(ids)) != len(ids) or not seen.keys().isdisjoint(ids):
            return self.read_blocks(blocks, number)  # duplicates: one by one
        rec.n_headings += len(blocks)
        texts = rec.bullet_text
        # the bullets of each block by one of two patterns: the text alone (no tuple, no
        # label group) when no bullet of the run may start with a label
        labelled = _LABEL_HINT.search(text, max(start - 1, 0), end) is not None
        findall = (_BULLETS if labelled else _BULLET_TEXTS).findall
        rows = rec.papers
        # the author lists are split when the tables are built (see Records.author_fields)
        fields = [head[7] for head in heads]
        rec.author_fields.extend([field for field in fields if field is not None]
                                 if None in fields else fields)
        rank = self.rank_by_date.get(date, 0)
        for block, (title, url, arxiv_id, version, image, video, votes, names) in zip(
                blocks, heads, strict=True):
            first = block.start()
            bullets_start, bullets_end = block.span(9)
            line = number
            # the block's lines: its head, one a bullet, then the blank lines after them
            number += text.count("\n", first, bullets_start) + block.end() - bullets_end
            if bullets_start != bullets_end:
                found = findall(text, bullets_start - 1, bullets_end)
                if labelled:
                    delims, labels, found = zip(*found, strict=True)
                    if any(delims):
                        rec.label_runs.append((len(texts), labels))
                n_bullets = len(found)
                number += n_bullets
                if text.find("http", bullets_start, bullets_end) >= 0:
                    self.links(len(rows), found)
                texts.extend(found)
            else:
                n_bullets = 0
            kind, media = (("image", image or None) if image is not None else
                           ("video", video or None) if video is not None else ("none", None))
            rank += 1
            seen[arxiv_id] = line
            rows.append((date, rank, arxiv_id, int(version) if version else None,
                         title.strip(), url,
                         int(votes) if votes is not None and votes != "-" else None, kind,
                         media, 0 if names is None else -1, n_bullets, source, line))
        self.rank_by_date[date] = rank
        return number

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
                      found is not None and text.find("http", bullets_start, bullets_end) >= 0)
        return number + text.count("\n", pos, blocks[-1].end())

    def check_date(self, number: int) -> None:
        """Before a paper heading: the date from the file name if no day header came yet."""
        if self.date is None:
            if not self.file_date_done:
                self.file_date, why_not = _date_from_name(self.source)
                self.file_date_done = True
                self.problems.append(Problem(
                    self.source, number, "warning",
                    "no valid '## Daily Papers (YYYY-MM-DD)' header before this paper; "
                    + (f"date {self.file_date} taken from the file name" if self.file_date
                       else f"the date in the file name, {why_not}: date left empty" if why_not
                       else "no date in the file name either: date left empty")))
            self.date = self.file_date

    # ------------------------------------------------------------------ line by line
    def scan(self, pos: int, end: int, number: int) -> None:
        """Read ``text[pos:end]`` (whole lines, *pos* on line *number*) line by line."""
        text = self.text
        if pos == 0 and text.lstrip(" ")[:1] == "#":
            line_end = text.index("\n")
            self.hash_line(text[:line_end], number)
            pos, number = line_end + 1, number + 1
        # from the newline before pos: a "#" line may start right at pos
        for match in _HASH_LINE.finditer(text, max(pos - 1, 0), end):
            start = match.start() + 1
            if self.paper is not None and start > pos:
                self.body(pos, start, number)
            elif start > pos and text.find("#", pos, start) >= 0:
                self.outside(pos, start, number)
            number += text.count("\n", pos, start)
            self.hash_line(match.group()[1:], number)
            pos, number = match.end() + 1, number + 1
        if self.paper is not None and pos < end:
            self.body(pos, end, number)
        elif pos < end and text.find("#", pos, end) >= 0:
            self.outside(pos, end, number)

    def outside(self, start: int, end: int, number: int) -> None:
        """Lines outside any paper that hold a "#": only nested headings matter there."""
        for offset, line in enumerate(self.text[start:end - 1].split("\n")):
            if line[:1] in ("-", "*", "+", ">", " ", "\t") or line[:1].isdigit():
                self.nested_heading(line, number + offset)

    def hash_line(self, line: str, number: int) -> None:
        """Read a line starting with "#" after up to three spaces.

        Every ATX heading counts (CommonMark: levels 1-6, up to three spaces of indent, a
        space or a tab after the ``#``, closing ``#`` removed): a level-3 heading is a paper
        heading; a heading of another level that holds an arXiv link is read as one too, with
        a warning; a level-2 ``Daily Papers (YYYY-MM-DD)`` heading starts a day; other level-1
        and level-2 headings end the paper; other lines (``#hashtag``, ``#### Notes``) are text.
        """
        heading = atx_heading(line)
        if heading is None:
            self.line(line, number)
            return
        level, content = heading
        problems, source = self.problems, self.source
        if level == 3:
            self.paper_heading(line, content, number, parse_heading(line))
            return
        if level == 2:
            match = _DAY_HEADER.match("## " + content)
            if match:
                self.close_paper()
                new_date, why_not = _valid_date(*match.groups())
                if new_date is None:
                    problems.append(Problem(source, number, "warning",
                                            f"invalid date in the Daily Papers header: "
                                            f"{why_not}; papers below take the file name's "
                                            "date", _shorten(line)))
                    self.date = None
                    return
                self.date, self.saw_day_header = new_date, True
                return
        link = _arxiv_link(content)
        if link is not None:
            problems.append(Problem(source, number, "warning",
                                    f"level-{level} heading holds an arXiv link: read as a "
                                    "paper heading (expected '### ')", _shorten(line)))
            self.paper_heading(line, content, number, link)
            return
        if level <= 2:
            self.close_paper()  # another section ends the paper
            if content.startswith("Daily Papers"):
                problems.append(Problem(source, number, "warning",
                                        "unreadable Daily Papers header (expected "
                                        "'## Daily Papers (YYYY-MM-DD)')", _shorten(line)))
            return
        self.line(line, number)  # "#### Notes" and the like are text

    def close_paper(self) -> None:
        if self.paper is not None:
            self.finish(self.paper)
            self.paper = None

    def paper_heading(self, line: str, content: str, number: int,
                      parsed: tuple[str, str] | None) -> None:
        """A paper heading with its first link *parsed* (title, url): a paper or a problem."""
        problems, source = self.problems, self.source
        self.rec.n_headings += 1
        self.close_paper()
        self.check_date(number)
        if parsed is None:
            problems.append(Problem(source, number, "error",
                                    "paper heading has no [title](url) link", _shorten(line)))
            return
        title, url = parsed
        arxiv_id, version = parse_arxiv_url(url)
        if arxiv_id is None:
            problems.append(Problem(source, number, "error",
                                    f"paper link is not an arXiv URL: {_shorten(url, 200)}",
                                    _shorten(line)))
            return
        if not title:
            problems.append(Problem(source, number, "warning", "paper title is empty",
                                    _shorten(line)))
        self.paper = _Paper(number, title, url, arxiv_id, version)

    # ------------------------------------------------------------------ a paper's body
    def body(self, start: int, end: int, number: int) -> None:
        """Read the lines ``text[start:end]`` (each ending in a newline) of the open paper."""
        paper, text = self.paper, self.text
        if paper.fresh and FAST_PATHS:
            paper.fresh = False
            head = _BLOCK.match(text, start, end)
            first = head.end()  # the bullets (and blank lines) run from here to the end
            image, video, votes, authors = head.groups()
            if (authors is None or ";" not in authors) and _NOT_BULLET.search(
                    text, first - 1, end) is None and (
                    first == end or not self.odd or _ODD.search(text, first, end) is None) and (
                    end == len(text) or _ends_paper(text[end:text.index("\n", end)])):
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
        first = line[0]
        if first in "-*+>0123456789 \t" and "#" in line:
            self.nested_heading(line, number)
        if paper is None:
            return  # text outside a paper (title banners, footers, failed headings)
        paper.fresh = False
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
        if first in "VvAa*_ \t":
            match = _FIELD.match(line)
            if match:
                self.field(line, number, match)
                paper.last_blank = False
                return
            if _FIELD_LIKE.match(line):
                self.problems.append(Problem(
                    self.source, number, "warning",
                    "looks like a Vote or Authors line but has no colon; kept as summary "
                    "text", _shorten(line)))
        # Any other text inside a paper: a lazy continuation of the previous bullet, or a
        # summary paragraph written without a list marker. Kept as summary, never dropped.
        if paper.bullets and not paper.last_blank:
            paper.bullets[-1][1] += " " + stripped
        else:
            paper.bullets.append([0, stripped])
        paper.last_blank = False

    def field(self, line: str, number: int, match: re.Match) -> None:
        """A Vote or Authors line (also indented, emphasised, with a full-width colon)."""
        paper, problems, source = self.paper, self.problems, self.source
        opening, name, closing, value = match.groups()
        if opening and not closing and value.startswith(opening):  # "**Vote:** 5"
            value = value[len(opening):].lstrip(" \t")
        if name[0] in "Vv":
            if paper.seen_vote:
                problems.append(Problem(source, number, "warning",
                                        "second Vote line for this paper; first one kept",
                                        _shorten(line)))
            elif value not in ("", "-", "—", "N/A", "n/a"):
                digits = value.replace(",", "") if _THOUSANDS.fullmatch(value) else value
                if not digits.isdecimal():
                    problems.append(Problem(source, number, "warning",
                                            f"unreadable vote count {_shorten(value, 60)!r}; "
                                            "left empty", _shorten(line)))
                elif len(digits) > 19 or int(digits) > _INT64_MAX:
                    problems.append(Problem(source, number, "warning",
                                            f"vote count {_shorten(value, 60)} is too large "
                                            "(more than 2**63 - 1); left empty",
                                            _shorten(line)))
                else:
                    paper.votes = int(digits)
            paper.seen_vote = True
            return
        if paper.seen_authors:
            problems.append(Problem(source, number, "warning",
                                    "second Authors line for this paper; first kept",
                                    _shorten(line)))
        else:
            paper.authors = split_authors(value)
            issue = author_list_issue(value)
            if issue:
                problems.append(Problem(source, number, "warning", issue, _shorten(line)))
        paper.seen_authors = True

    # ------------------------------------------------------------------ emit a paper row
    def finish(self, p: _Paper) -> None:
        self.emit(p.line, p.title, p.url, p.arxiv_id, p.version, p.votes, p.media_kind,
                  p.media_url, p.authors, p.found, p.http, p.bullets)

    def emit(self, line: int, title: str, url: str, arxiv_id: str, version: int | None,
             votes: int | None, media_kind: str, media_url: str | None, authors: list[str],
             found: list[tuple[str, str, str]] | None, http: bool,
             bullets: list[list] | None = None) -> None:
        """Append one paper (bullets as _BULLETS matches, or raw [level, text] pairs)."""
        date = self.date
        seen = self.seen.setdefault(date, {})
        if arxiv_id in seen:
            self.problems.append(Problem(
                self.source, line, "warning",
                f"duplicate of the paper at line {seen[arxiv_id]} on the same day ({arxiv_id}); "
                "kept once", title))
            return
        seen[arxiv_id] = line
        rank = self.rank_by_date.get(date, 0) + 1
        self.rank_by_date[date] = rank
        rec = self.rec
        index = len(rec.papers)
        texts = rec.bullet_text
        base = len(texts)
        if found:  # block path: texts are final, labels raw
            delims, labels, found = zip(*found, strict=True)
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
                project = None  # the bullet's context, computed once (not once per link)
                for url in _bullet_links(text):
                    kind = _host_kind(url)
                    if kind is None:
                        if project is None:
                            project = "project" if _project_context(text) else "other"
                        kind = project
                    links.append((index, position, url, kind))


def parse_text(text: str, source: str = "<string>", records: Records | None = None) -> Records:
    """Parse one digest given as text and append its rows to *records* (a new one by default).

    Lines are split on ``\\n`` only (CR and LF/CRLF normalised first), so a form feed or other
    control character inside a summary never splits a line. A byte-order mark anywhere (as
    left by concatenated files) is removed. A text with no Daily Papers header and no arXiv
    link is not a digest: it gives one note ("not a Daily Papers digest ... skipped").

    Parameters
    ----------
    text : str
        The digest.
    source : str, default "<string>"
        The name problems give as their file.
    records : Records, optional
        Records to append to.

    Returns
    -------
    Records
        *records*, or a new one.

    Examples
    --------
    >>> rec = parse_text("## Daily Papers (2024-02-16)\\n### [T](https://arxiv.org/abs/2402.10200)"
    ...                  "\\nVote: 3\\n")
    >>> dict(zip(PAPER_FIELDS, rec.papers[0]))["votes"]
    3
    >>> parse_text("# Licence\\n\\n### 1. Definitions\\n").problems[0].reason[:40]
    'not a Daily Papers digest (no day header'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}"
                        + (" (decode bytes first, or use papertoolkit.load)"
                           if isinstance(text, bytes) else ""))
    if not isinstance(source, str):
        raise TypeError(f"source must be a str naming the text, got {type(source).__name__}")
    if records is not None and not isinstance(records, Records):
        raise TypeError(f"records must be a Records or None, got {type(records).__name__}")
    rec = records if records is not None else Records()
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:  # lone surrogates: no text file holds them
            line = text.count("\n", 0, exc.start) + 1
            text = re.sub("[\ud800-\udfff]", "\ufffd", text)
            rec.problems.append(Problem(source, line, "warning", "lone surrogate characters "
                                        "(not Unicode text) replaced with U+FFFD"))
    return _parse(text, source, rec)


def _parse(text: str, source: str, rec: Records, utf8_size: int | None = None,
           odd: bool | None = None) -> Records:
    """:func:`parse_text`; *utf8_size* is the UTF-8 size of *text* when the caller knows it,
    *odd* False when the caller knows that no _ODD character is in it."""
    if "\ufeff" in text:  # a BOM at the start, or in the middle of concatenated files
        if utf8_size is not None:
            utf8_size -= 3 * text.count("\ufeff")
        text = text.replace("\ufeff", "")
    if "\r" in text:
        if utf8_size is not None:
            utf8_size -= text.count("\r\n")  # a lone CR becomes LF: same size
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if utf8_size is None:
        utf8_size = len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))
    rec.n_bytes += utf8_size
    if _DIGEST_HINT.search(text) is None:
        rec.problems.append(Problem(
            source, None, "note", "not a Daily Papers digest (no day header and no arXiv "
            "paper link): skipped"))
        return rec
    if not text.endswith("\n"):
        text += "\n"  # one more (blank) line at the end changes nothing
    _Scan(text, source, rec, odd).run()
    return rec


def parse_file(path: str | os.PathLike, records: Records | None = None) -> Records:
    """Read, decode and parse one digest file (see :func:`parse_text`).

    Only a regular file is read: a FIFO, a device or a socket is reported (never opened for a
    blocking read), and so is a file that cannot be read.

    Parameters
    ----------
    path : str or PathLike
        The digest file.
    records : Records, optional
        Records to append to.

    Returns
    -------
    Records
        *records*, or a new one.

    Examples
    --------
    >>> rec = parse_file(data_dir / "2024-02-16.md")
    >>> len(rec.papers), rec.n_headings, [p.severity for p in rec.problems]
    (8, 9, ['warning'])
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")
    if records is not None and not isinstance(records, Records):
        raise TypeError(f"records must be a Records or None, got {type(records).__name__}")
    rec = records if records is not None else Records()
    source, data = read_path(path, rec)
    return rec if data is None else parse_bytes(data, source, rec)


def read_path(path: str | os.PathLike, rec: Records) -> tuple[str, bytes | None]:
    """The display name and bytes of one regular file; a name that is not UTF-8, an
    unreadable file, a FIFO or a device go to ``rec.problems`` (bytes ``None``)."""
    source, note = display_name(path)
    if note:
        rec.problems.append(Problem(source, None, "warning", note))
    return source, read_regular_file(path, source, rec.problems)


def parse_bytes(data: bytes, source: str, rec: Records) -> Records:
    """Decode and parse the bytes of one digest (see :func:`parse_file`)."""
    text, problems = decode_digest(data, source)
    rec.problems.extend(problems)
    if text is None:
        rec.n_bytes += len(data)
        return rec
    # decoded as UTF-8 without any note: the UTF-8 size is known without encoding again, and
    # bytes without a control byte or a lead byte of a non-ASCII _ODD character (each of them
    # starts with 0xC2, 0xE1, 0xE2 or 0xE3 in UTF-8) give a text without _ODD characters
    utf8 = not problems and not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))
    if not utf8:
        return _parse(text, source, rec)
    odd = None if data.translate(None, _NOT_ODD_BYTES) else False
    return _parse(text, source, rec, len(data) - 3 * data.startswith(_UTF8_BOM), odd)


#: every byte but the controls (as in _ODD) and the UTF-8 lead bytes of _ODD's other characters
_NOT_ODD_BYTES = bytes(b for b in range(256) if not (
    b < 0x20 and b != 0x0A or b == 0x7F or b in (0xC2, 0xE1, 0xE2, 0xE3)))


def read_regular_file(path, source: str, problems: list[Problem]) -> bytes | None:
    """The bytes of a regular file, or None with a problem (opened without blocking)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        problems.append(Problem(source, None, "error",
                                f"cannot read file: {exc.strerror or exc}"))
        return None
    try:
        info = os.fstat(fd)
        mode, size = info.st_mode, info.st_size
        if not stat.S_ISREG(mode):
            problems.append(Problem(source, None, "error",
                                    f"not a regular file ({_file_kind(mode)}): not read"))
            return None
        parts = []  # (os.read: no file object needed; to the end, whatever the size said)
        want = max(size + 1, 1 << 16)
        while chunk := os.read(fd, want):
            parts.append(chunk)
            if len(chunk) < want:
                break  # a regular file reads short only at its end
            want = 1 << 20
        return b"".join(parts)
    except OSError as exc:
        problems.append(Problem(source, None, "error",
                                f"cannot read file: {exc.strerror or exc}"))
        return None
    finally:
        os.close(fd)


def _file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (when it is on) for the block or function.

    A load keeps a tuple per paper and builds large tables: the collector would walk the
    young objects some 60-70 times at 1,000 days (4-5 % of the load's CPU time) and find
    nothing to free, as the parser and the tables make no reference cycles. It runs again
    when the load is done.

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def parse_files(paths: Iterable[str | Path], records: Records | None = None,
                progress=None) -> Records:
    """Parse many files into one :class:`Records`; *progress* is called once per file."""
    rec = records if records is not None else Records()
    for path in paths:
        parse_file(path, rec)
        if progress is not None:
            progress(path)
    return rec


