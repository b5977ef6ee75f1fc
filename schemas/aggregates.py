"""Aggregate tables computed by DuckDB from the core tables (pipelines/sql/<name>.sql)."""

from dataclasses import replace

from schemas.claims import METRICS, QUALIFIERS
from schemas.claims import TABLE as CLAIMS
from schemas.fields import (
    DECIMAL,
    INTEGER,
    NUMBER,
    STRING,
    STRING_LIST,
    URL,
    count,
    country,
    generation,
    partnership_id,
    programme_id,
)
from schemas.model import Field, ForeignKey, Table

PARTNERSHIPS_BY_PROGRAMME = Table(
    name="partnerships_by_programme",
    title="Partnerships per programme and generation",
    description="How many partnerships our registers name per programme and generation, and how many "
    "member organisations they name. Registers are partial: compare with the totals sources state.",
    fields=(
        programme_id,
        generation.but(description="Generation or wave; 'not stated' where no source gives it.", required=True),
        count("partnerships", "Partnerships", "Partnerships named.", minimum=1),
        count("partnerships_with_members", "With members named", "Partnerships at least one of whose members is named."),
        count("organisations", "Organisations", "Distinct member organisations named."),
        count("countries", "Countries", "Distinct countries of those organisations."),
    ),
    primary_key=("programme_id", "generation"),
    foreign_keys=(ForeignKey(("programme_id",), "programmes", ("programme_id",)),),
    provenance=False,
)

MEMBERS_BY_COUNTRY = Table(
    name="members_by_country",
    title="Member organisations per country and programme",
    description="Distinct member organisations and memberships per country and programme. Organisations "
    "whose country no source states are not counted here.",
    fields=(
        programme_id,
        country.but(required=True),
        count("organisations", "Organisations", "Distinct organisations from the country.", minimum=1),
        count("memberships", "Memberships", "Partnership memberships of those organisations (an organisation in two partnerships counts twice).", minimum=1),
        count("partnerships", "Partnerships", "Distinct partnerships they are members of.", minimum=1),
    ),
    primary_key=("programme_id", "country"),
    foreign_keys=(ForeignKey(("programme_id",), "programmes", ("programme_id",)),),
    provenance=False,
)

COUNTRY_PAIRS = Table(
    name="country_pairs",
    title="Country co-participation",
    description="Pairs of countries whose organisations are members of the same partnership, and how "
    "often, over all programmes. Each pair is listed once, the codes in alphabetical order.",
    fields=(
        country.but(name="country_a", title="Country A", required=True, description="The alphabetically first country."),
        country.but(name="country_b", title="Country B", required=True, description="The alphabetically second country."),
        count("partnerships", "Partnerships", "Partnerships with members from both countries.", minimum=1),
        Field(
            "partnership_ids",
            STRING_LIST,
            "Partnership ids",
            "Those partnerships, in alphabetical order.",
            required=True,
        ),
    ),
    primary_key=("country_a", "country_b"),
    provenance=False,
)


def _pair(field: Field, side: str) -> Field:
    return field.but(name=f"{field.name}_{side}", title=f"{field.title} ({side.upper()})", description=f"{field.description} Claim {side.upper()}.")


_CLAIM_SIDE = (
    Field("claim_id", STRING, "Claim", "Identifier of the claim.", required=True),
    Field("source_id", STRING, "Source", "Source of the claim.", required=True),
    Field("source_url", URL, "Source address", "Address of that source."),
    Field("value", DECIMAL, "Value", "Value stated.", required=True),
    Field("qualifier", STRING, "Qualifier", "How the value is stated.", required=True, enum=QUALIFIERS),
    Field("period", STRING, "Period", "Period the value refers to."),
    Field("quote", STRING, "Quote", "The source's words."),
)

CLAIM_CONFLICTS = Table(
    name="claim_conflicts",
    title="Conflicting claims",
    description="Pairs of claims in which two sources state different values for the same programme, generation, "
    "metric and dimension over the same or overlapping periods. Each pair appears once; neither side is "
    "taken to be right.",
    fields=(
        programme_id.but(required=False),
        generation.but(description="Generation or wave both claims are about; empty for the whole programme."),
        Field("metric", STRING, "Metric", "What both claims count or measure.", required=True, enum=tuple(METRICS)),
        Field("dimension", STRING, "Dimension", "Breakdown both claims share, where any."),
        *(_pair(f, "a") for f in _CLAIM_SIDE),
        *(_pair(f, "b") for f in _CLAIM_SIDE),
        Field("difference", DECIMAL, "Difference", "value_b minus value_a.", required=True),
    ),
    primary_key=("claim_id_a", "claim_id_b"),
    foreign_keys=(
        ForeignKey(("claim_id_a",), "claims", ("claim_id",)),
        ForeignKey(("claim_id_b",), "claims", ("claim_id",)),
    ),
    provenance=False,
)

COVERAGE_METRICS = ("partnerships", "cluster_organisations", "partners", "countries", "exchanges", "virtual_exchanges")

COVERAGE = Table(
    name="coverage",
    title="Coverage of the registers",
    description="Per programme and generation, the totals sources state beside what our registers contain: "
    "partnerships named, member organisations named (for both cluster_organisations and partners, which the "
    "registers do not tell apart), their countries, and ClusterXchange exchanges registered (all, and virtual). "
    "Every programme has at least its partnerships row.",
    fields=(
        programme_id,
        generation.but(description="Generation or wave, or 'all generations' for the whole programme.", required=True),
        Field("metric", STRING, "Metric", "What is counted.", required=True, enum=COVERAGE_METRICS),
        Field("stated_min", DECIMAL, "Stated (lowest)", "Lowest value sources state; empty where none does.", minimum=0),
        Field("stated_max", DECIMAL, "Stated (highest)", "Highest value sources state; differs from stated_min where sources disagree.", minimum=0),
        count("stated_claims", "Claims", "Number of claims stating a value."),
        Field("claim_ids", STRING_LIST, "Claim ids", "Those claims."),
        count("registered", "Registered", "How many our registers contain."),
        Field(
            "ratio",
            NUMBER,
            "Ratio",
            "registered / stated_max, to 3 decimals: the share of the stated total our registers name.",
            minimum=0,
        ),
    ),
    primary_key=("programme_id", "generation", "metric"),
    foreign_keys=(ForeignKey(("programme_id",), "programmes", ("programme_id",)),),
    provenance=False,
)


# ---------------------------------------------------------------- ClusterXchange

PROGRAMME_FIGURES = replace(
    CLAIMS,
    name="programme_figures",
    title="ClusterXchange programme figures",
    description="What sources state about ClusterXchange as a whole: its rules (duration, lump sums, who may "
    "take part) and its counts of exchanges, each with its source. A subset of the partnerships package's claims.",
)

_exchanges = count("exchanges", "Exchanges", "Exchanges counted.")
_working_days = count("working_days", "Working days", "Working days of those exchanges, added up.")

EXCHANGES_BY_YEAR_MODE = Table(
    name="exchanges_by_year_mode",
    title="Exchanges per year and mode",
    description="Exchanges per year of their start and mode, with their working days and participants.",
    fields=(
        Field("year", INTEGER, "Year", "Year the exchanges started.", required=True),
        Field("mode", STRING, "Mode", "physical, virtual or hybrid.", required=True),
        _exchanges,
        _working_days,
        count("participants", "Participants", "People who took part (group sizes added up; 1 where not given)."),
    ),
    primary_key=("year", "mode"),
    provenance=False,
)

EXCHANGE_FLOWS = Table(
    name="exchange_flows",
    title="Country-to-country exchange flows",
    description="Exchanges from the visiting organisation's country to the host's.",
    fields=(
        country.but(name="visiting_country", title="Visiting country", required=True, description="Country of the visiting organisations."),
        country.but(name="host_country", title="Host country", required=True, description="Country of the hosts."),
        _exchanges,
        _working_days,
    ),
    primary_key=("visiting_country", "host_country"),
    provenance=False,
)

EXCHANGE_DURATIONS = Table(
    name="exchange_durations",
    title="Distribution of exchange durations",
    description="Exchanges by length in working days, in fixed bands (the lump sum is halved below 5 working "
    "days). Every band is listed, with 0 where no exchange falls in it.",
    fields=(
        Field("band", STRING, "Band", "Length band, e.g. '5-9 working days'.", required=True, unique=True),
        count("min_working_days", "From", "Shortest length in the band.", minimum=3),
        Field("max_working_days", INTEGER, "To", "Longest length in the band; empty for the open last band.", minimum=3),
        _exchanges,
    ),
    primary_key=("min_working_days",),
    provenance=False,
)

EXCHANGES_BY_PARTNERSHIP = Table(
    name="exchanges_by_partnership",
    title="Exchanges per partnership",
    description="For every partnership known to run ClusterXchange: exchanges registered, distinct visiting "
    "and host countries, and lump sums paid, beside the exchanges it planned.",
    fields=(
        partnership_id,
        Field("planned_exchanges", INTEGER, "Planned", "Exchanges the partnership planned, where stated.", minimum=0),
        _exchanges,
        count("visiting_countries", "Visiting countries", "Distinct countries of its visitors."),
        count("host_countries", "Host countries", "Distinct countries of their hosts."),
        Field("lump_sum_eur", DECIMAL, "Lump sums (EUR)", "Lump sums paid, added up; 0 where none is registered.", required=True, minimum=0),
    ),
    primary_key=("partnership_id",),
    foreign_keys=(ForeignKey(("partnership_id",), "exchange_partnerships", ("partnership_id",)),),
    provenance=False,
)

EXCHANGE_LUMP_SUMS = Table(
    name="exchange_lump_sums",
    title="Lump-sum totals per year",
    description="Lump sums paid to visiting organisations per year of the exchange's start.",
    fields=(
        Field("year", INTEGER, "Year", "Year the exchanges started.", required=True),
        _exchanges,
        count("with_lump_sum", "With a lump sum", "Exchanges whose lump sum the register gives."),
        Field("lump_sum_eur", DECIMAL, "Total (EUR)", "Lump sums added up.", required=True, minimum=0),
        Field("mean_lump_sum_eur", DECIMAL, "Mean (EUR)", "Average lump sum of the exchanges that have one.", minimum=0),
    ),
    primary_key=("year",),
    provenance=False,
)
