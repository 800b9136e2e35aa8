"""Capacity (SP-6) and the hours planned that budgets read (SP-7, in `billing.api`)."""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import replace
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet, Sum

from cellops.kernel import clock
from cellops.org import api as org_api
from cellops.org.data import CellKind, EpicStatus
from cellops.sprints import models, rules
from cellops.sprints.api._common import _as_member, sprint_dates
from cellops.sprints.data import OPEN, MemberCapacity, TicketFacts
from cellops.time_off import api as time_off_api

# --- capacity (SP-6) --------------------------------------------------------


@functools.cache
def _capacity_rows() -> QuerySet:
    """The tickets' columns `capacity` reads, shaped once per process: on the dashboard's
    hot path building the queryset cost more than running it (decision 0069)."""
    return models.Ticket.objects.order_by("key").values_list(
        "key",
        "story_points",
        "assignee_id",
        "reviewer_id",
        "remaining_hours",
        "review_hours",
        "status",
        "stretch",
    )


def capacity(cell: str, number: int) -> list[MemberCapacity]:
    """SP-6 for each active member of the cell: available vs committed hours and status.

    A member's hours count from their start date on: a newcomer hired to start
    next sprint has none in this one, one who starts mid-sprint only the days
    from then (`rules.hours_from_start`)."""
    team = org_api.active_team_by_id(cell)
    dates = sprint_dates(cell, number, kind=team.kind)
    members, owned = team.members, team.epics_in_progress
    hours = time_off_api.available_hours_by_id(members, dates.start, dates.end)
    # The dashboard's hot path: the sprint's tickets as foreign-key ids, with
    # no join to users or epics; the rules only need to tell members apart.
    rows = _capacity_rows().filter(cell__name=cell, sprint__number=number)
    involving: dict[int | None, list[TicketFacts]] = defaultdict(list)
    for key, points, assignee, reviewer, remaining, review, status, stretch in rows:
        fact = TicketFacts(
            key,
            points,
            _as_member(assignee),
            _as_member(reviewer),
            remaining,
            review,
            status,
            None,
            stretch,
        )
        involving[assignee].append(fact)  # each member's rules look at their own tickets
        if reviewer != assignee:
            involving[reviewer].append(fact)
    return sorted(
        (
            replace(
                rules.member_capacity(
                    _as_member(pk),
                    hours[m.username],
                    involving[pk],
                    owned[pk],
                    start_date=m.start_date,  # no hours before they start (SP-6)
                ),
                member=m.username,
            )
            for pk, m in members.items()
        ),
        key=lambda c: c.member,
    )


# --- planned hours, read by the budgets (SP-7, in billing) -------------------


def planned_hours(first: date, last: date) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """SP-7: remaining estimates of open, committed tickets, per account name in the sprints
    starting from `first` to `last`, and per epic key in the current and next sprint. An
    epic that is `Done` has no planned hours: what is left on its tickets is no longer its
    work (issue #14 item 9)."""
    month_sprints: dict[str, set[int]] = {}
    epic_sprints: dict[str, set[int]] = {}
    for kind in CellKind:  # SP-1: each kind of cell numbers sprints on its own calendar
        planned = rules.planned_sprints(
            org_api.sprint_calendar(kind=kind), first, last, clock.today()
        )
        month_sprints[kind.value], epic_sprints[kind.value] = (
            set(planned.for_month),
            set(planned.for_epics),
        )
    # The sprints' ids first (a few rows), so the tickets are read through their sprint's
    # index, a few sprints' worth, not scanned whole: the same time at any number of tickets.
    for_month, for_epics = [], []
    wanted = set().union(*month_sprints.values(), *epic_sprints.values())
    for pk, kind, number in models.Sprint.objects.filter(number__in=wanted).values_list(
        "pk", "cell__kind", "number"
    ):
        if number in month_sprints.get(kind, ()):
            for_month.append(pk)
        if number in epic_sprints.get(kind, ()):
            for_epics.append(pk)
    open_q = models.Ticket.objects.filter(status__in=OPEN, stretch=False)  # rules.counts_as_planned
    planned_by_account = dict(
        open_q.filter(sprint_id__in=for_month)
        .values("account__name")
        .annotate(h=Sum("remaining_hours"))
        .values_list("account__name", "h")
    )
    planned_by_epic = dict(
        open_q.filter(sprint_id__in=for_epics, epic__isnull=False)
        .exclude(epic__status=EpicStatus.DONE.value)  # a Done epic plans nothing (issue #14, 9)
        .values("epic__key")
        .annotate(h=Sum("remaining_hours"))
        .values_list("epic__key", "h")
    )
    return planned_by_account, planned_by_epic
