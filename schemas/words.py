"""Words data holders type into registers, per language: declared once, read by the parsers and the docs.

A register comes from someone who has never read our README: amounts carry a currency sign and the
separators of their language, dates are written out, unknown values are a dash or "n/a", and a "Total"
row closes the table. What each language writes is listed here as data; `pipelines.core.parsing` reads
it, and the README and the template print it.
"""

from __future__ import annotations

import unicodedata

LANGUAGES = ("en", "fr", "de", "es", "it", "fi")

# Languages whose decimal mark is a comma (1.560,00 or 1 560,00): an amount with one separator followed
# by three digits (1,560 or 1.560) is read by the register's declared language, and listed as a warning.
DECIMAL_COMMA = ("fr", "de", "es", "it", "fi")

# Currency words and signs an amount in euros may carry, before or after the number (any case).
CURRENCY = ("€", "eur", "euro", "euros")

# Month names and their usual abbreviations; a date may be written "14 June 2021", "14 juin 2021",
# "14. Juni 2021", "14 de junio de 2021", "14. kesäkuuta 2021", "June 14, 2021", or a month "juin 2021".
MONTHS: dict[str, tuple[tuple[str, ...], ...]] = {
    "en": (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
           ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
           ("october", "oct"), ("november", "nov"), ("december", "dec")),
    "fr": (("janvier", "janv"), ("février", "févr", "fév"), ("mars",), ("avril", "avr"), ("mai",),
           ("juin",), ("juillet", "juil"), ("août",), ("septembre", "sept"), ("octobre", "oct"),
           ("novembre", "nov"), ("décembre", "déc")),
    "de": (("januar", "jan", "jänner"), ("februar", "feb"), ("märz", "mär", "maerz"), ("april", "apr"),
           ("mai",), ("juni", "jun"), ("juli", "jul"), ("august", "aug"), ("september", "sep", "sept"),
           ("oktober", "okt"), ("november", "nov"), ("dezember", "dez")),
    "es": (("enero", "ene"), ("febrero", "feb"), ("marzo", "mar"), ("abril", "abr"), ("mayo", "may"),
           ("junio", "jun"), ("julio", "jul"), ("agosto", "ago"), ("septiembre", "setiembre", "sep", "sept"),
           ("octubre", "oct"), ("noviembre", "nov"), ("diciembre", "dic")),
    "it": (("gennaio", "gen"), ("febbraio", "feb"), ("marzo", "mar"), ("aprile", "apr"), ("maggio", "mag"),
           ("giugno", "giu"), ("luglio", "lug"), ("agosto", "ago"), ("settembre", "set"), ("ottobre", "ott"),
           ("novembre", "nov"), ("dicembre", "dic")),
    "fi": (("tammikuuta", "tammikuu", "tammi"), ("helmikuuta", "helmikuu", "helmi"),
           ("maaliskuuta", "maaliskuu", "maalis"), ("huhtikuuta", "huhtikuu", "huhti"),
           ("toukokuuta", "toukokuu", "touko"), ("kesäkuuta", "kesäkuu", "kesä"),
           ("heinäkuuta", "heinäkuu", "heinä"), ("elokuuta", "elokuu", "elo"),
           ("syyskuuta", "syyskuu", "syys"), ("lokakuuta", "lokakuu", "loka"),
           ("marraskuuta", "marraskuu", "marras"), ("joulukuuta", "joulukuu", "joulu")),
}  # fmt: skip

# Words joining day, month and year that carry nothing ("14 de junio de 2021", "le 14 juin 2021").
DATE_FILLERS = ("de", "del", "le")

# The first word of a summary row under the data ("Total", "Totaal: 12 exchanges", "Gesamt").
TOTAL_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("total", "totals", "grand total", "sum", "subtotal", "sub-total"),
    "fr": ("total", "totaux", "total général", "somme", "sous-total"),
    "de": ("summe", "gesamt", "gesamtsumme", "insgesamt", "zwischensumme"),
    "es": ("total", "suma", "subtotal"),
    "it": ("totale", "somma", "subtotale"),
    "fi": ("yhteensä", "summa", "välisumma"),
    "nl": ("totaal", "som"),  # registers kept in Dutch-speaking offices close with these
}

# What people type for a value they do not know: read as empty (counted in a warning); in a required
# column, a located problem. Matched whole, ignoring case.
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "en": ("n/a", "na", "n.a.", "-", "–", "—", "--", "?", "tbc", "tbd", "unknown"),
    "fr": ("n.d.", "nd", "n/d", "nc", "n.c.", "inconnu", "à confirmer", "néant"),
    "de": ("k.a.", "k. a.", "ka", "unbekannt", "entfällt"),
    "es": ("n.d.", "n/d", "s/d", "desconocido", "por confirmar"),
    "it": ("n.d.", "n.a.", "sconosciuto", "da confermare"),
    "fi": ("ei tiedossa", "tuntematon"),
}


def folded(word: str) -> str:
    """A word as it is matched: lower case, without accents (févr. and fevr, März and marz match)."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


def month_numbers() -> dict[str, int]:
    """Every month word of every language, folded, → its month number (no word names two months)."""
    numbers: dict[str, int] = {}
    for language, months in MONTHS.items():
        for number, words in enumerate(months, start=1):
            for word in words:
                for spelling in {word.casefold(), folded(word)}:
                    if numbers.setdefault(spelling, number) != number:
                        raise ValueError(f"{language}: {word!r} names two months")
    return numbers


def total_words() -> tuple[str, ...]:
    """Every summary word, lower case, with and without its accents."""
    return tuple(sorted({s for words in TOTAL_WORDS.values() for w in words for s in (w.casefold(), folded(w))}))


def placeholders() -> tuple[str, ...]:
    return tuple(sorted({w.casefold() for words in PLACEHOLDERS.values() for w in words}))
