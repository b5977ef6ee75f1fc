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
    mode = rng.choice(np.array(MODES), n, p=[0.6, 0.3, 0.1])
    group = rng.choice(np.array([1, 1, 1, 2, 3, 5]), n)
    lump = np.where(working_days < 5, 390, 780).astype(float)
    visiting = np.char.add("Synthetic visiting cluster ", np.char.zfill(np.arange(1, n + 1).astype(str), 8))
    host = np.char.add("Synthetic host cluster ", np.char.zfill(rng.integers(1, max(2, n // 5), n).astype(str), 7))
    vc, hc = rng.choice(np.array(countries), n), rng.choice(np.array(countries), n)

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
            "partnership_id": rng.choice(np.array(partnerships), n),
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


def _localised_modes(mode: np.ndarray, language: str) -> np.ndarray:
    words: dict[str, str] = {}
    for word, value in MODE_WORDS.get(language, {}).items():
        words.setdefault(value, word)  # the first word a language has for a mode is its usual one
    return np.array([words.get(m, m) for m in mode.tolist()], dtype=object)


def _dates(days: np.ndarray, style: str, rng) -> list:
    """Dates as data holders write them: ISO text, day-first text, or Excel serial numbers."""
    as_dates = days.astype("datetime64[D]").astype(dt.date).tolist()
    styles = rng.integers(0, 4, len(as_dates)) if style == "mixed" else None
    out = []
    for k, d in enumerate(as_dates):
        s = {"iso": 0, "dayfirst": 1, "serial": 3}.get(style) if styles is None else int(styles[k])
        if s == 0:
            out.append(d.isoformat())
        elif s == 1:
            out.append(d.strftime("%d/%m/%Y"))
        elif s == 2:
            out.append(f"{d.day}.{d.month}.{d.year}")
        else:
            out.append(str((d - _EXCEL_EPOCH).days))
    return out


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
