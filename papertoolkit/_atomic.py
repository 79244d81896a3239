"""All-or-nothing exports of several files into one folder, and their verified reading.

An export owns the files its ``manifest.json`` lists. A run (:class:`ExportRun`):

1. takes the folder's lock (``.papertoolkit.lock``); a second export into the folder fails at
   once with :class:`ExportBusyError`;
2. finishes or clears what an interrupted run left behind (:func:`recover`);
3. writes every file under a staging name ``.ptk-<run>-<name>`` in the same folder, fsyncs it and
   records its size, row count and sha256;
4. **commits**: writes the new manifest, with the staging names and the files of the previous
   export, to ``.ptk-<run>-commit.json``, fsyncs it and renames it to ``.papertoolkit-commit.json``
   (one atomic rename);
5. finishes: renames every staged file to its name, removes the files of the previous export that
   this one does not write, replaces ``manifest.json`` (temporary name + rename), removes the
   commit record.

Killed or failing before step 4, the folder holds the previous export untouched (plus staging
files that the next run removes); after step 4, the commit record says where every new file is,
so :func:`read_export` reads the new export and the next run finishes it. Readers trust only bytes
whose size and sha256 match the manifest. The model is SQLite's journal: temporary file, fsync,
rename; one record decides which state is complete.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import os
import secrets
import tempfile
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
COMMIT = ".papertoolkit-commit.json"
LOCK = ".papertoolkit.lock"
STAGING = ".ptk-"
FORMAT = "papertoolkit-export"
FORMAT_VERSION = 1

__all__ = ["ExportBusyError", "ExportCheckError", "ExportRun", "describe", "read_export",
           "recover"]


class ExportBusyError(RuntimeError):
    """Another export into the same folder is running.

    Examples
    --------
    >>> from papertoolkit.export import write_csv
    >>> import tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> with ExportRun(tmp.name, options={}, sources=[]):  # an export in progress
    ...     try:
    ...         write_csv(corpus, tmp.name)
    ...     except ExportBusyError:
    ...         print("busy")
    busy
    >>> tmp.cleanup()
    """


class ExportCheckError(ValueError):
    """An export folder does not match its manifest or the table schema.

    Examples
    --------
    >>> from papertoolkit.export import read_csv, write_csv
    >>> import pathlib, tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> _ = write_csv(corpus, tmp.name)
    >>> _ = (pathlib.Path(tmp.name) / "links.csv").write_text("arxiv_id\\n")  # altered
    >>> try:
    ...     read_csv(tmp.name)
    ... except ExportCheckError as error:
    ...     print(str(error).split("links.csv ")[1][:30])
    is truncated: 9 of 620 bytes w
    >>> tmp.cleanup()
    """


def _checkpoint(step: str) -> None:
    """A point between two durable steps; fault-injection tests replace this function."""


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # platforms that cannot open a folder (Windows)
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _digest(path: Path, *, sync: bool = False) -> tuple[int, str]:
    """(size, sha256) of a file; with ``sync`` its data is flushed to disk first."""
    sha = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        if sync:
            os.fsync(handle.fileno())
        while chunk := handle.read(1 << 20):
            sha.update(chunk)
            size += len(chunk)
    return size, sha.hexdigest()


def write_file_atomic(path: Path, data: bytes | str) -> None:
    """Write one file whole or not at all: a temporary file in the same folder, fsync, rename.

    ``str`` data is written as UTF-8 with ``\\n`` line ends. A failure (or Ctrl-C) leaves the
    previous file, if any, and no temporary behind.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if hasattr(os, "fchmod"):  # mkstemp makes 0600: give the mode open() would (umask)
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_json(path: Path, data: dict) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1, ensure_ascii=False)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())


def _plain_name(name: Any) -> bool:
    """A file name inside the folder (manifests are data: never follow a path out of it)."""
    return (isinstance(name, str) and name not in ("", ".", "..") and "/" not in name
            and "\\" not in name and "\0" not in name)


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class _Lock:
    """An exclusive ``flock`` on ``.papertoolkit.lock`` (held for the whole run)."""

    def __init__(self, directory: Path):
        self.path = directory / LOCK
        self.fd: int | None = None

    def acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # Windows: no flock; exports still write atomically, unlocked
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 200).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            raise ExportBusyError(f"another export into {self.path.parent} is running "
                                  f"({holder}); run this one when it has finished") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()}, started {_now()}".encode())
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor releases the flock
            self.fd = None


def _lock_held(directory: Path) -> bool:
    """True when an export into *directory* holds its lock right now."""
    try:
        import fcntl

        fd = os.open(directory / LOCK, os.O_RDONLY)
    except (ImportError, OSError):
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def _load_json(path: Path, what: str) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExportCheckError(f"{path}: the {what} is not valid JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(
            data.get("files"), list):
        raise ExportCheckError(f"{path}: not a papertoolkit {what}")
    for entry in data["files"]:
        if not isinstance(entry, dict) or not _plain_name(entry.get("name")):
            raise ExportCheckError(f"{path}: the {what} lists a bad file entry {entry!r}")
    return data


def describe(record: dict) -> str:
    """How messages name one export: ``the export of <time> (run <id>)``."""
    return f"the export of {record.get('created')} (run {record.get('run')})"


def _finish(directory: Path, record: dict) -> None:
    """Step 5: move the staged files of a committed run into place (safe to repeat)."""
    staging = record.get("staging", {})
    for entry in record["files"]:
        staged = staging.get(entry["name"])
        if _plain_name(staged) and (directory / staged).exists():
            os.replace(directory / staged, directory / entry["name"])
            _checkpoint(f"renamed {entry['name']}")
    _fsync_dir(directory)
    keep = {entry["name"] for entry in record["files"]} | {MANIFEST, COMMIT, LOCK}
    for name in record.get("replaces", []):
        if _plain_name(name) and name not in keep:
            with contextlib.suppress(FileNotFoundError):
                (directory / name).unlink()
            _checkpoint(f"removed stale {name}")
    manifest = {k: v for k, v in record.items() if k not in ("staging", "replaces")}
    temporary = directory / f"{STAGING}{record['run']}-{MANIFEST}"
    _write_json(temporary, manifest)
    _checkpoint("manifest staged")
    os.replace(temporary, directory / MANIFEST)
    _fsync_dir(directory)
    _checkpoint("manifest in place")
    (directory / COMMIT).unlink()
    _fsync_dir(directory)


def recover(directory: Path) -> list[str]:
    """Finish a committed run and remove staging files of uncommitted ones (lock held).

    Returns a note per thing done, for the caller to show.
    """
    notes = []
    commit = directory / COMMIT
    if commit.exists():
        record = _load_json(commit, "commit record")
        _finish(directory, record)
        notes.append(f"finished {describe(record)}, interrupted after it had written every "
                     "file")
    leftovers = [p for p in directory.iterdir() if p.name.startswith(STAGING)]
    for path in leftovers:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    if leftovers:
        notes.append(f"removed {len(leftovers)} files of an export interrupted before it had "
                     "written every file")
    return notes


class ExportRun:
    """Context manager for one all-or-nothing export into *directory*.

    Write each file to :meth:`staging` ``(name)``, then call :meth:`add`. Leaving the block
    without an exception commits and finishes the export; an exception removes what this run
    staged and leaves the previous export as it was.
    """

    def __init__(self, directory: str | os.PathLike, *, options: dict[str, Any],
                 sources: Iterable[str | os.PathLike] = (), notes: list[str] | None = None):
        self.directory = Path(directory)
        self.options = options
        self.sources = list(sources)
        self.files: list[dict[str, Any]] = []
        self.notes: list[str] = notes if notes is not None else []
        self.run = _dt.datetime.now(_dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(4)
        self._lock = _Lock(self.directory)

    def __enter__(self) -> ExportRun:
        if self.directory.exists() and not self.directory.is_dir():
            raise NotADirectoryError(f"{self.directory} is a file, not a folder")
        self.directory.mkdir(parents=True, exist_ok=True)
        self._lock.acquire()
        try:
            self.notes.extend(recover(self.directory))
        except BaseException:
            self._lock.release()
            raise
        return self

    def staging(self, name: str) -> Path:
        """Where to write the file that will be called *name*."""
        return self.directory / f"{STAGING}{self.run}-{name}"

    def add(self, name: str, **counts: Any) -> Path:
        """Record the staged file *name* (flushed to disk) with its counts (``rows=...``)."""
        size, sha = _digest(self.staging(name), sync=True)
        self.files.append({"name": name, **counts, "bytes": size, "sha256": sha})
        _checkpoint(f"staged {name}")
        return self.directory / name

    def _sources(self) -> list[dict[str, Any]]:
        out = []
        for source in self.sources:
            try:
                size, sha = _digest(Path(source))
            except OSError:
                size, sha = None, None
            out.append({"path": str(source), "bytes": size, "sha256": sha})
        return out

    def _commit(self) -> dict:
        previous = self.directory / MANIFEST
        replaces = []
        if previous.exists():
            with contextlib.suppress(ExportCheckError, OSError):
                replaces = [e["name"] for e in _load_json(previous, "manifest")["files"]]
        record = {
            "format": FORMAT, "format_version": FORMAT_VERSION,
            "papertoolkit": _package_version(), "run": self.run, "created": _now(),
            "options": self.options, "sources": self._sources(), "files": self.files,
            "staging": {e["name"]: self.staging(e["name"]).name for e in self.files},
            "replaces": replaces,
        }
        temporary = self.staging("commit.json")
        _write_json(temporary, record)
        _checkpoint("commit staged")
        os.replace(temporary, self.directory / COMMIT)  # the commit point
        _fsync_dir(self.directory)
        _checkpoint("committed")
        return record

    def __exit__(self, kind, exc, tb) -> None:
        try:
            if kind is not None:
                self._discard()
                return
            try:
                record = self._commit()
            except BaseException:
                self._discard()
                raise
            _finish(self.directory, record)
            _checkpoint("done")
        finally:
            self._lock.release()

    def _discard(self) -> None:
        """Remove what this run staged, unless it committed (then the next run finishes it)."""
        if (self.directory / COMMIT).exists():
            return
        for path in self.directory.glob(f"{STAGING}{self.run}-*"):
            with contextlib.suppress(OSError):
                path.unlink()


def _package_version() -> str:
    from . import _version

    return _version()


# ------------------------------------------------------------------------------ reading
def read_export(directory: Path, *, attempts: int = 3, stacklevel: int = 2,
                ) -> tuple[dict, dict[str, bytes]] | None:
    """The manifest and the verified bytes of every file of the complete export in *directory*.

    Returns None when the folder has no manifest (not a papertoolkit export). Raises
    :class:`ExportCheckError` naming the file when one is missing, truncated or altered.
    Warns (``UserWarning``) when an interrupted or running export is in the folder, saying
    which complete export was read.
    """
    for attempt in range(attempts):
        try:
            return _read_once(directory, stacklevel + 1)
        except ExportCheckError:
            # an export finishing meanwhile moves files under our feet: read again
            if attempt + 1 == attempts or not (_lock_held(directory)
                                               or (directory / COMMIT).exists()):
                raise
    raise AssertionError("unreachable")


def _read_once(directory: Path, stacklevel: int) -> tuple[dict, dict[str, bytes]] | None:
    commit = directory / COMMIT
    record = None
    with contextlib.suppress(FileNotFoundError):
        record = _load_json(commit, "commit record")
    if record is None:
        if not (directory / MANIFEST).exists():
            return None
        record = _load_json(directory / MANIFEST, "manifest")
    staging = record.get("staging", {})
    contents = {}
    for entry in record["files"]:
        name = entry["name"]
        data = None
        staged = staging.get(name)
        if _plain_name(staged):
            with contextlib.suppress(FileNotFoundError):
                data = (directory / staged).read_bytes()
        if data is None:
            try:
                data = (directory / name).read_bytes()
            except FileNotFoundError:
                raise ExportCheckError(
                    f"{directory / name} is missing: {describe(record)} lists it in "
                    f"{MANIFEST}; export again") from None
        _verify(directory / name, data, entry, record)
        contents[name] = data
    _tell(directory, record, stacklevel + 1)
    return {k: v for k, v in record.items() if k not in ("staging", "replaces")}, contents


def _verify(path: Path, data: bytes, entry: dict, record: dict) -> None:
    when = describe(record)
    size = entry.get("bytes")
    if isinstance(size, int) and len(data) < size:
        raise ExportCheckError(f"{path} is truncated: {len(data)} of {size} bytes written by "
                               f"{when}; export again")
    if len(data) != size or hashlib.sha256(data).hexdigest() != entry.get("sha256"):
        raise ExportCheckError(f"{path} was changed after {when} (its sha256 differs from "
                               f"{MANIFEST}); export again, or read it with verify=False")


def _tell(directory: Path, record: dict, stacklevel: int) -> None:
    """Warn when the folder holds more than the complete export that was read."""
    which = describe(record)
    if "staging" in record:
        if not _lock_held(directory):
            warnings.warn(f"{directory}: read {which}: every file was written, but the run "
                          "was interrupted while moving them into place; the next export into "
                          "this folder finishes that", UserWarning, stacklevel=stacklevel)
        return
    others = [p for p in directory.iterdir()
              if p.name.startswith(STAGING) and record.get("run", "") not in p.name]
    if _lock_held(directory):
        warnings.warn(f"{directory}: an export into this folder is running; read the previous "
                      f"complete export, {which}", UserWarning, stacklevel=stacklevel)
    elif others:
        warnings.warn(f"{directory}: an export into this folder was interrupted before it "
                      f"completed; read the previous complete export, {which}",
                      UserWarning, stacklevel=stacklevel)
