"""The base tables of a Corpus, built column by column from the parser's records.

:func:`_tables` turns :class:`~papertoolkit.parse.Records` into ``papers``, ``authorships``,
``bullets``, ``links`` and ``keywords`` with the dtypes of :mod:`papertoolkit.schema`;
:func:`_merge_sources` makes a paper-day read from a digest and from Hub JSON one row;
:func:`_problems_frame` is the ``problems`` table. The derived tables are in
:mod:`papertoolkit._derived`.
"""

from __future__ import annotations

from itertools import chain

import numpy as np
import pandas as pd

from . import schema
from ._author_ids import factorize, from_codes
from .authors import (
    _STRIP,
    name_key,
    normalize_authors,
    split_author_fields,
    split_authors,
)
from .parse import Problem, Records


def _frame(columns: dict[str, list], name: str) -> pd.DataFrame:
    """Build a table from column lists with the schema's dtypes, column by column."""
    out = {}
    n = len(next(iter(columns.values()))) if columns else 0
    for col, dtype in schema.TABLES[name].items():
        out[col] = _column(columns.get(col, [None] * n), dtype)
    return pd.DataFrame(out)


def _column(values, dtype):
    """A column of a schema dtype from a list of Python values (None -> missing)."""
    if dtype == "datetime64[ns]":
        return _dates(values)
    if dtype == "Int64":
        return _ints(values)
    if dtype == "string":
        return _strings(values)
    if dtype == schema.TIMESTAMP:  # few distinct instants (one per fetched file): convert those
        codes, distinct = pd.factorize(pd.Series(values, dtype=object))
        stamps = pd.to_datetime(pd.Series(distinct, dtype=object), utc=True, format="ISO8601")
        return pd.array(stamps.astype(schema.TIMESTAMP).array.take(codes, allow_fill=True))
    return pd.Categorical(values, categories=dtype.categories)


# ---------------------------------------------------------------------------- fast columns
# Tables are built column by column from the parser's flat lists: strings go straight into
# one Arrow array (when pandas stores "string" in Arrow), and every column that repeats a
# paper's value (arxiv_id, date of authorships and bullets) is a vectorised take().
def _arrow_strings() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return pd.StringDtype().storage == "pyarrow"


_ARROW = _arrow_strings()


def _strings(values) -> pd.api.extensions.ExtensionArray:
    """A "string" array (None -> <NA>) from a list or object array of str/None."""
    if _ARROW:
        import pyarrow as pa

        return pd.array(pa.array(values, type=pa.large_string()), dtype="string")
    return pd.array(values, dtype="string")


def _ints(values) -> pd.arrays.IntegerArray:
    """An Int64 array (None -> <NA>) from a sequence of int/None."""
    arr = np.array(values, dtype=object)
    mask = np.equal(arr, None)
    if mask.any():
        arr[mask] = 0
    return pd.arrays.IntegerArray(arr.astype(np.int64), mask)


def _dates(values) -> np.ndarray:
    """datetime64[ns] values from ISO date strings or None (a digest repeats a few dates)."""
    codes = {v: i for i, v in enumerate(dict.fromkeys(values))}
    distinct = np.array(pd.to_datetime(list(codes)).astype("datetime64[ns]"))
    return distinct[np.fromiter(map(codes.__getitem__, values), np.intp, len(values))]


def _within(group: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """1-based position of each row within its group (rows sorted by group)."""
    starts = np.cumsum(counts) - counts
    return np.arange(1, len(group) + 1, dtype=np.int64) - starts[group]


def _int64(values: np.ndarray) -> pd.arrays.IntegerArray:
    return pd.arrays.IntegerArray(np.asarray(values, dtype=np.int64),
                                  np.zeros(len(values), dtype=bool))


# long: the five base tables in one pass, sharing each paper's row index, date and id arrays
def _tables(records: Records) -> dict[str, pd.DataFrame]:
    """The base tables (papers, authorships, bullets, links) from parser records."""
    n = len(records.papers)
    columns = list(zip(*records.papers, strict=True)) if n else [()] * 13
    (date, rank, arxiv_id, version, title, url, votes, media_kind, media_url, n_raw,
     n_bullets, source_file, line) = columns
    dates = _dates(date)
    ids = _strings(arxiv_id)

    # authorships: normalise each distinct raw name once, drop empty names and a name
    # repeated within one paper (first kept), number the rest 1.. within each paper
    raw_paper, raw_codes, raw_names, users, raw_arrow = _raw_authors(
        records, np.array(n_raw, dtype=np.intp))
    name_of_raw, names = pd.factorize(np.array(normalize_authors(list(raw_names)),
                                               dtype=object))
    name_codes = name_of_raw[raw_codes]
    keep = ~pd.Series(raw_paper * max(len(names), 1) + name_codes).duplicated().to_numpy()
    empty = np.flatnonzero(names == "")
    if len(empty):
        keep &= name_codes != empty[0]
    kept = np.flatnonzero(keep)
    ship_paper = raw_paper[kept]
    n_authors = np.bincount(ship_paper, minlength=n)
    authorships = pd.DataFrame({
        "arxiv_id": ids.take(ship_paper),
        "date": dates[ship_paper],
        "position": _int64(_within(ship_paper, n_authors)),
        "author": from_codes(name_codes[kept], names),  # categorical: codes are author ids
        "author_raw": from_codes(raw_codes[kept], raw_names if raw_arrow is None else raw_arrow),
        "hf_user": users.take(kept),
    })

    # bullets, and each paper's summary: its bullet texts joined by newlines
    counts = np.array(n_bullets, dtype=np.intp)
    bullet_paper = np.repeat(np.arange(n), counts)
    texts, summaries = _texts_and_summaries(records.bullet_text, counts)
    levels = np.zeros(len(bullet_paper), dtype=np.int64)
    if records.bullet_levels:
        where, value = zip(*records.bullet_levels, strict=True)
        levels[list(where)] = value
    labels = np.full(len(bullet_paper), None, dtype=object)
    if records.label_runs:  # the block path's raw labels ("" for none), by runs
        bases, runs = zip(*records.label_runs, strict=True)
        sizes = np.fromiter(map(len, runs), np.intp, len(runs))
        where = (np.repeat(np.array(bases, dtype=np.intp) - (np.cumsum(sizes) - sizes), sizes)
                 + np.arange(sizes.sum()))
        raw = np.array(list(chain.from_iterable(runs)), dtype=object)
        labelled = raw != ""
        labels[where[labelled]] = [label.strip(" ") for label in raw[labelled]]
    if records.bullet_labels:
        where, value = zip(*records.bullet_labels, strict=True)
        labels[list(where)] = value
    bullets = pd.DataFrame({
        "arxiv_id": ids.take(bullet_paper),
        "date": dates[bullet_paper],
        "position": _int64(_within(bullet_paper, counts)),
        "level": _int64(levels),
        "label": _strings(labels),
        "text": texts,
    })

    link_rows = records.links
    link_paper, link_position, link_url, link_kind = (
        zip(*link_rows, strict=True) if link_rows else [()] * 4)
    link_paper = np.array(link_paper, dtype=np.intp)
    links = pd.DataFrame({
        "arxiv_id": ids.take(link_paper),
        "date": dates[link_paper],
        "bullet_position": _int64(np.array(link_position, dtype=np.int64)),
        "url": _strings(list(link_url)),
        "kind": _categorical(link_kind, "links", "kind"),
    })

    papers = pd.DataFrame({
        "date": dates,
        "rank": _ints(rank),
        "arxiv_id": ids,
        "arxiv_version": _ints(version),
        "title": _strings(list(title)),
        "url": _strings(list(url)),
        "votes": _ints(votes),
        "media_kind": _categorical(media_kind, "papers", "media_kind"),
        "media_url": _strings(list(media_url)),
        "n_authors": _int64(n_authors),
        "n_bullets": _int64(counts),
        "summary": summaries,
        "source_file": _strings(list(source_file)),
        "line": _ints(line),
        **_hub_columns(records, n),
    })
    if records.keywords:
        where, keyword, source = zip(*records.keywords, strict=True)
        keywords = pd.DataFrame({"arxiv_id": ids.take(np.array(where, dtype=np.intp)),
                                 "keyword": _strings(list(keyword)),
                                 "source": _strings(list(source))})
        keywords = keywords.drop_duplicates(ignore_index=True)
    else:
        keywords = schema.empty_table("keywords")
    return {"papers": papers, "authorships": authorships, "bullets": bullets, "links": links,
            "keywords": keywords, "_author_paper": ship_paper}


# ---------------------------------------------------------------------------- raw authors
def _raw_authors(records: Records, n_raw: np.ndarray):
    """``(paper, codes, names, hf_user, arrow)`` of every raw author name, paper after paper:
    the paper index of each, its code among the distinct raw names (first seen first), those
    names, the Hub users (a "string" array, <NA> for most) and the names as the Arrow array
    they were read from (or None). A paper's names are the next
    ``n_raw`` of ``records.author_raw``, or (``n_raw`` -1) its field of
    ``records.author_fields``, split here."""
    n = len(n_raw)
    explicit = records.author_raw
    deferred = n_raw < 0
    if not deferred.any():
        codes, names = factorize(explicit)
        return (np.repeat(np.arange(n), n_raw), codes, names,
                _sparse_strings(records.author_users, len(explicit)), None)
    fields = records.author_fields
    if len(fields) != deferred.sum():
        raise AssertionError(f"{len(fields)} author fields for {deferred.sum()} papers")
    split = _split_fields_arrow(fields, explicit) if _ARROW else None
    if split is None:
        field_names, counts = split_author_fields(fields)
    else:
        field_names, counts = split
    n_raw = n_raw.copy()
    n_raw[deferred] = counts
    # where each name is read from: author_raw, then the names of the fields
    from_raw = np.where(deferred, 0, n_raw)
    from_fields = n_raw - from_raw
    starts = np.where(deferred, np.cumsum(from_fields) - from_fields + len(explicit),
                      np.cumsum(from_raw) - from_raw)
    source = np.repeat(starts - (np.cumsum(n_raw) - n_raw), n_raw) + np.arange(n_raw.sum())
    arrow = None
    if split is None:
        codes, names = factorize(np.array(explicit + field_names, dtype=object)[source])
    else:
        import pyarrow as pa

        encoded = field_names.take(pa.array(source)).dictionary_encode()
        codes = encoded.indices.to_numpy().astype(np.intp)
        arrow = encoded.dictionary
        names = arrow.to_numpy(zero_copy_only=False)
    users = []
    if records.author_users:
        position = np.empty(len(source), dtype=np.intp)
        position[source] = np.arange(len(source))
        users = [(position[i], user) for i, user in records.author_users]
    return (np.repeat(np.arange(n), n_raw), codes, names,
            _sparse_strings(users, len(source)), arrow)


def _author_list_patterns() -> tuple[str, str]:
    """RE2 patterns (for Arrow) of a field that :func:`~papertoolkit.authors.split_authors`
    splits as ``field.split(", ")`` (authors._PLAIN_LIST, not starting with a quote or a
    bracket, no ";"), and of what makes such a field read otherwise: a name that
    split_authors drops (the lookaheads of _PLAIN_NAME: only "more authors" markers or
    _STRIP characters), or " and " in a field without commas."""
    # (what str.isspace() and re's \s accept: no such character above U+3000)
    space = "".join(f"\\x{{{c:x}}}" for c in range(0x3001) if chr(c).isspace())
    token = f"[^{space},;]+"
    first = f"[^{space},;\\[(\"'][^{space},;]*"
    name = f"{token}(?: {token})*"
    plain = f"^{first}(?: {token})*(?:, {name})*$"
    strip = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in _STRIP if c not in " \t,;") + "]+"
    dropped = (f"(?:^|, )(?:{strip}(?: {strip})*|\\+|…|\\.\\.\\.|et al\\.?|etc\\.?)"
               "(?:,|$)")
    # ... or a single name with " and " in it ("A and B" is split on " and ")
    return plain, f"{dropped}|^[^,]* and [^,]*$"


#: RE2 patterns: the fields split on ", " are those matching the first and not the second
_PLAIN_AUTHORS, _NOT_PLAIN_AUTHORS = _author_list_patterns()


def _split_fields_arrow(fields: list[str], explicit: list[str]):
    """``(names, counts)`` of :func:`~papertoolkit.authors.split_author_fields` as an Arrow
    array of *explicit* then the fields' names, the plain fields split by Arrow; None if
    Arrow cannot hold the names (lone surrogates)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        values = pa.array(fields, type=pa.large_string())
        explicit_values = pa.array(explicit, type=pa.large_string())
    except (pa.ArrowException, UnicodeEncodeError):
        return None
    plain = pc.and_(pc.match_substring_regex(values, _PLAIN_AUTHORS), pc.invert(
        pc.match_substring_regex(values, _NOT_PLAIN_AUTHORS))).to_numpy(zero_copy_only=False)
    lists = pc.split_pattern(values, ", ")
    if plain.all():
        counts = pc.list_value_length(lists).to_numpy().astype(np.intp)
        return pa.concat_arrays([explicit_values, pc.list_flatten(lists)]), counts
    # the others as split_authors splits them, after the names of every field split on
    # ", ": one take puts each field's names in place
    others = np.flatnonzero(~plain)
    other_names = [split_authors(fields[i]) for i in others.tolist()]
    starts = lists.offsets.to_numpy().astype(np.intp)  # in the values of the plain split
    counts = np.diff(starts)
    counts[others] = [len(names) for names in other_names]
    starts = starts[:-1]
    starts[others] = len(lists.values) + np.cumsum(counts[others]) - counts[others]
    ends = np.cumsum(counts)
    source = np.repeat(starts - (ends - counts), counts) + np.arange(ends[-1])
    names = pa.concat_arrays([lists.values, pa.array(list(chain.from_iterable(other_names)),
                                                     type=pa.large_string())])
    return pa.concat_arrays([explicit_values, names.take(pa.array(source))]), counts


def _sparse_strings(pairs: list[tuple[int, str]], n: int):
    """A string array of length *n*, <NA> but at the ``(index, value)`` pairs given."""
    values = np.full(n, None, dtype=object)
    if pairs:
        where, value = zip(*pairs, strict=True)
        values[list(where)] = value
    return _strings(values)


def _hub_columns(records: Records, n: int) -> dict[str, object]:
    """``source_kind`` and the hub columns of ``papers`` from the sparse ``records.hub``."""
    from .sources.hub import HUB_FIELDS

    kind = np.zeros(n, dtype=np.int8)  # codes of schema.SOURCE_KINDS
    columns = schema.TABLES["papers"]
    if not records.hub:  # digests only
        return {"source_kind": pd.Categorical.from_codes(kind, dtype=columns["source_kind"]),
                **{name: _missing(columns[name], n) for name in HUB_FIELDS}}
    values = {name: np.full(n, None, dtype=object) for name in HUB_FIELDS}
    where = np.array([row[0] for row in records.hub], dtype=np.intp)
    kind[where] = 1
    for position, name in enumerate(HUB_FIELDS, start=1):
        values[name][where] = [row[position] for row in records.hub]
    out: dict[str, object] = {"source_kind": pd.Categorical.from_codes(
        kind, dtype=columns["source_kind"])}
    for name in HUB_FIELDS:
        out[name] = _column(values[name], columns[name])
    return out


def _missing(dtype, n: int):
    """What :func:`_column` makes of *n* None values, without reading them."""
    if dtype == "string" and _ARROW:
        import pyarrow as pa

        return pd.array(pa.nulls(n, type=pa.large_string()), dtype="string")
    if dtype == "Int64":
        return pd.arrays.IntegerArray(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool))
    if dtype in ("datetime64[ns]", schema.TIMESTAMP):
        nat = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
        return nat if dtype == "datetime64[ns]" else pd.array(nat, dtype=dtype)
    return _column([None] * n, dtype)


def _categorical(values, table: str, column: str) -> pd.Categorical:
    dtype = schema.TABLES[table][column]
    code = {c: i for i, c in enumerate(dtype.categories)}
    codes = np.fromiter(map(code.__getitem__, values), np.int8, len(values))
    return pd.Categorical.from_codes(codes, dtype=dtype)


def _texts_and_summaries(texts: list[str], counts: np.ndarray):
    """Bullet texts, and per paper its texts joined by newlines (<NA> without bullets)."""
    if _ARROW:
        import pyarrow as pa
        import pyarrow.compute as pc

        values = pa.array(texts, type=pa.large_string())
        offsets = np.zeros(len(counts) + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        lists = pa.LargeListArray.from_arrays(pa.array(offsets), values,
                                              mask=pa.array(counts == 0))
        joined = pc.binary_join(lists, pa.scalar("\n", type=pa.large_string()))
        return pd.array(values, dtype="string"), pd.array(joined, dtype="string")
    ends = np.cumsum(counts)
    return _strings(texts), _strings(["\n".join(texts[e - c:e]) if c else None
                                      for e, c in zip(ends.tolist(), counts.tolist(),
                                                      strict=True)])


def _merge_sources(tables: dict, problems: list[Problem]) -> None:
    """Make each paper-day one ``papers`` row when a digest and hub data both list it.

    The digest row keeps its fields (summary, bullets, the digest-day ``votes`` snapshot, its
    author list) and gains the hub columns; ``source_kind`` becomes "digest+hub". The hub's
    ``hf_user`` claims move to the digest's authorships of the same person (matched by
    :func:`~papertoolkit.authors.name_key`); a digest row without authors takes the hub's.
    A paper-day in two hub files keeps the first entry read, with a warning. Changes *tables*
    in place.
    """
    from .sources.hub import HUB_FIELDS

    papers = tables["papers"]
    kind = papers["source_kind"].to_numpy()
    keys = list(zip(papers["arxiv_id"].tolist(), papers["date"].tolist(), strict=True))
    first_digest: dict = {}
    for row in np.flatnonzero(kind != "hub"):
        first_digest.setdefault(keys[row], row)
    first_hub: dict = {}
    targets, hub_rows, dropped = [], [], []
    for row in np.flatnonzero(kind == "hub"):
        key = keys[row]
        if key in first_hub:
            kept = first_hub[key]
            problems.append(Problem(
                str(papers.at[row, "hub_file"]), None, "warning",
                f"entry {papers.at[row, 'hub_entry']}: {key[0]} on "
                f"{pd.Timestamp(key[1]).date()} already read from {papers.at[kept, 'hub_file']} "
                f"(entry {papers.at[kept, 'hub_entry']}); that one kept"))
            dropped.append(row)
            continue
        first_hub[key] = row
        if key in first_digest:
            targets.append(first_digest[key])
            hub_rows.append(row)
            dropped.append(row)
    if not dropped:
        return
    targets_arr, hub_arr = np.array(targets, dtype=np.intp), np.array(hub_rows, dtype=np.intp)
    ships, ship_paper = tables["authorships"], tables["_author_paper"]
    drop_ships = np.isin(ship_paper, np.array(dropped, dtype=np.intp))
    if len(targets_arr):
        for name in HUB_FIELDS:
            column = papers[name].array.copy()
            column[targets_arr] = papers[name].array[hub_arr]
            papers[name] = column
        codes = papers["source_kind"].cat.codes.to_numpy().copy()
        codes[targets_arr] = schema.SOURCE_KINDS.index("digest+hub")
        papers["source_kind"] = pd.Categorical.from_codes(
            codes, dtype=schema.TABLES["papers"]["source_kind"])
        # hf_user claims: hub authorship -> digest authorship of the same name, same paper-day
        hub_of = dict(zip(hub_arr.tolist(), targets_arr.tolist(), strict=True))
        no_authors = set(targets_arr[papers["n_authors"].to_numpy()[targets_arr] == 0].tolist())
        claims = {}
        take_over = np.zeros(len(ships), dtype=bool)
        users = ships["hf_user"].to_numpy(dtype=object, na_value=None)
        authors = ships["author"].to_numpy(dtype=object, na_value=None)
        for i in np.flatnonzero(np.isin(ship_paper, hub_arr)):
            target = hub_of[int(ship_paper[i])]
            if target in no_authors:
                take_over[i] = True
            elif users[i] is not None and authors[i] is not None:
                claims[(target, name_key(authors[i]))] = users[i]
        if claims:
            for i in np.flatnonzero(np.isin(ship_paper, targets_arr)):
                user = claims.get((int(ship_paper[i]), name_key(authors[i] or "")))
                if user is not None:
                    users[i] = user
            ships = ships.assign(hf_user=_strings(users))
        if take_over.any():
            ship_paper = ship_paper.copy()
            ship_paper[take_over] = [hub_of[int(p)] for p in ship_paper[take_over]]
            drop_ships &= ~take_over
            n_authors = papers["n_authors"].to_numpy(dtype=np.int64).copy()
            n_authors[list(no_authors)] = np.bincount(
                ship_paper[take_over], minlength=len(papers))[list(no_authors)]
            papers["n_authors"] = _int64(n_authors)
    keep = np.ones(len(papers), dtype=bool)
    keep[dropped] = False
    tables["papers"] = papers[keep].reset_index(drop=True)
    paper_of = (np.cumsum(keep) - 1)[ship_paper[~drop_ships]]
    order = np.argsort(paper_of, kind="stable")  # authorships in the order of their papers
    tables["authorships"] = ships[~drop_ships].iloc[order].reset_index(drop=True)
    tables["_author_paper"] = paper_of[order]


def _problems_frame(problems: list[Problem]) -> pd.DataFrame:
    columns = {
        "file": [p.file for p in problems],
        "line": [p.line for p in problems],
        "severity": [p.severity for p in problems],
        "reason": [p.reason for p in problems],
        "text": [p.text or None for p in problems],
    }
    return _frame(columns, "problems")

