"""The bare DuckDB reference: the same work the pipeline does on an exchange register, and no more.

    .venv/bin/python benchmarks/reference_duckdb.py REGISTER.csv OUT_DIR

Typed read (every date spelling the registers use), the scheme's rules (at least 3 working days, at most a
month, end not before start, COSME countries, known partnerships, a visitor once, known modes), ids (the
pipeline's: 'x-' and 12 hex digits of SHA-256 of the facts), the five exchange aggregates (the project's own
SQL files), Parquet (zstd) and CSV of each, and the SHA-256 of every file written. Prints one JSON line.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
AGGREGATES = (
    "exchanges_by_year_mode",
    "exchange_flows",
    "exchange_durations",
    "exchanges_by_partnership",
    "exchange_lump_sums",
)
HEADERS = {
    "Partnership": "partnership_id",
    "Visiting organisation": "visiting_organisation",
    "Visiting country": "visiting_country",
    "Host organisation": "host_organisation",
    "Host country": "host_country",
    "Start date": "start_date",
    "End date": "end_date",
    "Working days": "working_days",
    "Mode": "mode",
    "Group size": "group_size",
    "Lump sum": "lump_sum_eur",
    "Notes": "notes",
}
# The English register's mode words (schemas.tables.exchanges.MODE_WORDS["en"]) and the modes themselves.
MODES = {
    "in person": "physical",
    "on site": "physical",
    "onsite": "physical",
    "online": "virtual",
    "blended": "hybrid",
    **{m: m for m in ("physical", "virtual", "hybrid")},
}


def _date(column: str) -> str:
    c = f'trim("{column}")'
    return (
        f"coalesce(try_strptime({c}, '%Y-%m-%d'), try_strptime({c}, '%d/%m/%Y'), try_strptime({c}, '%d.%m.%Y'), "
        f"CASE WHEN regexp_full_match({c}, '[0-9]{{1,6}}') THEN DATE '1899-12-30' + CAST({c} AS INTEGER) END)::DATE"
    )


def _slug(column: str) -> str:
    """The pipeline's stable id from a name: lower case, runs of other characters as one hyphen."""
    return f"trim(regexp_replace(lower({column}), '[^a-z0-9]+', '-', 'g'), '-')"


def main(register: Path, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    columns = "{" + ", ".join(f"'{h}': 'VARCHAR'" for h in HEADERS) + "}"
    con.execute(f"CREATE VIEW register AS SELECT * FROM read_csv('{register}', header = true, columns = {columns})")
    text = {n: f"nullif(trim(\"{h}\"), '')" for h, n in HEADERS.items()}
    text["partnership_id"] = _slug(text["partnership_id"])
    renamed = ", ".join(f"{value} AS {name}" for name, value in text.items())
    con.execute(f"CREATE TEMP TABLE named AS SELECT {renamed} FROM register")
    con.execute(
        f"CREATE TEMP TABLE exchange_partnerships AS SELECT {_slug('partnership')} AS partnership_id, "
        "planned_exchanges::BIGINT AS planned_exchanges "
        f"FROM read_csv('{REPO}/raw/registers/exchange_partnerships.csv')"
    )
    con.execute(
        f"CREATE TEMP TABLE exchange_events AS SELECT {_slug('partnership')} AS partnership_id "
        f"FROM read_csv('{REPO}/raw/registers/exchange_events.csv')"
    )
    con.execute(
        "CREATE TEMP TABLE cosme AS SELECT country FROM "
        f"read_csv('{REPO}/raw/registers/cosme_countries.csv') WHERE status = 'participating'"
    )
    con.execute("CREATE TEMP TABLE modes (word VARCHAR, mode VARCHAR)")
    con.executemany("INSERT INTO modes VALUES (?, ?)", list(MODES.items()))
    con.execute(
        f"""CREATE TEMP TABLE exchanges AS
        SELECT 'x-' || substr(sha256(concat_ws('|', partnership_id, visiting_organisation, host_organisation,
                   {_date("start_date")}::VARCHAR)), 1, 12) AS exchange_id,
               partnership_id, visiting_organisation, visiting_country, host_organisation, host_country,
               {_date("start_date")} AS start_date, {_date("end_date")} AS end_date,
               working_days::BIGINT AS working_days, m.mode AS mode, group_size::BIGINT AS group_size,
               lump_sum_eur::DECIMAL(15, 2) AS lump_sum_eur, notes
        FROM named LEFT JOIN modes AS m ON m.word = lower(named.mode)"""
    )
    broken = con.execute(
        """SELECT
            count_if(start_date IS NULL OR end_date IS NULL) + count_if(end_date < start_date)
            + count_if(working_days < 3) + count_if(end_date > start_date + INTERVAL '1 month')
            + count_if(mode IS NULL)
            + count_if(visiting_country NOT IN (SELECT country FROM cosme))
            + count_if(host_country NOT IN (SELECT country FROM cosme))
            + count_if(partnership_id NOT IN (SELECT partnership_id FROM exchange_partnerships))
            + (count(*) - count(DISTINCT visiting_organisation)) + (count(*) - count(DISTINCT exchange_id))
        FROM exchanges"""
    ).fetchone()[0]
    written = []
    for name in ("exchanges", *AGGREGATES):
        query = (
            "SELECT * FROM exchanges" if name == "exchanges" else (REPO / "pipelines/out" / f"{name}.sql").read_text()
        )
        query = query.strip().rstrip(";")
        for fmt, options in (("parquet", "FORMAT parquet, COMPRESSION zstd"), ("csv", "FORMAT csv, HEADER true")):
            path = out / f"{name}.{fmt}"
            con.execute(f"COPY ({query}) TO '{path}' ({options})")
            written.append(path)
    hashes = {}
    for path in written:
        with path.open("rb") as f:
            hashes[path.name] = hashlib.file_digest(f, "sha256").hexdigest()
    rows = con.execute("SELECT count(*) FROM exchanges").fetchone()[0]
    return {"rows": rows, "broken": broken, "files": len(hashes)}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]))))
