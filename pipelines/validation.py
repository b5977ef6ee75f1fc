"""Checking a typed table against its definition: the Pandera model and the foreign keys.

Failures come back as `Problem`s pointing at the raw row each failing row was read from, so the
report names file, sheet, row, column and rule.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl
from pandera.errors import SchemaError, SchemaErrors

from pipelines.problems import Problem
from schemas.derive import to_pandera
from schemas.model import Table


def _place(frame: pl.DataFrame, index: int | None, table: Table) -> tuple[str, str | None, int | None]:
    if index is None or not table.provenance or index >= frame.height:
        return (f"table {table.name}", None, None if index is None else index + 1)
    row = frame.row(index, named=True)
    return row["raw_file"], row["raw_sheet"], row["raw_row"]


def check_schema(table: Table, frame: pl.DataFrame) -> list[Problem]:
    """Every violation of the table's Pandera model, each located in the raw files."""
    try:
        to_pandera(table).validate(frame, lazy=True)
        return []
    except SchemaErrors as errors:
        cases = errors.failure_cases
    except SchemaError as error:  # a frame-level failure pandera does not collect lazily
        return [Problem(f"table {table.name}", None, None, None, "schema", str(error))]
    problems = []
    for case in cases.iter_rows(named=True):
        file, sheet, row = _place(frame, case["index"], table)
        check = case["check"] or "schema"
        rule = next((r for r in table.rules if r.name == check), None)
        if rule is not None:
            i = case["index"]
            values = ", ".join(f"{c}={frame[c][i]!r}" for c in rule.columns) if i is not None else ""
            message = f"{rule.description} ({values})"
            column = ", ".join(rule.columns)
        else:
            column = case["column"]
            message = f"{case['failure_case']!r} fails {check}"
        problems.append(Problem(file, sheet, row, column, check, message))
    return problems


def check_foreign_keys(table: Table, frame: pl.DataFrame, referenced: Mapping[str, pl.DataFrame]) -> list[Problem]:
    """Rows whose foreign key values are given but match no row of the referenced table."""
    problems = []
    for fk in table.foreign_keys:
        target = referenced[fk.table].select(
            [pl.col(r).alias(f) for f, r in zip(fk.fields, fk.reference)]
        ).unique()
        given = frame.with_row_index("_i").filter(pl.all_horizontal(pl.col(f).is_not_null() for f in fk.fields))
        dangling = given.join(target, on=list(fk.fields), how="anti")
        for r in dangling.iter_rows(named=True):
            file, sheet, row = _place(frame, r["_i"], table)
            values = ", ".join(f"{r[f]!r}" for f in fk.fields)
            problems.append(
                Problem(file, sheet, row, ", ".join(fk.fields), "foreign_key",
                        f"{values} is not a {'/'.join(fk.reference)} of table {fk.table}")
            )  # fmt: skip
    return problems
