"""A data holder's register as people type it, made ready for typing, with what was done said.

Three things real registers are full of, each handled by words `schemas.words` declares per language:
a summary row under the data ("Total", "Gesamt", with the identifying columns empty) is skipped and
listed; a placeholder for an unknown value ("n/a", "-", "TBC", "k.A.") is read as empty and counted, or,
in a required column, is a located problem; an amount whose one separator is followed by three digits
(1,560) is read by the register's declared language and listed. Every step is vectorised and looks at a
row only where a cheap test (an empty visiting organisation, a placeholder among a column's values) says
it must, so a batch of a ten-million-row register pays almost nothing.
"""

from __future__ import annotations

import re

import polars as pl

from pipelines.core.parsing import amount_is_ambiguous
from pipelines.problems import NOTICE_ROWS, Notice, Problem
from schemas.model import Table
from schemas.words import DECIMAL_COMMA, placeholders, total_words

_WORDS = "|".join(re.escape(w) for w in sorted(total_words(), key=len, reverse=True))
# A cell that opens with a summary word ("Total", "TOTAL 2021", "Totaal: 12 uitwisselingen")
_OPENS_WITH_TOTAL = rf"(?i)^\s*(?:{_WORDS})(?:$|[^\p{{L}}])"
# A cell that is a summary word and nothing else but figures or punctuation ("Total", "Gesamt (12)")
_ONLY_TOTAL = rf"(?i)^\s*(?:{_WORDS})[\s\d.,:;()\-–/]*$"
_OPENS = re.compile(rf"^\s*(?:{_WORDS})(?:$|\W)", re.IGNORECASE)  # the same, in Python


def _spellings(word: str) -> set[str]:
    """Every way `word` may be cased: each combination for a short word (k.A., N/a, TbC), the usual forms
    for a longer one. A lookup in this set costs a row a hash, where lower-casing every cell cost ten times
    as much (9 ms against 60-110 ms a batch of 100,000 exchanges)."""
    forms = {word, word.lower(), word.upper(), word.capitalize(), word.title()}
    if sum(c.isalpha() for c in word) <= 6:
        forms = {""}
        for c in word.lower():
            forms = {f + v for f in forms for v in {c, c.upper()}}
    return forms


_PLACEHOLDERS = sorted({s for w in placeholders() for s in _spellings(w)})


def decimal_comma(language: str | None) -> bool:
    """Whether a register declared in `language` (a sources.yaml language, e.g. 'fr' or 'fr-BE') writes a
    decimal comma; an undeclared language is read as English."""
    return (language or "en").split("-")[0].lower() in DECIMAL_COMMA


def summary_rows(table: Table, frame: pl.DataFrame) -> tuple[pl.DataFrame, list[Notice]]:
    """The frame without its summary rows, and a notice for each. A summary row has every identifying
    column of the register (`Register.identifying`) empty or holding only a summary word, and some read
    cell opening with one; any other row with a missing required value stays, for the schema check."""
    identifying = table.register.identifying
    read = [f.name for f in table.read_fields if f.name in frame.columns and frame.schema[f.name] == pl.String]
    empty_or_total = [pl.col(c).is_null() | pl.col(c).str.contains(_ONLY_TOTAL) for c in identifying]
    candidate = pl.col(identifying[0]).is_null() | pl.col(identifying[0]).str.contains(_ONLY_TOTAL)
    if not frame.select(candidate.any()).item():
        return frame, []
    summary = pl.all_horizontal(empty_or_total) & pl.any_horizontal(
        pl.col(c).str.contains(_OPENS_WITH_TOTAL).fill_null(False) for c in read
    )
    flagged = frame.with_columns(_summary=summary.fill_null(False))
    found = flagged.filter("_summary")
    notices = []
    for r in found.iter_rows(named=True):
        word = next(r[c] for c in read if r[c] is not None and _OPENS.match(r[c]))
        message = f"skipped: a summary row ({word!r}), not an exchange"
        notices.append(Notice(r["raw_file"], r["raw_sheet"], None, "summary_row", message, 1, (r["raw_row"],)))
    return flagged.filter(~pl.col("_summary")).drop("_summary"), notices


def blank_placeholders(table: Table, frame: pl.DataFrame) -> tuple[pl.DataFrame, list[Problem], list[Notice]]:
    """Placeholders read as empty: a notice per file, sheet and column with their count; in a column the
    register must fill (a required field it cannot leave out), a problem at each row as well."""
    optional = table.register.optional if table.register else ()
    required = {f.name for f in table.read_fields if f.required and f.name not in optional}
    read = [f.name for f in table.read_fields if f.name in frame.columns and frame.schema[f.name] == pl.String]
    counts = frame.select(pl.col(c).is_in(_PLACEHOLDERS).sum() for c in read).row(0)
    hit = [c for c, n in zip(read, counts) if n]
    if not hit:
        return frame, [], []
    problems, notices = [], []
    for c in hit:
        found = frame.filter(pl.col(c).is_in(_PLACEHOLDERS)).select(c, "raw_file", "raw_sheet", "raw_row")
        if c in required:
            problems += [
                Problem(f, s, r, c, "required", f"{v!r} stands for an unknown value; a {c} is required")
                for v, f, s, r in found.iter_rows()
            ]
            continue
        for (file, sheet), rows in found.group_by("raw_file", "raw_sheet", maintain_order=True):
            written = ", ".join(repr(v) for v in rows[c].unique(maintain_order=True).head(5))
            message = f"{written} read as empty (a placeholder for an unknown value)"
            first = tuple(rows["raw_row"].head(NOTICE_ROWS))
            notices.append(Notice(file, sheet, c, "placeholder", message, rows.height, first))
    blanked = frame.with_columns(pl.when(~pl.col(c).is_in(_PLACEHOLDERS)).then(pl.col(c)).alias(c) for c in hit)
    return blanked, problems, notices


def ambiguous_amounts(table: Table, frame: pl.DataFrame, comma: bool) -> list[Notice]:
    """A notice per file, sheet and money column whose amounts have one separator followed by three digits
    (1,560: one thousand five hundred and sixty in English, one and a half in French), saying how they
    were read. The distinct values are looked at first: amounts repeat."""
    notices = []
    for f in (f for f in table.read_fields if f.kind.name == "decimal" and f.name in frame.columns):
        values = frame.select(pl.col(f.name).unique()).filter(amount_is_ambiguous(pl.col(f.name)).fill_null(False))
        if values.is_empty():
            continue
        found = frame.filter(pl.col(f.name).is_in(values[f.name].implode()))
        reading = "a decimal comma" if comma else "a thousands separator"
        for (file, sheet), rows in found.group_by("raw_file", "raw_sheet", maintain_order=True):
            written = ", ".join(repr(v) for v in rows[f.name].unique(maintain_order=True).head(5))
            message = f"{written}: one separator and three digits, read as {reading} (the register's language)"
            first = tuple(rows["raw_row"].head(NOTICE_ROWS))
            notices.append(Notice(file, sheet, f.name, "ambiguous_amount", message, rows.height, first))
    return notices
