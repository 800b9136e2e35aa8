"""Read models for the pages: names, capacity details, readiness, reassignments (TO-7), the
board (SP-9, SP-11)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from decimal import Decimal

from cellops.kernel import clock
from cellops.kernel.violations import NotFound, Violation
from cellops.org import api as org_api
from cellops.org.data import EpicStatus
from cellops.sprints import rules
from cellops.sprints.api._common import _full_name, sprint_dates, sprint_policy, sprint_record
from cellops.sprints.api.tickets import list_tickets
from cellops.sprints.data import (
    DEFAULT_POLICY,
    STATUSES,
    Board,
    CapacityDetail,
    CapacityStatus,
    Card,
    CountedHours,
    Ticket,
    TicketFacts,
)
from cellops.time_off import api as time_off_api

# --- what the pages read (read only) ----------------------------------------
#
# The board, estimation and planning pages show the numbers above together
# with how they were computed. These helpers only read; the rules stay in
# `rules`, applied here exactly as `start` and `capacity` apply them.


def member_names(cell: str, also: Iterable[str] = ()) -> dict[str, str]:
    """Username → full name of the cell's members, and of anyone else named in `also`."""
    names = {m.username: _full_name(m) for m in org_api.list_members(cell=cell)[0]}
    for username in set(also) - names.keys():
        try:
            names[username] = _full_name(org_api.get_member(username))
        except NotFound:
            names[username] = username
    return names


def _facts_as_started(tickets: Iterable[Ticket]) -> list[TicketFacts]:
    """The tickets as starting the sprint now would see them: SP-4 tentative assignees
    are already assignees."""
    return [
        replace(t.facts(), assignee=rules.assignee_at_start(t.assignee, t.tentative_assignee))
        for t in tickets
    ]


def _review_basis(facts: TicketFacts) -> str:
    if facts.review_hours is not None:
        return "its own review estimate"
    if facts.story_points is None:
        return "review time of an unestimated ticket"
    return f"review time for {facts.story_points} pt"


def capacity_details(
    cell: str, number: int, tickets: list[Ticket] | None = None
) -> list[CapacityDetail]:
    """SP-6 per active member, as `start` would check it (tentative assignees count, SP-4),
    with the tickets, epics and days counted (only days from the member's start date on).
    `tickets`: the sprint's, when already read."""
    dates = sprint_dates(cell, number)
    members, _ = org_api.list_members(cell=cell, active_only=True)
    tickets = list_tickets(cell, number) if tickets is None else tickets
    facts = _facts_as_started(tickets)
    tentative = {t.key for t in tickets if not t.assignee and t.tentative_assignee}
    usernames = [m.username for m in members]
    epics: dict[str, list[str]] = defaultdict(list)
    for epic in org_api.list_epics(show_money=False):
        if epic.owner in usernames and epic.status == EpicStatus.IN_PROGRESS:
            epics[epic.owner].append(epic.key)
    hours = time_off_api.available_hours_in_cell(cell, dates.start, dates.end)
    details = []
    for m in members:
        days = rules.hours_from_start(hours[m.username], m.start_date)  # SP-6
        counted: list[CountedHours] = []
        for f in facts:
            if f.stretch:
                continue
            if f.assignee == m.username:
                counted.append(
                    CountedHours(
                        f.key,
                        "assignee",
                        f.remaining_hours or Decimal(0),
                        "remaining estimate"
                        if f.remaining_hours is not None
                        else "no remaining estimate yet: counts 0 h",
                        tentative=f.key in tentative,
                    )
                )
            if f.reviewer == m.username:
                counted.append(
                    CountedHours(f.key, "reviewer", rules.review_hours(f), _review_basis(f))
                )
        for key in epics[m.username]:
            counted.append(
                CountedHours(key, "epic", DEFAULT_POLICY.epic_management_hours, "epic management")
            )
        details.append(
            CapacityDetail(
                capacity=rules.member_capacity(m.username, days, facts, len(epics[m.username])),
                name=_full_name(m),
                daily_hours=org_api.daily_hours_of(m),
                days=tuple(sorted(days.items())),
                reserve=DEFAULT_POLICY.planning_reserve_hours,
                counted=tuple(counted),
            )
        )
    return details


def readiness(
    cell: str,
    number: int,
    tickets: list[Ticket] | None = None,
    details: list[CapacityDetail] | None = None,
) -> list[Violation]:
    """SP-5, dry: every gap that would keep the sprint from starting now (empty: ready).

    Like `start`, tentative assignees count as assignees (SP-4) and
    overcommitment is checked with them. `tickets` and `details`: the sprint's
    tickets and `capacity_details`, when the page has read them already.
    """
    tickets = list_tickets(cell, number) if tickets is None else tickets
    facts = _facts_as_started(tickets)
    details = capacity_details(cell, number, tickets) if details is None else details
    over = [d.capacity.member for d in details if d.capacity.status == CapacityStatus.OVERCOMMITTED]
    return rules.readiness_gaps(facts, over)


def reassignments(cell: str, number: int, tickets: list[Ticket] | None = None) -> dict[str, str]:
    """TO-7: tickets whose assignee or reviewer is away for the whole sprint, with why."""
    dates = sprint_dates(cell, number)
    away = time_off_api.away_for_whole(cell, dates.start, dates.end)
    flagged = {}
    for t in tickets if tickets is not None else list_tickets(cell, number):
        why = rules.reassignment_reason(t.facts(), away)
        if why:
            flagged[t.key] = why
    return flagged


def board(
    cell: str,
    number: int,
    *,
    assignee: str | None = None,
    reviewer: str | None = None,
    involving: str | None = None,
    today: date | None = None,
) -> Board:
    """SP-9 columns and the stretch lane, filtered by assignee (tentative counts), reviewer,
    or anyone involved; SP-11 "at risk" flags from the mid-sprint day on."""
    org_api.get_cell(cell)
    record = sprint_record(cell, number)
    today = today or clock.today()
    tickets = list_tickets(cell, number)
    risk_checked = rules.risk_checked(
        record.start, record.end, record.completed_at is not None, today, sprint_policy(cell)
    )
    left: dict[str, Decimal] = {}
    if risk_checked:
        in_cell = time_off_api.available_hours_in_cell(cell, today, record.end)
        for username in {t.assignee for t in tickets if t.assignee and not t.stretch}:
            hours = (
                in_cell[username]
                if username in in_cell
                else time_off_api.available_hours(username, today, record.end)
            )
            left[username] = sum(hours.values(), Decimal(0))

    away = reassignments(cell, number, tickets)

    def card(t: Ticket) -> Card:
        return replace(_risk_card(t), reassign=away.get(t.key, ""))

    def _risk_card(t: Ticket) -> Card:
        if not risk_checked:
            return Card(t)
        why = rules.at_risk_reason(t.facts(), left.get(t.assignee or "", Decimal(0)))
        return Card(t, True, why) if why else Card(t)

    def wanted(t: Ticket) -> bool:
        people = {t.assignee, t.reviewer, t.tentative_assignee}
        return (
            (
                assignee is None
                or assignee == rules.assignee_at_start(t.assignee, t.tentative_assignee)
            )
            and (reviewer is None or reviewer == t.reviewer)
            and (involving is None or involving in people)
        )

    shown = [t for t in tickets if wanted(t)]
    committed = [card(t) for t in shown if not t.stretch]
    named = {p for t in tickets for p in (t.assignee, t.reviewer, t.tentative_assignee) if p}
    return Board(
        record=record,
        columns=tuple(
            (status, tuple(c for c in committed if c.ticket.status == status))
            for status in STATUSES
        ),
        stretch=tuple(card(t) for t in shown if t.stretch),
        risk_checked=risk_checked,
        shown=len(shown),
        total=len(tickets),
        names=member_names(cell, named),
    )
