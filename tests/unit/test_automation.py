"""Schedule, sensor and the vendored DCAT-AP shapes, without a pipeline run."""

import shutil
from pathlib import Path

import dagster as dg
import pytest

from pipelines.automation import raw_fingerprint
from pipelines.definitions import defs
from pipelines.resources import RawDir
from tests.conftest import REPO

SHAPES = REPO / "tests" / "standards" / "dcat-ap-3.0.1"  # vendored copies of the official shapes
SHARED = REPO.parent / "shared" / "standards" / "dcat-ap-3.0.1"


@pytest.mark.skipif(not SHARED.is_dir(), reason="the project's shared standards folder is not beside this clone")
def test_the_vendored_shapes_are_the_official_ones():
    for name in ("shapes.ttl", "range.ttl", "shapes_recommended.ttl"):
        assert (SHAPES / name).read_bytes() == (SHARED / name).read_bytes(), name


def test_the_weekly_schedule_requests_a_run_of_the_whole_job():
    schedule = defs.resolve_schedule_def("weekly_publish")
    assert schedule.cron_schedule == "0 6 * * 1" and schedule.job_name == "publish_all"
    result = schedule.evaluate_tick(dg.build_schedule_context(scheduled_execution_time=None))
    assert len(result.run_requests) == 1


def test_the_sensor_starts_a_run_when_raw_changes(tmp_path):
    raw = Path(shutil.copytree(REPO / "raw", tmp_path / "raw"))
    sensor = defs.resolve_sensor_def("raw_changed")
    resources = {"raw_dir": RawDir(root=str(raw))}

    def tick(cursor):
        with dg.build_sensor_context(cursor=cursor, resources=resources) as context:
            return sensor.evaluate_tick(context)

    first = tick(None)
    assert len(first.run_requests) == 1 and first.cursor == raw_fingerprint(RawDir(root=str(raw)))
    assert tick(first.cursor).run_requests == [] and "as it was" in tick(first.cursor).skip_message
    (raw / "registers" / "partnerships.csv").write_text((raw / "registers" / "partnerships.csv").read_text() + "\n")
    changed = tick(first.cursor)
    assert len(changed.run_requests) == 1 and changed.cursor != first.cursor
    (raw / "documents" / "new.txt").write_text("added", encoding="utf-8")
    assert len(tick(changed.cursor).run_requests) == 1
