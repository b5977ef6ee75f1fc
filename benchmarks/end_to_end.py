"""End-to-end benchmark: the real `publish` command against a bare DuckDB script, on the same register.

    .venv/bin/python benchmarks/end_to_end.py --rows 1000000 10000000      (what `make bench` runs)

For each size: a synthetic CSV register (`python -m pipelines synthetic`, English headers, mixed date
spellings, no violations) is put into a temporary copy of raw/ and listed in its sources.yaml; then, one
after another, `benchmarks/reference_duckdb.py` on the same file, `python -m pipelines publish` into a
temporary published/, the reference again, and the publish again with nothing changed. The ratio is the
publish against the mean of the two reference runs around it: this machine's speed drifts by ±15 % over
minutes, and a drift during the publish then moves both references, not one (the table shows both).
Dirty pages are written out (`sync`) before each step, so that no step pays for the writes of the one
before it (the 1.6 GB register just generated, the 2.4 GB CSV just published).

Then, on the embedded data: a full publish, the no-change re-run, and the Dagster job through `dg launch`
(as the daemon's runs do), beside the command line forced to run the whole pipeline too. Each step is its
own process; its wall time and peak RSS (`os.wait4`, that process and what it waited for) are measured.
Prints Markdown tables; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable


def measured(command: list[str], env: dict | None = None) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one child process, started with no dirty pages left to write; fails
    loudly if it fails."""
    os.sync()
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        sys.exit(f"{' '.join(command)} failed ({child.returncode}):\n{output.decode(errors='replace')[-3000:]}")
    return seconds, usage.ru_maxrss / 1024


def raw_copy(folder: Path, register: Path | None) -> Path:
    raw = shutil.copytree(REPO / "raw", folder / "raw")
    if register is not None:
        shutil.move(register, raw / "exchanges" / "bench.csv")
        with (raw / "sources.yaml").open("a", encoding="utf-8") as f:
            f.write("  - id: synthetic-bench\n    register: exchanges/bench.csv\n    notes: SYNTHETIC benchmark.\n")
    return raw


def publish(raw: Path, out: Path, *extra: str) -> list[str]:
    return [PY, "-m", "pipelines", "publish", "--raw", str(raw), "--out", str(out), *extra]


def dagster_launch(folder: Path, raw: Path, out: Path) -> tuple[list[str], dict]:
    """`dg launch` of the whole job on `raw` into `out`, with a DAGSTER_HOME in `folder` holding the
    instance settings the README tells users to use."""
    home = folder / "dagster_home"
    home.mkdir()
    shutil.copy(REPO / "dagster.yaml", home)
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "EUCP_RAW": str(raw),
        "EUCP_PUBLISHED": str(out),
        "VIRTUAL_ENV": str(REPO / ".venv"),
    }
    return [str(REPO / ".venv/bin/dg"), "launch", "--job", "publish_all"], env


def one_size(rows: int, work: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="eucp-bench-", dir=work) as tmp:
        folder = Path(tmp)
        register = folder / "register.csv"
        generated = measured([PY, "-m", "pipelines", "synthetic", str(register), "--rows", str(rows)])
        size = register.stat().st_size / 1e6
        raw = raw_copy(folder, register)
        reference = [PY, str(REPO / "benchmarks/reference_duckdb.py"), str(raw / "exchanges/bench.csv"), tmp]
        before = measured(reference)
        full = measured(publish(raw, folder / "published"))
        after = measured(reference)
        again = measured(publish(raw, folder / "published"))
    return {
        "rows": rows,
        "mb": size,
        "generate": generated,
        "publish": full,
        "references": (before, after),
        "again": again,
    }


def embedded(work: Path) -> dict:
    with tempfile.TemporaryDirectory(prefix="eucp-bench-", dir=work) as tmp:
        folder = Path(tmp)
        raw, out = raw_copy(folder, None), folder / "published"
        full = measured(publish(raw, out))
        again = measured(publish(raw, out))
        forced = measured(publish(raw, out, "--force"))
        launch, env = dagster_launch(folder, raw, out)
        first = measured(launch, env)  # creates the instance's run and event storage, as a daemon does once
        dagster = measured(launch, env)
    return {"full": full, "again": again, "forced": forced, "dagster_first": first, "dagster": dagster}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--work", type=Path, default=None, help="folder for the temporary copies (default: /tmp)")
    args = parser.parse_args()
    cores, memory = os.cpu_count(), os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print(f"Machine: {cores} cores, {memory:.0f} GB, {platform.python_implementation()} {platform.python_version()}")
    results = [one_size(n, args.work) for n in args.rows]
    print()
    print(
        "| rows | CSV MB | publish s | publish peak RSS MB | DuckDB s (before, after) | DuckDB peak RSS MB | ratio |"
        " µs/row | no-change s | no-change / full | generate s |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        (ps, pm), (gs, _), (ns, _) = r["publish"], r["generate"], r["again"]
        (bs, bm), (as_, am) = r["references"]
        rs = (bs + as_) / 2
        print(
            f"| {r['rows']:,} | {r['mb']:.0f} | {ps:.1f} | {pm:.0f} | {rs:.1f} ({bs:.1f}, {as_:.1f}) |"
            f" {max(bm, am):.0f} | {ps / rs:.2f} | {ps / r['rows'] * 1e6:.1f} | {ns:.2f} | {ns / ps:.0%} | {gs:.1f} |"
        )
    if len(results) > 1:
        first, last = results[0], results[-1]
        scale = (last["publish"][0] / last["rows"]) / (first["publish"][0] / first["rows"])
        print(f"\nPer-row cost at {last['rows']:,} rows is {scale:.2f}× that at {first['rows']:,}.")
    e = embedded(args.work)
    print("\nEmbedded data (raw/ as committed):\n")
    print("| run | s | peak RSS MB |\n|---|---:|---:|")
    for label, key in (
        ("publish, first", "full"),
        ("publish, nothing changed", "again"),
        ("publish --force (whole pipeline, nothing to publish)", "forced"),
        ("dg launch --job publish_all, first (creates the instance storage)", "dagster_first"),
        ("dg launch --job publish_all (same work, as the daemon runs it)", "dagster"),
    ):
        print(f"| {label} | {e[key][0]:.2f} | {e[key][1]:.0f} |")
    print(f"\nDagster job / command line: {e['dagster'][0] / e['forced'][0]:.2f}×")


if __name__ == "__main__":
    main()
