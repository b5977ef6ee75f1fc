"""core_* assets: typed tables with stable ids, each checked by a blocking schema check, and the
warehouse they are loaded into for the out layer."""

import dagster as dg
import polars as pl

from pipelines.core import build
from pipelines.core.claims import build_claims
from pipelines.core.exchanges import build_exchange_events, build_exchanges_file
from pipelines.core.members import build_members
from pipelines.core.statements import build_statements
from pipelines.core.validation import check_table
from pipelines.problems import InvalidData, Problem
from pipelines.tablefile import MEMORY_LIMIT, TableFile
from schemas import CORE_TABLES, TABLES
from schemas.export import to_duckdb_ddl
from schemas.tables.statements import STATED_TABLES

GROUP = "core"


def _output(name: str, frame: pl.DataFrame | TableFile, problems: list[Problem], **kwargs) -> dg.Output:
    if problems:
        raise InvalidData(f"{name} cannot be typed", problems + _rule_problems(name, frame, problems))
    return dg.Output(frame, metadata={"dagster/row_count": frame.height}, **kwargs)


def _rule_problems(name: str, frame: pl.DataFrame | TableFile | None, typing: list[Problem]) -> list[Problem]:
    """What the schema check would also say of a table that cannot be typed, so the curator gets type and
    rule problems in one run; cells already reported as mistyped (now empty) are not reported twice."""
    if frame is None:
        return []  # too many problems to go on
    try:
        found = check_table(TABLES[name], frame)
    except Exception:  # noqa: BLE001 (a frame too broken to check: the typing problems say why)
        return []
    seen = {(p.file, p.sheet, p.row) for p in typing}
    return [p for p in found if not (p.rule == "required" and (p.file, p.sheet, p.row) in seen)]


def _described(name: str) -> str:
    return f"{TABLES[name].title}: {TABLES[name].description}"


@dg.asset(group_name=GROUP, description=_described("sources"))
def core_sources(raw_sources: pl.DataFrame) -> dg.Output[pl.DataFrame]:
    return _output("sources", *build.build_sources(raw_sources))


def register_table(name: str) -> dg.AssetsDefinition:
    """The core asset of a table that is its register, typed, with its sources resolved."""

    @dg.asset(
        name=f"core_{name}", group_name=GROUP, description=_described(name), ins={"raw": dg.AssetIn(f"raw_{name}")}
    )
    def _core(raw: pl.DataFrame, core_sources: pl.DataFrame) -> dg.Output[pl.DataFrame]:
        return _output(name, *build.build(name, raw, core_sources))

    return _core


@dg.asset(group_name=GROUP, description=_described("generations"))
def core_generations(raw_generations: pl.DataFrame, core_sources: pl.DataFrame) -> dg.Output[pl.DataFrame]:
    return _output("generations", *build.build_generations(raw_generations, core_sources))


@dg.asset(group_name=GROUP, description=_described("partnerships"))
def core_partnerships(raw_partnerships: pl.DataFrame, core_sources: pl.DataFrame) -> dg.Output[pl.DataFrame]:
    return _output("partnerships", *build.build_partnerships(raw_partnerships, core_sources))


@dg.asset(group_name=GROUP, description=_described("documents"))
def core_documents(raw_documents: pl.DataFrame, core_sources: pl.DataFrame) -> dg.Output[pl.DataFrame]:
    return _output("documents", *build.build_documents(raw_documents, core_sources))


@dg.asset(group_name=GROUP, description=_described("claims"))
def core_claims(
    raw_claims: pl.DataFrame, core_sources: pl.DataFrame, raw_documents: pl.DataFrame
) -> dg.Output[pl.DataFrame]:
    return _output("claims", *build_claims(raw_claims, core_sources, raw_documents))


@dg.asset(group_name=GROUP, description=_described("exchange_partnerships"))
def core_exchange_partnerships(
    raw_exchange_partnerships: pl.DataFrame, core_sources: pl.DataFrame, core_partnerships: pl.DataFrame
) -> dg.Output[pl.DataFrame]:
    built = build.build_exchange_partnerships(raw_exchange_partnerships, core_sources, core_partnerships)
    return _output("exchange_partnerships", *built)


@dg.asset(
    group_name=GROUP,
    required_resource_keys={"tables"},
    description=_described("exchanges") + " (a TableFile: built batch by batch, sorted out of core)",
)
def core_exchanges(
    context: dg.AssetExecutionContext, raw_exchanges: TableFile, raw_sources: pl.DataFrame, core_sources: pl.DataFrame
) -> dg.Output[TableFile]:
    folder = context.resources.tables.folder("core_exchanges")
    return _output("exchanges", *build_exchanges_file(raw_exchanges, raw_sources, core_sources, folder))


@dg.asset(group_name=GROUP, description=_described("exchange_events"))
def core_exchange_events(raw_exchange_events: pl.DataFrame, core_sources: pl.DataFrame) -> dg.Output[pl.DataFrame]:
    return _output("exchange_events", *build_exchange_events(raw_exchange_events, core_sources))


@dg.asset(group_name=GROUP, description=_described("partnership_members"))
def core_partnership_members(
    raw_partnership_members: pl.DataFrame, core_sources: pl.DataFrame
) -> dg.Output[pl.DataFrame]:
    return _output("partnership_members", *build_members(raw_partnership_members, core_sources))


@dg.asset(
    group_name=GROUP,
    ins={"raw_statements": dg.AssetIn(), "core_sources": dg.AssetIn()}
    | {f"core_{n}": dg.AssetIn() for n in STATED_TABLES},
    description=_described("statements"),
)
def core_statements(raw_statements: pl.DataFrame, core_sources: pl.DataFrame, **tables: pl.DataFrame):
    stated = {name: tables[f"core_{name}"] for name in STATED_TABLES}
    return _output("statements", *build_statements(raw_statements, core_sources, stated))


@dg.asset(
    group_name=GROUP,
    ins={f"core_{t.name}": dg.AssetIn() for t in CORE_TABLES},
    required_resource_keys={"duckdb"},
    description="The core tables loaded into DuckDB through their derived DDL (types, NOT NULL, CHECKs and row "
    "rules enforced once more; keys were checked by the blocking checks and are checked again on the published "
    "files, so no key indexes that grow with the rows); the out_* aggregates query it. A table on disk (the "
    "exchanges) is a view on its Parquet file, checked in full already: copying millions of rows costs more "
    "than every aggregate together.",
)
def core_warehouse(context: dg.AssetExecutionContext, **tables: pl.DataFrame) -> dg.MaterializeResult:
    with context.resources.duckdb.get_connection() as con:
        kinds = dict(con.execute("SELECT table_name, table_type FROM information_schema.tables").fetchall())
        for t in reversed(CORE_TABLES):
            if t.name in kinds:
                con.execute(f'DROP {"VIEW" if kinds[t.name] == "VIEW" else "TABLE"} "{t.name}"')
        con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")  # a large table spills; it is never held whole
        for t in CORE_TABLES:
            con.execute(to_duckdb_ddl(t, keys=False))
            data = tables[f"core_{t.name}"]
            if isinstance(data, TableFile):  # already checked in full; the aggregates read its Parquet
                con.execute(f'DROP TABLE "{t.name}"')
                con.execute(f'CREATE VIEW "{t.name}" AS SELECT * FROM {data.sql()}')
                continue
            frame = data.to_arrow()  # noqa: F841 (read by DuckDB's replacement scan)
            con.execute(f'INSERT INTO "{t.name}" SELECT * FROM frame')
        counts = {t.name: con.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0] for t in CORE_TABLES}
    return dg.MaterializeResult(metadata={f"rows/{k}": v for k, v in counts.items()})


ASSETS = [
    core_sources,
    core_documents,
    register_table("programmes"),
    register_table("calls"),
    core_generations,
    core_partnerships,
    register_table("organisations"),
    core_partnership_members,
    core_claims,
    register_table("cosme_countries"),
    core_exchange_partnerships,
    core_exchanges,
    core_exchange_events,
    core_statements,
    core_warehouse,
]
