"""Evidence: every value carries the words of a page that state it, and the run refuses what does not hold."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb
import polars as pl

from pipelines.core.statements import stated_fields, values
from schemas import TABLES
from schemas.evidence import BASES, INFERENCES
from schemas.packages import PARTNERSHIPS
from schemas.tables.statements import STATED_TABLES
from tests.conftest import REPO, failure_report

PUBLISHED = REPO / "published"


def evidence_rows(raw: Path) -> list[tuple[Path, int, dict]]:
    """Every evidence row with its file and the row number a spreadsheet program shows."""
    out = []
    for path in sorted((raw / "evidence").glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as f:
            out += [(path, n, r) for n, r in enumerate(csv.DictReader(f), start=2)]
    return out


def rewrite(path: Path, keep) -> None:
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows([rows[0], *(r for n, r in enumerate(rows[1:], 2) if keep(n, r))])


def first(raw: Path, table: str, field: str) -> tuple[Path, int, dict]:
    return next(e for e in evidence_rows(raw) if e[2]["table"] == table and e[2]["field"] == field)


def test_a_value_without_evidence_fails_at_its_register_row(raw: Path, tmp_path: Path):
    _, _, row = first(raw, "partnerships", "acronym")
    for path in (raw / "evidence").glob("*.csv"):
        rewrite(path, lambda n, r: not (r[0] == "partnerships" and r[1] == row["key"] and r[2] == "acronym"))
    report = failure_report(raw, tmp_path)
    assert re.search(
        rf"registers/partnerships\.csv, row \d+, column 'acronym': \[no_evidence\] .*'{row['key']}'", report
    )


def test_words_that_do_not_state_the_value_fail_at_the_evidence_row(raw: Path, tmp_path: Path):
    path, number, row = first(raw, "partnerships", "programme_id")
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    rows[number - 1][4] = "A partnership of clusters."  # names no programme
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    report = failure_report(raw, tmp_path)
    place = f"evidence/{path.name}, row {number}, column 'quote': [not_stated] partnerships {row['key']!r} programme_id"
    assert place in report


def test_an_inference_outside_the_closed_list_is_refused(raw: Path, tmp_path: Path):
    path, number, _ = first(raw, "partnership_members", "role")
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    rows[number - 1][5] = "inferred:listed-first"  # being listed first is not being coordinator
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    report = failure_report(raw, tmp_path)
    assert f"evidence/{path.name}, row {number}, column 'basis'" in report
    assert "listed-first" in report


def test_a_quote_not_in_the_kept_copy_fails(raw: Path, tmp_path: Path):
    """The founding article is kept; words it does not hold cannot be credited to it, even if they state the
    value."""
    with (raw / "evidence" / "zz-test.csv").open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(
            [
                ["table", "key", "field", "source", "quote", "basis", "notes"],
                ["programmes", "ESCP-4i", "framework", "klusterialoitteet-fi", "funded under COSME", "stated", ""],
            ]
        )
    report = failure_report(raw, tmp_path)
    assert "evidence/zz-test.csv, row 2, column 'quote': [not_in_copy]" in report


def _published_values(package: Path) -> pl.DataFrame:
    found = []
    for name in STATED_TABLES:
        path = package / "data" / f"{name}.parquet"
        if path.is_file():
            found.append(values(name, pl.read_parquet(path)).select("table_name", "row_key", "field_name", "value"))
    return pl.concat(found)


def _covered(release_root: Path) -> None:
    statements = pl.read_parquet(release_root / "eu-cluster-partnerships" / "latest" / "data" / "statements.parquet")
    every = pl.concat(
        [
            _published_values(p / "latest")
            for p in (release_root / n for n in ("eu-cluster-partnerships", "clusterxchange"))
        ]
    )
    key = ["table_name", "row_key", "field_name"]
    missing = every.join(statements.select(key).unique(), on=key, how="anti")
    assert missing.is_empty(), f"values without evidence:\n{missing.head(20)}"
    assert statements["quote"].str.len_chars().min() > 0
    assert set(statements["basis"]) <= set(BASES)
    wrong_value = every.join(statements.select(*key, stated="value").unique(), on=key).filter(
        pl.col("value") != pl.col("stated")
    )
    assert wrong_value.is_empty(), wrong_value.head()


def test_every_value_of_a_fresh_release_has_evidence(release):
    _covered(release.published)


def test_every_value_of_the_committed_release_has_evidence():
    """What users download: every non-empty, non-derived value of the latest versions has a quote."""
    _covered(PUBLISHED)


def test_derived_fields_say_so_and_every_other_field_has_a_matcher():
    for name in STATED_TABLES:
        table = TABLES[name]
        traced = {f.name for f in stated_fields(table)}
        for f in table.read_fields:
            if f.name in traced:
                assert f.matcher is not None
            elif f.name not in table.primary_key and f.parser not in ("precision", "any_precision"):
                assert f.name in {"source_id", "source_url", "further_source_urls", "notes", "quote"}, (name, f.name)


def test_the_join_in_the_package_guide_runs_on_the_committed_files():
    """The DuckDB line the package README gives, run as a user would, from the repository's root."""
    line = next(ln.strip() for ln in PARTNERSHIPS.guide.splitlines() if "statements.parquet" in ln)
    sql = re.fullmatch(r'duckdb -c "(.*)"', line).group(1)
    rows = duckdb.connect().execute(sql.replace("'published/", f"'{PUBLISHED}/")).fetchall()
    assert rows and all(quote for _, _, _, quote, _, _ in rows)


def test_the_package_readme_explains_every_inference_a_statement_names():
    """A user reading `inferred:generation-from-closed-calls` in the committed statements finds the rule in the
    package's README, worded as the evidence check applies it."""
    latest = PUBLISHED / "eu-cluster-partnerships" / "latest"
    readme = (latest / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Inference rules", 1)[1].split("\n## ", 1)[0]
    bases = set(pl.read_parquet(latest / "data" / "statements.parquet")["basis"])
    used = {b.removeprefix("inferred:") for b in bases if b.startswith("inferred:")}
    assert used and used <= set(INFERENCES)
    for rule, meaning in INFERENCES.items():
        assert f"- `{rule}`: {meaning}." in section
