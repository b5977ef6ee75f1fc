"""The sources manifest (raw/sources.yaml), read with the line each entry starts on.

It is read as YAML nodes, never constructed into Python objects, after a size check and a pass over
its events that refuses anchors and aliases and bounds the nesting: PyYAML expands aliases without limit
(a 28 KB alias bomb grows past 6 GB), and composes nodes by recursion, one call per level (a 120 KB file of
nested `[` ran 73 s into a RecursionError); a manifest has no use for either (it nests 3 levels). Every
field must be a scalar.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import polars as pl
import yaml

from pipelines.problems import InvalidData, Problem
from pipelines.raw.limits import YAML_BYTES, YAML_DEPTH, contained, not_a_file, over
from pipelines.raw.tabular import RawTable, cell_text, control_cells, sha256_of

# libyaml when PyYAML was built with it: the pure-Python loader takes about 0.3 s on the real manifest
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FIELDS = ("id", "url", "title", "publisher", "language", "accessed", "licence", "document", "register", "notes")


def _compose(text: str, rel: str, loader: type) -> yaml.Node | None:
    """The manifest's node tree, after a pass over its events refusing anchors and aliases (which
    compose would expand) and nesting deeper than the limit (which compose would recurse into), located at
    their line. The events come one at a time: the pass stops at the first level too deep."""
    depth, limit = 0, YAML_DEPTH.value
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            message = "anchors and aliases (&name, *name) are not accepted in the manifest: write values out"
            raise InvalidData(rel, [Problem(rel, None, event.start_mark.line + 1, None, "yaml_alias", message)])
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limit:
                problem = over(YAML_DEPTH, f"a list or mapping nested {depth} levels deep", rel)
                raise InvalidData(rel, [replace(problem, row=event.start_mark.line + 1)])
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return yaml.compose(text, Loader=loader)


def read_sources(raw_dir: Path, rel: str = "sources.yaml") -> RawTable:
    path = contained(raw_dir, rel)
    found = not_a_file(path)
    if found:
        raise InvalidData(rel, [Problem(rel, None, None, None, *found)])
    size = path.stat().st_size
    if size > YAML_BYTES.value:
        raise InvalidData(rel, [over(YAML_BYTES, f"{size:,} bytes", rel)])
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        line = path.read_bytes()[: e.start].count(b"\n") + 1
        raise InvalidData(rel, [Problem(rel, None, line, None, "encoding", "not UTF-8 text; save as UTF-8")]) from e
    try:
        node = _compose(text, rel, FAST_LOADER)
    except yaml.YAMLError:
        try:  # libyaml's message lacks the offending line and its caret: the Python loader's says it all
            node = _compose(text, rel, yaml.SafeLoader)
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
        item = {k.value: v for k, v in entry.value if isinstance(k, yaml.ScalarNode)}
        for key in (k for k, _ in entry.value if not isinstance(k, yaml.ScalarNode)):
            problems.append(
                Problem(rel, None, key.start_mark.line + 1, None, "not_a_scalar", "a field name must be text")
            )
        for unknown in sorted(set(item) - set(FIELDS)):
            problems.append(
                Problem(rel, None, line, unknown, "unknown_field", f"sources take only {', '.join(FIELDS)}")
            )
        for name, value in item.items():
            if name in FIELDS and not isinstance(value, yaml.ScalarNode):
                kind = "a list" if isinstance(value, yaml.SequenceNode) else "a mapping"
                message = f"{name} must be a single value, not {kind}"
                problems.append(Problem(rel, None, value.start_mark.line + 1, name, "not_a_scalar", message))
        rows.append(
            {f: cell_text(item[f].value) if isinstance(item.get(f), yaml.ScalarNode) else None for f in FIELDS}
            | {"raw_row": line}
        )
    frame = pl.DataFrame(rows, schema={**dict.fromkeys(FIELDS, pl.String), "raw_row": pl.Int64})
    problems += control_cells(frame, rel, None)  # "\0" and "\x01" are escapes a quoted YAML scalar may hold
    if problems:
        raise InvalidData(f"{rel}: malformed entries", problems)
    frame = frame.with_columns(raw_file=pl.lit(rel), raw_sheet=pl.lit(None, pl.String)).select(
        *FIELDS, "raw_file", "raw_sheet", "raw_row"
    )
    return RawTable(frame, rel, sha256_of(path))
