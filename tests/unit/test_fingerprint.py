"""The no-change fast path notices any change to raw/, the code or published/."""

from __future__ import annotations

import hashlib
import os
import shutil
import time

import pytest

from pipelines import fingerprint
from pipelines.raw import fingerprint as raw_fingerprint
from pipelines.raw.fingerprint import sha256_once
from tests.conftest import REPO


@pytest.fixture
def world(tmp_path):
    """A copy of raw/ and of the code, a small published/ with one package, and a fingerprint store."""
    raw = shutil.copytree(REPO / "raw", tmp_path / "raw")
    repo = tmp_path / "repo"
    for folder in ("pipelines", "schemas"):
        shutil.copytree(REPO / folder, repo / folder, ignore=shutil.ignore_patterns("__pycache__"))
    for name in fingerprint.CODE_FILES:
        shutil.copy(REPO / name, repo / name)
    out = tmp_path / "published"
    (out / "pkg" / "1.0.0" / "data").mkdir(parents=True)
    (out / "pkg" / "1.0.0" / "data" / "t.csv").write_text("a\n1\n")
    (out / "pkg" / "1.0.0" / "data" / "big.csv").write_bytes(b"x" * (fingerprint.LARGE + 1))
    os.symlink("1.0.0", out / "pkg" / "latest")
    (out / "index.json").write_text("{}\n")
    store = tmp_path / "store"
    fingerprint.remember(raw, out, fingerprint.inputs(raw, repo), store)
    return raw, repo, out, store


def _unchanged(world) -> bool:
    raw, repo, out, store = world
    return fingerprint.unchanged(raw, out, fingerprint.inputs(raw, repo), store)


def test_nothing_changed_is_recognised(world):
    assert _unchanged(world)


EDITS = {
    "raw file edited": lambda raw, repo, out: (raw / "registers/programmes.csv").open("a").write("\n"),
    "raw file added": lambda raw, repo, out: (raw / "exchanges/new.csv").write_text("x\n"),
    "raw file removed": lambda raw, repo, out: (raw / "registers/programmes.csv").unlink(),
    "raw file renamed": lambda raw, repo, out: (raw / "registers/programmes.csv").rename(raw / "registers/p.csv"),
    "code edited": lambda raw, repo, out: (repo / "pipelines/out/coverage.sql").open("a").write("\n"),
    "schema edited": lambda raw, repo, out: (repo / "schemas/kinds.py").open("a").write("\n"),
    "lock file edited": lambda raw, repo, out: (repo / "uv.lock").open("a").write("\n"),
    "npm lock file edited": lambda raw, repo, out: (repo / "package-lock.json").open("a").write("\n"),
    "site script edited": lambda raw, repo, out: (repo / "pipelines/publish/web/search.js").open("a").write("\n"),
    "published index edited": lambda raw, repo, out: (out / "index.json").write_text("{ }\n"),
    "published data edited": lambda raw, repo, out: (out / "pkg/1.0.0/data/t.csv").write_text("a\n2\n"),
    "published large file rewritten": lambda raw, repo, out: (out / "pkg/1.0.0/data/big.csv").write_bytes(
        b"y" * (fingerprint.LARGE + 2)
    ),
    "published file removed": lambda raw, repo, out: (out / "pkg/1.0.0/data/t.csv").unlink(),
    "latest link moved": lambda raw, repo, out: [
        (out / "pkg/latest").unlink(),
        os.symlink("2.0.0", out / "pkg/latest"),
    ],
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_any_change_is_noticed(world, edit):
    raw, repo, out, _ = world
    EDITS[edit](raw, repo, out)
    assert not _unchanged(world)


def test_base_url_is_an_input(world, monkeypatch):
    monkeypatch.setenv("EUCP_BASE_URL", "https://example.org/other")
    assert not _unchanged(world)


def test_the_fingerprint_is_kept_outside_published(world):
    raw, repo, out, store = world
    assert list(store.glob("*.json")) and not list(out.rglob("*fingerprint*"))


def test_the_command_line_defers_heavy_imports():
    """The no-change answer must not pay for importing Dagster, Polars or the schemas."""
    import subprocess
    import sys

    code = "import sys, pipelines.__main__; print(sorted({'dagster', 'polars', 'schemas'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_command_line_offers_the_schema_languages():
    from pipelines.__main__ import LANGUAGES
    from schemas.tables.exchanges import LANGUAGES as SCHEMA_LANGUAGES

    assert LANGUAGES == SCHEMA_LANGUAGES


def test_a_file_is_read_once_while_unchanged_and_again_after_any_write(tmp_path, monkeypatch):
    reads = []
    real = hashlib.file_digest
    monkeypatch.setattr(hashlib, "file_digest", lambda f, name: reads.append(f.name) or real(f, name))
    path = tmp_path / "register.csv"
    path.write_bytes(b"a,b\n1,2\n")
    assert sha256_once(path) == sha256_once(path) and len(reads) == 2  # just written: its times may not show a change
    monkeypatch.setattr(raw_fingerprint, "RACY_NS", 0)  # as if written long ago
    reads.clear()
    first = sha256_once(path)
    assert sha256_once(path) == first and len(reads) == 1  # raw/ digested again: not read again
    stat = path.stat()
    time.sleep(0.05)  # beyond the clock's granularity, as RACY_NS is in real use
    path.write_bytes(b"a,b\n1,3\n")  # same size, and the modification time set back
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert sha256_once(path) == hashlib.sha256(b"a,b\n1,3\n").digest() != first
    assert len(reads) == 2
