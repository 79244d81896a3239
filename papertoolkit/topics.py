"""What papers are about: taxonomy tagging, unsupervised topics, keywords and trends.

Three ways to look at topics:

* :func:`tag_topics` — multi-label tagging with a taxonomy of hand-written English and Korean
  terms (a built-in one of 20 topics, or your own dict / JSON / YAML file);
* :func:`discover_topics` — unsupervised TF-IDF + NMF topics over title + summary, with a
  tokeniser (:func:`tokenize`) that handles the mixed Korean/English summaries;
* :func:`keywords` — the distinctive terms of each week or month.

Trends over time build on the tags: :func:`topic_share`, :func:`rising_topics`,
:func:`topic_votes`, and the plots :func:`plot_topic_share` and :func:`plot_top_terms`.

Every function takes a Corpus (anything with ``.papers_unique`` or ``.papers``) or a papers
DataFrame (columns ``arxiv_id, title, summary, date, votes``; a ``papers_unique``-style table
with ``first_seen`` / ``max_votes`` works too) and returns new DataFrames. A paper counts once,
on the day it first appeared, with the highest vote count it was shown with (votes are a
snapshot taken when each digest was written).

Examples
--------
>>> import pandas as pd
>>> from papertoolkit import topics
>>> papers = pd.DataFrame({
...     "arxiv_id": ["1", "2"], "date": pd.to_datetime(["2024-01-01", "2024-01-08"]),
...     "title": ["Fast LLM inference", "A robot that draws"],
...     "summary": ["KV 캐시를 양자화합니다.", "확산 모델이 이미지 생성을 돕는 로봇."],
...     "votes": [10, 3]})
>>> tags = topics.tag_topics(papers)
>>> tags[["arxiv_id", "topic"]].values.tolist()
[['1', 'llm'], ['1', 'efficiency'], ['2', 'image_generation'], ['2', 'robotics']]
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # heavy libraries are imported lazily inside the functions
    from matplotlib.axes import Axes

__all__ = [
    "builtin_taxonomy",
    "load_taxonomy",
    "topic_labels",
    "tag_topics",
    "with_topics",
    "evaluate_topics",
    "tokenize",
    "discover_topics",
    "keywords",
    "topic_share",
    "rising_topics",
    "topic_votes",
    "plot_topic_share",
    "plot_top_terms",
]

TAXONOMY_PATH = Path(__file__).with_name("taxonomy.json")

_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]+")
_PERIOD_ALIASES = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}


# --------------------------------------------------------------------------------------------
# Taxonomy
# --------------------------------------------------------------------------------------------


def builtin_taxonomy() -> dict[str, dict[str, Any]]:
    """Return (a copy of) the built-in taxonomy of 20 topics.

    Each topic id maps to ``{"label", "label_ko", "description", "terms", "terms_ko",
    "title_terms", "exclude", "min_matches"}``; see :func:`load_taxonomy` for the keys.

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
        - ``min_matches`` — this topic's own minimum number of term occurrences.

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
            "description",
        }
        if unknown:
            raise ValueError(f"topic {topic!r}: unknown keys {sorted(unknown)}")
        norm: dict[str, Any] = {
            "label": str(spec.get("label", topic)),
            "label_ko": str(spec.get("label_ko", spec.get("label", topic))),
            "description": str(spec.get("description", "")),
        }
        for key in ("terms", "terms_ko", "title_terms", "exclude"):
            terms = spec.get(key, [])
            if isinstance(terms, str):
                terms = [terms]
            norm[key] = [str(t) for t in terms if str(t).strip()]
        norm["min_matches"] = int(spec.get("min_matches", 1))
        if not (norm["terms"] or norm["terms_ko"] or norm["title_terms"]):
            raise ValueError(f"topic {topic!r} has no terms")
        for term in norm["terms"] + norm["terms_ko"] + norm["title_terms"] + norm["exclude"]:
            try:
                re.compile(_term_pattern(term))
            except re.error as exc:
                raise ValueError(f"topic {topic!r}: bad term {term!r}: {exc}") from exc
        out[topic] = norm
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


def topic_labels(taxonomy: Mapping | str | Path | None = None, lang: str = "en") -> dict:
    """Map topic id to its display label (``lang="ko"`` for the Korean labels).

    Examples
    --------
    >>> topic_labels()["image_generation"], topic_labels(lang="ko")["agents"]
    ('Image generation', '에이전트')
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


# --------------------------------------------------------------------------------------------
# Papers table
# --------------------------------------------------------------------------------------------


def _paper_table(corpus: Any) -> pd.DataFrame:
    """One row per arXiv id: ``arxiv_id, title, summary, date, votes`` (first appearance,
    highest votes)."""
    if isinstance(corpus, pd.DataFrame):
        df = corpus
    elif getattr(corpus, "papers_unique", None) is not None and "first_seen" in getattr(
        corpus.papers_unique, "columns", []
    ):
        df = corpus.papers_unique
    elif getattr(corpus, "papers", None) is not None:
        df = corpus.papers
    else:
        raise TypeError(
            "expected a Corpus (with .papers / .papers_unique) or a papers DataFrame, "
            f"got {type(corpus).__name__}"
        )
    if "arxiv_id" not in df.columns:
        raise ValueError("the papers table needs an 'arxiv_id' column")
    n = len(df)
    date_col = "first_seen" if "first_seen" in df.columns else "date"
    vote_col = "max_votes" if "max_votes" in df.columns else "votes"
    out = pd.DataFrame(
        {
            "arxiv_id": df["arxiv_id"].astype("string").to_numpy(),
            "title": _text_column(df, "title", n),
            "summary": _text_column(df, "summary", n),
            "date": pd.to_datetime(df[date_col]).to_numpy()
            if date_col in df.columns
            else np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]"),
            "votes": pd.array(df[vote_col], dtype="Int64")
            if vote_col in df.columns
            else pd.array([pd.NA] * n, dtype="Int64"),
        }
    )
    out["date"] = out["date"].astype("datetime64[ns]")
    out = out[out["arxiv_id"].notna()]
    if out["arxiv_id"].duplicated().any():
        votes = out.groupby("arxiv_id", sort=False)["votes"].max()
        out = out.sort_values("date", kind="stable").drop_duplicates("arxiv_id")
        out["votes"] = out["arxiv_id"].map(votes).astype("Int64")
    return out.reset_index(drop=True)


def _text_column(df: pd.DataFrame, col: str, n: int) -> np.ndarray:
    if col not in df.columns:
        return np.array([""] * n, dtype=object)
    return df[col].astype("string").fillna("").to_numpy(dtype=object)


# --------------------------------------------------------------------------------------------
# Tagging
# --------------------------------------------------------------------------------------------


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


def tag_topics(
    corpus: Any,
    taxonomy: Mapping | str | Path | None = None,
    min_matches: int = 1,
) -> pd.DataFrame:
    """Tag each paper with the taxonomy topics whose terms occur in its title + summary.

    Parameters
    ----------
    corpus : Corpus or DataFrame
        Papers (``arxiv_id``, ``title``, ``summary``); a paper seen on several days is
        tagged once.
    taxonomy : dict, str, Path or None
        ``None`` for the built-in taxonomy (:func:`builtin_taxonomy`), a dict, or a JSON/YAML
        path; see :func:`load_taxonomy` for the format and the matching rules.
    min_matches : int
        Minimum number of term occurrences for a topic to be assigned. A topic's own
        ``min_matches`` in the taxonomy raises it further for that topic.

    Returns
    -------
    DataFrame
        Long table, one row per (paper, topic): ``arxiv_id`` (string), ``topic``
        (categorical, in taxonomy order), ``matched_terms`` (the distinct taxonomy terms
        that matched, ``"; "``-joined in order of first occurrence) and ``n_matches``
        (Int64, occurrences). Papers matching no topic have no row.

    Examples
    --------
    >>> import pandas as pd
    >>> papers = pd.DataFrame({"arxiv_id": ["1"], "title": ["RAG for LLMs"],
    ...                        "summary": ["검색 증강 생성(RAG)을 개선합니다."]})
    >>> tags = tag_topics(papers, taxonomy={"retrieval": ["RAG", "검색 증강"]})
    >>> tags.astype(str).values.tolist()
    [['1', 'retrieval', 'RAG; 검색 증강', '3']]
    """
    tax = load_taxonomy(taxonomy)
    papers = _paper_table(corpus)
    compiled = [
        (topic, max(min_matches, spec["min_matches"]), body, title, exclude)
        for (topic, spec), (body, title, exclude) in zip(
            tax.items(), _compile_taxonomy(json.dumps(tax, ensure_ascii=False)), strict=True
        )
    ]
    rows: list[tuple[str, str, str, int]] = []
    for arxiv_id, title, summary in zip(
        papers["arxiv_id"], papers["title"], papers["summary"], strict=True
    ):
        text, title_text = _Text(f"{title}\n{summary}"), _Text(title)
        for topic, threshold, body_terms, title_terms, exclude in compiled:
            body, head = text, title_text
            if exclude is not None:
                body, head = exclude.mask(text), exclude.mask(title_text)
            found: dict[str, int] = {}
            for _, term in title_terms.find(head) + body_terms.find(body):
                found[term] = found.get(term, 0) + 1
            total = sum(found.values())
            if total and total >= threshold:
                rows.append((arxiv_id, topic, "; ".join(found), total))
    out = pd.DataFrame(rows, columns=["arxiv_id", "topic", "matched_terms", "n_matches"])
    return pd.DataFrame(
        {
            "arxiv_id": out["arxiv_id"].astype("string"),
            "topic": pd.Categorical(out["topic"], categories=list(tax)),
            "matched_terms": out["matched_terms"].astype("string"),
            "n_matches": out["n_matches"].astype("Int64"),
        }
    )


def _label_pairs(labels: pd.DataFrame) -> pd.DataFrame:
    """``arxiv_id, topic`` pairs from a long table or a ``topics`` column of ";"-joined ids."""
    if "topic" in labels.columns:
        pairs = labels[["arxiv_id", "topic"]].dropna()
    elif "topics" in labels.columns:
        rows = []
        for arxiv_id, cell in zip(labels["arxiv_id"], labels["topics"], strict=True):
            items = cell if isinstance(cell, (list, tuple)) else str(cell or "").split(";")
            rows.extend((arxiv_id, t.strip()) for t in items if t and str(t).strip())
        pairs = pd.DataFrame(rows, columns=["arxiv_id", "topic"])
    else:
        raise ValueError("labels need a 'topic' column (long) or a 'topics' column (';'-joined)")
    return pairs.astype(str).drop_duplicates()


def evaluate_topics(tags: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    """Precision, recall and F1 of topic tags against hand labels, per topic and overall.

    Parameters
    ----------
    tags : DataFrame
        Predicted tags, e.g. :func:`tag_topics` output (``arxiv_id``, ``topic``).
    labels : DataFrame
        Reference labels with ``arxiv_id`` and either ``topic`` (long) or ``topics``
        (``";"``-separated, empty when no topic applies). Only the papers listed here are
        evaluated; tags of other papers are ignored.

    Returns
    -------
    DataFrame
        One row per topic (taxonomy order when ``tags["topic"]`` is categorical, then any
        other labelled topic), then ``"micro"`` and ``"macro"`` rows: ``topic``, ``support``
        (labelled papers), ``predicted``, ``tp``, ``precision``, ``recall``, ``f1``. A ratio
        with a zero denominator is NaN (the macro row averages the defined ones).

    Examples
    --------
    >>> import pandas as pd
    >>> labels = pd.DataFrame({"arxiv_id": ["1", "2"], "topics": ["llm;code", ""]})
    >>> tags = pd.DataFrame({"arxiv_id": ["1", "2"], "topic": ["llm", "llm"]})
    >>> evaluate_topics(tags, labels)[["topic", "tp", "precision"]].tail(2).values.tolist()
    [['micro', 1, 0.5], ['macro', 1, 0.5]]
    """
    truth = _label_pairs(labels)
    ids = set(labels["arxiv_id"].astype(str))
    pred = tags[["arxiv_id", "topic"]].astype(str).drop_duplicates()
    pred = pred[pred["arxiv_id"].isin(ids)]
    order = _topic_order(tags) if "topic" in tags.columns and len(tags.columns) else []
    order += [t for t in dict.fromkeys(truth["topic"]) if t not in order]
    hits = pred.merge(truth, on=["arxiv_id", "topic"])
    support = truth["topic"].value_counts()
    predicted = pred["topic"].value_counts()
    tp = hits["topic"].value_counts()

    def ratios(n_tp: int, n_pred: int, n_true: int) -> tuple[float, float, float]:
        precision = n_tp / n_pred if n_pred else math.nan
        recall = n_tp / n_true if n_true else math.nan
        f1 = 2 * n_tp / (n_pred + n_true) if n_pred + n_true else math.nan
        return precision, recall, f1

    rows = []
    for topic in order:
        s, p, t = int(support.get(topic, 0)), int(predicted.get(topic, 0)), int(tp.get(topic, 0))
        rows.append((topic, s, p, t, *ratios(t, p, s)))
    out = pd.DataFrame(rows, columns=["topic", "support", "predicted", "tp", "precision",
                                      "recall", "f1"])
    micro = ("micro", int(out["support"].sum()), int(out["predicted"].sum()), int(out["tp"].sum()),
             *ratios(int(out["tp"].sum()), int(out["predicted"].sum()), int(out["support"].sum())))
    macro = ("macro", micro[1], micro[2], micro[3], float(out["precision"].mean()),
             float(out["recall"].mean()), float(out["f1"].mean()))
    out = pd.concat([out, pd.DataFrame([micro, macro], columns=out.columns)], ignore_index=True)
    return out.astype({"support": "int64", "predicted": "int64", "tp": "int64"})


def _topic_order(tags: pd.DataFrame) -> list[str]:
    if isinstance(tags["topic"].dtype, pd.CategoricalDtype):
        return [str(c) for c in tags["topic"].cat.categories]
    return list(dict.fromkeys(tags["topic"].astype(str)))


def with_topics(
    papers: Any, tags: pd.DataFrame, *, wide: bool = False, prefix: str = "topic_"
) -> pd.DataFrame:
    """Return a copy of the papers table with the topics of each paper added.

    Parameters
    ----------
    papers : DataFrame or Corpus
        Any table with an ``arxiv_id`` column (a Corpus gives its ``papers`` table).
    tags : DataFrame
        The output of :func:`tag_topics`.
    wide : bool
        ``False`` (default): one ``topics`` column holding a list of topic ids per row (in
        taxonomy order; ``[]`` when untagged). ``True``: one boolean column per topic,
        named ``prefix + topic`` (all taxonomy topics when ``tags["topic"]`` is categorical).
    prefix : str
        Column-name prefix for ``wide=True``.

    Examples
    --------
    >>> import pandas as pd
    >>> papers = pd.DataFrame({"arxiv_id": ["1", "2"]})
    >>> tags = pd.DataFrame({"arxiv_id": ["1", "1"], "topic": ["llm", "code"]})
    >>> with_topics(papers, tags)["topics"].tolist()
    [['llm', 'code'], []]
    >>> with_topics(papers, tags, wide=True).columns.tolist()
    ['arxiv_id', 'topic_llm', 'topic_code']
    """
    if not isinstance(papers, pd.DataFrame):
        papers = getattr(papers, "papers", None)
        if not isinstance(papers, pd.DataFrame):
            raise TypeError("papers must be a DataFrame or a Corpus")
    if "arxiv_id" not in papers.columns:
        raise ValueError("papers needs an 'arxiv_id' column")
    order = _topic_order(tags)
    rank = {t: i for i, t in enumerate(order)}
    by_paper: dict[str, list[str]] = {}
    for arxiv_id, topic in zip(tags["arxiv_id"].astype(str), tags["topic"].astype(str),
                               strict=True):
        lst = by_paper.setdefault(arxiv_id, [])
        if topic not in lst:
            lst.append(topic)
    for lst in by_paper.values():
        lst.sort(key=rank.__getitem__)
    ids = papers["arxiv_id"].astype(str)
    out = papers.copy()
    if not wide:
        out["topics"] = [list(by_paper.get(i, [])) for i in ids]
        return out
    for topic in order:
        out[prefix + topic] = [topic in by_paper.get(i, ()) for i in ids]
    return out


# --------------------------------------------------------------------------------------------
# Tokenisation
# --------------------------------------------------------------------------------------------

#: English function words and words every abstract uses; tokens are compared lower-cased.
STOPWORDS_EN = frozenset(
    """
    a about above across after again against all almost along also although always am among an
    and another any are around as at be because been before being below between both but by can
    cannot could did do does doing done down during each either else enough etc even ever every
    few for from further had has have having he her here hers him his how however i if in into
    is it its itself just least less like made make many may me might more most much must my
    neither no nor not now of off often on once one only onto or other others our ours out over
    own per rather same several she should since so some such than that the their theirs them
    then there these they this those though through thus to too toward towards under until up
    upon us use used uses using very via was we well were what when where whether which while
    who whom whose why will with within without would yet you your
    approach approaches based new novel paper propose proposed proposes method methods result
    results show shows work achieve achieves achieved state-of-the-art sota existing https http
    model models et al
    www github com io html arxiv org abs pdf huggingface co
    """.split()
)

#: Generic Korean nouns of research summaries (논문, 연구, 모델, 성능 ...): no topic signal.
STOPWORDS_KO = frozenset(
    """
    논문 연구 모델 방법 방법론 결과 성능 제안 접근 접근법 접근 방식 기존 실험 다양 향상 개선 기반
    사용 활용 문제 경우 가능 가능성 능력 작업 과제 효과 효과적 이번 최근 새로운 대한 통해 위해
    관련 기술 시스템 분야 과정 단계 수준 부분 측면 특징 특성 중요 주요 요소 역할 목표 목적 필요
    기법 방식 제시 도입 개발 설계 구성 구현 적용 평가 분석 비교 입증 증명 확인 보고 설명 소개
    연구진 저자 본문 공개 자료 링크 페이지 프로젝트 이상 이하 동안 정도 기존 여러 가지 모든
    각각 자체 사이 이후 이전 그것 이것 우리 해당 다른 같은 최초 최고 최신 대부분 일부 전체 전반
    범위 상당 크게 높은 낮은 우수 뛰어난 강력 경쟁력 효율 효율적 문제점 한계 한계점 도전 과제
    제공 포함 규모 달성 해결 최적 통합 처리 일반 수행 유지 추가 기록 정확 능가 결합 전략 실제 특정
    단일 성과 이용 첨단 선택 발전 지원 기능 설정 제한 최대 평균 의미 프레임워크 상호 작용 크기 유사
    광범위 실시 탐구 미래 영향 발표 혁신 극복 발휘 감소 요구 기본
    다음 각각 개로 접근방식 구성요소 도전과제 세부사항 요구사항 고려사항 사항 잠재력 가능성
    고려 수정 명시 즉시 주목 강조 반영 시사 포괄 등장 발생 구축 초래 진보 부각 직면 촉진
    효과성 유용성 중요성 우수성 다양성 효율성 최첨단 고품질 방법론적
    """.split()
)

_URL = re.compile(r"https?://\S+|www\.\S+")
_LATIN = re.compile(r"[A-Za-z0-9]+(?:[-.][A-Za-z0-9]+)*(?:\+\+)?")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_KEEP_TAGS = frozenset({"NNG", "NNP"})
#: Derivational suffixes kept on the noun they follow (일관성, 시각화, 재현율, 대형); others
#: such as the plural 들 or the adjectival 적 end the noun.
_KEEP_SUFFIXES = frozenset({"성", "화", "율", "률", "도", "력", "형", "량", "감"})
#: Function-like nouns dropped at the edge of a compound (트랜스포머기반 -> 트랜스포머) and
#: on their own: they say how a term is used, not what it is about.
_EDGE_NOUNS_KO = frozenset(
    """
    기반 관련 중심 전용 기준 대상 이용 사용 활용 위주 다음 경우 전체 전반 각각 일부 여러 모든
    자체 해당 이상 이하 이전 이후 동안 사이 정도 가지
    """.split()
)
_USER_NOUNS = (
    "프레임워크", "데이터셋", "디퓨전", "제로샷", "퓨샷", "머신러닝", "딥러닝", "멀티모달",
)
#: Compounds the digests write with and without a space (미세 조정 / 미세조정): the spaced
#: form is joined before analysis so that both give one term.
SPACED_COMPOUNDS_KO = (
    "대형 언어 모델", "대규모 언어 모델", "언어 모델", "사전 훈련", "사전 학습", "미세 조정",
    "강화 학습", "지도 학습", "기계 학습", "오픈 소스", "다중 모달", "멀티 모달", "크로스 모달",
    "파인 튜닝", "자동 회귀", "자율 주행", "지연 시간", "질문 응답", "데이터 세트",
)
_SPACED_COMPOUND = re.compile(
    # the look-ahead on first letters lets the regex skip most positions quickly
    "(?=[" + "".join(sorted({c[0] for c in SPACED_COMPOUNDS_KO})) + "])"
    r"(?<![\uac00-\ud7a3])(?:"
    + "|".join(
        r"\s+".join(map(re.escape, c.split()))
        for c in sorted(SPACED_COMPOUNDS_KO, key=len, reverse=True)
    )
    + ")"
)
_EOJEOL_CACHE: dict[str, tuple[str, ...]] = {}
_EOJEOL_CACHE_MAX = 500_000


@lru_cache(maxsize=1)
def _kiwi():
    """The shared Kiwi analyser (loading it takes about a second, so it is built once)."""
    from kiwipiepy import Kiwi

    kiwi = Kiwi(load_typo_dict=False, load_multi_dict=False)
    for word in _USER_NOUNS:  # loanwords Kiwi would split (프레임워크 -> 프레임 + 워크)
        kiwi.add_user_word(word, "NNG")
    return kiwi


def _normalise_latin(token: str) -> str | None:
    if len(token) < 2 or not _LATIN_LETTER.search(token):
        return None
    parts = token.split("-")
    acronym = any(
        sum(c.isupper() for c in p) >= 2 or any(c.isupper() for c in p[1:]) for p in parts
    )
    if acronym:
        # LLMs -> LLM, NeRFs -> NeRF: fold the plural of an acronym
        if token.endswith("s") and len(token) > 2 and token[-2].isupper():
            token = token[:-1]
        return token
    token = token.lower()
    if token in STOPWORDS_EN:
        return None
    if (
        len(token) >= 4
        and token.endswith("s")
        and not token.endswith(("ss", "us", "is", "ies", "as", "os", "ys"))
        and token[-2].isalpha()
    ):
        token = token[:-1]  # light plural folding: agents -> agent, images -> image
    return None if token in STOPWORDS_EN else token


def _korean_terms(analysed: Sequence[Any], offset: int = 0) -> tuple[str, ...]:
    """The content nouns of one analysed Hangul word (Kiwi tokens), compounds joined.

    Morphemes that touch each other (no space between them in the source) and are nouns
    (``NNG``/``NNP``), a prefix (``XPN``) before a noun, or a suffix of
    :data:`_KEEP_SUFFIXES` after one form one term: 미세+조정 -> 미세조정, 대+규모 -> 대규모,
    일관+성 -> 일관성. Function-like nouns (:data:`_EDGE_NOUNS_KO`) are cut from the ends of a
    compound; a single noun in :data:`STOPWORDS_KO` and one-syllable terms are dropped (a
    compound of generic nouns such as 언어모델 is kept). Tokens before *offset* (the ``"1"``
    put before a word that followed a number) are ignored, so counters such as 개, 명, 배
    never come out as nouns.
    """
    groups: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    end = -1
    for tok in analysed:
        if tok.start < offset:
            continue
        tag, form = tok.tag, tok.form
        touching = bool(current) and tok.start == end
        if tag in _KEEP_TAGS:
            if not (touching and current[-1][0] in ("noun", "prefix", "suffix")):
                if current:
                    groups.append(current)
                current = []
            current.append(("noun", form))
        elif tag == "XPN":
            if current:
                groups.append(current)
            current = [("prefix", form)]
        elif tag == "XSN" and form in _KEEP_SUFFIXES and touching and current[-1][0] == "noun":
            current.append(("suffix", form))
        else:
            if current:
                groups.append(current)
            current = []
        end = tok.start + tok.len
    if current:
        groups.append(current)
    out: list[str] = []
    for group in groups:
        while group and group[0][0] == "prefix" and (len(group) == 1 or group[1][0] != "noun"):
            group = group[1:]  # a prefix not followed by a noun
        nouns = [i for i, (kind, _) in enumerate(group) if kind == "noun"]
        if not nouns:
            continue
        # cut function-like nouns (and what hangs on them) from both ends
        while nouns and group[nouns[0]][1] in _EDGE_NOUNS_KO:
            group = group[nouns[0] + 1 :]
            nouns = [i for i, (kind, _) in enumerate(group) if kind == "noun"]
        while nouns and group[nouns[-1]][1] in _EDGE_NOUNS_KO:
            group = group[: nouns[-1]]
            nouns = [i for i, (kind, _) in enumerate(group) if kind == "noun"]
        if not nouns:
            continue
        term = "".join(form for _, form in group)
        if len(term) < 2 or term in STOPWORDS_KO or term in _EDGE_NOUNS_KO:
            continue
        out.append(term)
    return tuple(out)


def _korean_nouns(words: Iterable[str]) -> None:
    """Analyse the not-yet-cached Korean words (eojeols) and cache their terms.

    A key starting with ``"1"`` is a Hangul word that followed a number in the text
    (``3개로`` -> ``"1개로"``): Kiwi sees the number, so the counter is tagged as one.
    """
    todo = sorted({w for w in words if w not in _EOJEOL_CACHE})
    if not todo:
        return
    if len(_EOJEOL_CACHE) + len(todo) > _EOJEOL_CACHE_MAX:
        _EOJEOL_CACHE.clear()
    for word, analysed in zip(todo, _kiwi().tokenize(todo), strict=True):
        _EOJEOL_CACHE[word] = _korean_terms(analysed, offset=1 if word[0] == "1" else 0)


def _split(text: str) -> list[tuple[str, str]]:
    """Split text into ("en", token) and ("ko", eojeol) pieces in reading order.

    A Hangul word glued to a preceding digit (``3개로``) becomes ``("ko", "1개로")``.
    """
    text = _URL.sub(" ", text or "")
    text = _SPACED_COMPOUND.sub(lambda m: "".join(m.group().split()), text)
    pieces: list[tuple[str, str]] = []
    pos = 0

    def hangul(segment: str, after_digit: bool) -> None:
        for m in _HANGUL_RUN.finditer(segment):
            glued = after_digit and m.start() == 0
            pieces.append(("ko", "1" + m.group() if glued else m.group()))

    prev_digit = False
    for m in _LATIN.finditer(text):
        hangul(text[pos : m.start()], prev_digit)
        pieces.append(("en", m.group()))
        prev_digit = m.group()[-1].isdigit()
        pos = m.end()
    hangul(text[pos:], prev_digit)
    return pieces


def _tokenize_many(texts: Sequence[str]) -> list[list[str]]:
    split = [_split(t) for t in texts]
    _korean_nouns(w for pieces in split for kind, w in pieces if kind == "ko")
    out = []
    for pieces in split:
        tokens: list[str] = []
        for kind, piece in pieces:
            if kind == "ko":
                tokens.extend(_EOJEOL_CACHE[piece])
            else:
                tok = _normalise_latin(piece)
                if tok is not None:
                    tokens.append(tok)
        out.append(tokens)
    return out


def tokenize(text: str) -> list[str]:
    """Split mixed Korean/English text into content terms, in reading order.

    Korean: the nouns (``NNG``/``NNP``, two characters or more) that kiwipiepy finds in each
    Hangul word, minus :data:`STOPWORDS_KO`. Latin script: whole tokens including inner
    hyphens and dots (``GPT-4o``, ``text-to-image``, ``Llama-3.1``); words with inner
    capitals or two capitals are kept as written (``LoRA``, ``LLM``; plural ``LLMs`` →
    ``LLM``), other words are lower-cased and lightly de-pluralised (``agents`` → ``agent``);
    :data:`STOPWORDS_EN`, URLs, numbers and one-letter tokens are dropped.

    Notes
    -----
    Each distinct Hangul word is analysed once and cached (the Kiwi analyser is loaded on
    first use, about a second), so tokenising a whole corpus takes seconds.

    Examples
    --------
    >>> tokenize("이 논문은 GPT-4o와 LoRA로 text-to-image 확산을 개선한다")
    ['GPT-4o', 'LoRA', 'text-to-image', '확산']
    """
    return _tokenize_many([text])[0]


_BULLET_LABEL = re.compile(
    r"^\s*(?:[-*]\s+)?(?:\*{2,3}[^*\n]{1,60}\*{2,3}\s*:?|[A-Z][A-Za-z'’ ]{2,40}:(?=\s))",
    re.MULTILINE,
)


def _documents(papers: pd.DataFrame) -> list[str]:
    """Title + summary per paper, without bullet labels such as ``**What's New**:``."""
    return [
        f"{t}\n{_BULLET_LABEL.sub(' ', s)}"
        for t, s in zip(papers["title"], papers["summary"], strict=True)
    ]


# --------------------------------------------------------------------------------------------
# Unsupervised topics and keywords
# --------------------------------------------------------------------------------------------


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def discover_topics(
    corpus: Any,
    n_topics: int = 10,
    seed: int = 0,
    max_features: int = 5000,
    n_terms: int = 10,
    min_df: int | float = 2,
    max_df: float = 0.5,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Find topics without a taxonomy: TF-IDF over title + summary, factorised by NMF.

    Parameters
    ----------
    corpus : Corpus or DataFrame
        Papers; each distinct arXiv id is one document (title + summary, :func:`tokenize`).
    n_topics : int
        Number of NMF components.
    seed : int
        ``random_state`` of NMF; the same seed and corpus give the same result.
    max_features : int
        Vocabulary size (most frequent terms) of the TF-IDF matrix.
    n_terms : int
        Top terms listed per topic.
    min_df, max_df : int or float
        Passed to :class:`sklearn.feature_extraction.text.TfidfVectorizer`: ignore terms in
        fewer than ``min_df`` documents or in more than a ``max_df`` fraction of them.

    Returns
    -------
    terms : DataFrame
        ``topic`` (int, 0-based), ``rank`` (1-based), ``term``, ``weight`` (NMF component
        weight), ``n_terms`` rows per topic.
    weights : DataFrame
        Paper → topic weights: index ``arxiv_id``, one float column per topic
        (``weights.idxmax(axis=1)`` gives each paper's main topic).

    Notes
    -----
    TF-IDF uses sublinear term frequency and l2-normalised rows; NMF uses ``init="nndsvda"``
    (deterministic) and the Frobenius loss.

    Examples
    --------
    >>> terms, weights = discover_topics(corpus, n_topics=8)        # doctest: +SKIP
    >>> terms[terms["topic"] == 0]["term"].tolist()                 # doctest: +SKIP
    """
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    papers = _paper_table(corpus)
    if papers.empty:
        raise ValueError("no papers: cannot discover topics in an empty corpus")
    if n_topics < 1:
        raise ValueError("n_topics must be at least 1")
    tokens = _tokenize_many(_documents(papers))
    vectorizer = TfidfVectorizer(
        analyzer=_identity, max_features=max_features, min_df=min_df, max_df=max_df,
        sublinear_tf=True,
    )
    try:
        matrix = vectorizer.fit_transform(tokens)
    except ValueError as exc:  # "After pruning, no terms remain" and friends
        raise ValueError(
            f"no terms left to model ({exc}); lower min_df or raise max_df"
        ) from exc
    vocab = vectorizer.get_feature_names_out()
    if n_topics > min(matrix.shape):
        raise ValueError(
            f"n_topics={n_topics} is larger than the number of papers ({matrix.shape[0]}) "
            f"or terms ({matrix.shape[1]})"
        )
    model = NMF(n_components=n_topics, init="nndsvda", random_state=seed, max_iter=500)
    w = model.fit_transform(matrix)
    rows = []
    for topic, comp in enumerate(model.components_):
        top = np.argsort(-comp, kind="stable")[:n_terms]
        rows.extend((topic, rank, str(vocab[j]), float(comp[j])) for rank, j in enumerate(top, 1))
    terms = pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"])
    weights = pd.DataFrame(
        w,
        index=pd.Index(papers["arxiv_id"], name="arxiv_id"),
        columns=pd.RangeIndex(n_topics, name="topic"),
    )
    return terms, weights


def _freq(by: str) -> str:
    return _PERIOD_ALIASES.get(by, by)


def _period_start(dates: pd.Series, freq: str) -> pd.Series:
    return dates.dt.to_period(_freq(freq)).dt.start_time.astype("datetime64[ns]")


def keywords(
    corpus: Any, by: str = "week", n: int = 10, min_papers: int = 2
) -> pd.DataFrame:
    """The most distinctive terms of each period, compared with the rest of the corpus.

    Parameters
    ----------
    corpus : Corpus or DataFrame
        Papers; each is placed in the period of its first appearance.
    by : str
        ``"week"``, ``"month"`` (or ``"day"``, ``"quarter"``, ``"year"``, or a pandas period
        alias such as ``"W"``).
    n : int
        Terms per period.
    min_papers : int
        A term must occur in at least this many of the period's papers.

    Returns
    -------
    DataFrame
        ``period`` (start of the period), ``rank``, ``term``, ``score``, ``papers`` (papers
        of the period containing the term), ``share_in``, ``share_out``.

    Notes
    -----
    A TF-IDF-style score where the "IDF" is taken against the other periods: with
    ``share_in = k / n`` (k of the period's n papers contain the term) and
    ``share_out = (K - k + 1) / (N - n + 2)`` (Laplace-smoothed share among the other
    N - n papers, K papers in all contain it), ``score = share_in * ln(share_in / share_out)``.
    Terms frequent everywhere score near 0; terms that are frequent in the period and rare
    elsewhere score highest. Only terms with ``score > 0`` are listed.

    Examples
    --------
    >>> keywords(corpus, by="month", n=5)                         # doctest: +SKIP
    """
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer

    papers = _paper_table(corpus).dropna(subset=["date"])
    columns = ["period", "rank", "term", "score", "papers", "share_in", "share_out"]
    if papers.empty:
        return pd.DataFrame({c: [] for c in columns}).astype(
            {"period": "datetime64[ns]", "rank": "int64", "term": "string", "score": "float64",
             "papers": "int64", "share_in": "float64", "share_out": "float64"}
        )
    tokens = _tokenize_many(_documents(papers))
    vec = CountVectorizer(analyzer=_identity, binary=True)
    try:
        x = vec.fit_transform(tokens)
    except ValueError:  # empty vocabulary
        x = sparse.csr_matrix((len(papers), 0))
    vocab = vec.get_feature_names_out() if x.shape[1] else np.array([], dtype=object)
    periods = _period_start(papers["date"], by)
    codes, uniques = pd.factorize(periods, sort=True)
    indicator = sparse.csr_matrix(
        (np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(uniques), len(codes))
    )
    counts = np.asarray((indicator @ x).todense())  # periods x terms: papers containing term
    total = np.asarray(x.sum(axis=0)).ravel()
    n_in = np.bincount(codes, minlength=len(uniques)).astype(float)
    n_all = float(len(codes))
    rows = []
    for p, start in enumerate(uniques):
        k = counts[p]
        share_in = k / n_in[p]
        share_out = (total - k + 1) / (n_all - n_in[p] + 2)
        with np.errstate(divide="ignore", invalid="ignore"):
            score = np.where(k > 0, share_in * np.log(share_in / share_out), 0.0)
        ok = np.flatnonzero((k >= min_papers) & (score > 0))
        best = ok[np.lexsort((vocab[ok], -score[ok]))][:n]
        rows.extend(
            (start, rank, str(vocab[j]), float(score[j]), int(k[j]), float(share_in[j]),
             float(share_out[j]))
            for rank, j in enumerate(best, 1)
        )
    out = pd.DataFrame(rows, columns=columns)
    return out.astype({"period": "datetime64[ns]", "term": "string", "rank": "int64",
                       "papers": "int64"})


# --------------------------------------------------------------------------------------------
# Trends
# --------------------------------------------------------------------------------------------


def topic_share(corpus: Any, tags: pd.DataFrame, freq: str = "W") -> pd.DataFrame:
    """Share of each period's papers tagged with each topic.

    Parameters
    ----------
    corpus : Corpus or DataFrame
        Papers; each is counted once, in the period of its first appearance.
    tags : DataFrame
        Output of :func:`tag_topics` (``arxiv_id``, ``topic``).
    freq : str
        ``"W"`` (weeks starting Monday), ``"M"`` (months), ``"D"``, ... or ``"week"`` /
        ``"month"``.

    Returns
    -------
    DataFrame
        One row per (period, topic) for every period with papers and every topic:
        ``period`` (start date), ``topic``, ``papers`` (tagged papers), ``total`` (papers in
        the period) and ``share = papers / total``. Topics are multi-label, so the shares of
        one period can add up to more than 1.

    Examples
    --------
    >>> import pandas as pd
    >>> papers = pd.DataFrame({"arxiv_id": ["1", "2", "3"],
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-08"])})
    >>> tags = pd.DataFrame({"arxiv_id": ["1", "3"], "topic": ["llm", "llm"]})
    >>> topic_share(papers, tags)["share"].tolist()
    [0.5, 1.0]
    """
    papers = _paper_table(corpus).dropna(subset=["date"])
    topics = _topic_order(tags)
    periods = _period_start(papers["date"], freq)
    total = periods.value_counts().sort_index()
    period_of = pd.Series(periods.to_numpy(), index=papers["arxiv_id"].astype(str).to_numpy())
    t = pd.DataFrame({"arxiv_id": tags["arxiv_id"].astype(str), "topic": tags["topic"].astype(str)})
    t = t.drop_duplicates()
    t = t[t["arxiv_id"].isin(period_of.index)]
    t["period"] = period_of.reindex(t["arxiv_id"]).to_numpy()
    counts = t.groupby(["period", "topic"]).size()
    grid = pd.MultiIndex.from_product(
        [pd.DatetimeIndex(total.index, name="period"), pd.Index(topics, name="topic")]
    )
    out = counts.reindex(grid, fill_value=0).rename("papers").reset_index()
    out["total"] = out["period"].map(total).astype("Int64")
    out["papers"] = out["papers"].astype("Int64")
    out["share"] = (out["papers"] / out["total"]).astype("float64")
    out["period"] = out["period"].astype("datetime64[ns]")
    out["topic"] = pd.Categorical(out["topic"], categories=topics)
    return out


def rising_topics(
    corpus: Any,
    tags: pd.DataFrame,
    last: int = 8,
    freq: str = "W",
    min_change: float = 0.02,
    min_papers: int = 5,
) -> pd.DataFrame:
    """Topics whose share grew or shrank most over the last *last* periods.

    Parameters
    ----------
    corpus, tags, freq
        As for :func:`topic_share`.
    last : int
        Number of most recent periods (with papers) to fit the trend on.
    min_change : float
        Smallest ``change`` (fitted change of the share over the window, in share points:
        0.02 = 2 percentage points) for a topic to count as rising or falling. Smaller
        changes are ``"flat"``: with ~60 papers a week, one paper more or less moves a
        share by about 0.017, so the default treats a one-paper difference as noise.
    min_papers : int
        Topics with fewer tagged papers in the window are ``"flat"`` whatever their slope
        (a trend of two or three papers is not a trend).

    Returns
    -------
    DataFrame
        One row per topic, sorted from most rising to most falling: ``topic``, ``slope``
        (least-squares slope of the share per period, e.g. 0.01 = +1 percentage point per
        week), ``change`` (``slope * (periods - 1)``, the fitted change over the window),
        ``share_first`` and ``share_last`` (share in the first and last of those periods),
        ``mean_share``, ``papers`` (tagged papers in the window), ``direction``
        (``"rising"``, ``"falling"`` or ``"flat"``, see *min_change* and *min_papers*;
        ``<NA>`` with fewer than 2 periods).

    Examples
    --------
    >>> import pandas as pd
    >>> papers = pd.DataFrame({"arxiv_id": list("abcd"),
    ...     "date": pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-09", "2024-01-15"])})
    >>> tags = pd.DataFrame({"arxiv_id": ["b", "d"], "topic": ["llm", "llm"]})
    >>> out = rising_topics(papers, tags, last=3, min_papers=1)
    >>> out[["topic", "slope", "change", "direction"]].round(3).values.tolist()
    [['llm', 0.5, 1.0, 'rising']]
    """
    share = topic_share(corpus, tags, freq=freq)
    topics = _topic_order(tags)
    periods = np.sort(share["period"].unique())[-last:] if last > 0 else np.array([])
    window = share[share["period"].isin(periods)]
    x = np.arange(len(periods), dtype=float)
    rows = []
    for topic in topics:
        sub = window[window["topic"] == topic].sort_values("period")
        y = sub["share"].to_numpy(dtype=float)
        n_papers = int(sub["papers"].sum())
        if len(y) >= 2:
            slope = float(np.polyfit(x, y, 1)[0])
            slope = 0.0 if abs(slope) < 1e-12 else slope
            change = slope * (len(y) - 1)
            if abs(change) < min_change or n_papers < min_papers:
                direction = "flat"
            else:
                direction = "rising" if change > 0 else "falling"
        else:
            slope, change, direction = math.nan, math.nan, pd.NA
        rows.append(
            (
                topic,
                slope,
                change,
                float(y[0]) if len(y) else math.nan,
                float(y[-1]) if len(y) else math.nan,
                float(y.mean()) if len(y) else math.nan,
                n_papers,
                direction,
            )
        )
    out = pd.DataFrame(
        rows,
        columns=["topic", "slope", "change", "share_first", "share_last", "mean_share",
                 "papers", "direction"],
    )
    out = out.sort_values("slope", ascending=False, kind="stable", na_position="last")
    out["topic"] = pd.Categorical(out["topic"], categories=topics)
    out["papers"] = out["papers"].astype("Int64")
    out["direction"] = out["direction"].astype("string")
    return out.reset_index(drop=True)


def topic_votes(corpus: Any, tags: pd.DataFrame) -> pd.DataFrame:
    """Votes of the papers of each topic (votes are a snapshot from the day of each digest).

    Parameters
    ----------
    corpus : Corpus or DataFrame
        Papers; a paper's votes are the highest count it was shown with.
    tags : DataFrame
        Output of :func:`tag_topics`.

    Returns
    -------
    DataFrame
        One row per topic, sorted by median votes (highest first): ``topic``, ``papers``,
        ``papers_with_votes``, ``median_votes``, ``mean_votes``, ``total_votes`` and ``lift``
        (the topic's median divided by the median of all papers with votes).

    Examples
    --------
    >>> import pandas as pd
    >>> papers = pd.DataFrame({"arxiv_id": ["1", "2", "3"], "votes": [10, 2, 4]})
    >>> tags = pd.DataFrame({"arxiv_id": ["1", "3"], "topic": ["llm", "llm"]})
    >>> topic_votes(papers, tags)[["topic", "papers", "median_votes", "lift"]].values.tolist()
    [['llm', 2, 7.0, 1.75]]
    """
    papers = _paper_table(corpus)
    topics = _topic_order(tags)
    votes = pd.Series(papers["votes"].to_numpy(), index=papers["arxiv_id"].astype(str).to_numpy())
    overall = votes.dropna().astype(float).median() if votes.notna().any() else math.nan
    t = pd.DataFrame({"arxiv_id": tags["arxiv_id"].astype(str), "topic": tags["topic"].astype(str)})
    t = t.drop_duplicates()
    t = t[t["arxiv_id"].isin(votes.index)]
    t["votes"] = votes.reindex(t["arxiv_id"]).to_numpy()
    rows = []
    for topic in topics:
        v = t.loc[t["topic"] == topic, "votes"]
        known = v.dropna().astype(float)
        median = float(known.median()) if len(known) else math.nan
        rows.append(
            (
                topic,
                len(v),
                len(known),
                median,
                float(known.mean()) if len(known) else math.nan,
                int(known.sum()),
                median / overall if overall and not math.isnan(overall) else math.nan,
            )
        )
    out = pd.DataFrame(
        rows,
        columns=["topic", "papers", "papers_with_votes", "median_votes", "mean_votes",
                 "total_votes", "lift"],
    )
    out = out.sort_values("median_votes", ascending=False, kind="stable", na_position="last")
    out["topic"] = pd.Categorical(out["topic"], categories=topics)
    for col in ("papers", "papers_with_votes", "total_votes"):
        out[col] = out[col].astype("Int64")
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Plots
# --------------------------------------------------------------------------------------------


def plot_topic_share(
    share: pd.DataFrame,
    kind: str = "area",
    ax: Axes | None = None,
    topics: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> Axes:
    """Plot :func:`topic_share` over time as a stacked area chart or a heatmap.

    Parameters
    ----------
    share : DataFrame
        Output of :func:`topic_share`.
    kind : {"area", "heatmap"}
        Stacked areas of each topic's share (multi-label, so the stack can pass 100 %), or a
        topic × period heatmap.
    ax : Axes, optional
        Axes to draw on; a new figure's Axes by default.
    topics : list of str, optional
        Topics to show, in this order (default: all, in taxonomy order).
    labels : dict, optional
        Display names, e.g. ``topic_labels(lang="ko")`` (default: the topic ids).

    Returns
    -------
    Axes

    Examples
    --------
    >>> ax = plot_topic_share(topic_share(corpus, tags, freq="M"), kind="heatmap")  # doctest: +SKIP
    """
    from papertoolkit.plots import prepare_axes

    if kind not in ("area", "heatmap"):
        raise ValueError('kind must be "area" or "heatmap"')
    created = ax is None  # lay out only a figure made here, never a user's
    ax = prepare_axes(ax)
    if share.empty:
        ax.text(0.5, 0.5, "no papers to plot", ha="center", va="center", transform=ax.transAxes)
        return ax
    wide = share.assign(topic=share["topic"].astype(str)).pivot_table(
        index="period", columns="topic", values="share", aggfunc="first"
    )
    order = list(topics) if topics is not None else [
        t for t in _topic_order(share) if t in wide.columns
    ]
    wide = wide.reindex(columns=order).fillna(0.0)
    names = [str((labels or {}).get(t, t)) for t in order]
    if kind == "area":
        import matplotlib as mpl

        colors = mpl.colormaps["tab20" if len(order) > 10 else "tab10"].colors
        ax.stackplot(wide.index, wide.to_numpy().T, labels=names,
                     colors=[colors[i % len(colors)] for i in range(len(order))])
        ax.set_ylabel("share of papers (stacked, multi-label)")
        ax.set_xlabel("period")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
    else:
        image = ax.imshow(wide.to_numpy().T, aspect="auto", cmap="viridis",
                          interpolation="nearest")
        ax.set_yticks(range(len(order)), names)
        step = max(1, len(wide.index) // 12)
        ticks = range(0, len(wide.index), step)
        fmt, xlabel = _period_format(pd.DatetimeIndex(wide.index))
        ax.set_xticks(list(ticks), [wide.index[i].strftime(fmt) for i in ticks],
                      rotation=45, ha="right")
        ax.set_xlabel(xlabel)
        ax.figure.colorbar(image, ax=ax, label="share of papers")
    if created:
        ax.figure.tight_layout()  # long (Korean) labels and dates stay inside the figure
    return ax


def _period_format(index: pd.DatetimeIndex) -> tuple[str, str]:
    """``strftime`` format and axis label for period starts: months ``2023-11``, weeks
    ``11-20`` (the year in the label) or ISO weeks ``2024-W03`` when they span several
    years, anything else full dates."""
    years = sorted({d.year for d in index})
    year = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
    gaps = np.diff(index.asi8) / 86_400e9 if len(index) > 1 else np.array([])
    if len(index) and (index.day == 1).all() and (len(gaps) == 0 or gaps.min() >= 28):
        return "%Y-%m", "month"
    if len(gaps) and (index.day_of_week == 0).all() and (gaps % 7 == 0).all():
        if len(years) == 1:
            return "%m-%d", f"week starting ({year})"
        return "%G-W%V", "ISO week"
    return "%Y-%m-%d", "period"


def plot_top_terms(
    terms: pd.DataFrame,
    topic: Any = None,
    n: int = 10,
    ax: Axes | None = None,
) -> Axes:
    """Horizontal bar chart of the top terms of one topic (or one period).

    Parameters
    ----------
    terms : DataFrame
        The ``terms`` table of :func:`discover_topics` (``topic, term, weight``) or the output
        of :func:`keywords` (``period, term, score``).
    topic : optional
        The topic (or period) to show; default the first one in the table.
    n : int
        Number of bars.
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> terms, _ = discover_topics(corpus)                # doctest: +SKIP
    >>> ax = plot_top_terms(terms, topic=3)               # doctest: +SKIP
    """
    from papertoolkit.plots import prepare_axes

    group = "topic" if "topic" in terms.columns else "period"
    value = "weight" if "weight" in terms.columns else "score"
    ax = prepare_axes(ax)
    if terms.empty:
        ax.text(0.5, 0.5, "no terms to plot", ha="center", va="center", transform=ax.transAxes)
        return ax
    if topic is None:
        topic = terms[group].iloc[0]
    sub = terms[terms[group] == topic]
    if sub.empty:
        raise ValueError(f"{group} {topic!r} not found in the terms table")
    sub = sub.sort_values(value, ascending=False, kind="stable").head(n).iloc[::-1]
    ax.barh(sub["term"].astype(str), sub[value].astype(float))
    ax.set_xlabel(value)
    if isinstance(topic, pd.Timestamp):
        topic = topic.strftime("%Y-%m-%d")
    ax.set_title(f"{group} {topic}")
    return ax
