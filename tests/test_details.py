"""A paper's detail (summary bullets, links, authors, topics) and search snippets."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import papertoolkit as ptk
from papertoolkit.details import PaperIndex, highlight, snippet

DIGEST = """## Daily Papers (2024-06-12)

### [Diffusion <b>Video</b> Agents](https://arxiv.org/abs/2406.00001)

Vote: 12

Authors: Ann Lee, Bo <i>Chen</i>

- ***What's New***: 확산 모델로 video 를 만듭니다. 코드: https://github.com/ann/dva
- **Technical Details**: 프로젝트 페이지 https://ann.github.io/dva 에서 <script>x</script> 확인.
- 레이블 없는 bullet.

## Daily Papers (2024-06-13)

### [Diffusion <b>Video</b> Agents](https://arxiv.org/abs/2406.00001)

Vote: 20

Authors: Ann Lee, Bo <i>Chen</i>

- ***What's New***: 다른 날의 요약은 쓰지 않습니다.
"""


@pytest.fixture(scope="module")
def index():
    corpus = ptk.loads(DIGEST)
    tags = pd.DataFrame({"arxiv_id": ["2406.00001", "2406.00001"],
                         "topic": ["video", "diffusion"],
                         "matched_terms": ["video", "확산; diffusion"]})
    return PaperIndex(corpus, tags, labels={"video": "Video generation"})


def test_bullets_links_topics_of_the_first_appearance(index):
    assert index.bullets("2406.00001") == [
        ("What's New", "확산 모델로 video 를 만듭니다. 코드: https://github.com/ann/dva"),
        ("Technical Details",
         "프로젝트 페이지 https://ann.github.io/dva 에서 <script>x</script> 확인."),
        ("", "레이블 없는 bullet."),
    ]
    kinds = [kind for kind, _ in index.links("2406.00001")]
    assert kinds[0] == "github" and len(kinds) == 2
    assert index.topics("2406.00001") == [("Video generation", ["video"]),
                                          ("diffusion", ["확산", "diffusion"])]
    assert index.authors["2406.00001"] == ["Ann Lee", "Bo <i>Chen</i>"]


def test_html_shows_labels_links_marks_and_escapes(index):
    page = index.html("2406.00001", search="만듭니다")
    assert "<script>" not in page and "<b>Video</b>" not in page and "<i>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert ("<b>What&#x27;s New</b>: <mark>확산</mark> 모델로 <mark>video</mark> 를 "
            "<mark>만듭니다</mark>") in page
    assert "<b>Technical Details</b>:" in page
    assert 'href="https://github.com/ann/dva"' in page and ">GitHub</a>" in page
    assert 'href="https://huggingface.co/papers/2406.00001"' in page
    assert 'href="https://arxiv.org/abs/2406.00001"' in page
    assert "20 votes (largest snapshot)" in page and "listed on 2 day(s)" in page
    assert "Bo &lt;i&gt;Chen&lt;/i&gt;" in page
    assert "다른 날의 요약" not in page  # the first day's summary
    assert "No paper 2499.0" in index.html("2499.0<")


def test_html_lists_a_text_proposals_words_as_its_wording_and_marks_them():
    corpus = ptk.loads(DIGEST)
    # a tag of the text layer without a term match: tag_topics writes "text: " and its words
    tags = pd.DataFrame({"arxiv_id": ["2406.00001"], "topic": ["agents"],
                         "matched_terms": ["text: 프로젝트; 레이블"]})
    page = PaperIndex(corpus, tags).html("2406.00001")
    assert "<b>agents</b> (its wording: <mark>프로젝트</mark>, <mark>레이블</mark>)" in page
    assert "text:" not in page
    assert "<mark>프로젝트</mark> 페이지" in page and "<mark>레이블</mark> 없는" in page


def test_snippet_and_highlight():
    text = "Large language models use 확산 steps; Diffusion again."
    assert snippet(text, "diffusion", width=10) == "…steps; <mark>Diffusion</mark> again."
    assert snippet(text, "nothing") == "" and snippet(text, "  ") == ""
    assert snippet("<a>확산</a>", "확산") == "&lt;a&gt;<mark>확산</mark>&lt;/a&gt;"
    assert highlight("LLM and llm", ["llm"]) == "<mark>LLM</mark> and <mark>llm</mark>"
    assert highlight("x<y", []) == "x&lt;y"


@given(st.text(max_size=40), st.text(min_size=1, max_size=5))
def test_snippet_marks_the_match_and_escapes(text, needle):
    out = snippet(text, needle)
    if needle.strip() and re.search(re.escape(needle.strip()), text, re.IGNORECASE):
        assert out.count("<mark>") == 1 and "<" not in out.replace("<mark>", "").replace(
            "</mark>", "")
    else:
        assert out == ""


def _simple_index(corpus):
    """Bullets, links and authors of each paper, by plain loops over the rows (the reference
    for PaperIndex's per-paper lookups)."""
    bullets, links, authors, first = {}, {}, {}, {}
    for i, d in zip(corpus.bullets["arxiv_id"].astype(str), corpus.bullets["date"], strict=True):
        first[i] = d if i not in first or d < first[i] else first[i]
    rows = sorted((str(r.arxiv_id), r.position, k, r) for k, r in
                  enumerate(corpus.bullets.itertuples()) if r.date == first[str(r.arxiv_id)])
    for i, _, _, r in rows:
        bullets.setdefault(i, []).append(("" if pd.isna(r.label) else str(r.label),
                                          "" if pd.isna(r.text) else str(r.text)))
    for r in corpus.links.itertuples():
        seen = links.setdefault(str(r.arxiv_id), [])
        if (str(r.kind), str(r.url)) not in seen:
            seen.append((str(r.kind), str(r.url)))
    ships = corpus.authorships.dropna(subset=["arxiv_id", "author"])
    day = ships.groupby("arxiv_id")["date"].min().to_dict()
    for r in sorted(ships.itertuples(), key=lambda r: (str(r.arxiv_id), r.position)):
        if r.date == day[r.arxiv_id]:
            names = authors.setdefault(str(r.arxiv_id), [])
            if str(r.author) not in names:
                names.append(str(r.author))
    return bullets, links, authors


@pytest.mark.parametrize("which", ["sample", "real"])
def test_per_paper_lookups_equal_plain_loops(which, request):
    if which == "sample":
        corpus = ptk.load(request.getfixturevalue("data_dir"), progress=False)
    else:
        corpus = request.getfixturevalue("real_corpus")
    index = PaperIndex(corpus)
    bullets, links, authors = _simple_index(corpus)
    ids = corpus.papers_unique["arxiv_id"].astype(str).tolist()
    assert sum(len(v) for v in bullets.values()) > len(ids)  # the corpus has bullets
    for i in ids:
        assert index.bullets(i) == bullets.get(i, [])
        assert index.links(i) == links.get(i, [])
        assert index.authors.get(i, []) == authors.get(i, [])
    assert set(index.authors) == set(authors)
