"""Calls for proposals and Horizon 2020 topics, curated in a workbook (the spreadsheet path runs in every build)."""

from schemas.fields import call_id, programme_id, qualified, qualifier, sourced
from schemas.kinds import BOOLEAN, DATE, INTEGER, MONEY, NUMBER, STRING, STRING_LIST
from schemas.model import Field, ForeignKey, Register, Rule, Table

TABLE = Table(
    name="calls",
    title="Calls for proposals",
    description="Calls for proposals and Horizon 2020 topics that funded the partnerships, with their dates and money.",
    fields=(
        call_id.but(
            required=True,
            unique=True,
            case_insensitive=True,
            description="The Commission's identifier of the call or topic; where no source gives one, the "
            "programme and the deadline (official_id is then false).",
        ),
        Field(
            "official_id",
            BOOLEAN,
            "Official id",
            "Whether call_id is the Commission's own identifier.",
            required=True,
            states="key",
        ),
        Field("alternative_ids", STRING_LIST, "Alternative ids", "Other spellings of the identifier found in sources."),
        programme_id,
        Field("title", STRING, "Title", "Title of the call or topic.", required=True),
        Field("opening_date", DATE, "Opening date", "When the call opened or was published."),
        Field("deadline_date", DATE, "Deadline", "Deadline for proposals; for two-stage calls, the first stage's."),
        Field(
            "second_stage_deadline_date",
            DATE,
            "Second-stage deadline",
            "Deadline of the second stage, for two-stage calls.",
        ),
        Field("budget_eur", MONEY, "Budget (EUR)", "Total budget of the call in euros.", minimum=0),
        Field(
            "min_grant_eur",
            MONEY,
            "Minimum grant (EUR)",
            "Smallest grant the call foresees for one project, where it states a range (EUR 2.5 to 5 million, say).",
            minimum=0,
        ),
        Field(
            "max_grant_eur", MONEY, "Maximum grant (EUR)", "Largest grant one project may receive, in euros.", minimum=0
        ),
        qualifier("max_grant_eur"),
        Field(
            "expected_funded", INTEGER, "Expected projects", "Number of projects the call expected to fund.", minimum=0
        ),
        qualifier("expected_funded"),
        Field(
            "funding_rate_pct",
            NUMBER,
            "Funding rate (%)",
            "Share of eligible costs the EU pays, in percent (a maximum where the call says 'up to').",
            minimum=0,
            maximum=100,
            states="percent",
        ),
        *sourced(),
    ),
    primary_key=("call_id",),
    register=Register("spreadsheets/calls.xlsx", sheet="calls"),
    foreign_keys=(
        ForeignKey(("programme_id",), "programmes", ("programme_id",)),
        ForeignKey(("source_id",), "sources", ("source_id",)),
    ),
    rules=(
        Rule(
            "deadline_after_opening",
            "deadline_date >= opening_date",
            "The deadline is not before the opening.",
            ("opening_date", "deadline_date"),
        ),
        Rule(
            "stages_ordered",
            "second_stage_deadline_date > deadline_date",
            "The second stage closes after the first.",
            ("deadline_date", "second_stage_deadline_date"),
        ),
        qualified("max_grant_eur"),
        qualified("expected_funded"),
        Rule(
            "grant_range_ordered",
            "min_grant_eur <= max_grant_eur",
            "The smallest grant is not above the largest.",
            ("min_grant_eur", "max_grant_eur"),
        ),
        Rule(
            "grant_within_budget",
            "max_grant_eur <= budget_eur",
            "No single grant exceeds the call's budget.",
            ("max_grant_eur", "budget_eur"),
        ),
    ),
)
