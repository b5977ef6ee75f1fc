"""Aggregate computed in DuckDB by pipelines/out/exchange_lump_sums.sql."""

from schemas.fields import YEAR_OR_NOT_STATED, count, exchanges_counted
from schemas.kinds import DECIMAL, STRING
from schemas.model import Field, Table

TABLE = Table(
    name="exchange_lump_sums",
    title="Lump-sum totals per year",
    description="Lump sums paid to visiting organisations per year of the exchange's start.",
    fields=(
        Field(
            "year",
            STRING,
            "Year",
            "Year the exchanges started (YYYY), or 'not stated' where no source gives their start.",
            required=True,
            pattern=YEAR_OR_NOT_STATED,
        ),
        exchanges_counted,
        count("with_lump_sum", "With a lump sum", "Exchanges whose lump sum the register gives."),
        Field("lump_sum_eur", DECIMAL, "Total (EUR)", "Lump sums added up.", required=True, minimum=0),
        Field(
            "mean_lump_sum_eur", DECIMAL, "Mean (EUR)", "Average lump sum of the exchanges that have one.", minimum=0
        ),
    ),
    primary_key=("year",),
    provenance=False,
)
