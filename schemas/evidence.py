"""The words evidence is read with: which matcher checks each kind of value, the inferences allowed, and
the spellings sources use for dates, numbers, programmes, roles and choices, in the sources' languages.

A field's definition names its matcher (`Field.states`, by default from its parser); a table definition
naming a matcher that is not listed here is refused when built. `pipelines.core.matchers` implements
each matcher with these words; nothing about languages is written there.
"""

from __future__ import annotations

import csv
from pathlib import Path

# Matcher → what it accepts as stating a value. Every non-derived field of a traced table has one.
MATCHERS: dict[str, str] = {
    "name": "the value, after folding case, accents, quotes, dashes and spaces, inside the quote (a list item by "
    "item; a parenthesised part of a name as a part of its own)",
    "amount": "an amount in euros as written: €4,115,121, EUR 4.1 million, 4 115 121 euros, 5,79 M€",
    "count": "the number as a word or digits of its own: 24 is not stated by 2024",
    "year": "the year as four digits of their own, alone or in a date",
    "percent": "the number followed by %, per cent or its word in the sources' languages",
    "duration": "a number of months or years (24-month, two years, 18 kuukautta), in months",
    "date": "a date, a month or a year, written out or day first (28.2.2022, February 28, 2022, helmikuussa 2022); "
    "a month or a year is stated by any day in it",
    "country": "the country's name or adjective in the sources' languages, or its code in brackets: (DE)",
    "role": "a word for the role (coordinator, coordinated by, chef de file, capofila, …) and the member's name",
    "programme": "a name or id of the programme (its aliases below)",
    "generation": "a name of the generation (its aliases below)",
    "call": "the call's id or one of its other ids",
    "choice": "a word for the allowed value (its words below)",
    "qualifier": "a word for the qualifier (up to, at least, …); 'exact' where the quote has none of them",
    "key": "the row's own id, as the quote writes it (a call id a Commission page writes is its official id)",
}

# Inferences a piece of evidence may declare (`basis` 'inferred:<rule>'): a closed list. Being listed first
# is not being coordinator, a web domain is not a country, an id seen on another page is not stated here.
INFERENCES: dict[str, str] = {
    "country-from-place": "an organisation's country from the city or region the quote names (the place is "
    "written in the evidence's notes as 'place: <name>' and listed in schemas/places.csv)",
    "programme-from-call": "a programme from the call the quote names (the calls table ties each call to its "
    "programme)",
    "generation-from-call": "a generation from the call the quote names (the generations table ties each "
    "generation to its call)",
    "duration-from-dates": "a duration in months counted between a start and an end the quote states",
}
# Which matchers each inference stands in for.
INFERRED_MATCHERS: dict[str, tuple[str, ...]] = {
    "country-from-place": ("country",),
    "programme-from-call": ("programme",),
    "generation-from-call": ("generation",),
    "duration-from-dates": ("duration",),
}
BASES: tuple[str, ...] = ("stated", *(f"inferred:{rule}" for rule in INFERENCES))
QUOTE_CHARS = 300
ELLIPSIS = ("…", "...", "[…]", "[...]")

PROGRAMME_ALIASES: dict[str, tuple[str, ...]] = {
    "ESCP-4i": (
        "ESCP-4i",
        "ESCP4i",
        "ESCP 4i",
        "ESCPs-4i",
        "going international",
        "go international",
        "cluster go international",
        "clusters go international",
        "clusters go internationnal",
    ),
    "ESCP-4X": (
        "ESCP-4x",
        "ESCP4x",
        "ESCP 4x",
        "ESCPs-4x",
        "cluster partnership for excellence",
        "cluster partnerships for excellence",
        "cluster partnerships excellence",
        "excellence partnership",
        "excellence partnerships",
        "partnerships for excellence",
        "partnership for excellence",
        "cluster partnerships | excellence",
        "cluster partnership | excellence",
        "european cluster excellence",
        "cluster excellence programme",
        "excellence programme",
    ),
    "ESCP-S3": (
        "ESCP-S3",
        "ESCP S3",
        "ESCPs-S3",
        "smart specialisation investment",
        "smart specialisation investments",
        "smart specialization investment",
        "smart specialization investments",
    ),
    "INNOSUP-01": ("INNOSUP-01", "INNOSUP-1", "INNOSUP 1", "INNOSUP-01-2016", "INNOSUP"),
    "EUROCLUSTERS": ("eurocluster", "euroclusters", "joint cluster initiatives"),
    "CXC": ("ClusterXchange", "Cluster Xchange"),
}

# Generations by their name in the generations register → how sources name them.
GENERATION_ALIASES: dict[str, tuple[str, ...]] = {
    "1st generation (2016-2017)": ("first generation", "1st generation", "2016-2017", "2016 - 2017"),
    "2nd generation (2018-2019)": ("second generation", "2nd generation", "2018-2019", "2018 - 2019"),
    "defence and security (2018-2020)": ("defence", "defense", "dual-use", "dual use"),
    "2019 call (2020-2022)": ("2020-2022", "2020 - 2022", "COS-CLUSINT-2019-3-01"),
    "3rd generation (from 2021)": (
        "third generation",
        "3rd generation",
        "2021-2023",
        "2021 - 2023",
        "kolmannen sukupolven",
        "kolmas sukupolvi",
    ),
    "only generation (2018-2021)": ("smart specialisation investment", "ESCP-S3"),
    "1st wave (2020-2022)": ("first wave", "1st wave", "first generation", "1st generation", "2020-2022", "very first"),
    "2nd generation (2022-2024)": ("second generation", "2nd generation", "second wave", "2022-2024", "2022 - 2024"),
    "1st wave (from 2022)": ("first wave", "1st wave", "first call", "first generation", "SMP-COSME-2021-CLUSTER-01"),
    "projects of 2015-2019": ("INNOSUP-1-2015", "INNOSUP-01-2016", "2015-2019"),
}

# Allowed values of choice fields → words that state them.
CHOICE_WORDS: dict[str, tuple[str, ...]] = {
    "co-funded": (
        "co-funded",
        "cofunded",
        "co-financed",
        "cofinanced",
        "co-funding",
        "EU-funded",
        "EU funded",
        "cofinanziato",
        "co-finanziato",
        "cofinanciado",
        "cofinancé",
        "kofinanziert",
        "współfinansowany",
    ),
    "voluntary": ("voluntary",),
    "EU member state": ("member state", "member states", "EU countries", "EU Member", "EU-27", "EU 27"),
    "COSME associated country": ("associated", "non-EU", "third countries participating", "participating countries"),
    "participating": (
        "participating",
        "participate",
        "participated",
        "eligible",
        "take part",
        "can apply",
        "joins",
        "joined",
        "to join",
    ),
}
QUALIFIER_WORDS: dict[str, tuple[str, ...]] = {
    "approximately": (
        "approximately",
        "approx",
        "about",
        "around",
        "some",
        "circa",
        "ca.",
        "roughly",
        "noin",
        "environ",
        "etwa",
        "circa",
        "alrededor",
        "około",
        "~",
    ),
    "at_least": ("at least", "minimum", "vähintään", "au moins", "mindestens", "almeno", "al menos", "co najmniej"),
    "more_than": ("more than", "over", "above", "yli", "plus de", "mehr als", "oltre", "più di", "más de", "ponad"),
    "up_to": (
        "up to",
        "maximum",
        "maximum of",
        "max.",
        "at most",
        "not exceed",
        "jusqu'à",
        "bis zu",
        "fino a",
        "hasta",
    ),
}

ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "coordinator": (
        "coordinator",
        "coordinators",
        "coordinated by",
        "koordinatorin",
        "coordinatrice",
        "coordinadora",
        "coordenador",
        "coordenado por",
        "coordinating",
        "lead partner",
        "led by",
        "leader",
        "leading partner",
        "project lead",
        "chef de file",
        "coordinateur",
        "coordonné par",
        "koordinator",
        "koordiniert",
        "capofila",
        "coordinatore",
        "coordinato da",
        "a guidare",
        "guidato da",
        "coordinador",
        "coordinado por",
        "liderado por",
        "koordynator",
        "koordynowany",
        "koordinaattori",
        "koordinoi",
        "vetää",
    ),
    "partner": (
        "partner",
        "partners",
        "member",
        "members",
        "consortium",
        "participant",
        "participants",
        "partenaire",
        "membre",
        "mitglied",
        "socio",
        "socios",
        "participación",
        "consorzio",
        "kumppani",
        "członek",
        "partnerzy",
        "with",
        "together",
        "including",
        "alongside",
    ),
}

# Month names by language; inflected languages by stem (a word starting with it).
MONTHS: dict[str, tuple[tuple[str, ...], ...]] = {
    # each month: its spellings in en, fr, de, it, es, fi (stems), pl (stems), and short forms
    "names": (
        ("january", "jan", "janvier", "januar", "jänner", "gennaio", "enero", "janeiro", "tammikuu", "stycz"),
        ("february", "feb", "février", "fevrier", "februar", "febbraio", "febrero", "fevereiro", "helmikuu", "lut"),
        ("march", "mar", "mars", "märz", "marz", "marzo", "março", "maaliskuu", "marc"),
        ("april", "apr", "avril", "aprile", "abril", "huhtikuu", "kwie"),
        ("may", "mai", "maggio", "mayo", "maio", "toukokuu", "maj"),
        ("june", "jun", "juin", "juni", "giugno", "junio", "junho", "kesäkuu", "czerw"),
        ("july", "jul", "juillet", "juli", "luglio", "julio", "julho", "heinäkuu", "lip"),
        ("august", "aug", "août", "aout", "agosto", "elokuu", "sierp"),
        (
            "september",
            "sep",
            "sept",
            "septembre",
            "settembre",
            "septiembre",
            "setiembre",
            "setembro",
            "syyskuu",
            "wrze",
        ),
        ("october", "oct", "octobre", "oktober", "okt", "ottobre", "octubre", "outubro", "lokakuu", "paźdz", "pazdz"),
        ("november", "nov", "novembre", "noviembre", "novembro", "marraskuu", "listop"),
        (
            "december",
            "dec",
            "décembre",
            "decembre",
            "dezember",
            "dez",
            "dicembre",
            "diciembre",
            "dezembro",
            "joulukuu",
            "grud",
        ),
    ),
}
# Stems may be followed by inflection (Finnish -ta, -ssa; Polish -nia, -ia, -u); full names stand alone.
MONTH_STEMS: frozenset[str] = frozenset(
    {
        "tammikuu",
        "helmikuu",
        "maaliskuu",
        "huhtikuu",
        "toukokuu",
        "kesäkuu",
        "heinäkuu",
        "elokuu",
        "syyskuu",
        "lokakuu",
        "marraskuu",
        "joulukuu",
        "stycz",
        "lut",
        "marc",
        "kwie",
        "maj",
        "czerw",
        "lip",
        "sierp",
        "wrze",
        "paźdz",
        "pazdz",
        "listop",
        "grud",
    }
)

NUMBER_WORDS: dict[int, tuple[str, ...]] = {
    1: ("one", "un", "une", "ein", "eine", "uno", "una", "yksi", "jeden"),
    2: ("two", "deux", "zwei", "due", "dos", "dois", "duas", "kaksi", "kahden", "dwa", "dwóch"),
    3: ("three", "trois", "drei", "tre", "tres", "três", "kolme", "trzy"),
    4: ("four", "quatre", "vier", "quattro", "cuatro", "neljä", "cztery"),
    5: ("five", "cinq", "fünf", "cinque", "cinco", "viisi", "pięć"),
    6: ("six", "sechs", "sei", "seis", "kuusi", "sześć"),
    7: ("seven", "sept", "sieben", "sette", "siete", "seitsemän", "siedem"),
    8: ("eight", "huit", "acht", "otto", "ocho", "kahdeksan", "osiem"),
    9: ("nine", "neuf", "neun", "nove", "nueve", "yhdeksän", "dziewięć"),
    10: ("ten", "dix", "zehn", "dieci", "diez", "kymmenen", "dziesięć"),
    11: ("eleven", "onze", "elf", "undici", "once"),
    12: ("twelve", "douze", "zwölf", "dodici", "doce"),
    13: ("thirteen", "treize", "dreizehn", "tredici", "trece"),
    14: ("fourteen", "quatorze", "vierzehn", "quattordici", "catorce"),
    15: ("fifteen", "quinze", "fünfzehn", "quindici", "quince"),
    18: ("eighteen", "dix-huit", "achtzehn", "diciotto", "dieciocho"),
    20: ("twenty", "vingt", "zwanzig", "venti", "veinte"),
    24: ("twenty-four", "vingt-quatre", "vierundzwanzig", "ventiquattro", "veinticuatro"),
    30: ("thirty", "trente", "dreißig", "trenta", "treinta"),
    36: ("thirty-six", "trente-six", "sechsunddreißig", "trentasei", "treinta y seis"),
}
# Words that multiply the number before them, with their factor.
SCALE_WORDS: dict[str, int] = {
    "thousand": 1_000,
    "k": 1_000,
    "million": 1_000_000,
    "millions": 1_000_000,
    "mio": 1_000_000,
    "mio.": 1_000_000,
    "mln": 1_000_000,
    "m": 1_000_000,
    "m€": 1_000_000,
    "meur": 1_000_000,
    "milj": 1_000_000,
    "milj.": 1_000_000,
    "miljoonaa": 1_000_000,
    "milioni": 1_000_000,
    "millones": 1_000_000,
    "milionów": 1_000_000,
    "mln.": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
    "mrd": 1_000_000_000,
}
# Units of a duration, with the months one of them is.
DURATION_UNITS: dict[str, int] = {
    "month": 1,
    "months": 1,
    "mois": 1,
    "monat": 1,
    "monate": 1,
    "monaten": 1,
    "mesi": 1,
    "mese": 1,
    "meses": 1,
    "kuukautta": 1,
    "kuukauden": 1,
    "kuukautta.": 1,
    "miesięcy": 1,
    "miesiące": 1,
    "year": 12,
    "years": 12,
    "an": 12,
    "ans": 12,
    "année": 12,
    "années": 12,
    "jahr": 12,
    "jahre": 12,
    "jahren": 12,
    "anni": 12,
    "anno": 12,
    "años": 12,
    "año": 12,
    "anos": 12,
    "ano": 12,
    "vuotta": 12,
    "vuoden": 12,
    "lat": 12,
    "lata": 12,
}
PERCENT_WORDS: tuple[str, ...] = ("%", "per cent", "percent", "prosenttia", "pour cent", "prozent", "por ciento")

# Adjectives and other names of countries that pycountry's names and translations do not give.
COUNTRY_WORDS: dict[str, tuple[str, ...]] = {
    "AT": ("austrian", "österreich", "österreichisch"),
    "BE": ("belgian", "belge", "flemish"),
    "BG": ("bulgarian",),
    "HR": ("croatian",),
    "CY": ("cypriot",),
    "CZ": ("czech", "czechia", "tchèque"),
    "DK": ("danish",),
    "EE": ("estonian",),
    "FI": ("finnish", "suomalainen"),
    "FR": ("french", "français", "française", "francji"),
    "DE": (
        "german",
        "deutsch",
        "deutsche",
        "allemand",
        "allemande",
        "tedesco",
        "alemán",
        "saksalainen",
        "niemiecki",
        "niemczech",
    ),
    "GR": ("greek", "hellenic", "grec", "grecque"),
    "HU": ("hungarian",),
    "IE": ("irish",),
    "IT": ("italian", "italien", "italienne", "italiano", "italiana", "italialainen", "włoski", "włoszech"),
    "LV": ("latvian",),
    "LT": ("lithuanian",),
    "LU": ("luxembourgish",),
    "MT": ("maltese",),
    "NL": ("dutch", "netherlands", "holland", "néerlandais"),
    "PL": ("polish", "polonais", "polski", "polska", "polsce", "polski"),
    "PT": ("portuguese", "portugais"),
    "RO": ("romanian", "roumain"),
    "SK": ("slovak", "slovakia"),
    "SI": ("slovenian", "slovene", "eslovenia"),
    "ES": ("spanish", "espagnol", "español", "española", "spagnolo", "espanjalainen", "hiszpański", "hiszpanii"),
    "SE": ("swedish", "suédois"),
    "GB": ("british", "united kingdom", "uk", "great britain"),
    "US": ("american", "usa", "u.s.", "united states"),
    "CA": ("canadian",),
    "CN": ("chinese", "china"),
    "JP": ("japanese",),
    "KR": ("korean", "south korea", "korea"),
    "IN": ("indian",),
    "BR": ("brazilian",),
    "MX": ("mexican",),
    "TR": ("turkish", "türkiye", "turkey"),
    "NO": ("norwegian",),
    "IS": ("icelandic",),
    "RS": ("serbian",),
    "UA": ("ukrainian",),
    "MD": ("moldovan",),
    "AM": ("armenian",),
    "AL": ("albanian",),
    "ME": ("montenegrin",),
    "MK": ("north macedonia", "macedonian"),
    "BA": ("bosnia", "bosnian"),
    "XK": ("kosovo",),
    "TN": ("tunisian",),
    "MA": ("moroccan",),
    "IL": ("israeli",),
    "ZA": ("south african",),
    "SG": ("singaporean",),
    "VN": ("vietnamese", "vietnam"),
    "TW": ("taiwanese", "taiwan"),
    "AU": ("australian",),
    "CL": ("chilean",),
    "CO": ("colombian",),
    "AR": ("argentinian", "argentine"),
    "GE": ("georgian",),
    "RU": ("russian", "russia"),
    "AE": ("emirati", "uae", "united arab emirates"),
    "SA": ("saudi",),
    "TH": ("thai",),
    "ID": ("indonesian",),
    "MY": ("malaysian",),
    "PE": ("peruvian",),
    "EG": ("egyptian",),
    "NG": ("nigerian",),
    "KE": ("kenyan",),
}
# Languages whose country names take endings (Liettua → Liettuasta, Litwa → z Litwy): a word may start with
# the name less its last letter.
INFLECTING_LANGUAGES: tuple[str, ...] = ("fi", "pl")
COUNTRY_LANGUAGES: tuple[str, ...] = ("fr", "de", "it", "es", "fi", "pl")


def _places() -> dict[str, str]:
    """schemas/places.csv: cities and regions sources name, with their country (ISO 3166-1 alpha-2), for the
    country-from-place inference; a place is added when a piece of evidence first rests on it."""
    with (Path(__file__).parent / "places.csv").open(encoding="utf-8", newline="") as f:
        return {row["place"]: row["country"] for row in csv.DictReader(f)}


PLACES: dict[str, str] = _places()
