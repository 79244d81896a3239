"""CSV / Parquet export: round trips with dtypes, Excel safety."""

from __future__ import annotations

import fcntl
import hashlib
import json
import warnings

import pandas as pd
import pytest

import papertoolkit as ptk
from papertoolkit import _atomic
from papertoolkit.export import ExportBusyError, ExportCheckError, excel_safe, write_export

DIGEST = """## Daily Papers (2024-02-16)

### [=HYPERLINK("x") & "quotes", commas](https://arxiv.org/abs/2402.10200v2)

[Watch Video](https://cdn.example/v.mp4)

Vote: 33

Authors: Xuezhi Wang, -Dash Name, 김철수

- **What's New**: 한국어 요약, with "quotes" and a newline-free text.
- +1 point: see https://github.com/o/r
- @mention and =SUM(A1:A3)

### [Second](https://arxiv.org/abs/2402.09906)

Authors: Nan Yang

- 요약
## Daily Papers (2024-02-19)

### [Second](https://arxiv.org/abs/2402.09906)

Vote: 7

### [Broken heading without link]
"""


@pytest.fixture()
def corpus():
    return ptk.loads(DIGEST, source="day.md")


def assert_tables_equal(got: dict, corpus) -> None:
    for name, expected in corpus.tables().items():
        pd.testing.assert_frame_equal(got[name], expected.reset_index(drop=True),
                                      check_dtype=True, obj=name)


def test_csv_round_trip_keeps_values_and_dtypes(tmp_path, corpus):
    written = corpus.to_csv(tmp_path)
    assert sorted(p.name for p in written) == sorted(f"{n}.csv" for n in ptk.Corpus.TABLE_NAMES)
    tables = ptk.read_csv(tmp_path)
    assert_tables_equal(tables, corpus)
    assert tables["papers"]["votes"].isna().tolist() == [False, True, False]
    assert tables["papers"]["summary"].isna().tolist() == [False, False, True]
    assert tables["papers"]["arxiv_version"].tolist()[0] == 2
    assert tables["problems"]["line"].tolist() == [26]


def test_csv_is_plain_utf8_without_bom(tmp_path, corpus):
    corpus.to_csv(tmp_path)
    raw = (tmp_path / "authorships.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert "김철수".encode() in raw
    assert raw.splitlines()[0] == b"arxiv_id,date,position,author,author_raw,hf_user"


def test_excel_csv_has_bom_and_neutralised_formulas(tmp_path, corpus):
    corpus.to_csv(tmp_path, excel=True)
    raw = (tmp_path / "papers.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    bullets = pd.read_csv(tmp_path / "bullets.csv", encoding="utf-8-sig")
    assert bullets["text"].tolist()[1:3] == ["'+1 point: see https://github.com/o/r",
                                             "'@mention and =SUM(A1:A3)"]
    authors = pd.read_csv(tmp_path / "authorships.csv", encoding="utf-8-sig")
    assert "'-Dash Name" in authors["author"].tolist()
    # numbers are not touched, and the tables still load back
    assert ptk.read_csv(tmp_path)["papers"]["votes"].dropna().tolist() == [33, 7]


def test_excel_safe_leaves_numbers_and_input_alone():
    df = pd.DataFrame({"n": [-1, 2], "t": pd.array(["-x", "y"], dtype="string")})
    out = excel_safe(df)
    assert out["n"].tolist() == [-1, 2]
    assert out["t"].tolist() == ["'-x", "y"]
    assert df["t"].tolist() == ["-x", "y"]


def test_parquet_round_trip(tmp_path, corpus):
    pytest.importorskip("pyarrow")
    corpus.to_parquet(tmp_path)
    assert_tables_equal(ptk.read_parquet(tmp_path), corpus)


def test_read_csv_on_empty_folder_is_clear(tmp_path):
    with pytest.raises(FileNotFoundError, match="no papertoolkit CSV tables"):
        ptk.read_csv(tmp_path)


def test_read_csv_of_a_folder_without_manifest_needs_verify_false(tmp_path, corpus):
    corpus.to_csv(tmp_path)
    (tmp_path / "manifest.json").unlink()
    with pytest.raises(ExportCheckError, match="has no manifest.json.*verify=False"):
        ptk.read_csv(tmp_path)
    assert_tables_equal(ptk.read_csv(tmp_path, verify=False), corpus)


def test_empty_corpus_exports(tmp_path):
    empty = ptk.loads("# nothing\n")
    empty.to_csv(tmp_path)
    tables = ptk.read_csv(tmp_path)
    assert tables["papers"].empty and list(tables["papers"].columns)[:3] == [
        "date", "rank", "arxiv_id"]
    assert len(tables["problems"]) == 1


# ---------------------------------------------------------------- manifest (issue 8, item 9)
def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_manifest_lists_version_options_sources_and_every_file(tmp_path, corpus):
    source = tmp_path / "day.md"
    source.write_text(DIGEST, encoding="utf-8")
    loaded = ptk.load(source)
    out = tmp_path / "out"
    written = loaded.to_csv(out, excel=True)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["papertoolkit"] == ptk.__version__
    assert manifest["options"] == {"format": "csv", "excel": True, "graph": False,
                                   "tables": list(ptk.Corpus.TABLE_NAMES)}
    assert manifest["sources"] == [{"path": str(source), "bytes": len(DIGEST.encode()),
                                    "sha256": sha256(DIGEST.encode())}]
    assert [e["name"] for e in manifest["files"]] == [p.name for p in written]
    expected_rows = {"papers": 3, "papers_unique": 2, "authorships": 4, "authors": 4,
                     "author_aliases": 0, "keywords": 0, "bullets": 4, "links": 1, "problems": 1}
    for entry in manifest["files"]:
        data = (out / entry["name"]).read_bytes()
        assert entry["sha256"] == sha256(data) and entry["bytes"] == len(data)
        assert entry["rows"] == expected_rows[entry["table"]], entry
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [p.name for p in written] + ["manifest.json", _atomic.LOCK])
    assert ptk.export.read_manifest(out)["run"] == manifest["run"]


@pytest.mark.parametrize("damage", ["missing", "truncated", "altered", "appended"])
@pytest.mark.parametrize("name", ["papers.csv", "problems.csv", "coauthor_nodes.csv"])
def test_read_csv_refuses_a_damaged_file(tmp_path, damage, name):
    corpus = ptk.loads(DIGEST, source="day.md")
    write_export(corpus, tmp_path, graph=True)
    path = tmp_path / name
    data = path.read_bytes()
    if damage == "missing":
        path.unlink()
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "altered":  # same size, one byte changed
        path.write_bytes(data[:-2] + bytes([data[-2] ^ 1]) + data[-1:])
    else:
        path.write_bytes(data + b"x,y\n")
    message = {"missing": "is missing", "truncated": "is truncated",
               "altered": "was changed", "appended": "was changed"}[damage]
    with pytest.raises(ExportCheckError, match=f"{name} {message}") as error:
        ptk.read_csv(tmp_path)
    assert str(tmp_path / name) in str(error.value)
    assert "\n" not in str(error.value)


def test_read_parquet_checks_the_manifest_too(tmp_path, corpus):
    pytest.importorskip("pyarrow")
    corpus.to_parquet(tmp_path)
    with pytest.raises(ExportCheckError, match="holds a parquet export: use read_parquet"):
        ptk.read_csv(tmp_path)
    path = tmp_path / "authors.parquet"
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(ExportCheckError, match="authors.parquet is truncated"):
        ptk.read_parquet(tmp_path)


# ------------------------------------------------------------- stale files, lock (10, 11)
def test_a_new_export_removes_only_the_files_of_the_previous_one(tmp_path, corpus):
    pytest.importorskip("pyarrow")
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "extra.csv").write_text("a\n1\n", encoding="utf-8")
    write_export(corpus, tmp_path, graph=True)
    assert (tmp_path / "coauthors.graphml").exists()
    write_export(corpus, tmp_path, format="parquet")
    names = {p.name for p in tmp_path.iterdir()}
    assert names == {f"{t}.parquet" for t in ptk.Corpus.TABLE_NAMES} | {
        "manifest.json", _atomic.LOCK, "notes.txt", "extra.csv"}
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_second_export_fails_while_the_folder_is_locked(tmp_path, corpus):
    corpus.to_csv(tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name != _atomic.LOCK}
    with open(tmp_path / _atomic.LOCK, "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(ExportBusyError, match="another export into .* is running"):
            corpus.filter(min_votes=10).to_csv(tmp_path)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert_tables_equal(ptk.read_csv(tmp_path), corpus)
        assert "an export into this folder is running" in str(caught[0].message)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name != _atomic.LOCK}
    assert after == before


# ------------------------------------------------------- reading back (issue 8, item 14)
@pytest.fixture()
def unchecked(tmp_path, corpus):
    """An export whose manifest is gone, so files can be edited and read with verify=False."""
    corpus.to_csv(tmp_path)
    (tmp_path / "manifest.json").unlink()
    return tmp_path


def edit(path, change) -> None:
    change(pd.read_csv(path, dtype=str, keep_default_na=False)).to_csv(path, index=False)


def test_a_renamed_column_is_named_with_its_file(unchecked):
    edit(unchecked / "papers.csv", lambda df: df.rename(columns={"votes": "vote"}))
    with pytest.raises(ExportCheckError, match=r"papers.csv: column 'votes' of table 'papers' is "
                                               r"missing \(it has unexpected \['vote'\]\)"):
        ptk.read_csv(unchecked, verify=False)


def test_a_missing_column_or_table_and_the_coerce_option(unchecked, corpus):
    edit(unchecked / "authorships.csv", lambda df: df.drop(columns="author_raw"))
    (unchecked / "links.csv").unlink()
    with pytest.raises(ExportCheckError, match="authorships.csv: column 'author_raw'"):
        ptk.read_csv(unchecked, verify=False)
    with pytest.warns(UserWarning) as caught:
        tables = ptk.read_csv(unchecked, verify=False, errors="coerce")
    message = str(caught[0].message)
    assert "authorships.csv: column 'author_raw'" in message and "links.csv is missing" in message
    assert tables["authorships"]["author_raw"].isna().all()
    assert tables["links"].empty and list(tables["links"].columns) == list(
        corpus.links.columns)
    pd.testing.assert_frame_equal(tables["papers"], corpus.papers)


@pytest.mark.parametrize("table, column, value, allowed", [
    ("papers", "media_kind", "gif", "one of ['image', 'video', 'none']"),
    ("links", "kind", "gitlab", "one of ['github', 'project', 'huggingface', 'arxiv', 'other']"),
    ("problems", "severity", "fatal", "one of ['error', 'warning', 'note']"),
    ("papers", "votes", "1.2k", "an integer"),
    ("papers", "votes", "2.5", "an integer"),
    ("authorships", "date", "2024-13-01", "a date YYYY-MM-DD"),
])
def test_a_bad_value_is_named_with_file_column_and_row(unchecked, table, column, value, allowed):
    edit(unchecked / f"{table}.csv", lambda df: df.assign(**{column: value}))
    with pytest.raises(ExportCheckError) as error:
        ptk.read_csv(unchecked, verify=False)
    assert str(error.value).endswith(
        f"{table}.csv, column {column!r}: {value!r} in row 1 is not {allowed} "
        f"({len(pd.read_csv(unchecked / f'{table}.csv'))} such values); errors='coerce' reads "
        "it with NA there")
    with pytest.warns(UserWarning, match=f"column {column!r}"):
        tables = ptk.read_csv(unchecked, verify=False, errors="coerce")
    assert tables[table][column].isna().all()


@pytest.mark.parametrize("call, error, message", [
    (lambda d: ptk.read_csv(d, errors="fill"), ValueError,
     "errors must be one of 'raise', 'coerce'; got 'fill'"),
    (lambda d: ptk.read_csv(d, verify="yes"), TypeError, "verify must be bool, got str 'yes'"),
    (lambda d: ptk.read_csv(3), TypeError, "directory must be str or PathLike, got int 3"),
    (lambda d: ptk.read_parquet(None), TypeError,
     "directory must be str or PathLike, got NoneType None"),
    (lambda d: ptk.export.read_manifest(b"x"), TypeError,
     "directory must be str or PathLike, got bytes b'x'"),
    (lambda d: write_export(ptk.loads(DIGEST), d, format="xlsx"), ValueError,
     "format must be one of 'csv', 'parquet'; got 'xlsx'"),
    (lambda d: write_export(ptk.loads(DIGEST), d, format="parquet", excel=True), ValueError,
     "excel=True applies to format='csv' only; got format='parquet'"),
    (lambda d: write_export(ptk.loads(DIGEST), d, excel=1), TypeError,
     "excel must be bool, got int 1"),
    (lambda d: write_export(ptk.loads(DIGEST), 5), TypeError,
     "directory must be str or PathLike, got int 5"),
    (lambda d: write_export(ptk.loads(DIGEST).tables(), d, graph=True), TypeError,
     "graph=True needs a Corpus"),
    (lambda d: write_export({"paper": pd.DataFrame()}, d), ValueError,
     "corpus has unknown table names ['paper']"),
    (lambda d: write_export([1], d), TypeError,
     "corpus must be a Corpus or a dict of DataFrames, got list"),
])
def test_export_arguments_are_checked(tmp_path, call, error, message):
    with pytest.raises(error) as raised:
        call(tmp_path / "out")
    assert str(raised.value).startswith(message)
    assert not (tmp_path / "out").exists()


def test_read_csv_of_a_missing_path_or_a_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such folder"):
        ptk.read_csv(tmp_path / "nope")
    (tmp_path / "f.csv").write_text("x", encoding="utf-8")
    with pytest.raises(NotADirectoryError, match="is a file"):
        ptk.read_csv(tmp_path / "f.csv")


# ------------------------------------------------------------------ Excel (item 13)
def excel_would_convert(cell: str) -> bool:
    """Whether Excel would read this text as a number, date or boolean (an approximation)."""
    import datetime

    for parse in (lambda c: float(c.replace(",", "")), datetime.date.fromisoformat):
        try:
            parse(cell)
            return True
        except ValueError:
            pass
    return cell.upper() in ("TRUE", "FALSE")


def test_excel_keeps_every_number_like_text_cell_as_text(tmp_path):
    text = (DIGEST.replace("Nan Yang", "1984, 2024-01-02, TRUE, 0012")
            .replace("[Second]", "[3.14]").replace('=HYPERLINK("x") & ', "")
            .replace("-Dash Name", "Dash Name").replace("- +1 point", "- 1 point")
            .replace("- @mention and =SUM", "- mention and SUM"))
    corpus = ptk.loads(text, source="day.md")
    write_export(corpus, tmp_path, excel=True, graph=True)
    numeric = {c for t in ptk.schema.TABLES.values() for c, d in t.items()
               if d in ("Int64", "datetime64[ns]")}
    numeric |= {"weight", "n_papers", "papers", "total_votes", "first_seen", "last_seen"}
    for name in ("papers.csv", "authorships.csv", "authors.csv", "coauthor_edges.csv",
                 "coauthor_nodes.csv"):
        raw = pd.read_csv(tmp_path / name, dtype=str, keep_default_na=False,
                          encoding="utf-8-sig")
        for column in raw.columns:
            cells = [c for c in raw[column] if c]
            if column in numeric:  # numbers and dates stay numbers and dates in Excel
                assert all(excel_would_convert(c) for c in cells), (name, column, cells)
            else:
                assert not any(excel_would_convert(c) for c in cells), (name, column, cells)
    nodes = (tmp_path / "coauthor_nodes.csv").read_text(encoding="utf-8-sig")
    assert '"=""0012"""' in nodes and '"=""1984"""' in nodes
    edges = (tmp_path / "coauthor_edges.csv").read_text(encoding="utf-8-sig")
    assert '"=""2402.09906"""' in edges
    tables = ptk.read_csv(tmp_path)
    assert_tables_equal(tables, corpus)
    assert {"1984", "2024-01-02", "TRUE", "0012"} <= set(tables["authors"]["author"])
