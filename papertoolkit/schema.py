"""Column names and dtypes of every table papertoolkit builds.

Column names are part of the public API: the same name means the same thing in every
table, and ``read_csv`` uses these dtypes to restore an exported corpus exactly.

Examples
--------
>>> from papertoolkit.schema import TABLES
>>> list(TABLES["authorships"])
['arxiv_id', 'date', 'position', 'author', 'author_raw', 'hf_user']
"""

from __future__ import annotations

import pandas as pd

MEDIA_KINDS = ["image", "video", "none"]
LINK_KINDS = ["github", "project", "huggingface", "arxiv", "other"]
#: "error": a paper heading gave no row; "warning": data kept, something to check;
#: "note": nothing wrong with the data (a file that is not a digest, skipped)
SEVERITIES = ["error", "warning", "note"]
#: where a paper row came from: a Markdown digest, the Hub's daily_papers JSON, or both merged
SOURCE_KINDS = ["digest", "hub", "digest+hub"]
#: dtype of instants (``fetched_at``): UTC timestamps, written to CSV as ISO 8601
TIMESTAMP = "datetime64[ns, UTC]"
#: dtype of author names: categorical, the categories the distinct names sorted (code point
#: order), shared by ``authors`` and ``author_aliases``: a code is an author id (row of
#: ``authors``); exported as text
NAMES = "category"


def _is_names(dtype: object) -> bool:
    """Whether a schema dtype is :data:`NAMES` (a categorical dtype with fixed categories,
    which equals ``"category"`` too, is not)."""
    return isinstance(dtype, str) and dtype == NAMES


#: table name -> {column: dtype}. ``datetime64[ns]`` columns hold dates (midnight).
TABLES: dict[str, dict[str, object]] = {
    "papers": {
        "date": "datetime64[ns]",
        "rank": "Int64",  # 1-based position of the paper within its day
        "arxiv_id": "string",  # without version, e.g. "2402.10200" or "hep-th/9901001"
        "arxiv_version": "Int64",  # 2 for ".../2402.10200v2", else <NA>
        "title": "string",  # Markdown escapes resolved, as markdown-it-py reads it
        "url": "string",
        "votes": "Int64",  # <NA> when the digest gives none (not 0)
        "media_kind": pd.CategoricalDtype(MEDIA_KINDS),
        "media_url": "string",
        "n_authors": "Int64",
        "n_bullets": "Int64",
        "summary": "string",  # bullet texts joined by newlines
        "source_file": "string",
        "line": "Int64",  # line of the ### heading in source_file (1-based)
        # provenance and what the Hub's /api/daily_papers says beyond a digest (<NA> where the
        # row has no hub data): see papertoolkit.sources.hub
        "source_kind": pd.CategoricalDtype(SOURCE_KINDS),
        "hub_file": "string",  # saved JSON file of the hub entry
        "hub_entry": "Int64",  # 1-based index of the entry in hub_file
        "upvotes": "Int64",  # the Hub's count when fetched (votes: the digest-day snapshot)
        "fetched_at": TIMESTAMP,  # when upvotes was taken (from the fetch log), if known
        "num_comments": "Int64",
        "github_repo": "string",
        "github_stars": "Int64",
        "project_page": "string",
        "organization": "string",  # Hub organization name
        "submitted_by": "string",  # Hub user who submitted the paper to Daily Papers
        "ai_summary": "string",  # the Hub's one-sentence AI summary (English)
        "published_at": "datetime64[ns]",  # arXiv publication date
        "abstract": "string",  # the paper's abstract, as the Hub gives it
    },
    "papers_unique": {
        "arxiv_id": "string",
        "title": "string",
        "url": "string",
        "first_seen": "datetime64[ns]",
        "last_seen": "datetime64[ns]",
        "appearances": "Int64",
        "max_votes": "Int64",
        "n_authors": "Int64",
        "media_kind": pd.CategoricalDtype(MEDIA_KINDS),
        "summary": "string",
        "max_upvotes": "Int64",  # largest Hub count over appearances (<NA> without hub data)
    },
    "authorships": {
        "arxiv_id": "string",
        "date": "datetime64[ns]",
        "position": "Int64",  # 1-based order in the digest's author line
        "author": NAMES,  # normalised name
        "author_raw": NAMES,  # as written in the digest
        "hf_user": "string",  # Hub user who claimed this authorship, if any
    },
    "authors": {
        "author": NAMES,  # row i is code i of authorships.author
        "papers": "Int64",  # distinct arXiv ids
        "total_votes": "Int64",  # sum over distinct papers of their max votes
        "first_seen": "datetime64[ns]",
        "last_seen": "datetime64[ns]",
        "coauthors": "Int64",  # distinct co-authors
        "hf_user": "string",  # the Hub user behind this name, if one claimed it
    },
    "author_aliases": {
        "author": NAMES,
        "author_raw": NAMES,
        "occurrences": "Int64",
        "rule": "string",  # what merged it: "normalised", "hf_user" or "alias" (see authors)
    },
    "keywords": {
        "arxiv_id": "string",
        "keyword": "string",
        "source": "string",  # "ai_keywords": the Hub's AI-extracted keywords
    },
    "bullets": {
        "arxiv_id": "string",
        "date": "datetime64[ns]",
        "position": "Int64",  # 1-based order within the paper's summary
        "level": "Int64",  # 0 for top-level bullets, 1 for nested, ...
        "label": "string",  # "What's New" for "- **What's New**: ...", else <NA>
        "text": "string",  # bullet text without list marker and label
    },
    "links": {
        "arxiv_id": "string",
        "date": "datetime64[ns]",
        "bullet_position": "Int64",
        "url": "string",
        "kind": pd.CategoricalDtype(LINK_KINDS),
    },
    "problems": {
        "file": "string",
        "line": "Int64",
        "severity": pd.CategoricalDtype(SEVERITIES),
        "reason": "string",
        "text": "string",  # the offending line, shortened
    },
}


def empty_table(name: str) -> pd.DataFrame:
    """An empty DataFrame with the columns and dtypes of table *name*.

    Parameters
    ----------
    name : str
        A key of :data:`TABLES`.

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> empty_table("problems").dtypes["line"]
    Int64Dtype()
    >>> list(empty_table("links"))
    ['arxiv_id', 'date', 'bullet_position', 'url', 'kind']
    """
    return pd.DataFrame({col: pd.Series(dtype=_EMPTY_NAMES if _is_names(dtype) else dtype)
                         for col, dtype in TABLES[name].items()})


_EMPTY_NAMES = pd.CategoricalDtype(pd.Index([], dtype="string"))


def coerce(df: pd.DataFrame, name: str) -> pd.DataFrame:
    """*df* with exactly the columns of table *name*, cast to their dtypes.

    Parameters
    ----------
    df : DataFrame
        Any subset of the table's columns (others are dropped; missing ones are filled with NA).
    name : str
        A key of :data:`TABLES`.

    Returns
    -------
    DataFrame
        A new frame, on *df*'s index.

    Examples
    --------
    >>> import pandas as pd
    >>> papers = coerce(pd.DataFrame({"date": ["2024-02-16"], "votes": [33], "x": [1]}), "papers")
    >>> papers.shape, str(papers["date"].dtype), str(papers["votes"].dtype)
    ((1, 28), 'datetime64[ns]', 'Int64')
    >>> papers["title"].tolist()
    [<NA>]
    """
    return _coerce_columns(df, TABLES[name])


def _coerce_columns(df: pd.DataFrame, dtypes: dict[str, object]) -> pd.DataFrame:
    """:func:`coerce` to the columns and dtypes of *dtypes* (a part of a table's schema)."""
    out = {}
    for col, dtype in dtypes.items():
        series = df[col] if col in df else pd.Series([pd.NA] * len(df), index=df.index)
        if dtype == "datetime64[ns]":
            out[col] = pd.to_datetime(series).astype("datetime64[ns]")
        elif dtype == TIMESTAMP:
            out[col] = pd.to_datetime(series, utc=True, format="ISO8601").astype(TIMESTAMP)
        else:
            out[col] = series.astype(dtype)
    return pd.DataFrame(out, index=df.index)
