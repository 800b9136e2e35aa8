"""What needs me now (the home page): votes owed, reviews waiting, hours, spillover reasons."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, timedelta

from django.db.models import Count
from django.urls import reverse

from cellops.kernel import clock
from cellops.kernel.calendar import BeforeFirstSprint, format_day
from cellops.org import api as org_api
from cellops.org.data import Actor, Role
from cellops.platform.data import Need, NeedLine
from cellops.sprints import models
from cellops.sprints.api._common import _hours, current_sprint, sprint_dates
from cellops.sprints.api.planning import capacity
from cellops.sprints.data import UNDER_REVIEW, CapacityStatus


def _votes_owed(username: str, cell: str) -> list[Need]:
    """SP-3: in each open session of my cell, the tickets I have not voted on yet."""
    sessions = list(
        models.EstimationSession.objects.filter(
            sprint__cell__name=cell, closed_at__isnull=True, closes_at__gt=clock.now()
        )
        .order_by("sprint__number")
        .values_list("pk", "sprint_id", "sprint__number", "closes_at")
    )
    if not sessions:
        return []
    sprint_ids = [sprint_id for _, sprint_id, _, _ in sessions]
    tickets = dict(
        models.Ticket.objects.filter(sprint_id__in=sprint_ids, stretch=False)
        .order_by()
        .values("sprint_id")
        .annotate(n=Count("pk"))
        .values_list("sprint_id", "n")
    )
    voted = dict(
        models.Vote.objects.filter(
            session_id__in=[pk for pk, _, _, _ in sessions],
            member__user__username=username,
            ticket__stretch=False,
            ticket__sprint_id__in=sprint_ids,
        )
        .order_by()
        .values("session_id")
        .annotate(n=Count("pk"))
        .values_list("session_id", "n")
    )
    needs = []
    for pk, sprint_id, number, closes_at in sessions:
        total = tickets.get(sprint_id, 0)
        owed = total - voted.get(pk, 0)
        if owed <= 0:
            continue
        closes = (closes_at - timedelta(microseconds=1)).astimezone(UTC).date()
        needs.append(
            Need(
                area="Estimation",
                title=f"{owed} of {total} tickets to vote on in {cell} sprint {number} "
                f"— closes {format_day(closes)[:-5]}",
                detail="SP-3: vote once per ticket (or ? for no idea) before estimation closes "
                "at Friday EOD; you can change a vote until then.",
                url=reverse("sprints:estimation", args=[cell, number]),
                when=closes,
            )
        )
    return needs


def _reviews_waiting(username: str) -> list[Need]:
    """SP-9: tickets `Under review` whose reviewer is me, per sprint board, each listed."""
    rows = (
        models.Ticket.objects.filter(
            reviewer__user__username=username, status=UNDER_REVIEW, sprint__isnull=False
        )
        .order_by("cell__name", "sprint__number", "key")
        .values_list("cell__name", "sprint__number", "key", "title")
    )
    by_board: dict[tuple[str, int], list[tuple[str, str]]] = defaultdict(list)
    for cell, number, key, title in rows:
        by_board[(cell, number)].append((key, title))
    return [
        Need(
            area="Reviews",
            title=f"{len(keys)} ticket{'s' if len(keys) != 1 else ''} waiting for your review "
            f"in {cell} sprint {number}",
            detail="Under review, with you as reviewer. "
            "Work from the right: reviews unblock the others first.",
            url=reverse("sprints:board", args=[cell, number]) + "?show=reviews",
            lines=tuple(
                NeedLine(f"{key} {title}", reverse("sprints:ticket", args=[key]))
                for key, title in keys
            ),
        )
        for (cell, number), keys in by_board.items()
    ]


#: Roles whose work is mostly outside their cell's tickets (running the agency, selling,
#: marketing, administration): SP-6's "pick up a stretch goal" is not advice for them.
_OUTSIDE_TICKETS = frozenset(
    {Role.CEO, Role.CTO, Role.BUSINESS_DEVELOPMENT, Role.MARKETING, Role.ADMIN_SPECIALIST}
)


def _advice(actor: Actor, status: CapacityStatus, next_sprint: bool) -> str:
    """SP-6 advice that fits the person's role (issue #14 item 13)."""
    leads = bool(actor.roles & _OUTSIDE_TICKETS)
    if status == CapacityStatus.OVERCOMMITTED:
        if leads:
            return (
                "SP-6: more work than hours: hand a ticket or a review to someone with hours "
                "left, or move it to a later sprint."
            )
        return (
            "SP-6: hand a ticket or a review to someone with hours left, or talk to your "
            "sprint planning manager."
        )
    if status == CapacityStatus.UNDER_COMMITTED:
        if next_sprint:
            # Early in planning almost everyone is under 80 % of next sprint.
            return "SP-6: room for more work; its tickets are planned until the cut-off."
        if leads:
            return (
                "SP-6: under 80 % of your hours are in tickets: put the work you plan "
                "(meetings, sales, hiring) in tickets, so your cell's capacity is true."
            )
        return (
            "SP-6: not enough work (under 80 % of your hours): pick up a stretch goal or "
            "ask for a ticket."
        )
    return "SP-6: your tickets, reviews and epics fit your hours."


def _my_hours(actor: Actor, cell: str, today: date) -> list[Need]:
    """SP-6: my committed vs available hours this sprint and next, flagged when overcommitted."""
    try:
        org_api.sprint_calendar(cell).for_date(today)
    except BeforeFirstSprint:
        return []
    current = current_sprint(cell, today)  # decision 0047: the one "current" of every page
    needs = []
    for number, which in ((current, "this sprint"), (current + 1, "next sprint")):
        mine = next((c for c in capacity(cell, number) if c.member == actor.username), None)
        if mine is None:
            continue
        committed, available = _hours(mine.committed_hours), _hours(mine.available_hours)
        over = mine.status == CapacityStatus.OVERCOMMITTED
        title = (
            f"Overcommitted in {cell} sprint {number}: {committed} h committed, "
            f"{available} h available"
            if over
            else f"{cell} sprint {number} ({which}): {committed} h committed of "
            f"{available} h available"
        )
        detail = _advice(actor, mine.status, which == "next sprint")
        lines = tuple(
            NeedLine(f"Unestimated: {key}", reverse("sprints:ticket", args=[key]))
            for key in mine.unestimated
        )
        needs.append(
            Need(
                area="Capacity",
                title=title,
                detail=detail,
                url=reverse("sprints:planning", args=[cell, number]) + "#capacity-heading",
                when=sprint_dates(cell, number).start,
                lines=lines,
            )
        )
    return needs


def _reason_missing(username: str, cell: str) -> list[Need]:
    """SP-10: my spillover without a reason in my cell's last completed sprint."""
    last = (
        models.Sprint.objects.filter(cell__name=cell, completed_at__isnull=False)
        .order_by("-number")
        .values_list("pk", "number")
        .first()
    )
    if last is None:
        return []
    keys = sorted(
        models.Spillover.objects.filter(
            sprint_id=last[0], member__user__username=username, reason=""
        ).values_list("ticket__key", flat=True)
    )
    if not keys:
        return []
    number = last[1]
    return [
        Need(
            area="Spillover",
            title=f"Say why {', '.join(keys)} spilled over from {cell} sprint {number}",
            detail="SP-10: your sprint was not clean; a line on why helps plan the next one.",
            url=reverse("sprints:planning", args=[cell, number]) + "#completion",
        )
    ]


def needs_of(actor: Actor, today: date) -> list[Need]:
    """The home page's sprint items for an active member: votes owed (SP-3), reviews waiting
    (SP-9), my hours this sprint and next (SP-6), a missing spillover reason (SP-10).

    A constant number of queries however many tickets, votes and members there are."""
    if not actor.active or actor.cell is None:  # ORG-2: an active member of a cell
        return []
    username, cell = actor.username, actor.cell
    return [
        *_votes_owed(username, cell),
        *_reviews_waiting(username),
        *_my_hours(actor, cell, today),
        *_reason_missing(username, cell),
    ]
