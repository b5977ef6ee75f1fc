"""ClusterXchange exchanges, with the headers and words data holders use, in six languages."""

from schemas.fields import country, notes, partnership_id, source_id
from schemas.kinds import DATE, INTEGER, MONEY, STRING
from schemas.model import Field, ForeignKey, Register, Rule, Table

LANGUAGES = ("en", "fr", "de", "es", "it", "fi")
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


def _cosme(field: str) -> ForeignKey:
    return ForeignKey(
        (field,), "cosme_countries", ("country",), rule="cosme_country", meaning="a COSME participating country"
    )


TABLE = Table(
    name="exchanges",
    title="ClusterXchange exchanges",
    description="Individual exchanges, one row each, as the partnerships and the agency record them. No public "
    "register of exchanges exists: the table holds only exchanges a sourced register states, and is empty "
    "(with its full schema) until one is published.",
    fields=(
        Field(
            "exchange_id",
            STRING,
            "Exchange id",
            "The register's own reference where it has one; otherwise 'x-' and a hash of the partnership, "
            "visiting organisation, host organisation and start date.",
            required=True,
            unique=True,
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
            description="The partnership that supports the exchange (the visiting organisation's), as its id.",
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
            required=True,
            description="Country where the visiting organisation is registered (ISO 3166-1 alpha-2).",
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
            "The organisation that receives the visitor.",
            required=True,
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
            required=True,
            description="Country where the host organisation is registered (ISO 3166-1 alpha-2).",
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
            "First day of the exchange.",
            required=True,
            parse="any_date",
            aliases={
                "en": ("start date", "start", "from"),
                "fr": ("date de début", "début"),
                "de": ("startdatum", "beginn", "anfangsdatum"),
                "es": ("fecha de inicio", "inicio"),
                "it": ("data di inizio", "inizio"),
                "fi": ("alkupäivä", "alkamispäivä", "alku"),
            },
        ),
        Field(
            "end_date",
            DATE,
            "End",
            "Last day of the exchange.",
            required=True,
            parse="any_date",
            aliases={
                "en": ("end date", "end", "to"),
                "fr": ("date de fin", "fin"),
                "de": ("enddatum", "ende"),
                "es": ("fecha de fin", "fecha de finalización"),
                "it": ("data di fine", "fine"),
                "fi": ("loppupäivä", "päättymispäivä", "loppu"),
            },
        ),
        Field(
            "working_days",
            INTEGER,
            "Working days",
            "Working days of the exchange, travel excluded, as the register states; where it does not, the "
            "weekdays from start to end (public holidays are not known).",
            required=True,
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
            "How the exchange took place: physical, virtual or hybrid.",
            required=True,
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
        notes.but(
            description="What the register says besides.",
            aliases={
                "en": ("notes", "comments", "remarks"),
                "fr": ("remarques", "commentaires"),
                "de": ("anmerkungen", "bemerkungen"),
                "es": ("notas", "observaciones"),
                "it": ("note", "osservazioni"),
                "fi": ("huomautukset", "lisätiedot"),
            },
        ),
        source_id.but(
            description="The register the exchange was read from, as listed in the sources table.",
            raw=None,
            parse=None,
            derived=True,
        ),
    ),
    primary_key=("exchange_id",),
    # Derived where a register leaves them out: the id from the exchange's facts, working days as weekdays.
    register=Register("exchanges", holders=True, optional=("exchange_id", "working_days")),
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
        Rule(
            "at_least_3_working_days",
            "working_days >= 3",
            "An exchange lasts at least 3 working days, travel excluded.",
            ("working_days",),
        ),
        Rule(
            "at_most_1_month",
            "end_date <= start_date + INTERVAL '1 month'",
            "An exchange lasts at most one month.",
            ("start_date", "end_date"),
        ),
    ),
)
