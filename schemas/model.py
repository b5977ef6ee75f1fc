"""The vocabulary every table definition is written in, and the checks a definition must pass.

A table is declared once as a `Table` of `Field`s, with the register it is read from; `schemas.export`
turns that one declaration into the Pandera model, Frictionless schema, Arrow schema, DuckDB DDL and
data dictionary. A definition that contradicts itself (a key naming a missing field, a minimum on a
text field, a rule on an unknown column) raises `DefinitionError` when it is built, at import.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from schemas.evidence import MATCHERS
from schemas.kinds import DEFAULT_PARSER, INTEGER, PARSERS, STRING, Kind

# The matcher that checks evidence for a value read by each parser, where the field names none
# (schemas.evidence.MATCHERS). Ids made from names (slug), sources and precisions are not values a page states.
DEFAULT_MATCHER = {
    "text": "name",
    "integer": "count",
    "number": "count",
    "money": "amount",
    "date": "date",
    "any_date": "date",
    "partial_date": "date",
    "partial_date_end": "date",
    "any_partial_date": "date",
    "any_partial_date_end": "date",
    "text_list": "name",
    "country": "country",
    "country_list": "country",
    "country_or_name": "country",
    "choice": "choice",
}


class DefinitionError(ValueError):
    """A table definition that cannot be right; the message names the table and the field."""


@dataclass(frozen=True)
class Field:
    """One column: its type, meaning, constraints, and how it is read from its table's register."""

    name: str
    kind: Kind
    title: str
    description: str
    required: bool = False
    unique: bool = False
    # Values naming the same thing whatever their case (ids people type): unique ignoring case too.
    case_insensitive: bool = False
    enum: tuple[str, ...] | None = None
    # Values of a list field must each be one of these (Frictionless cannot say this; Pandera can).
    item_enum: tuple[str, ...] | None = None
    # How to name a long list of allowed values in messages and the data dictionary.
    enum_title: str | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    example: str | None = None
    # The register column this field is read from, where it is not the field's own name.
    raw: str | None = None
    # How the register's text is read (a name from schemas.kinds.PARSERS); by default from the kind.
    parse: str | None = None
    # Made by the pipeline (an id, a resolved address), never read from a register.
    derived: bool = False
    # Headers data holders write for this column, by language (ISO 639-1), the first the usual one;
    # matched ignoring case, spaces and underscores.
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Words data holders write for allowed values, by language: {"fr": {"virtuel": "virtual"}}.
    value_aliases: dict[str, dict[str, str]] = field(default_factory=dict)
    # How evidence must state a value of this field (a name from schemas.evidence.MATCHERS); by default from
    # the parser. A list field's items are each checked with it.
    states: str | None = None

    def __post_init__(self) -> None:
        if self.pattern is None and self.kind.pattern is not None:
            object.__setattr__(self, "pattern", self.kind.pattern)  # the kind's pattern holds in every field of it

    def allowed(self) -> str:
        """The allowed values in words, for messages and documentation."""
        values = self.enum or self.item_enum or ()
        return self.enum_title or "one of " + ", ".join(values)

    def but(self, **changes) -> Field:
        """This field with some attributes changed, e.g. a table-specific description."""
        return replace(self, **changes)

    @property
    def raw_column(self) -> str:
        return self.raw or self.name

    @property
    def parser(self) -> str:
        return self.parse or DEFAULT_PARSER[self.kind.name]

    @property
    def matcher(self) -> str | None:
        """The matcher evidence for this field's values must pass; None for a value no page states (an id)."""
        if self.derived:
            return None
        return self.states or DEFAULT_MATCHER.get(self.parser)


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    table: str
    reference: tuple[str, ...]
    # How a failure is named and worded, where "not a <reference> of table <table>" says too little.
    rule: str = "foreign_key"
    meaning: str | None = None


@dataclass(frozen=True)
class Rule:
    """A row-level constraint across columns, written once as a SQL boolean expression.

    The same text becomes a DuckDB CHECK constraint and, through `pl.sql_expr`, a Pandera check.
    A NULL result (a missing operand) passes, as in SQL.
    """

    name: str
    sql: str
    description: str
    columns: tuple[str, ...]


SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")


@dataclass(frozen=True)
class Register:
    """Where a table's rows are curated in raw/.

    A curated register (a CSV, one sheet of a workbook, or the YAML manifest) has one column per field
    that is not derived, named as the field or its `raw`. A folder of data holders' registers
    (`holders=True`) holds files the sources manifest lists (`register:`), in any of several formats and
    languages; their headers are matched through the fields' aliases, and `optional` fields may be left
    out because the pipeline can derive them; a row whose `identifying` fields are empty and that opens
    with a summary word ("Total") is skipped as a summary row.
    """

    path: str
    sheet: str | None = None
    holders: bool = False
    optional: tuple[str, ...] = ()
    # Columns that name what a row is about: a row with them all empty and a "Total" is a summary row.
    identifying: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.holders:
            return f"the data holders' registers in raw/{self.path}/ that raw/sources.yaml lists"
        return f"sheet {self.sheet!r} of raw/{self.path}" if self.sheet else f"raw/{self.path}"


PROVENANCE_FIELDS = (
    Field(
        "raw_file",
        STRING,
        "Raw file",
        "Path, relative to the repository's raw/ folder, of the file this row was read from.",
        required=True,
        derived=True,
    ),
    Field("raw_sheet", STRING, "Raw sheet", "Worksheet the row was read from, for spreadsheets.", derived=True),
    Field(
        "raw_row",
        INTEGER,
        "Raw row",
        "Where in the raw file the row stands: the row number a spreadsheet program shows (the header "
        "is row 1), or for a YAML file the line its entry starts on.",
        required=True,
        minimum=1,
        derived=True,
    ),
)


def header_key(header: str) -> str:
    """A header as it is matched: NFC, case-folded, without spaces and underscores."""
    return re.sub(r"[\s_]+", "", unicodedata.normalize("NFC", header).casefold())


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    rules: tuple[Rule, ...] = ()
    # Rows of a core table carry the raw file, sheet and row they were read from.
    provenance: bool = True
    register: Register | None = None

    def __post_init__(self) -> None:
        for problem in _definition_problems(self):
            raise DefinitionError(f"table {self.name!r}: {problem}")

    @property
    def all_fields(self) -> tuple[Field, ...]:
        return self.fields + PROVENANCE_FIELDS if self.provenance else self.fields

    @property
    def column_names(self) -> list[str]:
        return [f.name for f in self.all_fields]

    def field(self, name: str) -> Field:
        for f in self.all_fields:
            if f.name == name:
                return f
        raise KeyError(f"table {self.name!r} has no field {name!r}")

    @property
    def read_fields(self) -> tuple[Field, ...]:
        """The fields read from the register: in a data holders' register those with aliases."""
        if self.register is None:
            return ()
        if self.register.holders:
            return tuple(f for f in self.fields if f.aliases)
        return tuple(f for f in self.fields if not f.derived)

    @property
    def raw_columns(self) -> tuple[str, ...]:
        """The register's columns the pipeline reads, each once, in the order of the fields."""
        return tuple(dict.fromkeys(f.raw_column for f in self.read_fields))

    def header_map(self) -> dict[str, str]:
        """Every header a data holder may write (normalised) → the field it names."""
        out: dict[str, str] = {}
        for f in self.read_fields:
            for header in (f.name, f.title, *(h for headers in f.aliases.values() for h in headers)):
                out.setdefault(header_key(header), f.name)
        return out


def _definition_problems(t: Table):
    """Every way a table definition contradicts itself, as sentences (the first is raised)."""
    names = [f.name for f in t.all_fields]
    for name in sorted({n for n in names if names.count(n) > 1}):
        yield f"field {name!r} is defined more than once"
    known = set(names)
    if not t.primary_key:
        yield "has no primary key"
    for name in t.primary_key:
        if name not in known:
            yield f"primary key names {name!r}, which is not a field"
    for fk in t.foreign_keys:
        for name in fk.fields:
            if name not in known:
                yield f"foreign key to {fk.table!r} names {name!r}, which is not a field"
        if len(fk.fields) != len(fk.reference):
            yield f"foreign key to {fk.table!r} pairs {len(fk.fields)} field(s) with {len(fk.reference)}"
    for r in t.rules:
        for name in r.columns:
            if name not in known:
                yield f"rule {r.name!r} names {name!r}, which is not a field"
            elif not re.search(rf"\b{re.escape(name)}\b", r.sql):
                yield f"rule {r.name!r} lists {name!r}, which its SQL does not use"
    for f in t.all_fields:
        yield from (f"field {f.name!r}: {p}" for p in _field_problems(f, t))
    if t.register is not None:
        yield from _register_problems(t)


def _field_problems(f: Field, t: Table):
    kind = f.kind
    if f.enum is not None and not kind.is_text:
        yield f"an enum needs a text field, not {kind.name}"
    if f.item_enum is not None and not kind.is_list:
        yield f"item_enum needs a list field, not {kind.name}"
    if kind.pattern is not None and f.pattern != kind.pattern:
        yield f"a {kind.name} field keeps the pattern of its kind ({kind.pattern}), not {f.pattern!r}"
    if f.pattern is not None:
        if not kind.is_text:
            yield f"a pattern needs a text field, not {kind.name}"
        try:
            re.compile(f.pattern)
        except re.error as e:
            yield f"pattern {f.pattern!r} is not a regular expression ({e})"
    for bound in ("minimum", "maximum"):
        if getattr(f, bound) is not None and not kind.is_ordered:
            yield f"a {bound} needs a number or date field, not {kind.name}"
    if f.minimum is not None and f.maximum is not None and f.minimum > f.maximum:
        yield f"minimum {f.minimum:g} is above maximum {f.maximum:g}"
    if f.unique and kind.is_list:
        yield "a list field cannot be unique"
    if f.parse is not None:
        if f.parse not in PARSERS:
            yield f"parse {f.parse!r} is not one of {', '.join(PARSERS)}"
        elif kind.name not in PARSERS[f.parse]:
            yield f"parse {f.parse!r} makes {'/'.join(PARSERS[f.parse])}, not {kind.name}"
    if f.parse == "choice" and f.enum is None:
        yield "parse 'choice' needs an enum"
    for words in f.value_aliases.values():
        for word, value in words.items():
            if f.enum is None or value not in f.enum:
                yield f"value alias {word!r} maps to {value!r}, which is not an allowed value"
    if f.states is not None and f.states not in MATCHERS:
        yield f"states {f.states!r} is not one of the matchers: {', '.join(MATCHERS)}"
    if f.derived and (f.raw or f.parse):
        yield "a derived field is not read, so it takes no raw column or parser"


def _register_problems(t: Table):
    reg = t.register
    is_sheet = reg.path.lower().endswith(SPREADSHEETS)
    if reg.sheet is not None and not is_sheet:
        yield f"register raw/{reg.path} is not a workbook, so it has no sheet {reg.sheet!r}"
    if is_sheet and reg.sheet is None and not reg.holders:
        yield f"register raw/{reg.path} is a workbook: name its sheet"
    for name in reg.optional:
        if name not in {f.name for f in t.fields}:
            yield f"register marks {name!r} optional, which is not a field"
    for name in reg.identifying:
        if name not in {f.name for f in t.read_fields}:
            yield f"register names {name!r} identifying, which is not a field it reads"
    if reg.holders:
        seen: dict[str, str] = {}
        for f in t.read_fields:
            for header in (f.name, f.title, *(h for hs in f.aliases.values() for h in hs)):
                other = seen.setdefault(header_key(header), f.name)
                if other != f.name:
                    yield f"header {header!r} would name both {other!r} and {f.name!r}"
        for f in t.fields:
            if not f.aliases and not f.derived:
                yield f"field {f.name!r} is neither derived nor given headers (aliases) to be read by"
