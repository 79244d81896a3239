"""The ``papertoolkit`` command line: export, summary, validate, notebook and report.

Examples
--------
::

    papertoolkit summary data/ more/digests/
    papertoolkit export data/ --out out/ --excel
    papertoolkit validate data/          # exits 1 if any problem is found
    papertoolkit report data/ --out report.html

Heavy libraries (matplotlib, networkx, igraph) are imported only by the commands that use them,
so ``summary`` and ``validate`` start quickly.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]


def _load(paths: list[str]):
    """Load digests from the command's paths, with a progress bar on a terminal."""
    from .corpus import load

    return load(paths, progress=sys.stderr.isatty())


# characters that must never reach a terminal raw: C0 and C1 controls (ESC starts ANSI and OSC
# sequences, CR and LF forge lines), bidirectional and zero-width format characters, lone
# surrogates (bytes of a file name that are not UTF-8)
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069"
                     "\ufeff\ud800-\udfff]")


def _safe(text: object) -> str:
    """*text* with every control or invisible character written as a ``\\x..``/``\\u....``
    escape, so that titles, names and file names print as one inert line.

    >>> _safe("bad\\x1b]0;title\\x07\\nname")
    'bad\\\\x1b]0;title\\\\x07\\\\nname'
    """
    return _UNSAFE.sub(_escape, str(text))


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return {9: "\\t", 10: "\\n", 13: "\\r"}.get(code) or (
        f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def _count_arg(value: str) -> int:
    """``--top``: a whole number >= 0."""
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 0, got {value!r}")
    return number


def _print_table(rows: list[tuple], headers: tuple[str, ...], out) -> None:
    rows = [tuple(_safe(v) for v in row) for row in rows]
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(str(h))
              for i, h in enumerate(headers)]
    out.write("  ".join(str(h).ljust(w) for h, w in zip(headers, widths, strict=True)) + "\n")
    for row in rows:
        out.write("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)) + "\n")


def _count(value) -> str:
    import pandas as pd

    return "–" if pd.isna(value) else str(int(value))


def _shorten(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def cmd_summary(args, out=None) -> int:
    out = out or sys.stdout
    corpus = _load(args.folder)
    if corpus.n_headings == 0 and corpus.papers.empty:
        raise FileNotFoundError(f"no digests found in {_describe(args.folder)} "
                                f"({len(corpus.problems)} problems: see "
                                f"`papertoolkit validate`)")
    papers = corpus.papers
    counts = corpus._summary_counts()
    out.write(f"Digests in {_describe(args.folder)}\n")
    for key, value in counts.items():
        out.write(f"  {key:<16} {_safe(value)}\n")
    from .votes import top_papers

    # digest snapshots when there are any, else the Hub's counts (hub data alone)
    count = ("upvotes" if papers["votes"].isna().all() and papers["upvotes"].notna().any()
             else "votes")
    top = top_papers(corpus, n=args.top, votes=count)  # the date is that of the highest count
    what = "snapshot on the digest's day" if count == "votes" else "the Hub's count when fetched"
    out.write(f"\nTop {len(top)} papers by {count} ({what})\n")
    _print_table([(int(r.votes), r.date.date().isoformat(), r.arxiv_id,
                   _shorten(str(r.title))) for r in top.itertuples()],
                 (count, "date", "arxiv_id", "title"), out)
    authors = corpus.authors.sort_values(["papers", "total_votes", "author"],
                                         ascending=[False, False, True]).head(args.top)
    out.write(f"\nMost prolific authors (top {len(authors)})\n")
    _print_table([(int(r.papers), _count(r.total_votes), r.coauthors, r.author)
                  for r in authors.itertuples()],
                 ("papers", "votes", "coauthors", "author"), out)
    if len(papers) and papers["votes"].isna().all() and count == "votes":
        out.write("\nNo vote counts in these digests.\n")
    problems = corpus.problems
    if len(problems):
        out.write(f"\nProblems: {len(problems)} (run `papertoolkit validate "
                  f"{_describe(args.folder)}`)\n")
        for row in problems.head(args.top).itertuples():
            out.write(f"  {_where(row)}: {row.severity}: {_safe(row.reason)}\n")
    return 0


def _describe(folders: list[str]) -> str:
    return _safe(" ".join(folders) if len(folders) <= 3
                 else f"{folders[0]} … ({len(folders)} paths)")


def _where(row) -> str:
    import pandas as pd

    file = _safe(row.file)
    return file if pd.isna(row.line) else f"{file}:{int(row.line)}"


def cmd_validate(args, out=None) -> int:
    out = out or sys.stdout
    corpus = _load(args.folder)
    problems = corpus.problems
    shown = problems if not args.errors_only else problems[problems["severity"] == "error"]
    failing = shown[shown["severity"] != "note"]  # a note (a file that is no digest) is no fault
    for row in shown.itertuples():
        has_text = isinstance(row.text, str) and row.text
        text = f"  [{_safe(_shorten(str(row.text), 60))}]" if has_text else ""
        out.write(f"{_where(row)}: {row.severity}: {_safe(row.reason)}{text}\n")
    n_err = int((problems["severity"] == "error").sum())
    out.write(f"{corpus.n_headings} paper headings, {len(corpus.papers)} paper rows, "
              f"{len(problems)} problems ({n_err} errors)\n")
    return 1 if len(failing) else 0


def cmd_export(args, out=None) -> int:
    out = out or sys.stdout
    from .export import write_export

    target = Path(args.out)
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(f"--out {target} is a file: give a folder")
    corpus = _load(args.folder)
    if corpus.n_headings == 0 and corpus.papers.empty:  # never replace an export with nothing
        raise FileNotFoundError(f"no digests found in {_describe(args.folder)}; nothing was "
                                f"written to {target}")
    notes: list[str] = []
    written = write_export(corpus, target, format=args.format, excel=args.excel,
                           graph=not args.no_graph, notes=notes)
    for note in notes:
        sys.stderr.write(f"papertoolkit: {_safe(target)}: {_safe(note)}\n")
    out.write(f"Wrote {len(written)} files and manifest.json to {_safe(target)}:\n")
    for path in written:
        out.write(f"  {_safe(path.name)}\n")
    out.write(f"{len(corpus.papers)} paper rows, {len(corpus.problems)} problems\n")
    return 0


def cmd_notebook(args, out=None) -> int:
    out = out or sys.stdout
    from .notebook import write_starter_notebook

    path = write_starter_notebook(args.folder, args.out, overwrite=args.force, run=args.run)
    out.write(f"Wrote {_safe(path)}\n")
    return 0


def cmd_report(args, out=None) -> int:
    out = out or sys.stdout
    from .report import write_report

    if not args.out.lower().endswith((".html", ".htm")):
        sys.stderr.write("papertoolkit: error: --out must name an .html file, got "
                         f"{_safe(args.out)}\n")
        return 2
    corpus = _load(args.folder)
    if corpus.papers.empty:
        raise FileNotFoundError(f"no papers found in {_describe(args.folder)}")
    path = write_report(corpus, args.out, title=args.title)
    out.write(f"Wrote {_safe(path)} ({path.stat().st_size / 1e6:.1f} MB, opens offline)\n")
    return 0


def cmd_fetch(args, out=None) -> int:
    out = out or sys.stdout
    from .fetching import FetchError, fetch

    try:
        report = fetch(args.start, args.end, args.out, refresh=args.refresh,
                       endpoint=args.endpoint, progress=sys.stderr.isatty())
    except (FetchError, ValueError) as exc:
        sys.stderr.write(f"papertoolkit: error: {exc}\n")
        return 2
    fetched = int((report["status"] == "fetched").sum())
    out.write(f"{len(report)} days: {fetched} fetched, {len(report) - fetched} skipped; "
              f"{int(report['entries'].sum())} entries saved in {args.out}\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="papertoolkit",
        description="Analyse Hugging Face Daily Papers digests (Markdown files, one per day).")
    from . import _version

    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("summary", help="counts, date range, top papers and authors, problems")
    p.add_argument("folder", nargs="+", help="digest folders, files or globs")
    p.add_argument("--top", type=_count_arg, default=10, help="rows in each top list (default 10)")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("validate", help="list problems as file:line; exit 1 if any")
    p.add_argument("folder", nargs="+", help="digest folders, files or globs")
    p.add_argument("--errors-only", action="store_true",
                   help="only problems that lost a paper (not warnings)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("export", help="write every table (and the co-author graph)")
    p.add_argument("folder", nargs="+", help="digest folders, files or globs")
    p.add_argument("--out", required=True, help="output folder (created if missing)")
    p.add_argument("--format", choices=("csv", "parquet"), default="csv")
    p.add_argument("--excel", action="store_true",
                   help="CSV for Excel: UTF-8 with BOM, formula-like cells neutralised")
    p.add_argument("--no-graph", action="store_true", help="skip the co-author graph files")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("notebook", help="write a starter notebook bound to a digest folder")
    p.add_argument("folder")
    p.add_argument("--out", default="my_analysis.ipynb")
    p.add_argument("--force", action="store_true", help="overwrite an existing notebook")
    p.add_argument("--run", action="store_true",
                   help="run it and save outputs and widget state (JupyterLab shows the "
                        "explorers on opening)")
    p.set_defaults(func=cmd_notebook)

    p = sub.add_parser("report", help="write one self-contained HTML report (opens offline)")
    p.add_argument("folder", nargs="+", help="digest folders, files or globs")
    p.add_argument("--out", default="report.html", help="HTML file to write")
    p.add_argument("--title", default=None, help="page title")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("fetch", help="save Daily Papers from the Hub API, one JSON file per day")
    p.add_argument("--start", required=True, help="first day, YYYY-MM-DD")
    p.add_argument("--end", required=True, help="last day, YYYY-MM-DD (inclusive)")
    p.add_argument("--out", required=True, help="folder for the files (created if missing)")
    p.add_argument("--refresh", action="store_true", help="fetch days already saved again")
    p.add_argument("--endpoint", default=None,
                   help="the Hub's address (default: HF_ENDPOINT or https://huggingface.co)")
    p.set_defaults(func=cmd_fetch)
    return parser


def _one_line(exc: BaseException) -> str:
    return _safe(" ".join(str(exc).split()))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``papertoolkit`` command; returns the exit code."""
    args = build_parser().parse_args(argv)
    from ._atomic import ExportBusyError, ExportCheckError
    from .parse import DigestParseError

    try:
        code = args.func(args)
        sys.stdout.flush()
        return code
    except BrokenPipeError:  # e.g. `papertoolkit validate data | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except FileExistsError as exc:  # only `notebook` refuses to overwrite
        sys.stderr.write(f"papertoolkit: error: {_safe(exc)}\n")
        return 2
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError, DigestParseError,
            ValueError, ImportError, ExportBusyError, ExportCheckError) as exc:
        sys.stderr.write(f"papertoolkit: error: {_one_line(exc)}\n")
        return 2
    except OSError as exc:  # unwritable or full target: the write was undone
        where = f" {_safe(exc.filename)}" if exc.filename else ""
        sys.stderr.write(f"papertoolkit: error: cannot write{where}: "
                         f"{_safe(exc.strerror or exc)}; nothing was changed\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("papertoolkit: interrupted\n")
        return 130


if __name__ == "__main__":
    sys.exit(main())
