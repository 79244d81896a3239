"""Exact-value tests on the bundled sample digests in ``data/``.

Every expected value here is documented in ``data/README.md`` and was counted from the lists
used to write the sample, not from papertoolkit output.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd
import pytest

import papertoolkit as ptk

DATA = Path(__file__).parents[1] / "data"
DIGESTS = [f"2024-02-{d}.md" for d in ("12", "13", "14", "15", "16", "19", "20", "21", "22", "23")]
#: saved Hub JSON for three of the digest days (see data/README.md, "Hub sample")
HUB_FILES = ["2024-02-19.json", "2024-02-20.jsonl", "hf-papers-ls-2024-02-21.json",
             "papertoolkit-fetch.json"]
HUB_DAYS = {"2024-02-19": 9, "2024-02-20": 8, "2024-02-21": 9}
ROWS_PER_DAY = {
    "2024-02-12": 8, "2024-02-13": 9, "2024-02-14": 8, "2024-02-15": 8, "2024-02-16": 8,
    "2024-02-19": 9, "2024-02-20": 8, "2024-02-21": 9, "2024-02-22": 8, "2024-02-23": 8,
}


@pytest.fixture(scope="module")
def corpus():
    return ptk.load(DATA, strict=False)


def _row(corpus, date: str, arxiv_id: str) -> pd.Series:
    papers = corpus.papers
    hit = papers[(papers["date"] == pd.Timestamp(date)) & (papers["arxiv_id"] == arxiv_id)]
    assert len(hit) == 1, f"{date} {arxiv_id}: {len(hit)} rows"
    return hit.iloc[0]


def _authors(corpus, date: str, arxiv_id: str, column: str = "author") -> list[str]:
    a = corpus.authorships
    hit = a[(a["date"] == pd.Timestamp(date)) & (a["arxiv_id"] == arxiv_id)]
    return hit.sort_values("position")[column].tolist()


def _bullets(corpus, date: str, arxiv_id: str) -> pd.DataFrame:
    b = corpus.bullets
    hit = b[(b["date"] == pd.Timestamp(date)) & (b["arxiv_id"] == arxiv_id)]
    return hit.sort_values("position")


def _problems(corpus) -> set[tuple[str, object, str]]:
    p = corpus.problems
    return {
        (Path(f).name, None if pd.isna(line) else int(line), str(sev))
        for f, line, sev in zip(p["file"], p["line"], p["severity"], strict=True)
    }


# ---------------------------------------------------------------------------- files and rows
def test_sample_is_small_text_only():
    files = sorted(p.name for p in DATA.iterdir())
    assert files == sorted(DIGESTS + ["README.md", "hub"])
    assert sorted(p.name for p in (DATA / "hub").iterdir()) == sorted(HUB_FILES)
    assert sum(p.stat().st_size for p in DATA.rglob("*") if p.is_file()) < 250_000
    for name in DIGESTS:
        data = (DATA / name).read_bytes()
        assert data.strip() and b"\x00" not in data


def test_heading_count_in_files():
    total = 0
    for name in DIGESTS:
        data = (DATA / name).read_bytes()
        text = data.decode("cp949") if name == "2024-02-14.md" else data.decode("utf-8-sig")
        total += sum(line.startswith("### ") for line in text.split("\n"))
    assert total == 85  # 83 papers + 1 exact duplicate + 1 broken heading


def test_paper_rows(corpus):
    assert len(corpus.papers) == 83
    assert corpus.papers["arxiv_id"].nunique() == 81


def test_rows_per_date(corpus):
    counts = corpus.papers.groupby(corpus.papers["date"].dt.strftime("%Y-%m-%d")).size()
    assert counts.to_dict() == ROWS_PER_DAY


def test_ranks_are_consecutive_per_day(corpus):
    for _, day in corpus.papers.groupby("date"):
        assert sorted(day["rank"].tolist()) == list(range(1, len(day) + 1))


def test_source_files_and_lines(corpus):
    assert set(corpus.papers["source_file"].map(lambda s: Path(s).name)) == set(DIGESTS)
    assert _row(corpus, "2024-02-13", "2402.07827")["line"] == 3  # BOM adds no line
    assert _row(corpus, "2024-02-13", "2402.07207")["line"] == 100  # CRLF file
    assert _row(corpus, "2024-02-22", "2402.13598")["line"] == 40  # after the form feed
    assert _row(corpus, "2024-02-22", "physics/0004057")["line"] == 95


# ---------------------------------------------------------------------------- votes
@pytest.mark.parametrize(
    ("date", "arxiv_id", "votes"),
    [
        ("2024-02-16", "2402.10200", 33),
        ("2024-02-19", "2402.10200", 41),
        ("2024-02-21", "2402.13144", 56),
        ("2024-02-22", "2402.13144", 63),
        ("2024-02-23", "2402.14083", 24),
        ("2024-02-15", "2402.08855", None),  # day without Vote lines
        ("2024-02-22", "physics/0004057", None),  # "Vote: -"
    ],
)
def test_votes(corpus, date, arxiv_id, votes):
    value = _row(corpus, date, arxiv_id)["votes"]
    if votes is None:
        assert pd.isna(value)
    else:
        assert value == votes


def test_day_without_votes(corpus):
    day = corpus.papers[corpus.papers["date"] == pd.Timestamp("2024-02-15")]
    assert len(day) == 8
    assert day["votes"].isna().all()
    assert corpus.papers["votes"].isna().sum() == 9  # the 8 above + "Vote: -"


def test_repeated_papers(corpus):
    unique = corpus.papers_unique.set_index("arxiv_id")
    assert len(unique) == 81
    assert unique.loc["2402.10200", "appearances"] == 2
    assert unique.loc["2402.10200", "max_votes"] == 41
    assert unique.loc["2402.13144", "max_votes"] == 63
    assert unique.loc["2402.13144", "first_seen"] == pd.Timestamp("2024-02-21")
    assert unique.loc["2402.13144", "last_seen"] == pd.Timestamp("2024-02-22")
    assert (unique["appearances"] > 1).sum() == 2


# ---------------------------------------------------------------------------- ids and titles
def test_arxiv_versions(corpus):
    v2 = _row(corpus, "2024-02-19", "2402.10200")
    assert v2["arxiv_version"] == 2
    assert v2["url"] == "https://arxiv.org/abs/2402.10200v2"
    assert pd.isna(_row(corpus, "2024-02-16", "2402.10200")["arxiv_version"])
    old = _row(corpus, "2024-02-22", "physics/0004057")
    assert old["arxiv_version"] == 1
    assert old["title"] == "The information bottleneck method"


@pytest.mark.parametrize(
    ("date", "arxiv_id", "title"),
    [
        ("2024-02-23", "2402.14083",
         "Beyond A*: Better Planning with Transformers via Search Dynamics Bootstrapping"),
        ("2024-02-23", "2402.14253",
         "MVD$^2$: Efficient Multiview 3D Reconstruction for Multiview Diffusion"),
        ("2024-02-21", "2412.06676",
         "I Don't Know: Explicit Modeling of Uncertainty with an [IDK] Token"),
        ("2024-02-21", "2312.06908",
         '"I Want It That Way": Enabling Interactive Decision Support Using Large Language '
         "Models and Constraint Programming"),
        ("2024-02-21", "2404.19525",
         "MicroDreamer: Zero-shot 3D Generation in $\\sim$20 Seconds by Score-based "
         "Iterative Reconstruction"),
        ("2024-02-12", "2402.04347",
         "The Hedgehog & the Porcupine: Expressive Linear Attentions with Softmax Mimicry"),
        ("2024-02-14", "2402.08017",
         "Lumos : Empowering Multimodal LLMs with Scene Text Recognition"),
    ],
)
def test_titles(corpus, date, arxiv_id, title):
    assert _row(corpus, date, arxiv_id)["title"] == title


# ---------------------------------------------------------------------------- encodings
def test_cp949_file_decoded_with_warning(corpus):
    problems = corpus.problems
    hit = problems[problems["file"].map(lambda f: Path(f).name) == "2024-02-14.md"]
    assert len(hit) == 1
    assert hit["severity"].iloc[0] == "warning"
    assert "cp949" in hit["reason"].iloc[0].lower()
    assert "강화학습에서는" in _row(corpus, "2024-02-14", "2402.08609")["summary"]


def test_bom_and_crlf_leave_no_trace(corpus):
    papers = corpus.papers
    for column in ("title", "summary", "url", "media_url"):
        text = " ".join(papers[column].dropna())
        assert "\r" not in text and "\ufeff" not in text
    assert not corpus.authorships["author_raw"].str.contains("\r").any()
    assert _authors(corpus, "2024-02-13", "2402.07207")[-1] == "Zhiwei Lin"


def test_no_control_characters_in_summaries(corpus):
    # 2024-02-22.md:37 has a form feed inside a bullet (as the real 2024-08-08 digest does)
    summary = _row(corpus, "2024-02-22", "2402.13616")["summary"]
    assert "ramework" in summary
    assert _row(corpus, "2024-02-22", "2402.13616")["n_bullets"] == 3
    assert not corpus.papers["summary"].str.contains("[\x00-\x08\x0b-\x1f]", regex=True).any()


# ---------------------------------------------------------------------------- problems
def test_exact_problems(corpus):
    assert _problems(corpus) == {
        ("2024-02-14.md", None, "warning"),  # CP949
        ("2024-02-16.md", 101, "warning"),  # exact duplicate of line 89
        ("2024-02-22.md", 87, "error"),  # ### [Ouroboros: ...] without URL
    }


def test_duplicate_reported_and_kept_once(corpus):
    row = _row(corpus, "2024-02-16", "2402.10176")
    assert row["line"] == 89
    problems = corpus.problems
    dup = problems[problems["line"] == 101]
    assert "duplicate" in dup["reason"].iloc[0].lower()


def test_broken_heading_content_is_dropped(corpus):
    coerce = _row(corpus, "2024-02-22", "2402.14020")
    assert coerce["n_bullets"] == 3
    assert coerce["votes"] == 8
    assert _authors(corpus, "2024-02-22", "2402.14020") == [
        "Tom Goldstein", "Alex Stein", "Jonas Geiping", "Khalid Saifullah", "Yuxin Wen",
        "Manli Shu"]
    assert not corpus.papers["title"].str.contains("Ouroboros").any()
    assert "Maosong Sun" not in set(corpus.authorships["author"])


def test_readme_is_not_a_digest(corpus):
    assert not corpus.papers["source_file"].str.endswith("README.md").any()
    assert not corpus.problems["file"].str.endswith("README.md").any()


def test_two_sections_one_day(corpus):
    repeat = _row(corpus, "2024-02-19", "2402.10200")
    assert repeat["rank"] == 7
    assert repeat["line"] == 78


# ---------------------------------------------------------------------------- authors
def test_authors_python_list_with_and(corpus):
    assert _authors(corpus, "2024-02-19", "2402.10379") == [
        "Chris Callison-Burch", "Ajay Patel", "Colin Raffel"]
    assert _authors(corpus, "2024-02-19", "2402.10379", "author_raw")[-1] == "and Colin Raffel"


def test_authors_python_list_with_apostrophe(corpus):
    assert _authors(corpus, "2024-02-22", "2402.13598") == [
        "Jun Xie", "Sushant Prakash", "Bradley Green", "Devora Berlowitz", "Lin Ning",
        "Jiaxing Wu", "Shawn O'Banion", "Luyang Liu", "Neo Wu"]


def test_authors_spaces_and_et_al(corpus):
    assert _authors(corpus, "2024-02-15", "2402.09371") == [
        "Xinyun Chen", "Xuezhi Wang", "Uri Alon", "Denny Zhou", "Yongchao Zhou",
        "Rishabh Agarwal"]


def test_unicode_forms_are_merged(corpus):
    assert _authors(corpus, "2024-02-15", "2402.08939") == [
        "Xinyun Chen", "Ryan A. Chi", "Denny Zhou", "Xuezhi Wang"]
    raw = _authors(corpus, "2024-02-15", "2402.08939", "author_raw")[-1]
    assert raw == "\uff38\uff55\uff45\uff5a\uff48\uff49 Wang"
    aya = _authors(corpus, "2024-02-13", "2402.07827")
    composed = unicodedata.normalize("NFC", "Ahmet U\u0308stu\u0308n")
    assert aya[9] == composed == "Ahmet \u00dcst\u00fcn"
    assert "Luke Melas-Kyriazi" in _authors(corpus, "2024-02-14", "2402.08682")
    authors = corpus.authors.set_index("author")
    assert authors.loc["Xuezhi Wang", "papers"] == 3
    assert authors.loc["Xinyun Chen", "papers"] == 3
    assert authors.loc["Xinyun Chen", "coauthors"] == 10


def test_plus_marker_and_missing_authors(corpus):
    assert "+" not in set(corpus.authorships["author"])
    assert _row(corpus, "2024-02-12", "2402.06619")["n_authors"] == 22
    assert _row(corpus, "2024-02-15", "2402.08855")["n_authors"] == 0
    assert _authors(corpus, "2024-02-15", "2402.08855") == []


def test_author_totals(corpus):
    assert len(corpus.authorships) == 690
    assert corpus.authorships["author"].nunique() == 646
    names = set(corpus.authorships["author"])
    assert {"Daniel Dsouza", "Daniel D'souza"} <= names  # real spellings, not merged by NFKC


# ---------------------------------------------------------------------------- media
def test_media(corpus):
    counts = corpus.papers["media_kind"].value_counts().to_dict()
    assert counts == {"image": 69, "video": 12, "none": 2}
    gala = _row(corpus, "2024-02-13", "2402.07207")
    assert gala["media_kind"] == "video"
    assert gala["media_url"].endswith("/T4qXnmi2futgpHsOowBHV.mp4")
    bare = _row(corpus, "2024-02-15", "2402.09368")
    assert bare["media_kind"] == "video"
    assert bare["media_url"].endswith("/cIloux0EbGcqvPWwoptmU.mp4")
    none = _row(corpus, "2024-02-15", "2402.09126")
    assert none["media_kind"] == "none" and pd.isna(none["media_url"])
    avatar = _row(corpus, "2024-02-20", "2402.11248")
    assert avatar["media_kind"] == "image"
    assert avatar["media_url"] == "/avatars/e4f630616a16a7fc691b5275bb62f2aa.svg"


# ---------------------------------------------------------------------------- bullets, links
def test_labelled_bullets(corpus):
    labels = ["What's New", "Technical Details", "Performance Highlights"]
    two_stars = _bullets(corpus, "2024-02-20", "2402.11131")
    assert two_stars["label"].tolist() == labels
    assert not two_stars["text"].str.startswith("*").any()
    three_stars = _bullets(corpus, "2024-02-19", "2402.10644")
    assert three_stars["label"].tolist() == labels
    assert three_stars["text"].iloc[0].startswith("선형 Transformer 계열인 Based")
    assert len(corpus.bullets) == 252
    assert corpus.bullets["label"].notna().sum() == 49


def test_nested_numbered_and_blank_line(corpus):
    fit = _bullets(corpus, "2024-02-20", "2402.12376")
    assert fit["level"].tolist() == [0, 0, 1, 1, 1, 0]
    assert fit["text"].iloc[2].startswith("(1) ")
    assert _row(corpus, "2024-02-20", "2402.11295")["n_bullets"] == 5  # two "1." / "2." items
    anygpt = _bullets(corpus, "2024-02-20", "2402.12226")
    assert anygpt["label"].tolist() == ["What's New", "Technical Details",
                                        "Performance Highlights"]


def test_tag_like_text_kept(corpus):
    assert "<+><1><2><3><E-2>" in _row(corpus, "2024-02-23", "2402.14547")["summary"]


def test_links(corpus):
    links = corpus.links
    assert len(links) == 8
    assert links["kind"].value_counts()[["github", "huggingface", "project"]].tolist() == [5, 2, 1]
    oci = links[(links["arxiv_id"] == "2402.14658") & (links["bullet_position"] == 4)]
    assert set(oci["kind"]) == {"github", "project", "huggingface"}
    dd = links[links["arxiv_id"] == "2402.10379"]["url"].tolist()
    assert dd == ["https://github.com/datadreamer-dev/DataDreamer"]


# ---------------------------------------------------------------------------- the hub sample
def test_hub_sample_merges_into_the_digest_rows(corpus):
    """Every entry of data/hub is a paper-day of a digest: rows stay 83, hub columns fill."""
    papers = corpus.papers
    assert len(papers) == sum(ROWS_PER_DAY.values())
    merged = papers[papers["source_kind"] == "digest+hub"]
    days = merged["date"].dt.strftime("%Y-%m-%d").value_counts().to_dict()
    assert days == HUB_DAYS
    assert (papers["source_kind"] == "hub").sum() == 0
    assert papers.loc[papers["source_kind"] == "digest", "upvotes"].isna().all()
    assert merged["upvotes"].notna().all()
    # fetched_at from the fetch log for the two days fetched; the `hf papers ls` day has none
    by_day = {day: {None if pd.isna(t) else t.isoformat() for t in group} for day, group in
              merged["fetched_at"].groupby(merged["date"].dt.strftime("%Y-%m-%d"))}
    assert by_day == {"2024-02-19": {"2024-03-04T09:00:00+00:00"},
                      "2024-02-20": {"2024-03-04T09:00:00+00:00"}, "2024-02-21": {None}}
    row = _row(corpus, "2024-02-19", "2402.10379")
    assert row["github_repo"] == "https://github.com/datadreamer-dev/DataDreamer"
    assert row["ai_summary"].startswith("An open-source Python library")
    assert row["votes"] == 13  # the digest's snapshot is kept
    assert (corpus.keywords["source"] == "ai_keywords").all()
    assert set(corpus.keywords["arxiv_id"]) == set(merged["arxiv_id"])
