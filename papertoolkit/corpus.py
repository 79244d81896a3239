"""The :class:`Corpus`: tidy pandas tables built from a folder of digests.

Examples
--------
>>> import papertoolkit as ptk
>>> corpus = ptk.load(data_dir)                     # the sample folder, data/
>>> corpus.papers.groupby("date")["votes"].sum().head(3).tolist()
[62, 84, 78]
"""

from __future__ import annotations

import errno
import glob as _glob
import html
import io
import os
import stat
from collections.abc import Callable, Iterable, Mapping
from functools import cached_property
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd

from . import schema, sources
from ._checks import check_choice, check_date, check_int, check_type
from .authors import apply_aliases, name_key, normalize_authors, resolve_identities
from .parse import DigestParseError, Problem, Records, _file_kind, display_name

__all__ = ["Corpus", "load", "loads", "find_digest_files"]

Source = str | os.PathLike | io.IOBase | Iterable


#: file name endings (compared lower-case) a folder is searched for: digests, and saved Hub
#: JSON (see papertoolkit.sources); what a file holds then decides how it is read
DIGEST_SUFFIXES = (".md", ".json", ".jsonl", ".ndjson")


def _is_digest_name(name: str) -> bool:
    """Whether a file found in a folder is read: a DIGEST_SUFFIXES ending in any case
    (``*.MD`` too), and not a ``README*``."""
    return name.lower().endswith(DIGEST_SUFFIXES) and not name.upper().startswith("README")


def find_digest_files(source: str | os.PathLike | Iterable, *, hidden: bool = False
                      ) -> list[Path]:
    """The digest files a :func:`load` of *source* would read, in reading order.

    What a file holds, not its name, decides how it is read. In a folder or a glob,
    ``README*.md`` files are skipped: they describe the folder (and an upstream README may
    repeat the latest digest); so are hidden files and folders (a name
    starting with ``.``, such as Jupyter's ``.ipynb_checkpoints``) unless ``hidden=True``.
    ``*.MD`` and other case variants count. Name a file explicitly to load it anyway. A file
    reached twice (two spellings, symbolic or hard links) is listed once; symbolic links to
    folders are followed, but never in a loop. What cannot be read (FIFOs, devices, broken
    links, unreadable folders) is left out here; :func:`load` reports it as problems.

    Parameters
    ----------
    source : path, glob or list of those
        A file, a folder (searched recursively for ``*.md``, ``*.json``, ``*.jsonl``), a
        glob, or a list of those.
    hidden : bool, default False
        Also list hidden files and folders.

    Returns
    -------
    list of Path
        Each file once, folders sorted by name.

    Raises
    ------
    FileNotFoundError
        A path that does not exist, or a folder without digest files (one-line message).
    ValueError
        An empty string or list.
    TypeError
        Anything that is not a path or a list of paths.

    Examples
    --------
    ``data_dir`` is the sample folder ``data/`` (ten digests and four saved Hub files):

    >>> files = find_digest_files(data_dir)
    >>> len(files), files[0].name, files[-1].name
    (14, '2024-02-12.md', 'papertoolkit-fetch.json')
    """
    _check_flag(hidden, "hidden")
    return _discover(source, hidden=hidden)[0]


def _source_items(source) -> list:
    if isinstance(source, (str, os.PathLike)):
        items = [source]
    elif isinstance(source, Iterable) and not isinstance(source, (bytes, bytearray, Mapping)):
        items = list(source)
    else:
        raise TypeError("source must be a path, a folder, a glob, a list of paths, a file object "
                        f"or digest text, got {type(source).__name__}: {_short_repr(source)}")
    if not items:
        raise ValueError("source is an empty list: give at least one file, folder or glob")
    for item in items:
        if not isinstance(item, (str, os.PathLike)):
            raise TypeError("every item of source must be a path (str or os.PathLike), got "
                            f"{type(item).__name__}: {_short_repr(item)}")
        if not os.fspath(item):
            raise ValueError("source holds an empty path ''; give a file, folder or glob")
    return items


def _short_repr(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _discover(source, *, hidden: bool = False) -> tuple[list[Path], list[Problem]]:
    """The digest files of *source* (see :func:`find_digest_files`) and the problems met."""
    problems: list[Problem] = []
    files: list[Path] = []
    seen_files: set[tuple[int, int]] = set()
    seen_dirs: set[tuple[int, int]] = set()

    def add(path: Path, info: os.stat_result) -> None:
        key = (info.st_dev, info.st_ino)
        if key not in seen_files:
            seen_files.add(key)
            files.append(path)

    for item in _source_items(source):
        text = os.fsdecode(os.fspath(item))
        try:
            info = os.stat(text)
        except OSError as exc:
            info, error = None, exc
        if info is not None and stat.S_ISREG(info.st_mode):
            add(Path(text), info)
        elif info is not None and stat.S_ISDIR(info.st_mode):
            before = len(problems)
            found = _walk(Path(text), info, hidden, seen_dirs, problems)
            if found is not None and not found and len(problems) == before:
                raise FileNotFoundError(f"no digest files (*.md) in folder {text}, nor saved "
                                        "Hub JSON (*.json, *.jsonl)")
            for path, file_info in found or ():
                add(path, file_info)
        elif info is not None:
            problems.append(_path_problem(text, f"not a regular file "
                                                f"({_file_kind(info.st_mode)}): not read"))
        elif os.path.islink(text):
            problems.append(_path_problem(text, _link_reason(error)))
        elif any(ch in text for ch in "*?["):
            before = len(problems)
            matches = _glob_files(text, hidden, problems)
            if not matches and len(problems) == before:
                raise FileNotFoundError(f"no files match {text}")
            for path, file_info in matches:
                add(path, file_info)
        else:
            raise FileNotFoundError(
                f"no such file or folder: {text}" + (
                    " (a string is read as digest text only when it holds a newline or starts "
                    "with '#')" if isinstance(item, str) and " " in text.strip() else ""))
    return files, problems


def _walk(root: Path, info: os.stat_result, hidden: bool, seen_dirs: set,
          problems: list[Problem]) -> list[tuple[Path, os.stat_result]] | None:
    """Regular digest files under *root*, sorted by path, and problems for what cannot be
    read; None when *root* was walked already."""
    found: list[tuple[Path, os.stat_result]] = []
    key = (info.st_dev, info.st_ino)
    if key in seen_dirs:
        return None
    seen_dirs.add(key)
    stack = [(root, frozenset({key}))]
    while stack:
        folder, above = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            problems.append(_path_problem(folder, f"cannot read folder: {exc.strerror or exc}"))
            continue
        for entry in entries:
            name = entry.name
            if name.startswith(".") and not hidden:
                continue  # .ipynb_checkpoints, .git, editor backups
            path = folder / name
            try:
                entry_info = entry.stat()  # follows symbolic links
            except OSError as exc:
                if entry.is_symlink() and ("." not in name or _is_digest_name(name)):
                    problems.append(_path_problem(path, _link_reason(exc)))
                elif not entry.is_symlink() and _is_digest_name(name):
                    problems.append(_path_problem(path, f"cannot read: {exc.strerror or exc}"))
                continue
            if stat.S_ISDIR(entry_info.st_mode):
                sub = (entry_info.st_dev, entry_info.st_ino)
                if sub in above:
                    problems.append(_path_problem(
                        path, "symbolic link loop: leads back to a folder above it; not "
                        "followed", "warning"))
                elif sub not in seen_dirs:  # a folder reached twice is read once
                    seen_dirs.add(sub)
                    stack.append((path, above | {sub}))
            elif _is_digest_name(name):
                if stat.S_ISREG(entry_info.st_mode):
                    found.append((path, entry_info))
                else:
                    problems.append(_path_problem(
                        path, f"not a regular file ({_file_kind(entry_info.st_mode)}): not read"))
    found.sort(key=lambda pair: pair[0].parts)
    return found


def _glob_files(pattern: str, hidden: bool, problems: list[Problem]
                ) -> list[tuple[Path, os.stat_result]]:
    found = []
    for match in sorted(_glob.glob(pattern, recursive=True)):
        path = Path(match)
        if path.name.upper().startswith("README") or (
                not hidden and any(part.startswith(".") and part not in (".", "..")
                                   for part in path.parts)):
            continue
        try:
            info = os.stat(match)
        except OSError as exc:
            problems.append(_path_problem(path, _link_reason(exc)))
            continue
        if stat.S_ISREG(info.st_mode):
            found.append((path, info))
        elif not stat.S_ISDIR(info.st_mode):
            problems.append(_path_problem(path, f"not a regular file "
                                                f"({_file_kind(info.st_mode)}): not read"))
    return found


def _link_reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop: not read"
    if exc.errno == errno.ENOENT:
        return "broken symbolic link (its target does not exist): not read"
    return f"cannot read: {exc.strerror or exc}"


def _path_problem(path, reason: str, severity: str = "error") -> Problem:
    return Problem(display_name(path)[0], None, severity, reason)


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


def _frame(columns: dict[str, list], name: str) -> pd.DataFrame:
    """Build a table from column lists with the schema's dtypes, column by column."""
    out = {}
    n = len(next(iter(columns.values()))) if columns else 0
    for col, dtype in schema.TABLES[name].items():
        out[col] = _column(columns.get(col, [None] * n), dtype)
    return pd.DataFrame(out)


def _column(values, dtype):
    """A column of a schema dtype from a list of Python values (None -> missing)."""
    if dtype == "datetime64[ns]":
        return _dates(values)
    if dtype == "Int64":
        return _ints(values)
    if dtype == "string":
        return _strings(values)
    if dtype == schema.TIMESTAMP:  # few distinct instants (one per fetched file): convert those
        codes, distinct = pd.factorize(pd.Series(values, dtype=object))
        stamps = pd.to_datetime(pd.Series(distinct, dtype=object), utc=True, format="ISO8601")
        return pd.array(stamps.astype(schema.TIMESTAMP).array.take(codes, allow_fill=True))
    return pd.Categorical(values, categories=dtype.categories)


# ---------------------------------------------------------------------------- fast columns
# Tables are built column by column from the parser's flat lists: strings go straight into
# one Arrow array (when pandas stores "string" in Arrow), and every column that repeats a
# paper's value (arxiv_id, date of authorships and bullets) is a vectorised take().
def _arrow_strings() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return pd.StringDtype().storage == "pyarrow"


_ARROW = _arrow_strings()


def _strings(values) -> pd.api.extensions.ExtensionArray:
    """A "string" array (None -> <NA>) from a list or object array of str/None."""
    if _ARROW:
        import pyarrow as pa

        return pd.array(pa.array(values, type=pa.large_string()), dtype="string")
    return pd.array(values, dtype="string")


def _ints(values) -> pd.arrays.IntegerArray:
    """An Int64 array (None -> <NA>) from a sequence of int/None."""
    arr = np.array(values, dtype=object)
    mask = np.equal(arr, None)
    if mask.any():
        arr[mask] = 0
    return pd.arrays.IntegerArray(arr.astype(np.int64), mask)


def _dates(values) -> np.ndarray:
    """datetime64[ns] values from ISO date strings or None (a digest repeats a few dates)."""
    codes = {v: i for i, v in enumerate(dict.fromkeys(values))}
    distinct = np.array(pd.to_datetime(list(codes)).astype("datetime64[ns]"))
    return distinct[np.fromiter(map(codes.__getitem__, values), np.intp, len(values))]


def _within(group: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """1-based position of each row within its group (rows sorted by group)."""
    starts = np.cumsum(counts) - counts
    return np.arange(1, len(group) + 1, dtype=np.int64) - starts[group]


def _int64(values: np.ndarray) -> pd.arrays.IntegerArray:
    return pd.arrays.IntegerArray(np.asarray(values, dtype=np.int64),
                                  np.zeros(len(values), dtype=bool))


def _tables(records: Records) -> dict[str, pd.DataFrame]:
    """The base tables (papers, authorships, bullets, links) from parser records."""
    n = len(records.papers)
    columns = list(zip(*records.papers, strict=True)) if n else [()] * 13
    (date, rank, arxiv_id, version, title, url, votes, media_kind, media_url, n_raw,
     n_bullets, source_file, line) = columns
    dates = _dates(date)
    ids = _strings(arxiv_id)

    # authorships: normalise each distinct raw name once, drop empty names and a name
    # repeated within one paper (first kept), number the rest 1.. within each paper
    raw_paper = np.repeat(np.arange(n), np.array(n_raw, dtype=np.intp))
    raw_codes, raw_names = pd.factorize(np.array(records.author_raw, dtype=object))
    name_of_raw, names = pd.factorize(np.array(normalize_authors(list(raw_names)),
                                               dtype=object))
    name_codes = name_of_raw[raw_codes]
    keep = ~pd.Series(raw_paper * max(len(names), 1) + name_codes).duplicated().to_numpy()
    empty = np.flatnonzero(names == "")
    if len(empty):
        keep &= name_codes != empty[0]
    kept = np.flatnonzero(keep)
    ship_paper = raw_paper[kept]
    n_authors = np.bincount(ship_paper, minlength=n)
    authorships = pd.DataFrame({
        "arxiv_id": ids.take(ship_paper),
        "date": dates[ship_paper],
        "position": _int64(_within(ship_paper, n_authors)),
        "author": _strings(names).take(name_codes[kept]),
        "author_raw": _strings(raw_names).take(raw_codes[kept]),
        "hf_user": _sparse_strings(records.author_users, len(records.author_raw)).take(kept),
    })

    # bullets, and each paper's summary: its bullet texts joined by newlines
    counts = np.array(n_bullets, dtype=np.intp)
    bullet_paper = np.repeat(np.arange(n), counts)
    texts, summaries = _texts_and_summaries(records.bullet_text, counts)
    levels = np.zeros(len(bullet_paper), dtype=np.int64)
    if records.bullet_levels:
        where, value = zip(*records.bullet_levels, strict=True)
        levels[list(where)] = value
    labels = np.full(len(bullet_paper), None, dtype=object)
    if records.label_runs:  # the block path's raw labels ("" for none), by runs
        bases, runs = zip(*records.label_runs, strict=True)
        sizes = np.fromiter(map(len, runs), np.intp, len(runs))
        where = (np.repeat(np.array(bases, dtype=np.intp) - (np.cumsum(sizes) - sizes), sizes)
                 + np.arange(sizes.sum()))
        raw = np.array(list(chain.from_iterable(runs)), dtype=object)
        labelled = raw != ""
        labels[where[labelled]] = [label.strip(" ") for label in raw[labelled]]
    if records.bullet_labels:
        where, value = zip(*records.bullet_labels, strict=True)
        labels[list(where)] = value
    bullets = pd.DataFrame({
        "arxiv_id": ids.take(bullet_paper),
        "date": dates[bullet_paper],
        "position": _int64(_within(bullet_paper, counts)),
        "level": _int64(levels),
        "label": _strings(labels),
        "text": texts,
    })

    link_rows = records.links
    link_paper, link_position, link_url, link_kind = (
        zip(*link_rows, strict=True) if link_rows else [()] * 4)
    link_paper = np.array(link_paper, dtype=np.intp)
    links = pd.DataFrame({
        "arxiv_id": ids.take(link_paper),
        "date": dates[link_paper],
        "bullet_position": _int64(np.array(link_position, dtype=np.int64)),
        "url": _strings(list(link_url)),
        "kind": _categorical(link_kind, "links", "kind"),
    })

    papers = pd.DataFrame({
        "date": dates,
        "rank": _ints(rank),
        "arxiv_id": ids,
        "arxiv_version": _ints(version),
        "title": _strings(list(title)),
        "url": _strings(list(url)),
        "votes": _ints(votes),
        "media_kind": _categorical(media_kind, "papers", "media_kind"),
        "media_url": _strings(list(media_url)),
        "n_authors": _int64(n_authors),
        "n_bullets": _int64(counts),
        "summary": summaries,
        "source_file": _strings(list(source_file)),
        "line": _ints(line),
        **_hub_columns(records, n),
    })
    if records.keywords:
        where, keyword, source = zip(*records.keywords, strict=True)
        keywords = pd.DataFrame({"arxiv_id": ids.take(np.array(where, dtype=np.intp)),
                                 "keyword": _strings(list(keyword)),
                                 "source": _strings(list(source))})
        keywords = keywords.drop_duplicates(ignore_index=True)
    else:
        keywords = schema.empty_table("keywords")
    return {"papers": papers, "authorships": authorships, "bullets": bullets, "links": links,
            "keywords": keywords, "_author_paper": ship_paper}


def _sparse_strings(pairs: list[tuple[int, str]], n: int):
    """A string array of length *n*, <NA> but at the ``(index, value)`` pairs given."""
    values = np.full(n, None, dtype=object)
    if pairs:
        where, value = zip(*pairs, strict=True)
        values[list(where)] = value
    return _strings(values)


def _hub_columns(records: Records, n: int) -> dict[str, object]:
    """``source_kind`` and the hub columns of ``papers`` from the sparse ``records.hub``."""
    from .sources.hub import HUB_FIELDS

    kind = np.zeros(n, dtype=np.int8)  # codes of schema.SOURCE_KINDS
    values = {name: np.full(n, None, dtype=object) for name in HUB_FIELDS}
    if records.hub:
        where = np.array([row[0] for row in records.hub], dtype=np.intp)
        kind[where] = 1
        for position, name in enumerate(HUB_FIELDS, start=1):
            values[name][where] = [row[position] for row in records.hub]
    columns = schema.TABLES["papers"]
    out: dict[str, object] = {"source_kind": pd.Categorical.from_codes(
        kind, dtype=columns["source_kind"])}
    for name in HUB_FIELDS:
        out[name] = _column(values[name], columns[name])
    return out


def _categorical(values, table: str, column: str) -> pd.Categorical:
    dtype = schema.TABLES[table][column]
    code = {c: i for i, c in enumerate(dtype.categories)}
    codes = np.fromiter(map(code.__getitem__, values), np.int8, len(values))
    return pd.Categorical.from_codes(codes, dtype=dtype)


def _texts_and_summaries(texts: list[str], counts: np.ndarray):
    """Bullet texts, and per paper its texts joined by newlines (<NA> without bullets)."""
    if _ARROW:
        import pyarrow as pa
        import pyarrow.compute as pc

        values = pa.array(texts, type=pa.large_string())
        offsets = np.zeros(len(counts) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        lists = pa.LargeListArray.from_arrays(pa.array(offsets), values,
                                              mask=pa.array(counts == 0))
        joined = pc.binary_join(lists, pa.scalar("\n", type=pa.large_string()))
        return pd.array(values, dtype="string"), pd.array(joined, dtype="string")
    ends = np.cumsum(counts)
    return _strings(texts), _strings(["\n".join(texts[e - c:e]) if c else None
                                      for e, c in zip(ends.tolist(), counts.tolist(),
                                                      strict=True)])


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
    def from_records(cls, records: Records, aliases: Mapping[str, str] | None = None) -> Corpus:
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
    def filter(self, start=None, end=None, min_votes: int | None = None,
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


def _merge_sources(tables: dict, problems: list[Problem]) -> None:
    """Make each paper-day one ``papers`` row when a digest and hub data both list it.

    The digest row keeps its fields (summary, bullets, the digest-day ``votes`` snapshot, its
    author list) and gains the hub columns; ``source_kind`` becomes "digest+hub". The hub's
    ``hf_user`` claims move to the digest's authorships of the same person (matched by
    :func:`~papertoolkit.authors.name_key`); a digest row without authors takes the hub's.
    A paper-day in two hub files keeps the first entry read, with a warning. Changes *tables*
    in place.
    """
    from .sources.hub import HUB_FIELDS

    papers = tables["papers"]
    kind = papers["source_kind"].to_numpy()
    keys = list(zip(papers["arxiv_id"].tolist(), papers["date"].tolist(), strict=True))
    first_digest: dict = {}
    for row in np.flatnonzero(kind != "hub"):
        first_digest.setdefault(keys[row], row)
    first_hub: dict = {}
    targets, hub_rows, dropped = [], [], []
    for row in np.flatnonzero(kind == "hub"):
        key = keys[row]
        if key in first_hub:
            kept = first_hub[key]
            problems.append(Problem(
                str(papers.at[row, "hub_file"]), None, "warning",
                f"entry {papers.at[row, 'hub_entry']}: {key[0]} on "
                f"{pd.Timestamp(key[1]).date()} already read from {papers.at[kept, 'hub_file']} "
                f"(entry {papers.at[kept, 'hub_entry']}); that one kept"))
            dropped.append(row)
            continue
        first_hub[key] = row
        if key in first_digest:
            targets.append(first_digest[key])
            hub_rows.append(row)
            dropped.append(row)
    if not dropped:
        return
    targets_arr, hub_arr = np.array(targets, dtype=np.intp), np.array(hub_rows, dtype=np.intp)
    ships, ship_paper = tables["authorships"], tables["_author_paper"]
    drop_ships = np.isin(ship_paper, np.array(dropped, dtype=np.intp))
    if len(targets_arr):
        for name in HUB_FIELDS:
            column = papers[name].array.copy()
            column[targets_arr] = papers[name].array[hub_arr]
            papers[name] = column
        codes = papers["source_kind"].cat.codes.to_numpy().copy()
        codes[targets_arr] = schema.SOURCE_KINDS.index("digest+hub")
        papers["source_kind"] = pd.Categorical.from_codes(
            codes, dtype=schema.TABLES["papers"]["source_kind"])
        # hf_user claims: hub authorship -> digest authorship of the same name, same paper-day
        hub_of = dict(zip(hub_arr.tolist(), targets_arr.tolist(), strict=True))
        no_authors = set(targets_arr[papers["n_authors"].to_numpy()[targets_arr] == 0].tolist())
        claims = {}
        take_over = np.zeros(len(ships), dtype=bool)
        users = ships["hf_user"].to_numpy(dtype=object, na_value=None)
        authors = ships["author"].to_numpy(dtype=object, na_value=None)
        for i in np.flatnonzero(np.isin(ship_paper, hub_arr)):
            target = hub_of[int(ship_paper[i])]
            if target in no_authors:
                take_over[i] = True
            elif users[i] is not None and authors[i] is not None:
                claims[(target, name_key(authors[i]))] = users[i]
        if claims:
            for i in np.flatnonzero(np.isin(ship_paper, targets_arr)):
                user = claims.get((int(ship_paper[i]), name_key(authors[i] or "")))
                if user is not None:
                    users[i] = user
            ships = ships.assign(hf_user=_strings(users))
        if take_over.any():
            ship_paper = ship_paper.copy()
            ship_paper[take_over] = [hub_of[int(p)] for p in ship_paper[take_over]]
            drop_ships &= ~take_over
            n_authors = papers["n_authors"].to_numpy(dtype=np.int64).copy()
            n_authors[list(no_authors)] = np.bincount(
                ship_paper[take_over], minlength=len(papers))[list(no_authors)]
            papers["n_authors"] = _int64(n_authors)
    keep = np.ones(len(papers), dtype=bool)
    keep[dropped] = False
    tables["papers"] = papers[keep].reset_index(drop=True)
    paper_of = (np.cumsum(keep) - 1)[ship_paper[~drop_ships]]
    order = np.argsort(paper_of, kind="stable")  # authorships in the order of their papers
    tables["authorships"] = ships[~drop_ships].iloc[order].reset_index(drop=True)
    tables["_author_paper"] = paper_of[order]


def _problems_frame(problems: list[Problem]) -> pd.DataFrame:
    columns = {
        "file": [p.file for p in problems],
        "line": [p.line for p in problems],
        "severity": [p.severity for p in problems],
        "reason": [p.reason for p in problems],
        "text": [p.text or None for p in problems],
    }
    return _frame(columns, "problems")


# ---------------------------------------------------------------------------- derived tables
# Computed with integer codes (pd.factorize) and numpy instead of string group-bys.
_MIN, _MAX = np.iinfo(np.int64).min, np.iinfo(np.int64).max


def _first_rows(groups: np.ndarray, rows: np.ndarray, n_groups: int) -> np.ndarray:
    """For each group, the first of *rows* (in order) that belongs to it, else -1."""
    out = np.full(n_groups, -1, dtype=np.intp)
    found, first = np.unique(groups, return_index=True)
    out[found] = rows[first]
    return out


def _group_extreme(ufunc, groups: np.ndarray, values: np.ndarray, n_groups: int):
    """(ufunc-reduced values, has-any mask) per group, e.g. ``np.maximum``."""
    start = _MIN if ufunc is np.maximum else _MAX if ufunc is np.minimum else 0
    out = np.full(n_groups, start, dtype=np.int64)
    ufunc.at(out, groups, values)
    return out, np.bincount(groups, minlength=n_groups) > 0


def _masked(values: np.ndarray, has: np.ndarray) -> pd.arrays.IntegerArray:
    return pd.arrays.IntegerArray(np.where(has, values, 0).astype(np.int64), ~has)


def _datetimes(values: np.ndarray, has: np.ndarray) -> np.ndarray:
    return np.where(has, values, _MIN).view("datetime64[ns]")


def _int_values(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """int64 values and missing mask of an integer column."""
    return (series.to_numpy(dtype=np.int64, na_value=0),
            series.isna().to_numpy(dtype=bool))


def papers_unique_table(papers: pd.DataFrame) -> pd.DataFrame:
    """The ``papers_unique`` table of a ``papers`` table (see :attr:`Corpus.papers_unique`).

    >>> c = loads("## Daily Papers (2024-01-02)\\n### [A](https://arxiv.org/abs/2401.00001)"
    ...           "\\nVote: 5\\n## Daily Papers (2024-01-03)\\n"
    ...           "### [A](https://arxiv.org/abs/2401.00001)\\nVote: 7\\n")
    >>> papers_unique_table(c.papers)[["arxiv_id", "appearances", "max_votes"]].values.tolist()
    [['2401.00001', 2, 7]]
    """
    if papers.empty:
        return schema.empty_table("papers_unique")
    dates = papers["date"].to_numpy(dtype="datetime64[ns]").view(np.int64)
    dated = dates != _MIN
    rank, no_rank = _int_values(papers["rank"])
    # stable sort by date then rank, missing values last (as DataFrame.sort_values)
    order = np.lexsort((np.where(no_rank, _MAX, rank), np.where(dated, dates, _MAX)))
    codes, ids = pd.factorize(papers["arxiv_id"].array.take(order))
    n = len(ids)
    keyed = codes >= 0
    rows = order[keyed]  # original row of each sorted, keyed row
    groups = codes[keyed]

    def first(column: str):
        usable = papers[column].notna().to_numpy(dtype=bool)[rows]
        return papers[column].array.take(_first_rows(groups[usable], rows[usable], n),
                                         allow_fill=True)

    usable = dated[rows]
    first_seen = _first_rows(groups[usable], rows[usable], n)
    last_seen = _first_rows(groups[usable][::-1], rows[usable][::-1], n)
    dates_of = np.append(dates, _MIN)  # index -1: no date
    votes, no_votes = _int_values(papers["votes"])
    n_authors, no_n_authors = _int_values(papers["n_authors"])
    max_votes = _group_extreme(np.maximum, groups[~no_votes[rows]],
                               votes[rows][~no_votes[rows]], n)
    max_authors = _group_extreme(np.maximum, groups[~no_n_authors[rows]],
                                 n_authors[rows][~no_n_authors[rows]], n)
    if "upvotes" in papers:
        upvotes, no_upvotes = _int_values(papers["upvotes"])
        max_upvotes = _masked(*_group_extreme(np.maximum, groups[~no_upvotes[rows]],
                                              upvotes[rows][~no_upvotes[rows]], n))
    else:
        max_upvotes = _masked(np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool))
    return pd.DataFrame({
        "arxiv_id": ids,
        "title": first("title"),
        "url": first("url"),
        "first_seen": dates_of[first_seen].view("datetime64[ns]"),
        "last_seen": dates_of[last_seen].view("datetime64[ns]"),
        "appearances": _int64(np.bincount(groups, minlength=n)),
        "max_votes": _masked(*max_votes),
        "n_authors": _masked(*max_authors),
        "media_kind": first("media_kind"),
        "summary": first("summary"),
        "max_upvotes": max_upvotes,
    })


def authors_table(authorships: pd.DataFrame, papers_unique: pd.DataFrame) -> pd.DataFrame:
    """The ``authors`` table (see :attr:`Corpus.authors`) of authorships and papers_unique.

    >>> c = loads("## Daily Papers (2024-01-02)\\n### [A](https://arxiv.org/abs/2401.00001)"
    ...           "\\nVote: 5\\nAuthors: Ann Lee, Bo Chen\\n")
    >>> authors_table(c.authorships, c.papers_unique)[["author", "total_votes"]].values.tolist()
    [['Ann Lee', 5], ['Bo Chen', 5]]
    """
    if authorships.empty:
        return schema.empty_table("authors")
    author_codes, names = pd.factorize(authorships["author"].array, sort=True)
    paper_codes, ids = pd.factorize(authorships["arxiv_id"].array)
    n_names, width = len(names), len(ids) + 1
    named = author_codes >= 0
    # distinct (author, paper) pairs; a missing arxiv_id is a paper of its own (code -1)
    pairs = pd.unique(author_codes[named].astype(np.int64) * width + paper_codes[named] + 1)
    pair_author, pair_paper = pairs // width, pairs % width - 1
    known = pair_paper >= 0
    # votes: each paper's max_votes from papers_unique (missing when not listed there)
    where = pd.Index(papers_unique["arxiv_id"]).get_indexer(ids)  # -1: not listed
    max_votes, no_votes = _int_values(papers_unique["max_votes"])
    has_vote = np.append(~np.append(no_votes, True)[where], False)  # index -1: no paper
    paper_votes = np.append(np.append(max_votes, 0)[where], 0)
    voted = has_vote[pair_paper]
    total = _group_extreme(np.add, pair_author[voted], paper_votes[pair_paper[voted]], n_names)
    dates = authorships["date"].to_numpy(dtype="datetime64[ns]").view(np.int64)
    dated = named & (dates != _MIN)
    first = _group_extreme(np.minimum, author_codes[dated], dates[dated], n_names)
    last = _group_extreme(np.maximum, author_codes[dated], dates[dated], n_names)
    hf_user = pd.array([None] * n_names, dtype="string")
    if "hf_user" in authorships and authorships["hf_user"].notna().any():
        users = authorships["hf_user"].array
        claimed = named & ~np.asarray(users.isna(), dtype=bool)
        hf_user = users.take(_first_rows(author_codes[claimed], np.flatnonzero(claimed),
                                         n_names), allow_fill=True)
    return pd.DataFrame({
        "author": names,
        "papers": _int64(np.bincount(pair_author, minlength=n_names)),
        "total_votes": _masked(*total),
        "first_seen": _datetimes(*first),
        "last_seen": _datetimes(*last),
        "coauthors": _int64(_coauthor_counts(pair_author[known], pair_paper[known], n_names)),
        "hf_user": hf_user,
    })


def _factorize_sorted(values: pd.Series) -> tuple[np.ndarray, pd.api.extensions.ExtensionArray]:
    """``pd.factorize(values, sort=True)`` of a "string" Series, exact for names holding NUL.

    pandas < 3 hashes strings as C strings, which end at a NUL, so "Ann Lee\\0" would fold into
    "Ann Lee"; such (rare) values are sorted in Python instead.
    """
    if not values.str.contains("\x00", regex=False, na=False).any():
        return pd.factorize(values.array, sort=True)
    present = values.notna().to_numpy()
    codes = np.full(len(values), -1, dtype=np.intp)
    uniques, codes[present] = np.unique(values[present].astype(object).to_numpy(),
                                        return_inverse=True)
    return codes, pd.array(uniques.tolist(), dtype="string")


def author_aliases_table(authorships: pd.DataFrame) -> pd.DataFrame:
    """The ``author_aliases`` table (see :attr:`Corpus.author_aliases`) of authorships.

    >>> ships = pd.DataFrame({"author": ["Ann Lee", "Ann Lee", "Bo"],
    ...                       "author_raw": ["Ann Lee", "Ann  Lee", "Bo"]})
    >>> author_aliases_table(ships).values.tolist()
    [['Ann Lee', 'Ann  Lee', 1, 'normalised'], ['Ann Lee', 'Ann Lee', 1, 'normalised']]
    """
    if authorships.empty:
        return schema.empty_table("author_aliases")
    both = pd.concat([authorships["author"], authorships["author_raw"]], ignore_index=True)
    codes, names = _factorize_sorted(both.astype("string"))
    n = len(authorships)
    author, raw = codes[:n].astype(np.int64), codes[n:].astype(np.int64)
    named = (author >= 0) & (raw >= 0)
    keys, counts = np.unique(author[named] * len(names) + raw[named], return_counts=True)
    author, raw = keys // len(names), keys % len(names)
    merged = (np.bincount(author, minlength=len(names))[author] > 1) | (author != raw)
    out = pd.DataFrame({
        "author": names.take(author[merged]),
        "author_raw": names.take(raw[merged]),
        "occurrences": _int64(counts[merged]),
    })
    # which rule gave the name: normalisation alone, a Hub account, or a user's alias mapping
    by_rule = normalize_authors(out["author_raw"].tolist()) == out["author"].to_numpy()
    rule = np.where(by_rule, "normalised", "alias").astype(object)
    if "hf_user" in authorships and authorships["hf_user"].notna().any():
        claimed = authorships[authorships["hf_user"].notna()]
        hub_pairs = pd.MultiIndex.from_frame(claimed[["author", "author_raw"]].astype(str))
        hub = pd.MultiIndex.from_frame(out[["author", "author_raw"]].astype(str)).isin(hub_pairs)
        rule[hub & ~by_rule] = "hf_user"
    out["rule"] = pd.array(rule, dtype="string")
    return out


def _coauthor_counts(authors: np.ndarray, papers: np.ndarray, n_authors: int) -> np.ndarray:
    """Distinct co-authors per author, from distinct (author, paper) code pairs.

    An author of a single paper has that paper's other authors. For an author of several
    papers, the co-authors who wrote a single paper are distinct across those papers and are
    simply added up; only the co-authors with several papers need a set union, computed as
    a sparse incidence product restricted to them.
    """
    out = np.zeros(n_authors, dtype=np.int64)
    if not len(authors):
        return out
    n_papers = int(papers.max()) + 1
    per_author = np.bincount(authors, minlength=n_authors)
    per_paper = np.bincount(papers, minlength=n_papers)
    single = per_author[authors] == 1
    out[authors[single]] = per_paper[papers[single]] - 1
    several = ~single
    if several.any():
        from scipy import sparse

        singles_in = np.bincount(papers[single], minlength=n_papers)
        who, paper = authors[several], papers[several]
        rows, row_of = np.unique(who, return_inverse=True)
        others = np.bincount(row_of, weights=singles_in[paper], minlength=len(rows))
        incidence = sparse.csr_matrix(
            (np.ones(len(who), dtype=np.int32), (row_of, paper)),
            shape=(len(rows), n_papers))
        union = (incidence @ incidence.T).getnnz(axis=1)  # distinct, self included
        out[rows] = others.astype(np.int64) + union - 1
    return out
