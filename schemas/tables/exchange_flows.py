"""Aggregate computed in DuckDB by pipelines/out/exchange_flows.sql."""

from schemas.fields import country, exchanges_counted, working_days_total
from schemas.model import Table

TABLE = Table(
    name="exchange_flows",
    title="Country-to-country exchange flows",
    description="Exchanges from the visiting organisation's country to the host's.",
    fields=(
        country.but(
            name="visiting_country",
            title="Visiting country",
            required=True,
            description="Country of the visiting organisations.",
        ),
        country.but(name="host_country", title="Host country", required=True, description="Country of the hosts."),
        exchanges_counted,
        working_days_total,
    ),
    primary_key=("visiting_country", "host_country"),
    provenance=False,
)
