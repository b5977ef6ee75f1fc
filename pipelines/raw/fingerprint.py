"""A digest of raw/ as it is now: what a run read, compared again when it commits (no stale publish).

Symlinks are digested by their target's name, not followed: a link out of raw/ is refused by the
readers, and must not make the digest read a device or a huge file elsewhere.
"""

import hashlib
import time
from pathlib import Path


def raw_fingerprint(raw_dir: Path) -> str:
    """Every file in raw/ (path and content), so any addition, change or removal shows."""
    digest = hashlib.sha256()
    for path in sorted(p for p in raw_dir.rglob("*") if p.is_symlink() or p.is_file()):
        digest.update(path.relative_to(raw_dir).as_posix().encode() + b"\0")
        if path.is_symlink():
            digest.update(b"link:" + str(path.readlink()).encode())
            continue
        digest.update(sha256_once(path))
    return digest.hexdigest()


_DIGESTS: dict[tuple, bytes] = {}
RACY_NS = 2_000_000_000  # a file written less than this long ago is read every time (git's "racy" entries)


def _identity(path: Path) -> tuple:
    stat = path.stat()
    return (str(path), stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def sha256_once(path: Path) -> bytes:
    """The SHA-256 of a file's content, read once a process while the file stays as it was: remembered by its
    device, inode, size, and modification and change times (what git's index trusts; any write moves the
    change time, which no one can set back). A publish digests raw/ before the run, as the run starts, while
    it reads a register, and when it commits: a 1.6 GB register was read four times, now once."""
    before = _identity(path)
    if before in _DIGESTS:
        return _DIGESTS[before]
    with path.open("rb") as f:  # streamed: a register may be larger than memory
        digest = hashlib.file_digest(f, "sha256").digest()
    settled = time.time_ns() - max(before[-2:]) > RACY_NS  # times are coarse: a write within them shows no change
    if settled and _identity(path) == before:  # and not written while it was read
        if len(_DIGESTS) > 4096:
            _DIGESTS.clear()
        _DIGESTS[before] = digest
    return digest
