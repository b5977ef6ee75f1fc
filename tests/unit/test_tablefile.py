"""A table on disk (the exchanges at any size) is built, checked and written exactly as a frame would be.

Each test runs the on-disk path in batches of a few rows, so every batch boundary is crossed, and
compares it with the in-memory path on the same rows: same rows, same problems, same bytes.
"""

from __future__ import annotations

import polars as pl
import pyarrow.parquet as pq
import pytest

from pipelines import tablefile
from pipelines.core.exchanges import build_exchanges, build_exchanges_file
from pipelines.core.validation import check_table
from pipelines.publish.package import write_csv, write_parquet
from pipelines.tablefile import TableFile, in_order
from schemas import TABLES
from tests.conftest import EXCHANGES, synthetic

SOURCES = pl.DataFrame({"source_id": ["synthetic"], "url": [None]}, schema={"source_id": pl.String, "url": pl.String})


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    monkeypatch.setattr(tablefile, "BATCH_ROWS", 7)
    monkeypatch.setattr(tablefile, "BUCKET_ROWS", 10)  # 40 rows: four key ranges, sorted one by one


def raw_register(rows: int = 40, **kwargs) -> pl.DataFrame:
    """Exchange register rows as the raw layer hands them over: text cells with file and row."""
    made = synthetic(rows, seed=3, dates="mixed", **kwargs).frame
    text = made.select(pl.all().cast(pl.String))
    columns = [f.name for f in EXCHANGES.read_fields]
    return text.select(
        *(pl.col(c) if c in text.columns else pl.lit(None, pl.String).alias(c) for c in columns),
        raw_file=pl.lit("exchanges/r.csv"),
        raw_sheet=pl.lit(None, pl.String),
        raw_row=pl.int_range(2, pl.len() + 2, dtype=pl.Int64),
    )


def on_disk(frame: pl.DataFrame, folder) -> TableFile:
    folder.mkdir(parents=True, exist_ok=True)
    frame.write_parquet(folder / "part.parquet")
    return TableFile((str(folder / "part.parquet"),), frame.height)


MANIFEST = pl.DataFrame({"id": ["synthetic"], "register": ["exchanges/r.csv"]})


def test_batches_cover_every_row_in_order_and_an_empty_table_keeps_its_columns(tmp_path):
    frame = pl.DataFrame({"a": list(range(20))})
    data = on_disk(frame, tmp_path / "t")
    assert [b.height for b in data.batches()] == [7, 7, 6]
    assert data.collect().equals(frame) and data.height == 20
    empty = on_disk(frame.clear(), tmp_path / "e")
    assert [b.columns for b in empty.batches()] == [["a"]]


def test_exchanges_built_on_disk_equal_those_built_in_memory(tmp_path):
    raw = raw_register()
    in_memory, problems = build_exchanges(raw, MANIFEST, SOURCES)
    built, found = build_exchanges_file(on_disk(raw, tmp_path / "raw"), MANIFEST, SOURCES, tmp_path / "core")
    assert problems == found == []
    assert built.collect().equals(in_memory)  # sorted by key, typed as published
    assert pq.read_schema(built.paths[0]).equals(pq.read_schema(_parquet_of(in_memory, tmp_path)))


def test_keys_arriving_in_order_overfill_a_range_which_is_then_sorted_out_of_core(tmp_path, monkeypatch):
    monkeypatch.setattr(tablefile, "BUCKET_ROWS", 4)  # ten ranges cut from the first 7 keys: the rest overfill one
    raw = raw_register()
    in_memory, _ = build_exchanges(raw, MANIFEST, SOURCES)
    ordered = raw.with_columns(exchange_id=pl.format("id-{}", pl.col("raw_row").cast(pl.String).str.zfill(3)))
    built, _ = build_exchanges_file(on_disk(ordered, tmp_path / "raw"), MANIFEST, SOURCES, tmp_path / "core")
    assert built.collect()["exchange_id"].to_list() == sorted(ordered["exchange_id"].to_list())
    assert built.collect().drop("exchange_id").sort("raw_row").equals(in_memory.drop("exchange_id").sort("raw_row"))


def _parquet_of(frame: pl.DataFrame, tmp_path) -> str:
    path = tmp_path / "memory.parquet"
    write_parquet(EXCHANGES, frame, path)
    return str(path)


def test_written_files_are_byte_for_byte_those_of_the_frame(tmp_path, monkeypatch):
    """CSV always; Parquet when the table is one key range (its row groups are the ranges), as the real
    exchanges are today: so the published files did not change when the exchanges moved to disk."""
    monkeypatch.setattr(tablefile, "BUCKET_ROWS", 100)
    frame, _ = build_exchanges(raw_register(), MANIFEST, SOURCES)
    data, _ = build_exchanges_file(on_disk(raw_register(), tmp_path / "raw"), MANIFEST, SOURCES, tmp_path / "core")
    for suffix, write in ((".csv", write_csv), (".parquet", write_parquet)):
        write(EXCHANGES, frame, tmp_path / f"frame{suffix}")
        write(EXCHANGES, data, tmp_path / f"file{suffix}")
        assert (tmp_path / f"frame{suffix}").read_bytes() == (tmp_path / f"file{suffix}").read_bytes(), suffix


def _broken(frame: pl.DataFrame) -> pl.DataFrame:
    """One row breaking each kind of rule: a duplicate key and organisation (rows far apart, in other batches),
    the same organisation in another case, a bad enum, an end before its start, a dangling partnership."""
    rows = frame.with_row_index("_i")
    first = rows.filter(pl.col("_i") == 0)
    return (
        rows.with_columns(
            exchange_id=pl.when(pl.col("_i") == 30).then(pl.lit(first["exchange_id"][0])).otherwise("exchange_id"),
            visiting_organisation=pl.when(pl.col("_i") == 25)
            .then(pl.lit(first["visiting_organisation"][0]))
            .when(pl.col("_i") == 12)
            .then(pl.lit(first["visiting_organisation"][0].upper()))
            .otherwise("visiting_organisation"),
            mode=pl.when(pl.col("_i") == 3).then(pl.lit("teleport")).otherwise("mode"),
            end_date=pl.when(pl.col("_i") == 5).then(pl.col("start_date") - pl.duration(days=2)).otherwise("end_date"),
            partnership_id=pl.when(pl.col("_i") == 9).then(pl.lit("nowhere")).otherwise("partnership_id"),
        )
        .drop("_i")
        .sort("exchange_id")
    )


def test_a_table_on_disk_is_rejected_for_everything_its_frame_is(tmp_path):
    frame, _ = build_exchanges(raw_register(), MANIFEST, SOURCES)
    broken = _broken(frame)
    referenced = {
        "exchange_partnerships": pl.DataFrame({"partnership_id": frame["partnership_id"].unique().to_list()}),
        "cosme_countries": pl.DataFrame({"country": ["FR", "DE", "FI", "IT", "ES", "PL"]}),
        "sources": pl.DataFrame({"source_id": ["synthetic"]}),
    }
    referenced = {fk.table: referenced[fk.table] for fk in EXCHANGES.foreign_keys if fk.table != "exchanges"}
    expected = sorted(check_table(EXCHANGES, broken, referenced))
    found = sorted(check_table(EXCHANGES, on_disk(broken, tmp_path / "t"), referenced))
    rules = {p.rule for p in expected}
    assert {"unique", "unique_ignoring_case", "allowed_values", "end_not_before_start", "foreign_key"} <= rules
    assert found == expected


def test_the_warehouse_reads_a_table_on_disk_through_a_view(tmp_path):
    data = on_disk(pl.DataFrame({"a": [1, 2, 3]}), tmp_path / "t")
    con = tablefile.connect(tmp_path / "db")
    assert con.execute(f"SELECT sum(a) FROM {data.sql()}").fetchone()[0] == 6
    assert TABLES["exchanges"].primary_key == ("exchange_id",)


def test_a_register_broken_on_every_row_stops_after_a_bounded_number_of_problems(tmp_path, monkeypatch):
    from pipelines.core import exchanges

    monkeypatch.setattr(exchanges, "MAX_PROBLEMS", 10)
    raw = raw_register().with_columns(start_date=pl.lit("next week"))  # 40 rows, each a bad date
    built, problems = build_exchanges_file(on_disk(raw, tmp_path / "raw"), MANIFEST, SOURCES, tmp_path / "core")
    assert built is None
    assert len(problems) == 11 and problems[-1].rule == "too_many_problems"
    assert problems[-1].file == "exchanges/r.csv"  # the register, not a file of the pipeline's own
    assert {p.rule for p in problems[:10]} == {"type"} and all(p.row is not None for p in problems[:10])


def _located(tmp_path, **columns) -> TableFile:
    rows = len(next(iter(columns.values())))
    frame = pl.DataFrame(columns).with_columns(
        raw_file=pl.lit("r.csv"), raw_sheet=pl.lit(None, pl.String), raw_row=pl.int_range(2, rows + 2)
    )
    return on_disk(frame, tmp_path / "t")


def test_repeated_values_are_told_from_a_hash_of_them_and_located_exactly(tmp_path, monkeypatch):
    """The pass over all rows compares hashes of the lower-cased values, lower-cased by DuckDB as the located
    check does ('İ' is 'i' there, not in Polars); a hash that merely collides reports nothing."""
    from pipelines.core import validation

    clean = _located(tmp_path / "a", exchange_id=["x-1", "X-2", None, None], visiting_organisation=["a", "b", "c", "d"])
    assert validation.check_unique_file(EXCHANGES, clean) == []
    monkeypatch.setattr(validation, "_repeats", lambda hashes: True)  # every hash collides
    assert validation.check_unique_file(EXCHANGES, clean) == []
    monkeypatch.undo()
    clash = _located(tmp_path / "b", exchange_id=["x-1", "x-2", "x-3"], visiting_organisation=["İ", "b", "i"])
    found = validation.check_unique_file(EXCHANGES, clash)
    assert [(p.row, p.column, p.rule) for p in found] == [
        (2, "visiting_organisation", "unique_ignoring_case"),
        (4, "visiting_organisation", "unique_ignoring_case"),
    ]


def test_a_key_of_several_columns_repeated_is_located(tmp_path):
    from pipelines.core import validation

    members = TABLES["partnership_members"]
    data = _located(tmp_path, partnership_id=["p", "p", "q", None], organisation_id=["o", "o", "o", "o"])
    found = validation.check_unique_file(members, data)
    assert [(p.row, p.column, p.rule) for p in found] == [
        (2, "partnership_id, organisation_id", "primary_key"),
        (3, "partnership_id, organisation_id", "primary_key"),
    ]


@pytest.mark.parametrize(
    ("column", "value", "rule"),
    [
        ("mode", pl.lit("teleport"), "allowed_values"),
        ("group_size", pl.lit(0, pl.Int64), "minimum"),
        ("end_date", pl.col("start_date") - pl.duration(days=2), "end_not_before_start"),
        ("working_days", pl.lit(1, pl.Int64), "at_least_3_working_days"),
        ("reported", pl.lit(None, pl.Boolean), "required"),
        ("partnership_id", pl.lit("nowhere"), "foreign_key"),
        ("visiting_country", pl.lit("US"), "cosme_country"),
    ],
)
def test_one_row_breaking_one_rule_fails_the_pass_over_the_whole_file(tmp_path, column, value, rule):
    """The check of a file passes on the pass over all rows alone only if no row breaks anything the batches
    would find: one bad row is enough to have the batches locate it."""
    frame, _ = build_exchanges(raw_register(), MANIFEST, SOURCES)
    broken = frame.with_columns(
        pl.when(pl.int_range(pl.len()) == 17).then(value).otherwise(pl.col(column)).alias(column)
    )
    referenced = {
        "exchange_partnerships": pl.DataFrame({"partnership_id": frame["partnership_id"].unique().to_list()}),
        "cosme_countries": pl.DataFrame({"country": frame["visiting_country"].unique().to_list()}),
        "sources": pl.DataFrame({"source_id": ["synthetic"]}),
    }
    found = check_table(EXCHANGES, on_disk(broken, tmp_path / "t"), referenced)
    assert rule in {p.rule for p in found}
    assert found == check_table(EXCHANGES, broken, referenced)


def test_in_order_keeps_the_order_and_reads_no_more_items_ahead_than_queued():
    taken = []

    def items():
        for i in range(20):
            taken.append(i)
            yield i

    results = in_order(lambda i: i * i, items(), ahead=2, queued=6)
    assert next(results) == 0
    assert len(taken) == 6  # six submitted before the first result, not all twenty
    assert list(results) == [i * i for i in range(1, 20)]
    assert next(in_order(lambda i: i, iter(range(10)), ahead=2)) == 0
