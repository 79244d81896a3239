"""Reading saved Hub ``/api/daily_papers`` JSON, and merging it with digests."""

from __future__ import annotations

import io
import json
import shutil

import pandas as pd
import pytest
from conftest import DATA_DIR
from hub_api import api_entries, hf_user, sample_corpus, settled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import papertoolkit as ptk

DAY = "2024-02-16"


@pytest.fixture(scope="module")
def digests():
    return sample_corpus()


@pytest.fixture(scope="module")
def entries(digests):
    return api_entries(digests, DAY)


def _list(values) -> list:
    return [None if pd.isna(v) else v for v in values]


def _entry(arxiv_id="2402.10200", **paper):
    base = {"id": arxiv_id, "title": f"T {arxiv_id}", "authors": [{"name": "Ann Lee"}]}
    base.update(paper)
    return {"paper": base, "publishedAt": "2024-02-16T13:00:00.000Z"}


# ---------------------------------------------------------------------------- the three shapes
def test_api_array_gives_one_row_per_entry_with_hub_columns(tmp_path, digests, entries):
    path = tmp_path / "day.json"
    path.write_text(json.dumps(entries), encoding="utf-8")
    corpus = ptk.load(path)
    digest_day = digests.papers[digests.papers["date"] == pd.Timestamp(DAY)]
    papers = corpus.papers
    assert papers["arxiv_id"].tolist() == digest_day["arxiv_id"].tolist()  # 8 papers, in order
    assert papers["rank"].tolist() == list(range(1, 9))
    assert (papers["date"] == pd.Timestamp(DAY)).all()
    assert papers["votes"].isna().all()  # no digest-day snapshot in hub data
    assert papers["upvotes"].tolist() == [settled(v, i) for v, i in
                                          zip(digest_day["votes"], digest_day["arxiv_id"],
                                              strict=True)]
    assert papers["num_comments"].tolist() == list(range(1, 9))
    assert _list(papers["github_stars"]) == [10, None, 30, None, 50, None, 70, None]
    assert papers["github_repo"].iloc[0] == "https://github.com/example/2402.10200"
    assert papers["submitted_by"].unique().tolist() == ["ak"]
    assert (papers["published_at"] == pd.Timestamp(DAY)).all()
    assert papers["abstract"].iloc[0] == "Abstract of 2402.10200."
    assert set(papers["source_kind"]) == {"hub"}
    assert papers["hub_entry"].tolist() == list(range(1, 9))
    assert set(papers["hub_file"]) == {str(path)} and papers["line"].isna().all()
    assert papers["media_kind"].tolist() == digest_day["media_kind"].tolist()
    assert papers["url"].iloc[0] == "https://arxiv.org/abs/2402.10200"
    # authors in order; the first author of each paper claimed it on the Hub
    ships = corpus.authorships
    expected = digests.authorships[digests.authorships["date"] == pd.Timestamp(DAY)]
    assert len(ships) == len(expected)
    firsts = ships[ships["position"] == 1]
    assert firsts["hf_user"].tolist() == [hf_user(a) for a in firsts["author_raw"]]
    assert ships[ships["position"] > 1]["hf_user"].isna().all()
    kw = corpus.keywords
    assert len(kw) == 16 and set(kw["source"]) == {"ai_keywords"}
    assert sorted(kw[kw["arxiv_id"] == "2402.10200"]["keyword"]) == ["kw-0", "llm"]
    assert corpus.problems.empty
    assert corpus.n_headings == 8


def test_json_lines_keep_line_numbers_and_extension_does_not_matter(tmp_path, entries):
    path = tmp_path / "saved.txt"  # recognised by content
    path.write_text("\n".join(json.dumps(e) for e in entries[:3]) + "\n\n", encoding="utf-8")
    corpus = ptk.load(path)
    assert corpus.papers["line"].tolist() == [1, 2, 3]
    assert corpus.papers["hub_entry"].tolist() == [1, 2, 3]


def test_hf_cli_json_is_read(tmp_path):
    # what `hf papers ls --format json` prints: PaperInfo dataclasses as flat dicts
    items = [{"id": "2402.10200", "authors": [
                  {"name": "Xuezhi Wang", "user": {"username": "xwang", "fullname": "X W"},
                   "hidden": False},
                  {"name": "Denny Zhou", "hidden": False}],
              "published_at": "2024-02-15T00:00:00+00:00", "title": "Chain-of-Thought",
              "summary": "Abstract.", "upvotes": 104, "discussion_id": "d", "comments": 3,
              "submitted_at": "2024-02-16T13:01:00+00:00",
              "submitted_by": {"username": "akhaliq", "fullname": "AK"},
              "ai_summary": "Decoding alone can surface reasoning paths.",
              "ai_keywords": ["chain-of-thought"], "organization": {"name": "google"},
              "project_page": "https://example.org", "github_repo": None,
              "submitted_by_name": "AK"}]
    path = tmp_path / "ls.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    corpus = ptk.load(path)
    row = corpus.papers.iloc[0]
    assert (row["date"], row["arxiv_id"], row["upvotes"], row["num_comments"]) == (
        pd.Timestamp("2024-02-16"), "2402.10200", 104, 3)
    assert (row["submitted_by"], row["organization"], row["project_page"]) == (
        "akhaliq", "google", "https://example.org")
    assert row["published_at"] == pd.Timestamp("2024-02-15")
    assert pd.isna(row["github_repo"])
    assert _list(corpus.authorships["hf_user"]) == ["xwang", None]
    assert corpus.keywords["keyword"].tolist() == ["chain-of-thought"]


def test_arxiv_ids_stay_strings_even_as_json_numbers(tmp_path):
    path = tmp_path / "n.json"
    path.write_text('[{"paper": {"id": 2402.10200, "title": "x"}, '
                    '"publishedAt": "2024-02-16T00:00:00Z"}]', encoding="utf-8")
    corpus = ptk.load(path)
    assert corpus.papers["arxiv_id"].tolist() == ["2402.10200"]
    assert "written as a JSON number" in corpus.problems["reason"].iloc[0]
    corpus.to_csv(tmp_path / "out")
    assert ptk.read_csv(tmp_path / "out")["papers"]["arxiv_id"].tolist() == ["2402.10200"]


# ---------------------------------------------------------------------------- problems
def test_problems_are_rows_with_entry_and_reason(tmp_path):
    items = [_entry("2402.00001"), {"paper": {"title": "no id"}}, "not an object",
             {"paper": ["x"]}, _entry("2402.00002", upvotes="many"),
             _entry("2402.00003", upvotes=1.5), _entry("2402.00001")]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    corpus = ptk.load(path)
    assert corpus.papers["arxiv_id"].tolist() == ["2402.00001", "2402.00002", "2402.00003"]
    assert corpus.papers["upvotes"].isna().all()
    got = [(p.severity, p.reason) for p in corpus.problems.itertuples()]
    assert got == [
        ("error", "entry 2: no paper id: skipped"),
        ("error", "entry 3: not a JSON object (str): skipped"),
        ("error", "entry 4: 'paper' is not an object: skipped"),
        ("warning", "entry 5: upvotes is not a whole number ('many'); left empty"),
        ("warning", "entry 6: upvotes is not a whole number ('1.5'); left empty"),
        ("warning", "entry 7: duplicate of entry 1 on the same day (2402.00001); kept once"),
    ]
    errors = (corpus.problems["severity"] == "error").sum()
    assert corpus.n_headings == 7 == len(corpus.papers) + errors + 1  # + the duplicate
    with pytest.raises(ptk.DigestParseError, match="bad.json: entry 2: no paper id"):
        ptk.load(path, strict=True)


def test_malformed_json_is_one_problem_and_a_bad_line_is_skipped(tmp_path):
    whole = tmp_path / "cut.json"
    whole.write_text('[{"paper": {"id": "2402.00001"},\n "publishedAt": ', encoding="utf-8")
    corpus = ptk.load(whole)
    assert corpus.papers.empty
    assert corpus.problems["reason"].iloc[0].startswith("malformed JSON (line 2")
    lines = tmp_path / "lines.jsonl"
    lines.write_text(json.dumps(_entry("2402.00001")) + "\n{oops\n"
                     + json.dumps(_entry("2402.00002")) + "\n", encoding="utf-8")
    corpus = ptk.load(lines)
    assert corpus.papers["arxiv_id"].tolist() == ["2402.00001", "2402.00002"]
    assert corpus.problems[["line", "severity"]].values.tolist() == [[2, "error"]]


def test_a_day_of_exactly_50_in_one_response_is_flagged(tmp_path):
    page = [_entry(f"2402.{i:05d}") for i in range(50)]
    one = tmp_path / "one.json"
    one.write_text(json.dumps(page), encoding="utf-8")
    reasons = ptk.load(one).problems["reason"].tolist()
    assert len(reasons) == 1 and reasons[0].startswith("2024-02-16: exactly 50 entries")
    # as `papertoolkit fetch` saves it: the pages one per line, the last one short
    fetched = tmp_path / "fetched.json"
    fetched.write_text(json.dumps(page) + "\n[]\n", encoding="utf-8")
    corpus = ptk.load(fetched)
    assert corpus.problems.empty and len(corpus.papers) == 50
    assert corpus.papers["line"].unique().tolist() == [1]


def test_digest_days_of_exactly_50_in_the_api_era_are_flagged():
    def digest(day: str, n: int) -> str:
        return f"## Daily Papers ({day})\n" + "".join(
            f"### [P{i}](https://arxiv.org/abs/2410.{i:05d})\n" for i in range(n))

    assert ptk.loads(digest("2024-10-21", 50)).problems["reason"].tolist() == [
        "2024-10-21: exactly 50 papers, the page size of the Hub API this digest was written "
        "from: the day was probably cut short"]
    assert ptk.loads(digest("2024-10-21", 49)).problems.empty
    assert ptk.loads(digest("2024-09-30", 50)).problems.empty  # before the API era


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_any_bytes_that_look_like_json_never_crash(data):
    for blob in (b"[{" + data, b'{"' + data, b"[[" + data, data):
        corpus = ptk.load(io.BytesIO(blob))
        assert len(corpus.papers) <= corpus.n_headings


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.sampled_from(["id", "paper", "title", "authors", "upvotes", "name",
                                       "user", "publishedAt", "ai_keywords", "mediaUrls",
                                       "organization", "submittedBy", "numComments"]),
                      children, max_size=5),
    max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(_json, max_size=4).map(lambda items: [{"paper": None}, *items]))
def test_any_json_entries_give_rows_or_problems(items):
    corpus = ptk.loads(json.dumps(items))
    errors = int((corpus.problems["severity"] == "error").sum())
    warnings = corpus.problems["reason"].str.contains("duplicate").sum()
    assert len(corpus.papers) + errors + warnings == corpus.n_headings == len(items)
    assert all(isinstance(arxiv_id, str) for arxiv_id in corpus.papers["arxiv_id"])


# ---------------------------------------------------------------------------- merging
@pytest.fixture()
def mixed(tmp_path, digests):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in ("2024-02-16.md", "2024-02-19.md"):
        shutil.copy(DATA_DIR / name, folder / name)
    entries = api_entries(digests, DAY)
    extra = _entry("2402.99999", upvotes=5)  # a paper the digest does not list
    (folder / "hub-2024-02-16.json").write_text(json.dumps(entries + [extra]), encoding="utf-8")
    return folder


def test_a_paper_day_in_a_digest_and_hub_data_is_one_row(mixed, digests):
    corpus = ptk.load(mixed)
    papers = corpus.papers
    day = papers[papers["date"] == pd.Timestamp(DAY)]
    digest_day = digests.papers[digests.papers["date"] == pd.Timestamp(DAY)]
    assert len(day) == len(digest_day) + 1
    both = day[day["source_kind"] == "digest+hub"]
    assert both["arxiv_id"].tolist() == digest_day["arxiv_id"].tolist()
    # digest fields kept: the vote snapshot, summary, line; hub fields added
    assert both["votes"].tolist() == digest_day["votes"].tolist()
    assert both["summary"].tolist() == digest_day["summary"].tolist()
    assert both["line"].tolist() == digest_day["line"].tolist()
    assert both["upvotes"].tolist() == [settled(v, i) for v, i in zip(
        digest_day["votes"], digest_day["arxiv_id"], strict=True)]
    assert both["hub_entry"].tolist() == list(range(1, 9))
    hub_only = day[day["source_kind"] == "hub"]
    assert hub_only["arxiv_id"].tolist() == ["2402.99999"]
    assert set(papers[papers["date"] == pd.Timestamp("2024-02-19")]["source_kind"]) == {
        "digest"}
    # authorships: the digest's, no duplicates, with the hub's claims attached
    ships = corpus.authorships[corpus.authorships["date"] == pd.Timestamp(DAY)]
    expected = digests.authorships[digests.authorships["date"] == pd.Timestamp(DAY)]
    assert len(ships) == len(expected) + 1  # + Ann Lee of the hub-only paper
    claimed = ships[ships["hf_user"].notna()]
    assert claimed["position"].unique().tolist() == [1]
    assert len(claimed) == 8
    assert corpus.papers_unique.set_index("arxiv_id").loc["2402.10200", "max_upvotes"] == \
        settled(33, "2402.10200")
    assert corpus.problems["severity"].eq("warning").all()


def test_merged_tables_round_trip_through_csv_and_parquet(mixed, tmp_path):
    corpus = ptk.load(mixed)
    corpus.to_csv(tmp_path / "csv")
    back = ptk.read_csv(tmp_path / "csv")
    for name, table in corpus.tables().items():
        pd.testing.assert_frame_equal(back[name], table, check_categorical=False, obj=name)
    pytest.importorskip("pyarrow")
    corpus.to_parquet(tmp_path / "pq")
    back = ptk.read_parquet(tmp_path / "pq")
    for name, table in corpus.tables().items():
        pd.testing.assert_frame_equal(back[name], table, check_categorical=False, obj=name)
    assert len(back["keywords"]) == 16


def test_fetched_at_comes_from_the_fetch_log(tmp_path):
    (tmp_path / "2024-02-16.json").write_text(json.dumps([_entry()]), encoding="utf-8")
    (tmp_path / "papertoolkit-fetch.json").write_text(json.dumps({
        "papertoolkit_fetch": 1, "days": {"2024-02-16": {
            "file": "2024-02-16.json", "fetched_at": "2024-03-01T09:30:00Z"}}}))
    corpus = ptk.load(tmp_path)
    assert corpus.papers["fetched_at"].tolist() == [pd.Timestamp("2024-03-01 09:30", tz="UTC")]
    assert corpus.problems.empty  # the log itself holds no papers


# ---------------------------------------------------------------------------- identity
def test_hf_user_merges_spellings_and_splits_a_shared_name():
    def paper(arxiv_id, authors):
        return _entry(arxiv_id, authors=[{"name": n, "user": {"user": u}} if u else {"name": n}
                                         for n, u in authors])

    items = [paper("2402.00001", [("Jonathan Doe", "jdoe"), ("Li Wei", "liwei1")]),
             paper("2402.00002", [("Jon Doe", "jdoe"), ("Li Wei", "liwei2")]),
             paper("2402.00003", [("Jonathan Doe", "jdoe"), ("Li Wei", None)])]
    corpus = ptk.loads(json.dumps(items))
    ships = corpus.authorships
    assert ships["author"].tolist() == ["Jonathan Doe", "Li Wei (@liwei1)", "Jonathan Doe",
                                        "Li Wei (@liwei2)", "Jonathan Doe", "Li Wei"]
    authors = corpus.authors.set_index("author")
    assert authors.loc["Jonathan Doe", "papers"] == 3
    assert authors.loc["Jonathan Doe", "hf_user"] == "jdoe"
    assert pd.isna(authors.loc["Li Wei", "hf_user"])
    aliases = corpus.author_aliases
    assert aliases[aliases["author_raw"] == "Jon Doe"][["author", "rule"]].values.tolist() == [
        ["Jonathan Doe", "hf_user"]]
    assert set(aliases[aliases["author"].str.startswith("Li Wei (@")]["rule"]) == {"hf_user"}


def test_cli_summary_of_hub_data_alone_ranks_by_upvotes(capsys):
    from papertoolkit.cli import main

    assert main(["summary", str(DATA_DIR / "hub"), "--top", "2"]) == 0
    out = capsys.readouterr().out
    assert "Top 2 papers by upvotes (the Hub's count when fetched)" in out
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_hub_sample", DATA_DIR.parent / "scripts" / "make_hub_sample.py")
    sample = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sample)
    # the most voted paper of the three days: 2402.13144, 56 votes on 2024-02-21 (data/README.md)
    lines = out.split("Top 2 papers by upvotes")[1].splitlines()
    assert lines[2].split()[:3] == [str(sample.settled(56, "2402.13144")), "2024-02-21",
                                    "2402.13144"]
    assert "No vote counts" not in out


def test_a_digest_row_without_authors_takes_the_hubs(tmp_path):
    (tmp_path / "d.md").write_text(
        "## Daily Papers (2024-02-16)\n\n### [T](https://arxiv.org/abs/2402.00001)\n\nVote: 4\n"
        "\n### [U](https://arxiv.org/abs/2402.00002)\n\nVote: 2\n\nAuthors: Bo Chen\n",
        encoding="utf-8")
    entries = [_entry("2402.00001", authors=[{"name": "Ann Lee", "user": {"user": "annl"}},
                                             {"name": "Bo Chen"}], upvotes=9),
               _entry("2402.00002", authors=[{"name": "Bo  Chen", "user": {"user": "bochen"}}])]
    (tmp_path / "h.json").write_text(json.dumps(entries), encoding="utf-8")
    corpus = ptk.load(tmp_path)
    papers = corpus.papers.set_index("arxiv_id")
    assert papers["n_authors"].to_dict() == {"2402.00001": 2, "2402.00002": 1}
    assert papers["votes"].to_dict() == {"2402.00001": 4, "2402.00002": 2}
    ships = corpus.authorships
    assert ships[["arxiv_id", "position", "author", "hf_user"]].values.tolist() == [
        ["2402.00001", 1, "Ann Lee", "annl"], ["2402.00001", 2, "Bo Chen", "bochen"],
        ["2402.00002", 1, "Bo Chen", "bochen"]]


@pytest.mark.parametrize(("raw", "expected"), [
    ("9223372036854775807", 9223372036854775807),  # the largest Int64, kept exactly
    ("9223372036854775808", None),                 # one more: reported, left empty
    ("9.223372036854776e+18", None),
    ("1e400", None),
])
def test_counts_beyond_int64_are_problems_not_crashes(raw, expected):
    entry = ('[{"paper": {"id": "2402.10200", "title": "CoT", "upvotes": ' + raw
             + ', "submittedOnDailyAt": "2024-02-16T00:00:00.000Z", "authors": []}}]')
    corpus = ptk.loads(entry)
    value = corpus.papers["upvotes"].iloc[0]
    if expected is None:
        assert value is pd.NA
        assert list(corpus.problems["reason"]) == [
            f"entry 1: upvotes is not a whole number ({raw!r}); left empty"]
    else:
        assert value == expected and corpus.problems.empty
