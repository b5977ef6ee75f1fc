"""The vocabulary every table definition is written in.

A table is declared once as a `Table` of `Field`s; `schemas.derive` turns that one declaration into
the Pandera model, Frictionless schema, Arrow schema, DuckDB DDL and data dictionary, so none of
those is ever written by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import polars as pl
import pyarrow as pa


@dataclass(frozen=True)
class Kind:
    """A type as every consumer spells it: Frictionless, Arrow/Parquet, DuckDB and Polars."""

    name: str
    frictionless: dict
    arrow: pa.DataType
    duckdb: str
    polars: pl.DataType

    @property
    def is_list(self) -> bool:
        return isinstance(self.polars, pl.List)


@dataclass(frozen=True)
class Field:
    """One column: its type, meaning and the constraints every exporter must carry."""

    name: str
    kind: Kind
    title: str
    description: str
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    # Values of a list field must each be one of these (Frictionless cannot say this; Pandera can).
    item_enum: tuple[str, ...] | None = None
    # How to name a long list of allowed values in messages and the data dictionary.
    enum_title: str | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    example: str | None = None
    # Headers data holders write for this column, by language (ISO 639-1), the first the usual one;
    # matched ignoring case, spaces and underscores.
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Words data holders write for allowed values, by language: {"fr": {"virtuel": "virtual"}}.
    value_aliases: dict[str, dict[str, str]] = field(default_factory=dict)

    def allowed(self) -> str:
        """The allowed values in words, for messages and documentation."""
        values = self.enum or self.item_enum or ()
        return self.enum_title or "one of " + ", ".join(values)

    def but(self, **changes) -> Field:
        """This field with some attributes changed, e.g. a table-specific description."""
        return replace(self, **changes)


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

    @property
    def all_fields(self) -> tuple[Field, ...]:
        if not self.provenance:
            return self.fields
        from schemas.fields import PROVENANCE_FIELDS

        return self.fields + PROVENANCE_FIELDS

    @property
    def column_names(self) -> list[str]:
        return [f.name for f in self.all_fields]

    def field(self, name: str) -> Field:
        for f in self.all_fields:
            if f.name == name:
                return f
        raise KeyError(f"table {self.name!r} has no field {name!r}")
