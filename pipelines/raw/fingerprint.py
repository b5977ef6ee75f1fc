"""A digest of raw/ as it is now: what a run read, compared again when it commits (no stale publish).

Symlinks are digested by their target's name, not followed: a link out of raw/ is refused by the
readers, and must not make the digest read a device or a huge file elsewhere.
"""

import hashlib
from pathlib import Path


def raw_fingerprint(raw_dir: Path) -> str:
    """Every file in raw/ (path and content), so any addition, change or removal shows."""
    digest = hashlib.sha256()
    for path in sorted(p for p in raw_dir.rglob("*") if p.is_symlink() or p.is_file()):
        digest.update(path.relative_to(raw_dir).as_posix().encode() + b"\0")
        if path.is_symlink():
            digest.update(b"link:" + str(path.readlink()).encode())
            continue
        file = hashlib.sha256()
        with path.open("rb") as f:
            while chunk := f.read(1 << 20):
                file.update(chunk)
        digest.update(file.digest())
    return digest.hexdigest()
