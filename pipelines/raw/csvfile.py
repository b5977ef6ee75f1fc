"""A CSV file's bytes checked before any CSV parser sees them, each fault located at its row.

Parsers hide these faults: a cp1252 byte becomes a traceback with a byte offset, a bare carriage return
splits a row in two, and a quote never closed swallows every row after it into one cell. One streaming
pass (constant memory) finds them first and names the row a spreadsheet program would show.

The pass works a chunk at a time at C speed (the incremental UTF-8 decoder, `bytes.count`), since a
register of 10 million exchanges is 1.6 GB: a loop over its rows in Python would cost more than the
whole rest of the run. Rows are looked at one by one only to locate a fault the counts have found.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from pipelines.problems import InvalidData, Problem
from pipelines.raw.limits import CSV_ROWS, over

CHUNK = 1 << 20
NOT_LF_OR_QUOTE = bytes(b for b in range(256) if b not in b'\n"')
BARE_CR = "a carriage return alone ends a line here (old Mac line ends?); save with LF or CRLF"
UNCLOSED = "a quote opened on this row is never closed, so every row after it would be one cell"


def check_csv_bytes(path: Path, rel: str) -> None:
    """UTF-8 throughout, no bare CR line ends, every quote closed, and not more rows than the limit.

    A row is a line between LFs; a quote state is the parity of the quotes before a point. A CR not
    followed by LF is a fault unless its row starts inside quotes (a line break typed into a cell)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    newlines = offset = 0  # LFs and bytes before the chunk
    quoted = row_quoted = False  # quote state at the chunk's start, and at the start of the row it starts in
    balanced = (0, 1)  # (offset, row) of the last row start known to be outside quotes
    ends_cr = partial = False  # the chunk before ended with CR; its last row has no LF yet
    with path.open("rb") as f:
        while True:
            chunk = f.read(CHUNK)
            pending = decoder.getstate()[0]
            try:
                if pending or not chunk.isascii():  # ASCII is UTF-8 as it is: 0.3 s a GB, decoding 0.8 s
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
            marks = chunk.translate(None, NOT_LF_OR_QUOTE)  # one pass: the LFs and quotes, in order
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
