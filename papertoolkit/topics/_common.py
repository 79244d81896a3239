"""Helpers shared by the topic modules: the per-paper input table, Hangul patterns, periods."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from .._data import get_papers_unique

_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]+")
_PERIOD_ALIASES = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}


def _paper_table(corpus: Any, func: str = "") -> pd.DataFrame:
    """One row per arXiv id: ``arxiv_id, title, summary, date, votes``: the paper's facts
    from ``papers_unique`` (``date`` its first day, ``votes`` its largest snapshot)."""
    unique = get_papers_unique(
        corpus, ["arxiv_id", "title", "summary", "first_seen", "max_votes"], func)
    out = pd.DataFrame({
        "arxiv_id": unique["arxiv_id"].astype("string"),
        "title": unique["title"].astype("string").fillna("").to_numpy(dtype=object),
        "summary": unique["summary"].astype("string").fillna("").to_numpy(dtype=object),
        "date": unique["first_seen"].astype("datetime64[ns]"),
        "votes": unique["max_votes"].astype("Int64"),
    })
    return out.reset_index(drop=True)


def _topic_order(tags: pd.DataFrame) -> list[str]:
    if isinstance(tags["topic"].dtype, pd.CategoricalDtype):
        return [str(c) for c in tags["topic"].cat.categories]
    return list(dict.fromkeys(tags["topic"].astype(str)))


def _freq(by: str) -> str:
    return _PERIOD_ALIASES.get(by, by)


def _period_start(dates: pd.Series, freq: str) -> pd.Series:
    return dates.dt.to_period(_freq(freq)).dt.start_time.astype("datetime64[ns]")
