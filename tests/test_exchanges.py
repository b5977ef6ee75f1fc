"""ClusterXchange: registers in any format and language come in; every rule violation is located."""

import csv
import datetime as dt
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from frictionless import validate

from pipelines.core.exchanges import build_exchanges
from pipelines.core.parsing import any_date
from pipelines.problems import InvalidData
from pipelines.raw.manifest import read_sources
from pipelines.raw.holders import read_register
from pipelines.tools.synthetic import LABEL, VIOLATION_COLUMNS, generate, write
from pipelines.tools.template import TEMPLATE, header, register_fields, write_template
from pipelines.core.validation import check_schema
from schemas import TABLES
from schemas.model import header_key
from schemas.tables.exchanges import LANGUAGES, MODE_WORDS
from tests.conftest import REPO, add_register, run_pipeline

EXCHANGES = TABLES["exchanges"]
COUNTRIES = ["FR", "DE", "FI", "IT", "ES", "PL"]
PARTNERSHIPS = ["BLUES", "RECiPE4Mobility", "CLAMTEX"]


def _synthetic(rows=200, **kwargs):
    return generate(rows, partnerships=PARTNERSHIPS, countries=COUNTRIES, **kwargs)


def _ingest(root: Path, rel: str) -> pl.DataFrame:
    """A register through the reader and the core builder, checked against the schema."""
    manifest = pl.DataFrame({"id": ["synthetic"], "register": [rel]})
    raw = read_register(root, rel, EXCHANGES).frame
    exchanges, problems = build_exchanges(raw, manifest)
    assert problems == [] and check_schema(EXCHANGES, exchanges) == []
    return exchanges


def test_every_language_names_every_register_column():
    known = EXCHANGES.header_map()
    for f in register_fields():
        assert set(f.aliases) == set(LANGUAGES), f.name
        for language in LANGUAGES:
            assert known[header_key(header(f, language))] == f.name
    assert known[header_key("  DATE DE   Début ")] == "start_date"  # case and spaces do not matter


@pytest.mark.parametrize(
    "written, expected",
    [("2021-06-07", "2021-06-07"), ("07/06/2021", "2021-06-07"), ("7.6.2021", "2021-06-07"), ("07-06-2021", "2021-06-07"),
     ("44354", "2021-06-07"), ("44354.0", "2021-06-07"), ("31/02/2021", None), ("next week", None)],
)  # fmt: skip
def test_dates_are_read_in_iso_day_first_and_excel_serial_forms(written, expected):
    value = pl.select(any_date(pl.lit(written))).item()
    assert (value.isoformat() if value else None) == expected


@pytest.mark.parametrize("suffix, language", [(".xlsx", "fr"), (".ods", "de"), (".csv", "fi"), (".csv", "es"), (".xlsx", "it"), (".ods", "en")])
def test_registers_in_each_format_and_language_ingest_cleanly(tmp_path, suffix, language):
    made = _synthetic(300, seed=7, language=language, dates="mixed")
    write(made, tmp_path / f"register{suffix}", language)
    exchanges = _ingest(tmp_path, f"register{suffix}")
    assert exchanges.height == 300
    assert set(exchanges["mode"]) <= {"physical", "virtual", "hybrid"}  # mode words of every language understood
    by_visitor = {r["visiting_organisation"]: r for r in exchanges.iter_rows(named=True)}
    for row in made.frame.head(20).iter_rows(named=True):
        got = by_visitor[row["visiting_organisation"]]
        assert got["working_days"] == row["working_days"] and got["lump_sum_eur"] == Decimal(str(row["lump_sum_eur"]))
        assert got["start_date"] >= dt.date(2020, 9, 1) and got["end_date"] >= got["start_date"]


def test_a_register_without_ids_or_working_days_gets_them_derived(tmp_path):
    (tmp_path / "r.csv").write_text(
        "Partnership;Visitor;Visiting country;Host;Host country;Start date;End date;Mode\n"
        "BLUES;Cluster A;FR;Cluster B;DE;07/06/2021;11/06/2021;online\n",
        encoding="utf-8",
    )
    row = _ingest(tmp_path, "r.csv").row(0, named=True)
    assert row["working_days"] == 5 and row["mode"] == "virtual" and row["partnership_id"] == "blues"
    assert row["exchange_id"].startswith("x-") and len(row["exchange_id"]) == 14


@pytest.fixture(scope="module")
def cxc_release(tmp_path_factory):
    """The real raw/ plus two synthetic registers (French .xlsx, Finnish .csv), published."""
    import shutil

    base = tmp_path_factory.mktemp("cxc")
    raw = Path(shutil.copytree(REPO / "raw", base / "raw"))
    first, second = _synthetic(250, seed=1, language="fr"), _synthetic(150, seed=2, language="fi", dates="dayfirst")
    second = replace(second, frame=second.frame.with_columns(pl.col("visiting_organisation").str.replace("cluster", "cluster B")))
    add_register(raw, first, "SYNTHETIC-fr.xlsx", "fr")
    add_register(raw, second, "SYNTHETIC-fi.csv", "fi")
    run = run_pipeline(raw, base / "published")
    assert run.success, run.report
    frames = pl.concat([first.frame, second.frame])
    return run, frames


def test_published_aggregates_match_an_independent_count(cxc_release):
    run, rows = cxc_release
    data = run.published / "clusterxchange" / "latest" / "data"
    starts = [_date(v) for v in rows["start_date"]]
    words = {w: v for language in MODE_WORDS.values() for w, v in language.items()}
    modes = [words.get(m, m) for m in rows["mode"]]
    expected = Counter(zip([d.year for d in starts], modes))
    got = {(r["year"], r["mode"]): r["exchanges"] for r in pl.read_parquet(data / "exchanges_by_year_mode.parquet").iter_rows(named=True)}
    assert got == dict(expected)
    flows = Counter(zip(rows["visiting_country"], rows["host_country"]))
    assert {(r["visiting_country"], r["host_country"]): r["exchanges"] for r in pl.read_parquet(data / "exchange_flows.parquet").iter_rows(named=True)} == dict(flows)
    bands = Counter(next(b for b, lo, hi in [("3-4", 3, 4), ("5-9", 5, 9), ("10-14", 10, 14), ("15-19", 15, 19), ("20+", 20, 99)] if lo <= d <= hi) for d in rows["working_days"])
    durations = pl.read_parquet(data / "exchange_durations.parquet")
    assert durations["exchanges"].to_list() == [bands[b] for b in ("3-4", "5-9", "10-14", "15-19", "20+")]
    lump = pl.read_parquet(data / "exchange_lump_sums.parquet")
    assert sum(lump["lump_sum_eur"]) == Decimal(str(sum(rows["lump_sum_eur"]))) and sum(lump["exchanges"]) == 400
    per = {r["partnership_id"]: r["exchanges"] for r in pl.read_parquet(data / "exchanges_by_partnership.parquet").iter_rows(named=True)}
    assert per["blues"] == sum(rows["partnership_id"] == "BLUES") and per["epix"] == 0
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
    made = _synthetic(400, seed=3, violation_share=0.05, language="de")
    rel = add_register(raw, made, "SYNTHETIC-bad.xlsx", "de")
    run = run_pipeline(raw, tmp_path / "published")
    assert not run.success and not (tmp_path / "published" / "clusterxchange").exists()
    assert len(made.violations) == 20 and set(made.violations.values()) == set(VIOLATION_COLUMNS)
    for row, kind in made.violations.items():
        assert f"{rel}, sheet 'exchanges', row {row}, column '{VIOLATION_COLUMNS[kind]}'" in run.report, kind


def test_thousands_of_bad_rows_are_all_in_the_problem_report(raw, tmp_path):
    made = _synthetic(5000, seed=4, violation_share=0.05)
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
        ("too_short", "at_least_3_working_days", "breaks the rule 'An exchange lasts at least 3 working days, travel excluded.' (working_days=2)"),
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
    line = next(line for line in report.splitlines() if f"{rel}, sheet 'exchanges', row {row}, column '{VIOLATION_COLUMNS[kind]}'" in line and f"[{rule}]" in line)
    assert message in line


@pytest.fixture(scope="module")
def cxc_bad_report(tmp_path_factory):
    import shutil

    base = tmp_path_factory.mktemp("cxc-bad")
    raw = Path(shutil.copytree(REPO / "raw", base / "raw"))
    made = _synthetic(120, seed=11, violation_share=0.05)
    rel = add_register(raw, made, "SYNTHETIC-rules.xlsx")
    run = run_pipeline(raw, base / "published")
    assert not run.success
    return run.report, made, rel


def test_an_unsure_cosme_country_is_kept_with_a_warning(raw, tmp_path):
    made = _synthetic(30, seed=5)
    made = replace(made, frame=made.frame.with_columns(pl.when(pl.int_range(pl.len()) == 0).then(pl.lit("UK")).otherwise(pl.col("host_country")).alias("host_country")))
    add_register(raw, made, "SYNTHETIC-uk.csv")
    run = run_pipeline(raw, tmp_path / "published")
    assert run.success, run.report
    assert "1 exchange(s) with a country of unsure COSME status" in run.warnings["core_exchanges:countries_certainly_in_cosme"]
    published = pl.read_parquet(tmp_path / "published/clusterxchange/latest/data/exchanges.parquet")
    assert published.height == 30 and "GB" in published["host_country"].to_list()


def test_the_real_run_publishes_an_empty_exchanges_resource_with_its_schema(release):
    folder = release.published / "clusterxchange" / "latest"
    assert validate(str(folder / "datapackage.json")).valid
    assert (folder / "data/exchanges.csv").read_text().strip() == ",".join(EXCHANGES.column_names)
    assert pl.read_parquet(folder / "data/exchanges.parquet").height == 0
    assert pl.read_parquet(folder / "data/exchange_durations.parquet")["exchanges"].to_list() == [0, 0, 0, 0, 0]
    figures = pl.read_parquet(folder / "data/programme_figures.parquet")
    stated = {(r["metric"], int(r["value"])) for r in figures.iter_rows(named=True)}
    assert {("exchanges", 34), ("virtual_exchanges", 80), ("expected_exchanges", 600), ("min_exchange_duration", 3)} <= stated
    countries = pl.read_parquet(folder / "data/cosme_countries.parquet")
    assert countries.height == 39 and set(countries.filter(status="unsure")["country"]) == {"GB", "XK"}


def test_the_template_is_generated_from_the_schema_and_committed_up_to_date(tmp_path):
    fresh = write_template(REPO / "raw", tmp_path / "template.xlsx")
    assert fresh.read_bytes() == (REPO / "raw" / TEMPLATE).read_bytes(), "run `python -m pipelines template`"
    book = openpyxl.load_workbook(fresh)
    assert [c.value for c in book["exchanges"][1]] == [header(f) for f in register_fields()]
    lists = {str(dv.sqref): dv.formula1 for dv in book["exchanges"].data_validations.dataValidation}
    assert lists == {"D2:D5001": "lists!$B$2:$B$40", "F2:F5001": "lists!$B$2:$B$40", "J2:J5001": "lists!$A$2:$A$4"}
    assert [c.value for c in book["lists"]["A"][1:4]] == ["physical", "virtual", "hybrid"]
    described = {row[1].value for row in book["columns"].iter_rows(min_row=2)}
    assert described == {f.name for f in register_fields()}


def test_a_filled_in_template_round_trips(tmp_path):
    path = write_template(REPO / "raw", tmp_path / "filled.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["exchanges"]
    rows = [
        ["CXC-1", "BLUES", "Cluster A", "FR", "Cluster B", "DE", dt.date(2021, 6, 7), dt.date(2021, 6, 11), 5, "virtual", 2, 780, "first"],
        ["CXC-2", "EPIX", "Cluster C", "EL", "Cluster D", "FI", dt.date(2022, 3, 1), dt.date(2022, 3, 3), 3, "physical", 1, 390, None],
    ]  # fmt: skip
    for r, values in enumerate(rows, start=2):
        for c, v in enumerate(values, start=1):
            sheet.cell(row=r, column=c, value=v)
    book.save(path)
    got = _ingest(tmp_path, "filled.xlsx").sort("exchange_id")
    assert got.select(EXCHANGES.column_names[:13]).rows() == [
        ("CXC-1", "blues", "Cluster A", "FR", "Cluster B", "DE", dt.date(2021, 6, 7), dt.date(2021, 6, 11), 5, "virtual", 2, Decimal("780.00"), "first"),
        ("CXC-2", "epix", "Cluster C", "GR", "Cluster D", "FI", dt.date(2022, 3, 1), dt.date(2022, 3, 3), 3, "physical", 1, Decimal("390.00"), None),
    ]  # fmt: skip
    assert got["raw_sheet"].to_list() == ["exchanges", "exchanges"] and got["raw_row"].to_list() == [2, 3]


def test_synthetic_registers_are_deterministic_and_labelled(tmp_path):
    a, b = _synthetic(500, seed=9, violation_share=0.1), _synthetic(500, seed=9, violation_share=0.1)
    assert a.frame.equals(b.frame) and a.violations == b.violations and len(a.violations) == 50
    assert (a.frame["notes"] == LABEL).all() and a.frame["visiting_organisation"].str.starts_with("Synthetic").all()
    for suffix in (".csv", ".xlsx", ".ods"):
        assert write(a, tmp_path / f"a{suffix}").read_bytes() == write(b, tmp_path / f"b{suffix}").read_bytes()


def test_synthetic_registers_are_refused_inside_raw_and_published():
    from pipelines.__main__ import main

    assert main(["synthetic", str(REPO / "raw/exchanges/nope.csv"), "--rows", "100"]) == 2
    assert not (REPO / "raw/exchanges/nope.csv").exists()


def test_no_synthetic_data_is_published():
    for path in (REPO / "published").rglob("*.csv"):
        assert "Synthetic" not in path.read_text(encoding="utf-8") and "SYNTHETIC" not in path.read_text(encoding="utf-8")
    assert not list((REPO / "raw/exchanges").glob("*.*[!d]"))  # only its README
    assert read_sources(REPO / "raw").frame.filter(pl.col("register").is_not_null()).is_empty()


def test_csv_registers_keep_spreadsheet_row_numbers_across_blank_lines(tmp_path):
    (tmp_path / "r.csv").write_text(
        "Partnership,Visitor,Visiting country,Host,Host country,Start date,End date,Mode\n"
        "BLUES,Cluster A,FR,Cluster B,DE,2021-06-07,2021-06-11,virtual\n"
        ",,,,,,,\n"
        "\n"
        'BLUES,"Cluster\nC",FR,Cluster D,DE,2021-06-07,2021-06-11,virtual\n',
        encoding="utf-8",
    )
    frame = read_register(tmp_path, "r.csv", EXCHANGES).frame
    assert frame.select("visiting_organisation", "raw_row").rows() == [("Cluster A", 2), ("Cluster\nC", 5)]


def test_a_register_that_is_not_utf8_is_named(tmp_path):
    (tmp_path / "r.csv").write_bytes("Partnership;Visitor\nBLUES;Clúster\n".encode("latin-1"))
    with pytest.raises(InvalidData, match=r"r.csv: \[encoding\] not UTF-8 text"):
        read_register(tmp_path, "r.csv", EXCHANGES)
