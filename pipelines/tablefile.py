"""A table kept on disk: the exchanges, which grow with the registers, never travel as one frame.

At ten million rows a frame of the exchanges takes several GB; as Parquet files it takes a few hundred MB
of disk and nothing in memory. Every step that meets a `TableFile` reads it in batches of `BATCH_ROWS`
(Polars), or lets DuckDB read it (bounded by `MEMORY_LIMIT`, spilling to disk). It has a `height`, as a
frame has, so code that only counts rows takes either.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

BATCH_ROWS = 250_000  # rows per batch: about 50 MB of exchanges in Polars
MEMORY_LIMIT = "1GB"  # what one DuckDB connection may hold before it spills to its temporary directory


@dataclass(frozen=True)
class TableFile:
    """Parquet files holding one table's rows, in order, and how many rows they hold."""

    paths: tuple[str, ...]
    rows: int

    @property
    def height(self) -> int:
        return self.rows

    def batches(self, size: int = BATCH_ROWS, columns: list[str] | None = None) -> Iterator[pl.DataFrame]:
        """The rows in order, `size` at a time (an empty table yields one empty frame, with its columns)."""
        import pyarrow.parquet as pq

        yielded = False
        for path in self.paths:
            with pq.ParquetFile(path) as f:
                for batch in f.iter_batches(batch_size=size, columns=columns):
                    yielded = True
                    yield pl.from_arrow(batch)
        if not yielded:
            yield self.empty(columns)

    def empty(self, columns: list[str] | None = None) -> pl.DataFrame:
        import pyarrow.parquet as pq

        schema = pq.read_schema(self.paths[0]) if self.paths else None
        frame = pl.from_arrow(schema.empty_table()) if schema is not None else pl.DataFrame()
        return frame.select(columns) if columns else frame

    def scan(self) -> pl.LazyFrame:
        return pl.scan_parquet(list(self.paths)) if self.paths else self.empty().lazy()

    def sql(self) -> str:
        """A DuckDB table expression reading the files."""
        return "read_parquet([" + ", ".join(_lit(p) for p in self.paths) + "])"

    def collect(self) -> pl.DataFrame:
        """The whole table as one frame: for small tables and tests only."""
        return pl.concat(list(self.batches()), how="vertical")


def _lit(value) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def height(table: pl.DataFrame | TableFile) -> int:
    return table.height


def batches(table: pl.DataFrame | TableFile, size: int = BATCH_ROWS) -> Iterator[pl.DataFrame]:
    """A frame as itself, a file in batches: the one loop both take."""
    if isinstance(table, TableFile):
        yield from table.batches(size)
    else:
        yield table


def connect(scratch: Path):
    """A DuckDB connection on a database in `scratch`, bounded in memory, spilling beside it."""
    import duckdb

    scratch.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(scratch / "scratch.duckdb"))
    con.execute(f"SET temp_directory = {_lit(scratch / 'spill')}")
    con.execute(f"SET memory_limit = {_lit(MEMORY_LIMIT)}")
    return con


def sorted_parquet(con, source: str, schema, path: Path, order: list[str], row_group: int = 1_000_000) -> int:
    """The rows of table expression `source` ordered by `order`, written to `path` as Parquet of the Arrow
    `schema` (zstd), in batches, as pyarrow writes a table (the same bytes as `pq.write_table` when it fits
    one row group). DuckDB sorts out of core; Python holds one batch at a time. Returns the number of rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    keys = ", ".join(f'"{c}"' for c in order)
    reader = con.sql(f"SELECT * FROM {source} ORDER BY {keys}").to_arrow_reader(row_group)
    rows = 0
    with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
        for batch in reader:
            table = pa.Table.from_batches([batch]).select(schema.names).cast(schema)
            writer.write_table(table, row_group_size=row_group)
            rows += table.num_rows
    return rows
