"""Helpers the sprints use cases share: who may, sprint rows, queueing, wording."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.db import transaction

from cellops.kernel import clock
from cellops.kernel.calendar import BeforeFirstSprint, OutsideCalendar, Sprint
from cellops.kernel.violations import InvalidInput, NotFound
from cellops.org import api as org_api
from cellops.org.data import Actor, CellKind, Member
from cellops.org.policy import Permission, allows_in_cell
from cellops.sprints import models, queue, rules
from cellops.sprints.data import SprintPolicy, SprintRecord

# --- who may (decision 0022): every check is made here, on the Actor the door passes ---


def _manages(actor: Actor, cell: str) -> str:
    """SP-3/SP-5/SP-10: `cell`'s sprint planning manager (or the organisation's), an
    administrator or the system; the username to record. PermissionDenied otherwise."""
    return org_api.check_in_cell(actor, Permission.MANAGE_SPRINTS, cell).username


def _works(actor: Actor) -> str:
    """Any active member (ORG-2), an administrator or the system; the username to record."""
    return org_api.check(actor, Permission.WORK_ON_TICKETS).username


def require_worker(actor: Actor) -> Actor:
    """`actor`, if they work on tickets (WORK_ON_TICKETS: any active member, ORG-2, or an
    administrator); PermissionDenied otherwise. The doors call it before a read that takes
    no person (the board, a ticket, planning figures; decision 0045)."""
    return org_api.check(actor, Permission.WORK_ON_TICKETS)


def may_manage(actor: Actor, cell: str) -> bool:
    """Whether the sprint pages offer `actor` the forms that manage `cell`'s sprints
    (MANAGE_SPRINTS in that cell); the write use cases check it again."""
    return allows_in_cell(actor, Permission.MANAGE_SPRINTS, cell)


# --- sprints ---------------------------------------------------------------


def sprint_dates(
    cell: str, number: int, field: str = "number", kind: CellKind | None = None
) -> Sprint:
    """The dates of `cell`'s sprint `number`, on the cell's own calendar (SP-1: one-week
    sprints for a business cell; its `kind` when the caller has read it already); NotFound
    on `field` outside the calendar."""
    try:
        calendar = (
            org_api.sprint_calendar(kind=kind)
            if kind is not None
            else org_api.sprint_calendar(cell)
        )
        return calendar.named_sprint(number)
    except OutsideCalendar as exc:
        raise NotFound(field, str(exc)) from exc


def sprint_policy(cell: str) -> SprintPolicy:
    """The sprint rules' numbers for `cell`: the handbook's, with its calendar's landmark
    days (SP-1; decision 0062 for a business cell's one-week sprints)."""
    return SprintPolicy(calendar=org_api.calendar_policy(cell))


def _sprint_row(cell: str, number: int, lock: bool = False) -> models.Sprint:
    sprint_dates(cell, number)
    cell_id = org_api.cell_pk(cell)
    row, _ = models.Sprint.objects.get_or_create(cell_id=cell_id, number=number)
    if lock:
        row = models.Sprint.objects.select_for_update().get(pk=row.pk)
    return row


def sprint_id(cell: str, number: int, lock: bool = False) -> int:
    """The id of `cell`'s sprint `number`, made when first needed; with `lock`, its row is
    locked until the transaction ends (for the rituals, decision 0028)."""
    return _sprint_row(cell, number, lock=lock).pk


def _started(row: models.Sprint | None, dates: Sprint, now: datetime) -> bool:
    return bool(row and row.started_at) or now.date() >= dates.start


def _states(cell: str) -> dict[int, rules.SprintState]:
    """What was recorded of `cell`'s sprints: number → (started, completed)."""
    rows = models.Sprint.objects.filter(cell__name=cell).values_list(
        "number", "started_at", "completed_at"
    )
    return {n: (started is not None, done is not None) for n, started, done in rows}


def current_sprint(cell: str, today: date | None = None) -> int:
    """The number of `cell`'s current sprint, the one every page calls current (decision
    0047): the calendar's sprint of today, unless the cell ran ahead of it (an open sprint
    started early, or the calendar's sprint completed early); `rules.current_sprint`."""
    today = today or clock.today()
    calendar = org_api.sprint_calendar(cell)
    try:
        by_date = calendar.for_date(today).number
    except BeforeFirstSprint:
        by_date = calendar.first_number
    return min(rules.current_sprint(by_date, _states(cell)), calendar.last_number)


def sprint_record(cell: str, number: int) -> SprintRecord:
    dates = sprint_dates(cell, number)
    row = models.Sprint.objects.filter(cell__name=cell, number=number).first()
    spilled = (
        tuple(row.spillover.values_list("ticket__key", "member__user__username")) if row else ()
    )
    return SprintRecord(
        cell=cell,
        number=number,
        start=dates.start,
        end=dates.end,
        started_at=row.started_at if row else None,
        started_by=row.started_by if row else "",
        start_overridden=bool(row and row.start_overridden),
        completed_at=row.completed_at if row else None,
        spillover=spilled,
    )


def _as_member(pk: int | None) -> str | None:
    """A stand-in name for a member id: unique per member, which is all SP-6 compares."""
    return None if pk is None else f"#{pk}"


def _schedule(task_name: str, run_after: datetime, cell: str, number: int) -> None:
    """Queue the sprints task `task_name(cell, number)` to run after `run_after`, once the
    current transaction commits. Skipped when the task backend cannot defer: an
    immediate backend would run the start → complete → start chain at once."""
    task = queue.task(task_name)
    if task.get_backend().supports_defer:
        transaction.on_commit(lambda: task.using(run_after=run_after).enqueue(cell, number))


def _hours(value: Decimal | None) -> str:
    """Hours in a sentence: 40, 0.50."""
    return rules.hours_in_words(value)


def _full_name(member: Member) -> str:
    return member.full_name or member.username


def _text(field: str, value: str, limit: int, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(field, what)
    if len(value) > limit:
        raise InvalidInput(field, f"keep it to {limit} characters")
    return value
