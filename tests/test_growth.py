"""vote_growth / plot_vote_growth, and the votes= choice of the vote analyses."""

from __future__ import annotations

import json
import shutil

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from conftest import DATA_DIR
from hub_api import api_entries, sample_corpus, settled

import papertoolkit as ptk
from papertoolkit import growth, votes

DAYS = ["2024-02-16", "2024-02-19"]  # a Friday and a Monday


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    digests = sample_corpus()
    folder = tmp_path_factory.mktemp("merged")
    for day in DAYS:
        shutil.copy(DATA_DIR / f"{day}.md", folder / f"{day}.md")
        (folder / f"{day}.json").write_text(json.dumps(api_entries(digests, day)),
                                            encoding="utf-8")
    return ptk.load(folder), digests


def _expected(digests) -> pd.DataFrame:
    p = digests.papers[digests.papers["date"].isin(pd.to_datetime(DAYS))]
    p = p[p["votes"].notna()].sort_values(["date", "rank"]).drop_duplicates("arxiv_id")
    return p.assign(upvotes=[settled(v, i) for v, i in zip(p["votes"], p["arxiv_id"],
                                                            strict=True)])


def test_vote_growth_per_paper_is_upvotes_minus_snapshot(merged):
    corpus, digests = merged
    expected = _expected(digests)
    got = growth.vote_growth(corpus)
    assert got["arxiv_id"].tolist() == expected["arxiv_id"].tolist()
    assert got["votes"].tolist() == expected["votes"].tolist()
    assert got["upvotes"].tolist() == expected["upvotes"].tolist()
    assert got["growth"].tolist() == (expected["upvotes"] - expected["votes"]).tolist()
    assert got["ratio"].round(6).tolist() == (
        expected["upvotes"] / expected["votes"]).round(6).tolist()


def test_vote_growth_by_weekday_media_and_topic(merged):
    corpus, digests = merged
    expected = _expected(digests)
    expected = expected.assign(growth=expected["upvotes"] - expected["votes"],
                               weekday=expected["date"].dt.day_name())
    by_day = growth.vote_growth(corpus, by="weekday")
    assert by_day["weekday"].astype(str).tolist() == ["Monday", "Friday"]
    want = expected.groupby("weekday")["growth"].median()
    assert by_day["median_growth"].tolist() == [want["Monday"], want["Friday"]]
    assert by_day["papers"].tolist() == [(expected["weekday"] == "Monday").sum(),
                                         (expected["weekday"] == "Friday").sum()]
    by_media = growth.vote_growth(corpus, by="media_kind")
    assert by_media["papers"].sum() == len(expected)
    topics = pd.DataFrame({"arxiv_id": expected["arxiv_id"].tolist()[:3] * 2,
                           "topic": ["a"] * 3 + ["b"] * 3})
    by_topic = growth.vote_growth(corpus, by="topic", topics=topics)
    assert by_topic[["topic", "papers"]].values.tolist() == [["a", 3], ["b", 3]]
    assert by_topic["median_upvotes"].iloc[0] == expected["upvotes"].head(3).median()


def test_vote_growth_checks_its_arguments(merged):
    corpus, _ = merged
    with pytest.raises(ValueError, match="by must be one of"):
        growth.vote_growth(corpus, by="month")
    with pytest.raises(ValueError, match="needs topics="):
        growth.vote_growth(corpus, by="topic")
    with pytest.raises(ValueError, match="the papers table has no column 'votes'"):
        growth.vote_growth(pd.DataFrame({"date": [], "arxiv_id": []}))
    assert growth.vote_growth(sample_corpus()).empty  # digests alone: no settled counts


def test_plot_vote_growth_returns_axes_and_passes_kwargs(merged):
    corpus, _ = merged
    fig, ax = plt.subplots()
    assert growth.plot_vote_growth(corpus, ax=ax, color="red") is ax
    assert len(ax.collections[0].get_offsets()) == len(growth.vote_growth(corpus))
    ax2 = growth.plot_vote_growth(corpus, by="weekday")
    assert [t.get_text() for t in ax2.get_xticklabels()] == ["Monday", "Friday"]
    plt.close("all")


def test_vote_analyses_take_a_votes_choice(merged):
    corpus, digests = merged
    days = digests.papers[digests.papers["date"].isin(pd.to_datetime(DAYS))]
    best = {}  # every paper-day has a Hub count; a paper counts once, with its largest
    for v, i in zip(days["votes"], days["arxiv_id"], strict=True):
        best[i] = max(best.get(i, 0), settled(v, i))
    expected = sorted(best.items(), key=lambda kv: -kv[1])[:3]
    top = votes.top_papers(corpus, n=3, votes="upvotes")
    assert list(zip(top["arxiv_id"], top["votes"], strict=True)) == expected
    default = votes.top_papers(corpus, n=3)
    assert default["votes"].tolist() == sorted(days.groupby("arxiv_id")["votes"].max(),
                                               reverse=True)[:3]
    with pytest.raises(ValueError, match="votes must be one of"):
        votes.votes_over_time(corpus, votes="likes")
    with pytest.raises(ValueError, match="no column 'upvotes'"):
        votes.top_papers(pd.DataFrame({"date": [], "rank": [], "arxiv_id": [], "title": [],
                                       "url": [], "votes": []}), votes="upvotes")
