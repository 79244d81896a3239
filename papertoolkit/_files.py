"""Finding the digest files of a source: folders walked, globs expanded, links followed once.

:func:`find_digest_files` lists what :func:`papertoolkit.load` reads; :func:`_discover` also
returns the problems met on the way (unreadable folders, broken or looping links, FIFOs),
which ``load`` reports in ``corpus.problems``.
"""

from __future__ import annotations

import errno
import glob as _glob
import os
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

from ._checks import check_type
from .parse import Problem, _file_kind, display_name

__all__ = ["find_digest_files"]


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
    check_type("hidden", hidden, bool)
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

