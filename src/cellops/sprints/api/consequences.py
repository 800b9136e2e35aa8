"""Read only, for the confirmation steps and finished sprints (issue #14 items 2 and 8): what
an early start or an early completion would do, and what was committed at the start."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from cellops.kernel import clock
from cellops.org import api as org_api
from cellops.sprints import models, rules
from cellops.sprints.api._common import _states, sprint_dates
from cellops.sprints.api.tickets import list_tickets
from cellops.sprints.data import (
    DONE,
    CapacityStatus,
    EarlyCompletion,
    EarlyStart,
    StartSnapshot,
)


def early_start(cell: str, number: int, today: date | None = None) -> EarlyStart | None:
    """SP-5: what starting `cell`/`number` today would do when it is before its day 0 (None
    on or after it): who becomes assignee (SP-4), the estimation it closes (SP-3), and the
    earlier sprint still running that keeps it from starting at all."""
    today = today or clock.today()
    dates = sprint_dates(cell, number)
    early = rules.days_early(today, dates.start)
    if not early:
        return None
    tickets = list_tickets(cell, number, stretch=False)
    tentative = tuple(
        (t.key, t.tentative_assignee) for t in tickets if t.tentative_assignee and not t.assignee
    )
    session = models.EstimationSession.objects.filter(
        sprint__cell__name=cell, sprint__number=number, closed_at__isnull=True
    ).first()
    estimation: list[tuple[str, int, int | None]] = []
    if session is not None:
        votes: dict[str, list[str]] = defaultdict(list)
        counted = session.votes.filter(
            member__cell__name=cell, member__status__in=org_api.ACTIVE_STATUS_VALUES
        )
        for key, value in counted.values_list("ticket__key", "value"):
            votes[key].append(value)
        for t in tickets:
            numeric = [v for v in votes[t.key] if rules.parse_vote(v) is not None]
            estimation.append((t.key, len(numeric), rules.estimate(votes[t.key]).result))
    earlier = rules.check_earlier_open(number, _states(cell), cell)
    return EarlyStart(
        sprint=f"{cell}/{number}",
        start=dates.start,
        days_early=early,
        tentative=tentative,
        estimation_open=session is not None,
        estimation=tuple(estimation),
        open_before=earlier[0].extra["open_sprint"] if earlier else None,
    )


def early_completion(cell: str, number: int, today: date | None = None) -> EarlyCompletion | None:
    """SP-10: what completing `cell`/`number` today would do while days of it are left (None
    on or after its last day): the open tickets that move to the next sprint and whose sprint
    turns unclean."""
    today = today or clock.today()
    dates = sprint_dates(cell, number)
    left = rules.days_early(today, dates.end)
    if not left:
        return None
    row = models.Sprint.objects.filter(cell__name=cell, number=number).first()
    at_start = (
        {
            a.ticket.key: (a.member.user.username if a.member else None)
            for a in row.start_assignments.select_related("ticket", "member__user")
        }
        if row
        else {}
    )
    tickets = [t.facts() for t in list_tickets(cell, number)]
    spilled = rules.spillover(tickets, at_start)
    moving = rules.tickets_to_move(tickets)
    assignees = {t.key: t.assignee for t in list_tickets(cell, number)}
    members = {m.username for m in org_api.active_members_of(cell)}
    unclean = tuple(sorted(m for m in members if not rules.clean_sprint(m, spilled, at_start)))
    return EarlyCompletion(
        sprint=f"{cell}/{number}",
        end=dates.end,
        days_left=left,
        moved_to=number + 1,
        moving=tuple((key, assignees.get(key)) for key in moving),
        unclean=unclean,
    )


def start_snapshot(cell: str, number: int) -> tuple[StartSnapshot, ...]:
    """SP-6 as it was when the sprint started, per member (issue #14 item 8): available and
    committed hours then (zero and "not recorded" status for sprints started before the
    snapshot existed: `committed_hours` is then the remaining estimates of the tickets they
    were assignee of, from the tickets' history), and of those tickets the hours done."""
    row = models.Sprint.objects.filter(cell__name=cell, number=number).first()
    if row is None or row.started_at is None:
        return ()
    done = {
        key
        for key, status in models.Ticket.objects.filter(
            pk__in=row.start_assignments.values("ticket_id")
        ).values_list("key", "status")
        if status == DONE
    }
    spilled = set(row.spillover.values_list("ticket__key", flat=True))
    assigned: dict[str, list[tuple[str, Decimal]]] = defaultdict(list)
    for key, member, hours in row.start_assignments.values_list(
        "ticket__key", "member__user__username", "remaining_hours"
    ):
        if member:
            assigned[member].append((key, hours or Decimal(0)))
    recorded = {
        member: (available, committed, status)
        for member, available, committed, status in row.start_capacity.values_list(
            "member__user__username", "available_hours", "committed_hours", "status"
        )
    }
    out = []
    for member in sorted(set(recorded) | set(assigned)):
        lines = assigned.get(member, [])
        own = sum((h for _, h in lines), Decimal(0))
        finished = [(k, h) for k, h in lines if k in done and k not in spilled]
        available, committed, status = recorded.get(member, (Decimal(0), own, ""))
        out.append(
            StartSnapshot(
                member=member,
                available_hours=available,
                committed_hours=committed,
                status=CapacityStatus(status) if status else None,
                assigned_hours=own,
                done_hours=sum((h for _, h in finished), Decimal(0)),
                tickets=len(lines),
                tickets_done=len(finished),
            )
        )
    return tuple(out)
