"""Author-name normalisation: "et al." and "and " in every spelling (issue 9, item 5)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from papertoolkit.authors import normalize_author, normalize_authors

MORE_AUTHORS = [
    "Rishabh Agarwal et al.", "Rishabh Agarwal et al", "Rishabh Agarwal et. al.",
    "Rishabh Agarwal et.al.", "Rishabh Agarwal, et al.", "Rishabh Agarwal et al.,",
    "Rishabh Agarwal Et Al.", "Rishabh Agarwal ET AL", "Rishabh Agarwal et al…",
    "Rishabh Agarwal et al...", "Rishabh Agarwal etal.", "Rishabh Agarwal et-al",
    "Rishabh Agarwal et\u00a0al.", "Rishabh Agarwal etc.", "Rishabh Agarwal and others",
    "Rishabh Agarwal…", "Rishabh Agarwal ...", "Rishabh Agarwal 외", "Rishabh Agarwal 등",
    "Rishabh Agarwal and", "Rishabh Agarwal &", "'Rishabh Agarwal et al.'",
]
LEADING_AND = [
    "and Colin Raffel", "And Colin Raffel", "AND Colin Raffel", "and\u00a0Colin Raffel",
    "& Colin Raffel", "and, Colin Raffel", ", and Colin Raffel", "and  Colin Raffel",
    "&Colin Raffel", "and\tColin Raffel", "ａｎｄ Colin Raffel",
]
KEPT = ["Anderson Smith", "Al Gore", "Etal Cohen", "Tom Etal", "Kim Al", "Jan Etcetera",
        "Karen Metcalf", "J. R. R. Tolkien", "Salvador Dalí", "이외수", "Andy Andrews"]


@pytest.mark.parametrize("raw", MORE_AUTHORS)
def test_more_authors_marker_is_dropped(raw):
    assert normalize_author(raw) == "Rishabh Agarwal"
    assert normalize_authors([raw, "Ann Lee"]) == ["Rishabh Agarwal", "Ann Lee"]


@pytest.mark.parametrize("raw", LEADING_AND)
def test_leading_and_is_dropped(raw):
    assert normalize_author(raw) == "Colin Raffel"
    assert normalize_authors(["Ann Lee", raw]) == ["Ann Lee", "Colin Raffel"]


@pytest.mark.parametrize("name", KEPT)
def test_names_that_only_look_like_markers_are_kept(name):
    assert normalize_author(name) == name
    assert normalize_authors([name]) == [name]


PIECES = st.sampled_from(["Ann", "Lee", "al", "Al", "et", "etc", "and", "And", "&", ",", ".",
                          "…", "...", " ", "  ", "\u00a0", "외", "등", "others", "-", "'",
                          "Ｊｏｈｎ", "é", "İ"])  # (İ lower-cases to two characters)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(PIECES, max_size=6).map("".join), max_size=6))
def test_bulk_equals_one_by_one(raw_names):
    assert normalize_authors(raw_names) == [normalize_author(n) for n in raw_names]


def test_network_labels_never_show_the_markers():
    import papertoolkit as ptk
    from papertoolkit.network import coauthor_graph

    corpus = ptk.loads("## Daily Papers (2024-02-16)\n\n"
                       "### [A](https://arxiv.org/abs/2402.00001)\n\n"
                       "Authors: Rishabh Agarwal et al., and Colin Raffel\n")
    G = coauthor_graph(corpus)
    assert sorted(G.nodes) == ["Colin Raffel", "Rishabh Agarwal"]
    assert sorted(label for _, label in G.nodes(data="label")) == ["Colin Raffel",
                                                                   "Rishabh Agarwal"]
