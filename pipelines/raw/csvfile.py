"""A CSV file's bytes checked before any CSV parser sees them, each fault located at its row.

Parsers hide these faults: a cp1252 byte becomes a traceback with a byte offset, a bare carriage return
splits a row in two, and a quote never closed swallows every row after it into one cell. One streaming
pass (constant memory) finds them first and names the row a spreadsheet program would show.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from pipelines.problems import InvalidData, Problem
from pipelines.raw.limits import SHEET_ROWS, over

CHUNK = 1 << 20


def check_csv_bytes(path: Path, rel: str) -> None:
    """UTF-8 throughout, no bare CR line ends, every quote closed, and not more rows than the limit."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line, quoted, opened, rest = 1, False, 0, ""
    with path.open("rb") as f:
        while True:
            chunk = f.read(CHUNK)
            try:
                text = rest + decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as e:
                done = chunk[: e.start].decode("utf-8", errors="replace")
                row = line + (rest + done).count("\n")
                byte = chunk[e.start : e.start + 1].hex() or "end"
                message = f"not UTF-8 text: byte 0x{byte} at row {row} (cp1252 or Latin-1?); save the file as CSV UTF-8"
                raise InvalidData(rel, [Problem(rel, None, row, None, "encoding", message)]) from e
            lines = text.split("\n")
            rest = lines.pop() if chunk else ""
            for text_line in [*lines, rest] if not chunk else lines:
                cr = text_line.find("\r")
                if cr != -1 and cr != len(text_line) - 1 and not quoted:
                    message = "a carriage return alone ends a line here (old Mac line ends?); save with LF or CRLF"
                    raise InvalidData(rel, [Problem(rel, None, line, None, "bare_cr", message)])
                if text_line.count('"') % 2:
                    quoted = not quoted
                    opened = line if quoted else opened
                line += 1
            if line > SHEET_ROWS.value + 2:
                raise InvalidData(rel, [over(SHEET_ROWS, f"more than {line - 2:,} rows", rel)])
            if not chunk:
                break
    if quoted:
        message = "a quote opened on this row is never closed, so every row after it would be one cell"
        raise InvalidData(rel, [Problem(rel, None, opened, None, "unbalanced_quote", message)])
