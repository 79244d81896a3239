"""What the parser produces: records, problems and the strict-mode error.

Examples
--------
>>> from papertoolkit.parse import parse_text
>>> text = "## Daily Papers (2024-02-16)\\n### [T](https://example.com/t)\\n"
>>> rec = parse_text(text, source="d.md")
>>> len(rec.papers), rec.problems[0].line
(0, 2)
"""

from __future__ import annotations

from dataclasses import dataclass, field


class DigestParseError(ValueError):
    """Raised in strict mode for the first problem found; names file and line.

    Parameters
    ----------
    file : str
        The file (or source name) of the problem.
    line : int or None
        Its 1-based line, when it has one.
    reason : str
        What is wrong.

    Examples
    --------
    >>> import papertoolkit as ptk
    >>> try:
    ...     ptk.loads("## Daily Papers (2024-02-16)\\n### [T](https://example.com/t)\\n",
    ...               source="day.md", strict=True)
    ... except DigestParseError as error:
    ...     print(error.file, error.line)
    day.md 2
    """

    def __init__(self, file: str, line: int | None, reason: str):
        self.file, self.line, self.reason = file, line, reason
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Problem:
    """Something found while reading a digest: a row of ``corpus.problems``.

    Attributes
    ----------
    file : str
        The file (or source name).
    line : int or None
        The 1-based line, when there is one.
    severity : {"error", "warning", "note"}
        "error": a paper heading gave no row; "warning": data kept, something to check;
        "note": nothing wrong with the data (e.g. a file that is not a digest, skipped).
    reason : str
        What was found.
    text : str, default ""
        The line in question, when there is one.

    Examples
    --------
    >>> from papertoolkit.parse import parse_text
    >>> text = "## Daily Papers (2024-02-16)\\n### [T](https://example.com/t)\\n"
    >>> problem = parse_text(text, source="day.md").problems[0]
    >>> problem.file, problem.line, problem.severity, problem.reason
    ('day.md', 2, 'error', 'paper link is not an arXiv URL: https://example.com/t')
    """

    file: str
    line: int | None
    severity: str  # "error": a paper heading gave no row; "warning": data kept, something to
    # check; "note": nothing wrong with the data (e.g. a file that is not a digest, skipped)
    reason: str
    text: str = ""



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
    normalised and de-duplicated per paper when the tables are built), except that a paper
    with ``n_author_raw`` -1 has its author list in ``author_fields`` instead (the text after
    ``Authors:``, split when the tables are built, as :func:`~papertoolkit.authors.
    split_authors` splits it; one field per such paper, in order); likewise ``n_bullets``
    texts of ``bullet_text``. Bullet levels and labels are stored only where they are not
    0 / None, as ``(index into bullet_text, value)``; ``label_runs`` holds
    ``(index of a bullet, raw labels)`` for that bullet and the ones after it, one raw label
    per bullet ("" for none, else the label still to be stripped of spaces). ``links`` holds
    ``(paper index, bullet position, url, kind)``.

    Attributes
    ----------
    papers : list of tuple
        One tuple per paper row, fields :data:`PAPER_FIELDS`.
    author_raw, bullet_text : list of str
        Author names and bullet texts, paper after paper.
    author_fields : list of str
        Author lists not split yet, one per paper whose ``n_author_raw`` is -1.
    bullet_levels, bullet_labels, label_runs : list of tuple
        Bullet nesting levels and labels, sparse (see above).
    links : list of tuple
        ``(paper index, bullet position, url, kind)``.
    problems : list of Problem
        What was found wrong, with file and line.
    n_headings, n_bytes : int
        ``### `` headings seen; UTF-8 bytes read.
    hub, keywords, author_users : list of tuple
        What hub data adds (empty for digests).

    Examples
    --------
    >>> from papertoolkit.parse import parse_text
    >>> rec = parse_text("## Daily Papers (2024-02-16)\\n### [T](https://arxiv.org/abs/2402.1)\\n"
    ...                  "### [A](https://arxiv.org/abs/2402.10200)\\nAuthors: Ann, Bo\\n")
    >>> rec.n_headings, len(rec.papers), rec.author_fields, len(rec.problems)
    (2, 1, ['Ann, Bo'], 1)
    """

    papers: list[tuple] = field(default_factory=list)
    author_raw: list[str] = field(default_factory=list)
    author_fields: list[str] = field(default_factory=list)
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


def _shorten(text: str, width: int = 120) -> str:
    """The text stripped, cut to ``width`` characters with an ellipsis (for problems)."""
    text = text.strip()
    return text if len(text) <= width else text[: width - 1] + "…"
