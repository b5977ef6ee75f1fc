"""Aggregate computed in DuckDB by pipelines/out/programme_figures.sql: the claims about ClusterXchange."""

from dataclasses import replace

from schemas.tables.claims import TABLE as CLAIMS

TABLE = replace(
    CLAIMS,
    name="programme_figures",
    title="ClusterXchange programme figures",
    description="What sources state about ClusterXchange as a whole: its rules (duration, lump sums, who may "
    "take part) and its counts of exchanges, each with its source. A subset of the partnerships package's claims.",
    register=None,
)
