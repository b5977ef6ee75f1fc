"""A CSV file's bytes checked before any CSV parser sees them, each fault located at its row.

Parsers hide these faults: a cp1252 byte becomes a traceback with a byte offset, a bare carriage return
splits a row in two, and a quote never closed swallows every row after it into one cell. One streaming
pass (constant memory) finds them first and names the row a spreadsheet program would show.

The same pass bounds what a parser would have to hold at once and what no published value may hold: a row
(its cells together, line breaks in quoted cells included) longer than EUCP_MAX_ROW_BYTES is refused before
any parser reads it (Polars' streaming reader holds a whole row: one 300 MB cell peaked at 2.6 GB), and so
is a control character other than tab, line feed and carriage return (a NUL byte was published in both the
CSV and the Parquet file), each at its row and, where the row's start can be read, its column.

The pass works a chunk at a time at C speed (the incremental UTF-8 decoder, `bytes.count`, NumPy's
minimum), since a register of 10 million exchanges is 1.6 GB: a loop over its rows in Python would cost
more than the whole rest of the run. Rows are looked at one by one only to locate a fault the counts have
found. A row wholly inside a chunk is shorter than the chunk, which is never longer than the row limit, so
only a row running over a chunk's edge is measured.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import numpy as np

from pipelines.problems import InvalidData, Problem
from pipelines.raw.limits import CSV_ROWS, ROW_BYTES, over

CHUNK = 1 << 20
NOT_LF_OR_QUOTE = bytes(b for b in range(256) if b not in b'\n"')
BARE_CR = "a carriage return alone ends a line here (old Mac line ends?); save with LF or CRLF"
UNCLOSED = "a quote opened on this row is never closed, so every row after it would be one cell"
# C0 controls but tab, LF and CR; DEL; C1 controls (U+0080-U+009F, which UTF-8 writes as C2 80-C2 9F)
CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")


def check_csv_bytes(path: Path, rel: str) -> None:
    """UTF-8 throughout, no bare CR line ends, every quote closed, and not more rows than the limit.

    A row is a line between LFs; a quote state is the parity of the quotes before a point. A CR not
    followed by LF is a fault unless its row starts inside quotes (a line break typed into a cell)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    newlines = offset = 0  # LFs and bytes before the chunk
    quoted = row_quoted = False  # quote state at the chunk's start, and at the start of the row it starts in
    balanced = (0, 1)  # (offset, row) of the last row start known to be outside quotes
    ends_cr = partial = False  # the chunk before ended with CR; its last row has no LF yet
    record = (0, 1)  # (offset, row) where the record (a row with its quoted line breaks) being read starts
    limit = ROW_BYTES.value
    size = max(1, min(CHUNK, limit))  # a record inside one chunk is then within the limit
    tail = b""  # the chunk before's last byte: a C1 control may straddle two chunks
    with path.open("rb") as f:
        while True:
            chunk = f.read(size)
            pending = decoder.getstate()[0]
            multibyte = bool(pending) or not chunk.isascii()
            try:
                if multibyte:  # ASCII is UTF-8 as it is: 0.3 s a GB, decoding 0.8 s
                    decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as e:
                data = pending + chunk  # e.start counts from the bytes the decoder held back
                row = 1 + newlines + data.count(b"\n", 0, e.start)
                byte = data[e.start : e.start + 1].hex() if chunk else "end"  # a character cut off at the end
                message = f"not UTF-8 text: byte 0x{byte} at row {row} (cp1252 or Latin-1?); save the file as CSV UTF-8"
                raise InvalidData(rel, [Problem(rel, None, row, None, "encoding", message)]) from e
            if ends_cr and chunk[:1] not in (b"\n", b"") and not row_quoted:
                raise InvalidData(rel, [Problem(rel, None, newlines + 1, None, "bare_cr", BARE_CR)])
            if b"\r" in chunk and chunk.count(b"\r") > chunk.count(b"\r\n") + chunk.endswith(b"\r"):
                row = _bare_cr_row(chunk, newlines, quoted, row_quoted)
                if row is not None:
                    raise InvalidData(rel, [Problem(rel, None, row, None, "bare_cr", BARE_CR)])
            if chunk and (_has_control(chunk, multibyte) or tail == b"\xc2" and 0x80 <= chunk[0] <= 0x9F):
                _refuse_control(path, rel, offset - len(tail), tail + chunk, newlines - (tail == b"\n"), record[0])
            marks = chunk.translate(None, NOT_LF_OR_QUOTE)  # one pass: the LFs and quotes, in order
            first_end, last_end, ended = _record_ends(chunk, marks, quoted)
            start, start_row = record
            if (first_end if first_end is not None else len(chunk)) + offset - start > limit:
                _refuse_long(path, rel, start, start_row, limit)
            if last_end is not None:
                record = (offset + last_end + 1, newlines + ended + 1)
            tail = chunk[-1:]
            lfs = marks.count(b"\n")
            last = marks.rfind(b"\n")
            if last != -1:  # the quotes before the last LF are `last` marks less the other LFs
                row_quoted = quoted ^ bool((last - lfs + 1) % 2)
                if not row_quoted:
                    balanced = (offset + chunk.rfind(b"\n") + 1, newlines + lfs + 1)
            newlines += lfs
            quoted ^= bool((len(marks) - lfs) % 2)
            offset += len(chunk)
            ends_cr = chunk.endswith(b"\r")
            partial = not chunk.endswith(b"\n") if chunk else partial
            rows = newlines + partial
            if rows > CSV_ROWS.value:
                raise InvalidData(rel, [over(CSV_ROWS, f"at least {rows:,} rows", rel)])
            if not chunk:
                break
    if quoted:
        opened = _unclosed_quote_row(path, *balanced)
        raise InvalidData(rel, [Problem(rel, None, opened, None, "unbalanced_quote", UNCLOSED)])


def _bare_cr_row(chunk: bytes, newlines: int, quoted: bool, row_quoted: bool) -> int | None:
    """The row of the first CR in `chunk` followed by something other than LF, on a row that starts
    outside quotes; None if every such CR is in a quoted cell. `newlines` and the quote states are those
    at the chunk's start; a CR ending the chunk is judged with the next chunk's first byte."""
    at = 0
    cr = chunk.find(b"\r")
    while cr != -1 and cr + 1 < len(chunk):
        if chunk[cr + 1] != 0x0A:
            start = chunk.rfind(b"\n", at, cr)
            if start != -1:
                row_quoted = quoted ^ bool(chunk.count(b'"', at, start) % 2)
            newlines += chunk.count(b"\n", at, cr)
            quoted ^= bool(chunk.count(b'"', at, cr) % 2)
            at = cr
            if not row_quoted:
                return newlines + 1
        cr = chunk.find(b"\r", cr + 1)
    return None


def _unclosed_quote_row(path: Path, offset: int, row: int) -> int:
    """The row a never-closed quote opens on: the last row that starts outside quotes and ends inside,
    counted row by row from `offset`, the start of `row`, which is outside quotes. Only a refused file
    pays for this loop."""
    opened, quoted, carried = row, False, 0
    with path.open("rb") as f:
        f.seek(offset)
        while chunk := f.read(CHUNK):
            *rows, tail = chunk.translate(None, NOT_LF_OR_QUOTE).split(b"\n")  # each row's quotes
            for quotes in rows:
                if (carried + len(quotes)) % 2:
                    quoted = not quoted
                    opened = row if quoted else opened
                carried = 0
                row += 1
            carried += len(tail)
    if carried % 2 and not quoted:
        opened = row
    return opened


def _has_control(data: bytes, multibyte: bool) -> bool:
    """Whether `data` holds a control character, at C speed: the C0 ones but tab, LF and CR by three minima
    (bytes 0-8; 14-31 and 11-12 shifted to the bottom), DEL by a search, C1 ones only in non-ASCII text."""
    a = np.frombuffer(data, np.uint8)
    if a.min() < 9 or (a - np.uint8(14)).min() < 18 or (a - np.uint8(11)).min() < 2 or b"\x7f" in data:
        return True
    return multibyte and b"\xc2" in data and CONTROL.search(data) is not None


def _refuse_control(path: Path, rel: str, offset: int, data: bytes, newlines: int, record: int) -> None:
    """The first control character in `data` (read at `offset`, after `newlines` LFs), at its row and column
    (counted from its line's start, or from `record`, where the record it is in started, before `data`)."""
    found = CONTROL.search(data)
    if found is None:  # a C1 lead byte whose continuation is in the next chunk
        return
    at = found.start()
    row = newlines + data.count(b"\n", 0, at) + 1
    line_start = offset + data.rfind(b"\n", 0, at) + 1 if b"\n" in data[:at] else record
    column = _column_at(path, line_start, offset + at)
    code = int.from_bytes(found.group()) if len(found.group()) == 1 else ord(found.group().decode())
    name = {0: "NUL", 0x7F: "DEL"}.get(code, "a control character")
    message = (
        f"{name} (U+{code:04X}) in a cell: control characters other than tab and line breaks belong to no "
        "published value (a file damaged or written by a program, not typed text); remove it"
    )
    raise InvalidData(rel, [Problem(rel, None, row, column, "control_character", message)])


def _record_ends(chunk: bytes, marks: bytes, quoted: bool) -> tuple[int | None, int | None, int]:
    """The offsets in `chunk` of its first and last LF outside quotes (which end a record), given the quote
    state at its start, and how many LFs it has up to the last; `marks` are its LFs and quotes in order.
    Without quotes, its first and last LF; with them, marks are walked from either end until such an LF (a
    few marks in real files)."""
    if not marks:
        return None, None, 0
    if not quoted and b'"' not in marks:
        return chunk.find(b"\n"), chunk.rfind(b"\n"), len(marks)
    first = last = None
    inside, lfs = quoted, 0
    for mark in marks:
        if mark == 0x22:
            inside = not inside
        else:
            lfs += 1
            if not inside:
                first = _nth(chunk, lfs)
                break
    if first is None:
        return None, None, 0
    total = marks.count(b"\n")
    inside, lfs = quoted ^ bool((len(marks) - total) % 2), 0  # the state at the chunk's end
    for mark in reversed(marks):
        if mark == 0x22:
            inside = not inside
        else:
            lfs += 1
            if not inside:
                last = _nth(chunk, -lfs)
                break
    return first, last, total - lfs + 1


def _nth(chunk: bytes, n: int) -> int:
    """The offset of the n-th LF of `chunk` (from the end when n is negative)."""
    at = -1 if n > 0 else len(chunk)
    for _ in range(abs(n)):
        at = chunk.find(b"\n", at + 1) if n > 0 else chunk.rfind(b"\n", 0, at)
    return at


def _refuse_long(path: Path, rel: str, start: int, row: int, limit: int) -> None:
    """A record from `start` (row `row`) over `limit` bytes, refused naming the cell that crosses the limit."""
    column = _column_at(path, start, start + limit)
    found = f"a row of at least {limit + 1:,} bytes"
    raise InvalidData(rel, [over(ROW_BYTES, found, rel, None, row, column)])


def _column_at(path: Path, start: int, at: int) -> str | None:
    """The header of the cell that byte `at` falls in, in the record starting at byte `start` (at most the row
    limit is read): its delimiters outside quotes counted, the header's read the same way; None where the
    header cannot be read or has no such column."""
    limit = ROW_BYTES.value
    with path.open("rb") as f:
        head = f.read(limit + 1)
        f.seek(start)
        prefix = f.read(max(0, min(at, start + limit) - start))
    line = head.split(b"\n", 1)[0].removeprefix(b"\xef\xbb\xbf")
    if len(line) > limit or start == 0:
        return None
    delimiter = max(b",;\t", key=line.count)
    names = _cells(line.rstrip(b"\r"), delimiter)
    index = len(_cells(prefix, delimiter)) - 1
    return names[index].decode("utf-8", "replace").strip().strip('"') if index < len(names) else None


def _cells(data: bytes, delimiter: int) -> list[bytes]:
    """`data` split at its delimiters outside quotes (a row's cells, or those begun by its prefix)."""
    cells, inside, begun = [], False, 0
    marks = re.finditer(b'["' + bytes([delimiter]) + b"]", data)
    for mark in marks:
        if mark.group() == b'"':
            inside = not inside
        elif not inside:
            cells.append(data[begun : mark.start()])
            begun = mark.end()
    return [*cells, data[begun:]]
