"""Table definitions: the single source of truth for every table the project publishes."""

from schemas import (
    calls,
    claims,
    cosme_countries,
    documents,
    exchange_partnerships,
    exchanges,
    generations,
    organisations,
    partnership_members,
    partnerships,
    programmes,
    sources,
)
from schemas.aggregates import (
    CLAIM_CONFLICTS,
    COUNTRY_PAIRS,
    COVERAGE,
    EXCHANGE_DURATIONS,
    EXCHANGE_FLOWS,
    EXCHANGE_LUMP_SUMS,
    EXCHANGES_BY_PARTNERSHIP,
    EXCHANGES_BY_YEAR_MODE,
    MEMBERS_BY_COUNTRY,
    PARTNERSHIPS_BY_PROGRAMME,
    PROGRAMME_FIGURES,
)
from schemas.model import Table

CORE_TABLES: tuple[Table, ...] = (
    sources.TABLE,
    documents.TABLE,
    programmes.TABLE,
    calls.TABLE,
    generations.TABLE,
    partnerships.TABLE,
    organisations.TABLE,
    partnership_members.TABLE,
    claims.TABLE,
    cosme_countries.TABLE,
    exchange_partnerships.TABLE,
    exchanges.TABLE,
)
AGGREGATE_TABLES: tuple[Table, ...] = (
    PARTNERSHIPS_BY_PROGRAMME,
    MEMBERS_BY_COUNTRY,
    COUNTRY_PAIRS,
    CLAIM_CONFLICTS,
    COVERAGE,
    PROGRAMME_FIGURES,
    EXCHANGES_BY_YEAR_MODE,
    EXCHANGE_FLOWS,
    EXCHANGE_DURATIONS,
    EXCHANGES_BY_PARTNERSHIP,
    EXCHANGE_LUMP_SUMS,
)
TABLES: dict[str, Table] = {t.name: t for t in CORE_TABLES + AGGREGATE_TABLES}
