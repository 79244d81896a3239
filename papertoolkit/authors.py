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

__all__ = ["split_authors", "normalize_author", "name_key", "apply_aliases"]

_SPACES = re.compile(r"\s+")
_ET_AL = re.compile(r"[\s,]*\bet\.?\s*al\.?\s*$", re.IGNORECASE)
_LEADING_AND = re.compile(r"^(?:and|&)\s+", re.IGNORECASE)
_STRIP = " \t,;:·•*\"'`[](){}"


def split_authors(field: str) -> list[str]:
    """Split the text after ``Authors:`` into raw names, in order.

    Handles comma lists, Python-list syntax (``['A', 'B']``) and a final ``A and B``.

    >>> split_authors("Xuezhi Wang, Denny Zhou")
    ['Xuezhi Wang', 'Denny Zhou']
    >>> split_authors("")
    []
    >>> split_authors("A, B, +")  # a trailing "+" marks a truncated list, not an author
    ['A', 'B']
    """
    field = field.strip()
    if not field:
        return []
    if field[0] in "[(" and field[-1] in "])":
        try:
            value = ast.literal_eval(field)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            value = None
        if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            return [v.strip() for v in value if v.strip()]
        field = field[1:-1]
    parts = [p.strip() for p in field.split(",")]
    if len(parts) == 1 and " and " in parts[0]:
        parts = [p.strip() for p in parts[0].split(" and ")]
    return [p for p in parts if p.strip(_STRIP) and p.strip() not in _MORE_MARKERS]


#: tokens that stand for "more authors" in truncated author lines (``A, B, +``)
_MORE_MARKERS = frozenset({"+", "…", "...", "et al", "et al.", "etc", "etc."})


@lru_cache(maxsize=200_000)
def normalize_author(raw: str) -> str:
    """Normalised display form of an author name.

    NFKC folds compatibility forms (full-width letters, ligatures) and composes accents;
    whitespace is collapsed; quotes, brackets and trailing punctuation, a leading "and " and a
    trailing "et al." are removed. Case and accents are kept: they are part of a name.

    >>> normalize_author("Ｊｏｈｎ  Doe et al.")
    'John Doe'
    """
    name = unicodedata.normalize("NFKC", raw)
    name = _SPACES.sub(" ", name).strip(_STRIP)
    name = _ET_AL.sub("", name)
    name = _LEADING_AND.sub("", name)
    return name.strip(_STRIP + ".") if name.endswith((",", ";")) else name.strip(_STRIP)


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """A forgiving lookup key: case-folded, accents removed, spaces and dots collapsed.

    Used for *finding* authors (``"jose garcia"`` finds ``"José García"``), not for merging.

    >>> name_key("José  García")
    'jose garcia'
    """
    decomposed = unicodedata.normalize("NFKD", normalize_author(name))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = re.sub(r"[.\-‐]+", " ", plain)
    return _SPACES.sub(" ", plain).strip().casefold()


def apply_aliases(authorships: pd.DataFrame, aliases: dict[str, str] | None) -> pd.DataFrame:
    """Return *authorships* with ``author`` remapped by a ``{spelling: canonical}`` mapping.

    Keys may be raw or normalised spellings.

    >>> df = pd.DataFrame({"author": ["J. Doe"], "author_raw": ["J. Doe"]})
    >>> apply_aliases(df, {"J. Doe": "John Doe"})["author"].tolist()
    ['John Doe']
    """
    if not aliases:
        return authorships
    mapping = {normalize_author(k): normalize_author(v) for k, v in aliases.items()}
    raw_mapping = {k: normalize_author(v) for k, v in aliases.items()}
    out = authorships.copy()
    by_raw = out["author_raw"].map(raw_mapping)
    by_norm = out["author"].map(mapping)
    out["author"] = by_raw.fillna(by_norm).fillna(out["author"]).astype("string")
    return out
