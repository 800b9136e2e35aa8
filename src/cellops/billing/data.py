"""Plain values of billing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction


@dataclass(frozen=True)
class WorklogRow:
    """One parsed line of a worklog CSV export."""

    line: int
    ticket: str
    member: str
    day: date
    hours: Decimal
    note: str
    #: Issue #15: the other names the row gives its member (e-mail, display name…),
    #: tried in order when `member` names nobody.
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Worklog:
    """One logged piece of work, as `api.log_work` wrote it."""

    id: int
    ticket: str
    member: str
    date: date
    hours: Decimal
    note: str
    #: SL-6: the number of the sent invoice this worklog corrects, if it is a correction
    corrects: str | None = None


@dataclass(frozen=True)
class WorklogLine:
    """One worklog as a ticket page lists it: the member's username and full name."""

    id: int
    date: date
    member: str
    name: str
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


# --- SP-7 budgets (moved from sprints.data, decision 0023) -------------------


class BudgetStatus(StrEnum):
    """SP-7: how logged + planned hours compare with a budget."""

    OK = "ok"
    AT_RISK = "at risk"
    OVER = "over"


@dataclass(frozen=True)
class BudgetPolicy:
    """SP-7's numbers, with the handbook's values as defaults.

    - `ok_ratio`, `at_risk_ratio`: logged + planned up to 90 % of the budget
      is ok, up to 100 % at risk, beyond that over.
    """

    ok_ratio: Fraction = Fraction(9, 10)
    at_risk_ratio: Fraction = Fraction(1)

    def __post_init__(self) -> None:
        if not 0 < self.ok_ratio <= self.at_risk_ratio:
            raise ValueError("budget ratios must satisfy 0 < ok ≤ at risk")


DEFAULT_BUDGET_POLICY = BudgetPolicy()


@dataclass(frozen=True)
class BudgetItem:
    """SP-7: one account (month) or epic budget line."""

    kind: str
    name: str
    budget_hours: Decimal
    logged_hours: Decimal
    planned_hours: Decimal
    status: BudgetStatus


# --- SL-6 invoices -------------------------------------------------------------------

SL_6 = "SL-6"
"""Rule ID: monthly invoices from worklogs; sent invoices and their worklogs are locked."""


class InvoiceStatus(StrEnum):
    DRAFT = "draft"
    SENT = "sent"


@dataclass(frozen=True)
class BillableWorklog:
    """One worklog as an invoice reads it: which account and epic its ticket is on."""

    id: int
    account: str
    epic: str | None
    hours: Decimal
    #: SL-6: the sent invoice this worklog corrects (time missed there), on a line of its own
    corrects: str | None = None


@dataclass(frozen=True)
class InvoiceLineDraft:
    """One line of an invoice: an epic's time, an account's time outside any epic, or the
    correction of a sent invoice (named by its number), with the worklogs it came from."""

    kind: str  # "epic", "account" or "correction"
    name: str
    hours: Decimal
    rate: Decimal
    amount: Decimal
    worklogs: tuple[int, ...]


@dataclass(frozen=True)
class Invoice:
    """SL-6: a client's invoice for a month; a sent one is an immutable snapshot."""

    id: int
    number: str | None
    client: str
    month: str
    status: InvoiceStatus
    lines: tuple[InvoiceLineDraft, ...]
    total_hours: Decimal
    total_amount: Decimal
    currency: str
