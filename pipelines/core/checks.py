"""Blocking checks: every core and out table against its Pandera model and foreign keys.

A failed check stops everything downstream, so nothing is published from data that breaks a rule;
its metadata lists every failing row by file, sheet, row, column and rule.
"""

import inspect

import dagster as dg
import polars as pl

from pipelines.core.validation import check_table
from pipelines.problems import report
from pipelines.tablefile import TableFile
from schemas import TABLES, asset_name
from schemas.model import Table


def _taking(names: list[str]):
    """Give a `**inputs` function the signature Dagster reads a check's inputs from (asset checks,
    unlike assets, do not accept `**kwargs`): the inputs of a schema check depend on the table's keys."""

    def give(fn):
        kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
        fn.__signature__ = inspect.Signature([inspect.Parameter(n, kind) for n in names])
        return fn

    return give


def schema_check(table: Table) -> dg.AssetChecksDefinition:
    checked = asset_name(table.name)
    referenced = {fk.table: asset_name(fk.table) for fk in table.foreign_keys if fk.table != table.name}

    def run(context: dg.AssetCheckExecutionContext, **inputs: pl.DataFrame) -> dg.AssetCheckResult:
        others = {name: inputs[asset] for name, asset in referenced.items()}
        problems = check_table(table, inputs[checked], others)  # a frame, or a table on disk in batches
        if not problems:
            return dg.AssetCheckResult(
                passed=True, metadata={"problem_count": 0}, description="every row meets the schema"
            )
        text = report(problems)
        path = context.resources.problem_reports.write(f"{checked}_matches_schema", problems)
        return dg.AssetCheckResult(
            passed=False,
            metadata={
                "problem_count": len(problems),
                "all_problems": str(path),
                "problems": dg.MetadataValue.md(f"```\n{text}\n```"),
            },
            description=f"{len(problems)} problem(s); all of them in {path}\n{text}",
        )

    return dg.asset_check(
        asset=checked,
        name="matches_schema",
        blocking=True,
        description=f"{table.title} meet their schema: types, required values, enums, ranges, keys, rules and "
        "foreign keys.",
        additional_ins={asset: dg.AssetIn(asset) for asset in sorted(set(referenced.values()))},
        required_resource_keys={"problem_reports"},
    )(_taking(["context", checked, *sorted(set(referenced.values()))])(run))


CHECKS = [schema_check(t) for t in TABLES.values()]


def _warning(passed: bool, description: str, rows: list[str]) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=passed,
        severity=dg.AssetCheckSeverity.WARN,
        description=description,
        metadata={"rows": dg.MetadataValue.md("\n".join(f"- {r}" for r in rows) or "none")},
    )


@dg.asset_check(
    asset="out_coverage",
    name="registers_within_stated_totals",
    blocking=False,
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
        over.is_empty(),
        f"{over.height} total(s) exceeded; {partial.height} of {out_coverage.height} rows partial",
        lines,
    )


@dg.asset_check(
    asset="core_documents",
    name="declared_language_identified",
    blocking=False,
    description="Warns where the language raw/sources.yaml declares for a document is not the one identified "
    "in its text.",
)
def declared_language_identified(core_documents: pl.DataFrame) -> dg.AssetCheckResult:
    odd = core_documents.filter(pl.col("language") != pl.col("identified_language"))
    lines = [
        f"{r['document_id']}: declared {r['language']}, identified {r['identified_language']}"
        for r in odd.iter_rows(named=True)
    ]
    return _warning(odd.is_empty(), f"{odd.height} document(s) whose declared language was not identified", lines)


CHECKS += [registers_within_stated_totals, declared_language_identified]


@dg.asset_check(
    asset="core_exchanges",
    name="countries_certainly_in_cosme",
    blocking=False,
    additional_ins={"core_cosme_countries": dg.AssetIn("core_cosme_countries")},
    description="Warns about exchanges with a country whose COSME participation sources leave unsure (kept, "
    "not rejected).",
)
def countries_certainly_in_cosme(core_exchanges: TableFile, core_cosme_countries: pl.DataFrame) -> dg.AssetCheckResult:
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
    return _warning(count == 0, f"{count} exchange(s) with a country of unsure COSME status", lines)


CHECKS += [countries_certainly_in_cosme]
