"""The network code leaves the process's global state (igraph's random generator, the
random module, the garbage collector) as it found it."""

from __future__ import annotations

import gc
import random

import networkx as nx
import pandas as pd
import pytest

from papertoolkit import network as N
from papertoolkit.schema import coerce

PAPERS = {"p1": ["Ann", "Bob", "Cy"], "p2": ["Ann", "Bob"], "p3": ["Dee"], "p4": ["Cy", "Eve"]}


def _authorships() -> pd.DataFrame:
    rows = [
        {"arxiv_id": pid, "date": "2024-02-16", "position": i, "author": a, "author_raw": a}
        for pid, names in PAPERS.items()
        for i, a in enumerate(names, 1)
    ]
    return coerce(pd.DataFrame(rows), "authorships")


def _snapshot(G: nx.Graph) -> tuple:
    return (
        dict(G.graph),
        sorted(G.nodes(data=True)),
        sorted((min(a, b), max(a, b), sorted(d.items())) for a, b, d in G.edges(data=True)),
    )


def test_graph_forgets_cached_results_when_edited():
    G = N.coauthor_graph(_authorships())
    before = N.community_membership(G)
    G.add_edge("Dee", "Eve")
    after = N.community_membership(G)
    assert after["Dee"] == after["Eve"] and before["Dee"] != before["Eve"]


class _CountingGenerator:
    """A generator a program might install into igraph; counts the numbers it hands out."""

    def __init__(self) -> None:
        self.rng = random.Random(123)
        self.calls = 0

    def random(self):
        self.calls += 1
        return self.rng.random()

    def randint(self, a, b):
        self.calls += 1
        return self.rng.randint(a, b)

    def gauss(self, mu, sigma):
        self.calls += 1
        return self.rng.gauss(mu, sigma)


def test_seeded_igraph_keeps_the_callers_generator_and_random_state():
    import igraph as ig
    import matplotlib.pyplot as plt

    G = N.coauthor_graph(_authorships())
    random.seed(99)
    state = random.getstate()
    labels = N.community_membership(G.copy(), seed=4)
    N.plot_network(G.copy(), layout="spring", seed=4)
    plt.close("all")
    assert random.getstate() == state  # the random module is exactly where it was
    assert N.community_membership(G.copy(), seed=4) == labels  # seeded: repeatable

    mine = _CountingGenerator()
    ig.set_random_number_generator(mine)
    try:
        N.community_membership(G.copy(), seed=4)
        calls = mine.calls
        ig.Graph.Erdos_Renyi(n=20, p=0.5)  # igraph still draws from the caller's generator
        assert mine.calls > calls
    finally:
        ig.set_random_number_generator(random)


@pytest.mark.parametrize("enabled", [True, False])
def test_garbage_collector_is_left_as_it_was(enabled):
    frozen = gc.get_freeze_count()
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        G = N.coauthor_graph(_authorships())
        N.author_metrics(G)
        assert gc.isenabled() is enabled
        assert gc.get_freeze_count() == frozen
    finally:
        (gc.enable if was else gc.disable)()
