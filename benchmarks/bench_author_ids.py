"""Categorical author names against plain text, measured in one run (issue 12).

Usage::

    python benchmarks/bench_author_ids.py                      # synthetic 1,000 days
    python benchmarks/bench_author_ids.py --corpus ../shared/corpus/l-yohai__daily_papers_ko

Loads the corpus once, then compares its tables (author names categorical, codes shared
with ``authors``) with the same tables whose name columns are cast back to "string" (the
dtype before): the memory of the three tables that hold names (``memory_usage(deep=True)``,
and the bytes actually held, each categories Index counted once since the tables share it),
and the median time of the code that reads names on both (the graph's arrays, the authors
and aliases tables, ``votes_by_author``, a user's ``groupby`` and ``value_counts``). Given
"string" names the same code factorises them first (as all of it did before names were
categorical); given the categorical it reads the codes. The "held" column counts a shared
categories Index once across the tables of its row.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NAME_TABLES = ("authorships", "authors", "author_aliases")


def _median(func, repeat: int) -> float:
    """Median CPU seconds of this process (steady on a shared box, where wall time is not)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        func()
        times.append(time.process_time() - start)
    return statistics.median(times)


def _as_text(df):
    import pandas as pd

    return df.astype({c: "string" for c in df
                      if c.startswith("author") and isinstance(df[c].dtype, pd.CategoricalDtype)})


def _held_bytes(tables) -> int:
    """Bytes the tables hold, each shared categories Index counted once."""
    import pandas as pd

    total, seen = 0, set()
    for df in tables:
        for col in df:
            series = df[col]
            if isinstance(series.dtype, pd.CategoricalDtype):
                total += series.cat.codes.memory_usage(index=False, deep=True)
                categories = series.cat.categories
                if id(categories) not in seen:
                    seen.add(id(categories))
                    total += categories.memory_usage(deep=True)
            else:
                total += series.memory_usage(index=False, deep=True)
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, help="a folder of digests (default: synthetic)")
    ap.add_argument("--days", type=int, default=1000)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/papertoolkit-bench"))
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    source = args.corpus or args.cache / f"synthetic-{args.days}"
    if args.corpus is None and not (source / "manifest.json").exists():
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from synthetic import generate_corpus  # type: ignore[import-not-found]

        generate_corpus(source, args.days, seed=0)

    import pandas as pd

    import papertoolkit as ptk
    from papertoolkit._derived import author_aliases_table, authors_table
    from papertoolkit.network._assemble import build_arrays
    from papertoolkit.votes import votes_by_author

    corpus = ptk.load(source, progress=False)
    codes = {name: getattr(corpus, name) for name in NAME_TABLES}
    text = {name: _as_text(df) for name, df in codes.items()}
    print(f"corpus {source}: {len(corpus.papers):,} papers, {len(corpus.authors):,} authors, "
          f"{len(corpus.authorships):,} authorships; pandas {pd.__version__}")

    print("\n| table | text, deep MB | categorical, deep MB | categorical, held MB |")
    print("|---|---:|---:|---:|")
    for name in NAME_TABLES:
        print(f"| {name} | {text[name].memory_usage(deep=True).sum() / 1e6:.2f} | "
              f"{codes[name].memory_usage(deep=True).sum() / 1e6:.2f} | "
              f"{_held_bytes([codes[name]]) / 1e6:.2f} |")
    print(f"| the three, shared categories once | {_held_bytes(text.values()) / 1e6:.2f} | | "
          f"{_held_bytes(codes.values()) / 1e6:.2f} |")
    every = corpus.tables()
    as_text_all = [_as_text(df) for df in every.values()]
    print(f"| all nine tables | {_held_bytes(as_text_all) / 1e6:.2f} | | "
          f"{_held_bytes(every.values()) / 1e6:.2f} |")

    ships, ships_text = codes["authorships"], text["authorships"]
    unique = corpus.papers_unique
    votes = unique.set_index("arxiv_id")["max_votes"]
    rows = {
        "graph arrays (build_arrays)": lambda s: build_arrays(s, votes, "count", None, None,
                                                              None, {}),
        "authors table": lambda s: authors_table(s, unique),
        "author_aliases table": author_aliases_table,
        "votes_by_author": lambda s: votes_by_author(corpus.papers, authorships=s),
        'groupby("author", observed=True).size()':
            lambda s: s.groupby("author", observed=True).size(),
        'authorships["author"].value_counts()': lambda s: s["author"].value_counts(),
    }
    print(f"\n| step (median CPU s of {args.repeat}) | text | categorical | ratio |")
    print("|---|---:|---:|---:|")
    for label, func in rows.items():
        t_text = _median(lambda f=func: f(ships_text), args.repeat)
        t_codes = _median(lambda f=func: f(ships), args.repeat)
        print(f"| {label} | {t_text:.3f} | {t_codes:.3f} | {t_text / t_codes:.1f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
