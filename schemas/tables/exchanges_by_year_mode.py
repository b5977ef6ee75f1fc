"""Aggregate computed in DuckDB by pipelines/out/exchanges_by_year_mode.sql."""

from schemas.fields import count, exchanges_counted, working_days_total
from schemas.kinds import INTEGER, STRING
from schemas.model import Field, Table

TABLE = Table(
    name="exchanges_by_year_mode",
    title="Exchanges per year and mode",
    description="Exchanges per year of their start and mode, with their working days and participants.",
    fields=(
        Field("year", INTEGER, "Year", "Year the exchanges started.", required=True),
        Field("mode", STRING, "Mode", "physical, virtual or hybrid.", required=True),
        exchanges_counted,
        working_days_total,
        count("participants", "Participants", "People who took part (group sizes added up; 1 where not given)."),
    ),
    primary_key=("year", "mode"),
    provenance=False,
)
