"""What the planning page shows of the organisation's budgets: the accounts and epics the
sprint's own tickets bill to (decision 0036). Read only."""

from __future__ import annotations

from cellops.sprints.models import Ticket


def billed_to(cell: str, number: int) -> tuple[frozenset[str], frozenset[str]]:
    """(account names, epic keys) of the tickets of `cell`'s sprint `number`, stretch included.

    One query, however many tickets: the distinct pairs the sprint's tickets carry."""
    pairs = (
        Ticket.objects.filter(sprint__cell__name=cell, sprint__number=number)
        .values_list("account__name", "epic__key")
        .distinct()
    )
    accounts, epics = set(), set()
    for account, epic in pairs:
        if account:
            accounts.add(account)
        if epic:
            epics.add(epic)
    return frozenset(accounts), frozenset(epics)
