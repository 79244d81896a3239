"""Parser: exact values on small digests, every format variant, bad input, properties."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import papertoolkit as ptk
from papertoolkit.parse import DigestParseError, classify_link, parse_arxiv_url, parse_heading

REFERENCE = """## Daily Papers (2024-02-16)

### [Chain-of-Thought Reasoning Without Prompting](https://arxiv.org/abs/2402.10200)

![](https://cdn-uploads.huggingface.co/production/uploads/60f1/SXhp.png)

Vote: 33

Authors: Xuezhi Wang, Denny Zhou

- 프롬프트 없이도 LLM 이 CoT 경로를 따른다는 점을 보였다.
- top-k 대체 토큰을 살펴 디코딩만 바꾼다.

### [Generative Representational Instruction Tuning](https://arxiv.org/abs/2402.09906)

![](https://cdn-uploads.huggingface.co/production/uploads/60f1/v8Mp.png)

Vote: 19

Authors: Nan Yang, Amanpreet Singh, Niklas Muennighoff

- 생성과 임베딩을 하나의 모델(GRIT)로 다룬다.
- 코드는 https://github.com/ContextualAI/gritlm에서 공개.
"""


def papers_of(text: str, **kwargs) -> pd.DataFrame:
    return ptk.loads(text, **kwargs).papers


# ----------------------------------------------------------------------------- basics
def test_reference_digest_exact_values():
    corpus = ptk.loads(REFERENCE)
    papers = corpus.papers
    assert papers["arxiv_id"].tolist() == ["2402.10200", "2402.09906"]
    assert papers["title"].iloc[0] == "Chain-of-Thought Reasoning Without Prompting"
    assert papers["votes"].tolist() == [33, 19]
    assert papers["rank"].tolist() == [1, 2]
    assert papers["date"].dt.strftime("%Y-%m-%d").unique().tolist() == ["2024-02-16"]
    assert papers["media_kind"].tolist() == ["image", "image"]
    assert papers["n_authors"].tolist() == [2, 3]
    assert papers["n_bullets"].tolist() == [2, 2]
    assert papers["line"].tolist() == [3, 14]
    ships = corpus.authorships
    assert ships.loc[ships.arxiv_id == "2402.09906", "author"].tolist() == [
        "Nan Yang", "Amanpreet Singh", "Niklas Muennighoff"]
    assert ships["position"].tolist() == [1, 2, 1, 2, 3]
    assert corpus.links["url"].tolist() == ["https://github.com/ContextualAI/gritlm"]
    assert corpus.links["kind"].tolist() == ["github"]
    assert corpus.problems.empty


def test_dtypes_are_analysis_ready():
    papers = papers_of(REFERENCE)
    assert str(papers["date"].dtype) == "datetime64[ns]"
    assert str(papers["votes"].dtype) == "Int64"
    assert isinstance(papers["media_kind"].dtype, pd.CategoricalDtype)
    assert isinstance(papers["title"].dtype, pd.StringDtype)


def test_missing_votes_are_na_not_zero():
    text = ("## Daily Papers (2023-11-20)\n\n### [A](https://arxiv.org/abs/2311.10122)\n\n"
            "- 요약\n\n### [B](https://arxiv.org/abs/2311.10709)\n\nVote: -\n\n- 요약\n"
            "### [C](https://arxiv.org/abs/2311.10710)\nVote: 0\n")
    papers = papers_of(text)
    assert papers["votes"].isna().tolist() == [True, True, False]
    assert papers["votes"].iloc[2] == 0


def test_author_variants():
    text = ("## Daily Papers (2024-10-18)\n\n### [A](https://arxiv.org/abs/2410.00001)\n\n"
            "Authors: ['Cai Zhou', 'Wanli Ouyang', 'and Lei Bai']\n\n"
            "### [B](https://arxiv.org/abs/2410.00002)\n\n"
            "Authors: Lei  Bai, Ｊｏｈｎ Doe et al., Kate Baumli, Kate Baumli, +\n\n"
            "### [C](https://arxiv.org/abs/2410.00003)\n\n- no authors line\n")
    corpus = ptk.loads(text)
    ships = corpus.authorships
    assert ships.loc[ships.arxiv_id == "2410.00001", "author"].tolist() == [
        "Cai Zhou", "Wanli Ouyang", "Lei Bai"]
    assert ships.loc[ships.arxiv_id == "2410.00002", "author"].tolist() == [
        "Lei Bai", "John Doe", "Kate Baumli"]
    assert corpus.papers["n_authors"].tolist() == [3, 3, 0]
    aliases = corpus.author_aliases
    lei = aliases[aliases.author == "Lei Bai"]
    assert sorted(lei["author_raw"].tolist()) == ["Lei  Bai", "and Lei Bai"]
    assert corpus.authors.set_index("author").loc["Lei Bai", "papers"] == 2


def test_author_alias_override():
    text = ("## Daily Papers (2024-01-02)\n### [A](https://arxiv.org/abs/2401.00001)\n"
            "Authors: J. Doe, Ann Lee\n### [B](https://arxiv.org/abs/2401.00002)\n"
            "Authors: John Doe\n")
    corpus = ptk.loads(text, aliases={"J. Doe": "John Doe"})
    row = corpus.authors.set_index("author").loc["John Doe"]
    assert row["papers"] == 2 and row["coauthors"] == 1


def test_media_variants():
    text = """## Daily Papers (2023-11-21)

### [V](https://arxiv.org/abs/2311.10982)

[Watch Video](https://cdn-uploads.huggingface.co/a/QPq.mp4)
<div><video controls src="https://cdn-uploads.huggingface.co/a/QPq.mp4" muted="false"></video></div>

Authors: A B
### [W](https://arxiv.org/abs/2311.10983)
<video src='https://cdn-uploads.huggingface.co/a/D-W.mp4'></video>

### [X](https://arxiv.org/abs/2311.10984)

![](/avatars/e4f630616a16a7fc691b5275bb62f2aa.svg)

### [Y](https://arxiv.org/abs/2311.10985)

Vote: 3
"""
    papers = papers_of(text)
    assert papers["media_kind"].tolist() == ["video", "video", "image", "none"]
    assert papers["media_url"].tolist()[:3] == [
        "https://cdn-uploads.huggingface.co/a/QPq.mp4",
        "https://cdn-uploads.huggingface.co/a/D-W.mp4",
        "/avatars/e4f630616a16a7fc691b5275bb62f2aa.svg"]
    assert pd.isna(papers["media_url"].iloc[3])
    assert papers["n_bullets"].tolist() == [0, 0, 0, 0]  # HTML is not summary text


def test_summary_variants_labels_nesting_numbers_blank_lines():
    text = ("## Daily Papers (2024-06-12)\n### [T](https://arxiv.org/abs/2406.07550)\n"
            "Vote: 5\n"
            "- **What's New**: 새로운 1D tokenizer.\n"
            "- ***Technical Details***: ViT encoder 와 <EOS> 토큰.\n"
            "  - (1) nested item\n"
            "\n"
            "1. **Tokenizer**: numbered\n"
            "2) second\n"
            "lazy continuation of the second\n"
            "\n"
            "A paragraph without a marker.\n"
            "- form\x0cfeed inside\n"
            "### [U](https://arxiv.org/abs/2406.07551)\n")
    corpus = ptk.loads(text)
    bullets = corpus.bullets[corpus.bullets.arxiv_id == "2406.07550"]
    assert bullets["label"].fillna("-").tolist()[:4] == [
        "What's New", "Technical Details", "-", "Tokenizer"]
    assert bullets["level"].tolist() == [0, 0, 1, 0, 0, 0, 0]
    assert bullets["text"].tolist() == [
        "새로운 1D tokenizer.", "ViT encoder 와 <EOS> 토큰.", "(1) nested item", "numbered",
        "second lazy continuation of the second", "A paragraph without a marker.",
        "form feed inside"]
    assert corpus.papers["n_bullets"].tolist() == [7, 0]
    assert corpus.papers["summary"].iloc[0].split("\n")[0] == "새로운 1D tokenizer."


def test_titles_with_escapes_latex_and_brackets():
    assert parse_heading(r"### [$\sim$20 Seconds \textsc{AIEV}](https://arxiv.org/abs/2404.1)") \
        == (r"$\sim$20 Seconds \textsc{AIEV}", "https://arxiv.org/abs/2404.1")
    assert parse_heading(r"### [A \*star\* and \_x\_ [v2]](https://arxiv.org/abs/2401.1)")[0] \
        == "A *star* and _x_ [v2]"
    assert parse_heading("### [Q&amp;A: \"quoted\" 'single'](https://arxiv.org/abs/1)")[0] \
        == "Q&A: \"quoted\" 'single'"
    assert parse_heading("### [**Bold** title](https://arxiv.org/abs/1)")[0] == "Bold title"
    assert parse_heading("### Missing link title") is None


def test_arxiv_ids_new_old_and_versions():
    assert parse_arxiv_url("https://arxiv.org/abs/2402.10200") == ("2402.10200", None)
    assert parse_arxiv_url("https://arxiv.org/abs/2402.10200v3") == ("2402.10200", 3)
    assert parse_arxiv_url("https://arxiv.org/pdf/1401.1234v1.pdf") == ("1401.1234", 1)
    assert parse_arxiv_url("https://arxiv.org/abs/hep-th/9901001v2") == ("hep-th/9901001", 2)
    assert parse_arxiv_url("https://arxiv.org/abs/math.GT/0309136") == ("math.GT/0309136", None)
    assert parse_arxiv_url("https://huggingface.co/papers/2402.10200") == ("2402.10200", None)
    assert parse_arxiv_url("https://example.com/paper") == (None, None)


def test_link_kinds():
    assert classify_link("https://github.com/a/b") == "github"
    assert classify_link("https://huggingface.co/datasets/x") == "huggingface"
    assert classify_link("https://arxiv.org/abs/1") == "arxiv"
    assert classify_link("https://ziplora.github.io") == "project"
    assert classify_link("https://example.org", "프로젝트 페이지: https://example.org") == "project"
    assert classify_link("https://example.org") == "other"


def test_links_markdown_and_bare_urls():
    text = ("## Daily Papers (2024-01-02)\n### [A](https://arxiv.org/abs/2401.00001)\n"
            "- 코드: [repo](https://github.com/o/r) 및 https://o.github.io/p/. (데모 "
            "https://huggingface.co/spaces/o/d)\n")
    links = ptk.loads(text).links
    assert links["url"].tolist() == ["https://github.com/o/r", "https://o.github.io/p/",
                                     "https://huggingface.co/spaces/o/d"]
    assert links["kind"].tolist() == ["github", "project", "huggingface"]


def test_two_sections_same_date_and_no_blank_lines():
    text = ("## Daily Papers (2024-10-18)\n### [A](https://arxiv.org/abs/2410.00001)\n- a\n"
            "## Daily Papers (2024-10-18)\n### [B](https://arxiv.org/abs/2410.00002)\n- b\n")
    corpus = ptk.loads(text)
    assert corpus.papers["rank"].tolist() == [1, 2]
    assert corpus.problems.empty


# ----------------------------------------------------------------------------- bad input
def test_heading_without_link_is_an_error_with_line():
    text = ("## Daily Papers (2024-01-02)\n\n### [Broken title]\n\nVote: 3\n\n"
            "### [Good](https://arxiv.org/abs/2401.00001)\n### [Not arXiv](https://ex.com/p)\n")
    corpus = ptk.loads(text, source="day.md")
    assert corpus.papers["title"].tolist() == ["Good"]
    problems = corpus.problems
    assert problems[["file", "line", "severity"]].values.tolist() == [
        ["day.md", 3, "error"], ["day.md", 8, "error"]]
    assert "no [title](url) link" in problems["reason"].iloc[0]
    assert "not an arXiv URL" in problems["reason"].iloc[1]
    assert len(corpus.papers) + len(problems) == corpus.n_headings == 3


def test_strict_mode_raises_with_file_and_line():
    with pytest.raises(DigestParseError, match=r"day\.md:3: paper heading has no"):
        ptk.loads("## Daily Papers (2024-01-02)\n\n### [Broken]\n", source="day.md", strict=True)


def test_duplicate_within_day_is_reported_and_kept_once():
    text = ("## Daily Papers (2024-01-02)\n### [A](https://arxiv.org/abs/2401.00001)\nVote: 1\n"
            "### [A](https://arxiv.org/abs/2401.00001)\nVote: 1\n")
    corpus = ptk.loads(text)
    assert len(corpus.papers) == 1
    assert corpus.problems["reason"].iloc[0].startswith("duplicate of the paper at line 2")
    assert corpus.problems["line"].iloc[0] == 4


def test_bom_crlf_and_cp949_files(tmp_path):
    body = REFERENCE.replace("\n", "\r\n")
    (tmp_path / "2024-02-16.md").write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    (tmp_path / "2024-02-19.md").write_bytes(
        REFERENCE.replace("2024-02-16", "2024-02-19").encode("cp949"))
    corpus = ptk.load(tmp_path)
    assert len(corpus.papers) == 4
    assert corpus.papers["title"].iloc[0] == "Chain-of-Thought Reasoning Without Prompting"
    assert not corpus.papers["title"].str.contains("\r").any()
    first_bullet = "프롬프트 없이도 LLM 이 CoT 경로를 따른다는 점을 보였다."
    assert corpus.bullets["text"].iloc[0] == first_bullet
    assert corpus.bullets["text"].iloc[-1] == corpus.bullets["text"].iloc[3]  # cp949 decoded
    problems = corpus.problems
    assert len(problems) == 1 and problems["file"].iloc[0].endswith("2024-02-19.md")
    assert "CP949" in problems["reason"].iloc[0] and problems["severity"].iloc[0] == "warning"


def test_empty_binary_and_non_digest_files(tmp_path):
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "blob.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "notes.md").write_text("# My notes\n\nnothing here\n", encoding="utf-8")
    corpus = ptk.load(tmp_path)
    assert corpus.papers.empty
    reasons = dict(zip(corpus.problems["file"].map(lambda f: f.rsplit("/", 1)[-1]),
                       corpus.problems["reason"], strict=True))
    assert reasons["empty.md"].startswith("empty file")
    assert reasons["blob.md"].startswith("binary file")
    assert reasons["notes.md"].startswith("not a Daily Papers digest")
    assert "<Corpus days=0, paper rows=0" in repr(corpus)


def test_date_from_file_name_when_header_missing(tmp_path):
    path = tmp_path / "paper_logs__2024__02__16.md"
    path.write_text("### [A](https://arxiv.org/abs/2402.00001)\nVote: 2\n", encoding="utf-8")
    corpus = ptk.load(path)
    assert corpus.papers["date"].iloc[0] == pd.Timestamp("2024-02-16")
    assert "taken from the file name" in corpus.problems["reason"].iloc[0]
    nodate = tmp_path / "x.md"
    nodate.write_text("### [A](https://arxiv.org/abs/2402.00001)\n", encoding="utf-8")
    corpus = ptk.load(nodate)
    assert corpus.papers["date"].isna().all() and len(corpus.papers) == 1
    assert "date left empty" in corpus.problems["reason"].iloc[0]


def test_missing_source_gives_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        ptk.load(tmp_path / "nope")
    with pytest.raises(FileNotFoundError, match=r"no digest files \(\*\.md\) in folder"):
        ptk.load(tmp_path)


def test_inputs_glob_list_and_file_object(tmp_path):
    (tmp_path / "a.md").write_text(REFERENCE, encoding="utf-8")
    (tmp_path / "b.md").write_text(REFERENCE.replace("2024-02-16", "2024-02-17"), "utf-8")
    assert len(ptk.load(str(tmp_path / "*.md")).papers) == 4
    assert len(ptk.load([tmp_path / "a.md"]).papers) == 2
    with open(tmp_path / "b.md", "rb") as handle:
        assert ptk.load(handle).papers["date"].iloc[0] == pd.Timestamp("2024-02-17")


def test_filter_and_repr_html_escapes():
    text = ("## Daily Papers (2024-01-02)\n### [<script>alert(1)</script> A]"
            "(https://arxiv.org/abs/2401.00001)\nVote: 5\nAuthors: José García\n"
            "## Daily Papers (2024-01-03)\n### [B](https://arxiv.org/abs/2401.00002)\nVote: 1\n"
            "Authors: Ann Lee\n- diffusion 모델\n")
    corpus = ptk.loads(text)
    assert corpus.filter(author="jose  garcia").papers["arxiv_id"].tolist() == ["2401.00001"]
    assert corpus.filter(start="2024-01-03").papers["arxiv_id"].tolist() == ["2401.00002"]
    assert corpus.filter(text="DIFFUSION").papers["arxiv_id"].tolist() == ["2401.00002"]
    sub = corpus.filter(min_votes=2)
    assert sub.authorships["author"].tolist() == ["José García"]
    assert len(corpus.papers) == 2  # the original is unchanged
    html = corpus._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html


# ----------------------------------------------------------------------------- properties
_WORD = st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "가나다라마바사아자차카타파하éüñ")),
                min_size=1, max_size=8)
# "more authors" markers ("etc", "et al", "and others", a dangling "and") and a leading "and "
# are not names (any case): the generator leaves them out
_MARKER = re.compile(r"(?:^|\s)(?:etc|and|et al|and others)$|^and\s", re.IGNORECASE)
_NAME = st.lists(_WORD, min_size=1, max_size=3).map(" ".join).filter(
    lambda n: _MARKER.search(n) is None)
_TITLE_CHARS = st.sampled_from(list("abcXYZ019 가나-:!?&*_[]()$^\\`<>'\"~#%+=/.,"))
_TITLE = st.text(alphabet=_TITLE_CHARS, min_size=1, max_size=40).map(
    lambda s: re.sub(r"\s+", " ", s).strip()).filter(bool)
_BULLET = st.text(alphabet=st.sampled_from(list("abc XYZ 가나다 019:.,()'\"%")), min_size=1,
                  max_size=40).map(lambda s: re.sub(r"\s+", " ", s).strip()).filter(bool)
_PAPER = st.fixed_dictionaries({
    "title": _TITLE,
    "votes": st.none() | st.integers(min_value=0, max_value=5000),
    "authors": st.lists(_NAME, max_size=6, unique=True),
    "bullets": st.lists(_BULLET, max_size=5),
    "media": st.sampled_from(["image", "video", "none"]),
})


def _escape(text: str) -> str:
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


def _render(date: str, papers: list[dict]) -> str:
    lines = [f"## Daily Papers ({date})", ""]
    for i, paper in enumerate(papers):
        lines += [f"### [{_escape(paper['title'])}](https://arxiv.org/abs/2401.{i:05d})", ""]
        if paper["media"] == "image":
            lines += [f"![](https://cdn.example/{i}.png)", ""]
        elif paper["media"] == "video":
            lines += [f"[Watch Video](https://cdn.example/{i}.mp4)",
                      f'<div><video controls src="https://cdn.example/{i}.mp4"></video></div>',
                      ""]
        if paper["votes"] is not None:
            lines += [f"Vote: {paper['votes']}", ""]
        if paper["authors"]:
            lines += ["Authors: " + ", ".join(paper["authors"]), ""]
        lines += [f"- {b}" for b in paper["bullets"]] + [""]
    return "\n".join(lines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(papers=st.lists(_PAPER, min_size=1, max_size=6),
       newline=st.sampled_from(["\n", "\r\n"]), bom=st.booleans())
def test_generated_digests_round_trip(papers, newline, bom):
    text = _render("2024-01-31", papers).replace("\n", newline)
    corpus = ptk.loads(("\ufeff" if bom else "") + text)
    got = corpus.papers
    assert corpus.problems.empty
    assert got["title"].tolist() == [p["title"] for p in papers]
    assert [None if pd.isna(v) else v for v in got["votes"]] == [p["votes"] for p in papers]
    assert got["media_kind"].tolist() == [p["media"] for p in papers]
    assert got["rank"].tolist() == list(range(1, len(papers) + 1))
    for i, paper in enumerate(papers):
        arxiv_id = f"2401.{i:05d}"
        ships = corpus.authorships[corpus.authorships.arxiv_id == arxiv_id]
        assert ships["author"].tolist() == paper["authors"]
        bullets = corpus.bullets[corpus.bullets.arxiv_id == arxiv_id]
        assert bullets["text"].tolist() == paper["bullets"]


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=300), st.sampled_from([b"", b"### [B](https://arxiv.org/abs/2401.2)\n"]))
def test_arbitrary_bytes_never_crash_and_lose_no_heading(tmp_path_factory, data, extra):
    raw = (b"## Daily Papers (2024-01-02)\n### [A](https://arxiv.org/abs/2401.00001)\n"
           + data + b"\n" + extra)
    path = tmp_path_factory.mktemp("bytes") / "x.md"
    path.write_bytes(raw)
    corpus = ptk.load(path)
    problems = corpus.problems
    if (problems["reason"].str.startswith("binary file")).any():
        assert corpus.papers.empty
        return
    # independent count of heading lines, straight from the bytes
    headings = sum(1 for line in re.split(rb"\r\n|\r|\n", raw.lstrip(b"\xef\xbb\xbf"))
                   if line.replace(b"\x00", b"").startswith(b"### ")
                   or line.replace(b"\x00", b"").rstrip() == b"###")
    lost = problems[(problems["severity"] == "error")
                    | problems["reason"].str.startswith("duplicate")]
    assert len(corpus.papers) + len(lost) == headings


# ----------------------------------------------------------------------------- real corpus
def _markdown_it_headings(text: str) -> list[tuple[str, str]]:
    """(title, href) of every h3 heading link, read by markdown-it-py over the whole file."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(text)
    found = []
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.tag == "h3":
            children = tokens[i + 1].children or []
            href = next((c.attrs.get("href") for c in children if c.type == "link_open"), None)
            title = "".join(c.content for c in children
                            if c.type in ("text", "code_inline", "html_inline"))
            found.append((title.strip(), href))
    return found


#: days of the real corpus with exactly 50 papers since the digests were written from the API
#: (counted with grep -c '^### ' over its files; 2024-10-10 has 48 and 2025-02-19 has 68)
TRUNCATED_REAL_DAYS = ["2024-10-21", "2024-11-08", "2024-12-04", "2025-02-05", "2025-03-12"]


def test_real_corpus_every_heading_is_a_row_titles_match_markdown_it(real_corpus_files,
                                                                     real_corpus):
    expected: list[tuple[str, str]] = []
    for path in real_corpus_files:
        expected += _markdown_it_headings(path.read_text(encoding="utf-8"))
    papers = real_corpus.papers
    problems = real_corpus.problems
    assert len(papers) == len(expected) == real_corpus.n_headings  # no heading lost
    # the real corpus is well-formed; its only problems are the days written from the Hub API
    # (from 2024-10) with exactly 50 papers, its default page size: warnings naming the day
    assert set(problems["severity"]) == {"warning"}
    assert sorted(problems["reason"].str[:10]) == TRUNCATED_REAL_DAYS
    assert problems["reason"].str.contains("exactly 50 papers").all()
    assert list(zip(papers["title"], papers["url"], strict=True)) == expected


def test_real_corpus_bullet_links_include_every_markdown_link(real_corpus_files, real_corpus):
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    ours = set(real_corpus.links["url"])
    missing = []
    for path in real_corpus_files:
        depth = 0  # inside a bullet or numbered list: the summary
        for tok in md.parse(path.read_text(encoding="utf-8")):
            if tok.type in ("bullet_list_open", "ordered_list_open"):
                depth += 1
            elif tok.type in ("bullet_list_close", "ordered_list_close"):
                depth -= 1
            if tok.type != "inline" or depth == 0:
                continue
            for child in tok.children or []:
                href = child.attrs.get("href") if child.type == "link_open" else None
                if href and "arxiv.org/abs/" not in href and href not in ours:
                    missing.append((path.name, href))
    assert missing == []


def test_real_corpus_known_values(real_corpus):
    papers = real_corpus.papers.set_index("arxiv_id")
    assert papers.loc["2402.10200", "votes"] == 33
    assert papers.loc["2402.17764", "votes"] == 291
    assert real_corpus.papers["date"].nunique() == 303
    assert real_corpus.papers["votes"].isna().sum() == 4399 - 4314 + 28
    assert (real_corpus.papers["media_kind"] == "video").sum() == 150  # 149 links + 1 bare tag


# ----------------------------------------------------------------------------- fast = exact
def _tables_line_by_line(load, monkeypatch):
    from papertoolkit import parse

    monkeypatch.setattr(parse, "FAST_PATHS", False)
    try:
        return load()
    finally:
        monkeypatch.setattr(parse, "FAST_PATHS", True)


def _assert_same_tables(fast, slow):
    for name in ("papers", "authorships", "bullets", "links", "problems", "papers_unique",
                 "authors", "author_aliases"):
        pd.testing.assert_frame_equal(getattr(fast, name), getattr(slow, name), obj=name)
    assert fast.n_headings == slow.n_headings


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(papers=st.lists(_PAPER, min_size=1, max_size=6),
       junk=st.lists(st.sampled_from(["  - nested", "1. numbered", "lazy line", "", "<br>",
                                      "### [Broken]", "Vote: x", "\x0c", "## Other",
                                      "   ### [Indented](https://arxiv.org/abs/2401.99999)",
                                      "#### [Four](https://export.arxiv.org/abs/2401.88888) #",
                                      "**Vote:** 3", "  Votes：4", "Vote 12", "#hashtag",
                                      "Authors: Doe, J; Roe, R", "## Daily Papers (3024-01-01)",
                                      "\ufeff## Daily Papers (2024-02-01)",
                                      "- ### [Nested](https://arxiv.org/abs/2401.77777)",
                                      "> ## [Quoted](https://arxiv.org/abs/2401.66666)"]),
                     max_size=4))
def test_fast_paths_equal_line_by_line_reading(monkeypatch, papers, junk):
    text = _render("2024-01-31", papers)
    lines = text.split("\n")
    for i, extra in enumerate(junk):  # sprinkle irregular lines into an otherwise plain digest
        lines.insert(min(len(lines), 4 + 7 * i), extra)
    text = "\n".join(lines)
    fast = ptk.loads(text)
    slow = _tables_line_by_line(lambda: ptk.loads(text), monkeypatch)
    _assert_same_tables(fast, slow)


def test_fast_paths_equal_line_by_line_on_real_corpus(real_corpus_files, real_corpus,
                                                      monkeypatch):
    slow = _tables_line_by_line(lambda: ptk.load(real_corpus_files), monkeypatch)
    _assert_same_tables(real_corpus, slow)


def test_non_digest_file_after_a_digest_is_reported(tmp_path):
    (tmp_path / "a.md").write_text(REFERENCE, encoding="utf-8")
    (tmp_path / "b.md").write_text("# Just notes\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("### not a paper [x](https://arxiv.org/abs/1)\n",
                                        encoding="utf-8")
    corpus = ptk.load(tmp_path)  # README.md in a folder is skipped
    assert corpus.problems["file"].tolist() == [str(tmp_path / "b.md")]
    assert corpus.problems["reason"].iloc[0].startswith("not a Daily Papers digest")
    named = ptk.load(tmp_path / "README.md").problems  # named explicitly: it is read
    assert named["severity"].tolist() == ["warning", "error"]  # no date; not an arXiv id
    assert named["line"].tolist() == [1, 1]
