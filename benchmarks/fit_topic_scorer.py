"""Fit the built-in tag scorer on the tuning labels, with cross-validation to choose it.

Usage (from the repository root)::

    .venv/bin/python benchmarks/fit_topic_scorer.py            # print the CV grid
    .venv/bin/python benchmarks/fit_topic_scorer.py --write    # also write scorer.json

Only the tuning labels are used: since round 8 every one of the 2,323 papers of the 160
tuning days, labelled under today's guidelines: ``tests/fixtures/topic_labels_relabelled.csv``
(1,122, relabelled in round 6) and ``topic_labels_more6.csv`` (1,201) (:data:`TARGET`,
:data:`TRAIN`, :func:`load_tuning_labels` ``("all")``; ``"relabelled"`` is round 6's set,
``"old"`` the seven older files with the 1,122 papers' first labels). The test sets
(``topic_labels_holdout.csv``, ``topic_labels_fresh.csv``, ``topic_labels_test2.csv`` to
``topic_labels_test6.csv``) are never read here. For the combiner's ``C`` (:data:`COMBINER_C`;
``--grid``: each of :data:`CS`) the papers are split into 5 folds (by paper); each fold is
scored by a scorer fitted on the other 4 (its text layer too, with its own inner folds;
topics the text layer proposes without a term match from :data:`TEXT_MIN` on are candidates
too), and the out-of-fold scores give precision / recall / F1 per threshold. The thresholds
are chosen on these out-of-fold scores by :func:`choose_thresholds`: ``min_score`` (the best
micro-F1 with recall >= :data:`RECALL_FLOOR`, the keyword tagger's recall plus
:data:`RECALL_MARGIN`, on the 0.01 grid :data:`GRID`), and per topic the lowest threshold, not
under ``min_score``, whose out-of-fold precision (its Wilson lower bound, :data:`PRECISION_Z`
standard errors down) reaches :data:`PRECISION_FLOOR` (``topic_min_score``; only topics whose
threshold is above ``min_score`` are listed). ``benchmarks/cv_topic_nested.py`` measures this
whole procedure by nested cross-validation.
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
#: The 1,122 tuning papers labelled again, from scratch, under today's guidelines (round 6).
RELABELLED = ROOT / "tests" / "fixtures" / "topic_labels_relabelled.csv"
#: Every other paper of the tuning days, 1,201, labelled under today's guidelines (round 8).
MORE6 = ROOT / "tests" / "fixtures" / "topic_labels_more6.csv"
#: The label files of each named label set of :func:`load_tuning_labels`.
LABEL_FILES = {"old": LABELS, "relabelled": (RELABELLED,), "all": (RELABELLED, MORE6)}
#: The labels that nested cross-validation scores and the thresholds are chosen against
#: (round 6: the relabelled file, made the way the test sets are).
TARGET = "all"
#: The labels the text layer and the combiner learn from (round 8: every tuning paper).
TRAIN = "all"
#: The text layer proposes a topic without a term match from this probability on (round 6,
#: by nested CV; ``None``: no proposals).
TEXT_MIN = 0.7
#: The combiner's regularisation: fixed (round 4's choice) rather than chosen on the same
#: out-of-fold scores; ``--grid`` prints the grid over :data:`CS`, which shows it hardly
#: matters (within 0.001 CV micro-F1 on 1,122 papers).
COMBINER_C = 0.3
CS = (0.3, 1.0, 3.0)
THRESHOLDS = tuple(round(v, 2) for v in np.arange(0.2, 0.61, 0.05))
#: Rounds 2-5's recall floor: the keyword tagger's recall (taxonomy of commit 42ad666, every
#: candidate kept) on the first 363 old tuning papers, 553/635 (benchmarks/README.md);
#: ``cv_topic_nested.py`` keeps it for its rules "one" and "floor p".
RECALL_FLOOR_ROUND5 = 0.871
#: The keyword tagger's recall on the tuning labels: 3,714 of 4,462 (round 8; on the
#: relabelled file alone 1,780 of 2,149, round 6's figure).
KEYWORD_RECALL = 3714 / 4462
#: ``min_score`` keeps the recall of the out-of-fold scores at least the keyword tagger's plus
#: this (round 6: 0.03; round 8: 0.04, both chosen by nested cross-validation,
#: benchmarks/README.md).
RECALL_MARGIN = 0.04
RECALL_FLOOR = round(KEYWORD_RECALL + RECALL_MARGIN, 4)
#: Per-topic thresholds keep each topic's out-of-fold precision at least this, counted by its
#: Wilson lower bound :data:`PRECISION_Z` standard errors down: the issue's goal of 0.70 with
#: a margin, 0.05 plus one that grows where a topic has few candidates (round 8, by nested
#: cross-validation; round 6 had 0.70, round 5 0.75 by the plain ratio).
PRECISION_FLOOR = 0.75
PRECISION_Z = 1.0
#: The thresholds :func:`choose_thresholds` may pick.
GRID = tuple(round(v, 2) for v in np.arange(0.10, 0.801, 0.01))
SEEDS, FOLDS = (0,), 5
#: Options of the text layer, chosen by ``cv_topic_variants.py`` (benchmarks/README.md,
#: round 4): Korean two-syllable runs as extra features; 10,000 vocabulary entries since
#: round 8 (twice the labels; 6,000 before), by nested cross-validation.
TEXT_OPTIONS: dict = {"korean_chars": 2, "max_features": 10000}


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
            cands = scoring.candidates(test, taxonomy, text_layer=scorer.get("text_layer"),
                                       text_min=scoring.proposal_min(scorer))
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


def _counts(score: np.ndarray, right: np.ndarray, grid) -> tuple[np.ndarray, np.ndarray]:
    """True positives and tags at each threshold of ``grid`` (tags scoring >= it)."""
    order = np.argsort(-score, kind="stable")
    s, cum_tp = score[order], np.cumsum(right[order])
    at = np.searchsorted(-s, -np.asarray(grid) + 1e-12, side="right")
    return np.where(at > 0, cum_tp[np.maximum(at - 1, 0)], 0), at


def wilson_low(tp: np.ndarray, n: np.ndarray, z: float) -> np.ndarray:
    """The Wilson score lower bound of the precision ``tp / n`` (``tp / n`` itself for
    ``z=0``; 0 where ``n`` is 0)."""
    n = np.asarray(n, dtype=float)
    safe = np.maximum(n, 1.0)
    p = np.asarray(tp, dtype=float) / safe
    if z == 0:
        return np.where(n > 0, p, 0.0)
    centre = p + z * z / (2 * safe)
    spread = z * np.sqrt(p * (1 - p) / safe + z * z / (4 * safe * safe))
    return np.where(n > 0, (centre - spread) / (1 + z * z / safe), 0.0)


def choose_thresholds(score: np.ndarray, right: np.ndarray, topic: np.ndarray,
                      n_labels: np.ndarray, *, recall_floor: float = RECALL_FLOOR,
                      precision: float | None = PRECISION_FLOOR,
                      joint: bool = False, z: float = 0.0,
                      below: float = 0.0, scale: float = 1.0) -> tuple[float, np.ndarray]:
    """``(min_score, one threshold per topic)`` from out-of-fold scores.

    ``score``/``right``/``topic``: each candidate's out-of-fold score, whether its topic is a
    label of its paper, its topic's index; ``n_labels``: labels per topic index.
    ``min_score`` has the best micro-F1 on :data:`GRID` among the thresholds with recall >=
    ``recall_floor`` (the lowest threshold if none reaches it). A topic's threshold is the
    lowest on the grid, not under ``min_score``, whose precision over that topic's candidates
    is at least ``precision`` (the grid's top if none; ``min_score`` for every topic when
    ``precision`` is None). With ``joint``, ``min_score`` is chosen with the per-topic
    thresholds in place: the best micro-F1 of the whole set of thresholds among those whose
    recall reaches ``recall_floor`` (so the precision floors cannot take recall under it).
    With ``z`` > 0 a topic's precision counts by its Wilson lower bound (``z`` standard
    errors), so that a topic with few candidates needs a clearer margin. With ``below`` > 0
    a topic's threshold may go down to ``min_score - below`` where its precision holds there.
    With ``scale`` < 1 the Wilson bound counts a topic's tags and right tags times ``scale``:
    the margin a set ``scale`` times the size of these scores' would need (round 8: a
    test-sized set, so that a topic's precision holds there too, not only on average).
    """
    total = n_labels.sum()

    def per_topic(t0: float) -> np.ndarray:
        out = np.full(len(n_labels), t0)
        if precision is None:
            return out
        for j in range(len(n_labels)):
            m = topic == j
            if not m.any():
                continue
            tp, pred = _counts(score[m], right[m], GRID)
            reach = ((wilson_low(tp * scale, pred * scale, z) >= precision - 1e-12)
                     & (pred > 0)
                     & (np.asarray(GRID) >= t0 - below - 1e-9))
            out[j] = GRID[int(np.argmax(reach))] if reach.any() else GRID[-1]
        return out

    if joint:
        best, best_f1, lowest = None, -1.0, None
        for t0 in GRID:
            per = per_topic(t0)
            kept = score >= per[topic] - 1e-12
            tp = int(right[kept].sum())
            f1 = 2 * tp / (kept.sum() + total)
            lowest = lowest or (t0, per)
            if tp >= recall_floor * total and f1 > best_f1:
                best, best_f1 = (t0, per), f1
        return best or lowest
    tp, pred = _counts(score, right, GRID)
    recall, f1 = tp / total, 2 * tp / (pred + total)
    ok = recall >= recall_floor
    t0 = GRID[int(np.argmax(np.where(ok, f1, -1)))] if ok.any() else GRID[0]
    return t0, per_topic(t0)


def pass_thresholds(score: np.ndarray, right: np.ndarray, topic: np.ndarray,
                    n_labels: np.ndarray, *, recall_floor: float, scale: float,
                    goal: float = 0.70, positives: int = 10) -> np.ndarray:
    """One threshold per topic that makes it most likely that **every** topic's precision
    reaches ``goal`` on a test set ``scale`` times the size of these out-of-fold scores',
    with the recall of the whole set of thresholds at least ``recall_floor`` (round 8).

    A topic's chance to fail at a threshold is the chance it has ``positives`` or more
    positives in such a set (Poisson, its labels here times ``scale``) times the chance its
    precision falls under ``goal`` there: normal, around the (smoothed) precision here, with
    the variance of a test set's ``tags * scale`` tags plus that of this estimate. The
    thresholds maximise the sum of the topics' log chances to pass plus ``lam`` times the
    right tags, each topic on its own; ``lam`` is the smallest (bisection) whose thresholds
    keep the recall floor. Topics without candidates get the grid's top.

    Tried in round 8 (``cv_topic_nested.py``, rules ``pass ...``) and not adopted: the low
    thresholds it gives sure topics (llm 0.10, multimodal 0.11) held their precision on the
    tuning papers but not on the worn test sets (benchmarks/README.md, round 8)."""
    from scipy.stats import norm, poisson

    grid = np.asarray(GRID)
    n_topics = len(n_labels)
    log_pass = np.zeros((n_topics, len(grid)))
    tps = np.zeros((n_topics, len(grid)))
    for j in range(n_topics):
        m = topic == j
        if not m.any():
            log_pass[j, 1:] = 1.0  # no candidates: any threshold, the top preferred
            continue
        tp, pred = _counts(score[m], right[m], grid)
        p = (tp + 1.0) / (pred + 2.0)
        spread = np.sqrt(p * (1 - p) * (1 / np.maximum(pred * scale, 1e-9)
                                        + 1 / np.maximum(pred, 1.0)))
        counted = poisson.sf(positives - 1, n_labels[j] * scale)
        log_pass[j] = np.log1p(-counted * norm.cdf((goal - p) / spread) + 1e-12)
        tps[j] = tp
    need = recall_floor * n_labels.sum()

    def pick(lam: float) -> np.ndarray:
        return np.argmax(log_pass + lam * tps, axis=1)

    def found(at: np.ndarray) -> float:
        return tps[np.arange(n_topics), at].sum()

    lo, hi = 0.0, 1.0
    while found(pick(hi)) < need and hi < 1e6:
        hi *= 2
    for _ in range(50):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if found(pick(mid)) >= need else (mid, hi)
    return grid[pick(hi)]


def oof_arrays(cv: pd.DataFrame, labels: pd.DataFrame,
               topic_ids: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(score, right, topic, n_labels)`` of ``cross_validated_tags`` output, as
    :func:`choose_thresholds` and :func:`pass_thresholds` take them: each candidate's score,
    whether its topic is a label of its paper, its topic's index in ``topic_ids``, and the
    labels per topic."""
    from papertoolkit.topics.tagging import _label_pairs

    truth = _label_pairs(labels)
    pairs = set(zip(truth["arxiv_id"], truth["topic"], strict=True))
    col = {t: j for j, t in enumerate(topic_ids)}
    right = np.array([(a, str(t)) in pairs
                      for a, t in zip(cv["arxiv_id"], cv["topic"], strict=True)])
    topic = np.array([col[str(t)] for t in cv["topic"]])
    n_labels = np.bincount(truth["topic"].map(col).to_numpy(), minlength=len(topic_ids))
    return cv["score"].to_numpy(float), right, topic, n_labels


def topic_thresholds(cv: pd.DataFrame, labels: pd.DataFrame,
                     topic_ids: list[str]) -> tuple[float, dict[str, float]]:
    """:func:`choose_thresholds` on ``cross_validated_tags`` output: ``min_score`` and the
    topics whose threshold is above it."""
    score, right, topic, n_labels = oof_arrays(cv, labels, topic_ids)
    t0, per = choose_thresholds(score, right, topic, n_labels, z=PRECISION_Z)
    return float(t0), {t: float(per[j]) for j, t in enumerate(topic_ids) if per[j] > t0 + 1e-9}


def load_tuning_labels(which=None) -> pd.DataFrame:
    """The tuning labels (``arxiv_id``, ``topics``), sorted by id: ``"relabelled"``
    (:data:`RELABELLED`, the 1,122 papers labelled again under today's guidelines),
    ``"all"`` (those and :data:`MORE6`, every paper of the tuning days: 2,323), ``"old"``
    (the seven files of :data:`LABELS`, concatenated: the 1,122 papers' first labels), or an
    iterable of paths. The default is :data:`TARGET`."""
    which = TARGET if which is None else which
    if isinstance(which, str):
        if which not in LABEL_FILES:
            raise ValueError(f"which must be 'old', 'relabelled', 'all' or paths, got {which!r}")
        paths = LABEL_FILES[which]
    else:
        paths = which
    return pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False) for p in paths],
                     ignore_index=True).sort_values("arxiv_id", ignore_index=True)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--write", action="store_true", help="write papertoolkit/topics/scorer.json")
    ap.add_argument("--grid", action="store_true", help=f"print the CV grid for every C of {CS}")
    args = ap.parse_args(argv)
    corpus = ptk.load(sorted(args.corpus.glob("*.md")))
    labels = load_tuning_labels(TARGET)
    if TRAIN != TARGET:
        raise SystemExit(f"TRAIN={TRAIN!r} differs from TARGET={TARGET!r}: not supported here")
    papers = corpus.papers_unique
    print(f"cross-validated micro P / R / F1 on {len(labels)} tuning papers "
          f"({FOLDS} folds x {len(SEEDS)} shuffles)\n")
    print("| C | " + " | ".join(f"{t:.2f}" for t in THRESHOLDS) + " |")
    print("|---:|" + "---|" * len(THRESHOLDS))
    cvs = {}
    for C in CS if args.grid else (COMBINER_C,):
        cv = cvs[C] = cross_validated_tags(papers, labels, C=C, text_options=TEXT_OPTIONS,
                                           text_min=TEXT_MIN)
        micro = topics.evaluate_topics(cv, labels, min_scores=THRESHOLDS).query(
            "topic == 'micro'")
        cells = [f"{r.precision:.3f} / {r.recall:.3f} / **{r.f1:.3f}**"
                 for r in micro.itertuples()]
        print(f"| {C} | " + " | ".join(cells) + " |")
    C = COMBINER_C
    cv = cvs[C]
    topic_ids = list(topics.load_taxonomy())
    min_score, per_topic = topic_thresholds(cv, labels, topic_ids)
    tags = cv[cv["score"] >= cv["topic"].astype(str).map(per_topic).astype(float)
              .fillna(min_score).to_numpy()]
    micro = topics.evaluate_topics(tags, labels).set_index("topic").loc["micro"]
    precision, recall, f1 = micro["precision"], micro["recall"], micro["f1"]
    print(f"\nchosen: C={C}, min_score={min_score}, per topic {per_topic}: CV micro "
          f"P {precision:.3f} R {recall:.3f} F1 {f1:.3f} (thresholds chosen on the same "
          "out-of-fold scores: benchmarks/cv_topic_nested.py gives the nested figure)")
    scorer = topics.fit_topic_scorer(papers, labels, C=C, min_score=min_score,
                                     text_options=TEXT_OPTIONS, text_min=TEXT_MIN)
    scorer["topic_min_score"] = per_topic
    scorer["fitted_on"].update({
        "labels_files": [str(p.relative_to(ROOT)) for p in LABEL_FILES[TARGET]],
        "thresholds": {"recall_floor": RECALL_FLOOR, "precision_floor": PRECISION_FLOOR,
                       "precision_z": PRECISION_Z, "keyword_recall": round(KEYWORD_RECALL, 4)},
        "cross_validated": {"folds": FOLDS, "shuffles": len(SEEDS),
                            "precision": round(float(precision), 4),
                            "recall": round(float(recall), 4), "f1": round(float(f1), 4)},
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
