"""The no-change fast path: a fingerprint of what a publish saw, so the next one can say "nothing changed"
without importing Dagster or reading a table.

It covers everything a publish depends on: every file in raw/ (path and content), the code (every .py and
.sql under pipelines/ and schemas/, the site's .js and .css, pyproject.toml, uv.lock, package-lock.json),
EUCP_BASE_URL, and published/ as the publish left it (index.json, catalogues, versions.json and `latest`
links by content; the latest versions' files by content up to LARGE bytes, larger ones by size and
modification time, so a no-change check of a 10M-row release does not hash gigabytes twice). It is kept
in build/fingerprints/, outside published/, which stays byte for byte what the pipeline wrote. Standard
library only: it runs before any heavy import.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from pipelines.raw.fingerprint import raw_fingerprint

REPO = Path(__file__).resolve().parents[1]
STORE = REPO / "build" / "fingerprints"
CODE = (("pipelines", ("*.py", "*.sql", "*.js", "*.css")), ("schemas", ("*.py",)))
CODE_FILES = ("pyproject.toml", "uv.lock", "package-lock.json")
LARGE = 1 << 20
SKIP = {".publish.lock"}


def _file(digest, path: Path, name: str, by_stat: bool = False) -> None:
    digest.update(name.encode() + b"\0")
    if path.is_symlink():
        digest.update(b"link:" + os.readlink(path).encode())
    elif by_stat:
        stat = path.stat()
        digest.update(f"stat:{stat.st_size}:{stat.st_mtime_ns}".encode())
    else:
        with path.open("rb") as f:
            digest.update(hashlib.file_digest(f, "sha256").digest())


def _tree(digest, root: Path, files) -> None:
    for path in sorted(files):
        _file(digest, path, path.relative_to(root).as_posix())


def inputs(raw_dir: Path, repo: Path = REPO) -> str:
    """raw/ and the code, before a run: what the run is about to read."""
    digest = hashlib.sha256(b"inputs v1\0")
    digest.update(os.environ.get("EUCP_BASE_URL", "").encode() + b"\0")
    digest.update(raw_fingerprint(raw_dir).encode() + b"\0")  # the same digest the release compares
    for folder, patterns in CODE:
        _tree(digest, repo, (p for pattern in patterns for p in (repo / folder).rglob(pattern)))
    _tree(digest, repo, (repo / name for name in CODE_FILES if (repo / name).is_file()))
    return digest.hexdigest()


def published(root: Path) -> str:
    """published/ as a publish left it: its own files, and the files of each package's latest version."""
    digest = hashlib.sha256(b"published v1\0")
    if not root.is_dir():
        return digest.hexdigest()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.name in SKIP or path.is_dir() and not path.is_symlink() or any(p.startswith(".") for p in rel.parts):
            continue
        in_version = len(rel.parts) > 2
        latest = (root / rel.parts[0] / "latest").resolve() if in_version else None
        if in_version and (latest is None or not path.resolve().is_relative_to(latest)):
            continue  # an older, immutable version: index.json and the hashes it holds cover it
        _file(digest, path, rel.as_posix(), by_stat=in_version and path.stat().st_size > LARGE)
    return digest.hexdigest()


def _store(raw_dir: Path, out: Path, store: Path) -> Path:
    key = hashlib.sha256(f"{raw_dir.resolve()}\0{out.resolve()}".encode()).hexdigest()[:16]
    return store / f"{key}.json"


def unchanged(raw_dir: Path, out: Path, seen: str, store: Path = STORE) -> bool:
    """Whether raw/, the code and published/ are what the last successful publish saw and left."""
    path = _store(raw_dir, out, store)
    if not path.is_file():
        return False
    last = json.loads(path.read_text(encoding="utf-8"))
    return last.get("inputs") == seen and last.get("published") == published(out)


def remember(raw_dir: Path, out: Path, seen: str, store: Path = STORE) -> None:
    """After a successful publish: what it read (`seen`, taken before it ran) and what it left."""
    path = _store(raw_dir, out, store)
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"raw": str(raw_dir), "out": str(out), "inputs": seen, "published": published(out)}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def forget(raw_dir: Path, out: Path, store: Path = STORE) -> None:
    _store(raw_dir, out, store).unlink(missing_ok=True)
