"""Registers as data holders keep them: .xlsx, .ods or .csv, with headers in their own language.

Headers are matched to a table's fields through the aliases the table definition gives (ignoring
case, spaces and underscores), so a French "Date de début" and a Finnish "Alkupäivä" both land in
start_date. The header is found where people put it: of the first `HEADER_ROWS` rows of a sheet (or
CSV file), the one whose cells name the most fields, so a title, notes or blank rows above it are
passed over (and the row taken is said). Every sheet whose headers are mostly known is read; every row
keeps its file, sheet and row number. Columns no alias names (a contact e-mail, say) are not read, and
are reported.
"""

from __future__ import annotations

import csv
import io
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
HEADER_ROWS = 20  # rows at the top of a sheet searched for its header (a title block, notes, blank rows)
TOP_CHARS = 1 << 20  # characters of a CSV file those rows are looked for in


@dataclass(frozen=True)
class ScannedRegister:
    """A register's rows as a lazy query: a CSV file is read when the query is run (streamed into
    Parquet by `raw_exchanges`, so a register of millions of rows never sits in memory)."""

    frame: pl.LazyFrame  # one text column per field the table reads, plus raw_file, raw_sheet, raw_row
    sha256: str
    ignored_columns: tuple[str, ...]
    header_rows: tuple[str, ...] = ()  # where each sheet's header was found, where it is not row 1


@dataclass(frozen=True)
class RegisterFile:
    frame: pl.DataFrame  # one text column per field the table reads, plus raw_file, raw_sheet, raw_row
    sha256: str
    ignored_columns: tuple[str, ...]
    header_rows: tuple[str, ...] = ()


def _workbook_sheets(path: Path, rel: str) -> list[tuple[str, list[list]]]:
    book = open_workbook(path, rel)
    return [(name, sheet_rows(book, rel, name)) for name in book.sheet_names]


def _csv(path: Path, rel: str, known: dict[str, str]) -> tuple[int, list[str], pl.LazyFrame]:
    """A CSV register through Polars' streaming reader: the index of its header row (a title or blank rows
    may come first), its headers, and a query of its cells as text. The delimiter (comma, semicolon or tab)
    is sniffed; blank lines stay rows, so numbering holds."""
    check_csv_bytes(path, rel)
    with path.open("rb") as f:
        head = f.read(20000)
    sample = head.decode("utf-8-sig", errors="ignore")
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        sniffed = ","
    # A title line above the header can mislead the sniffer: the delimiter is the one under which some row
    # of the top names the most fields (the sniffed one among equals).
    best = None
    for delimiter in dict.fromkeys((sniffed, ",", ";", "\t")):
        top, lines = _top_rows(path, delimiter)
        index = _header_row(top, known)
        score = len({known.get(header_key(h.strip())) for h in top[index]} - {None}) if top else 0
        if best is None or score > best[0]:
            best = (score, delimiter, index, lines)
    _, delimiter, index, lines = best
    try:
        frame = pl.scan_csv(
            path,
            separator=delimiter,
            infer_schema=False,
            encoding="utf8",
            raise_if_empty=False,
            skip_lines=lines[index] if index else 0,
        )
        columns = frame.collect_schema().names()
    except pl.exceptions.PolarsError as e:
        raise InvalidData(rel, [Problem(rel, None, None, None, "unreadable", f"not readable as CSV ({e})")]) from e
    if len(columns) > SHEET_COLUMNS.value:
        raise InvalidData(rel, [over(SHEET_COLUMNS, f"{len(columns):,} columns", rel, None, index + 1)])
    return index, columns, frame


def _top_rows(path: Path, delimiter: str) -> tuple[list[list[str]], list[int]]:
    """The first `HEADER_ROWS` rows of a CSV file as the csv module reads them, and the lines before each."""
    top, lines = [], []
    with path.open(newline="", encoding="utf-8-sig", errors="replace") as f:
        text = f.read(TOP_CHARS)  # bounded: a file of one endless line is refused elsewhere, not read here
    if len(text) == TOP_CHARS:
        text = text[: text.rfind("\n") + 1]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for _ in range(HEADER_ROWS):
            lines.append(reader.line_num)
            top.append(next(reader))
    except (StopIteration, csv.Error):
        pass
    return top, lines[: len(top)]


def _header_row(rows: list[list], known: dict[str, str]) -> int:
    """The index of the row, among the first `HEADER_ROWS`, whose cells name the most fields (the first of
    equals); 0 where none names any (the first row is then judged, and refused, as the header)."""
    best, most = 0, 0
    for i, row in enumerate(rows[:HEADER_ROWS]):
        named = {known.get(header_key(cell_text(h) or "")) for h in row} - {None}
        if len(named) > most:
            best, most = i, len(named)
    return best


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
    return RegisterFile(scanned.frame.collect(), scanned.sha256, scanned.ignored_columns, scanned.header_rows)


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
        frames, ignored, header_rows = _sheets(path, rel, table, check_cells)
    columns = [f.name for f in table.fields if f.aliases]
    aligned = [
        fr.select(
            [pl.col(c) if c in fr.collect_schema().names() else pl.lit(None, pl.String).alias(c) for c in columns]
            + ["raw_file", "raw_sheet", "raw_row"]
        )
        for fr in frames
    ]
    return ScannedRegister(pl.concat(aligned), digest.result(), tuple(ignored), tuple(header_rows))


def _sheets(path: Path, rel: str, table: Table, check_cells: bool) -> tuple[list[pl.LazyFrame], list[str], list[str]]:
    """The register sheets of the file as queries of their cells, the columns no field reads, and where
    a header was found below row 1."""
    optional = table.register.optional
    known = table.header_map()
    required = [f.name for f in table.fields if f.required and f.aliases and f.name not in optional]
    frames, problems, ignored, header_rows = [], [], [], []
    is_csv = path.suffix.lower() == ".csv"
    sheets = [(None, None)] if is_csv else _workbook_sheets(path, rel)
    for sheet, rows in sheets:
        if is_csv:
            index, raw_headers, cells = _csv(path, rel, known)
            headers = [h.strip() for h in raw_headers]
        elif not rows:
            continue
        else:
            index = _header_row(rows, known)
            headers = [cell_text(h) or "" for h in rows[index]]
        line = index + 1  # the header's row, as a spreadsheet program numbers it
        fields = [known.get(header_key(h)) for h in headers]
        named = [h for h in headers if h]
        if not named or sum(f is not None for f in fields) * 2 < len(named):
            continue  # not a register sheet (a description or a list of values)
        if line > 1:
            header_rows.append(f"{rel}{f', sheet {sheet!r}' if sheet else ''}: header in row {line}")
        for h, f in zip(headers, fields):
            if h and f is None:
                ignored.append(f"{sheet + ': ' if sheet else ''}{h}")
        for name in sorted({f for f in fields if f and fields.count(f) > 1}):
            problems.append(Problem(rel, sheet, line, name, "repeated_column", f"more than one header names {name}"))
        for name in required:
            if name not in fields:
                problems.append(
                    Problem(
                        rel,
                        sheet,
                        line,
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
                "raw_row", offset=line + 1
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
            frames.append(checked(cells_frame(rows[line:], columns, rel, sheet, first_row=line + 1), rel, sheet).lazy())
    if problems:
        raise InvalidData(f"{rel}: headers", problems)
    if not frames:
        message = f"no sheet has the headers of a register in its first {HEADER_ROWS} rows"
        raise InvalidData(rel, [Problem(rel, None, 1, None, "no_register", message)])
    return frames, ignored, header_rows
