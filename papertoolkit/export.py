"""Write and read corpus tables: clean CSV (optionally Excel-safe) and Parquet.

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

from pathlib import Path

import pandas as pd

from . import schema

__all__ = ["write_csv", "read_csv", "write_parquet", "read_parquet", "excel_safe"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def excel_safe(df: pd.DataFrame) -> pd.DataFrame:
    """Neutralise spreadsheet formula injection: prefix text cells starting with ``= + - @``.

    A leading apostrophe makes Excel and LibreOffice show the cell as text. Only text columns
    change; numbers (including negative ones) are left alone.

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


#: columns whose text looks like a number to Excel (``2402.10200`` would show as 2402.102)
_TEXT_ID_COLUMNS = ("arxiv_id",)


def _excel_text_ids(df: pd.DataFrame) -> pd.DataFrame:
    """Write id cells as ``="2402.10200"`` so Excel keeps them as text (trailing zeros kept).

    Only parser-validated arXiv ids are wrapped (digits, dots, letters, ``-`` and ``/``),
    so the wrapper never carries user text into a formula.
    """
    out = df
    for col in _TEXT_ID_COLUMNS:
        if col in out:
            ids = out[col].astype("string")
            safe = ids.str.fullmatch(r"[A-Za-z0-9.\-/]+").fillna(False).astype(bool)
            if safe.any():
                out = out.copy() if out is df else out
                out[col] = ids.mask(safe, '="' + ids + '"')
    return out


def rewrite_csv_for_excel(path) -> Path:
    """Rewrite a CSV file in place for Excel: UTF-8 with BOM and formula-safe cells."""
    path = Path(path)
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    _excel_text_ids(excel_safe(df)).to_csv(path, index=False, encoding="utf-8-sig",
                                           lineterminator="\n")
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


def _tables(corpus_or_tables) -> dict[str, pd.DataFrame]:
    if isinstance(corpus_or_tables, dict):
        return corpus_or_tables
    return corpus_or_tables.tables()


def write_csv(corpus, directory, *, excel: bool = False) -> list[Path]:
    """Write each table as ``<name>.csv``; ``excel=True`` makes files for Excel.

    Dates are written as ``YYYY-MM-DD`` and missing values as empty cells. Plain files are
    UTF-8 (read ids as text: ``pd.read_csv(f, dtype={"arxiv_id": str})``, or use
    :func:`read_csv`). With ``excel=True``: UTF-8 with BOM (Hangul opens correctly), text
    cells starting with ``= + - @`` prefixed with ``'``, and arXiv ids written as
    ``="2402.10200"`` so Excel keeps them as text.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in _tables(corpus).items():
        path = directory / f"{name}.csv"
        df = _iso_timestamps(df)
        frame = _excel_text_ids(excel_safe(df)) if excel else df
        frame.to_csv(path, index=False, encoding="utf-8-sig" if excel else "utf-8",
                     date_format="%Y-%m-%d", lineterminator="\n")
        written.append(path)
    return written


def read_csv(directory) -> dict[str, pd.DataFrame]:
    """Read tables written by :func:`write_csv` back with their dtypes.

    Text cells keep their exact content (an empty cell is NA; an Excel-safe export keeps its
    protective apostrophe, which marks the cell as text).
    """
    directory = Path(directory)
    tables = {}
    for name, columns in schema.TABLES.items():
        path = directory / f"{name}.csv"
        if not path.exists():
            continue
        dates = [c for c, t in columns.items() if t == "datetime64[ns]"]
        dtypes = {c: ("string" if str(t).startswith("datetime64") else t)
                  for c, t in columns.items()}
        df = pd.read_csv(path, dtype=dtypes, encoding="utf-8-sig", keep_default_na=False,
                         na_values=[""])
        for col in dates:
            df[col] = pd.to_datetime(df[col], format="%Y-%m-%d").astype("datetime64[ns]")
        for col in _TEXT_ID_COLUMNS:  # undo the Excel text wrapper ="..."
            if col in df:
                df[col] = df[col].str.replace(r'^="(.*)"$', r"\1", regex=True)
        tables[name] = schema.coerce(df, name)
    if not tables:
        raise FileNotFoundError(f"no papertoolkit CSV tables in {directory}")
    return tables


def write_parquet(corpus, directory) -> list[Path]:
    """Write each table as ``<name>.parquet`` (requires pyarrow: ``pip install pyarrow``)."""
    try:
        import pyarrow  # noqa: F401
    except ImportError as exc:
        raise ImportError("Parquet export needs pyarrow: pip install pyarrow") from exc
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in _tables(corpus).items():
        path = directory / f"{name}.parquet"
        df.to_parquet(path, index=False)
        written.append(path)
    return written


def read_parquet(directory) -> dict[str, pd.DataFrame]:
    """Read tables written by :func:`write_parquet`."""
    directory = Path(directory)
    tables = {name: schema.coerce(pd.read_parquet(directory / f"{name}.parquet"), name)
              for name in schema.TABLES if (directory / f"{name}.parquet").exists()}
    if not tables:
        raise FileNotFoundError(f"no papertoolkit Parquet tables in {directory}")
    return tables
