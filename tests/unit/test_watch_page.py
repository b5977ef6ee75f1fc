"""The site's page of sources needing attention, from a version's published files."""

from pathlib import Path

import polars as pl

from pipelines.publish import watch_page
from pipelines.publish.site import _table


def _version(tmp_path: Path) -> Path:
    data = tmp_path / "v" / "data"
    data.mkdir(parents=True)
    checks = {
        "source_id": ["a", "b", "c", "d"],
        "url": ["https://a.example/", "https://b.example/", "https://c.example/", "https://d.example/"],
        "checked_at": ["2026-12-07T04:00:00Z"] * 4,
        "status": ["quote missing", "gone", "moved", "unchanged"],
        "http_status": [200, 404, 200, 304],
        "final_url": [None, None, "https://c.example/new", None],
        "quotes": [2, 1, 1, 1],
        "quotes_found": [1, None, 1, 1],
        "missing_quotes": [["the lost words"], None, None, None],
        "error": [None, "HTTP 404 Not Found", None, None],
    }
    pl.DataFrame(checks).write_parquet(data / "source_checks.parquet")
    sources = {
        "source_id": ["a", "b", "c", "d"],
        "title": ["Page A", None, None, None],
        "archived_url": ["https://web.archive.org/web/20261128/https://a.example/", None, None, None],
    }
    pl.DataFrame(sources).write_parquet(data / "sources.parquet")
    statements = {
        "table_name": ["partnerships"] * 4,
        "row_key": ["p1", "p1", "p2", "p3"],
        "field_name": ["name", "name", "acronym", "name"],
        "value": ["One", "One", "TWO", "Three"],
        "source_id": ["a", "d", "b", "a"],
        "quote": ["the lost words", "One", "TWO", "kept words"],
    }
    pl.DataFrame(statements).write_parquet(data / "statements.parquet")
    return tmp_path / "v"


def test_the_page_lists_sources_needing_attention_and_values_that_lost_their_words(tmp_path):
    html = "\n".join(watch_page.body(_version(tmp_path), _table, "pkg/1.0.0/"))
    assert "3 sources needing attention" in html and '<a href="pkg/1.0.0/source_checks.html">' in html
    assert '<a rel="external" href="https://c.example/new">' in html
    assert html.index(">quote missing<") < html.index(">gone<") < html.index(">moved<")
    assert "1 of 2 quotes not found" in html and "https://c.example/new" in html and "HTTP 404" in html
    assert 'href="https://web.archive.org/web/20261128/https://a.example/">archived copy' in html
    assert "<code>p2</code>" in html and "unverifiable" in html  # only on the gone page
    assert "<code>p1</code>" in html and "weakened" in html  # still stated by d
    assert "<code>p3</code>" not in html  # its quote is still found


def test_before_a_first_watch_the_page_says_so(tmp_path):
    html = "\n".join(watch_page.body(None, _table))
    assert "No watch of the sources has been recorded yet" in html
