"""Aggregate computed in DuckDB by pipelines/out/claim_conflicts.sql."""

from schemas.fields import QUALIFIERS, generation, programme_id
from schemas.kinds import DECIMAL, STRING, URL
from schemas.model import Field, ForeignKey, Table
from schemas.tables.claims import METRICS


def _pair(field: Field, side: str) -> Field:
    return field.but(
        name=f"{field.name}_{side}",
        title=f"{field.title} ({side.upper()})",
        description=f"{field.description} Claim {side.upper()}.",
    )


CONFLICT_KINDS = ("contradiction", "differs_by_date", "within_bound")

_CLAIM_SIDE = (
    Field("claim_id", STRING, "Claim", "Identifier of the claim.", required=True),
    Field("source_id", STRING, "Source", "Source of the claim.", required=True),
    Field("source_url", URL, "Source address", "Address of that source."),
    Field("value", DECIMAL, "Value", "Value stated, where it is a number."),
    Field("value_text", STRING, "Value (text)", "Value stated, where it is not a number."),
    Field("qualifier", STRING, "Qualifier", "How the value is stated.", required=True, enum=QUALIFIERS),
    Field("period", STRING, "Period", "Period the value refers to."),
    Field("quote", STRING, "Quote", "The source's words."),
)

TABLE = Table(
    name="claim_conflicts",
    title="Conflicting claims",
    description="Pairs of claims in which two sources state different values for the same programme, generation, "
    "metric and dimension over the same or overlapping periods. Each pair appears once; neither side is "
    "taken to be right.",
    fields=(
        programme_id.but(required=False),
        generation.but(description="Generation or wave both claims are about; empty for the whole programme."),
        Field("metric", STRING, "Metric", "What both claims count or measure.", required=True, enum=tuple(METRICS)),
        Field("dimension", STRING, "Dimension", "Breakdown both claims share, where any."),
        *(_pair(f, "a") for f in _CLAIM_SIDE),
        *(_pair(f, "b") for f in _CLAIM_SIDE),
        Field("difference", DECIMAL, "Difference", "value_b minus value_a, where both are numbers."),
        Field(
            "kind",
            STRING,
            "Kind",
            "'contradiction': the two state different values for the same moment or period (or do not say when); "
            "'differs_by_date': they refer to different dates or periods, so both can be true (a count on launch day "
            "and one for the whole generation, say); 'within_bound': one is a bound ('up to 26') the other keeps.",
            required=True,
            enum=CONFLICT_KINDS,
        ),
    ),
    primary_key=("claim_id_a", "claim_id_b"),
    foreign_keys=(
        ForeignKey(("claim_id_a",), "claims", ("claim_id",)),
        ForeignKey(("claim_id_b",), "claims", ("claim_id",)),
    ),
    provenance=False,
)
