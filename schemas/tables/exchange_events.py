"""ClusterXchange events that pages list without visitor and host pairs, one row at the level a page states."""

from schemas.fields import (
    country,
    date_precision,
    notes,
    partnership_id,
    precision_given_with,
    sourced,
)
from schemas.kinds import DATE, INTEGER, STRING, STRING_LIST
from schemas.model import Field, ForeignKey, Register, Rule, Table
from schemas.tables.exchanges import MODES

STATUSES = ("took place", "announced")
VISITOR_UNITS = ("organisations", "participants", "exchanges")

TABLE = Table(
    name="exchange_events",
    title="ClusterXchange exchange events",
    description="Exchange events (group visits, missions, online sessions) that public pages report without "
    "naming each visiting and host organisation, one row per event as the page states it, with its count of "
    "visitors where stated. They are not split into invented individual exchanges: an event's named visitors, "
    "where a page names them, are rows of exchanges.",
    fields=(
        Field(
            "event_id",
            STRING,
            "Event id",
            "'e-' and a hash of the partnership, the event's name and its start date (each empty where not stated).",
            required=True,
            unique=True,
            pattern=r"^e-[0-9a-f]{12}$",
            derived=True,
        ),
        partnership_id.but(
            required=False,
            raw="partnership",
            parse="slug",
            states="partnership",
            description="The partnership that ran the event, as its id; empty where the page names a project that is "
            "not in the partnerships register or does not say the event ran under it (see notes).",
        ),
        Field("event", STRING, "Event", "The event as the page names or describes it.", required=True),
        Field(
            "host_organisations",
            STRING_LIST,
            "Host organisations",
            "Organisations the page says hosted or organised the event; empty where it names none.",
            raw="host_organisation",
        ),
        country.but(
            name="host_country",
            title="Host country",
            description="Country of the host or where the event took place, as the page states it (ISO 3166-1 "
            "alpha-2).",
        ),
        Field(
            "start_date",
            DATE,
            "Start",
            "First day of the event, or of the month or year stated (see start_date_precision).",
            parse="partial_date",
        ),
        date_precision("start_date"),
        Field(
            "end_date",
            DATE,
            "End",
            "Last day of the event, or of the month or year stated (see end_date_precision).",
            parse="partial_date_end",
        ),
        date_precision("end_date", end=True),
        Field(
            "visitors",
            INTEGER,
            "Visitors",
            "How many took part as visitors, in the unit the page counts them (visitors_unit), where it states it.",
            minimum=1,
        ),
        Field(
            "visitors_unit",
            STRING,
            "Visitors counted as",
            "What visitors counts: organisations, participants (people) or exchanges, as the page counts them.",
            enum=VISITOR_UNITS,
            states="choice",
        ),
        Field(
            "mode", STRING, "Mode", "physical, virtual or hybrid, where the page says so.", enum=MODES, states="choice"
        ),
        Field(
            "status",
            STRING,
            "Status",
            "'took place' where the page reports the event as held, 'announced' where it only announces it.",
            required=True,
            enum=STATUSES,
            states="choice",
        ),
        Field("quote", STRING, "Quote", "The page's words that state the event ('...' marks words left out)."),
        *sourced(notes_field=notes),
    ),
    primary_key=("event_id",),
    register=Register("registers/exchange_events.csv"),
    foreign_keys=(
        ForeignKey(("partnership_id",), "exchange_partnerships", ("partnership_id",)),
        ForeignKey(
            ("host_country",),
            "cosme_countries",
            ("country",),
            rule="cosme_country",
            meaning="a COSME participating country",
        ),
        ForeignKey(("source_id",), "sources", ("source_id",)),
    ),
    rules=(
        Rule(
            "end_not_before_start",
            "end_date >= start_date",
            "The end is not before the start.",
            ("start_date", "end_date"),
        ),
        precision_given_with("start_date"),
        precision_given_with("end_date"),
        Rule(
            "visitors_with_unit",
            "(visitors IS NULL) = (visitors_unit IS NULL)",
            "A count of visitors says what it counts.",
            ("visitors", "visitors_unit"),
        ),
    ),
)
