"""core_* assets: typed tables with stable ids, each checked in its own step by a blocking schema check
(`pipelines.core.checks`), and the warehouse they are loaded into for the out layer."""

from collections.abc import Iterator
from functools import partial

import dagster as dg
import polars as pl

from pipelines.core import build
from pipelines.core.checks import (
    countries_certainly_in_cosme,
    declared_language_identified,
    referenced_tables,
    registers_read_as_typed,
    schema_result,
    specs,
)
from pipelines.core.claims import build_claims
from pipelines.core.exchanges import build_exchange_events, build_exchanges_file
from pipelines.core.members import build_members
from pipelines.core.statements import build_statements
from pipelines.core.validation import check_table
from pipelines.problems import InvalidData, Notice, Problem
from pipelines.resources import ProblemReports, TableFolder
from pipelines.tablefile import MEMORY_LIMIT, TableFile
from schemas import CORE_TABLES, TABLES, asset_name
from schemas.export import to_duckdb_ddl
from schemas.tables.statements import STATED_TABLES

GROUP = "core"


def _output(
    name: str,
    frame: pl.DataFrame | TableFile,
    problems: list[Problem],
    referenced: dict | None = None,
    notices: list[Notice] = (),
) -> dg.Output:
    if problems:
        found = _rule_problems(name, frame, problems, referenced or {})
        raise InvalidData(f"{name} cannot be typed", problems + found, notices)
    return dg.Output(frame, metadata={"dagster/row_count": frame.height})


def _rule_problems(
    name: str, frame: pl.DataFrame | TableFile | None, typing: list[Problem], referenced: dict
) -> list[Problem]:
    """What the schema check would also say of a table that cannot be typed (rules, keys, foreign keys), so
    the curator gets every problem in one run; cells already reported as mistyped (now empty) are not
    reported twice."""
    if frame is None:
        return []  # too many problems to go on
    tables = {n.removeprefix("core_"): f for n, f in referenced.items()}
    targets = {fk.table for fk in TABLES[name].foreign_keys if fk.table != name}
    try:  # the foreign keys too where every table they point to is at hand (the step's own inputs)
        found = check_table(TABLES[name], frame, tables if targets <= set(tables) else None)
    except Exception:  # noqa: BLE001 (a frame too broken to check: the typing problems say why)
        return []
    seen = {(p.file, p.sheet, p.row) for p in typing}
    return [p for p in found if not (p.rule == "required" and (p.file, p.sheet, p.row) in seen)]


def _described(name: str) -> str:
    return f"{TABLES[name].title}: {TABLES[name].description}"


def _references(name: str, *given: str) -> dict[str, dg.AssetIn]:
    """The inputs the schema check of `name` needs beyond those its build reads (`given`): the tables its
    foreign keys point to. They make its asset downstream of theirs, as a separate check was."""
    return {asset_name(t): dg.AssetIn() for t in referenced_tables(TABLES[name]) if asset_name(t) not in given}


def _checked(
    name: str, built, reports: ProblemReports, referenced: dict, *warnings, notices: list[Notice] | None = None
) -> Iterator:
    """The asset's output, then its checks on the table just built: the schema check (with the foreign keys
    to `referenced`, by asset name), any warning, each a function of the table, and the `notices` of its
    reading when it has them (a warning of its own)."""
    frame, problems = built
    with reports.kept(f"core_{name}"):
        output = _output(name, frame, problems, referenced, notices or [])
    yield output
    tables = {n.removeprefix("core_"): f for n, f in referenced.items()}
    result = schema_result(TABLES[name], output.value, tables, reports, notices or [])
    yield result
    for warning in warnings:
        yield warning(output.value)
    if notices is not None:
        yield registers_read_as_typed(notices)


def _asset(name: str, *given: str, **kwargs):
    """The decorator of a core asset: its group, description, checks, and the inputs its checks need."""
    ins = {n: dg.AssetIn() for n in given} | _references(name, *given)
    kwargs = {"description": _described(name)} | kwargs
    return dg.asset(name=f"core_{name}", group_name=GROUP, check_specs=specs(name), ins=ins, **kwargs)


@_asset("sources", "raw_sources", "raw_documents")
def core_sources(raw_sources: pl.DataFrame, raw_documents: pl.DataFrame, problem_reports: ProblemReports) -> Iterator:
    yield from _checked("sources", build.build_sources(raw_sources, raw_documents), problem_reports, {})


def register_table(name: str, builder=None) -> dg.AssetsDefinition:
    """The core asset of a table built from its register and the sources alone (`builder(raw, core_sources)`,
    by default the generic typing), checked against the tables its foreign keys point to."""
    builder = builder or partial(build.build, name)

    @_asset(name, f"raw_{name}", "core_sources")
    def _core(problem_reports: ProblemReports, **tables: pl.DataFrame) -> Iterator:
        built = builder(tables.pop(f"raw_{name}"), tables["core_sources"])
        yield from _checked(name, built, problem_reports, tables)

    return _core


@_asset("documents", "raw_documents", "core_sources")
def core_documents(raw_documents: pl.DataFrame, core_sources: pl.DataFrame, problem_reports: ProblemReports):
    built = build.build_documents(raw_documents, core_sources)
    references = {"core_sources": core_sources}
    yield from _checked("documents", built, problem_reports, references, declared_language_identified)


@_asset("claims", "raw_claims", "core_sources", "raw_documents")
def core_claims(
    raw_claims: pl.DataFrame,
    core_sources: pl.DataFrame,
    raw_documents: pl.DataFrame,
    problem_reports: ProblemReports,
    **referenced,
) -> Iterator:
    built = build_claims(raw_claims, core_sources, raw_documents)
    yield from _checked("claims", built, problem_reports, {"core_sources": core_sources, **referenced})


@_asset("exchange_partnerships", "raw_exchange_partnerships", "core_sources", "core_partnerships")
def core_exchange_partnerships(
    raw_exchange_partnerships: pl.DataFrame,
    core_sources: pl.DataFrame,
    core_partnerships: pl.DataFrame,
    problem_reports: ProblemReports,
) -> Iterator:
    built = build.build_exchange_partnerships(raw_exchange_partnerships, core_sources, core_partnerships)
    references = {"core_sources": core_sources, "core_partnerships": core_partnerships}
    yield from _checked("exchange_partnerships", built, problem_reports, references)


@_asset(
    "exchanges",
    "raw_exchanges",
    "raw_sources",
    "core_sources",
    "core_cosme_countries",
    description=_described("exchanges") + " (a TableFile: built batch by batch, sorted out of core)",
)
def core_exchanges(
    raw_exchanges: TableFile,
    raw_sources: pl.DataFrame,
    core_sources: pl.DataFrame,
    core_cosme_countries: pl.DataFrame,
    problem_reports: ProblemReports,
    tables: TableFolder,
    **referenced,
) -> Iterator:
    folder = tables.folder("core_exchanges")
    notices: list[Notice] = []
    built = build_exchanges_file(raw_exchanges, raw_sources, core_sources, folder, notices)
    references = {"core_sources": core_sources, "core_cosme_countries": core_cosme_countries, **referenced}
    warning = partial(countries_certainly_in_cosme, core_cosme_countries=core_cosme_countries)
    yield from _checked("exchanges", built, problem_reports, references, warning, notices=notices)


@_asset("statements", "raw_statements", "core_sources", "raw_documents", *(f"core_{n}" for n in STATED_TABLES))
def core_statements(
    raw_statements: pl.DataFrame,
    core_sources: pl.DataFrame,
    raw_documents: pl.DataFrame,
    problem_reports: ProblemReports,
    **tables,
) -> Iterator:
    stated = {name: tables[f"core_{name}"] for name in STATED_TABLES}
    built = build_statements(raw_statements, core_sources, raw_documents, stated)
    yield from _checked("statements", built, problem_reports, {"core_sources": core_sources})


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
    register_table("source_checks", build.build_source_checks),
    register_table("programmes"),
    register_table("calls"),
    register_table("generations", build.build_generations),
    register_table("partnerships", build.build_partnerships),
    register_table("organisations"),
    register_table("partnership_members", build_members),
    core_claims,
    register_table("cosme_countries"),
    core_exchange_partnerships,
    core_exchanges,
    register_table("exchange_events", build_exchange_events),
    core_statements,
    core_warehouse,
]
