"""Aggregate computed in DuckDB by pipelines/out/partnerships_by_programme.sql."""

from schemas.fields import count, generation, generation_id, programme_id
from schemas.model import ForeignKey, Table

TABLE = Table(
    name="partnerships_by_programme",
    title="Partnerships per programme and generation",
    description="How many partnerships our registers name per programme and generation, and how many "
    "member organisations they name. Registers are partial: compare with the totals sources state.",
    fields=(
        programme_id,
        generation.but(description="Generation or wave; 'not stated' where no source gives it.", required=True),
        generation_id.but(
            description="The generation's id (see the generations table); empty for 'not stated' and 'all generations'."
        ),
        count("partnerships", "Partnerships", "Partnerships named.", minimum=1),
        count(
            "partnerships_with_members", "With members named", "Partnerships at least one of whose members is named."
        ),
        count("organisations", "Organisations", "Distinct member organisations named."),
        count("countries", "Countries", "Distinct countries of those organisations."),
    ),
    primary_key=("programme_id", "generation"),
    foreign_keys=(
        ForeignKey(("programme_id",), "programmes", ("programme_id",)),
        ForeignKey(("generation_id",), "generations", ("generation_id",)),
    ),
    provenance=False,
)
