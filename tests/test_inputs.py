"""One input accessor: every analysis reads a Corpus or its tables the same way, and a wrong
kind of input or a missing column gives the same message in every module."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import papertoolkit as ptk
from papertoolkit import growth, topics, votes
from papertoolkit.network import coauthor_graph


@pytest.fixture(scope="module")
def corpus(data_dir):
    return ptk.load(data_dir)


def no_column(func: str, table: str, column: str, have: str) -> str:
    return re.escape(f"{func}: the {table} table has no column {column!r} (it has {have}); ")


WRONG_KIND = [
    (lambda: votes.top_papers(42), "top_papers", "papers", "int"),
    (lambda: votes.votes_by_topic([], pd.DataFrame()), "votes_by_topic", "tags", "DataFrame"),
    (lambda: topics.keywords("data/"), "keywords", "papers", "str"),
    (lambda: topics.topic_share(42, pd.DataFrame()), "topic_share", "papers", "int"),
    (lambda: topics.discover_topics(None), "discover_topics", "papers", "NoneType"),
    (lambda: topics.with_topics(42, pd.DataFrame()), "with_topics", "papers", "int"),
    (lambda: coauthor_graph([("A", "B")]), "coauthor_graph", "authorships", "list"),
    (lambda: growth.vote_growth(3.5), "vote_growth", "papers", "float"),
]


@pytest.mark.parametrize("call, func, table, kind", WRONG_KIND,
                         ids=[w[1] for w in WRONG_KIND])
def test_wrong_kind_of_input(call, func, table, kind):
    if kind == "DataFrame":  # votes_by_topic reads its tags first: an empty frame lacks columns
        with pytest.raises(ValueError, match=no_column(func, "tags", "arxiv_id", "no columns")):
            call()
        return
    with pytest.raises(TypeError, match=re.escape(
            f"{func}: data must be a Corpus or its {table} DataFrame, got {kind}")):
        call()


def test_missing_columns_same_message_everywhere(corpus):
    ids = pd.DataFrame({"id": ["1"]})
    with pytest.raises(ValueError, match=no_column("top_papers", "papers", "date", "'id'")):
        votes.top_papers(ids)
    with pytest.raises(ValueError, match=no_column("keywords", "papers", "arxiv_id", "'id'")):
        topics.keywords(ids)
    with pytest.raises(ValueError, match=no_column("topic_share", "papers", "arxiv_id",
                                                   "'id'")):
        topics.topic_share(ids, pd.DataFrame({"arxiv_id": [], "topic": []}))
    with pytest.raises(ValueError, match=no_column("topic_share", "tags", "topic",
                                                   "'arxiv_id'")):
        topics.topic_share(corpus, pd.DataFrame({"arxiv_id": ["1"]}))
    with pytest.raises(ValueError, match=no_column("with_topics", "papers", "arxiv_id",
                                                   "'id'")):
        topics.with_topics(ids, pd.DataFrame({"arxiv_id": [], "topic": []}))
    with pytest.raises(ValueError, match=no_column("coauthor_graph", "authorships", "author",
                                                   "'arxiv_id'")):
        coauthor_graph(pd.DataFrame({"arxiv_id": ["p1"]}))
    with pytest.raises(ValueError, match=no_column("coauthor_graph", "authorships", "date",
                                                   "'arxiv_id', 'author'")
                       + "start/end need the day of each authorship"):
        coauthor_graph(pd.DataFrame({"arxiv_id": ["p1"], "author": ["A"]}), start="2024-01-01")
    with pytest.raises(ValueError, match=no_column("coauthor_graph", "papers", "arxiv_id",
                                                   "'id'")):
        coauthor_graph(corpus, papers=ids)
    with pytest.raises(ValueError, match=no_column("vote_growth", "papers", "upvotes",
                                                   "'date', 'arxiv_id', 'votes'")
                       + "vote growth needs digest votes and Hub upvotes"):
        growth.vote_growth(pd.DataFrame({"date": [], "arxiv_id": [], "votes": []}))
    with pytest.raises(ValueError, match=no_column("rank_within_day", "papers", "upvotes",
                                                   "'date', 'votes', 'arxiv_id'")
                       + "it comes from Hub data"):
        votes.rank_within_day(pd.DataFrame({"date": [], "votes": [], "arxiv_id": []}),
                              votes="upvotes")


def test_a_corpus_and_its_tables_give_the_same_result(corpus):
    tags = topics.tag_topics(corpus)
    pd.testing.assert_frame_equal(topics.topic_share(corpus, tags),
                                  topics.topic_share(corpus.papers, tags))
    pd.testing.assert_frame_equal(topics.topic_share(corpus, tags),
                                  topics.topic_share(corpus.papers_unique, tags))
    pd.testing.assert_frame_equal(topics.with_topics(corpus, tags),
                                  topics.with_topics(corpus.papers, tags))
    G = coauthor_graph(corpus)
    H = coauthor_graph(corpus.authorships, papers=corpus.papers)
    assert dict(G.nodes(data=True)) == dict(H.nodes(data=True))
    assert sorted(G.edges(data="weight")) == sorted(H.edges(data="weight"))
