"""Linear time on hostile input: digests built to make a careless parser super-linear.

Usage::

    .venv/bin/python benchmarks/bench_hostile.py               # full size, 5 repeats
    .venv/bin/python benchmarks/bench_hostile.py --repeats 3 --scale 0.25

Each case is one digest file (a day header, one or two paper headings and the hostile part),
written to a temporary folder. For each it measures, in one run and interleaved repeat by
repeat, the median wall time of

* ``read``: ``Path.read_bytes().decode("utf-8")`` of the file (the baseline: reading the same
  bytes);
* ``ptk.load``: ``papertoolkit.load(path)`` into the base tables (read, decode, parse, build);

at full size and at a quarter of it, and prints the ratio of the load to the read and the
growth exponent ``log(t_full / t_quarter) / log 4`` (1 for linear time, 2 for quadratic). Every
load is also checked for the result the tests expect (paper, author, link counts).
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import papertoolkit as ptk  # noqa: E402

HEADER = "## Daily Papers (2024-02-16)\n\n"
PAPER = "### [{t}](https://arxiv.org/abs/2402.{i:05d})\n"


def author_line(n: int) -> tuple[str, dict]:
    names = ", ".join(f"Author{i} Name" for i in range(n))
    return HEADER + PAPER.format(t="A", i=1) + f"Authors: {names}\n", {"authorships": n}


def author_list(n: int) -> tuple[str, dict]:
    names = ", ".join(f"'Author{i} Name'" for i in range(n))
    return HEADER + PAPER.format(t="A", i=1) + f"Authors: [{names}]\n", {"authorships": n}


def bare_links(n: int) -> tuple[str, dict]:
    links = " ".join(f"https://e.com/{i}" for i in range(n))
    return HEADER + PAPER.format(t="A", i=1) + f"- {links}\n", {"links": n}


def markdown_links(n: int) -> tuple[str, dict]:
    links = " ".join(f"[x](https://e.com/{i})" for i in range(n))
    return HEADER + PAPER.format(t="A", i=1) + f"- {links}\n", {"links": n}


def brackets_heading(n: int) -> tuple[str, dict]:
    return HEADER + "### " + "[" * n + "\n", {"papers": 0, "problems": 1}


def brackets_bullet(n: int) -> tuple[str, dict]:
    return HEADER + PAPER.format(t="A", i=1) + "- " + "[" * n + "\n", {"papers": 1}


def open_links(n: int) -> tuple[str, dict]:
    return HEADER + PAPER.format(t="A", i=1) + "- " + "[a](" * (n // 4) + "\n", {"papers": 1}


def name_of_separators(n: int) -> tuple[str, dict]:
    field = "['" + "." * (n // 2) + "x', '" + ", " * (n // 4) + "y']"
    return HEADER + PAPER.format(t="A", i=1) + f"Authors: {field}\n", {"authorships": 2}


def many_headings(n: int) -> tuple[str, dict]:
    lines = "".join(f"  ### [T {i}](https://evil.com/arxiv.org/abs/2402.{i % 99999:05d}) ##\n"
                    for i in range(n // 60))
    return HEADER + lines, {"papers": 0, "problems": n // 60}


#: name -> (builder, full-size parameter) giving about 1 MB of text at full size
CASES = {
    "1 MB author line (A, B, ...)": (author_line, 70_000),
    "1 MB author line (['A', 'B', ...])": (author_list, 60_000),
    "bullet with 50,000 bare links": (bare_links, 50_000),
    "bullet with 50,000 Markdown links": (markdown_links, 50_000),
    "heading with 100,000 '['": (brackets_heading, 100_000),
    "bullet with 100,000 '['": (brackets_bullet, 100_000),
    "bullet with 25,000 '[a]('": (open_links, 100_000),
    "author name of 500,000 dots and commas": (name_of_separators, 1_000_000),
    "16,666 indented non-arXiv headings": (many_headings, 1_000_000),
}


def check(corpus: ptk.Corpus, expected: dict, name: str) -> None:
    counts = {"authorships": len(corpus.authorships), "links": len(corpus.links),
              "papers": len(corpus.papers), "problems": len(corpus.problems)}
    for key, value in expected.items():
        if counts[key] != value:
            raise SystemExit(f"{name}: {key} = {counts[key]}, expected {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--scale", type=float, default=1.0, help="size factor (1 = ~1 MB)")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, papertoolkit {ptk.__version__}, "
          f"median of {args.repeats}\n")
    print("| case | MB | read s | ptk.load s | load / read | growth exponent (n/4 -> n) |")
    print("|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for name, (build, size) in CASES.items():
            size = max(int(size * args.scale), 8)
            paths, expected = {}, {}
            for label, n in (("full", size), ("quarter", size // 4)):
                text, expect = build(n)
                paths[label] = Path(tmp) / f"{build.__name__}-{label}.md"
                paths[label].write_text(text, encoding="utf-8")
                expected[label] = expect
            times: dict[str, list[float]] = {"read": [], "full": [], "quarter": []}
            for _ in range(args.repeats):
                start = time.perf_counter()
                paths["full"].read_bytes().decode("utf-8")
                times["read"].append(time.perf_counter() - start)
                for label in ("full", "quarter"):
                    start = time.perf_counter()
                    corpus = ptk.load(paths[label], progress=False)
                    times[label].append(time.perf_counter() - start)
                    if label == "full" or _ == 0:
                        check(corpus, expected[label], f"{name} ({label})")
            read, full, quarter = (statistics.median(times[k]) for k in
                                   ("read", "full", "quarter"))
            size_mb = paths["full"].stat().st_size / 1e6
            growth = math.log(full / quarter) / math.log(4)
            print(f"| {name} | {size_mb:.2f} | {read:.4f} | {full:.3f} | {full / read:,.0f}x "
                  f"| {growth:.2f} |")


if __name__ == "__main__":
    main()
