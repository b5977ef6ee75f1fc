"""Verifying a written package by reading its files back, vectorised in DuckDB.

Why not `frictionless` alone: it re-reads every CSV cell in Python (~50 µs a row, most of a 1M-row
publish). The checks here are derived from the same Table Schema the descriptor holds (types,
required, unique, enum, pattern, bounds, primary and foreign keys) and run as SQL over the written
files, independently of how they were written: the CSV read back as text (every column VARCHAR,
strict), typed by the Table Schema's rules, and the Parquet read back and compared with the CSV row
for row (an order-free checksum of the typed rows). Bytes and hashes are checked by streaming.
Frictionless still validates every descriptor and the first `SAMPLE_ROWS` rows of every CSV resource;
`make validate` runs it in full. `tests/unit/test_verify_parity.py` proves this rejects what it rejects.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb

from pipelines.problems import Problem
from pipelines.tablefile import MEMORY_LIMIT, sql_literal, sql_name

DISTINCT_FROM = 100_000  # rows from which the screen checks a field's distinct values, not every cell
SAMPLE_ROWS = 200  # rows per CSV resource that frictionless itself reads back (all of them when fewer)

# A cell that is not a value of its Table Schema type. Frictionless' defaults: integers and numbers
# without group separators, ISO dates, the default true and false words.
_TYPE_PATTERN = {
    "integer": r"[+-]?[0-9]+",
    "number": r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?(NaN|nan|INF|inf|Infinity)",
    "date": r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
    "boolean": r"true|True|TRUE|1|false|False|FALSE|0",
}
_TYPE_CAST = {"integer": "HUGEINT", "number": "DOUBLE", "date": "DATE"}
_URI = r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s]+"
# The Parquet side of the row comparison: declared DuckDB type per Table Schema field type.
_DUCK = {"integer": "BIGINT", "number": "DOUBLE", "date": "DATE", "boolean": "BOOLEAN", "string": "VARCHAR"}


def file_sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _cell(f: dict) -> str:
    """The field's cell as text, with Table Schema's missing value ('') read as missing."""
    return f"nullif({sql_name(f['name'])}, '')"


def _type_error(f: dict) -> str | None:
    kind = f["type"]
    c = _cell(f)
    if kind in _TYPE_PATTERN:
        bad = f"NOT regexp_full_match({c}, {sql_literal(_TYPE_PATTERN[kind])})"
        if kind == "date":
            bad += f" OR try_cast({c} AS DATE) IS NULL"
        return bad
    if kind == "string" and f.get("format") == "uri":
        return f"NOT regexp_full_match({c}, {sql_literal(_URI)})"
    return None


def _typed(f: dict) -> str:
    """The cell as its declared type (only used once the type checks passed)."""
    c = _cell(f)
    if f["type"] in _TYPE_CAST:
        return f"try_cast({c} AS {_TYPE_CAST[f['type']]})"
    if f["type"] == "boolean":
        return f"({c} IN ('true', 'True', 'TRUE', '1'))::BOOLEAN"
    return c


def _constraint_errors(f: dict) -> list[tuple[str, str]]:
    """(rule, SQL condition true on a failing row) for each constraint of the field."""
    given = f.get("constraints", {})
    c, typed = _cell(f), _typed(f)
    out = []
    if given.get("required"):
        out.append(("constraint-error:required", f"{c} IS NULL"))
    if "enum" in given:
        # a subquery, not an IN list: DuckDB hashes it (a list of 250 countries is 250 comparisons a cell)
        values = ", ".join(sql_literal(v) for v in given["enum"])
        out.append(("constraint-error:enum", f"{c} NOT IN (SELECT unnest([{values}]))"))
    if "pattern" in given:
        out.append(("constraint-error:pattern", f"NOT regexp_full_match({c}, {sql_literal(given['pattern'])})"))
    for name, op in (("minimum", "<"), ("maximum", ">")):
        if name in given:
            bound = given[name] if f["type"] != "date" else f"DATE {sql_literal(given[name])}"
            out.append((f"constraint-error:{name}", f"{typed} {op} {bound}"))
    return out


class Verifier:
    """Checks one package folder; `problems` collects what is wrong, each with its file and rule.

    Each CSV is parsed once by DuckDB and never held whole: into a narrow table of the columns keys and
    uniqueness need, a flag per check saying whether the row fails it, and the row's checksum (which also
    proves the file well-formed and counts its rows); counts and key checks then read that table."""

    def __init__(self, folder: Path, rows: dict[str, int], where: str):
        self.folder, self.rows, self.where = folder, rows, where
        self.described = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        self.problems: list[Problem] = []
        # In memory, spilling to a folder of its own past the limit: temporary tables need no compressed
        # database file written (half the cost of reading a CSV back), and stay flat in memory at any size.
        self.tmp = tempfile.TemporaryDirectory(prefix="eucp-verify-")
        self.con = duckdb.connect()
        self.con.execute(f"SET temp_directory = {sql_literal(self.tmp.name)}")
        self.con.execute(f"SET memory_limit = {sql_literal(MEMORY_LIMIT)}")
        self.con.execute("SET preserve_insertion_order = false")
        self.con.execute("SET enable_progress_bar = false")
        self.keyed = self._keyed_fields()

    def problem(self, path: str, rule: str, message: str, column: str | None = None) -> None:
        self.problems.append(Problem(f"{self.where}/{path}", None, None, column, rule, message))

    def _files(self) -> list[dict]:
        """Every data file: the CSV resources and their Parquet copies (the `parquet` property of a resource,
        or, in descriptors of the first releases, a resource of its own named <table>-parquet)."""
        resources = self.described["resources"]
        return resources + [{"name": f"{r['name']}-parquet", **r["parquet"]} for r in resources if "parquet" in r]

    def _keyed_fields(self) -> dict[str, list[str]]:
        """Per resource, the fields a key, a unique constraint or a foreign key (from it or to it) names."""
        out: dict[str, set[str]] = {}
        for r in self.described["resources"]:
            schema = r.get("schema", {})
            names = out.setdefault(r["name"], set())
            names.update(schema.get("primaryKey") or [])
            names.update(f["name"] for f in schema.get("fields", []) if f.get("constraints", {}).get("unique"))
            for fk in schema.get("foreignKeys", []):
                names.update(fk["fields"])
                target = fk["reference"]["resource"] or r["name"]
                out.setdefault(target, set()).update(fk["reference"]["fields"])
        order = {
            r["name"]: [f["name"] for f in r.get("schema", {}).get("fields", [])] for r in self.described["resources"]
        }
        return {name: [f for f in order.get(name, []) if f in fields] for name, fields in out.items()}

    def run(self) -> list[Problem]:
        csv = [r for r in self.described["resources"] if r["format"] == "csv"]
        files = [r for r in self._files() if self._present(r)]
        # The files are hashed on a second thread while the screen reads them (hashlib frees the GIL; hashing
        # alone kept one core busy and the other idle for seconds at 10M rows).
        with ThreadPoolExecutor(max_workers=1) as pool:
            digests = pool.map(lambda r: file_sha256(self.folder / r["path"]), files)
            screened = not self.problems and self._screened(csv)
            for r, digest in zip(files, digests):
                if f"sha256:{digest}" != r["hash"]:
                    self.problem(r["path"], "hash-count", "the file's sha256 differs from the descriptor's hash")
        if self.problems or not screened:
            self._examine(csv)
        self.close()
        return self.problems

    def close(self) -> None:
        self.con.close()
        self.tmp.cleanup()

    def _screened(self, csv: list[dict]) -> bool:
        """True when one pass over each CSV and one over each Parquet copy find nothing to look into.

        The Parquet values are rendered as the CSV files write them (canonical integers, dates and
        booleans, lists joined, text a spreadsheet could run as a formula behind an apostrophe); the CSV
        pass sums a checksum of its cells as text, the Parquet pass the same of the rendered values, and
        equal sums make the rendered values the CSV's cells. Every type, constraint, key and foreign key
        is then checked on the rendered values, read from Parquet (typed, columnar), not parsed from CSV.
        Numbers, whose text has more than one form, are compared as DOUBLE and their cells checked in the
        CSV pass. False means "look closely" (`_examine`, which names each problem), never "wrong":
        passing the screen implies passing every check `_examine` makes; a package with a field type the
        screen cannot render is always looked at closely."""
        if any("parquet" not in r or None in map(_rendered, r["schema"]["fields"]) for r in csv):
            return False
        try:
            for r in csv:
                read = self._csv_screened(r)
                if read is None or read != self._parquet_screened(r, read[0]) or not self._references_screened(r):
                    return False
        except duckdb.Error:
            return False
        return True

    def _csv_screened(self, r: dict) -> tuple | None:
        """(rows, checksum) of a CSV of the schema's header and the row count written, its numbers valid."""
        fields = r["schema"]["fields"]
        if not self._header_matches(r):
            return None
        cells = [f"try_cast({_cell(f)} AS DOUBLE)" if f["type"] == "number" else _cell(f) for f in fields]
        bad = [f"count_if({_cell(f)} IS NOT NULL AND ({_type_error(f)}))" for f in fields if f["type"] == "number"]
        rows, summed, *found = self.con.execute(
            f"SELECT count(*), sum(hash({', '.join(cells)})::HUGEINT), {', '.join(bad or ['0'])} FROM {self._source(r)}"
        ).fetchone()
        return (rows, summed) if not any(found) and self.rows.get(r["name"]) in (None, rows) else None

    def _parquet_screened(self, r: dict, rows: int) -> tuple | None:
        """(rows, checksum) of a Parquet copy whose values keep every type, constraint and key; else None.
        In a large table a field's value checks run on its distinct values, unless it is a key (as many
        values as rows): a few hundred dates or countries instead of millions of cells. Numbers and booleans
        are checked row by row: their checks are comparisons, cheaper per row than collecting the distinct
        values of a column that may have as many as rows (a row number: 2.7 s of CPU at 10M, against 0.7 s)."""
        schema = r["schema"]
        fields = schema["fields"]
        path = f"read_parquet({sql_literal(self.folder / r['parquet']['path'])})"
        key = schema.get("primaryKey") or []
        unique = [f["name"] for f in fields if f.get("constraints", {}).get("unique")]
        text = {f["name"]: f"_text_{i}" for i, f in enumerate(fields)}  # each value rendered once, by name
        distinct = [
            f"count({text[u]}) - count(DISTINCT hash({text[u]})) FILTER (WHERE {text[u]} IS NOT NULL)" for u in unique
        ]
        if key:  # a key twice, or a repeated 64-bit hash of one: a second look either way
            distinct.append(f"count(*) - count(DISTINCT hash({', '.join(text[k] for k in key)}))")
        by_row, by_value = [], []
        for f in fields:
            per_row = f["type"] in ("integer", "number", "boolean") or f["name"] in unique or [f["name"]] == key
            if rows < DISTINCT_FROM or per_row:
                by_row += [f"count_if(coalesce({b}, false))" for b in _breaks(f, key, text[f["name"]])]
            elif breaks := " OR ".join(f"coalesce({b}, false)" for b in _breaks(f, key, _rendered(f))):
                by_value.append(f"(SELECT count_if({breaks}) FROM (SELECT DISTINCT {sql_name(f['name'])} FROM {path}))")
        rendered = ", ".join(f"{_rendered(f)} AS {text[f['name']]}" for f in fields)
        rows, summed, *found = self.con.execute(
            f"SELECT count(*), sum(hash({', '.join(text.values())})::HUGEINT), "
            f"{', '.join(by_row + distinct + by_value or ['0'])} FROM (SELECT *, {rendered} FROM {path})"
        ).fetchone()
        return (rows, summed) if not any(found) else None

    def _references_screened(self, r: dict) -> bool:
        """Every foreign key of the Parquet copy finds its row in the referenced resource's Parquet copy,
        compared as the CSV files write them."""
        resources = {x["name"]: x for x in self.described["resources"] if "parquet" in x}
        for fk in r["schema"].get("foreignKeys", []):
            target = resources.get(fk["reference"]["resource"] or r["name"])
            if target is None:
                return False
            here = [_rendered(_field(r, h), "a") for h in fk["fields"]]
            there = [_rendered(_field(target, t), "b") for t in fk["reference"]["fields"]]
            n = self.con.execute(
                f"SELECT count(*) FROM read_parquet({sql_literal(self.folder / r['parquet']['path'])}) a "
                f"ANTI JOIN read_parquet({sql_literal(self.folder / target['parquet']['path'])}) b "
                f"ON {' AND '.join(f'{h} = {t}' for h, t in zip(here, there))} "
                f"WHERE {' AND '.join(f'{h} IS NOT NULL' for h in here)}"
            ).fetchone()[0]
            if n:
                return False
        return True

    def _examine(self, csv: list[dict]) -> None:
        """Every check, each problem named with its file, rule and column: the CSV parsed into tables."""
        loaded = [r for r in csv if self._load(r)]
        for r in loaded:
            self._fields(r)
            self._keys(r, {x["name"] for x in loaded})

    def _present(self, r: dict) -> bool:
        """Whether the file is there with the descriptor's size (its hash is compared next)."""
        path = self.folder / r["path"]
        if not path.is_file():
            self.problem(r["path"], "scheme-error", "the file the descriptor lists is missing")
        elif path.stat().st_size != r["bytes"]:
            self.problem(r["path"], "byte-count", f"{path.stat().st_size} bytes, the descriptor says {r['bytes']}")
        else:
            return True
        return False

    def _source(self, r: dict) -> str:
        """The CSV as text, every column VARCHAR, strictly as the schema's columns."""
        names = [f["name"] for f in r["schema"]["fields"]]
        columns = "{" + ", ".join(f"{sql_literal(n)}: 'VARCHAR'" for n in names) + "}"
        return (
            f"read_csv({sql_literal(self.folder / r['path'])}, header = true, columns = {columns}, delim = ',', "
            "quote = '\"', escape = '\"', strict_mode = true, null_padding = false, ignore_errors = false, "
            "auto_detect = false, parallel = true)"
        )

    def _header(self, r: dict) -> str:
        with (self.folder / r["path"]).open(encoding="utf-8", newline="") as f:
            return f.readline().rstrip("\r\n")

    def _header_matches(self, r: dict) -> bool:
        return self._header(r).split(",") == [f["name"] for f in r["schema"]["fields"]]

    def _checks(self, r: dict) -> list[tuple[str, str, str]]:
        """(column, rule, SQL true on a failing row) for every type and constraint of the resource's fields."""
        checks = []
        for f in r["schema"]["fields"]:
            bad_type = _type_error(f)
            if bad_type:
                checks.append((f["name"], "type-error", f"{_cell(f)} IS NOT NULL AND ({bad_type})"))
            guard = f"({bad_type}) IS NOT TRUE" if bad_type else "true"
            checks += [(f["name"], rule, f"{guard} AND ({cond})") for rule, cond in _constraint_errors(f)]
        return checks

    def _load(self, r: dict) -> bool:
        """One parse of the CSV into a table named after the resource: the columns keys need, whether each
        row fails each check, and its checksum; False (with a problem) if the file is unreadable."""
        fields = r["schema"]["fields"]
        if not self._header_matches(r):
            names = ",".join(f["name"] for f in fields)
            self.problem(r["path"], "incorrect-label", f"header {self._header(r)!r} is not the schema's {names}")
            return False
        columns = [sql_name(n) for n in self.keyed.get(r["name"], [])]
        columns += [f"coalesce({cond}, false) AS _check_{i}" for i, (_, _, cond) in enumerate(self._checks(r))]
        columns.append(f"hash({', '.join(_checksummed(fields)[0])}) AS _row_hash")
        try:
            self.con.execute(
                f"CREATE TEMP TABLE {sql_name(r['name'])} AS SELECT {', '.join(columns)} FROM {self._source(r)}"
            )
        except duckdb.Error as e:
            self.problem(r["path"], "source-error", f"not a well-formed CSV of the schema's columns ({e})")
            return False
        count = self.con.execute(f"SELECT count(*) FROM {sql_name(r['name'])}").fetchone()[0]
        expected = self.rows.get(r["name"])
        if expected is not None and count != expected:
            self.problem(r["path"], "row-count", f"{count} rows read back, {expected} written")
        return True

    def _fields(self, r: dict) -> None:
        """Type and constraint checks of every field counted, and the checksum of the typed rows compared with
        the Parquet file's."""
        checks = self._checks(r)
        counts = [f"count_if(_check_{i})" for i in range(len(checks))]
        summed = "count(*), sum(_row_hash::HUGEINT)"
        found = self.con.execute(f"SELECT {', '.join([*counts, summed])} FROM {sql_name(r['name'])}").fetchone()
        for (column, rule, _), n in zip(checks, found):
            if n:
                self.problem(r["path"], rule, f"{n} row(s) break it", column)
        for f in r["schema"]["fields"]:
            if f.get("constraints", {}).get("unique"):
                self._unique(r, [f["name"]], "unique-error", f["name"])
        parquet = next((p for p in self._files() if p["name"] == f"{r['name']}-parquet"), None)
        if parquet is not None:
            self._parquet(parquet, _checksummed(r["schema"]["fields"])[1], tuple(found[-2:]))

    def _unique(self, r: dict, key: list[str], rule: str, column: str | None = None) -> None:
        cols = ", ".join(f"nullif({sql_name(k)}, '')" for k in key)
        nonnull = " AND ".join(f"nullif({sql_name(k)}, '') IS NOT NULL" for k in key)
        groups = f"SELECT {cols} FROM {sql_name(r['name'])} WHERE {nonnull} GROUP BY ALL HAVING count(*) > 1"
        n = self.con.execute(f"SELECT count(*) FROM ({groups})").fetchone()[0]
        if n:
            self.problem(r["path"], rule, f"{n} value(s) of {', '.join(key)} occur more than once", column)

    def _keys(self, r: dict, loaded: set[str]) -> None:
        schema = r["schema"]
        key = schema.get("primaryKey") or []
        if key:
            self._unique(r, key, "primary-key")
            missing = " OR ".join(f"nullif({sql_name(k)}, '') IS NULL" for k in key)
            n = self.con.execute(f"SELECT count(*) FROM {sql_name(r['name'])} WHERE {missing}").fetchone()[0]
            if n:
                self.problem(r["path"], "primary-key", f"{n} row(s) lack a part of the primary key")
        for fk in schema.get("foreignKeys", []):
            target = fk["reference"]["resource"] or r["name"]
            if target not in loaded:
                self.problem(r["path"], "foreign-key", f"the referenced resource {target} could not be read")
                continue
            here, there = fk["fields"], fk["reference"]["fields"]
            on = " AND ".join(f"a.{sql_name(h)} = b.{sql_name(t)}" for h, t in zip(here, there))
            given = " AND ".join(f"nullif(a.{sql_name(h)}, '') IS NOT NULL" for h in here)
            n = self.con.execute(
                f"SELECT count(*) FROM {sql_name(r['name'])} a ANTI JOIN {sql_name(target)} b ON {on} WHERE {given}"
            ).fetchone()[0]
            if n:
                self.problem(r["path"], "foreign-key", f"{n} row(s) name no row of {target}", ", ".join(here))

    def _parquet(self, parquet: dict, pq_side: list[str], ours: tuple) -> None:
        """The Parquet file holds the CSV's rows: the same count and the same order-free checksum."""
        path = self.folder / parquet["path"]
        try:
            theirs = self.con.execute(
                f"SELECT count(*), sum(hash({', '.join(pq_side)})::HUGEINT) FROM read_parquet({sql_literal(path)})"
            ).fetchone()
        except duckdb.Error as e:
            self.problem(parquet["path"], "source-error", f"not a readable Parquet file of the schema ({e})")
            return
        if theirs[0] != ours[0]:
            self.problem(parquet["path"], "row-count", f"{theirs[0]} rows, the CSV has {ours[0]}")
        elif theirs[1] != ours[1]:
            self.problem(parquet["path"], "parquet-differs", "the Parquet rows differ from the CSV rows")


def _field(r: dict, name: str) -> dict:
    return next(f for f in r["schema"]["fields"] if f["name"] == name)


# The code points that make a text cell run as a formula in a spreadsheet (package.FORMULA_START, = + - @
# tab and carriage return): the CSV writes such text behind an apostrophe.
_FORMULA_START = ", ".join(str(ord(c)) for c in "=+-@\t\r")


def _rendered(f: dict, alias: str | None = None) -> str | None:
    """A Parquet value as the CSV cell the packages write for it, missing as NULL; None for a type whose
    text has more than one form (numbers are compared as DOUBLE on both sides) or is not known here."""
    c = (f"{alias}." if alias else "") + sql_name(f["name"])
    if f["type"] == "number":
        return f"{c}::DOUBLE"
    if f["type"] in ("integer", "date", "boolean"):
        return f"{c}::VARCHAR"
    if f["type"] == "list":
        c = f"array_to_string({c}, {sql_literal(f.get('delimiter', ','))})"
    elif f["type"] != "string":
        return None
    # every such character sorts before 'A': the comparison (of the value's inlined prefix) spares most
    # values the decoding of their first character
    return f"CASE WHEN {c} < 'A' AND ascii({c}) IN ({_FORMULA_START}) THEN chr(39) || {c} ELSE nullif({c}, '') END"


def _breaks(f: dict, key: list[str], text: str) -> list[str]:
    """SQL true on a Parquet value whose CSV cell (`text`, its rendering) would break the field's type or
    a constraint (as `_checks` tests the cell), or that is missing from the primary key."""
    given = f.get("constraints", {})
    typed = sql_name(f["name"])
    out = []
    if given.get("required") or f["name"] in key:
        out.append(f"{text} IS NULL")
    if f["type"] == "date":  # a year outside 1-9999 is not written as four digits
        out.append(f"length({text}) <> 10")
    if f["type"] == "string" and f.get("format") == "uri":
        out.append(f"NOT regexp_full_match({text}, {sql_literal(_URI)})")
    if "enum" in given:
        out.append(f"{text} NOT IN (SELECT unnest([{', '.join(sql_literal(v) for v in given['enum'])}]))")
    if "pattern" in given:
        out.append(f"NOT regexp_full_match({text}, {sql_literal(given['pattern'])})")
    for name, op in (("minimum", "<"), ("maximum", ">")):
        if name in given:
            bound = given[name] if f["type"] != "date" else f"DATE {sql_literal(given[name])}"
            out.append(f"{typed} {op} {bound}")
    return out


def _checksummed(fields: list[dict]) -> tuple[list[str], list[str]]:
    """Each field's value as the CSV side and the Parquet side of the row checksum compute it."""
    csv_side, pq_side = [], []
    for f in fields:
        c = sql_name(f["name"])
        if f["type"] == "list":
            csv_side.append(f"string_split({_cell(f)}, {sql_literal(f.get('delimiter', ','))})")
            pq_side.append(f"CASE WHEN len({c}) = 0 THEN NULL ELSE {c}::VARCHAR[] END")
        elif f["type"] == "string":
            # A CSV cell that could run as a formula carries a leading apostrophe the Parquet value lacks.
            neutralised = f"starts_with({_cell(f)}, chr(39)) AND regexp_matches({_cell(f)}, '^''[=+\\-@\\t\\r]')"
            csv_side.append(f"CASE WHEN {neutralised} THEN {_cell(f)}[2:] ELSE {_cell(f)} END")
            pq_side.append(f"nullif({c}::VARCHAR, '')")
        else:
            csv_side.append(_typed(f) if f["type"] != "integer" else f"try_cast({_cell(f)} AS BIGINT)")
            pq_side.append(f"{c}::{_DUCK.get(f['type'], 'VARCHAR')}")
    return csv_side, pq_side


def verify_files(folder: Path, rows: dict[str, int], where: str) -> list[Problem]:
    return Verifier(folder, rows, where).run()


def passes_screen(folder: Path, rows: dict[str, int]) -> bool:
    """Whether the package passes the one-pass screen alone (what `verify_files` does first)."""
    verifier = Verifier(folder, rows, "")
    try:
        return verifier._screened([r for r in verifier.described["resources"] if r["format"] == "csv"])
    finally:
        verifier.close()


def sampled_frictionless(folder: Path, where: str) -> list[Problem]:
    """Frictionless on the descriptor and the first SAMPLE_ROWS rows of each CSV resource (all rows of one
    a foreign key refers to, as its lookups need them). It is given a copy of the package whose CSV files
    hold only those rows: told to stop after them, frictionless-py still
    reads every byte of a file to count and hash it (seconds a million rows). So it cannot see the whole
    file's size and hash: `verify_files` checks those."""
    from frictionless import Package

    with tempfile.TemporaryDirectory(prefix="eucp-sample-") as tmp:
        sample = Path(tmp)
        described = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        referenced = {  # looked up whole by foreign keys: copied whole (they are the small tables)
            fk["reference"]["resource"] or r["name"]
            for r in described["resources"]
            for fk in r.get("schema", {}).get("foreignKeys", [])
        }
        for r in described["resources"]:
            r.pop("bytes", None)
            r.pop("hash", None)
            source = folder / r["path"]
            if r.get("format") == "csv" and source.is_file():
                (sample / r["path"]).parent.mkdir(parents=True, exist_ok=True)
                if r["name"] in referenced:
                    shutil.copyfile(source, sample / r["path"])
                    continue
                with source.open("rb") as f, (sample / r["path"]).open("wb") as out:
                    out.writelines(_records(f, SAMPLE_ROWS + 1))
        (sample / "datapackage.json").write_text(json.dumps(described), encoding="utf-8")
        report = Package(str(sample / "datapackage.json")).validate(limit_rows=SAMPLE_ROWS)
    skipped = {"byte-count", "hash-count"}
    out = [
        Problem(
            f"{where}/{task.place}",
            None,
            getattr(e, "row_number", None),
            getattr(e, "field_name", None),
            e.type,
            e.message,
        )
        for task in report.tasks
        for e in task.errors
        if e.type not in skipped
    ]
    return out + [Problem(where, None, None, None, e.type, e.message) for e in report.errors]


def _records(f, count: int):
    """The first `count` CSV records of binary file `f`, as lines (a quoted cell may hold line breaks)."""
    quoted = False
    for line in f:
        yield line
        quoted ^= line.count(b'"') % 2 == 1
        if not quoted:
            count -= 1
            if count == 0:
                return
