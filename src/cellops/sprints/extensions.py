"""What sprints' pages show from billing, the floor above, without importing it.

Worklogs and budgets are billing's, and billing sits above sprints (decision
0023), yet the ticket page lists and logs time and the planning page shows
the month's budgets. Billing hands its functions over when Django starts
(`BillingConfig.ready`) and the pages call them here, so imports run one
way: billing → sprints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Billing:
    """The billing functions sprints' pages use (see `cellops.billing.apps`)."""

    worklogs_of: Callable[[str], list[Any]]
    log_work: Callable[..., Any]
    may_log_for_others: Callable[[Any, str], bool]  # (an org Actor, a cell)
    planning_budgets: Callable[[Any, date], tuple[list | None, list | None]]


_billing: Billing | None = None


def provide_billing(functions: Billing) -> None:
    global _billing
    _billing = functions


def billing() -> Billing:
    if _billing is None:
        raise RuntimeError("cellops.billing is not installed: nothing provides worklogs or budgets")
    return _billing
