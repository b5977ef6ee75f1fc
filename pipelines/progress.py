"""A Dagster logger that prints one line per materialised asset, check and failure."""

import logging
import sys

import dagster as dg


def _md_list(value) -> list[str]:
    """The items of a Markdown list held in metadata ('- a' lines); none for 'none'."""
    text = getattr(value, "value", value) or ""
    return [line.removeprefix("- ") for line in str(text).splitlines() if line.startswith("- ")]


def _line(event) -> str | None:
    kind = event.event_type_value
    if kind == "ASSET_MATERIALIZATION":
        m = event.event_specific_data.materialization
        rows = m.metadata.get("dagster/row_count")
        line = f"  ok    {m.asset_key.to_user_string()}" + (f" ({rows.value} rows)" if rows else "")
        ignored = _md_list(m.metadata.get("ignored_columns"))
        headers = _md_list(m.metadata.get("header_rows"))  # a register's header found below a title
        return (
            line
            + "".join(f"\n          {h}" for h in headers)
            + "".join(f"\n          column not read: {c}" for c in ignored)
        )
    if kind == "ASSET_CHECK_EVALUATION":
        d = event.event_specific_data
        name = f"check {d.asset_key.to_user_string()}:{d.check_name}"
        if d.passed:
            return f"  ok    {name}"
        if d.severity == dg.AssetCheckSeverity.WARN:  # reported, not blocking: the run goes on and exits 0
            rows = _md_list(d.metadata.get("rows"))
            return f"  WARN  {name}: {d.description}" + "".join(f"\n          {r}" for r in rows)
        return f"  FAIL  {name}"
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
