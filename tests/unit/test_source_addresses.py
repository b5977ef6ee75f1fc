"""Issue 23, finding 5: addresses of sources are http(s) only, declared once (the `url` kind's pattern) and
enforced by every export: a `javascript:` source was accepted and published in `sources`."""

import duckdb
import polars as pl
import pytest

from pipelines.core.build import build_sources
from pipelines.core.validation import check_schema
from pipelines.raw.manifest import read_sources
from schemas import TABLES
from schemas.export import to_duckdb_ddl, to_frictionless_field, to_markdown, to_pandera
from schemas.kinds import URL, URL_PATTERN
from schemas.model import DefinitionError, Field, Table

HOSTILE = ["javascript:alert(document.cookie)", "data:text/html,<script>x</script>", "file:///etc/passwd", "https://"]
URL_FIELDS = [(t.name, f.name) for t in TABLES.values() for f in t.all_fields if f.kind is URL]


def test_every_url_field_of_every_table_carries_the_pattern_in_every_export():
    assert {"sources", "documents"} <= {t for t, _ in URL_FIELDS}
    for table_name, name in URL_FIELDS:
        table = TABLES[table_name]
        field = table.field(name)
        assert field.pattern == URL_PATTERN, (table_name, name)
        assert to_frictionless_field(field)["constraints"]["pattern"] == URL_PATTERN[1:-1]
        assert f'CHECK (regexp_full_match("{name}", ' in to_duckdb_ddl(table)
        assert any("str_matches" in str(c) for c in to_pandera(table).columns[name].checks)
        assert f"matches `{URL_PATTERN}`" in to_markdown(table)


def test_a_url_field_cannot_drop_or_loosen_the_pattern_of_its_kind():
    with pytest.raises(DefinitionError, match="keeps the pattern of its kind"):
        Table("t", "T", "d", (Field("id", URL, "Id", "d", pattern=r"^.*$"),), ("id",))


@pytest.mark.parametrize("url", HOSTILE)
def test_a_source_whose_address_is_not_http_is_refused_at_its_manifest_line(tmp_path, url):
    (tmp_path / "sources.yaml").write_text(
        f"sources:\n  - id: good\n    url: https://example.org/a\n  - id: bad\n    url: '{url}'\n", encoding="utf-8"
    )
    no_copies = pl.DataFrame(schema={"document_id": pl.String, "sha256": pl.String})
    sources, problems = build_sources(read_sources(tmp_path).frame, no_copies)
    problems += check_schema(TABLES["sources"], sources)
    assert [(p.file, p.row, p.column) for p in problems] == [("sources.yaml", 4, "url")], problems
    assert problems[0].rule == "pattern" and url in problems[0].message


@pytest.mark.parametrize("url", HOSTILE)
def test_duckdb_and_the_pattern_agree_on_hostile_and_good_addresses(url):
    con = duckdb.connect()
    con.execute(to_duckdb_ddl(TABLES["sources"], keys=False))
    row = {"source_id": "s", "url": url, "raw_file": "sources.yaml", "raw_row": 1}
    columns = ", ".join(f'"{c}"' for c in row)
    with pytest.raises(duckdb.ConstraintException):
        con.execute(f"insert into sources ({columns}) values (?, ?, ?, ?)", list(row.values()))
    con.execute(
        f"insert into sources ({columns}) values (?, ?, ?, ?)",
        [*row.values()][:1] + ["https://a.eu/x"] + [*row.values()][2:],
    )
    assert pl.Series([url]).str.contains(URL_PATTERN).to_list() == [False]
