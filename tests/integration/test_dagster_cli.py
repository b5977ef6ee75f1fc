"""The documented Dagster commands load the definitions without warnings, and the job runs in process."""

from __future__ import annotations

import os
import subprocess

import dagster as dg

from pipelines.definitions import ALL, defs
from pipelines.watch import assets as watch
from tests.conftest import REPO


def test_dg_check_defs_passes_without_warnings():
    env = {**os.environ, "VIRTUAL_ENV": str(REPO / ".venv")}
    done = subprocess.run(
        [str(REPO / ".venv/bin/dg"), "check", "defs"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "All definitions loaded successfully." in done.stdout + done.stderr
    assert "warning" not in (done.stdout + done.stderr).lower()


def test_the_job_runs_in_process_and_logs_progress_lines_only():
    job = defs.resolve_job_def(ALL)
    assert job.executor_def is dg.in_process_executor
    assert job.run_config["loggers"] == {"progress": {}}


def test_no_step_has_a_hook_and_every_check_runs_in_its_assets_step():
    """Each hook and each check step is a run's events written to the instance's storage one by one: the
    problem reports are written by the steps themselves, and every check is declared on its asset."""
    job = defs.resolve_job_def(ALL)
    assert not job.hook_defs
    assert not any(node.hook_defs for node in job.graph.node_dict.values())
    assert not list(defs.asset_checks or [])
    graph = defs.resolve_asset_graph()
    checked = {key.asset_key.to_user_string() for key in graph.asset_check_keys}
    assert {"core_sources", "core_exchanges", "out_coverage"} <= checked
    watched = len(watch.ASSETS)  # the watch has a job of its own
    assert len(job.graph.node_dict) == len(list(defs.assets)) - watched  # a step per asset, none per check


def test_the_documented_instance_settings_load(tmp_path):
    from dagster._core.storage.noop_compute_log_manager import NoOpComputeLogManager

    (tmp_path / "dagster.yaml").write_text((REPO / "dagster.yaml").read_text())
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert isinstance(instance.compute_log_manager, NoOpComputeLogManager)
        assert instance.telemetry_enabled is False


def test_dg_launch_runs_the_job_on_the_documented_instance(raw, tmp_path, monkeypatch):
    """The job as the daemon runs it: the README's instance settings (with the event log storage of
    pipelines/event_log.py, imported by dg from the installed project), the progress lines, a release."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text((REPO / "dagster.yaml").read_text())
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "EUCP_RAW": str(raw),
        "EUCP_PUBLISHED": str(tmp_path / "published"),
        "VIRTUAL_ENV": str(REPO / ".venv"),
    }
    done = subprocess.run(
        [str(REPO / ".venv/bin/dg"), "launch", "--job", ALL],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "  ok    check core_exchanges:matches_schema" in done.stderr
    assert "  ok    publish_catalog" in done.stderr
    assert "DEBUG" not in done.stdout + done.stderr
    assert (tmp_path / "published" / "clusterxchange" / "latest" / "datapackage.json").is_file()
    monkeypatch.setenv("DAGSTER_HOME", str(home))  # the events are under DAGSTER_HOME, as Dagster's default keeps them
    with dg.DagsterInstance.get() as instance:
        (record,) = instance.get_run_records()
        assert record.dagster_run.status == dg.DagsterRunStatus.SUCCESS
        assert type(instance.event_log_storage).__name__ == "PooledSqliteEventLogStorage"
        assert (
            instance.get_latest_materialization_event(dg.AssetKey("publish_catalog")).run_id
            == record.dagster_run.run_id
        )
