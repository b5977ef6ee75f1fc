"""Does a quote state a value? One small function per kind of value (`schemas.evidence.MATCHERS`).

Each matcher takes the value as published text and the quote, and answers True only where the quote's
words state that value: in the same form or another (a country's name for its code, a date written out),
never by a look-alike (24 is not stated by 2024, DE not by Denmark). The words of each language are data in
`schemas.evidence`; here are only the rules for reading them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gettext
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache

import pycountry

from schemas.countries import EU_TO_ISO
from schemas.evidence import (
    CHOICE_WORDS,
    COUNTRY_LANGUAGES,
    COUNTRY_WORDS,
    DURATION_UNITS,
    ELLIPSIS,
    GENERATION_ALIASES,
    INFLECTING_LANGUAGES,
    MONTH_STEMS,
    MONTHS_BEYOND_REGISTERS,
    NUMBER_WORDS,
    PERCENT_WORDS,
    PROGRAMME_ALIASES,
    QUALIFIER_WORDS,
    ROLE_WORDS,
    SCALE_WORDS,
)
from schemas.words import MONTHS as WORDS_MONTHS

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_QUOTES = '\u2018\u2019\u201a\u201b\u2032\u00b4`\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033"'


def fold(text: str) -> str:
    """Text as names are compared: case, accents, quotes, dashes and spaces folded.

    Quotes become one apostrophe, dashes one hyphen with no space around it, runs of white space one space."""
    text = re.sub(r"[™®©℠]", "", text)  # marks, not letters: LITEK™ is LITEK
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold()
    text = text.translate({ord(c): "-" for c in _DASHES}).translate({ord(c): "'" for c in _QUOTES})
    text = text.replace("ß", "ss").replace("ł", "l").replace("ø", "o").replace("đ", "d")
    text = re.sub(r"\s*-\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def without_ellipses(quote: str) -> str:
    """The quote with the marks that join its passages ( … ) turned into spaces."""
    for mark in sorted(ELLIPSIS, key=len, reverse=True):
        quote = quote.replace(mark, " ")
    return quote


def passages(quote: str) -> list[str]:
    """The passages of the page a quote joins with ' … ', each to be found in the page as it stands."""
    text = quote
    for mark in sorted(ELLIPSIS, key=len, reverse=True):
        text = text.replace(mark, "\0")
    return [p.strip() for p in text.split("\0") if p.strip()]


def contains(haystack: str, needle: str) -> bool:
    """`needle` inside `haystack` (both folded), not as part of a longer word or number."""
    if not needle:
        return False
    start = r"(?<![0-9a-z])" if needle[0].isalnum() else ""
    end = r"(?![0-9a-z])" if needle[-1].isalnum() else ""
    return re.search(start + re.escape(needle) + end, haystack) is not None


def without_names(quote: str, names: Iterable[str]) -> str:
    """The quote with the organisation's names taken out (a country word inside a name is not a statement)."""
    text = without_ellipses(quote)
    for name in sorted(names, key=len, reverse=True):
        pattern = r"[\s\-]+".join(re.escape(w) for w in re.split(r"[\s\-]+", name.strip()) if w)
        if pattern:
            text = re.sub(pattern, " ", text, flags=re.IGNORECASE)
    return text


def fold_name(text: str) -> str:
    """A name folded, its hyphens read as spaces: Aqua-Valley is Aqua Valley, MEDIC-NEST Medic Nest."""
    return re.sub(r" +", " ", fold(text).replace("-", " "))


def contains_any(quote: str, words: Iterable[str]) -> bool:
    text = fold_name(quote)
    return any(contains(text, fold_name(w)) for w in words)


@dataclass(frozen=True)
class Context:
    """What some matchers need beyond the value and the quote, taken from the curated tables."""

    # call id (any spelling, folded) → (call id, programme id)
    calls: dict[str, tuple[str, str]] = field(default_factory=dict)
    # call id → names of the generations it selected
    generations_by_call: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # place (folded) → country code, for the country-from-place inference
    places: dict[str, str] = field(default_factory=dict)
    # partnership id → its acronym
    acronyms: dict[str, str] = field(default_factory=dict)
    # partnership id → its programme; (programme, year) → the generations whose years (first to last) include it
    programmes: dict[str, str] = field(default_factory=dict)
    generations_by_year: dict[tuple[str, int], tuple[str, ...]] = field(default_factory=dict)
    # programme → its calls, each with its last deadline (None where no page states it)
    calls_by_programme: dict[str, dict[str, dt.date | None]] = field(default_factory=dict)


# --- names -------------------------------------------------------------------------------------------


def name_parts(value: str) -> list[str]:
    """A name and its parenthesised parts, each to be found: 'AEI Tèxtils (Tèxtils.CAT)' → both names."""
    inner = re.findall(r"\(([^()]+)\)", value)
    outer = re.sub(r"\s*\([^()]*\)\s*", " ", value).strip()
    return [p.strip() for p in (outer, *inner) if p.strip()]


def states_name(value: str, quote: str) -> bool:
    """The name inside the quote; an acronym the quote spells out in brackets may be read as its expansion:
    'F2F (Farm to Fork) Health Matters' names Farm to Fork Health Matters."""
    text = without_ellipses(quote)
    expanded = re.sub(r"[^\s()]+ \(([^()]+)\)", r"\1", text)
    return any(contains(fold_name(t), fold_name(value)) for t in {text, expanded})


# --- numbers -----------------------------------------------------------------------------------------

_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:(?:[ \u00a0\u202f.,']|, )\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\w]|[.,]\d)"
)


def _readings(token: str) -> set[Decimal]:
    """Every number a token of digits may mean: '4,115' is 4115 in English and 4.115 in French."""
    token = token.replace("\u00a0", " ").replace("\u202f", " ").replace("'", " ")
    out: set[Decimal] = set()
    seps = re.findall(r"[ .,]", token)
    if not seps:
        return {Decimal(token)}
    last = seps[-1]
    groups = re.split(r"[ .,]", token)
    if len(set(seps)) == 1 and all(len(g) == 3 for g in groups[1:]):
        out.add(Decimal("".join(groups)))  # 4,115,121 or 4 115 121 or 4.115.121
    if len(groups[-1]) != 3 or len(seps) == 1:
        whole = re.sub(r"[ .,]", "", token[: token.rfind(last)])
        with contextlib.suppress(InvalidOperation):
            out.add(Decimal(f"{whole}.{groups[-1]}"))  # 5,79 or 4.1 or 1.560,00
    return out


def numbers_in(quote: str, scaled: bool = True) -> set[Decimal]:
    """The numbers a quote writes in digits, each multiplied by a scale word after it (4.1 million)."""
    text = without_ellipses(quote).replace("\u00a0", " ")
    out: set[Decimal] = set()
    for m in _NUMBER.finditer(text):
        readings = _readings(m.group(1))
        out |= readings
        if scaled:
            after = fold(text[m.end() : m.end() + 14])
            word = re.match(r"\s?(?:€\s?|eur\s)?([a-z€.]+)", after)
            if word:
                w = word.group(1).rstrip(".") if word.group(1).rstrip(".") in SCALE_WORDS else word.group(1)
                factor = SCALE_WORDS.get(w) or SCALE_WORDS.get(w.removesuffix("€"))
                if factor:
                    out |= {r * factor for r in readings}
    return out


_RANGE_WORDS = r"(?:and|to|-|–|—|à|a|bis|und|e|y|ja|do|i)"


def _ranges_scaled(text: str) -> set[Decimal]:
    """The first number of a range whose scale word follows only the second: 'between EUR 2.5 and 5 million'."""
    out: set[Decimal] = set()
    pattern = rf"(\d+(?:[.,]\d+)?)\s*{_RANGE_WORDS}\s*(?:eur\s|€\s?)?(\d+(?:[.,]\d+)?)\s?([a-z€.]+)"
    for m in re.finditer(pattern, fold(text)):
        word = m.group(3).rstrip(".")
        factor = SCALE_WORDS.get(word) or SCALE_WORDS.get(word.removesuffix("€"))
        if factor:
            out |= {r * factor for r in _readings(m.group(1))}
    return out


def word_numbers(quote: str) -> set[int]:
    text = fold(without_ellipses(quote))
    return {n for n, words in NUMBER_WORDS.items() if any(contains(text, fold(w)) for w in words)}


def _as_decimal(value: str) -> Decimal | None:
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def states_amount(value: str, quote: str) -> bool:
    amount = _as_decimal(value)
    found = numbers_in(quote) | _ranges_scaled(without_ellipses(quote))
    return amount is not None and any(abs(n - amount) < Decimal("0.005") for n in found)


def states_count(value: str, quote: str) -> bool:
    number = _as_decimal(value)
    if number is None:
        return False
    return number in numbers_in(quote, scaled=False) or number in word_numbers(quote)


def states_year(value: str, quote: str) -> bool:
    return re.fullmatch(r"\d{4}", value) is not None and re.search(rf"(?<!\d){value}(?!\d)", quote) is not None


def states_percent(value: str, quote: str) -> bool:
    number = _as_decimal(value)
    if number is None:
        return False
    text = without_ellipses(quote).replace("\u00a0", " ")
    for m in _NUMBER.finditer(text):
        after = fold(text[m.end() : m.end() + 14])
        percent = any(after.startswith(w) or after.startswith(" " + w) for w in map(fold, PERCENT_WORDS))
        if percent and number in _readings(m.group(1)):
            return True
    return False


def durations_in(quote: str) -> set[int]:
    """Months a quote states as a duration: '24-month', 'two years', '18 kuukautta', '3 ans'."""
    text = fold(without_ellipses(quote))
    words = {fold(w): n for n, ws in NUMBER_WORDS.items() for w in ws}
    number = r"(\d+(?:[.,]5)?|" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + ")"
    unit = "(" + "|".join(sorted(map(re.escape, map(fold, DURATION_UNITS)), key=len, reverse=True)) + ")"
    out: set[int] = set()
    for m in re.finditer(rf"(?<![0-9a-z]){number}[ -]?{unit}(?![a-z])", text):
        n = m.group(1)
        count = Decimal(n.replace(",", ".")) if n[0].isdigit() else Decimal(words[n])
        months = count * DURATION_UNITS[_unit_key(m.group(2))]
        if months == int(months):
            out.add(int(months))
    return out


@cache
def _unit_key(folded: str) -> str:
    return next(u for u in DURATION_UNITS if fold(u) == folded)


def states_duration(value: str, quote: str) -> bool:
    return value.isdigit() and int(value) in durations_in(quote)


# --- dates -------------------------------------------------------------------------------------------


@cache
def _month_pattern() -> tuple[re.Pattern, dict[str, int]]:
    spellings: dict[str, int] = {}
    for months in (*WORDS_MONTHS.values(), *MONTHS_BEYOND_REGISTERS.values()):
        for number, names in enumerate(months, start=1):
            for name in names:
                spellings[fold(name)] = number
    alternatives = []
    for spelling in sorted(spellings, key=len, reverse=True):
        tail = r"[a-z]{0,6}" if spelling in {fold(s) for s in MONTH_STEMS} else r"\.?"
        alternatives.append(re.escape(spelling) + tail)
    return re.compile(r"(?<![a-z])(" + "|".join(alternatives) + r")(?![a-z])"), spellings


def _month_of(word: str) -> int | None:
    _, spellings = _month_pattern()
    word = word.rstrip(".")
    if word in spellings:
        return spellings[word]
    for spelling, number in sorted(spellings.items(), key=lambda s: -len(s[0])):
        if spelling in {fold(s) for s in MONTH_STEMS} and word.startswith(spelling):
            return number
    return None


def dates_in(quote: str) -> set[str]:
    """Every date a quote writes, as ISO text of its precision: '2022', '2022-02' or '2022-02-28'."""
    text = fold(without_ellipses(quote))
    found: set[str] = set()

    def add(year: int, month: int | None = None, day: int | None = None) -> None:
        try:
            if day is not None and month is not None:
                found.add(dt.date(year, month, day).isoformat())
            elif month is not None and 1 <= month <= 12:
                found.add(f"{year:04d}-{month:02d}")
        except ValueError:
            pass

    for m in re.finditer(r"(?<!\d)(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?!\d)", text):  # ISO
        add(int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None)
    for m in re.finditer(r"(?<![\d.])(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?!\d)", text):  # day first
        add(int(m.group(4)), int(m.group(3)), int(m.group(1)))
    for m in re.finditer(r"(?<![\d./])(\d{1,2})/(\d{4})(?!\d)", text):  # 02/2022
        add(int(m.group(2)), int(m.group(1)))
    month_re, _ = _month_pattern()
    day = r"(\d{1,2})(?:st|nd|rd|th|er|\.|º)?(?: of| de)?"
    for m in re.finditer(day + r" ?" + month_re.pattern + r",?(?: de)? (\d{4})(?!\d)", text):
        month = _month_of(m.group(2))
        if month:
            add(int(m.group(3)), month, int(m.group(1)))
    for m in re.finditer(month_re.pattern + r" (\d{1,2})" + _BEFORE_YEAR + r"(\d{4})(?!\d)", text):
        month = _month_of(m.group(1))
        if month:
            add(int(m.group(3)), month, int(m.group(2)))
    for m in re.finditer(month_re.pattern + r",?(?: de| of)? (\d{4})(?!\d)", text):
        month = _month_of(m.group(1))
        if month:
            add(int(m.group(2)), month)
    _day_ranges(text, add)
    return found


_TO = r"\s*(?:-|to|till|until|and|au|bis|al|a|e|y|ja|do)\s*(?:the\s+)?"
_ORDINAL = r"(?:st|nd|rd|th|er|\.|º)?"
# between a month-first day and its year: a comma or a space, none after an English ordinal ("16th2022")
_BEFORE_YEAR = r"(?:(?:st|nd|rd|th),? ?|(?:er|\.|º)?,? )"


def _day_ranges(text: str, add) -> None:
    """Both ends of a span of days written once with its month and year: 'between 23 and 25 February 2021',
    '14-16 June, 2023', 'November 21-23, 2023', 'September 7.-9. 2022', '11.-14.10.2022', '29.11.-01.12.2022'."""
    month_re, _ = _month_pattern()
    first_days = rf"(?<!\d)(\d{{1,2}}){_ORDINAL}{_TO}(\d{{1,2}}){_ORDINAL}(?: of| de)? ?"
    for m in re.finditer(rf"{first_days}{month_re.pattern},?(?: de)? (\d{{4}})(?!\d)", text):
        month = _month_of(m.group(3))
        if month:
            add(int(m.group(4)), month, int(m.group(1)))
            add(int(m.group(4)), month, int(m.group(2)))
    for m in re.finditer(
        rf"{month_re.pattern} (\d{{1,2}}){_ORDINAL}{_TO}(\d{{1,2}}){_BEFORE_YEAR}(\d{{4}})(?!\d)", text
    ):
        month = _month_of(m.group(1))
        if month:
            add(int(m.group(4)), month, int(m.group(2)))
            add(int(m.group(4)), month, int(m.group(3)))
    for m in re.finditer(r"(?<![\d.])(\d{1,2})\.-(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)", text):
        add(int(m.group(4)), int(m.group(3)), int(m.group(1)))
        add(int(m.group(4)), int(m.group(3)), int(m.group(2)))
    for m in re.finditer(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.-(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)", text):
        first_month, last_month, year = int(m.group(2)), int(m.group(4)), int(m.group(5))
        add(year - (first_month > last_month), first_month, int(m.group(1)))
        add(year, last_month, int(m.group(3)))


def states_date(value: str, quote: str) -> bool:
    """A year is stated by the year alone or any date in it; a month by any day in it; a day by that day."""
    dates = dates_in(quote)
    if re.fullmatch(r"\d{4}", value):
        return states_year(value, quote)
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return any(d[:7] == value for d in dates)
    return value in dates


# --- countries ---------------------------------------------------------------------------------------


@cache
def country_names() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Code → (names and adjectives to find whole, names that may take endings)."""
    translations = {
        lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang]) for lang in COUNTRY_LANGUAGES
    }
    out: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for c in pycountry.countries:
        english = {c.name, getattr(c, "common_name", c.name), getattr(c, "official_name", c.name)}
        whole = set(english) | set(COUNTRY_WORDS.get(c.alpha_2, ()))
        inflected = set()
        for lang, t in translations.items():
            for name in english:
                local = t.gettext(name)
                whole.add(local)
                if lang in INFLECTING_LANGUAGES and len(local) >= 5 and " " not in local:
                    inflected.add(local)
        out[c.alpha_2] = (tuple(sorted(map(fold, whole))), tuple(sorted(map(fold, inflected))))
    out["XK"] = (tuple(map(fold, COUNTRY_WORDS["XK"])), ())
    return out


def states_country(value: str, quote: str) -> bool:
    code = EU_TO_ISO.get(value, value)
    raw = without_ellipses(quote)
    codes = {code, *(eu for eu, iso in EU_TO_ISO.items() if iso == code)}
    if any(re.search(rf"[(\[]{c}[)\]]", raw) for c in codes):
        return True
    whole, inflected = country_names().get(code, ((), ()))
    text = fold(raw)
    if any(contains(text, n) for n in whole):
        return True
    others = _other_countries_words(code)
    for n in inflected:
        stem = n[:-1] if n[-1] in "aeiouy" else n
        for m in re.finditer(rf"(?<![a-z]){re.escape(stem)}[a-z]{{0,5}}(?![a-z])", text):
            if m.group(0) not in others:  # Nigeria is not an ending of Niger
                return True
    return False


@cache
def _other_countries_words(code: str) -> frozenset[str]:
    return frozenset(n for other, (whole, _) in country_names().items() if other != code for n in whole)


def states_country_by_place(value: str, quote: str, place: str, places: dict[str, str]) -> bool:
    """country-from-place: the place is in the quote and the gazetteer puts it in that country."""
    return bool(place) and states_name(place, quote) and places.get(fold(place)) == EU_TO_ISO.get(value, value)


# --- words: programmes, generations, calls, roles, choices -------------------------------------------


def states_programme(value: str, quote: str) -> bool:
    return contains_any(quote, PROGRAMME_ALIASES.get(value, (value,)))


def states_generation(value: str, quote: str) -> bool:
    """A generation by one of its names, or by the span of years its name gives, written as a span in the quote
    ('from February 2022 until early 2024' for '2nd generation (2022-2024)')."""
    if contains_any(quote, GENERATION_ALIASES.get(value, (value,))):
        return True
    span = re.search(r"(\d{4})-(\d{4})", value)
    if span is None:
        return False
    first, last = span.groups()
    text = fold_name(without_ellipses(quote))
    words = r"(?:to|until|till|and|-|au|a|bis|al|hasta|e|ja|do)"
    between = rf"(?<!\d){first}(?!\d)[^0-9,;.]{{0,3}}\b{words}\b\s*(?:[a-z]+\s+)?{last}(?!\d)"
    return re.search(between, text) is not None


def calls_named(quote: str, ctx: Context) -> set[str]:
    """The calls a quote names by any of their ids."""
    text = fold(quote)
    return {call for spelling, (call, _) in ctx.calls.items() if contains(text, spelling)}


def states_call(value: str, quote: str, ctx: Context) -> bool:
    return value in calls_named(quote, ctx) or contains(fold(quote), fold(value))


def states_choice(value: str, quote: str) -> bool:
    return contains_any(quote, CHOICE_WORDS.get(value, (value,)))


def qualifiers_in(quote: str) -> set[str]:
    """The qualifiers the quote puts before a number ('up to 4', 'at least 75 %', 'about 140'); a word further
    away ('the maximum grant per project will be EUR 350,000') qualifies no figure."""
    text = fold_name(without_ellipses(quote))
    found = set()
    for m in re.finditer(r"\d", text):
        if m.start() > 0 and text[m.start() - 1].isdigit():
            continue
        before = text[max(0, m.start() - 24) : m.start()]
        before = re.sub(r"(eur|€|euro|euros)\s*$", "", before).rstrip()
        for qualifier, words in QUALIFIER_WORDS.items():
            if any(re.search(rf"(?<![0-9a-z]){re.escape(fold_name(w))}$", before) for w in words):
                found.add(qualifier)
    return found


def states_qualifier(value: str, quote: str) -> bool:
    found = qualifiers_in(quote)
    if value == "exact":
        return not found and (re.search(r"\d", quote) is not None or bool(word_numbers(quote)))
    return value in found


def states_role(value: str, quote: str) -> bool:
    return contains_any(quote, ROLE_WORDS.get(value, (value,)))


# --- the table of matchers ---------------------------------------------------------------------------

MATCHERS: dict[str, Callable[[str, str], bool]] = {
    "name": states_name,
    "amount": states_amount,
    "count": states_count,
    "year": states_year,
    "percent": states_percent,
    "duration": states_duration,
    "date": states_date,
    "country": states_country,
    "role": states_role,
    "programme": states_programme,
    "generation": states_generation,
    "choice": states_choice,
    "qualifier": states_qualifier,
}


def states(matcher: str, value: str, quote: str, ctx: Context | None = None, key: str = "") -> bool:
    """Whether `quote` states `value` as the matcher named reads it."""
    ctx = ctx or Context()
    if matcher == "call":
        return states_call(value, quote, ctx)
    if matcher == "key":
        return value == "true" and contains(fold(quote), fold(key))
    if matcher == "partnership":
        return value in ctx.acronyms and states_name(ctx.acronyms[value], quote)
    return MATCHERS[matcher](value, quote)


def _dates_and_years(quote: str) -> list[str]:
    """Every date the quote writes and every year it writes alone, as ISO text ('2022', '2022-02', ...)."""
    return [*dates_in(quote), *re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", quote)]


def _last_day(iso: str) -> dt.date:
    """The last day a partial ISO date ('2022', '2022-02', '2022-02-14') can mean."""
    if len(iso) == 10:
        return dt.date.fromisoformat(iso)
    year, month = int(iso[:4]), int(iso[5:7]) if len(iso) == 7 else 12
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def infers(rule: str, value: str, quote: str, ctx: Context, notes: str = "", key: str = "") -> bool:
    """Whether `quote` supports `value` through the declared inference `rule` (`key`: the row's key)."""
    if rule == "generation-from-dates":
        # the start is the earliest date or year the quote states ("from February 2022 to January 2024",
        # "Implementation period 2018-2021")
        found = _dates_and_years(quote)
        start = int(min(found)[:4]) if found else None
        return ctx.generations_by_year.get((ctx.programmes.get(key), start)) == (value,)
    if rule == "generation-from-closed-calls":
        # the latest date the quote names the partnership at; a partial date counts as its last day
        found = _dates_and_years(quote)
        if not found:
            return False
        when = max(map(_last_day, found))
        calls = ctx.calls_by_programme.get(ctx.programmes.get(key, ""), {})
        closed = [c for c, deadline in calls.items() if deadline is None or deadline <= when]
        return len(closed) == 1 and ctx.generations_by_call.get(closed[0]) == (value,)
    if rule == "country-from-place":
        m = re.search(r"place:\s*([^;]+)", notes or "")
        return m is not None and states_country_by_place(value, quote, m.group(1).strip(), ctx.places)
    if rule == "programme-from-call":
        return any(ctx.calls[fold(c)][1] == value for c in calls_named(quote, ctx))
    if rule == "generation-from-call":
        return any(value in ctx.generations_by_call.get(c, ()) for c in calls_named(quote, ctx))
    if rule == "duration-from-dates":
        found = dates_in(quote)
        days = sorted(dt.date.fromisoformat(d) for d in found if len(d) == 10)
        months = {round((b - a).days / 30.4375) for a in days for b in days if b > a}
        # from one month to another, both counted: January 2016 to June 2017 is 18 months
        spans = sorted((int(d[:4]), int(d[5:7])) for d in found if len(d) == 7)
        months |= {(y2 - y1) * 12 + m2 - m1 + 1 for y1, m1 in spans for y2, m2 in spans if (y2, m2) > (y1, m1)}
        return value.isdigit() and int(value) in months
    return False
