"""What sprints' pages show from the floors above, without importing them.

Worklogs and budgets are billing's, and billing sits above sprints (decision
0023), yet the ticket page lists and logs time and the planning page shows
the month's budgets. Billing hands its functions over when Django starts
(`BillingConfig.ready`) and the pages call them here, so imports run one
way: billing → sprints.

Likewise the rituals (decision 0028): `RitualsConfig.ready` adds the ritual
page to the sprint pages' navigation (`add_sprint_page`) and its part of the
sprints index, the link and the tech talks (`add_index_panel`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from cellops.kernel.actor import Actor


@dataclass(frozen=True)
class Billing:
    """The billing functions sprints' pages use (see `cellops.billing.apps`)."""

    worklogs_of: Callable[[str], list[Any]]
    log_work: Callable[..., Any]
    may_log_for_others: Callable[[Any, str], bool]  # (an org Actor, a cell)
    planning_budgets: Callable[[Any, date], tuple[list | None, list | None]]
    #: The planning page's budgets sized for the person, and one burn chart (decision 0036).
    planning_panel: Callable[..., dict[str, Any] | None] | None = None
    burn: Callable[[Any, date, str, str], Any | None] | None = None


_billing: Billing | None = None


def provide_billing(functions: Billing) -> None:
    global _billing
    _billing = functions


def billing() -> Billing:
    if _billing is None:
        raise RuntimeError("cellops.billing is not installed: nothing provides worklogs or budgets")
    return _billing


@dataclass(frozen=True)
class SprintPage:
    """A page of one sprint that an app above adds to the sprint pages' navigation."""

    page: str  # its `current_page`, which marks the link as the current page
    label: str
    url_name: str  # reversed with the cell and the sprint's number


@dataclass(frozen=True)
class IndexPanel:
    """A part of the sprints index that an app above adds: its template, included after
    the cell's sprints, and the values it shows (given who is asking and today's date)."""

    template: str
    context: Callable[[Actor, date], Mapping[str, Any]]


_sprint_pages: list[SprintPage] = []
_index_panels: list[IndexPanel] = []


def add_sprint_page(page: SprintPage) -> None:
    if page not in _sprint_pages:
        _sprint_pages.append(page)


def sprint_pages() -> tuple[SprintPage, ...]:
    """The pages apps above add to a sprint's navigation, in the order they were added."""
    return tuple(_sprint_pages)


def add_index_panel(panel: IndexPanel) -> None:
    if panel not in _index_panels:
        _index_panels.append(panel)


def index_panels() -> tuple[IndexPanel, ...]:
    """The parts apps above add to the sprints index, in the order they were added."""
    return tuple(_index_panels)
