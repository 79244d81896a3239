"""Author names as pandas categoricals whose codes are author ids.

``authorships.author`` (and ``author_raw``) hold each distinct name once, as a category, in
sorted order (code point order, as ``sorted`` gives), and the ``authors`` table lists the
same categories in the same order: code *i* of ``authorships.author`` is row *i* of
``authors``. Code that reads names (the co-author graph, the authors and aliases tables,
the explorers) works on these codes instead of hashing and sorting the strings again.

Examples
--------
>>> import pandas as pd
>>> codes, names = sorted_codes(pd.Series(["Bo", "Ann", None, "Bo"], dtype="string"))
>>> codes.tolist(), names.tolist()
([1, 0, -1, 1], ['Ann', 'Bo'])
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np
import pandas as pd

#: the columns of the authorships table that hold author names as categoricals
NAME_COLUMNS = ("author", "author_raw")
#: the dtype of the categories (the tables' "string")
_STRING = pd.StringDtype()


def name_dtype(names: Any) -> pd.CategoricalDtype:
    """The categorical dtype of sorted, distinct *names* (their Index is of "string" dtype)."""
    return pd.CategoricalDtype(pd.Index(pd.array(names, dtype="string")))


def sorted_codes(values: Any) -> tuple[np.ndarray, pd.Index]:
    """``(codes, names)``: *names* the distinct values sorted (code point order), *codes* the
    position of each value among them (-1 where missing).

    A categorical with sorted categories gives its own codes and categories (unused
    categories included) without reading a string; anything else is factorised exactly,
    names holding NUL too (pandas < 3 hashes strings as C strings, so "Ann\\0" would fold
    into "Ann": such values are sorted in Python instead).
    """
    if isinstance(values, pd.Index):
        values = pd.Series(values)
    elif not isinstance(values, pd.Series):
        values = pd.Series(pd.array(values, dtype="string"))
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = values.cat.categories
        if _is_sorted(categories):
            codes = np.asarray(values.cat.codes.to_numpy(), dtype=np.intp)
            return codes, _string_index(categories)
        values = values.astype("string")
    elif values.dtype != _STRING:
        values = values.astype("string")
    if not values.str.contains("\x00", regex=False, na=False).any():
        codes, uniques = pd.factorize(values.array, sort=True)
        return np.asarray(codes, dtype=np.intp), pd.Index(uniques)
    present = values.notna().to_numpy()
    codes = np.full(len(values), -1, dtype=np.intp)
    uniques, codes[present] = np.unique(values[present].astype(object).to_numpy(),
                                        return_inverse=True)
    return codes, pd.Index(pd.array(uniques.tolist(), dtype="string"))


def _string_index(index: pd.Index) -> pd.Index:
    return index if index.dtype == _STRING else pd.Index(
        pd.array(index.astype(object), dtype="string"))


#: the categories (an Index is immutable) already found sorted, by id: a corpus's tables
#: share one categories Index, checked once instead of by every table built from it
_SORTED: weakref.WeakValueDictionary = weakref.WeakValueDictionary()


def _is_sorted(categories: pd.Index) -> bool:
    """Whether *categories* are strings in strictly increasing code point order (Python's
    comparison: exact for names holding NUL, which pandas < 3 compares as C strings)."""
    if not len(categories) or _SORTED.get(id(categories)) is categories:
        return True
    if not (isinstance(categories.dtype, pd.StringDtype) or categories.dtype == object):
        return False
    values = categories.to_numpy(dtype=object)
    if not all(isinstance(v, str) for v in values[:1]):
        return False
    try:
        ordered = bool(np.all(values[:-1] < values[1:]))
    except TypeError:  # not all strings
        return False
    if ordered:
        _SORTED[id(categories)] = categories
    return ordered


def observed(codes: np.ndarray, names: pd.Index) -> tuple[np.ndarray, pd.Index]:
    """*codes* and *names* without the names no code uses (order kept)."""
    used = np.bincount(codes[codes >= 0], minlength=len(names)) > 0
    if used.all():
        return codes, names
    new = np.append(np.cumsum(used) - 1, -1).astype(np.intp)  # [-1]: missing stays -1
    return new[codes], names[used]


def as_categorical(values: Any) -> pd.Categorical:
    """*values* as a categorical of exactly the names they hold, sorted: the dtype of
    ``authorships.author`` and ``author_raw``."""
    codes, names = observed(*sorted_codes(values))
    return pd.Categorical.from_codes(codes, dtype=name_dtype(names))


#: whether pd.factorize folds "a\0" into "a" (pandas < 3 hashes str as C strings)
_NUL_FOLDS = len(pd.unique(np.array(["a", "a\x00"], dtype=object))) == 1


def factorize(values: list) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize`` of a list of str (None: -1), exact for values holding NUL."""
    if _NUL_FOLDS and any("\x00" in v for v in values if v):
        seen: dict = {}
        codes = np.fromiter((-1 if v is None else seen.setdefault(v, len(seen))
                             for v in values), np.intp, len(values))
        return codes, np.array(list(seen), dtype=object)
    return pd.factorize(np.array(values, dtype=object))


def from_codes(codes: np.ndarray, names: Any) -> pd.Categorical:
    """The values ``names[codes]`` (-1: missing) as :func:`as_categorical` gives them, for
    distinct *names* in any order (a sequence of str, or a pyarrow string array, which is
    sorted as it is): only the names are sorted, never the rows."""
    arrow = _arrow_names(names)
    if arrow is None:
        names = np.asarray(names, dtype=object)
        order = _argsort(names)
    else:
        order = _arrow_order(arrow)
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order))
    codes = np.append(rank, -1)[np.asarray(codes, dtype=np.intp)]  # [-1]: missing
    used = np.bincount(codes[codes >= 0], minlength=len(order)) > 0
    if not used.all():
        codes = np.append(np.cumsum(used) - 1, -1).astype(np.intp)[codes]
        order = order[used]
    if arrow is not None and _STRING.storage == "pyarrow":
        dtype = _sorted_dtype(arrow.take(order))
    else:
        values = names if arrow is None else np.array(arrow.to_pylist(), dtype=object)
        dtype = name_dtype(values[order].tolist())
    _SORTED[id(dtype.categories)] = dtype.categories  # sorted above: no need to check again
    return pd.Categorical.from_codes(codes, dtype=dtype)


def _arrow_names(names: Any):
    """*names* as an Arrow ``large_string`` array, or None (no pyarrow, or a lone surrogate
    that UTF-8 cannot hold)."""
    try:
        import pyarrow as pa
    except ImportError:
        return None
    if isinstance(names, pa.Array):
        return names.cast(pa.large_string())
    try:
        return pa.array(np.asarray(names, dtype=object), type=pa.large_string())
    except (ValueError, TypeError, pa.ArrowException):  # UnicodeEncodeError: a surrogate
        return None


def _arrow_order(arrow) -> np.ndarray:
    import pyarrow.compute as pc

    return pc.sort_indices(arrow).to_numpy()


def _sorted_dtype(arrow) -> pd.CategoricalDtype:
    """The categorical dtype of Arrow strings sorted by their UTF-8 bytes: when they are
    strictly increasing (so distinct and not missing, checked here by comparing neighbours)
    pandas' own check (hashing every name) is skipped."""
    import pyarrow.compute as pc

    categories = pd.Index(pd.array(arrow, dtype=_STRING))
    fastpath = getattr(pd.CategoricalDtype, "_from_fastpath", None)
    if fastpath is None or arrow.null_count or (
            len(arrow) > 1 and not pc.all(pc.less(arrow[:-1], arrow[1:])).as_py()):
        return pd.CategoricalDtype(categories)
    return fastpath(categories, False)


def _argsort(names: np.ndarray) -> np.ndarray:
    """The order that sorts distinct str *names* by code point: Arrow's sort of their UTF-8
    bytes (the same order, 5-10x faster than comparing Python objects) where it can hold
    them (pyarrow installed, no lone surrogates), else NumPy's sort with Python's
    comparison. Both are exact for names holding NUL."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:
        return np.argsort(names, kind="stable")
    try:
        return pc.sort_indices(pa.array(names, type=pa.large_string())).to_numpy()
    except (ValueError, TypeError, pa.ArrowException):  # UnicodeEncodeError: a surrogate
        return np.argsort(names, kind="stable")


def _in_canonical_form(series: pd.Series) -> bool:
    if not isinstance(series.dtype, pd.CategoricalDtype):
        return False
    categories = series.cat.categories
    if categories.dtype != _STRING or not _is_sorted(categories):
        return False
    codes = series.cat.codes.to_numpy()
    return bool((np.bincount(codes[codes >= 0], minlength=len(categories)) > 0).all())


def with_name_categories(authorships: pd.DataFrame) -> pd.DataFrame:
    """*authorships* with ``author`` and ``author_raw`` as categoricals of exactly the names
    each holds, sorted (*authorships* itself when they are already)."""
    columns = {col: as_categorical(authorships[col]) for col in NAME_COLUMNS
               if col in authorships and not _in_canonical_form(authorships[col])}
    return authorships.assign(**columns) if columns else authorships


#: columns of the tables that share one set of categories: the name columns of ``authors``
#: and ``author_aliases`` use the categories of the authorships column of the same name
SHARED = {
    "author": (("authorships", "author"), ("authors", "author"), ("author_aliases", "author")),
    "author_raw": (("authorships", "author_raw"), ("author_aliases", "author_raw")),
}


def share_name_categories(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """*tables* (by name) with each :data:`SHARED` group of name columns as categoricals of
    one dtype: every name any of them holds, sorted (for a corpus's tables: the names of
    ``authorships``). Used where tables are read back from files."""
    out = dict(tables)
    for group in SHARED.values():
        present = [(table, col) for table, col in group if table in out and col in out[table]]
        if not present:
            continue
        parts = [out[table][col] for table, col in present]
        joint = pd.concat([part.astype("string") for part in parts], ignore_index=True)
        codes, names = observed(*sorted_codes(joint))
        dtype = name_dtype(names)
        start = 0
        for (table, col), part in zip(present, parts, strict=True):
            values = pd.Categorical.from_codes(codes[start:start + len(part)], dtype=dtype)
            start += len(part)
            out[table] = out[table].assign(**{col: values})
    return out
