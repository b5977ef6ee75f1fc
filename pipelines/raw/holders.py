"""Registers as data holders keep them: .xlsx, .ods or .csv, with headers in their own language.

Headers are matched to a table's fields through the aliases the table definition gives (ignoring
case, spaces and underscores), so a French "Date de début" and a Finnish "Alkupäivä" both land in
start_date. Every sheet whose headers are mostly known is read; every row keeps its file, sheet and
row number. Columns no alias names (a contact e-mail, say) are not read, and are reported.
"""

from __future__ import annotations

import csv
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.problems import InvalidData, Problem
from pipelines.raw.csvfile import check_csv_bytes
from pipelines.raw.limits import CELL_CHARS, SHEET_COLUMNS, check_file, contained, over
from pipelines.raw.tabular import cell_text, cells_frame, checked, long_cells, open_workbook, sha256_of, sheet_rows
from schemas.model import Table, header_key

FORMATS = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")


@dataclass(frozen=True)
class ScannedRegister:
    """A register's rows as a lazy query: a CSV file is read when the query is run (streamed into
    Parquet by `raw_exchanges`, so a register of millions of rows never sits in memory)."""

    frame: pl.LazyFrame  # one text column per field the table reads, plus raw_file, raw_sheet, raw_row
    sha256: str
    ignored_columns: tuple[str, ...]


@dataclass(frozen=True)
class RegisterFile:
    frame: pl.DataFrame  # one text column per field the table reads, plus raw_file, raw_sheet, raw_row
    sha256: str
    ignored_columns: tuple[str, ...]


def _workbook_sheets(path: Path, rel: str) -> list[tuple[str, list[list]]]:
    book = open_workbook(path, rel)
    return [(name, sheet_rows(book, rel, name)) for name in book.sheet_names]


def _csv(path: Path, rel: str) -> tuple[list[str], pl.LazyFrame]:
    """A CSV register through Polars' streaming reader: its headers, and a query of its cells as text.
    The delimiter (comma, semicolon or tab) is sniffed; blank lines stay rows, so numbering holds."""
    check_csv_bytes(path, rel)
    with path.open("rb") as f:
        head = f.read(20000)
    sample = head.decode("utf-8-sig", errors="ignore")
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    try:
        frame = pl.scan_csv(path, separator=delimiter, infer_schema=False, encoding="utf8", raise_if_empty=False)
        columns = frame.collect_schema().names()
    except pl.exceptions.PolarsError as e:
        raise InvalidData(rel, [Problem(rel, None, None, None, "unreadable", f"not readable as CSV ({e})")]) from e
    if len(columns) > SHEET_COLUMNS.value:
        raise InvalidData(rel, [over(SHEET_COLUMNS, f"{len(columns):,} columns", rel, None, 1)])
    return columns, frame


def _stripped(c: pl.Expr) -> pl.Expr:
    s = c.str.strip_chars()
    return pl.when(s != "").then(s)


def long_cells_lazy(frame: pl.LazyFrame, columns: list[str], rel: str) -> list[Problem]:
    """Cells over the length limit, each named, found in one streaming pass (a second one only if any is)."""
    limit = CELL_CHARS.value
    longest = frame.select(pl.col(c).str.len_chars().max().alias(c) for c in columns).collect()
    if not columns or all((longest[c][0] or 0) <= limit for c in columns):
        return []
    over_limit = frame.filter(pl.any_horizontal(pl.col(c).str.len_chars() > limit for c in columns)).collect()
    return long_cells(over_limit, rel, None)


def read_register(raw_dir: Path, rel: str, table: Table) -> RegisterFile:
    """Every register sheet of raw/`rel`, its columns renamed to `table`'s fields, cells as text, in memory."""
    scanned = scan_register(raw_dir, rel, table)
    return RegisterFile(scanned.frame.collect(), scanned.sha256, scanned.ignored_columns)


def scan_register(raw_dir: Path, rel: str, table: Table, check_cells: bool = True) -> ScannedRegister:
    """Every register sheet of raw/`rel`, its columns renamed to `table`'s fields, cells as text.
    Required fields the register marks optional may be left out: the pipeline derives them. The bytes,
    headers and cell lengths are checked here; the rows of a CSV file are read when the query runs (and its
    cell lengths, with `check_cells=False`, by the caller on what the query wrote: one pass, not two)."""
    path = contained(raw_dir, rel)
    if path.suffix.lower() not in FORMATS:
        raise InvalidData(
            rel, [Problem(rel, None, None, None, "unsupported_format", f"registers are {', '.join(FORMATS)}")]
        )
    check_file(path, rel)
    with ThreadPoolExecutor(max_workers=1) as pool:  # hashed while its bytes are checked: hashlib frees the GIL
        digest = pool.submit(sha256_of, path)
        frames, ignored = _sheets(path, rel, table, check_cells)
    columns = [f.name for f in table.fields if f.aliases]
    aligned = [
        fr.select(
            [pl.col(c) if c in fr.collect_schema().names() else pl.lit(None, pl.String).alias(c) for c in columns]
            + ["raw_file", "raw_sheet", "raw_row"]
        )
        for fr in frames
    ]
    return ScannedRegister(pl.concat(aligned), digest.result(), tuple(ignored))


def _sheets(path: Path, rel: str, table: Table, check_cells: bool) -> tuple[list[pl.LazyFrame], list[str]]:
    """The register sheets of the file as queries of their cells, and the columns no field reads."""
    optional = table.register.optional
    known = table.header_map()
    required = [f.name for f in table.fields if f.required and f.aliases and f.name not in optional]
    frames, problems, ignored = [], [], []
    is_csv = path.suffix.lower() == ".csv"
    sheets = [(None, None)] if is_csv else _workbook_sheets(path, rel)
    for sheet, rows in sheets:
        if is_csv:
            raw_headers, cells = _csv(path, rel)
            headers = [h.strip() for h in raw_headers]
        elif not rows:
            continue
        else:
            headers = [cell_text(h) or "" for h in rows[0]]
        fields = [known.get(header_key(h)) for h in headers]
        named = [h for h in headers if h]
        if not named or sum(f is not None for f in fields) * 2 < len(named):
            continue  # not a register sheet (a description or a list of values)
        for h, f in zip(headers, fields):
            if h and f is None:
                ignored.append(f"{sheet + ': ' if sheet else ''}{h}")
        for name in sorted({f for f in fields if f and fields.count(f) > 1}):
            problems.append(Problem(rel, sheet, 1, name, "repeated_column", f"more than one header names {name}"))
        for name in required:
            if name not in fields:
                problems.append(
                    Problem(
                        rel,
                        sheet,
                        1,
                        name,
                        "missing_column",
                        f"no header names {name} (e.g. {table.field(name).title!r})",
                    )
                )
        if problems:
            continue
        columns = [(i, f) for i, f in enumerate(fields) if f]
        if is_csv:
            named = cells.select(_stripped(pl.col(raw_headers[i])).alias(f) for i, f in columns).with_row_index(
                "raw_row", offset=2
            )
            found = long_cells_lazy(named, [f for _, f in columns], rel) if check_cells else []
            if found:
                raise InvalidData(f"{rel}: cells too long", found)
            frames.append(
                named.filter(~pl.all_horizontal(pl.col(f).is_null() for _, f in columns)).select(
                    *(f for _, f in columns),
                    raw_file=pl.lit(rel, pl.String),
                    raw_sheet=pl.lit(None, pl.String),
                    raw_row=pl.col("raw_row").cast(pl.Int64),
                )
            )
        else:
            frames.append(checked(cells_frame(rows[1:], columns, rel, sheet), rel, sheet).lazy())
    if problems:
        raise InvalidData(f"{rel}: headers", problems)
    if not frames:
        raise InvalidData(rel, [Problem(rel, None, 1, None, "no_register", "no sheet has the headers of a register")])
    return frames, ignored
