"""Plot plumbing: prepare_axes and a Hangul-capable font (no tofu boxes)."""

from __future__ import annotations

import io
import warnings

import matplotlib
import pytest

from papertoolkit import plots

matplotlib.use("Agg")


def missing_glyph_warnings(fig) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png", dpi=60)
    return [str(w.message) for w in caught if "missing from" in str(w.message)]  # any version


def test_prepare_axes_returns_given_or_new_axes():
    import matplotlib.pyplot as plt

    ax = plots.prepare_axes(None, figsize=(3, 2))
    assert tuple(ax.figure.get_size_inches()) == (3, 2)
    assert plots.prepare_axes(ax) is ax
    plt.close("all")


def test_a_cjk_font_is_found_and_put_first():
    family = plots.use_cjk_font()
    assert family is not None, "no Hangul font: pip install koreanize-matplotlib"
    assert matplotlib.rcParams["font.family"][:2] == [family, "DejaVu Sans"]
    assert plots.use_cjk_font() == family  # idempotent
    assert matplotlib.rcParams["font.family"].count(family) == 1


def test_hangul_and_latin_render_without_missing_glyphs():
    import matplotlib.pyplot as plt

    ax = plots.prepare_axes(None, figsize=(4, 3))
    ax.plot([-2, 0, 2], [1, -1, 3])  # negative ticks use the minus sign U+2212
    ax.set_title("공저자 네트워크 — Co-author network")
    ax.set_xlabel("김철수, Denny Zhou, José García")
    ax.legend(["투표 수 (votes)"])
    assert missing_glyph_warnings(ax.figure) == []
    plt.close("all")


def test_without_the_cjk_font_hangul_would_be_missing():
    """The check above can fail: DejaVu Sans alone has no Hangul."""
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig, ax = plt.subplots(figsize=(3, 2))
        ax.set_title("공저자")
        assert missing_glyph_warnings(fig) != []
    plt.close("all")


def test_user_font_choice_with_hangul_is_kept():
    family = plots.use_cjk_font()
    with matplotlib.rc_context({"font.family": [family, "serif"]}):
        plots.use_cjk_font()
        assert matplotlib.rcParams["font.family"] == [family, "serif"]


def test_missing_font_warns_once(monkeypatch):
    monkeypatch.setattr(plots, "find_cjk_font", lambda: None)
    plots._warn_no_font.cache_clear()
    with pytest.warns(UserWarning, match="koreanize-matplotlib"):
        assert plots.use_cjk_font() is None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert plots.use_cjk_font() is None
    plots._warn_no_font.cache_clear()


def test_an_axes_made_before_the_font_gets_it_titles_included():
    """prepare_axes re-fonts an existing Axes' three titles and labels (found through
    public matplotlib calls), so Hangul set on them later has its glyphs."""
    import matplotlib.pyplot as plt

    plots.use_cjk_font()
    family = list(matplotlib.rcParams["font.family"])
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig, ax = plt.subplots(figsize=(3, 2))
    plots.prepare_axes(ax)
    for loc in ("center", "left", "right"):
        ax.set_title("공저자", loc=loc)
    ax.set_xlabel("투표 수")
    assert missing_glyph_warnings(fig) == []
    assert list(ax.xaxis.label.get_fontfamily()) == family
    plt.close("all")


def test_plots_of_empty_data_say_what_is_missing():
    import networkx as nx
    import pandas as pd

    from papertoolkit import growth, network, votes

    no_votes = pd.DataFrame({"date": ["2024-02-16"], "arxiv_id": ["2402.1"], "votes": [None]})
    no_hub = no_votes.assign(votes=[5], upvotes=[None])
    shown = {
        "votes": votes.plot_vote_distribution(no_votes),
        "growth": growth.plot_vote_growth(no_hub),
        "network": network.plot_network(nx.Graph()),
    }
    texts = {name: [t.get_text() for t in ax.texts] for name, ax in shown.items()}
    assert texts == {"votes": ["no papers with votes"],
                     "growth": ["no paper-day with both a digest vote and a Hub count"],
                     "network": ["empty network: no authors"]}
    matplotlib.pyplot.close("all")  # test_widgets fails on any figure left open
