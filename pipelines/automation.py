"""When the pipeline runs by itself: weekly, and whenever a file in raw/ is added, changed or removed; and the
source watch, weekly, two hours before the publish (which then publishes its record)."""

import dagster as dg

from pipelines.raw.fingerprint import raw_fingerprint as fingerprint
from pipelines.resources import RawDir

WEEKLY = "0 6 * * 1"  # Mondays 06:00
WATCH_WEEKLY = "0 4 * * 1"  # Mondays 04:00: its record is in raw/watch/ when the publish runs


def raw_fingerprint(raw_dir: RawDir) -> str:
    """A digest of every file in raw/ (path and content), so any addition, change or removal shows."""
    return fingerprint(raw_dir.path)


def automations(job) -> tuple[dg.ScheduleDefinition, dg.SensorDefinition]:
    weekly = dg.ScheduleDefinition(
        name="weekly_publish",
        job=job,
        cron_schedule=WEEKLY,
        execution_timezone="Europe/Brussels",
        description="Runs the whole pipeline every Monday morning; a run whose data did not change publishes "
        "no version.",
    )

    @dg.sensor(
        name="raw_changed",
        job=job,
        minimum_interval_seconds=60,
        description="Starts a run when a file in raw/ is added, changed or removed.",
    )
    def raw_changed(context: dg.SensorEvaluationContext, raw_dir: RawDir):
        fingerprint = raw_fingerprint(raw_dir)
        if fingerprint == context.cursor:
            return dg.SkipReason("raw/ is as it was at the last run")
        context.update_cursor(fingerprint)
        return dg.RunRequest(run_key=f"raw-{fingerprint[:16]}")

    return weekly, raw_changed


def watch_schedule(job) -> dg.ScheduleDefinition:
    return dg.ScheduleDefinition(
        name="weekly_watch",
        job=job,
        cron_schedule=WATCH_WEEKLY,
        execution_timezone="Europe/Brussels",
        description="Fetches every source's address every Monday before the publish, and records what changed, "
        "moved or disappeared in raw/watch/ (which the sensor and the publish then pick up).",
    )
