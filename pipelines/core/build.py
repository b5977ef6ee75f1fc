"""From raw text registers to typed core tables, as each table's definition says.

`build` types every column a table reads from its register (`schemas` declares the raw column and
the parser of each field) and resolves its sources; what remains per table is what no declaration can
say: ids made of several columns, tables built from another's register. Rules a table must satisfy
(enums, keys, dates in order) are checked by its Pandera model in a blocking asset check, not here.
"""

from __future__ import annotations

import polars as pl

from pipelines.core.parsing import parse_table, slug_expr, text
from pipelines.problems import Problem
from schemas import TABLES
from schemas.model import Table

Built = tuple[pl.DataFrame, list[Problem]]
WAYBACK = "https://web.archive.org/web/"


def conform(table: Table, frame: pl.DataFrame, sort: bool = True) -> pl.DataFrame:
    """The table's columns, in its order and types, sorted by its primary key for stable output (unless the
    frame comes in an order of its own, as an aggregate's query gives it)."""
    out = frame.select(pl.col(f.name).cast(f.kind.polars) for f in table.all_fields)
    return out.sort(table.primary_key) if sort else out


def problems_where(frame: pl.DataFrame, mask: pl.Expr, column: str, rule: str, message) -> list[Problem]:
    """A problem at the raw row of each row of `frame` where `mask` holds."""
    return [
        Problem(r["raw_file"], r["raw_sheet"], r["raw_row"], column, rule, message(r))
        for r in frame.filter(mask).iter_rows(named=True)
    ]


def typed(
    table: Table, raw_frame: pl.DataFrame, sources: pl.DataFrame | None = None, derived: dict | None = None
) -> Built:
    """The table's register columns typed (with the `derived` columns `parse_table` makes), and, for a
    sourced table, its sources resolved; not conformed, so that a builder can still derive columns from
    the raw ones."""
    frame, problems = parse_table(table, raw_frame, derived)
    source = next((f for f in table.read_fields if f.parser == "source"), None)
    if source is not None:
        frame, found = resolve_sources(frame, sources, source.raw_column)
        problems += found
    return frame, problems


def build(table_name: str, raw_frame: pl.DataFrame, sources: pl.DataFrame | None = None, **derived: pl.Expr) -> Built:
    """A table that is its register, typed, with `derived` columns computed from the typed ones."""
    table = TABLES[table_name]
    frame, problems = typed(table, raw_frame, sources)
    return conform(table, frame.with_columns(**derived)), problems


def build_sources(raw_frame: pl.DataFrame, documents: pl.DataFrame) -> Built:
    """The sources, each with the hash of its kept copy where there is one."""
    copies = documents.select(id=pl.col("document_id"), copy_sha256=pl.col("sha256"))
    archived = pl.concat_str(
        pl.lit(WAYBACK), pl.col("accessed").dt.strftime("%Y%m%d"), pl.lit("/"), pl.col("url")
    )  # null where either is unknown
    table, problems = build("sources", raw_frame.join(copies, on="id", how="left"), archived_url=archived)
    missing = raw_frame.filter(text(pl.col("id")).is_null())
    problems += problems_where(missing, pl.lit(True), "id", "required", lambda r: "every source needs an id")
    return table, problems


def build_source_checks(raw_frame: pl.DataFrame, sources: pl.DataFrame) -> Built:
    """The latest watch record (raw/watch/<date>.csv, the last by name) of the sources still listed: a source
    removed since the watch ran keeps its row in that record, as history, but is not published."""
    latest = raw_frame["raw_file"].max() if raw_frame.height else None
    frame = raw_frame.filter(pl.col("raw_file") == latest) if latest else raw_frame
    frame = frame.filter(text(pl.col("source_id")).is_in(sources["source_id"].implode()))
    return build("source_checks", frame, sources)


def resolve_sources(frame: pl.DataFrame, sources: pl.DataFrame, column: str = "source") -> Built:
    """`source_id` (a URL or a source id as written) → the source's id and URL; further source URLs known."""
    by_url = sources.filter(pl.col("url").is_not_null()).select(
        pl.col("url").alias("_ref"), pl.col("source_id").alias("_id_u"), pl.col("url").alias("_url_u")
    )
    by_id = sources.select(
        pl.col("source_id").alias("_ref"), pl.col("source_id").alias("_id_i"), pl.col("url").alias("_url_i")
    )
    out = (
        frame.with_columns(_ref=pl.col("source_id"))
        .join(by_url, on="_ref", how="left")
        .join(by_id, on="_ref", how="left")
        .with_columns(source_id=pl.coalesce("_id_u", "_id_i"), source_url=pl.coalesce("_url_u", "_url_i"))
    )
    problems = problems_where(
        out,
        pl.col("_ref").is_null(),
        column,
        "required",
        lambda r: "every row needs a source: a URL or an id from sources.yaml",
    )
    problems += problems_where(
        out,
        pl.col("_ref").is_not_null() & pl.col("source_id").is_null(),
        column,
        "unknown_source",
        lambda r: f"{r['_ref']!r} is neither the url nor the id of a source in sources.yaml",
    )
    if "further_source_urls" in out.columns:
        known = sources.select(pl.col("url").alias("_further")).drop_nulls()
        listed = out.select("raw_file", "raw_sheet", "raw_row", _further=pl.col("further_source_urls")).explode(
            "_further"
        )
        unknown = listed.drop_nulls("_further").join(known, on="_further", how="anti")
        problems += problems_where(
            unknown,
            pl.lit(True),
            "further_sources",
            "unknown_source",
            lambda r: f"{r['_further']!r} is not the url of a source in sources.yaml",
        )
    return out.drop("_ref", "_id_u", "_url_u", "_id_i", "_url_i"), problems


def generation_id(programme: pl.Expr, name: pl.Expr) -> pl.Expr:
    """The id a generation is known by: its programme and name as one slug."""
    return slug_expr(pl.concat_str(programme, pl.lit(" "), name))


def build_generations(raw_frame: pl.DataFrame, sources: pl.DataFrame) -> Built:
    return build("generations", raw_frame, sources, generation_id=generation_id(pl.col("programme_id"), pl.col("name")))


def build_partnerships(raw_frame: pl.DataFrame, sources: pl.DataFrame) -> Built:
    ids = generation_id(pl.col("programme_id"), pl.col("generation"))
    return build("partnerships", raw_frame, sources, generation_id=ids)


# Licences under which a document's full text may be republished.
OPEN_LICENCES = ("CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-3.0", "PDDL-1.0", "public-domain")


def build_documents(raw_frame: pl.DataFrame, sources: pl.DataFrame) -> Built:
    """Documents with the manifest's title, address, licence and language; text only where open."""
    meta = sources.select(
        pl.col("source_id").alias("document_id"), "title", "url", "licence", pl.col("language").alias("_declared")
    )
    out = raw_frame.join(meta, on="document_id", how="left").with_columns(
        language=pl.coalesce("_declared", "identified_language"),
        characters=pl.col("text").str.len_chars().cast(pl.Int64),
        text=pl.when(pl.col("licence").is_in(OPEN_LICENCES)).then(pl.col("text")),
    )
    return conform(TABLES["documents"], out), []


def build_exchange_partnerships(raw_frame: pl.DataFrame, sources: pl.DataFrame, partnerships: pl.DataFrame) -> Built:
    """The partnerships sources say run exchanges, described as the partnerships table describes them."""
    frame, problems = typed(TABLES["exchange_partnerships"], raw_frame, sources)
    known = partnerships.select("partnership_id", "acronym", "programme_id", "generation")
    out = frame.join(known, on="partnership_id", how="left")
    problems += problems_where(
        out,
        pl.col("acronym").is_null(),
        "partnership",
        "foreign_key",
        lambda r: f"{r['partnership']!r} is not the acronym of a partnership in registers/partnerships.csv",
    )
    return conform(TABLES["exchange_partnerships"], out), problems
