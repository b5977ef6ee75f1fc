"""Aggregate computed in DuckDB by pipelines/out/evidence_by_table.sql."""

from schemas.fields import count
from schemas.kinds import NUMBER, STRING
from schemas.model import Field, Table
from schemas.tables.statements import STATED_TABLES

TABLE = Table(
    name="evidence_by_table",
    title="Evidence per table",
    description="For each curated table, how its values are evidenced (see statements): stated in the quote's "
    "own words, stated in another form (a country's name for its code, a date written out, an amount in "
    "millions), or inferred by a declared rule. A value counts once, by its strongest evidence.",
    fields=(
        Field("table_name", STRING, "Table", "The curated table.", required=True, enum=STATED_TABLES),
        count("stated_values", "Values", "Non-empty values of the table, each with evidence.", minimum=1),
        count("same_words", "Same words", "Values whose quote writes them as published."),
        count("other_form", "Other form", "Values whose quote states them in another form."),
        count("inferred", "Inferred", "Values supported only by a declared inference."),
        count("stated_by_two_or_more", "Two sources or more", "Values that two or more pages state."),
        Field(
            "same_words_pct",
            NUMBER,
            "Same words (%)",
            "Share of the values stated in the same words, in percent.",
            required=True,
            minimum=0,
            maximum=100,
        ),
    ),
    primary_key=("table_name",),
    provenance=False,
)
