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


def get_table(data: Any, table: str, columns: Sequence[str] = (), func: str = "", *,
              hint: str = "see papertoolkit.schema") -> pd.DataFrame:
    """Table *table* (``"papers"``, ``"authorships"``, ...) of a Corpus, or *data* itself
    when it is a DataFrame, checked to hold *columns* (returned as is, not copied).

    Raises
    ------
    TypeError
        *data* is neither a DataFrame nor an object with a DataFrame attribute *table*.
    ValueError
        A column is missing; the message names the function, the table and the column,
        and ends with *hint* (where such a column comes from).
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
            f"{where}the {table} table has no column {missing[0]!r} (it has {have}); {hint}"
        )
    return df


#: the papers columns that per-paper facts (``papers_unique``) are computed from
PAPER_FACT_COLUMNS = ("date", "rank", "arxiv_id", "title", "url", "votes", "n_authors",
                      "media_kind", "summary")


def unique_papers_of(papers: pd.DataFrame) -> pd.DataFrame:
    """The ``papers_unique`` table of a papers DataFrame (any subset of its columns).

    The one computation of per-paper facts is :func:`papertoolkit._derived.papers_unique_table`
    (what ``Corpus.papers_unique`` holds); columns *papers* lacks are missing (``<NA>``) in it.
    """
    from . import schema
    from ._derived import papers_unique_table

    needed = (*PAPER_FACT_COLUMNS, "upvotes")  # what papers_unique_table reads
    have = [c for c in needed if c in papers.columns]
    table = schema._coerce_columns(papers[have], {c: schema.TABLES["papers"][c] for c in needed})
    table["date"] = table["date"].dt.normalize()  # whole digest days
    return papers_unique_table(table)


def get_papers_unique(data: Any, columns: Sequence[str] = (), func: str = "") -> pd.DataFrame:
    """Per-paper facts of *data*, one row per arXiv id: the ``papers_unique`` table.

    A Corpus gives its (cached) ``papers_unique``; a ``papers_unique`` DataFrame (it has
    ``first_seen`` and ``max_votes``) is taken as is; a papers DataFrame is reduced by the
    same function that builds ``Corpus.papers_unique``. Errors as :func:`get_table`.
    """
    if not isinstance(data, pd.DataFrame):
        unique = getattr(data, "papers_unique", None)
        if isinstance(unique, pd.DataFrame):
            return get_table(unique, "papers_unique", columns, func)
    papers = get_table(data, "papers", (), func)
    if not {"first_seen", "max_votes"} <= set(papers.columns):
        papers = unique_papers_of(get_table(papers, "papers", ["arxiv_id"], func))
    return get_table(papers, "papers_unique", columns, func)
