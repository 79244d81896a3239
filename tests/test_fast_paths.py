"""The parser's fast paths give exactly what the exact (slow) readings give.

Each property generates inputs rich in the characters that make the fast paths step aside
and compares the fast result with ``papertoolkit.parse.FAST_PATHS = False`` (which reads
every bullet's links with markdown-it-py, every digest line by line).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

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
