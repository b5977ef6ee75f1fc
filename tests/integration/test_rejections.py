"""Broken registers are rejected with a message naming file, sheet, row, column and rule.

Each test breaks one cell of a copy of the real raw/ and runs the whole pipeline on it.
"""

import openpyxl
import pytest

from tests.conftest import edit_csv, failure_report, find_row

PARTNERSHIPS = "registers/partnerships.csv"
MEMBERS = "registers/partnership_members.csv"
ORGANISATIONS = "registers/organisations.csv"


def test_a_country_code_not_in_iso_3166(raw, tmp_path):
    row = find_row(raw / ORGANISATIONS, "organisation", "Vitagora")
    edit_csv(raw / ORGANISATIONS, row, country="FX")
    report = failure_report(raw, tmp_path)
    assert (
        f"{ORGANISATIONS}, row {row}, column 'country': [allowed_values] 'FX' is not an ISO 3166-1 alpha-2 country code"
        in report
    )


def test_a_target_country_not_in_iso_3166(raw, tmp_path):
    row = find_row(raw / PARTNERSHIPS, "acronym", "EC2i")
    edit_csv(raw / PARTNERSHIPS, row, target_countries="CN; USA")
    assert (
        f"{PARTNERSHIPS}, row {row}, column 'target_countries': [allowed_values] "
        "'USA' is not an ISO 3166-1 alpha-2 country code" in failure_report(raw, tmp_path)
    )


def test_an_end_before_the_start(raw, tmp_path):
    row = find_row(raw / PARTNERSHIPS, "acronym", "TEX4IM")
    edit_csv(raw / PARTNERSHIPS, row, end_date="2018-09")
    report = failure_report(raw, tmp_path)
    assert f"{PARTNERSHIPS}, row {row}, column 'start_date, end_date': [end_not_before_start]" in report
    assert "(start_date=2018-10-01, end_date=2018-09-30)" in report  # an end month is its last day


def test_a_duplicate_id(raw, tmp_path):
    first = find_row(raw / PARTNERSHIPS, "acronym", "BLUES")
    second = find_row(raw / PARTNERSHIPS, "acronym", "CELIS")
    edit_csv(raw / PARTNERSHIPS, second, acronym="Blues")  # a different spelling of the same id
    report = failure_report(raw, tmp_path)
    for row in (first, second):
        assert (
            f"{PARTNERSHIPS}, row {row}, column 'partnership_id': [unique] 'blues' appears in more than one row"
            in report
        )


def test_a_dangling_foreign_key(raw, tmp_path):
    row = find_row(raw / MEMBERS, "partnership", "NF4")
    edit_csv(raw / MEMBERS, row, partnership="NF5")
    report = failure_report(raw, tmp_path)
    assert (
        f"{MEMBERS}, row {row}, column 'partnership_id': [foreign_key] "
        "'nf5' is not a partnership_id of table partnerships" in report
    )


def test_a_source_missing_from_the_manifest(raw, tmp_path):
    row = find_row(raw / PARTNERSHIPS, "acronym", "EPIX")
    edit_csv(raw / PARTNERSHIPS, row, source="https://example.org/unlisted")
    assert f"{PARTNERSHIPS}, row {row}, column 'source': [unknown_source]" in failure_report(raw, tmp_path)


def test_a_missing_column(raw, tmp_path):
    path = raw / "registers/programmes.csv"
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    lines[0] = ",".join("frame_work" if h == "framework" else h for h in header)
    path.write_text("\n".join(lines) + "\n")
    assert "registers/programmes.csv, row 1, column 'framework': [missing_column]" in failure_report(raw, tmp_path)


def test_a_wrong_type_in_the_spreadsheet(raw, tmp_path):
    path = raw / "spreadsheets/calls.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book["calls"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=3, column=header.index("budget_eur") + 1, value="about 5 million")
    book.save(path)
    report = failure_report(raw, tmp_path)
    assert (
        "spreadsheets/calls.xlsx, sheet 'calls', row 3, column 'budget_eur': [type] 'about 5 million' is not an amount"
        in report
    )


@pytest.mark.parametrize("value", ["co-financed", "Voluntary"])  # case is not folded
def test_a_value_outside_an_enumeration(raw, tmp_path, value):
    row = find_row(raw / PARTNERSHIPS, "acronym", "AdPack")
    edit_csv(raw / PARTNERSHIPS, row, funding_status=value)
    report = failure_report(raw, tmp_path)
    assert (
        f"{PARTNERSHIPS}, row {row}, column 'funding_status': [allowed_values] "
        f"{value!r} is not one of co-funded, voluntary" in report
    )


def test_all_problems_are_reported_in_one_run(raw, tmp_path):
    rows = [find_row(raw / ORGANISATIONS, "organisation", o) for o in ("TWEED", "CLEAN", "Tenerrdis")]
    for row in rows:
        edit_csv(raw / ORGANISATIONS, row, country="ZZ")
    report = failure_report(raw, tmp_path)
    for row in rows:
        assert f"{ORGANISATIONS}, row {row}, column 'country'" in report


def test_a_generation_the_generations_register_does_not_know(raw, tmp_path):
    row = find_row(raw / PARTNERSHIPS, "acronym", "EC2i")
    edit_csv(raw / PARTNERSHIPS, row, generation="2nd generation (2018-19)")
    report = failure_report(raw, tmp_path)
    assert (
        f"{PARTNERSHIPS}, row {row}, column 'generation_id': [foreign_key] 'escp-4i-2nd-generation-2018-19' "
        "is not a generation_id of table generations"
    ) in report
