"""The exchange register template (raw/templates/clusterxchange_register.xlsx), generated from the schema.

Sheet 'exchanges' has one column per register field, headed by its English title, with drop-down
lists for mode and the two countries; sheet 'columns' explains every column and the other headers
the pipeline accepts for it; sheet 'as typed' says what else is accepted as people type it (amounts,
dates, placeholders, total rows, a title above the header), from `schemas.words`; sheet 'lists' holds
the values of the drop-downs. The same schema and COSME register give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import xlsxwriter

from pipelines.core.parsing import text
from pipelines.raw.curated import read_register
from schemas import TABLES
from schemas.tables.exchanges import MODES
from schemas.words import DECIMAL_COMMA, LANGUAGES, MONTHS, PLACEHOLDERS, TOTAL_WORDS

TEMPLATE = "templates/clusterxchange_register.xlsx"
ROWS_WITH_LISTS = 5000
_CREATED = dt.datetime(2026, 1, 1)  # fixed, so the file depends only on the schema and the COSME register


def register_fields():
    return list(TABLES["exchanges"].read_fields)


def header(field, language: str = "en") -> str:
    """The usual header of a register column in a language: the first of its aliases there."""
    usual = field.aliases[language][0]
    return usual[0].upper() + usual[1:]


def write_template(raw_dir: Path, path: Path) -> Path:
    cosme = read_register(raw_dir, TABLES["cosme_countries"]).frame
    countries = cosme.select(text(pl.col("country")), "name").rows()
    fields = register_fields()
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path))
    book.set_properties(
        {
            "title": "ClusterXchange exchange register (template)",
            "created": _CREATED,
            "comments": "Generated from schemas/tables/exchanges.py by `python -m pipelines template`.",
        }
    )
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    date = book.add_format({"num_format": "yyyy-mm-dd"})

    sheet = book.add_worksheet("exchanges")
    lists = book.add_worksheet("lists")
    about = book.add_worksheet("columns")

    lists.write_row(0, 0, ["mode", "country", "country name"], bold)
    lists.write_column(1, 0, MODES)
    lists.write_column(1, 1, [c for c, _ in countries])
    lists.write_column(1, 2, [n for _, n in countries])
    ranges = {"mode": f"=lists!$A$2:$A${len(MODES) + 1}", "country": f"=lists!$B$2:$B${len(countries) + 1}"}

    for col, f in enumerate(fields):
        sheet.write(0, col, header(f), bold)
        sheet.set_column(col, col, max(14, len(f.title) + 4), date if f.kind.name == "date" else None)
        source = ranges["mode"] if f.name == "mode" else ranges["country"] if f.name.endswith("_country") else None
        if source:
            sheet.data_validation(1, col, ROWS_WITH_LISTS, col, {"validate": "list", "source": source})
    sheet.freeze_panes(1, 0)

    about.write_row(
        0, 0, ["Column", "Field", "Type", "Required", "Allowed values", "Description", "Other accepted headers"], bold
    )
    for row, f in enumerate(fields, start=1):
        others = "; ".join(f"{lang}: {', '.join(h)}" for lang, h in f.aliases.items())
        allowed = (
            ", ".join(f.enum)
            if f.enum and len(f.enum) < 10
            else ("a COSME participating country code (sheet 'lists')" if f.name.endswith("_country") else "")
        )
        required = "yes" if f.required and f.name not in TABLES["exchanges"].register.optional else "no"
        about.write_row(
            row, 0, [header(f), f.name, f.kind.frictionless["type"], required, allowed, f.description, others], wrap
        )
    about.set_column(0, 1, 22)
    about.set_column(2, 4, 14)
    about.set_column(5, 6, 60)

    typed = book.add_worksheet("as typed")
    typed.write_row(0, 0, ["Kind of value", "Language", "Accepted as typed", "Read as"], bold)
    for row, cells in enumerate(as_typed_rows(), start=1):
        typed.write_row(row, 0, cells, wrap)
    typed.set_column(0, 1, 16)
    typed.set_column(2, 3, 70)
    book.close()
    return path


def as_typed_rows() -> list[list[str]]:
    """What a register may hold besides the template's own forms, per language, from `schemas.words`."""
    rows = [
        ["Header row", "all", "Anywhere in the first 20 rows of a sheet: a title, notes or blank rows above it are "
         "passed over.", "The run prints the row it took: 'header in row 3'."],
        ["Summary row", "all", "A row under the data opening with a total word, Visiting and Host organisation empty.",
         "Skipped, and listed as a warning (never dropped silently)."],
    ]  # fmt: skip
    for language in LANGUAGES:
        comma = language in DECIMAL_COMMA
        amounts = (
            "780 · 780,00 · 780,00 € · 1 560,00 € · 1.560,00 · EUR 780 · €780"
            if comma
            else "780 · 780.00 · €780 · EUR 780 · 780 euros · 1,560.00 · 1 560"
        )
        ambiguous = "1.560 is 1560 and 1,560 is 1.56" if comma else "1,560 is 1560 and 1.560 is 1.56"
        rows.append(["Amount", language, amounts, f"Euros to the cent. One separator and three digits: {ambiguous} "
                     "(by the register's language in sources.yaml; listed as a warning)."])  # fmt: skip
        months = ", ".join(words[0] for words in MONTHS[language])
        june = MONTHS[language][5][0]
        dates = (
            f"14/06/2021 · 14.6.2021 · 2021-06-14 · an Excel date · a month name: {months} (or its abbreviation), "
            f"e.g. '14 {june} 2021', '{june} 2021'"
        )
        day_first = (
            "Day first, as the EU writes dates; a month alone is a month (its first or last day, precision month)."
        )
        rows.append(["Date", language, dates, day_first])
        unknown = "Empty, counted in a warning; in a required column (Visiting organisation) a problem to fix."
        rows.append(["Unknown value", language, ", ".join(PLACEHOLDERS[language]), unknown])
    for language, words in TOTAL_WORDS.items():
        rows.append(["Total word", language, ", ".join(words), "Marks a summary row (above)."])
    return rows
