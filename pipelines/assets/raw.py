"""raw_* assets: registers read as they are, every row with its file, sheet and row number."""

import dagster as dg
import polars as pl

from pipelines import core
from pipelines.readers.manifest import read_sources
from pipelines.readers.tabular import RawTable, read_csv, read_sheet
from pipelines.resources import RawFiles

GROUP = "raw"


def _output(raw: RawTable) -> dg.Output[pl.DataFrame]:
    return dg.Output(raw.frame, metadata={"file": raw.file, "sha256": raw.sha256, "dagster/row_count": raw.frame.height})


@dg.asset(group_name=GROUP, description="raw/sources.yaml: every source once, with the line each entry starts on.")
def raw_sources(raw_files: RawFiles) -> dg.Output[pl.DataFrame]:
    return _output(read_sources(raw_files.path))


@dg.asset(group_name=GROUP, description="raw/registers/programmes.csv as text cells.")
def raw_programmes(raw_files: RawFiles) -> dg.Output[pl.DataFrame]:
    return _output(read_csv(raw_files.path, "registers/programmes.csv", core.PROGRAMMES_RAW))


@dg.asset(group_name=GROUP, description="Sheet 'calls' of raw/spreadsheets/calls.xlsx as text cells.")
def raw_calls(raw_files: RawFiles) -> dg.Output[pl.DataFrame]:
    return _output(read_sheet(raw_files.path, "spreadsheets/calls.xlsx", "calls", core.CALLS_RAW))


@dg.asset(group_name=GROUP, description="raw/registers/partnerships.csv as text cells.")
def raw_partnerships(raw_files: RawFiles) -> dg.Output[pl.DataFrame]:
    return _output(read_csv(raw_files.path, "registers/partnerships.csv", core.PARTNERSHIPS_RAW))


@dg.asset(group_name=GROUP, description="raw/registers/partnership_members.csv as text cells.")
def raw_partnership_members(raw_files: RawFiles) -> dg.Output[pl.DataFrame]:
    return _output(read_csv(raw_files.path, "registers/partnership_members.csv", core.MEMBERS_RAW))


ASSETS = [raw_sources, raw_programmes, raw_calls, raw_partnerships, raw_partnership_members]
