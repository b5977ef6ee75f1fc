"""Field kinds and the shared field dictionary.

A field that appears in several tables (an id, a country, a source) is defined here once; tables
take it as it is or with `.but(description=...)` for a table-specific meaning.
"""

import polars as pl
import pyarrow as pa

from schemas.countries import ISO_ALPHA2, ISO_TITLE
from schemas.model import Field, Kind

STRING = Kind("string", {"type": "string"}, pa.string(), "VARCHAR", pl.String)
URL = Kind("url", {"type": "string", "format": "uri"}, pa.string(), "VARCHAR", pl.String)
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

DATE_PRECISIONS = ("day", "month", "year")
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
LANGUAGE_PATTERN = r"^[a-z]{2}$"

country = Field(
    "country",
    STRING,
    "Country",
    "ISO 3166-1 alpha-2 code (GR for Greece and GB for the United Kingdom, not the EU's EL and UK).",
    enum=ISO_ALPHA2,
    enum_title=ISO_TITLE,
    example="FR",
)

programme_id = Field(
    "programme_id",
    STRING,
    "Programme",
    "Identifier of the EU programme or action (see the programmes table).",
    required=True,
    example="ESCP-4i",
)

partnership_id = Field(
    "partnership_id",
    STRING,
    "Partnership id",
    "Stable identifier of the partnership: the acronym folded to lower-case ASCII letters, digits and hyphens.",
    required=True,
    pattern=ID_PATTERN,
    example="mobigoin-action",
)

organisation_id = Field(
    "organisation_id",
    STRING,
    "Organisation id",
    "Stable identifier of the organisation: its curated name folded to lower-case ASCII letters, digits and hyphens.",
    required=True,
    pattern=ID_PATTERN,
    example="bwcon",
)

call_id = Field(
    "call_id",
    STRING,
    "Call",
    "Identifier of the call for proposals or topic (see the calls table).",
    example="COS-CLUSTER-2014-3-03",
)

generation = Field(
    "generation",
    STRING,
    "Generation",
    "Generation, wave or call round of a programme, in the words of the generations table.",
)

generation_id = Field(
    "generation_id",
    STRING,
    "Generation id",
    "The generation (see the generations table), derived from the programme and the generation's name.",
    pattern=ID_PATTERN,
)

source_id = Field(
    "source_id",
    STRING,
    "Source id",
    "Identifier of the source in the sources table.",
    required=True,
    pattern=ID_PATTERN,
)

source_url = Field(
    "source_url",
    URL,
    "Source",
    "Address of the page or document that states this row's facts; empty only for a source whose address is unknown.",
)

further_source_urls = Field(
    "further_source_urls",
    STRING_LIST,
    "Further sources",
    "Other pages stating some of this row's facts.",
)

notes = Field("notes", STRING, "Notes", "What a reader should know about this row, as the sources give it.")


def count(name: str, title: str, description: str, minimum: int = 0) -> Field:
    """A required count, as aggregates have many."""
    return Field(name, INTEGER, title, description, required=True, minimum=minimum)


def date_precision(of: str) -> Field:
    return Field(
        f"{of}_precision",
        STRING,
        f"{of.replace('_', ' ').capitalize()} precision",
        f"How much of {of} the source states: 'day', 'month' (the date is the 1st of that month) "
        "or 'year' (the date is 1 January of that year).",
        enum=DATE_PRECISIONS,
    )


PROVENANCE_FIELDS = (
    Field(
        "raw_file",
        STRING,
        "Raw file",
        "Path, relative to the repository's raw/ folder, of the file this row was read from.",
        required=True,
    ),
    Field("raw_sheet", STRING, "Raw sheet", "Worksheet the row was read from, for spreadsheets."),
    Field(
        "raw_row",
        INTEGER,
        "Raw row",
        "Where in the raw file the row stands: the row number a spreadsheet program shows (the header "
        "is row 1), or for a YAML file the line its entry starts on.",
        required=True,
        minimum=1,
    ),
)
