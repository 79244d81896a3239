"""Fit the built-in tag scorer on the tuning labels, with cross-validation to choose it.

Usage (from the repository root)::

    .venv/bin/python benchmarks/fit_topic_scorer.py            # print the CV grid
    .venv/bin/python benchmarks/fit_topic_scorer.py --write    # also write scorer.json

Only the tuning labels are used, ``tests/fixtures/topic_labels.csv`` (160 papers),
``topic_labels_extra.csv`` (203), ``topic_labels_more.csv``, ``topic_labels_more2.csv`` and
``topic_labels_more3.csv`` (154 each), ``topic_labels_more4.csv`` (151) and
``topic_labels_more5.csv`` (146), all from the 160 tuning days: the test sets
``topic_labels_holdout.csv``, ``topic_labels_fresh.csv``, ``topic_labels_test2.csv`` and
``topic_labels_test3.csv`` are never read here. For each regularisation strength ``C`` the 1,122
papers are split into 5 folds
(by paper); each fold is scored by a scorer fitted on the other 4 (its text layer too, with
its own inner folds), and the out-of-fold scores give precision / recall / F1 per threshold.
The chosen ``C`` and ``min_score`` maximise the cross-validated micro-F1 among those whose
cross-validated recall is at least :data:`RECALL_FLOOR`, the recall of the keyword tagger
before scoring on the first 363 of these papers.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import papertoolkit as ptk  # noqa: E402
from papertoolkit import topics  # noqa: E402
from papertoolkit.topics import scoring  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "l-yohai__daily_papers_ko"
LABELS = (ROOT / "tests" / "fixtures" / "topic_labels.csv",
          ROOT / "tests" / "fixtures" / "topic_labels_extra.csv",
          ROOT / "tests" / "fixtures" / "topic_labels_more.csv",
          ROOT / "tests" / "fixtures" / "topic_labels_more2.csv",
          ROOT / "tests" / "fixtures" / "topic_labels_more3.csv",
          ROOT / "tests" / "fixtures" / "topic_labels_more4.csv",
          ROOT / "tests" / "fixtures" / "topic_labels_more5.csv")
CS = (0.3, 1.0, 3.0)
THRESHOLDS = tuple(round(v, 2) for v in np.arange(0.2, 0.61, 0.05))
#: Recall of the keyword tagger before scoring (the taxonomy of commit 42ad666, every
#: candidate kept) on the tuning labels: 264/298 on the first 160 papers (in-sample), 289/337
#: on the 203 extra ones, 553/635 in all (benchmarks/README.md).
RECALL_FLOOR = 0.871
SEEDS, FOLDS = (0,), 5
#: Options of the text layer, chosen by ``cv_topic_variants.py`` (benchmarks/README.md,
#: round 4): Korean two-syllable runs as extra features, 6,000 vocabulary entries.
TEXT_OPTIONS: dict = {"korean_chars": 2, "max_features": 6000}


def cross_validated_tags(papers: pd.DataFrame, labels: pd.DataFrame, *, C: float,
                         taxonomy=None, seeds=SEEDS, folds=FOLDS, **fit_options) -> pd.DataFrame:
    """Every candidate tag of the labelled papers with its out-of-fold score (mean over
    the shuffles), in the shape of ``tag_topics(..., min_score=0)``. Each fold's papers are
    scored by a scorer, text layer included, fitted on the other folds only
    (``fit_topic_scorer(..., C=C, **fit_options)``)."""
    ids = np.array(sorted(set(labels["arxiv_id"])))
    sample = papers[papers["arxiv_id"].isin(ids)]
    runs = []
    for seed in seeds:
        order = ids.copy()
        np.random.default_rng(seed).shuffle(order)
        fold_of = {a: i % folds for i, a in enumerate(order)}
        for k in range(folds):
            train = labels[labels["arxiv_id"].map(fold_of) != k]
            scorer = topics.fit_topic_scorer(sample, train, taxonomy=taxonomy, C=C,
                                             **fit_options)
            test = sample[sample["arxiv_id"].map(fold_of) == k]
            cands = scoring.candidates(test, taxonomy, text_layer=scorer.get("text_layer"))
            runs.append(cands[["arxiv_id", "topic", "matched_terms"]].assign(
                score=scoring.scores(cands, scorer)))
    every = pd.concat(runs, ignore_index=True)
    every = every.groupby(["arxiv_id", "topic", "matched_terms"], as_index=False,
                          sort=False)["score"].mean()
    tax = list(topics.load_taxonomy(taxonomy))
    return pd.DataFrame({"arxiv_id": every["arxiv_id"].astype("string"),
                         "topic": pd.Categorical(every["topic"], categories=tax),
                         "matched_terms": every["matched_terms"],
                         "score": every["score"].to_numpy()})


def load_tuning_labels(paths=LABELS) -> pd.DataFrame:
    """The tuning labels (``arxiv_id``, ``topics``): every file of ``paths``, concatenated."""
    return pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False) for p in paths],
                     ignore_index=True)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--write", action="store_true", help="write papertoolkit/topics/scorer.json")
    args = ap.parse_args(argv)
    corpus = ptk.load(sorted(args.corpus.glob("*.md")))
    labels = load_tuning_labels()
    papers = corpus.papers_unique
    print(f"cross-validated micro P / R / F1 on {len(labels)} tuning papers "
          f"({FOLDS} folds x {len(SEEDS)} shuffles)\n")
    print("| C | " + " | ".join(f"{t:.2f}" for t in THRESHOLDS) + " |")
    print("|---:|" + "---|" * len(THRESHOLDS))
    best = None
    for C in CS:
        cv = cross_validated_tags(papers, labels, C=C, text_options=TEXT_OPTIONS)
        micro = topics.evaluate_topics(cv, labels, min_scores=THRESHOLDS).query(
            "topic == 'micro'")
        cells = []
        for r in micro.itertuples():
            cells.append(f"{r.precision:.3f} / {r.recall:.3f} / **{r.f1:.3f}**")
            if r.recall >= RECALL_FLOOR and (best is None or r.f1 > best[0]):
                best = (r.f1, C, r.min_score, r.precision, r.recall)
        print(f"| {C} | " + " | ".join(cells) + " |")
    if best is None:
        sys.exit(f"no C and threshold reach the recall floor {RECALL_FLOOR}")
    f1, C, min_score, precision, recall = best
    print(f"\nchosen: C={C}, min_score={min_score}: CV micro P {precision:.3f} "
          f"R {recall:.3f} F1 {f1:.3f}")
    scorer = topics.fit_topic_scorer(papers, labels, C=C, min_score=min_score,
                                     text_options=TEXT_OPTIONS)
    scorer["fitted_on"].update({
        "labels_files": [str(p.relative_to(ROOT)) for p in LABELS],
        "cross_validated": {"folds": FOLDS, "shuffles": len(SEEDS),
                            "precision": round(precision, 4), "recall": round(recall, 4),
                            "f1": round(f1, 4)},
    })
    layer = scorer.pop("text_layer")
    print(json.dumps(scorer, indent=1))
    if args.write:
        scoring.SCORER_PATH.write_text(json.dumps(scorer, indent=1) + "\n", encoding="utf-8")
        scoring.TEXT_LAYER_PATH.write_text(
            json.dumps(layer, ensure_ascii=False, separators=(",", ":")) + "\n",
            encoding="utf-8")
        print(f"wrote {scoring.SCORER_PATH.relative_to(ROOT)} and "
              f"{scoring.TEXT_LAYER_PATH.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
