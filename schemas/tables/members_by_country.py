"""Aggregate computed in DuckDB by pipelines/out/members_by_country.sql."""

from schemas.fields import count, country, programme_id
from schemas.model import ForeignKey, Table

TABLE = Table(
    name="members_by_country",
    title="Member organisations per country and programme",
    description="Distinct member organisations and memberships per country and programme. Organisations "
    "whose country no source states are not counted here.",
    fields=(
        programme_id,
        country.but(required=True),
        count("organisations", "Organisations", "Distinct organisations from the country.", minimum=1),
        count(
            "memberships",
            "Memberships",
            "Partnership memberships of those organisations (an organisation in two partnerships counts twice).",
            minimum=1,
        ),
        count("partnerships", "Partnerships", "Distinct partnerships they are members of.", minimum=1),
    ),
    primary_key=("programme_id", "country"),
    foreign_keys=(ForeignKey(("programme_id",), "programmes", ("programme_id",)),),
    provenance=False,
)
