"""The parser's fast paths give exactly what the exact (slow) readings give.

Each property generates inputs rich in the characters that make the fast paths step aside
and compares the fast result with ``papertoolkit.parse.FAST_PATHS = False`` (which reads
every bullet's links with markdown-it-py, every digest line by line).
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import papertoolkit as ptk
from papertoolkit import parse

# pieces of bullet text: Markdown link syntax, what may hide or change a link (escapes, code
# spans, autolinks, HTML, entities, images), URLs that markdown-it-py normalises or refuses
_LINK_PIECES = st.sampled_from([
    "[", "]", "(", ")", "!", "\\", "`", "<", ">", "&", "*", "_", " ", "a", "가", ":", "/", ".",
    "#", "%", '"', "'", "\t", "~", "](", "![", "&amp;", "http://", "https://github.com/a",
    "[GitHub](https://github.com/org/repo)", "[](https://x.io)", "(https://a.b/%zz)",
    "[p](javascript:alert(1))", "[q](HTTPS://Example.COM/x?y=1&z=2)", "[r](www.x.io/a_b)",
    "[s](https://a.b/c(d))", '[t](https://a.b "title")', "[u]( https://a.b)", "[v][w]",
    "<https://auto.link>", "`[c](https://code.span)`", "https://bare.url/x).",
])


def _slow(func, *args):
    parse.FAST_PATHS = False
    try:
        return func(*args)
    finally:
        parse.FAST_PATHS = True


@settings(max_examples=3000, deadline=None)
@given(st.lists(_LINK_PIECES, max_size=12).map("".join))
def test_bullet_links_fast_equal_markdown_it(text):
    assert parse._bullet_links(text) == _slow(parse._bullet_links, text)


def test_bullet_links_fast_path_is_taken_for_plain_links():
    text = "코드는 [GitHub](https://github.com/a/b)와 [page](https://a.github.io/)에 있다"
    assert parse._plain_md_links(text) == ["https://github.com/a/b", "https://a.github.io/"]
    assert parse._plain_md_links("![img](https://x.io/a.png) [a](https://x.io)") is None
    assert parse._plain_md_links("`[a](https://x.io)`") is None
    # the target as markdown-it-py normalises it (then the bare URL, which differs from it)
    assert parse._plain_md_links("see [a](https://x.io/%zz)") == ["https://x.io/%25zz"]


# ----------------------------------------------------------------------------- whole digests
_URL = st.sampled_from(["https://cdn.example/a.png", "https://cdn.example/한글.png",
                        "https://cdn.example/a b.png", "https://x.io/(1).png", "<https://x.io>",
                        "https://x.io/a\u00a0b", "", "https://x.io/\u3000"])
_MEDIA = st.none() | _URL.map(lambda url: f"![]({url})") | _URL.map(
    lambda url: f"[Watch Video]({url})\n<video src=\"{url}\"></video>")
_VOTE = st.none() | st.sampled_from(["Vote: 12", "Vote: -", "Vote: 1,234", "Vote: 1.2k",
                                     "Vote: 99999999999999999999"])
_AUTHORS = st.none() | st.sampled_from([
    "Authors: Ann Lee, Bo Chen", "Authors: Doe, J; Roe, R", "Authors: A; B",
    "Authors: 'Ann', 'Bo'", "Authors: \"Doe, J\"", "Authors: Ann\u00a0Lee, Bo",
    "Authors: Ann Lee, et al.", "Authors: ", "Authors: ['A', 'B']", "Authors: O'Neil, ' '",
    "Authors: Ann\tLee", "Authors: A, B;", "Authors: A B, C D; E F", "Authors: 'Ann, Bo"])
# a paper's head in the usual order (media, vote, authors), each line maybe missing
_HEAD = st.tuples(_MEDIA, _VOTE, _AUTHORS).map(lambda head: [line for line in head if line])
_BULLET_LINE = st.sampled_from([
    "- 요약 문장", "- **Label**: 텍스트", "- __Label__: x", "-   _L_ : y", "-  two spaces",
    "- trailing space ", "- tab\there",
    "- nbsp\u00a0end\u00a0", "- ctrl\x0bchar", "- [GitHub](https://github.com/a/b) 참고",
    "- see https://x.io/a).", "- ![i](https://x.io/i.png)", "  - nested", "- ### [N](https://arxiv.org/abs/2401.5)",
    "", "lazy continuation", "- \u3000ideographic",
])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(papers=[(["Authors: A B, C D; E F"], ["- x"])], newline="\n")  # reported by the line
@example(papers=[(["![](https://x.io/a b.png)"], ["- x"])], newline="\n")  # not a block
@example(papers=[(["Vote: 3"], ["- nbsp\u00a0end\u00a0"])], newline="\n")  # _ODD bytes
@given(papers=st.lists(st.tuples(_HEAD,
                                 st.lists(_BULLET_LINE, max_size=4)), min_size=1, max_size=5),
       newline=st.sampled_from(["\n", "\r\n"]))
def test_digest_bytes_fast_equal_line_by_line(papers, newline):
    lines = ["## Daily Papers (2024-01-31)", ""]
    for i, (head, bullets) in enumerate(papers):
        lines += [f"### [Paper {i}](https://arxiv.org/abs/2401.{i:05d})", ""]
        for line in head:
            lines += [line, ""]
        lines += bullets + [""]
    data = newline.join(lines).encode("utf-8")
    fast = ptk.load(data)
    slow = _slow(ptk.load, data)
    for name in ("papers", "authorships", "bullets", "links", "problems"):
        pd.testing.assert_frame_equal(getattr(fast, name), getattr(slow, name), obj=name)
    assert fast.n_headings == slow.n_headings


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(["\n", "- ", "-  ", " ", "*", "_", "a", ":", "**L**: ", "가",
                                 "\t", "#"]), max_size=20).map("".join))
def test_bullet_regex_strips_trailing_spaces_as_rstrip(text):
    # the bullet texts of the block paths: what the plain line pattern reads, then rstrip(" ")
    plain = re.compile(r"\n- +(?:(\*{1,3}|_{1,3})([^*_\n]{1,80}?)\1 *: *)?([^\n]*)")
    expected = [(delim, label, body.rstrip(" ")) for delim, label, body in plain.findall(text)]
    assert parse._BULLETS.findall(text) == expected


# ----------------------------------------------------------------------------- author lists
# text after "Authors:" built from names and separators, rich in what makes a list other than
# plain (quotes, brackets, ";", " and ", markers of more authors, names of punctuation only,
# whitespace other than single spaces)
_AUTHOR_PIECES = st.sampled_from([
    "Ann", "Bo Li", "가나", "O'Neil", ", ", ",", " ", "  ", " and ", "and ", ";", "[", "]", "(",
    "'", '"', "*", "* *", "+", "…", "...", "..", "et al", "et al.", "etc", "etc.", "·", "•",
    "\u00a0", "\u3000", "\t", "\u2028", "Jr.", ":", "{", "`", "-", "&",
])
_AUTHOR_FIELDS = st.lists(st.lists(_AUTHOR_PIECES, max_size=8).map("".join), max_size=8)


@settings(max_examples=3000, deadline=None)
@example(fields=["Ann Lee, Bo", "Cy", "", "A, et al.", "A, *, B", "A and B", "[A], B"])
@given(fields=_AUTHOR_FIELDS)
def test_author_fields_split_by_arrow_equal_split_authors(fields):
    pytest.importorskip("pyarrow")
    from papertoolkit._tables import _split_fields_arrow
    from papertoolkit.authors import split_author_fields, split_authors

    each = [split_authors(field) for field in fields]
    names, counts = _split_fields_arrow(fields, ["Hub Name"])
    assert counts.tolist() == [len(split) for split in each]
    assert names.to_pylist() == ["Hub Name"] + [name for split in each for name in split]
    assert split_author_fields(fields) == ([name for split in each for name in split],
                                           [len(split) for split in each])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(fields=["\xa0'"])  # a quote after whitespace: the line reading reports the list
@example(fields=[" 'Ann", "Bo, et al.", "A and B"])
@given(fields=st.lists(st.none() | st.lists(_AUTHOR_PIECES, max_size=8).map("".join),
                       min_size=1, max_size=5))
def test_author_lists_of_plain_papers_equal_line_by_line(fields):
    lines = ["## Daily Papers (2024-01-31)", ""]
    for i, field in enumerate(fields):
        lines += [f"### [Paper {i}](https://arxiv.org/abs/2401.{i:05d})", "", "Vote: 3", ""]
        if field is not None:
            lines += [f"Authors: {field}", ""]
        lines += ["- 요약", ""]
    data = "\n".join(lines).encode("utf-8")
    fast = ptk.load(data)
    slow = _slow(ptk.load, data)
    for name in ("papers", "authorships", "problems"):
        pd.testing.assert_frame_equal(getattr(fast, name), getattr(slow, name), obj=name)


# ----------------------------------------------------------------------------- table columns
@pytest.mark.parametrize("n", [0, 1, 7])
def test_missing_columns_equal_columns_of_none(n):
    from papertoolkit import schema
    from papertoolkit._tables import _column, _missing

    dtypes = {str(dtype): dtype for table in schema.TABLES.values() for dtype in table.values()}
    for dtype in dtypes.values():
        expected = pd.Series(_column([None] * n, dtype))
        pd.testing.assert_series_equal(pd.Series(_missing(dtype, n)), expected, obj=str(dtype))
