"""Source documents (.txt, .md, .html, .pdf, .docx) as normalised text, through well-kept libraries.

Normalised text is what quotes are matched against and what offsets count: Unicode NFC, every run of
white space (line breaks and no-break spaces included) turned into one space, trimmed.

Each format's library is imported when a file of that format is read, and the identified language of a
text is kept in build/cache/ (py3langid loads its model in about a second, on every run, for the same
few documents); both keep the fixed cost of a run down without changing what is read.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import polars as pl

from pipelines.problems import InvalidData, Problem
from pipelines.raw.limits import PDF_PAGES, check_file, contained, not_a_file, over
from pipelines.resources import REPO

LANGUAGE_CACHE = REPO / "build" / "cache" / "languages.json"


@dataclass(frozen=True)
class DocumentText:
    file: str
    media_type: str
    sha256: str
    text: str
    language: str


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def _utf8(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig")


def html_text(html: str | bytes) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "noscript", "template", "head"]):
        hidden.decompose()
    return soup.get_text(" ")


def _markdown(path: Path) -> str:
    from markdown_it import MarkdownIt

    return html_text(MarkdownIt("commonmark").render(_utf8(path)))


def _pdf(path: Path) -> str:
    from pypdf import PdfReader

    reader = PdfReader(path)
    if len(reader.pages) > PDF_PAGES.value:
        raise InvalidData(path.name, [over(PDF_PAGES, f"{len(reader.pages):,} pages", path.name)])
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _docx(path: Path) -> str:
    from docx import Document as DocxDocument

    doc = DocxDocument(str(path))
    cells = (cell.text for table in doc.tables for row in table.rows for cell in row.cells)
    return "\n".join([*(p.text for p in doc.paragraphs), *cells])


def identify_language(text: str, cache: Path | None = None) -> str:
    """py3langid's language of `text`, remembered by the text's SHA-256 and py3langid's version (so a new
    model is asked again); an unreadable cache is a miss, and one that cannot be written is skipped."""
    cache = cache or LANGUAGE_CACHE
    key = f"{metadata.version('py3langid')}:{hashlib.sha256(text.encode('utf-8')).hexdigest()}"
    try:
        known = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    if not isinstance(known, dict):
        known = {}
    if isinstance(known.get(key), str):
        return known[key]
    import py3langid

    language, _ = py3langid.classify(text)
    known[key] = language
    tmp = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")  # written whole, then renamed: never half a file
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(known, indent=0, sort_keys=True), encoding="utf-8")
        os.replace(tmp, cache)
    except OSError:
        tmp.unlink(missing_ok=True)
    return language


READERS: dict[str, tuple[str, Callable[[Path], str]]] = {
    ".txt": ("text/plain", _utf8),
    ".md": ("text/markdown", _markdown),
    ".html": ("text/html", lambda p: html_text(p.read_bytes())),
    ".htm": ("text/html", lambda p: html_text(p.read_bytes())),
    ".pdf": ("application/pdf", _pdf),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _docx),
}


def read_document(raw_dir: Path, rel: str, where: Problem) -> DocumentText:
    """The document at raw/`rel`; any failure is reported at `where` (its manifest entry), naming the file."""

    def fail(rule: str, message: str) -> InvalidData:
        return InvalidData(
            f"document {rel}", [Problem(where.file, where.sheet, where.row, "document", rule, f"{rel}: {message}")]
        )

    try:
        path = contained(raw_dir, rel, where)
    except InvalidData as refused:
        raise fail("outside_raw", refused.problems[0].message.removeprefix(f"{rel}: ")) from None
    if path.suffix.lower() not in READERS:
        raise fail(
            "unsupported_format",
            f"cannot read {path.suffix or 'files without an extension'}; readable: {', '.join(READERS)}",
        )
    found = not_a_file(path)
    if found:
        raise fail(*found)
    media_type, reader = READERS[path.suffix.lower()]
    try:
        check_file(path, rel)
        text = normalise(reader(path))
    except InvalidData as refused:
        problem = refused.problems[0]
        raise fail(problem.rule, problem.message) from None
    except Exception as error:  # each library fails its own way; all mean the file cannot be read
        raise fail("unreadable", f"not a readable {media_type} file ({type(error).__name__}: {error})") from error
    if not text:
        raise fail("empty", "the document has no text")
    return DocumentText(rel, media_type, hashlib.sha256(path.read_bytes()).hexdigest(), text, identify_language(text))


def read_documents(raw_dir: Path, manifest: pl.DataFrame) -> pl.DataFrame:
    """Every document the manifest (raw_sources) points to, read; all failures reported together."""

    rows, problems = [], []
    for entry in manifest.filter(pl.col("document").is_not_null()).iter_rows(named=True):
        where = Problem(entry["raw_file"], entry["raw_sheet"], entry["raw_row"], "document", "", "")
        try:
            doc = read_document(raw_dir, entry["document"], where)
        except InvalidData as error:
            problems += error.problems
            continue
        rows.append(
            {
                "document_id": entry["id"],
                "file": doc.file,
                "media_type": doc.media_type,
                "sha256": doc.sha256,
                "text": doc.text,
                "identified_language": doc.language,
                "raw_file": entry["raw_file"],
                "raw_sheet": entry["raw_sheet"],
                "raw_row": entry["raw_row"],
            }
        )
    if problems:
        raise InvalidData("source documents cannot be read", problems)
    schema = dict.fromkeys(
        ("document_id", "file", "media_type", "sha256", "text", "identified_language", "raw_file", "raw_sheet"),
        pl.String,
    )
    return pl.DataFrame(rows, schema={**schema, "raw_row": pl.Int64})
