"""Threshold rules of round 8 scored on the worn topic test sets (issue 11).

Usage (from the repository root)::

    .venv/bin/python benchmarks/topic_rules_on_worn.py --keyword-tags /tmp/kw_tags.csv

The built-in scorer's weights stay as they are; only its thresholds change. The out-of-fold
scores of the tuning papers (``fit_topic_scorer.cross_validated_tags``, as the shipped fit
makes them, ~1.5 min) give each rule's thresholds: round 6's and round 8's Wilson rules
(``choose_thresholds``) and ``pass_thresholds`` (as it is, and never under ``min_score``).
Each set of thresholds then tags the eight worn test sets (held-out, fresh, test2 to test5,
and the relabelled held-out and fresh sets), which had each been scored by several taggers
already: a validation set, not a test set. test6 is never read here. ``--keyword-tags`` is the
keyword tagger of commit 42ad666 on the whole corpus (benchmarks/README.md, round 6), for the
recall goal. Prints, per rule, the pooled scores and per set ``micro-F1 / labels found beyond
the keyword tagger's / topics (>= 10 positives) under 0.70 precision``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fit_topic_scorer as fit  # noqa: E402

from papertoolkit import load, topics  # noqa: E402
from papertoolkit.topics.tagging import _label_pairs  # noqa: E402

WORN = ("holdout", "fresh", "test2", "test3", "test4", "test5", "holdout_relabelled",
        "fresh_relabelled")
#: (recall margin over the keyword tagger's, precision floor, Wilson z) of the Wilson rules
WILSON = ((0.03, 0.70, 1.0), (0.04, 0.75, 1.0), (0.03, 0.75, 1.0), (0.04, 0.80, 1.0),
          (0.03, 0.75, 1.64))
#: the test-set size ``pass_thresholds`` aims at (test6's)
SAMPLE = 312


def rules(papers: pd.DataFrame, topic_ids: list[str]) -> dict[str, np.ndarray]:
    """Each rule's threshold per topic (in ``topic_ids`` order), from the tuning papers'
    out-of-fold scores."""
    labels = fit.load_tuning_labels("all")
    cv = fit.cross_validated_tags(papers, labels, C=fit.COMBINER_C,
                                  text_options=fit.TEXT_OPTIONS, text_min=fit.TEXT_MIN)
    score, right, topic, n_labels = fit.oof_arrays(cv, labels, topic_ids)
    out = {}
    for margin, floor, z in WILSON:
        out[f"kw+{margin}, floor {floor:.2f} z={z:g}"] = fit.choose_thresholds(
            score, right, topic, n_labels, recall_floor=fit.KEYWORD_RECALL + margin,
            precision=floor, z=z)[1]
    t0, _ = fit.choose_thresholds(score, right, topic, n_labels,
                                  recall_floor=fit.KEYWORD_RECALL + 0.03, precision=None)
    per = fit.pass_thresholds(score, right, topic, n_labels,
                              recall_floor=fit.KEYWORD_RECALL + 0.03,
                              scale=SAMPLE / labels["arxiv_id"].nunique(), positives=0)
    out["pass every kw+0.03"] = per
    out[f"pass every kw+0.03, none under {t0:.2f}"] = np.maximum(per, t0)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keyword-tags", type=Path, required=True)
    args = ap.parse_args(argv)
    papers = load(sorted(fit.CORPUS.glob("*.md"))).papers_unique
    topic_ids = list(topics.load_taxonomy())
    col = {t: j for j, t in enumerate(topic_ids)}
    kw = pd.read_csv(args.keyword_tags, dtype=str)
    kw = set(zip(kw["arxiv_id"], kw["topic"], strict=True))
    sets = {}
    for name in WORN:
        labels = pd.read_csv(fit.ROOT / "tests" / "fixtures" / f"topic_labels_{name}.csv",
                             dtype=str, keep_default_na=False)
        sample = papers[papers["arxiv_id"].isin(labels["arxiv_id"])]
        sets[name] = (labels, topics.tag_topics(sample, min_score=0))
    for rule, per in rules(papers, topic_ids).items():
        total, under, cells = np.zeros(4), 0, []
        for name, (labels, every) in sets.items():
            cut = per[every["topic"].astype(str).map(col).to_numpy()]
            tags = every[every["score"].to_numpy(float) >= cut - 1e-9]
            pairs = _label_pairs(labels)
            truth = set(zip(pairs["arxiv_id"], pairs["topic"], strict=True))
            pred = set(zip(tags["arxiv_id"].astype(str), tags["topic"].astype(str),
                           strict=True))
            tp, beyond = len(truth & pred), len(truth & pred) - len(truth & kw)
            total += [tp, len(pred), len(truth), len(truth & kw)]
            table = topics.evaluate_topics(tags, labels)
            big = table[(table["support"] >= 10) & ~table["topic"].isin(["micro", "macro"])]
            low = int((big["precision"] < 0.70).sum())
            under += low
            cells.append(f"{name} {2 * tp / (len(pred) + len(truth)):.3f}/{beyond:+d}/{low}")
        tp, n_pred, n_truth, kw_tp = total
        print(f"{rule}: pooled P {tp / n_pred:.3f} R {tp / n_truth:.3f} (found {int(tp)}; "
              f"keyword tagger {int(kw_tp)} of {int(n_truth)}) F1 "
              f"{2 * tp / (n_pred + n_truth):.4f}; topic x set under 0.70: {under}")
        print("    " + "  ".join(cells))
        print("    thresholds:", {t: round(float(per[j]), 2) for t, j in col.items()})


if __name__ == "__main__":
    main()
