"""The :class:`Corpus`: tidy pandas tables built from a folder of digests.

Examples
--------
>>> import papertoolkit as ptk
>>> corpus = ptk.load("data/")                      # doctest: +SKIP
>>> corpus.papers.groupby("date")["votes"].sum()    # doctest: +SKIP
"""

from __future__ import annotations

import glob as _glob
import html
import io
import os
from collections.abc import Callable, Iterable, Mapping
from functools import cached_property
from pathlib import Path

import pandas as pd

from . import schema
from .authors import apply_aliases, name_key
from .parse import DigestParseError, Problem, Records, parse_file, parse_text

__all__ = ["Corpus", "load", "loads", "find_digest_files"]

Source = str | os.PathLike | io.IOBase | Iterable


def find_digest_files(source: str | os.PathLike | Iterable) -> list[Path]:
    """Resolve a file, a folder (recursive ``*.md``), a glob or a list of those to files.

    Raises ``FileNotFoundError`` with a one-line message when nothing matches.

    >>> find_digest_files("data")[:1]                   # doctest: +SKIP
    [PosixPath('data/2024-02-12.md')]
    """
    if isinstance(source, (str, os.PathLike)):
        items: list = [source]
    else:
        items = list(source)
    files: list[Path] = []
    for item in items:
        path = Path(item)
        text = str(item)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*.md") if p.is_file())
            if not found:
                raise FileNotFoundError(f"no digest files (*.md) in folder {text}")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif any(ch in text for ch in "*?["):
            found = sorted(Path(p) for p in _glob.glob(text, recursive=True) if Path(p).is_file())
            if not found:
                raise FileNotFoundError(f"no files match {text}")
            files.extend(found)
        else:
            raise FileNotFoundError(f"no such file or folder: {text}")
    return list(dict.fromkeys(files))


def _looks_like_text(source) -> bool:
    return isinstance(source, str) and ("\n" in source or source.lstrip().startswith("#"))


def load(
    source: Source,
    *,
    strict: bool = False,
    aliases: Mapping[str, str] | None = None,
    progress: bool | Callable | None = None,
) -> Corpus:
    """Load digests into a :class:`Corpus`.

    Parameters
    ----------
    source
        A file, a folder (searched recursively for ``*.md``), a glob, a list of paths, a file
        object, or digest text itself (a string containing a newline).
    strict
        Raise :class:`~papertoolkit.parse.DigestParseError` on the first problem (naming file
        and line) instead of collecting problems in ``corpus.problems``.
    aliases
        ``{spelling: canonical name}`` overrides for author merging (see ``author_aliases``).
    progress
        ``True`` for a progress bar on stderr, or a callable ``f(done, total, path)``.

    Examples
    --------
    >>> corpus = load("## Daily Papers (2024-02-16)\\n### [T](https://arxiv.org/abs/2402.1)\\n")
    >>> len(corpus.papers)
    0
    >>> corpus.problems["reason"].iloc[0][:26]
    'paper link is not an arXiv'
    """
    if isinstance(source, io.IOBase) or hasattr(source, "read"):
        data = source.read()
        name = getattr(source, "name", "<stream>")
        if isinstance(data, bytes):
            from .parse import decode_digest

            text, problems = decode_digest(data, str(name))
            records = Records(problems=problems)
            if text is not None:
                parse_text(text, str(name), records)
        else:
            records = parse_text(data, str(name))
    elif _looks_like_text(source):
        records = parse_text(source, "<string>")
    else:
        files = find_digest_files(source)
        callback = _progress_callback(progress, len(files))
        records = Records()
        for done, path in enumerate(files, start=1):
            parse_file(path, records)
            if strict and records.problems:
                break
            if callback is not None:
                callback(done, len(files), path)
        if callback is not None and hasattr(callback, "close"):
            callback.close()
    if strict and records.problems:
        first = records.problems[0]
        raise DigestParseError(first.file, first.line, first.reason)
    return Corpus.from_records(records, aliases=aliases)


def loads(text: str, *, source: str = "<string>", strict: bool = False,
          aliases: Mapping[str, str] | None = None) -> Corpus:
    """Load a digest given as a string.

    >>> loads("## Daily Papers (2024-02-16)\\n\\n### [T](https://arxiv.org/abs/2402.10200)\\n"
    ...       "Vote: 3\\n").papers[["arxiv_id", "votes"]].values.tolist()
    [['2402.10200', 3]]
    """
    records = parse_text(text, source)
    if strict and records.problems:
        first = records.problems[0]
        raise DigestParseError(first.file, first.line, first.reason)
    return Corpus.from_records(records, aliases=aliases)


def _progress_callback(progress, total: int):
    if callable(progress):
        return progress
    if progress is None:
        progress = total >= 50
    if not progress:
        return None
    from .progress import ProgressBar

    return ProgressBar(total)


def _frame(columns: dict[str, list], name: str) -> pd.DataFrame:
    """Build a table from column lists with the schema's dtypes, column by column (fast)."""
    out = {}
    n = len(next(iter(columns.values()))) if columns else 0
    for col, dtype in schema.TABLES[name].items():
        values = columns.get(col, [None] * n)
        if dtype == "datetime64[ns]":
            out[col] = _dates(values)
        elif dtype == "Int64":
            out[col] = pd.array(values, dtype="Int64")
        elif dtype == "string":
            out[col] = pd.array(values, dtype="string")
        else:
            out[col] = pd.Categorical(values, categories=dtype.categories)
    return pd.DataFrame(out)


def _dates(values: list) -> pd.Series:
    # digests repeat a handful of dates: convert each distinct string once
    uniques = {v: None for v in values}
    converted = dict(zip(uniques, pd.to_datetime(list(uniques)).astype("datetime64[ns]"),
                         strict=True))
    return pd.Series([converted[v] for v in values], dtype="datetime64[ns]")


class Corpus:
    """Tables of a set of digests. Build with :func:`load`; every table is a DataFrame.

    Base tables: ``papers``, ``authorships``, ``bullets``, ``links``, ``problems``.
    Derived (computed on first access): ``papers_unique``, ``authors``, ``author_aliases``.

    Examples
    --------
    >>> c = loads("## Daily Papers (2024-01-02)\\n\\n### [A](https://arxiv.org/abs/2401.00001)"
    ...           "\\n\\nAuthors: Ann Lee, Bo Chen\\n")
    >>> c.authors[["author", "papers", "coauthors"]].values.tolist()
    [['Ann Lee', 1, 1], ['Bo Chen', 1, 1]]
    """

    TABLE_NAMES = ("papers", "papers_unique", "authorships", "authors", "author_aliases",
                   "bullets", "links", "problems")

    def __init__(self, papers: pd.DataFrame, authorships: pd.DataFrame,
                 bullets: pd.DataFrame | None = None, links: pd.DataFrame | None = None,
                 problems: pd.DataFrame | None = None, *, n_headings: int | None = None):
        self.papers = papers
        self.authorships = authorships
        self.bullets = bullets if bullets is not None else schema.empty_table("bullets")
        self.links = links if links is not None else schema.empty_table("links")
        self.problems = problems if problems is not None else schema.empty_table("problems")
        self.n_headings = n_headings

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_records(cls, records: Records, aliases: Mapping[str, str] | None = None) -> Corpus:
        """Build from the parser's column-wise :class:`~papertoolkit.parse.Records`."""
        problems = _problems_frame(records.problems)
        authorships = apply_aliases(_frame(records.authorships, "authorships"), aliases)
        corpus = cls(_frame(records.papers, "papers"), authorships,
                     _frame(records.bullets, "bullets"), _frame(records.links, "links"),
                     problems, n_headings=records.n_headings)
        corpus.n_bytes = records.n_bytes
        return corpus

    @classmethod
    def from_tables(cls, papers: pd.DataFrame, authorships: pd.DataFrame | None = None,
                    bullets: pd.DataFrame | None = None, links: pd.DataFrame | None = None,
                    problems: pd.DataFrame | None = None) -> Corpus:
        """Build from DataFrames (missing columns are filled with NA, dtypes coerced).

        >>> p = pd.DataFrame({"date": ["2024-01-02"], "arxiv_id": ["2401.00001"], "votes": [4]})
        >>> Corpus.from_tables(p).papers["votes"].dtype
        Int64Dtype()
        """
        def coerce(df, name):
            return schema.coerce(df, name) if df is not None else schema.empty_table(name)

        return cls(coerce(papers, "papers").reset_index(drop=True),
                   coerce(authorships, "authorships").reset_index(drop=True),
                   coerce(bullets, "bullets"), coerce(links, "links"),
                   coerce(problems, "problems"))

    # ------------------------------------------------------------------ derived tables
    @cached_property
    def papers_unique(self) -> pd.DataFrame:
        """One row per arXiv id: first/last seen, appearances and max votes over appearances."""
        papers = self.papers
        if papers.empty:
            return schema.empty_table("papers_unique")
        ordered = papers.sort_values(["date", "rank"], kind="stable")
        grouped = ordered.groupby("arxiv_id", sort=False, observed=True)
        first = grouped.first()  # first non-null per column, in date order
        out = pd.DataFrame({
            "arxiv_id": first.index,
            "title": first["title"].to_numpy(),
            "url": first["url"].to_numpy(),
            "first_seen": grouped["date"].min().to_numpy(),
            "last_seen": grouped["date"].max().to_numpy(),
            "appearances": grouped.size().to_numpy(),
            "max_votes": grouped["votes"].max().to_numpy(),
            "n_authors": grouped["n_authors"].max().to_numpy(),
            "media_kind": first["media_kind"].to_numpy(),
            "summary": first["summary"].to_numpy(),
        })
        return schema.coerce(out, "papers_unique").reset_index(drop=True)

    @cached_property
    def authors(self) -> pd.DataFrame:
        """One row per normalised author: distinct papers, total votes, dates, co-authors.

        ``total_votes`` sums, over the author's distinct papers, each paper's maximum votes
        (votes are snapshots taken on the digest's day); it is <NA> when none of the author's
        papers has a vote count. ``coauthors`` counts distinct people.
        """
        ships = self.authorships
        if ships.empty:
            return schema.empty_table("authors")
        pairs = ships[["arxiv_id", "author"]].drop_duplicates()
        votes = self.papers_unique.set_index("arxiv_id")["max_votes"]
        pairs = pairs.assign(votes=pairs["arxiv_id"].map(votes).astype("Int64"))
        grouped = pairs.groupby("author", sort=True)
        dates = ships.groupby("author", sort=True)["date"]
        out = pd.DataFrame({
            "author": grouped.size().index,
            "papers": grouped.size().to_numpy(),
            "total_votes": grouped["votes"].sum(min_count=1).to_numpy(),
            "first_seen": dates.min().to_numpy(),
            "last_seen": dates.max().to_numpy(),
            "coauthors": _distinct_coauthors(pairs, grouped.size().index),
        })
        return schema.coerce(out, "authors").reset_index(drop=True)

    @cached_property
    def author_aliases(self) -> pd.DataFrame:
        """Each normalised name with the raw spellings merged into it and how often each occurs.

        Names with a single identical spelling are left out: the table lists merges only.
        """
        ships = self.authorships
        counts = ships.groupby(["author", "author_raw"], sort=True).size()
        out = counts.rename("occurrences").reset_index()
        n_spellings = out.groupby("author")["author_raw"].transform("size")
        merged = (n_spellings > 1) | (out["author"] != out["author_raw"])
        return schema.coerce(out[merged], "author_aliases").reset_index(drop=True)

    # ------------------------------------------------------------------ filtering
    def filter(self, start=None, end=None, min_votes: int | None = None,
               author: str | None = None, text: str | None = None) -> Corpus:
        """A new Corpus with the papers that match every given condition.

        Parameters
        ----------
        start, end : date-like, inclusive bounds on the digest date.
        min_votes : keep appearances with at least this many votes (NA votes are dropped).
        author : keep papers with this author (case-, accent- and space-insensitive).
        text : case-insensitive substring of title or summary.

        >>> c = loads("## Daily Papers (2024-01-02)\\n### [A](https://arxiv.org/abs/2401.00001)"
        ...           "\\nVote: 5\\n### [B](https://arxiv.org/abs/2401.00002)\\nVote: 1\\n")
        >>> c.filter(min_votes=2).papers["title"].tolist()
        ['A']
        """
        papers = self.papers
        mask = pd.Series(True, index=papers.index)
        if start is not None:
            mask &= papers["date"] >= pd.Timestamp(start)
        if end is not None:
            mask &= papers["date"] <= pd.Timestamp(end)
        if min_votes is not None:
            mask &= (papers["votes"] >= min_votes).fillna(False).astype(bool)
        if author is not None:
            key = name_key(author)
            ships = self.authorships
            ids = ships.loc[ships["author"].map(name_key) == key, "arxiv_id"]
            mask &= papers["arxiv_id"].isin(set(ids))
        if text is not None:
            needle = text.casefold()
            haystack = (papers["title"].fillna("") + "\n" + papers["summary"].fillna(""))
            mask &= haystack.str.casefold().str.contains(needle, regex=False)
        return self._subset(papers[mask])

    def _subset(self, papers: pd.DataFrame) -> Corpus:
        keys = pd.MultiIndex.from_frame(papers[["arxiv_id", "date"]])

        def keep(df: pd.DataFrame) -> pd.DataFrame:
            if df.empty:
                return df
            return df[pd.MultiIndex.from_frame(df[["arxiv_id", "date"]]).isin(keys)].reset_index(
                drop=True)

        sub = Corpus(papers.reset_index(drop=True), keep(self.authorships), keep(self.bullets),
                     keep(self.links), self.problems)
        sub.n_bytes = getattr(self, "n_bytes", None)
        return sub

    # ------------------------------------------------------------------ export
    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by name (derived tables are computed)."""
        return {name: getattr(self, name) for name in self.TABLE_NAMES}

    def to_csv(self, directory, *, excel: bool = False) -> list[Path]:
        """Write every table as ``<table>.csv`` into *directory* (see ``papertoolkit.export``)."""
        from .export import write_csv

        return write_csv(self, directory, excel=excel)

    def to_parquet(self, directory) -> list[Path]:
        """Write every table as ``<table>.parquet`` (needs pyarrow)."""
        from .export import write_parquet

        return write_parquet(self, directory)

    # ------------------------------------------------------------------ display
    def __len__(self) -> int:
        return len(self.papers)

    def _summary_counts(self) -> dict[str, object]:
        dates = self.papers["date"].dropna()
        n_errors = int((self.problems["severity"] == "error").sum())
        return {
            "days": int(dates.nunique()),
            "paper rows": len(self.papers),
            "distinct papers": int(self.papers["arxiv_id"].nunique()),
            "authors": int(self.authorships["author"].nunique()),
            "from": dates.min().date().isoformat() if len(dates) else "–",
            "to": dates.max().date().isoformat() if len(dates) else "–",
            "problems": f"{len(self.problems)} ({n_errors} errors)",
        }

    def __repr__(self) -> str:
        counts = self._summary_counts()
        return "<Corpus " + ", ".join(f"{k}={v}" for k, v in counts.items()) + ">"

    def _repr_html_(self) -> str:
        counts = self._summary_counts()
        rows = "".join(f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
                       f"<td>{html.escape(str(v))}</td></tr>" for k, v in counts.items())
        top = self.papers.dropna(subset=["votes"]).nlargest(5, "votes")
        items = "".join(
            f"<li>{html.escape(str(r.title))} — {r.votes} votes "
            f"({html.escape(r.date.date().isoformat())})</li>" for r in top.itertuples())
        top_html = (f"<p>Top papers by votes (snapshot on the digest's day):</p><ol>{items}</ol>"
                    if items else "")
        return (f"<div><strong>papertoolkit Corpus</strong><table>{rows}</table>{top_html}</div>")


def _problems_frame(problems: list[Problem]) -> pd.DataFrame:
    columns = {
        "file": [p.file for p in problems],
        "line": [p.line for p in problems],
        "severity": [p.severity for p in problems],
        "reason": [p.reason for p in problems],
        "text": [p.text or None for p in problems],
    }
    return _frame(columns, "problems")


def _distinct_coauthors(pairs: pd.DataFrame, authors: pd.Index):
    """Distinct co-authors per author via a sparse author×paper incidence product."""
    import numpy as np
    from scipy import sparse

    author_codes = pd.Categorical(pairs["author"], categories=authors).codes
    paper_codes, _ = pd.factorize(pairs["arxiv_id"])
    incidence = sparse.csr_matrix(
        (np.ones(len(pairs), dtype=np.int32), (author_codes, paper_codes)),
        shape=(len(authors), int(paper_codes.max()) + 1 if len(paper_codes) else 0))
    shared = incidence @ incidence.T
    return shared.getnnz(axis=1) - 1
