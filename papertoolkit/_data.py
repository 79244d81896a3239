"""The one way analyses read their input: a Corpus, or one of its tables as a DataFrame.

Examples
--------
>>> import pandas as pd
>>> from papertoolkit._data import get_table
>>> get_table(pd.DataFrame({"arxiv_id": ["1"]}), "papers", ["arxiv_id"], "top_papers").shape
(1, 1)
>>> get_table(pd.DataFrame({"id": ["1"]}), "papers", ["arxiv_id"], "top_papers")
... # doctest: +ELLIPSIS
Traceback (most recent call last):
...
ValueError: top_papers: the papers table has no column 'arxiv_id' (it has 'id'); see ...
>>> get_table([1, 2], "papers", [], "top_papers")
Traceback (most recent call last):
...
TypeError: top_papers: data must be a Corpus or its papers DataFrame, got list
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd


def get_table(data: Any, table: str, columns: Sequence[str] = (), func: str = "") -> pd.DataFrame:
    """Table *table* (``"papers"``, ``"authorships"``, ...) of a Corpus, or *data* itself
    when it is a DataFrame, checked to hold *columns* (returned as is, not copied).

    Raises
    ------
    TypeError
        *data* is neither a DataFrame nor an object with a DataFrame attribute *table*.
    ValueError
        A column is missing; the message names the function, the table and the column.
    """
    where = f"{func}: " if func else ""
    df = data if isinstance(data, pd.DataFrame) else getattr(data, table, None)
    if not isinstance(df, pd.DataFrame):
        raise TypeError(
            f"{where}data must be a Corpus or its {table} DataFrame, got {type(data).__name__}"
        )
    missing = [c for c in columns if c not in df.columns]
    if missing:
        have = ", ".join(repr(c) for c in df.columns[:12]) or "no columns"
        raise ValueError(
            f"{where}the {table} table has no column {missing[0]!r} (it has {have}); "
            "see papertoolkit.schema"
        )
    return df
