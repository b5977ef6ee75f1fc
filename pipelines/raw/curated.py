"""A table's curated register, read as its definition places it: the YAML manifest, a CSV or one sheet."""

from pathlib import Path

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
    return read_csv(raw_dir, register.path, table.raw_columns)
