"""The benchmark's bare DuckDB reference script keeps working as the pipeline's SQL changes.

`make bench` is not a test, so nothing else would notice the reference falling out of step with the
aggregates it borrows from pipelines/out/ (as it did when exchange events were added).
"""

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("rows", [300])
def test_the_reference_script_runs_on_a_synthetic_register(tmp_path, rows):
    register = tmp_path / "register.csv"
    made = subprocess.run(
        [sys.executable, "-m", "pipelines", "synthetic", str(register), "--rows", str(rows), "--dates", "iso"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    ran = subprocess.run(
        [sys.executable, str(REPO / "benchmarks/reference_duckdb.py"), str(register), str(tmp_path / "out")],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
    written = {p.name for p in (tmp_path / "out").iterdir()}
    assert {"exchanges.parquet", "exchanges.csv", "exchanges_by_partnership.csv"} <= written
