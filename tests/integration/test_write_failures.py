"""Issue 23, finding 7: a write that fails while a release is written (a full disk, a folder without write
permission, a read-only file system) is one located line, never a stack trace, and the previous release stays
whole. The failures are raised at real write points (the CSV writer's file, the rename into place), as the
operating system raises them; no file system is filled."""

import contextlib
import errno
import io
import json
import os
import shutil
from pathlib import Path

import pytest

from pipelines.__main__ import main
from pipelines.problems import InvalidData
from pipelines.publish import package
from pipelines.publish.releases import Releases
from tests.conftest import edit_csv, find_row
from tests.integration.test_release_safety import assert_whole, edited, state, tables


@pytest.fixture
def published(release, tmp_path) -> Path:
    """A copy of a real first release that a test may publish over."""
    return Path(shutil.copytree(release.published, tmp_path / "published", symlinks=True))


def _full_disk_while_writing(monkeypatch, table: str, after: int = 100) -> None:
    """The CSV of `table` gets `after` bytes onto the disk, then the disk is full (ENOSPC from write)."""
    real = package.write_csv

    def write_csv(t, data, path):
        if t.name != table:
            return real(t, data, path)
        with path.open("wb") as out:
            out.write(b"x" * after)
            out.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # write(2) names no file

    monkeypatch.setattr(package, "write_csv", write_csv)


def test_a_full_disk_while_staging_is_one_located_problem_and_the_release_stays(published, monkeypatch):
    before = state(published)
    _full_disk_while_writing(monkeypatch, "partnerships")
    with pytest.raises(InvalidData) as caught:
        Releases(published, lock_timeout=5).release(edited(tables(published)))
    [problem] = caught.value.problems
    assert (problem.file, problem.rule) == (
        "published/.staging-eu-cluster-partnerships/data/partnerships.csv",
        "write_failed",
    )
    assert "No space left on device (ENOSPC) writing into " + str(published) in problem.message
    assert "bytes are free" in problem.message and "the release needs about" in problem.message
    assert "nothing was published, the previous release is whole" in problem.message
    assert state(published) == before
    assert_whole(published)


@pytest.mark.parametrize(
    ("code", "words"), [(errno.EROFS, "Read-only file system (EROFS)"), (errno.EACCES, "Permission denied (EACCES)")]
)
def test_a_folder_that_cannot_be_written_at_the_rename_is_one_located_problem(published, monkeypatch, code, words):
    """The version folders are renamed into place before index.json is: a refusal there leaves index.json, and
    so the release, as it was (a folder renamed already is removed by the next run)."""
    before = json.loads((published / "index.json").read_text())
    real = os.rename

    def rename(src, dst, *args, **kwargs):
        if "clusterxchange" in str(dst):
            raise OSError(code, os.strerror(code), str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(InvalidData) as caught:
        Releases(published, lock_timeout=5).release(edited(tables(published)))
    [problem] = caught.value.problems
    assert problem.file.startswith("published/clusterxchange/") and problem.rule == "write_failed", problem
    assert words in problem.message and "bytes are free" not in problem.message
    assert json.loads((published / "index.json").read_text()) == before
    monkeypatch.setattr(os, "rename", real)
    Releases(published, lock_timeout=5).release(tables(published))  # the next run clears what was left
    assert_whole(published)


def test_publish_on_a_full_disk_prints_one_located_line_and_no_traceback(raw, published, monkeypatch):
    before = state(published)
    row = find_row(raw / "registers" / "programmes.csv", "programme_id", "ESCP-4i")
    edit_csv(raw / "registers" / "programmes.csv", row, notes="A corrected note.")
    _full_disk_while_writing(monkeypatch, "programmes")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["publish", "--raw", str(raw), "--out", str(published), "--force"])
    text = out.getvalue() + err.getvalue()
    assert code == 1 and "Traceback" not in text and "OSError" not in text, text[-3000:]
    lines = [line for line in text.splitlines() if "[write_failed]" in line]
    assert len(lines) == 1 and lines[0].startswith("published/.staging-eu-cluster-partnerships/data/programmes.csv: ")
    assert "No space left on device (ENOSPC)" in lines[0] and "Nothing was published" in text
    assert state(published) == before
