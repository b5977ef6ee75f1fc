"""Aggregate computed in DuckDB by pipelines/out/exchange_flows.sql."""

from schemas.countries import ISO_ALPHA2
from schemas.fields import COUNTRY_OR_NOT_STATED, NOT_STATED, country, exchanges_counted, working_days_total
from schemas.model import Table

TABLE = Table(
    name="exchange_flows",
    title="Country-to-country exchange flows",
    description="Exchanges from the visiting organisation's country to the host's; 'not stated' where a reported "
    "exchange's page gives no country.",
    fields=(
        country.but(
            name="visiting_country",
            title="Visiting country",
            required=True,
            description="Country of the visiting organisations, or 'not stated'.",
            enum=(*ISO_ALPHA2, NOT_STATED),
            enum_title=COUNTRY_OR_NOT_STATED,
        ),
        country.but(
            name="host_country",
            title="Host country",
            required=True,
            description="Country of the hosts, or 'not stated'.",
            enum=(*ISO_ALPHA2, NOT_STATED),
            enum_title=COUNTRY_OR_NOT_STATED,
        ),
        exchanges_counted,
        working_days_total,
    ),
    primary_key=("visiting_country", "host_country"),
    provenance=False,
)
