"""out_* assets: aggregates, each one SQL file in pipelines/sql/ run by DuckDB on the warehouse."""

from pathlib import Path

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from pipelines.core import conform
from schemas import AGGREGATE_TABLES
from schemas.model import Table

SQL = Path(__file__).resolve().parents[1] / "sql"


def aggregate(table: Table) -> dg.AssetsDefinition:
    query = (SQL / f"{table.name}.sql").read_text(encoding="utf-8")

    @dg.asset(
        name=f"out_{table.name}",
        group_name="out",
        deps=["core_warehouse"],
        description=f"{table.title}: {table.description} (pipelines/sql/{table.name}.sql)",
    )
    def _aggregate(duckdb: DuckDBResource) -> dg.Output[pl.DataFrame]:
        with duckdb.get_connection() as con:
            frame = pl.from_arrow(con.sql(query).to_arrow_table())
        frame = conform(table, frame)
        return dg.Output(frame, metadata={"dagster/row_count": frame.height})

    return _aggregate


ASSETS = [aggregate(t) for t in AGGREGATE_TABLES]
