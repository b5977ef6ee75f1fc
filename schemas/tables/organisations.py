"""Member organisations, each once under its curated name, with the other names sources use."""

from schemas.fields import country, organisation_id, sourced
from schemas.kinds import STRING, STRING_LIST
from schemas.model import Field, ForeignKey, Register, Table

TABLE = Table(
    name="organisations",
    title="Organisations",
    description="Cluster organisations and other members of partnerships. An organisation named differently "
    "by different sources (or renamed) appears once, under the name the curators chose, with its other names; "
    "partnership_members keeps each source's wording.",
    fields=(
        organisation_id.but(unique=True, raw="organisation", parse="slug"),
        Field("name", STRING, "Name", "Name of the organisation.", required=True, unique=True, raw="organisation"),
        Field(
            "alternative_names",
            STRING_LIST,
            "Other names",
            "Former names and other names sources use for the organisation (a cluster and the body that manages it, "
            "say), as the source of this row states them.",
        ),
        country.but(
            description="Country the organisation is based in, as an ISO 3166-1 alpha-2 code; empty where no source "
            "states it."
        ),
        *sourced(),
    ),
    primary_key=("organisation_id",),
    foreign_keys=(ForeignKey(("source_id",), "sources", ("source_id",)),),
    register=Register("registers/organisations.csv"),
)
