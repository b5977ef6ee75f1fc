-- ClusterXchange: short exchanges between EU clusters 3.1.0: one DuckDB view per table, over its Parquet file.
-- From this folder: `duckdb` then `.read views.sql`, or in Python:
--   duckdb.connect().execute(open('views.sql').read())

CREATE OR REPLACE VIEW "sources" AS SELECT * FROM read_parquet('data/sources.parquet');
CREATE OR REPLACE VIEW "cosme_countries" AS SELECT * FROM read_parquet('data/cosme_countries.parquet');
CREATE OR REPLACE VIEW "exchange_partnerships" AS SELECT * FROM read_parquet('data/exchange_partnerships.parquet');
CREATE OR REPLACE VIEW "exchanges" AS SELECT * FROM read_parquet('data/exchanges.parquet');
CREATE OR REPLACE VIEW "exchange_events" AS SELECT * FROM read_parquet('data/exchange_events.parquet');
CREATE OR REPLACE VIEW "programme_figures" AS SELECT * FROM read_parquet('data/programme_figures.parquet');
CREATE OR REPLACE VIEW "exchanges_by_year_mode" AS SELECT * FROM read_parquet('data/exchanges_by_year_mode.parquet');
CREATE OR REPLACE VIEW "exchange_flows" AS SELECT * FROM read_parquet('data/exchange_flows.parquet');
CREATE OR REPLACE VIEW "exchange_durations" AS SELECT * FROM read_parquet('data/exchange_durations.parquet');
CREATE OR REPLACE VIEW "exchanges_by_partnership" AS SELECT * FROM read_parquet('data/exchanges_by_partnership.parquet');
CREATE OR REPLACE VIEW "exchange_lump_sums" AS SELECT * FROM read_parquet('data/exchange_lump_sums.parquet');
