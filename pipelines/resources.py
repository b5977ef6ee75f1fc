"""Where the pipeline reads and writes; tests point these at temporary folders."""

from pathlib import Path

import dagster as dg

REPO = Path(__file__).resolve().parents[1]


class RawDir(dg.ConfigurableResource):
    """The curated inputs (raw/), never written by the pipeline."""

    root: str = str(REPO / "raw")

    @property
    def path(self) -> Path:
        return Path(self.root)


class PublishTarget(dg.ConfigurableResource):
    """The folder the data packages are published into (published/), how long a publish waits for
    another to finish, and the address the files will be downloaded from (EUCP_BASE_URL if empty)."""

    root: str = str(REPO / "published")
    lock_timeout: float = 60
    base_url: str = ""

    @property
    def path(self) -> Path:
        return Path(self.root)


class ProblemReports(dg.ConfigurableResource):
    """Where a failed step or check writes every problem it found, as CSV (the printed report stops at
    200), so a register with thousands of bad rows can be fixed from one run."""

    root: str = str(REPO / "build" / "problems")

    def write(self, step: str, problems) -> Path:
        from pipelines.problems import write_csv

        return write_csv(problems, Path(self.root) / f"{step}.csv")
