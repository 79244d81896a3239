"""CSV / Parquet export: round trips with dtypes, Excel safety."""

from __future__ import annotations

import pandas as pd
import pytest

import papertoolkit as ptk
from papertoolkit.export import excel_safe

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


def test_empty_corpus_exports(tmp_path):
    empty = ptk.loads("# nothing\n")
    empty.to_csv(tmp_path)
    tables = ptk.read_csv(tmp_path)
    assert tables["papers"].empty and list(tables["papers"].columns)[:3] == [
        "date", "rank", "arxiv_id"]
    assert len(tables["problems"]) == 1
