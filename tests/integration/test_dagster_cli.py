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


def test_problem_reports_hook_is_on_the_steps_that_raise_invalid_data_only():
    from pipelines.core.checks import CHECKS
    from pipelines.definitions import report_problems
    from pipelines.out.assets import ASSETS as OUT

    hooked = {key.to_user_string() for a in defs.assets if report_problems in a.hook_defs for key in a.keys}
    assert {"raw_sources", "raw_documents", "core_organisations", "publish_catalog"} <= hooked
    assert not hooked & {key.to_user_string() for a in OUT for key in a.keys}
    assert not any(c.hook_defs for c in CHECKS if hasattr(c, "hook_defs"))
    assert not defs.resolve_job_def(ALL).hook_defs  # not on the job: a hook logs an event for every step


def test_the_documented_instance_settings_load(tmp_path):
    from dagster._core.storage.noop_compute_log_manager import NoOpComputeLogManager

    (tmp_path / "dagster.yaml").write_text((REPO / "dagster.yaml").read_text())
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert isinstance(instance.compute_log_manager, NoOpComputeLogManager)
        assert instance.telemetry_enabled is False
