"""Topic taxonomies (built-in JSON, dicts, JSON/YAML files) and the term matcher behind them."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from .._compat import positional_options
from ._common import _HANGUL, _HANGUL_RUN

TAXONOMY_PATH = Path(__file__).with_name("taxonomy.json")


def builtin_taxonomy() -> dict[str, dict[str, Any]]:
    """A copy of the built-in taxonomy of 20 topics.

    Each topic id maps to ``{"label", "label_ko", "description", "terms", "terms_ko",
    "title_terms", "exclude", "min_matches", "rivals", "weak_terms"}``; see
    :func:`load_taxonomy` for the keys.

    Returns
    -------
    dict of str to dict
        A new dict each call, in the taxonomy's order.

    Examples
    --------
    >>> tax = builtin_taxonomy()
    >>> len(tax), tax["rl_alignment"]["label"]
    (20, 'RL & alignment')
    """
    return load_taxonomy(None)


def load_taxonomy(taxonomy: Mapping | str | Path | None = None) -> dict[str, dict[str, Any]]:
    """Read and validate a taxonomy; return ``{topic_id: spec}`` in the given order.

    Parameters
    ----------
    taxonomy : dict, str, Path or None
        ``None`` for the built-in taxonomy; a dict; or a path to a ``.json``, ``.yaml`` or
        ``.yml`` file holding the same structure. Either ``{topic: spec}`` or
        ``{"topics": {topic: spec}}``. A spec is a list of terms, or a dict with keys

        - ``terms`` — matched over title + summary (any language);
        - ``terms_ko`` — the same, kept apart only for readability;
        - ``title_terms`` — matched over the title only (e.g. "benchmark");
        - ``exclude`` — text matching these terms is ignored for this topic (e.g. "language
          model" inside "vision-language model" is not evidence for ``llm``);
        - ``label`` / ``label_ko`` — display names (default: the topic id);
        - ``description`` — free text, for people;
        - ``min_matches`` — this topic's own minimum number of term occurrences (default 1;
          the tag score of :func:`tag_topics` usually does this job better);
        - ``rivals`` — ids of topics that, when they dominate a paper, make this one less
          likely (the labelling guidelines keep vision-language papers out of ``llm``, so
          ``multimodal`` is a rival of ``llm``); a feature of the tag score;
        - ``weak_terms`` — some of the topic's ``terms``/``terms_ko`` that are weak evidence
          alone ("diffusion" is also used for audio, 3D and text); the tag score counts the
          other, *strong*, matches apart (feature ``strong``).

    Returns
    -------
    dict
        Every spec normalised to all the keys above.

    Notes
    -----
    How a term matches (see :func:`tag_topics`):

    - A term containing Hangul is matched as a substring (Korean attaches particles to
      nouns), and a space in it matches any run of whitespace or none, so ``"강화 학습"``
      also matches ``"강화학습"``.
    - Other terms match whole words, case-insensitively, with an optional plural ``s``/``es``;
      a word with two or more capitals (``LLM``, ``MoE``, ``NeRF``) is case-sensitive.
      In a term, a space matches spaces or hyphens and a hyphen is optional, so
      ``"text-to-image"`` matches "text to image" and "text-to-image", and
      ``"multi-modal"`` matches "multimodal". A leading or trailing ``*`` matches any letters
      (``"quantiz*"``, ``"*bench"``).
    - A term starting with ``re:`` is a raw Python regular expression.

    Examples
    --------
    >>> load_taxonomy({"cats": ["cat", "고양이"]})["cats"]["terms"]
    ['cat', '고양이']
    """
    if taxonomy is None:
        return json.loads(_builtin_json())  # a fresh copy: callers may edit it
    if isinstance(taxonomy, (str, Path)):
        raw = _read_taxonomy_file(Path(taxonomy))
    elif isinstance(taxonomy, Mapping):
        raw = taxonomy
    else:
        raise TypeError(
            f"taxonomy must be None, a dict or a path to a JSON/YAML file, not {type(taxonomy)}"
        )
    if isinstance(raw, Mapping) and isinstance(raw.get("topics"), Mapping):
        raw = raw["topics"]
    if not isinstance(raw, Mapping) or not raw:
        raise ValueError("taxonomy is empty: give at least one topic with at least one term")
    out: dict[str, dict[str, Any]] = {}
    for topic, spec in raw.items():
        topic = str(topic)
        if isinstance(spec, str):
            spec = {"terms": [spec]}
        elif isinstance(spec, Sequence):
            spec = {"terms": list(spec)}
        elif not isinstance(spec, Mapping):
            raise ValueError(f"topic {topic!r}: expected a list of terms or a dict, got {spec!r}")
        unknown = set(spec) - {
            "label", "label_ko", "terms", "terms_ko", "title_terms", "exclude", "min_matches",
            "description", "rivals", "weak_terms",
        }
        if unknown:
            raise ValueError(f"topic {topic!r}: unknown keys {sorted(unknown)}")
        norm: dict[str, Any] = {
            "label": str(spec.get("label", topic)),
            "label_ko": str(spec.get("label_ko", spec.get("label", topic))),
            "description": str(spec.get("description", "")),
        }
        for key in ("terms", "terms_ko", "title_terms", "exclude", "weak_terms"):
            terms = spec.get(key, [])
            if isinstance(terms, str):
                terms = [terms]
            norm[key] = [str(t) for t in terms if str(t).strip()]
        norm["min_matches"] = int(spec.get("min_matches", 1))
        rivals = spec.get("rivals", [])
        norm["rivals"] = [str(r) for r in ([rivals] if isinstance(rivals, str) else rivals)]
        if not (norm["terms"] or norm["terms_ko"] or norm["title_terms"]):
            raise ValueError(f"topic {topic!r} has no terms")
        stray = [t for t in norm["weak_terms"] if t not in norm["terms"] + norm["terms_ko"]]
        if stray:
            raise ValueError(f"topic {topic!r}: weak_terms {stray} are not among its terms or "
                             "terms_ko")
        for term in norm["terms"] + norm["terms_ko"] + norm["title_terms"] + norm["exclude"]:
            try:
                re.compile(_term_pattern(term))
            except re.error as exc:
                raise ValueError(f"topic {topic!r}: bad term {term!r}: {exc}") from exc
        out[topic] = norm
    for topic, norm in out.items():
        unknown = [r for r in norm["rivals"] if r not in out or r == topic]
        if unknown:
            raise ValueError(f"topic {topic!r}: rivals {unknown} are not other topics of this "
                             f"taxonomy; known: {sorted(out)}")
    return out


@lru_cache(maxsize=1)
def _builtin_json() -> str:
    raw = json.loads(TAXONOMY_PATH.read_text(encoding="utf-8"))
    return json.dumps(load_taxonomy(raw), ensure_ascii=False)


def _read_taxonomy_file(path: Path) -> Any:
    if not path.exists():
        raise FileNotFoundError(f"taxonomy file not found: {path}")
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError as exc:  # pragma: no cover - PyYAML ships with Jupyter
            raise ImportError("reading a YAML taxonomy needs PyYAML: pip install pyyaml") from exc
        return yaml.safe_load(text)
    return json.loads(text)


@positional_options
def topic_labels(taxonomy: Mapping | str | Path | None = None, *, lang: str = "en") -> dict:
    """Map topic id to its display label (``lang="ko"`` for the Korean labels).

    Parameters
    ----------
    taxonomy : dict, path or None, default None
        A taxonomy as :func:`load_taxonomy` takes it; the built-in one by default.
    lang : {"en", "ko"}, default "en"
        Which label.

    Returns
    -------
    dict of str to str
        Topic id to label, in the taxonomy's order.

    Examples
    --------
    >>> topic_labels()["image_generation"], topic_labels(lang="ko")["agents"]
    ('Image generation', '에이전트')
    >>> topic_labels({"rag": {"label": "Retrieval", "terms": ["RAG"]}})
    {'rag': 'Retrieval'}
    """
    key = "label_ko" if lang == "ko" else "label"
    return {topic: spec[key] for topic, spec in load_taxonomy(taxonomy).items()}


def _term_pattern(term: str) -> str:
    """Regular expression (as a string) for one taxonomy term; see :func:`load_taxonomy`."""
    if term.startswith("re:"):
        return term[3:]
    if _HANGUL.search(term):
        parts = []
        for piece in re.findall(r"\s+|-|[^\s-]+", term.strip()):
            if piece.isspace():
                parts.append(r"\s*")
            elif piece == "-":
                parts.append(r"[\s\-]?")
            else:
                parts.append(re.escape(piece))
        return "(?i:" + "".join(parts) + ")"
    lead, trail = term.startswith("*"), term.endswith("*")
    core = term.strip().strip("*")
    parts = []
    for piece in re.findall(r"[A-Za-z]+|\s+|-|[^A-Za-z\s-]+", core):
        if piece.isspace():
            parts.append(r"[\s\-]+")
        elif piece == "-":
            parts.append(r"[\s\-]?")
        elif piece.isalpha():
            exact = sum(c.isupper() for c in piece) >= 2
            parts.append(re.escape(piece) if exact else f"(?i:{re.escape(piece)})")
        else:
            parts.append(re.escape(piece))
    word = r"[A-Za-z0-9]*"
    suffix = word if trail else ("(?:e?s)?" if core[-1:].isalpha() else "")
    return rf"(?<![A-Za-z0-9]){word if lead else ''}{''.join(parts)}{suffix}(?![A-Za-z0-9])"


def _term_name(term: str, matched: str) -> str:
    """How ``matched_terms`` names a match of *term* whose text is *matched*: the term as the
    taxonomy writes it, or for a pattern (a raw regular expression ``re:...``, a wildcard
    ``quantiz*`` or ``*bench``) the text it matched, spaces squeezed and without ``;``
    (which separates the terms)."""
    if not (term.startswith(("re:", "*")) or term.endswith("*")):
        return term
    return " ".join(matched.replace(";", ",").split())


def _prefilter(term: str) -> tuple[str, str]:
    """A cheap necessary condition for *term* to match: ``(kind, needle)``.

    ``kind`` is ``"ko"`` (needle must occur in the text's Hangul with spaces removed),
    ``"word"`` / ``"plural"`` / ``"prefix"`` / ``"suffix"`` (a lower-cased Latin word of the
    text must be the needle, the needle plus ``s``/``es``, start with it or end with it), or
    ``"any"`` (always run the regex).
    """
    if term.startswith("re:"):
        return "any", ""
    core = term.strip().strip("*")
    if _HANGUL.search(term):
        return "ko", max(_HANGUL_RUN.findall(core), key=len)
    runs = re.findall(r"[a-z0-9]+", core.lower())
    if not runs:
        return "any", ""
    needle = max(runs, key=len)
    if term.endswith("*") and needle == runs[-1]:
        return "prefix", needle
    if term.startswith("*") and needle == runs[0]:
        return "suffix", needle
    if needle == runs[-1] and core[-1:].isalpha():
        return "plural", needle  # an "s" / "es" may follow the last word
    return "word", needle


class _TermSet:
    """The compiled terms of one topic, with pre-filters indexed for fast look-up."""

    def __init__(self, terms: Sequence[str]) -> None:
        self.terms = list(dict.fromkeys(terms))
        self.regexes = [re.compile(_term_pattern(t)) for t in self.terms]
        self.by_word: dict[str, list[int]] = {}
        self.by_bigram: dict[str, list[tuple[str, int]]] = {}  # Korean needles by 2 first chars
        self.scan: list[tuple[str, str, int]] = []  # (kind, needle, index) checked one by one
        for i, term in enumerate(self.terms):
            kind, needle = _prefilter(term)
            if kind in ("word", "plural"):
                keys = (needle,) if kind == "word" else (needle, needle + "s", needle + "es")
                for key in keys:
                    self.by_word.setdefault(key, []).append(i)
            elif kind == "ko" and len(needle) >= 2:
                self.by_bigram.setdefault(needle[:2], []).append((needle, i))
            else:
                self.scan.append((kind, needle, i))

    def mask(self, text: _Text) -> _Text:
        """*text* with the matches of these terms blanked out (same length)."""
        spans = self.spans(text)
        if not spans:
            return text
        chars = list(text.text)
        for start, end, _ in spans:
            chars[start:end] = " " * (end - start)
        return _Text("".join(chars))

    def find(self, text: _Text) -> list[tuple[int, str]]:
        """Non-overlapping matches ``(start, term)``: leftmost first, then the longest."""
        return [(start, term) for start, _, term in self.spans(text)]

    def spans(self, text: _Text) -> list[tuple[int, int, str]]:
        """Non-overlapping matches ``(start, end, term)``: leftmost first, then the longest."""
        candidates = {i for w in text.words.intersection(self.by_word) for i in self.by_word[w]}
        for bigram in text.bigrams.intersection(self.by_bigram):
            candidates.update(i for needle, i in self.by_bigram[bigram] if needle in text.hangul)
        candidates.update(i for kind, needle, i in self.scan if text.may_contain(kind, needle))
        spans = []
        for i in sorted(candidates):
            term = self.terms[i]
            spans.extend((m.start(), -len(m.group()), term) for m in self.regexes[i].finditer(
                text.text))
        spans.sort()
        out, end = [], -1
        for start, neg_len, term in spans:
            if start >= end and neg_len < 0:
                end = start - neg_len
                out.append((start, end, term))
        return out


class _Text:
    """A text with the views the pre-filters need (built once per paper)."""

    __slots__ = ("text", "words", "hangul", "bigrams")

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = set(re.findall(r"[a-z0-9]+", text.lower()))
        self.hangul = "".join(_HANGUL_RUN.findall(text))  # spaces removed: "강화 학습" ~ "강화학습"
        self.bigrams = {self.hangul[i : i + 2] for i in range(len(self.hangul) - 1)}

    def may_contain(self, kind: str, needle: str) -> bool:
        if kind == "ko":
            return needle in self.hangul
        if kind == "prefix":
            return any(w.startswith(needle) for w in self.words)
        if kind == "suffix":
            return any(w.endswith(needle) for w in self.words)
        return True


@lru_cache(maxsize=8)
def _compile_taxonomy(tax_json: str) -> list[tuple[_TermSet, _TermSet, _TermSet | None]]:
    """Compiled (body, title, exclude) term sets per topic; cached (compiling takes ~0.3 s)."""
    return [
        (
            _TermSet(spec["terms"] + spec["terms_ko"]),
            _TermSet(spec["title_terms"]),
            _TermSet(spec["exclude"]) if spec["exclude"] else None,
        )
        for spec in json.loads(tax_json).values()
    ]
