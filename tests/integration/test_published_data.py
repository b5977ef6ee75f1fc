"""What the real registers publish: stated facts only, and aggregates that add up."""

from collections import Counter
from decimal import Decimal
from itertools import combinations

import polars as pl
import pytest

PACKAGE = "eu-cluster-partnerships"


@pytest.fixture(scope="module")
def tables(release) -> dict[str, pl.DataFrame]:
    data = release.published / PACKAGE / "latest" / "data"
    return {p.stem: pl.read_parquet(p) for p in data.glob("*.parquet")}


def _row(frame: pl.DataFrame, **where) -> dict:
    rows = frame.filter(**where).to_dicts()
    assert len(rows) == 1, where
    return rows[0]


def test_every_programme_of_the_remit_is_present(tables):
    assert set(tables["programmes"]["programme_id"]) == {
        "ESCP-4i",
        "ESCP-4X",
        "ESCP-S3",
        "INNOSUP-01",
        "CXC",
        "EUROCLUSTERS",
    }
    assert _row(tables["programmes"], programme_id="EUROCLUSTERS")["framework"] == "Single Market Programme"


def test_stated_amounts_are_exact_and_ambiguous_ones_stay_empty(tables):
    et4s = _row(tables["partnerships"], partnership_id="et4s")
    assert (et4s["eu_contribution_eur"], et4s["total_budget_eur"]) == (Decimal("448815.00"), Decimal("498686.00"))
    assert et4s["grant_id"] == "COS-CLUSINT-2019-3-01-951206"
    assert _row(tables["calls"], call_id="COS-CLUSINT-2020-3-01")["budget_eur"] == Decimal("7500000.00")


def test_partial_dates_keep_their_precision(tables):
    ec2i = _row(tables["partnerships"], partnership_id="ec2i")
    assert (
        str(ec2i["start_date"]),
        ec2i["start_date_precision"],
        str(ec2i["end_date"]),
        ec2i["end_date_precision"],
    ) == (
        "2018-01-01",
        "month",
        "2019-12-31",  # an end stated as a month is its last day, so the span is not understated
        "month",
    )


def test_probable_and_truncated_entries_are_not_published(tables):
    acronyms = set(tables["partnerships"]["acronym"])
    assert "EACP-EuroSME" not in acronyms  # programme label only "probable"
    assert not any(a.startswith("GreenTech") for a in acronyms)  # name cut off in the source
    # the launch list cuts LASER-GO's title off; the partner's page (fimtp.lt) gives it whole
    laser_go = tables["statements"].filter(table_name="partnerships", row_key="laser-go", field_name="name")
    assert laser_go.height == 1 and "fimtp.lt" in laser_go["source_url"][0]


def test_one_organisation_under_two_names_is_one_row_with_both_wordings_kept(tables):
    organisations = tables["organisations"].filter(pl.col("alternative_names").list.len() > 0)
    assert organisations.height >= 5
    members = tables["partnership_members"].join(organisations, on="organisation_id")
    # each membership keeps the page's own wording, whichever of the organisation's names it is
    worded = members.filter(pl.col("name_in_source") != pl.col("name"))
    assert worded.height > 0 and tables["organisations"]["name"].is_unique().all()


def test_every_row_names_its_source(tables):
    for name in ("programmes", "calls", "partnerships", "organisations", "partnership_members"):
        assert tables[name]["source_id"].null_count() == 0, name
    known = set(tables["sources"]["url"].drop_nulls())
    cited = set(tables["partnerships"]["source_url"].drop_nulls()) | set(
        tables["partnerships"]["further_source_urls"].explode().drop_nulls()
    )
    assert cited <= known


def test_partnerships_by_programme_matches_a_count_of_the_rows(tables):
    p = tables["partnerships"].with_columns(pl.col("generation").fill_null("not stated"))
    expected = Counter(zip(p["programme_id"], p["generation"]))
    got = {
        (r["programme_id"], r["generation"]): r["partnerships"] for r in tables["partnerships_by_programme"].to_dicts()
    }
    assert got == dict(expected)
    assert sum(got.values()) == tables["partnerships"].height


def test_country_pairs_match_pairs_counted_from_the_members(tables):
    country = dict(zip(tables["organisations"]["organisation_id"], tables["organisations"]["country"]))
    by_partnership: dict[str, set] = {}
    for r in tables["partnership_members"].to_dicts():
        if country[r["organisation_id"]]:
            by_partnership.setdefault(r["partnership_id"], set()).add(country[r["organisation_id"]])
    expected = Counter(pair for cs in by_partnership.values() for pair in combinations(sorted(cs), 2))
    got = {(r["country_a"], r["country_b"]): r["partnerships"] for r in tables["country_pairs"].to_dicts()}
    assert got == dict(expected)
    assert got[("DE", "FR")] >= 2


def test_members_by_country_counts_distinct_organisations(tables):
    m = tables["partnership_members"].join(
        tables["partnerships"].select("partnership_id", "programme_id"), on="partnership_id"
    )
    m = m.join(tables["organisations"].select("organisation_id", "country"), on="organisation_id").filter(
        pl.col("country").is_not_null()
    )
    expected = m.group_by("programme_id", "country").agg(pl.col("organisation_id").n_unique().alias("organisations"))
    got = tables["members_by_country"].select("programme_id", "country", "organisations")
    assert got.sort("programme_id", "country").equals(expected.sort("programme_id", "country").cast(got.schema))


def test_generations_tie_partnerships_and_claims_to_their_calls(tables):
    generations = tables["generations"]
    assert set(generations["programme_id"]) == {"ESCP-4i", "ESCP-4X", "ESCP-S3", "EUROCLUSTERS", "INNOSUP-01"}
    third = _row(generations, generation_id="escp-4i-3rd-generation-from-2021")
    assert (third["call_id"], third["first_year"], third["source_id"]) == (
        "COS-CLUSINT-2020-3-01",
        2021,
        "klusterialoitteet-fi",
    )
    used = set(tables["partnerships"]["generation_id"].drop_nulls()) | set(
        tables["claims"]["generation_id"].drop_nulls()
    )
    assert used <= set(generations["generation_id"])
    placed = tables["partnerships"].filter(pl.col("generation").is_not_null())
    assert placed.height > 20 and (placed["generation_id"].is_not_null()).all()
