"""Aggregate computed in DuckDB by pipelines/out/exchanges_by_year_mode.sql."""

from schemas.fields import NOT_STATED, YEAR_OR_NOT_STATED, count, exchanges_counted, working_days_total
from schemas.kinds import STRING
from schemas.model import Field, Table
from schemas.tables.exchanges import MODES

TABLE = Table(
    name="exchanges_by_year_mode",
    title="Exchanges per year and mode",
    description="Exchanges per year of their start and mode, with their working days (where known) and participants; a "
    "reported exchange whose page gives no start or mode counts under 'not stated'.",
    fields=(
        Field(
            "year",
            STRING,
            "Year",
            "Year the exchanges started (YYYY), or 'not stated' where no source gives their start.",
            required=True,
            pattern=YEAR_OR_NOT_STATED,
        ),
        Field(
            "mode",
            STRING,
            "Mode",
            "physical, virtual or hybrid, or 'not stated'.",
            required=True,
            enum=(*MODES, NOT_STATED),
        ),
        exchanges_counted,
        working_days_total,
        count("participants", "Participants", "People who took part (group sizes added up; 1 where not given)."),
    ),
    primary_key=("year", "mode"),
    provenance=False,
)
