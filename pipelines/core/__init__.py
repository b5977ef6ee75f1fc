"""Layer 2, core: typing, ids and source references from the table definitions, the checks every table
must pass, the core_* assets and the DuckDB warehouse."""
