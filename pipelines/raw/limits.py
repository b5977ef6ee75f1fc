"""What a file in raw/ may be before anything parses it: inside raw/, and within the limits below.

raw/ receives files written by other programs, some broken, some hostile. Parsers trust what a file
declares (python-calamine allocates a sheet's declared dimension; a zip member inflates to whatever
it says), so every file is measured here first, from its size, its zip directory and its sheet
references, and refused with a located problem naming the limit and the variable that raises it.
The defaults are far above the real data (the largest real register is a few KB) and keep a run on
any single spreadsheet or document under 1 GB of memory. A CSV file has limits of its own, sized for
an exchange register of 10 million rows (1.6 GB): its bytes are checked streaming, in constant memory,
and nothing allocates what it declares, whereas a spreadsheet is parsed whole.
"""

from __future__ import annotations

import gc
import itertools
import os
import posixpath
import re
import stat
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pipelines.problems import InvalidData, Problem


@dataclass(frozen=True)
class Limit:
    name: str
    default: int
    what: str

    @property
    def env(self) -> str:
        return f"EUCP_{self.name.upper()}"

    @property
    def value(self) -> int:
        raw = os.environ.get(self.env, "")
        return int(raw) if raw.strip().isdigit() else self.default


MB = 1024 * 1024
GB = 1024 * MB
FILE_BYTES = Limit("max_file_bytes", 200 * MB, "bytes in one file of raw/ other than a CSV file")
CSV_BYTES = Limit("max_csv_bytes", 4 * GB, "bytes in one CSV file of raw/")
CSV_ROWS = Limit("max_csv_rows", 20_000_000, "rows in one CSV file")
ROW_BYTES = Limit("max_row_bytes", 1 * MB, "bytes in one row of a CSV file (its cells and quoted line breaks)")
INFLATED_BYTES = Limit("max_inflated_bytes", 256 * MB, "bytes a zip-based file (xlsx, ods, docx) inflates to")
ZIP_RATIO = Limit("max_zip_ratio", 200, "times a zip member may inflate over its compressed size")
SHEET_ROWS = Limit("max_sheet_rows", 1_048_576, "rows a sheet may declare")
SHEET_COLUMNS = Limit("max_sheet_columns", 500, "columns a sheet or CSV file may declare")
SHEET_CELLS = Limit("max_sheet_cells", 12_000_000, "cells (rows × columns) a sheet may declare")
CELL_CHARS = Limit("max_cell_chars", 131_072, "characters in one cell")
PDF_PAGES = Limit("max_pdf_pages", 2_000, "pages of a PDF document")
YAML_BYTES = Limit("max_yaml_bytes", 4 * MB, "bytes of raw/sources.yaml")
YAML_DEPTH = Limit("max_yaml_depth", 16, "levels of nesting in raw/sources.yaml")
LIMITS = (FILE_BYTES, INFLATED_BYTES, ZIP_RATIO, SHEET_ROWS, SHEET_COLUMNS, SHEET_CELLS, CELL_CHARS, PDF_PAGES)
LIMITS += (YAML_BYTES, YAML_DEPTH, CSV_BYTES, CSV_ROWS, ROW_BYTES)

ZIP_FORMATS = (".xlsx", ".xlsm", ".ods", ".docx")


def over(limit: Limit, found: str, file: str, sheet=None, row=None, column=None) -> Problem:
    """The problem of a file beyond `limit`: what was found, the limit, and how to raise it."""
    message = f"{found}, over the limit of {limit.value:,} {limit.what} (raise it with {limit.env}=<n> if it is right)"
    return Problem(file, sheet, row, column, f"limit:{limit.name}", message)


def refuse(problem: Problem) -> InvalidData:
    return InvalidData(problem.file, [problem])


def contained(raw_dir: Path, rel: str, where: Problem | None = None) -> Path:
    """raw/`rel` as a real path inside raw/, or a refusal located at `where` (the row naming the file):
    no absolute paths, no `..` out of raw/, no symlink to anything outside it."""
    place = where or Problem(rel, None, None, None, "", "")
    if Path(rel).is_absolute() or Path(rel).drive:
        problem = "an absolute path; files are named relative to raw/"
    else:
        root = raw_dir.resolve()
        real = (raw_dir / rel).resolve()
        if real == root or root in real.parents:
            return real
        problem = f"resolves outside raw/ (to {real}); only files inside raw/ are read"
    raise refuse(Problem(place.file, place.sheet, place.row, place.column, "outside_raw", f"{rel}: {problem}"))


KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def not_a_file(path: Path) -> tuple[str, str] | None:
    """None for a regular file; else (rule, what it is in words), from its status alone: a named pipe or a
    device is never opened (opening a pipe waits for a writer; reading a device may never end)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "missing_file", "no such file in raw/"
    except OSError as e:
        return "unreadable", f"its status cannot be read ({e.strerror})"
    if stat.S_ISREG(mode):
        return None
    kind = next((words for test, words in KINDS if test(mode)), f"a special file (mode {mode:o})")
    return "not_a_file", f"{kind}, not a regular file; only regular files in raw/ are read"


def check_file(path: Path, rel: str, streamed: bool = True) -> None:
    """Size (a CSV file read streaming against the CSV limit; one read whole, as a curated register is,
    against the file limit), and for zip-based formats the zip directory and the declared sheet sizes,
    before parsing."""
    found = not_a_file(path)
    if found:
        raise refuse(Problem(rel, None, None, None, *found))
    size = path.stat().st_size
    suffix = path.suffix.lower()
    limit = CSV_BYTES if suffix == ".csv" and streamed else FILE_BYTES
    if size > limit.value:
        raise refuse(over(limit, f"{size:,} bytes", rel))
    if suffix in ZIP_FORMATS:
        check_zip(path, rel)
        if suffix in (".xlsx", ".xlsm"):
            check_xlsx_dimensions(path, rel)
        elif suffix == ".ods":
            check_ods_dimensions(path, rel)


def check_zip(path: Path, rel: str) -> None:
    """A zip-based file is refused when it is no zip (truncated, empty, renamed), or its members would
    inflate too much in total or per member, from what its directory declares."""
    kind = path.suffix.lower().lstrip(".")
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        size = path.stat().st_size
        why = "an empty file" if size == 0 else f"not a zip archive, or a truncated one ({size:,} bytes: {e})"
        raise refuse(Problem(rel, None, None, None, "unreadable", f"not a readable .{kind} file: {why}")) from e
    total = sum(m.file_size for m in members)
    if total > INFLATED_BYTES.value:
        raise refuse(over(INFLATED_BYTES, f"its parts inflate to {total:,} bytes", rel))
    for m in members:
        if m.file_size > 1 * MB and m.file_size > ZIP_RATIO.value * max(m.compress_size, 1):
            ratio = m.file_size // max(m.compress_size, 1)
            raise refuse(over(ZIP_RATIO, f"part {m.filename} inflates {ratio:,} times", rel))


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def check_extent(rel: str, sheet: str | None, rows: int, columns: int) -> None:
    """A sheet whose extent (last row, last column) is beyond the limits, refused before reading it."""
    if rows > SHEET_ROWS.value:
        raise refuse(over(SHEET_ROWS, f"the sheet reaches row {rows:,}", rel, sheet))
    if columns > SHEET_COLUMNS.value:
        raise refuse(over(SHEET_COLUMNS, f"the sheet reaches column {columns:,}", rel, sheet))
    if rows * columns > SHEET_CELLS.value:
        raise refuse(over(SHEET_CELLS, f"the sheet spans {rows:,} × {columns:,} cells", rel, sheet))


# A row, cell or dimension tag (any namespace prefix) and its r= or ref= value where it has one. Attribute values
# are skipped whole (a '>' may stand in one), so an r= written inside another attribute's value is not read.
POSITION_TAG = re.compile(
    rb"<(?:[\w.-]+:)?(row|c|dimension)(?=[\s/>])"
    rb"(?:(?:[^>\"']|\"[^\"]*\"|'[^']*')*?\s(?:[\w.-]+:)?r(?:ef)?\s*=\s*(?:\"([^\"]*)\"|'([^']*)'))?"
)
# The fast path, for sheets whose every row and cell writes its reference (as spreadsheet programs do): every
# row and cell tag, and those written as a program writes them; when they are as many, positions are the
# written references, and their maxima are taken over distinct values at C speed.
ANY_POSITION = re.compile(rb"<(?:[\w.-]+:)?(?:row|c)(?=[\s/>])")
WRITTEN_CELL = re.compile(rb'<c r="([A-Z]{1,7})(\d{1,10})"')
WRITTEN_ROW = re.compile(rb'<row r="(\d{1,10})"')
CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
STORED = re.compile(rb"<v>[^<]+</v>")
LONGEST_TAIL = 4 * MB  # no tag is this long, and no cell's text within the cell limit


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Every part python-calamine may read as a worksheet → the sheet's name: the workbook relations' targets
    (resolved as calamine resolves them: "/x" is x, "xl/x" stays, anything else is under xl/) and every part
    under xl/worksheets/, whatever the workbook names."""
    present = {m.filename for m in zf.infolist()}
    parts = {
        n: n.rsplit("/", 1)[-1].removesuffix(".xml") for n in present if re.fullmatch(r"xl/worksheets/[^/]+\.xml", n)
    }
    try:
        book = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return parts

    def attribute(tag: bytes, name: bytes) -> str:
        found = re.search(rb"\s" + name + rb'="([^"]*)"', tag)
        return found.group(1).decode() if found else ""

    targets = {}
    for tag in re.findall(rb"<Relationship\b[^>]*>", rels):
        target = attribute(tag, b"Target")
        resolved = target[1:] if target.startswith("/") else target if target.startswith("xl/") else "xl/" + target
        targets[attribute(tag, b"Id")] = posixpath.normpath(resolved)
    for tag in re.findall(rb"<sheet\b[^>]*>", book):
        part = targets.get(attribute(tag, b"r:id"), "")
        if part in present:
            parts[part] = attribute(tag, b"name") or parts.get(part, part)
    for part in set(targets.values()) & present:
        parts.setdefault(part, part)
    return parts


def inflated(path: Path, member: zipfile.ZipInfo, rel: str, chunk: int = 1 * MB) -> Iterator[bytes]:
    """A zip member's bytes as a reader's zip layer inflates them, in chunks: from its local header to the end
    of its deflate stream, not to the size its directory declares. Python's zipfile stops at the declared
    size, so a check reading through it would see less than the reader (which refuses a member larger than
    declared, after reading it); a member inflating past its declared size is refused here."""

    def unreadable(why: str) -> InvalidData:
        return refuse(Problem(rel, None, None, None, "unreadable", f"part {member.filename} {why}"))

    if member.flag_bits & 0x1:
        raise unreadable("is encrypted")
    if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise unreadable(f"is compressed with method {member.compress_type}, not deflate; save the file again")
    with path.open("rb") as f:
        f.seek(member.header_offset)
        head = f.read(30)
        if len(head) < 30 or head[:4] != b"PK\x03\x04":
            raise unreadable("has no local header where the zip directory says")
        names, extra = struct.unpack("<HH", head[26:30])
        f.seek(member.header_offset + 30 + names + extra)
        if member.compress_type == zipfile.ZIP_STORED:
            left = member.compress_size
            while left > 0 and (data := f.read(min(chunk, left))):
                left -= len(data)
                yield data
            return
        stream, pending, total = zlib.decompressobj(-zlib.MAX_WBITS), b"", 0
        while not stream.eof:
            if not pending:
                pending = f.read(chunk)
                if not pending:
                    return  # cut short: the reader fails on it too
            try:
                data = stream.decompress(pending, chunk)
            except zlib.error as e:
                raise unreadable(f"is not a valid deflate stream ({e})") from e
            pending = stream.unconsumed_tail
            total += len(data)
            if total > member.file_size:
                raise unreadable(f"inflates beyond the {member.file_size:,} bytes its zip directory declares")
            if data:
                yield data


def _reference(value: bytes) -> tuple[int, int]:
    """(column, row) of a cell reference such as AB12 or $AB$12; 0 for a part it does not give."""
    value = value.replace(b"$", b"").strip()
    letters = value.rstrip(b"0123456789")
    digits = value[len(letters) :]
    column = _column_number(letters.upper().decode("ascii", "replace")) if letters.isalpha() else 0
    return column, int(digits) if digits else 0


def check_xlsx_dimensions(path: Path, rel: str) -> None:
    """The extent of every part python-calamine may read as a sheet, counted as the reader counts positions,
    streamed from its inflated bytes: a `<row>` without `r` is the row after the one before, a `<c>` without `r`
    the column after the one before (SpreadsheetML lets both omit their reference), a written reference where
    there is one, and `<dimension ref>`; counting never lower than the reader (the greater of a written and an
    implied position). python-calamine allocates that extent whole, so one cell at XFD1048576, written or
    implied, would take 550 GB. The same pass finds formula cells without a stored result (workbooks written
    by scripts), which calamine would read as empty: each is named."""
    formulas = []
    with zipfile.ZipFile(path) as zf:
        parts = _sheet_parts(zf)
        members = [m for m in zf.infolist() if m.filename in parts]
    with _collector_paused():
        for member in members:
            _measure_sheet(path, rel, member, parts[member.filename], formulas)
    if formulas:
        problems = [
            Problem(
                rel,
                sheet,
                int(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")),
                ref,
                "formula_without_value",
                f"cell {ref} holds a formula with no stored result; open and save the file in a spreadsheet "
                "program so its values are computed",
            )
            for sheet, ref in formulas
        ]
        raise InvalidData(f"{rel}: formulas without values", problems)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a sheet is measured: the pass makes millions of small tuples that hold
    no cycle, and the collector walking them doubled its time (2.3 s of CPU a 200,000-row register, not 1.8)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _measure_sheet(path: Path, rel: str, member: zipfile.ZipInfo, sheet: str, formulas: list) -> None:
    """One part's extent (refused over the limits) and its formula cells without a result (added to `formulas`)."""
    rows = columns = row = column = 0
    rest = b""
    chunks = inflated(path, member, rel)
    while True:
        chunk = next(chunks, b"")
        text = rest + chunk
        cut = len(text) if not chunk else text.rfind(b"</c>") + 4 if b"</c>" in text else 0
        if chunk and cut == 0:
            cut = max(text.rfind(b"<"), 0)  # no whole cell yet: keep the last tag for the next chunk
        done, rest = text[:cut], text[cut:]
        if len(rest) > LONGEST_TAIL:
            found = f"a tag or text of over {len(rest):,} bytes in part {member.filename} (row {max(row, 1):,})"
            raise refuse(over(CELL_CHARS, found, rel, sheet))
        cells, written_rows = WRITTEN_CELL.findall(done), WRITTEN_ROW.findall(done)
        if len(cells) + len(written_rows) == len(ANY_POSITION.findall(done)) and b"<dimension" not in done:
            letters, numbers = zip(*cells) if cells else ((), ())
            row = max(row, *map(int, {*written_rows, *numbers, b"0"}))
            column = max(column, *(_column_number(a.decode()) for a in {*letters, b""}))
            rows, columns = max(rows, row), max(columns, column)
            tags = []
        else:
            tags = POSITION_TAG.findall(done)
        for name, double, single in tags:
            value = double or single
            if name == b"c":
                written_column, written_row = _reference(value) if value else (0, 0)
                column = max(column + 1, written_column)
                row = max(row, written_row)
                columns = max(columns, column)
            elif name == b"row":
                written = int(value) if value.strip().isdigit() else 0
                row, column = max(row + 1, written), 0
            else:  # <dimension ref="A1:XFD1048576">
                for corner in value.split(b":"):
                    written_column, written_row = _reference(corner)
                    columns, rows = max(columns, written_column), max(rows, written_row)
            rows = max(rows, row)
        if b"<f" in done:
            for attributes, body in CELL.findall(done):
                ref = re.search(rb'\sr="([A-Z]+\d+)"', attributes)
                text_result = b't="str"' in attributes and b"<v" in body  # a formula giving ""
                if ref and re.search(rb"<f[\s>/]", body) and not (STORED.search(body) or text_result):
                    formulas.append((sheet, ref.group(1).decode()))
        if not chunk:
            break
    check_extent(rel, sheet, rows, columns)


TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def check_ods_dimensions(path: Path, rel: str) -> None:
    """The extent of each .ods table up to its last non-empty cell, counting repeated rows and columns
    (trailing empty repeats, which LibreOffice writes to the sheet's end, do not count)."""
    with zipfile.ZipFile(path) as zf:
        try:
            member = zf.getinfo("content.xml")
        except KeyError:
            raise refuse(Problem(rel, None, None, None, "unreadable", "not a spreadsheet: no content.xml")) from None
    parser = ET.XMLPullParser(events=("start", "end"))
    table, row, rows, columns, col, filled = None, 0, 0, 0, 0, False
    for chunk in itertools.chain(inflated(path, member, rel), [None]):  # inflated as the reader does, not as declared
        try:
            parser.close() if chunk is None else parser.feed(chunk)
            for event, el in parser.read_events():
                tag = el.tag
                if event == "start" and tag == TABLE + "table":
                    table, row, rows, columns = el.get(TABLE + "name"), 0, 0, 0
                elif event == "start" and tag == TABLE + "table-row":
                    col, filled = 0, False
                elif event == "end" and tag in (TABLE + "table-cell", TABLE + "covered-table-cell"):
                    repeat = int(el.get(TABLE + "number-columns-repeated", "1"))
                    if len(el) or el.get(OFFICE + "value-type"):
                        columns, filled = max(columns, col + repeat), True
                    col += repeat
                    el.clear()
                elif event == "end" and tag == TABLE + "table-row":
                    repeat = int(el.get(TABLE + "number-rows-repeated", "1"))
                    if filled:
                        rows = row + repeat
                    row += repeat
                    el.clear()
                    check_extent(rel, table, rows, columns)
        except ET.ParseError as e:
            raise refuse(
                Problem(rel, table, None, None, "unreadable", f"content.xml is not well-formed XML ({e})")
            ) from e
