"""A Corpus is immutable: tables cannot be reassigned; filter() and replace() make new ones,
whose derived tables agree with their base tables."""

from __future__ import annotations

import pandas as pd
import pytest

import papertoolkit as ptk

TEXT = (
    "## Daily Papers (2024-01-02)\n"
    "### [A](https://arxiv.org/abs/2401.00001)\nVote: 5\nAuthors: Ann Lee, Bo Chen\n"
    "### [B](https://arxiv.org/abs/2401.00002)\nVote: 1\nAuthors: Bo Chen\n"
    "## Daily Papers (2024-01-03)\n"
    "### [A](https://arxiv.org/abs/2401.00001)\nVote: 9\nAuthors: Ann Lee, Bo Chen\n"
)


@pytest.fixture
def corpus():
    return ptk.loads(TEXT)


@pytest.mark.parametrize("name", ptk.Corpus.TABLE_NAMES)
def test_tables_cannot_be_assigned_or_deleted(corpus, name):
    before = getattr(corpus, name)
    with pytest.raises(AttributeError, match=f"^Corpus tables are read-only: {name} cannot"):
        setattr(corpus, name, before.head(0))
    with pytest.raises(AttributeError, match="read-only"):
        delattr(corpus, name)
    assert getattr(corpus, name) is before


def test_the_issue_example_now_raises_instead_of_disagreeing(corpus):
    assert len(corpus.papers_unique) == 2
    with pytest.raises(AttributeError, match=r"use corpus\.replace\(papers=\.\.\.\)"):
        corpus.papers = corpus.papers.head(1)
    assert len(corpus.papers) == 3 and len(corpus.papers_unique) == 2


def test_replace_returns_a_new_corpus_whose_derived_tables_follow(corpus):
    first_day = corpus.papers[corpus.papers["date"] == "2024-01-02"]
    new = corpus.replace(papers=first_day)
    assert new is not corpus and len(corpus.papers) == 3  # the original is unchanged
    assert new.papers_unique.set_index("arxiv_id")["max_votes"].to_dict() == {
        "2401.00001": 5, "2401.00002": 1}
    assert corpus.papers_unique.set_index("arxiv_id")["max_votes"].to_dict() == {
        "2401.00001": 9, "2401.00002": 1}
    assert new.authorships is corpus.authorships  # tables not given are shared, not copied
    ships = corpus.authorships[corpus.authorships["author"] != "Ann Lee"]
    assert new.replace(authorships=ships).authors["author"].tolist() == ["Bo Chen"]


def test_replace_checks_its_arguments(corpus):
    with pytest.raises(ValueError, match="^table must be one of 'papers', 'authorships'"):
        corpus.replace(papers_unique=corpus.papers_unique)
    with pytest.raises(TypeError, match="^papers must be DataFrame, got list"):
        corpus.replace(papers=[1, 2])


def test_filter_returns_a_new_corpus_with_agreeing_derived_tables(corpus):
    sub = corpus.filter(end="2024-01-02 09:00")  # a time of day: the whole day is kept
    assert sub is not corpus
    assert sub.papers["date"].dt.strftime("%Y-%m-%d").unique().tolist() == ["2024-01-02"]
    assert sub.papers_unique["max_votes"].tolist() == [5, 1]
    assert sub.authors.set_index("author")["total_votes"].to_dict() == {"Bo Chen": 6,
                                                                       "Ann Lee": 5}
    assert corpus.filter(start="2024-01-03 23:00").papers["votes"].tolist() == [9]
    assert isinstance(sub.papers, pd.DataFrame)
