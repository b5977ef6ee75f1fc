-- EU cluster partnerships 5.0.0: one DuckDB view per table, over its Parquet file.
-- From this folder: `duckdb` then `.read views.sql`, or in Python:
--   duckdb.connect().execute(open('views.sql').read())

CREATE OR REPLACE VIEW "sources" AS SELECT * FROM read_parquet('data/sources.parquet');
CREATE OR REPLACE VIEW "documents" AS SELECT * FROM read_parquet('data/documents.parquet');
CREATE OR REPLACE VIEW "programmes" AS SELECT * FROM read_parquet('data/programmes.parquet');
CREATE OR REPLACE VIEW "calls" AS SELECT * FROM read_parquet('data/calls.parquet');
CREATE OR REPLACE VIEW "generations" AS SELECT * FROM read_parquet('data/generations.parquet');
CREATE OR REPLACE VIEW "partnerships" AS SELECT * FROM read_parquet('data/partnerships.parquet');
CREATE OR REPLACE VIEW "organisations" AS SELECT * FROM read_parquet('data/organisations.parquet');
CREATE OR REPLACE VIEW "partnership_members" AS SELECT * FROM read_parquet('data/partnership_members.parquet');
CREATE OR REPLACE VIEW "statements" AS SELECT * FROM read_parquet('data/statements.parquet');
CREATE OR REPLACE VIEW "evidence_by_table" AS SELECT * FROM read_parquet('data/evidence_by_table.parquet');
CREATE OR REPLACE VIEW "source_checks" AS SELECT * FROM read_parquet('data/source_checks.parquet');
CREATE OR REPLACE VIEW "partnerships_by_programme" AS SELECT * FROM read_parquet('data/partnerships_by_programme.parquet');
CREATE OR REPLACE VIEW "members_by_country" AS SELECT * FROM read_parquet('data/members_by_country.parquet');
CREATE OR REPLACE VIEW "country_pairs" AS SELECT * FROM read_parquet('data/country_pairs.parquet');
CREATE OR REPLACE VIEW "claims" AS SELECT * FROM read_parquet('data/claims.parquet');
CREATE OR REPLACE VIEW "claim_conflicts" AS SELECT * FROM read_parquet('data/claim_conflicts.parquet');
CREATE OR REPLACE VIEW "coverage" AS SELECT * FROM read_parquet('data/coverage.parquet');
