"""Releases in published/: immutable version folders, index.json as the commit point, and a lock.

    published/index.json                  every package, version and file (bytes, sha256, rows)
    published/<package>/<version>/        one release, never changed once written
    published/<package>/latest            a link to the newest version
    published/<package>/versions.json     that package's versions and what changed in each

A version is built in a staging folder, verified there, renamed into place, and only then entered
in index.json, written to a temporary file and renamed over the old one. Whatever kills a publish
before that rename (an error, or kill -9) leaves the previous release and index.json as they were;
the next publish removes the leftovers (staging folders, versions index.json does not know). The
views derived from index.json (versions.json, latest) are written after it and repaired the same way.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from filelock import FileLock, Timeout

from pipelines.problems import InvalidData, Problem
from pipelines.publish import changes as changelog
from pipelines.publish.package import EXTRA_FILES, data_files, sha256, verify, write_data, write_metadata
from pipelines.publish.site import SITE
from schemas.packages import PackageSpec

INDEX = "index.json"
LOCK = ".publish.lock"


class PublishLocked(RuntimeError):
    """Another publish holds the lock on the same published/ folder."""


@dataclass(frozen=True)
class Outcome:
    package: str
    version: str  # the newest version after this publish
    bump: str | None  # None when nothing changed and no version was written
    path: Path
    rows: dict[str, int]


def pause_point(name: str) -> None:
    """A fault-injection point for the tests that kill a publish midway (EUCP_PAUSE_AT=<name>): it says
    it has arrived by creating the file EUCP_PAUSE_FLAG, then waits to be killed. Inert otherwise."""
    if os.environ.get("EUCP_PAUSE_AT") == name:
        Path(os.environ["EUCP_PAUSE_FLAG"]).touch()
        time.sleep(3600)


def atomic_text(path: Path, text: str) -> Path:
    """Write so that a reader sees the old file or the new one, never half of one."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


def write_json(path: Path, data) -> None:
    atomic_text(path, json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n")


class Releases:
    def __init__(self, root: Path, lock_timeout: float = 60):
        self.root = root
        self.lock_timeout = lock_timeout

    def lock(self) -> FileLock:
        self.root.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.root / LOCK), timeout=self.lock_timeout)

    def index(self) -> dict:
        path = self.root / INDEX
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"packages": {}}

    def publish(self, spec: PackageSpec, frames: dict[str, pl.DataFrame]) -> Outcome:
        try:
            with self.lock():
                return self._publish(spec, frames)
        except Timeout as e:
            raise PublishLocked(
                f"another publish into {self.root} has held {LOCK} for over {self.lock_timeout:g} s; "
                "nothing was published: try again when it has finished"
            ) from e

    def _publish(self, spec: PackageSpec, frames: dict[str, pl.DataFrame]) -> Outcome:
        index = self.index()
        self.recover(index)
        entry = index["packages"].get(spec.name, {"versions": {}})
        latest = entry.get("latest")
        previous = self.root / spec.name / latest if latest else None
        rows = {t.name: frames[t.name].height for t in spec.tables}

        staging = self.root / f".staging-{spec.name}"
        write_data(spec, frames, staging)
        write_metadata(spec, frames, staging, "0.0.0")  # the version follows from the comparison
        found = changelog.compare(spec, frames, previous, staging)
        if found.bump is None:
            shutil.rmtree(staging)
            return Outcome(spec.name, latest, None, previous, rows)
        version = changelog.next_version(latest, found.bump)
        described = write_metadata(spec, frames, staging, version)
        (staging / "CHANGELOG.md").write_text(changelog.markdown(spec, version, latest, found), encoding="utf-8")
        changelog.write_rows(found, staging / "changes.csv")
        problems = verify(staging, rows, f"published/{spec.name}/{version}")
        if problems:
            raise InvalidData(f"{spec.name} {version} failed verification; nothing was published", problems)
        pause_point("staged")

        final = self.root / spec.name / version
        if final.exists():
            raise InvalidData(
                spec.name,
                [
                    Problem(
                        f"published/{spec.name}/{version}",
                        None,
                        None,
                        None,
                        "immutable",
                        "this version exists already; versions are never rewritten",
                    )
                ],
            )
        final.parent.mkdir(parents=True, exist_ok=True)
        os.rename(staging, final)
        pause_point("renamed")

        entry["versions"][version] = self._version_entry(described, final, rows, found, latest)
        entry["latest"] = version
        entry["title"] = spec.title
        index["packages"][spec.name] = entry
        write_json(self.root / INDEX, index)  # the commit point
        pause_point("committed")
        self.write_views(index)
        return Outcome(spec.name, version, found.bump, final, rows)

    @staticmethod
    def _version_entry(described: dict, folder: Path, rows: dict[str, int], found, previous: str | None) -> dict:
        files = [
            {
                "name": r["name"],
                "path": r["path"],
                "format": r["format"],
                "bytes": r["bytes"],
                "sha256": r["hash"].removeprefix("sha256:"),
                "rows": rows[r["name"].removesuffix("-parquet")],
            }
            for r in data_files(described)
        ]
        for extra in (*EXTRA_FILES, "CHANGELOG.md", "changes.csv"):
            files.append(
                {
                    "name": extra,
                    "path": extra,
                    "bytes": (folder / extra).stat().st_size,
                    "sha256": sha256(folder / extra),
                }
            )
        return {
            "created": described.get("created"),
            "previous": previous,
            "bump": found.bump,
            "reasons": found.reasons,
            "changes": found.counts,
            "result": "valid",  # verified in staging: Frictionless, sizes, hashes, row counts
            "files": files,
        }

    def recover(self, index: dict) -> None:
        """Remove what an interrupted publish left behind, and bring the derived views in line."""
        for leftover in self.root.glob(".staging-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        for package in (p for p in self.root.iterdir() if p.is_dir() and p.name[0] != "." and p.name != SITE):
            known = set(index["packages"].get(package.name, {}).get("versions", {}))
            for child in package.iterdir():
                if child.name in ("latest", "versions.json") or child.name in known:
                    continue
                shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
        self.write_views(index)

    def write_views(self, index: dict) -> None:
        for name, entry in index["packages"].items():
            folder = self.root / name
            if not entry.get("latest"):
                continue
            versions = [
                {
                    "version": v,
                    "created": e["created"],
                    "bump": e["bump"],
                    "previous": e["previous"],
                    "changes": e["changes"],
                }
                for v, e in sorted(entry["versions"].items(), key=lambda kv: [int(x) for x in kv[0].split(".")])
            ]
            write_json(folder / "versions.json", {"name": name, "latest": entry["latest"], "versions": versions})
            link = folder / "latest"
            if not (link.is_symlink() and os.readlink(link) == entry["latest"]):
                tmp = folder / ".latest.tmp"
                if tmp.is_symlink() or tmp.exists():
                    tmp.unlink()
                os.symlink(entry["latest"], tmp)
                os.replace(tmp, link)
