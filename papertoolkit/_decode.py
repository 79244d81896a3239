"""Decoding digest bytes: UTF-8 (BOM or not), UTF-16/32 with a BOM, legacy Korean, bad bytes.

Examples
--------
>>> text, problems = decode_digest("## Daily Papers (2024-02-16)\\n".encode("utf-16"), "d.md")
>>> text, problems
('## Daily Papers (2024-02-16)\\n', [])
"""

from __future__ import annotations

import re

from ._records import Problem, _shorten

# a cheap test that a file is meant as a digest: a day header or a paper link somewhere
_DIGEST_HINT = re.compile(r"Daily Papers|arxiv\.org/|(?:huggingface|hf)\.co/papers/",
                          re.IGNORECASE)

# ---------------------------------------------------------------------------- decoding
_UTF8_BOM = b"\xef\xbb\xbf"
# longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
_BOMS = ((b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"), (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
         (b"\xfe\xff", "utf-16-be", "UTF-16"), (b"\xff\xfe", "utf-16-le", "UTF-16"))
_HANGUL = re.compile("[\uac00-\ud7a3\u3131-\u318e]")
#: at most this many lines with invalid bytes are reported one by one per file
MAX_LINE_NOTES = 20


def decode_digest(data: bytes, source: str) -> tuple[str | None, list[Problem]]:
    """Decode the bytes of a digest file into its text and any problems.

    UTF-8 with or without BOM is read silently, and so are UTF-16 and UTF-32 with a BOM.
    Otherwise CP949 (a superset of EUC-KR) is chosen, with a warning, only when it decodes
    the whole file and the result is plausible Korean text, never when the bytes are mostly
    valid UTF-8 (an accented UTF-8 file with a stray byte is not turned into mojibake). Else
    the text is read as UTF-8 with undecodable bytes replaced by U+FFFD, one warning per line.
    Binary data and empty files are reported, not raised.

    Parameters
    ----------
    data : bytes
        The file's content.
    source : str
        The file's name, for problems.

    Returns
    -------
    text : str or None
        The text, or None when there is none (binary data, an empty file).
    problems : list of Problem
        How it was decoded, when not plain UTF-8.

    Examples
    --------
    >>> decode_digest("## Daily Papers (2024-01-02)".encode("cp949"), "a.md")[0][:9]
    '## Daily '
    >>> decode_digest("## Daily Papers".encode("utf-16"), "a.md")[0]
    '## Daily Papers'
    """
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _decode_wide(data[len(bom):], codec, name, source)
    if data.startswith(_UTF8_BOM):
        data = data[3:]
    if not data or data.isspace():  # (what bytes.strip() removes: ASCII whitespace)
        return None, [Problem(source, None, "warning", "empty file: no digest content")]
    notes: list[Problem] = []
    if b"\x00" in data:
        if b"## Daily Papers" not in data and b"### [" not in data:
            for codec in ("utf-16-le", "utf-16-be"):  # UTF-16 without a BOM?
                try:
                    text = data.decode(codec)
                except UnicodeDecodeError:
                    continue
                if _DIGEST_HINT.search(text):
                    return text, [Problem(source, None, "warning",
                                          f"no BOM; decoded as {codec.upper()}")]
            return None, [Problem(source, None, "error", "binary file (NUL bytes): not a digest")]
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        data = data.replace(b"\x00", b"")
        notes.append(Problem(source, line, "warning", "NUL bytes in a text file; removed"))
    try:
        return data.decode("utf-8"), notes
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", "replace")
    legacy = _legacy_korean(data, text)
    if legacy is not None:
        return legacy, notes + [Problem(
            source, None, "warning", "not UTF-8; decoded as CP949/EUC-KR (Korean legacy encoding)")]
    return text, notes + _invalid_lines(data, source, "utf-8")


def _decode_wide(data: bytes, codec: str, name: str, source: str):
    try:
        text = data.decode(codec)
        notes = []
    except UnicodeDecodeError as exc:
        text = data.decode(codec, "replace")
        line = data[: exc.start].decode(codec, "replace").count("\n") + 1
        notes = [Problem(source, line, "warning",
                         f"invalid {name} data from this line on; replaced with U+FFFD")]
    if not text.strip():
        return None, [Problem(source, None, "warning", "empty file: no digest content")]
    return text, notes


def _legacy_korean(data: bytes, as_utf8: str) -> str | None:
    """The CP949 reading of bytes that are not UTF-8, if it is clean and plausible, else None.

    Plausible: the bytes are not mostly valid UTF-8 (fewer well-formed non-ASCII characters
    than replaced bytes), and at least 70 % of the non-ASCII characters CP949 yields are Hangul.
    """
    replaced = as_utf8.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    non_ascii = len(as_utf8) - len(as_utf8.encode("ascii", "ignore"))
    if non_ascii - replaced - data.count(b"\xef\xbf\xbd") >= replaced:
        return None  # mostly UTF-8, with a few bad bytes
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        return None
    wide = len(text) - len(text.encode("ascii", "ignore"))
    return text if len(_HANGUL.findall(text)) >= 0.7 * wide else None


def _invalid_lines(data: bytes, source: str, codec: str) -> list[Problem]:
    """One warning per line of *data* that does not decode (at most MAX_LINE_NOTES)."""
    bad = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode(codec)
        except UnicodeDecodeError as exc:
            bad.append(Problem(source, number, "warning",
                               f"invalid UTF-8 byte {line[exc.start:exc.start + 1]!r} (and any "
                               "others on this line) replaced with U+FFFD",
                               _shorten(line.decode(codec, "replace"))))
    if len(bad) > MAX_LINE_NOTES:
        more = len(bad) - MAX_LINE_NOTES
        bad = bad[:MAX_LINE_NOTES] + [Problem(source, None, "warning",
                                              f"invalid UTF-8 on {more} more lines; replaced")]
    return bad
