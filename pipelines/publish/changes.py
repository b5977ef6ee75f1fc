"""What changed between two versions of a package, and the version number that follows.

The Frictionless versioning recipe, with keys as part of the contract: MAJOR when a resource or field
is removed or renamed, a field's type changes, or a row is removed (a key a user may hold, a renamed id
among them, no longer resolves); MINOR when resources, fields or rows are added; PATCH for corrections
(values changed in rows that stay, descriptions reworded). Rows are matched by primary key; the columns saying where
a row was curated (raw_file, raw_sheet, raw_row) are not compared, so moving a row in raw/ is no change.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from pipelines.publish.package import neutralised
from pipelines.tablefile import BATCH_ROWS, scratch, sql_literal, sql_name
from schemas.model import PROVENANCE_FIELDS
from schemas.packages import PackageSpec

BUMPS = ("patch", "minor", "major")
_PROVENANCE = {f.name for f in PROVENANCE_FIELDS}


@dataclass
class Changes:
    bump: str | None = None  # None: nothing changed; "initial" for a first release
    reasons: list[str] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # resource → added/removed/changed
    rows: list[str] = field(default_factory=list)  # DuckDB queries of (resource, change, key, fields), in order
    coverage: list[dict] = field(default_factory=list)  # stated totals beside what is registered, before and after
    evidence: list[dict] = field(default_factory=list)  # per table: values kept, re-credited, corrected, emptied

    def raise_to(self, bump: str, reason: str) -> None:
        self.reasons.append(reason)
        if self.bump is None or BUMPS.index(bump) > BUMPS.index(self.bump):
            self.bump = bump


COLUMNS = ("resource", "change", "key", "fields")


def write_rows(changes: Changes, path: Path) -> None:
    """changes.csv: every row added, removed or changed, by key: DuckDB finds them in the two versions'
    Parquet files (out of core), Polars writes them a batch at a time (no row loop, no table in memory)."""
    empty = pl.DataFrame(schema=dict.fromkeys(COLUMNS, pl.String))
    with path.open("wb") as out, scratch("eucp-changes-") as con:
        # keys are data: one starting with '=' is neutralised, as in every published CSV
        empty.write_csv(out, line_terminator="\n")
        for query in changes.rows:
            for batch in con.sql(query).to_arrow_reader(BATCH_ROWS):
                frame = pl.from_arrow(batch).select(pl.col(c).cast(pl.String) for c in COLUMNS)
                frame.with_columns(neutralised(pl.col(c)).alias(c) for c in COLUMNS).write_csv(
                    out, include_header=False, line_terminator="\n"
                )


def next_version(previous: str | None, bump: str) -> str:
    """1.0.0 for a first release; otherwise `previous` with the `bump` part raised."""
    if previous is None:
        return "1.0.0"
    major, minor, patch = (int(p) for p in previous.split("."))
    return {"major": f"{major + 1}.0.0", "minor": f"{major}.{minor + 1}.0", "patch": f"{major}.{minor}.{patch + 1}"}[
        bump
    ]


def compare(spec: PackageSpec, frames: dict[str, pl.DataFrame], previous: Path | None, staged: Path) -> Changes:
    """Changes from the release in folder `previous` (None for a first release) to the one `staged`."""
    changes = Changes()
    if previous is None:
        changes.bump = "initial"
        for t in spec.tables:
            changes.counts[t.name] = {"added": frames[t.name].height, "removed": 0, "changed": 0}
        return changes
    previous_metadata = json.loads((previous / "datapackage.json").read_text(encoding="utf-8"))
    old_schema = {
        r["name"]: {f["name"]: f["type"] for f in r["schema"]["fields"]}
        for r in previous_metadata["resources"]
        if r["format"] == "csv"
    }
    for gone in sorted(set(old_schema) - set(spec.table_names)):
        changes.raise_to("major", f"resource {gone} removed")
    for t in spec.tables:
        new_fields = {f.name: f.kind.frictionless["type"] for f in t.all_fields}
        old_fields = old_schema.get(t.name)
        if old_fields is None:
            changes.raise_to("minor", f"resource {t.name} added")
            changes.counts[t.name] = {"added": frames[t.name].height, "removed": 0, "changed": 0}
            continue
        for name in sorted(set(old_fields) - set(new_fields)):
            changes.raise_to("major", f"{t.name}.{name} removed or renamed")
        for name in sorted(set(old_fields) & set(new_fields)):
            if old_fields[name] != new_fields[name]:
                changes.raise_to("major", f"{t.name}.{name} changed type from {old_fields[name]} to {new_fields[name]}")
        for name in sorted(set(new_fields) - set(old_fields)):
            changes.raise_to("minor", f"{t.name}.{name} added")
        _compare_rows(changes, t, staged / "data" / f"{t.name}.parquet", previous / "data" / f"{t.name}.parquet")
    if changes.bump is None and _documentation(staged) != _documentation(previous):
        changes.raise_to("patch", "descriptions or documentation corrected")
    if changes.bump is not None and "coverage" in spec.table_names:
        changes.coverage = _coverage(frames["coverage"], pl.read_parquet(previous / "data" / "coverage.parquet"))
    old_statements = previous / "data" / "statements.parquet"
    if changes.bump is not None and "statements" in spec.table_names and old_statements.is_file():
        changes.evidence = evidence_changes(frames["statements"], pl.read_parquet(old_statements))
    return changes


EVIDENCE_OUTCOMES = ("kept", "re-credited", "corrected", "emptied", "added")


def evidence_changes(new: pl.DataFrame, old: pl.DataFrame) -> list[dict]:
    """Per table, what became of each value the previous release credited to a source: kept (the same value,
    still credited to a page it was credited to), re-credited (the same value, now credited to other pages
    only), corrected (another value), emptied (no value now, its row gone or the cell empty); and the values
    added. Dates are compared to the precision stated, amounts without trailing cents."""

    def per_value(frame: pl.DataFrame) -> pl.DataFrame:
        value = pl.col("value").str.replace(r"\.00$", "")
        return frame.group_by("table_name", "row_key", "field_name").agg(
            value=value.first(), sources=pl.col("source_id").unique()
        )

    before, after = per_value(old), per_value(new)
    both = before.join(after, on=["table_name", "row_key", "field_name"], how="full", suffix="_new", coalesce=True)
    same = pl.col("value").str.starts_with(pl.col("value_new")) | (pl.col("value") == pl.col("value_new"))
    shared = pl.col("sources").list.set_intersection(pl.col("sources_new")).list.len() > 0
    outcome = (
        pl.when(pl.col("value").is_null())
        .then(pl.lit("added"))
        .when(pl.col("value_new").is_null())
        .then(pl.lit("emptied"))
        .when(~same)
        .then(pl.lit("corrected"))
        .when(shared)
        .then(pl.lit("kept"))
        .otherwise(pl.lit("re-credited"))
    )
    counted = both.with_columns(outcome=outcome).group_by("table_name", "outcome").len()
    rows = []
    for table in sorted(set(counted["table_name"])):
        mine = dict(counted.filter(pl.col("table_name") == table).select("outcome", "len").rows())
        rows.append({"table_name": table, **{o: mine.get(o, 0) for o in EVIDENCE_OUTCOMES}})
    return rows


def _coverage(new: pl.DataFrame, old: pl.DataFrame) -> list[dict]:
    """Every stated total, with what the registers held of it before this release and after."""
    key = ["programme_id", "generation", "metric"]
    before = old.select(*key, registered_before="registered", ratio_before="ratio")
    after = new.filter(pl.col("stated_max").is_not_null()).select(*key, "stated_max", "registered", "ratio")
    return after.join(before, on=key, how="left").sort(key).to_dicts()


def _compare_rows(changes: Changes, table, new_path: Path, old_path: Path) -> None:
    """Rows added, removed and changed (with the fields that changed) between two Parquet files, matched by
    key in DuckDB: the counts now, the rows as queries `write_rows` runs when it writes changes.csv."""
    key = table.primary_key
    new, old = f"read_parquet({sql_literal(new_path)})", f"read_parquet({sql_literal(old_path)})"
    with scratch("eucp-changes-") as con:
        new_cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {new}").fetchall()]
        old_cols = {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {old}").fetchall()}
        compared = [c for c in new_cols if c in old_cols and c not in _PROVENANCE and c not in key]
        joined = "concat_ws('|', " + ", ".join(f"coalesce({sql_name(k)}::VARCHAR, '')" for k in key) + ")"
        keyed = {side: f"(SELECT {joined} AS _key, * FROM {source})" for side, source in (("new", new), ("old", old))}
        differs = ", ".join(
            f"CASE WHEN n.{sql_name(c)}::VARCHAR IS DISTINCT FROM o.{sql_name(c)}::VARCHAR THEN {sql_literal(c)} END"
            for c in compared
        )
        fields = f"array_to_string(list_filter([{differs}], lambda x: x IS NOT NULL), ';')" if compared else "''"
        head = f"SELECT {sql_literal(table.name)} AS resource, "
        queries = {
            "added": f"{head} 'added' AS change, n._key AS key, NULL::VARCHAR AS fields FROM {keyed['new']} n "
            f"ANTI JOIN {keyed['old']} o ON n._key = o._key ORDER BY key",
            "removed": f"{head} 'removed' AS change, o._key AS key, NULL::VARCHAR AS fields FROM {keyed['old']} o "
            f"ANTI JOIN {keyed['new']} n ON n._key = o._key ORDER BY key",
            "changed": f"{head} 'changed' AS change, _key AS key, _fields AS fields FROM (SELECT n._key, "
            f"{fields} AS _fields FROM {keyed['new']} n JOIN {keyed['old']} o ON n._key = o._key) "
            "WHERE _fields <> '' ORDER BY key",
        }
        counts = {kind: con.execute(f"SELECT count(*) FROM ({query})").fetchone()[0] for kind, query in queries.items()}
    changes.counts[table.name] = counts
    changes.rows += [query for kind, query in queries.items() if counts[kind]]
    added, removed, changed = counts["added"], counts["removed"], counts["changed"]
    if added:
        changes.raise_to("minor", f"{added} row(s) added to {table.name}")
    if removed:
        changes.raise_to("major", f"{removed} row(s) removed from {table.name} (keys removed or renamed)")
    if changed:
        changes.raise_to("patch", f"{changed} row(s) changed in {table.name}")


def _documentation(folder: Path) -> str:
    """Descriptor and README without what every release changes anyway (version, sizes, hashes)."""
    metadata = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    version = metadata.pop("version")

    def bare(r: dict) -> dict:
        return {k: bare(v) if k == "parquet" else v for k, v in r.items() if k not in ("bytes", "hash")}

    metadata["resources"] = [bare(r) for r in metadata["resources"]]
    text = (folder / "README.md").read_text(encoding="utf-8").replace(f"Version {version}.", "Version")
    text = re.sub(r"## How to cite\n.*?```\n", "", text, flags=re.S)  # names the version
    return json.dumps(metadata, sort_keys=True) + text


def markdown(spec: PackageSpec, version: str, previous: str | None, changes: Changes) -> str:
    head = f"# {spec.title} {version}\n\n"
    if previous is None:
        head += "First release.\n\n"
    else:
        head += f"Changes since {previous} ({changes.bump}: {'; '.join(changes.reasons)}).\n\n"
    lines = ["| Resource | Added | Removed | Changed |", "|---|---|---|---|"]
    lines += [f"| `{name}` | {c['added']} | {c['removed']} | {c['changed']} |" for name, c in changes.counts.items()]
    listed = (
        "every row is new"
        if previous is None
        else "every row added, removed or changed is listed, by primary key, in `changes.csv`"
    )
    return (
        head
        + "\n".join(lines)
        + f"\n\nIn this release {listed}.\n"
        + _coverage_markdown(changes.coverage)
        + _evidence_markdown(changes.evidence)
    )


def _evidence_markdown(rows: list[dict]) -> str:
    if not rows:
        return ""
    lines = [
        "",
        "## Evidence before and after",
        "",
        "What became of each value the previous release credited to a source, now that every value must carry "
        "the words of a page that states it (see `statements`): kept (still credited to a page it was "
        "credited to), re-credited (to other pages only), corrected (the pages state another value), emptied "
        "(no page that could be read states it), and values added.",
        "",
        "| Table | Kept | Re-credited | Corrected | Emptied | Added |",
        "|---|---|---|---|---|---|",
    ]
    lines += [f"| `{r['table_name']}` | " + " | ".join(str(r[o]) for o in EVIDENCE_OUTCOMES) + " |" for r in rows]
    total = {o: sum(r[o] for r in rows) for o in EVIDENCE_OUTCOMES}
    lines.append("| all | " + " | ".join(str(total[o]) for o in EVIDENCE_OUTCOMES) + " |")
    return "\n".join(lines) + "\n"


def _coverage_markdown(rows: list[dict]) -> str:
    if not rows:
        return ""

    def held(registered, ratio) -> str:
        return "–" if registered is None else f"{registered} ({ratio:.0%})" if ratio is not None else str(registered)

    lines = [
        "",
        "## Coverage before and after",
        "",
        "What the registers name of each total a source states (the highest where sources differ).",
        "",
        "| Programme | Generation | Metric | Stated | Before | After |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        before, after = held(r["registered_before"], r["ratio_before"]), held(r["registered"], r["ratio"])
        stated = f"{r['stated_max']:f}".rstrip("0").rstrip(".")
        lines.append(f"| {r['programme_id']} | {r['generation']} | {r['metric']} | {stated} | {before} | {after} |")
    return "\n".join(lines) + "\n"
