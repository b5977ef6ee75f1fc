"""ClusterXchange exchanges, with the headers and words data holders use, in six languages."""

from schemas.fields import (
    country,
    date_precision,
    further_source_urls,
    notes,
    partnership_id,
    precision_given_with,
    source_id,
    source_url,
)
from schemas.kinds import BOOLEAN, DATE, INTEGER, MONEY, STRING
from schemas.model import Field, ForeignKey, Register, Rule, Table
from schemas.words import LANGUAGES  # noqa: F401 (the languages of the headers, declared with their words)

MODES = ("physical", "virtual", "hybrid")
MODE_WORDS = {
    "en": {"in person": "physical", "on site": "physical", "onsite": "physical", "online": "virtual",
           "blended": "hybrid"},
    "fr": {"présentiel": "physical", "en présentiel": "physical", "physique": "physical", "virtuel": "virtual",
           "en ligne": "virtual", "hybride": "hybrid"},
    "de": {"präsenz": "physical", "vor ort": "physical", "physisch": "physical", "virtuell": "virtual",
           "online": "virtual", "hybrid": "hybrid"},
    "es": {"presencial": "physical", "virtual": "virtual", "en línea": "virtual", "híbrido": "hybrid",
           "hibrido": "hybrid"},
    "it": {"in presenza": "physical", "fisico": "physical", "virtuale": "virtual", "online": "virtual",
           "ibrido": "hybrid"},
    "fi": {"lähi": "physical", "fyysinen": "physical", "paikan päällä": "physical", "virtuaalinen": "virtual",
           "etä": "virtual", "verkossa": "virtual", "hybridi": "hybrid"},
}  # fmt: skip


_NOTES_ALIASES = {
    "en": ("notes", "comments", "remarks"),
    "fr": ("remarques", "commentaires"),
    "de": ("anmerkungen", "bemerkungen"),
    "es": ("notas", "observaciones"),
    "it": ("note", "osservazioni"),
    "fi": ("huomautukset", "lisätiedot"),
}


def _cosme(field: str) -> ForeignKey:
    return ForeignKey(
        (field,), "cosme_countries", ("country",), rule="cosme_country", meaning="a COSME participating country"
    )


# Rules on a length hold only between dates stated to the day; a month or year says too little to check them.
_DAYS = "(start_date_precision = 'day' AND end_date_precision = 'day')"

TABLE = Table(
    name="exchanges",
    title="ClusterXchange exchanges",
    description="Individual exchanges, one row each: those a data holder's register (a partnership's or the "
    "agency's) records, and those a public page reports, naming at least the visiting organisation (reported = "
    "true, each with the page that states it). No public register of exchanges exists, so today every row is a "
    "reported one; what a page does not state (a date, the duration, a country, the mode) stays empty.",
    fields=(
        Field(
            "exchange_id",
            STRING,
            "Exchange id",
            "The register's own reference where it has one; otherwise 'x-' and a hash of the partnership, "
            "visiting organisation, host organisation and start date (each empty where not stated).",
            required=True,
            unique=True,
            case_insensitive=True,
            aliases={
                "en": ("exchange id", "id", "exchange number", "exchange reference", "reference"),
                "fr": ("identifiant", "id échange", "numéro d'échange", "référence"),
                "de": ("austausch-id", "kennung", "referenz"),
                "es": ("id intercambio", "identificador", "referencia"),
                "it": ("id scambio", "identificativo", "riferimento"),
                "fi": ("vaihdon tunnus", "tunnus", "viite"),
            },
        ),
        partnership_id.but(
            parse="slug",
            required=False,
            description="The partnership that supports the exchange (the visiting organisation's), as its id; empty "
            "where the page names a project that is not in the partnerships register (see notes).",
            aliases={
                "en": ("partnership", "supporting partnership", "visitor partnership", "vop"),
                "fr": ("partenariat", "partenariat du visiteur"),
                "de": ("partnerschaft",),
                "es": ("asociación", "partenariado"),
                "it": ("partenariato",),
                "fi": ("kumppanuus",),
            },
        ),
        Field(
            "visiting_organisation",
            STRING,
            "Visiting organisation",
            "The organisation that travels (or connects) and receives the lump sum. It takes part once.",
            required=True,
            unique=True,
            case_insensitive=True,
            aliases={
                "en": ("visiting organisation", "visiting organization", "visitor", "vo"),
                "fr": ("organisation visiteuse", "organisme visiteur", "visiteur"),
                "de": ("besuchende organisation", "entsendende organisation", "besucher"),
                "es": ("organización visitante", "visitante"),
                "it": ("organizzazione in visita", "organizzazione visitatrice", "visitatore"),
                "fi": ("vieraileva organisaatio", "lähettävä organisaatio", "vierailija"),
            },
        ),
        country.but(
            name="visiting_country",
            parse="country_or_name",
            title="Visiting country",
            description="Country where the visiting organisation is registered (ISO 3166-1 alpha-2), where stated.",
            aliases={
                "en": ("visiting country", "visitor country", "vo country"),
                "fr": ("pays visiteur", "pays du visiteur"),
                "de": ("land der besuchenden organisation", "herkunftsland"),
                "es": ("país visitante", "país de la organización visitante"),
                "it": ("paese del visitatore", "paese visitatore"),
                "fi": ("vierailijan maa", "lähtömaa"),
            },
        ),
        Field(
            "host_organisation",
            STRING,
            "Host organisation",
            "The organisation that receives the visitor, where stated.",
            aliases={
                "en": ("host organisation", "host organization", "host", "ho"),
                "fr": ("organisation d'accueil", "organisme d'accueil", "hôte"),
                "de": ("gastgebende organisation", "gastgeber", "aufnehmende organisation"),
                "es": ("organización de acogida", "organización anfitriona", "anfitrión"),
                "it": ("organizzazione ospitante", "ospitante"),
                "fi": ("vastaanottava organisaatio", "isäntäorganisaatio", "isäntä"),
            },
        ),
        country.but(
            name="host_country",
            parse="country_or_name",
            title="Host country",
            description="Country where the host organisation is registered (ISO 3166-1 alpha-2), where stated.",
            aliases={
                "en": ("host country", "ho country"),
                "fr": ("pays d'accueil", "pays hôte"),
                "de": ("gastland", "land des gastgebers"),
                "es": ("país de acogida", "país anfitrión"),
                "it": ("paese ospitante",),
                "fi": ("vastaanottava maa", "isäntämaa", "kohdemaa"),
            },
        ),
        Field(
            "start_date",
            DATE,
            "Start",
            "First day of the exchange, or of the month or year stated (see start_date_precision).",
            parse="any_partial_date",
            aliases={
                "en": ("start date", "start", "from"),
                "fr": ("date de début", "début"),
                "de": ("startdatum", "beginn", "anfangsdatum"),
                "es": ("fecha de inicio", "inicio"),
                "it": ("data di inizio", "inizio"),
                "fi": ("alkupäivä", "alkamispäivä", "alku"),
            },
        ),
        date_precision("start_date").but(raw=None, parse=None, derived=True),
        Field(
            "end_date",
            DATE,
            "End",
            "Last day of the exchange, or of the month or year stated (see end_date_precision).",
            parse="any_partial_date_end",
            aliases={
                "en": ("end date", "end", "to"),
                "fr": ("date de fin", "fin"),
                "de": ("enddatum", "ende"),
                "es": ("fecha de fin", "fecha de finalización"),
                "it": ("data di fine", "fine"),
                "fi": ("loppupäivä", "päättymispäivä", "loppu"),
            },
        ),
        date_precision("end_date", end=True).but(raw=None, parse=None, derived=True),
        Field(
            "working_days",
            INTEGER,
            "Working days",
            "Working days of the exchange, travel excluded, as the register states; where a data holder's register "
            "does not, the weekdays from start to end (public holidays are not known). Empty for a reported exchange "
            "whose page states no duration.",
            aliases={
                "en": ("working days", "duration (working days)", "days"),
                "fr": ("jours ouvrés", "jours ouvrables", "durée (jours ouvrés)"),
                "de": ("arbeitstage", "werktage"),
                "es": ("días laborables", "días hábiles"),
                "it": ("giorni lavorativi",),
                "fi": ("työpäivät", "työpäiviä"),
            },
        ),
        Field(
            "mode",
            STRING,
            "Mode",
            "How the exchange took place: physical, virtual or hybrid, where stated.",
            enum=MODES,
            parse="choice",
            aliases={
                "en": ("mode", "format", "type of exchange"),
                "fr": ("modalité", "type d'échange"),
                "de": ("modus", "art des austauschs"),
                "es": ("modalidad", "formato"),
                "it": ("modalità",),
                "fi": ("toteutustapa", "muoto"),
            },
            value_aliases=MODE_WORDS,
        ),
        Field(
            "group_size",
            INTEGER,
            "Group size",
            "People who took part for the visiting organisation (1 for an individual exchange).",
            minimum=1,
            aliases={
                "en": ("group size", "participants", "number of participants"),
                "fr": ("taille du groupe", "nombre de participants"),
                "de": ("gruppengröße", "teilnehmerzahl"),
                "es": ("tamaño del grupo", "número de participantes"),
                "it": ("dimensione del gruppo", "numero di partecipanti"),
                "fi": ("ryhmän koko", "osallistujamäärä"),
            },
        ),
        Field(
            "lump_sum_eur",
            MONEY,
            "Lump sum (EUR)",
            "Lump sum paid to the visiting organisation, in euros (halved for stays under 5 working days or "
            "distances under 200 km).",
            minimum=0,
            aliases={
                "en": ("lump sum", "lump sum (eur)", "amount (eur)"),
                "fr": ("montant forfaitaire", "forfait", "somme forfaitaire"),
                "de": ("pauschale", "pauschalbetrag"),
                "es": ("suma global", "importe a tanto alzado"),
                "it": ("somma forfettaria", "importo forfettario"),
                "fi": ("kertakorvaus", "kertakorvaus (eur)"),
            },
        ),
        Field(
            "quote",
            STRING,
            "Quote",
            "The page's words that state the exchange, for a reported one ('...' marks words left out; names of "
            "persons are left out).",
            aliases={
                "en": ("quote",),
                "fr": ("citation",),
                "de": ("zitat",),
                "es": ("cita",),
                "it": ("citazione",),
                "fi": ("lainaus",),
            },
        ),
        notes.but(
            description="What the register or page says besides.",
            aliases=_NOTES_ALIASES,
        ),
        source_id.but(
            description="The page that states the exchange where the row names one (a reported exchange); otherwise "
            "the register it was read from, as listed in the sources table.",
            raw=None,
            aliases={
                "en": ("source", "source url", "page"),
                "fr": ("source", "page"),
                "de": ("quelle",),
                "es": ("fuente",),
                "it": ("fonte",),
                "fi": ("lähde",),
            },
        ),
        source_url,
        further_source_urls.but(
            raw=None,
            aliases={
                "en": ("further sources",),
                "fr": ("autres sources",),
                "de": ("weitere quellen",),
                "es": ("otras fuentes",),
                "it": ("altre fonti",),
                "fi": ("muut lähteet",),
            },
        ),
        Field(
            "reported",
            BOOLEAN,
            "Reported",
            "True where a public page reports the exchange (the row names the page): nothing it does not state is "
            "derived. False where a data holder's register records it.",
            required=True,
            derived=True,
        ),
    ),
    primary_key=("exchange_id",),
    # Derived where a register leaves them out: the id from the exchange's facts, working days as weekdays.
    register=Register(
        "exchanges",
        holders=True,
        optional=("exchange_id", "working_days", "source_id"),
        identifying=("visiting_organisation", "host_organisation"),
    ),
    foreign_keys=(
        ForeignKey(("partnership_id",), "exchange_partnerships", ("partnership_id",)),
        _cosme("visiting_country"),
        _cosme("host_country"),
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
            "at_least_3_working_days",
            "working_days >= 3",
            "An exchange lasts at least 3 working days, travel excluded.",
            ("working_days",),
        ),
        Rule(
            "at_most_1_month",
            f"NOT {_DAYS} OR end_date <= start_date + INTERVAL '1 month'",
            "An exchange lasts at most one month.",
            ("start_date", "end_date"),
        ),
        Rule(
            "spans_at_least_3_days",
            f"NOT {_DAYS} OR end_date >= start_date + INTERVAL '2 days'",
            "An exchange stated from one day to another spans at least 3 days (3 working days, travel excluded).",
            ("start_date", "end_date"),
        ),
    ),
)
