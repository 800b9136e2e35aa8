"""What apps above sprints do when a ticket changes, without sprints importing them.

Billing keeps its budgets' totals per epic, and billing sits above sprints (decision
0023): when a ticket moves to another epic, the time already logged on it must follow.
Billing registers its function when Django starts (`BillingConfig.ready`) and
`update_ticket` calls it inside the ticket's transaction.
"""

from __future__ import annotations

from collections.abc import Callable

#: (ticket id, epic id before, epic id after)
type EpicChanged = Callable[[int, int | None, int | None], None]

_epic_changed: list[EpicChanged] = []


def when_epic_changes(function: EpicChanged) -> None:
    """Call `function` whenever a ticket's epic changes (once, however often registered)."""
    if function not in _epic_changed:
        _epic_changed.append(function)


def epic_changed(ticket_id: int, before: int | None, after: int | None) -> None:
    for function in _epic_changed:
        function(ticket_id, before, after)
