"""The watch as Dagster sees it: one asset, `watch_sources` (group `watch`), its own job and weekly schedule,
apart from the publish job (which never selects it: publishing never fetches anything)."""

import dagster as dg

from pipelines.resources import RawDir
from pipelines.watch import check, settings
from schemas.tables.source_checks import NEEDS_ATTENTION

GROUP = "watch"
JOB = "watch"


@dg.asset(
    group_name=GROUP,
    description="raw/watch/<date>.csv: every source's address fetched (conditionally, politely: robots.txt, a pause "
    "per host, retries on 429 and 503, a deadline and a size limit per response, no private addresses), its text "
    "read with the documents layer's readers and every quote the evidence takes from it looked for. Its metadata "
    "holds the curators' report: what changed since the last run, the sources needing attention, the values that "
    "lost their words. Nothing else in raw/ is written; the next publish publishes the record as source_checks.",
)
def watch_sources(context: dg.AssetExecutionContext, raw_dir: RawDir) -> dg.MaterializeResult:
    def progress(row: dict) -> None:
        if row["status"] in NEEDS_ATTENTION:
            context.log.info(f"{row['status']}: {row['source_id']} {row['url']} {row['error']}".rstrip())

    result = check.run(raw_dir.path, settings(), progress=progress)
    context.log.info(f"{len(result.rows)} sources checked in {result.seconds:.1f} s: {result.record}")
    return dg.MaterializeResult(
        metadata={
            "record": dg.MetadataValue.path(str(result.record)),
            "compared_with": str(result.previous.name) if result.previous else "none",
            "seconds": round(result.seconds, 1),
            "report": dg.MetadataValue.md(result.report),
            **{f"status/{s}": n for s, n in result.counts.items()},
        }
    )


def job():
    return dg.define_asset_job(
        JOB,
        selection=dg.AssetSelection.groups(GROUP),
        description="Fetch every source's address and record what changed, moved or disappeared (raw/watch/).",
        executor_def=dg.in_process_executor,
        config={"loggers": {"progress": {}}},
    )


ASSETS = [watch_sources]
