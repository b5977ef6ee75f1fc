"""Evidence for every value: each non-empty value of the curated tables with the words of a page that state it.

Curators keep the evidence in raw/evidence/*.csv, one row per value and quote (table, key, field, source,
quote, basis). Here every piece of evidence is checked to state its value, by the matcher the field declares
(`Field.states`); a quote from a page whose copy is kept is checked to be in the copy; every value without
evidence that states it is a problem at its register row. The statements table is the evidence that passed,
with the value, the page's address and when it was read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from pipelines.core import matchers
from pipelines.core.build import Built, conform, typed
from pipelines.problems import Problem
from pipelines.raw.documents import normalise
from schemas import TABLES
from schemas.evidence import BASES, INFERRED_MATCHERS, PLACES, QUOTE_CHARS
from schemas.model import Field, Table
from schemas.tables.statements import STATED_TABLES

# Not values a page states: where a row comes from, what a reader should know, and a row's own quote.
_NOT_VALUES = {"source_id", "source_url", "further_source_urls", "notes", "quote"}


def stated_fields(table: Table) -> list[Field]:
    """The fields of `table` whose values a page states: read, not a key made from a name, not a source or
    a note; each has a matcher (`Field.matcher`)."""
    return [
        f
        for f in table.read_fields
        if f.name not in table.primary_key and f.name not in _NOT_VALUES and f.matcher is not None
    ]


def _as_text(frame: pl.DataFrame, field: Field) -> pl.Expr:
    """A value as published text; a date to the precision its source gives (2022, 2022-02, 2022-02-28)."""
    column = pl.col(field.name)
    if field.kind.is_list:
        return column.list.join(";")
    if field.kind.name == "boolean":
        return pl.when(column).then(pl.lit("true")).when(~column).then(pl.lit("false"))
    if field.kind.name == "date" and f"{field.name}_precision" in frame.columns:
        precision = pl.col(f"{field.name}_precision")
        iso = column.dt.strftime("%Y-%m-%d")
        return (
            pl.when(precision == "year")
            .then(iso.str.slice(0, 4))
            .when(precision == "month")
            .then(iso.str.slice(0, 7))
            .otherwise(iso)
        )
    if field.kind.name == "decimal":
        return column.cast(pl.String).str.replace(r"\.00$", "")
    return column.cast(pl.String)


def row_key(table: Table) -> pl.Expr:
    return pl.concat_str([pl.col(k).cast(pl.String) for k in table.primary_key], separator="|")


def values(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """Every non-empty stated value of a table, long: table, key, field, value and the row's register place."""
    table = TABLES[name]
    fields = stated_fields(table)
    wide = frame.select(
        row_key=row_key(table),
        raw_file=pl.col("raw_file"),
        raw_sheet=pl.col("raw_sheet"),
        raw_row=pl.col("raw_row"),
        **{f.name: _as_text(frame, f) for f in fields},
    )
    long = wide.unpivot(
        [f.name for f in fields],
        index=["row_key", "raw_file", "raw_sheet", "raw_row"],
        variable_name="field_name",
        value_name="value",
    )
    return long.drop_nulls("value").with_columns(table_name=pl.lit(name))


def items(field: Field, value: str) -> list[str]:
    """What must each be stated: a list's items, a name's parenthesised parts, or the value itself."""
    if field.kind.is_list:
        return [v for v in value.split(";") if v]
    if field.matcher == "name":
        return matchers.name_parts(value)
    return [value]


def context(tables: dict[str, pl.DataFrame]) -> matchers.Context:
    calls: dict[str, tuple[str, str]] = {}
    for call, alternatives, programme in tables["calls"].select("call_id", "alternative_ids", "programme_id").rows():
        for spelling in (call, *(alternatives or ())):
            calls[matchers.fold(spelling)] = (call, programme)
    by_call: dict[str, tuple[str, ...]] = {}
    for call, gen in tables["generations"].select("call_id", "name").drop_nulls().rows():
        by_call[call] = (*by_call.get(call, ()), gen)
    acronyms = dict(tables["partnerships"].select("partnership_id", "acronym").rows())
    programmes = dict(tables["partnerships"].select("partnership_id", "programme_id").rows())
    by_year: dict[tuple[str, int], tuple[str, ...]] = {}
    generations = tables["generations"].select("programme_id", "name", "first_year", "last_year")
    for programme, name, first, last in generations.drop_nulls(["programme_id", "first_year"]).rows():
        for year in range(first, (last or first) + 1):
            by_year[(programme, year)] = (*by_year.get((programme, year), ()), name)
    places = {matchers.fold(p): c for p, c in PLACES.items()}
    by_programme: dict[str, dict[str, dt.date | None]] = {}
    columns = ("programme_id", "call_id", "deadline_date", "second_stage_deadline_date")
    for programme, call, *deadlines in tables["calls"].select(columns).rows():
        known = [d for d in deadlines if d is not None]
        by_programme.setdefault(programme, {})[call] = max(known) if known else None
    return matchers.Context(calls, by_call, places, acronyms, programmes, by_year, by_programme)


# Values about an organisation (its role in a partnership, its country) that a quote states only where it
# also names the organisation: "coordinated by X" says nothing of Y.
ABOUT_AN_ORGANISATION = {("partnership_members", "role"), ("organisations", "country")}


def subjects(tables: dict[str, pl.DataFrame]) -> dict[tuple[str, str], tuple[str, ...]]:
    """(table, key) → the names a quote may call the row's organisation by."""
    names: dict[str, set[str]] = {}
    for oid, name, others in tables["organisations"].select("organisation_id", "name", "alternative_names").rows():
        names.setdefault(oid, set()).update(p for n in (name, *(others or ())) for p in matchers.name_parts(n))
    members = tables["partnership_members"].select("partnership_id", "organisation_id", "name_in_source")
    for _, oid, in_source in members.rows():
        names.setdefault(oid, set()).update(matchers.name_parts(in_source))
    out = {("organisations", oid): tuple(sorted(n)) for oid, n in names.items()}
    for pid, oid, _ in members.rows():
        out[("partnership_members", f"{pid}|{oid}")] = tuple(sorted(names.get(oid, ())))
    return out


@dataclass
class _Verdict:
    problem: str | None  # why the evidence does not hold, or None
    stated: tuple[str, ...]  # the items it states
    form: str


def judge(field: Field, value: str, quote: str, basis: str, notes: str, key: str, ctx: matchers.Context) -> _Verdict:
    """Whether one piece of evidence states (or, by its declared inference, supports) the value."""
    matcher = field.matcher
    if len(quote) > QUOTE_CHARS:
        return _Verdict(f"the quote has {len(quote)} characters; at most {QUOTE_CHARS}", (), "")
    if basis.startswith("inferred:"):
        rule = basis.removeprefix("inferred:")
        if matcher not in INFERRED_MATCHERS.get(rule, ()):
            return _Verdict(f"inference {rule!r} does not apply to a {matcher} value", (), "")
        parts = items(field, value)
        supported = tuple(i for i in parts if matchers.infers(rule, i, quote, ctx, notes, key))
        if not supported:
            return _Verdict(f"the quote does not support {value!r} by {rule}", (), "")
        return _Verdict(None, supported, "inferred")
    parts = items(field, value)
    if matcher == "name" and not field.kind.is_list and matchers.states_name(value, quote):
        stated = tuple(parts)  # the whole name, brackets and all
    else:
        stated = tuple(i for i in parts if matchers.states(matcher, i, quote, ctx, key))
    if not stated:
        return _Verdict(f"the quote does not state {value!r} (read as {matcher})", (), "")
    same = all(matchers.states_name(i, quote) for i in stated)
    return _Verdict(None, stated, "same words" if same else "other form")


def build_statements(
    raw_frame: pl.DataFrame, sources: pl.DataFrame, documents: pl.DataFrame, tables: dict[str, pl.DataFrame]
) -> Built:
    """The statements table: every piece of evidence that states its value; a problem for each that does not,
    for each quote not in its page's kept copy, and for each value no evidence states."""
    evidence, problems = typed(TABLES["statements"], raw_frame, sources)
    found = pl.concat([values(name, tables[name]) for name in STATED_TABLES])
    key = ["table_name", "row_key", "field_name"]
    matched = evidence.join(found.select(*key, "value"), on=key, how="left")
    ctx = context(tables)
    named = subjects(tables)
    traced = {name: {f.name: f for f in stated_fields(TABLES[name])} for name in STATED_TABLES}
    own_names = {
        oid: tuple(p for n in (name, *(others or ())) for p in (n, *matchers.name_parts(n)))
        for oid, name, others in tables["organisations"].select("organisation_id", "name", "alternative_names").rows()
    }
    copies = dict(documents.select("document_id", "text").rows())
    kept, covered = [], {}

    def at(r: dict, column: str, rule: str, message: str) -> None:
        problems.append(Problem(r["raw_file"], r["raw_sheet"], r["raw_row"], column, rule, message))

    for r in matched.iter_rows(named=True):
        name, field_name, quote = r["table_name"], r["field_name"], r["quote"]
        if name not in STATED_TABLES:
            at(
                r,
                "table",
                "allowed_values",
                f"{name!r} is not a table whose values are traced: {', '.join(STATED_TABLES)}",
            )
            continue
        if r["basis"] not in BASES:
            at(
                r,
                "basis",
                "allowed_values",
                f"{r['basis']!r} is not 'stated' or an inference of the closed list: " + ", ".join(BASES[1:]),
            )
            continue
        if quote is None or r["source_id"] is None:
            continue  # reported by the schema check (required) or by typing (unknown source)
        field = traced[name].get(field_name)
        where = f"{name} {r['row_key']!r} {field_name}"
        if field is None:
            at(r, "field", "unknown_field", f"{name} has no field {field_name!r} that a page states")
            continue
        if r["value"] is None:
            at(r, "key", "unknown_value", f"{where}: no such row, or the value is empty; nothing to evidence")
            continue
        verdict = judge(field, r["value"], quote, r["basis"], r["notes"] or "", r["row_key"], ctx)
        if verdict.problem is None and (name, field_name) in ABOUT_AN_ORGANISATION:
            names = named.get((name, r["row_key"]), ())
            if not any(matchers.states_name(n, quote) for n in names):
                verdict.problem = f"the quote does not name the organisation ({' / '.join(names)})"
            elif field_name == "country" and verdict.form != "inferred":
                # 'Photonics Austria' names an organisation, not where it is: the country must be stated beside it
                rest = matchers.without_names(quote, own_names.get(r["row_key"], ()))
                if not matchers.states(field.matcher, r["value"], rest, ctx):
                    verdict.problem = f"only the organisation's name holds {r['value']!r}; the quote must state it"
        if verdict.problem:
            at(r, "quote", "not_stated", f"{where} = {r['value']!r}, source {r['source_id']}: {verdict.problem}")
            continue
        copy = copies.get(r["source_id"])
        if copy is not None:
            missing = [p for p in matchers.passages(quote) if normalise(p) not in copy]
            if missing:
                at(r, "quote", "not_in_copy", f"{where}: {missing[0]!r} is not in the kept copy of {r['source_id']}")
                continue
        covered.setdefault((name, r["row_key"], field_name), set()).update(verdict.stated)
        kept.append({**r, "form": verdict.form})
    for v in found.iter_rows(named=True):
        field = TABLES[v["table_name"]].field(v["field_name"])
        wanted = items(field, v["value"])
        have = covered.get((v["table_name"], v["row_key"], v["field_name"]), set())
        missing = [i for i in wanted if i not in have]
        if not have:
            message = f"{v['value']!r} has no evidence that states it (raw/evidence/*.csv: table {v['table_name']}, "
            message += f"key {v['row_key']!r}, field {v['field_name']!r})"
            problems.append(
                Problem(v["raw_file"], v["raw_sheet"], v["raw_row"], field.raw_column, "no_evidence", message)
            )
        elif missing:
            message = f"{v['value']!r}: no evidence states {'; '.join(missing)!r}"
            problems.append(
                Problem(v["raw_file"], v["raw_sheet"], v["raw_row"], field.raw_column, "no_evidence", message)
            )
    accessed = sources.select("source_id", "accessed", source_url=pl.col("url"))
    schema = {**matched.schema, "form": pl.String}
    out = (
        pl.DataFrame(kept, schema=schema)
        .drop("source_url", "accessed", strict=False)
        .join(accessed, on="source_id", how="left")
    )
    return conform(TABLES["statements"], out), problems
