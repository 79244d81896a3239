"""Load throughput of papertoolkit against bare markdown-it-py tokenisation, and start-up time.

Usage::

    .venv/bin/python benchmarks/bench_load.py              # real corpus + 1,000-day synthetic
    .venv/bin/python benchmarks/bench_load.py --repeats 9 --days 200 --no-startup

For each corpus (the real digests in ``../shared/corpus``, skipped with a message when absent,
and a synthetic corpus written to a temporary folder by
``synthetic.generate_corpus(out, days, seed=0)``) it measures, in one run and
interleaved repeat by repeat, the median wall time of

* ``markdown-it``: ``MarkdownIt("commonmark").parse(text)`` of every file, the files read and
  decoded into memory beforehand (reading excluded);
* ``markdown-it + read``: the same, each file read and decoded inside the timing;
* ``ptk.load``: ``papertoolkit.load(files)`` from the files (reading and decoding included),
  base tables only;
* ``ptk.load, all tables``: ``papertoolkit.load(files)`` plus the derived tables
  (``papers_unique``, ``authors``, ``author_aliases``), i.e. every table of the Corpus;

and prints MB/s, papers/s and the ratio of markdown-it (reading excluded) to the full load.
Before timing, it checks that the fast paths of the parser give exactly the tables of the
line-by-line reading (``papertoolkit.parse.FAST_PATHS = False``) on each corpus.

Start-up: the median wall time of 5 subprocess runs each of ``python -c "pass"``,
``python -c "import pandas"``, ``python -c "import papertoolkit"`` and
``papertoolkit validate data/`` (exit status ignored: the sample data has problems on
purpose), and which heavy libraries ``import papertoolkit`` loads.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
from markdown_it import MarkdownIt  # noqa: E402
from synthetic import generate_corpus  # noqa: E402

import papertoolkit as ptk  # noqa: E402
from papertoolkit import parse  # noqa: E402

REAL_CORPUS = ROOT.parent / "shared" / "corpus" / "l-yohai__daily_papers_ko"
HEAVY = ("matplotlib", "networkx", "igraph", "sklearn", "scipy", "kiwipiepy", "ipywidgets")


def load_all(files: list[Path]) -> ptk.Corpus:
    """Load the files into every table of a Corpus (base and derived)."""
    corpus = ptk.load(files, progress=False)
    corpus.papers_unique, corpus.authors, corpus.author_aliases  # noqa: B018
    return corpus


def check_fast_paths(files: list[Path]) -> None:
    """Fail loudly unless the fast paths give exactly the line-by-line tables."""
    fast = load_all(files).tables()
    parse.FAST_PATHS = False
    try:
        exact = load_all(files).tables()
    finally:
        parse.FAST_PATHS = True
    for name, table in exact.items():
        pd.testing.assert_frame_equal(table, fast[name], check_exact=True, obj=name)


def timed(func) -> float:
    gc.collect()
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def bench_corpus(label: str, files: list[Path], repeats: int, check: bool) -> dict:
    size = sum(path.stat().st_size for path in files)
    texts = [path.read_text(encoding="utf-8-sig") for path in files]
    md = MarkdownIt("commonmark")
    if check:
        check_fast_paths(files)
    n_papers = len(load_all(files).papers)  # also warms up imports and caches
    times: dict[str, list[float]] = {k: [] for k in ("md", "md_read", "base", "all")}
    for _ in range(repeats):  # interleaved, so that load changes on the machine hit all alike
        times["md"].append(timed(lambda: [md.parse(text) for text in texts]))
        times["md_read"].append(timed(
            lambda: [md.parse(path.read_text(encoding="utf-8-sig")) for path in files]))
        times["base"].append(timed(lambda: ptk.load(files, progress=False)))
        times["all"].append(timed(lambda: load_all(files)))
    med = {k: statistics.median(v) for k, v in times.items()}
    return {"label": label, "files": len(files), "mb": size / 1e6, "papers": n_papers,
            "repeats": repeats, **med}


def print_results(rows: list[dict]) -> None:
    print("\n| corpus | what | median s | MB/s | papers/s | vs markdown-it |")
    print("|---|---|---:|---:|---:|---:|")
    names = {"md": "markdown-it parse (files in memory)", "md_read": "markdown-it parse + read",
             "base": "ptk.load: base tables", "all": "ptk.load: all tables"}
    for row in rows:
        corpus = (f"{row['label']} ({row['files']} files, {row['mb']:.1f} MB, "
                  f"{row['papers']:,} papers)")
        for key, name in names.items():
            t = row[key]
            print(f"| {corpus} | {name} | {t:.3f} | {row['mb'] / t:.1f} | "
                  f"{row['papers'] / t:,.0f} | {row['md'] / t:.1f}x |")
            corpus = ""
    for row in rows:
        print(f"\n{row['label']}: all tables load {row['md'] / row['all']:.1f}x faster than "
              f"markdown-it tokenisation (files in memory), "
              f"{row['md_read'] / row['all']:.1f}x counting file reading for both "
              f"(median of {row['repeats']})")


def startup(runs: int = 5) -> None:
    python = sys.executable
    script = Path(python).with_name("papertoolkit")  # the installed console script
    cli = ([str(script)] if script.exists() else
           [python, "-c", "from papertoolkit.cli import main; raise SystemExit(main())"])
    commands = {
        'python -c "pass"': [python, "-c", "pass"],
        'python -c "import pandas"': [python, "-c", "import pandas"],
        'python -c "import papertoolkit"': [python, "-c", "import papertoolkit"],
        "papertoolkit validate data/": [*cli, "validate", str(ROOT / "data")],
    }
    print(f"\n| start-up (wall time, median of {runs} runs) | s |")
    print("|---|---:|")
    for name, command in commands.items():
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=False)
            times.append(time.perf_counter() - start)
        print(f"| `{name}` | {statistics.median(times):.3f} |")
    probe = ("import sys, papertoolkit; "
             f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    loaded = subprocess.run([python, "-c", probe], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.strip()
    print(f"\n`import papertoolkit` loads of {', '.join(HEAVY)}: {loaded or 'none'}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5, help="timed repeats (median; default 5)")
    ap.add_argument("--days", type=int, default=1000, help="synthetic days (default 1000)")
    ap.add_argument("--real", type=Path, default=REAL_CORPUS, help="real corpus folder")
    ap.add_argument("--no-check", action="store_true", help="skip the fast-path check")
    ap.add_argument("--no-startup", action="store_true", help="skip the start-up timings")
    args = ap.parse_args(argv)
    print(f"python {sys.version.split()[0]}, pandas {pd.__version__}, "
          f"papertoolkit {ptk.__version__}")
    rows = []
    real = sorted(args.real.glob("*.md")) if args.real.is_dir() else []
    if real:
        rows.append(bench_corpus("real", real, args.repeats, not args.no_check))
    else:
        print(f"real corpus not found at {args.real}: skipped")
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        files = sorted(generate_corpus(Path(tmp), args.days, seed=0))
        print(f"synthetic corpus: {args.days} days generated in "
              f"{time.perf_counter() - start:.1f} s")
        rows.append(bench_corpus(f"synthetic {args.days} days", files, args.repeats,
                                 not args.no_check))
    print_results(rows)
    if not args.no_startup:
        startup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
