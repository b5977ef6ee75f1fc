"""Where the pipeline reads and writes; tests point these at temporary folders."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg

REPO = Path(__file__).resolve().parents[1]


class RawDir(dg.ConfigurableResource):
    """The curated inputs (raw/), never written by the pipeline; the source watch adds its records under
    raw/watch/ and writes nothing else."""

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
    allow_shrink: bool = False  # a release may remove more rows than the shrink guard allows

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

    @contextmanager
    def kept(self, step: str) -> Iterator[None]:
        """Around a step's work: if it raises `InvalidData`, every problem goes to `<step>.csv` first, and the
        failure's metadata says where. (A Dagster failure hook did this; a hook logs an event for every step it
        is on, even one that succeeds, and every event is a write to the instance's storage.)"""
        from pipelines.problems import InvalidData

        try:
            yield
        except InvalidData as error:
            try:
                path = self.write(step, error.problems)
            except OSError as unwritten:  # a full disk fails the report too: the problems are still printed
                error.metadata["all_problems"] = dg.MetadataValue.text(f"not written: {unwritten}")
                raise error from None
            error.metadata["all_problems"] = dg.MetadataValue.path(str(path))
            raise


class TableFolder(dg.ConfigurableResource):
    """Where a step writes a table too large to hand over as a frame (`pipelines.tablefile`): Parquet files
    in a folder of its own, emptied when the step starts, so reruns do not pile up."""

    root: str = str(REPO / "build" / "tables")

    def folder(self, step: str) -> Path:
        import shutil

        path = Path(self.root) / step
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path


class FramesOnDisk(dg.ConfigurableIOManager):
    """Hands frames between assets as Arrow IPC files, mapped when read. Dagster's default IO
    manager pickles every output (serialise, write, read, deserialise: seconds per step at a million
    rows, and a full copy in memory each time); a mapped Arrow file costs neither. Anything else is pickled."""

    root: str = str(REPO / "build" / "frames")

    def _path(self, key: dg.AssetKey) -> Path:
        return Path(self.root) / "__".join(key.path)

    def handle_output(self, context: dg.OutputContext, obj) -> None:
        import pickle

        import polars as pl

        if obj is None:
            return
        path = self._path(context.asset_key)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(obj, pl.DataFrame):
            obj.write_ipc(path.with_suffix(".arrow"), compression="uncompressed")
            path.with_suffix(".pickle").unlink(missing_ok=True)
        else:
            path.with_suffix(".pickle").write_bytes(pickle.dumps(obj))
            path.with_suffix(".arrow").unlink(missing_ok=True)

    def load_input(self, context: dg.InputContext):
        import pickle

        import polars as pl

        path = self._path(context.upstream_output.asset_key)
        if path.with_suffix(".arrow").is_file():
            return pl.read_ipc(path.with_suffix(".arrow"))  # uncompressed: Polars maps it
        return pickle.loads(path.with_suffix(".pickle").read_bytes())
