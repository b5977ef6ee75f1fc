"""Issue 9, finding 8: ids that differ only in case name the same thing, so they clash like equal ids."""

import polars as pl
import pytest

from pipelines.core.validation import check_case
from schemas import TABLES


def located(column: str, values: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            column: values,
            "raw_file": ["r.csv"] * len(values),
            "raw_sheet": [None] * len(values),
            "raw_row": list(range(2, 2 + len(values))),
        },
        schema_overrides={"raw_sheet": pl.String},
    )


@pytest.mark.parametrize(
    ("table", "column"),
    [("calls", "call_id"), ("exchanges", "exchange_id"), ("exchanges", "visiting_organisation")],
)
def test_values_equal_but_for_case_are_reported_on_every_row(table, column):
    problems = check_case(TABLES[table], located(column, ["ABC-1", "other", "abc-1"]))
    assert [(p.row, p.column, p.rule) for p in problems] == [
        (2, column, "unique_ignoring_case"),
        (4, column, "unique_ignoring_case"),
    ]
    assert "'ABC-1', 'abc-1'" in problems[0].message


def test_fields_where_case_matters_are_left_alone():
    assert check_case(TABLES["partnerships"], located("notes", ["Same", "same"])) == []
