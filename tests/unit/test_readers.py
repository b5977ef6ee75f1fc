"""Readers keep every cell as text and every row's place in its file."""

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
import yaml

from pipelines.problems import InvalidData
from pipelines.raw import manifest
from pipelines.raw.manifest import read_sources
from pipelines.raw.tabular import read_csv, read_sheet


def test_spreadsheet_cells_come_as_canonical_text_with_row_numbers(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "calls"
    sheet.append(["call_id", "deadline", "budget", "rate", "ignored"])
    sheet.append(["A-1", dt.datetime(2017, 5, 23), 5790000, 75.5, "x"])
    sheet.append([None, None, None, None, None])  # a blank line between records
    sheet.append(["  B-2 ", dt.date(2020, 12, 2), 7500000.0, None, None])
    book.save(tmp_path / "calls.xlsx")

    raw = read_sheet(tmp_path, "calls.xlsx", "calls", ("call_id", "deadline", "budget", "rate"))

    assert raw.frame.columns == ["call_id", "deadline", "budget", "rate", "raw_file", "raw_sheet", "raw_row"]
    assert raw.frame.rows() == [
        ("A-1", "2017-05-23", "5790000", "75.5", "calls.xlsx", "calls", 2),
        ("B-2", "2020-12-02", "7500000", None, "calls.xlsx", "calls", 4),
    ]
    assert len(raw.sha256) == 64


def test_a_missing_column_is_named_with_file_sheet_and_header_row(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "calls"
    book.active.append(["call_id"])
    book.save(tmp_path / "calls.xlsx")
    with pytest.raises(InvalidData) as error:
        read_sheet(tmp_path, "calls.xlsx", "calls", ("call_id", "budget"))
    assert "calls.xlsx, sheet 'calls', row 1, column 'budget': [missing_column]" in error.value.description


def test_a_missing_sheet_is_named(tmp_path):
    openpyxl.Workbook().save(tmp_path / "book.xlsx")
    with pytest.raises(InvalidData, match="no sheet 'calls'"):
        read_sheet(tmp_path, "book.xlsx", "calls", ("call_id",))


def test_csv_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path):
    (tmp_path / "r.csv").write_text('a,b\n1,"two\nlines"\n\n3,\n', encoding="utf-8")
    raw = read_csv(tmp_path, "r.csv", ("a", "b"))
    assert raw.frame.select("a", "b", "raw_row").rows() == [("1", "two\nlines", 2), ("3", None, 4)]


def test_repeated_header_is_rejected(tmp_path):
    (tmp_path / "r.csv").write_text("a,a\n1,2\n", encoding="utf-8")
    with pytest.raises(InvalidData, match="column 'a' appears more than once"):
        read_csv(tmp_path, "r.csv", ("a",))


def test_sources_carry_the_line_their_entry_starts_on(tmp_path):
    (tmp_path / "sources.yaml").write_text(
        "sources:\n  - id: a\n    url: https://a.example/\n  - id: b\n    accessed: 2026-11-27\n", encoding="utf-8"
    )
    raw = read_sources(tmp_path)
    assert raw.frame.select("id", "url", "accessed", "raw_row").rows() == [
        ("a", "https://a.example/", None, 2),
        ("b", None, "2026-11-27", 4),
    ]


def test_an_unknown_source_field_is_rejected_with_its_line(tmp_path):
    (tmp_path / "sources.yaml").write_text("sources:\n  - id: a\n    adress: x\n", encoding="utf-8")
    with pytest.raises(InvalidData, match=r"sources.yaml, row 2, column 'adress': \[unknown_field\]"):
        read_sources(tmp_path)


def test_the_libyaml_loader_reads_the_manifest_as_the_python_loader_does(monkeypatch):
    """The real manifest, every entry's text and line, read both ways (libyaml is only faster)."""
    assert manifest.FAST_LOADER is getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raw = Path(__file__).parents[2] / "raw"
    fast = read_sources(raw).frame
    monkeypatch.setattr(manifest, "FAST_LOADER", yaml.SafeLoader)
    assert fast.equals(read_sources(raw).frame) and fast.height > 100


def test_invalid_yaml_is_located_and_quotes_its_line(tmp_path):
    (tmp_path / "sources.yaml").write_text("sources:\n  - id: a\n    title: [a, b\n  - id: b\n", encoding="utf-8")
    with pytest.raises(InvalidData, match=r"sources.yaml, row 4: \[yaml\]") as error:
        read_sources(tmp_path)
    assert "title: [a, b\n" in error.value.problems[0].message  # the line and its caret, which libyaml omits
