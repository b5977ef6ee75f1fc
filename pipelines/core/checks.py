"""The checks each core and out asset runs on the table it has just built, in the same step.

Every table has a blocking `matches_schema` check: its Pandera model and its foreign keys. A failed check
fails its step, so nothing downstream runs and nothing is published from data that breaks a rule; its
metadata lists every failing row by file, sheet, row, column and rule. Three tables also carry a warning.

The checks are declared on the assets (`check_specs`) rather than as asset checks of their own: a check
step would read its table back, and cost a run eight more events in the instance's storage, each a SQLite
transaction (about 270 of a run's 740 events were the check steps').
"""

from collections.abc import Mapping

import dagster as dg
import polars as pl

from pipelines.core.validation import check_table
from pipelines.problems import Notice, report
from pipelines.resources import ProblemReports
from pipelines.tablefile import TableFile
from schemas import TABLES, asset_name
from schemas.model import Table


def referenced_tables(table: Table) -> list[str]:
    """The other tables the foreign keys of `table` point to: what its schema check needs beside it."""
    return sorted({fk.table for fk in table.foreign_keys if fk.table != table.name})


def schema_spec(table: Table) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(
        "matches_schema",
        asset=asset_name(table.name),
        blocking=True,
        description=f"{table.title} meet their schema: types, required values, enums, ranges, keys, rules and "
        "foreign keys.",
    )


def schema_result(
    table: Table,
    data: pl.DataFrame | TableFile,
    referenced: Mapping[str, pl.DataFrame],
    reports: ProblemReports,
    notices: list[Notice] = (),
) -> dg.AssetCheckResult:
    """The schema check of a table just built; every problem goes to a CSV report as well. A failure also
    lists the `notices` of the table's reading (what was read as typed), for the data holder to see both."""
    problems = check_table(table, data, referenced)  # a frame, or a table on disk in batches
    if not problems:
        return dg.AssetCheckResult(
            check_name="matches_schema",
            asset_key=asset_name(table.name),
            passed=True,
            metadata={"problem_count": 0},
            description="every row meets the schema",
        )
    text = report(problems)
    if notices:
        text += "\nWarnings (these fail nothing):\n" + "\n".join(str(n) for n in list(notices)[:200])
    path = reports.write(f"{asset_name(table.name)}_matches_schema", problems)
    return dg.AssetCheckResult(
        check_name="matches_schema",
        asset_key=asset_name(table.name),
        passed=False,
        metadata={
            "problem_count": len(problems),
            "all_problems": str(path),
            "problems": dg.MetadataValue.md(f"```\n{text}\n```"),
        },
        description=f"{len(problems)} problem(s); all of them in {path}\n{text}",
    )


def _warning(asset: str, name: str, passed: bool, description: str, rows: list[str]) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        asset_key=asset,
        check_name=name,
        passed=passed,
        severity=dg.AssetCheckSeverity.WARN,
        description=description,
        metadata={"rows": dg.MetadataValue.md("\n".join(f"- {r}" for r in rows) or "none")},
    )


WITHIN_STATED_TOTALS = dg.AssetCheckSpec(
    "registers_within_stated_totals",
    asset="out_coverage",
    description="Warns where our registers name more than any source states (a wrong row, or a figure that "
    "has grown since it was stated). Fewer is expected: the registers are partial.",
)


def registers_within_stated_totals(out_coverage: pl.DataFrame) -> dg.AssetCheckResult:
    over = out_coverage.filter(pl.col("registered") > pl.col("stated_max"))
    partial = out_coverage.filter(pl.col("registered") < pl.col("stated_min"))
    lines = [
        f"{r['programme_id']} / {r['generation']} / {r['metric']}: registered {r['registered']}, "
        f"stated at most {r['stated_max']}"
        for r in over.iter_rows(named=True)
    ]
    return _warning(
        WITHIN_STATED_TOTALS.asset_key,
        WITHIN_STATED_TOTALS.name,
        over.is_empty(),
        f"{over.height} total(s) exceeded; {partial.height} of {out_coverage.height} rows partial",
        lines,
    )


LANGUAGE_IDENTIFIED = dg.AssetCheckSpec(
    "declared_language_identified",
    asset="core_documents",
    description="Warns where the language raw/sources.yaml declares for a document is not the one identified "
    "in its text.",
)


def declared_language_identified(core_documents: pl.DataFrame) -> dg.AssetCheckResult:
    odd = core_documents.filter(pl.col("language") != pl.col("identified_language"))
    lines = [
        f"{r['document_id']}: declared {r['language']}, identified {r['identified_language']}"
        for r in odd.iter_rows(named=True)
    ]
    description = f"{odd.height} document(s) whose declared language was not identified"
    return _warning(LANGUAGE_IDENTIFIED.asset_key, LANGUAGE_IDENTIFIED.name, odd.is_empty(), description, lines)


CERTAINLY_IN_COSME = dg.AssetCheckSpec(
    "countries_certainly_in_cosme",
    asset="core_exchanges",
    description="Warns about exchanges with a country whose COSME participation sources leave unsure (kept, "
    "not rejected).",
)


def countries_certainly_in_cosme(
    core_exchanges: TableFile | pl.DataFrame, core_cosme_countries: pl.DataFrame
) -> dg.AssetCheckResult:
    unsure = core_cosme_countries.filter(status="unsure")["country"].to_list()
    doubtful = pl.col("visiting_country").is_in(unsure) | pl.col("host_country").is_in(unsure)
    scan = core_exchanges.scan() if isinstance(core_exchanges, TableFile) else core_exchanges.lazy()
    found = scan.filter(doubtful).select("visiting_country", "host_country", "raw_file", "raw_sheet", "raw_row")
    count = found.select(pl.len()).collect().item()
    hits = found.head(200).collect()

    def line(r: dict) -> str:
        sheet = f"sheet {r['raw_sheet']!r}, " if r["raw_sheet"] else ""
        doubtful = ", ".join(sorted({r["visiting_country"], r["host_country"]} & set(unsure)))
        where = f"{r['raw_file']}, {sheet}row {r['raw_row']}"
        return f"{where}: {r['visiting_country']} → {r['host_country']} (COSME status unsure for {doubtful})"

    lines = [line(r) for r in hits.iter_rows(named=True)]
    description = f"{count} exchange(s) with a country of unsure COSME status"
    return _warning(CERTAINLY_IN_COSME.asset_key, CERTAINLY_IN_COSME.name, count == 0, description, lines)


READ_AS_TYPED = dg.AssetCheckSpec(
    "registers_read_as_typed",
    asset="core_exchanges",
    description="Warns of what was done to read the exchange registers as people type them: summary rows "
    "('Total') skipped, placeholders ('n/a', '-', 'TBC') read as empty, amounts with one separator and three "
    "digits (1,560) read by the register's declared language.",
)


def registers_read_as_typed(notices: list[Notice]) -> dg.AssetCheckResult:
    rows = [str(n) for n in notices]
    description = f"{len(notices)} thing(s) read as typed, not as written" if notices else "read as written"
    return _warning(READ_AS_TYPED.asset_key, READ_AS_TYPED.name, not notices, description, rows[:200])


def specs(table_name: str) -> list[dg.AssetCheckSpec]:
    """Every check the asset of a table declares: its schema check, and its warnings if it has any."""
    warnings = (WITHIN_STATED_TOTALS, LANGUAGE_IDENTIFIED, CERTAINLY_IN_COSME, READ_AS_TYPED)
    spec = schema_spec(TABLES[table_name])
    return [spec, *(w for w in warnings if w.asset_key == spec.asset_key)]
