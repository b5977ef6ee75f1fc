"""Every value from a source that states it: the audit of release 1.0.0, as a specification.

Each test names the finding it guards against; each failed on the data as 1.0.0 published it.
"""

import csv
import unicodedata
from decimal import Decimal

import polars as pl
import pytest

from tests.conftest import REPO, failure_report

PACKAGE = "eu-cluster-partnerships"
EVIDENCE = "evidence/zz-test.csv"
HEADER = ["table", "key", "field", "source", "quote", "basis", "notes"]


@pytest.fixture(scope="module")
def tables(release) -> dict[str, pl.DataFrame]:
    data = release.published / PACKAGE / "latest" / "data"
    cxc = release.published / "clusterxchange" / "latest" / "data"
    return {p.stem: pl.read_parquet(p) for p in [*data.glob("*.parquet"), *cxc.glob("cosme_countries.parquet")]}


def _row(frame: pl.DataFrame, **where) -> dict:
    rows = frame.filter(**where).to_dicts()
    assert len(rows) == 1, where
    return rows[0]


def _statements(tables, table: str, key: str, field: str) -> list[dict]:
    return tables["statements"].filter(table_name=table, row_key=key, field_name=field).to_dicts()


def test_no_invented_call_id_keys_a_call_generation_or_partnership(tables):
    """1. ESCP-4X-2021-02-02 was made up; the call document names COS-CLUSTER-2020-3-03."""
    calls = tables["calls"]
    assert calls.filter(~pl.col("official_id")).is_empty()
    assert "ESCP-4X-2021-02-02" not in set(calls["call_id"]) | set(tables["partnerships"]["call_id"].drop_nulls())
    second = _row(tables["generations"], generation_id="escp-4x-2nd-generation-2022-2024")
    assert second["call_id"] == "COS-CLUSTER-2020-3-03"
    call = _row(calls, call_id="COS-CLUSTER-2020-3-03")
    assert (str(call["opening_date"]), str(call["deadline_date"]), call["budget_eur"]) == (
        "2020-11-03",
        "2021-02-02",
        Decimal("6000000.00"),
    )
    links = _statements(tables, "generations", "escp-4x-2nd-generation-2022-2024", "call_id")
    assert links and all("COS-CLUSTER-2020-3-03" in link["quote"] for link in links)


def test_every_published_value_traces_to_a_listed_source(tables):
    statements = tables["statements"]
    assert set(statements["source_id"]) <= set(tables["sources"]["source_id"])
    partnerships = tables["partnerships"]
    traced = statements.filter(table_name="partnerships", field_name="acronym")
    assert traced["row_key"].n_unique() == partnerships.height  # every row's acronym, each with its words
    for table in ("partnerships", "calls", "organisations", "generations"):
        frame = tables[table]
        keyed = statements.filter(table_name=table)
        assert keyed["row_key"].n_unique() == frame.height, table


def _evidence(raw, *rows: list[str]) -> None:
    with (raw / EVIDENCE).open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([HEADER, *rows])


def test_evidence_citing_an_unlisted_page_or_a_missing_value_fails(raw, tmp_path):
    _evidence(
        raw,
        ["partnerships", "blues", "acronym", "https://example.org/not-listed", "BLUES", "stated", ""],
        ["partnerships", "no-such-partnership", "grant_id", "https://zinnae.org/en/project/blues/", "1", "stated", ""],
    )
    report = failure_report(raw, tmp_path)
    assert "'https://example.org/not-listed' is neither the url nor the id of a source" in report
    assert f"{EVIDENCE}, row 3, column 'key': [unknown_value]" in report


def _folded(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return "".join(c for c in text if c.isalnum())


def test_no_organisation_appears_under_two_ids(tables):
    """3. scs / pole-scs, citta-studi / po-in-tex, otir-2020 / NTT were one organisation each."""
    organisations = tables["organisations"]
    names: dict[str, str] = {}
    for o in organisations.iter_rows(named=True):
        for name in [o["name"], *(o["alternative_names"] or [])]:
            assert names.setdefault(_folded(name), o["organisation_id"]) == o["organisation_id"], name
    ids = set(organisations["organisation_id"])
    assert {"pole-scs", "citta-studi-biella", "next-technology-tecnotessile-ntt", "nextmove"} <= ids
    assert not {"scs", "citta-studi", "otir-2020", "moveo-nextmove"} & ids
    renamed = _row(organisations, organisation_id="piemonte-innova")
    assert "Fondazione Torino Wireless" in renamed["alternative_names"]
    assert renamed["source_id"] == "comune-torino-cittagora-18702"


def test_ranges_and_caps_are_not_published_as_exact_values(tables):
    """4. '2.5-5 M' is a range, 'up to 16' a cap, '~2.6 M' an estimate."""
    calls = tables["calls"]
    innosup = _row(calls, call_id="INNOSUP-01-2018-2020")
    assert (innosup["min_grant_eur"], innosup["max_grant_eur"]) == (Decimal("2500000.00"), Decimal("5000000.00"))
    euroclusters = _row(calls, call_id="SMP-COSME-2024-CLUSTER-01")
    assert (euroclusters["expected_funded"], euroclusters["expected_funded_qualifier"]) == (16, "up_to")
    assert euroclusters["max_grant_qualifier"] == "approximately"
    strands = tables["claims"].filter(metric="max_grant_eur").sort("value")
    assert strands.select("dimension", "value").rows() == [
        ("strands 1.a and 1.b", Decimal("200000.00")),
        ("strand 2", Decimal("448750.00")),
    ]


def test_no_end_date_is_computed_from_a_start_and_a_duration(tables):
    """5. An end that is exactly start + duration is published only where a page states it."""
    p = tables["partnerships"].filter(
        pl.col("start_date").is_not_null() & pl.col("end_date").is_not_null() & pl.col("duration_months").is_not_null()
    )
    computed = p.filter(
        pl.col("start_date").dt.offset_by(pl.format("{}mo", pl.col("duration_months") - 1)).dt.month_start()
        == pl.col("end_date").dt.month_start()
    )
    for r in computed.iter_rows(named=True):
        stated = _statements(tables, "partnerships", r["partnership_id"], "end_date")
        assert stated and all(s["quote"] for s in stated), r["acronym"]
    for acronym in ("MobiGoIn-Action", "EXXTRA", "RECiPE4Mobility", "AgriFoodX5.0"):  # computed in 1.0.0
        row = _row(tables["partnerships"], acronym=acronym)
        stated = _statements(tables, "partnerships", row["partnership_id"], "end_date")
        assert row["end_date"] is None or (stated and stated[0]["quote"]), acronym
    first_wave = _row(tables["generations"], generation_id="escp-4x-1st-wave-2020-2022")
    assert first_wave["last_year"] is None


def test_conflicts_compare_like_with_like_and_say_what_kind_they_are(tables):
    """6. A launch-day count against a whole generation differs by date; 'up to 26' keeps 25."""
    conflicts = tables["claim_conflicts"]
    launch = conflicts.filter((pl.col("period_a") == "2016-03-08") | (pl.col("period_b") == "2016-03-08"))
    exact = launch.filter((pl.col("qualifier_a") != "up_to") & (pl.col("qualifier_b") != "up_to"))
    assert exact.height >= 4 and set(exact["kind"]) == {"differs_by_date"}
    bound = conflicts.filter(qualifier_a="up_to").vstack(conflicts.filter(qualifier_b="up_to"))
    assert not bound.is_empty() and set(bound["kind"]) == {"within_bound"}
    contradictions = conflicts.filter(kind="contradiction")
    assert (contradictions["period_a"].fill_null("") == contradictions["period_b"].fill_null("")).all()
    recipient = _row(conflicts, metric="lump_sum_recipient")
    assert {recipient["value_text_a"], recipient["value_text_b"]} == {
        "visiting organisation",
        "sending cluster organisation",
    }


def test_coverage_compares_like_with_like(tables):
    """7. INNOSUP's 24 projects of 2015-2019 are compared with projects of those calls, not AMULET (2020)."""
    coverage = tables["coverage"]
    innosup = _row(coverage, programme_id="INNOSUP-01", generation="projects of 2015-2019", metric="partnerships")
    counted = tables["partnerships"].filter(generation="projects of 2015-2019")
    assert innosup["registered"] == counted.height and "amulet" not in counted["partnership_id"].to_list()
    cohort = _row(coverage, programme_id="ESCP-4i", generation="2019 call (2020-2022)", metric="partnerships")
    assert cohort["stated_max"] is None and cohort["registered"] >= 2


def test_sourced_data_that_was_dropped_is_back(tables):
    """8. AMULET members' countries; GB (a member state until 2020) and Kosovo (in the 2018 report)."""
    members = tables["partnership_members"].filter(partnership_id="amulet")
    countries = members.join(tables["organisations"], on="organisation_id")["country"]
    assert members.height == 13 and countries.null_count() == 0
    cosme = tables["cosme_countries"]
    assert _row(cosme, country="GB")["status"] == "participating"
    assert _row(cosme, country="XK")["source_id"] == "eurlex-52021dc0685"


def test_caveats_readers_need_are_published(tables):
    """9. A note that qualifies a value is in the published notes, not only in the private curator notes."""
    with (REPO / "raw/registers/partnerships.csv").open(encoding="utf-8") as f:
        registered = {r["acronym"]: r for r in csv.DictReader(f)}
    noted = {a for a, r in registered.items() if r["notes"]}
    published = dict(tables["partnerships"].select("acronym", "notes").rows())
    assert noted and all(published[a] == registered[a]["notes"] for a in noted)
    assert "curator_notes" not in tables["partnerships"].columns
    assert any(r["curator_notes"] for r in registered.values())


def test_evidence_must_still_pass_its_rules(raw, tmp_path):
    _evidence(raw, ["invoices", "blues", "acronym", "https://zinnae.org/en/project/blues/", "BLUES", "stated", ""])
    assert f"{EVIDENCE}, row 2, column 'table': [allowed_values]" in failure_report(raw, tmp_path)


UNPLACED = REPO / "raw" / "research" / "unplaced_generations.csv"


def test_a_partnership_without_a_generation_says_why(tables):
    """10. Coverage compares like with like only if every partnership of a programme with generations has one:
    each that no page places is listed, with what was searched, in raw/research/unplaced_generations.csv, and
    only those."""
    with UNPLACED.open(encoding="utf-8", newline="") as f:
        listed = {r["partnership_id"]: r["reason"] for r in csv.DictReader(f)}
    with_generations = tables["generations"]["programme_id"].unique().to_list()
    unplaced = tables["partnerships"].filter(
        pl.col("programme_id").is_in(with_generations) & pl.col("generation_id").is_null()
    )
    assert sorted(unplaced["partnership_id"]) == sorted(listed), "listed and unplaced differ"
    assert all(len(reason.split()) >= 5 for reason in listed.values()), "a reason says what was searched"
