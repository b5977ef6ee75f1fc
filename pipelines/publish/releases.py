"""Releases in published/: immutable version folders, one commit point for every package, and a lock.

    published/index.json                  every package, version and file (bytes, sha256, rows)
    published/<package>/<version>/        one release, never changed once written
    published/<package>/latest            a link to the newest version        } views derived from
    published/<package>/versions.json     that package's versions             } index.json, rewritten
    published/catalog.ttl, catalog.jsonld the DCAT-AP catalogue               } by every run

A release covers every package at once. Under the lock, each changed package is built in a staging
folder and verified there; then the new version folders are renamed into place (index.json does not
know them yet, so they are not part of any release), and index.json is replaced by one atomic rename:
the single commit point. The views are written after it. Whatever kills a publish at any instant
leaves index.json describing either the previous release or the new one, whole; the next run
(`recover`) removes staging folders and versions index.json does not know, and rewrites the views
from index.json. Before committing, a release also checks that raw/ is still what the run read
(no stale publish), that no table lost more rows than allowed (the shrink guard), and that the
latest published versions are byte for byte what index.json recorded.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from filelock import FileLock, Timeout

from pipelines.problems import InvalidData, Problem
from pipelines.publish import catalog
from pipelines.publish import changes as changelog
from pipelines.publish.files import write_failed, write_json
from pipelines.publish.package import (
    EXTRA_FILES,
    data_files,
    sha256,
    verify,
    write_data,
    write_metadata,
)
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


SHRINK_SHARE = 0.5  # a release may remove at most this share of a table's rows, unless allowed


def allow_shrink_from_env() -> bool:
    return os.environ.get("EUCP_ALLOW_SHRINK", "").strip().lower() in ("1", "true", "yes")


def shrink_share() -> float:
    try:
        return float(os.environ.get("EUCP_SHRINK_SHARE", SHRINK_SHARE))
    except ValueError:
        return SHRINK_SHARE


@dataclass
class Staged:
    """One package built and verified in its staging folder, waiting for the commit point."""

    spec: PackageSpec
    outcome: Outcome
    staging: Path | None = None  # None when nothing changed
    entry: dict | None = None  # its version's entry for index.json


class Releases:
    def __init__(
        self,
        root: Path,
        lock_timeout: float = 60,
        base_url: str | None = None,
        allow_shrink: bool = False,
        raw_now: Callable[[], str] | None = None,
    ):
        self.root = root
        self.lock_timeout = lock_timeout
        self.base_url = base_url or None
        self.allow_shrink = allow_shrink or allow_shrink_from_env()
        self.raw_now = raw_now  # the fingerprint of raw/ as it is now, to compare with what the run read

    def lock(self) -> FileLock:
        self.root.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.root / LOCK), timeout=self.lock_timeout)

    def index(self) -> dict:
        path = self.root / INDEX
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"packages": {}}

    def publish(self, spec: PackageSpec, frames: dict[str, pl.DataFrame]) -> Outcome:
        """One package released alone (the others stay as they are)."""
        return self.release([(spec, frames)])[0]

    def release(self, packages: list[tuple[PackageSpec, dict]], read_fingerprint: str | None = None) -> list[Outcome]:
        """Every package at once, committed by one rename of index.json, or nothing at all. A write that fails
        (a full disk, a folder without write permission) is one located problem, and the previous release
        stays whole: nothing it holds is written before the commit point."""
        started = time.time_ns()
        try:
            with self.lock():
                try:
                    return self._release(packages, read_fingerprint)
                except OSError as e:  # before the staging folders go: what was written says how far it got
                    raise write_failed(e, self.root, started, self.size_of_latest()) from None
                finally:  # a failed release leaves no staging folder behind (a killed one: the next run)
                    for leftover in self.root.glob(".staging-*"):
                        shutil.rmtree(leftover, ignore_errors=True)
        except Timeout as e:  # a TimeoutError, so an OSError: before the clause below
            raise PublishLocked(
                f"another publish into {self.root} has held {LOCK} for over {self.lock_timeout:g} s; "
                "nothing was published: try again when it has finished"
            ) from e
        except OSError as e:  # the folder or its lock cannot be made
            raise write_failed(e, self.root, started) from None

    def size_of_latest(self) -> int | None:
        """The bytes of every package's latest version, as index.json records them (what a new one about needs)."""
        try:
            index = self.index()
        except (OSError, ValueError):
            return None
        sizes = [
            f["bytes"]
            for entry in index["packages"].values()
            for f in entry.get("versions", {}).get(entry.get("latest"), {}).get("files", [])
        ]
        return sum(sizes) or None

    def _release(self, packages: list[tuple[PackageSpec, dict]], read_fingerprint: str | None) -> list[Outcome]:
        index = self.index()
        self.recover(index)
        self.check_published(index)
        staged = []
        for spec, frames in packages:
            staged.append(self._stage(spec, frames, index))
            pause_point(f"staged:{spec.name}")
        pause_point("staged")
        self.check_shrink(staged, index)
        if read_fingerprint is not None and self.raw_now is not None and self.raw_now() != read_fingerprint:
            raise InvalidData(
                "raw/ changed during the run",
                [Problem("raw/", None, None, None, "stale", "raw/ changed after this run read it; run again")],
            )
        changed = [s for s in staged if s.staging is not None]
        for s in changed:
            final = s.outcome.path
            final.parent.mkdir(parents=True, exist_ok=True)
            os.rename(s.staging, final)
            pause_point(f"renamed:{s.spec.name}")
        pause_point("renamed")
        if changed:
            for s in changed:
                entry = index["packages"].setdefault(s.spec.name, {"versions": {}})
                entry["versions"][s.outcome.version] = s.entry
                entry["latest"] = s.outcome.version
                entry["title"] = s.spec.title
            write_json(self.root / INDEX, index)  # the commit point, for every package at once
            pause_point("committed")
        self.write_views(index)
        pause_point("views")
        return [s.outcome for s in staged]

    def _stage(self, spec: PackageSpec, frames: dict[str, pl.DataFrame], index: dict) -> Staged:
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
            return Staged(spec, Outcome(spec.name, latest, None, previous, rows))
        version = changelog.next_version(latest, found.bump)
        described = write_metadata(spec, frames, staging, version)
        (staging / "CHANGELOG.md").write_text(changelog.markdown(spec, version, latest, found), encoding="utf-8")
        changelog.write_rows(found, staging / "changes.csv")
        problems = verify(staging, rows, f"published/{spec.name}/{version}")
        if problems:
            raise InvalidData(f"{spec.name} {version} failed verification; nothing was published", problems)
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
        outcome = Outcome(spec.name, version, found.bump, final, rows)
        return Staged(spec, outcome, staging, self._version_entry(described, staging, rows, found, latest))

    def check_shrink(self, staged: list[Staged], index: dict) -> None:
        """A release emptying a table, or removing more than SHRINK_SHARE of its rows, is refused unless
        allowed (--allow-shrink or EUCP_ALLOW_SHRINK=1): an emptied register is more often a mistake."""
        if self.allow_shrink:
            return
        share, problems = shrink_share(), []
        for s in (s for s in staged if s.entry is not None and s.entry["previous"]):
            before = index["packages"][s.spec.name]["versions"][s.entry["previous"]]
            old_rows = {f["name"]: f["rows"] for f in before["files"] if f.get("rows") is not None}
            for table, counts in s.entry["changes"].items():
                old = old_rows.get(table, 0)
                if old and (counts["removed"] >= old or counts["removed"] > share * old):
                    message = (
                        f"{counts['removed']} of its {old} rows would be removed (more than {share:.0%}); "
                        "if that is meant, publish with --allow-shrink or EUCP_ALLOW_SHRINK=1"
                    )
                    problems.append(Problem(f"{s.spec.name}/{table}", None, None, None, "shrink", message))
        if problems:
            raise InvalidData("the release would remove too many rows; nothing was published", problems)

    def check_published(self, index: dict) -> None:
        """The latest version of every package is still byte for byte what index.json recorded."""
        problems = []
        for name, entry in index["packages"].items():
            version = entry.get("latest")
            for f in entry.get("versions", {}).get(version, {}).get("files", []):
                path = self.root / name / version / f["path"]
                where = f"published/{name}/{version}/{f['path']}"
                if not path.is_file():
                    problems.append(Problem(where, None, None, None, "immutable", "a published file is missing"))
                elif sha256(path) != f["sha256"]:
                    message = "differs from the sha256 index.json records; published versions are never edited"
                    problems.append(Problem(where, None, None, None, "immutable", message))
        if problems:
            raise InvalidData("a published version was changed; nothing was published (restore it first)", problems)

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
        """versions.json and latest of every package, and the catalogue, from index.json."""
        if index["packages"]:
            catalog.write(index, self.root, self.base_url)
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
