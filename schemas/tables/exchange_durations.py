"""Aggregate computed in DuckDB by pipelines/out/exchange_durations.sql."""

from schemas.fields import exchanges_counted
from schemas.kinds import INTEGER, STRING
from schemas.model import Field, Table

TABLE = Table(
    name="exchange_durations",
    title="Distribution of exchange durations",
    description="Exchanges by length in working days, in fixed bands (the lump sum is halved below 5 working "
    "days). Every band is listed, with 0 where no exchange falls in it; 'not stated' counts the exchanges whose "
    "length no source states.",
    fields=(
        Field("band", STRING, "Band", "Length band, e.g. '5-9 working days'.", required=True, unique=True),
        Field(
            "min_working_days",
            INTEGER,
            "From",
            "Shortest length in the band; empty for 'not stated'.",
            minimum=3,
        ),
        Field(
            "max_working_days", INTEGER, "To", "Longest length in the band; empty for the open last band.", minimum=3
        ),
        exchanges_counted,
    ),
    primary_key=("band",),
    provenance=False,
)
