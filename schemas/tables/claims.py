"""Figures that sources state, each with its quote and, for a document, where the quote stands."""

from schemas.fields import QUALIFIERS, generation, generation_id, notes, programme_id, source_id, source_url
from schemas.kinds import BOOLEAN, DATE, DECIMAL, INTEGER, STRING
from schemas.model import Field, ForeignKey, Register, Rule, Table

# Each metric once, with its unit: a claim names the metric and the unit follows from it.
METRICS: dict[str, str] = {
    "partnerships": "partnerships",
    "co_funded_partnerships": "partnerships",
    "voluntary_partnerships": "partnerships",
    "partnerships_targeting": "partnerships",
    "partnerships_running_exchanges": "partnerships",
    "cluster_organisations": "organisations",
    "partners": "organisations",
    "countries": "countries",
    "smes_reached": "SMEs",
    "smes_potentially_supported": "SMEs",
    "smes_in_third_market_activities": "SMEs",
    "cluster_to_cluster_meetings": "meetings",
    "business_to_business_meetings": "meetings",
    "mous_signed": "memoranda of understanding",
    "collaboration_projects": "projects",
    "survey_responses": "responses",
    "call_budget_eur": "EUR",
    "total_grants_eur": "EUR",
    "exchanges": "exchanges",
    "virtual_exchanges": "exchanges",
    "expected_exchanges": "exchanges",
    "min_exchange_duration": "working days",
    "max_exchange_duration": "months",
    "lump_sum_halved_below_duration": "working days",
    "lump_sum_halved_below_distance": "km",
    "lump_sum_eur": "EUR",
    "travel_grant_eur": "EUR",
    "third_country_residence": "days",
    "sme_budget_share": "%",
    "max_grant_eur": "EUR",
    "lump_sum_recipient": "recipient",
}
PERIOD_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$"

TABLE = Table(
    name="claims",
    title="Claims",
    description="Figures stated by sources (counts, budgets, rules), each with the source and, where we hold the "
    "document, the exact quote and where it stands in the document's normalised text.",
    fields=(
        Field(
            "claim_id",
            STRING,
            "Claim id",
            "Stable identifier: a hash of the source, programme, generation, metric, dimension and period.",
            required=True,
            unique=True,
            pattern=r"^c-[0-9a-f]{12}$",
            derived=True,
        ),
        source_id,
        source_url,
        Field("quote", STRING, "Quote", "The source's words, exactly; required for documents we hold."),
        Field(
            "quote_start",
            INTEGER,
            "Quote start",
            "Offset of the quote's first character in the document's normalised text.",
            minimum=0,
            derived=True,
        ),
        Field(
            "quote_end", INTEGER, "Quote end", "Offset just after the quote's last character.", minimum=1, derived=True
        ),
        Field(
            "verified",
            BOOLEAN,
            "Verified",
            "True where the pipeline found the quote in the document and the value in the quote; false for sources "
            "we do not hold a copy of.",
            required=True,
            derived=True,
        ),
        programme_id.but(required=False, description="Programme the figure is about (see the programmes table)."),
        generation.but(
            description="Generation or wave the figure is about, in the partnerships table's words; empty for the "
            "whole programme."
        ),
        generation_id,
        Field("metric", STRING, "Metric", "What is counted or measured.", required=True, enum=tuple(METRICS)),
        Field(
            "dimension", STRING, "Dimension", "What the metric is broken down by, where it is (e.g. a target country)."
        ),
        Field("value", DECIMAL, "Value", "The figure as stated; empty for a claim that is not a number.", minimum=0),
        Field(
            "value_text",
            STRING,
            "Value (text)",
            "What the source states where it is not a number (who receives a lump sum, say), in English.",
        ),
        Field("unit", STRING, "Unit", "Unit of the value; follows from the metric.", required=True, derived=True),
        Field(
            "qualifier",
            STRING,
            "Qualifier",
            "How the source states the value: exact, approximately, at_least, more_than or up_to.",
            required=True,
            enum=QUALIFIERS,
        ),
        Field(
            "period",
            STRING,
            "Period",
            "Date or period the figure refers to, ISO 8601 with reduced precision: 2021-06-09, 2018-02, 2016/2017.",
            pattern=PERIOD_PATTERN,
        ),
        Field("period_start", DATE, "Period start", "First day of the period.", derived=True),
        Field("period_end", DATE, "Period end", "Last day of the period.", derived=True),
        notes,
    ),
    primary_key=("claim_id",),
    register=Register("registers/claims.csv"),
    foreign_keys=(
        ForeignKey(("source_id",), "sources", ("source_id",)),
        ForeignKey(("programme_id",), "programmes", ("programme_id",)),
        ForeignKey(("generation_id",), "generations", ("generation_id",)),
    ),
    rules=(
        Rule(
            "a_number_or_a_text",
            "(value IS NULL) <> (value_text IS NULL)",
            "A claim states a number or, where it is not one, a text: one of the two.",
            ("value", "value_text"),
        ),
        Rule(
            "offsets_ordered",
            "quote_end > quote_start",
            "The quote ends after it starts.",
            ("quote_start", "quote_end"),
        ),
        Rule(
            "period_ordered",
            "period_end >= period_start",
            "The period ends after it starts.",
            ("period_start", "period_end"),
        ),
        Rule(
            "verified_has_offsets",
            "NOT verified OR (quote_start IS NOT NULL AND quote_end IS NOT NULL)",
            "A verified claim says where its quote stands.",
            ("verified", "quote_start"),
        ),
    ),
)
