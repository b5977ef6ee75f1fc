"""Peak memory of a whole publish run on a copy of raw/ holding one hostile file (issues 9 and 23).

Each hostile file is generated here into a temporary copy of raw/ (never into raw/ itself), then
`python -m pipelines publish` runs on it under /usr/bin/time -v; the run must fail with located
problems, publish nothing, and stay under 1 GB. Prints one line per file: size, peak RSS, exit code.

    PYTHONPATH=. .venv/bin/python benchmarks/hostile_inputs.py

Run with no argument (every kind), it also writes the table to benchmarks/results/hostile_inputs.md, which the
README's reliability table quotes (tests/unit/test_readme.py compares them).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHEET_HEAD = (
    '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)


def workbook(path: Path, write_sheet, compression: int = zipfile.ZIP_DEFLATED) -> None:
    """calls.xlsx with one sheet named 'calls' whose XML `write_sheet(stream)` writes."""
    from tests.unit.test_hostile_inputs import xlsx

    xlsx(path, "")
    with zipfile.ZipFile(path) as old:
        parts = {n: old.read(n) for n in old.namelist() if n != "xl/worksheets/sheet1.xml"}
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, data in parts.items():
            z.writestr(name, data)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(SHEET_HEAD.encode())
            write_sheet(f)
            f.write(b"</sheetData></worksheet>")


def one_cell(ref: str):
    def write(f):
        f.write(b'<row r="1"><c r="A1" t="inlineStr"><is><t>call_id</t></is></c></row>')
        row = re.sub(r"^[A-Z]+", "", ref)
        f.write(f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>'.encode())

    return write


def inflating(total: int):
    def write(f):
        line = b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + b"x" * 4000 + b"</t></is></c></row>"
        for _ in range(total // len(line)):
            f.write(line)

    return write


def implied(f) -> None:
    """Rows and cells without references whose order reaches XFD1048576 (issue 23, finding 1)."""
    f.write(b'<row><c t="inlineStr"><is><t>call_id</t></is></c></row>')
    f.write(b"<row/>" * 1_048_574)
    f.write(b"<row>" + b"<c/>" * 16_383 + b'<c t="inlineStr"><is><t>x</t></is></c></row>')


def listed(raw: Path, entry: str) -> None:
    """An entry appended to sources.yaml."""
    with (raw / "sources.yaml").open("a", encoding="utf-8") as f:
        f.write(entry)


def hostile(raw: Path, kind: str) -> Path:
    calls = raw / "spreadsheets" / "calls.xlsx"
    if kind == "xlsx without references, implied extent XFD1048576":
        workbook(calls, implied, zipfile.ZIP_STORED)
        return calls
    if kind == "CSV register with one 300 MB cell":
        path = raw / "exchanges" / "hostile.csv"
        with path.open("wb") as f:
            f.write(b"Partnership,Visitor,Host,Start date,End date,Notes\nBLUES,A,B,2024-01-02,2024-01-05,")
            for _ in range(300):
                f.write(b"x" * 1_000_000)
            f.write(b"\n")
        listed(raw, "  - id: hostile-register\n    register: exchanges/hostile.csv\n")
        return path
    if kind == "sources.yaml of 120 KB nested sequences":
        path = raw / "sources.yaml"
        listed(raw, "  - id: nested\n    notes: " + "[" * 120_000 + "\n")
        return path
    if kind == "NUL byte in a register cell":
        path = raw / "registers" / "programmes.csv"
        text = path.read_bytes().splitlines(keepends=True)
        text[1] = text[1].replace(b"Partnerships", b"Partner\x00ships", 1)
        path.write_bytes(b"".join(text))
        return path
    if kind == "javascript: source url":
        path = raw / "sources.yaml"
        listed(raw, '  - id: hostile-url\n    url: "javascript:alert(document.cookie)"\n    title: A page\n')
        return path
    if kind == "named pipe listed as a document":
        path = raw / "documents" / "pipe.txt"
        os.mkfifo(path)
        listed(raw, "  - id: pipe\n    title: A pipe\n    licence: CC-BY-4.0\n    document: documents/pipe.txt\n")
        return path
    if kind == "publish onto a full disk":
        return raw / "registers" / "programmes.csv"  # the run below fills the disk as it writes a CSV
    if kind == "xlsx cell at XFD1048576":
        workbook(calls, one_cell("XFD1048576"))
        return calls
    if kind == "xlsx cell at CV1048576":
        workbook(calls, one_cell("CV1048576"))
        return calls
    if kind == "xlsx inflating to 1.6 GB":
        workbook(calls, inflating(1_600_000_000))
        return calls
    if kind == "sources.yaml alias bomb":
        lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 30)]
        path = raw / "sources.yaml"
        path.write_text("\n".join(lines) + "\nsources: *a29\n" + "#" * 20000 + "\n", encoding="utf-8")
        return path
    if kind == "unlisted 1M-row exchange register":
        path = raw / "exchanges" / "unlisted.csv"
        path.write_text("Partnership,Visitor\n" + "BLUES,Cluster A\n" * 1_000_000, encoding="utf-8")
        return path
    if kind == "cp1252 register":
        path = raw / "registers" / "programmes.csv"
        path.write_bytes(path.read_text(encoding="utf-8").replace("e", "é").encode("cp1252"))
        return path
    if kind == "cell of 200,000 characters":
        path = raw / "registers" / "programmes.csv"
        text = path.read_text(encoding="utf-8").splitlines()
        text[1] = "x" * 200_000 + text[1]  # in the first column, which is read
        path.write_text("\n".join(text) + "\n", encoding="utf-8")
        return path
    raise ValueError(kind)


# The publish command with the disk full at a real write point: the CSV writer's file takes 100 bytes, then
# write(2) fails with ENOSPC (no file system is filled; tests/integration/test_write_failures.py does the same)
FULL_DISK = """
import errno, os, sys
from pipelines.publish import package
real = package.write_csv
def write_csv(t, data, path):
    if t.name != "programmes":
        return real(t, data, path)
    with path.open("wb") as out:
        out.write(b"x" * 100)
        out.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
package.write_csv = write_csv
from pipelines.__main__ import main
sys.exit(main(sys.argv[1:] + ["--force"]))
"""

KINDS = (
    "xlsx without references, implied extent XFD1048576",
    "CSV register with one 300 MB cell",
    "sources.yaml of 120 KB nested sequences",
    "NUL byte in a register cell",
    "javascript: source url",
    "named pipe listed as a document",
    "publish onto a full disk",
    "xlsx cell at XFD1048576",
    "xlsx cell at CV1048576",
    "xlsx inflating to 1.6 GB",
    "sources.yaml alias bomb",
    "unlisted 1M-row exchange register",
    "cp1252 register",
    "cell of 200,000 characters",
)


RESULTS = REPO / "benchmarks" / "results" / "hostile_inputs.md"  # the README's figures are read from it (a test)


def main() -> int:
    lines = ["| hostile file | file size | peak RSS | exit | first problem |", "|---|---|---|---|---|"]
    print(*lines, sep="\n")
    for kind in sys.argv[1:] or KINDS:
        with tempfile.TemporaryDirectory(prefix="eucp-hostile-") as tmp:
            raw = Path(shutil.copytree(REPO / "raw", Path(tmp) / "raw"))
            out = str(Path(tmp) / "published")
            path = hostile(raw, kind)
            command = [sys.executable, "-m", "pipelines", "publish", "--raw", str(raw), "--out", out]
            if kind == "publish onto a full disk":  # a first release, then the disk fills while the next is written
                subprocess.run(command, cwd=REPO, capture_output=True, check=True)
                note = "The founding article dates its start to 2014"
                edited = path.read_text(encoding="utf-8").replace(note, note + " (corrected)", 1)
                path.write_text(edited, encoding="utf-8")
                command = [sys.executable, "-c", FULL_DISK, "publish", "--raw", str(raw), "--out", out]
            run = subprocess.run(["/usr/bin/time", "-v", *command], cwd=REPO, capture_output=True, text=True)
            peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr).group(1))
            problem = next((line for line in run.stderr.splitlines() if re.search(r": \[[a-z_:]+\] ", line)), "")
            size = path.stat().st_size if path.is_file() else 0
            lines.append(f"| {kind} | {size:,} B | {peak / 1024:,.0f} MB | {run.returncode} | {problem[:400]} |")
            print(lines[-1], flush=True)
    if not sys.argv[1:]:  # every kind: the output the README quotes
        RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
