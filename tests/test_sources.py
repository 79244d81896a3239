"""The reader registry, and the scraped daily-archive format read through it."""

from __future__ import annotations

import json

import pandas as pd

import papertoolkit as ptk
from papertoolkit import sources


def _item(arxiv_id, title, stars, authors=(), links=(), day="2026-01-14"):
    return {"title": title, "paper_url": f"https://huggingface.co/papers/{arxiv_id}",
            "authors": list(authors), "stars": stars,
            "details": {"title": title, "abstract": "a comment, not the abstract",
                        "arxiv_page_url": f"https://arxiv.org/abs/{arxiv_id}",
                        "pdf_url": f"https://arxiv.org/pdf/{arxiv_id}",
                        "github_links": list(links), "metadata": {},
                        "page_url": f"https://huggingface.co/papers/{arxiv_id}",
                        "scraped_at": f"{day}T01:55:05.388627"},
            "scraped_date": day}


def test_readers_are_chosen_by_content():
    assert [r.NAME for r in sources.READERS] == ["hub", "hub", "digest"]
    assert sources.reader_for(json.dumps([_item("2601.00001", "T", "3")])) is sources.scraped
    assert sources.reader_for('[{"paper": {"id": "2601.00001"}}]') is sources.hub
    assert sources.reader_for('[{"title": "no paper_url"}]') is sources.hub
    assert sources.reader_for(b"## Daily Papers (2024-02-16)\n") is sources.digest
    assert sources.reader_for("[Watch Video](x)") is sources.digest


def test_scraped_daily_archive_is_read_as_hub_data(tmp_path):
    items = [_item("2601.06943", "A Video Research Benchmark", "51",
                   ["Zhe Huang", "HJH2CMD"], ["https://github.com/example/bench"]),
             _item("2601.05593", "Parallel Coordinated Reasoning", "261"),
             {"title": "no url", "stars": "1"}]
    path = tmp_path / "2026-01-14.txt"  # any name: the content decides
    path.write_text(json.dumps(items, indent=2), encoding="utf-8")
    corpus = ptk.load(path)
    papers = corpus.papers
    assert papers["arxiv_id"].tolist() == ["2601.06943", "2601.05593"]
    assert papers["upvotes"].tolist() == [51, 261]
    assert (papers["date"] == pd.Timestamp("2026-01-14")).all()
    assert set(papers["source_kind"]) == {"hub"}
    assert papers["fetched_at"].iloc[0] == pd.Timestamp("2026-01-14 01:55:05.388627", tz="UTC")
    assert papers["github_repo"].tolist()[0] == "https://github.com/example/bench"
    assert pd.isna(papers["github_repo"].iloc[1]) and papers["abstract"].isna().all()
    assert corpus.authorships["author"].tolist() == ["Zhe Huang", "HJH2CMD"]
    assert corpus.authorships["hf_user"].isna().all()
    assert corpus.problems[["severity", "reason"]].values.tolist() == [
        ["error", "entry 3: no paper id: skipped"]]
