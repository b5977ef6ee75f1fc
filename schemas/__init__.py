"""Table definitions: the single source of truth for every table the project publishes.

Core tables are read from raw/ and typed (`schemas/tables/<name>.py`, with their register); aggregates
are computed by DuckDB (`pipelines/out/<name>.sql`). Building this module checks every definition and
every foreign key between them.
"""

from schemas.model import DefinitionError, Table
from schemas.tables import (
    calls,
    claim_conflicts,
    claims,
    cosme_countries,
    country_pairs,
    coverage,
    documents,
    evidence_by_table,
    exchange_durations,
    exchange_events,
    exchange_flows,
    exchange_lump_sums,
    exchange_partnerships,
    exchanges,
    exchanges_by_partnership,
    exchanges_by_year_mode,
    generations,
    members_by_country,
    organisations,
    partnership_members,
    partnerships,
    partnerships_by_programme,
    programme_figures,
    programmes,
    source_checks,
    sources,
    statements,
)

# In load order: a table comes after the tables its foreign keys point to.
CORE_TABLES: tuple[Table, ...] = tuple(
    m.TABLE
    for m in (
        sources,
        source_checks,
        documents,
        programmes,
        calls,
        generations,
        partnerships,
        organisations,
        partnership_members,
        claims,
        cosme_countries,
        exchange_partnerships,
        exchanges,
        exchange_events,
        statements,
    )
)
AGGREGATE_TABLES: tuple[Table, ...] = tuple(
    m.TABLE
    for m in (
        partnerships_by_programme,
        members_by_country,
        country_pairs,
        claim_conflicts,
        coverage,
        evidence_by_table,
        programme_figures,
        exchanges_by_year_mode,
        exchange_flows,
        exchange_durations,
        exchanges_by_partnership,
        exchange_lump_sums,
    )
)


def check_references(tables: tuple[Table, ...]) -> dict[str, Table]:
    """The tables by name, once each foreign key is known to point at an existing table and fields."""
    by_name: dict[str, Table] = {}
    for t in tables:
        if by_name.setdefault(t.name, t) is not t:
            raise DefinitionError(f"table {t.name!r} is defined twice")
    for t in tables:
        for fk in t.foreign_keys:
            target = by_name.get(fk.table)
            if target is None:
                raise DefinitionError(f"table {t.name!r}: foreign key to {fk.table!r}, which is not a table")
            missing = [r for r in fk.reference if r not in target.column_names]
            if missing:
                raise DefinitionError(
                    f"table {t.name!r}: foreign key to {fk.table!r} names {missing[0]!r}, not a field there"
                )
    return by_name


TABLES: dict[str, Table] = check_references(CORE_TABLES + AGGREGATE_TABLES)


def asset_name(table_name: str) -> str:
    """The Dagster asset that makes a table: core_<name> for core tables, out_<name> for aggregates
    (its register is read by raw_<name>); one name from the register to the published file."""
    return ("out_" if table_name in {t.name for t in AGGREGATE_TABLES} else "core_") + table_name
