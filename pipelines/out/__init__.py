"""Layer 3, out: aggregates, each a DuckDB query (`<table>.sql`) over the warehouse."""
