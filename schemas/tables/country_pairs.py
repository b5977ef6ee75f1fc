"""Aggregate computed in DuckDB by pipelines/out/country_pairs.sql."""

from schemas.fields import count, country
from schemas.kinds import STRING_LIST
from schemas.model import Field, Table

TABLE = Table(
    name="country_pairs",
    title="Country co-participation",
    description="Pairs of countries whose organisations are members of the same partnership, and how "
    "often, over all programmes. Each pair is listed once, the codes in alphabetical order.",
    fields=(
        country.but(
            name="country_a", title="Country A", required=True, description="The alphabetically first country."
        ),
        country.but(
            name="country_b", title="Country B", required=True, description="The alphabetically second country."
        ),
        count("partnerships", "Partnerships", "Partnerships with members from both countries.", minimum=1),
        Field(
            "partnership_ids",
            STRING_LIST,
            "Partnership ids",
            "Those partnerships, in alphabetical order.",
            required=True,
        ),
    ),
    primary_key=("country_a", "country_b"),
    provenance=False,
)
