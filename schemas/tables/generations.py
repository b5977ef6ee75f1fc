"""Each programme's generations or waves, with the call that selected them."""

from schemas.fields import ID_PATTERN, call_id, programme_id, sourced
from schemas.kinds import INTEGER, STRING
from schemas.model import Field, ForeignKey, Register, Rule, Table

TABLE = Table(
    name="generations",
    title="Generations",
    description="The generations, waves or call rounds of each programme, with the call that selected them. "
    "Partnerships and claims name their generation in these words, so the two can be compared.",
    fields=(
        Field(
            "generation_id",
            STRING,
            "Generation id",
            "Stable identifier: the programme and the generation's name, folded to lower-case ASCII and hyphens.",
            required=True,
            unique=True,
            pattern=ID_PATTERN,
            example="escp-4i-1st-generation-2016-2017",
            derived=True,
        ),
        programme_id,
        Field(
            "name", STRING, "Name", "The generation's name, with the years it ran.", required=True, states="generation"
        ),
        call_id.but(description="The call for proposals that selected the generation, where a source states it."),
        Field(
            "first_year",
            INTEGER,
            "First year",
            "Year the generation's partnerships started.",
            minimum=2000,
            states="year",
        ),
        Field("last_year", INTEGER, "Last year", "Year they ended, where known.", minimum=2000, states="year"),
        *sourced(further=False),
    ),
    primary_key=("generation_id",),
    register=Register("registers/generations.csv"),
    foreign_keys=(
        ForeignKey(("programme_id",), "programmes", ("programme_id",)),
        ForeignKey(("call_id",), "calls", ("call_id",)),
        ForeignKey(("source_id",), "sources", ("source_id",)),
    ),
    rules=(
        Rule(
            "years_ordered",
            "last_year >= first_year",
            "The last year is not before the first.",
            ("first_year", "last_year"),
        ),
    ),
)
