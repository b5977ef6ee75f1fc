"""Member organisations, each once under its curated name; built from the partnership members register."""

from schemas.fields import country, organisation_id, source_id, source_url
from schemas.kinds import STRING
from schemas.model import Field, ForeignKey, Table

TABLE = Table(
    name="organisations",
    title="Organisations",
    description="Cluster organisations and other members of partnerships. An organisation named differently "
    "by different sources appears once, under the name the curators chose; partnership_members keeps each "
    "source's wording.",
    fields=(
        organisation_id.but(unique=True),
        Field("name", STRING, "Name", "Name of the organisation.", required=True, unique=True),
        country.but(
            description="Country the organisation is based in, as an ISO 3166-1 alpha-2 code; empty where no source "
            "states it."
        ),
        source_id.but(description="Source of the first membership row naming the organisation."),
        source_url.but(description="Address of that source."),
    ),
    primary_key=("organisation_id",),
    foreign_keys=(ForeignKey(("source_id",), "sources", ("source_id",)),),
)
