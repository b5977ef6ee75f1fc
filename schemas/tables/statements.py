"""Evidence: every value of the curated tables with the words of a page that state it."""

from schemas.evidence import BASES, QUOTE_CHARS
from schemas.fields import source_id, source_url
from schemas.kinds import DATE, STRING
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
    "exchange_events",
)
# How the quote carries the value: its own words (after folding case, accents and spaces), another form of
# it (a country's name for its code, a date written out), or a declared inference.
FORMS = ("same words", "other form", "inferred")

TABLE = Table(
    name="statements",
    title="Statements",
    description="Every value of the curated tables with the evidence for it: the page that states it and the "
    "page's own words, one row per value and quote. A value two pages state has two rows. Each quote is checked "
    "by the pipeline to state its value (by the field's kind: a name, an amount, a date, a country, a role, …); "
    "a quote from a page whose copy is kept (see documents) is checked to be in that copy. Where a value is "
    "inferred rather than stated (a country from the city a page names), basis says which inference, from a "
    "closed list. Ids, date precisions and other columns the pipeline derives are not listed.",
    fields=(
        Field(
            "table_name",
            STRING,
            "Table",
            "The table that holds the value.",
            required=True,
            enum=STATED_TABLES,
            raw="table",
        ),
        Field(
            "row_key",
            STRING,
            "Row",
            "The row's primary key; the values of a composite key joined by '|' (partnership_id|organisation_id).",
            required=True,
            raw="key",
        ),
        Field("field_name", STRING, "Field", "The field that holds the value.", required=True, raw="field"),
        Field(
            "value",
            STRING,
            "Value",
            "The value as published, as text: lists joined by ';', dates ISO 8601 to the precision stated "
            "(2022, 2022-02 or 2022-02-28).",
            required=True,
            derived=True,
        ),
        source_id.but(description="The source that states the value.", raw="source"),
        source_url,
        Field(
            "quote",
            STRING,
            "Quote",
            f"The source's words that state the value, at most {QUOTE_CHARS} characters; ' … ' joins two passages "
            "of the same page.",
            required=True,
            pattern=rf"^[\s\S]{{1,{QUOTE_CHARS}}}$",
        ),
        Field(
            "basis",
            STRING,
            "Basis",
            "'stated', or 'inferred:<rule>' with a rule from the closed list in the README (country-from-place, "
            "programme-from-call, generation-from-call, generation-from-dates, generation-from-closed-calls, "
            "duration-from-dates).",
            required=True,
            enum=BASES,
        ),
        Field(
            "form",
            STRING,
            "Form",
            "How the quote carries the value: 'same words', 'other form' (a country's name for its code, a date "
            "written out, an amount in millions) or 'inferred'.",
            required=True,
            enum=FORMS,
            derived=True,
        ),
        Field("accessed", DATE, "Read on", "When the page was read (the source's accessed date).", derived=True),
        Field("notes", STRING, "Notes", "What a reader should know about this evidence (for an inference, its place)."),
    ),
    primary_key=("table_name", "row_key", "field_name", "source_id", "quote"),
    foreign_keys=(ForeignKey(("source_id",), "sources", ("source_id",)),),
    register=Register("evidence/*.csv"),
)
