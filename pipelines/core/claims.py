"""Claims: stable ids, periods, and verification of each quote against its document.

A claim from a document we hold must quote it exactly (white space aside), and the claimed value must
be one of the figures in the quote as the document's language writes them: "7,5 milj €" is 7500000,
"78 klusteria 20 maasta" holds 78 and 20, "vähintään 75%" holds 75.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from decimal import Decimal, InvalidOperation

import polars as pl

from pipelines.core.build import Built, conform, generation_id, typed
from pipelines.problems import Problem
from pipelines.raw.documents import normalise
from schemas import TABLES
from schemas.tables.claims import METRICS

# Words after a number that multiply it, in the languages of our documents (lower case, no dot).
MULTIPLIERS = {
    "milj": 10**6, "miljoonaa": 10**6, "miljoonan": 10**6, "million": 10**6, "millions": 10**6, "m": 10**6,
    "mio": 10**6, "mln": 10**6, "mrd": 10**9, "miljardia": 10**9, "billion": 10**9, "bn": 10**9,
    "tuhatta": 10**3, "thousand": 10**3, "k": 10**3,
}  # fmt: skip
# Numbers written as words, by language.
NUMBER_WORDS = {
    "fi": {"yksi": 1, "yhden": 1, "kaksi": 2, "kahden": 2, "kolme": 3, "kolmen": 3, "neljä": 4, "neljän": 4,
           "viisi": 5, "viiden": 5, "kuusi": 6, "kuuden": 6, "seitsemän": 7, "kahdeksan": 8, "yhdeksän": 9,
           "kymmenen": 10},
    "en": {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "twelve": 12, "twenty": 20},
}  # fmt: skip
# Where a comma is the decimal mark and thousands are grouped by spaces or dots (as in Finnish), and
# where the comma groups thousands and the dot is the decimal mark (English).
_COMMA_DECIMAL = r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_DOT_DECIMAL = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_DOT_DECIMAL_LANGUAGES = {"en", "ga", "mt"}


def figures(quote: str, language: str) -> set[Decimal]:
    """Every figure a quote states, with multipliers applied ('7,5 milj' → 7.5 and 7500000)."""
    text = normalise(quote)
    dot = language in _DOT_DECIMAL_LANGUAGES
    pattern = re.compile(rf"(?<![\d,.])({_DOT_DECIMAL if dot else _COMMA_DECIMAL})(?:\s*([A-Za-zäöÄÖ]+)\.?)?")
    found: set[Decimal] = set()
    for match in pattern.finditer(text):
        digits, word = match.group(1), (match.group(2) or "").lower()
        plain = digits.replace(",", "") if dot else digits.replace(" ", "").replace(".", "").replace(",", ".")
        try:
            number = Decimal(plain)
        except InvalidOperation:
            continue
        found.add(number)
        if word in MULTIPLIERS:
            found.add(number * MULTIPLIERS[word])
    words = NUMBER_WORDS.get(language, {})
    found |= {Decimal(words[w]) for w in re.findall(r"\w+", text.lower()) if w in words}
    return found


def locate(quote: str, text: str) -> tuple[int, int] | None:
    """Where the whitespace-normalised quote first stands in a normalised text."""
    needle = normalise(quote)
    start = text.find(needle) if needle else -1
    return (start, start + len(needle)) if start >= 0 else None


def claim_id(*parts: str | None) -> str:
    """A stable id from the values that identify a claim (not its value, so a correction keeps the id)."""
    key = "|".join(p or "" for p in parts)
    return "c-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def _bounds(part: str, end: bool) -> dt.date:
    pieces = [int(p) for p in part.split("-")]
    year, month, day = (pieces + [None, None])[:3]
    if month is None:
        return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
    if day is None:
        return dt.date(year, month, calendar.monthrange(year, month)[1] if end else 1)
    return dt.date(year, month, day)


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """First and last day of an ISO 8601 date or interval of reduced precision: '2016/2017', '2018-02'."""
    first, _, last = period.partition("/")
    return _bounds(first, end=False), _bounds(last or first, end=True)


def build_claims(raw_frame: pl.DataFrame, sources: pl.DataFrame, documents: pl.DataFrame) -> Built:
    """Claims with ids, units and periods; a document's claims are verified against its full text."""
    table = TABLES["claims"]
    frame, problems = typed(table, raw_frame, sources)
    frame = frame.with_columns(generation_id=generation_id(pl.col("programme_id"), pl.col("generation")))
    texts = {d["document_id"]: d for d in documents.iter_rows(named=True)}
    languages = dict(zip(sources["source_id"], sources["language"]))
    rows = []
    for r in frame.iter_rows(named=True):
        r["claim_id"] = claim_id(
            r["source_id"], r["programme_id"], r["generation"], r["metric"], r["dimension"], r["period"]
        )
        r["unit"] = METRICS.get(r["metric"])
        r["period_start"] = r["period_end"] = r["quote_start"] = r["quote_end"] = None
        r["verified"] = False
        if r["period"]:
            try:
                r["period_start"], r["period_end"] = period_bounds(r["period"])
            except (ValueError, TypeError):
                message = f"{r['period']!r} is not a date or period such as 2021-06-09, 2018-02 or 2016/2017"
                problems.append(Problem(r["raw_file"], r["raw_sheet"], r["raw_row"], "period", "type", message))
        doc = texts.get(r["source_id"])
        if doc is not None:
            problems += _verify(r, doc, languages.get(r["source_id"]) or doc["identified_language"])
        rows.append(r)
    derived = {
        "claim_id": pl.String,
        "unit": pl.String,
        "period_start": pl.Date,
        "period_end": pl.Date,
        "quote_start": pl.Int64,
        "quote_end": pl.Int64,
        "verified": pl.Boolean,
    }
    return conform(table, pl.DataFrame(rows, schema=frame.schema | derived)), problems


def _verify(claim: dict, doc: dict, language: str) -> list[Problem]:
    """Locate a claim's quote in its document and its value in the quote; fill offsets and `verified`."""
    name = f"claim {claim['claim_id']} ({claim['programme_id'] or 'no programme'}, {claim['metric']})"
    document = f"document {doc['document_id']} (raw/{doc['file']})"

    def problem(column: str, rule: str, message: str) -> list[Problem]:
        return [Problem(claim["raw_file"], claim["raw_sheet"], claim["raw_row"], column, rule, f"{name}: {message}")]

    if not claim["quote"]:
        return problem("quote", "quote_required", f"a claim from {document} must quote it")
    span = locate(claim["quote"], doc["text"])
    if span is None:
        return problem("quote", "quote_not_found", f"the quote is not in {document}")
    claim["quote_start"], claim["quote_end"] = span
    if claim["value"] is None and claim["value_text"]:
        claim["verified"] = True  # a text claim: its words are the quote, found in the document
        return []
    stated = figures(claim["quote"], language)
    if claim["value"] is None or claim["value"] not in stated:
        listed = ", ".join(str(v) for v in sorted(stated)) or "none"
        message = f"{claim['value']} is not a figure of its quote in {document} (it states {listed})"
        return problem("value", "value_not_in_quote", message)
    claim["verified"] = True
    return []
