"""Aggregate computed in DuckDB by pipelines/out/exchanges_by_partnership.sql."""

from schemas.fields import count, exchanges_counted, partnership_id
from schemas.kinds import DECIMAL, INTEGER
from schemas.model import Field, ForeignKey, Table

TABLE = Table(
    name="exchanges_by_partnership",
    title="Exchanges per partnership",
    description="For every partnership known to run ClusterXchange: exchanges registered, distinct visiting "
    "and host countries, and lump sums paid, beside the exchanges it planned, and the exchange events registered. "
    "Exchanges and events whose project is not in the partnerships register are not counted here.",
    fields=(
        partnership_id,
        Field("planned_exchanges", INTEGER, "Planned", "Exchanges the partnership planned, where stated.", minimum=0),
        exchanges_counted,
        count("visiting_countries", "Visiting countries", "Distinct countries of its visitors."),
        count("host_countries", "Host countries", "Distinct countries of their hosts."),
        Field(
            "lump_sum_eur",
            DECIMAL,
            "Lump sums (EUR)",
            "Lump sums paid, added up; 0 where none is registered.",
            required=True,
            minimum=0,
        ),
        count("events", "Events", "Exchange events registered for it (see exchange_events)."),
    ),
    primary_key=("partnership_id",),
    foreign_keys=(ForeignKey(("partnership_id",), "exchange_partnerships", ("partnership_id",)),),
    provenance=False,
)
