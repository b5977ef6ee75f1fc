"""Typing raw text cells, vectorised, with a problem for every cell that does not parse.

Each parser is a Polars expression from a text column to a typed one; `parse` applies a set of them
and reports every non-empty cell that came out empty, naming its file, sheet, row and column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from pipelines.problems import Problem
from schemas.countries import EU_TO_ISO, to_iso
from schemas.kinds import LIST_SEPARATOR
from schemas.model import Field, Table
from schemas.words import CURRENCY, DATE_FILLERS, month_numbers

Parser = Callable[[pl.Expr], pl.Expr]


def text(c: pl.Expr) -> pl.Expr:
    s = c.str.strip_chars()
    return pl.when(s == "").then(None).otherwise(s)


def integer(c: pl.Expr) -> pl.Expr:
    return text(c).cast(pl.Int64, strict=False)


def number(c: pl.Expr) -> pl.Expr:
    return text(c).cast(pl.Float64, strict=False)


def money(c: pl.Expr) -> pl.Expr:
    return text(c).cast(pl.Decimal(15, 2), strict=False)


_TRUE = ("yes", "true", "y", "1")
_FALSE = ("no", "false", "n", "0")


def boolean(c: pl.Expr) -> pl.Expr:
    s = text(c).str.to_lowercase()
    return pl.when(s.is_in(_TRUE)).then(True).when(s.is_in(_FALSE)).then(False).otherwise(None)


def date(c: pl.Expr) -> pl.Expr:
    """An ISO 8601 calendar date, YYYY-MM-DD."""
    return text(c).str.to_date("%Y-%m-%d", strict=False)


def partial_date(c: pl.Expr) -> pl.Expr:
    """YYYY, YYYY-MM or YYYY-MM-DD, as the first day of the period stated."""
    s = text(c)
    padded = (
        pl.when(s.str.contains(r"^\d{4}$"))
        .then(s + "-01-01")
        .when(s.str.contains(r"^\d{4}-\d{2}$"))
        .then(s + "-01")
        .when(s.str.contains(r"^\d{4}-\d{2}-\d{2}$"))
        .then(s)
    )
    return padded.str.to_date("%Y-%m-%d", strict=False)


def partial_date_end(c: pl.Expr) -> pl.Expr:
    """YYYY, YYYY-MM or YYYY-MM-DD, as the last day of the period stated (an end: 2019-12 is 2019-12-31)."""
    first = partial_date(c)
    s = text(c)
    return (
        pl.when(s.str.contains(r"^\d{4}$"))
        .then(first.dt.month_end().dt.offset_by("11mo").dt.month_end())
        .when(s.str.contains(r"^\d{4}-\d{2}$"))
        .then(first.dt.month_end())
        .otherwise(first)
    )


def precision_of(c: pl.Expr) -> pl.Expr:
    """'year', 'month' or 'day': how much of a partial date is given."""
    s = text(c)
    return (
        pl.when(s.str.contains(r"^\d{4}$"))
        .then(pl.lit("year"))
        .when(s.str.contains(r"^\d{4}-\d{2}$"))
        .then(pl.lit("month"))
        .when(s.str.contains(r"^\d{4}-\d{2}-\d{2}$"))
        .then(pl.lit("day"))
    )


def lines(c: pl.Expr) -> pl.Expr:
    """A cell of one item per line as a list of trimmed, non-empty items (empty cell: null)."""
    items = (
        text(c)
        .str.split("\n")
        .list.eval(pl.element().str.strip_chars())
        .list.eval(pl.element().filter(pl.element() != ""))
    )
    return pl.when(items.list.len() > 0).then(items)


def text_list(c: pl.Expr) -> pl.Expr:
    """A ';'-separated cell as a list of trimmed, non-empty items (empty cell: null)."""
    items = (
        text(c)
        .str.split(LIST_SEPARATOR)
        .list.eval(pl.element().str.strip_chars())
        .list.eval(pl.element().filter(pl.element() != ""))
    )
    return pl.when(items.list.len() > 0).then(items)


def _iso(e: pl.Expr) -> pl.Expr:
    up = e.str.strip_chars().str.to_uppercase()
    return up.replace(EU_TO_ISO)


def country(c: pl.Expr) -> pl.Expr:
    """A country code, with the EU's EL and UK turned into ISO GR and GB."""
    return _iso(text(c))


def country_list(c: pl.Expr) -> pl.Expr:
    return text_list(c).list.eval(_iso(pl.element()))


KIND_NAMES = {
    integer: "a whole number",
    number: "a number",
    money: "an amount in euros with at most 2 decimals (e.g. 1500000 or 4997882.50)",
    boolean: "yes or no",
    date: "a date written YYYY-MM-DD",
    partial_date: "a date written YYYY, YYYY-MM or YYYY-MM-DD",
    partial_date_end: "a date written YYYY, YYYY-MM or YYYY-MM-DD",
}


@dataclass(frozen=True)
class Column:
    """How one output column is made: from which raw column, by which parser."""

    raw: str
    parser: Parser = text


def by_value(frame: pl.DataFrame, raw: str, parsers: dict[str, Parser]) -> pl.DataFrame:
    """Each of `parsers` applied to each distinct value of column `raw`, then spread back to the rows: a
    column per parser, named as its key. A register of millions of rows holds a few thousand dates, modes
    or countries: parsing each once, not per row, is what keeps typing fast at any size (dates in four
    spellings cost ~30 string operations a cell). The parsers of one column share one pass (a date and
    its precision: one lookup of the distinct values, not two)."""
    values = frame.select(pl.col(raw).unique())
    typed = values.with_columns(parser(pl.col(raw)).alias(name) for name, parser in parsers.items())
    rows = frame.select(raw).join(typed, on=raw, how="left", nulls_equal=True, maintain_order="left")
    return rows.drop(raw)


# Parsers cheap enough per row (a strip): the others are applied per distinct value.
PER_ROW = {"text", "source"}


def parse(frame: pl.DataFrame, columns: dict[str, Column]) -> tuple[pl.DataFrame, list[Problem]]:
    """Typed columns from `frame`'s text, plus a problem for each non-empty cell that did not parse."""
    per_row = {PARSERS[n] for n in PER_ROW}
    distinct: dict[str, dict[str, Parser]] = {}
    for name, col in columns.items():
        if col.parser not in per_row:
            distinct.setdefault(col.raw, {})[f"__typed_{name}"] = col.parser
    staged = pl.concat(
        [
            frame.with_columns(
                col.parser(pl.col(col.raw)).alias(f"__typed_{name}")
                for name, col in columns.items()
                if col.parser in per_row
            ),
            *(by_value(frame, raw, parsers) for raw, parsers in distinct.items()),
        ],
        how="horizontal",
    )
    problems: list[Problem] = []
    checked = {name: col for name, col in columns.items() if col.parser in KIND_NAMES}
    failed = {
        name: pl.col(f"__typed_{name}").is_null() & pl.col(col.raw).is_not_null() for name, col in checked.items()
    }
    counts = staged.select(**{name: mask.sum() for name, mask in failed.items()}) if failed else None
    for name, col in checked.items():
        if not counts[name][0]:
            continue  # one pass counts the failures of every column; only failing columns are searched
        what = KIND_NAMES[col.parser]
        bad = staged.filter(failed[name] & text(pl.col(col.raw)).is_not_null())
        for r in bad.select(col.raw, "raw_file", "raw_sheet", "raw_row").iter_rows(named=True):
            problems.append(
                Problem(r["raw_file"], r["raw_sheet"], r["raw_row"], col.raw, "type", f"{r[col.raw]!r} is not {what}")
            )
    typed = staged.with_columns(**{name: pl.col(f"__typed_{name}") for name in columns}).drop(
        f"__typed_{name}" for name in columns
    )
    return typed, problems


def slug(value: str) -> str:
    """A stable id from a name: ASCII (² → 2, é → e), lower-case, runs of other characters → '-'."""
    ascii_ = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    ascii_ = re.sub(r"['’]", "", ascii_.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")


def slug_expr(c: pl.Expr) -> pl.Expr:
    return c.map_batches(lambda values: _each_distinct(values, slug), return_dtype=pl.String)


def _each_distinct(values: pl.Series, function) -> pl.Series:
    """`function` applied once per distinct value: a register of millions of rows has few of them."""
    mapping = {v: function(v) for v in values.drop_nulls().unique()}
    return values.replace_strict(mapping, default=None, return_dtype=pl.String)


_EXCEL_EPOCH = pl.date(1899, 12, 30)  # serial 1 is 1900-01-01 (with Excel's 1900 leap-year bug)
_MONTHS = month_numbers()
_FILLERS = "|".join(DATE_FILLERS)
# day, month word, year ("14 juin 2021", "14. Juni 2021", "1er juin 2021"), or a month word and year
_DAY_MONTH_YEAR = r"^(?:([0-9]{1,2})(?:\.|er|st|nd|rd|th|º)? )?([^0-9 .]+)\.? ([0-9]{4})$"
_MONTH_DAY_YEAR = r"^([^0-9 .]+)\.? ([0-9]{1,2})(?:st|nd|rd|th)? ([0-9]{4})$"  # "June 14, 2021"


def written_date(s: pl.Expr) -> pl.Expr:
    """A date written out with a month name in any language of `schemas.words.MONTHS` as ISO text: a day
    as YYYY-MM-DD, a month alone ("juin 2021") as YYYY-MM; anything else unchanged. Day before month, as
    the EU writes dates; the English "June 14, 2021" as well, a month name leaving no doubt. Evaluated on
    the column as one step (its expression, repeated in a date parser, made planning take a second)."""
    return s.map_batches(_written_dates, return_dtype=pl.String, is_elementwise=True)


def _written_dates(values: pl.Series) -> pl.Series:
    if not values.str.contains(r"[^0-9\s./-]").any():
        return values  # numbers only (ISO, day-first, serial): nothing written out, nothing to do
    low = values.str.to_lowercase().str.replace_all(r"[\s,]+", "  ")  # each word between two spaces
    low = (" " + low + " ").str.replace_all(rf" (?:{_FILLERS}) ", " ").str.replace_all(r"\s+", " ")
    low = low.str.strip_chars()
    dmy, mdy = low.str.extract_groups(_DAY_MONTH_YEAR), low.str.extract_groups(_MONTH_DAY_YEAR)
    parts = pl.DataFrame({"dmy": dmy, "mdy": mdy, "s": values})
    day = pl.coalesce(pl.col("dmy").struct[0], pl.col("mdy").struct[1])
    word = pl.coalesce(pl.col("dmy").struct[1], pl.col("mdy").struct[0])
    year = pl.coalesce(pl.col("dmy").struct[2], pl.col("mdy").struct[2])
    month = word.replace_strict(_MONTHS, default=None, return_dtype=pl.Int64).cast(pl.String).str.zfill(2)
    iso = pl.when(day.is_null()).then(year + "-" + month).otherwise(year + "-" + month + "-" + day.str.zfill(2))
    return parts.select(pl.coalesce(iso, pl.col("s")).alias(values.name)).to_series()


def _day(s: pl.Expr) -> pl.Expr:
    """A day in ISO, day-first or Excel-serial form, from text already stripped and with months as numbers."""
    serial = s.str.extract(r"^(\d{4,6})(?:\.0+)?$").cast(pl.Int64, strict=False)
    formats = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y")
    return pl.coalesce(
        *(s.str.to_date(f, strict=False) for f in formats),
        pl.when(serial.is_between(1, 2958465)).then(_EXCEL_EPOCH + pl.duration(days=serial)),
    )


def any_date(c: pl.Expr) -> pl.Expr:
    """ISO (2021-06-07), day-first European (07/06/2021, 7.6.2021, 07-06-2021), written out (7 June 2021,
    7 juin 2021, 7. Juni 2021) or an Excel serial (44354)."""
    return _day(written_date(text(c)))


KIND_NAMES[any_date] = "a date (2021-06-07, 07/06/2021, 7.6.2021, 7 June 2021 or an Excel date)"


def any_partial_date(c: pl.Expr) -> pl.Expr:
    """A month or year a page states (2021-06, juin 2021, 2021) as its first day, or a day in any form
    `any_date` reads; a bare year is a year, never an Excel serial."""
    s = written_date(text(c))
    return pl.when(s.str.contains(r"^\d{4}(-\d{2})?$")).then(partial_date(s)).otherwise(_day(s))


def any_partial_date_end(c: pl.Expr) -> pl.Expr:
    """As `any_partial_date`, but a month or year is its last day: the end of the period stated."""
    s = written_date(text(c))
    return pl.when(s.str.contains(r"^\d{4}(-\d{2})?$")).then(partial_date_end(s)).otherwise(_day(s))


def any_precision(c: pl.Expr) -> pl.Expr:
    """'year', 'month' or 'day' for a date `any_partial_date` reads; empty where it reads none."""
    s = written_date(text(c))
    read = pl.when(s.str.contains(r"^\d{4}(-\d{2})?$")).then(partial_date(s)).otherwise(_day(s))
    return pl.when(read.is_not_null()).then(pl.coalesce(precision_of(s), pl.lit("day")))


KIND_NAMES[any_partial_date] = (
    "a date (2021-06-07, 07/06/2021, 7 June 2021 or an Excel date) or a month (2021-06, June 2021) or year (2021)"
)
KIND_NAMES[any_partial_date_end] = KIND_NAMES[any_partial_date]

_CURRENCY = "|".join(sorted((w for w in CURRENCY if w.isalpha()), key=len, reverse=True))
_SIGNS = "".join(w for w in CURRENCY if not w.isalpha())
_NO_CURRENCY = rf"(?i)(?:{_CURRENCY})|[{_SIGNS}]"
_GROUPS = "[ \u00a0\u202f'’]"  # spaces (also no-break and narrow no-break) and apostrophes group thousands


def amount_text(c: pl.Expr, decimal_comma: bool) -> pl.Expr:
    """An amount as people type it (€780, 1 560,00 €, 1.560,00, EUR 780, 780,00) as canonical text
    (1560.00 as "1560.00"), or null where it is not one. A single separator followed by exactly three
    digits (1,560 or 1.560) is read by `decimal_comma` (the register's language): a thousands separator
    where the other mark is the decimal one; `amount_is_ambiguous` says which are."""
    return c.map_batches(lambda v: _amounts(v, decimal_comma), return_dtype=pl.String, is_elementwise=True)


def _amounts(values: pl.Series, decimal_comma: bool) -> pl.Series:
    canonical = r"^[+-]?[0-9]+(?:\.[0-9]{1,2})?$"
    if values.str.contains(canonical).fill_null(True).all():
        return values  # as the template asks (780 or 780.00): nothing to do
    s = pl.col("v").str.replace_all(_NO_CURRENCY, "").str.strip_chars()
    frame = pl.DataFrame({"v": values}).with_columns(s=s)
    s = pl.col("s")
    grouped = s.str.contains(rf"^[+-]?[0-9]{{1,3}}(?:{_GROUPS}[0-9]{{3}})+(?:[.,][0-9]+)?$")
    frame = frame.with_columns(s=pl.when(grouped).then(s.str.replace_all(_GROUPS, "")).otherwise(s))
    comma_decimal = s.str.contains(r"^[+-]?[0-9]{1,3}(?:\.[0-9]{3})*,[0-9]{1,2}$") | s.str.contains(
        r"^[+-]?[0-9]+,[0-9]{1,2}$"
    )
    point_decimal = s.str.contains(r"^[+-]?[0-9]{1,3}(?:,[0-9]{3})*\.[0-9]{1,2}$") | s.str.contains(
        r"^[+-]?[0-9]+\.[0-9]{1,2}$"
    )
    comma_groups = s.str.contains(r"^[+-]?[0-9]{1,3}(?:,[0-9]{3})+$")
    point_groups = s.str.contains(r"^[+-]?[0-9]{1,3}(?:\.[0-9]{3})+$")
    ambiguous = s.str.contains(r"^[+-]?[0-9]{1,3}[.,][0-9]{3}$")
    as_comma = s.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
    as_point = s.str.replace_all(",", "", literal=True)
    read = (
        pl.when(s.str.contains(r"^[+-]?[0-9]+$"))
        .then(s)
        .when(ambiguous)
        .then(as_comma if decimal_comma else as_point)
        .when(comma_decimal | point_groups)
        .then(as_comma)
        .when(point_decimal | comma_groups)
        .then(as_point)
    )
    return frame.select(read.alias(values.name)).to_series()


def money_decimal_comma(c: pl.Expr) -> pl.Expr:
    """An amount as people type it in a language that writes a decimal comma (1.560 is 1560)."""
    return money(pl.coalesce(amount_text(text(c), True), c))


def money_decimal_point(c: pl.Expr) -> pl.Expr:
    """An amount as people type it in a language that writes a decimal point (1,560 is 1560)."""
    return money(pl.coalesce(amount_text(text(c), False), c))


KIND_NAMES[money_decimal_comma] = "an amount in euros (780, 780,00, 1 560,00 €, 1.560,00 or EUR 780)"
KIND_NAMES[money_decimal_point] = "an amount in euros (780, 780.00, 1,560.00, €1560 or EUR 780)"


def amount_is_ambiguous(c: pl.Expr) -> pl.Expr:
    """Whether an amount's one separator could mark thousands or decimals (1,560 or 1.560, with or without
    a currency): its reading depends on the register's language."""
    s = c.str.replace_all(_NO_CURRENCY, "").str.strip_chars()
    return s.str.contains(r"^[+-]?[0-9]{1,3}[.,][0-9]{3}$")


def choice(field) -> Parser:
    """A value of `field`'s enumeration, or one of its aliases, ignoring case; anything else stays as written
    for the schema check to reject with the allowed values."""
    words = {w.casefold(): v for words in field.value_aliases.values() for w, v in words.items()}
    words |= {v.casefold(): v for v in field.enum}

    def parse_choice(c: pl.Expr) -> pl.Expr:
        s = text(c)
        return s.str.to_lowercase().replace_strict(words, default=s, return_dtype=pl.String)

    return parse_choice


def country_or_name(c: pl.Expr) -> pl.Expr:
    """A country code (EL and UK turned into GR and GB) or an English country name, as an ISO code;
    an unknown value stays as written for the schema check to reject."""
    return text(c).map_batches(_countries, return_dtype=pl.String)


def _countries(values: pl.Series) -> pl.Series:
    import pycountry

    def lookup(value: str) -> str:
        iso = to_iso(value)
        if len(iso) == 2:
            return iso
        try:
            return pycountry.countries.lookup(value).alpha_2
        except LookupError:
            return value

    return _each_distinct(values, lookup)


def slugged(c: pl.Expr) -> pl.Expr:
    return slug_expr(text(c))


# Each parser a table definition may name (schemas.kinds.PARSERS), by that name.
PARSERS: dict[str, Parser] = {
    "text": text,
    "integer": integer,
    "number": number,
    "money": money,
    "boolean": boolean,
    "date": date,
    "any_date": any_date,
    "partial_date": partial_date,
    "partial_date_end": partial_date_end,
    "any_partial_date": any_partial_date,
    "any_partial_date_end": any_partial_date_end,
    "precision": precision_of,
    "any_precision": any_precision,
    "text_list": text_list,
    "lines": lines,
    "country": country,
    "country_list": country_list,
    "country_or_name": country_or_name,
    "slug": slugged,
    "source": text,  # the reference as written; core.build.resolve_sources turns it into an id
}


def parser_for(field: Field) -> Parser:
    return choice(field) if field.parser == "choice" else PARSERS[field.parser]


def parse_table(
    table: Table, frame: pl.DataFrame, derived: dict[str, Column] | None = None
) -> tuple[pl.DataFrame, list[Problem]]:
    """Every field the table reads from its register, typed as its definition says, and the `derived`
    columns a builder makes from raw columns (parsed in the same pass as the fields reading them)."""
    return parse(frame, {f.name: Column(f.raw_column, parser_for(f)) for f in table.read_fields} | (derived or {}))
