"""A Dagster logger that prints one line per materialised asset, check and failure."""

import logging
import sys

import dagster as dg


def _line(event) -> str | None:
    kind = event.event_type_value
    if kind == "ASSET_MATERIALIZATION":
        m = event.event_specific_data.materialization
        rows = m.metadata.get("dagster/row_count")
        return f"  ok    {m.asset_key.to_user_string()}" + (f" ({rows.value} rows)" if rows else "")
    if kind == "ASSET_CHECK_EVALUATION":
        d = event.event_specific_data
        return f"  {'ok   ' if d.passed else 'FAIL '} check {d.asset_key.to_user_string()}:{d.check_name}"
    if kind == "STEP_FAILURE":
        return f"  FAIL  {event.step_key}"
    return None


class _Lines(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        event = getattr(record, "dagster_meta", {}).get("dagster_event")
        line = _line(event) if event is not None else None
        if line:
            print(line, file=sys.stderr, flush=True)


@dg.logger(description="One line per materialised asset, check and failure.")
def progress_logger(init_context: dg.InitLoggerContext) -> logging.Logger:
    logger = logging.Logger("pipeline-progress", level=logging.DEBUG)
    logger.addHandler(_Lines())
    return logger
