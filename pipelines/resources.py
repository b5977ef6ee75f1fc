"""Where the pipeline reads and writes; tests point these at temporary folders."""

from pathlib import Path

import dagster as dg

REPO = Path(__file__).resolve().parents[1]


class RawFiles(dg.ConfigurableResource):
    """The curated inputs (raw/), never written by the pipeline."""

    root: str = str(REPO / "raw")

    @property
    def path(self) -> Path:
        return Path(self.root)


class PublishTarget(dg.ConfigurableResource):
    """The folder the data packages are published into (published/)."""

    root: str = str(REPO / "published")

    @property
    def path(self) -> Path:
        return Path(self.root)
