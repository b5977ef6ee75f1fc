"""Exchange registers, without a pipeline run: every format and language, the template, synthetic registers."""

import datetime as dt
from decimal import Decimal

import openpyxl
import polars as pl
import pytest

from pipelines.core.parsing import any_date
from pipelines.problems import InvalidData
from pipelines.raw.holders import read_register
from pipelines.raw.manifest import read_sources
from pipelines.tools.synthetic import LABEL, write
from pipelines.tools.template import TEMPLATE, header, register_fields, write_template
from schemas.model import header_key
from schemas.tables.exchanges import LANGUAGES
from tests.conftest import EXCHANGES, REPO, ingest, synthetic


def test_every_language_names_every_register_column():
    known = EXCHANGES.header_map()
    for f in register_fields():
        assert set(f.aliases) == set(LANGUAGES), f.name
        for language in LANGUAGES:
            assert known[header_key(header(f, language))] == f.name
    assert known[header_key("  DATE DE   Début ")] == "start_date"  # case and spaces do not matter


@pytest.mark.parametrize(
    "written, expected",
    [("2021-06-07", "2021-06-07"), ("07/06/2021", "2021-06-07"), ("7.6.2021", "2021-06-07"),
     ("07-06-2021", "2021-06-07"), ("44354", "2021-06-07"), ("44354.0", "2021-06-07"), ("31/02/2021", None),
     ("next week", None)],
)  # fmt: skip
def test_dates_are_read_in_iso_day_first_and_excel_serial_forms(written, expected):
    value = pl.select(any_date(pl.lit(written))).item()
    assert (value.isoformat() if value else None) == expected


@pytest.mark.parametrize(
    "suffix, language",
    [(".xlsx", "fr"), (".ods", "de"), (".csv", "fi"), (".csv", "es"), (".xlsx", "it"), (".ods", "en")],
)
def test_registers_in_each_format_and_language_ingest_cleanly(tmp_path, suffix, language):
    made = synthetic(300, seed=7, language=language, dates="mixed")
    write(made, tmp_path / f"register{suffix}", language)
    exchanges = ingest(tmp_path, f"register{suffix}")
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
    row = ingest(tmp_path, "r.csv").row(0, named=True)
    assert row["working_days"] == 5 and row["mode"] == "virtual" and row["partnership_id"] == "blues"
    assert row["exchange_id"].startswith("x-") and len(row["exchange_id"]) == 14


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
        ["CXC-1", "BLUES", "Cluster A", "FR", "Cluster B", "DE", dt.date(2021, 6, 7), dt.date(2021, 6, 11), 5,
         "virtual", 2, 780, "first"],
        ["CXC-2", "EPIX", "Cluster C", "EL", "Cluster D", "FI", dt.date(2022, 3, 1), dt.date(2022, 3, 3), 3,
         "physical", 1, 390, None],
    ]  # fmt: skip
    for r, values in enumerate(rows, start=2):
        for c, v in enumerate(values, start=1):
            sheet.cell(row=r, column=c, value=v)
    book.save(path)
    got = ingest(tmp_path, "filled.xlsx").sort("exchange_id")
    assert got.select(f.name for f in register_fields()[:13]).rows() == [  # the template's first 13 columns
        ("CXC-1", "blues", "Cluster A", "FR", "Cluster B", "DE", dt.date(2021, 6, 7), dt.date(2021, 6, 11), 5,
         "virtual", 2, Decimal("780.00"), "first"),
        ("CXC-2", "epix", "Cluster C", "GR", "Cluster D", "FI", dt.date(2022, 3, 1), dt.date(2022, 3, 3), 3,
         "physical", 1, Decimal("390.00"), None),
    ]  # fmt: skip
    assert got["raw_sheet"].to_list() == ["exchanges", "exchanges"] and got["raw_row"].to_list() == [2, 3]


def test_synthetic_registers_are_deterministic_and_labelled(tmp_path):
    a, b = synthetic(500, seed=9, violation_share=0.1), synthetic(500, seed=9, violation_share=0.1)
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
        assert "Synthetic" not in path.read_text(encoding="utf-8") and "SYNTHETIC" not in path.read_text(
            encoding="utf-8"
        )
    # only its README and the curated register of reported exchanges, which the manifest lists as such
    assert sorted(p.name for p in (REPO / "raw/exchanges").iterdir()) == ["README.md", "reported_exchanges.csv"]
    registers = read_sources(REPO / "raw").frame.filter(pl.col("register").is_not_null())
    assert registers.select("id", "register").rows() == [
        ("reported-clusterxchange-exchanges", "exchanges/reported_exchanges.csv")
    ]


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
    with pytest.raises(InvalidData, match=r"r.csv, row 2: \[encoding\] not UTF-8 text: byte 0xfa"):
        read_register(tmp_path, "r.csv", EXCHANGES)
