"""From raw text registers to typed core tables: parsing, ids and source references.

Each `build_*` is a pure function of raw frames returning the typed table and every problem found.
Rules a table must satisfy (enums, keys, dates in order) are not checked here but by the table's
Pandera model in a blocking asset check, so they are written once, in `schemas/`.
"""

from __future__ import annotations

import hashlib

import polars as pl

from pipelines.claims import claim_id, figures, locate, period_bounds
from pipelines.parsing import (
    Column,
    any_date,
    boolean,
    choice,
    country,
    country_list,
    country_or_name,
    date,
    integer,
    money,
    number,
    parse,
    partial_date,
    precision_of,
    slug_expr,
    text,
    text_list,
)
from pipelines.problems import Problem
from schemas import TABLES
from schemas.claims import METRICS
from schemas.model import Table

Built = tuple[pl.DataFrame, list[Problem]]


def conform(table: Table, frame: pl.DataFrame) -> pl.DataFrame:
    """The table's columns, in its order and types, sorted by its primary key for stable output."""
    return frame.select(pl.col(f.name).cast(f.kind.polars) for f in table.all_fields).sort(table.primary_key)


def _problems_where(frame: pl.DataFrame, mask: pl.Expr, column: str, rule: str, message) -> list[Problem]:
    return [
        Problem(r["raw_file"], r["raw_sheet"], r["raw_row"], column, rule, message(r))
        for r in frame.filter(mask).iter_rows(named=True)
    ]


def build_sources(raw: pl.DataFrame) -> Built:
    typed, problems = parse(
        raw,
        {
            "source_id": Column("id"),
            "url": Column("url"),
            "title": Column("title"),
            "publisher": Column("publisher"),
            "language": Column("language"),
            "accessed": Column("accessed", date),
            "licence": Column("licence"),
            "notes": Column("notes"),
        },
    )
    problems += _problems_where(
        typed, pl.col("source_id").is_null(), "id", "required", lambda r: "every source needs an id"
    )
    return conform(TABLES["sources"], typed), problems


def resolve_sources(typed: pl.DataFrame, sources: pl.DataFrame) -> Built:
    """`source` (a URL or a source id) → source_id and source_url; `further_sources` → known URLs."""
    by_url = sources.filter(pl.col("url").is_not_null()).select(
        pl.col("url").alias("_ref"), pl.col("source_id").alias("_id_u"), pl.col("url").alias("_url_u")
    )
    by_id = sources.select(pl.col("source_id").alias("_ref"), pl.col("source_id").alias("_id_i"), pl.col("url").alias("_url_i"))
    ref = text(pl.col("source"))
    out = (
        typed.with_columns(_ref=ref)
        .join(by_url, on="_ref", how="left")
        .join(by_id, on="_ref", how="left")
        .with_columns(
            source_id=pl.coalesce("_id_u", "_id_i"),
            source_url=pl.coalesce("_url_u", "_url_i"),
        )
    )
    if "further_sources" in out.columns:
        out = out.with_columns(further_source_urls=text_list(pl.col("further_sources")))
    problems = _problems_where(
        out,
        pl.col("_ref").is_null(),
        "source",
        "required",
        lambda r: "every row needs a source: a URL or an id from sources.yaml",
    )
    problems += _problems_where(
        out,
        pl.col("_ref").is_not_null() & pl.col("source_id").is_null(),
        "source",
        "unknown_source",
        lambda r: f"{r['_ref']!r} is neither the url nor the id of a source in sources.yaml",
    )
    known = set(sources["url"].drop_nulls().to_list())
    further = out.filter(pl.col("further_source_urls").is_not_null()) if "further_source_urls" in out.columns else out.clear()
    for r in further.iter_rows(named=True):
        for url in r["further_source_urls"]:
            if url not in known:
                problems.append(
                    Problem(r["raw_file"], r["raw_sheet"], r["raw_row"], "further_sources", "unknown_source",
                            f"{url!r} is not the url of a source in sources.yaml")
                )  # fmt: skip
    return out.drop("_ref", "_id_u", "_url_u", "_id_i", "_url_i"), problems


def _build(table_name: str, raw: pl.DataFrame, columns: dict[str, Column], sources: pl.DataFrame, derived=None) -> Built:
    typed, problems = parse(raw, columns)
    if derived is not None:
        typed = typed.with_columns(**derived)
    typed, source_problems = resolve_sources(typed, sources)
    return conform(TABLES[table_name], typed), problems + source_problems


def build_programmes(raw: pl.DataFrame, sources: pl.DataFrame) -> Built:
    columns = {n: Column(n) for n in ("programme_id", "name", "framework", "description", "notes")}
    columns |= {"first_year": Column("first_year", integer), "last_year": Column("last_year", integer)}
    return _build("programmes", raw, columns, sources)


def build_calls(raw: pl.DataFrame, sources: pl.DataFrame) -> Built:
    columns = {n: Column(n) for n in ("call_id", "programme_id", "title", "notes")}
    columns |= {
        "official_id": Column("official_id", boolean),
        "alternative_ids": Column("alternative_ids", text_list),
        "opening_date": Column("opening_date", date),
        "deadline_date": Column("deadline_date", date),
        "second_stage_deadline_date": Column("second_stage_deadline_date", date),
        "budget_eur": Column("budget_eur", money),
        "max_grant_eur": Column("max_grant_eur", money),
        "expected_funded": Column("expected_funded", integer),
        "funding_rate_pct": Column("funding_rate_pct", number),
    }
    return _build("calls", raw, columns, sources)


def generation_id(programme: pl.Expr, name: pl.Expr) -> pl.Expr:
    """The id a generation is known by: its programme and name as one slug."""
    return slug_expr(pl.concat_str(programme, pl.lit(" "), name))


def build_generations(raw: pl.DataFrame, sources: pl.DataFrame) -> Built:
    columns = {n: Column(n) for n in ("programme_id", "name", "call_id", "notes")}
    columns |= {"first_year": Column("first_year", integer), "last_year": Column("last_year", integer)}
    derived = {"generation_id": generation_id(pl.col("programme_id"), pl.col("name"))}
    return _build("generations", raw, columns, sources, derived=derived)


def build_partnerships(raw: pl.DataFrame, sources: pl.DataFrame) -> Built:
    columns = {n: Column(n) for n in ("acronym", "name", "programme_id", "generation", "call_id", "funding_status", "grant_id", "notes")}
    columns |= {
        "start_date": Column("start_date", partial_date),
        "start_date_precision": Column("start_date", precision_of),
        "end_date": Column("end_date", partial_date),
        "end_date_precision": Column("end_date", precision_of),
        "duration_months": Column("duration_months", integer),
        "eu_contribution_eur": Column("eu_contribution_eur", money),
        "total_budget_eur": Column("total_budget_eur", money),
        "target_countries": Column("target_countries", country_list),
        "sectors": Column("sectors", text_list),
    }
    derived = {
        "partnership_id": slug_expr(pl.col("acronym")),
        "generation_id": generation_id(pl.col("programme_id"), pl.col("generation")),
    }
    return _build("partnerships", raw, columns, sources, derived=derived)


_COORDINATOR_WORDS = ("coordinator", "lead", "leader")


def build_members(raw: pl.DataFrame, sources: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, list[Problem]]:
    """partnership_members and the organisations they name (each once, under its curated name)."""
    columns = {
        "organisation_name": Column("organisation"),
        "name_in_source": Column("name_in_source"),
        "country": Column("country", country),
        "role": Column("role"),
        "role_detail": Column("role_detail"),
    }
    typed, problems = parse(raw, columns)
    role = pl.col("role").str.to_lowercase()
    typed = typed.with_columns(
        partnership_id=slug_expr(pl.col("partnership")),
        organisation_id=slug_expr(pl.col("organisation_name")),
        # The source's wording is kept; where the curator did not repeat it, it is the curated name.
        name_in_source=pl.coalesce("name_in_source", "organisation_name"),
        role=pl.when(role.is_in(_COORDINATOR_WORDS)).then(pl.lit("coordinator")).otherwise(role),
    )
    typed, source_problems = resolve_sources(typed, sources)
    problems += source_problems
    problems += _problems_where(
        typed, pl.col("organisation_id").is_null() | (pl.col("organisation_id") == ""), "organisation", "required",
        lambda r: "every member row names an organisation",
    )  # fmt: skip

    # One country per organisation: rows that state one must agree.
    countries = typed.filter(pl.col("country").is_not_null()).group_by("organisation_id").agg(
        pl.col("country").unique().sort().alias("_countries")
    )
    conflicting = typed.join(countries.filter(pl.col("_countries").list.len() > 1), on="organisation_id")
    problems += _problems_where(
        conflicting, pl.col("country").is_not_null(), "country", "one_country_per_organisation",
        lambda r: f"{r['organisation_name']!r} is given the countries {', '.join(r['_countries'])} in different rows",
    )  # fmt: skip
    names = typed.group_by("organisation_id").agg(pl.col("organisation_name").unique().sort().alias("_names"))
    clashing = typed.join(names.filter(pl.col("_names").list.len() > 1), on="organisation_id")
    problems += _problems_where(
        clashing, pl.lit(True), "organisation", "one_name_per_id",
        lambda r: f"the names {r['_names']} all give the id {r['organisation_id']!r}; write one name the same way",
    )  # fmt: skip

    first = typed.sort("raw_row").group_by("organisation_id", maintain_order=True).first()
    stated = typed.group_by("organisation_id").agg(pl.col("country").drop_nulls().first().alias("_country"))
    organisations = first.join(stated, on="organisation_id").with_columns(
        name=pl.col("organisation_name"), country=pl.col("_country")
    )
    return (
        conform(TABLES["partnership_members"], typed),
        conform(TABLES["organisations"], organisations),
        problems,
    )


# Licences under which a document's full text may be republished.
OPEN_LICENCES = ("CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-3.0", "PDDL-1.0", "public-domain")


def build_documents(raw: pl.DataFrame, sources: pl.DataFrame) -> Built:
    """Documents with the manifest's title, address, licence and language; text only where open."""
    meta = sources.select(
        pl.col("source_id").alias("document_id"), "title", "url", "licence", pl.col("language").alias("_declared")
    )
    out = raw.join(meta, on="document_id", how="left").with_columns(
        language=pl.coalesce("_declared", "identified_language"),
        characters=pl.col("text").str.len_chars().cast(pl.Int64),
        text=pl.when(pl.col("licence").is_in(OPEN_LICENCES)).then(pl.col("text")),
    )
    return conform(TABLES["documents"], out), []


def build_claims(raw: pl.DataFrame, sources: pl.DataFrame, documents: pl.DataFrame) -> Built:
    """Claims with ids, units and periods; a document's claims are verified against its full text."""
    columns = {n: Column(n) for n in ("quote", "programme_id", "generation", "metric", "dimension", "qualifier", "period", "notes")}
    columns["value"] = Column("value", money)
    typed, problems = parse(raw, columns)
    typed, source_problems = resolve_sources(typed.with_columns(generation_id=generation_id(pl.col("programme_id"), pl.col("generation"))), sources)
    problems += source_problems
    texts = {d["document_id"]: d for d in documents.iter_rows(named=True)}
    languages = dict(zip(sources["source_id"], sources["language"]))
    rows = []
    for r in typed.iter_rows(named=True):
        r["claim_id"] = claim_id(r["source_id"], r["programme_id"], r["generation"], r["metric"], r["dimension"], r["period"])
        r["unit"] = METRICS.get(r["metric"])
        r["period_start"] = r["period_end"] = r["quote_start"] = r["quote_end"] = None
        r["verified"] = False
        if r["period"]:
            try:
                r["period_start"], r["period_end"] = period_bounds(r["period"])
            except (ValueError, TypeError):
                problems.append(Problem(r["raw_file"], r["raw_sheet"], r["raw_row"], "period", "type",
                                        f"{r['period']!r} is not a date or period such as 2021-06-09, 2018-02 or 2016/2017"))  # fmt: skip
        doc = texts.get(r["source_id"])
        if doc is not None:
            problems += _verify(r, doc, languages.get(r["source_id"]) or doc["identified_language"])
        rows.append(r)
    derived = {"claim_id": pl.String, "unit": pl.String, "period_start": pl.Date, "period_end": pl.Date,
               "quote_start": pl.Int64, "quote_end": pl.Int64, "verified": pl.Boolean}  # fmt: skip
    return conform(TABLES["claims"], pl.DataFrame(rows, schema=typed.schema | derived)), problems


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
    stated = figures(claim["quote"], language)
    if claim["value"] is None or claim["value"] not in stated:
        listed = ", ".join(str(v) for v in sorted(stated)) or "none"
        return problem("value", "value_not_in_quote", f"{claim['value']} is not a figure of its quote in {document} (it states {listed})")
    claim["verified"] = True
    return []


def build_cosme_countries(raw: pl.DataFrame, sources: pl.DataFrame) -> Built:
    columns = {n: Column(n) for n in ("name", "group", "status", "notes")} | {"country": Column("country", country)}
    return _build("cosme_countries", raw, columns, sources)


def build_exchange_partnerships(raw: pl.DataFrame, sources: pl.DataFrame, partnerships: pl.DataFrame) -> Built:
    """The partnerships sources say run exchanges, described as the partnerships table describes them."""
    columns = {"notes": Column("notes"), "planned_exchanges": Column("planned_exchanges", integer)}
    derived = {"partnership_id": slug_expr(pl.col("partnership"))}
    typed, problems = parse(raw, columns)
    typed, source_problems = resolve_sources(typed.with_columns(**derived), sources)
    known = partnerships.select("partnership_id", "acronym", "programme_id", "generation")
    out = typed.join(known, on="partnership_id", how="left")
    problems += _problems_where(
        out, pl.col("acronym").is_null(), "partnership", "foreign_key",
        lambda r: f"{r['partnership']!r} is not the acronym of a partnership in registers/partnerships.csv",
    )  # fmt: skip
    return conform(TABLES["exchange_partnerships"], out), problems + source_problems


def build_exchanges(raw: pl.DataFrame, sources: pl.DataFrame, registers: pl.DataFrame) -> Built:
    """Exchanges from the registers: typed, ids and working days derived where a register lacks them,
    each row's source the manifest entry that lists its register file."""
    table = TABLES["exchanges"]
    columns = {n: Column(n) for n in ("exchange_id", "visiting_organisation", "host_organisation", "notes")}
    columns |= {
        "partnership_id": Column("partnership_id"),
        "visiting_country": Column("visiting_country", country_or_name),
        "host_country": Column("host_country", country_or_name),
        "start_date": Column("start_date", any_date),
        "end_date": Column("end_date", any_date),
        "working_days": Column("working_days", integer),
        "mode": Column("mode", choice(table.field("mode"))),
        "group_size": Column("group_size", integer),
        "lump_sum_eur": Column("lump_sum_eur", money),
    }
    typed, problems = parse(raw, columns)
    weekdays = pl.business_day_count("start_date", pl.col("end_date") + pl.duration(days=1))
    key = pl.concat_str("partnership_id", "visiting_organisation", "host_organisation", pl.col("start_date").cast(pl.String), separator="|", ignore_nulls=True)
    typed = typed.with_columns(
        partnership_id=slug_expr(pl.col("partnership_id")),
        working_days=pl.coalesce("working_days", pl.when(pl.col("end_date") >= pl.col("start_date")).then(weekdays.cast(pl.Int64))),
        exchange_id=pl.coalesce("exchange_id", pl.lit("x-") + key.map_batches(_hashes, return_dtype=pl.String)),
    )
    files = registers.select(pl.col("register").alias("raw_file"), pl.col("id").alias("source_id"))
    typed = typed.join(files, on="raw_file", how="left")
    for file in typed.filter(pl.col("source_id").is_null())["raw_file"].unique().sort():
        problems.append(Problem(file, None, None, None, "unlisted_register", f"no entry of raw/sources.yaml has register: {file}"))
    return conform(table, typed), problems


def _hashes(keys: pl.Series) -> pl.Series:
    return keys.map_elements(lambda k: hashlib.sha256(k.encode("utf-8")).hexdigest()[:12], return_dtype=pl.String)
