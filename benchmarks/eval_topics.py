"""Measure the topic tagger against the hand-labelled samples, and time the tokeniser.

Usage (from the repository root)::

    .venv/bin/python benchmarks/eval_topics.py                  # all three label sets
    .venv/bin/python benchmarks/eval_topics.py --set holdout    # only the held-out set
    .venv/bin/python benchmarks/eval_topics.py --set fresh      # only the fresh test set
    .venv/bin/python benchmarks/eval_topics.py --set fresh-relabelled   # its labels of Dec 2
    .venv/bin/python benchmarks/eval_topics.py --set test2      # the third test set (lead only)
    .venv/bin/python benchmarks/eval_topics.py --set test3      # the fourth test set (lead only)
    .venv/bin/python benchmarks/eval_topics.py --set test4      # the fifth test set (lead only)
    .venv/bin/python benchmarks/eval_topics.py --set test5      # the sixth test set (lead only)
    .venv/bin/python benchmarks/eval_topics.py --set test6      # the seventh test set (lead only)
    .venv/bin/python benchmarks/eval_topics.py --errors         # also list misses / false hits
    .venv/bin/python benchmarks/eval_topics.py --curve          # precision/recall by min_score
    .venv/bin/python benchmarks/eval_topics.py --taxonomy my.yaml --speed

Reads the real digests (``../shared/corpus/l-yohai__daily_papers_ko`` beside the checkout, or
``--corpus``) and the label files of ``tests/fixtures`` (arxiv_id, ";"-separated topics):
``topic_labels_relabelled.csv`` and ``topic_labels_more6.csv``, the 2,323 papers of the tuning
days the scorer is tuned on (set "tuning"; the first 1,122 alone are "tuning-relabelled", their
first labels, ``topic_labels.csv`` + ``_extra`` + ``_more`` to ``_more5``, "tuning-old"), and
two test sets from the other days
that are never used for tuning: ``topic_labels_holdout.csv`` (178 papers) and
``topic_labels_fresh.csv`` (146 papers, labelled before the text layer was first run on them;
see ``tests/fixtures/README.md``). A third test set, ``topic_labels_test2.csv`` (163 papers), is
scored only once per change, by the lead engineer: ``--set test2``; so is the fourth,
``topic_labels_test3.csv`` (204 papers): ``--set test3``, and the fifth,
``topic_labels_test4.csv`` (200 papers): ``--set test4``, and the sixth,
``topic_labels_test5.csv`` (197 papers): ``--set test5``, and the seventh,
``topic_labels_test6.csv`` (312 papers): ``--set test6``. The default ``all`` leaves them
out. The tag scorer was fitted on the tuning set, so for it the script also prints
cross-validated scores (each fold scored by a scorer fitted on the other folds, see
``benchmarks/fit_topic_scorer.py``). Prints Markdown tables for
``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import papertoolkit as ptk  # noqa: E402
from papertoolkit import topics  # noqa: E402
from papertoolkit.topics.scoring import thresholds  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fit_topic_scorer import (  # noqa: E402
    LABEL_FILES,
    LABELS,
    TEXT_MIN,
    TEXT_OPTIONS,
    cross_validated_tags,
    load_tuning_labels,
)

CORPUS = ROOT.parent / "shared" / "corpus" / "l-yohai__daily_papers_ko"
HOLDOUT = ROOT / "tests" / "fixtures" / "topic_labels_holdout.csv"
FRESH = ROOT / "tests" / "fixtures" / "topic_labels_fresh.csv"
TEST2 = ROOT / "tests" / "fixtures" / "topic_labels_test2.csv"
TEST3 = ROOT / "tests" / "fixtures" / "topic_labels_test3.csv"
TEST4 = ROOT / "tests" / "fixtures" / "topic_labels_test4.csv"
TEST5 = ROOT / "tests" / "fixtures" / "topic_labels_test5.csv"
TEST6 = ROOT / "tests" / "fixtures" / "topic_labels_test6.csv"
SETS = {"tuning": LABEL_FILES["all"], "tuning-relabelled": LABEL_FILES["relabelled"],
        "tuning-old": LABELS, "holdout": HOLDOUT, "fresh": FRESH,
        "test2": TEST2, "test3": TEST3, "test4": TEST4, "test5": TEST5,
        "test6": TEST6,
        # the held-out and fresh papers labelled again under today's guidelines (Dec 2)
        "holdout-relabelled": HOLDOUT.with_name("topic_labels_holdout_relabelled.csv"),
        "fresh-relabelled": FRESH.with_name("topic_labels_fresh_relabelled.csv")}
#: What ``--set all`` scores: never test2 to test6, each scored once per change.
ALL = ("tuning", "holdout", "fresh")
#: Papers whose digest summary describes something else (see tests/fixtures/README.md).
MISMATCHED = ["2406.18676", "2407.16412", "2407.17535", "2407.18559", "2408.04520",
              "2408.09858", "2410.12405",  # tuning set
              "2406.18521", "2407.04078", "2407.12435", "2407.16318", "2407.18907",
              "2408.00458", "2408.10446", "2408.10701", "2408.16046", "2410.12409",  # extra
              "2407.10956", "2407.16224", "2407.18902", "2409.01392", "2410.06468",
              "2410.09584",  # more
              "2407.16674", "2407.18908", "2408.01050", "2408.08926", "2408.16500",
              "2409.07314", "2409.13191",  # more2
              "2407.13301", "2407.18901", "2407.20445", "2409.06633", "2409.12917",
              "2410.12787",  # more3
              "2406.16860", "2407.15447", "2407.18914", "2410.08261", "2410.09732",
              "2410.12381",  # more4
              "2406.19314", "2407.11394", "2407.16655", "2407.16741", "2408.08435",
              "2409.00138",  # more5
              "2406.07472", "2407.19795", "2407.19918", "2408.11915", "2408.13402",
              "2408.13413", "2409.11211", "2409.17066", "2409.19339",  # held-out set
              "2407.20171", "2409.05152", "2409.18839", "2409.19715", "2410.03645",  # fresh
              "2406.08479", "2407.01392", "2407.20179", "2409.18957",  # test2
              "2407.17398", "2408.02718", "2409.17545", "2409.18313", "2409.18786",
              "2409.20566",  # test3
              "2407.13481", "2407.19548", "2407.20020", "2408.03209", "2409.16686",
              "2409.18747", "2409.19951", "2410.01999",  # test4
              "2407.12327", "2407.19593", "2408.14906", "2409.18869", "2409.19808",  # test5
              # more6 (the first 26 from one annotator session, the other 10 from another)
              "2406.16683", "2407.02477", "2407.02687", "2407.04363", "2407.03958", "2407.02855",
              "2407.10943", "2407.10718", "2407.15295", "2407.14933", "2407.15595", "2407.14505",
              "2407.16198", "2407.16680", "2407.16312", "2407.16637", "2407.17952", "2408.02545",
              "2408.10906", "2409.00447", "2409.14713", "2409.17565", "2410.02416", "2410.04734",
              "2410.07073", "2410.06555", "2410.05664", "2410.06462", "2410.06985", "2410.07062",
              "2410.07095", "2410.06264", "2410.08193", "2410.09704", "2410.11817", "2410.12490",
              "2406.14938", "2406.07057", "2407.18248", "2409.18943", "2410.05603",
              "2407.19594", "2409.10923", "2409.18964", "2406.12045", "2407.06189",
              "2407.19672", "2410.07869"]  # test6


def load_labels(path: Path | tuple[Path, ...] = LABELS) -> pd.DataFrame:
    if isinstance(path, tuple):
        return load_tuning_labels(path)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def markdown(scores: pd.DataFrame) -> str:
    lines = ["| topic | support | predicted | TP | precision | recall | F1 |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for r in scores.itertuples():
        cells = [f"{v:.2f}" if v == v else "–" for v in (r.precision, r.recall, r.f1)]
        name = f"**{r.topic}**" if r.topic in ("micro", "macro") else r.topic
        lines.append(f"| {name} | {r.support} | {r.predicted} | {r.tp} | " + " | ".join(cells)
                     + " |")
    return "\n".join(lines)


def evaluate(name: str, labels: pd.DataFrame, papers: pd.DataFrame,
             args: argparse.Namespace) -> None:
    """Print the scores of one label set (and its errors with ``--errors``)."""
    missing = set(labels["arxiv_id"]) - set(papers["arxiv_id"].astype(str))
    if missing:
        print(f"warning: {len(missing)} labelled ids not in the corpus: {sorted(missing)[:5]}")
    sample = papers[papers["arxiv_id"].isin(labels["arxiv_id"])]
    every = topics.tag_topics(sample, taxonomy=args.taxonomy, min_matches=args.min_matches,
                              min_score=0)
    scorer = topics.builtin_scorer()
    min_score, per_topic = scorer["min_score"], scorer.get("topic_min_score") or {}
    # the default thresholds of tag_topics: min_score, or the topic's own where it has one
    tags = every[every["score"] >= thresholds(every, scorer, None)]
    scores = topics.evaluate_topics(tags, labels)
    print(f"\n### {name}: {len(labels)} labelled papers (min_score {min_score}, per topic "
          f"{per_topic})\n")
    print(markdown(scores))
    if name == "tuning" and args.taxonomy is None:
        fitted = topics.builtin_scorer()["fitted_on"]
        cv = cross_validated_tags(papers, labels, C=fitted["C"], text_options=TEXT_OPTIONS,
                                  text_min=TEXT_MIN)
        print(f"\nCross-validated (scorer refitted without each fold, C={fitted['C']}; the "
              "shipped thresholds, chosen on these scores):\n")
        print(markdown(topics.evaluate_topics(cv[cv["score"] >= thresholds(cv, scorer, None)],
                                              labels)))
        if args.curve:
            print_curve("tuning, cross-validated", cv, labels)
    if args.curve:
        print_curve(name, every, labels)
    kept = labels[~labels["arxiv_id"].isin(MISMATCHED)]
    micro = topics.evaluate_topics(tags, kept).set_index("topic").loc["micro"]
    print(f"\nWithout the {len(labels) - len(kept)} papers whose summary does not match: "
          f"micro P {micro.precision:.3f} R {micro.recall:.3f} F1 {micro.f1:.3f}")
    if args.errors:
        print_errors(tags, labels, papers)


def print_curve(name: str, every: pd.DataFrame, labels: pd.DataFrame) -> None:
    """Micro and per-topic (>= 10 positives) precision / recall by min_score."""
    thresholds = [round(0.1 * i, 1) for i in range(1, 10)]
    curve = topics.evaluate_topics(every, labels, min_scores=thresholds)
    big = [t for t, n in topics.evaluate_topics(every, labels)[["topic", "support"]].values
           if n >= 10 and t not in ("micro", "macro")]
    print(f"\nPrecision / recall by min_score ({name}):\n")
    print("| topic | " + " | ".join(str(t) for t in thresholds) + " |")
    print("|---|" + "---|" * len(thresholds))
    for topic in ["micro", *big]:
        rows = curve[curve["topic"] == topic]
        cells = [f"{r.precision:.2f} / {r.recall:.2f}" for r in rows.itertuples()]
        print(f"| {topic} | " + " | ".join(cells) + " |")


def print_errors(tags: pd.DataFrame, labels: pd.DataFrame, papers: pd.DataFrame) -> None:
    truth = topics.tagging._label_pairs(labels)
    pred = tags[["arxiv_id", "topic"]].astype(str)
    title = dict(zip(papers["arxiv_id"].astype(str), papers["title"], strict=True))
    terms = {(a, str(t)): m for a, t, m in
             zip(tags["arxiv_id"], tags["topic"], tags["matched_terms"], strict=True)}
    fp = pred.merge(truth, how="left", indicator=True).query("_merge == 'left_only'")
    fn = truth.merge(pred, how="left", indicator=True).query("_merge == 'left_only'")
    for name, df in (("FALSE HITS", fp), ("MISSES", fn)):
        print(f"\n## {name}")
        for topic, grp in df.groupby("topic", sort=True):
            print(f"- {topic}:")
            for a in grp["arxiv_id"]:
                print(f"    {a} [{terms.get((a, topic), '')}] {title.get(a, '')[:80]}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--set", choices=["all", *SETS], default="all",
                    help="label set(s) to score (default: all = tuning, holdout, fresh)")
    ap.add_argument("--labels", type=Path, default=None, help="score this label file instead")
    ap.add_argument("--taxonomy", default=None, help="JSON/YAML taxonomy (default: built-in)")
    ap.add_argument("--min-matches", type=int, default=1)
    ap.add_argument("--errors", action="store_true", help="list false hits and misses")
    ap.add_argument("--curve", action="store_true", help="precision / recall by min_score")
    ap.add_argument("--speed", action="store_true", help="time tagging and tokenising")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    corpus = ptk.load(sorted(args.corpus.glob("*.md")))
    print(f"loaded {len(corpus.papers_unique)} papers in {time.perf_counter() - t0:.1f} s")
    papers = corpus.papers_unique
    if args.labels is not None:
        sets = {args.labels.name: args.labels}
    else:
        names = ALL if args.set == "all" else (args.set,)
        sets = {name: SETS[name] for name in names}
    for name, path in sets.items():
        evaluate(name, load_labels(path), papers, args)

    if args.speed:
        docs = papers
        t0, c0 = time.perf_counter(), time.process_time()
        all_tags = topics.tag_topics(docs, taxonomy=args.taxonomy)
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"\ntag_topics: {len(docs)} papers in {dt:.2f} s wall, {cpu:.2f} s CPU "
              f"({len(docs) / dt:,.0f} papers/s), {len(all_tags)} tags")
        t0 = time.perf_counter()
        topics.tokens._kiwi()
        load = time.perf_counter() - t0
        texts = topics.discover._documents(topics._common._paper_table(docs))
        t0, c0 = time.perf_counter(), time.process_time()
        tokens = topics.tokens._tokenize_many(texts)
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        n = sum(map(len, tokens))
        chars = sum(map(len, texts))
        print(f"tokenize: Kiwi load {load:.2f} s; {len(texts)} papers, {chars:,} characters, "
              f"{n:,} tokens in {dt:.2f} s wall, {cpu:.2f} s CPU ({n / dt:,.0f} tokens/s, "
              f"{chars / dt:,.0f} chars/s)")
        t0 = time.perf_counter()
        topics.tokens._tokenize_many(texts)
        print(f"tokenize again (word cache warm): {time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    main()
