"""Table definitions: the single source of truth for every table the project publishes."""

from schemas import claims, calls, documents, organisations, partnership_members, partnerships, programmes, sources
from schemas.aggregates import (
    CLAIM_CONFLICTS,
    COUNTRY_PAIRS,
    COVERAGE,
    MEMBERS_BY_COUNTRY,
    PARTNERSHIPS_BY_PROGRAMME,
)
from schemas.model import Table

CORE_TABLES: tuple[Table, ...] = (
    sources.TABLE,
    documents.TABLE,
    programmes.TABLE,
    calls.TABLE,
    partnerships.TABLE,
    organisations.TABLE,
    partnership_members.TABLE,
    claims.TABLE,
)
AGGREGATE_TABLES: tuple[Table, ...] = (
    PARTNERSHIPS_BY_PROGRAMME,
    MEMBERS_BY_COUNTRY,
    COUNTRY_PAIRS,
    CLAIM_CONFLICTS,
    COVERAGE,
)
TABLES: dict[str, Table] = {t.name: t for t in CORE_TABLES + AGGREGATE_TABLES}
