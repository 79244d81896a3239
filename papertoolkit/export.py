"""Write and read corpus tables: clean CSV (optionally Excel-safe) and Parquet.

Every export is all-or-nothing (see :mod:`papertoolkit._atomic`): files go to temporary names
in the target folder and are renamed into place once all are complete, and ``manifest.json``
(papertoolkit version, options, source files with sizes and sha256, every written file with its
row count and sha256) says what the export holds. :func:`read_csv` and :func:`read_parquet`
check every file against it, and every table against :mod:`papertoolkit.schema`.

Examples
--------
>>> import papertoolkit as ptk, tempfile
>>> corpus = ptk.loads("## Daily Papers (2024-01-02)\\n\\n### [A](https://arxiv.org/abs/2401.00001)\\n")
>>> out = tempfile.mkdtemp()
>>> _ = corpus.to_csv(out)
>>> ptk.read_csv(out)["papers"]["arxiv_id"].tolist()
['2401.00001']
"""

from __future__ import annotations

import collections
import io
import os
import re
import warnings
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from . import schema
from ._atomic import ExportBusyError, ExportCheckError, ExportRun, read_export
from ._author_ids import share_name_categories
from ._checks import check_choice, check_type

__all__ = ["write_csv", "read_csv", "write_parquet", "read_parquet", "write_export",
           "read_manifest",
           "excel_safe", "ExportBusyError", "ExportCheckError"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "parquet")
ERRORS = ("raise", "coerce")


def excel_safe(df: pd.DataFrame) -> pd.DataFrame:
    """Neutralise spreadsheet formula injection: prefix text cells starting with ``= + - @``.

    A leading apostrophe makes Excel and LibreOffice show the cell as text. Only text columns
    change; numbers (including negative ones) are left alone.

    Parameters
    ----------
    df : DataFrame
        Any table.

    Returns
    -------
    DataFrame
        A copy with text cells starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
        return prefixed with ``'``.

    Examples
    --------
    >>> excel_safe(pd.DataFrame({"t": ["=1+2", "ok"]}))["t"].tolist()
    ["'=1+2", 'ok']
    """
    out = df.copy()
    for col in out.columns:
        series = out[col]
        if isinstance(series.dtype, pd.StringDtype) or series.dtype == object:
            text = series.astype("string")
            risky = text.str.startswith(_FORMULA_START).fillna(False).astype(bool)
            if risky.any():
                out[col] = text.mask(risky, "'" + text)
    return out


#: text Excel would turn into a number, date, time or boolean (``2402.10200`` -> 2402.102,
#: ``1-2`` -> 2 January); only digits and these signs, so the ``="..."`` wrapper is safe
_EXCEL_COERCED = re.compile(r"(?=[^\d]*\d)[\d.,:/\-+eE% ]+|(?i:true|false)")
_EXCEL_WRAPPED = re.compile(r'^="([^"]*)"$')


def _excel_text_ids(df: pd.DataFrame, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """Write text cells Excel would convert (ids, number-like names) as ``="2402.10200"``.

    Such cells hold only digits, ``. , : / - + e E %`` and spaces (or are ``true``/``false``),
    so the wrapper never carries user text into a formula; Excel shows the text unchanged.
    Only *columns* are changed when given, else every text column.
    """
    out = df
    for col in df.columns if columns is None else [c for c in columns if c in df]:
        series = df[col]
        if not (isinstance(series.dtype, pd.StringDtype) or series.dtype == object):
            continue
        text = series.astype("string")
        coerced = text.str.fullmatch(_EXCEL_COERCED).fillna(False).astype(bool)
        if coerced.any():
            out = out.copy() if out is df else out
            out[col] = text.mask(coerced, '="' + text + '"')
    return out


#: the text columns of the co-author graph CSVs (the others hold numbers and dates)
GRAPH_TEXT_COLUMNS = ("source", "target", "author", "label", "arxiv_ids")


def rewrite_csv_for_excel(path, text_columns: Iterable[str] = GRAPH_TEXT_COLUMNS) -> Path:
    """Rewrite a CSV file in place for Excel: UTF-8 with BOM, formula-safe cells, and the
    number-like cells of *text_columns* kept as text."""
    path = Path(path)
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    frame = _excel_text_ids(excel_safe(df), columns=text_columns)
    frame.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
    return path


def _iso_timestamps(df: pd.DataFrame) -> pd.DataFrame:
    """UTC timestamp columns (``fetched_at``) as ISO 8601 text: dates are written as YYYY-MM-DD."""
    columns = [c for c in df if isinstance(df[c].dtype, pd.DatetimeTZDtype)]
    if not columns:
        return df
    out = df.copy()
    for col in columns:
        out[col] = df[col].dt.tz_convert("UTC").dt.strftime("%Y-%m-%dT%H:%M:%SZ").astype("string")
    return out


def _names_as_text(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """The author-name columns (categorical in the tables) as "string": files hold text, as
    before names were categorical, and Excel safety applies to them."""
    columns = {col: df[col].astype("string") for col, dtype in schema.TABLES.get(name, {}).items()
               if schema._is_names(dtype) and col in df
               and isinstance(df[col].dtype, pd.CategoricalDtype)}
    return df.assign(**columns) if columns else df


def _tables(corpus_or_tables) -> dict[str, pd.DataFrame]:
    if isinstance(corpus_or_tables, dict):
        unknown = sorted(set(corpus_or_tables) - set(schema.TABLES))
        if unknown:
            raise ValueError(f"corpus has unknown table names {unknown}; allowed are "
                             f"{list(schema.TABLES)}")
        return corpus_or_tables
    if not hasattr(corpus_or_tables, "tables"):
        raise TypeError(f"corpus must be a Corpus or a dict of DataFrames, got "
                        f"{type(corpus_or_tables).__name__}")
    return corpus_or_tables.tables()


def _sources(tables: dict[str, pd.DataFrame]) -> list[str]:
    """The digest files the tables were read from (those that still exist)."""
    names: set[str] = set()
    for table, column in (("papers", "source_file"), ("problems", "file")):
        if table in tables and column in tables[table]:
            names.update(str(v) for v in tables[table][column].dropna().unique())
    return sorted(n for n in names if os.path.isfile(n))


def write_export(corpus, directory, *, format: str = "csv", excel: bool = False,
                 graph: bool = False, sources: Iterable[str | os.PathLike] | None = None,
                 notes: list[str] | None = None) -> list[Path]:
    """Write every table (and optionally the co-author graph) into *directory*, all or nothing.

    Parameters
    ----------
    corpus : Corpus or dict of DataFrames
        The tables to write.
    directory : path
        Created if missing. Files of an earlier export there that this one does not write are
        removed; other files are left alone.
    format : {"csv", "parquet"}, default "csv"
        The file format.
    excel : bool, default False
        CSV for Excel (see :func:`write_csv`); with ``graph`` the graph CSVs too.
    graph : bool, default False
        Also write ``coauthors.graphml`` and ``coauthor_edges.csv`` + ``coauthor_nodes.csv``.
    sources : paths, optional
        Digest files to list in the manifest (default: the files named in the tables).
    notes : list, optional
        Receives a line for each thing done to finish or clear an interrupted earlier export.

    Returns
    -------
    list of Path
        The data files written (``manifest.json`` is written last, beside them).

    Raises
    ------
    ExportBusyError
        Another export into *directory* is running.
    OSError
        The folder cannot be written (full, read-only, a file): the earlier export is intact.

    Examples
    --------
    >>> import tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> files = write_export(corpus, tmp.name, graph=True)
    >>> [f.name for f in files][-3:]
    ['coauthors.graphml', 'coauthor_edges.csv', 'coauthor_nodes.csv']
    >>> [(e["name"], e.get("rows")) for e in read_manifest(tmp.name)["files"]][-2:]
    [('coauthor_edges.csv', 3616), ('coauthor_nodes.csv', 646)]
    >>> tmp.cleanup()
    """
    check_type("directory", directory, (str, os.PathLike))
    check_choice("format", format, FORMATS)
    check_type("excel", excel, bool)
    check_type("graph", graph, bool)
    if excel and format != "csv":
        raise ValueError(f"excel=True applies to format='csv' only; got format={format!r}")
    tables = _tables(corpus)
    if graph and isinstance(corpus, dict):
        raise TypeError("graph=True needs a Corpus (the co-author graph is built from it), "
                        "got a dict of tables")
    options = {"format": format, "excel": bool(excel), "graph": bool(graph),
               "tables": list(tables)}
    sources = _sources(tables) if sources is None else [str(s) for s in sources]
    with ExportRun(directory, options=options, sources=sources, notes=notes) as run:
        for name, df in tables.items():
            file_name = f"{name}.{format}"
            target = run.staging(file_name)
            df = _names_as_text(df, name)
            if format == "parquet":
                df.to_parquet(target, index=False)
            else:
                frame = _iso_timestamps(df)
                frame = _excel_text_ids(excel_safe(frame)) if excel else frame
                frame.to_csv(target, index=False, encoding="utf-8-sig" if excel else "utf-8",
                             date_format="%Y-%m-%d", lineterminator="\n")
            run.add(file_name, table=name, rows=len(df))
        if graph:
            _stage_graph(run, corpus, excel=excel)
    return [Path(directory) / e["name"] for e in run.files]


def _stage_graph(run: ExportRun, corpus, *, excel: bool) -> None:
    from . import network

    graph = network.coauthor_graph(corpus)
    network.write_graph(graph, run.staging("coauthors.graphml"))
    run.add("coauthors.graphml", nodes=graph.number_of_nodes(), edges=graph.number_of_edges())
    edges, nodes = network.write_graph(graph, run.staging("coauthor_edges.csv"))
    for path in (edges, nodes):
        if excel:
            rewrite_csv_for_excel(path)
    run.add("coauthor_edges.csv", rows=graph.number_of_edges())
    run.add("coauthor_nodes.csv", rows=graph.number_of_nodes())


def write_csv(corpus, directory, *, excel: bool = False) -> list[Path]:
    """Write each table as ``<name>.csv`` (all or nothing, with ``manifest.json``).

    Dates are written as ``YYYY-MM-DD`` and missing values as empty cells. Plain files are
    UTF-8 (read ids as text: ``pd.read_csv(f, dtype={"arxiv_id": str})``, or use
    :func:`read_csv`). With ``excel=True``: UTF-8 with BOM (Hangul opens correctly), text
    cells starting with ``= + - @`` prefixed with ``'``, and cells Excel would turn into
    numbers or dates (arXiv ids such as ``2402.10200``) written as ``="2402.10200"`` so Excel
    keeps them as text. See :func:`write_export` for the guarantees.

    Parameters
    ----------
    corpus : Corpus or dict of DataFrames
        The tables to write.
    directory : path
        Created if missing.
    excel : bool, default False
        Write for Excel, as above.

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> [f.name for f in write_csv(corpus, tmp.name)][:3]
    ['papers.csv', 'papers_unique.csv', 'authorships.csv']
    >>> read_csv(tmp.name)["papers"].equals(corpus.papers)
    True
    >>> tmp.cleanup()
    """
    return write_export(corpus, directory, format="csv", excel=excel)


def write_parquet(corpus, directory) -> list[Path]:
    """Write each table as ``<name>.parquet`` (requires pyarrow: ``pip install pyarrow``).

    Parameters
    ----------
    corpus : Corpus or dict of DataFrames
        The tables to write.
    directory : path
        Created if missing.

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> len(write_parquet(corpus, tmp.name))
    9
    >>> read_parquet(tmp.name)["authors"].equals(corpus.authors)
    True
    >>> tmp.cleanup()
    """
    try:
        import pyarrow  # noqa: F401
    except ImportError as exc:
        raise ImportError("Parquet export needs pyarrow: pip install pyarrow") from exc
    return write_export(corpus, directory, format="parquet")


# ------------------------------------------------------------------------------ reading
def read_manifest(directory) -> dict:
    """The manifest of the complete export in *directory*, once every file it lists checks out.

    Says which export :func:`read_csv` / :func:`read_parquet` read: its ``run`` id, ``created``
    time (UTC), papertoolkit version, options, source files and files with rows and sha256.
    Raises :class:`ExportCheckError` like :func:`read_csv`, and ``FileNotFoundError`` when the
    folder holds no export.

    Parameters
    ----------
    directory : path
        An export folder.

    Returns
    -------
    dict
        The parsed ``manifest.json``.

    Examples
    --------
    >>> import tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> _ = write_csv(corpus, tmp.name)
    >>> manifest = read_manifest(tmp.name)
    >>> manifest["options"]["format"], [(e["name"], e["rows"]) for e in manifest["files"]][:2]
    ('csv', [('papers.csv', 83), ('papers_unique.csv', 81)])
    >>> tmp.cleanup()
    """
    directory = _folder(directory)
    exported = read_export(directory, stacklevel=3)
    if exported is None:
        raise FileNotFoundError(f"no papertoolkit export (manifest.json) in {directory}")
    return exported[0]


def _folder(directory) -> Path:
    directory = Path(check_type("directory", directory, (str, os.PathLike)))
    if not directory.exists():
        raise FileNotFoundError(f"no such folder: {directory}")
    if not directory.is_dir():
        raise NotADirectoryError(f"{directory} is a file, not an export folder")
    return directory


def read_csv(directory, *, verify: bool = True, errors: str = "raise") -> dict[str, pd.DataFrame]:
    """Read tables written by :func:`write_csv` back with their dtypes.

    Text cells keep their exact content (an empty cell is NA; an Excel-safe export keeps its
    protective apostrophe, which marks the cell as text).

    Parameters
    ----------
    directory : path
        An export folder written by :func:`write_csv`.
    verify : bool, default True
        Check every file against ``manifest.json`` (size and sha256) first: a missing, truncated
        or altered file raises :class:`ExportCheckError`, never a partial table. When an
        interrupted or running export is in the folder, a ``UserWarning`` says which complete
        export was read. ``verify=False`` reads the ``*.csv`` tables present without a manifest.
    errors : {"raise", "coerce"}, default "raise"
        A missing table or column, a value of the wrong type or an unknown category raise
        :class:`ExportCheckError` naming the file and column; ``"coerce"`` fills them with NA
        (missing tables empty) and reports each in one ``UserWarning``.

    Returns
    -------
    dict of str to DataFrame
        Every table by name, with the dtypes of :mod:`papertoolkit.schema`.

    Examples
    --------
    >>> import tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> _ = write_csv(corpus, tmp.name)
    >>> tables = read_csv(tmp.name)
    >>> list(tables)[:3], tables["papers"]["votes"].dtype
    (['papers', 'papers_unique', 'authorships'], Int64Dtype())
    >>> tables["authors"].equals(corpus.authors)
    True
    >>> tmp.cleanup()
    """
    return _read(directory, "csv", verify=verify, errors=errors)


def read_parquet(directory, *, verify: bool = True, errors: str = "raise",
                 ) -> dict[str, pd.DataFrame]:
    """Read tables written by :func:`write_parquet`, checked like :func:`read_csv`.

    Parameters
    ----------
    directory : path
        An export folder written by :func:`write_parquet`.
    verify : bool, default True
        Check every file against ``manifest.json`` first.
    errors : {"raise", "coerce"}, default "raise"
        What to do with a missing table or column or a bad value (see :func:`read_csv`).

    Returns
    -------
    dict of str to DataFrame
        Every table by name.

    Examples
    --------
    >>> import tempfile
    >>> tmp = tempfile.TemporaryDirectory()
    >>> _ = write_parquet(corpus, tmp.name)
    >>> int(read_parquet(tmp.name)["papers_unique"]["max_votes"].max())
    63
    >>> tmp.cleanup()
    """
    return _read(directory, "parquet", verify=verify, errors=errors)


def _read(directory, format: str, *, verify: bool, errors: str) -> dict[str, pd.DataFrame]:
    check_choice("errors", errors, ERRORS)
    check_type("verify", verify, bool)
    directory = _folder(directory)
    label = "CSV" if format == "csv" else "Parquet"
    exported = read_export(directory, stacklevel=4) if verify else None
    if exported is not None:
        manifest, contents = exported
        if manifest["options"].get("format") != format:
            other = manifest["options"].get("format")
            raise ExportCheckError(f"{directory} holds a {other} export: use read_{other}")
        names = [e["table"] for e in manifest["files"] if e.get("table") in schema.TABLES]
        rows = {e["table"]: e.get("rows") for e in manifest["files"] if "table" in e}
        data = {n: contents[f"{n}.{format}"] for n in names}
        excel = bool(manifest["options"].get("excel"))
    else:
        present = [n for n in schema.TABLES if (directory / f"{n}.{format}").is_file()]
        if not present:
            raise FileNotFoundError(f"no papertoolkit {label} tables in {directory}")
        if verify:
            raise ExportCheckError(
                f"{directory} has no {'manifest.json'}: it was not written by this papertoolkit "
                "(or the manifest was removed), so its files cannot be checked; export again, "
                "or read it with verify=False")
        names, rows, excel = list(schema.TABLES), {}, None
        data = {n: (directory / f"{n}.{format}").read_bytes() for n in present}
    report: list[str] = []
    tables = {}
    for name in names:
        path = directory / f"{name}.{format}"
        if name not in data:
            _problem(report, errors, f"{path} is missing (table {name!r})")
            tables[name] = schema.empty_table(name)
            continue
        frame = _parse(data[name], path, name, format, excel)
        if rows.get(name) is not None and len(frame) != rows[name]:
            raise ExportCheckError(f"{path} holds {len(frame)} rows, its manifest says "
                                   f"{rows[name]}")
        tables[name] = _conform(frame, name, path, errors, report)
    if report:
        warnings.warn(f"{directory}: filled with NA: " + "; ".join(report), UserWarning,
                      stacklevel=3)
    return share_name_categories(tables)


def _parse(data: bytes, path: Path, name: str, format: str,
           excel: bool | None) -> pd.DataFrame:
    """The table in *data*: typed where the schema's types parse, text elsewhere."""
    try:
        if format == "parquet":
            return pd.read_parquet(io.BytesIO(data))
        options = dict(encoding="utf-8-sig", keep_default_na=False, na_values=[""])
        typed = collections.defaultdict(lambda: "string", {
            col: dtype for col, dtype in schema.TABLES[name].items() if dtype == "Int64"})
        try:
            frame = pd.read_csv(io.BytesIO(data), dtype=typed, **options)
        except (ValueError, TypeError, OverflowError):  # a bad number: _conform names it
            frame = pd.read_csv(io.BytesIO(data), dtype="string", **options)
    except (ValueError, OSError, UnicodeDecodeError) as exc:  # pandas/pyarrow parse errors
        raise ExportCheckError(f"{path} cannot be read as {format}: {exc}") from None
    if excel is None:  # no manifest: Excel exports are the ones with a BOM
        excel = data.startswith(b"\xef\xbb\xbf")
    if excel:
        for col in frame.columns:  # undo the Excel text wrapper ="..."
            if isinstance(frame[col].dtype, pd.StringDtype):
                frame[col] = frame[col].str.replace(_EXCEL_WRAPPED, r"\1", regex=True)
    return frame


def _problem(report: list[str], errors: str, message: str) -> None:
    if errors == "raise":
        raise ExportCheckError(f"{message}; errors='coerce' reads it with NA there")
    report.append(message)


def _conform(frame: pd.DataFrame, name: str, path: Path, errors: str,
             report: list[str]) -> pd.DataFrame:
    """*frame* with the columns and dtypes of table *name*; clear errors for what does not fit."""
    columns = schema.TABLES[name]
    missing = [c for c in columns if c not in frame]
    extra = [c for c in frame.columns if c not in columns]
    if missing:
        found = f" (it has unexpected {extra})" if extra else ""
        _problem(report, errors, f"{path}: column {missing[0]!r} of table {name!r} is missing"
                 f"{found}" + (f"; also missing: {missing[1:]}" if missing[1:] else ""))
    out = {}
    for col, dtype in columns.items():
        if col not in frame:
            out[col] = schema.empty_table(name)[col].reindex(frame.index)
            continue
        out[col] = _column(frame[col], dtype, path, col, errors, report)
    return pd.DataFrame(out, index=frame.index).reset_index(drop=True)


def _column(series: pd.Series, dtype, path: Path, col: str, errors: str,
            report: list[str]) -> pd.Series:
    if dtype == "datetime64[ns]":
        if pd.api.types.is_datetime64_any_dtype(series):
            return series.astype("datetime64[ns]")
        values = pd.to_datetime(series, format="%Y-%m-%d", errors="coerce")
        allowed = "a date YYYY-MM-DD"
    elif dtype == schema.TIMESTAMP:
        if pd.api.types.is_datetime64_any_dtype(series):
            return series.dt.tz_convert("UTC") if series.dt.tz else series.dt.tz_localize("UTC")
        values = pd.to_datetime(series, utc=True, format="ISO8601", errors="coerce")
        allowed = "a UTC time such as 2024-02-16T09:30:00Z"
    elif dtype == "Int64":
        values = pd.to_numeric(series, errors="coerce")
        values = values.where(values.isna() | (values % 1 == 0))
        allowed = "an integer"
    elif isinstance(dtype, pd.CategoricalDtype):
        values = series.astype("string")
        values = values.where(values.isin(list(dtype.categories)))
        allowed = f"one of {list(dtype.categories)}"
    elif schema._is_names(dtype):  # text here; share_name_categories makes it categorical
        return series.astype("string")
    else:
        return series.astype(dtype)
    bad = series.notna() & values.isna()
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        _problem(report, errors, f"{path}, column {col!r}: {series.iloc[row]!r} in row "
                 f"{row + 1} is not {allowed} ({int(bad.sum())} such values)")
    try:
        return values.astype(dtype)
    except (TypeError, ValueError, OverflowError) as exc:
        raise ExportCheckError(f"{path}, column {col!r}: {exc}") from None
