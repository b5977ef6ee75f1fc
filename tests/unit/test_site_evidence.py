"""Evidence links on the entity pages, from statements as they are today (origin) and as the evidence issue
makes them (basis, read): a column a release lacks is simply not shown."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pipelines.publish.entities import Latest, Refs, fmt, number
from pipelines.publish.html import file_name

SOURCE = {"source_id": "eccp", "url": "https://example.org/eccp", "title": "ECCP profile", "accessed": None}


def _latest(statements: list[dict]) -> Latest:
    latest = Latest(None, None, "https://data.example.org")
    latest.sources = {"eccp": SOURCE}
    latest.evidence = {}
    for s in statements:
        latest.evidence.setdefault((s["table_name"], s["row_key"], s["field_name"]), []).append(s)
    return latest


def _statement(**extra) -> dict:
    return {
        "table_name": "partnerships",
        "row_key": "blues",
        "field_name": "start_date",
        "value": "2020-02-01",
        "source_id": "eccp",
        "source_url": "https://example.org/eccp",
        "quote": "The project started in February 2020.",
        "notes": None,
    } | extra


def test_new_statements_show_words_page_date_read_and_basis():
    refs = Refs(_latest([_statement(basis="inferred:month_start", read=date(2026, 11, 20))]), "../")
    link = refs.link("Start", "February 2020", "partnerships", "blues", "start_date")
    assert link.startswith('<a class="ev" href="#ev1">[1]')
    html = "".join(refs.section())
    assert 'id="ev1"' in html and "The project started in February 2020." in html
    assert 'href="../sources/eccp.html"' in html and 'href="https://example.org/eccp"' in html
    assert "read 2026-11-20" in html and "basis: inferred (month_start)" in html


def test_todays_statements_show_their_origin_and_no_date_read():
    refs = Refs(_latest([_statement(origin="row", quote=None)]), "../")
    refs.link("Start", "February 2020", "partnerships", "blues", "start_date")
    html = "".join(refs.section())
    assert "basis: stated by the row's source" in html and "read " not in html
    assert "No words of the source are recorded" in html


def test_a_value_no_statement_covers_cites_its_rows_source_and_one_entry_serves_many_values():
    refs = Refs(_latest([]), "../")
    row = {"source_id": "eccp", "source_url": "https://example.org/eccp"}
    first = refs.link("Acronym", "BLUES", "partnerships", "blues", "acronym", row)
    second = refs.link("Name", "Blue", "partnerships", "blues", "name", row)
    assert "#ev1" in first and "#ev1" in second and len(refs.items) == 1
    assert "Acronym: BLUES; Name: Blue" in "".join(refs.section())
    assert refs.link("Acronym", "BLUES", "partnerships", "blues", "acronym") == ""  # no row, no statement: no link


def test_values_read_as_people_write_them():
    assert number(Decimal("100.00")) == "100" and number(Decimal("1234.50")) == "1,234.5"
    assert fmt(Decimal("6000000.00"), "budget_eur") == "EUR 6,000,000"
    row = {"start_date_precision": "month"}
    assert ">February 2020<" in fmt(date(2020, 2, 1), "start_date", row)
    assert fmt("GR", "country") == "Greece (GR)"


def test_file_names_are_ids_where_plain_and_stable_otherwise():
    assert file_name("COS-CLUSTER-2017-3-6") == "COS-CLUSTER-2017-3-6"
    odd = file_name("a/b c")
    assert odd == file_name("a/b c") and "/" not in odd and " " not in odd
