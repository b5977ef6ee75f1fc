"""How long exchange registers take, from writing a synthetic register to a validated table.

    .venv/bin/python benchmarks/exchange_registers.py --rows 100000 1000000 --formats csv xlsx ods

Steps timed: generate (synthetic rows), write (the file), read (headers matched, cells as text),
build (typed, ids and working days derived), validate (the Pandera model of the exchanges table).
Prints a Markdown table. A benchmark, not a test: it asserts nothing and is not run by `make test`.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import polars as pl

from pipelines import core, registers
from pipelines.readers.spreadsheets import read_register
from pipelines.synthetic import generate, write
from pipelines.validation import check_schema
from schemas import TABLES


def run(rows: int, fmt: str, folder: Path) -> dict[str, float]:
    times: dict[str, float] = {}

    def timed(step, fn):
        start = time.perf_counter()
        out = fn()
        times[step] = time.perf_counter() - start
        return out

    made = timed(
        "generate",
        lambda: generate(rows, partnerships=["BLUES", "CLAMTEX"], countries=["FR", "DE", "FI", "IT"], seed=1),
    )
    rel = f"register.{fmt}"
    timed("write", lambda: write(made, folder / rel))
    raw = timed("read", lambda: read_register(folder, rel, TABLES["exchanges"], registers.EXCHANGE_DERIVED).frame)
    manifest = pl.DataFrame({"id": ["synthetic"], "register": [rel]})
    sources = pl.DataFrame(
        {"source_id": ["synthetic"], "url": [None]}, schema={"source_id": pl.String, "url": pl.String}
    )
    exchanges, _ = timed("build", lambda: core.build_exchanges(raw, manifest, sources))
    timed("validate", lambda: check_schema(TABLES["exchanges"], exchanges))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000])
    parser.add_argument("--formats", nargs="+", default=["csv", "xlsx", "ods"], choices=["csv", "xlsx", "ods"])
    args = parser.parse_args()
    print("| rows | format | generate | write | read | build | validate | read+build+validate |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for rows in args.rows:
        for fmt in args.formats:
            with tempfile.TemporaryDirectory(prefix="eucp-bench-") as tmp:
                t = run(rows, fmt, Path(tmp))
            ingest = t["read"] + t["build"] + t["validate"]
            cells = " | ".join(f"{t[k]:.2f}" for k in ("generate", "write", "read", "build", "validate"))
            print(f"| {rows:,} | {fmt} | {cells} | {ingest:.2f} |", flush=True)


if __name__ == "__main__":
    main()
