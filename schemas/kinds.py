"""Type kinds: one value holds every spelling of a type (Frictionless, Arrow, DuckDB, Polars).

Parsers are named here, as data, with the kinds they produce: a table definition says how each
register column is read (`Field.parse`) and the definition is checked against this list when built;
`pipelines.core.parsing` implements each name.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
import pyarrow as pa


@dataclass(frozen=True)
class Kind:
    """A type as every consumer spells it: Frictionless, Arrow/Parquet, DuckDB and Polars."""

    name: str
    frictionless: dict
    arrow: pa.DataType
    duckdb: str
    polars: pl.DataType
    # A pattern every value of the kind matches, whatever field it is in: each field of the kind gets it as its
    # own `pattern`, so every export (Pandera, Frictionless, DuckDB, the verifier, the dictionary) enforces it.
    pattern: str | None = None

    @property
    def is_list(self) -> bool:
        return isinstance(self.polars, pl.List)

    @property
    def is_text(self) -> bool:
        return self.name in ("string", "url")

    @property
    def is_ordered(self) -> bool:
        """Whether minimum and maximum mean something for values of this kind."""
        return self.name in ("integer", "number", "decimal", "date")


STRING = Kind("string", {"type": "string"}, pa.string(), "VARCHAR", pl.String)
# Addresses of sources are web addresses: http or https, a host, no white space or control character (a
# `javascript:`, `data:` or `file:` address is no source a reader can follow, and a hostile one in a page).
URL_PATTERN = r"^https?://[^\s/?#\x00-\x1f\x7f]+([/?#][^\s\x00-\x1f\x7f]*)?$"
URL = Kind("url", {"type": "string", "format": "uri"}, pa.string(), "VARCHAR", pl.String, pattern=URL_PATTERN)
INTEGER = Kind("integer", {"type": "integer"}, pa.int64(), "BIGINT", pl.Int64)
NUMBER = Kind("number", {"type": "number"}, pa.float64(), "DOUBLE", pl.Float64)
# Exact to two decimals: DECIMAL keeps 4,997,882.50 or 7.5 as written, a float would not.
DECIMAL = Kind("decimal", {"type": "number"}, pa.decimal128(15, 2), "DECIMAL(15,2)", pl.Decimal(15, 2))
MONEY = DECIMAL  # euros to the cent
DATE = Kind("date", {"type": "date"}, pa.date32(), "DATE", pl.Date)
BOOLEAN = Kind("boolean", {"type": "boolean"}, pa.bool_(), "BOOLEAN", pl.Boolean)
# Several values in one cell: a list in Parquet and DuckDB, ";"-separated in CSV.
LIST_SEPARATOR = ";"
STRING_LIST = Kind(
    "string_list",
    {"type": "list", "itemType": "string", "delimiter": LIST_SEPARATOR},
    pa.list_(pa.string()),
    "VARCHAR[]",
    pl.List(pl.String),
)

# How a register's text cell may be read → the kinds that parser produces.
PARSERS: dict[str, tuple[str, ...]] = {
    "text": ("string", "url"),
    "integer": ("integer",),
    "number": ("number",),
    "money": ("decimal",),
    "boolean": ("boolean",),
    "date": ("date",),
    "any_date": ("date",),  # ISO, day-first or an Excel serial, as data holders write dates
    "partial_date": ("date",),  # YYYY, YYYY-MM or YYYY-MM-DD, as the first day of the period
    "partial_date_end": ("date",),  # the same, as the last day of the period (for ends)
    "any_partial_date": ("date",),  # a YYYY or YYYY-MM period, or a day in any form any_date reads
    "any_partial_date_end": ("date",),  # the same, a period as its last day (for ends)
    "precision": ("string",),  # 'year', 'month' or 'day': how much of a partial date is given
    "any_precision": ("string",),  # the same, for a date read by any_partial_date
    "text_list": ("string_list",),
    "lines": ("string_list",),  # one item per line (items that may contain ';', as quotes do)
    "country": ("string",),  # an ISO code, the EU's EL and UK translated
    "country_list": ("string_list",),
    "country_or_name": ("string",),  # a code or an English country name
    "choice": ("string",),  # a value of the field's enum or one of its value_aliases
    "slug": ("string",),  # a stable id from a name
    "source": ("string",),  # a source's URL or id → its id (the sourced tail's resolution)
}
# The parser a field gets when its definition names none.
DEFAULT_PARSER = {
    "string": "text",
    "url": "text",
    "integer": "integer",
    "number": "number",
    "decimal": "money",
    "boolean": "boolean",
    "date": "date",
    "string_list": "text_list",
}
