"""The Dagster Definitions: assets, checks, resources and the job that runs them all.

`dagster dev` and `dagster definitions validate` load `defs`; the command line and the tests build
their own with `build_definitions`, pointed at other folders.
"""

from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.assets import core, out, publish, raw
from pipelines.assets.checks import CHECKS
from pipelines.automation import automations
from pipelines.progress import progress_logger
from pipelines.resources import REPO, PublishTarget, RawFiles

ALL = "publish_all"


def build_definitions(
    raw_root: Path = REPO / "raw",
    published_root: Path = REPO / "published",
    warehouse: Path = REPO / "build" / "warehouse.duckdb",
) -> dg.Definitions:
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    job = dg.define_asset_job(ALL, selection=dg.AssetSelection.all(), description="Read raw/, check every table, publish every package.")
    weekly, raw_changed = automations(job)
    return dg.Definitions(
        assets=[*raw.ASSETS, *core.ASSETS, *out.ASSETS, *publish.ASSETS],
        asset_checks=CHECKS,
        jobs=[job],
        schedules=[weekly],
        sensors=[raw_changed],
        resources={
            "raw_files": RawFiles(root=str(raw_root)),
            "publish_target": PublishTarget(root=str(published_root)),
            "duckdb": DuckDBResource(database=str(warehouse)),
        },
        loggers={"progress": progress_logger},
    )


defs = build_definitions()
