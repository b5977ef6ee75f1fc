"""Exchange registers as data holders really send them, through a whole run: a French workbook and a German
CSV file, each with a title above its header, a total under its data, and amounts and dates as people type
them. With problems in them, one run names every problem, located, and publishes nothing; without, the
registers are published with the values their holders meant."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from tests.conftest import REPO, run_pipeline

FR = ["Partenariat", "Organisation visiteuse", "Pays visiteur", "Organisation d'accueil", "Pays d'accueil",
      "Date de début", "Date de fin", "Modalité", "Nombre de participants", "Montant forfaitaire"]  # fmt: skip
DE = ["Partnerschaft", "Besuchende Organisation", "Herkunftsland", "Gastgebende Organisation", "Gastland",
      "Startdatum", "Enddatum", "Modus", "Teilnehmerzahl", "Pauschale"]  # fmt: skip


def french(broken: bool) -> list[list]:
    """The French workbook's rows: a title block, the header in row 4, three exchanges, a total."""
    return [
        ["Registre ClusterXchange – BLUES (SYNTHETIC, written by a test)"],
        [],
        ["Tenu par le bureau du partenariat ; une ligne par échange"],
        FR,
        ["BLUES", "Cluster Alpha (test)", "FR", "Hôte Un", "DE", "14 juin 2021", "18 juin 2021", "présentiel",
         "deux" if broken else "2", "780,00 €"],
        ["BLUESX" if broken else "BLUES", "Cluster Bêta (test)", "IT", "Hôte Deux", "CH" if broken else "ES",
         "7/6/2021", "11/6/2021", "en ligne", "1", "1 560,00 €"],
        ["BLUES", "Cluster Gamma (test)", "BE", "Hôte Trois", "FR", "1er mars 2022", "4 mars 2022", "hybride", "n/a",
         "€780"],
        ["Total", None, None, None, None, None, None, None, "3", "3 120,00 €"],
    ]  # fmt: skip


def german(broken: bool) -> str:
    """The German CSV file (semicolons, as Excel writes it in German): a title, the header in row 3, a total."""
    rows = [
        "Austauschregister CLAMTEX (SYNTHETIC, written by a test)",
        "",
        ";".join(DE),
        "CLAMTEX;Cluster Delta (test);DE;Gastgeber Eins;FR;14. Juni 2021;18. Juni 2021;Präsenz;1;780,00 €",
        f"CLAMTEX;{'' if broken else 'Cluster Epsilon (test)'};FI;Gastgeber Zwei;IT;1. März 2022;4. März 2022;"
        "virtuell;k.A.;1.560,00",
        "Gesamt;;;;;;;;2;2.340,00",
    ]
    return "\n".join(rows) + "\n"


def registers(raw: Path, broken: bool) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Échanges"
    for r in french(broken):
        book.active.append(r)
    book.save(raw / "exchanges/BLUES-fr.xlsx")
    (raw / "exchanges/CLAMTEX-de.csv").write_text(german(broken), encoding="utf-8")
    with (raw / "sources.yaml").open("a", encoding="utf-8") as f:
        for name, language in (("BLUES-fr.xlsx", "fr"), ("CLAMTEX-de.csv", "de")):
            f.write(
                f"  - id: holder-{name.split('.')[0].lower()}\n    register: exchanges/{name}\n"
                f"    language: {language}\n    notes: SYNTHETIC register written by a test.\n"
            )


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    import shutil

    out = {}
    for broken in (True, False):
        base = tmp_path_factory.mktemp("broken" if broken else "clean")
        raw = Path(shutil.copytree(REPO / "raw", base / "raw"))
        registers(raw, broken)
        printed = io.StringIO()
        with contextlib.redirect_stderr(printed):  # the progress lines the command line prints
            out[broken] = (run_pipeline(raw, base / "published"), printed.getvalue())
    return out


def test_every_problem_of_the_registers_is_named_in_one_run_and_nothing_is_published(runs):
    run, _ = runs[True]
    assert not run.success and not (run.published / "clusterxchange").exists()
    fr, de = "exchanges/BLUES-fr.xlsx, sheet 'Échanges'", "exchanges/CLAMTEX-de.csv"
    for expected in (
        f"{fr}, row 5, column 'group_size': [type] 'deux' is not a whole number",
        f"{fr}, row 6, column 'partnership_id': [foreign_key] 'bluesx' is not",
        f"{fr}, row 6, column 'host_country': [cosme_country] 'CH' is not a COSME participating country",
        f"{de}, row 5, column 'visiting_organisation': [required] a value is required",
    ):
        assert expected in run.report, expected
    assert "Traceback" not in run.report
    # what was read as typed is said beside the problems
    assert f"{fr}, row 8: [summary_row] skipped: a summary row ('Total'), not an exchange" in run.report
    assert f"{de}, row 6: [summary_row] skipped: a summary row ('Gesamt'), not an exchange" in run.report


def test_the_same_registers_without_their_problems_are_published_as_their_holders_meant(runs):
    run, _ = runs[False]
    assert run.success, run.report
    published = pl.read_parquet(run.published / "clusterxchange/latest/data/exchanges.parquet")
    got = {r["visiting_organisation"]: r for r in published.filter(~pl.col("reported")).iter_rows(named=True)}
    assert set(got) == {"Cluster Alpha (test)", "Cluster Bêta (test)", "Cluster Gamma (test)",
                        "Cluster Delta (test)", "Cluster Epsilon (test)"}  # fmt: skip
    expected = {
        "Cluster Alpha (test)": ("blues", dt.date(2021, 6, 14), dt.date(2021, 6, 18), 5, "physical", 2, "780.00"),
        "Cluster Bêta (test)": ("blues", dt.date(2021, 6, 7), dt.date(2021, 6, 11), 5, "virtual", 1, "1560.00"),
        "Cluster Gamma (test)": ("blues", dt.date(2022, 3, 1), dt.date(2022, 3, 4), 4, "hybrid", None, "780.00"),
        "Cluster Delta (test)": ("clamtex", dt.date(2021, 6, 14), dt.date(2021, 6, 18), 5, "physical", 1, "780.00"),
        "Cluster Epsilon (test)": ("clamtex", dt.date(2022, 3, 1), dt.date(2022, 3, 4), 4, "virtual", None,
                                   "1560.00"),
    }  # fmt: skip
    columns = ("partnership_id", "start_date", "end_date", "working_days", "mode", "group_size", "lump_sum_eur")
    for visitor, values in expected.items():
        assert tuple(got[visitor][c] for c in columns) == (*values[:-1], Decimal(values[-1])), visitor
    warned = run.warnings["core_exchanges:registers_read_as_typed"]
    assert "thing(s) read as typed" in warned


def test_the_run_says_which_row_of_which_sheet_it_took_as_the_header_and_what_it_skipped(runs):
    _, printed = runs[False]
    assert "exchanges/BLUES-fr.xlsx, sheet 'Échanges': header in row 4" in printed
    assert "exchanges/CLAMTEX-de.csv: header in row 3" in printed
    assert "WARN  check core_exchanges:registers_read_as_typed" in printed
    for line in (
        "exchanges/BLUES-fr.xlsx, sheet 'Échanges', row 8: [summary_row] skipped: a summary row ('Total')",
        "exchanges/BLUES-fr.xlsx, sheet 'Échanges', column 'group_size', row 7: [placeholder] 'n/a' read as empty",
        "exchanges/CLAMTEX-de.csv, column 'group_size', row 5: [placeholder] 'k.A.' read as empty",
    ):
        assert line in printed, line
