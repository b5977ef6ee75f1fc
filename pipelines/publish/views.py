"""views.sql: DuckDB views over a package's Parquet files, so a user can `.read views.sql` and query tables by name.

Paths are relative to the package folder (DuckDB resolves them against the working directory), so the file
works wherever the package was downloaded to: run DuckDB from the package folder.
"""

from __future__ import annotations

from schemas.packages import PackageSpec


def views_sql(spec: PackageSpec, version: str) -> str:
    lines = [
        f"-- {spec.title} {version}: one DuckDB view per table, over its Parquet file.",
        "-- From this folder: `duckdb` then `.read views.sql`, or in Python:",
        "--   duckdb.connect().execute(open('views.sql').read())",
        "",
    ]
    for t in spec.tables:
        lines.append(f"CREATE OR REPLACE VIEW \"{t.name}\" AS SELECT * FROM read_parquet('data/{t.name}.parquet');")
    return "\n".join(lines) + "\n"
