"""Issue 9, findings 1, 2, 9 and 10: files that are broken or hostile are refused before parsing, each with
a located problem, and nothing outside raw/ is read. Every hostile file is generated here, never committed."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from fpdf import FPDF

from pipelines.problems import InvalidData, Problem
from pipelines.raw.documents import read_document
from pipelines.raw.holders import read_register
from pipelines.raw.limits import LIMITS, contained
from pipelines.raw.manifest import read_sources
from pipelines.raw.tabular import read_csv, read_sheet
from schemas import TABLES

WHERE = Problem("sources.yaml", None, 12, "document", "", "")
CALLS = ("call_id", "title")


def xlsx(path: Path, sheet_xml: str, dimension: str = "A1", compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """A minimal workbook of one sheet whose XML is `sheet_xml` (cells), written by hand."""
    with zipfile.ZipFile(path, "w", compression) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="calls" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        z.writestr(
            "xl/worksheets/sheet1.xml",
            '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<dimension ref="{dimension}"/><sheetData>{sheet_xml}</sheetData></worksheet>',
        )
    return path


def cell(ref: str, text: str) -> str:
    row = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c></row>'


def refused(call, match: str) -> InvalidData:
    with pytest.raises(InvalidData, match=match) as caught:
        call()
    return caught.value


# Finding 1: nothing outside raw/ is read


@pytest.mark.parametrize("rel", ["../outside.txt", "documents/../../outside.txt"])
def test_a_document_path_escaping_raw_is_refused_at_its_manifest_row(tmp_path, rel):
    (tmp_path / "outside.txt").write_text("secret text of another folder", encoding="utf-8")
    (tmp_path / "raw").mkdir()
    error = refused(lambda: read_document(tmp_path / "raw", rel, WHERE), "outside_raw")
    assert error.problems[0].row == 12 and error.problems[0].file == "sources.yaml"


def test_an_absolute_document_path_is_refused(tmp_path):
    refused(lambda: read_document(tmp_path, "/etc/passwd", WHERE), r"sources.yaml, row 12.*absolute path")


def test_a_symlink_out_of_raw_is_refused_in_documents_and_exchanges(tmp_path):
    raw = tmp_path / "raw"
    (raw / "documents").mkdir(parents=True)
    (raw / "exchanges").mkdir()
    (tmp_path / "secret.txt").write_text("outside", encoding="utf-8")
    (tmp_path / "secret.csv").write_text("Partnership,Visitor\nBLUES,A\n", encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", raw / "documents" / "a.txt")
    os.symlink(tmp_path / "secret.csv", raw / "exchanges" / "r.csv")
    refused(lambda: read_document(raw, "documents/a.txt", WHERE), "outside_raw.*resolves outside raw/")
    refused(lambda: read_register(raw, "exchanges/r.csv", TABLES["exchanges"]), "outside_raw")


def test_a_symlink_inside_raw_is_followed(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    os.symlink(tmp_path / "a.txt", tmp_path / "b.txt")
    assert contained(tmp_path, "b.txt") == (tmp_path / "a.txt").resolve()


# Finding 2: limits before parsing


@pytest.mark.parametrize("ref", ["XFD1048576", "CV1048576"])
def test_a_tiny_workbook_declaring_a_huge_sheet_is_refused_before_calamine(tmp_path, ref):
    path = xlsx(tmp_path / "calls.xlsx", cell("A1", "call_id") + cell(ref, "x"))
    assert path.stat().st_size < 2000
    error = refused(lambda: read_sheet(tmp_path, "calls.xlsx", "calls", CALLS), "limit:max_sheet_")
    assert "EUCP_MAX_SHEET_" in str(error) and "calls.xlsx" in str(error)


def test_a_declared_dimension_alone_is_refused(tmp_path):
    xlsx(tmp_path / "calls.xlsx", cell("A1", "call_id"), dimension="A1:XFD1048576")
    refused(lambda: read_sheet(tmp_path, "calls.xlsx", "calls", CALLS), "reaches column 16,384")


def test_a_zip_bomb_is_refused_from_its_directory(tmp_path, monkeypatch):
    xlsx(tmp_path / "calls.xlsx", cell("A1", "call_id") + "<!--" + " " * 3_000_000 + "-->")
    refused(lambda: read_sheet(tmp_path, "calls.xlsx", "calls", CALLS), r"inflates \d[\d,]* times.*EUCP_MAX_ZIP_RATIO")
    monkeypatch.setenv("EUCP_MAX_ZIP_RATIO", "100000")
    monkeypatch.setenv("EUCP_MAX_INFLATED_BYTES", "1000000")
    refused(lambda: read_sheet(tmp_path, "calls.xlsx", "calls", CALLS), "EUCP_MAX_INFLATED_BYTES")


def test_an_ods_table_repeating_a_filled_row_a_million_times_is_refused(tmp_path):
    t = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    o = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    content = (
        f'<?xml version="1.0"?><office:document-content xmlns:office="{o}" xmlns:table="{t}" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
        '<table:table table:name="r"><table:table-row table:number-rows-repeated="1048576">'
        '<table:table-cell table:number-columns-repeated="200" office:value-type="string"><text:p>x</text:p>'
        "</table:table-cell></table:table-row></table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    with zipfile.ZipFile(tmp_path / "r.ods", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
    refused(lambda: read_register(tmp_path, "r.ods", TABLES["exchanges"]), "sheet 'r'.*limit:max_sheet_cells")


def test_a_file_over_the_size_limit_is_refused_naming_the_variable(tmp_path, monkeypatch):
    """A curated register is read whole, so the file limit holds for it even as CSV."""
    (tmp_path / "r.csv").write_text("call_id,title\n" + "a,b\n" * 100, encoding="utf-8")
    monkeypatch.setenv("EUCP_MAX_FILE_BYTES", "100")
    refused(lambda: read_csv(tmp_path, "r.csv", CALLS), r"r.csv: \[limit:max_file_bytes\].*EUCP_MAX_FILE_BYTES=<n>")


def test_every_limit_is_in_the_readme_with_its_variable():
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert [limit.env for limit in LIMITS if f"| `{limit.env}` |" not in readme] == []


def test_a_pdf_over_the_page_limit_is_refused(tmp_path, monkeypatch):
    pdf = FPDF()
    for _ in range(3):
        pdf.add_page()
    pdf.output(str(tmp_path / "d.pdf"))
    monkeypatch.setenv("EUCP_MAX_PDF_PAGES", "2")
    refused(lambda: read_document(tmp_path, "d.pdf", WHERE), "3 pages.*EUCP_MAX_PDF_PAGES")


def test_a_yaml_alias_bomb_is_refused_before_expansion(tmp_path):
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    (tmp_path / "sources.yaml").write_text("\n".join(lines) + "\nsources: *a11\n", encoding="utf-8")
    refused(lambda: read_sources(tmp_path), r"sources.yaml, row 1: \[yaml_alias\]")


def test_an_oversized_manifest_is_refused(tmp_path, monkeypatch):
    (tmp_path / "sources.yaml").write_text("sources:\n" + "# padding\n" * 100, encoding="utf-8")
    monkeypatch.setenv("EUCP_MAX_YAML_BYTES", "50")
    refused(lambda: read_sources(tmp_path), "limit:max_yaml_bytes")


# Finding 9: scalars where the manifest expects scalars


def test_a_list_where_a_title_belongs_is_a_located_error(tmp_path):
    (tmp_path / "sources.yaml").write_text(
        "sources:\n  - id: s1\n    url: https://example.org\n    title: [a, b]\n", encoding="utf-8"
    )
    error = refused(lambda: read_sources(tmp_path), r"row 4, column 'title': \[not_a_scalar\].*not a list")
    assert "ScalarNode" not in str(error)


# Finding 10: located errors, never a traceback


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", r"calls.xlsx: \[unreadable\].*an empty file"),
        (b"call_id,title\nc1,t\n", r"calls.xlsx: \[unreadable\].*not a zip archive"),
    ],
)
def test_an_empty_or_non_zip_workbook_is_a_located_error(tmp_path, content, match):
    (tmp_path / "calls.xlsx").write_bytes(content)
    refused(lambda: read_sheet(tmp_path, "calls.xlsx", "calls", CALLS), match)


def test_a_truncated_workbook_is_a_located_error(tmp_path):
    whole = xlsx(tmp_path / "whole.xlsx", cell("A1", "call_id")).read_bytes()
    (tmp_path / "calls.xlsx").write_bytes(whole[: len(whole) // 2])
    refused(lambda: read_sheet(tmp_path, "calls.xlsx", "calls", CALLS), r"calls.xlsx: \[unreadable\].*truncated")


def test_a_cp1252_register_names_the_encoding_and_row(tmp_path):
    (tmp_path / "r.csv").write_bytes(("call_id,title\n" + "c,t\n" * 40 + "c2,Région\n").encode("cp1252"))
    refused(lambda: read_csv(tmp_path, "r.csv", CALLS), r"r.csv, row 42: \[encoding\] not UTF-8 text: byte 0xe9")


def test_a_semicolon_register_is_reported_as_such(tmp_path):
    (tmp_path / "r.csv").write_text("call_id;title\nc1;t\n", encoding="utf-8")
    error = refused(lambda: read_csv(tmp_path, "r.csv", CALLS), r"row 1: \[delimiter\].*semicolons")
    assert len(error.problems) == 1


def test_a_bare_carriage_return_is_located(tmp_path):
    (tmp_path / "r.csv").write_bytes(b"call_id,title\nc1,t\rc2,u\n")
    refused(lambda: read_csv(tmp_path, "r.csv", CALLS), r"r.csv, row 2: \[bare_cr\]")


def test_an_unbalanced_quote_is_located_where_it_opens(tmp_path):
    (tmp_path / "r.csv").write_text('call_id,title\nc1,t\nc2,"u\nc3,v\nc4,w\n', encoding="utf-8")
    refused(lambda: read_csv(tmp_path, "r.csv", CALLS), r"r.csv, row 3: \[unbalanced_quote\]")


def test_a_cell_over_131072_characters_is_located(tmp_path):
    (tmp_path / "r.csv").write_text(f"call_id,title\nc1,t\nc2,{'x' * 131_073}\n", encoding="utf-8")
    refused(lambda: read_csv(tmp_path, "r.csv", CALLS), r"row 3, column 'title': \[limit:max_cell_chars\] 131,073")


# Finding 7: formulas without a stored result


def test_formula_cells_without_a_stored_result_are_named(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "calls"
    sheet.append(["call_id", "title"])
    sheet.append(["c1", '=CONCAT("a","b")'])
    sheet.append(["=LOWER(A2)", "t"])
    book.save(tmp_path / "calls.xlsx")
    error = refused(lambda: read_sheet(tmp_path, "calls.xlsx", "calls", CALLS), "formula_without_value")
    assert [(p.sheet, p.row, p.column) for p in error.problems] == [("calls", 2, "B2"), ("calls", 3, "A3")]


def test_formula_cells_with_a_stored_result_are_read(tmp_path):
    sheet = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>call_id</t></is></c><c r="B1" t="inlineStr"><is><t>title</t>'
        '</is></c></row><row r="2"><c r="A2" t="str"><f>LOWER("C1")</f><v>c1</v></c><c r="B2" t="str"><f>""</f>'
        "<v></v></c></row>"
    )
    frame = read_sheet(tmp_path, xlsx(tmp_path / "calls.xlsx", sheet).name, "calls", CALLS).frame
    assert frame.select("call_id", "title").rows() == [("c1", None)]


# Issue 23: hostile inputs, third round


def test_deeply_nested_yaml_is_refused_at_its_line_before_composing(tmp_path):
    """Finding 3: 120 KB of nested sequences ran 73 s into a RecursionError in PyYAML's composer."""
    import time

    text = "sources:\n  - id: a\n    notes: " + "[" * 120_000 + "\n"
    (tmp_path / "sources.yaml").write_text(text, encoding="utf-8")
    started = time.monotonic()
    error = refused(
        lambda: read_sources(tmp_path), r"sources.yaml, row 3: \[limit:max_yaml_depth\].*EUCP_MAX_YAML_DEPTH"
    )
    assert time.monotonic() - started < 5 and len(error.problems) == 1


def test_the_manifest_nests_within_the_depth_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("EUCP_MAX_YAML_DEPTH", "3")  # the manifest's own depth: mapping, list, entry
    (tmp_path / "sources.yaml").write_text("sources:\n  - id: s1\n    url: https://example.org\n", encoding="utf-8")
    assert read_sources(tmp_path).frame["id"].to_list() == ["s1"]
    monkeypatch.setenv("EUCP_MAX_YAML_DEPTH", "2")
    refused(lambda: read_sources(tmp_path), "row 2: .*nested 3 levels deep")


@pytest.mark.parametrize("rel", ["documents/a.txt", "exchanges/r.csv", "spreadsheets/calls.xlsx", "sources.yaml"])
def test_a_named_pipe_is_called_a_named_pipe_and_never_opened(tmp_path, rel):
    """Finding 6: a FIFO was reported as "no such file" (and opening one would wait for a writer forever)."""
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    calls = {
        "documents/a.txt": lambda: read_document(tmp_path, rel, WHERE),
        "exchanges/r.csv": lambda: read_register(tmp_path, rel, TABLES["exchanges"]),
        "spreadsheets/calls.xlsx": lambda: read_sheet(tmp_path, rel, "calls", CALLS),
        "sources.yaml": lambda: read_sources(tmp_path),
    }
    error = refused(calls[rel], r"\[not_a_file\] .*a named pipe \(FIFO\), not a regular file")
    assert "no such file" not in str(error)


def test_a_300_mb_cell_is_refused_at_its_cell_in_constant_memory(tmp_path):
    """Finding 2: one line holding a 300 MB cell peaked at 2.6 GB before the cell limit refused it. The row is
    now measured while the bytes stream past, before any parser holds it (a subprocess, for its peak RSS)."""
    import subprocess
    import sys

    (tmp_path / "exchanges").mkdir()
    with (tmp_path / "exchanges" / "r.csv").open("wb") as f:
        f.write(b"Partnership,Visitor,Host,Start date,End date,Notes\nBLUES,A,B,2024-01-02,2024-01-05,")
        for _ in range(300):
            f.write(b"x" * 1_000_000)
        f.write(b"\n")
    script = "\n".join(
        [
            "import sys",
            "from pathlib import Path",
            "from pipelines.raw.holders import read_register",
            "from schemas import TABLES",
            "try:",
            "    read_register(Path(sys.argv[1]), 'exchanges/r.csv', TABLES['exchanges'])",
            "except Exception as e:",
            "    print(e)",
            # VmHWM, this process image's own peak: ru_maxrss would carry the forking test worker's over exec
            "hwm = [line for line in open('/proc/self/status') if line.startswith('VmHWM:')][0]",
            "print('peak', int(hwm.split()[1]) // 1024)",
        ]
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert (
        "exchanges/r.csv, row 2, column 'Notes': [limit:max_row_bytes] a row of at least 1,048,577 bytes" in done.stdout
    )
    assert "EUCP_MAX_ROW_BYTES=<n>" in done.stdout, done.stdout + done.stderr
    assert int(done.stdout.rsplit("peak ", 1)[1]) < 400, done.stdout  # MB: the libraries, not the cell


def test_a_quoted_cell_of_many_short_lines_is_bounded_as_one_row(tmp_path, monkeypatch):
    monkeypatch.setenv("EUCP_MAX_ROW_BYTES", "64")
    monkeypatch.setattr("pipelines.raw.csvfile.CHUNK", 16)  # rows over chunk edges, and inside one
    (tmp_path / "r.csv").write_text('call_id,title\nc1,"' + "ab\n" * 30 + '"\nc2,t\n', encoding="utf-8")
    refused(lambda: read_csv(tmp_path, "r.csv", CALLS), r"r.csv, row 2, column 'title': \[limit:max_row_bytes\]")
    (tmp_path / "r.csv").write_text('call_id,title\nc1,"' + "ab\n" * 10 + '"\nc2,t\n', encoding="utf-8")
    assert read_csv(tmp_path, "r.csv", CALLS).frame["call_id"].to_list() == ["c1", "c2"]


@pytest.mark.parametrize(
    ("cell", "code"), [(b"a\x00b", "0000"), (b"\x1b[31mred", "001B"), ("x\u0085".encode(), "0085")]
)
def test_a_control_character_in_a_csv_cell_is_refused_at_its_cell(tmp_path, cell, code):
    """Finding 4: a NUL byte in a register cell was published in the CSV and the Parquet file."""
    (tmp_path / "r.csv").write_bytes(b"call_id,title\nc1,t\nc2," + cell + b"\n")
    refused(
        lambda: read_csv(tmp_path, "r.csv", CALLS), rf"r.csv, row 3, column 'title': \[control_character\] .*U\+{code}"
    )
    (tmp_path / "exchanges").mkdir()
    (tmp_path / "exchanges" / "r.csv").write_bytes(
        b"Partnership,Visitor,Notes\nBLUES,A,ok\tfine\nBLUES,B," + cell + b"\n"
    )
    refused(
        lambda: read_register(tmp_path, "exchanges/r.csv", TABLES["exchanges"]),
        rf"exchanges/r.csv, row 3, column 'Notes': \[control_character\] .*U\+{code}",
    )


def test_a_control_character_in_a_workbook_cell_or_a_manifest_value_is_refused_at_its_cell(tmp_path):
    sheet = cell("A1", "call_id") + '<row r="2"><c r="A2" t="inlineStr"><is><t>c1&#x1;</t></is></c></row>'
    xlsx(tmp_path / "calls.xlsx", sheet, dimension="A1:A2")
    refused(
        lambda: read_sheet(tmp_path, "calls.xlsx", "calls", ("call_id",)), r"sheet 'calls', row 2, column 'call_id'"
    )
    (tmp_path / "sources.yaml").write_text('sources:\n  - id: s1\n    title: "a\\0b"\n', encoding="utf-8")
    refused(lambda: read_sources(tmp_path), r"sources.yaml, row 2, column 'title': \[control_character\] .*U\+0000")


def _read_in_a_subprocess(path: Path, sheet: str = "calls") -> subprocess.CompletedProcess:
    """read_sheet on `path` in a child process: a workbook that gets past the checks aborts its reader (SIGABRT
    on a 550 GB allocation), which must not take the test run with it."""
    script = "\n".join(
        [
            "import sys",
            "from pathlib import Path",
            "from pipelines.raw.tabular import read_sheet",
            "try:",
            f"    read_sheet(Path(sys.argv[1]), sys.argv[2], {sheet!r}, ('call_id',))",
            "except Exception as e:",
            "    print(e)",
        ]
    )
    return subprocess.run(
        [sys.executable, "-c", script, str(path.parent), path.name], capture_output=True, text=True, timeout=300
    )


IMPLIED = {
    # a row reference, then cells without references up to column XFD (the old check read only cells' r=)
    "row r, cells implied": '<row r="1048576">' + "<c/>" * 16383 + '<c t="inlineStr"><is><t>x</t></is></c></row>',
    # nothing written at all: every position implied by order
    "all implied": "<row/>" * 1_048_574 + "<row>" + "<c/>" * 16383 + '<c t="inlineStr"><is><t>x</t></is></c></row>',
    # written references, then implied ones after them
    "after a reference": '<row r="2"><c r="XFC2"/><c t="inlineStr"><is><t>x</t></is></c></row>',
    # megabytes of rows written as a spreadsheet program writes them (the fast path), then implied cells
    "implied after written chunks": "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>x</t></is></c></row>' for n in range(2, 40_000)
    )
    + "<row>"
    + "<c/>" * 16383
    + '<c t="inlineStr"><is><t>x</t></is></c></row>',
}


@pytest.mark.parametrize("case", IMPLIED)
def test_a_workbook_whose_cells_carry_no_references_is_measured_by_their_implied_positions(tmp_path, case):
    """Finding 1: SpreadsheetML lets <row> and <c> omit r (a cell's place is its order); python-calamine
    allocates from those implied positions, so a file reaching XFD1048576 by order aborted the process."""
    path = xlsx(tmp_path / "calls.xlsx", cell("A1", "call_id") + IMPLIED[case], compression=zipfile.ZIP_STORED)
    done = _read_in_a_subprocess(path)
    assert done.returncode == 0, (done.returncode, done.stderr[-500:])
    assert "calls.xlsx, sheet 'calls': [limit:max_sheet_columns] the sheet reaches column 16,384" in done.stdout, (
        done.stdout
    )


def test_implied_positions_count_as_the_reader_counts_them(tmp_path):
    """Rows and cells without r, after ones with r, read where calamine reads them (a file within the limits)."""
    sheet = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>call_id</t></is></c><c t="inlineStr"><is><t>title</t></is></c>'
        '</row><row><c t="inlineStr"><is><t>c1</t></is></c><c/><c t="inlineStr"><is><t>t1</t></is></c></row>'
        '<row r="5"><c r="B5" t="inlineStr"><is><t>t5</t></is></c></row><row><c t="inlineStr"><is><t>c6</t></is>'
        "</c></row>"
    )
    xlsx(tmp_path / "calls.xlsx", sheet)
    rows = read_sheet(tmp_path, "calls.xlsx", "calls", CALLS).frame.select("call_id", "title", "raw_row").rows()
    assert rows == [("c1", None, 2), (None, "t5", 5), ("c6", None, 6)]


def test_a_zip_member_inflating_past_its_declared_size_is_refused(tmp_path):
    """The reader's zip layer reads a member to the end of its deflate stream (and fails past the declared size,
    after reading it); Python's zipfile stops at the declared size, so a check through it saw less."""
    path = xlsx(tmp_path / "calls.xlsx", cell("A1", "call_id") + cell("B2", "x") * 2000)
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(path.read_bytes())
    small = (1000).to_bytes(4, "little")
    data[info.header_offset + 22 : info.header_offset + 26] = small  # the local header's size
    for at in _central_entries(bytes(data)):
        if data[at + 46 : at + 46 + int.from_bytes(data[at + 28 : at + 30], "little")] == b"xl/worksheets/sheet1.xml":
            data[at + 24 : at + 28] = small  # the directory's size
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as z:
        assert z.getinfo("xl/worksheets/sheet1.xml").file_size == 1000
    refused(
        lambda: read_sheet(tmp_path, "calls.xlsx", "calls", CALLS), r"inflates beyond the 1,000 bytes its zip directory"
    )


def _central_entries(data: bytes) -> list[int]:
    at, found = data.find(b"PK\x01\x02"), []
    while at != -1:
        found.append(at)
        at = data.find(b"PK\x01\x02", at + 4)
    return found
