"""Writing a file so that a reader sees the old one or the new one, never half of one; and a write that
fails (a full disk, a folder without write permission, a read-only file system) said in one located line."""

import errno
import json
import os
import shutil
from pathlib import Path

from pipelines.problems import InvalidData, Problem


def atomic_text(path: Path, text: str) -> Path:
    """Written beside its place under a hidden name, then renamed over it (atomic on one file system)."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        e.filename = e.filename or str(path)
        raise
    return path


def write_json(path: Path, data) -> None:
    atomic_text(path, json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n")


FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def write_failed(
    error: OSError, root: Path, since_ns: int, needed: int | None = None, committed: bool = False
) -> InvalidData:
    """A write into published/ (`root`) that failed, as one problem: the file (the error's own, or else the one
    this run wrote last, which is the one it was writing), the folder, the reason, and for a full disk what
    was written before it filled, what the release needs as far as known, and what is free."""
    root = root.resolve()
    written, latest = 0, (0, None)
    for path in root.rglob("*") if root.is_dir() else ():
        try:
            info = path.lstat()
        except OSError:
            continue
        if path.is_file() and info.st_mtime_ns >= since_ns:
            written += info.st_size
            latest = max(latest, (info.st_mtime_ns, str(path)))
    failed = Path(error.filename) if error.filename else Path(latest[1]) if latest[1] else root
    try:
        where = f"{root.name}/{failed.resolve().relative_to(root).as_posix()}" if failed != root else root.name
    except ValueError:
        where = str(failed)
    reason = error.strerror or str(error)
    code = errno.errorcode.get(error.errno or 0, "")
    message = f"{reason}{f' ({code})' if code else ''} writing into {root}"
    if error.errno in FULL:
        try:
            free = shutil.disk_usage(root if root.is_dir() else root.parent).free
        except OSError:
            free = None
        message += f": this run had written {written:,} bytes there when it failed"
        if needed is not None:
            message += f"; the release needs about {needed:,} bytes (its previous versions' size)"
        if free is not None:
            message += f"; {free:,} bytes are free"
    message += (
        "; the release is committed, and the next publish writes its pages again"
        if committed
        else "; nothing was published, the previous release is whole"
    )
    return InvalidData(
        f"writing the release failed ({reason})", [Problem(where, None, None, None, "write_failed", message)]
    )
