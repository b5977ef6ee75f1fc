"""The shared field dictionary and the sourced tail.

A field that appears in several tables (an id, a country, a source) is defined here once; tables
take it as it is or with `.but(description=...)` for a table-specific meaning.
"""

from schemas.countries import ISO_ALPHA2, ISO_TITLE
from schemas.kinds import INTEGER, STRING, STRING_LIST, URL
from schemas.model import Field, Rule

DATE_PRECISIONS = ("day", "month", "year")
# What an aggregate's key says where the rows it counts state no value (a reported exchange without a date, say).
NOT_STATED = "not stated"
YEAR_OR_NOT_STATED = r"^(\d{4}|not stated)$"
COUNTRY_OR_NOT_STATED = "an ISO 3166-1 alpha-2 code, or 'not stated'"
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
    parse="country",
)

programme_id = Field(
    "programme_id",
    STRING,
    "Programme",
    "Identifier of the EU programme or action (see the programmes table).",
    required=True,
    example="ESCP-4i",
    states="programme",
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
    states="call",
)

generation = Field(
    "generation",
    STRING,
    "Generation",
    "Generation, wave or call round of a programme, in the words of the generations table.",
    states="generation",
)

generation_id = Field(
    "generation_id",
    STRING,
    "Generation id",
    "The generation (see the generations table), derived from the programme and the generation's name.",
    pattern=ID_PATTERN,
    derived=True,
)

source_id = Field(
    "source_id",
    STRING,
    "Source id",
    "Identifier of the source in the sources table.",
    required=True,
    pattern=ID_PATTERN,
    raw="source",
    parse="source",
)

source_url = Field(
    "source_url",
    URL,
    "Source",
    "Address of the page or document that states this row's facts; empty only for a source whose address is unknown.",
    derived=True,
)

further_source_urls = Field(
    "further_source_urls",
    STRING_LIST,
    "Further sources",
    "Other pages stating some of this row's facts.",
    raw="further_sources",
)

notes = Field("notes", STRING, "Notes", "What a reader should know about this row, as the sources give it.")


def count(name: str, title: str, description: str, minimum: int = 0) -> Field:
    """A required count, as aggregates have many."""
    return Field(name, INTEGER, title, description, required=True, minimum=minimum)


QUALIFIERS = ("exact", "approximately", "at_least", "more_than", "up_to")


def _qualifier_name(of: str) -> str:
    return f"{of.removesuffix('_eur')}_qualifier"


def qualifier(of: str) -> Field:
    """How a source states the value of `of`: a cap ("up to 16") or an estimate is not an exact figure."""
    return Field(
        _qualifier_name(of),
        STRING,
        f"{of.removesuffix('_eur').replace('_', ' ').capitalize()} qualifier",
        f"How the source states {of}: exact, approximately, at_least, more_than or up_to.",
        enum=QUALIFIERS,
        states="qualifier",
    )


def qualified(of: str) -> Rule:
    """The rule that a value and its qualifier come together."""
    name = _qualifier_name(of)
    return Rule(
        f"{of}_qualified", f"({of} IS NULL) = ({name} IS NULL)", f"{name} is given exactly when {of} is.", (of, name)
    )


def date_precision(of: str, end: bool = False) -> Field:
    """How much of the date `of` a source states, read from the same register column. A start stated as a
    month or a year is its first day, an end its last, so that a plain date difference measures the span."""
    day = ("the last day of that month", "31 December of that year") if end else ("the 1st of that month", "1 January")
    return Field(
        f"{of}_precision",
        STRING,
        f"{of.replace('_', ' ').capitalize()} precision",
        f"How much of {of} the source states: 'day', 'month' (the date is {day[0]}) "
        f"or 'year' (the date is {day[1]}{'' if end else ' of that year'}).",
        enum=DATE_PRECISIONS,
        raw=of,
        parse="precision",
    )


def precision_given_with(date: str) -> Rule:
    return Rule(
        f"{date}_precision_given",
        f"({date} IS NULL) = ({date}_precision IS NULL)",
        f"{date}_precision is given exactly when {date} is.",
        (date, f"{date}_precision"),
    )


def sourced(further: bool = True, notes_field: Field | None = notes) -> tuple[Field, ...]:
    """The tail every sourced table ends with: its notes, the source that states the row (read as a URL
    or id, published as both) and, where the register has them, further sources."""
    tail = (notes_field,) if notes_field is not None else ()
    return (*tail, source_id, source_url, *((further_source_urls,) if further else ()))


exchanges_counted = count("exchanges", "Exchanges", "Exchanges counted.")
working_days_total = Field(
    "working_days",
    INTEGER,
    "Working days",
    "Working days of those exchanges whose length is known, added up; empty where none is.",
    minimum=0,
)
