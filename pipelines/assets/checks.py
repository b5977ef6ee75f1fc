"""Blocking checks: every core and out table against its Pandera model and foreign keys.

A failed check stops everything downstream, so nothing is published from data that breaks a rule;
its metadata lists every failing row by file, sheet, row, column and rule.
"""

import dagster as dg
import polars as pl

from pipelines.problems import report
from pipelines.validation import check_foreign_keys, check_schema
from pipelines.wiring import asset_name, with_parameters
from schemas import TABLES
from schemas.model import Table


def schema_check(table: Table) -> dg.AssetChecksDefinition:
    checked = asset_name(table.name)
    referenced = {fk.table: asset_name(fk.table) for fk in table.foreign_keys if fk.table != table.name}

    def run(**inputs: pl.DataFrame) -> dg.AssetCheckResult:
        frame = inputs[checked]
        others = {name: inputs[asset] for name, asset in referenced.items()}
        problems = check_schema(table, frame) + check_foreign_keys(table, frame, others | {table.name: frame})
        text = report(problems)
        return dg.AssetCheckResult(
            passed=not problems,
            metadata={"problem_count": len(problems), "problems": dg.MetadataValue.md(f"```\n{text}\n```" if text else "none")},
            description=f"{len(problems)} problem(s)\n{text}" if problems else "every row meets the schema",
        )

    return dg.asset_check(
        asset=checked,
        name="matches_schema",
        blocking=True,
        description=f"{table.title} meet their schema: types, required values, enums, ranges, keys, rules and "
        "foreign keys.",
        additional_ins={asset: dg.AssetIn(asset) for asset in sorted(set(referenced.values()))},
    )(with_parameters(run, [checked, *sorted(set(referenced.values()))]))


CHECKS = [schema_check(t) for t in TABLES.values()]
