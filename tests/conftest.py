"""Shared helpers: a temporary copy of raw/, editing registers, and running the whole pipeline."""

from __future__ import annotations

import csv
import shutil
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import polars as pl
import pytest

from pipelines.__main__ import failures
from pipelines.core.exchanges import build_exchanges
from pipelines.core.validation import check_schema
from pipelines.definitions import ALL, build_definitions
from pipelines.raw.holders import read_register
from pipelines.tools.synthetic import generate
from schemas import TABLES

REPO = Path(__file__).resolve().parents[1]


@dataclass
class Run:
    success: bool
    failures: list[str]
    published: Path
    warnings: dict[str, str]  # non-blocking checks that did not pass → their description

    @property
    def report(self) -> str:
        return "\n".join(self.failures)


def run_pipeline(raw: Path, published: Path) -> Run:
    """The whole job in-process, as `python -m pipelines publish` runs it."""
    defs = build_definitions(raw, published, raw.parent / "warehouse.duckdb", raw.parent / "problems")
    result = defs.resolve_job_def(ALL).execute_in_process(
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
        run_config={"loggers": {"progress": {}}},
    )
    checks = [
        e.asset_check_evaluation_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"
    ]
    warned = {f"{c.asset_key.to_user_string()}:{c.check_name}": c.description for c in checks if not c.passed}
    return Run(result.success, failures(result), published, warned)


def failure_report(raw: Path, tmp_path: Path) -> str:
    """Run the pipeline on a broken copy of raw/: it must fail and publish nothing; what it reports."""
    run = run_pipeline(raw, tmp_path / "published")
    assert not run.success
    assert not (tmp_path / "published").exists() or not any((tmp_path / "published").glob("*/latest"))
    return run.report


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    """A private copy of the real raw/ folder that a test may break."""
    return Path(shutil.copytree(REPO / "raw", tmp_path / "raw"))


def edit_csv(path: Path, row: int, **cells: str) -> None:
    """Set cells of the row a spreadsheet program numbers `row` (the header is row 1)."""
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    for column, value in cells.items():
        rows[row - 1][header.index(column)] = value
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def find_row(path: Path, column: str, value: str) -> int:
    """The spreadsheet row number of the first row whose `column` is `value`."""
    with path.open(newline="", encoding="utf-8") as f:
        for number, record in enumerate(csv.DictReader(f), start=2):
            if record[column] == value:
                return number
    raise LookupError(f"no row with {column}={value!r} in {path}")


@pytest.fixture(scope="session")
def release(tmp_path_factory) -> Run:
    """One real run of the whole pipeline on a copy of raw/, shared by the tests that only read it."""
    base = tmp_path_factory.mktemp("release")
    raw = Path(shutil.copytree(REPO / "raw", base / "raw"))
    run = run_pipeline(raw, base / "published")
    assert run.success, run.report
    return run


def add_register(raw: Path, synthetic, name: str, language: str = "en") -> str:
    """Put a synthetic register into raw/exchanges/ and list it in raw/sources.yaml; its path under raw/."""
    from pipelines.tools.synthetic import write

    rel = f"exchanges/{name}"
    write(synthetic, raw / rel, language)
    with (raw / "sources.yaml").open("a", encoding="utf-8") as f:
        f.write(
            f"  - id: synthetic-{name.replace('.', '-').lower()}\n    register: {rel}\n"
            "    notes: SYNTHETIC register written by a test.\n"
        )
    return rel


EXCHANGES = TABLES["exchanges"]
COUNTRIES = ["FR", "DE", "FI", "IT", "ES", "PL"]
PARTNERSHIPS = ["BLUES", "RECiPE4Mobility", "CLAMTEX"]


def synthetic(rows=200, **kwargs):
    return generate(rows, partnerships=PARTNERSHIPS, countries=COUNTRIES, **kwargs)


def ingest(root: Path, rel: str) -> pl.DataFrame:
    """A register through the reader and the core builder, checked against the schema."""
    manifest = pl.DataFrame({"id": ["synthetic"], "register": [rel]})
    raw = read_register(root, rel, EXCHANGES).frame
    sources = pl.DataFrame(
        {"source_id": ["synthetic"], "url": [None]}, schema={"source_id": pl.String, "url": pl.String}
    )
    exchanges, problems = build_exchanges(raw, manifest, sources)
    assert problems == [] and check_schema(EXCHANGES, exchanges) == []
    return exchanges


def profile_errors(validator, descriptor: dict) -> list[str]:
    """The descriptor's errors against the Data Package v2 profile, but for fields of type `list`: the v2 Table
    Schema defines them (tableSchemaFieldList in the standard's dictionary), yet the published 2.0 profile JSON
    leaves them out of the field types it accepts, so it rejects every list field."""
    return [
        f"{list(e.path)}: {e.message}"
        for e in validator.iter_errors(descriptor)
        if not (isinstance(e.instance, dict) and e.instance.get("type") == "list" and "itemType" in e.instance)
    ]


SHAPES = REPO / "tests" / "standards" / "dcat-ap-3.0.1"  # vendored copies of the official shapes


def shacl_results(data, shapes: str) -> tuple[list[str], list[str]]:
    """(violations, warnings) of the rdflib graph `data` against one vendored shapes file, as messages."""
    from pyshacl import validate
    from rdflib import Graph

    _, graph, _ = validate(data, shacl_graph=Graph().parse(SHAPES / shapes), inference="none", allow_warnings=True)
    query = """PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?severity ?focus ?path ?message WHERE { ?report sh:result ?r . ?r sh:resultSeverity ?severity ;
            sh:focusNode ?focus . OPTIONAL { ?r sh:resultPath ?path } OPTIONAL { ?r sh:resultMessage ?message } }"""
    rows = [(str(r.severity).rsplit("#", 1)[-1], f"{r.focus} {r.path}: {r.message}") for r in graph.query(query)]
    return sorted(m for s, m in rows if s == "Violation"), sorted(m for s, m in rows if s != "Violation")
