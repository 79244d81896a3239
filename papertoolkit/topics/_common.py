"""Helpers shared by the topic modules: the per-paper input table, Hangul patterns, periods."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]+")
_PERIOD_ALIASES = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}


def _paper_table(corpus: Any) -> pd.DataFrame:
    """One row per arXiv id: ``arxiv_id, title, summary, date, votes`` (first appearance,
    highest votes)."""
    if isinstance(corpus, pd.DataFrame):
        df = corpus
    elif getattr(corpus, "papers_unique", None) is not None and "first_seen" in getattr(
        corpus.papers_unique, "columns", []
    ):
        df = corpus.papers_unique
    elif getattr(corpus, "papers", None) is not None:
        df = corpus.papers
    else:
        raise TypeError(
            "expected a Corpus (with .papers / .papers_unique) or a papers DataFrame, "
            f"got {type(corpus).__name__}"
        )
    if "arxiv_id" not in df.columns:
        raise ValueError("the papers table needs an 'arxiv_id' column")
    n = len(df)
    date_col = "first_seen" if "first_seen" in df.columns else "date"
    vote_col = "max_votes" if "max_votes" in df.columns else "votes"
    out = pd.DataFrame(
        {
            "arxiv_id": df["arxiv_id"].astype("string").to_numpy(),
            "title": _text_column(df, "title", n),
            "summary": _text_column(df, "summary", n),
            "date": pd.to_datetime(df[date_col]).to_numpy()
            if date_col in df.columns
            else np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]"),
            "votes": pd.array(df[vote_col], dtype="Int64")
            if vote_col in df.columns
            else pd.array([pd.NA] * n, dtype="Int64"),
        }
    )
    out["date"] = out["date"].astype("datetime64[ns]")
    out = out[out["arxiv_id"].notna()]
    if out["arxiv_id"].duplicated().any():
        votes = out.groupby("arxiv_id", sort=False)["votes"].max()
        out = out.sort_values("date", kind="stable").drop_duplicates("arxiv_id")
        out["votes"] = out["arxiv_id"].map(votes).astype("Int64")
    return out.reset_index(drop=True)


def _text_column(df: pd.DataFrame, col: str, n: int) -> np.ndarray:
    if col not in df.columns:
        return np.array([""] * n, dtype=object)
    return df[col].astype("string").fillna("").to_numpy(dtype=object)


def _topic_order(tags: pd.DataFrame) -> list[str]:
    if isinstance(tags["topic"].dtype, pd.CategoricalDtype):
        return [str(c) for c in tags["topic"].cat.categories]
    return list(dict.fromkeys(tags["topic"].astype(str)))


def _freq(by: str) -> str:
    return _PERIOD_ALIASES.get(by, by)


def _period_start(dates: pd.Series, freq: str) -> pd.Series:
    return dates.dt.to_period(_freq(freq)).dt.start_time.astype("datetime64[ns]")
