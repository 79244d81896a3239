"""The derived tables of a Corpus: ``papers_unique``, ``authors`` and ``author_aliases``.

Each is a function of base tables only (so ``Corpus.replace`` and ``filter`` recompute them),
computed with integer codes (``pd.factorize``) and numpy instead of string group-bys.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import schema
from ._author_ids import sorted_codes, with_name_categories
from ._tables import _int64
from .authors import normalize_authors

_MIN, _MAX = np.iinfo(np.int64).min, np.iinfo(np.int64).max


def _first_rows(groups: np.ndarray, rows: np.ndarray, n_groups: int) -> np.ndarray:
    """For each group, the first of *rows* (in order) that belongs to it, else -1."""
    out = np.full(n_groups, -1, dtype=np.intp)
    found, first = np.unique(groups, return_index=True)
    out[found] = rows[first]
    return out


def _group_extreme(ufunc, groups: np.ndarray, values: np.ndarray, n_groups: int):
    """(ufunc-reduced values, has-any mask) per group, e.g. ``np.maximum``."""
    start = _MIN if ufunc is np.maximum else _MAX if ufunc is np.minimum else 0
    out = np.full(n_groups, start, dtype=np.int64)
    ufunc.at(out, groups, values)
    return out, np.bincount(groups, minlength=n_groups) > 0


def _masked(values: np.ndarray, has: np.ndarray) -> pd.arrays.IntegerArray:
    return pd.arrays.IntegerArray(np.where(has, values, 0).astype(np.int64), ~has)


def _datetimes(values: np.ndarray, has: np.ndarray) -> np.ndarray:
    return np.where(has, values, _MIN).view("datetime64[ns]")


def _int_values(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """int64 values and missing mask of an integer column."""
    return (series.to_numpy(dtype=np.int64, na_value=0),
            series.isna().to_numpy(dtype=bool))


def papers_unique_table(papers: pd.DataFrame) -> pd.DataFrame:
    """The ``papers_unique`` table of a ``papers`` table (see :attr:`Corpus.papers_unique`).

    >>> from papertoolkit import loads
    >>> c = loads("## Daily Papers (2024-01-02)\\n### [A](https://arxiv.org/abs/2401.00001)"
    ...           "\\nVote: 5\\n## Daily Papers (2024-01-03)\\n"
    ...           "### [A](https://arxiv.org/abs/2401.00001)\\nVote: 7\\n")
    >>> papers_unique_table(c.papers)[["arxiv_id", "appearances", "max_votes"]].values.tolist()
    [['2401.00001', 2, 7]]
    """
    if papers.empty:
        return schema.empty_table("papers_unique")
    dates = papers["date"].to_numpy(dtype="datetime64[ns]").view(np.int64)
    dated = dates != _MIN
    rank, no_rank = _int_values(papers["rank"])
    # stable sort by date then rank, missing values last (as DataFrame.sort_values)
    order = np.lexsort((np.where(no_rank, _MAX, rank), np.where(dated, dates, _MAX)))
    codes, ids = pd.factorize(papers["arxiv_id"].array.take(order))
    n = len(ids)
    keyed = codes >= 0
    rows = order[keyed]  # original row of each sorted, keyed row
    groups = codes[keyed]

    first_rows = _first_rows(groups, rows, n)  # of each paper, and of a column without gaps

    def first_usable(usable: np.ndarray) -> np.ndarray:
        return first_rows if usable.all() else _first_rows(groups[usable], rows[usable], n)

    def first(column: str):
        usable = papers[column].notna().to_numpy(dtype=bool)[rows]
        return papers[column].array.take(first_usable(usable), allow_fill=True)

    usable = dated[rows]
    first_seen = first_usable(usable)
    last_seen = _first_rows(groups[usable][::-1], rows[usable][::-1], n)
    dates_of = np.append(dates, _MIN)  # index -1: no date
    votes, no_votes = _int_values(papers["votes"])
    n_authors, no_n_authors = _int_values(papers["n_authors"])
    max_votes = _group_extreme(np.maximum, groups[~no_votes[rows]],
                               votes[rows][~no_votes[rows]], n)
    max_authors = _group_extreme(np.maximum, groups[~no_n_authors[rows]],
                                 n_authors[rows][~no_n_authors[rows]], n)
    if "upvotes" in papers:
        upvotes, no_upvotes = _int_values(papers["upvotes"])
        max_upvotes = _masked(*_group_extreme(np.maximum, groups[~no_upvotes[rows]],
                                              upvotes[rows][~no_upvotes[rows]], n))
    else:
        max_upvotes = _masked(np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool))
    return pd.DataFrame({
        "arxiv_id": ids,
        "title": first("title"),
        "url": first("url"),
        "first_seen": dates_of[first_seen].view("datetime64[ns]"),
        "last_seen": dates_of[last_seen].view("datetime64[ns]"),
        "appearances": _int64(np.bincount(groups, minlength=n)),
        "max_votes": _masked(*max_votes),
        "n_authors": _masked(*max_authors),
        "media_kind": first("media_kind"),
        "summary": first("summary"),
        "max_upvotes": max_upvotes,
    })


def authors_table(authorships: pd.DataFrame, papers_unique: pd.DataFrame) -> pd.DataFrame:
    """The ``authors`` table (see :attr:`Corpus.authors`) of authorships and papers_unique.

    >>> from papertoolkit import loads
    >>> c = loads("## Daily Papers (2024-01-02)\\n### [A](https://arxiv.org/abs/2401.00001)"
    ...           "\\nVote: 5\\nAuthors: Ann Lee, Bo Chen\\n")
    >>> authors_table(c.authorships, c.papers_unique)[["author", "total_votes"]].values.tolist()
    [['Ann Lee', 5], ['Bo Chen', 5]]
    """
    if authorships.empty:
        return schema.empty_table("authors")
    authorships = with_name_categories(authorships)
    dtype = authorships["author"].dtype  # row i of the table: the author of code i
    author_codes, names = sorted_codes(authorships["author"])
    paper_codes, where = _paper_codes(authorships["arxiv_id"], papers_unique["arxiv_id"])
    n_names, width = len(names), len(where) + 1
    named = author_codes >= 0
    # distinct (author, paper) pairs; a missing arxiv_id is a paper of its own (code -1)
    pairs = pd.unique(author_codes[named].astype(np.int64) * width + paper_codes[named] + 1)
    pair_author, pair_paper = pairs // width, pairs % width - 1
    known = pair_paper >= 0
    # votes: each paper's max_votes from papers_unique (missing when not listed there)
    max_votes, no_votes = _int_values(papers_unique["max_votes"])
    has_vote = np.append(~np.append(no_votes, True)[where], False)  # index -1: no paper
    paper_votes = np.append(np.append(max_votes, 0)[where], 0)
    voted = has_vote[pair_paper]
    total = _group_extreme(np.add, pair_author[voted], paper_votes[pair_paper[voted]], n_names)
    dates = authorships["date"].to_numpy(dtype="datetime64[ns]").view(np.int64)
    dated = named & (dates != _MIN)
    first = _group_extreme(np.minimum, author_codes[dated], dates[dated], n_names)
    last = _group_extreme(np.maximum, author_codes[dated], dates[dated], n_names)
    hf_user = pd.array([None], dtype="string").take(np.zeros(n_names, dtype=np.intp))
    if "hf_user" in authorships and authorships["hf_user"].notna().any():
        users = authorships["hf_user"].array
        claimed = named & ~np.asarray(users.isna(), dtype=bool)
        hf_user = users.take(_first_rows(author_codes[claimed], np.flatnonzero(claimed),
                                         n_names), allow_fill=True)
    return pd.DataFrame({
        "author": pd.Categorical.from_codes(np.arange(n_names), dtype=dtype),
        "papers": _int64(np.bincount(pair_author, minlength=n_names)),
        "total_votes": _masked(*total),
        "first_seen": _datetimes(*first),
        "last_seen": _datetimes(*last),
        "coauthors": _int64(_coauthor_counts(pair_author[known], pair_paper[known], n_names)),
        "hf_user": hf_user,
    })


def _paper_codes(ids: pd.Series, listed: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, where)``: a code for each of *ids* (-1: missing) and the row of each code's
    id in *listed*, distinct ids (-1: not listed). With Arrow strings the codes are the rows
    of *listed* (Arrow's hash lookup of every id, no table of distinct ids built first), then
    codes for the unlisted ids."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc

        values, known = pa.array(ids.array), pa.array(listed.array)
    except (ImportError, TypeError, ValueError):
        values = None
    if values is None or not pa.types.is_large_string(values.type) or not (
            pa.types.is_large_string(known.type)):
        codes, distinct = pd.factorize(ids.array)
        return codes, pd.Index(listed).get_indexer(distinct)
    if isinstance(known, pa.ChunkedArray):
        known = known.combine_chunks()
    codes = np.asarray(pc.fill_null(pc.index_in(values, value_set=known), -1), dtype=np.intp)
    missing = ids.isna().to_numpy(dtype=bool)
    unlisted = (codes < 0) & ~missing
    where = np.arange(len(known))
    if unlisted.any():
        extra, distinct = pd.factorize(ids.array[unlisted])
        codes[unlisted] = len(known) + extra
        where = np.append(where, np.full(len(distinct), -1))
    return codes, where


def author_aliases_table(authorships: pd.DataFrame) -> pd.DataFrame:
    """The ``author_aliases`` table (see :attr:`Corpus.author_aliases`) of authorships.

    >>> ships = pd.DataFrame({"author": ["Ann Lee", "Ann Lee", "Bo"],
    ...                       "author_raw": ["Ann Lee", "Ann  Lee", "Bo"]})
    >>> author_aliases_table(ships).values.tolist()
    [['Ann Lee', 'Ann  Lee', 1, 'normalised'], ['Ann Lee', 'Ann Lee', 1, 'normalised']]
    """
    if authorships.empty:
        return schema.empty_table("author_aliases")
    authorships = with_name_categories(authorships)
    author, names = sorted_codes(authorships["author"])
    raw, raws = sorted_codes(authorships["author_raw"])
    named = (author >= 0) & (raw >= 0)
    width = max(len(raws), 1)
    pairs = author.astype(np.int64) * width + raw
    keys, counts = _distinct_pairs(author[named], raw[named], len(raws))
    author, raw = keys // width, keys % width
    # listed: a name with several spellings, or a spelling other than the name
    differs = np.asarray(names.array.take(author) != raws.array.take(raw), dtype=bool)
    listed = (np.bincount(author, minlength=len(names))[author] > 1) | differs
    order = np.argsort(keys[listed])  # by name, then spelling
    keys, counts = keys[listed][order], counts[listed][order]
    out = pd.DataFrame({
        "author": pd.Categorical.from_codes(keys // width, dtype=authorships["author"].dtype),
        "author_raw": pd.Categorical.from_codes(keys % width,
                                                dtype=authorships["author_raw"].dtype),
        "occurrences": _int64(counts),
    })
    # which rule gave the name: normalisation alone, a Hub account, or a user's alias mapping
    by_rule = normalize_authors(out["author_raw"].tolist()) == out["author"].to_numpy()
    rule = np.where(by_rule, "normalised", "alias").astype(object)
    if "hf_user" in authorships and authorships["hf_user"].notna().any():
        claimed = named & authorships["hf_user"].notna().to_numpy(dtype=bool)
        hub = np.isin(keys, pairs[claimed])
        rule[hub & ~by_rule] = "hf_user"
    out["rule"] = pd.array(rule, dtype="string")
    return out


def _distinct_pairs(author: np.ndarray, raw: np.ndarray, n_raws: int):
    """``(keys, counts)``: the distinct ``author * n_raws + raw`` codes (any order) and how
    often each occurs. When every spelling has one author (the usual case) they are
    counted per spelling, without hashing or sorting the rows."""
    author_of = np.full(n_raws, -1, dtype=np.int64)
    author_of[raw] = author
    if np.array_equal(author_of[raw], author):
        counts = np.bincount(raw, minlength=n_raws)
        used = np.flatnonzero(counts)
        return author_of[used] * max(n_raws, 1) + used, counts[used]
    codes, keys = pd.factorize(author.astype(np.int64) * max(n_raws, 1) + raw)
    return keys, np.bincount(codes, minlength=len(keys))


def _coauthor_counts(authors: np.ndarray, papers: np.ndarray, n_authors: int) -> np.ndarray:
    """Distinct co-authors per author, from distinct (author, paper) code pairs.

    An author of a single paper has that paper's other authors. For an author of several
    papers, the co-authors who wrote a single paper are distinct across those papers and are
    simply added up; only the co-authors with several papers need a set union: the number of
    stored entries in each row of a boolean sparse incidence product restricted to them.
    """
    out = np.zeros(n_authors, dtype=np.int64)
    if not len(authors):
        return out
    n_papers = int(papers.max()) + 1
    per_author = np.bincount(authors, minlength=n_authors)
    per_paper = np.bincount(papers, minlength=n_papers)
    single = per_author[authors] == 1
    out[authors[single]] = per_paper[papers[single]] - 1
    several = ~single
    if several.any():
        from scipy import sparse

        singles_in = np.bincount(papers[single], minlength=n_papers)
        is_row = per_author > 1
        rows = np.flatnonzero(is_row)
        row_of = (np.cumsum(is_row) - 1)[authors[several]]  # rank among the rows: no sort
        paper = papers[several]
        others = np.bincount(row_of, weights=singles_in[paper], minlength=len(rows))
        incidence = sparse.csr_matrix(
            (np.ones(len(row_of), dtype=bool), (row_of, paper)), shape=(len(rows), n_papers))
        # a boolean product: entries are "or"s of "and"s, never a zero dropped from the count
        union = np.diff((incidence @ incidence.T).indptr)  # distinct, self included
        out[rows] = others.astype(np.int64) + union - 1
    return out
