"""Issue 10: a CSV file's bytes are checked a chunk at a time at C speed, and every fault is still located
at the row the per-row scan it replaced named; CSV files have limits of their own, sized for 10 million
exchanges, while spreadsheets keep theirs."""

import random
import zipfile

import pytest

from pipelines.problems import InvalidData
from pipelines.raw import csvfile
from pipelines.raw.csvfile import check_csv_bytes
from pipelines.raw.holders import read_register
from pipelines.raw.limits import check_file
from pipelines.raw.tabular import read_csv, read_sheet
from schemas import TABLES


def per_row(data: bytes) -> tuple[str, int] | None:
    """The per-row scan check_csv_bytes used before issue 10 (over a file read as one chunk): the oracle
    for where a bare CR or an unclosed quote is reported."""
    line, quoted, opened = 1, False, 0
    for text_line in [*data.decode().split("\n"), ""]:
        cr = text_line.find("\r")
        if cr != -1 and cr != len(text_line) - 1 and not quoted:
            return ("bare_cr", line)
        if text_line.count('"') % 2:
            quoted = not quoted
            opened = line if quoted else opened
        line += 1
    return ("unbalanced_quote", opened) if quoted else None


def fault(path) -> tuple[str, int] | None:
    try:
        check_csv_bytes(path, "r.csv")
    except InvalidData as e:
        [problem] = e.problems
        return (problem.rule, problem.row)
    return None


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 8, 1 << 20])
def test_faults_are_located_where_the_per_row_scan_located_them_whatever_the_chunks(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(csvfile, "CHUNK", chunk)
    pieces = ["a", ",", '"', '"', "\r", "\r\n", "\n", "\n", "é"]
    rng = random.Random(chunk)
    faults = set()
    for n in range(1500):
        data = "".join(rng.choices(pieces, k=rng.randrange(0, 24))).encode()
        (tmp_path / "r.csv").write_bytes(data)
        expected = per_row(data)
        assert fault(tmp_path / "r.csv") == expected, (n, data)
        faults.add(expected and expected[0])
    assert faults == {None, "bare_cr", "unbalanced_quote"}  # every outcome was exercised


@pytest.mark.parametrize("chunk", [1, 2, 3, 4, 5])
def test_a_cr_on_a_row_that_starts_inside_quotes_is_allowed_across_chunks(tmp_path, monkeypatch, chunk):
    """A line break typed into a cell; the rule looks at the quote state where the row starts."""
    monkeypatch.setattr(csvfile, "CHUNK", chunk)
    (tmp_path / "r.csv").write_bytes(b'a,b\n1,"x\ny\rz\r"\n2,"x\r\ny\r\r"\n')
    assert fault(tmp_path / "r.csv") is None
    (tmp_path / "r.csv").write_bytes(b'a,b\n1,"x\ny\rz\r"\n2,"\rx"\n')
    assert fault(tmp_path / "r.csv") == ("bare_cr", 4)


@pytest.mark.parametrize("chunk", [1, 2, 3, 4, 7, 1 << 20])
@pytest.mark.parametrize(
    ("data", "row", "byte"),
    [
        (b"a,b\n\xe9,c\n", 2, "e9"),
        (b"a,b\nc\n\xc3(\n", 3, "c3"),  # a lead byte the next one does not continue
        (b"a\nb\n\xe2\x82\n", 3, "e2"),  # a three-byte character cut short by a line end
        (b"a,b\nc,d\xc3", 2, "end"),  # a character cut off at the end of the file
    ],
)
def test_a_byte_that_is_not_utf8_is_named_with_its_row_at_any_chunk_boundary(
    tmp_path, monkeypatch, chunk, data, row, byte
):
    monkeypatch.setattr(csvfile, "CHUNK", chunk)
    (tmp_path / "r.csv").write_bytes(data)
    with pytest.raises(InvalidData, match=f"row {row}: \\[encoding\\] not UTF-8 text: byte 0x{byte} at row {row} "):
        check_csv_bytes(tmp_path / "r.csv", "r.csv")


@pytest.mark.parametrize("ending", ["\n", ""])
def test_a_csv_over_the_csv_row_limit_is_refused_naming_the_limit(tmp_path, monkeypatch, ending):
    monkeypatch.setenv("EUCP_MAX_CSV_ROWS", "3")
    monkeypatch.setenv("EUCP_MAX_SHEET_ROWS", "1")  # a sheet's limit says nothing of a CSV file
    (tmp_path / "r.csv").write_text("call_id,title\nc1,t\nc2,u" + ending, encoding="utf-8")
    assert read_csv(tmp_path, "r.csv", ("call_id", "title")).frame.height == 2
    (tmp_path / "r.csv").write_text("call_id,title\nc1,t\nc2,u\nc3,v" + ending, encoding="utf-8")
    with pytest.raises(InvalidData, match=r"r.csv: \[limit:max_csv_rows\] at least 4 rows.*EUCP_MAX_CSV_ROWS=<n>"):
        read_csv(tmp_path, "r.csv", ("call_id", "title"))


def test_an_exchange_register_over_the_csv_row_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(csvfile, "CHUNK", 64)  # the limit is checked as the chunks go, not only at the end
    monkeypatch.setenv("EUCP_MAX_CSV_ROWS", "100")
    (tmp_path / "r.csv").write_text("Partnership,Visitor\n" + "BLUES,Cluster A\n" * 100, encoding="utf-8")
    with pytest.raises(InvalidData, match=r"\[limit:max_csv_rows\] at least 10\d rows"):
        read_register(tmp_path, "r.csv", TABLES["exchanges"])


def test_a_csv_larger_than_a_spreadsheet_may_be_is_read_under_the_csv_limit(tmp_path, monkeypatch):
    """As a 1.6 GB register against the 200 MB file limit, with the limits scaled down."""
    (tmp_path / "r.csv").write_text("call_id,title\n" + "c,t\n" * 1000, encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "calls.xlsx", "w") as z:
        z.writestr("padding", b"x" * 4000)  # stored, not deflated: as large as the CSV
    assert (tmp_path / "calls.xlsx").stat().st_size > 4000 and (tmp_path / "r.csv").stat().st_size > 4000
    monkeypatch.setenv("EUCP_MAX_FILE_BYTES", "2000")
    monkeypatch.setenv("EUCP_MAX_CSV_BYTES", "5000")
    check_file(tmp_path / "r.csv", "r.csv")  # streamed, as an exchange register is: the CSV limit
    with pytest.raises(InvalidData, match=r"calls.xlsx: \[limit:max_file_bytes\].*EUCP_MAX_FILE_BYTES=<n>"):
        read_sheet(tmp_path, "calls.xlsx", "calls", ("call_id",))
    with pytest.raises(InvalidData, match=r"r.csv: \[limit:max_file_bytes\].*EUCP_MAX_FILE_BYTES=<n>"):
        read_csv(tmp_path, "r.csv", ("call_id", "title"))  # a curated register is read whole: the file limit
    monkeypatch.setenv("EUCP_MAX_FILE_BYTES", "5000")
    assert read_csv(tmp_path, "r.csv", ("call_id", "title")).frame.height == 1000
    monkeypatch.setenv("EUCP_MAX_CSV_BYTES", "3000")
    with pytest.raises(InvalidData, match=r"r.csv: \[limit:max_csv_bytes\] 4,014 bytes.*EUCP_MAX_CSV_BYTES=<n>"):
        check_file(tmp_path / "r.csv", "r.csv")


def longest_first(data: bytes, limit: int) -> int | None:
    """The row where the first record (a row with its quoted line breaks) longer than `limit` bytes starts, by a
    plain byte-by-byte scan: the oracle for the streamed row limit."""
    quoted, start, line, start_line = False, 0, 1, 1
    for at, byte in enumerate(data):
        if byte == 0x22:
            quoted = not quoted
        elif byte == 0x0A:
            if not quoted:
                if at - start > limit:
                    return start_line
                start, start_line = at + 1, line + 1
            line += 1
    return start_line if len(data) - start > limit else None


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 8, 1 << 20])
def test_the_row_limit_finds_the_row_a_byte_scan_finds_whatever_the_chunks(tmp_path, monkeypatch, chunk):
    """Issue 23, finding 2: rows are measured as the chunks stream past, quoted line breaks included."""
    monkeypatch.setattr(csvfile, "CHUNK", chunk)
    monkeypatch.setenv("EUCP_MAX_ROW_BYTES", "6")
    rng = random.Random(chunk)
    seen = set()
    for n in range(1500):
        data = "".join(rng.choices(["a", ",", '"', "\n", "\n"], k=rng.randrange(0, 30))).encode()
        (tmp_path / "r.csv").write_bytes(data)
        expected = longest_first(data, 6)
        found = fault(tmp_path / "r.csv")
        got = found[1] if found and found[0] == "limit:max_row_bytes" else None
        assert got == expected, (n, data, found)
        seen.add(expected is None)
    assert seen == {True, False}


@pytest.mark.parametrize("chunk", [1, 2, 3, 4, 5, 1 << 20])
@pytest.mark.parametrize(("cell", "code"), [(b"a\x00", "0000"), ("\u0085".encode(), "0085"), (b"\x7f", "007F")])
def test_a_control_character_is_located_at_any_chunk_boundary(tmp_path, monkeypatch, chunk, cell, code):
    """Issue 23, finding 4; a C1 control is two bytes in UTF-8, which two chunks may share."""
    monkeypatch.setattr(csvfile, "CHUNK", chunk)
    (tmp_path / "r.csv").write_bytes(b"a,b\nc,d\xc3\xa9\ne," + cell + b"\n")
    with pytest.raises(InvalidData, match=rf"r.csv, row 3, column 'b': \[control_character\] .*U\+{code}"):
        check_csv_bytes(tmp_path / "r.csv", "r.csv")
