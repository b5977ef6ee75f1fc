"""The EU cluster programmes and actions."""

from schemas.fields import programme_id, sourced
from schemas.kinds import INTEGER, STRING
from schemas.model import Field, ForeignKey, Register, Rule, Table

FRAMEWORKS = ("COSME", "Horizon 2020", "Single Market Programme")

TABLE = Table(
    name="programmes",
    title="Programmes",
    description="The EU cluster programmes and actions the partnerships and exchanges belong to.",
    fields=(
        programme_id.but(unique=True, description="Short identifier of the programme or action."),
        Field("name", STRING, "Name", "Full name of the programme or action.", required=True),
        Field(
            "framework", STRING, "Funding framework", "The EU funding programme it was funded under.", enum=FRAMEWORKS
        ),
        Field(
            "first_year",
            INTEGER,
            "First year",
            "First year of activity that a source states.",
            minimum=2000,
            states="year",
        ),
        Field(
            "last_year",
            INTEGER,
            "Last year",
            "Last year of activity that a source states.",
            minimum=2000,
            states="year",
        ),
        Field("description", STRING, "Description", "What the programme does, in a sentence.", required=True),
        *sourced(further=False),
    ),
    primary_key=("programme_id",),
    register=Register("registers/programmes.csv"),
    foreign_keys=(ForeignKey(("source_id",), "sources", ("source_id",)),),
    rules=(
        Rule(
            "years_ordered",
            "last_year >= first_year",
            "The last year is not before the first.",
            ("first_year", "last_year"),
        ),
    ),
)
