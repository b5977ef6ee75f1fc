"""core_* assets: typed tables with stable ids, each checked by a blocking schema check."""

import dagster as dg
import polars as pl

from pipelines import core
from pipelines.problems import InvalidData, Problem
from pipelines.wiring import asset_name, with_parameters
from schemas import CORE_TABLES, TABLES
from schemas.derive import to_duckdb_ddl

GROUP = "core"


def _output(name: str, frame: pl.DataFrame, problems: list[Problem], **kwargs) -> dg.Output[pl.DataFrame]:
    if problems:
        raise InvalidData(f"{name} cannot be typed", problems)
    return dg.Output(frame, metadata={"dagster/row_count": frame.height}, **kwargs)


def _described(name: str) -> str:
    return f"{TABLES[name].title}: {TABLES[name].description}"


@dg.asset(group_name=GROUP, description=_described("sources"))
def core_sources(raw_sources: pl.DataFrame) -> dg.Output[pl.DataFrame]:
    return _output("sources", *core.build_sources(raw_sources))


@dg.asset(group_name=GROUP, description=_described("programmes"))
def core_programmes(raw_programmes: pl.DataFrame, core_sources: pl.DataFrame) -> dg.Output[pl.DataFrame]:
    return _output("programmes", *core.build_programmes(raw_programmes, core_sources))


@dg.asset(group_name=GROUP, description=_described("calls"))
def core_calls(raw_calls: pl.DataFrame, core_sources: pl.DataFrame) -> dg.Output[pl.DataFrame]:
    return _output("calls", *core.build_calls(raw_calls, core_sources))


@dg.asset(group_name=GROUP, description=_described("generations"))
def core_generations(raw_generations: pl.DataFrame, core_sources: pl.DataFrame) -> dg.Output[pl.DataFrame]:
    return _output("generations", *core.build_generations(raw_generations, core_sources))


@dg.asset(group_name=GROUP, description=_described("partnerships"))
def core_partnerships(raw_partnerships: pl.DataFrame, core_sources: pl.DataFrame) -> dg.Output[pl.DataFrame]:
    return _output("partnerships", *core.build_partnerships(raw_partnerships, core_sources))


@dg.asset(group_name=GROUP, description=_described("documents"))
def core_documents(raw_documents: pl.DataFrame, core_sources: pl.DataFrame) -> dg.Output[pl.DataFrame]:
    return _output("documents", *core.build_documents(raw_documents, core_sources))


@dg.asset(group_name=GROUP, description=_described("claims"))
def core_claims(raw_claims: pl.DataFrame, core_sources: pl.DataFrame, raw_documents: pl.DataFrame) -> dg.Output[pl.DataFrame]:
    return _output("claims", *core.build_claims(raw_claims, core_sources, raw_documents))


@dg.asset(group_name=GROUP, description=_described("cosme_countries"))
def core_cosme_countries(raw_cosme_countries: pl.DataFrame, core_sources: pl.DataFrame) -> dg.Output[pl.DataFrame]:
    return _output("cosme_countries", *core.build_cosme_countries(raw_cosme_countries, core_sources))


@dg.asset(group_name=GROUP, description=_described("exchange_partnerships"))
def core_exchange_partnerships(
    raw_exchange_partnerships: pl.DataFrame, core_sources: pl.DataFrame, core_partnerships: pl.DataFrame
) -> dg.Output[pl.DataFrame]:
    built = core.build_exchange_partnerships(raw_exchange_partnerships, core_sources, core_partnerships)
    return _output("exchange_partnerships", *built)


@dg.asset(group_name=GROUP, description=_described("exchanges"))
def core_exchanges(raw_exchange_registers: pl.DataFrame, core_sources: pl.DataFrame, raw_sources: pl.DataFrame) -> dg.Output[pl.DataFrame]:
    return _output("exchanges", *core.build_exchanges(raw_exchange_registers, core_sources, raw_sources))


@dg.multi_asset(
    group_name=GROUP,
    outs={
        "core_partnership_members": dg.AssetOut(description=_described("partnership_members")),
        "core_organisations": dg.AssetOut(description=_described("organisations")),
    },
)
def core_members(raw_partnership_members: pl.DataFrame, core_sources: pl.DataFrame):
    members, organisations, problems = core.build_members(raw_partnership_members, core_sources)
    yield _output("partnership_members", members, problems, output_name="core_partnership_members")
    yield _output("organisations", organisations, [], output_name="core_organisations")


def _load_warehouse(context: dg.AssetExecutionContext, **tables: pl.DataFrame) -> dg.MaterializeResult:
    with context.resources.duckdb.get_connection() as con:
        for t in reversed(CORE_TABLES):
            con.execute(f'DROP TABLE IF EXISTS "{t.name}"')
        for t in CORE_TABLES:
            con.execute(to_duckdb_ddl(t))
            frame = tables[asset_name(t.name)].to_arrow()  # noqa: F841 (read by DuckDB's replacement scan)
            con.execute(f'INSERT INTO "{t.name}" SELECT * FROM frame')
        counts = {t.name: con.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0] for t in CORE_TABLES}
    return dg.MaterializeResult(metadata={f"rows/{k}": v for k, v in counts.items()})


core_warehouse = dg.asset(
    name="core_warehouse",
    group_name=GROUP,
    ins={asset_name(t.name): dg.AssetIn() for t in CORE_TABLES},
    required_resource_keys={"duckdb"},
    description="The core tables loaded into DuckDB through their derived DDL, so DuckDB enforces keys and "
    "constraints once more; the out_* aggregates query it.",
)(with_parameters(_load_warehouse, ["context", *(asset_name(t.name) for t in CORE_TABLES)]))


ASSETS = [
    core_sources,
    core_documents,
    core_programmes,
    core_calls,
    core_generations,
    core_partnerships,
    core_members,
    core_claims,
    core_cosme_countries,
    core_exchange_partnerships,
    core_exchanges,
    core_warehouse,
]
