"""Aggregate computed in DuckDB by pipelines/out/coverage.sql."""

from schemas.fields import count, generation, generation_id, programme_id
from schemas.kinds import INTEGER, NUMBER, STRING, STRING_LIST
from schemas.model import Field, ForeignKey, Table

COVERAGE_METRICS = (
    "partnerships",
    "cluster_organisations",
    "partners",
    "countries",
    "exchanges",
    "virtual_exchanges",
    "expected_exchanges",
)

TABLE = Table(
    name="coverage",
    title="Coverage of the registers",
    description="Per programme and generation, the totals sources state beside what our registers contain: "
    "partnerships named, member organisations named (for both cluster_organisations and partners, which the "
    "registers do not tell apart), their countries, and ClusterXchange exchanges registered (all, the virtual ones, "
    "and all again beside the exchanges expected). "
    "Every programme and every generation has at least its partnerships row, whether or not a source states a total.",
    fields=(
        programme_id,
        generation.but(description="Generation or wave, or 'all generations' for the whole programme.", required=True),
        generation_id.but(
            description="The generation's id (see the generations table); empty for 'not stated' and 'all generations'."
        ),
        Field("metric", STRING, "Metric", "What is counted.", required=True, enum=COVERAGE_METRICS),
        Field(
            "stated_min", INTEGER, "Stated (lowest)", "Lowest value sources state; empty where none does.", minimum=0
        ),
        Field(
            "stated_max",
            INTEGER,
            "Stated (highest)",
            "Highest value sources state; differs from stated_min where sources disagree.",
            minimum=0,
        ),
        count("stated_claims", "Claims", "Number of claims stating a value."),
        Field("claim_ids", STRING_LIST, "Claim ids", "Those claims."),
        count("registered", "Registered", "How many our registers contain."),
        Field(
            "ratio",
            NUMBER,
            "Ratio",
            "registered / stated_max, to 3 decimals: the share of the stated total our registers name.",
            minimum=0,
        ),
    ),
    primary_key=("programme_id", "generation", "metric"),
    foreign_keys=(
        ForeignKey(("programme_id",), "programmes", ("programme_id",)),
        ForeignKey(("generation_id",), "generations", ("generation_id",)),
    ),
    provenance=False,
)
