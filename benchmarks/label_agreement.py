"""How far two labellings of the same papers agree: micro-F1, identical papers, kappa per topic.

Usage (from the repository root)::

    F=tests/fixtures
    # test4's two annotators (tests/fixtures/README.md, "How it was labelled, twice")
    .venv/bin/python benchmarks/label_agreement.py $F/topic_labels_test4.csv \\
        $F/topic_test4_second_annotator.csv
    # the old tuning labels against the relabelled ones (several files are joined)
    .venv/bin/python benchmarks/label_agreement.py --first $F/topic_labels.csv \\
        $F/topic_labels_extra.csv $F/topic_labels_more*.csv --second $F/topic_labels_relabelled.csv

Each side is one or more ``arxiv_id,topics`` files (topics joined by ``;``); both sides must
label the same papers. The second side is scored against the first: precision is the share of
the second's labels the first also gave. Cohen's kappa per topic treats each topic as a yes/no
decision on every paper. Prints Markdown for ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd


def read_labels(paths: list[Path]) -> dict[str, frozenset[str]]:
    """``arxiv_id -> topics`` of one or more label files (an id in two files is an error)."""
    frame = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False) for p in paths],
                      ignore_index=True)
    if not frame["arxiv_id"].is_unique:
        twice = sorted(frame["arxiv_id"][frame["arxiv_id"].duplicated()])
        raise SystemExit(f"ids labelled twice: {', '.join(twice[:5])}")
    return {pid: frozenset(t for t in cell.split(";") if t)
            for pid, cell in zip(frame["arxiv_id"], frame["topics"], strict=True)}


def kappa(first: list[bool], second: list[bool]) -> float:
    """Cohen's kappa of two yes/no decisions on the same items (1.0 when both are constant)."""
    n = len(first)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    p1, p2 = sum(first) / n, sum(second) / n
    expected = p1 * p2 + (1 - p1) * (1 - p2)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def agreement(first: dict[str, frozenset[str]], second: dict[str, frozenset[str]]) -> pd.DataFrame:
    """One row per topic and a ``micro`` row: labels on each side, shared, P / R / F1, kappa."""
    if set(first) != set(second):
        raise SystemExit(f"the two sides label different papers: {len(set(first) ^ set(second))} "
                         "ids on one side only")
    ids = sorted(first)
    rows = []
    for topic in sorted(set().union(*first.values(), *second.values())):
        a = [topic in first[i] for i in ids]
        b = [topic in second[i] for i in ids]
        rows.append({"topic": topic, "first": sum(a), "second": sum(b),
                     "both": sum(x and y for x, y in zip(a, b, strict=True)),
                     "kappa": kappa(a, b)})
    table = pd.DataFrame(rows)
    micro = {"topic": "micro", "first": table["first"].sum(), "second": table["second"].sum(),
             "both": table["both"].sum(), "kappa": float("nan")}
    table = pd.concat([table, pd.DataFrame([micro])], ignore_index=True)
    table["precision"] = table["both"] / table["second"]
    table["recall"] = table["both"] / table["first"]
    table["f1"] = 2 * table["both"] / (table["first"] + table["second"])
    return table


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path, help="FIRST SECOND (one file each)")
    ap.add_argument("--first", nargs="+", type=Path, default=[])
    ap.add_argument("--second", nargs="+", type=Path, default=[])
    args = ap.parse_args(argv)
    if args.files:
        if len(args.files) != 2 or args.first or args.second:
            ap.error("give two files, or --first ... --second ...")
        args.first, args.second = [args.files[0]], [args.files[1]]
    if not args.first or not args.second:
        ap.error("give two files, or --first ... --second ...")
    first, second = read_labels(args.first), read_labels(args.second)
    table = agreement(first, second)
    same = sum(first[i] == second[i] for i in first)
    print(f"{len(first)} papers; {same} labelled identically; labels per paper "
          f"{table['first'].iloc[-1] / len(first):.2f} (first) / "
          f"{table['second'].iloc[-1] / len(first):.2f} (second)\n")
    print("| topic | first | second | both | P | R | F1 | kappa |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in table.itertuples():
        kappa_cell = "" if r.kappa != r.kappa else f"{r.kappa:.2f}"
        name = f"**{r.topic}**" if r.topic == "micro" else r.topic
        print(f"| {name} | {r.first} | {r.second} | {r.both} | {r.precision:.3f} | "
              f"{r.recall:.3f} | {r.f1:.3f} | {kappa_cell} |")


if __name__ == "__main__":
    main()
