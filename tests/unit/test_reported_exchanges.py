"""Reported exchanges: what a page leaves unstated stays empty and passes; what it states is still checked."""

import csv
import datetime as dt
import re

import polars as pl
import pycountry
import pytest

from pipelines.core.exchanges import build_exchanges
from pipelines.core.validation import check_schema
from pipelines.raw.holders import read_register
from schemas import TABLES
from tests.conftest import EXCHANGES, REPO

PAGE = "https://example.org/a-page-reporting-an-exchange"
HEADER = "Partnership,Visiting organisation,Host organisation,Start date,End date,Working days,Mode,Source\n"


def _build(tmp_path, *lines: str) -> tuple[pl.DataFrame, list]:
    """A reported register of `lines` through the reader, the builder and the schema check: rows, problems."""
    (tmp_path / "reported.csv").write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    raw = read_register(tmp_path, "reported.csv", EXCHANGES).frame
    manifest = pl.DataFrame({"id": ["curated"], "register": ["reported.csv"]})
    sources = pl.DataFrame({"source_id": ["curated", "a-page"], "url": [None, PAGE]})
    exchanges, problems = build_exchanges(raw, manifest, sources)
    return exchanges, problems + check_schema(EXCHANGES, exchanges)


def test_a_reported_exchange_with_only_a_month_and_no_duration_is_accepted(tmp_path):
    exchanges, problems = _build(tmp_path, f"CELIS,Cluster A,,2021-06,,,,{PAGE}")
    assert problems == []
    row = exchanges.row(0, named=True)
    assert (row["start_date"], row["start_date_precision"]) == (dt.date(2021, 6, 1), "month")
    assert row["end_date"] is None and row["working_days"] is None and row["mode"] is None
    assert row["reported"] and (row["source_id"], row["source_url"]) == ("a-page", PAGE)


def test_a_reported_exchange_gets_no_working_days_from_its_dates(tmp_path):
    exchanges, problems = _build(tmp_path, f"CELIS,Cluster A,Cluster B,2022-09-07,2022-09-09,,,{PAGE}")
    assert problems == [] and exchanges["working_days"].to_list() == [None]


def test_a_row_without_a_page_is_the_register_s_own_and_gets_weekdays(tmp_path):
    exchanges, problems = _build(tmp_path, "CELIS,Cluster A,Cluster B,2022-09-07,2022-09-09,,,")
    row = exchanges.row(0, named=True)
    assert problems == [] and (row["reported"], row["source_id"], row["working_days"]) == (False, "curated", 3)


@pytest.mark.parametrize(
    "start, end, working_days, rule",
    [
        ("2022-09-07", "2022-09-12", "2", "at_least_3_working_days"),  # a stated 2-day exchange
        ("2022-09-07", "2022-09-08", "", "spans_at_least_3_days"),  # stated dates two days apart
        ("2022-09-07", "2022-09-01", "", "end_not_before_start"),
        ("2022-09", "2022-08", "", "end_not_before_start"),  # months in the wrong order
        ("2022-09-07", "2022-11-07", "", "at_most_1_month"),
    ],
)
def test_a_stated_value_that_breaks_a_scheme_rule_is_still_refused(tmp_path, start, end, working_days, rule):
    _, problems = _build(tmp_path, f"CELIS,Cluster A,Cluster B,{start},{end},{working_days},,{PAGE}")
    assert rule in {p.rule for p in problems} and {p.row for p in problems} == {2}


def test_an_end_stated_as_a_month_is_its_last_day_and_not_before_the_start(tmp_path):
    exchanges, problems = _build(tmp_path, f"CELIS,Cluster A,Cluster B,2022-09-20,2022-09,,,{PAGE}")
    assert problems == []
    assert exchanges.select("end_date", "end_date_precision").row(0) == (dt.date(2022, 9, 30), "month")


def test_a_page_not_in_the_manifest_is_refused(tmp_path):
    _, problems = _build(tmp_path, "CELIS,Cluster A,,,,,,https://example.org/unlisted")
    assert "unknown_source" in {p.rule for p in problems}


# Columns that would hold a person: a contact, a participant's name, a way to reach someone.
PERSON_COLUMN = re.compile(r"contact|person|people|participant_name|first_?name|last_?name|surname|e_?mail|phone")
# Words that make a name an organisation's, where it could otherwise read as a first and last name.
ORGANISATION_WORDS = {
    "gmbh", "d.o.o.", "group", "cluster", "agency", "azienda", "wireless", "klaster", "lombardia", "food",
    "health", "habitat", "saxony", "eurasanté", "polymeris", "techtera", "fomentex", "clutex", "scanbalt",
}  # fmt: skip
COUNTRY_NAMES = {c.name.casefold() for c in pycountry.countries}
# Persons that the stored pages name (speakers, authors, testimonials): none of them may reach a register.
PERSONS_ON_THE_PAGES = (
    "Michael Arnold", "Jean-Michel Brossard", "Frank Boesenberg", "Nadja Dehne", "Córdoba-Mendiola",
    "Lídia Morcillo", "Diana Balta", "Tommy Halfter", "Imogen Allan", "Enrico Venturini", "Gilberto Biliotti",
    "Andrei Popescu", "Katarzyna Korczak", "Primož Zorec",
)  # fmt: skip


def looks_like_a_person(name: str) -> bool:
    """A title (Dr, Mr, Ms, Prof) or two or three capitalised words with no organisation word, legal form,
    acronym or country name among them: the shape of 'Firstname Lastname'."""
    if re.match(r"^(dr|mr|mrs|ms|prof)\.?\s", name, re.IGNORECASE):
        return True
    words = name.split()
    shaped = 2 <= len(words) <= 3 and all(re.fullmatch(r"[A-ZÀ-Ý][a-zà-ÿ]+(-[A-ZÀ-Ý][a-zà-ÿ]+)?", w) for w in words)
    known = {w.casefold() for w in words} & (ORGANISATION_WORDS | COUNTRY_NAMES)
    return shaped and not known


@pytest.mark.parametrize("name", ["Jean Dupont", "Dr. Michael Arnold", "Maria Anna Kowalska", "Prof Smith"])
def test_the_person_check_catches_a_person(name):
    assert looks_like_a_person(name)


@pytest.mark.parametrize("name", ["Torino Wireless", "Photonics Finland", "Nystart GmbH", "MAFEX", "SEDI-ATI Fibres"])
def test_the_person_check_lets_organisations_through(name):
    assert not looks_like_a_person(name)


def _register(rel: str) -> list[dict]:
    with (REPO / "raw" / rel).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_no_published_column_is_made_to_hold_a_person():
    for table in TABLES.values():
        for name in table.column_names:
            assert not PERSON_COLUMN.search(name), f"{table.name}.{name}"
    assert {f.name for f in EXCHANGES.fields if f.kind.is_text and "organisation" in f.name} == {
        "visiting_organisation",
        "host_organisation",
    }


def test_every_organisation_in_the_registers_is_an_organisation_not_a_person():
    organisations = [
        r[column]
        for r in _register("exchanges/reported_exchanges.csv")
        for column in ("Visiting organisation", "Host organisation")
    ]
    organisations += [
        o.strip() for r in _register("registers/exchange_events.csv") for o in r["host_organisation"].split(";")
    ]
    organisations = [o for o in organisations if o]
    assert len(organisations) >= 25
    assert [o for o in organisations if looks_like_a_person(o)] == []


@pytest.mark.parametrize("rel", ["exchanges/reported_exchanges.csv", "registers/exchange_events.csv"])
def test_no_person_the_pages_name_is_in_a_register(rel):
    text = (REPO / "raw" / rel).read_text(encoding="utf-8")
    assert [p for p in PERSONS_ON_THE_PAGES if p in text] == []
