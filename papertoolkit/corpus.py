"""The :class:`Corpus`: tidy pandas tables built from a folder of digests.

:func:`load` and :func:`loads` read digests into a Corpus. Finding the files is in
:mod:`papertoolkit._files`, building the base tables from the parser's records in
:mod:`papertoolkit._tables`, the derived tables (``papers_unique``, ``authors``,
``author_aliases``) in :mod:`papertoolkit._derived`; their public functions are importable
from here as before.

Examples
--------
>>> import papertoolkit as ptk
>>> corpus = ptk.load(data_dir)                     # the sample folder, data/
>>> corpus.papers.groupby("date")["votes"].sum().head(3).tolist()
[62, 84, 78]
"""

from __future__ import annotations

import html
import io
import os
from collections.abc import Callable, Iterable, Mapping
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from . import schema, sources
from ._author_ids import sorted_codes, with_name_categories
from ._checks import check_choice, check_date, check_int, check_type
from ._compat import positional_options
from ._derived import author_aliases_table, authors_table, papers_unique_table
from ._files import _discover, _short_repr, find_digest_files
from ._tables import _merge_sources, _problems_frame, _tables
from .authors import apply_aliases, name_key, resolve_identities
from .parse import DigestParseError, Problem, Records, collector_paused

__all__ = ["Corpus", "load", "loads", "find_digest_files"]

Source = str | os.PathLike | io.IOBase | Iterable


def _looks_like_text(source) -> bool:
    return isinstance(source, str) and ("\n" in source or source.lstrip().startswith(
        ("#", "[", "{")))


def _check_day(value, name: str) -> pd.Timestamp | None:
    """A date argument as the midnight of its day (whole digest days; None stays None): a
    number is refused (``20240216`` is not a date), so is text pandas cannot read."""
    import datetime as _dt

    check_type(name, value, (str, _dt.date, np.datetime64), allow_none=True)
    day = check_date(name, value, allow_none=True)
    if day is None:
        return None
    if day.tzinfo is not None:
        day = day.tz_localize(None)
    return day.normalize()


def _check_flag(value, name: str) -> None:
    check_type(name, value, bool)


def _check_aliases(aliases) -> None:
    check_type("aliases", aliases, Mapping, allow_none=True)
    for key, value in (aliases or {}).items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise TypeError(f"aliases must map str to str, got {_short_repr(key)}: "
                            f"{_short_repr(value)}")


@collector_paused()  # (no reference cycles to collect: see parse.collector_paused)
def load(
    source: Source,
    *,
    strict: bool = False,
    aliases: Mapping[str, str] | None = None,
    progress: bool | Callable | None = None,
    hidden: bool = False,
) -> Corpus:
    """Load digests into a :class:`Corpus`.

    Parameters
    ----------
    source
        A file, a folder (searched recursively for ``*.md``, ``*.json`` and ``*.jsonl``), a
        glob, a list of paths, a file object, or the text itself (a string containing a
        newline). Digests and saved Hub ``/api/daily_papers`` JSON may be mixed freely: each
        file is read by what it holds (see :mod:`papertoolkit.sources`), and a paper-day found
        in both becomes one row.
    strict
        Raise :class:`~papertoolkit.parse.DigestParseError` on the first problem, warnings
        included (a legacy encoding, a duplicate, a missing date), naming file and line,
        instead of collecting problems in ``corpus.problems``.
    aliases
        ``{spelling: canonical name}`` overrides for author merging (see ``author_aliases``).
    progress
        ``True`` for a progress bar on stderr, or a callable ``f(done, total, path)``.
    hidden
        Also read hidden files and folders (names starting with ``.``, such as Jupyter's
        ``.ipynb_checkpoints``) found in folders and globs; skipped by default.

    Raises
    ------
    FileNotFoundError
        A path that does not exist, or a folder without digest files.
    ValueError
        An empty string or an empty list as *source*.
    TypeError
        A *source* or option of the wrong type.

    Returns
    -------
    Corpus
        The tables of every paper found; what could not be read is in ``corpus.problems``.

    Files that cannot be read (unreadable, FIFOs, devices, broken or looping symbolic links)
    and files that are not digests become rows of ``corpus.problems``; they never stop a load.

    Examples
    --------
    The sample folder ``data/`` (``data_dir``): ten digests, some papers also in saved Hub
    JSON, which merges into the same rows:

    >>> sample = load(data_dir)
    >>> len(sample.papers), len(sample.papers_unique), len(sample.authors)
    (83, 81, 646)
    >>> sample.problems["severity"].tolist()
    ['warning', 'warning', 'error']

    Text works too; a heading that gives no row is a problem, never silently lost:

    >>> corpus = load("## Daily Papers (2024-02-16)\\n### [T](https://arxiv.org/abs/2402.1)\\n")
    >>> len(corpus.papers)
    0
    >>> corpus.problems["reason"].iloc[0][:26]
    'paper link is not an arXiv'
    """
    _check_flag(strict, "strict")
    _check_flag(hidden, "hidden")
    _check_aliases(aliases)
    if not (progress is None or isinstance(progress, bool) or callable(progress)):
        raise TypeError(f"progress must be True, False, None or a callable f(done, total, path), "
                        f"got {type(progress).__name__}: {_short_repr(progress)}")
    if isinstance(source, (bytes, bytearray)):
        source = io.BytesIO(bytes(source))
    if isinstance(source, str) and not source.strip():
        raise ValueError("source is an empty string: give a file, a folder, a glob, a list of "
                         "paths or digest text")
    if isinstance(source, io.IOBase) or hasattr(source, "read"):
        data = source.read()
        name = str(getattr(source, "name", "<stream>"))
        if isinstance(data, bytes):
            records = sources.read_bytes(data, name)
        elif isinstance(data, str):
            records = sources.read_text(data, name)
        else:
            raise TypeError(f"source.read() must return str or bytes, got {type(data).__name__}")
    elif _looks_like_text(source):
        records = sources.read_text(source, "<string>")
    else:
        files, problems = _discover(source, hidden=hidden)
        callback = _progress_callback(progress, len(files))
        records = Records(problems=problems)
        for done, path in enumerate(files, start=1):
            if strict and _first_serious(records.problems):
                break
            sources.read_file(path, records)
            if callback is not None:
                callback(done, len(files), path)
        if callback is not None and hasattr(callback, "close"):
            callback.close()
    if strict and (first := _first_serious(records.problems)):
        raise DigestParseError(first.file, first.line, first.reason)
    return Corpus.from_records(records, aliases=aliases)


def _first_serious(problems: list[Problem]) -> Problem | None:
    """The first error or warning (strict mode raises on it); notes never raise."""
    return next((p for p in problems if p.severity != "note"), None)


def loads(text: str, *, source: str = "<string>", strict: bool = False,
          aliases: Mapping[str, str] | None = None) -> Corpus:
    """Load a digest given as a string.

    Parameters
    ----------
    text : str
        The digest's Markdown (or saved Hub JSON).
    source : str, default "<string>"
        The name problems give as their file.
    strict : bool, default False
        Raise :class:`~papertoolkit.parse.DigestParseError` on the first problem.
    aliases : dict of str to str, optional
        ``{spelling: canonical name}`` overrides for author merging.

    Returns
    -------
    Corpus

    See Also
    --------
    load : files, folders, globs.

    Examples
    --------
    >>> loads("## Daily Papers (2024-02-16)\\n\\n### [T](https://arxiv.org/abs/2402.10200)\\n"
    ...       "Vote: 3\\n").papers[["arxiv_id", "votes"]].values.tolist()
    [['2402.10200', 3]]
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}"
                        + (" (decode bytes first, or use papertoolkit.load)"
                           if isinstance(text, bytes) else ""))
    if not isinstance(source, str):
        raise TypeError(f"source must be a str naming the text, got {type(source).__name__}")
    _check_flag(strict, "strict")
    _check_aliases(aliases)
    records = sources.read_text(text, source)
    if strict and (first := _first_serious(records.problems)):
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


class Corpus:
    """Tables of a set of digests: build with :func:`load`; every table is a DataFrame.

    Base tables: ``papers``, ``authorships``, ``bullets``, ``links``, ``problems``,
    ``keywords``. Derived (computed on first access): ``papers_unique``, ``authors``,
    ``author_aliases``.

    A Corpus is immutable: its tables cannot be reassigned (``c.papers = ...`` raises), so the
    derived tables always agree with the base ones. :meth:`filter` and :meth:`replace` return
    new corpora. (The DataFrames themselves are pandas objects: modify a copy, then
    ``replace``.)

    Parameters
    ----------
    papers, authorships : DataFrame
        One row per paper appearance, one per appearance x author (see
        :mod:`papertoolkit.schema`).
    bullets, links, problems, keywords : DataFrame, optional
        The other base tables; empty when omitted.
    n_headings : int, optional
        How many ``### `` paper headings the digests held.

    Examples
    --------
    >>> corpus  # doctest: +ELLIPSIS
    <Corpus days=10, paper rows=83, distinct papers=81, authors=646, from=2024-02-12, ...>
    >>> c = loads("## Daily Papers (2024-01-02)\\n\\n### [A](https://arxiv.org/abs/2401.00001)"
    ...           "\\n\\nAuthors: Ann Lee, Bo Chen\\n")
    >>> c.authors[["author", "papers", "coauthors"]].values.tolist()
    [['Ann Lee', 1, 1], ['Bo Chen', 1, 1]]
    """

    TABLE_NAMES = ("papers", "papers_unique", "authorships", "authors", "author_aliases",
                   "bullets", "links", "keywords", "problems")
    #: The tables a Corpus is made of; the others are derived from them.
    BASE_TABLES = ("papers", "authorships", "bullets", "links", "problems", "keywords")

    def __init__(self, papers: pd.DataFrame, authorships: pd.DataFrame,
                 bullets: pd.DataFrame | None = None, links: pd.DataFrame | None = None,
                 problems: pd.DataFrame | None = None, *, n_headings: int | None = None,
                 keywords: pd.DataFrame | None = None):
        if isinstance(authorships, pd.DataFrame):  # names as categories of what it holds
            authorships = with_name_categories(authorships)
        tables = {"papers": papers, "authorships": authorships, "bullets": bullets,
                  "links": links, "problems": problems, "keywords": keywords}
        for name, table in tables.items():
            if table is None and name in ("bullets", "links", "problems", "keywords"):
                table = schema.empty_table(name)
            object.__setattr__(self, name, table)
        object.__setattr__(self, "n_headings", n_headings)

    def __setattr__(self, name: str, value: object) -> None:
        if name in self.TABLE_NAMES:
            how = (f"corpus.replace({name}=...)" if name in self.BASE_TABLES
                   else "corpus.replace(...) with new base tables")
            raise AttributeError(
                f"Corpus tables are read-only: {name} cannot be assigned (derived tables "
                f"would no longer agree with it); use {how} or corpus.filter(...), which "
                "return a new Corpus"
            )
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        if name in self.TABLE_NAMES:
            raise AttributeError(f"Corpus tables are read-only: {name} cannot be deleted")
        object.__delattr__(self, name)

    def replace(self, **tables: pd.DataFrame) -> Corpus:
        """A new Corpus with some base tables replaced; derived tables are recomputed.

        Parameters
        ----------
        **tables : DataFrame
            Base tables by name (``papers``, ``authorships``, ``bullets``, ``links``,
            ``problems``, ``keywords``).

        Returns
        -------
        Corpus

        Examples
        --------
        >>> c = loads("## Daily Papers (2024-01-02)\\n### [A](https://arxiv.org/abs/2401.00001)"
        ...           "\\nVote: 5\\n### [B](https://arxiv.org/abs/2401.00002)\\nVote: 1\\n")
        >>> top = c.replace(papers=c.papers[c.papers["votes"] > 2])
        >>> len(top.papers_unique), len(c.papers_unique)
        (1, 2)
        >>> c.papers = c.papers.head(1)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        AttributeError: Corpus tables are read-only: papers cannot be assigned (derived ...
        """
        for name, table in tables.items():
            check_choice("table", name, self.BASE_TABLES)
            check_type(name, table, pd.DataFrame)
        new = Corpus(**{name: tables.get(name, getattr(self, name))
                        for name in self.BASE_TABLES}, n_headings=self.n_headings)
        new.n_bytes = getattr(self, "n_bytes", None)
        return new

    # ------------------------------------------------------------------ construction
    @classmethod
    @positional_options
    def from_records(cls, records: Records, *,
                     aliases: Mapping[str, str] | None = None) -> Corpus:
        """Build from the parser's column-wise :class:`~papertoolkit.parse.Records`.

        Parameters
        ----------
        records : Records
            What :func:`papertoolkit.parse.parse_text` (or a source reader) collected.
        aliases : dict of str to str, optional
            ``{spelling: canonical name}`` overrides for author merging.

        Returns
        -------
        Corpus

        Examples
        --------
        >>> from papertoolkit.parse import parse_text
        >>> records = parse_text("## Daily Papers (2024-01-02)\\n"
        ...                      "### [A](https://arxiv.org/abs/2401.00001)\\nAuthors: Ann Lee\\n")
        >>> Corpus.from_records(records).authorships["author"].tolist()
        ['Ann Lee']
        """
        tables = _tables(records)
        problems = list(records.problems)
        if records.hub:
            _merge_sources(tables, problems)
        authorships = apply_aliases(resolve_identities(tables["authorships"]), aliases)
        corpus = cls(tables["papers"], authorships, tables["bullets"], tables["links"],
                     _problems_frame(problems), n_headings=records.n_headings,
                     keywords=tables["keywords"])
        corpus.n_bytes = records.n_bytes
        return corpus

    @classmethod
    def from_tables(cls, papers: pd.DataFrame, authorships: pd.DataFrame | None = None,
                    bullets: pd.DataFrame | None = None, links: pd.DataFrame | None = None,
                    problems: pd.DataFrame | None = None,
                    keywords: pd.DataFrame | None = None) -> Corpus:
        """Build from DataFrames (missing columns are filled with NA, dtypes coerced).

        Parameters
        ----------
        papers : DataFrame
            The papers table; at least ``date`` and ``arxiv_id``.
        authorships, bullets, links, problems, keywords : DataFrame, optional
            The other base tables; empty when omitted.

        Returns
        -------
        Corpus

        Examples
        --------
        >>> p = pd.DataFrame({"date": ["2024-01-02"], "arxiv_id": ["2401.00001"], "votes": [4]})
        >>> Corpus.from_tables(p).papers["votes"].dtype
        Int64Dtype()
        """
        def coerce(df, name):
            return schema.coerce(df, name) if df is not None else schema.empty_table(name)

        return cls(coerce(papers, "papers").reset_index(drop=True),
                   coerce(authorships, "authorships").reset_index(drop=True),
                   coerce(bullets, "bullets"), coerce(links, "links"),
                   coerce(problems, "problems"), keywords=coerce(keywords, "keywords"))

    # ------------------------------------------------------------------ derived tables
    @cached_property
    def papers_unique(self) -> pd.DataFrame:
        """One row per arXiv id: first/last seen, appearances and max votes over appearances.

        Rows follow the first appearance (by date, then rank); title, URL, media kind and
        summary are the first non-missing ones in that order.
        """
        return papers_unique_table(self.papers)

    @cached_property
    def authors(self) -> pd.DataFrame:
        """One row per normalised author: distinct papers, total votes, dates, co-authors.

        ``total_votes`` sums, over the author's distinct papers, each paper's maximum votes
        (votes are snapshots taken on the digest's day); it is <NA> when none of the author's
        papers has a vote count. ``coauthors`` counts distinct people.
        """
        return authors_table(self.authorships, self.papers_unique)

    @cached_property
    def author_aliases(self) -> pd.DataFrame:
        """Each normalised name with the raw spellings merged into it and how often each occurs.

        Names with a single identical spelling are left out: the table lists merges only.
        """
        return author_aliases_table(self.authorships)

    # ------------------------------------------------------------------ filtering
    @positional_options
    def filter(self, *, start=None, end=None, min_votes: int | None = None,
               author: str | None = None, text: str | None = None) -> Corpus:
        """A new Corpus with the papers that match every given condition.

        Parameters
        ----------
        start, end : date-like, optional
            Inclusive bounds on the digest day (whole days).
        min_votes : int, optional
            Keep appearances with at least this many votes (NA votes are dropped).
        author : str, optional
            Keep papers with this author (case-, accent- and space-insensitive).
        text : str, optional
            Case-insensitive substring of title or summary.

        Returns
        -------
        Corpus
            Every table restricted to the kept appearances (``problems`` is kept whole).

        Examples
        --------
        >>> week2 = corpus.filter(start="2024-02-19", min_votes=50)
        >>> week2.papers[["arxiv_id", "votes"]].values.tolist()
        [['2402.13144', 56], ['2402.13753', 50], ['2402.13144', 63]]
        >>> corpus.filter(author="denny zhou").papers_unique["arxiv_id"].tolist()
        ['2402.08939', '2402.09371', '2402.10200']
        >>> c = loads("## Daily Papers (2024-01-02)\\n### [A](https://arxiv.org/abs/2401.00001)"
        ...           "\\nVote: 5\\n### [B](https://arxiv.org/abs/2401.00002)\\nVote: 1\\n")
        >>> c.filter(min_votes=2).papers["title"].tolist()
        ['A']
        >>> c.filter(start=20240102)
        Traceback (most recent call last):
        ...
        TypeError: start must be str or date or datetime64, got int 20240102
        """
        start, end = _check_day(start, "start"), _check_day(end, "end")
        if start is not None and end is not None and start > end:
            raise ValueError(f"start must not be after end, got start={start.date()} and "
                             f"end={end.date()}")
        check_int("min_votes", min_votes, allow_none=True)
        check_type("author", author, str, allow_none=True)
        check_type("text", text, str, allow_none=True)
        if author is not None and not name_key(author):
            raise ValueError(f"author must hold a name, got {author!r}")
        papers = self.papers
        mask = pd.Series(True, index=papers.index)
        if start is not None:
            mask &= papers["date"] >= start
        if end is not None:
            mask &= papers["date"] <= end
        if min_votes is not None:
            mask &= (papers["votes"] >= min_votes).fillna(False).astype(bool)
        if author is not None:
            key = name_key(author)
            ships = self.authorships
            codes, names = sorted_codes(ships["author"])  # each distinct name keyed once
            hits = [i for i, name in enumerate(names.astype(object)) if name_key(name) == key]
            ids = ships["arxiv_id"][np.isin(codes, hits)]
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

        keywords = self.keywords[self.keywords["arxiv_id"].isin(set(papers["arxiv_id"]))]
        sub = Corpus(papers.reset_index(drop=True), keep(self.authorships), keep(self.bullets),
                     keep(self.links), self.problems, keywords=keywords.reset_index(drop=True))
        sub.n_bytes = getattr(self, "n_bytes", None)
        return sub

    # ------------------------------------------------------------------ export
    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by name (derived tables are computed).

        Returns
        -------
        dict of str to DataFrame

        Examples
        --------
        >>> [len(table) for table in corpus.tables().values()]
        [83, 81, 690, 646, 8, 252, 8, 77, 3]
        >>> list(corpus.tables())[:4]
        ['papers', 'papers_unique', 'authorships', 'authors']
        """
        return {name: getattr(self, name) for name in self.TABLE_NAMES}

    def to_csv(self, directory, *, excel: bool = False) -> list[Path]:
        """Write every table as ``<table>.csv`` into *directory* (see :mod:`papertoolkit.export`).

        Parameters
        ----------
        directory : path
            Created if needed.
        excel : bool, default False
            Write for Excel (UTF-8 with BOM, formula-like cells made inert).

        Returns
        -------
        list of Path
            The files written.

        Examples
        --------
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     print([p.name for p in corpus.to_csv(tmp)][:3])
        ['papers.csv', 'papers_unique.csv', 'authorships.csv']
        """
        from .export import write_csv

        return write_csv(self, directory, excel=excel)

    def to_parquet(self, directory) -> list[Path]:
        """Write every table as ``<table>.parquet`` (needs pyarrow).

        Parameters
        ----------
        directory : path
            Created if needed.

        Returns
        -------
        list of Path
            The files written.

        Examples
        --------
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     print(len(corpus.to_parquet(tmp)))
        9
        """
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
