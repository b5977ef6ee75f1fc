"""Every export of a table definition says the same thing as the Pandera model."""

import duckdb
import polars as pl
import pyarrow as pa
import pytest

from schemas import CORE_TABLES, TABLES
from schemas.export import to_arrow, to_duckdb_ddl, to_frictionless, to_markdown, to_pandera

ALL = list(TABLES.values())
IDS = [t.name for t in ALL]


@pytest.mark.parametrize("table", ALL, ids=IDS)
def test_primary_and_foreign_keys_name_real_fields(table):
    assert table.primary_key and set(table.primary_key) <= set(table.column_names)
    for fk in table.foreign_keys:
        assert set(fk.fields) <= set(table.column_names)
        assert set(fk.reference) <= set(TABLES[fk.table].column_names)
        assert fk.reference == TABLES[fk.table].primary_key


@pytest.mark.parametrize("table", ALL, ids=IDS)
def test_frictionless_schema_agrees_with_pandera(table):
    model = to_pandera(table)
    schema = to_frictionless(table)
    assert [f["name"] for f in schema["fields"]] == list(model.columns)
    for field in schema["fields"]:
        column = model.columns[field["name"]]
        constraints = field.get("constraints", {})
        assert constraints.get("required", False) is (not column.nullable), field["name"]
        enum = next((c.statistics["allowed_values"] for c in column.checks if "allowed_values" in c.statistics), None)
        assert constraints.get("enum") == (list(enum) if enum is not None else None), field["name"]
    assert schema["primaryKey"] == list(table.primary_key)
    assert [fk["reference"]["resource"] for fk in schema.get("foreignKeys", [])] == [
        fk.table for fk in table.foreign_keys
    ]


@pytest.mark.parametrize("table", ALL, ids=IDS)
def test_arrow_schema_round_trips_to_the_pandera_dtypes(table):
    empty = pa.Table.from_pylist([], schema=to_arrow(table))
    frame = pl.from_arrow(empty)
    assert frame.schema == pl.Schema({name: col.dtype.type for name, col in to_pandera(table).columns.items()})


@pytest.mark.parametrize("table", ALL, ids=IDS)
def test_duckdb_ddl_gives_the_types_parquet_readers_see(table, tmp_path):
    con = duckdb.connect()
    for t in CORE_TABLES:  # referenced tables must exist first
        con.execute(to_duckdb_ddl(t))
    if table not in CORE_TABLES:
        con.execute(to_duckdb_ddl(table))
    import pyarrow.parquet as pq

    path = tmp_path / "t.parquet"
    pq.write_table(pa.Table.from_pylist([], schema=to_arrow(table)), path)
    from_ddl = con.execute(f'DESCRIBE "{table.name}"').fetchall()
    from_parquet = con.execute(f"DESCRIBE SELECT * FROM '{path}'").fetchall()
    assert [(r[0], r[1]) for r in from_ddl] == [(r[0], r[1]) for r in from_parquet]
    assert [r[2] for r in from_ddl] == ["NO" if f.required else "YES" for f in table.all_fields]


def test_duckdb_ddl_enforces_the_rules_too():
    con = duckdb.connect()
    for t in CORE_TABLES:
        con.execute(to_duckdb_ddl(t))
    con.execute("INSERT INTO sources (source_id, raw_file, raw_row) VALUES ('s', 'sources.yaml', 5)")
    con.execute(
        "INSERT INTO programmes (programme_id, name, description, source_id, raw_file, raw_row) "
        "VALUES ('P', 'Programme', 'd', 's', 'f', 2)"
    )
    bad = (
        "INSERT INTO partnerships (partnership_id, programme_id, acronym, start_date, start_date_precision, "
        "end_date, end_date_precision, source_id, raw_file, raw_row) VALUES "
        "('x', 'P', 'X', DATE '2020-05-01', 'day', DATE '2020-04-01', 'month', 's', 'f', 2)"
    )
    with pytest.raises(duckdb.ConstraintException, match="end_date >= start_date"):
        con.execute(bad)
    with pytest.raises(duckdb.ConstraintException):
        con.execute(bad.replace("'P', 'X', DATE '2020-05-01'", "'NOPE', 'X', DATE '2020-03-01'"))
    con.execute(bad.replace("DATE '2020-04-01', 'month'", "DATE '2020-05-01', 'month'"))  # same month: fine


@pytest.mark.parametrize("table", ALL, ids=IDS)
def test_data_dictionary_describes_every_field(table):
    text = to_markdown(table)
    for f in table.all_fields:
        assert f"| `{f.name}` |" in text and f.description in text
    for r in table.rules:
        assert r.description in text


def test_data_dictionary_lists_the_register_headers_of_exchanges():
    text = to_markdown(TABLES["exchanges"])
    assert "| Field | en | fr | de | es | it | fi |" in text
    assert "| `start_date` | start date, start, from | date de début, début |" in text
