"""Issue 9, findings 3 to 6 and 11: a release is whole across packages whatever kills it, never stale,
never a silent mass deletion, and its changes.csv is as safe to open as every other CSV."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from pipelines.problems import InvalidData
from pipelines.publish import changes as changelog
from pipelines.publish.releases import Releases
from schemas.packages import CLUSTERXCHANGE, PACKAGES, PARTNERSHIPS
from tests.conftest import REPO

CHILD = """
import sys, polars as pl
from pathlib import Path
from pipelines.publish.releases import Releases
from schemas.packages import PACKAGES
data, out = Path(sys.argv[1]), Path(sys.argv[2])
packages = [(s, {t.name: pl.read_parquet(data / s.name / f"{t.name}.parquet") for t in s.tables}) for s in PACKAGES]
Releases(out, lock_timeout=5).release(packages)
"""


def tables(published: Path) -> list[tuple]:
    """Every package's tables as published in its latest version."""
    return [
        (s, {t.name: pl.read_parquet(published / s.name / "latest" / "data" / f"{t.name}.parquet") for t in s.tables})
        for s in PACKAGES
    ]


def edited(packages: list[tuple]) -> list[tuple]:
    """A change in every package: a note corrected in each."""
    out = []
    for spec, frames in packages:
        name = "partnerships" if spec is PARTNERSHIPS else "exchange_partnerships"
        frame = frames[name]
        first = pl.int_range(pl.len()) == 0
        changed = frame.with_columns(pl.when(first).then(pl.lit("Changed.")).otherwise(pl.col("notes")).alias("notes"))
        out.append((spec, {**frames, name: changed}))
    return out


def state(out: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.is_symlink() and not any(part.startswith(".") for part in p.relative_to(out).parts)
    }


def assert_whole(out: Path) -> dict[str, str]:
    """index.json, latest, versions.json and the catalogue agree, and every listed file is there: one release."""
    index = json.loads((out / "index.json").read_text())
    latest = {}
    for name, entry in index["packages"].items():
        latest[name] = entry["latest"]
        assert os.readlink(out / name / "latest") == entry["latest"]
        assert json.loads((out / name / "versions.json").read_text())["latest"] == entry["latest"]
        for f in entry["versions"][entry["latest"]]["files"]:
            assert (out / name / entry["latest"] / f["path"]).is_file()
        assert sorted(p.name for p in (out / name).iterdir()) == sorted([*entry["versions"], "latest", "versions.json"])
        assert f"{name}/{entry['latest']}/" in (out / "catalog.ttl").read_text()
    assert not list(out.glob(".staging-*"))
    return latest


@pytest.fixture
def published(release, tmp_path) -> Path:
    """A copy of a real first release (1.0.0 of every package) that a test may publish over."""
    return Path(shutil.copytree(release.published, tmp_path / "published", symlinks=True))


def points() -> list[str]:
    """Between the packages' staging, between their renames, after the last rename, after the commit point."""
    first = PACKAGES[0].name
    return [f"staged:{first}", f"renamed:{first}", "renamed", "committed"]


@pytest.mark.parametrize("point", points())
def test_a_release_killed_at_any_step_is_the_old_release_or_the_new_one_whole(published, tmp_path, point):
    data = tmp_path / "data"
    for spec, frames in edited(tables(published)):
        (data / spec.name).mkdir(parents=True)
        for name, frame in frames.items():
            frame.write_parquet(data / spec.name / f"{name}.parquet")
    child = tmp_path / "child.py"
    child.write_text(CHILD, encoding="utf-8")
    before = state(published)
    flag = tmp_path / "paused"
    env = dict(os.environ, EUCP_PAUSE_AT=point, EUCP_PAUSE_FLAG=str(flag), PYTHONPATH=str(REPO))
    process = subprocess.Popen([sys.executable, str(child), str(data), str(published)], cwd=REPO, env=env)
    try:
        deadline = time.monotonic() + 120
        while not flag.exists():
            assert process.poll() is None and time.monotonic() < deadline, f"never reached {point}"
            time.sleep(0.1)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    index = json.loads((published / "index.json").read_text())
    committed = point == "committed"
    expected = "1.0.1" if committed else "1.0.0"
    assert {name: entry["latest"] for name, entry in index["packages"].items()} == {s.name: expected for s in PACKAGES}
    if not committed:
        assert {k: v for k, v in state(published).items() if k in before} == before
    # the next run repairs what the kill left (leftovers, latest, versions.json, catalogue): one whole release
    Releases(published, lock_timeout=5).release([])
    assert assert_whole(published) == {s.name: expected for s in PACKAGES}


def test_a_failing_second_package_publishes_nothing_of_the_first(published, monkeypatch):
    before = state(published)
    compare = changelog.compare

    def failing(spec, *args):
        if spec is CLUSTERXCHANGE:
            raise RuntimeError("the second package fails")
        return compare(spec, *args)

    monkeypatch.setattr(changelog, "compare", failing)
    with pytest.raises(RuntimeError):
        Releases(published, lock_timeout=5).release(edited(tables(published)))
    assert state(published) == before
    monkeypatch.setattr(changelog, "compare", compare)
    Releases(published, lock_timeout=5).release([])
    assert assert_whole(published) == {s.name: "1.0.0" for s in PACKAGES}


def test_a_run_whose_raw_changed_before_it_commits_publishes_nothing(published):
    before = state(published)
    releases = Releases(published, lock_timeout=5, raw_now=lambda: "raw as it is now")
    with pytest.raises(InvalidData, match=r"\[stale\] raw/ changed after this run read it"):
        releases.release(edited(tables(published))[1:], read_fingerprint="raw as the run read it")
    assert state(published) == before


def test_emptying_a_table_is_refused_unless_allowed_and_then_a_major_version(published, monkeypatch):
    packages = tables(published)
    spec, frames = packages[0]
    emptied = [(spec, {**frames, "partnership_members": frames["partnership_members"].clear()})]
    with pytest.raises(InvalidData, match=r"partnership_members: \[shrink\] \d+ of its \d+ rows.*--allow-shrink"):
        Releases(published, lock_timeout=5).release(emptied)
    monkeypatch.setenv("EUCP_ALLOW_SHRINK", "1")
    (outcome,) = Releases(published, lock_timeout=5).release(emptied)
    assert (outcome.version, outcome.bump) == ("2.0.0", "major")  # removed rows: keys a user holds are gone


def test_removing_more_than_half_the_rows_is_refused(published):
    spec, frames = tables(published)[0]
    halved = [(spec, {**frames, "partnership_members": frames["partnership_members"].head(10)})]
    with pytest.raises(InvalidData, match=r"\[shrink\].*more than 50%"):
        Releases(published, lock_timeout=5).release(halved)


def test_changes_csv_neutralises_formula_like_keys(published):
    spec, frames = tables(published)[0]
    programmes = frames["programmes"]
    risky = programmes.head(1).with_columns(programme_id=pl.lit('=HYPERLINK("http://x","y")'))
    (outcome,) = Releases(published, lock_timeout=5).release(
        [(spec, {**frames, "programmes": programmes.vstack(risky)})]
    )
    text = (outcome.path / "changes.csv").read_text(encoding="utf-8")
    assert 'programmes,added,"\'=HYPERLINK(""http://x"",""y"")",' in text
    assert ',"=HYPERLINK' not in text


def test_an_edited_file_in_a_published_version_fails_the_next_run_naming_it(published):
    target = published / PARTNERSHIPS.name / "1.0.0" / "data" / "calls.csv"
    target.write_text(target.read_text(encoding="utf-8") + "x\n", encoding="utf-8")
    with pytest.raises(InvalidData, match=r"published/eu-cluster-partnerships/1.0.0/data/calls.csv: \[immutable\]"):
        Releases(published, lock_timeout=5).release([])


def test_staging_leftovers_are_ignored_by_git():
    probe = subprocess.run(
        ["git", "check-ignore", "-q", "published/.staging-eu-cluster-partnerships/data/x.csv"], cwd=REPO
    )
    assert probe.returncode == 0
