"""Writing a file so that a reader sees the old one or the new one, never half of one."""

import json
import os
from pathlib import Path


def atomic_text(path: Path, text: str) -> Path:
    """Written beside its place under a hidden name, then renamed over it (atomic on one file system)."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


def write_json(path: Path, data) -> None:
    atomic_text(path, json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
