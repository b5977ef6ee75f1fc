"""A table's curated register, read as its definition places it: the YAML manifest, a CSV, one sheet, or
every CSV of a folder (`folder/*.csv`: curators keep evidence in several files, read as one table)."""

from pathlib import Path

import polars as pl

from pipelines.problems import InvalidData
from pipelines.raw.limits import contained
from pipelines.raw.manifest import read_sources
from pipelines.raw.tabular import RawTable, read_csv, read_sheet
from schemas.model import Table


def read_register(raw_dir: Path, table: Table) -> RawTable:
    """The columns `table` reads from its register, as text cells with file, sheet and row."""
    register = table.register
    if register.path.endswith(".yaml"):
        return read_sources(raw_dir, register.path)
    if register.sheet is not None:
        return read_sheet(raw_dir, register.path, register.sheet, table.raw_columns)
    if register.path.endswith("/*.csv"):
        return read_folder(raw_dir, register.path.removesuffix("/*.csv"), table.raw_columns)
    return read_csv(raw_dir, register.path, table.raw_columns)


def read_folder(raw_dir: Path, folder: str, expected: tuple[str, ...]) -> RawTable:
    """Every .csv file of raw/`folder`, in name order, as one table; each row keeps its own file. Every file's
    problems are reported together."""
    root = contained(raw_dir, folder)
    files = sorted(p for p in root.glob("*.csv") if p.is_file()) if root.is_dir() else []
    frames, hashes, problems = [], [], []
    for path in files:
        rel = path.relative_to(raw_dir.resolve()).as_posix()
        try:
            read = read_csv(raw_dir, rel, expected)
        except InvalidData as refused:
            problems += refused.problems
            continue
        frames.append(read.frame)
        hashes.append(f"{rel}:{read.sha256}")
    if problems:
        raise InvalidData(f"{folder}: registers cannot be read", problems)
    empty = pl.DataFrame(
        schema={
            **dict.fromkeys(expected, pl.String),
            "raw_file": pl.String,
            "raw_sheet": pl.String,
            "raw_row": pl.Int64,
        }
    )
    frame = pl.concat([empty, *frames], how="vertical_relaxed")
    return RawTable(frame, f"{folder}/", ";".join(hashes))
