"""The Dagster job against the command line on the embedded data, repeated: is the ratio reliably within 1.5×?

    .venv/bin/python benchmarks/dagster_ratio.py --repeat 5

One temporary copy of raw/ and published/, and one DAGSTER_HOME with the repo's dagster.yaml, launched once
first (that creates the instance's storage, as a daemon does once). Then, taking turns so that a noisy
moment on the machine hits both alike: `python -m pipelines publish --force` (the whole pipeline, nothing
new to publish) and `dg launch --job publish_all` (the same work, as the daemon runs it). `end_to_end.py`
measures the pair once; a single pair moves by tenths of the ratio on a shared machine (the job's extra
cost is ~740 SQLite commits, so it follows the disk's sync latency), hence the repetitions. Prints each
pair, then the median and range of each command and of the ratio taken within each pair.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from end_to_end import dagster_launch, measured, publish, raw_copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--work", type=Path, default=None, help="folder for the temporary copies (default: /tmp)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="eucp-bench-", dir=args.work) as tmp:
        folder = Path(tmp)
        raw, out = raw_copy(folder, None), folder / "published"
        measured(publish(raw, out))
        launch, env = dagster_launch(folder, raw, out)
        measured(launch, env)  # creates the instance's storage
        forced, dagster = [], []
        print("| pair | publish --force s | dg launch s | ratio |\n|---:|---:|---:|---:|")
        for n in range(1, args.repeat + 1):
            forced.append(measured(publish(raw, out, "--force"))[0])
            dagster.append(measured(launch, env)[0])
            print(f"| {n} | {forced[-1]:.2f} | {dagster[-1]:.2f} | {dagster[-1] / forced[-1]:.2f} |", flush=True)
    ratios = [d / f for f, d in zip(forced, dagster)]
    print()
    for label, values, unit in (
        ("publish --force", forced, " s"),
        ("dg launch", dagster, " s"),
        ("ratio", ratios, "×"),
    ):
        median, low, high = statistics.median(values), min(values), max(values)
        print(f"{label}: median {median:.2f}{unit} ({low:.2f}-{high:.2f})")


if __name__ == "__main__":
    main()
