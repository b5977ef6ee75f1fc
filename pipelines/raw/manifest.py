"""The sources manifest (raw/sources.yaml), read with the line each entry starts on."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import yaml

from pipelines.problems import InvalidData, Problem
from pipelines.raw.tabular import RawTable, cell_text, sha256_of

FIELDS = ("id", "url", "title", "publisher", "language", "accessed", "licence", "document", "register", "notes")


def read_sources(raw_dir: Path, rel: str = "sources.yaml") -> RawTable:
    path = raw_dir / rel
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise InvalidData(f"{rel}: not valid YAML", [Problem(rel, None, line, None, "yaml", str(e))]) from e
    entries = []
    if node is not None and isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "sources" and isinstance(value, yaml.SequenceNode):
                entries = value.value
    if not entries:
        raise InvalidData(
            f"{rel}: no sources", [Problem(rel, None, None, "sources", "empty", "expected a list under 'sources:'")]
        )
    problems, rows = [], []
    for entry in entries:
        line = entry.start_mark.line + 1
        if not isinstance(entry, yaml.MappingNode):
            problems.append(Problem(rel, None, line, None, "not_a_mapping", "each source must be a mapping of fields"))
            continue
        item = {k.value: v for k, v in entry.value}
        for unknown in sorted(set(item) - set(FIELDS)):
            problems.append(
                Problem(rel, None, line, unknown, "unknown_field", f"sources take only {', '.join(FIELDS)}")
            )
        rows.append({f: cell_text(item[f].value) if f in item else None for f in FIELDS} | {"raw_row": line})
    if problems:
        raise InvalidData(f"{rel}: malformed entries", problems)
    frame = pl.DataFrame(rows, schema={**dict.fromkeys(FIELDS, pl.String), "raw_row": pl.Int64})
    frame = frame.with_columns(raw_file=pl.lit(rel), raw_sheet=pl.lit(None, pl.String)).select(
        *FIELDS, "raw_file", "raw_sheet", "raw_row"
    )
    return RawTable(frame, rel, sha256_of(path))
