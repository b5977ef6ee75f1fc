"""The curated registers in raw/: where each lives and which columns the pipeline reads from it.

Columns a curator adds beyond these (curator_notes, say) are kept in raw/ and never published.
"""

from dataclasses import dataclass
from pathlib import Path

from pipelines.readers.tabular import RawTable, read_csv, read_sheet

SOURCE_COLUMNS = ("source", "further_sources")


@dataclass(frozen=True)
class Register:
    path: str
    columns: tuple[str, ...]
    sheet: str | None = None

    def read(self, root: Path) -> RawTable:
        if self.sheet is None:
            return read_csv(root, self.path, self.columns)
        return read_sheet(root, self.path, self.sheet, self.columns)

    def describe(self) -> str:
        where = f"sheet {self.sheet!r} of raw/{self.path}" if self.sheet else f"raw/{self.path}"
        return f"{where} as text cells, each row with its file, sheet and row number."


PROGRAMMES = Register(
    "registers/programmes.csv",
    ("programme_id", "name", "framework", "first_year", "last_year", "description", "notes", *SOURCE_COLUMNS),
)
CALLS = Register(
    "spreadsheets/calls.xlsx",
    (
        "call_id", "official_id", "alternative_ids", "programme_id", "title", "opening_date", "deadline_date",
        "second_stage_deadline_date", "budget_eur", "max_grant_eur", "expected_funded", "funding_rate_pct", "notes",
        *SOURCE_COLUMNS,
    ),  # fmt: skip
    sheet="calls",
)
GENERATIONS = Register(
    "registers/generations.csv",
    ("programme_id", "name", "call_id", "first_year", "last_year", "notes", *SOURCE_COLUMNS),
)
PARTNERSHIPS = Register(
    "registers/partnerships.csv",
    (
        "acronym", "name", "programme_id", "generation", "call_id", "funding_status", "start_date", "end_date",
        "duration_months", "eu_contribution_eur", "total_budget_eur", "target_countries", "sectors", "grant_id",
        "notes", *SOURCE_COLUMNS,
    ),  # fmt: skip
)
PARTNERSHIP_MEMBERS = Register(
    "registers/partnership_members.csv",
    ("partnership", "organisation", "name_in_source", "country", "role", "role_detail", *SOURCE_COLUMNS),
)
CLAIMS = Register(
    "registers/claims.csv",
    ("source", "quote", "programme_id", "generation", "metric", "dimension", "value", "qualifier", "period", "notes"),
)
COSME_COUNTRIES = Register(
    "registers/cosme_countries.csv",
    ("country", "name", "group", "status", "notes", *SOURCE_COLUMNS),
)
EXCHANGE_PARTNERSHIPS = Register(
    "registers/exchange_partnerships.csv",
    ("partnership", "planned_exchanges", "notes", "source"),
)
# Exchange registers as data holders keep them (any of .xlsx, .ods, .csv); headers through aliases.
EXCHANGE_REGISTERS = "exchanges"
# Columns an exchange register may leave out because the pipeline derives them.
EXCHANGE_DERIVED = ("exchange_id", "working_days")
