from schemas.fields import INTEGER, STRING, generation, notes, partnership_id, programme_id, source_id, source_url
from schemas.model import Field, ForeignKey, Table

TABLE = Table(
    name="exchange_partnerships",
    title="Partnerships running ClusterXchange",
    description="Partnerships that sources say run ClusterXchange exchanges, with the number of exchanges they "
    "planned where stated. The scheme ran in the ESCP-4X partnerships (pilot 2020-2022) and the Excellence "
    "generation of 2022-2024; sources name only some of them.",
    fields=(
        partnership_id.but(unique=True),
        Field("acronym", STRING, "Acronym", "Acronym of the partnership.", required=True),
        programme_id,
        generation.but(description="Generation or wave of the partnership."),
        Field("planned_exchanges", INTEGER, "Planned exchanges", "Exchanges the partnership planned, as a source states.", minimum=0),
        notes,
        source_id,
        source_url,
    ),
    primary_key=("partnership_id",),
    foreign_keys=(
        ForeignKey(("partnership_id",), "partnerships", ("partnership_id",)),
        ForeignKey(("source_id",), "sources", ("source_id",)),
    ),
)
