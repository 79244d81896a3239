"""Loading saved Hub JSON per paper against loading digests per paper.

Usage::

    .venv/bin/python benchmarks/bench_sources.py              # real corpus, else data/
    .venv/bin/python benchmarks/bench_sources.py --repeats 9

For the digests (the real corpus in ``../shared/corpus`` when present, else the bundled
``data/``) it writes, into a temporary folder, the same papers as Hub ``/api/daily_papers``
responses: one JSON array a day, entries in the API's schema (authors as objects, the
digest's summary text standing in for the abstract so entries have a realistic size, ids,
counts, keywords, thumbnails). Then, interleaved repeat by repeat, it measures the median
wall time of

* ``json.loads``: reading and parsing every JSON file with the standard library (baseline:
  what any JSON reader must pay);
* ``ptk.load(json)``: papertoolkit reading the JSON files into the base tables;
* ``ptk.load(digests)``: papertoolkit reading the digests into the base tables;
* ``ptk.load(both)``: digests and JSON together, merged into one row per paper-day;

and prints microseconds per paper, MB/s and the ratios.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import papertoolkit as ptk  # noqa: E402

REAL_CORPUS = ROOT.parent / "shared" / "corpus" / "l-yohai__daily_papers_ko"


def write_json(corpus: ptk.Corpus, out: Path) -> list[Path]:
    """The papers of *corpus* as one API response per day, in *out*."""
    ships = corpus.authorships.groupby(["arxiv_id", "date"], sort=False)["author_raw"].agg(list)
    files = []
    for day, papers in corpus.papers.groupby("date"):
        stamp = f"{day.date()}T13:00:00.000Z"
        entries = []
        for row in papers.itertuples():
            names = ships.get((row.arxiv_id, row.date), [])
            paper = {
                "id": row.arxiv_id, "title": row.title, "publishedAt": stamp,
                "submittedOnDailyAt": stamp, "summary": str(row.summary or ""),
                "upvotes": 0 if row.votes is None or str(row.votes) == "<NA>" else int(row.votes),
                "discussionId": f"d{row.arxiv_id}", "ai_keywords": ["benchmark", "keyword"],
                "authors": [{"_id": f"a{i}", "name": n, "hidden": False}
                            for i, n in enumerate(names)],
            }
            entries.append({"paper": paper, "publishedAt": stamp, "title": row.title,
                            "summary": paper["summary"], "numComments": 1,
                            "thumbnail": f"https://cdn.example/{row.arxiv_id}.png",
                            "isAuthorParticipating": False})
        path = out / f"{day.date()}.json"
        path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
        files.append(path)
    return files


def median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    source = REAL_CORPUS if REAL_CORPUS.is_dir() else ROOT / "data"
    digests = sorted(source.glob("*.md"))
    corpus = ptk.load(digests, progress=False)
    with tempfile.TemporaryDirectory() as tmp:
        files = write_json(corpus, Path(tmp))
        n = len(corpus.papers)
        md_bytes = sum(p.stat().st_size for p in digests)
        js_bytes = sum(p.stat().st_size for p in files)
        check = ptk.load(files, progress=False)
        errors = (check.problems["severity"] == "error").sum()
        assert len(check.papers) == n and errors == 0, "JSON did not load cleanly"
        both = ptk.load(digests + files, progress=False)
        assert len(both.papers) == n and (both.papers["source_kind"] == "digest+hub").all()

        def parse_json():
            for path in files:
                json.loads(path.read_bytes())

        runs = {"json.loads": parse_json,
                "ptk.load(json)": lambda: ptk.load(files, progress=False),
                "ptk.load(digests)": lambda: ptk.load(digests, progress=False),
                "ptk.load(both)": lambda: ptk.load(digests + files, progress=False)}
        results = {name: [] for name in runs}
        for _ in range(args.repeats):  # interleaved: every method sees the same machine load
            for name, fn in runs.items():
                results[name].append(median_time(fn, 1))
    med = {name: statistics.median(times) for name, times in results.items()}
    print(f"source: {source} ({len(digests)} digests, {n:,} papers; digests "
          f"{md_bytes / 1e6:.2f} MB, JSON {js_bytes / 1e6:.2f} MB), median of {args.repeats}")
    size = {"json.loads": js_bytes, "ptk.load(json)": js_bytes,
            "ptk.load(digests)": md_bytes, "ptk.load(both)": md_bytes + js_bytes}
    for name, seconds in med.items():
        print(f"  {name:<18} {seconds:8.3f} s  {seconds / n * 1e6:8.1f} us/paper  "
              f"{size[name] / seconds / 1e6:6.1f} MB/s")
    print(f"  JSON per paper / digest per paper: "
          f"{med['ptk.load(json)'] / med['ptk.load(digests)']:.2f}x")
    print(f"  ptk.load(json) / json.loads alone: "
          f"{med['ptk.load(json)'] / med['json.loads']:.2f}x")
    print(f"  merged load / (digests + json loads): "
          f"{med['ptk.load(both)'] / (med['ptk.load(json)'] + med['ptk.load(digests)']):.2f}x")


if __name__ == "__main__":
    main()
