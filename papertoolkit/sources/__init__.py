"""Readers for every Daily Papers source, chosen by what a file holds, not by its name.

A reader is a module with

- ``NAME``: what the ``source_kind`` column calls its rows;
- ``sniff(head: str) -> bool``: whether the first characters of a file look like this format;
- ``read(data: bytes, source: str, records: Records) -> None``: decode and parse a file's
  bytes, appending rows and problems (never raising on bad input);
- ``read_text(text: str, source: str, records: Records) -> None``: the same for text.

:data:`READERS` lists them in the order they are tried; the Markdown digest reader comes last
and takes whatever no other reader claimed. Adding a format is one module added there.

Examples
--------
>>> from papertoolkit.sources import reader_for
>>> reader_for('[{"paper": {"id": "2402.10200"}}]').NAME
'hub'
>>> reader_for("## Daily Papers (2024-02-16)").NAME
'digest'
"""

from __future__ import annotations

import os
from types import ModuleType

from ..parse import Records, read_path
from . import digest, hub, scraped

__all__ = ["READERS", "reader_for", "read_bytes", "read_file", "read_text"]

#: readers in the order they are tried (the first whose ``sniff`` accepts a file reads it)
READERS: tuple[ModuleType, ...] = (scraped, hub, digest)

_HEAD = 512  # characters a reader may look at to recognise its format


def reader_for(head: str | bytes) -> ModuleType:
    """The reader for a file starting with *head* (text, or bytes decoded leniently).

    Parameters
    ----------
    head : str or bytes
        The start of a file (the first 512 characters are looked at).

    Returns
    -------
    module
        The first of :data:`READERS` whose ``sniff`` accepts it; the digest reader otherwise.

    Examples
    --------
    >>> reader_for(b'[{"paper": {"id": "2402.10200"}}]').NAME
    'hub'
    >>> reader_for("# Notes").NAME
    'digest'
    """
    if isinstance(head, bytes):
        head = head[:_HEAD].decode("utf-8", "replace")
    head = head[:_HEAD]
    for reader in READERS:
        if reader.sniff(head):
            return reader
    return READERS[-1]


def read_bytes(data: bytes, source: str, records: Records | None = None) -> Records:
    """Read the bytes of one file of any known format into *records* (a new one by default).

    Parameters
    ----------
    data : bytes
        The file's content.
    source : str
        Its name, for problems and the ``source_file`` column.
    records : Records, optional
        Records to append to.

    Returns
    -------
    Records
        *records*, or a new one.

    Examples
    --------
    >>> rec = read_bytes((data_dir / "hub" / "2024-02-20.jsonl").read_bytes(), "2024-02-20.jsonl")
    >>> len(rec.papers), rec.papers[0][2], rec.problems
    (8, '2402.11131', [])
    """
    rec = records if records is not None else Records()
    reader_for(data).read(data, source, rec)
    return rec


def read_text(text: str, source: str = "<string>", records: Records | None = None) -> Records:
    """Read the text of one file of any known format into *records*.

    Parameters
    ----------
    text : str
        The file's text.
    source : str, default "<string>"
        Its name, for problems and the ``source_file`` column.
    records : Records, optional
        Records to append to.

    Returns
    -------
    Records
        *records*, or a new one.

    Examples
    --------
    >>> rec = read_text('[{"paper": {"id": "2402.10200", "upvotes": 101},'
    ...                 ' "publishedAt": "2024-02-16T00:00:00.000Z"}]', "day.json")
    >>> rec.papers[0][:3], rec.hub[0][3]
    (('2024-02-16', 1, '2402.10200'), 101)
    """
    rec = records if records is not None else Records()
    reader_for(text).read_text(text, source, rec)
    return rec


def read_file(path: str | os.PathLike, records: Records | None = None) -> Records:
    """Read one file of any known format into *records* (a new one by default).

    An unreadable file (or a FIFO, a device: never opened for a blocking read) is a problem
    row, and so is a file name that is not UTF-8.

    Parameters
    ----------
    path : str or PathLike
        The file.
    records : Records, optional
        Records to append to.

    Returns
    -------
    Records
        *records*, or a new one.

    Examples
    --------
    >>> rec = read_file(data_dir / "hub" / "2024-02-19.json")
    >>> len(rec.papers), rec.papers[0][2], len(rec.problems)
    (9, '2402.10644', 0)
    """
    rec = records if records is not None else Records()
    source, data = read_path(path, rec)
    return rec if data is None else read_bytes(data, source, rec)
