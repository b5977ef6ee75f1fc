"""A table kept on disk: the exchanges, which grow with the registers, never travel as one frame.

At ten million rows a frame of the exchanges takes several GB; as Parquet files it takes a few hundred MB
of disk and nothing in memory. Every step that meets a `TableFile` reads it in batches of `BATCH_ROWS`
(Polars), or lets DuckDB read it (bounded by `MEMORY_LIMIT`, spilling to disk). It has a `height`, as a
frame has, so code that only counts rows takes either.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import polars as pl

BATCH_ROWS = 100_000  # rows per batch: about 25 MB of exchanges in Polars
BUCKET_ROWS = 200_000  # rows per key range `SortedWriter` sorts in memory
FLUSH_ROWS = 500_000  # rows `SortedWriter` gathers before it appends them to their ranges' files
MEMORY_LIMIT = "700MB"  # what one DuckDB connection may hold before it spills to its temporary directory


@dataclass(frozen=True)
class TableFile:
    """Parquet files holding one table's rows, in order, and how many rows they hold."""

    paths: tuple[str, ...]
    rows: int

    @property
    def height(self) -> int:
        return self.rows

    def batches(self, size: int | None = None, columns: list[str] | None = None) -> Iterator[pl.DataFrame]:
        """The rows in order, `size` (BATCH_ROWS) at a time; an empty table yields one empty frame. Each batch
        is a slice Polars reads itself: a sixth of the CPU of pyarrow's batches converted to Polars."""
        import pyarrow.parquet as pq

        size = size or BATCH_ROWS
        yielded = False
        for path in self.paths:
            scan = pl.scan_parquet(path).select(columns or pl.all())
            for offset in range(0, pq.read_metadata(path).num_rows, size):
                yielded = True
                yield scan.slice(offset, size).collect()
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
        return "read_parquet([" + ", ".join(sql_literal(p) for p in self.paths) + "])"

    def collect(self) -> pl.DataFrame:
        """The whole table as one frame: for small tables and tests only."""
        return pl.concat(list(self.batches()), how="vertical")


def in_order(function, items, ahead: int = 2, queued: int | None = None):
    """`function` of each item, on `ahead` threads, yielded in the items' order. `queued` items (one more than
    `ahead` unless given) are submitted before a result is taken, so the threads stay busy while the caller
    uses a result (with `ahead` submitted, one thread waited whenever the caller worked: 1.5 of 2 cores
    typing the exchanges); never more (Executor.map would read every item first)."""
    queued = max(queued or ahead + 1, ahead + 1)
    with ThreadPoolExecutor(max_workers=ahead) as pool:
        running: deque = deque()
        for item in items:
            running.append(pool.submit(function, item))
            if len(running) >= queued:
                yield running.popleft().result()
        while running:
            yield running.popleft().result()


def sql_literal(value) -> str:
    """A value as a DuckDB string literal."""
    return "'" + str(value).replace("'", "''") + "'"


def sql_name(name: str) -> str:
    """A column or table name as a DuckDB identifier."""
    return '"' + name.replace('"', '""') + '"'


def batches(table: pl.DataFrame | TableFile, size: int | None = None) -> Iterator[pl.DataFrame]:
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
    con.execute(f"SET temp_directory = {sql_literal(scratch / 'spill')}")
    con.execute(f"SET memory_limit = {sql_literal(MEMORY_LIMIT)}")
    return con


@contextmanager
def scratch(prefix: str):
    """A `connect` connection on a temporary folder of its own, closed and removed after use."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    con = connect(folder)
    try:
        yield con
    finally:
        con.close()
        shutil.rmtree(folder, ignore_errors=True)


class SortedWriter:
    """Frames added in any order, written as one Parquet file sorted by `key`, a bucket sort on disk.

    The first frame's keys cut the key space into ranges of about BUCKET_ROWS rows each (their
    quantiles); every frame's rows go to their range's folder (a file per range every FLUSH_ROWS rows
    added); at the end each range is read, sorted in memory and appended to the output. Two passes over
    the rows, none in memory whole: DuckDB's out-of-core ORDER BY of ten million rows, fetched into the
    same writer, took about as long and peaked at 1.9 GB (this: 1.2 GB). Keys that come in an order the
    first frame does not represent (a register sorted by id, say) can overfill a range: such a range is
    sorted by DuckDB, out of core. A table of one range is written as `pq.write_table` would write it,
    byte for byte."""

    def __init__(self, folder: Path, schema, key: list[str], expected_rows: int):
        self.folder, self.schema, self.key = folder, schema, key
        self.ranges = max(1, -(-expected_rows // BUCKET_ROWS))
        self.bounds: pl.Series | None = None
        self.pending: dict[int, list[pl.DataFrame]] = {}
        self.pending_rows = self.flushes = 0
        folder.mkdir(parents=True, exist_ok=True)

    def add(self, frame: pl.DataFrame) -> None:
        first = self.key[0]
        if self.bounds is None:
            keys = frame[first].drop_nulls().sort()
            cuts = [len(keys) * i // self.ranges for i in range(1, self.ranges)] if len(keys) else []
            self.bounds = keys.gather(cuts) if cuts else keys.clear()
        ranged = frame.with_columns(_range=pl.lit(self.bounds).search_sorted(pl.col(first), side="right"))
        for (number,), rows in ranged.partition_by("_range", as_dict=True, maintain_order=True).items():
            self.pending.setdefault(number, []).append(rows.drop("_range"))
        self.pending_rows += frame.height
        if self.pending_rows >= FLUSH_ROWS:
            self._flush()

    def _flush(self) -> None:
        """Pending rows written to their ranges' folders, an Arrow IPC file (lz4) per range a flush: little
        encoding to pay for, and a third of the bytes to write (the disk, not the CPU, limits this step)."""
        for number, frames in sorted(self.pending.items()):
            folder = self.folder / f"range-{number:05d}"
            folder.mkdir(exist_ok=True)
            pl.concat(frames).write_ipc(folder / f"{self.flushes:05d}.arrow", compression="lz4")
        self.pending, self.pending_rows, self.flushes = {}, 0, self.flushes + 1

    def finish(self, path: Path) -> int:
        """Write the sorted file; returns its rows. The next range is read and sorted on a second thread while
        one is written: pyarrow encodes a file on one core, and the writing is half the work."""
        import pyarrow.dataset as ds
        import pyarrow.parquet as pq

        self._flush()
        rows = 0
        with pq.ParquetWriter(str(path), self.schema, compression="zstd") as writer:
            ranges = [sorted(str(p) for p in folder.glob("*.arrow")) for folder in sorted(self.folder.glob("range-*"))]
            for parts, table in in_order(lambda parts: (parts, self._sorted(parts)), ranges):
                if table is None:  # an overfilled range: sorted out of core
                    con = connect(self.folder / "sort")
                    try:
                        con.register("overfilled", ds.dataset(parts, format="ipc"))  # scanned, not loaded
                        rows += _sorted_into(writer, con, "overfilled", self.schema, self.key)
                    finally:
                        con.close()
                    continue
                writer.write_table(table)
                rows += table.num_rows
            if not ranges:
                writer.write_table(self.schema.empty_table())
        return rows

    def _sorted(self, parts: list[str]):
        """A range's rows sorted, as an Arrow table of the schema; None for a range too large to sort in memory."""
        if pl.scan_ipc(parts).select(pl.len()).collect().item() > 4 * BUCKET_ROWS:
            return None
        table = pl.scan_ipc(parts).collect().sort(self.key, maintain_order=True).to_arrow()
        return table.select(self.schema.names).cast(self.schema)


def _sorted_into(writer, con, source: str, schema, order: list[str], batch_rows: int = 1_000_000) -> int:
    import pyarrow as pa

    keys = ", ".join(f'"{c}"' for c in order)
    rows = 0
    for batch in con.sql(f"SELECT * FROM {source} ORDER BY {keys}").to_arrow_reader(batch_rows):
        table = pa.Table.from_batches([batch]).select(schema.names).cast(schema)
        writer.write_table(table)
        rows += table.num_rows
    return rows
