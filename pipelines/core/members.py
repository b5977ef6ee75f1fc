"""Partnership members and the organisations they name, both from the partnership members register."""

from __future__ import annotations

import polars as pl

from pipelines.core.build import conform, problems_where, typed
from pipelines.problems import Problem
from schemas import TABLES

_COORDINATOR_WORDS = ("coordinator", "lead", "leader")


def build_members(raw_frame: pl.DataFrame, sources: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, list[Problem]]:
    """partnership_members and the organisations they name (each once, under its curated name)."""
    frame, problems = typed(TABLES["partnership_members"], raw_frame, sources)
    role = pl.col("role").str.to_lowercase()
    frame = frame.with_columns(
        organisation_name=pl.col("organisation").str.strip_chars(),
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

    # One country per organisation: rows that state one must agree.
    countries = (
        frame.filter(pl.col("country").is_not_null())
        .group_by("organisation_id")
        .agg(pl.col("country").unique().sort().alias("_countries"))
    )
    conflicting = frame.join(countries.filter(pl.col("_countries").list.len() > 1), on="organisation_id")
    problems += problems_where(
        conflicting,
        pl.col("country").is_not_null(),
        "country",
        "one_country_per_organisation",
        lambda r: f"{r['organisation_name']!r} is given the countries {', '.join(r['_countries'])} in different rows",
    )
    names = frame.group_by("organisation_id").agg(pl.col("organisation_name").unique().sort().alias("_names"))
    clashing = frame.join(names.filter(pl.col("_names").list.len() > 1), on="organisation_id")
    problems += problems_where(
        clashing,
        pl.lit(True),
        "organisation",
        "one_name_per_id",
        lambda r: f"the names {r['_names']} all give the id {r['organisation_id']!r}; write one name the same way",
    )

    first = frame.sort("raw_row").group_by("organisation_id", maintain_order=True).first()
    stated = frame.group_by("organisation_id").agg(pl.col("country").drop_nulls().first().alias("_country"))
    organisations = first.join(stated, on="organisation_id").with_columns(
        name=pl.col("organisation_name"), country=pl.col("_country")
    )
    return (
        conform(TABLES["partnership_members"], frame),
        conform(TABLES["organisations"], organisations),
        problems,
    )
