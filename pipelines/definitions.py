"""The Dagster Definitions: the layers' assets (group = layer) with their checks, resources and the job.

`dagster dev`, `dagster job execute` and `dg check defs` load `defs` (raw/ and published/, or the folders
EUCP_RAW and EUCP_PUBLISHED name); the command line and the tests build their own with `build_definitions`.

Runs execute in process: the default multiprocess executor pays a process and an import of the whole
stack per step (2 min 18 s against 5 s here). Every run logs through the progress logger (a line per asset
and check, and the steps' INFO messages), not Dagster's DEBUG console.
"""

import os
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.automation import automations, watch_schedule
from pipelines.core import assets as core
from pipelines.out import assets as out
from pipelines.progress import progress_logger
from pipelines.publish import assets as publish
from pipelines.raw import assets as raw
from pipelines.resources import REPO, FramesOnDisk, ProblemReports, PublishTarget, RawDir, TableFolder
from pipelines.watch import assets as watch

ALL = "publish_all"


def build_definitions(
    raw_dir: Path = REPO / "raw",
    published_root: Path = REPO / "published",
    warehouse: Path = REPO / "build" / "warehouse.duckdb",
    problems: Path = REPO / "build" / "problems",
    allow_shrink: bool = False,
) -> dg.Definitions:
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    job = dg.define_asset_job(
        ALL,
        selection=dg.AssetSelection.all() - dg.AssetSelection.groups(watch.GROUP),  # publishing never fetches
        description="Read raw/, check every table, publish every package.",
        executor_def=dg.in_process_executor,
        config={"loggers": {"progress": {}}},
    )
    weekly, raw_changed = automations(job)
    watch_job = watch.job()
    return dg.Definitions(
        assets=[*raw.ASSETS, *core.ASSETS, *out.ASSETS, *publish.ASSETS, *watch.ASSETS],
        jobs=[job, watch_job],
        schedules=[weekly, watch_schedule(watch_job)],
        sensors=[raw_changed],
        resources={
            "raw_dir": RawDir(root=str(raw_dir)),
            "publish_target": PublishTarget(root=str(published_root), allow_shrink=allow_shrink),
            "duckdb": DuckDBResource(database=str(warehouse)),
            "problem_reports": ProblemReports(root=str(problems)),
            "io_manager": FramesOnDisk(root=str(warehouse.parent / "frames")),
            "tables": TableFolder(root=str(warehouse.parent / "tables")),
        },
        loggers={"progress": progress_logger},
        executor=dg.in_process_executor,
    )


defs = build_definitions(
    Path(os.environ.get("EUCP_RAW", REPO / "raw")), Path(os.environ.get("EUCP_PUBLISHED", REPO / "published"))
)
