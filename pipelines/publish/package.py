"""Writing one version of a data package into a folder: CSV and Parquet per table, datapackage.json,
README, and its verification. Where versions live and how they are committed is `releases`' job.

Nothing read from the clock or the machine enters the files: the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq

from pipelines.problems import Problem
from pipelines.publish import citation
from pipelines.publish.verify import file_sha256, sampled_frictionless, verify_files
from pipelines.publish.views import views_sql
from pipelines.tablefile import TableFile, batches, in_order
from schemas import TABLES
from schemas.evidence import INFERENCES
from schemas.export import to_arrow, to_frictionless, to_markdown
from schemas.kinds import LIST_SEPARATOR
from schemas.model import Table
from schemas.packages import CONTRIBUTORS, LICENSE, PackageSpec

# The CSV files are the Data Package's resources (type "table", with their Table Schema), validated cell by
# cell by Frictionless. Each resource names its Parquet copy (same rows, native types) in the extension
# property `parquet`, with bytes and hash. Not a resource of its own: the v2 profile allows only "table" as a
# resource type, and frictionless-py 5 reads a Parquet table through pandas, which turns an empty integer into
# NaN and a list into a numpy array and then rejects valid data (or fails on lists). `verify` checks the
# Parquet files' bytes, hash, Arrow schema and row counts itself.
CSV = {"type": "table", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8"}
PARQUET = {"format": "parquet", "mediatype": "application/vnd.apache.parquet"}
# Written beside the data in every version (and hashed in index.json with CHANGELOG.md and changes.csv)
EXTRA_FILES = ("datapackage.json", "README.md", "LICENSE.md", "views.sql")
LEGALCODE = Path(__file__).with_name("texts") / "CC-BY-4.0.txt"
# A text cell a spreadsheet program would run as a formula starts with one of these; in CSV such a
# cell gets a leading apostrophe (the OWASP advice), so opening the file never runs anything.
FORMULA_START = r"^[=+\-@\t\r]"


def neutralised(column: pl.Expr) -> pl.Expr:
    return pl.when(column.str.contains(FORMULA_START)).then(pl.lit("'") + column).otherwise(column)


def write_csv(table: Table, data: pl.DataFrame | TableFile, path: Path) -> None:
    """Lists joined with ';', and every text cell that could run as a formula neutralised; a table on disk
    written a batch at a time (CSV has no state across rows, so the bytes are those of one write)."""
    texts = [f.name for f in table.all_fields if f.kind.name in ("string", "url", "string_list")]
    lists = {f.name for f in table.all_fields if f.kind.is_list}

    def encoded(numbered: tuple[int, pl.DataFrame]) -> bytes:
        number, frame = numbered
        flat = frame.with_columns(pl.col(c).list.join(LIST_SEPARATOR) if c in lists else pl.col(c) for c in texts)
        buffer = io.BytesIO()
        flat.with_columns(neutralised(pl.col(c)).alias(c) for c in texts).write_csv(
            buffer, include_header=number == 0, line_terminator="\n", date_format="%Y-%m-%d"
        )
        return buffer.getvalue()

    digest = hashlib.sha256()  # the bytes hashed as they are written: the descriptor's hash, without a reread
    with path.open("wb") as out:  # batches encoded on two threads (Polars releases the GIL), written in order
        for chunk in in_order(encoded, enumerate(batches(data)), ahead=2):
            out.write(chunk)
            digest.update(chunk)
    _remember(path, digest)


def write_parquet(table: Table, data: pl.DataFrame | TableFile, path: Path) -> None:
    """Parquet (zstd) of the table's Arrow schema. A table on disk is already that file (the core layer
    writes it so, sorted): it is copied, not rewritten."""
    if isinstance(data, TableFile) and len(data.paths) == 1:
        digest = hashlib.sha256()
        with open(data.paths[0], "rb") as source, path.open("wb") as out:
            while chunk := source.read(1 << 22):
                out.write(chunk)
                digest.update(chunk)
        _remember(path, digest)
        return
    if isinstance(data, TableFile):
        with pq.ParquetWriter(str(path), to_arrow(table), compression="zstd") as writer:
            for frame in data.batches():
                writer.write_table(frame.to_arrow().cast(to_arrow(table)))
        return
    pq.write_table(data.to_arrow().cast(to_arrow(table)), path, compression="zstd")


def sha256(path: Path) -> str:
    return file_sha256(path)


def created(frames: dict[str, pl.DataFrame]) -> str | None:
    """The latest date a source was read: when the data was last known true, not when it was built."""
    accessed = frames["sources"]["accessed"].max() if "sources" in frames else None
    return f"{accessed.isoformat()}T00:00:00Z" if accessed else None


def write_data(spec: PackageSpec, frames: dict[str, pl.DataFrame], folder: Path) -> None:
    (folder / "data").mkdir(parents=True, exist_ok=True)
    for t in spec.tables:
        write_csv(t, frames[t.name], folder / "data" / f"{t.name}.csv")
        write_parquet(t, frames[t.name], folder / "data" / f"{t.name}.parquet")


def _file(folder: Path, path: str) -> dict:
    """Size and hash for the descriptor, which is written twice a release (before and after the version
    is known): a file unchanged since it was written or hashed (same inode, size and time) is not read again.
    The verifier hashes every file from disk, on its own, and compares."""
    known = _identity(folder / path)
    if known not in _DIGESTS:
        _DIGESTS[known] = sha256(folder / path)
    return {"bytes": known[2], "hash": f"sha256:{_DIGESTS[known]}"}


_DIGESTS: dict[tuple, str] = {}


def _identity(path: Path) -> tuple:
    stat = path.stat()
    return (str(path), stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _remember(path: Path, digest) -> None:
    """The hash of a file this process has just written, from the bytes it wrote."""
    _DIGESTS[_identity(path)] = digest.hexdigest()


def descriptor(spec: PackageSpec, frames: dict[str, pl.DataFrame], folder: Path, version: str) -> dict:
    resources = [
        {
            "name": t.name,
            "path": f"data/{t.name}.csv",
            **CSV,
            "title": t.title,
            "description": t.description,
            **_file(folder, f"data/{t.name}.csv"),
            "schema": to_frictionless(t, set(spec.table_names)),
            "parquet": {"path": f"data/{t.name}.parquet", **PARQUET, **_file(folder, f"data/{t.name}.parquet")},
        }
        for t in spec.tables
    ]
    out = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": spec.name,
        "title": spec.title,
        "description": spec.description,
        "version": version,
        "created": created(frames),
        "keywords": list(spec.keywords),
        "licenses": [LICENSE],
        "contributors": list(CONTRIBUTORS),
        "sources": _sources(frames),
        "resources": resources,
    }
    return {k: v for k, v in out.items() if v is not None}


def _sources(frames: dict[str, pl.DataFrame]) -> list[dict] | None:
    if "sources" not in frames:
        return None
    out = []
    for s in frames["sources"].iter_rows(named=True):
        entry = {"title": s["title"] or s["url"] or s["source_id"]}
        if s["url"]:
            entry["path"] = s["url"]
        out.append(entry)
    return out


def readme(spec: PackageSpec, frames: dict[str, pl.DataFrame], version: str) -> str:
    when = created(frames)
    lines = [
        f"# {spec.title}",
        "",
        spec.description,
        "",
        f"Version {version}. Licence: {LICENSE['title']} "
        f"({LICENSE['name']}; the full text is in `LICENSE.md`). Generated by the pipeline from `raw/`; do not edit "
        "by hand. What changed since the previous version is in `CHANGELOG.md` and, row by row, `changes.csv`.",
        "",
        "## How to cite",
        "",
        citation.line(spec.title, spec.name, version, when),
        "",
        "```bibtex",
        citation.bibtex(spec.title, spec.name, version, when).rstrip(),
        "```",
        "",
    ]
    lines += [
        "## Files",
        "",
        "Every table is published twice, with the same rows: as CSV (`data/<table>.csv`) and "
        "as Parquet with zstd compression (`data/<table>.parquet`).",
        "",
        "In the CSV files a text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return "
        "is prefixed with an apostrophe (`'`), so that a spreadsheet program opening the file cannot run "
        "it as a formula; numbers are left as they are, and the Parquet files keep every value exactly.",
        "",
        "`views.sql` defines a DuckDB view per table over its Parquet file (relative paths): run DuckDB in this "
        "folder, `.read views.sql`, then query the tables by name.",
        "",
        "| Table | Title | Rows |",
        "|---|---|---|",
    ]
    lines += [f"| `{t.name}` | {t.title} | {frames[t.name].height} |" for t in spec.tables]
    lines += ["", spec.guide.strip(), ""]
    if "statements" in spec.table_names:
        lines += inference_rules()
    lines += ["## Data dictionary", ""]
    lines += [to_markdown(t) for t in spec.tables]
    return "\n".join(lines).rstrip() + "\n"


def inference_rules() -> list[str]:
    """The closed list of rules a `statements` basis may name, as the evidence check applies them."""
    lines = [
        "## Inference rules",
        "",
        "A value whose `basis` is `inferred:<rule>` follows from its quote by one of these rules and no other; "
        "the statement's `notes` say what the quote gave the rule (a place, a start, a date) where the curator "
        "wrote it.",
        "",
    ]
    lines += [f"- `{rule}`: {meaning}." for rule, meaning in INFERENCES.items()]
    return [*lines, ""]


def licence(spec: PackageSpec, frames: dict[str, pl.DataFrame]) -> str:
    head = (
        f"The data in this package ({spec.title}) is published by the {citation.AUTHOR} under the Creative "
        f"Commons Attribution 4.0 International licence (CC-BY-4.0), {LICENSE['path']}. Attribute it as in "
        "README.md (How to cite). The sources' own terms are listed in the `sources` table.\n\n"
    )
    return head + LEGALCODE.read_text(encoding="utf-8")


def write_metadata(spec: PackageSpec, frames: dict[str, pl.DataFrame], folder: Path, version: str) -> dict:
    described = descriptor(spec, frames, folder, version)
    text = json.dumps(described, indent=2, ensure_ascii=False) + "\n"
    (folder / "datapackage.json").write_text(text, encoding="utf-8")
    (folder / "README.md").write_text(readme(spec, frames, version), encoding="utf-8")
    (folder / "LICENSE.md").write_text(licence(spec, frames), encoding="utf-8")
    (folder / "views.sql").write_text(views_sql(spec, version), encoding="utf-8")
    return described


def data_files(described: dict) -> list[dict]:
    """Every data file the descriptor lists: the CSV resources, then their Parquet copies (named <table>-parquet)."""
    csv = [{k: r[k] for k in ("name", "path", "format", "bytes", "hash")} for r in described["resources"]]
    parquet = [{"name": f"{r['name']}-parquet", **r["parquet"]} for r in described["resources"] if "parquet" in r]
    return csv + parquet


def verify(folder: Path, rows: dict[str, int], where: str) -> list[Problem]:
    """What is wrong with the package in `folder`, read back from its files: every cell against the Table
    Schema, keys, sizes, hashes, row counts and the Parquet rows (vectorised, `verify`), the Parquet Arrow
    schemas, and Frictionless on the descriptor and a sample of rows."""
    # Frictionless (pure Python, one core) reads its samples while DuckDB reads the files on the other
    with ThreadPoolExecutor(max_workers=1) as pool:
        sampled = pool.submit(sampled_frictionless, folder, where)
        problems = verify_files(folder, rows, where)
        problems += sampled.result()
    described = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for r in data_files(described):
        if r["format"] == "parquet" and (folder / r["path"]).is_file():
            table = r["name"].removesuffix("-parquet")
            if not pq.ParquetFile(folder / r["path"]).schema_arrow.equals(to_arrow(TABLES[table])):
                problems.append(
                    Problem(f"{where}/{r['path']}", None, None, None, "arrow_schema", "the file's Arrow schema differs")
                )
    return problems
