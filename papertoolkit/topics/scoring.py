"""Score taxonomy tags: where and how often a topic's terms occur, weighed by a logistic model.

A topic whose terms occur in a paper is a *candidate*. Its score is a logistic function of a
few features that say where and how much the paper talks about the topic
(:data:`FEATURES`): terms in the title, in the first summary bullet (the "What's New" bullet of
the later digests), in later bullets, how many distinct terms, in what share of the bullets,
how the topic compares with the paper's most-mentioned topic, and whether one of its
``rivals`` (taxonomy key, e.g. ``multimodal`` for ``llm``) dominates the paper. A topic named
once in a late bullet ("... using a diffusion policy") scores low; one in the title and the
first bullet scores high. The feature ``text`` is the logit of a per-topic model of all the
paper's words (:mod:`~papertoolkit.topics.wording`), which also hears what the taxonomy's
terms do not say: when it is confident about a topic none of whose terms occur (the scorer's
``text_min``), that topic is a candidate too, a *text proposal* (feature ``no_term``), and
its tag names the text layer's strongest words instead of matched terms.

The weights are shared by all topics, plus one bias per topic (its calibration). The built-in
weights (``scorer.json`` and ``text_layer.json`` beside this module) were fitted by
:func:`fit_topic_scorer` on every paper of the 160 tuning days, 2,323, labelled under today's
guidelines (``tests/fixtures/topic_labels_relabelled.csv`` and ``topic_labels_more6.csv``,
4,462 labels); ``benchmarks/fit_topic_scorer.py`` re-fits and cross-validates them, and
chooses the default thresholds (``min_score``, and ``topic_min_score`` for the topics that
need a higher one). A
scorer is plain JSON, so the model stays readable: see :func:`explain_tags` for the part each
feature adds to one tag's score.
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._checks import check_number, check_type
from .._compat import renamed_arguments
from . import wording
from ._common import _paper_table
from .taxonomy import _compile_taxonomy, _term_name, _Text, load_taxonomy

__all__ = ["FEATURES", "builtin_scorer", "explain_tags", "fit_topic_scorer"]

SCORER_PATH = Path(__file__).with_name("scorer.json")
#: The built-in scorer's text layer, kept apart from ``scorer.json`` so that the weights stay
#: readable (it holds a vocabulary and one weight per word and topic).
TEXT_LAYER_PATH = Path(__file__).with_name("text_layer.json")

#: The features of a (paper, topic) candidate, in the order of the model's weights.
FEATURES = (
    "title",  # log(1 + topic terms in the title)
    "title_cue",  # log(1 + matches of the taxonomy's ``title_terms``, cue words, in the title)
    "first",  # log(1 + topic terms in the first summary bullet)
    "rest",  # log(1 + topic terms in the later bullets)
    "distinct",  # log(1 + distinct terms matched)
    "strong",  # log(1 + matches of terms not in the taxonomy's ``weak_terms``)
    "bullet_share",  # share of the summary bullets that mention the topic
    "dominance",  # this topic's matches / the matches of the paper's most-matched topic
    "rival",  # the largest dominance among the topic's rivals
    "n_topics",  # log(number of candidate topics of the paper)
    "text",  # logit of the text layer's probability for the topic (wording.py), 0 without one
    "no_term",  # 1 for a topic the text layer proposes without any term match, else 0
)


def candidates(
    corpus: Any, taxonomy: Mapping | str | Path | None = None, min_matches: int = 1,
    text_layer: Mapping | None = None, text_min: float | None = None,
) -> pd.DataFrame:
    """Every (paper, topic) pair whose terms occur, with its :data:`FEATURES`.

    Returns ``arxiv_id, topic, matched_terms, n_matches`` and one float column per feature;
    papers in input order, topics in taxonomy order. A topic needs ``min_matches`` term
    occurrences (or its own ``min_matches`` in the taxonomy, if higher). ``text`` is the
    logit from ``text_layer`` (see :mod:`~papertoolkit.topics.wording`), 0 without one.

    With ``text_min``, a topic none of whose terms occur is a candidate too when the text
    layer's probability for it is at least ``text_min`` (a *text proposal*: ``matched_terms``
    empty, ``n_matches`` 0, ``no_term`` 1, every term feature 0; ``rival`` and ``n_topics``
    from the paper's term candidates). A topic the layer has no model for is never proposed;
    without a text layer, ``text_min=0`` proposes every such pair (cross-validation fills in
    ``text`` later) and any other value none.
    """
    tax = load_taxonomy(taxonomy)
    papers = _paper_table(corpus)
    compiled = [
        (topic, max(min_matches, spec["min_matches"]), body, title, exclude,
         frozenset(spec["weak_terms"]))
        for (topic, spec), (body, title, exclude) in zip(
            tax.items(), _compile_taxonomy(json.dumps(tax, ensure_ascii=False)), strict=True
        )
    ]
    rows: list[tuple] = []
    for arxiv_id, title, summary in zip(
        papers["arxiv_id"], papers["title"], papers["summary"], strict=True
    ):
        # where each zone starts in "title\nsummary": the title, then each non-empty line
        starts, pos = [0], len(title) + 1
        for line in summary.split("\n"):
            if line.strip():
                starts.append(pos)
            pos += len(line) + 1
        n_bullets = len(starts) - 1
        text, title_text = _Text(f"{title}\n{summary}"), _Text(title)
        found_topics = []
        for topic, threshold, body_terms, title_terms, exclude, weak in compiled:
            body, head = text, title_text
            if exclude is not None:
                body, head = exclude.mask(text), exclude.mask(title_text)
            spans, cue_spans = body_terms.spans(body), title_terms.spans(head)
            # a title cue is a match of its own only where no body term matched
            cues = [(start, end, term) for start, end, term in cue_spans
                    if not any(s < end and start < e for s, e, _ in spans)]
            total = len(cues) + len(spans)
            if not total or total < threshold:
                continue
            zones = [bisect.bisect_right(starts, start) - 1 for start, _, _ in spans]
            found: dict[str, int] = {}
            shown: dict[str, str] = {}  # a term as matched_terms names it
            for start, end, term in cues + spans:
                if term in found:
                    found[term] += 1
                else:  # its first match names it
                    found[term] = 1
                    shown[term] = _term_name(term, text.text[start:end])
            in_title, in_first = zones.count(0), zones.count(1)
            counts = (in_title, len(cue_spans), in_first, len(zones) - in_title - in_first)
            strong = sum(term not in weak for _, _, term in spans)
            found_topics.append((topic, found, total, counts, len({z for z in zones if z}),
                                 strong, "; ".join(dict.fromkeys(shown.values()))))
        if not found_topics and text_min is None:
            continue
        top = max((f[2] for f in found_topics), default=1)
        dominance = {f[0]: f[2] / top for f in found_topics}
        n_topics = math.log(max(len(found_topics), 1))
        by_topic = {f[0]: f for f in found_topics}
        for topic in tax:
            rival = max((dominance.get(r, 0.0) for r in tax[topic]["rivals"]), default=0.0)
            if topic in by_topic:
                _, found, total, counts, n_lines, strong, names = by_topic[topic]
                rows.append((
                    arxiv_id, topic, names, total, *map(math.log1p, counts),
                    math.log1p(len(found)), math.log1p(strong),
                    n_lines / n_bullets if n_bullets else 0.0, dominance[topic], rival,
                    n_topics, 0.0, 0.0,
                ))
            elif text_min is not None:  # a text proposal, kept below if the layer agrees
                rows.append((arxiv_id, topic, "", 0, *[0.0] * 8, rival, n_topics, 0.0, 1.0))
    out = pd.DataFrame(rows, columns=["arxiv_id", "topic", "matched_terms", "n_matches",
                                      *FEATURES])
    if text_layer is not None and len(out):
        out["text"] = _text_feature(papers, out, text_layer, list(tax))
    if text_min is not None and len(out):
        proposed = out["no_term"].to_numpy() > 0
        if text_layer is None:
            agree = np.full(len(out), text_min <= 0)
        else:
            agree = (out["topic"].isin(text_layer["coef"]).to_numpy()
                     & (out["text"].to_numpy(float) >= _logit(text_min)))
        out = out[~proposed | agree].reset_index(drop=True)
    return out


def _text_feature(papers: pd.DataFrame, cands: pd.DataFrame, layer: Mapping,
                  topics: list[str]) -> np.ndarray:
    """The text layer's logit for each candidate (paper, topic)."""
    row = {a: i for i, a in enumerate(papers["arxiv_id"])}
    wanted = sorted({row[a] for a in cands["arxiv_id"]})
    docs = wording.layer_documents(layer, papers["title"].to_numpy()[wanted],
                                   papers["summary"].to_numpy()[wanted])
    logits = wording.text_logits(layer, docs, topics)
    at = {r: i for i, r in enumerate(wanted)}
    col = {t: j for j, t in enumerate(topics)}
    return logits[[at[row[a]] for a in cands["arxiv_id"]], [col[t] for t in cands["topic"]]]


@lru_cache(maxsize=1)
def _builtin_scorer_json() -> tuple[str, str | None]:
    layer = (TEXT_LAYER_PATH.read_text(encoding="utf-8") if TEXT_LAYER_PATH.exists()
             else None)
    return SCORER_PATH.read_text(encoding="utf-8"), layer


def builtin_scorer() -> dict[str, Any]:
    """A copy of the built-in scorer used by :func:`tag_topics`.

    A scorer is a JSON-able dict: ``intercept``, ``weights`` (one per name of
    :data:`FEATURES`), ``topic_bias`` (one per topic; a topic without one gets 0),
    ``min_score`` (the default threshold of :func:`tag_topics`), optionally
    ``topic_min_score`` (a default threshold per topic, in place of ``min_score`` for the
    topics it names), ``text_min`` (the text probability from which a topic without any term
    match is a candidate, see :func:`candidates`), ``fitted_on`` (what the weights were fitted
    on, with cross-validated scores) and ``text_layer`` (see
    :mod:`~papertoolkit.topics.wording`; read from ``text_layer.json``).

    Returns
    -------
    dict
        A new dict each call: changing it changes nothing else.

    Examples
    --------
    >>> scorer = builtin_scorer()
    >>> sorted(scorer["weights"]) == sorted(FEATURES), 0 < scorer["min_score"] < 1
    (True, True)
    >>> scorer["min_score"], scorer["text_min"]
    (0.34, 0.7)
    """
    weights, layer = _builtin_scorer_json()
    scorer = json.loads(weights)
    if layer is not None:
        scorer["text_layer"] = json.loads(layer)
    return scorer


#: How :func:`~papertoolkit.topics.tag_topics` marks the ``matched_terms`` of a tag the text
#: layer proposed without any term match: this, then the layer's three strongest words.
TEXT_MARK = "text: "


def proposal_min(scorer: Mapping) -> float | None:
    """The text probability from which ``scorer`` proposes topics without a term match
    (``None``: it does not, e.g. without a text layer)."""
    if scorer.get("text_layer") is None:
        return None
    value = scorer.get("text_min")
    return None if value is None else float(value)


def _resolve_scorer(scorer: Mapping | None) -> Mapping:
    if scorer is None:
        return builtin_scorer()
    check_type("scorer", scorer, Mapping, allow_none=True)
    missing = {"intercept", "weights", "topic_bias", "min_score"} - set(scorer)
    if missing:
        raise ValueError(f"scorer lacks the key(s) {sorted(missing)}; build one with "
                         "fit_topic_scorer() or start from builtin_scorer()")
    unknown = set(scorer["weights"]) - set(FEATURES)
    if unknown:
        raise ValueError(f"scorer has weights for unknown features {sorted(unknown)}; "
                         f"known features: {list(FEATURES)}")
    if scorer.get("text_min") is not None:
        check_number("scorer['text_min']", scorer["text_min"], min=0, max=1)
    per_topic = scorer.get("topic_min_score")
    if per_topic is not None:
        check_type("scorer['topic_min_score']", per_topic, Mapping)
        for topic, value in per_topic.items():
            check_number(f"scorer['topic_min_score'][{topic!r}]", value, min=0, max=1)
    return scorer


def thresholds(cands: pd.DataFrame, scorer: Mapping, min_score: float | None) -> np.ndarray:
    """Each candidate's threshold: ``min_score`` if given, else its topic's entry of the
    scorer's ``topic_min_score``, else the scorer's ``min_score``."""
    if min_score is not None:
        return np.full(len(cands), float(min_score))
    default = float(scorer["min_score"])
    per_topic = scorer.get("topic_min_score") or {}
    return (cands["topic"].astype(str).map(per_topic).astype(float).fillna(default)
            .to_numpy(dtype=float))


def logit_parts(cands: pd.DataFrame, scorer: Mapping) -> pd.DataFrame:
    """The parts that add up to each candidate's logit: intercept, topic bias, one per
    feature (weight × value)."""
    parts = {
        "intercept": np.full(len(cands), float(scorer["intercept"])),
        "topic_bias": cands["topic"].astype(str).map(scorer["topic_bias"]).fillna(0.0)
        .to_numpy(dtype=float),
    }
    for name in FEATURES:
        parts[name] = float(scorer["weights"].get(name, 0.0)) * cands[name].to_numpy(float)
    return pd.DataFrame(parts, index=cands.index)


def scores(cands: pd.DataFrame, scorer: Mapping) -> np.ndarray:
    """Each candidate's score, a probability in [0, 1]."""
    logit = logit_parts(cands, scorer).to_numpy().sum(axis=1)
    return 1.0 / (1.0 + np.exp(-logit))


@renamed_arguments(corpus="data")
def explain_tags(
    data: Any,
    *,
    taxonomy: Mapping | str | Path | None = None,
    scorer: Mapping | None = None,
) -> pd.DataFrame:
    """Why each candidate tag got its score: feature values and what each adds to the logit.

    Parameters
    ----------
    data : Corpus or DataFrame
        Papers to explain (filter it to one paper to read one explanation).
    taxonomy, scorer
        As for :func:`tag_topics`.

    Returns
    -------
    DataFrame
        One row per (paper, topic) candidate, kept or not: ``arxiv_id, topic,
        matched_terms, text_terms`` (the three words of the title and summary that raised the
        text layer's logit most; for a text proposal, a topic with no term match
        (``no_term`` 1, ``matched_terms`` empty), they are the whole reason),
        ``n_matches, score``, ``min_score`` (the score the tag needs
        to be kept by ``tag_topics(..., scorer=scorer)``: its topic's ``topic_min_score``, else
        the scorer's ``min_score``), the :data:`FEATURES` values, then ``logit_<part>``
        columns (intercept, topic bias and one per feature) that add up to the logit of
        ``score``.

    Examples
    --------
    >>> import pandas as pd
    >>> papers = pd.DataFrame({"arxiv_id": ["1"], "title": ["Fast diffusion sampling"],
    ...                        "summary": ["확산 모델의 샘플링을 가속합니다."]})
    >>> why = explain_tags(papers)
    >>> why[["topic", "matched_terms"]].values.tolist()
    [['image_generation', 'diffusion; 확산'], ['efficiency', 'fast']]
    >>> bool((why.filter(like="logit_").sum(axis=1).map(lambda x: 1 / (1 + math.exp(-x)))
    ...       - why["score"]).abs().max() < 1e-9)
    True
    """
    scorer = _resolve_scorer(scorer)
    layer = scorer.get("text_layer")
    cands = candidates(data, taxonomy, text_layer=layer, text_min=proposal_min(scorer))
    parts = logit_parts(cands, scorer).add_prefix("logit_")
    out = cands[["arxiv_id", "topic", "matched_terms"]].assign(
        text_terms=_text_terms(data, cands, layer), n_matches=cands["n_matches"],
        score=scores(cands, scorer), min_score=thresholds(cands, scorer, None))
    return pd.concat([out, cands[list(FEATURES)], parts], axis=1)


def _text_terms(corpus: Any, cands: pd.DataFrame, layer: Mapping | None) -> list[str]:
    """The words that raised each candidate's text logit most (empty without a text layer)."""
    if layer is None or not len(cands):
        return [""] * len(cands)
    papers = _paper_table(corpus).set_index("arxiv_id")
    sub = papers.loc[cands["arxiv_id"]]
    docs = wording.layer_documents(layer, sub["title"].to_numpy(), sub["summary"].to_numpy())
    return wording.text_terms(layer, docs, list(cands["topic"]))


@renamed_arguments(corpus="data")
def fit_topic_scorer(
    data: Any,
    labels: pd.DataFrame,
    *,
    taxonomy: Mapping | str | Path | None = None,
    C: float = 0.3,
    min_score: float = 0.5,
    text: bool = True,
    text_C: float = 10.0,
    text_options: Mapping | None = None,
    text_min: float | None = None,
) -> dict[str, Any]:
    """Fit a scorer (the weights of :data:`FEATURES` and a text layer) on hand labels.

    With ``text=True``, a text layer (:mod:`~papertoolkit.topics.wording`: TF-IDF over the
    words of title and summary, one logistic regression per topic) is fitted on the labelled
    papers. Every candidate of the labelled papers is then an example, positive when its topic
    is among the paper's labels; an L2-regularised logistic regression (scikit-learn) learns
    one weight per feature plus one bias per topic. Its ``text`` feature is the text layer's
    logit *out of fold* (each paper scored by a layer fitted on the other four fifths), so
    that the weight is the one the layer earns on papers it has not seen.

    Parameters
    ----------
    data : Corpus or DataFrame
        Papers including the labelled ones (the others are ignored).
    labels : DataFrame
        ``arxiv_id`` and either ``topics`` (``";"``-joined) or ``topic`` (long), as for
        :func:`evaluate_topics`.
    taxonomy : dict, str, Path or None
        The taxonomy whose candidates are scored (default: the built-in one).
    C : float
        Inverse regularisation strength: smaller values pull the weights towards 0.
    min_score : float
        The default threshold stored in the scorer, used by ``tag_topics(scorer=...)``.
    text : bool
        Fit and use a text layer (``False``: position features only, as in version 1).
    text_C : float
        Inverse regularisation strength of the text layer's per-topic regressions.
    text_options : dict or None
        More options of the text layer (``max_features``, ``min_df``, ``korean_stem``,
        ``korean_chars``, ``title_repeats``; see
        :func:`~papertoolkit.topics.wording.fit_text_layer`).
    text_min : float or None
        With a text layer, a topic without any term match is a candidate too when the text
        layer's probability for it is at least this (a *text proposal*, see
        :func:`candidates`; stored in the scorer, so :func:`tag_topics` proposes alike).
        ``None``: only topics whose terms occur are candidates.

    Returns
    -------
    dict
        A scorer for ``tag_topics(..., scorer=)``; JSON-able (``json.dump`` it to keep it).

    Examples
    --------
    >>> import pandas as pd
    >>> papers = pd.DataFrame({
    ...     "arxiv_id": ["1", "2", "3", "4"],
    ...     "title": ["Cats", "Dogs", "Cats and dogs", "Birds"],
    ...     "summary": ["고양이 연구.", "개 연구. 고양이는 언급만.", "고양이와 개.", "새."]})
    >>> labels = pd.DataFrame({"arxiv_id": ["1", "2", "3", "4"],
    ...                        "topics": ["cats", "dogs", "cats;dogs", ""]})
    >>> tax = {"cats": ["cat", "고양이"], "dogs": ["dog", "개"]}
    >>> scorer = fit_topic_scorer(papers, labels, taxonomy=tax, C=10)
    >>> scorer["weights"]["title"] > 0
    True
    """
    from sklearn.linear_model import LogisticRegression

    from .tagging import _label_pairs

    for name, value in (("C", C), ("text_C", text_C)):
        if check_number(name, value) <= 0:
            raise ValueError(f"{name} must be a number > 0, got {value!r}")
    check_type("text", text, bool)
    check_type("text_options", text_options, Mapping, allow_none=True)
    options = dict(text_options or {})
    allowed = ("max_features", "min_df", "korean_stem", "korean_chars", "title_repeats")
    unknown = set(options) - set(allowed)
    if unknown:
        raise ValueError(f"text_options has unknown key(s) {sorted(unknown)}; allowed: "
                         + ", ".join(map(repr, allowed)))
    check_number("min_score", min_score, min=0, max=1)
    text_min = check_number("text_min", text_min, min=0, max=1, allow_none=True)
    tax = load_taxonomy(taxonomy)
    truth = _label_pairs(labels)
    ids = set(labels["arxiv_id"].astype(str))
    papers = _paper_table(data)
    sample = papers[papers["arxiv_id"].isin(ids)].reset_index(drop=True)
    propose = text and text_min is not None
    cands = candidates(sample, tax, text_min=0.0 if propose else None)
    topics = list(tax)
    layer = None
    if text and len(cands):
        docs = wording.documents(sample["title"].to_numpy(), sample["summary"].to_numpy(),
                                 int(options.get("title_repeats", 2)))
        sets = truth.groupby("arxiv_id")["topic"].agg(set)
        label_sets = [sets.get(a, set()) for a in sample["arxiv_id"]]
        oof = wording.out_of_fold_logits(docs, label_sets, topics, C=text_C, **options)
        row = {a: i for i, a in enumerate(sample["arxiv_id"])}
        col = {t: j for j, t in enumerate(topics)}
        cands["text"] = oof[[row[a] for a in cands["arxiv_id"]],
                            [col[t] for t in cands["topic"]]]
        layer = wording.fit_text_layer(docs, label_sets, topics, C=text_C, **options)
        if propose:  # the proposals the out-of-fold text layer would have made
            keep = (cands["no_term"] == 0) | (cands["text"] >= _logit(text_min))
            cands = cands[keep].reset_index(drop=True)
    pairs = set(zip(truth["arxiv_id"], truth["topic"], strict=True))
    y = np.array([(a, t) in pairs
                  for a, t in zip(cands["arxiv_id"], cands["topic"], strict=True)])
    if y.all() or not y.any():
        raise ValueError("labels must make some candidate tags right and some wrong to fit a "
                         f"scorer; got {int(y.sum())} right of {len(y)}")
    X = np.column_stack([cands[list(FEATURES)].to_numpy(float)]
                        + [(cands["topic"].astype(str) == t).to_numpy(float) for t in topics])
    model = LogisticRegression(C=C, max_iter=5000).fit(X, y)
    coef = [round(float(w), 4) for w in model.coef_[0]]
    scorer = {
        "version": 2,
        "intercept": round(float(model.intercept_[0]), 4),
        "weights": dict(zip(FEATURES, coef[: len(FEATURES)], strict=True)),
        "topic_bias": dict(zip(topics, coef[len(FEATURES):], strict=True)),
        "min_score": float(min_score),
        "fitted_on": {"papers": len(ids), "labels": len(truth), "candidates": len(cands),
                      "positives": int(y.sum()), "C": C},
    }
    if layer is not None:
        scorer["fitted_on"]["text_C"] = text_C
        if propose:
            scorer["text_min"] = float(text_min)
        scorer["text_layer"] = layer
    return scorer


def _logit(p: float) -> float:
    """The logit of ``p``, clipped as the text layer clips its logits."""
    p = min(max(p, wording.EPS), 1 - wording.EPS)
    return math.log(p / (1 - p))
