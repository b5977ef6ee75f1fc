"""Cluster partnerships named by sources, one row each."""

from schemas.countries import ISO_ALPHA2, ISO_TITLE
from schemas.fields import (
    call_id,
    date_precision,
    generation,
    generation_id,
    partnership_id,
    precision_given_with,
    programme_id,
    sourced,
)
from schemas.kinds import DATE, INTEGER, MONEY, STRING, STRING_LIST
from schemas.model import Field, ForeignKey, Register, Rule, Table

FUNDING_STATUSES = ("co-funded", "voluntary")


TABLE = Table(
    name="partnerships",
    title="Partnerships",
    description="Cluster partnerships named by sources, one row each, with what the sources state about them.",
    fields=(
        partnership_id.but(unique=True, raw="acronym", parse="slug"),
        programme_id,
        generation.but(
            description="Generation, wave or call round of the programme the partnership belongs to, where a source "
            "states it."
        ),
        generation_id,
        call_id.but(
            description="Call for proposals or topic the partnership was selected under, where a source states it."
        ),
        Field("acronym", STRING, "Acronym", "Acronym as the partnership writes it.", required=True, unique=True),
        Field("name", STRING, "Name", "Full name; empty where sources give only a truncated one."),
        Field(
            "funding_status",
            STRING,
            "Funding status",
            "'co-funded' by the EU or 'voluntary' (labelled without EU money), where a source states it.",
            enum=FUNDING_STATUSES,
            states="choice",
        ),
        Field(
            "start_date",
            DATE,
            "Start",
            "When the partnership's action started (see start_date_precision).",
            parse="partial_date",
        ),
        date_precision("start_date"),
        Field(
            "end_date",
            DATE,
            "End",
            "When the partnership's action ended (see end_date_precision): a month or a year is its last day.",
            parse="partial_date_end",
        ),
        date_precision("end_date", end=True),
        Field(
            "duration_months",
            INTEGER,
            "Duration (months)",
            "Duration of the action as a source states it.",
            minimum=1,
            states="duration",
        ),
        Field(
            "eu_contribution_eur", MONEY, "EU contribution (EUR)", "EU grant to the partnership, in euros.", minimum=0
        ),
        Field("total_budget_eur", MONEY, "Total budget (EUR)", "Total budget of the action, in euros.", minimum=0),
        Field(
            "target_countries",
            STRING_LIST,
            "Target third countries",
            "Countries outside the EU the partnership targets, as ISO 3166-1 alpha-2 codes.",
            item_enum=ISO_ALPHA2,
            enum_title=ISO_TITLE,
            parse="country_list",
        ),
        Field("sectors", STRING_LIST, "Sectors", "Sectors and technology fields, in the source's words."),
        Field(
            "grant_id",
            STRING,
            "Grant id",
            "Grant agreement or CORDIS project number, or the COSME project identifier.",
            unique=True,
        ),
        *sourced(),
    ),
    primary_key=("partnership_id",),
    register=Register("registers/partnerships.csv"),
    foreign_keys=(
        ForeignKey(("programme_id",), "programmes", ("programme_id",)),
        ForeignKey(("call_id",), "calls", ("call_id",)),
        ForeignKey(("generation_id",), "generations", ("generation_id",)),
        ForeignKey(("source_id",), "sources", ("source_id",)),
    ),
    rules=(
        Rule(
            "end_not_before_start",
            "end_date >= start_date",
            "The end is not before the start (an end stated as a month or a year is its last day).",
            ("start_date", "end_date"),
        ),
        precision_given_with("start_date"),
        precision_given_with("end_date"),
        Rule(
            "contribution_within_budget",
            "eu_contribution_eur <= total_budget_eur",
            "The EU contribution is not more than the total budget.",
            ("eu_contribution_eur", "total_budget_eur"),
        ),
        Rule(
            "voluntary_without_eu_money",
            "funding_status <> 'voluntary' OR eu_contribution_eur = 0",
            "A voluntary partnership received no EU contribution.",
            ("funding_status", "eu_contribution_eur"),
        ),
    ),
)
