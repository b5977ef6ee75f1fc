"""Issue 9, findings 1, 10 and 11 through the whole pipeline: a bad raw/ gives located problems, all of them in
one run, a summary and "Nothing was published", never a traceback."""

import contextlib
import io

from pipelines.__main__ import main
from tests.conftest import edit_csv, failure_report, find_row

PARTNERSHIPS = "registers/partnerships.csv"


def test_type_and_rule_problems_of_a_table_come_in_the_same_run(raw, tmp_path):
    bad_type = find_row(raw / PARTNERSHIPS, "acronym", "BLUES")
    bad_rule = find_row(raw / PARTNERSHIPS, "acronym", "TEX4IM")
    edit_csv(raw / PARTNERSHIPS, bad_type, start_date="sometime")
    edit_csv(raw / PARTNERSHIPS, bad_rule, end_date="2018-09")
    report = failure_report(raw, tmp_path)
    assert f"{PARTNERSHIPS}, row {bad_type}, column 'start_date'" in report
    assert f"{PARTNERSHIPS}, row {bad_rule}, column 'start_date, end_date': [end_not_before_start]" in report


def test_hostile_files_give_a_summary_and_located_errors_not_a_traceback(raw, tmp_path):
    (raw / "spreadsheets" / "calls.xlsx").write_bytes(b"")  # a 0-byte workbook
    (tmp_path / "outside.txt").write_text("Text that lives outside raw/.", encoding="utf-8")
    with (raw / "sources.yaml").open("a", encoding="utf-8") as f:
        f.write("  - id: outside\n    title: Outside\n    licence: CC-BY-4.0\n    document: ../outside.txt\n")
        f.write("  - id: outside-register\n    register: ../outside.txt\n")  # a register is refused too
        f.write("  - id: gone-register\n    register: exchanges/gone.csv\n")
        f.write("  - id: twice-register\n    register: exchanges/gone.csv\n")  # one register, two sources
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["publish", "--raw", str(raw), "--out", str(tmp_path / "published")])
    text = out.getvalue() + err.getvalue()
    assert code == 1
    assert "Nothing was published" in text and "Traceback" not in text
    assert "spreadsheets/calls.xlsx: [unreadable] not a readable .xlsx file: an empty file" in text
    assert "[outside_raw] ../outside.txt: resolves outside raw/" in text
    assert "column 'register': [outside_raw] ../outside.txt: resolves outside raw/" in text
    assert "column 'register': [missing_register] exchanges/gone.csv: no such file in raw/" in text
    assert "[repeated_register] exchanges/gone.csv: already the register of another entry" in text
    assert not (tmp_path / "published" / "index.json").exists()
