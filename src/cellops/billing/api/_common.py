"""What the billing use cases share: the monthly and daily totals kept with every worklog
write, and who may log time (for themself, for someone else)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import F

from cellops.billing import models
from cellops.org.data import Actor
from cellops.org.policy import Permission, allows, allows_in_cell, denial_message

#: (account id, epic id or None, the day worked): how a write's hours are grouped.
TotalKey = tuple[int, int | None, date]


def month_of(day: date) -> date:
    """The first day of `day`'s month (how monthly totals are keyed)."""
    return day.replace(day=1)


def add_to_totals(groups: dict[TotalKey, Decimal]) -> None:
    """Add hours (grouped by account, epic and day) to the daily totals and to the monthly
    ones; call inside the worklogs' transaction."""
    months: dict[TotalKey, Decimal] = defaultdict(Decimal)
    for (account_id, epic_id, day), hours in groups.items():
        months[(account_id, epic_id, month_of(day))] += hours
    _add_to_daily(groups)
    for (account_id, epic_id, month), hours in months.items():
        updated = models.MonthlyTotal.objects.filter(
            account_id=account_id, epic_id=epic_id, month=month
        ).update(hours=F("hours") + hours)
        if updated:
            continue
        try:
            with transaction.atomic():
                models.MonthlyTotal.objects.create(
                    account_id=account_id, epic_id=epic_id, month=month, hours=hours
                )
        except IntegrityError:  # made meanwhile by a concurrent write
            models.MonthlyTotal.objects.filter(
                account_id=account_id, epic_id=epic_id, month=month
            ).update(hours=F("hours") + hours)


def _add_to_daily(groups: dict[TotalKey, Decimal]) -> None:
    """One upsert per group (`INSERT … ON CONFLICT … DO UPDATE`, PostgreSQL and SQLite): an
    import adds its days × (account, epic) groups in two statements, and two concurrent
    writes to the same day both count."""
    table = connection.ops.quote_name(models.DailyTotal._meta.db_table)
    insert = f"INSERT INTO {table} (account_id, epic_id, day, hours) VALUES (%s, %s, %s, %s) "
    add = f"DO UPDATE SET hours = {table}.hours + excluded.hours"
    with_epic = [(a, e, d, h) for (a, e, d), h in groups.items() if e is not None]
    without = [(a, None, d, h) for (a, e, d), h in groups.items() if e is None]
    with connection.cursor() as cursor:
        if with_epic:
            cursor.executemany(insert + f"ON CONFLICT (account_id, epic_id, day) {add}", with_epic)
        if without:
            cursor.executemany(
                insert + f"ON CONFLICT (account_id, day) WHERE epic_id IS NULL {add}", without
            )


def require_logging(actor: Actor) -> None:
    """Logging any time takes `WORK_ON_TICKETS`: ORG-2, a candidate or a member who left
    logs none, not even their own (issue #8). PermissionDenied otherwise."""
    if not allows(actor, Permission.WORK_ON_TICKETS):
        raise PermissionDenied(denial_message(Permission.WORK_ON_TICKETS, actor=actor))


class LogsFor:
    """Who `actor` may log time for (issue #8, decided by `org.policy`): themself while
    active (ORG-2); anyone else on a ticket of a cell where they hold
    `Permission.MANAGE_SPRINTS` (its sprint planning manager, or one for the whole
    organisation); anyone as an administrator or as `Actor.system()` (the command line
    without `--as`, background work)."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self.username = actor.username
        self.anyone = actor.is_admin
        self._cells: dict[str, bool] = {}

    def for_others_in(self, cell: str | None) -> bool:
        """Whether the actor may log time for other members on tickets of `cell`."""
        if self.anyone:
            return True
        if cell is None:
            return False
        if cell not in self._cells:
            self._cells[cell] = allows_in_cell(self.actor, Permission.MANAGE_SPRINTS, cell)
        return self._cells[cell]

    def refusal(self, member: str, ticket: str, cell: str | None) -> str | None:
        """None if the actor may log `member`'s time on `ticket` (of `cell`); else why not."""
        if member == self.username or self.for_others_in(cell):
            return None
        return (
            f"{self.username} may not log time for {member}: logging for someone else takes the "
            f"permission {Permission.MANAGE_SPRINTS.value!r} in the ticket's cell "
            f"({cell or ticket}): its sprint planning manager or an administrator"
        )


def may_log_for_others(actor: Actor, cell: str) -> bool:
    """Whether `actor` may log time for other members on tickets of `cell` (issue #8)."""
    return LogsFor(actor).for_others_in(cell)
