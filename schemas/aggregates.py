"""Aggregate tables computed by DuckDB from the core tables (pipelines/sql/<name>.sql)."""

from schemas.fields import INTEGER, STRING, STRING_LIST, country, programme_id
from schemas.model import Field, ForeignKey, Table

PARTNERSHIPS_BY_PROGRAMME = Table(
    name="partnerships_by_programme",
    title="Partnerships per programme and generation",
    description="How many partnerships our registers name per programme and generation, and how many "
    "member organisations they name. Registers are partial: compare with the totals sources state.",
    fields=(
        programme_id,
        Field(
            "generation",
            STRING,
            "Generation",
            "Generation or wave; 'not stated' where no source gives it.",
            required=True,
        ),
        Field("partnerships", INTEGER, "Partnerships", "Partnerships named.", required=True, minimum=1),
        Field(
            "partnerships_with_members",
            INTEGER,
            "With members named",
            "Partnerships at least one of whose members is named.",
            required=True,
            minimum=0,
        ),
        Field("organisations", INTEGER, "Organisations", "Distinct member organisations named.", required=True, minimum=0),
        Field("countries", INTEGER, "Countries", "Distinct countries of those organisations.", required=True, minimum=0),
    ),
    primary_key=("programme_id", "generation"),
    foreign_keys=(ForeignKey(("programme_id",), "programmes", ("programme_id",)),),
    provenance=False,
)

MEMBERS_BY_COUNTRY = Table(
    name="members_by_country",
    title="Member organisations per country and programme",
    description="Distinct member organisations and memberships per country and programme. Organisations "
    "whose country no source states are not counted here.",
    fields=(
        programme_id,
        country.but(required=True),
        Field("organisations", INTEGER, "Organisations", "Distinct organisations from the country.", required=True, minimum=1),
        Field(
            "memberships",
            INTEGER,
            "Memberships",
            "Partnership memberships of those organisations (an organisation in two partnerships counts twice).",
            required=True,
            minimum=1,
        ),
        Field("partnerships", INTEGER, "Partnerships", "Distinct partnerships they are members of.", required=True, minimum=1),
    ),
    primary_key=("programme_id", "country"),
    foreign_keys=(ForeignKey(("programme_id",), "programmes", ("programme_id",)),),
    provenance=False,
)

COUNTRY_PAIRS = Table(
    name="country_pairs",
    title="Country co-participation",
    description="Pairs of countries whose organisations are members of the same partnership, and how "
    "often, over all programmes. Each pair is listed once, the codes in alphabetical order.",
    fields=(
        country.but(name="country_a", title="Country A", required=True, description="The alphabetically first country."),
        country.but(name="country_b", title="Country B", required=True, description="The alphabetically second country."),
        Field("partnerships", INTEGER, "Partnerships", "Partnerships with members from both countries.", required=True, minimum=1),
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
