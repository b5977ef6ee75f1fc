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
