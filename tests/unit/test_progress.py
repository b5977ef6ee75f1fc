"""Issue 9, finding 11: a warning prints as a warning with its rows, and ignored register columns are listed."""

from types import SimpleNamespace

import dagster as dg

from pipelines.progress import _line


def check(passed: bool, severity: dg.AssetCheckSeverity, rows: str) -> SimpleNamespace:
    data = SimpleNamespace(
        passed=passed,
        severity=severity,
        asset_key=dg.AssetKey("core_documents"),
        check_name="declared_language_identified",
        description="1 document(s) whose declared language was not identified",
        metadata={"rows": dg.MetadataValue.md(rows)},
    )
    return SimpleNamespace(event_type_value="ASSET_CHECK_EVALUATION", event_specific_data=data)


def test_a_failed_warning_check_prints_warn_with_its_rows():
    line = _line(check(False, dg.AssetCheckSeverity.WARN, "- doc-1: declared fi, identified et"))
    assert line.startswith("  WARN  check core_documents:declared_language_identified: 1 document(s)")
    assert line.endswith("\n          doc-1: declared fi, identified et")
    assert "FAIL" not in line


def test_a_failed_blocking_check_prints_fail():
    assert _line(check(False, dg.AssetCheckSeverity.ERROR, "none")).startswith("  FAIL  check")


def test_ignored_register_columns_are_listed_under_their_asset():
    materialization = SimpleNamespace(
        asset_key=dg.AssetKey("raw_exchanges"),
        metadata={
            "dagster/row_count": dg.MetadataValue.int(3),
            "ignored_columns": dg.MetadataValue.md("- exchanges/r.csv: Contact e-mail"),
        },
    )
    event = SimpleNamespace(
        event_type_value="ASSET_MATERIALIZATION", event_specific_data=SimpleNamespace(materialization=materialization)
    )
    assert _line(event) == "  ok    raw_exchanges (3 rows)\n          column not read: exchanges/r.csv: Contact e-mail"
