"""Peak memory of a whole publish run on a copy of raw/ holding one hostile file (issue 9).

Each hostile file is generated here into a temporary copy of raw/ (never into raw/ itself), then
`python -m pipelines publish` runs on it under /usr/bin/time -v; the run must fail with located
problems, publish nothing, and stay under 1 GB. Prints one line per file: size, peak RSS, exit code.

    PYTHONPATH=. .venv/bin/python benchmarks/hostile_inputs.py
"""

from __future__ import annotations

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


def workbook(path: Path, write_sheet) -> None:
    """calls.xlsx with one sheet named 'calls' whose XML `write_sheet(stream)` writes."""
    from tests.unit.test_hostile_inputs import xlsx

    xlsx(path, "")
    with zipfile.ZipFile(path) as old:
        parts = {n: old.read(n) for n in old.namelist() if n != "xl/worksheets/sheet1.xml"}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
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


def hostile(raw: Path, kind: str) -> Path:
    calls = raw / "spreadsheets" / "calls.xlsx"
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


KINDS = (
    "xlsx cell at XFD1048576",
    "xlsx cell at CV1048576",
    "xlsx inflating to 1.6 GB",
    "sources.yaml alias bomb",
    "unlisted 1M-row exchange register",
    "cp1252 register",
    "cell of 200,000 characters",
)


def main() -> int:
    print("| hostile file | file size | peak RSS | exit | first problem |\n|---|---|---|---|---|")
    for kind in sys.argv[1:] or KINDS:
        with tempfile.TemporaryDirectory(prefix="eucp-hostile-") as tmp:
            raw = Path(shutil.copytree(REPO / "raw", Path(tmp) / "raw"))
            path = hostile(raw, kind)
            run = subprocess.run(
                [
                    "/usr/bin/time",
                    "-v",
                    sys.executable,
                    "-m",
                    "pipelines",
                    "publish",
                    "--raw",
                    str(raw),
                    "--out",
                    str(Path(tmp) / "published"),
                ],
                cwd=REPO,
                capture_output=True,
                text=True,
            )
            peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr).group(1))
            problem = next((line for line in run.stderr.splitlines() if "[" in line and "]" in line), "")
            print(
                f"| {kind} | {path.stat().st_size:,} B | {peak / 1024:,.0f} MB | {run.returncode} | {problem[:110]} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
