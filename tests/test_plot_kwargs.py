"""Every plot is ``plot_x(data, *, ax=None, **kwargs) -> Axes`` and its keyword arguments
reach matplotlib (they override papertoolkit's defaults)."""

from __future__ import annotations

import inspect

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.colors import to_rgba

import papertoolkit as ptk
from papertoolkit import growth, network, topics, votes

PLOT_MODULES = (votes, topics, network, growth)


@pytest.fixture(scope="module")
def corpus(data_dir):
    return ptk.load(data_dir)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def public_plots():
    return sorted({(m.__name__, name): getattr(m, name) for m in PLOT_MODULES
                   for name in m.__all__ if name.startswith("plot_")}.items())


@pytest.mark.parametrize("name, plot", public_plots(), ids=lambda x: str(x))
def test_plot_signature(name, plot):
    params = list(inspect.signature(inspect.unwrap(plot)).parameters.values())
    first, rest = params[0], params[1:]
    assert first.kind == first.POSITIONAL_OR_KEYWORD  # the data
    ax = inspect.signature(inspect.unwrap(plot)).parameters["ax"]
    assert ax.kind == ax.KEYWORD_ONLY and ax.default is None
    assert params[-1].kind == params[-1].VAR_KEYWORD
    assert all(p.kind in (p.KEYWORD_ONLY, p.VAR_KEYWORD) or p.name == "author" for p in rest)


def dots(ax):
    """The author dots of a network drawing (zorder 2)."""
    (collection,) = [c for c in ax.collections if c.get_zorder() == 2]
    return collection


def test_plot_network_kwargs_reach_scatter(corpus):
    G = network.coauthor_graph(corpus)
    fig, ax = plt.subplots()
    assert network.plot_network(G, ax=ax, alpha=0.3, edgecolors="black", max_nodes=20) is ax
    assert dots(ax).get_alpha() == 0.3
    assert tuple(dots(ax).get_edgecolor()[0]) == to_rgba("black", 0.3)
    default = network.plot_network(G, max_nodes=20)
    assert dots(default).get_alpha() is None
    assert tuple(dots(default).get_edgecolor()[0]) == to_rgba("white")


def test_plot_ego_kwargs_reach_scatter(corpus):
    G = network.coauthor_graph(corpus)
    author = corpus.authors.sort_values("papers", ascending=False)["author"].iloc[0]
    ax = network.plot_ego(G, author, s=7.0, linewidths=2)
    assert set(dots(ax).get_sizes()) == {7.0}
    assert list(dots(ax).get_linewidths()) == [2]
    star = [c for c in ax.collections if c.get_zorder() == 4]
    assert len(star) == 1  # the author's own star keeps its own style


def test_vote_and_topic_plots_pass_kwargs(corpus):
    ax = votes.plot_votes_over_time(corpus, freq="day", color="C3", marker="s")
    assert ax.lines[0].get_color() == "C3" and ax.lines[0].get_marker() == "s"
    ax = votes.plot_vote_distribution(corpus, color="C2")
    assert {p.get_facecolor() for p in ax.patches} == {to_rgba("C2")}
    ax = votes.plot_votes_vs_authors(corpus, s=31)
    assert list(ax.collections[0].get_sizes()) == [31]
    tags = topics.tag_topics(corpus)
    ax = topics.plot_topic_share(topics.topic_share(corpus, tags), alpha=0.25)
    assert {c.get_alpha() for c in ax.collections} == {0.25}
    terms = pd.DataFrame({"topic": [0, 0, 1], "term": ["kv cache", "양자화", "robot"],
                          "weight": [0.9, 0.5, 0.7]})
    ax = topics.plot_top_terms(terms, color="C4")
    assert {p.get_facecolor() for p in ax.patches} == {to_rgba("C4")}


def test_no_plot_opens_a_window(monkeypatch, corpus):
    shown = []
    monkeypatch.setattr(matplotlib.pyplot, "show", lambda *a, **k: shown.append(1))
    votes.plot_votes_over_time(corpus)
    network.plot_network(network.coauthor_graph(corpus), max_nodes=10)
    assert shown == []
