"""ClusterXchange: registers in any format and language come in; every rule violation is located."""

import csv
import datetime as dt
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from frictionless import validate

from pipelines.tools.synthetic import VIOLATION_COLUMNS
from pipelines.tools.template import header, register_fields
from schemas.tables.exchanges import MODE_WORDS
from tests.conftest import EXCHANGES, REPO, add_register, edit_csv, find_row, run_pipeline, synthetic


@pytest.fixture(scope="module")
def cxc_release(tmp_path_factory):
    """The real raw/ plus two synthetic registers (French .xlsx, Finnish .csv), published."""
    import shutil

    base = tmp_path_factory.mktemp("cxc")
    raw = Path(shutil.copytree(REPO / "raw", base / "raw"))
    first, second = synthetic(250, seed=1, language="fr"), synthetic(150, seed=2, language="fi", dates="dayfirst")
    second = replace(
        second, frame=second.frame.with_columns(pl.col("visiting_organisation").str.replace("cluster", "cluster B"))
    )
    add_register(raw, first, "SYNTHETIC-fr.xlsx", "fr")
    add_register(raw, second, "SYNTHETIC-fi.csv", "fi")
    run = run_pipeline(raw, base / "published")
    assert run.success, run.report
    frames = pl.concat([first.frame, second.frame])
    return run, frames


REPORTED = "exchanges/reported_exchanges.csv"
NOT_STATED = "not stated"


def _reported() -> pl.DataFrame:
    """The curated register of reported exchanges as plain text, its English headers turned into field names."""
    titles = {header(f): f.name for f in register_fields()}
    frame = pl.read_csv(REPO / "raw" / REPORTED, infer_schema=False)
    return frame.rename({c: titles[c] for c in frame.columns if c in titles})


def test_published_aggregates_match_an_independent_count(cxc_release):
    run, rows = cxc_release
    data = run.published / "clusterxchange" / "latest" / "data"
    reported = _reported()
    words = {w: v for language in MODE_WORDS.values() for w, v in language.items()}
    years = [str(_date(v).year) for v in rows["start_date"]] + [
        v[:4] if v else NOT_STATED for v in reported["start_date"]
    ]
    modes = [words.get(m, m) for m in rows["mode"]] + [m or NOT_STATED for m in reported["mode"]]
    got = {
        (r["year"], r["mode"]): r["exchanges"]
        for r in pl.read_parquet(data / "exchanges_by_year_mode.parquet").iter_rows(named=True)
    }
    assert got == dict(Counter(zip(years, modes)))
    flows = Counter(zip(rows["visiting_country"], rows["host_country"])) + Counter(
        (v or NOT_STATED, h or NOT_STATED) for v, h in zip(reported["visiting_country"], reported["host_country"])
    )
    assert {
        (r["visiting_country"], r["host_country"]): r["exchanges"]
        for r in pl.read_parquet(data / "exchange_flows.parquet").iter_rows(named=True)
    } == dict(flows)
    bands = Counter(
        next(
            b
            for b, lo, hi in [("3-4", 3, 4), ("5-9", 5, 9), ("10-14", 10, 14), ("15-19", 15, 19), ("20+", 20, 99)]
            if lo <= d <= hi
        )
        for d in rows["working_days"]
    )
    bands["not stated"] = sum(d is None for d in reported["working_days"])  # pages state no length: none derived
    durations = pl.read_parquet(data / "exchange_durations.parquet")
    assert durations["exchanges"].to_list() == [bands[b] for b in ("3-4", "5-9", "10-14", "15-19", "20+", NOT_STATED)]
    lump = pl.read_parquet(data / "exchange_lump_sums.parquet")
    assert sum(lump["lump_sum_eur"]) == Decimal(str(sum(rows["lump_sum_eur"])))
    assert sum(lump["exchanges"]) == 400 + reported.height
    per = {
        r["partnership_id"]: r["exchanges"]
        for r in pl.read_parquet(data / "exchanges_by_partnership.parquet").iter_rows(named=True)
    }
    assert per["blues"] == sum(rows["partnership_id"] == "BLUES") and per["epix"] == 0
    assert per["hempclub"] == reported.filter(partnership_id="HempCluB").height == 4
    assert validate(str(run.published / "clusterxchange" / "latest" / "datapackage.json")).valid


def _date(value: str) -> dt.date:
    if value.isdigit():
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            pass
    raise ValueError(value)


def test_five_percent_bad_rows_are_all_reported_in_one_run(raw, tmp_path):
    made = synthetic(400, seed=3, violation_share=0.05, language="de")
    rel = add_register(raw, made, "SYNTHETIC-bad.xlsx", "de")
    run = run_pipeline(raw, tmp_path / "published")
    assert not run.success and not (tmp_path / "published" / "clusterxchange").exists()
    assert len(made.violations) == 20 and set(made.violations.values()) == set(VIOLATION_COLUMNS)
    for row, kind in made.violations.items():
        assert f"{rel}, sheet 'exchanges', row {row}, column '{VIOLATION_COLUMNS[kind]}'" in run.report, kind


def test_thousands_of_bad_rows_are_all_in_the_problem_report(raw, tmp_path):
    made = synthetic(5000, seed=4, violation_share=0.05)
    rel = add_register(raw, made, "SYNTHETIC-many.csv")
    run = run_pipeline(raw, tmp_path / "published")
    assert not run.success and "… and" in run.report  # the printed report stops at 200 problems
    with (raw.parent / "problems" / "core_exchanges_matches_schema.csv").open(encoding="utf-8") as f:
        reported = {(r["file"], int(r["row"]), r["column"]) for r in csv.DictReader(f)}
    assert len(made.violations) == 250
    assert {(rel, row, VIOLATION_COLUMNS[kind]) for row, kind in made.violations.items()} <= reported


@pytest.mark.parametrize(
    "kind, rule, message",
    [
        (
            "too_short",
            "at_least_3_working_days",
            "breaks the rule 'An exchange lasts at least 3 working days, travel excluded.' (working_days=2)",
        ),
        ("too_long", "at_most_1_month", "breaks the rule 'An exchange lasts at most one month.'"),
        ("visitor_twice", "unique", "appears in more than one row"),
        ("non_cosme_country", "cosme_country", "'CH' is not a COSME participating country"),
        ("end_before_start", "end_not_before_start", "breaks the rule 'The end is not before the start.'"),
        ("unknown_mode", "allowed_values", "'teleport' is not one of physical, virtual, hybrid"),
    ],
)
def test_each_rule_violation_names_file_sheet_row_column_and_rule(cxc_bad_report, kind, rule, message):
    report, made, rel = cxc_bad_report
    row = next(r for r, k in made.violations.items() if k == kind)
    line = next(
        line
        for line in report.splitlines()
        if f"{rel}, sheet 'exchanges', row {row}, column '{VIOLATION_COLUMNS[kind]}'" in line and f"[{rule}]" in line
    )
    assert message in line


@pytest.fixture(scope="module")
def cxc_bad_report(tmp_path_factory):
    import shutil

    base = tmp_path_factory.mktemp("cxc-bad")
    raw = Path(shutil.copytree(REPO / "raw", base / "raw"))
    made = synthetic(120, seed=11, violation_share=0.05)
    rel = add_register(raw, made, "SYNTHETIC-rules.xlsx")
    run = run_pipeline(raw, base / "published")
    assert not run.success
    return run.report, made, rel


def test_an_unsure_cosme_country_is_kept_with_a_warning(raw, tmp_path):
    cosme = raw / "registers/cosme_countries.csv"
    edit_csv(cosme, find_row(cosme, "country", "GB"), status="unsure")
    for path in (raw / "evidence").glob("*.csv"):  # the words for 'participating' no longer hold: a test's own
        with path.open(newline="", encoding="utf-8") as f:
            rows = [r for r in csv.reader(f) if r[:3] != ["cosme_countries", "GB", "status"]]
        with path.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)
    with (raw / "evidence/zz-test.csv").open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(
            [
                ["table", "key", "field", "source", "quote", "basis", "notes"],
                [
                    "cosme_countries",
                    "GB",
                    "status",
                    "zinnae-project-blues",
                    "whether the UK takes part is unclear",
                    "stated",
                    "SYNTHETIC evidence written by a test",
                ],
            ]
        )
    made = synthetic(30, seed=5)
    made = replace(
        made,
        frame=made.frame.with_columns(
            pl.when(pl.int_range(pl.len()) == 0)
            .then(pl.lit("UK"))
            .otherwise(pl.col("host_country"))
            .alias("host_country")
        ),
    )
    add_register(raw, made, "SYNTHETIC-uk.csv")
    run = run_pipeline(raw, tmp_path / "published")
    assert run.success, run.report
    assert (
        "1 exchange(s) with a country of unsure COSME status"
        in run.warnings["core_exchanges:countries_certainly_in_cosme"]
    )
    published = pl.read_parquet(tmp_path / "published/clusterxchange/latest/data/exchanges.parquet")
    synthetic_rows = published.filter(~pl.col("reported"))
    assert synthetic_rows.height == 30 and "GB" in synthetic_rows["host_country"].to_list()


def test_the_real_run_publishes_the_reported_exchanges_each_with_its_page(release):
    folder = release.published / "clusterxchange" / "latest"
    assert validate(str(folder / "datapackage.json")).valid
    exchanges = pl.read_parquet(folder / "data/exchanges.parquet")
    assert exchanges.height == _reported().height == 10 and exchanges["reported"].all()
    assert (folder / "data/exchanges.csv").read_text().splitlines()[0] == ",".join(EXCHANGES.column_names)
    sources = pl.read_parquet(folder / "data/sources.parquet")
    assert exchanges["source_url"].is_not_null().all()  # a page, not the curated register, states each row
    assert set(exchanges["source_id"]) <= set(sources.filter(pl.col("url").is_not_null())["source_id"])
    assert set(exchanges.explode("further_source_urls")["further_source_urls"].drop_nulls()) <= set(sources["url"])
    sciomics = exchanges.filter(visiting_organisation="Sciomics GmbH").row(0, named=True)
    assert (sciomics["partnership_id"], sciomics["host_organisation"], sciomics["mode"]) == (
        "celis",
        "Danish Life Science Cluster",
        "virtual",
    )
    assert sciomics["start_date"] is None and sciomics["working_days"] is None  # the page states neither
    durations = pl.read_parquet(folder / "data/exchange_durations.parquet")
    assert durations["band"][-1] == "not stated" and durations["exchanges"].to_list() == [0, 0, 0, 0, 0, 10]
    by_year = pl.read_parquet(folder / "data/exchanges_by_year_mode.parquet")
    assert by_year["exchanges"].sum() == 10 and ("not stated", "not stated") in set(
        zip(by_year["year"], by_year["mode"])
    )
    events = pl.read_parquet(folder / "data/exchange_events.parquet")
    assert events.height == 25 and events["source_url"].is_not_null().all()
    # EXCITE is not a partnership of ours (no page read states its programme): its exchange and five missions
    # stay, with no partnership
    assert exchanges.filter(visiting_organisation="PEER Group GmbH")["partnership_id"].to_list() == [None]
    assert events.filter(pl.col("event").str.contains("Dresden"))["partnership_id"].to_list() == [None]
    assert events.filter(event="business mission to Dresden").select("visitors", "visitors_unit").row(0) == (
        16,
        "organisations",
    )
    figures = pl.read_parquet(folder / "data/programme_figures.parquet")
    stated = {
        (r["metric"], int(r["value"]))
        for r in figures.filter(pl.col("dimension").is_null()).iter_rows(named=True)
        if r["value"] is not None
    }
    assert {
        ("exchanges", 34),
        ("virtual_exchanges", 80),
        ("expected_exchanges", 600),
        ("min_exchange_duration", 3),
    } <= stated
    countries = pl.read_parquet(folder / "data/cosme_countries.parquet")
    assert countries.height == 39 and countries.filter(status="unsure").is_empty()  # GB and XK are sourced now


def test_coverage_sets_the_reported_exchanges_beside_the_stated_totals(release):
    coverage = pl.read_parquet(release.published / "eu-cluster-partnerships/latest/data/coverage.parquet")
    cxc = {r["metric"]: r for r in coverage.filter(programme_id="CXC").iter_rows(named=True)}
    assert (cxc["exchanges"]["stated_max"], cxc["exchanges"]["registered"], cxc["exchanges"]["ratio"]) == (
        34,
        10,
        0.294,
    )
    assert (cxc["virtual_exchanges"]["stated_max"], cxc["virtual_exchanges"]["registered"]) == (80, 2)
    assert cxc["virtual_exchanges"]["ratio"] == 0.025
    assert (cxc["expected_exchanges"]["stated_max"], cxc["expected_exchanges"]["ratio"]) == (600, 0.017)


def test_a_reported_exchange_stated_as_two_working_days_stops_the_run(raw, tmp_path):
    path = raw / REPORTED
    row = find_row(path, "Visiting organisation", "PEER Group GmbH")
    edit_csv(path, row, **{"Working days": "2"})
    run = run_pipeline(raw, tmp_path / "published")
    assert not run.success and not (tmp_path / "published" / "clusterxchange").exists()
    assert f"{REPORTED}, row {row}, column 'working_days'" in run.report and "[at_least_3_working_days]" in run.report
