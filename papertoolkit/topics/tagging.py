"""Tag papers with taxonomy topics, compare tags with hand labels, join tags to papers."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .._checks import check_int, check_number
from .._compat import positional_options, renamed_arguments
from .._data import get_table
from ._common import _topic_order
from .scoring import (
    TEXT_MARK,
    _resolve_scorer,
    _text_terms,
    candidates,
    proposal_min,
    scores,
    thresholds,
)
from .taxonomy import load_taxonomy


@renamed_arguments(corpus="data")
@positional_options
def tag_topics(
    data: Any,
    *,
    taxonomy: Mapping | str | Path | None = None,
    min_matches: int = 1,
    min_score: float | None = None,
    scorer: Mapping | None = None,
) -> pd.DataFrame:
    """Tag each paper with the taxonomy topics it is about, each tag with a score.

    A topic whose terms occur in the title + summary is a candidate; its ``score`` (0–1)
    weighs where and how often they occur (title, first bullet, later bullets, distinct
    terms, the paper's other topics) and what a per-topic model of all the paper's words
    says (the text layer), so that a paper which only mentions a topic in passing scores
    low. A topic none of whose terms occur is a candidate too when the text layer is
    confident about it (the scorer's ``text_min``). Candidates scoring at least
    ``min_score`` become tags. See
    :mod:`papertoolkit.topics.scoring` and :func:`explain_tags`.

    Parameters
    ----------
    data : Corpus or DataFrame
        Papers (``arxiv_id``, ``title``, ``summary``); a paper seen on several days is
        tagged once.
    taxonomy : dict, str, Path or None
        ``None`` for the built-in taxonomy (:func:`builtin_taxonomy`), a dict, or a JSON/YAML
        path; see :func:`load_taxonomy` for the format and the matching rules.
    min_matches : int
        Minimum number of term occurrences for a topic to be a candidate. A topic's own
        ``min_matches`` in the taxonomy raises it further for that topic.
    min_score : float or None
        Keep tags scoring at least this (0 to 1), whatever their topic. ``None``: the
        scorer's thresholds: its ``topic_min_score`` per topic, else its ``min_score``. The
        built-in scorer's thresholds were chosen by cross-validation so that its recall stays
        above the keyword tagger's and each topic keeps a precision of at least 0.70, with a
        margin (see ``builtin_scorer()["topic_min_score"]``).
        Higher values trade recall for precision; ``0`` keeps every candidate.
    scorer : dict or None
        ``None`` for the built-in weights (:func:`builtin_scorer`), or a scorer from
        :func:`fit_topic_scorer` fitted on your own labels.

    Returns
    -------
    DataFrame
        Long table, one row per (paper, topic): ``arxiv_id`` (string), ``topic``
        (categorical, in taxonomy order), ``matched_terms`` (the distinct taxonomy terms
        that matched, ``"; "``-joined in order of first occurrence), ``n_matches``
        (Int64, occurrences) and ``score`` (Float64). Papers with no tag have no row. A tag
        the text layer proposed without any term match (the built-in scorer does so when it
        is confident) has ``n_matches`` 0 and ``matched_terms`` ``"text: "`` followed by the
        three words that raised its text score most.

    Examples
    --------
    >>> import pandas as pd
    >>> papers = pd.DataFrame({"arxiv_id": ["1"], "title": ["RAG for LLMs"],
    ...                        "summary": ["검색 증강 생성(RAG)을 개선합니다."]})
    >>> tags = tag_topics(papers, taxonomy={"retrieval": ["RAG", "검색 증강"]})
    >>> tags[["arxiv_id", "topic", "matched_terms", "n_matches"]].astype(str).values.tolist()
    [['1', 'retrieval', 'RAG; 검색 증강', '3']]
    >>> bool(tags["score"].iloc[0] > 0.5)
    True
    """
    check_int("min_matches", min_matches, min=1)
    scorer = _resolve_scorer(scorer)
    min_score = check_number("min_score", min_score, min=0, max=1, allow_none=True)
    tax = load_taxonomy(taxonomy)
    cands = candidates(data, tax, min_matches, text_layer=scorer.get("text_layer"),
                       text_min=proposal_min(scorer))
    cands["score"] = scores(cands, scorer)
    out = cands[cands["score"] >= thresholds(cands, scorer, min_score)].copy()
    proposed = out["n_matches"].to_numpy() == 0
    if proposed.any():  # no term matched: the text layer's words are the reason
        out.loc[proposed, "matched_terms"] = [
            TEXT_MARK + words for words in _text_terms(data, out[proposed],
                                                       scorer["text_layer"])]
    return pd.DataFrame(
        {
            "arxiv_id": out["arxiv_id"].astype("string"),
            "topic": pd.Categorical(out["topic"], categories=list(tax)),
            "matched_terms": out["matched_terms"].astype("string"),
            "n_matches": out["n_matches"].astype("Int64"),
            "score": out["score"].round(4).astype("Float64"),
        }
    ).reset_index(drop=True)


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


def evaluate_topics(
    tags: pd.DataFrame,
    labels: pd.DataFrame,
    *,
    min_scores: Sequence[float] | None = None,
) -> pd.DataFrame:
    """Precision, recall and F1 of topic tags against hand labels, per topic and overall.

    Parameters
    ----------
    tags : DataFrame
        Predicted tags, e.g. :func:`tag_topics` output (``arxiv_id``, ``topic``; ``score``
        for *min_scores*).
    labels : DataFrame
        Reference labels with ``arxiv_id`` and either ``topic`` (long) or ``topics``
        (``";"``-separated, empty when no topic applies). Only the papers listed here are
        evaluated; tags of other papers are ignored.
    min_scores : sequence of float, optional
        Thresholds for a precision/recall curve: the tags are scored once per threshold,
        keeping those with ``score >= threshold``. Tag with ``tag_topics(..., min_score=0)``
        so that no candidate is missing.

    Returns
    -------
    DataFrame
        One row per topic (taxonomy order when ``tags["topic"]`` is categorical, then any
        other labelled topic), then ``"micro"`` and ``"macro"`` rows: ``topic``, ``support``
        (labelled papers), ``predicted``, ``tp``, ``precision``, ``recall``, ``f1``. A ratio
        with a zero denominator is NaN (the macro row averages the defined ones). With
        *min_scores*, these rows once per threshold, after a first column ``min_score``.

    Examples
    --------
    >>> import pandas as pd
    >>> labels = pd.DataFrame({"arxiv_id": ["1", "2"], "topics": ["llm;code", ""]})
    >>> tags = pd.DataFrame({"arxiv_id": ["1", "2"], "topic": ["llm", "llm"],
    ...                      "score": [0.9, 0.4]})
    >>> evaluate_topics(tags, labels)[["topic", "tp", "precision"]].tail(2).values.tolist()
    [['micro', 1, 0.5], ['macro', 1, 0.5]]
    >>> curve = evaluate_topics(tags, labels, min_scores=[0.3, 0.5])
    >>> curve.query("topic == 'micro'")[["min_score", "precision", "recall"]].values.tolist()
    [[0.3, 0.5, 0.5], [0.5, 1.0, 0.5]]
    """
    if min_scores is not None:
        if "score" not in tags.columns:
            raise ValueError("min_scores needs a 'score' column in tags; tag with "
                             "tag_topics(..., min_score=0)")
        thresholds = [check_number("min_scores", v, min=0, max=1) for v in min_scores]
        curves = [evaluate_topics(tags[tags["score"] >= v], labels).assign(min_score=v)
                  for v in thresholds]
        out = pd.concat(curves, ignore_index=True)
        return out[["min_score", *out.columns[:-1]]]
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


def with_topics(
    papers: Any, tags: pd.DataFrame, *, wide: bool = False, prefix: str = "topic_"
) -> pd.DataFrame:
    """A copy of the papers table with the topics of each paper added.

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

    Returns
    -------
    DataFrame
        A copy of the table with ``topics`` (or one column per topic) added.

    Examples
    --------
    >>> import pandas as pd
    >>> papers = pd.DataFrame({"arxiv_id": ["1", "2"]})
    >>> tags = pd.DataFrame({"arxiv_id": ["1", "1"], "topic": ["llm", "code"]})
    >>> with_topics(papers, tags)["topics"].tolist()
    [['llm', 'code'], []]
    >>> with_topics(papers, tags, wide=True).columns.tolist()
    ['arxiv_id', 'topic_llm', 'topic_code']

    On the sample:

    >>> from papertoolkit.topics import tag_topics
    >>> tagged = with_topics(corpus, tag_topics(corpus))
    >>> tagged.loc[tagged["arxiv_id"] == "2402.10200", "topics"].tolist()
    [['llm', 'reasoning'], ['llm', 'reasoning']]
    """
    papers = get_table(papers, "papers", ["arxiv_id"], "with_topics")
    tags = get_table(tags, "tags", ["arxiv_id", "topic"], "with_topics")
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
