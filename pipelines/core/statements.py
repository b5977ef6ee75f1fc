"""Per-value provenance: every value of the curated tables beside the source that states it.

By default a value is stated by its row's source. The statements register names another source for a
value where its row's source does not state it; that source then replaces the row's for that value.
"""

from __future__ import annotations

import polars as pl

from pipelines.core.build import Built, conform, problems_where, typed
from schemas import TABLES
from schemas.model import Field, Table
from schemas.tables.statements import STATED_TABLES

_NOT_VALUES = {"source_id", "source_url", "further_source_urls", "notes"}


def stated_fields(table: Table) -> list[Field]:
    """The fields of `table` whose values a source states: read, not a key, not a source or a note."""
    return [
        f
        for f in table.read_fields
        if f.name not in table.primary_key and f.name not in _NOT_VALUES and f.parser != "precision"
    ]


def _as_text(column: pl.Expr, field: Field) -> pl.Expr:
    if field.kind.is_list:
        return column.list.join(";")
    if field.kind.name == "boolean":
        return pl.when(column).then(pl.lit("true")).when(~column).then(pl.lit("false"))
    return column.cast(pl.String)


def row_key(table: Table) -> pl.Expr:
    return pl.concat_str([pl.col(k).cast(pl.String) for k in table.primary_key], separator="|")


def values(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """Every non-empty stated value of a table, long: table, key, field, value, the row's source and place."""
    table = TABLES[name]
    fields = stated_fields(table)
    wide = frame.select(
        row_key=row_key(table),
        source_id=pl.col("source_id"),
        raw_file=pl.col("raw_file"),
        raw_sheet=pl.col("raw_sheet"),
        raw_row=pl.col("raw_row"),
        **{f.name: _as_text(pl.col(f.name), f) for f in fields},
    )
    long = wide.unpivot(
        [f.name for f in fields],
        index=["row_key", "source_id", "raw_file", "raw_sheet", "raw_row"],
        variable_name="field_name",
        value_name="value",
    )
    return long.drop_nulls("value").with_columns(table_name=pl.lit(name))


def build_statements(raw_frame: pl.DataFrame, sources: pl.DataFrame, tables: dict[str, pl.DataFrame]) -> Built:
    """The statements table: row sources for every value, replaced where the register names another."""
    stated, problems = typed(TABLES["statements"], raw_frame, sources)
    found = pl.concat([values(name, tables[name]) for name in STATED_TABLES])
    key = ["table_name", "row_key", "field_name"]
    matched = stated.join(found.select(*key, "value"), on=key, how="left")
    known_table = pl.col("table_name").is_in(list(STATED_TABLES))
    problems += problems_where(
        matched,
        ~known_table,
        "table_name",
        "allowed_values",
        lambda r: f"{r['table_name']!r} is not one of the tables whose values are traced: {', '.join(STATED_TABLES)}",
    )
    problems += problems_where(
        matched,
        known_table & pl.col("value").is_null(),
        "row_key",
        "unknown_value",
        lambda r: f"{r['table_name']} has no value of {r['field_name']!r} in the row {r['row_key']!r} to credit",
    )
    by_row = found.join(stated.select(key).unique(), on=key, how="anti").with_columns(
        origin=pl.lit("row"), quote=pl.lit(None, pl.String), notes=pl.lit(None, pl.String)
    )
    by_statement = matched.filter(pl.col("value").is_not_null()).with_columns(origin=pl.lit("statement"))
    urls = sources.select("source_id", source_url=pl.col("url"))
    out = pl.concat([by_row, by_statement.drop("source_url")], how="diagonal").join(urls, on="source_id", how="left")
    return conform(TABLES["statements"], out), problems
