"""Plain values of billing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class WorklogRow:
    """One parsed line of a worklog CSV export."""

    line: int
    ticket: str
    member: str
    day: date
    hours: Decimal
    note: str


@dataclass(frozen=True)
class BadRow:
    """A line that cannot be imported, with the column and what is wrong."""

    line: int
    column: str
    message: str


@dataclass(frozen=True)
class WorklogImport:
    """What an import did: how many rows, and its bad lines (nothing imported if any, unless
    skipped): the first ones in `bad`, how many in all in `bad_count`."""

    imported: int
    bad: tuple[BadRow, ...]
    skipped_bad: bool
    bad_count: int = 0
