"""Each matcher, as a table of what must and must not state a value: the words the evidence check reads."""

import datetime as dt

import polars as pl
import pytest

from pipelines.core import statements
from pipelines.core.matchers import Context, dates_in, fold, infers, name_parts, states, without_names
from schemas.evidence import BASES, INFERENCES, INFERRED_MATCHERS, MATCHERS

# (matcher, value, quote, language of the quote) that must match
STATES = [
    # names: case, accents, quotes, dashes and spaces folded
    ("name", "AEI Tèxtils", "la AEI Textils de Cataluña", "es"),
    ("name", "Mov'eo", "le pôle Mov’eo", "fr"),
    ("name", "EU KETs4DUAL-USE 2.0", "the eu kets4dual – use 2.0 partnership", "en"),
    ("name", "Fondazione Torino Wireless", "Fondazione  Torino\u00a0Wireless", "it"),
    ("name", "Smart Hub Health", "“Smart Hub Health” – Belgium", "en"),
    ("name", "Aqua Valley", "Pole Aqua-Valley cluster (AV) - France", "en"),
    ("name", "Medic Nest", "the project MEDIC-NEST", "en"),
    ("name", "Farm to Fork Health Matters", "F2F (Farm to Fork) Health Matters", "en"),
    ("name", "LITEK", "LITEK™ (Lithuania)", "en"),
    ("role", "coordinator", "het project wordt geleid door CEW", "nl"),
    ("country", "DE", "deutscher Koordinator", "de"),
    # amounts
    ("amount", "4115121", "an EU contribution of €4,115,121", "en"),
    ("amount", "4100000", "EUR 4.1 million", "en"),
    ("amount", "4115121", "4 115 121 euros", "fr"),
    ("amount", "5790000", "5,79 M€", "fr"),
    ("amount", "7500000", "(7,5 milj €)", "fi"),
    ("amount", "6000000", "Il bilancio totale è stimato a 6 000 000 EUR", "it"),
    ("amount", "800000", "EUR 800,000", "en"),
    ("amount", "4997882.50", "EUR 4 997 882,50", "fr"),
    ("amount", "1500000", "1,5 Mio. Euro", "de"),
    ("amount", "2500000", "between EUR 2.5 and 5 million", "en"),
    ("amount", "5000000", "between EUR 2.5 and 5 million", "en"),
    # counts
    ("count", "24", "24 partnerships were selected", "en"),
    ("count", "15", "fifteen co-funded projects", "en"),
    ("count", "50", "at least 50 exchanges", "en"),
    ("count", "9", "neuf partenariats", "fr"),
    # years
    ("year", "2016", "ESCP-4i: First Generation (2016-2017)", "en"),
    ("year", "2014", "vuonna 2014", "fi"),
    # percent
    ("percent", "75", "at least 75 % of the budget", "en"),
    ("percent", "75", "vähintään 75 prosenttia", "fi"),
    ("percent", "100", "100% of the eligible costs", "en"),
    # durations
    ("duration", "24", "a 24-month project", "en"),
    ("duration", "24", "for two years", "en"),
    ("duration", "18", "kesto 18 kuukautta", "fi"),
    ("duration", "30", "after running for 30 months", "en"),
    ("duration", "36", "durée de 36 mois", "fr"),
    ("duration", "24", "Laufzeit: 24 Monate", "de"),
    ("duration", "24", "durata di 24 mesi", "it"),
    ("duration", "24", "duración de 24 meses", "es"),
    ("duration", "24", "czas trwania 24 miesięcy", "pl"),
    ("duration", "36", "3 years", "en"),
    ("duration", "24", "com duração de dois anos", "pt"),
    ("duration", "36", "tindrà una vigència de 3 anys", "ca"),
    ("role", "coordinator", "hi han participat com a coordinadors del projecte", "ca"),
    # dates, in the sources' languages
    ("date", "2022-02-28", "February 28, 2022", "en"),
    ("country", "CV", "3 non-European target countries have been identified: Chile, Cape Verde, Vietnam", "en"),
    ("role", "coordinator", "Cosmetic Valley, qui va coordonner un projet européen", "fr"),
    ("date", "2022-09-15", "kick-off meeting held in Valencia on September 15th and 16th2022", "en"),
    ("date", "2022-09-16", "on September 16th2022", "en"),
    ("date", "2022-02-28", "28.2.2022", "fi"),
    ("date", "2022-02-28", "28/02/2022", "fr"),
    ("date", "2022-02", "helmikuussa 2022", "fi"),
    ("date", "2022-02", "febbraio 2022", "it"),
    ("date", "2022-02", "a partir de febrero de 2022", "es"),
    ("date", "2022-02", "od lutego 2022", "pl"),
    ("date", "2022-02", "started on 1 February 2022", "en"),
    ("date", "2021-06-14", "14. Juni 2021", "de"),
    ("date", "2021-06-14", "le 14 juin 2021", "fr"),
    ("date", "2021-06-14", "14 de junio de 2021", "es"),
    ("date", "2020-12", "joulukuussa 2020", "fi"),
    ("date", "2020-09-01", "1st of September 2020", "en"),
    ("date", "2020-09-01", "1er septembre 2020", "fr"),
    ("date", "2022", "since 2022", "en"),
    ("date", "2022-09", "09/2022", "en"),
    ("date", "2024-12-05", "2024-12-05", "en"),
    ("date", "2018-04-12", "Cerró el pasado día 12-04-2018", "es"),
    ("date", "2024-01-31", "completed 01.02.2022 - 31.01.2024", "en"),
    ("date", "2021-02-23", "Between 23 and 25 February 2021", "en"),
    ("date", "2022-04-11", "from 11th till 13th of April 2022", "en"),
    ("date", "2023-06-16", "14-16 June, 2023", "en"),
    ("date", "2023-11-21", "On November 21-23, 2023", "en"),
    ("date", "2022-09-09", "September 7. – 9. 2022", "en"),
    ("date", "2022-10-11", "11.-14.10.2022", "de"),
    ("date", "2022-11-29", "29.11.-01.12.2022", "de"),
    ("date", "2022-12-01", "29.11.-01.12.2022", "de"),
    # countries: names and adjectives in the sources' languages, codes in brackets
    ("country", "DE", "Cluster X (DE)", "en"),
    ("country", "LT", "a cluster from Lithuania", "en"),
    ("country", "LT", "Liettuasta", "fi"),
    ("country", "LT", "z Litwy", "pl"),
    ("country", "DE", "a German cluster", "en"),
    ("country", "DE", "en Allemagne", "fr"),
    ("country", "DE", "aus Deutschland", "de"),
    ("country", "FR", "en France", "fr"),
    ("country", "IT", "un cluster italiano", "it"),
    ("country", "ES", "de España", "es"),
    ("country", "GR", "Corallia (EL)", "en"),
    ("country", "GB", "in the UK", "en"),
    ("country", "CZ", "Czech Republic", "en"),
    ("country", "US", "the USA", "en"),
    ("country", "FI", "Suomesta", "fi"),
    ("country", "PL", "w Polsce", "pl"),
    # roles
    ("role", "coordinator", "coordinated by Clust-ER", "en"),
    ("role", "coordinator", "the lead partner", "en"),
    ("role", "coordinator", "chef de file du projet", "fr"),
    ("role", "coordinator", "als Koordinator", "de"),
    ("role", "coordinator", "capofila del progetto", "it"),
    ("role", "coordinator", "el coordinador", "es"),
    ("role", "coordinator", "koordynator projektu", "pl"),
    ("role", "coordinator", "hankkeen koordinaattori", "fi"),
    ("role", "partner", "the consortium includes", "en"),
    ("role", "coordinator", "Koordinatorin des Projekts", "de"),
    # programmes, generations, calls, choices, qualifiers
    ("programme", "ESCP-4i", "European Strategic Cluster Partnerships – Going International", "en"),
    ("programme", "ESCP-4X", "ESCP-4x partnership", "en"),
    ("programme", "ESCP-4X", "funded by COSME, European Cluster Excellence Programme", "en"),
    ("programme", "ESCP-4X", "15 new European Cluster Partnerships | Excellence", "en"),
    ("programme", "EUROCLUSTERS", "the Eurocluster METASTARS", "en"),
    ("programme", "INNOSUP-01", "funded under H2020 INNOSUP-1", "en"),
    ("generation", "1st generation (2016-2017)", "ESCP-4i: First Generation (2016-2017)", "en"),
    ("generation", "2nd generation (2022-2024)", "the second generation of ESCP-4x", "en"),
    ("generation", "2nd generation (2022-2024)", "from February 2022 until early 2024", "en"),
    ("generation", "projects of 2015-2019", "From 2015 to 2019, 24 projects", "en"),
    ("generation", "3rd generation (from 2021)", "Kolmannen sukupolven kumppanuudet", "fi"),
    ("choice", "co-funded", "15 co-funded projects", "en"),
    ("choice", "voluntary", "10 additional voluntary Partnerships", "en"),
    ("choice", "co-funded", "progetto cofinanziato dal programma COSME", "it"),
    ("role", "coordinator", "A guidare il progetto Piemonte Innova", "it"),
    ("qualifier", "up_to", "up to 4 projects", "en"),
    ("qualifier", "exact", "4 projects are expected to be funded", "en"),
    ("qualifier", "approximately", "about 140 cluster organisations", "en"),
    ("qualifier", "at_least", "at least 75 %", "en"),
    ("qualifier", "exact", "The maximum grant per project will be EUR 350,000", "en"),
    ("qualifier", "exact", "EASME expects to fund eight proposals.", "en"),
    ("qualifier", "up_to", "a maximum of EUR 350,000 per project", "en"),
    ("choice", "participating", "countries that participated in COSME in 2018", "en"),
    ("choice", "announced", "We invite all EU clusters to participate in a Group Exchange on 4-6 May", "en"),
    ("choice", "participants", "se sjelo celkem jedenáct účastníků", "cs"),
    ("count", "11", "se sjelo celkem jedenáct účastníků", "cs"),
    ("programme", "ESCP-S3", "Partnerships for Smart Specialisation Investments", "en"),
]

# (matcher, value, quote) that must not match: look-alikes
DOES_NOT_STATE = [
    ("generation", "1st wave (from 2022)", "funded under the Call: SMP-COSME-2021-CLUSTER"),  # a call: inferred
    ("country", "CV", "the Cape of Good Hope"),
    ("role", "coordinator", "Cosmetic Valley va participer au projet"),
    ("date", "2022-09-16", "on September 162022"),  # a year runs into a day only after an ordinal
    ("name", "AL", "the ALLIANCE partnership"),
    ("name", "MAV", "MAVERICK cluster"),
    ("name", "Torino Wireless", "Torino"),
    ("amount", "4115121", "EUR 4.1 million"),
    ("amount", "7500000", "7,5 prosenttia"),
    ("amount", "800000", "EUR 8,000"),
    ("count", "24", "in 2024"),
    ("count", "15", "115 clusters"),
    ("count", "5", "5.5 million"),
    ("year", "2016", "20167 visitors"),
    ("year", "2016", "the 2015-2017 period of 2 016 members"),
    ("percent", "75", "75 SMEs"),
    ("duration", "24", "in 2024"),
    ("duration", "24", "24 partners"),
    ("duration", "24", "12 months"),
    ("date", "2022-02-01", "February 2022"),
    ("date", "2022-02", "2022"),
    ("date", "2022-02", "March 2022"),
    ("date", "2022-02-28", "28.3.2022"),
    ("date", "2022", "20221 visits"),
    ("country", "DE", "from Denmark"),
    ("country", "NE", "Nigeria"),
    ("country", "IN", "in the project"),
    ("country", "AT", "at the event"),
    ("country", "SK", "Slovenia"),
    ("country", "AT", "Australia"),
    ("role", "coordinator", "listed first among the partners"),
    ("role", "coordinator", "the first partner named"),
    ("programme", "ESCP-4i", "ESCP-4x partnership"),
    ("programme", "ESCP-S3", "a cluster partnership"),
    ("programme", "ESCP-4X", "enhance the excellence of clusters through a European Strategic Cluster Partnership"),
    ("name", "rail", "the RAilway clusters"),
    ("name", "Klaster LifeScience Krakow", "Klaster Life Science Krakow"),
    ("generation", "1st generation (2016-2017)", "the second generation"),
    ("generation", "2nd generation (2022-2024)", "in 2022, and again in 2024"),
    ("amount", "2500000", "EUR 2.5 and 5 partners"),
    ("date", "2018-12-04", "12-04-2018"),
    ("date", "2021-02-24", "Between 23 and 25 February 2021"),
    ("choice", "voluntary", "15 co-funded projects"),
    ("qualifier", "exact", "up to 4 projects"),
    ("qualifier", "up_to", "4 projects"),
]


@pytest.mark.parametrize(("matcher", "value", "quote", "language"), STATES)
def test_the_words_state_the_value(matcher, value, quote, language):
    assert states(matcher, value, quote), f"{quote!r} ({language}) should state {value!r} as {matcher}"


@pytest.mark.parametrize(("matcher", "value", "quote"), DOES_NOT_STATE)
def test_a_look_alike_does_not_state_the_value(matcher, value, quote):
    assert not states(matcher, value, quote), f"{quote!r} must not state {value!r} as {matcher}"


def test_every_matcher_has_cases_both_ways():
    both = {m for m, *_ in STATES} & {m for m, *_ in DOES_NOT_STATE}
    implemented = set(MATCHERS) - {"call", "key", "partnership"}  # these need the tables: tested below
    assert implemented <= both


CALLS = Context(
    calls={
        fold("COS-CLUSTER-2017-3-6"): ("COS-CLUSTER-2017-3-6", "ESCP-4i"),
        fold("COS-CLUSINT-2017-03-6"): ("COS-CLUSTER-2017-3-6", "ESCP-4i"),
        fold("COS-CLUSTER-2020-3-03"): ("COS-CLUSTER-2020-3-03", "ESCP-4X"),
    },
    generations_by_call={"COS-CLUSTER-2020-3-03": ("2nd generation (2022-2024)",)},
    places={fold("Cataluña"): "ES", fold("Torino"): "IT"},
    programmes={"p": "ESCP-4X"},
    generations_by_year={
        ("ESCP-4X", 2020): ("1st wave (2020-2022)",),
        ("ESCP-4X", 2022): ("2nd generation (2022-2024)",),
        ("ESCP-4X", 2018): ("1st generation (2016-2017)", "defence and security (2018-2020)"),
    },
)


def test_a_call_is_stated_by_any_of_its_ids():
    assert states("call", "COS-CLUSTER-2017-3-6", "call COS-CLUSINT-2017-03-6 (dual use)", CALLS)
    assert not states("call", "COS-CLUSTER-2017-3-6", "call COS-CLUSTER-2020-3-03", CALLS)


def test_a_partnership_id_is_stated_by_its_acronym():
    ctx = Context(acronyms={"safesmartfood": "SafeSmartFood", "blues": "BLUES"})
    assert states("partnership", "safesmartfood", "the SafeSmartFood partnership", ctx)
    assert not states("partnership", "blues", "the SafeSmartFood partnership", ctx)


def test_a_key_is_stated_where_the_quote_writes_it():
    assert states("key", "true", "under COS-CLUSTER-2020-3-03", CALLS, key="COS-CLUSTER-2020-3-03")
    assert not states("key", "true", "under the 2020 call", CALLS, key="COS-CLUSTER-2020-3-03")


@pytest.mark.parametrize(
    ("rule", "value", "quote", "notes", "holds"),
    [
        ("country-from-place", "ES", "la AEI Tèxtils de Cataluña", "place: Cataluña", True),
        ("country-from-place", "FR", "la AEI Tèxtils de Cataluña", "place: Cataluña", False),
        ("country-from-place", "ES", "la AEI Tèxtils", "place: Cataluña", False),  # the place is not in the quote
        ("country-from-place", "ES", "la AEI Tèxtils de Girona", "place: Girona", False),  # not in the gazetteer
        ("programme-from-call", "ESCP-4X", "selected under COS-CLUSTER-2020-3-03", "", True),
        ("programme-from-call", "ESCP-4i", "selected under COS-CLUSTER-2020-3-03", "", False),
        ("generation-from-call", "2nd generation (2022-2024)", "funded by COS-CLUSTER-2020-3-03", "", True),
        ("generation-from-call", "2nd generation (2022-2024)", "funded by COS-CLUSTER-2017-3-6", "", False),
        ("duration-from-dates", "24", "from 1 September 2020 to 31 August 2022", "", True),
        ("duration-from-dates", "12", "from 1 September 2020 to 31 August 2022", "", False),
        ("duration-from-dates", "18", "January, 2016 – June, 2017", "", True),
        (
            "generation-from-dates",
            "2nd generation (2022-2024)",
            "Project duration: February 2022 - January 2024",
            "",
            True,
        ),
        ("generation-from-dates", "2nd generation (2022-2024)", "the project started in March 2020", "", False),
        ("generation-from-dates", "1st generation (2016-2017)", "started in 2018", "", False),  # two share 2018
        ("generation-from-dates", "1st generation (2016-2017)", "started in May 2018", "", False),  # two share 2018
        # the start is the earliest date: an end in another generation's year places nothing
        ("generation-from-dates", "2nd generation (2022-2024)", "from February 2020 to February 2022", "", False),
        ("generation-from-dates", "1st wave (2020-2022)", "from February 2020 to February 2022", "", True),
        ("duration-from-dates", "17", "January, 2016 – June, 2017", "", False),
    ],
)
def test_an_inference_holds_only_on_its_own_ground(rule, value, quote, notes, holds):
    assert infers(rule, value, quote, CALLS, notes, key="p") is holds


def test_the_inferences_are_a_closed_list_each_standing_in_for_a_matcher():
    assert set(INFERENCES) == set(INFERRED_MATCHERS)
    assert all(m in MATCHERS for ms in INFERRED_MATCHERS.values() for m in ms)
    assert ("stated", *(f"inferred:{r}" for r in INFERENCES)) == BASES
    assert not any(word in " ".join(INFERENCES) for word in ("first", "domain", "listed"))


def test_a_name_with_a_bracketed_name_is_two_names():
    assert name_parts("Advanced Materials Cluster of Catalonia (MAV)") == [
        "Advanced Materials Cluster of Catalonia",
        "MAV",
    ]
    assert name_parts("Mov'eo") == ["Mov'eo"]


def test_dates_are_read_to_the_precision_written():
    assert dates_in("from 1 February 2022 to early 2024") == {"2022-02-01", "2022-02"}  # a day is in its month
    assert dates_in("helmikuussa 2022 ja 28.2.2022") == {"2022-02", "2022-02-28"}


def test_a_country_word_inside_an_organisation_s_name_is_taken_out_before_the_country_is_read():
    quote = "Photonics Bretagne (France), Photonics Austria and Photonics BW (Germany)"
    rest = without_names(quote, ["Photonics Austria"])
    assert not states("country", "AT", rest) and states("country", "FR", rest)
    assert states(
        "country", "PT", without_names("Cluster Têxtil de Portugal, a Portuguese cluster", ["Cluster Têxtil"])
    )


def _calls(rows: list[tuple]) -> pl.DataFrame:
    schema = {
        "call_id": pl.String,
        "alternative_ids": pl.List(pl.String),
        "programme_id": pl.String,
        "deadline_date": pl.Date,
        "second_stage_deadline_date": pl.Date,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def test_a_generation_places_the_starts_of_every_year_it_spans():
    """generation-from-dates reads the generations table's first_year to last_year (first_year alone without a
    last), so a programme whose projects started over several years places each of them, and a year two of its
    generations share places none."""
    tables = {
        "calls": _calls([]),
        "generations": pl.DataFrame(
            {
                "programme_id": ["INNOSUP-01", "ESCP-4i", "ESCP-4i"],
                "name": ["projects of 2015-2019", "2nd generation (2018-2019)", "defence (2018-2020)"],
                "call_id": [None, None, "COS-CLUSTER-2017-3-6"],
                "first_year": [2015, 2018, 2018],
                "last_year": [2019, 2019, None],
            }
        ),
        "partnerships": pl.DataFrame(
            {
                "partnership_id": ["innolabs", "amulet", "geo"],
                "acronym": ["INNOLABS", "AMULET", "GEO"],
                "programme_id": ["INNOSUP-01", "INNOSUP-01", "ESCP-4i"],
            }
        ),
    }
    ctx = statements.context(tables)
    assert infers("generation-from-dates", "projects of 2015-2019", "Start date: 1 January 2017", ctx, key="innolabs")
    assert not infers("generation-from-dates", "projects of 2015-2019", "started in September 2021", ctx, key="amulet")
    assert infers(
        "generation-from-dates", "projects of 2015-2019", "Implementation period 2018-2021", ctx, key="innolabs"
    )
    assert not infers(
        "generation-from-dates", "projects of 2015-2019", "Grant 101020191, since 2020", ctx, key="innolabs"
    )
    assert infers("generation-from-dates", "2nd generation (2018-2019)", "from March 2019", ctx, key="geo")
    assert not infers("generation-from-dates", "2nd generation (2018-2019)", "from January 2018", ctx, key="geo")


def test_a_generation_is_placed_when_only_one_call_of_its_programme_had_closed():
    """generation-from-closed-calls: a Eurocluster named in November 2022 can only come from the 2021 call (the
    2024 call closed in 2025); one named in 2026 could come from either, so nothing places it; a call whose deadline
    no page states cannot be ruled out."""
    d = dt.date
    tables = {
        "calls": _calls(
            [
                ("SMP-2021", None, "EUROCLUSTERS", None, None),
                ("SMP-2024", None, "EUROCLUSTERS", d(2025, 2, 5), None),
                ("X-2018", None, "ESCP-4X", d(2019, 4, 4), None),
                ("X-2020", None, "ESCP-4X", None, None),
            ]
        ),
        "generations": pl.DataFrame(
            {
                "programme_id": ["EUROCLUSTERS", "ESCP-4X"],
                "name": ["1st wave (from 2022)", "1st wave (2020-2022)"],
                "call_id": ["SMP-2021", "X-2018"],
                "first_year": [2022, 2020],
                "last_year": [None, None],
            }
        ),
        "partnerships": pl.DataFrame(
            {"partnership_id": ["sileo", "x"], "acronym": ["SILEO", "X"], "programme_id": ["EUROCLUSTERS", "ESCP-4X"]}
        ),
    }
    ctx = statements.context(tables)
    wave = "1st wave (from 2022)"
    assert infers("generation-from-closed-calls", wave, "28 November 2022: SILEO, newly EU-funded", ctx, key="sileo")
    assert infers("generation-from-closed-calls", wave, "SILEO Eurocluster (2023)", ctx, key="sileo")
    assert not infers("generation-from-closed-calls", wave, "SILEO open call, March 2026", ctx, key="sileo")
    # the latest date counts: a project named in 2022 and again in 2026 could be of either call
    assert not infers("generation-from-closed-calls", wave, "RESIST (2022) and RESIST II (2026)", ctx, key="sileo")
    assert not infers("generation-from-closed-calls", wave, "SILEO", ctx, key="sileo")  # no date
    # a call whose deadline is not stated is never ruled out
    assert not infers("generation-from-closed-calls", "1st wave (2020-2022)", "X, March 2020", ctx, key="x")
