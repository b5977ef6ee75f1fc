"""out_* assets: aggregates, each the `<table>.sql` beside this module run by DuckDB on the warehouse."""

from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from pipelines.core.build import conform
from pipelines.core.checks import referenced_tables, registers_within_stated_totals, schema_result, specs
from pipelines.resources import ProblemReports
from pipelines.tablefile import MEMORY_LIMIT
from schemas import AGGREGATE_TABLES
from schemas.model import Table

GROUP = "out"
HERE = Path(__file__).resolve().parent


def query(table: Table) -> str:
    return (HERE / f"{table.name}.sql").read_text(encoding="utf-8")


WARNINGS = {"coverage": registers_within_stated_totals}


def aggregate(table: Table) -> dg.AssetsDefinition:
    sql = query(table)

    @dg.asset(
        name=f"out_{table.name}",
        group_name=GROUP,
        deps=["core_warehouse"],
        check_specs=specs(table.name),
        description=f"{table.title}: {table.description} (pipelines/out/{table.name}.sql)",
    )
    def _aggregate(duckdb: DuckDBResource, problem_reports: ProblemReports) -> Iterator:
        with duckdb.get_connection() as con:
            con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")  # the exchanges may be far larger than memory
            frame = pl.from_arrow(con.sql(sql).to_arrow_table())
            # the core tables its foreign keys point to, as the warehouse holds them (small tables)
            referenced = {t: con.sql(f'SELECT * FROM "{t}"').pl() for t in referenced_tables(table)}
        frame = conform(table, frame, sort=False)  # in the query's ORDER BY: bands by length, say
        yield dg.Output(frame, metadata={"dagster/row_count": frame.height})
        yield schema_result(table, frame, referenced, problem_reports)
        if table.name in WARNINGS:
            yield WARNINGS[table.name](frame)

    return _aggregate


ASSETS = [aggregate(t) for t in AGGREGATE_TABLES]
