"""Author names: splitting author lines, normalising names, and auditing merges.

Author identity is the hardest part of bibliometrics. papertoolkit normalises conservatively
(Unicode NFKC, whitespace, stray punctuation, a trailing "et al.", a leading "and ") and keeps
the raw spelling beside the normalised one, so every merge can be audited in
``corpus.author_aliases`` and overridden with a mapping passed to :func:`papertoolkit.load`.

Examples
--------
>>> split_authors("['Cai Zhou', 'Wanli Ouyang', 'and Lei Bai']")
['Cai Zhou', 'Wanli Ouyang', 'and Lei Bai']
>>> normalize_author("and  Lei\\u00a0Bai,")
'Lei Bai'
"""

from __future__ import annotations

import ast
import re
import unicodedata
from functools import lru_cache

import pandas as pd

__all__ = ["split_authors", "split_author_fields", "author_list_issue", "normalize_author",
           "normalize_authors", "name_key", "apply_aliases", "resolve_identities"]

_SPACES = re.compile(r"\s+")
# "more authors" written after the last name: "et al." in any spelling ("et. al", "et-al",
# "etal."), "etc.", "and others", Korean "외" / "등", an ellipsis; and a dangling "and"
_ET_AL = re.compile(r"(?:[\s,;]*(?:\bet(?:\.\s*|\s+|-)al\b\.?|\betal\.|\betc\b\.?|\band\s+others\b"
                    r"|(?<=\s)[외등]|…|\.{2,}+|(?<=[\s,])(?:and|&)))+[\s.]*$", re.IGNORECASE)
# _ET_AL is tried on the last _MORE_TAIL characters of a name only: a run of separators or
# dots could otherwise be tried from each of its characters (quadratic on a hostile name)
_MORE_TAIL = 120
_LEADING_AND = re.compile(r"^(?:and[\s,]+|&[\s,]*)", re.IGNORECASE)
# how a (lower-cased, stripped) name that may hold one of those ends or starts: such names
# go through normalize_author one by one in normalize_authors
_MORE_ENDS = (" al", " al.", ".al", ".al.", "-al", "etal.", "etc", "etc.", "others", "외", "등",
              "…", "..", " and", ",and", "&")
_AND_STARTS = ("and ", "and,", "&")
_STRIP = " \t,;:·•*\"'`[](){}"

# A plain author list "A B, C D, E": names without commas or stray spaces, separated by ", ",
# none of them made only of _STRIP characters or a "more authors" marker. For such a list,
# field.split(", ") is exactly what the general rules below give.
_STRIP_CLASS = "[" + re.escape(_STRIP) + "]"
_PLAIN_NAME = (rf"(?!{_STRIP_CLASS}*(?:,|\n|$))(?!(?:\+|…|\.\.\.|et al\.?|etc\.?)(?:,|\n|$))"
               r"[^\s,]+(?: [^\s,]+)*")
_PLAIN_LIST = re.compile(rf"{_PLAIN_NAME}(?:, {_PLAIN_NAME})*")
_PLAIN_LISTS = re.compile(rf"{_PLAIN_LIST.pattern}(?:\n{_PLAIN_LIST.pattern})*")  # one a line
# a Python list of quoted strings without escapes: ['A', "B"]
_QUOTED = re.compile(r"'[^'\\\n]*'|" r'"[^"\\\n]*"')
_QUOTED_LIST = re.compile(rf"\[(?:{_QUOTED.pattern})(?:, (?:{_QUOTED.pattern}))*\]")

# normalize_author's steps, applied at once to many names joined by newlines. Each pattern
# starts with a literal newline (fast to search for); trailing characters are found by the
# same patterns run over the reversed text.
_STRIP_RUN = re.compile(rf"\n{_STRIP_CLASS}+")
_BULK_SPACES = re.compile(r"[^\S\n]+")
# whitespace other than " " and "\n" (every character str.isspace() accepts)
_OTHER_SPACE = re.compile("[\t\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029"
                          "\u202f\u205f\u3000]")


def _invisible_class() -> str:
    """Characters a name never needs: controls that are not whitespace (whitespace becomes a
    space), zero-width and bidirectional format characters, the soft hyphen, a BOM, and the
    Unicode non-characters (U+FDD0..U+FDEF and the last two code points of every plane)."""
    ranges = ["\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\xad\u180e\u200b-\u200f\u202a-\u202e"
              "\u2060-\u2064\u2066-\u206f\ufeff\ufdd0-\ufdef"]
    ranges += [chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF)
               for plane in range(17)]
    return "[" + "".join(ranges) + "]"


_INVISIBLE = re.compile(_invisible_class())
#: what may follow the comma of a name without being a first name ("King, Jr.")
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v", "phd", "md", "esq"})


def split_authors(field: str) -> list[str]:
    """Split the text after ``Authors:`` into raw names, in order.

    Handles comma lists, Python-list syntax (``['A', 'B']``) and a final ``A and B``.

    Parameters
    ----------
    field : str
        The text after ``Authors:``.

    Returns
    -------
    list of str
        Raw names (not normalised), without "more authors" markers.

    Examples
    --------
    >>> split_authors("Xuezhi Wang, Denny Zhou")
    ['Xuezhi Wang', 'Denny Zhou']
    >>> split_authors("")
    []
    >>> split_authors("A, B, +")  # a trailing "+" marks a truncated list, not an author
    ['A', 'B']
    >>> split_authors("['Cai Zhou', 'Wanli Ouyang']")
    ['Cai Zhou', 'Wanli Ouyang']
    """
    if not isinstance(field, str):
        raise TypeError(f"field must be a str, got {type(field).__name__}: {field!r}")
    field = field.strip()
    if not field:
        return []
    if field[0] in "\"'":
        names = _quoted_names(field)
        if names is not None:
            return names
    elif field[0] not in "[(":
        if (";" not in field and _PLAIN_LIST.fullmatch(field)
                and ("," in field or " and " not in field)):
            return field.split(", ")
    elif _QUOTED_LIST.fullmatch(field):  # ['A', "B"]: what ast.literal_eval reads, faster
        names = (quoted[1:-1].strip() for quoted in _QUOTED.findall(field))
        return [name for name in names if name]
    return _split_general(field)


def split_author_fields(fields: list[str]) -> tuple[list[str], list[int]]:
    """:func:`split_authors` of many fields at once (faster when most are plain lists).

    All names come in one list, with the number of names of each field.

    Parameters
    ----------
    fields : list of str
        The texts after ``Authors:``.

    Returns
    -------
    names : list of str
        Every raw name, field after field.
    counts : list of int
        How many names each field gave.

    Examples
    --------
    >>> split_author_fields(["A B, C", "D and E", "['F']"])
    (['A B', 'C', 'D', 'E', 'F'], [2, 2, 1])
    """
    joined = "\n".join(fields)
    if (joined[:1] not in "[(\"'" and "\n[" not in joined and "\n(" not in joined
            and "\n\"" not in joined and "\n'" not in joined and ";" not in joined
            and _PLAIN_LISTS.fullmatch(joined)
            and not any(" and " in field for field in fields if "," not in field)):
        return joined.replace("\n", ", ").split(", "), [field.count(",") + 1
                                                         for field in fields]
    names: list[str] = []
    counts = []
    for field in fields:
        split = split_authors(field)
        names += split
        counts.append(len(split))
    return names, counts


def _split_general(field: str) -> list[str]:
    """:func:`split_authors` of a stripped, non-empty field, without the fast paths."""
    if field[0] in "[(" and field[-1] in "])":
        try:
            value = ast.literal_eval(field)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            value = None
        if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            return [v.strip() for v in value if v.strip()]
        field = field[1:-1]
    if ";" in field:
        return _split_semicolons(field)
    parts = [p.strip() for p in field.split(",")]
    if len(parts) == 1 and " and " in parts[0]:
        parts = [p.strip() for p in parts[0].split(" and ")]
    return [p for p in parts if p.strip(_STRIP) and p.strip() not in _MORE_MARKERS]

def _quoted_names(field: str) -> list[str] | None:
    """Names of a list of quoted names without brackets (``"Doe, John", "Smith, Jane"``)."""
    try:
        value = ast.literal_eval("[" + field + "]")
    except (ValueError, SyntaxError, MemoryError, RecursionError, TypeError):
        return None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    return None


def _split_semicolons(field: str) -> list[str]:
    """A ``;``-separated list: parts that are all ``Last, First`` or all without a comma are
    names; otherwise (mixed, or several commas in a part) every part is split on commas too."""
    parts = [p.strip() for p in field.split(";") if p.strip(_STRIP)]
    commas = {p.count(",") for p in parts}
    if commas not in ({0}, {1}):
        parts = [q.strip() for p in parts for q in p.split(",")]
    return [p for p in parts if p.strip(_STRIP) and p.strip() not in _MORE_MARKERS]


def author_list_issue(field: str) -> str | None:
    """Why an author list cannot be read with certainty (None when it can).

    ``Doe, John; Smith, Jane`` (every ``;``-separated part one ``Last, First`` pair) and
    ``"Doe, John", "Smith, Jane"`` (quoted names) are read as two names each, written
    ``John Doe`` and ``Jane Smith`` after normalisation. A ``;`` list whose parts mix
    comma counts cannot be decided: it is split on both separators and reported.

    Parameters
    ----------
    field : str
        The text after ``Authors:``.

    Returns
    -------
    str or None
        The warning to report, or None.

    Examples
    --------
    >>> author_list_issue("Doe, John; Smith, Jane") is None
    True
    >>> author_list_issue("A B, C D; E F")
    "author list mixes ';' and ',' separators: split on both"
    """
    field = field.strip()
    if field[:1] in "\"'":
        if _quoted_names(field) is None:
            return ("author list starts with a quote but is not a list of quoted names: "
                    "split on commas")
        return None
    if ";" not in field:
        return None
    if field[:1] in "[(" and field[-1:] in "])":
        if _quoted_names(field[1:-1]) is not None:
            return None
        field = field[1:-1]
    if {p.count(",") for p in field.split(";") if p.strip(_STRIP)} not in ({0}, {1}):
        return "author list mixes ';' and ',' separators: split on both"
    return None


#: tokens that stand for "more authors" in truncated author lines (``A, B, +``)
_MORE_MARKERS = frozenset({"+", "…", "...", "et al", "et al.", "etc", "etc."})


@lru_cache(maxsize=200_000)
def normalize_author(raw: str) -> str:
    """Normalised display form of an author name.

    NFKC folds compatibility forms (full-width letters, ligatures) and composes accents;
    whitespace is collapsed; quotes, brackets and trailing punctuation, a leading "and " and a
    trailing "et al." are removed. Case and accents are kept: they are part of a name.

    Parameters
    ----------
    raw : str
        A name as written.

    Returns
    -------
    str
        The normalised name (``""`` when nothing of a name is left).

    Examples
    --------
    >>> normalize_author("Ｊｏｈｎ  Doe et al.")
    'John Doe'
    >>> normalize_author("Doe, John")
    'John Doe'
    """
    name = unicodedata.normalize("NFKC", raw if raw.isprintable() else _INVISIBLE.sub("", raw))
    name = _SPACES.sub(" ", name).strip(_STRIP)
    name = (_ET_AL.sub("", name) if len(name) <= _MORE_TAIL
            else name[:-_MORE_TAIL] + _ET_AL.sub("", name[-_MORE_TAIL:]))
    name = _LEADING_AND.sub("", name)
    name = name.strip(_STRIP + ".") if name.endswith((",", ";")) else name.strip(_STRIP)
    return _first_last(name) if "," in name else name


def _first_last(name: str) -> str:
    """``"Doe, John"`` -> ``"John Doe"``; a name with no or several commas, or a suffix after
    the comma (``"King, Jr."``), is left as it is."""
    last, _, first = name.partition(",")
    last, first = last.strip(_STRIP), first.strip(_STRIP)
    if "," in first or not last or not first or first.rstrip(".").lower() in _NAME_SUFFIXES:
        return name
    return f"{first} {last}"


def normalize_authors(raw_names: list[str]) -> list[str]:
    """:func:`normalize_author` of every name in a list, computed in bulk (much faster).

    Parameters
    ----------
    raw_names : list of str
        Names as written.

    Returns
    -------
    list of str
        The normalised names, in order.

    Examples
    --------
    >>> normalize_authors(["and  Lei\u00a0Bai,", "Ｊｏｈｎ Doe et al.", "A. B.", "*"])
    ['Lei Bai', 'John Doe', 'A. B.', '']
    """
    if not raw_names:
        return []
    text = "\n" + "\n".join(raw_names) + "\n"
    n_lines = text.count("\n")
    if n_lines != len(raw_names) + 1:  # a name holds a newline
        return [normalize_author(name) for name in raw_names]
    if not text.replace("\n", " ").isprintable() and _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)  # (isprintable: a fast test that finds them all)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
        if text.count("\n") != n_lines:
            return [normalize_author(name) for name in raw_names]
    if "  " in text or _OTHER_SPACE.search(text):
        text = _BULK_SPACES.sub(" ", text)
    text = _strip_lines(text)
    names = text[1:-1].split("\n")
    # a name ending in "et al." (any spelling), "etc.", an ellipsis, ... or starting with
    # "and ": the one-name rules (rare)
    for k in _marked_lines(text.lower()):
        names[k] = normalize_author(raw_names[k])
    if "," in text:
        names = [_first_last(name) if "," in name else name for name in names]
    return names


# a line ending in one of _MORE_ENDS or "." (a trailing "." may follow a marker after spaces:
# "etc ." -- such names go one by one too), found in the reversed text; or starting with
# one of _AND_STARTS
_MARKED_END = re.compile("\n(?:" + "|".join(re.escape(end[::-1]) for end in (*_MORE_ENDS, "."))
                         + ")")
_MARKED_START = re.compile("\n(?:" + "|".join(map(re.escape, _AND_STARTS)) + ")")


def _marked_lines(text: str) -> set[int]:
    """The numbers of the lines (0: the first) of a text that starts and ends with a newline
    that end with a "more authors" marker or a dot, or start with "and "."""
    found = set()
    last_line = text.count("\n") - 2
    for pattern, lines, reverse in ((_MARKED_START, text, False),
                                    (_MARKED_END, text[::-1], True)):
        line, last = 0, 0  # the line after the newline at position last
        for match in pattern.finditer(lines):
            line += lines.count("\n", last, match.start())
            last = match.start()
            found.add(last_line - line if reverse else line)
    return found


def _strip_lines(text: str) -> str:
    """``line.strip(_STRIP)`` for every line of a text that starts and ends with a newline."""
    text = _STRIP_RUN.sub("\n", text)
    return _STRIP_RUN.sub("\n", text[::-1])[::-1]


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """A forgiving lookup key: case-folded, accents removed, spaces and dots collapsed.

    Used for *finding* authors (``"jose garcia"`` finds ``"José García"``), not for merging.

    Parameters
    ----------
    name : str
        A name, raw or normalised.

    Returns
    -------
    str

    Examples
    --------
    >>> name_key("José  García")
    'jose garcia'
    >>> keys = corpus.authors["author"].map(name_key)
    >>> corpus.authors.loc[keys == "xinyun chen", "author"].tolist()
    ['Xinyun Chen']
    """
    decomposed = unicodedata.normalize("NFKD", normalize_author(name))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = re.sub(r"[.\-‐]+", " ", plain)
    return _SPACES.sub(" ", plain).strip().casefold()


def apply_aliases(authorships: pd.DataFrame, aliases: dict[str, str] | None) -> pd.DataFrame:
    """Return *authorships* with ``author`` remapped by a ``{spelling: canonical}`` mapping.

    Keys may be raw or normalised spellings.

    Parameters
    ----------
    authorships : DataFrame
        With ``author`` and ``author_raw``.
    aliases : dict of str to str or None
        ``{spelling: canonical name}``; None or empty changes nothing.

    Returns
    -------
    DataFrame
        A copy with ``author`` remapped (the input when there is nothing to do).

    Examples
    --------
    >>> df = pd.DataFrame({"author": ["J. Doe"], "author_raw": ["J. Doe"]})
    >>> apply_aliases(df, {"J. Doe": "John Doe"})["author"].tolist()
    ['John Doe']
    """
    if not aliases:
        return authorships
    mapping = {normalize_author(k): normalize_author(v) for k, v in aliases.items()}
    raw_mapping = {k: normalize_author(v) for k, v in aliases.items()}
    out = authorships.copy()
    names = out["author"].astype("string")  # as text: categorical names differ in categories
    by_raw = out["author_raw"].astype("string").map(raw_mapping)
    by_norm = names.map(mapping)
    out["author"] = by_raw.fillna(by_norm).fillna(names).astype("string")
    return out


def resolve_identities(authorships: pd.DataFrame) -> pd.DataFrame:
    """Decide ``author`` by Hub accounts where authors claimed their papers.

    The rules, strongest first (a ``load(..., aliases=...)`` mapping is applied after them and
    overrides all):

    1. **Same** ``hf_user``, **one name.** Every authorship claimed by one Hub user gets one
       name: the normalised spelling most often used with that account (ties: the first in
       sorted order). Different spellings of one person merge.
    2. **One spelling, two** ``hf_user`` **s: two people.** When that name is claimed by more
       than one account, it becomes ``"Name (@user)"`` for each; unclaimed rows with that
       spelling stay ``"Name"`` (we cannot tell whose they are).
    3. A spelling claimed by exactly one account takes that account's name on unclaimed rows
       too (and its ``hf_user``), so a digest's "Jon Doe" joins the Hub's "Jonathan Doe"
       when the account ``@jdoe`` wrote both spellings.
    4. Otherwise names are merged by normalisation alone (:func:`normalize_author`).

    ``corpus.author_aliases`` says which rule merged each spelling.

    Parameters
    ----------
    authorships : DataFrame
        With ``author``, ``author_raw`` and, from Hub data, ``hf_user``.

    Returns
    -------
    DataFrame
        *authorships* with ``author`` and ``hf_user`` decided (the input itself when no row has
        an ``hf_user``).

    Examples
    --------
    >>> df = pd.DataFrame({"author": ["Jon Doe", "Jonathan Doe", "Jonathan Doe", "Jon Doe",
    ...                               "Li Wei", "Li Wei"],
    ...                    "author_raw": ["Jon Doe", "Jonathan Doe", "Jonathan Doe", "Jon Doe",
    ...                                   "Li Wei", "Li Wei"],
    ...                    "hf_user": ["jdoe", "jdoe", "jdoe", None, "lw1", "lw2"]})
    >>> out = resolve_identities(df)
    >>> out["author"].tolist()
    ['Jonathan Doe', 'Jonathan Doe', 'Jonathan Doe', 'Jonathan Doe', 'Li Wei (@lw1)', \
'Li Wei (@lw2)']
    >>> out["hf_user"].tolist()
    ['jdoe', 'jdoe', 'jdoe', 'jdoe', 'lw1', 'lw2']
    """
    if "hf_user" not in authorships or not authorships["hf_user"].notna().any():
        return authorships
    names = authorships["author"].astype("string")
    users = authorships["hf_user"].astype("string")
    claimed = users.notna() & names.notna()
    pairs = pd.DataFrame({"user": users[claimed], "name": names[claimed]})
    counts = pairs.value_counts().reset_index(name="n")
    counts = counts.sort_values(["user", "n", "name"], ascending=[True, False, True])
    canonical = counts.drop_duplicates("user").set_index("user")["name"]  # rule 1
    accounts = pairs.drop_duplicates().groupby("name")["user"].agg(list)
    shared = {name for name, found in accounts.items() if len(found) > 1}  # rule 2
    single = {name: found[0] for name, found in accounts.items() if len(found) == 1}
    out_names = names.to_numpy(dtype=object, na_value=None).copy()
    out_users = users.to_numpy(dtype=object, na_value=None).copy()
    display = {user: f"{name} (@{user})" if name in shared else name
               for user, name in canonical.items()}
    for i, (name, user) in enumerate(zip(out_names.tolist(), out_users.tolist(), strict=True)):
        if name is None:
            continue
        if user is None:
            user = single.get(name)  # rule 3
            if user is None:
                continue
            out_users[i] = user
        out_names[i] = display[user]
    return authorships.assign(author=pd.array(out_names, dtype="string"),
                              hf_user=pd.array(out_users, dtype="string"))
