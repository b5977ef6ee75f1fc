"""CSV and spreadsheet registers, read as they are.

Every cell is kept as text (numbers and dates from spreadsheets in their canonical ISO form), and
each row gets `raw_file`, `raw_sheet` and `raw_row` (the row number a spreadsheet program shows), so
any later problem can be traced back to a cell. Typing is the core layer's job.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from python_calamine import CalamineWorkbook

from pipelines.problems import InvalidData, Problem
from pipelines.raw.csvfile import check_csv_bytes
from pipelines.raw.fingerprint import sha256_once
from pipelines.raw.limits import CELL_CHARS, FILE_BYTES, SHEET_COLUMNS, check_file, contained, over


@dataclass(frozen=True)
class RawTable:
    frame: pl.DataFrame
    file: str
    sha256: str


def sha256_of(path: Path) -> str:
    return sha256_once(path).hex()


def cell_text(value) -> str | None:
    """A spreadsheet cell as text: ISO dates, integral numbers without '.0', stripped strings."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return text or None


def _frame(header: list, rows: list[list], rel: str, sheet: str | None, expected: tuple[str, ...]) -> pl.DataFrame:
    names = [cell_text(h) or "" for h in header]
    missing = [c for c in expected if c not in names]
    if missing:
        raise InvalidData(
            f"{rel}: missing columns",
            [Problem(rel, sheet, 1, c, "missing_column", f"the header has no column {c!r}") for c in missing],
        )
    dupes = sorted({n for n in names if n and names.count(n) > 1})
    if dupes:
        raise InvalidData(
            f"{rel}: repeated columns",
            [Problem(rel, sheet, 1, c, "repeated_column", f"column {c!r} appears more than once") for c in dupes],
        )
    return cells_frame(rows, [(i, n) for i, n in enumerate(names) if n in expected], rel, sheet).select(
        *expected, "raw_file", "raw_sheet", "raw_row"
    )


def cells_frame(
    rows: list[list], columns: list[tuple[int, str]], rel: str, sheet: str | None, first_row: int = 2
) -> pl.DataFrame:
    """The data rows (those after the header, the first of them spreadsheet row `first_row`) as text
    columns named as `columns` says (position, name), each with its file, sheet and spreadsheet row
    number; blank rows are skipped."""
    data: dict[str, list] = {name: [] for _, name in columns}
    row_numbers: list[int] = []
    for number, row in enumerate(rows, start=first_row):
        cells = [cell_text(row[i]) if i < len(row) else None for i, _ in columns]
        if all(c is None for c in cells):
            continue  # blank line: nothing to read, nothing lost
        for (_, name), c in zip(columns, cells):
            data[name].append(c)
        row_numbers.append(number)
    return pl.DataFrame(data, schema=dict.fromkeys(data, pl.String)).with_columns(
        raw_file=pl.lit(rel, pl.String),
        raw_sheet=pl.lit(sheet, pl.String),
        raw_row=pl.Series(row_numbers, dtype=pl.Int64),
    )


def open_workbook(path: Path, rel: str) -> CalamineWorkbook:
    """A workbook python-calamine may open: measured first (limits), and any failure of its own located."""
    check_file(path, rel)
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as e:  # noqa: BLE001 (calamine raises its own error types)
        raise InvalidData(rel, [Problem(rel, None, None, None, "unreadable", f"not a readable workbook ({e})")]) from e


def sheet_rows(book: CalamineWorkbook, rel: str, sheet: str) -> list[list]:
    try:
        return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except Exception as e:  # noqa: BLE001
        raise InvalidData(
            rel, [Problem(rel, sheet, None, None, "unreadable", f"the sheet cannot be read ({e})")]
        ) from e


def long_cells(frame: pl.DataFrame, rel: str, sheet: str | None) -> list[Problem]:
    """Cells over the length limit, each named (a cell that long is a broken or hostile file)."""
    limit = CELL_CHARS.value
    problems = []
    for name in (c for c in frame.columns if c not in ("raw_file", "raw_sheet", "raw_row")):
        hits = frame.filter(pl.col(name).str.len_chars() > limit)
        for length, row in zip(hits[name].str.len_chars(), hits["raw_row"]):
            problems.append(over(CELL_CHARS, f"{length:,} characters", rel, sheet, row, name))
    return problems


# Control characters but tab, LF and CR (C0, DEL, C1): no published value holds one. A CSV file's bytes are
# searched for them before parsing (csvfile); cells of workbooks and of the manifest, here.
CONTROL_CHARACTERS = r"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]"


def control_cells(frame: pl.DataFrame, rel: str, sheet: str | None) -> list[Problem]:
    """Cells holding a control character, each named with the first it holds."""
    problems = []
    for name in (c for c in frame.columns if c not in ("raw_file", "raw_sheet", "raw_row")):
        hits = frame.filter(pl.col(name).str.contains(CONTROL_CHARACTERS))
        for row, found in zip(hits["raw_row"], hits[name].str.extract(f"({CONTROL_CHARACTERS})")):
            message = (
                f"a control character (U+{ord(found):04X}) in the cell: control characters other than tab and "
                "line breaks belong to no published value (a file damaged or written by a program); remove it"
            )
            problems.append(Problem(rel, sheet, row, name, "control_character", message))
    return problems


def checked(frame: pl.DataFrame, rel: str, sheet: str | None) -> pl.DataFrame:
    problems = long_cells(frame, rel, sheet) + control_cells(frame, rel, sheet)
    if problems:
        raise InvalidData(f"{rel}: cells too long", problems)
    return frame


def read_csv(raw_dir: Path, rel: str, expected: tuple[str, ...]) -> RawTable:
    """A UTF-8, comma-separated CSV register with a header row; a file in another encoding or with
    another delimiter is refused saying so."""
    import csv

    path = contained(raw_dir, rel)
    check_file(path, rel, streamed=False)  # read whole into memory below: the file limit, not the CSV one
    check_csv_bytes(path, rel)
    csv.field_size_limit(max(FILE_BYTES.value, CELL_CHARS.value))  # long cells are named below, by column
    with path.open(newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    if not rows:
        raise InvalidData(
            f"{rel}: empty file", [Problem(rel, None, None, None, "empty_file", "the file has no header row")]
        )
    header = rows[0]
    for delimiter, name in ((";", "semicolons"), ("\t", "tabs")):
        if len(header) == 1 and delimiter in header[0]:
            message = f"the header is separated by {name} ({delimiter!r}); registers are comma-separated CSV"
            raise InvalidData(rel, [Problem(rel, None, 1, None, "delimiter", message)])
    if len(header) > SHEET_COLUMNS.value:
        raise InvalidData(rel, [over(SHEET_COLUMNS, f"{len(header):,} columns", rel, None, 1)])
    widths = [
        Problem(rel, None, n, None, "row_width", f"{len(r)} cells where the header has {len(header)}")
        for n, r in enumerate(rows[1:], start=2)
        if len(r) > len(header) and any(c.strip() for c in r[len(header) :])
    ]
    if widths:
        raise InvalidData(f"{rel}: rows wider than the header", widths)
    return RawTable(checked(_frame(header, rows[1:], rel, None, expected), rel, None), rel, sha256_of(path))


def read_sheet(raw_dir: Path, rel: str, sheet: str, expected: tuple[str, ...]) -> RawTable:
    """One worksheet of an .xlsx/.xls/.ods workbook (python-calamine reads all three)."""
    path = contained(raw_dir, rel)
    book = open_workbook(path, rel)
    if sheet not in book.sheet_names:
        raise InvalidData(
            f"{rel}: missing sheet",
            [
                Problem(
                    rel, sheet, None, None, "missing_sheet", f"no sheet {sheet!r}; the workbook has {book.sheet_names}"
                )
            ],
        )
    rows = sheet_rows(book, rel, sheet)
    if not rows:
        raise InvalidData(
            f"{rel}: empty sheet", [Problem(rel, sheet, None, None, "empty_sheet", "the sheet has no header row")]
        )
    return RawTable(checked(_frame(rows[0], rows[1:], rel, sheet, expected), rel, sheet), rel, sha256_of(path))
