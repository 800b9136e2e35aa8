"""Background work: the gap emails at the cut-off and the scheduled start and completion
(decision 0012)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from cellops.kernel import clock
from cellops.kernel.calendar import format_day
from cellops.kernel.violations import RuleRefusal, Violation
from cellops.org import api as org_api
from cellops.org.data import Actor, Role
from cellops.platform.api import SYSTEM_ACTOR, send_digest
from cellops.sprints import models, rules
from cellops.sprints.api._common import (
    _hours,
    _states,
    sprint_dates,
    sprint_policy,
    sprint_record,
)
from cellops.sprints.api.lifecycle import complete, start
from cellops.sprints.api.pages import _facts_as_started, capacity_details
from cellops.sprints.api.tickets import list_tickets
from cellops.sprints.data import CapacityStatus, GapNotices, MemberCapacity

# --- background work: scheduled start and completion, gap emails -----------
#
# The worker (`cellops db_worker`) runs `sprints.tasks`, which call the three
# use cases below; each is idempotent (decision 0012).


def _url(page: str, cell: str, number: int, anchor: str = "") -> str:
    """An absolute link to a sprint page, for emails (`CELLOPS_BASE_URL`)."""
    path = reverse(f"sprints:{page}", args=[cell, number])
    return f"{settings.CELLOPS_BASE_URL.rstrip('/')}{path}" + (f"#{anchor}" if anchor else "")


def _emails_of(usernames: Iterable[str]) -> dict[str, str]:
    """People's email addresses (their login account's), in one query; '' when unknown."""
    wanted = [u for u in usernames if u]
    found = dict(
        get_user_model().objects.filter(username__in=wanted).values_list("username", "email")
    )
    return {u: found.get(u) or "" for u in wanted}


def _creators(cell: str, number: int) -> dict[str, str]:
    """Who created each ticket of the sprint, when that is a known user (not `system`)."""
    rows = list(
        models.TicketChange.objects.filter(
            ticket__cell__name=cell, ticket__sprint__number=number, changes__created=True
        ).values_list("ticket__key", "actor")
    )
    users = set(
        get_user_model()
        .objects.filter(username__in={actor for _, actor in rows})
        .values_list("username", flat=True)
    )
    return {key: actor for key, actor in rows if actor in users}


def _planning_managers(cell: str, day: date) -> list[str]:
    holders = org_api.role_holders(Role.SPRINT_PLANNING_MANAGER, day, cell=cell)
    return list(dict.fromkeys(r.member for r in holders))


def _gap_id(gap: Violation) -> str:
    return f"{gap.extra.get('ticket') or gap.extra.get('member')}:{gap.extra.get('gap')}"


def _gap_line(gap: Violation, cell: str, number: int, hours: Mapping[str, MemberCapacity]) -> str:
    """One gap in an email: its rule IDs, what to do, the figures, a link to fix it."""
    if gap.extra.get("gap") == "overcommitted":
        member = gap.extra["member"]
        line = f"- {gap.rule} / SP-6: {gap.message}"
        if member in hours:
            c = hours[member]
            line += (
                f"\n  Committed {_hours(c.committed_hours)} h, "
                f"available {_hours(c.available_hours)} h."
            )
        return f"{line}\n  {_url('planning', cell, number, f'member-{member}')}"
    key = gap.extra.get("ticket", "")
    return f"- {gap.rule}: {gap.message}\n  {_url('board', cell, number, f'card-{key}')}"


def _gaps_now(cell: str, number: int) -> tuple[list[Violation], dict[str, MemberCapacity]]:
    """SP-5 gaps as `readiness` finds them, with each member's SP-6 figures."""
    tickets = list_tickets(cell, number)
    hours = {d.capacity.member: d.capacity for d in capacity_details(cell, number)}
    over = [m for m, c in hours.items() if c.status == CapacityStatus.OVERCOMMITTED]
    return rules.readiness_gaps(_facts_as_started(tickets), over), hours


def notify_gaps(cell: str, number: int, now: datetime | None = None) -> GapNotices:
    """SP-5 / SP-6 at the cut-off (Friday EOD, day 11 of the sprint before): email each
    person behind a readiness gap one message listing their gaps, with links.

    Who is told what is `rules.gap_recipients`. A person is never told the same
    gap twice, however often this runs (`core.api.send_digest`); a gap that
    appears later is sent alone on the next run. A sprint that has started is
    left alone. People without an email address are reported, not emailed.
    """
    now = now or clock.now()
    sprint = f"{cell}/{number}"
    dates = sprint_dates(cell, number)
    if sprint_record(cell, number).started_at:
        return GapNotices(sprint, {}, note="already started")
    gaps, hours = _gaps_now(cell, number)
    doers = {
        t.key: rules.assignee_at_start(t.assignee, t.tentative_assignee)
        for t in list_tickets(cell, number)
    }
    told = rules.gap_recipients(
        gaps, doers, _creators(cell, number), _planning_managers(cell, now.date())
    )
    cut_off = format_day(rules.estimation_closes_at(dates.start, sprint_policy(cell)))
    emailed: dict[str, int] = {}
    already: list[str] = []
    no_address: list[str] = []
    addresses = _emails_of(told)
    for person, theirs in told.items():
        address = addresses.get(person, "")
        if not address:
            no_address.append(person)
            continue
        sent = send_digest(
            address,
            f"Sprint {sprint}: gaps to fix before it starts (SP-5)",
            {
                f"gaps:{sprint}:{_gap_id(g)}:{person}": _gap_line(g, cell, number, hours)
                for g in theirs
            },
            intro=(
                f"Hello {person},\n\nEstimation for sprint {sprint} closed at the cut-off "
                f"({cut_off}, 24:00 UTC). The sprint starts on {format_day(dates.start)} "
                "only when every ticket has story points, an assignee and a reviewer, and "
                "nobody is overcommitted (SP-5, SP-6). These gaps are yours to fix:"
            ),
            outro=f"Planning dashboard: {_url('planning', cell, number)}",
        )
        if sent:
            emailed[person] = len(sent)
        else:
            already.append(person)
    return GapNotices(sprint, emailed, tuple(already), tuple(no_address))


def _tell_managers_not_started(
    cell: str, number: int, gaps: list[Violation], now: datetime
) -> list[str]:
    """SP-5: email the sprint planning managers every gap that kept the sprint from starting
    on its day 0 (each gap once per manager). Returns who was emailed now."""
    sprint = f"{cell}/{number}"
    hours = {d.capacity.member: d.capacity for d in capacity_details(cell, number)}
    emailed = []
    managers = _planning_managers(cell, now.date())
    addresses = _emails_of(managers)
    for manager in managers:
        address = addresses[manager]
        if address and send_digest(
            address,
            f"Sprint {sprint} did not start: gaps to fix (SP-5)",
            {
                f"not-started:{sprint}:{_gap_id(g)}:{manager}": _gap_line(g, cell, number, hours)
                for g in gaps
            },
            intro=(
                f"Hello {manager},\n\nSprint {sprint} was due to start on its day 0 "
                f"({format_day(sprint_dates(cell, number).start)}) but is not ready (SP-5), so it "
                "did not start. Fix these gaps and start it, or start it with a recorded "
                "override:"
            ),
            outro=f"Planning dashboard: {_url('planning', cell, number)}",
        ):
            emailed.append(manager)
    return emailed


def start_on_schedule(cell: str, number: int, now: datetime | None = None) -> str:
    """SP-5 on day 0, as the worker runs it: start the sprint only when it is ready.

    Never overrides: with gaps the sprint stays unstarted and the cell's sprint
    planning managers are emailed the gaps. A sprint already started or
    completed, or whose last day has passed (a queue catching up never starts
    old sprints), is left as it is. Returns what happened, in a few words.
    """
    now = now or clock.now()
    record = sprint_record(cell, number)
    if record.started_at:
        return "already started"
    if record.completed_at:
        return "already completed"
    if now.date() > record.end:
        return "over: not started"
    for earlier, (started, completed) in sorted(_states(cell).items()):
        # SP-5: an earlier sprint still open whose last day has passed completes first
        # (its completion is due at the same instant as this start).
        if (
            earlier < number
            and started
            and not completed
            and now.date() > sprint_dates(cell, earlier).end
        ):
            complete_on_schedule(cell, earlier, now=now)
    try:
        start(Actor.system(SYSTEM_ACTOR), cell, number, now=now, confirm=True)  # when due
    except RuleRefusal as refusal:
        if sprint_record(cell, number).started_at:  # started meanwhile
            return "already started"
        emailed = _tell_managers_not_started(cell, number, refusal.violations, now)
        return (
            f"not started: {len(refusal.violations)} SP-5 gap(s); "
            f"emailed {', '.join(emailed) or 'nobody new'}"
        )
    return "started"


def complete_on_schedule(cell: str, number: int, now: datetime | None = None) -> str:
    """SP-10 after the sprint's last day, as the worker runs it: complete it once."""
    if sprint_record(cell, number).completed_at:
        return "already completed"
    try:
        complete(Actor.system(SYSTEM_ACTOR), cell, number, now=now, confirm=True)  # when due
    except RuleRefusal:  # completed meanwhile
        return "already completed"
    return "completed"
