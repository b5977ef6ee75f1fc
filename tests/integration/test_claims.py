"""Claims: figures read as their language writes them, quotes verified, conflicts and coverage published."""

import re
from decimal import Decimal

import polars as pl
import pytest

from pipelines.core.claims import figures
from tests.conftest import REPO, edit_csv, failure_report, find_row

CLAIMS = "registers/claims.csv"
ARTICLE = "klusterialoitteet-fi"


@pytest.fixture(scope="module")
def published(release) -> dict[str, pl.DataFrame]:
    data = release.published / "eu-cluster-partnerships" / "latest" / "data"
    return {
        name: pl.read_parquet(data / f"{name}.parquet")
        for name in ("claims", "claim_conflicts", "coverage", "documents", "partnerships")
    }


def test_every_claim_from_the_article_is_verified_with_offsets_into_its_text(published):
    text = re.sub(r"\s+", " ", (REPO / "raw/documents/klusterialoitteet-fi.txt").read_text(encoding="utf-8")).strip()
    from_article = published["claims"].filter(source_id=ARTICLE)
    assert from_article.height >= 16 and from_article["verified"].all()
    for c in from_article.iter_rows(named=True):
        assert text[c["quote_start"] : c["quote_end"]] == re.sub(r"\s+", " ", c["quote"])
        assert c["value"] in figures(c["quote"], "fi") or (c["value"] is None and c["value_text"])
    s3 = from_article.filter(programme_id="ESCP-S3", metric="partnerships").row(0, named=True)
    assert s3["value"] == Decimal("9.00") and s3["unit"] == "partnerships" and s3["qualifier"] == "exact"
    assert text[s3["quote_start"] : s3["quote_end"]].startswith(
        "ESCP-S3 –aloitteen alla on muodostettu 9 klusterikumppanuutta"
    )


def test_claims_are_verified_exactly_where_their_page_is_kept(published):
    """A claim from a page whose copy is kept (the founding article, the Commission's pages) quotes it and is
    verified; one from a page read only as a stored copy is sourced but unverified."""
    claims = published["claims"]
    kept = set(published["documents"]["document_id"])
    copied = claims.filter(pl.col("source_id").is_in(list(kept)))
    others = claims.filter(~pl.col("source_id").is_in(list(kept)))
    assert copied.height > 20 and copied["verified"].all() and copied["quote"].null_count() == 0
    assert not others["verified"].any() and others["source_url"].null_count() == 0


def test_the_known_disagreements_are_published_as_conflicts(published):
    conflicts = published["claim_conflicts"]
    pairs = {
        (r["generation"], r["metric"], frozenset((int(r["value_a"]), int(r["value_b"]))))
        for r in conflicts.filter(programme_id="ESCP-4i").iter_rows(named=True)
    }
    assert ("2nd generation (2018-2019)", "partnerships", frozenset({23, 25})) in pairs
    assert ("1st generation (2016-2017)", "partnerships", frozenset({24, 25})) in pairs
    # agreeing sources are not conflicts: 15 co-funded in the article, on the ECCP and in the launch news
    assert conflicts.filter(metric="co_funded_partnerships").is_empty()
    assert (conflicts["difference"] == conflicts["value_b"] - conflicts["value_a"]).all()


def test_coverage_holds_every_programme_beside_what_sources_state(published):
    coverage = published["coverage"]
    assert set(coverage["programme_id"]) == {"ESCP-4i", "ESCP-4X", "ESCP-S3", "INNOSUP-01", "CXC", "EUROCLUSTERS"}
    x1 = coverage.filter(programme_id="ESCP-4X", generation="1st wave (2020-2022)", metric="partnerships").row(
        0, named=True
    )
    assert (x1["stated_min"], x1["stated_max"], x1["stated_claims"]) == (Decimal("13.00"), Decimal("13.00"), 2)
    assert 0 < x1["registered"] <= 13 and x1["ratio"] == round(x1["registered"] / 13, 3)
    g2 = coverage.filter(programme_id="ESCP-4i", generation="2nd generation (2018-2019)", metric="partnerships").row(
        0, named=True
    )
    assert (g2["stated_min"], g2["stated_max"]) == (Decimal("23.00"), Decimal("25.00"))
    # registered counts the partnerships a page places in that generation, no more (GEO-ENERGY EUROPE in 5.0.0)
    placed = published["partnerships"].filter(generation="2nd generation (2018-2019)")
    assert g2["registered"] == placed.height < 23 and g2["ratio"] == round(placed.height / 25, 3)


def test_documents_publish_their_fingerprint_not_text_of_unknown_licence(published):
    doc = published["documents"].filter(document_id=ARTICLE).row(0, named=True)
    assert (doc["document_id"], doc["language"], doc["identified_language"], doc["media_type"]) == (
        ARTICLE,
        "fi",
        "fi",
        "text/plain",
    )
    assert doc["text"] is None and doc["licence"] is None and doc["characters"] > 4000
    # the Commission's pages are CC BY 4.0: their copies are published whole
    commission = published["documents"].filter(pl.col("licence") == "CC-BY-4.0")
    assert commission.height > 20 and commission["text"].is_not_null().all()


def test_a_corrupted_quote_fails_naming_claim_and_document(raw, tmp_path):
    path = raw / CLAIMS
    row = find_row(path, "quote", "Pilotoinnissa on tammikuuhun 2021 mennessä toteutettu 34 vaihtojaksoa.")
    edit_csv(path, row, quote="Pilotoinnissa on tammikuuhun 2021 mennessä toteutettu 43 vaihtojaksoa.")
    report = failure_report(raw, tmp_path)
    assert re.search(
        rf"{CLAIMS}, row {row}, column 'quote': \[quote_not_found\] claim c-[0-9a-f]{{12}} \(CXC, exchanges\): "
        rf"the quote is not in document {ARTICLE} \(raw/documents/klusterialoitteet-fi.txt\)",
        report,
    ), report


def test_a_value_missing_from_its_quote_fails_naming_claim_and_document(raw, tmp_path):
    path = raw / CLAIMS
    row = find_row(path, "quote", "Seuraavalla hakukierroksella (2018-2019) muodostettiin 25 kumppanuutta.")
    edit_csv(path, row, value="23")
    report = failure_report(raw, tmp_path)
    assert re.search(
        rf"{CLAIMS}, row {row}, column 'value': \[value_not_in_quote\] "
        rf"claim c-[0-9a-f]{{12}} \(ESCP-4i, partnerships\): "
        rf"23.00 is not a figure of its quote in document {ARTICLE} .*\(it states 25, 2018, 2019\)",
        report,
    ), report


def test_a_document_claim_without_a_quotefailure_report(raw, tmp_path):
    path = raw / CLAIMS
    row = find_row(path, "quote", "Seuraavalla hakukierroksella (2018-2019) muodostettiin 25 kumppanuutta.")
    edit_csv(path, row, quote="")
    assert f"{CLAIMS}, row {row}, column 'quote': [quote_required]" in failure_report(raw, tmp_path)
