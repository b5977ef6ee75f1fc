"""Synthetic exchange registers for tests and benchmarks: seeded, deterministic, labelled synthetic.

They have the real input shape (headers in one of six languages, ISO, day-first and Excel-serial
dates, mode words in the register's language) and a chosen share of rows that break one rule each,
so tests can check that every violation is reported where it is. Any size from a hundred rows to
ten million: CSV through Polars, .xlsx through xlsxwriter's constant-memory mode and .ods through
stream-write-ods, both split into sheets of at most 1,048,575 rows. Never written into raw/ or
published/: every organisation is named "Synthetic …" and every row's notes say so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.tools.template import header, register_fields
from schemas.tables.exchanges import MODE_WORDS, MODES

VIOLATIONS = ("too_short", "too_long", "visitor_twice", "non_cosme_country", "end_before_start", "unknown_mode")
# The column a violation is reported in (a row rule names both of its columns).
VIOLATION_COLUMNS = {
    "too_short": "working_days",
    "too_long": "start_date, end_date",
    "visitor_twice": "visiting_organisation",
    "non_cosme_country": "host_country",
    "end_before_start": "start_date, end_date",
    "unknown_mode": "mode",
}
SHEET_ROWS = 1_048_575  # a spreadsheet sheet's rows, less the header
LABEL = "SYNTHETIC test data, not a real exchange"
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_FIRST = np.datetime64("2020-09-01")


@dataclass(frozen=True)
class Synthetic:
    """A generated register: its rows as the file holds them, and the violations it contains."""

    frame: pl.DataFrame  # one column per register field, values as written (text, numbers, dates)
    violations: dict[int, str]  # spreadsheet row number (the header is row 1) → violation kind


def generate(
    rows: int,
    *,
    partnerships: list[str],
    countries: list[str],
    seed: int = 0,
    violation_share: float = 0.0,
    language: str = "en",
    dates: str = "mixed",
) -> Synthetic:
    """`rows` exchanges among `partnerships` and `countries`; `dates` is 'iso', 'dayfirst', 'serial' or 'mixed'."""
    rng = np.random.default_rng(seed)
    n = rows
    working_days = rng.integers(3, 21, n)
    start = np.busday_offset(_FIRST + rng.integers(0, 1300, n).astype("timedelta64[D]"), 0, roll="forward")
    end = np.busday_offset(start, working_days - 1)
    mode = _pick(rng, MODES, n, p=[0.6, 0.3, 0.1])
    group = rng.choice(np.array([1, 1, 1, 2, 3, 5]), n)
    lump = np.where(working_days < 5, 390, 780).astype(float)
    visiting = _numbered("Synthetic visiting cluster ", np.arange(1, n + 1), 8)
    host = _numbered("Synthetic host cluster ", rng.integers(1, max(2, n // 5), n), 7)
    vc, hc = _pick(rng, countries, n), _pick(rng, countries, n)

    bad = rng.choice(n, size=round(n * violation_share), replace=False) if violation_share else np.array([], int)
    bad.sort()
    kinds = {int(i): VIOLATIONS[k % len(VIOLATIONS)] for k, i in enumerate(bad)}
    for i, kind in kinds.items():
        if kind == "too_short":
            working_days[i], end[i] = 2, np.busday_offset(start[i], 1)
        elif kind == "too_long":
            end[i] = start[i] + np.timedelta64(40, "D")
            working_days[i] = int(np.busday_count(start[i], end[i] + 1))
        elif kind == "visitor_twice":
            visiting[i] = visiting[i - 1 if i else 1]
        elif kind == "non_cosme_country":
            hc[i] = "CH"
        elif kind == "end_before_start":
            end[i] = start[i] - np.timedelta64(3, "D")
        elif kind == "unknown_mode":
            mode[i] = "teleport"
    written_mode = _localised_modes(mode, language)
    frame = pl.DataFrame(
        {
            "partnership_id": _pick(rng, partnerships, n),
            "visiting_organisation": visiting,
            "visiting_country": vc,
            "host_organisation": host,
            "host_country": hc,
            "start_date": _dates(start, dates, rng),
            "end_date": _dates(end, dates, rng),
            "working_days": working_days,
            "mode": written_mode,
            "group_size": group,
            "lump_sum_eur": lump,
            "notes": np.full(n, LABEL),
        },
        strict=False,
    )
    return Synthetic(frame, {i + 2: kind for i, kind in kinds.items()})


def _pick(rng, values, n: int, p=None) -> pl.Series:
    """rng.choice(values, n) as a Polars column: the same draws, without a slow NumPy string array."""
    return pl.Series(list(values), dtype=pl.String).gather(rng.choice(len(values), n, p=p))


def _numbered(prefix: str, numbers: np.ndarray, width: int) -> pl.Series:
    """prefix + the number zero-padded to `width` digits, vectorised (10M names in well under a second)."""
    return pl.Series(numbers).cast(pl.String).str.zfill(width).str.replace(r"^", prefix, literal=False)


def _localised_modes(mode: pl.Series, language: str) -> pl.Series:
    words: dict[str, str] = {}
    for word, value in MODE_WORDS.get(language, {}).items():
        words.setdefault(value, word)  # the first word a language has for a mode is its usual one
    return mode.replace(words)


def _dates(days: np.ndarray, style: str, rng) -> pl.Series:
    """Dates as data holders write them: ISO text, day-first text (with / or .), or Excel serial numbers."""
    n = len(days)
    styles = rng.integers(0, 4, n) if style == "mixed" else np.full(n, {"iso": 0, "dayfirst": 1, "serial": 3}[style])
    d = pl.col("d")
    dotted = pl.format("{}.{}.{}", d.dt.day(), d.dt.month(), d.dt.year())
    serial = (d - pl.lit(_EXCEL_EPOCH)).dt.total_days().cast(pl.String)
    frame = pl.DataFrame({"d": days.astype("datetime64[D]"), "s": styles}).with_columns(d.cast(pl.Date))
    text = (
        pl.when(pl.col("s") == 0)
        .then(d.dt.strftime("%Y-%m-%d"))
        .when(pl.col("s") == 1)
        .then(d.dt.strftime("%d/%m/%Y"))
        .when(pl.col("s") == 2)
        .then(dotted)
        .otherwise(serial)
    )
    return frame.select(text.alias("date"))["date"]


def write(synthetic: Synthetic, path: Path, language: str = "en") -> Path:
    """The register as a .csv, .xlsx or .ods file with headers in `language`."""
    fields = {f.name: f for f in register_fields()}
    frame = synthetic.frame
    headers = [header(fields[c], language) for c in frame.columns]
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        frame.cast(pl.String).rename(dict(zip(frame.columns, headers))).write_csv(path)
    elif suffix == ".xlsx":
        _write_xlsx(frame, headers, path)
    elif suffix == ".ods":
        _write_ods(frame, headers, path)
    else:
        raise ValueError(f"synthetic registers are .csv, .xlsx or .ods, not {suffix}")
    return path


_NUMERIC = {"working_days", "group_size", "lump_sum_eur"}


def _cells(frame: pl.DataFrame):
    """Rows as a spreadsheet holds them: counts, amounts and Excel serial dates as numbers."""
    for row in frame.iter_rows(named=True):
        yield [float(v) if c in _NUMERIC or (c.endswith("_date") and v.isdigit()) else v for c, v in row.items()]


def _write_xlsx(frame: pl.DataFrame, headers: list[str], path: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    book.set_properties({"title": LABEL, "created": dt.datetime(2026, 1, 1)})
    for k, chunk in enumerate(frame.iter_slices(SHEET_ROWS)):
        sheet = book.add_worksheet("exchanges" if k == 0 else f"exchanges {k + 1}")
        sheet.write_row(0, 0, headers)
        for r, cells in enumerate(_cells(chunk), start=1):
            sheet.write_row(r, 0, cells)
    book.close()


def _write_ods(frame: pl.DataFrame, headers: list[str], path: Path) -> None:
    from stream_write_ods import stream_write_ods

    sheets = (
        ("exchanges" if k == 0 else f"exchanges {k + 1}", headers, _cells(chunk))
        for k, chunk in enumerate(frame.iter_slices(SHEET_ROWS))
    )
    with path.open("wb") as f:
        for block in stream_write_ods(sheets, get_modified_at=lambda: dt.datetime(2026, 1, 1)):
            f.write(block)
