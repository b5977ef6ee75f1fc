"""Exchange registers as data holders really send them, read through both paths a register can take.

Every test reads a register built here (a title above the header, a "Total" row, amounts and dates as
people type them, placeholders) through the reader, then builds and checks it twice: as one frame, and
as a table on disk in batches of three rows (the path of a register of millions of rows). Both must give
the same problems, located (file, sheet, row, column, rule), and the same notices; neither may crash.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from pipelines import tablefile
from pipelines.core.exchanges import build_exchanges, build_exchanges_file
from pipelines.core.validation import check_table
from pipelines.problems import InvalidData, Notice, Problem, merged
from pipelines.raw.holders import read_register, scan_register
from pipelines.tablefile import TableFile
from schemas.words import MONTHS, TOTAL_WORDS
from tests.conftest import EXCHANGES

SOURCES = pl.DataFrame({"source_id": ["holder"], "url": [None]}, schema={"source_id": pl.String, "url": pl.String})
REFERENCED = {
    "sources": SOURCES,
    "exchange_partnerships": pl.DataFrame({"partnership_id": ["blues", "epix"]}),
    "cosme_countries": pl.DataFrame({"country": ["FR", "DE", "IT", "ES", "FI", "BE"]}),
}
EN = ["Partnership", "Visitor", "Visiting country", "Host", "Host country", "Start date", "End date", "Mode",
      "Group size", "Lump sum"]  # fmt: skip
FR = ["Partenariat", "Organisation visiteuse", "Pays visiteur", "Organisation d'accueil", "Pays d'accueil",
      "Date de début", "Date de fin", "Modalité", "Nombre de participants", "Montant forfaitaire"]  # fmt: skip
DE = ["Partnerschaft", "Besuchende Organisation", "Herkunftsland", "Gastgebende Organisation", "Gastland",
      "Startdatum", "Enddatum", "Modus", "Teilnehmerzahl", "Pauschale"]  # fmt: skip


def row(visitor: str, **cells) -> list:
    """A register row in the column order of EN/FR/DE: a valid five-day exchange unless `cells` say otherwise."""
    values = {"partnership": "BLUES", "visitor": visitor, "vc": "FR", "host": f"Host of {visitor}", "hc": "DE",
              "start": "2021-06-14", "end": "2021-06-18", "mode": "virtual", "group": "1", "lump": "780"}  # fmt: skip
    values |= cells
    return list(values.values())


def xlsx(path: Path, *rows: list, sheet: str = "exchanges") -> str:
    book = openpyxl.Workbook()
    book.active.title = sheet
    for r in rows:
        book.active.append(r)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path.name


def csv_file(path: Path, *rows: list, delimiter: str = ";") -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(delimiter.join(map(str, r)) + "\n" for r in rows), encoding="utf-8")
    return path.name


@dataclass
class Read:
    exchanges: pl.DataFrame
    problems: list[Problem]
    notices: list[Notice]
    header_rows: tuple[str, ...]

    def at(self, row: int) -> dict:
        return self.exchanges.filter(raw_row=row).row(0, named=True)

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


def _besides(found: list[Problem], typing: list[Problem]) -> list[Problem]:
    """The schema check's problems but a cell's emptiness already reported as its typing problem (as the
    core asset reports them)."""
    seen = {(p.file, p.sheet, p.row) for p in typing}
    return [p for p in found if not (p.rule == "required" and (p.file, p.sheet, p.row) in seen)]


def read_both_ways(tmp_path: Path, name: str, language: str | None = None, monkeypatch=None) -> Read:
    """The register raw/`name` read, built and checked as a frame and as a table on disk in batches of 3;
    both must agree. What the frame path found, with its notices merged."""
    rel = name
    manifest = pl.DataFrame(
        {"id": ["holder"], "register": [rel], "language": [language]},
        schema={"id": pl.String, "register": pl.String, "language": pl.String},
    )
    raw = read_register(tmp_path, rel, EXCHANGES)
    said: list[Notice] = []
    frame, typing = build_exchanges(raw.frame, manifest, SOURCES, notices=said)
    in_memory = typing + _besides(check_table(EXCHANGES, frame, REFERENCED), typing)

    folder = tmp_path / "disk"
    folder.mkdir(exist_ok=True)
    raw.frame.write_parquet(folder / "raw.parquet")
    on_disk: list[Notice] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tablefile, "BATCH_ROWS", 3)
        patch.setattr(tablefile, "BUCKET_ROWS", 4)
        built, typing_file = build_exchanges_file(
            TableFile((str(folder / "raw.parquet"),), raw.frame.height), manifest, SOURCES, folder / "core", on_disk
        )
        from_disk = typing_file + _besides(check_table(EXCHANGES, built, REFERENCED), typing_file)
    assert sorted(set(map(str, in_memory))) == sorted(set(map(str, from_disk)))
    assert [str(n) for n in merged(said)] == [str(n) for n in on_disk]
    return Read(frame, sorted(set(in_memory), key=str), merged(said), raw.header_rows)


# 1. Never a crash: a missing required value is a located problem, in both paths


def test_a_row_without_a_visiting_organisation_is_a_located_problem_not_a_crash(tmp_path):
    name = csv_file(tmp_path / "r.csv", EN, row("Cluster A"), row(""), row("Cluster C", mode="teleport"))
    read = read_both_ways(tmp_path, name)
    assert "r.csv, row 3, column 'visiting_organisation': [required] a value is required" in read.lines()
    assert any("row 4, column 'mode': [allowed_values]" in line for line in read.lines())  # the rest, too


# 3. The header is found where people put it


def test_a_title_block_above_the_header_is_passed_over_and_the_row_taken_is_said(tmp_path):
    title = ["ClusterXchange register – BLUES"]
    name = xlsx(tmp_path / "r.xlsx", title, [], ["Kept by the BLUES office; one row per exchange"], EN,
                row("Cluster A"), row("Cluster B", mode="teleport"))  # fmt: skip
    read = read_both_ways(tmp_path, name)
    assert read.header_rows == ("r.xlsx, sheet 'exchanges': header in row 4",)
    assert read.at(5)["visiting_organisation"] == "Cluster A"  # rows numbered as the spreadsheet shows them
    assert [line for line in read.lines() if "[allowed_values]" in line] == [
        "r.xlsx, sheet 'exchanges', row 6, column 'mode': [allowed_values] 'teleport' is not one of physical, "
        "virtual, hybrid"
    ]


def test_a_title_line_above_a_csv_header_is_passed_over_whatever_its_delimiters(tmp_path):
    name = csv_file(tmp_path / "r.csv", ["Registre ClusterXchange – BLUES"], [], FR, row("Cluster A"), row("B"))
    read = read_both_ways(tmp_path, name, "fr")
    assert read.header_rows == ("r.csv: header in row 3",) and read.problems == []
    assert read.exchanges.sort("raw_row")["raw_row"].to_list() == [4, 5]


def test_a_sheet_whose_header_is_not_near_the_top_is_refused_saying_where_it_was_looked_for(tmp_path):
    name = xlsx(tmp_path / "r.xlsx", *([["see the next sheet"]] * 25), EN, row("Cluster A"))
    with pytest.raises(InvalidData, match=r"no sheet has the headers of a register in its first 20 rows"):
        scan_register(tmp_path, name, EXCHANGES)


@pytest.mark.parametrize("word", sorted({w.title() for words in TOTAL_WORDS.values() for w in words[:1]}))
def test_a_summary_row_under_the_data_is_skipped_and_listed(tmp_path, word):
    total = ["", "", "", "", "", "", "", "", "3", "2340"]
    name = xlsx(tmp_path / "r.xlsx", EN, row("Cluster A"), row("Cluster B"), row("Cluster C"), [word, *total[1:]])
    read = read_both_ways(tmp_path, name)
    assert read.problems == [] and read.exchanges.height == 3
    assert [str(n) for n in read.notices] == [
        f"r.xlsx, sheet 'exchanges', row 5: [summary_row] skipped: a summary row ({word!r}), not an exchange"
    ]


def test_a_summary_word_in_the_visitor_column_is_a_summary_row_but_a_row_missing_its_visitor_is_a_problem(tmp_path):
    name = xlsx(
        tmp_path / "r.xlsx", EN, row("Cluster A"), row("", lump="390"), row("TOTAL:", host="", lump="1170"),
        row("Sum Cluster"),  # an organisation whose name opens with a summary word stays an exchange
    )  # fmt: skip
    read = read_both_ways(tmp_path, name)
    assert [str(n) for n in read.notices] == [
        "r.xlsx, sheet 'exchanges', row 4: [summary_row] skipped: a summary row ('TOTAL:'), not an exchange"
    ]
    assert read.lines() == ["r.xlsx, sheet 'exchanges', row 3, column 'visiting_organisation': [required] a value "
                            "is required"]  # fmt: skip
    assert set(read.exchanges["visiting_organisation"].drop_nulls()) == {"Cluster A", "Sum Cluster"}


# 4. Values as people type them


@pytest.mark.parametrize(
    "language, written, expected",
    [("fr", "€780", "780.00"), ("fr", "1 560,00 €", "1560.00"), ("fr", "1\u202f560,00\u00a0€", "1560.00"),
     ("fr", "780,00", "780.00"), ("de", "1.560,00", "1560.00"), ("de", "EUR 780", "780.00"),
     ("it", "780 euro", "780.00"), ("en", "€1,560.00", "1560.00"), ("en", "780 EUR", "780.00"),
     ("en", "1,560,000", "1560000.00"), ("de", "1.560.000", "1560000.00"), ("en", "390.5", "390.50")],
)  # fmt: skip
def test_amounts_are_read_as_people_type_them(tmp_path, language, written, expected):
    name = csv_file(tmp_path / "r.csv", EN, row("Cluster A", lump=written))
    read = read_both_ways(tmp_path, name, language)
    assert read.problems == [] and read.notices == []
    assert read.at(2)["lump_sum_eur"] == Decimal(expected)


@pytest.mark.parametrize(
    "language, reading, expected", [("fr", "a decimal comma", "1.56"), ("de", "a decimal comma", "1.56"),
                                    ("en", "a thousands separator", "1560.00"), (None, "a thousands separator",
                                                                                "1560.00")]
)  # fmt: skip
def test_an_ambiguous_amount_follows_the_register_language_and_is_listed(tmp_path, language, reading, expected):
    name = csv_file(tmp_path / "r.csv", EN, row("Cluster A", lump="1,560"), row("Cluster B", lump="1,560"))
    read = read_both_ways(tmp_path, name, language)
    assert read.at(2)["lump_sum_eur"] == Decimal(expected) and read.problems == []
    assert [str(n) for n in read.notices] == [
        f"r.csv, column 'lump_sum_eur', 2 rows (2, 3): [ambiguous_amount] '1,560': one separator and three digits, "
        f"read as {reading} (the register's language)"
    ]


def test_an_amount_that_is_not_one_is_still_a_located_type_problem(tmp_path):
    name = csv_file(tmp_path / "r.csv", EN, row("Cluster A", lump="780 390 €x"), row("Cluster B", lump="12.345,678"))
    read = read_both_ways(tmp_path, name, "fr")
    assert [p.row for p in read.problems if p.rule == "type" and p.column == "lump_sum_eur"] == [2, 3]


@pytest.mark.parametrize(
    "written, expected",
    [("14 June 2021", "2021-06-14"), ("14 juin 2021", "2021-06-14"), ("14. Juni 2021", "2021-06-14"),
     ("14 de junio de 2021", "2021-06-14"), ("14 giugno 2021", "2021-06-14"), ("14. kesäkuuta 2021", "2021-06-14"),
     ("June 14, 2021", "2021-06-14"), ("14 févr. 2021", "2021-02-14"), ("3 März 2021", "2021-03-03"),
     ("1er juin 2021", "2021-06-01"), ("14/06/2021", "2021-06-14"), ("14.6.2021", "2021-06-14")],
)  # fmt: skip
def test_dates_are_read_as_people_write_them_day_first(tmp_path, written, expected):
    day = dt.date.fromisoformat(expected)
    end = (day + dt.timedelta(days=4)).strftime("%d/%m/%Y")
    name = csv_file(tmp_path / "r.csv", EN, row("Cluster A", start=written, end=end))
    read = read_both_ways(tmp_path, name)
    assert read.at(2)["start_date"] == day and read.at(2)["start_date_precision"] == "day"


def test_a_month_written_out_is_a_month(tmp_path):
    name = csv_file(tmp_path / "r.csv", EN, row("Cluster A", start="juin 2021", end="Juni 2021"))
    got = read_both_ways(tmp_path, name).at(2)
    assert (got["start_date"], got["end_date"]) == (dt.date(2021, 6, 1), dt.date(2021, 6, 30))
    assert (got["start_date_precision"], got["end_date_precision"]) == ("month", "month")


def test_every_month_name_of_every_language_is_read():
    from pipelines.core.parsing import any_date

    written = [f"3 {words[0]} 2021" for months in MONTHS.values() for words in months]
    months = pl.select(any_date(pl.Series(written))).to_series().dt.month().to_list()
    assert months == list(range(1, 13)) * len(MONTHS)


def test_a_date_that_is_not_one_is_still_a_located_type_problem(tmp_path):
    name = csv_file(tmp_path / "r.csv", EN, row("Cluster A", start="31 juin 2021"), row("B", start="14 Juno 2021"))
    read = read_both_ways(tmp_path, name)
    assert [(p.row, p.column, p.rule) for p in read.problems if p.rule == "type"] == [
        (2, "start_date", "type"),
        (3, "start_date", "type"),
    ]


def test_placeholders_are_read_as_empty_and_counted(tmp_path):
    name = xlsx(
        tmp_path / "r.xlsx", EN, row("Cluster A", host="n/a", mode="-"), row("Cluster B", host="TBC", hc="k.A."),
        row("Cluster C", host="N/A", group="n.d."),
    )  # fmt: skip
    read = read_both_ways(tmp_path, name, "de")
    assert read.problems == []
    assert read.exchanges["host_organisation"].null_count() == 3 and read.at(2)["mode"] is None
    assert [str(n) for n in read.notices] == [
        "r.xlsx, sheet 'exchanges', column 'group_size', row 4: [placeholder] 'n.d.' read as empty (a placeholder "
        "for an unknown value)",
        "r.xlsx, sheet 'exchanges', column 'host_country', row 3: [placeholder] 'k.A.' read as empty (a placeholder "
        "for an unknown value)",
        "r.xlsx, sheet 'exchanges', column 'host_organisation', 3 rows (2, 3, 4): [placeholder] 'n/a', 'TBC', 'N/A' "
        "read as empty (a placeholder for an unknown value)",
        "r.xlsx, sheet 'exchanges', column 'mode', row 2: [placeholder] '-' read as empty (a placeholder for an "
        "unknown value)",
    ]


def test_a_placeholder_in_a_required_column_is_a_located_problem(tmp_path):
    name = xlsx(tmp_path / "r.xlsx", EN, row("Cluster A"), row("n/a"))
    read = read_both_ways(tmp_path, name)
    assert read.lines() == [
        "r.xlsx, sheet 'exchanges', row 3, column 'visiting_organisation': [required] 'n/a' stands for an unknown "
        "value; a visiting_organisation is required"
    ]


# 2. Every problem of a register in one run


def test_type_rule_partnership_and_country_problems_come_together(tmp_path):
    name = xlsx(
        tmp_path / "r.xlsx", EN, row("Cluster A", group="two"), row("Cluster B", partnership="NOPE"),
        row("Cluster C", hc="CH"), row("Cluster D", end="2021-06-15"), row("Cluster A"),
    )  # fmt: skip
    rules = {(p.row, p.rule) for p in read_both_ways(tmp_path, name).problems}
    assert {
        (2, "type"),
        (3, "foreign_key"),
        (4, "cosme_country"),
        (5, "at_least_3_working_days"),
        (6, "unique"),
    } <= rules


# 5. The template tells a data holder what is accepted


def test_the_template_lists_what_is_accepted_as_typed_in_every_language():
    from schemas.words import LANGUAGES, PLACEHOLDERS
    from tests.conftest import REPO

    sheet = openpyxl.load_workbook(REPO / "raw/templates/clusterxchange_register.xlsx")["as typed"]
    rows = {(kind, language): accepted for kind, language, accepted, _ in sheet.iter_rows(min_row=2, values_only=True)}
    for language in LANGUAGES:
        assert "1 560,00 €" in rows["Amount", language] if language != "en" else "1,560.00" in rows["Amount", "en"]
        assert all(words[0] in rows["Date", language] for words in MONTHS[language])
        assert rows["Unknown value", language] == ", ".join(PLACEHOLDERS[language])
    assert {language for kind, language in rows if kind == "Total word"} == set(TOTAL_WORDS)
