"""Partnership members from their register: roles in one vocabulary, each source's wording kept."""

from __future__ import annotations

import polars as pl

from pipelines.core.build import Built, conform, problems_where, typed
from schemas import TABLES

_COORDINATOR_WORDS = ("coordinator", "lead", "leader")


def build_members(raw_frame: pl.DataFrame, sources: pl.DataFrame) -> Built:
    """partnership_members, each naming an organisation of the organisations register by its curated name."""
    frame, problems = typed(TABLES["partnership_members"], raw_frame, sources)
    role = pl.col("role").str.to_lowercase()
    frame = frame.with_columns(
        # The source's wording is kept; where the curator did not repeat it, it is the curated name.
        name_in_source=pl.coalesce("name_in_source", pl.col("organisation").str.strip_chars()),
        role=pl.when(role.is_in(_COORDINATOR_WORDS)).then(pl.lit("coordinator")).otherwise(role),
    )
    problems += problems_where(
        frame,
        pl.col("organisation_id").is_null() | (pl.col("organisation_id") == ""),
        "organisation",
        "required",
        lambda r: "every member row names an organisation",
    )
    return conform(TABLES["partnership_members"], frame), problems
