"""Author names as categoricals: codes are author ids across the tables (issue 12)."""

import warnings

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import papertoolkit as ptk
from papertoolkit import network
from papertoolkit._author_ids import (
    as_categorical,
    from_codes,
    share_name_categories,
    sorted_codes,
)
from papertoolkit.votes import votes_by_author

TEXT = ("## Daily Papers (2024-01-02)\n"
        "### [A](https://arxiv.org/abs/2401.00001)\nVote: 5\nAuthors: Zoë Müller, Ann Lee, Bo\n"
        "### [B](https://arxiv.org/abs/2401.00002)\nVote: 3\nAuthors: Bo,  Cy  Diaz\n"
        "## Daily Papers (2024-01-03)\n"
        "### [C](https://arxiv.org/abs/2401.00003)\nVote: 9\nAuthors: Ann Lee, Éva Kim\n")


@pytest.fixture()
def corpus():
    return ptk.loads(TEXT)


def test_names_are_sorted_categories_shared_with_authors(corpus):
    ships, authors = corpus.authorships, corpus.authors
    names = ["Ann Lee", "Bo", "Cy Diaz", "Zoë Müller", "Éva Kim"]  # code point order
    assert isinstance(ships["author"].dtype, pd.CategoricalDtype)
    assert ships["author"].cat.categories.tolist() == names
    assert ships["author_raw"].cat.categories.tolist() == [
        "Ann Lee", "Bo", "Cy  Diaz", "Zoë Müller", "Éva Kim"]
    assert authors["author"].dtype == ships["author"].dtype
    assert authors["author"].tolist() == names
    assert authors["author"].cat.codes.tolist() == [0, 1, 2, 3, 4]
    # a code is the row of authors: Ann Lee (code 0) has papers A and C, 14 votes
    code = ships["author"].cat.codes[ships["arxiv_id"] == "2401.00003"].iloc[0]
    assert authors.iloc[code][["author", "papers", "total_votes"]].tolist() == [
        "Ann Lee", 2, 14]
    assert corpus.author_aliases["author"].dtype == ships["author"].dtype
    assert corpus.author_aliases["author_raw"].dtype == ships["author_raw"].dtype


def test_filter_and_replace_drop_unused_names(corpus):
    day2 = corpus.filter(start="2024-01-03")
    ships = day2.authorships
    assert ships["author"].cat.categories.tolist() == ["Ann Lee", "Éva Kim"]
    counts = ships.groupby("author", observed=False).size()
    assert counts.to_dict() == {"Ann Lee": 1, "Éva Kim": 1}  # no zero rows
    assert ships["author"].value_counts().sort_index().tolist() == [1, 1]
    assert day2.authors["author"].tolist() == ["Ann Lee", "Éva Kim"]
    kept = corpus.authorships[corpus.authorships["author"] == "Bo"]
    assert corpus.replace(authorships=kept).authorships["author"].cat.categories.tolist() == [
        "Bo"]
    assert corpus.filter(author="ann lee").authorships["author"].cat.categories.tolist() == [
        "Ann Lee", "Bo", "Zoë Müller", "Éva Kim"]


def test_string_tables_become_categorical(corpus):
    ships = corpus.authorships.astype({"author": "string", "author_raw": "string"})
    again = ptk.Corpus.from_tables(corpus.papers, ships)
    pd.testing.assert_frame_equal(again.authorships, corpus.authorships)
    pd.testing.assert_frame_equal(again.authors, corpus.authors)
    pd.testing.assert_frame_equal(again.author_aliases, corpus.author_aliases)


def test_consumers_accept_string_names_and_do_not_warn(corpus):
    ships = corpus.authorships.astype({"author": "string", "author_raw": "string"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pandas 2.x warns on categorical groupby defaults
        by_code = votes_by_author(corpus)
        by_text = votes_by_author(corpus.papers, authorships=ships)
        G = network.coauthor_graph(corpus)
        H = network.coauthor_graph(ships)
        corpus.filter(start="2024-01-03").authors  # noqa: B018
    pd.testing.assert_frame_equal(by_code, by_text)
    assert by_code["author"].tolist() == ["Ann Lee", "Éva Kim", "Bo", "Zoë Müller", "Cy Diaz"]
    assert by_code["total_votes"].tolist() == [14, 9, 8, 5, 3]
    assert list(G.nodes) == list(H.nodes) == ["Ann Lee", "Bo", "Cy Diaz", "Zoë Müller",
                                               "Éva Kim"]
    assert sorted(G.edges) == sorted(H.edges)
    assert G.nodes["Cy Diaz"]["label"] == "Cy Diaz"  # raw "Cy  Diaz", normalised


def test_graph_of_a_period_has_only_its_authors(corpus):
    G = network.coauthor_graph(corpus, start="2024-01-03")
    assert list(G.nodes) == ["Ann Lee", "Éva Kim"]
    assert list(G.edges) == [("Ann Lee", "Éva Kim")]


def test_csv_export_is_the_text_export(tmp_path, corpus):
    as_text = {name: table.astype({c: "string" for c in table
                                   if isinstance(table[c].dtype, pd.CategoricalDtype)
                                   and c.startswith("author")})
               for name, table in corpus.tables().items()}
    ptk.export.write_csv(corpus, tmp_path / "codes", excel=True)
    ptk.export.write_csv(as_text, tmp_path / "text", excel=True)
    for name in corpus.tables():
        assert ((tmp_path / "codes" / f"{name}.csv").read_bytes()
                == (tmp_path / "text" / f"{name}.csv").read_bytes()), name
    back = ptk.read_csv(tmp_path / "codes")
    for name, table in corpus.tables().items():
        pd.testing.assert_frame_equal(back[name], table, obj=name)


def test_read_back_shares_categories_between_tables(tmp_path, corpus):
    pytest.importorskip("pyarrow")
    corpus.to_parquet(tmp_path)
    back = ptk.read_parquet(tmp_path)
    assert back["authors"]["author"].dtype == back["authorships"]["author"].dtype
    assert back["author_aliases"]["author"].dtype == back["authorships"]["author"].dtype
    raw = pd.read_parquet(tmp_path / "authorships.parquet")  # the file holds plain text
    assert not isinstance(raw["author"].dtype, pd.CategoricalDtype)


def test_names_holding_nul_stay_apart():
    # pandas < 3 hashes and compares "string" values as C strings: "Ann Lee\0" == "Ann Lee"
    codes, names = sorted_codes(pd.Series(["Ann Lee\x00", "Bo", "Ann Lee", None],
                                          dtype="string"))
    assert codes.tolist() == [1, 2, 0, -1]
    assert names.tolist() == ["Ann Lee", "Ann Lee\x00", "Bo"]
    corpus = ptk.loads("## Daily Papers (2024-01-02)\n### [T](https://arxiv.org/abs/2401.00001)\n"
                       "Authors: Ann Lee\x00, Bo\n### [U](https://arxiv.org/abs/2401.00002)\n"
                       "Authors: Ann Lee\n")
    assert corpus.authorships["author_raw"].tolist() == ["Ann Lee\x00", "Bo", "Ann Lee"]
    assert corpus.author_aliases[["author", "author_raw", "occurrences"]].values.tolist() == [
        ["Ann Lee", "Ann Lee", 1], ["Ann Lee", "Ann Lee\x00", 1]]


def test_unsorted_categories_are_sorted():
    values = pd.Series(pd.Categorical(["b", "a", "c", "a"], categories=["c", "b", "a"]))
    codes, names = sorted_codes(values)
    assert names.tolist() == ["a", "b", "c"]
    assert codes.tolist() == [1, 0, 2, 0]


def test_share_name_categories_unites_the_names():
    tables = {"authorships": pd.DataFrame({"author": ["b", "a"], "author_raw": ["B", "A"]}),
              "authors": pd.DataFrame({"author": ["a", "c"]})}
    out = share_name_categories(tables)
    assert out["authors"]["author"].dtype == out["authorships"]["author"].dtype
    assert out["authorships"]["author"].cat.categories.tolist() == ["a", "b", "c"]
    assert out["authorships"]["author_raw"].cat.codes.tolist() == [1, 0]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=6)), max_size=30))
def test_as_categorical_is_sorted_distinct_names(values):
    series = pd.Series(values, dtype="string")
    cat = as_categorical(series)
    present = [v for v in values if v is not None]
    assert cat.categories.tolist() == sorted(set(present))
    got = [None if code < 0 else cat.categories[code] for code in cat.codes]
    assert got == values
    assert np.all(np.bincount(cat.codes[cat.codes >= 0], minlength=len(cat.categories)) > 0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=5), unique=True, max_size=25), st.data())
def test_from_codes_sorts_names_by_code_point(names, data):
    codes = np.array(data.draw(st.lists(st.integers(-1, len(names) - 1), max_size=30)),
                     dtype=np.intp)
    cat = from_codes(codes, np.array(names, dtype=object))
    used = sorted({names[c] for c in codes if c >= 0})
    assert cat.categories.tolist() == used
    assert [None if c < 0 else cat.categories[c] for c in cat.codes] == [
        None if c < 0 else names[c] for c in codes]
    try:  # names given as Arrow strings (those a lone surrogate keeps out of Arrow aside)
        arrow = pa.array(names, type=pa.string())
    except (pa.ArrowException, UnicodeEncodeError):
        return
    assert from_codes(codes, arrow).equals(cat)
    assert from_codes(codes, arrow).dtype == cat.dtype


def test_argsort_falls_back_for_text_arrow_cannot_hold():
    from papertoolkit._author_ids import _argsort

    names = np.array(["b", "a\ud800", "a", "a\x00"], dtype=object)  # a lone surrogate
    assert _argsort(names).tolist() == [2, 3, 1, 0]


def test_graph_leaves_the_tables_names_writable(corpus):
    # GraphArrays freezes its arrays: never the corpus's own categories (pandas < 3 then
    # failed in groupby(...).nunique() with "buffer source array is read-only")
    network.coauthor_graph(corpus)
    papers = corpus.authorships.groupby("author", observed=False)["arxiv_id"].nunique()
    assert papers.to_dict() == {"Ann Lee": 2, "Bo": 2, "Cy Diaz": 1, "Zoë Müller": 1,
                                "Éva Kim": 1}


def test_aliases_give_categorical_names():
    corpus = ptk.loads(TEXT, aliases={"Bo": "Bo Chen", "Cy  Diaz": "Cyrus Diaz"})
    ships = corpus.authorships
    assert ships["author"].cat.categories.tolist() == [
        "Ann Lee", "Bo Chen", "Cyrus Diaz", "Zoë Müller", "Éva Kim"]
    assert ships["author"].tolist() == ["Zoë Müller", "Ann Lee", "Bo Chen", "Bo Chen",
                                        "Cyrus Diaz", "Ann Lee", "Éva Kim"]
    assert corpus.author_aliases[["author", "author_raw", "rule"]].values.tolist() == [
        ["Bo Chen", "Bo", "alias"], ["Cyrus Diaz", "Cy  Diaz", "alias"]]
