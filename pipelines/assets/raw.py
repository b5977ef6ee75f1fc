"""raw_* assets: registers read as they are, every row with its file, sheet and row number."""

import dagster as dg
import polars as pl

from pipelines import registers
from pipelines.readers.documents import read_documents
from pipelines.readers.manifest import read_sources
from pipelines.readers.tabular import RawTable
from pipelines.registers import Register
from pipelines.resources import RawFiles

GROUP = "raw"


def _output(raw: RawTable) -> dg.Output[pl.DataFrame]:
    return dg.Output(raw.frame, metadata={"file": raw.file, "sha256": raw.sha256, "dagster/row_count": raw.frame.height})


@dg.asset(group_name=GROUP, description="raw/sources.yaml: every source once, with the line each entry starts on.")
def raw_sources(raw_files: RawFiles) -> dg.Output[pl.DataFrame]:
    return _output(read_sources(raw_files.path))


def raw_asset(name: str, register: Register) -> dg.AssetsDefinition:
    @dg.asset(name=f"raw_{name}", group_name=GROUP, description=register.describe())
    def _raw(raw_files: RawFiles) -> dg.Output[pl.DataFrame]:
        return _output(register.read(raw_files.path))

    return _raw


ASSETS = [
    raw_sources,
    raw_asset("programmes", registers.PROGRAMMES),
    raw_asset("calls", registers.CALLS),
    raw_asset("partnerships", registers.PARTNERSHIPS),
    raw_asset("partnership_members", registers.PARTNERSHIP_MEMBERS),
]


@dg.asset(
    group_name=GROUP,
    description="Every document raw/sources.yaml points to (raw/documents/), read into normalised text with its "
    "sha256 and identified language. Full text travels only inside the pipeline.",
)
def raw_documents(raw_files: RawFiles, raw_sources: pl.DataFrame) -> dg.Output[pl.DataFrame]:
    frame = read_documents(raw_files.path, raw_sources)
    return dg.Output(frame, metadata={"dagster/row_count": frame.height, "files": ", ".join(frame["file"])})


ASSETS += [raw_asset("claims", registers.CLAIMS), raw_documents]
