"""Checking a typed table against its definition: the Pandera model and the foreign keys.

Failures come back as `Problem`s pointing at the raw row each failing row was read from, with a
rule name and a sentence a curator can act on, so the report names file, sheet, row, column and rule.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import numpy as np
import polars as pl
from pandera.config import ValidationDepth, config_context
from pandera.errors import SchemaErrors

from pipelines.problems import MAX_PROBLEMS, Problem
from pipelines.tablefile import TableFile, in_order, scratch, sql_name
from schemas.export import to_pandera
from schemas.model import Field, Table

# Pandera's name of a column check → (our rule name, the sentence for a failing value).
_COLUMN_RULES = {
    "isin": ("allowed_values", lambda f, v: f"{v!r} is not {f.allowed()}"),
    "items_in_allowed_values": ("allowed_values", lambda f, v: _bad_items(f, v)),
    "str_matches": ("pattern", lambda f, v: f"{v!r} does not match the pattern {f.pattern}"),
    "greater_than_or_equal_to": ("minimum", lambda f, v: f"{v} is below the minimum {f.minimum:g}"),
    "less_than_or_equal_to": ("maximum", lambda f, v: f"{v} is above the maximum {f.maximum:g}"),
    "unique_when_given": ("unique", lambda f, v: f"{v!r} appears in more than one row"),
}


def _bad_items(f: Field, value: str) -> str:
    """Which items of a list cell (Pandera reports the cell as JSON) are not allowed."""
    bad = [item for item in json.loads(value) if item not in f.item_enum]
    return f"{', '.join(map(repr, bad))} {'is' if len(bad) == 1 else 'are'} not {f.allowed()}"


def _place(frame: pl.DataFrame, index: int | None, table: Table) -> tuple[str, str | None, int | None]:
    if index is None or not table.provenance or index >= frame.height:
        return (f"table {table.name}", None, None if index is None else index + 1)
    row = frame.row(index, named=True)
    return row["raw_file"], row["raw_sheet"], row["raw_row"]


def _explain(table: Table, model, frame: pl.DataFrame, case: dict) -> tuple[str | None, str, str]:
    """(column, rule, message) for one of Pandera's failure cases."""
    check, column, value, index = case["check"], case["column"], case["failure_case"], case["index"]
    if case["schema_context"] == "Column" and case["check_number"] is not None:
        name = model.columns[column].checks[case["check_number"]].name
        rule, sentence = _COLUMN_RULES.get(name, (name, lambda f, v: f"{v!r} fails {name}"))
        return column, rule, sentence(table.field(column), value)
    if check == "not_nullable":
        return column, "required", "a value is required"
    if check == "field_uniqueness":
        return column, "unique", f"{value!r} appears in more than one row"
    if check == "multiple_fields_uniqueness":
        key = table.primary_key
        values = ", ".join(f"{c}={frame[c][index]!r}" for c in key) if index is not None else value
        return ", ".join(key), "primary_key", f"the key ({values}) appears in more than one row"
    rule = next((r for r in table.rules if r.name == check), None)
    if rule is not None:
        values = ", ".join(f"{c}={frame[c][index]}" for c in rule.columns) if index is not None else ""
        return ", ".join(rule.columns), rule.name, f"breaks the rule '{rule.description}' ({values})"
    if check == "column_in_dataframe":
        return value, "missing_column", f"the table has no column {value!r}"
    return column, str(check), f"{value!r} fails {check}"


def check_table(
    table: Table, data: pl.DataFrame | TableFile, referenced: Mapping[str, pl.DataFrame] | None = None
) -> list[Problem]:
    """The schema check of a frame or of a table on disk, and its foreign keys when `referenced` is given."""
    if isinstance(data, TableFile):
        return check_table_file(table, data, referenced)
    problems = check_schema(table, data)
    if referenced is not None:
        problems += check_foreign_keys(table, data, {**referenced, table.name: data})
    return problems


def check_table_file(
    table: Table, data: TableFile, referenced: Mapping[str, pl.DataFrame] | None = None
) -> list[Problem]:
    """A table on disk, in two parts: what each row must satisfy alone (types, values, rules, and its
    foreign keys, whose targets are small tables) with the same Pandera model, and what concerns all rows
    together (unique values, the key, case) in DuckDB. Rows alone are checked over the whole file at once
    first (Polars reads each column a check needs, on every core); only a file where some row fails is
    checked again batch by batch, to locate the rows as a frame's check does."""
    if not _rows_fail(table, data, referenced):
        return check_unique_file(table, data)

    def rows_alone(batch: pl.DataFrame) -> list[Problem]:
        found = check_schema(table, batch, unique=False)
        return found + (check_foreign_keys(table, batch, referenced) if referenced is not None else [])

    problems: list[Problem] = []
    for found in in_order(rows_alone, data.batches()):
        problems += found
        if len(problems) > MAX_PROBLEMS:
            return problems
    return problems + check_unique_file(table, data)


def _rows_fail(table: Table, data: TableFile, referenced: Mapping[str, pl.DataFrame] | None) -> bool:
    """Whether a row of the file breaks the Pandera model (without uniqueness) or a foreign key."""
    with config_context(validation_depth=ValidationDepth.SCHEMA_AND_DATA):  # a lazy frame's data too
        try:
            to_pandera(table, unique=False).validate(data.scan(), lazy=True)
        except SchemaErrors:
            return True
    for fk in table.foreign_keys if referenced is not None else ():
        target = referenced[fk.table].lazy().select(pl.col(r).alias(f) for f, r in zip(fk.fields, fk.reference))
        given = data.scan().select(fk.fields).filter(pl.all_horizontal(pl.col(f).is_not_null() for f in fk.fields))
        if given.join(target, on=list(fk.fields), how="anti").select(pl.len()).collect().item():
            return True
    return False


def check_unique_file(table: Table, data: TableFile, limit: int = MAX_PROBLEMS) -> list[Problem]:
    """Unique fields, a multi-column key, and unique fields equal but for case, over every row, out of core."""
    where = ("raw_file", "raw_sheet", "raw_row") if table.provenance else ()
    place = ", ".join(sql_name(c) for c in where) or "NULL, NULL, NULL"
    checks = []  # (column label, rule, columns, group expression, duplicate condition)
    for f in (f for f in table.all_fields if f.unique):
        checks.append((f.name, "unique", [f.name], sql_name(f.name), "count(*) > 1"))
        if f.case_insensitive:
            distinct = f"count(DISTINCT {sql_name(f.name)}) > 1"
            checks.append((f.name, "unique_ignoring_case", [f.name], f"lower({sql_name(f.name)})", distinct))
    key = list(table.primary_key)
    if len(key) > 1:
        group = "row(" + ", ".join(sql_name(k) for k in key) + ")"  # one value to group and join on
        checks.append((", ".join(key), "primary_key", key, group, "count(*) > 1"))
    problems: list[Problem] = []
    with scratch("eucp-unique-") as con:
        # One pass first, over a hash of each value (lower-cased) and of the key: where no hash repeats, the
        # values are distinct and nothing needs locating (the usual case, and the only one that must be fast).
        hashed = {f.name: ([f.name], f"hash(lower({sql_name(f.name)}))") for f in table.all_fields if f.unique}
        if len(key) > 1:
            hashed[", ".join(key)] = (key, f"hash({', '.join(sql_name(k) for k in key)})")
        given = {
            label: " AND ".join(f"{sql_name(c)} IS NOT NULL" for c in columns) for label, (columns, _) in hashed.items()
        }
        select = ", ".join(f"CASE WHEN {given[label]} THEN {h} END" for label, (_, h) in hashed.items())
        repeated = set()
        if hashed:
            columns = con.sql(f"SELECT {select} FROM {data.sql()}").to_arrow_table().columns
            repeated = {label for label, column in zip(hashed, columns) if _repeats(column)}
        for label, rule, columns, group, duplicated in checks:
            if label not in repeated:
                continue
            first, named = sql_name(columns[0]), ", ".join(sql_name(c) for c in columns)
            rows = con.execute(
                f"WITH t AS (SELECT * FROM {data.sql()} WHERE {given[label]}), "
                f"d AS (SELECT {group} AS g, list(DISTINCT {first} ORDER BY {first}) AS spellings "
                f"FROM t GROUP BY g HAVING {duplicated}) "
                f"SELECT {place}, {named}, d.spellings FROM t JOIN d ON {group} = d.g "
                f"ORDER BY ALL LIMIT {limit}"
            ).fetchall()
            for r in rows:
                values, spellings = r[3 : 3 + len(columns)], r[-1]
                if rule == "unique":
                    message = f"{values[0]!r} appears in more than one row"
                elif rule == "unique_ignoring_case":
                    message = (
                        f"{values[0]!r} differs only in case from {', '.join(map(repr, spellings))}: one thing, one id"
                    )
                else:
                    pairs = ", ".join(f"{c}={v!r}" for c, v in zip(columns, values))
                    message = f"the key ({pairs}) appears in more than one row"
                file = r[0] if where else f"table {table.name}"
                problems.append(Problem(file, r[1], r[2], label, rule, message))
    return problems


def _repeats(hashes) -> bool:
    """Whether a value of an Arrow column of hashes occurs twice, its nulls aside (numpy sorts ten million in
    a quarter of a second; DuckDB's count(DISTINCT) of the strings took seconds)."""
    values = np.sort(hashes.drop_null().to_numpy())
    return bool((values[1:] == values[:-1]).any())


def check_schema(table: Table, frame: pl.DataFrame, unique: bool = True) -> list[Problem]:
    """Every violation of the table's Pandera model, each located in the raw files (without the checks
    of uniqueness when `unique` is false: a batch of a larger table cannot tell)."""
    problems = check_case(table, frame) if unique else []
    model = to_pandera(table, unique)
    try:
        model.validate(frame, lazy=True)
        return problems
    except SchemaErrors as errors:
        cases = errors.failure_cases
    for case in cases.iter_rows(named=True):
        file, sheet, row = _place(frame, case["index"], table)
        column, rule, message = _explain(table, model, frame, case)
        problems.append(Problem(file, sheet, row, column, rule, message))
    return problems


def check_case(table: Table, frame: pl.DataFrame) -> list[Problem]:
    """Unique fields whose values name the same thing whatever their case ('C-1' and 'c-1'): every row of
    a group of values equal but for case is named, with the spellings found."""
    problems = []
    for f in (f for f in table.fields if f.unique and f.case_insensitive and f.name in frame.columns):
        rows = frame.with_row_index("_i").filter(pl.col(f.name).is_not_null())
        folded = rows.with_columns(_fold=pl.col(f.name).str.to_lowercase())
        clashes = folded.filter(pl.col(f.name).n_unique().over("_fold") > 1)
        for r in clashes.sort("_i").iter_rows(named=True):
            spellings = sorted(folded.filter(pl.col("_fold") == r["_fold"])[f.name].unique().to_list())
            file, sheet, row = _place(frame, r["_i"], table)
            message = f"{r[f.name]!r} differs only in case from {', '.join(map(repr, spellings))}: one thing, one id"
            problems.append(Problem(file, sheet, row, f.name, "unique_ignoring_case", message))
    return problems


def check_foreign_keys(table: Table, frame: pl.DataFrame, referenced: Mapping[str, pl.DataFrame]) -> list[Problem]:
    """Rows whose foreign key values are given but match no row of the referenced table."""
    problems = []
    for fk in table.foreign_keys:
        target = referenced[fk.table].select([pl.col(r).alias(f) for f, r in zip(fk.fields, fk.reference)]).unique()
        given = frame.with_row_index("_i").filter(pl.all_horizontal(pl.col(f).is_not_null() for f in fk.fields))
        dangling = given.join(target, on=list(fk.fields), how="anti")
        for r in dangling.iter_rows(named=True):
            file, sheet, row = _place(frame, r["_i"], table)
            values = ", ".join(f"{r[f]!r}" for f in fk.fields)
            meaning = fk.meaning or f"a {'/'.join(fk.reference)} of table {fk.table}"
            problems.append(Problem(file, sheet, row, ", ".join(fk.fields), fk.rule, f"{values} is not {meaning}"))
    return problems
