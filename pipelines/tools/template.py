"""The exchange register template (raw/templates/clusterxchange_register.xlsx), generated from the schema.

Sheet 'exchanges' has one column per register field, headed by its English title, with drop-down
lists for mode and the two countries; sheet 'columns' explains every column and the other headers
the pipeline accepts for it; sheet 'lists' holds the values of the drop-downs. The same schema and
COSME register give the same bytes.
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
    book.close()
    return path
