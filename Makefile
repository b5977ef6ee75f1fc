# Set-up is part of every target: a fresh machine needs only python3, pip, make and git.
# uv (pinned, installed into .tools/) installs the locked dependencies from uv.lock into .venv/.
UV_VERSION := 0.13.8
UV := .tools/bin/uv
PY := .venv/bin/python
export UV_COMPILE_BYTECODE := 1

.PHONY: setup publish test lint validate dev bench clean serve browser

$(UV):
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --quiet
	@touch $@

# `duckdb` in .venv/bin: a wrapper on the duckdb library (no duckdb-cli wheel matches duckdb 2.0's storage version)
.venv/bin/duckdb: .venv/.synced pipelines/tools/sql.py
	printf '#!/bin/sh\nexec "%s/.venv/bin/python" "%s/pipelines/tools/sql.py" "$$@"\n' "$(CURDIR)" "$(CURDIR)" > $@
	chmod +x $@

# Pinned npm packages (package-lock.json): Natural Earth boundaries for the site's map (world-atlas), read at
# publish time, and axe-core, which the browser test injects into every page. Nothing is fetched at run time.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --silent
	@touch $@

setup: .venv/.synced .venv/bin/duckdb node_modules/.installed

## Run the whole pipeline and publish the data packages into published/
publish: setup
	$(PY) -m pipelines publish

## Run the test suite: the house rules (format, lint, import layers), then unit and integration tests
test: lint browser
	$(PY) -m pytest

## Headless Chromium for the site's browser test (Debian's package; Playwright's own download needs the internet)
browser:
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)
	@test -x /usr/bin/chromium || (echo "chromium could not be installed; the browser test needs it" >&2; exit 1)

## Serve published/ (the data website and the files) on http://127.0.0.1:8000
serve:
	python3 -m http.server 8000 --bind 127.0.0.1 --directory published

## Format and lint (ruff) and the import layer contract (import-linter), as configured in pyproject.toml
lint: setup
	.venv/bin/ruff format --check --quiet .
	.venv/bin/ruff check --quiet .
	.venv/bin/lint-imports --no-cache

## Validate the published packages with the Frictionless command line
validate: setup
	.venv/bin/frictionless validate published/eu-cluster-partnerships/latest/datapackage.json
	.venv/bin/frictionless validate published/clusterxchange/latest/datapackage.json

## End-to-end benchmark: publish vs a bare DuckDB script at 1M and 10M exchanges (not a test; prints tables)
bench: setup
	$(PY) benchmarks/end_to_end.py --rows 1000000 10000000

## Open the Dagster UI on http://127.0.0.1:3000
dev: setup
	mkdir -p build/dagster_home && cp dagster.yaml build/dagster_home/dagster.yaml
	DAGSTER_HOME=$(CURDIR)/build/dagster_home .venv/bin/dagster dev -m pipelines.definitions

clean:
	rm -rf .venv .tools build node_modules
