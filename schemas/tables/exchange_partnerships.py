"""Partnerships that sources say run ClusterXchange; their programme and generation come from partnerships."""

from schemas.fields import generation, partnership_id, programme_id, sourced
from schemas.kinds import INTEGER, STRING
from schemas.model import Field, ForeignKey, Register, Table

TABLE = Table(
    name="exchange_partnerships",
    title="Partnerships running ClusterXchange",
    description="Partnerships that sources say run ClusterXchange exchanges, with the number of exchanges they "
    "planned where stated. The scheme ran in the ESCP-4X partnerships (pilot 2020-2022) and the Excellence "
    "generation of 2022-2024; sources name only some of them.",
    fields=(
        partnership_id.but(unique=True, raw="partnership", parse="slug"),
        Field("acronym", STRING, "Acronym", "Acronym of the partnership.", required=True, derived=True),
        programme_id.but(derived=True),
        generation.but(description="Generation or wave of the partnership.", derived=True),
        Field(
            "planned_exchanges",
            INTEGER,
            "Planned exchanges",
            "Exchanges the partnership planned, as a source states.",
            minimum=0,
        ),
        *sourced(further=False),
    ),
    primary_key=("partnership_id",),
    register=Register("registers/exchange_partnerships.csv"),
    foreign_keys=(
        ForeignKey(("partnership_id",), "partnerships", ("partnership_id",)),
        ForeignKey(("source_id",), "sources", ("source_id",)),
    ),
)
