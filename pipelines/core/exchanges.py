"""Exchanges from the data holders' registers: typed, with ids, working days and sources derived."""

from __future__ import annotations

import hashlib

import polars as pl

from pipelines.core.build import Built, conform, typed
from schemas import TABLES


def build_exchanges(raw_frame: pl.DataFrame, manifest: pl.DataFrame) -> Built:
    """Ids and working days derived where a register lacks them; each row's source is the manifest entry
    that lists its register file."""
    table = TABLES["exchanges"]
    frame, problems = typed(table, raw_frame)
    weekdays = pl.business_day_count("start_date", pl.col("end_date") + pl.duration(days=1))
    facts = ("partnership_id", "visiting_organisation", "host_organisation", pl.col("start_date").cast(pl.String))
    key = pl.concat_str(*facts, separator="|", ignore_nulls=True)
    frame = frame.with_columns(
        working_days=pl.coalesce(
            "working_days", pl.when(pl.col("end_date") >= pl.col("start_date")).then(weekdays.cast(pl.Int64))
        ),
        exchange_id=pl.coalesce("exchange_id", pl.lit("x-") + key.map_batches(_hashes, return_dtype=pl.String)),
    )
    files = manifest.select(pl.col("register").alias("raw_file"), pl.col("id").alias("source_id"))
    frame = frame.join(files, on="raw_file", how="left")  # raw_exchanges reads listed registers only
    return conform(table, frame), problems


def _hashes(keys: pl.Series) -> pl.Series:
    return keys.map_elements(lambda k: hashlib.sha256(k.encode("utf-8")).hexdigest()[:12], return_dtype=pl.String)
