"""Validation problems as values with a place, collected and reported together.

Every problem names the raw file, sheet, row and column it was found at and the rule it broke, so a
curator can go straight to the cell. A step that finds problems raises `InvalidData` with all of
them, not just the first.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from dagster import Failure, MetadataValue

MAX_PROBLEMS = 100_000  # a step stops collecting here: a register that bad is fixed from the first ones


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    sheet: str | None
    row: int | None
    column: str | None
    rule: str
    message: str

    def place(self) -> str:
        bits = [self.file]
        if self.sheet:
            bits.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            bits.append(f"row {self.row}")
        if self.column:
            bits.append(f"column {self.column!r}")
        return ", ".join(bits)

    def __str__(self) -> str:
        return f"{self.place()}: [{self.rule}] {self.message}"


@dataclass(frozen=True)
class Notice:
    """What a run tells a data holder without failing: a summary row skipped, placeholders read as empty,
    an amount read by the register's language. `count` cells or rows, the first of them at `rows`."""

    file: str
    sheet: str | None
    column: str | None
    rule: str
    message: str  # what was found and what was done, without the count
    count: int = 1
    rows: tuple[int, ...] = ()

    def __str__(self) -> str:
        bits = (
            [self.file]
            + ([f"sheet {self.sheet!r}"] if self.sheet else [])
            + ([f"column {self.column!r}"] if self.column else [])
        )
        shown = ", ".join(map(str, self.rows[:NOTICE_ROWS])) + (
            ", …" if self.count > len(self.rows[:NOTICE_ROWS]) else ""
        )
        where = (
            f"row {shown}" if self.count == 1 and self.rows else f"{self.count:,} rows ({shown})" if self.rows else ""
        )
        return f"{', '.join(bits + ([where] if where else []))}: [{self.rule}] {self.message}"


NOTICE_ROWS = 10  # rows a notice names; its count says how many there are


def merged(notices: Iterable[Notice]) -> list[Notice]:
    """Notices of the same file, sheet, column, rule and message as one, their counts added and the first
    rows kept (a register read in batches gives one notice per batch)."""
    groups: dict[tuple, Notice] = {}
    for n in notices:
        key = (n.file, n.sheet or "", n.column or "", n.rule, n.message)
        seen = groups.get(key)
        groups[key] = n if seen is None else Notice(
            n.file, n.sheet, n.column, n.rule, n.message, seen.count + n.count,
            tuple(sorted(seen.rows + n.rows))[:NOTICE_ROWS],
        )  # fmt: skip
    return [groups[k] for k in sorted(groups)]


def report(problems: Iterable[Problem], limit: int = 200) -> str:
    ordered = sorted(set(problems), key=lambda p: (p.file, p.sheet or "", p.row or 0, p.column or "", p.rule))
    lines = [str(p) for p in ordered[:limit]]
    if len(ordered) > limit:
        lines.append(f"… and {len(ordered) - limit} more")
    return "\n".join(lines)


class InvalidData(Failure):
    """Raised by a step whose input breaks the rules; carries every problem found."""

    def __init__(self, what: str, problems: list[Problem], notices: Iterable[Notice] = ()):
        self.problems = sorted(set(problems), key=str)
        text = report(self.problems)
        said = [str(n) for n in notices]
        if said:  # what was done to read the registers, so the data holder sees it with what to fix
            text += "\nWarnings (these fail nothing):\n" + "\n".join(said[:200])
        super().__init__(
            description=f"{what}: {len(self.problems)} problem(s)\n{text}",
            metadata={"problems": MetadataValue.md("```\n" + text + "\n```"), "problem_count": len(self.problems)},
        )


def write_csv(problems: Iterable[Problem], path: Path) -> Path:
    """Every problem, one per row, for a curator to sort and filter: the printed report stops at 200."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["file", "sheet", "row", "column", "rule", "message"])
        for p in sorted(set(problems), key=lambda p: (p.file, p.sheet or "", p.row or 0, p.column or "", p.rule)):
            writer.writerow([p.file, p.sheet or "", "" if p.row is None else p.row, p.column or "", p.rule, p.message])
    return path
