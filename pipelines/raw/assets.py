"""raw_* assets: each table's register read as it is, every row with its file, sheet and row number.

One asset per table that has a register (`raw_<table>`), the source documents, and the data holders'
exchange registers that raw/sources.yaml lists.
"""

from pathlib import Path

import dagster as dg
import polars as pl

from pipelines.problems import InvalidData, Problem
from pipelines.raw import holders
from pipelines.raw.curated import read_register
from pipelines.raw.documents import read_documents
from pipelines.raw.fingerprint import raw_fingerprint as fingerprint_of
from pipelines.raw.limits import contained, not_a_file
from pipelines.raw.tabular import RawTable
from pipelines.resources import ProblemReports, RawDir, TableFolder
from pipelines.tablefile import TableFile
from schemas import CORE_TABLES, TABLES
from schemas.model import Table

GROUP = "raw"


def _output(raw: RawTable) -> dg.Output[pl.DataFrame]:
    return dg.Output(
        raw.frame, metadata={"file": raw.file, "sha256": raw.sha256, "dagster/row_count": raw.frame.height}
    )


@dg.asset(
    group_name=GROUP,
    description="A digest of every file in raw/ (path and content), taken before any raw asset reads it: the "
    "publish step compares it with raw/ as it is when it commits, and refuses to publish data that is no longer "
    "what raw/ says.",
)
def raw_fingerprint(raw_dir: RawDir, problem_reports: ProblemReports) -> dg.Output[str]:
    with problem_reports.kept("raw_fingerprint"):
        digest = fingerprint_of(raw_dir.path)
    return dg.Output(digest, metadata={"sha256": digest})


def raw_asset(table: Table) -> dg.AssetsDefinition:
    @dg.asset(
        name=f"raw_{table.name}",
        group_name=GROUP,
        deps=[raw_fingerprint],
        description=f"{table.register.describe()} as text cells, each row with its file, sheet and row number.",
    )
    def _raw(raw_dir: RawDir, problem_reports: ProblemReports) -> dg.Output[pl.DataFrame]:
        with problem_reports.kept(f"raw_{table.name}"):
            return _output(read_register(raw_dir.path, table))

    return _raw


@dg.asset(
    group_name=GROUP,
    deps=[raw_fingerprint],
    description="Every document raw/sources.yaml points to (raw/documents/), read into normalised text with its "
    "sha256 and identified language. Full text travels only inside the pipeline.",
)
def raw_documents(
    raw_dir: RawDir, raw_sources: pl.DataFrame, problem_reports: ProblemReports
) -> dg.Output[pl.DataFrame]:
    with problem_reports.kept("raw_documents"):
        frame = read_documents(raw_dir.path, raw_sources)
    return dg.Output(frame, metadata={"dagster/row_count": frame.height, "files": ", ".join(frame["file"])})


EXCHANGES = TABLES["exchanges"]


@dg.asset(
    group_name=GROUP,
    deps=[raw_fingerprint],
    description=f"Every exchange register in raw/{EXCHANGES.register.path}/ (.xlsx, .ods, .csv) that raw/sources.yaml "
    "lists, its headers matched to the exchanges fields through their aliases in any of the supported languages, "
    "cells as text with file, sheet and row. A file there that no source lists is reported, not read; a listed "
    "register that is not such a file (missing, elsewhere, outside raw/) is reported at its manifest line. The rows "
    "are streamed into Parquet (a TableFile), never held in memory whole.",
)
def raw_exchanges(
    raw_sources: pl.DataFrame, raw_dir: RawDir, tables: TableFolder, problem_reports: ProblemReports
) -> dg.Output[TableFile]:
    with problem_reports.kept("raw_exchanges"):
        return _exchanges(raw_sources, raw_dir.path, tables.folder("raw_exchanges"))


def _exchanges(raw_sources: pl.DataFrame, raw_dir: Path, folder: Path) -> dg.Output[TableFile]:
    registers = raw_dir / EXCHANGES.register.path
    present = (
        sorted(p for p in registers.glob("*") if p.suffix.lower() in holders.FORMATS) if registers.is_dir() else []
    )
    listed = set(raw_sources["register"].drop_nulls())
    scanned, problems, ignored, hashes, header_rows = [], [], [], {}, []
    present_names = {p.relative_to(raw_dir).as_posix() for p in present}
    seen = set()
    for rel, line in raw_sources.filter(pl.col("register").is_not_null()).select("register", "raw_row").rows():
        if rel in seen:  # its rows would be read twice, each time as another source's
            message = f"{rel}: already the register of another entry; a register has one source"
            problems.append(Problem("sources.yaml", None, line, "register", "repeated_register", message))
        seen.add(rel)
        if rel in present_names:
            continue  # read below
        where = Problem("sources.yaml", None, line, "register", "", "")
        try:
            path = contained(raw_dir, rel, where)
        except InvalidData as refused:
            problems += refused.problems
            continue
        found = not_a_file(path)
        message = (
            f"{rel}: {found[1]}"
            if found
            else f"{rel}: exchange registers live in raw/{EXCHANGES.register.path}/ as {', '.join(holders.FORMATS)}"
        )
        problems.append(Problem("sources.yaml", None, line, "register", "missing_register", message))
    for path in present:
        rel = path.relative_to(raw_dir).as_posix()
        if rel not in listed:
            message = f"no entry of raw/sources.yaml has register: {rel}"
            problems.append(Problem(rel, None, None, None, "unlisted_register", message))
            continue
        try:
            register = holders.scan_register(raw_dir, rel, EXCHANGES, check_cells=False)
        except InvalidData as error:
            problems += error.problems
            continue
        scanned.append((rel, register.frame))
        hashes[rel] = register.sha256
        ignored += [f"{rel}: {c}" for c in register.ignored_columns]
        header_rows += register.header_rows
    if problems:
        raise InvalidData("exchange registers cannot be read", problems)
    columns = [f.name for f in EXCHANGES.read_fields]
    schema = {**dict.fromkeys(columns, pl.String), "raw_file": pl.String, "raw_sheet": pl.String, "raw_row": pl.Int64}
    paths = []
    for number, (rel, frame) in enumerate(scanned or [(None, pl.LazyFrame(schema=schema))]):
        path = folder / f"{number:05d}.parquet"
        frame.select(pl.col(c).cast(t) for c, t in schema.items()).sink_parquet(path, compression="lz4")
        problems += holders.long_cells_lazy(pl.scan_parquet(path), columns, rel) if rel else []
        paths.append(str(path))
    if problems:
        raise InvalidData("exchange registers cannot be read", problems)
    rows = pl.scan_parquet(paths).select(pl.len()).collect().item()
    return dg.Output(
        TableFile(tuple(paths), rows),
        metadata={
            "dagster/row_count": rows,
            "files": dg.MetadataValue.json(hashes),
            "ignored_columns": dg.MetadataValue.md("\n".join(f"- {c}" for c in ignored) or "none"),
            "header_rows": dg.MetadataValue.md("\n".join(f"- {h}" for h in header_rows) or "none"),
        },
    )


ASSETS = [
    raw_fingerprint,
    *(raw_asset(t) for t in CORE_TABLES if t.register is not None and not t.register.holders),
    raw_documents,
    raw_exchanges,
]
