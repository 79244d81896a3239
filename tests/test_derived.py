"""The derived tables (authors, author_aliases) against plain Python on random authorships."""

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from papertoolkit._derived import author_aliases_table, authors_table
from papertoolkit.authors import normalize_author

IDS = ["2401.00001", "2401.00002", "2401.00003", "2401.00004", None]
DATES = ["2024-01-02", "2024-01-05", None]
# names holding NUL, a case pair, accents and a spelling that normalises to another name
NAMES = ["Ann Lee", "Ann  Lee", "ann lee", "Bo", "Bo\x00", "Éva Kim", "Zoë", None]
USERS = ["ann", "bo", None, None, None]

rows = st.tuples(st.sampled_from(IDS), st.sampled_from(DATES), st.sampled_from(NAMES),
                 st.sampled_from(NAMES), st.sampled_from(USERS))


def _authorships(drawn) -> pd.DataFrame:
    ids, dates, authors, raws, users = zip(*drawn, strict=True)
    return pd.DataFrame({
        "arxiv_id": pd.array(ids, dtype="string"),
        "date": pd.to_datetime(pd.Series(dates, dtype=object)).astype("datetime64[ns]"),
        "author": pd.array(authors, dtype="string"),
        "author_raw": pd.array(raws, dtype="string"),
        "hf_user": pd.array(users, dtype="string"),
    })


def _papers_unique(votes) -> pd.DataFrame:
    listed = [(pid, vote) for pid, vote in zip(IDS[:-1], votes, strict=True) if vote != "absent"]
    return pd.DataFrame({"arxiv_id": pd.array([p for p, _ in listed], dtype="string"),
                         "max_votes": pd.array([v for _, v in listed], dtype="Int64")})


def _expected_authors(ships: pd.DataFrame, papers_unique: pd.DataFrame) -> list[tuple]:
    votes = {pid: (None if pd.isna(v) else int(v)) for pid, v in
             zip(papers_unique["arxiv_id"], papers_unique["max_votes"], strict=True)}
    records = [(None if pd.isna(p) else p, d, a, u) for p, d, a, u in
               zip(ships["arxiv_id"], ships["date"], ships["author"], ships["hf_user"],
                   strict=True) if not pd.isna(a)]
    out = []
    for name in sorted({a for _, _, a, _ in records}):
        mine = [r for r in records if r[2] == name]
        papers = {p for p, _, _, _ in mine}  # a missing id counts as one paper of its own
        known = [votes[p] for p in papers if p is not None and votes.get(p) is not None]
        dates = [d for _, d, _, _ in mine if not pd.isna(d)]
        coauthors = {a for p, _, a, _ in records if p is not None and p in papers} - {name}
        users = [u for _, _, _, u in mine if not pd.isna(u)]
        out.append((name, len(papers), sum(known) if known else None,
                    min(dates) if dates else None, max(dates) if dates else None,
                    len(coauthors), users[0] if users else None))
    return out


@settings(max_examples=150)
@given(st.lists(rows, min_size=1, max_size=40),
       st.lists(st.one_of(st.none(), st.integers(0, 50), st.just("absent")),
                min_size=4, max_size=4))
def test_authors_table_is_plain_counting(drawn, votes):
    ships, papers_unique = _authorships(drawn), _papers_unique(votes)
    table = authors_table(ships, papers_unique)
    got = [tuple(None if pd.isna(v) else v for v in row)
           for row in table.astype(object).itertuples(index=False)]
    assert got == _expected_authors(ships, papers_unique)


@settings(max_examples=150)
@given(st.lists(rows, min_size=1, max_size=40))
def test_author_aliases_table_lists_every_merge(drawn):
    ships = _authorships(drawn)
    pairs: dict[tuple[str, str], list] = {}
    for author, raw, user in zip(ships["author"], ships["author_raw"], ships["hf_user"],
                                 strict=True):
        if not pd.isna(author) and not pd.isna(raw):
            pairs.setdefault((author, raw), []).append(not pd.isna(user))
    spellings: dict[str, int] = {}
    for author, _ in pairs:
        spellings[author] = spellings.get(author, 0) + 1
    expected = []
    for (author, raw), claimed in sorted(pairs.items()):
        if spellings[author] > 1 or raw != author:
            rule = ("normalised" if normalize_author(raw) == author
                    else "hf_user" if any(claimed) else "alias")
            expected.append((author, raw, len(claimed), rule))
    table = author_aliases_table(ships)
    assert [tuple(row) for row in table.astype(object).itertuples(index=False)] == expected


# papers rows: (id, date, rank, title, summary, votes); titles and summaries with gaps
paper_rows = st.tuples(st.sampled_from(IDS[:-1]), st.sampled_from(DATES),
                       st.one_of(st.none(), st.integers(1, 3)),
                       st.sampled_from(["T1", "T2", None]), st.sampled_from(["S1", "S2", None]),
                       st.one_of(st.none(), st.integers(0, 9)))


@settings(max_examples=200)
@given(st.lists(paper_rows, min_size=1, max_size=12))
def test_papers_unique_table_is_plain_first_and_last(drawn):
    from papertoolkit._derived import papers_unique_table

    ids, dates, ranks, titles, summaries, votes = zip(*drawn, strict=True)
    papers = pd.DataFrame({
        "date": pd.to_datetime(pd.Series(dates, dtype=object)).astype("datetime64[ns]"),
        "rank": pd.array(ranks, dtype="Int64"), "arxiv_id": pd.array(ids, dtype="string"),
        "title": pd.array(titles, dtype="string"), "url": pd.array(titles, dtype="string"),
        "votes": pd.array(votes, dtype="Int64"),
        "n_authors": pd.array([1] * len(ids), dtype="Int64"),
        "media_kind": pd.Categorical(["image"] * len(ids)),
        "summary": pd.array(summaries, dtype="string")})
    got = papers_unique_table(papers)
    # plain Python: rows by date then rank (missing last, ties in order), first non-missing
    def key(i):
        return (dates[i] is None, dates[i] or "", ranks[i] is None, ranks[i] or 0)

    order = sorted(range(len(ids)), key=key)
    expected = []
    for pid in dict.fromkeys(ids[i] for i in order):
        mine = [i for i in order if ids[i] == pid]
        title = next((titles[i] for i in mine if titles[i] is not None), None)
        summary = next((summaries[i] for i in mine if summaries[i] is not None), None)
        days = sorted(dates[i] for i in mine if dates[i] is not None)
        known = [votes[i] for i in mine if votes[i] is not None]
        expected.append((pid, title, summary, days[0] if days else None,
                         days[-1] if days else None, len(mine), max(known) if known else None))

    def plain(value):
        return None if pd.isna(value) else str(value.date()) if hasattr(value, "date") else value

    rows_got = [tuple(plain(v) for v in row) for row in got[
        ["arxiv_id", "title", "summary", "first_seen", "last_seen", "appearances",
         "max_votes"]].itertuples(index=False)]
    assert rows_got == expected
