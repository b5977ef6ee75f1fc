"""The whole pipeline: it publishes a valid, typed, reproducible package, or nothing at all."""

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import dagster as dg
import duckdb
import pyarrow.parquet as pq
import yaml
from frictionless import validate

from pipelines.__main__ import run
from pipelines.definitions import ALL, build_definitions, defs
from schemas import AGGREGATE_TABLES
from schemas.packages import PARTNERSHIPS
from tests.conftest import REPO, edit_csv, find_row, profile_errors, run_pipeline

PACKAGE = PARTNERSHIPS.name
AGGREGATES = {t.name for t in AGGREGATE_TABLES}


def _files(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` (links as their targets), but the lock file, which says nothing."""
    out = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            rel = str(path.relative_to(folder))
            if path.is_symlink():
                out[rel] = os.readlink(path).encode()
            elif path.is_file() and name != ".publish.lock":
                out[rel] = path.read_bytes()
    return out


def test_definitions_load_with_every_layer_and_a_blocking_check_per_table():
    dg.Definitions.validate_loadable(defs)
    graph = defs.resolve_asset_graph()
    groups = {k.to_user_string(): graph.get(k).group_name for k in graph.get_all_asset_keys()}
    assert groups["raw_calls"] == "raw" and groups["core_partnerships"] == "core"
    assert groups["out_country_pairs"] == "out" and groups["publish_eu_cluster_partnerships"] == "publish"
    checks = {(c.asset_key.to_user_string(), c.name) for c in graph.asset_check_keys}
    assert {
        (f"{'out' if t.name in AGGREGATES else 'core'}_{t.name}", "matches_schema") for t in PARTNERSHIPS.tables
    } <= checks


def test_published_package_passes_frictionless_validation(release):
    report = validate(str(release.published / PACKAGE / "latest" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_descriptor_has_hashes_sizes_keys_and_a_created_date_from_the_inputs(release):
    descriptor = json.loads((release.published / PACKAGE / "latest" / "datapackage.json").read_text())
    accessed = [
        str(s["accessed"])
        for s in yaml.safe_load((REPO / "raw/sources.yaml").read_text())["sources"]
        if s.get("accessed")
    ]
    assert descriptor["created"] == f"{max(accessed)}T00:00:00Z"  # when the sources were read, not the build time
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    by_name = {r["name"]: r for r in descriptor["resources"]}
    assert set(by_name) == {t.name for t in PARTNERSHIPS.tables}
    members = by_name["partnership_members"]
    assert members["schema"]["primaryKey"] == ["partnership_id", "organisation_id"]
    assert {
        "fields": ["organisation_id"],
        "reference": {"resource": "organisations", "fields": ["organisation_id"]},
    } in members["schema"]["foreignKeys"]
    for r in descriptor["resources"] + [r["parquet"] for r in descriptor["resources"]]:
        path = release.published / PACKAGE / "latest" / r["path"]
        assert not Path(r["path"]).is_absolute()
        assert r["bytes"] == path.stat().st_size and re.fullmatch(r"sha256:[0-9a-f]{64}", r["hash"])
    assert by_name["partnerships"]["parquet"]["mediatype"] == "application/vnd.apache.parquet"


def test_parquet_files_open_in_duckdb_with_proper_types(release):
    data = release.published / PACKAGE / "latest" / "data"
    con = duckdb.connect()
    types = dict(
        con.execute(
            f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '{data}/partnerships.parquet')"
        ).fetchall()
    )
    assert types["start_date"] == "DATE"
    assert types["eu_contribution_eur"] == "DECIMAL(15,2)"
    assert types["target_countries"] == "VARCHAR[]"
    assert types["duration_months"] == "BIGINT"
    row = con.execute(
        "SELECT eu_contribution_eur, total_budget_eur, target_countries, start_date "
        f"FROM '{data}/partnerships.parquet' WHERE acronym = 'eT4S'"
    ).fetchone()
    assert [str(row[0]), str(row[1]), row[2], str(row[3])] == [
        "448815.00",
        "498686.00",
        ["US", "SG", "CN"],
        "2020-09-01",
    ]
    assert pq.ParquetFile(data / "calls.parquet").metadata.row_group(0).column(0).compression == "ZSTD"


def test_csv_and_parquet_hold_the_same_rows(release):
    data = release.published / PACKAGE / "latest" / "data"
    con = duckdb.connect()
    for t in PARTNERSHIPS.tables:
        lists = [f.name for f in t.all_fields if f.kind.is_list]
        cols = ", ".join(
            f"array_to_string({c}, ';') AS {c}" if c in lists else f"{c}::VARCHAR AS {c}" for c in t.column_names
        )
        parquet = con.execute(f"SELECT {cols} FROM '{data}/{t.name}.parquet'").fetchall()
        csv_cols = ", ".join(f"{c}::VARCHAR AS {c}" for c in t.column_names)
        csv = con.execute(f"SELECT {csv_cols} FROM read_csv('{data}/{t.name}.csv', all_varchar=true)").fetchall()
        normalise = lambda rows: sorted(tuple(v if v != "" else None for v in r) for r in rows)  # noqa: E731
        assert normalise(parquet) == normalise(csv), t.name


def test_a_second_run_into_an_empty_folder_is_byte_identical(release, tmp_path):
    again = run_pipeline(Path(shutil.copytree(release.published.parent / "raw", tmp_path / "raw")), tmp_path / "out")
    assert again.success, again.report
    assert _files(tmp_path / "out") == _files(release.published)


def test_the_committed_release_is_what_the_pipeline_makes_of_raw(tmp_path):
    committed = Path(shutil.copytree(REPO / "published", tmp_path / "published", symlinks=True))
    before = _files(committed)
    raw = Path(shutil.copytree(REPO / "raw", tmp_path / "raw"))
    assert run_pipeline(raw, committed).success
    assert _files(committed) == before, "published/ is stale: run `make publish` and commit"


def test_a_failed_run_publishes_nothing_and_leaves_the_previous_release_untouched(raw, tmp_path):
    out = tmp_path / "published"
    assert run_pipeline(raw, out).success
    before = _files(out)
    partnerships = raw / "registers/partnerships.csv"
    edit_csv(partnerships, find_row(partnerships, "acronym", "BLUES"), end_date="2019-01")
    run = run_pipeline(raw, out)
    assert not run.success
    assert _files(out) == before
    assert not list(out.glob(".staging-*"))


def test_the_command_line_reports_problems_and_exits_non_zero(raw, tmp_path, capsys):
    organisations = raw / "registers/organisations.csv"
    row = find_row(organisations, "organisation", "CenSec")
    edit_csv(organisations, row, source="a-page-nobody-listed")
    assert run(raw, tmp_path / "out", tmp_path / "problems") == 1
    err = capsys.readouterr().err
    assert "Nothing was published" in err
    assert f"registers/organisations.csv, row {row}, column 'source'" in err
    assert not (tmp_path / "out" / PACKAGE).exists()
    report = tmp_path / "problems" / "core_organisations.csv"
    assert f"Every problem, one per row:\n  {report}" in err
    lines = report.read_text().splitlines()
    assert lines[0] == "file,sheet,row,column,rule,message"
    assert f"registers/organisations.csv,,{row},source,unknown_source," in "\n".join(lines)


def test_a_step_that_cannot_read_raw_writes_every_problem_and_says_where(raw, tmp_path):
    path = raw / "registers/programmes.csv"
    path.write_text(path.read_text().replace("framework", "frame_work", 1))
    defs = build_definitions(raw, tmp_path / "out", tmp_path / "warehouse.duckdb", tmp_path / "problems")
    result = defs.resolve_job_def(ALL).execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
    report = tmp_path / "problems" / "raw_programmes.csv"
    assert "registers/programmes.csv,,1,framework,missing_column," in report.read_text()
    failure = next(e for e in result.all_events if e.event_type_value == "STEP_FAILURE")
    assert failure.step_key == "raw_programmes"
    assert failure.step_failure_data.user_failure_data.metadata["all_problems"].value == str(report)


def test_the_readme_duckdb_one_liners_run_as_written():
    readme = (REPO / "README.md").read_text()
    commands = [line.strip() for line in readme.splitlines() if line.strip().startswith(".venv/bin/duckdb -c")]
    assert len(commands) >= 3
    for command in commands:
        done = subprocess.run(shlex.split(command), cwd=REPO, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, (command, done.stderr)
        assert done.stdout.strip(), command


def _load_section() -> str:
    readme = (REPO / "README.md").read_text()
    return readme[readme.index("## Load the data") : readme.index("\n## ", readme.index("## Load the data") + 1)]


def test_the_readme_loading_examples_run_in_the_package_folder(release, monkeypatch, capsys):
    """DuckDB (views.sql), Polars and pandas, as the README writes them, on a fresh release."""
    folder = release.published / PACKAGE / "latest"
    monkeypatch.chdir(folder)
    blocks = re.findall(r"```python\n(.*?)```", _load_section(), flags=re.S)
    assert len(blocks) == 3
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
        assert capsys.readouterr().out.strip(), block
    import pandas as pd

    assert str(
        pd.read_parquet("data/partnerships.parquet", dtype_backend="pyarrow")["duration_months"].dtype
    ).startswith("int")
    commands = [line.strip() for line in _load_section().splitlines() if line.strip().startswith("../../../.venv")]
    assert len(commands) >= 2
    for command in commands:
        args = shlex.split(command.replace("../../../.venv", str(REPO / ".venv"), 1))
        done = subprocess.run(args, cwd=folder, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and done.stdout.strip(), (command, done.stderr)


def test_descriptors_pass_the_official_data_package_v2_profile(release):
    import jsonschema

    profile = json.loads((REPO / "tests/standards/datapackage-2.0/datapackage.json").read_text())
    for package in ("eu-cluster-partnerships", "clusterxchange"):
        descriptor = json.loads((release.published / package / "latest" / "datapackage.json").read_text())
        errors = profile_errors(jsonschema.Draft7Validator(profile), descriptor)
        assert errors == [], package
