"""The vectorised verifier rejects every kind of error frictionless rejects, on small packages.

A two-table package (a parent and a child with a foreign key) is written valid, then broken one way
at a time; frictionless (in full) and `verify_files` must both reject each break, and both accept the
valid package.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from frictionless import Package

from pipelines.publish.verify import passes_screen, verify_files

PARENT = "id,name,kind,code,score,day,share\n1,Alpha,a,AB-1,3,2024-01-31,0.5\n2,Beta,b,CD-2,7,2024-02-29,1.5\n"
CHILD = "child_id,parent_id,tags\nc1,1,x;y\nc2,2,\nc3,,z\n"
PARENT_SCHEMA = {
    "fields": [
        {"name": "id", "type": "integer", "constraints": {"required": True, "unique": True}},
        {"name": "name", "type": "string", "constraints": {"required": True}},
        {"name": "kind", "type": "string", "constraints": {"enum": ["a", "b"]}},
        {"name": "code", "type": "string", "constraints": {"pattern": "[A-Z]{2}-[0-9]"}},
        {"name": "score", "type": "integer", "constraints": {"minimum": 0, "maximum": 10}},
        {"name": "day", "type": "date", "constraints": {"minimum": "2024-01-01"}},
        {"name": "share", "type": "number"},
    ],
    "missingValues": [""],
    "primaryKey": ["id"],
}
CHILD_SCHEMA = {
    "fields": [
        {"name": "child_id", "type": "string", "constraints": {"required": True}},
        {"name": "parent_id", "type": "integer"},
        {"name": "tags", "type": "list", "itemType": "string", "delimiter": ";"},
    ],
    "missingValues": [""],
    "primaryKey": ["child_id"],
    "foreignKeys": [{"fields": ["parent_id"], "reference": {"resource": "parent", "fields": ["id"]}}],
}
PARQUET = {
    "parent": pa.table(
        {
            "id": pa.array([1, 2], pa.int64()),
            "name": ["Alpha", "Beta"],
            "kind": ["a", "b"],
            "code": ["AB-1", "CD-2"],
            "score": pa.array([3, 7], pa.int64()),
            "day": pa.array([19753, 19782], pa.int32()).cast(pa.date32()),
            "share": [0.5, 1.5],
        }
    ),
    "child": pa.table(
        {
            "child_id": ["c1", "c2", "c3"],
            "parent_id": pa.array([1, 2, None], pa.int64()),
            "tags": pa.array([["x", "y"], None, ["z"]], pa.list_(pa.string())),
        }
    ),
}
ROWS = {"parent": 2, "child": 3}


def _as_written(folder: Path) -> dict[str, pa.Table]:
    """The Parquet copies of the CSV files as they are (breaks included), as the pipeline writes both: a
    code the CSV neutralised with an apostrophe (text a spreadsheet could run as a formula) without it."""
    con = duckdb.connect()
    read = "read_csv('{}', header = true, all_varchar = true)"
    parent = con.sql(
        "SELECT id::BIGINT AS id, name, kind, regexp_replace(code, '^''([=+@-])', '\\1') AS code, "
        "score::BIGINT AS score, day::DATE AS day, share::DOUBLE AS share "
        f"FROM {read.format(folder / 'data' / 'parent.csv')}"
    ).to_arrow_table()
    child = con.sql(
        "SELECT child_id, parent_id::BIGINT AS parent_id, string_split(tags, ';') AS tags "
        f"FROM {read.format(folder / 'data' / 'child.csv')}"
    ).to_arrow_table()
    return {"parent": parent, "child": child}


def _write(
    folder: Path, parent: str = PARENT, child: str = CHILD, keep_hash_of: str | None = None, as_written: bool = False
) -> Path:
    (folder / "data").mkdir(parents=True)
    resources = []
    for name, text, schema in (("parent", parent, PARENT_SCHEMA), ("child", child, CHILD_SCHEMA)):
        path = folder / "data" / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        hashed = (keep_hash_of if name == "parent" and keep_hash_of else text).encode()
        resources.append(
            {
                "name": name,
                "path": f"data/{name}.csv",
                "format": "csv",
                "type": "table",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(hashed),
                "hash": f"sha256:{hashlib.sha256(hashed).hexdigest()}",
                "schema": schema,
            }
        )
    for resource, (name, table) in zip(resources, (_as_written(folder) if as_written else PARQUET).items()):
        path = folder / "data" / f"{name}.parquet"
        pq.write_table(table, path)
        data = path.read_bytes()
        resource["parquet"] = {  # the Parquet copy, named in its CSV resource as the packages do
            "path": f"data/{name}.parquet",
            "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
            "bytes": len(data),
            "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
        }
    descriptor = {"name": "parity", "resources": resources}
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return folder


def _frictionless_valid(folder: Path) -> bool:
    return Package(str(folder / "datapackage.json")).validate().valid


BREAKS = {
    "bad_type": {"parent": PARENT.replace(",3,", ",three,")},
    "bad_date": {"parent": PARENT.replace("2024-02-29", "2024-02-30")},
    "bad_number": {"parent": PARENT.replace("0.5", "half")},
    "missing_required": {"parent": PARENT.replace("Beta", "")},
    "duplicate_key": {"parent": PARENT.replace("2,Beta", "1,Beta")},
    "broken_foreign_key": {"child": CHILD.replace("c2,2", "c2,9")},
    "enum": {"parent": PARENT.replace(",b,", ",z,")},
    "pattern": {"parent": PARENT.replace("CD-2", "cd-2")},
    "maximum": {"parent": PARENT.replace(",7,", ",11,")},
    "minimum": {"parent": PARENT.replace(",3,", ",-1,")},
    "date_minimum": {"parent": PARENT.replace("2024-01-31", "2023-12-31")},
    "extra_cell": {"parent": PARENT.replace("0.5\n", "0.5,extra\n")},
    "wrong_header": {"parent": PARENT.replace("id,name", "id,title")},
    "wrong_row_count": {"parent": PARENT.rsplit("2,Beta", 1)[0], "keep_hash_of": PARENT},
    "wrong_hash": {"parent": PARENT.replace("Alpha", "Alphb"), "keep_hash_of": PARENT},
}


def test_both_accept_a_valid_package(tmp_path):
    folder = _write(tmp_path)
    assert _frictionless_valid(folder)
    assert verify_files(folder, ROWS, "parity") == []
    assert passes_screen(folder, ROWS), "a valid package takes the one-pass screen, not the closer look"


@pytest.mark.parametrize("kind", sorted(BREAKS))
def test_verifier_rejects_what_frictionless_rejects(tmp_path, kind):
    folder = _write(tmp_path, **BREAKS[kind])
    assert not _frictionless_valid(folder), f"frictionless accepts {kind}: the break is not a break"
    problems = verify_files(folder, ROWS, "parity")
    assert problems, f"the vectorised verifier accepts {kind}"
    assert not passes_screen(folder, ROWS), f"the one-pass screen lets {kind} through"


def test_verifier_notices_parquet_rows_that_differ_from_the_csv(tmp_path):
    folder = _write(tmp_path, parent=PARENT.replace("Alpha", "Alpine"))
    rules = {p.rule for p in verify_files(folder, ROWS, "parity")}
    assert rules == {"parquet-differs"}


def test_verifier_notices_a_parquet_file_that_differs_from_its_hash(tmp_path):
    folder = _write(tmp_path)
    pq.write_table(PARQUET["child"], folder / "data" / "parent.parquet")
    rules = {p.rule for p in verify_files(folder, ROWS, "parity")}
    assert "hash-count" in rules or "byte-count" in rules


def test_verifier_names_the_rule_and_column(tmp_path):
    folder = _write(tmp_path, parent=PARENT.replace("CD-2", "cd-2"))
    found = [(p.rule, p.column) for p in verify_files(folder, ROWS, "parity")]
    assert ("constraint-error:pattern", "code") in found


# Breaks the writer itself could make: the CSV and its Parquet copy agree, so only the checks on the
# Parquet values and keys (the screen's second pass) can stop them.
CONSISTENT = {
    "missing_required": "constraint-error:required",
    "duplicate_key": "primary-key",
    "broken_foreign_key": "foreign-key",
    "enum": "constraint-error:enum",
    "pattern": "constraint-error:pattern",
    "maximum": "constraint-error:maximum",
    "minimum": "constraint-error:minimum",
    "date_minimum": "constraint-error:minimum",
}


def test_the_screen_passes_a_valid_package_whose_parquet_is_read_from_its_csv(tmp_path):
    assert passes_screen(_write(tmp_path, as_written=True), ROWS)


@pytest.mark.parametrize("kind", sorted(CONSISTENT))
def test_a_break_in_both_files_fails_the_screen_and_is_named(tmp_path, kind):
    folder = _write(tmp_path, **BREAKS[kind], as_written=True)
    assert not passes_screen(folder, ROWS), f"the screen lets {kind} through when both files carry it"
    assert CONSISTENT[kind] in {p.rule for p in verify_files(folder, ROWS, "parity")}


def test_text_that_could_run_as_a_formula_gets_the_closer_look(tmp_path, monkeypatch):
    # The Parquet value keeps the pattern; the CSV cell, with its apostrophe, does not.
    monkeypatch.setitem(PARENT_SCHEMA["fields"][3]["constraints"], "pattern", "=?[A-Z]{2}-[0-9]")
    folder = _write(tmp_path, parent=PARENT.replace("AB-1", "'=AB-1"), as_written=True)
    assert pq.read_table(folder / "data" / "parent.parquet")["code"][0].as_py() == "=AB-1"
    assert not passes_screen(folder, ROWS), "constraints compare the CSV's text, which the Parquet value lacks"
    assert "constraint-error:pattern" in {p.rule for p in verify_files(folder, ROWS, "parity")}
