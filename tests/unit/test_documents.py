"""Source documents in every supported format become the same normalised text; bad files are named."""

import docx
import pytest
from fpdf import FPDF

from pipelines.problems import InvalidData, Problem
from pipelines.raw.documents import normalise, read_document

SENTENCE = "ESCP-S3 partnerships: 9 partnerships with 57 partners from 19 European countries."
WHERE = Problem("sources.yaml", None, 7, "document", "", "")


def _write(tmp_path, suffix: str):
    path = tmp_path / f"doc{suffix}"
    if suffix == ".txt":
        path.write_text(f"  {SENTENCE[:30]}\n\n{SENTENCE[30:]}  \n", encoding="utf-8")
    elif suffix == ".md":
        path.write_text(f"# Title\n\n*{SENTENCE[:30]}*{SENTENCE[30:]}\n", encoding="utf-8")
    elif suffix == ".html":
        path.write_text(
            f"<html><head><title>T</title><style>p{{}}</style></head><body><script>var x=1;</script>"
            f"<p>{SENTENCE[:30]}<br>{SENTENCE[30:]}</p></body></html>",
            encoding="utf-8",
        )
    elif suffix == ".pdf":
        pdf = FPDF()
        pdf.add_page()
        pdf.set_font("helvetica", size=11)
        pdf.multi_cell(0, 8, SENTENCE)
        pdf.output(str(path))
    elif suffix == ".docx":
        d = docx.Document()
        d.add_paragraph(SENTENCE[:30])
        d.add_paragraph(SENTENCE[30:])
        d.save(str(path))
    return path


@pytest.mark.parametrize(
    "suffix, media_type",
    [
        (".txt", "text/plain"),
        (".md", "text/markdown"),
        (".html", "text/html"),
        (".pdf", "application/pdf"),
        (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_each_format_reads_to_normalised_text(tmp_path, suffix, media_type):
    path = _write(tmp_path, suffix)
    doc = read_document(tmp_path, path.name, WHERE)
    assert doc.media_type == media_type
    assert normalise(SENTENCE[:30]) in doc.text and "57 partners from 19 European countries." in doc.text
    assert "var x" not in doc.text and "  " not in doc.text
    assert doc.language == "en" and len(doc.sha256) == 64


def test_normalising_folds_white_space_and_unicode_forms():
    assert normalise(" 7,5\u00a0milj\n\t€  ") == "7,5 milj €"
    assert normalise("Eurasante\u0301") == "Eurasanté"


def test_finnish_text_is_identified_as_finnish(tmp_path):
    (tmp_path / "fi.txt").write_text(
        "Pilotoinnissa on tammikuuhun 2021 mennessä toteutettu 34 vaihtojaksoa.", encoding="utf-8"
    )
    assert read_document(tmp_path, "fi.txt", WHERE).language == "fi"


@pytest.mark.parametrize(
    "name, content, rule",
    [
        ("empty.txt", b"  \n\t ", "empty"),
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "unreadable"),
        ("broken.docx", b"PK\x03\x04 not a zip", "unreadable"),
        ("latin1.txt", "Eurasanté".encode("latin-1"), "unreadable"),
        ("sheet.xls", b"whatever", "unsupported_format"),
    ],
)
def test_bad_documents_are_named_in_the_error(tmp_path, name, content, rule):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(InvalidData) as error:
        read_document(tmp_path, name, WHERE)
    assert f"sources.yaml, row 7, column 'document': [{rule}] {name}:" in error.value.description


def test_a_missing_document_is_named(tmp_path):
    with pytest.raises(InvalidData, match=r"\[missing_file\] documents/gone.html: no such file"):
        read_document(tmp_path, "documents/gone.html", WHERE)


def test_an_identified_language_is_remembered_by_text_and_model_version(tmp_path, monkeypatch):
    import py3langid

    from pipelines.raw import documents

    cache = tmp_path / "languages.json"
    assert documents.identify_language(SENTENCE, cache) == "en"
    monkeypatch.setattr(py3langid, "classify", lambda text: ("fi", 0.0))
    assert documents.identify_language(SENTENCE, cache) == "en"  # from the cache: the model is not asked
    assert documents.identify_language(SENTENCE + " Lisää.", cache) == "fi"  # another text is
    monkeypatch.setattr(documents.metadata, "version", lambda name: "9.9.9")
    assert documents.identify_language(SENTENCE, cache) == "fi"  # another model version is asked again


def test_an_unreadable_language_cache_is_a_miss(tmp_path):
    from pipelines.raw.documents import identify_language

    cache = tmp_path / "languages.json"
    cache.write_text("{not json", encoding="utf-8")
    assert identify_language(SENTENCE, cache) == "en"
    assert identify_language(SENTENCE, cache) == "en"  # and it was rewritten whole
