"""The documented Dagster commands load the definitions without warnings, and the job runs in process."""

from __future__ import annotations

import os
import subprocess

import dagster as dg

from pipelines.definitions import ALL, defs
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
    assert len(job.graph.node_dict) == len(list(defs.assets))  # a step per asset, none per check


def test_the_documented_instance_settings_load(tmp_path):
    from dagster._core.storage.noop_compute_log_manager import NoOpComputeLogManager

    (tmp_path / "dagster.yaml").write_text((REPO / "dagster.yaml").read_text())
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert isinstance(instance.compute_log_manager, NoOpComputeLogManager)
        assert instance.telemetry_enabled is False
