"""Hostile input: the reading contract of issue 8 (families 1-8) and non-digest files (issue 14).

Every family is tested with generated cases where it fits. Expected values are computed here,
independently of the parser: markdown-it-py is the oracle for headings, Python's codecs for
encodings, the file system itself for files and folders.
"""

from __future__ import annotations

import io
import os
import re
import threading
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import papertoolkit as ptk
from papertoolkit.cli import main
from papertoolkit.corpus import find_digest_files

HEADER = "## Daily Papers (2024-02-16)\n\n"
SETTINGS = settings(max_examples=50, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])


def paper(i: int, title: str = "A title", *, vote: str = "Vote: 7",
          authors: str = "Authors: Ann Lee, Bo Chen", bullets: str = "- 요약 하나\n") -> str:
    return (f"### [{title}](https://arxiv.org/abs/2402.{i:05d})\n\n{vote}\n\n{authors}\n\n"
            f"{bullets}\n")


def digest(*papers: str, header: str = HEADER) -> str:
    return header + "".join(papers)


def problems_at(corpus, line: int) -> list[str]:
    problems = corpus.problems
    return problems.loc[problems["line"] == line, "reason"].tolist()


def finishes(function, *args, timeout: float = 20.0, **kwargs):
    """Run *function* in a thread; fail (instead of hanging the suite) if it does not end."""
    result: dict = {}

    def run():
        try:
            result["value"] = function(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            result["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), f"{function.__name__} did not finish in {timeout} s"
    if "error" in result:
        raise result["error"]
    return result["value"]


# ============================================================================ 1. no crash
@SETTINGS
@given(st.lists(st.tuples(st.text(min_size=1, max_size=12).filter(
    lambda n: "/" not in n and "\x00" not in n and n not in (".", "..")),
    st.binary(max_size=200)), min_size=1, max_size=4))
def test_1_any_bytes_under_any_names_never_crash_load_or_cli(tmp_path_factory, files):
    folder = tmp_path_factory.mktemp("any")
    good = folder / "good.md"
    good.write_text(digest(paper(1)), encoding="utf-8")
    for name, data in files:
        try:
            (folder / (name + ".md")).write_bytes(data)
        except OSError:  # a name the file system refuses (too long, ...)
            continue
    corpus = ptk.load(folder)
    # one bad file never sinks the others
    assert "2402.00001" in set(corpus.papers["arxiv_id"])
    out = io.StringIO()
    from papertoolkit.cli import build_parser, cmd_summary, cmd_validate

    for command in (["summary", str(folder)], ["validate", str(folder)]):
        args = build_parser().parse_args(command)
        code = (cmd_summary if command[0] == "summary" else cmd_validate)(args, out=out)
        assert code in (0, 1)


def test_1_load_arguments_give_clear_errors(tmp_path):
    with pytest.raises(ValueError, match="empty string"):
        ptk.load("")
    with pytest.raises(ValueError, match="empty string"):
        ptk.load("   ")
    with pytest.raises(ValueError, match="empty list"):
        ptk.load([])
    with pytest.raises(ValueError, match="empty path"):
        ptk.load([tmp_path, ""])
    with pytest.raises(FileNotFoundError, match=r"no such file or folder: hello world \(a "
                                                r"string is read as digest text only when"):
        ptk.load("hello world")
    with pytest.raises(FileNotFoundError, match="no such file or folder: nope.md$"):
        ptk.load("nope.md")
    for bad, kind in ((123, "int"), (None, "NoneType"), (3.5, "float"), ({"a": 1}, "dict")):
        with pytest.raises(TypeError, match=f"source must be a path.*got {kind}"):
            ptk.load(bad)
    with pytest.raises(TypeError, match="every item of source must be a path.*got int: 1"):
        ptk.load([tmp_path, 1])
    with pytest.raises(TypeError, match="strict must be bool, got str 'yes'"):
        ptk.load("## Daily Papers (2024-01-02)\n", strict="yes")
    with pytest.raises(TypeError, match=r"aliases must be Mapping, got list \['x'\]"):
        ptk.load("## Daily Papers (2024-01-02)\n", aliases=["x"])
    with pytest.raises(TypeError, match="aliases must map str to str"):
        ptk.loads("## Daily Papers (2024-01-02)\n", aliases={"x": 1})
    with pytest.raises(TypeError, match="progress must be True, False, None or a callable"):
        ptk.load("## Daily Papers (2024-01-02)\n", progress="bar")
    with pytest.raises(TypeError, match="text must be a str, got bytes"):
        ptk.loads(b"## Daily Papers")
    # bytes are digest content, like a binary file object
    assert ptk.load(digest(paper(1)).encode("utf-16")).papers["arxiv_id"].tolist() == [
        "2402.00001"]


def test_1_filter_arguments_give_clear_errors():
    corpus = ptk.loads(digest(paper(1), paper(2)))
    cases = [
        (dict(start=20240216), TypeError, "start must be str or date or datetime64, got int "
                                          "20240216"),
        (dict(end=2024.5), TypeError, "end must be str or date or datetime64, got float"),
        (dict(start="2024-02-30"), ValueError, "start must be a date such as '2024-02-16', got "
                                               "'2024-02-30'"),
        (dict(start="yesterday-ish"), ValueError, "start must be a date such as"),
        (dict(start="2024-02-17", end="2024-02-16"), ValueError,
         "start must not be after end, got start=2024-02-17 and end=2024-02-16"),
        (dict(min_votes=2.5), TypeError, "min_votes must be an integer, got float 2.5"),
        (dict(min_votes=True), TypeError, "min_votes must be an integer, got bool True"),
        (dict(author=["Ann"]), TypeError, r"author must be str, got list \['Ann'\]"),
        (dict(author=" . "), ValueError, "author must hold a name"),
        (dict(text=5), TypeError, "text must be str, got int 5"),
    ]
    for kwargs, error, message in cases:
        with pytest.raises(error, match=message):
            corpus.filter(**kwargs)
    # whole days: a time of day or a timezone does not cut a day in two
    assert len(corpus.filter(start="2024-02-16T15:00", end=pd.Timestamp(
        "2024-02-16 01:00", tz="Asia/Seoul")).papers) == 2


def test_1_cli_argument_errors_are_one_line(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["summary", str(tmp_path), "--top", "-3"])
    assert exit_info.value.code == 2
    assert "--top: must be a whole number >= 0, got '-3'" in capsys.readouterr().err
    assert main(["summary", ""]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("papertoolkit: error: source holds an empty")


# ============================================================================ 2. every heading
_MD = MarkdownIt("commonmark")
_TITLE_CHARS = st.sampled_from(list("abcXYZ 가나 019-:!?&*_[]`\\<>#$^~()'\""))


def _oracle(text: str) -> list[tuple[int, int, str]]:
    """(line, level, title) of every heading markdown-it sees that holds an arXiv link; the
    title is the text markdown-it reads inside that link."""
    found = []
    tokens = _MD.parse(text)
    for i, tok in enumerate(tokens):
        if tok.type != "heading_open":
            continue
        children = tokens[i + 1].children or []
        for j, child in enumerate(children):
            href = child.attrs.get("href") if child.type == "link_open" else None
            host = re.match(r"https?://([^/?#@]+)(?:[/?#]|$)", str(href or ""))
            if host and (host.group(1) == "arxiv.org" or host.group(1).endswith(".arxiv.org")):
                depth, k, parts = 1, j + 1, []
                while depth:
                    kind = children[k].type
                    depth += (kind == "link_open") - (kind == "link_close")
                    if depth and kind in ("text", "code_inline", "html_inline"):
                        parts.append(children[k].content)
                    k += 1
                found.append((tok.map[0] + 1, int(tok.tag[1]), "".join(parts).strip()))
                break
    return found


@st.composite
def _heading_paper(draw, i: int):
    raw = draw(st.text(alphabet=_TITLE_CHARS, min_size=1, max_size=30))
    escape = draw(st.booleans())
    title = re.sub(r"([\\`*_\[\]<>&#])", r"\\\1", raw) if escape else raw
    level = draw(st.sampled_from([3, 3, 3, 1, 2, 4, 5, 6]))
    indent = " " * draw(st.integers(0, 3))
    gap = draw(st.sampled_from([" ", "\t", "  ", " \t"]))
    closing = draw(st.sampled_from(["", " #", " ###", " ##  ", "\t#"]))
    url = draw(st.sampled_from(["https://arxiv.org/abs/2402.{:05d}",
                                "https://export.arxiv.org/abs/2402.{:05d}v2",
                                "http://www.arxiv.org/pdf/2402.{:05d}"])).format(i)
    container = draw(st.sampled_from(["", "", "", "", "- ", "> ", "1. ", "> - "]))
    heading = f"{container}{indent}{'#' * level}{gap}[{title}]({url}){closing}"
    vote = draw(st.sampled_from(["Vote: 5", "", "Vote: -"]))
    return f"{heading}\n\n{vote}\n\nAuthors: Ann Lee\n\n- 요약 {i}\n\n"


@SETTINGS
@given(st.data())
def test_2_every_heading_markdown_it_sees_is_a_row_or_a_problem(data):
    n = data.draw(st.integers(1, 6))
    text = HEADER + "".join(data.draw(_heading_paper(i)) for i in range(1, n + 1))
    corpus = ptk.loads(text, source="day.md")
    rows = dict(zip(corpus.papers["line"], corpus.papers["title"], strict=True))
    problem_lines = set(corpus.problems["line"].dropna())
    expected = _oracle(text)
    assume(expected)
    for line, _level, title in expected:
        assert line in rows or line in problem_lines, (line, title, text)
        if line in rows:
            assert rows[line] == title
    # headings of another level than 3 are read, and said so; headings in a list item or a
    # block quote are kept as summary text, and said so
    for line, level, _title in expected:
        if level != 3 and line in rows:
            assert any("heading holds an arXiv link" in r for r in problems_at(corpus, line))
        if text.split("\n")[line - 1].lstrip(" ")[:1] in ("-", ">", "1"):
            assert line not in rows
            assert any("inside a list item or block quote" in r
                       for r in problems_at(corpus, line))


def test_2_heading_forms_exact():
    text = (HEADER
            + "   ### [Indented](https://arxiv.org/abs/2402.00001)\n- a\n"
            + "###\t[Tab](https://arxiv.org/abs/2402.00002) ###\n- b\n"
            + "#### [Level four](https://arxiv.org/abs/2402.00003)\n- c\n"
            + "# [Level one](https://arxiv.org/abs/2402.00004)\n- d\n"
            + "### [a [nested] \\[title](https://arxiv.org/abs/2402.00005)\n- e\n"
            + "    ### [Code block, not a heading](https://arxiv.org/abs/2402.00006)\n"
            + "#### Notes inside a paper\n"
            + "### [Unbalanced [bracket](https://arxiv.org/abs/2402.00007)\n"
            + "- ### [In a list](https://arxiv.org/abs/2402.00008)\n"
            + "> ## [Quoted](https://arxiv.org/abs/2402.00009)\n")
    corpus = ptk.loads(text, source="d.md")
    papers = corpus.papers
    assert papers["title"].tolist() == ["Indented", "Tab", "Level four", "Level one",
                                        "a [nested] [title", "bracket"]
    assert papers["line"].tolist() == [3, 5, 7, 9, 11, 15]
    assert corpus.bullets["text"].tolist() == [
        "a", "b", "c", "d", "e ### [Code block, not a heading](https://arxiv.org/abs/2402.00006)"
        " #### Notes inside a paper",  # and a lazy continuation line of the last bullet:
        "### [In a list](https://arxiv.org/abs/2402.00008) > ## [Quoted](https://arxiv.org/abs/"
        "2402.00009)"]
    for line in (16, 17):
        assert problems_at(corpus, line) == [
            "a heading inside a list item or block quote holds an arXiv link: kept as summary "
            "text, not read as a paper"]
    assert problems_at(corpus, 7) == [
        "level-4 heading holds an arXiv link: read as a paper heading (expected '### ')"]
    assert problems_at(corpus, 9)[0].startswith("level-1 heading holds an arXiv link")
    assert corpus.n_headings == 6


_FIELD_FORMS = st.sampled_from([
    "{name}: {value}", "  {name}: {value}", "   {name}:  {value}", "**{name}:** {value}",
    "**{name}**: {value}", "*{name}*: {value}", "__{name}:__ {value}", "{name}s: {value}",
    "{name}：{value}", "{name} ： {value}", "{lower}: {value}", "\t{name}: {value}"])


@SETTINGS
@given(form=_FIELD_FORMS, votes=st.integers(0, 10**6), author_form=_FIELD_FORMS,
       after_bullet=st.booleans())
def test_2_near_miss_field_lines_are_read(form, votes, author_form, after_bullet):
    vote_line = form.format(name="Vote", lower="vote", value=votes)
    author_line = author_form.format(name="Author", lower="author", value="Ann Lee, Bo Chen")
    lead = "- 요약\n" if after_bullet else ""
    text = HEADER + (f"### [T](https://arxiv.org/abs/2402.00001)\n\n{lead}{vote_line}\n"
                     f"{author_line}\n\n- 끝\n")
    corpus = ptk.loads(text)
    assert corpus.papers["votes"].tolist() == [votes]
    assert corpus.authorships["author"].tolist() == ["Ann Lee", "Bo Chen"]
    summary = corpus.papers["summary"].iloc[0]
    assert "Vote" not in summary and "ote：" not in summary and "uthor" not in summary
    assert corpus.problems.empty


def test_2_field_lines_without_colon_are_reported_not_silent():
    text = HEADER + ("### [T](https://arxiv.org/abs/2402.00001)\n\nVote 12\n"
                     "Authors - Ann Lee, Bo Chen\n- 요약\n")
    corpus = ptk.loads(text, source="d.md")
    assert corpus.papers["votes"].isna().all()
    for line in (5, 6):
        assert problems_at(corpus, line) == [
            "looks like a Vote or Authors line but has no colon; kept as summary text"]


# ============================================================================ 3. values
@pytest.mark.parametrize("value, votes, reason", [
    ("1,234", 1234, None),
    ("9223372036854775807", 2**63 - 1, None),
    ("9223372036854775808", None, "vote count 9223372036854775808 is too large"),
    ("1" * 5000, None, "is too large"),
    ("1,2", None, "unreadable vote count '1,2'"),
    ("1.2k", None, "unreadable vote count '1.2k'"),
    ("12 votes", None, "unreadable vote count '12 votes'"),
    ("-5", None, "unreadable vote count '-5'"),
])
def test_3_vote_values(value, votes, reason):
    corpus = ptk.loads(digest(paper(1, vote=f"Vote: {value}")), source="d.md")
    papers = corpus.papers
    assert papers["title"].tolist() == ["A title"]  # the paper keeps its other fields
    assert corpus.authorships["author"].tolist() == ["Ann Lee", "Bo Chen"]
    assert papers["n_bullets"].tolist() == [1]
    if votes is None:
        assert papers["votes"].isna().all()
        assert len(corpus.problems) == 1 and corpus.problems["line"].iloc[0] == 5
        assert reason in corpus.problems["reason"].iloc[0]
    else:
        assert papers["votes"].tolist() == [votes] and corpus.problems.empty


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=10**30))
def test_3_any_vote_is_read_exactly_or_reported(votes):
    corpus = ptk.loads(digest(paper(1, vote=f"Vote: {votes}")))
    if votes <= 2**63 - 1:
        assert corpus.papers["votes"].tolist() == [votes] and corpus.problems.empty
    else:
        assert corpus.papers["votes"].isna().all()
        assert corpus.problems["reason"].str.contains(str(votes)).all()


def test_3_dates_pandas_cannot_hold(tmp_path):
    corpus = ptk.loads(digest(paper(1), header="## Daily Papers (3024-02-16)\n\n"),
                       source="d.md")
    assert corpus.papers["date"].isna().all() and corpus.papers["votes"].tolist() == [7]
    reasons = corpus.problems["reason"].tolist()
    assert corpus.problems["line"].tolist()[0] == 1
    assert "3024-02-16 is outside the dates pandas can hold" in reasons[0]
    # a year typo in the file name, no header
    path = tmp_path / "3024-02-16.md"
    path.write_text(paper(1), encoding="utf-8")
    corpus = ptk.load(path)
    assert corpus.papers["date"].isna().all() and corpus.papers["votes"].tolist() == [7]
    assert "the date in the file name, 3024-02-16 is outside" in corpus.problems["reason"][0]
    # not a calendar date
    corpus = ptk.loads(digest(paper(1), header="## Daily Papers (2024-02-30)\n"), source="d")
    assert "2024-02-30 is not a calendar date" in corpus.problems["reason"][0]
    # and a later valid header still dates the papers below it
    corpus = ptk.loads("## Daily Papers (3024-01-01)\n" + paper(1)
                       + "## Daily Papers (2024-01-02)\n" + paper(2))
    assert corpus.papers["date"].dt.strftime("%Y-%m-%d").fillna("-").tolist() == [
        "-", "2024-01-02"]


@pytest.mark.parametrize("url, arxiv_id", [
    ("https://arxiv.org/abs/2402.10200", "2402.10200"),
    ("https://www.arxiv.org/abs/2402.10200v3", "2402.10200"),
    ("https://export.arxiv.org/abs/2402.10200", "2402.10200"),
    ("http://arxiv.org/pdf/2402.10200.pdf", "2402.10200"),
    ("https://ARXIV.org/abs/hep-th/9901001", "hep-th/9901001"),
    ("https://huggingface.co/papers/2402.10200", "2402.10200"),
    ("https://evil.com/arxiv.org/abs/2402.10200", None),
    ("https://arxiv.org.evil.com/abs/2402.10200", None),
    ("https://evilarxiv.org/abs/2402.10200", None),
    ("https://arxiv.org@evil.com/abs/2402.10200", None),
    ("https://evil.com/?u=https://arxiv.org/abs/2402.10200", None),
    ("javascript:alert('arxiv.org/abs/2402.10200')", None),
    ("https://example.com/papers/2402.10200", None),
    ("https://[::1/abs/2402.10200", None),
])
def test_3_arxiv_links_count_only_on_arxiv_hosts(url, arxiv_id):
    corpus = ptk.loads(HEADER + f"### [T](<{url}>)\nVote: 1\n", source="d.md")
    if arxiv_id:
        assert corpus.papers["arxiv_id"].tolist() == [arxiv_id]
    else:  # not an arXiv URL, or no link at all for markdown-it (javascript:, a bad host)
        assert corpus.papers.empty
        assert corpus.problems[["line", "severity"]].values.tolist() == [[3, "error"]]
        assert corpus.problems["reason"][0].startswith(("paper link is not an arXiv URL",
                                                        "paper heading has no [title](url)"))


@settings(max_examples=60, deadline=None)
@given(st.from_regex(r"[a-z0-9]{1,8}(\.[a-z0-9]{1,8}){0,2}(\.arxiv\.org)?", fullmatch=True),
       st.sampled_from(["/abs/", "/arxiv.org/abs/", "/pdf/"]))
def test_3_host_decides_not_the_path(host, path):
    url = f"https://{host}{path}2402.10200"
    got = ptk.loads(HEADER + f"### [T]({url})\n").papers["arxiv_id"].tolist()
    is_arxiv = host == "arxiv.org" or host.endswith(".arxiv.org")
    assert got == (["2402.10200"] if is_arxiv else [])


# ============================================================================ 4. encodings
SAMPLE = digest(paper(1, "Ségolène's été", authors="Authors: José García, Zoë Müller",
                      bullets="- 한국어 요약: 프롬프트 없이 추론한다.\n- 둘째 줄\n"),
                paper(2, "Second", bullets="- 셋째\n"))


def _tables(corpus) -> dict:
    return {"papers": corpus.papers[["arxiv_id", "title", "votes", "line"]],
            "authorships": corpus.authorships, "bullets": corpus.bullets}


@pytest.mark.parametrize("codec, note", [
    ("utf-8", None), ("utf-8-sig", None), ("utf-16", None), ("utf-16-be", "no BOM"),
    ("utf-32", None), ("utf-32-be", "BOM"), ("cp949", "CP949"), ("euc-kr", "CP949")])
def test_4_encodings_give_the_same_tables(tmp_path, codec, note):
    text = SAMPLE
    if codec in ("cp949", "euc-kr"):  # no accents in these: Korean only
        text = SAMPLE.replace("Ségolène's été", "세골렌").replace("José García", "호세").replace(
            "Zoë Müller", "조이")
    data = text.encode(codec) if codec != "utf-32-be" else b"\x00\x00\xfe\xff" + text.encode(
        codec)
    path = tmp_path / "2024-02-16.md"
    path.write_bytes(data)
    corpus = ptk.load(path)
    reference = ptk.loads(text, source=str(path))
    for name, table in _tables(reference).items():
        pd.testing.assert_frame_equal(_tables(corpus)[name], table, obj=name)
    reasons = corpus.problems["reason"].tolist()
    if note in (None, "BOM"):
        assert reasons == []
    else:
        assert len(reasons) == 1 and note in reasons[0]


def test_4_bom_in_the_middle_of_concatenated_files(tmp_path):
    one = digest(paper(1)).encode("utf-8-sig")
    two = digest(paper(2), header="## Daily Papers (2024-02-17)\n\n").encode("utf-8-sig")
    (tmp_path / "both.md").write_bytes(one + two)
    corpus = ptk.load(tmp_path / "both.md")
    assert corpus.papers["date"].dt.day.tolist() == [16, 17]
    assert corpus.problems.empty


_INVALID = [b"\xff", b"\xfe", b"\xc0\xaf", b"\x80", b"\xed\xa0\x80", b"\xf5"]


@SETTINGS
@given(lines=st.sets(st.integers(min_value=3, max_value=14), min_size=1, max_size=3),
       bad=st.sampled_from(_INVALID))
def test_4_invalid_bytes_replaced_and_reported_per_line(tmp_path_factory, lines, bad):
    raw = SAMPLE.encode("utf-8").split(b"\n")
    for number in lines:
        raw[number - 1] += bad
    path = tmp_path_factory.mktemp("bad") / "d.md"
    path.write_bytes(b"\n".join(raw))
    corpus = ptk.load(path)
    problems = corpus.problems
    invalid = problems["reason"].str.startswith("invalid UTF-8 byte")
    assert set(problems.loc[invalid, "line"]) == lines
    assert set(problems.loc[~invalid, "line"]) <= lines  # e.g. "Vote: 7\ufffd" is unreadable
    # accented UTF-8 stays accented: never read as CP949 mojibake
    assert set(corpus.authorships["author"]) >= {"Ann Lee", "Bo Chen"}
    assert corpus.papers["title"].str.contains("Ségolène|Second|\ufffd").all()
    assert not corpus.papers["title"].str.contains("쐾|챕").any()


ACCENTED = digest(paper(1, "Ségolène's été", authors="Authors: José García, Zoë Müller",
                        bullets="- résumé en français\n"))


def test_4_accented_utf8_with_a_stray_byte_that_cp949_would_accept(tmp_path):
    raw = ACCENTED.encode("utf-8") + b"\xb0\xa1\n"
    assert raw.decode("cp949")  # the trap: CP949 reads the whole file "cleanly", as mojibake
    (tmp_path / "d.md").write_bytes(raw)
    corpus = ptk.load(tmp_path / "d.md")
    assert corpus.authorships["author"].tolist()[:2] == ["José García", "Zoë Müller"]
    assert corpus.papers["title"].iloc[0] == "Ségolène's été"
    assert corpus.problems["reason"].tolist() == [
        "invalid UTF-8 byte b'\\xb0' (and any others on this line) replaced with U+FFFD"]


def test_4_real_digests_in_cp949_read_the_same(real_corpus_files):
    for path in real_corpus_files[100:106]:
        text = path.read_text(encoding="utf-8")
        try:
            data = text.encode("cp949")
        except UnicodeEncodeError:
            continue
        from papertoolkit.parse import decode_digest

        decoded, notes = decode_digest(data, "x.md")
        assert decoded == text and len(notes) == 1


# ============================================================================ 5. files, folders
def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "digests"
    folder.mkdir()
    (folder / "2024-02-16.md").write_text(digest(paper(1)), encoding="utf-8")
    return folder


def test_5_file_names_that_are_not_utf8(tmp_path, capsys):
    folder = _folder(tmp_path)
    name = os.fsencode(str(folder)) + b"/2024-02-17-\xb3\xed\xb9\xae.md"  # CP949 "논문"
    with open(name, "wb") as handle:
        handle.write(digest(paper(2), header="## Daily Papers (2024-02-17)\n").encode())
    sub = os.fsencode(str(folder)) + b"/\xc7\xd1"
    os.mkdir(sub)
    with open(sub + b"/2024-02-18.md", "wb") as handle:
        handle.write(digest(paper(3), header="## Daily Papers (2024-02-18)\n").encode())
    corpus = ptk.load(folder)
    assert corpus.papers["arxiv_id"].tolist() == ["2402.00001", "2402.00002", "2402.00003"]
    shown = corpus.papers["source_file"].tolist()
    assert shown[1].endswith("2024-02-17-\\xb3\\xed\\xb9\\xae.md")
    assert shown[2].endswith("\\xc7\\xd1/2024-02-18.md")
    assert all(s.isprintable() for s in shown)
    notes = corpus.problems["reason"].tolist()
    assert "as CP949 it reads" in notes[0] and "논문" in notes[0]
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "\\xb3\\xed\\xb9\\xae.md: warning: file name is not valid UTF-8" in out
    corpus.to_csv(tmp_path / "out")  # the tables are plain text: they export


def test_5_same_file_reached_twice_is_read_once(tmp_path):
    folder = _folder(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    os.link(folder / "2024-02-16.md", other / "hard-link.md")
    os.symlink(folder / "2024-02-16.md", other / "soft-link.md")
    os.symlink(folder, tmp_path / "alias")
    spellings = [folder, str(folder) + "/", f"{folder}/./", f"{folder}/../digests",
                 tmp_path / "alias", other, other / "hard-link.md", folder / "2024-02-16.md"]
    corpus = ptk.load(spellings)
    assert len(corpus.papers) == 1 and corpus.problems.empty
    assert len(find_digest_files(spellings)) == 1


def test_5_hidden_folders_and_checkpoints_skipped_case_variants_read(tmp_path):
    folder = _folder(tmp_path)
    checkpoints = folder / ".ipynb_checkpoints"
    checkpoints.mkdir()
    (checkpoints / "2024-02-16-checkpoint.md").write_text(digest(paper(1)), encoding="utf-8")
    (folder / ".hidden.md").write_text(digest(paper(9)), encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / ".git" / "x.md").write_text(digest(paper(8)), encoding="utf-8")
    (folder / "2024-02-17.MD").write_text(digest(paper(2), header="## Daily Papers "
                                                 "(2024-02-17)\n"), encoding="utf-8")
    (folder / "2024-02-18.Md").write_text(digest(paper(3), header="## Daily Papers "
                                                 "(2024-02-18)\n"), encoding="utf-8")
    corpus = ptk.load(folder)
    assert corpus.papers["arxiv_id"].tolist() == ["2402.00001", "2402.00002", "2402.00003"]
    assert corpus.problems.empty
    assert len(ptk.load(str(folder / "**" / "*.md")).papers) == 1  # globs skip hidden too
    everything = ptk.load(folder, hidden=True)
    assert sorted(everything.papers["arxiv_id"]) == [
        "2402.00001", "2402.00001", "2402.00002", "2402.00003", "2402.00008", "2402.00009"]
    named = ptk.load(checkpoints / "2024-02-16-checkpoint.md")  # named: read
    assert len(named.papers) == 1


def test_5_fifos_devices_links_and_unreadable_paths_are_problems_never_hangs(tmp_path,
                                                                            monkeypatch):
    folder = _folder(tmp_path)
    os.mkfifo(folder / "fifo.md")
    os.symlink("/dev/zero", folder / "zero.md")
    os.symlink(folder / "missing.md", folder / "dangling.md")
    os.symlink(folder / "loop-b.md", folder / "loop-a.md")
    os.symlink(folder / "loop-a.md", folder / "loop-b.md")
    (folder / "sub").mkdir()
    os.symlink(folder, folder / "sub" / "up")  # a folder loop
    (folder / "locked").mkdir()
    (folder / "locked" / "x.md").write_text(digest(paper(5)), encoding="utf-8")
    (folder / "secret.md").write_text(digest(paper(6)), encoding="utf-8")
    real_scandir, real_open = os.scandir, os.open

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def os_open(path, flags, *args):
        if str(path).endswith("secret.md"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "open", os_open)
    corpus = finishes(ptk.load, folder)
    assert corpus.papers["arxiv_id"].tolist() == ["2402.00001"]  # the others never sink it
    reasons = {Path(f).name: r for f, r in zip(corpus.problems["file"],
                                                corpus.problems["reason"], strict=True)}
    assert reasons == {
        "fifo.md": "not a regular file (a FIFO): not read",
        "zero.md": "not a regular file (a character device): not read",
        "dangling.md": "broken symbolic link (its target does not exist): not read",
        "loop-a.md": "symbolic link loop: not read",
        "loop-b.md": "symbolic link loop: not read",
        "up": "symbolic link loop: leads back to a folder above it; not followed",
        "locked": "cannot read folder: Permission denied",
        "secret.md": "cannot read file: Permission denied",
    }
    # named explicitly: the same problems, no hang
    named = finishes(ptk.load, [folder / "fifo.md", "/dev/null", folder / "dangling.md"])
    assert named.problems["reason"].tolist() == [
        "not a regular file (a FIFO): not read",
        "not a regular file (a character device): not read",
        "broken symbolic link (its target does not exist): not read"]
    with pytest.raises(ptk.DigestParseError, match="fifo.md: not a regular file"):
        finishes(ptk.load, folder, strict=True)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_5_unreadable_file_by_mode(tmp_path):
    folder = _folder(tmp_path)
    locked = folder / "locked.md"
    locked.write_text(digest(paper(2)), encoding="utf-8")
    locked.chmod(0)
    corpus = ptk.load(folder)
    assert corpus.problems["reason"].tolist() == ["cannot read file: Permission denied"]


# ============================================================================ 6. linear time
def test_6_huge_inputs_parse_correctly():
    names = [f"Author{i} Name" for i in range(70_000)]  # ~1 MB author line
    plain = ", ".join(names)
    listed = "[" + ", ".join(f"'{n}'" for n in names) + "]"
    links = " ".join(f"https://e.com/{i}" for i in range(50_000))
    text = HEADER + (f"### [A](https://arxiv.org/abs/2402.00001)\nAuthors: {plain}\n- {links}\n"
                     f"### [B](https://arxiv.org/abs/2402.00002)\nAuthors: {listed}\n"
                     f"### {'[' * 100_000}\n"
                     f"### [C](https://arxiv.org/abs/2402.00003)\n- {'[' * 100_000}\n"
                     f"- {'[a](' * 20_000}\n"
                     f"Authors: ['{'.' * 100_000}x', '{', ' * 50_000}y']\n")
    corpus = finishes(ptk.loads, text, source="big.md")
    assert corpus.papers["n_authors"].tolist() == [70_000, 70_000, 2]
    assert len(corpus.links) == 50_000
    assert corpus.links["url"].iloc[-1] == "https://e.com/49999"
    assert problems_at(corpus, 8) == ["paper heading has no [title](url) link"]
    assert corpus.papers["n_bullets"].tolist() == [1, 0, 2]


# ============================================================================ 7. names
_INVISIBLES = st.sampled_from(["\x00", "\x07", "\x1b", "\x7f", "\x9b", "\u200b", "\u200c",
                               "\u200d", "\u2060", "\ufeff", "\u202e", "\u00ad", "\ufffe",
                               "\uffff", "\ufdd0", "\U0001fffe", "\U0010ffff"])


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["José García", "Ann Lee", "김민수", "Zoë Müller"]),
                          st.lists(st.tuples(st.integers(0, 12), _INVISIBLES), max_size=3)),
                min_size=1, max_size=4, unique_by=lambda t: t[0]))
def test_7_invisible_characters_removed_raw_kept(names):
    raws = []
    for clean, inserts in names:
        raw = clean
        for at, ch in inserts:
            raw = raw[:at] + ch + raw[at:]
        raws.append(raw)
    corpus = ptk.loads(HEADER + "### [T](https://arxiv.org/abs/2402.00001)\n"
                       "Authors: " + ", ".join(raws) + "\n")
    ships = corpus.authorships
    assert ships["author"].tolist() == [clean for clean, _ in names]
    raws = [r.replace("\ufeff", "").strip() for r in raws]  # a BOM anywhere is dropped on reading
    assert ships["author_raw"].tolist() == raws
    # compared as Python strings: pandas < 3 compares "string" values as C strings (NUL ends)
    merged = set(zip(corpus.author_aliases["author"].tolist(),
                     corpus.author_aliases["author_raw"].tolist(), strict=True))
    for clean, raw in zip([c for c, _ in names], raws, strict=True):
        if raw != clean:
            assert (clean, raw) in merged


@pytest.mark.parametrize("line, authors, issue", [
    ('"Doe, John", "Smith, Jane"', ["John Doe", "Jane Smith"], None),
    ("['Doe, John', 'Smith, Jane']", ["John Doe", "Jane Smith"], None),
    ("Doe, John; Smith, Jane", ["John Doe", "Jane Smith"], None),
    ("John Doe; Jane Smith", ["John Doe", "Jane Smith"], None),
    ('"King, Jr., Martin", "Doe, Jr."', ["King, Jr., Martin", "Doe, Jr."], None),
    ("A B, C D; E F", ["A B", "C D", "E F"], "mixes ';' and ','"),
    ('"Doe, John, Smith', ["Doe", "John", "Smith"], "starts with a quote"),
])
def test_7_comma_and_semicolon_author_lists(line, authors, issue):
    corpus = ptk.loads(HEADER + f"### [T](https://arxiv.org/abs/2402.00001)\nAuthors: {line}\n"
                       "### [U](https://arxiv.org/abs/2402.00002)\nAuthors: John Doe\n")
    got = corpus.authorships.loc[corpus.authorships["arxiv_id"] == "2402.00001", "author"]
    assert got.tolist() == authors
    if issue is None:
        assert corpus.problems.empty
    else:
        assert corpus.problems["line"].tolist() == [4]
        assert issue in corpus.problems["reason"][0]
    if "John Doe" in authors:  # "Doe, John" is the John Doe of the other paper
        assert corpus.authors.set_index("author").loc["John Doe", "papers"] == 2


# ============================================================================ 8. terminals
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_8_control_characters_never_reach_the_terminal(tmp_path, capsys):
    folder = tmp_path / "d"
    folder.mkdir()
    evil_title = "\x1b[31mRED\x1b[0m \x1b]0;owned\x07 \x9b2J \u202eevil"
    text = (HEADER + f"### [{evil_title}](https://arxiv.org/abs/2402.00001)\nVote: 99\n"
            "Authors: \x1b[5mBlink\x1b[0m Person, Ann Lee\n"
            "### [x](https://evil.com/\x1b[2J)\n")
    (folder / "2024-02-16.md").write_text(text, encoding="utf-8")
    (folder / "2024-02-17\nFAKE: error: forged line\x1b[2K.md").write_text(
        "### [\x1b]8;;http://x\x07link](https://arxiv.org/abs/2402.00002)\nVote: x\x1b\n",
        encoding="utf-8")
    for command in (["summary", str(folder)], ["validate", str(folder)]):
        main(command)
        out = capsys.readouterr()
        for stream in (out.out, out.err):
            assert _UNSAFE.search(stream) is None, stream
            assert not any(line.startswith("FAKE") for line in stream.split("\n"))
        if command[0] == "summary":  # the title as markdown-it reads it, escaped
            assert "31mRED\\x1b[0m \\x1b]0;owned\\x07 \\x9b2J \\u202eevil" in out.out
            assert "5mBlink[0m Person" in out.out  # the name lost its controls
    assert main(["summary", str(folder / "nope\x1b[2J\nFAKE")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\x1b" not in err and "\\x1b[2J" in err


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\n\r\x00"),
               min_size=1, max_size=20))
def test_8_any_title_prints_as_one_inert_line(capsys, tmp_path_factory, title):
    folder = tmp_path_factory.mktemp("t")
    (folder / "2024-02-16.md").write_text(
        HEADER + f"### [{title}](https://arxiv.org/abs/2402.00001)\nVote: 5\n"
        f"Authors: {title}\n### {title}\n", encoding="utf-8")
    for command in ("summary", "validate"):
        main([command, str(folder)])
        out = capsys.readouterr().out
        assert _UNSAFE.search(out) is None


# ============================================================================ issue 14
def test_14_non_digest_markdown_is_one_note_not_errors(tmp_path):
    licence = ("Attribution-NonCommercial 4.0 International\n\n"
               "### Section 1 – Definitions.\n\n  a. Adapted Material means ...\n\n"
               "### Section 2 – Scope.\n\n### Section 3 – License Conditions.\n")
    (tmp_path / "LICENSE.md").write_text(licence, encoding="utf-8")
    corpus = ptk.load(tmp_path / "LICENSE.md")
    assert corpus.problems[["severity", "reason"]].values.tolist() == [[
        "note", "not a Daily Papers digest (no day header and no arXiv paper link): "
        "skipped"]]
    assert corpus.n_headings == 0
    # a note is no fault: strict mode does not raise on it, validate exits 0
    assert ptk.load(tmp_path / "LICENSE.md", strict=True).problems["severity"].tolist() == [
        "note"]
    assert main(["validate", str(tmp_path)]) == 0
    (tmp_path / "day.md").write_text("## Daily Papers (2024-02-16)\n\n"
                                     "### [T](https://arxiv.org/abs/2402.10200)\nVote: 1.2k\n",
                                     encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 1  # a warning still fails validate
    with pytest.raises(ptk.DigestParseError, match="1.2k"):
        ptk.load(tmp_path, strict=True)


def _upstream_repository(root: Path, days: list[tuple[str, list[int]]]) -> None:
    """A folder laid out like the upstream digest repository."""
    for date, ids in days:
        y, m, d = date.split("-")
        folder = root / "paper_logs" / y / m
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{d}.md").write_text(
            f"## Daily Papers ({date})\n\n" + "".join(paper(i) for i in ids), encoding="utf-8")
    latest_date, latest_ids = days[-1]
    (root / "README.md").write_text(
        "# Daily Papers\n\n![badge](https://img.shields.io/badge/x)\n\n"
        f"## Daily Papers ({latest_date})\n\n" + "".join(paper(i) for i in latest_ids)
        + "## Related\n\n### [Other project](https://github.com/x/y)\n\n"
        "Thanks to [@AK391](https://github.com/AK391)\n", encoding="utf-8")
    (root / "LICENSE.md").write_text(
        "Attribution-NonCommercial-NoDerivatives 4.0 International\n\n"
        + "".join(f"### Section {k}\n\ntext {k}\n\n" for k in range(1, 9)), encoding="utf-8")
    (root / "main.py").write_text("print('### [not](https://arxiv.org/abs/2402.99999)')\n")
    (root / "utils.py").write_text("import os\n")
    (root / "paper_logs" / "papers_list.csv").write_text("date,title,url\n")
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / ".github" / "workflows" / "daily.md").write_text(paper(77))


def test_14_upstream_repository_layout_loads_every_day_once(tmp_path, capsys):
    days = [("2024-02-15", [1, 2]), ("2024-02-16", [3, 4, 5]), ("2024-03-01", [3, 6])]
    _upstream_repository(tmp_path, days)
    corpus = ptk.load(tmp_path)
    papers = corpus.papers
    assert papers["date"].dt.strftime("%Y-%m-%d").value_counts().sort_index().to_dict() == {
        "2024-02-15": 2, "2024-02-16": 3, "2024-03-01": 2}
    assert papers["arxiv_id"].str[-2:].astype(int).tolist() == [1, 2, 3, 4, 5, 3, 6]
    assert (corpus.problems["severity"] == "error").sum() == 0
    assert corpus.problems["file"].map(lambda f: Path(f).name).tolist() == ["LICENSE.md"]
    assert main(["validate", str(tmp_path), "--errors-only"]) == 0
    assert capsys.readouterr().out == "7 paper headings, 7 paper rows, 1 problems (0 errors)\n"
    assert main(["validate", str(tmp_path)]) == 0  # LICENSE.md is a note, no fault


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=60), st.text(max_size=60))
def test_1_any_text_in_any_field_never_crashes(title, field):
    text = (HEADER + f"### [{title}](https://arxiv.org/abs/2402.00001)\nVote: {field}\n"
            f"Authors: {field}\n- {field}\n### {title}\n")
    corpus = ptk.loads(text)
    lines = text.split("\n")
    # each paper heading line is a row or a problem (the text may add headings of its own)
    for number in (3, 7):
        if lines[number - 1].startswith("### ") and not re.search("[\r\n]", title + field):
            assert (number in set(corpus.papers["line"])
                    or number in set(corpus.problems["line"].dropna())), (number, text)


def test_7_trailing_nul_spelling_is_an_alias():
    # pandas < 3 hashed "string" values as C strings, folding "Ann Lee\0" into "Ann Lee"
    corpus = ptk.loads(HEADER + "### [T](https://arxiv.org/abs/2402.00001)\n"
                       "Authors: Ann Lee\x00, Bo\n")
    assert corpus.authorships["author_raw"].tolist() == ["Ann Lee\x00", "Bo"]
    assert corpus.author_aliases[["author", "author_raw", "occurrences"]].values.tolist() == [
        ["Ann Lee", "Ann Lee\x00", 1]]
