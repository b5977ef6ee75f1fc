"""Per-value provenance: which source states each published value of the curated tables."""

from schemas.fields import source_id, source_url
from schemas.kinds import STRING
from schemas.model import Field, ForeignKey, Register, Table

# The curated tables whose every value is traced here; exchanges come whole from a data holder's register.
STATED_TABLES = (
    "programmes",
    "calls",
    "generations",
    "partnerships",
    "organisations",
    "partnership_members",
    "cosme_countries",
    "exchange_partnerships",
)
ORIGINS = ("row", "statement")

TABLE = Table(
    name="statements",
    title="Statements",
    description="Every value of the curated tables with the source that states it, one row per value and source. "
    "A value is stated by its row's source (origin 'row') unless the statements register names another source "
    "for it (origin 'statement', often with the source's words): a grant number found on another page than the "
    "partnership's profile, say. Empty values are not listed.",
    fields=(
        Field("table_name", STRING, "Table", "The table that holds the value.", required=True, enum=STATED_TABLES),
        Field(
            "row_key",
            STRING,
            "Row",
            "The row's primary key; the values of a composite key joined by '|'.",
            required=True,
        ),
        Field("field_name", STRING, "Field", "The field that holds the value.", required=True),
        Field(
            "value",
            STRING,
            "Value",
            "The value as published, as text (lists joined by ';', dates ISO 8601).",
            required=True,
            derived=True,
        ),
        source_id.but(description="The source that states the value."),
        source_url,
        Field("quote", STRING, "Quote", "The source's words stating the value, where recorded."),
        Field(
            "origin",
            STRING,
            "Origin",
            "'row': the value's row names this source; 'statement': the statements register does.",
            required=True,
            enum=ORIGINS,
            derived=True,
        ),
        Field("notes", STRING, "Notes", "What a reader should know about this statement."),
    ),
    primary_key=("table_name", "row_key", "field_name", "source_id"),
    foreign_keys=(ForeignKey(("source_id",), "sources", ("source_id",)),),
    register=Register("registers/statements.csv"),
)
