"""raw_* assets: registers read as they are, every row with its file, sheet and row number."""

import dagster as dg
import polars as pl

from pipelines import registers
from pipelines.problems import InvalidData
from pipelines.readers import spreadsheets
from pipelines.readers.documents import read_documents
from pipelines.readers.manifest import read_sources
from pipelines.readers.tabular import RawTable
from pipelines.registers import Register
from pipelines.resources import RawFiles
from schemas import TABLES

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
    raw_asset("generations", registers.GENERATIONS),
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


@dg.asset(
    group_name=GROUP,
    description="Every exchange register in raw/exchanges/ (.xlsx, .ods, .csv), its headers matched to the exchanges "
    "fields through their aliases in any of the supported languages, cells as text with file, sheet and row.",
)
def raw_exchange_registers(raw_files: RawFiles) -> dg.Output[pl.DataFrame]:
    folder = raw_files.path / registers.EXCHANGE_REGISTERS
    files = sorted(p for p in folder.glob("*") if p.suffix.lower() in spreadsheets.FORMATS) if folder.is_dir() else []
    frames, problems, ignored, hashes = [], [], [], {}
    for path in files:
        rel = path.relative_to(raw_files.path).as_posix()
        try:
            register = spreadsheets.read_register(raw_files.path, rel, TABLES["exchanges"], registers.EXCHANGE_DERIVED)
        except InvalidData as error:
            problems += error.problems
            continue
        frames.append(register.frame)
        hashes[rel] = register.sha256
        ignored += [f"{rel}: {c}" for c in register.ignored_columns]
    if problems:
        raise InvalidData("exchange registers cannot be read", problems)
    columns = [f.name for f in TABLES["exchanges"].fields if f.aliases]
    empty = pl.DataFrame(schema={**{c: pl.String for c in columns}, "raw_file": pl.String, "raw_sheet": pl.String, "raw_row": pl.Int64})
    frame = pl.concat([empty, *frames], how="vertical") if frames else empty
    return dg.Output(
        frame,
        metadata={
            "dagster/row_count": frame.height,
            "files": dg.MetadataValue.json(hashes),
            "ignored_columns": dg.MetadataValue.md("\n".join(f"- {c}" for c in ignored) or "none"),
        },
    )


ASSETS += [raw_asset("cosme_countries", registers.COSME_COUNTRIES), raw_asset("exchange_partnerships", registers.EXCHANGE_PARTNERSHIPS), raw_exchange_registers]
