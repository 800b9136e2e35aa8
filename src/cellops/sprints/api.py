"""Use cases of sprints: the only door into `cellops.sprints`.

Tickets (SP-2, SP-5 people, SP-8 insertion, SP-9 statuses, with history and
409 on stale writes), estimation (SP-3), capacity (SP-6, availability from
`time_off.api`), readiness and start (SP-4, SP-5), completion (SP-10) and
budgets (SP-7, logged hours from `billing.api`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from cellops.checklists import api as checklists_api
from cellops.core.api import record_audit
from cellops.kernel.calendar import BeforeFirstSprint, Sprint
from cellops.kernel.violations import Conflict, InvalidInput, NotFound, RuleRefusal, Violation
from cellops.org import api as org_api
from cellops.org.data import EpicStatus
from cellops.sprints import models, rules
from cellops.sprints.data import (
    DEFAULT_POLICY,
    STATUSES,
    BudgetItem,
    CapacityStatus,
    Completion,
    Estimation,
    InsertionContext,
    MemberCapacity,
    MemberCompletion,
    MemberProgress,
    SprintRecord,
    Ticket,
    TicketEstimate,
    TicketFacts,
)
from cellops.time_off import api as time_off_api

# --- sprints ---------------------------------------------------------------


def sprint_dates(number: int, field: str = "number") -> Sprint:
    try:
        return org_api.sprint_calendar().sprint(number)
    except BeforeFirstSprint as exc:
        raise NotFound(field, str(exc)) from exc


def _sprint_row(cell: str, number: int, lock: bool = False) -> models.Sprint:
    sprint_dates(number)
    cell_id = org_api.cell_pk(cell)
    row, _ = models.Sprint.objects.get_or_create(cell_id=cell_id, number=number)
    if lock:
        row = models.Sprint.objects.select_for_update().get(pk=row.pk)
    return row


def _started(row: models.Sprint | None, dates: Sprint, now: datetime) -> bool:
    return bool(row and row.started_at) or now.date() >= dates.start


def sprint_record(cell: str, number: int) -> SprintRecord:
    dates = sprint_dates(number)
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


# --- tickets ---------------------------------------------------------------

_TICKET_RELATED = (
    "cell",
    "sprint",
    "epic",
    "account",
    "assignee__user",
    "reviewer__user",
    "tentative_assignee__user",
    "replaces",
)


def _ticket(row: models.Ticket) -> Ticket:
    def who(member) -> str | None:
        return member.user.username if member else None

    return Ticket(
        key=row.key,
        title=row.title,
        description=row.description,
        cell=row.cell.name,
        sprint=row.sprint.number if row.sprint else None,
        stretch=row.stretch,
        epic=row.epic.key if row.epic else None,
        account=row.account.name,
        story_points=row.story_points,
        status=row.status,
        assignee=who(row.assignee),
        reviewer=who(row.reviewer),
        tentative_assignee=who(row.tentative_assignee),
        remaining_hours=row.remaining_hours,
        review_hours=row.review_hours,
        due_date=row.due_date,
        replaces=row.replaces.key if row.replaces else None,
        awaiting_confirmation=row.awaiting_confirmation,
        version=row.version,
    )


def _tickets_qs():
    return models.Ticket.objects.select_related(*_TICKET_RELATED)


def get_ticket(key: str, field: str = "key") -> Ticket:
    row = _tickets_qs().filter(key=key).first()
    if row is None:
        raise NotFound(field, f"no ticket has the key {key!r}")
    return _ticket(row)


def list_tickets(
    cell: str, number: int | None = None, *, stretch: bool | None = None
) -> list[Ticket]:
    rows = _tickets_qs().filter(cell__name=cell)
    rows = (
        rows.filter(sprint__number=number)
        if number is not None
        else rows.filter(sprint__isnull=True)
    )
    if stretch is not None:
        rows = rows.filter(stretch=stretch)
    return [_ticket(r) for r in rows]


def ticket_facts(cell: str, number: int) -> list[TicketFacts]:
    """What the rules need of a sprint's tickets, read in one query without building models."""
    rows = (
        models.Ticket.objects.filter(cell__name=cell, sprint__number=number)
        .order_by("key")
        .values_list(
            "key",
            "story_points",
            "assignee__user__username",
            "reviewer__user__username",
            "remaining_hours",
            "review_hours",
            "status",
            "epic__key",
            "stretch",
        )
    )
    return [TicketFacts(*row) for row in rows]


def _next_key(cell: str) -> str:
    prefix = "".join(ch for ch in cell.upper() if ch.isalnum())[:4] or "T"
    used = models.Ticket.objects.filter(key__startswith=f"{prefix}-").values_list("key", flat=True)
    numbers = [int(k.split("-", 1)[1]) for k in used if k.split("-", 1)[1].isdigit()]
    return f"{prefix}-{max(numbers, default=0) + 1}"


def _people_checks(fields: Mapping[str, Any]) -> list[Violation]:
    violations = rules.check_points(fields.get("story_points"))
    violations += rules.check_ticket_people(fields.get("assignee"), fields.get("reviewer"))
    if "status" in fields:
        violations += rules.check_status(fields["status"])
    for hours in ("remaining_hours", "review_hours"):
        if fields.get(hours) is not None and Decimal(fields[hours]) < 0:
            raise InvalidInput(hours, "give a number of hours of 0 or more")
    return violations


def _member_ids(fields: Mapping[str, Any]) -> dict[str, int | None]:
    return {
        f"{name}_id": (org_api.member_pk(fields[name], field=name) if fields.get(name) else None)
        for name in ("assignee", "reviewer", "tentative_assignee")
        if name in fields
    }


def create_ticket(
    actor: str,
    *,
    title: str,
    cell: str,
    account: str,
    sprint: int | None = None,
    key: str | None = None,
    stretch: bool = False,
    epic: str | None = None,
    description: str = "",
    story_points: int | None = None,
    assignee: str | None = None,
    reviewer: str | None = None,
    tentative_assignee: str | None = None,
    remaining_hours: Decimal | None = None,
    review_hours: Decimal | None = None,
    due_date: date | None = None,
    replaces: str | None = None,
    now: datetime | None = None,
) -> Ticket:
    """A ticket in a cell's backlog or a sprint; late insertion follows SP-8's two paths only."""
    now = now or timezone.now()
    fields = {"story_points": story_points, "assignee": assignee, "reviewer": reviewer}
    violations = _people_checks(fields)
    awaiting = False
    with transaction.atomic():
        cell_id = org_api.cell_pk(cell)
        sprint_row = None
        if sprint is not None:
            dates = sprint_dates(sprint, field="sprint")
            existing = models.Sprint.objects.filter(cell_id=cell_id, number=sprint).first()
            decision = rules.check_insertion(
                InsertionContext(dates.start, bool(existing and existing.started_at), now),
                replaces,
                stretch,
            )
            violations += list(decision.violations)
            awaiting = decision.needs_confirmation
            if replaces:
                replaced = models.Ticket.objects.filter(
                    key=replaces, sprint__number=sprint, cell_id=cell_id
                ).first()
                if replaced is None:
                    violations.append(
                        Violation(
                            "SP-8",
                            f"{replaces} is not a ticket of sprint {cell}/{sprint}; name the ticket this one replaces or was split out from.",
                            {"field": "replaces"},
                        )
                    )
            if not violations:
                sprint_row = _sprint_row(cell, sprint)
        rules_refusal = list(violations)
        if rules_refusal:
            raise RuleRefusal(rules_refusal)
        key = key or _next_key(cell)
        if models.Ticket.objects.filter(key=key).exists():
            raise InvalidInput("key", f"a ticket with the key {key!r} already exists")
        row = models.Ticket.objects.create(
            key=key,
            title=title,
            description=description,
            cell_id=cell_id,
            sprint=sprint_row,
            stretch=stretch,
            epic_id=org_api.epic_pk(epic) if epic else None,
            account_id=org_api.account_pk(account),
            story_points=story_points,
            remaining_hours=remaining_hours,
            review_hours=review_hours,
            due_date=due_date,
            replaces=models.Ticket.objects.filter(key=replaces).first() if replaces else None,
            awaiting_confirmation=awaiting,
            **_member_ids(
                {
                    "assignee": assignee,
                    "reviewer": reviewer,
                    "tentative_assignee": tentative_assignee,
                }
            ),
        )
        record_audit(
            actor,
            "ticket.create",
            "ticket",
            key,
            {"cell": cell, "sprint": sprint, "stretch": stretch},
        )
        models.TicketChange.objects.create(ticket=row, actor=actor, changes={"created": True})
    return get_ticket(key)


EDITABLE = {
    "title",
    "description",
    "status",
    "story_points",
    "assignee",
    "reviewer",
    "tentative_assignee",
    "remaining_hours",
    "review_hours",
    "due_date",
    "epic",
    "stretch",
}


def update_ticket(
    actor: str, key: str, changes: Mapping[str, Any], version: int | None = None
) -> Ticket:
    """Change a ticket's fields, refused like a creation when a rule forbids it (409 when stale)."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "this field cannot be changed here")
    with transaction.atomic():
        row = models.Ticket.objects.select_for_update().filter(key=key).first()
        if row is None:
            raise NotFound("key", f"no ticket has the key {key!r}")
        if version is not None and version != row.version:
            raise Conflict(
                f"{key} was changed by someone else (now version {row.version}, you sent {version}); reload it and apply your change again."
            )
        before = _ticket(_tickets_qs().get(pk=row.pk))
        merged = {**before.__dict__, **changes}
        violations = _people_checks(
            {k: merged[k] for k in ("story_points", "assignee", "reviewer")}
            | ({"status": changes["status"]} if "status" in changes else {})
        )
        if violations:
            raise RuleRefusal(violations)
        for name, value in changes.items():
            if name in ("assignee", "reviewer", "tentative_assignee"):
                setattr(row, f"{name}_id", org_api.member_pk(value, field=name) if value else None)
            elif name == "epic":
                row.epic_id = org_api.epic_pk(value) if value else None
            else:
                setattr(row, name, value)
        row.version += 1
        row.save()
        after = get_ticket(key)
        diff = {
            k: [getattr(before, k), getattr(after, k)]
            for k in changes
            if getattr(before, k) != getattr(after, k)
        }
        if diff:
            models.TicketChange.objects.create(ticket=row, actor=actor, changes=_plain(diff))
            record_audit(actor, "ticket.update", "ticket", key, diff)
    return after


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (date, Decimal)):
        return str(value)
    return value


def ticket_history(key: str) -> list[dict]:
    row = models.Ticket.objects.filter(key=key).first()
    if row is None:
        raise NotFound("key", f"no ticket has the key {key!r}")
    return [{"at": c.at, "actor": c.actor, "changes": c.changes} for c in row.changes.all()]


def ticket_refs(keys: set[str]) -> dict[str, tuple[int, int, int | None]]:
    """(ticket id, account id, epic id) of the tickets that exist among `keys` (for billing)."""
    if connection.vendor == "postgresql":  # one query with an array, however many keys
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT key, id, account_id, epic_id FROM sprints_ticket WHERE key = ANY(%s)",
                [list(keys)],
            )
            return {key: (pk, account, epic) for key, pk, account, epic in cursor.fetchall()}
    found: dict[str, tuple[int, int, int | None]] = {}
    keys_list = sorted(keys)
    for start in range(0, len(keys_list), 900):
        rows = models.Ticket.objects.filter(key__in=keys_list[start : start + 900]).values_list(
            "key", "pk", "account_id", "epic_id"
        )
        found.update({key: (pk, account, epic) for key, pk, account, epic in rows})
    return found


# --- estimation (SP-3) ------------------------------------------------------


def _session(cell: str, number: int) -> models.EstimationSession:
    session = models.EstimationSession.objects.filter(
        sprint__cell__name=cell, sprint__number=number
    ).first()
    if session is None:
        raise NotFound(
            "number",
            f"no estimation session is open for {cell}/{number}; the sprint planning manager opens it",
        )
    return session


def open_estimation(actor: str, cell: str, number: int, now: datetime | None = None) -> Estimation:
    """SP-3: open a session for a sprint that has not started; it closes by itself at Friday EOD."""
    now = now or timezone.now()
    dates = sprint_dates(number)
    with transaction.atomic():
        row = _sprint_row(cell, number, lock=True)
        if _started(row, dates, now):
            raise RuleRefusal(
                [
                    Violation(
                        "SP-3", f"{cell}/{number} has started; estimate the next sprint instead."
                    )
                ]
            )
        if hasattr(row, "estimation"):
            raise RuleRefusal(
                [
                    Violation(
                        "SP-3",
                        f"Estimation for {cell}/{number} is already open; members can vote now.",
                    )
                ]
            )
        closes_at = rules.estimation_deadline(dates.start)
        models.EstimationSession.objects.create(sprint=row, opened_by=actor, closes_at=closes_at)
        record_audit(actor, "estimation.open", "sprint", f"{cell}/{number}", {})
        # The worker closes it at the cut-off; reads and votes after it close it too.
        from cellops.sprints import tasks  # tasks call this module's use cases

        transaction.on_commit(
            lambda: tasks.close_estimation.using(run_after=closes_at).enqueue(cell, number)
        )
    return estimation(cell, number)


def _close_if_due(session: models.EstimationSession, now: datetime) -> None:
    if session.closed_at is None and now >= session.closes_at:
        close_estimation("system", session.sprint.cell.name, session.sprint.number, now=now)
        session.refresh_from_db()


def vote(
    member: str,
    cell: str,
    number: int,
    ticket: str,
    value: str,
    comment: str = "",
    now: datetime | None = None,
) -> Estimation:
    """SP-3: a member's vote on a ticket (scale or '?'); a second vote replaces the first."""
    now = now or timezone.now()
    violations = rules.check_vote(value)
    if violations:
        raise RuleRefusal(violations)
    session = _session(cell, number)
    _close_if_due(session, now)
    if session.closed_at:
        raise RuleRefusal(
            [
                Violation(
                    "SP-3",
                    "Estimation is closed for this sprint; discuss the ticket with its assignee instead.",
                )
            ]
        )
    row = models.Ticket.objects.filter(key=ticket, sprint=session.sprint).first()
    if row is None:
        raise NotFound("ticket", f"{ticket} is not a ticket of {cell}/{number}")
    models.Vote.objects.update_or_create(
        session=session,
        ticket=row,
        member_id=org_api.member_pk(member),
        defaults={"value": value.strip(), "comment": comment},
    )
    return estimation(cell, number)


def close_estimation(actor: str, cell: str, number: int, now: datetime | None = None) -> Estimation:
    """SP-3: close the session; each ticket's points become its result; comments stay on the tickets."""
    now = now or timezone.now()
    with transaction.atomic():
        session = (
            models.EstimationSession.objects.select_for_update()
            .filter(sprint__cell__name=cell, sprint__number=number)
            .first()
        )
        if session is None:
            raise NotFound("number", f"no estimation session for {cell}/{number}")
        if session.closed_at is None:
            for row in models.Ticket.objects.filter(sprint=session.sprint):
                votes = list(session.votes.filter(ticket=row).select_related("member__user"))
                result = rules.estimate([v.value for v in votes])
                if result.result is not None and row.story_points != result.result:
                    models.TicketChange.objects.create(
                        ticket=row,
                        actor=actor,
                        changes={"story_points": [row.story_points, result.result]},
                    )
                    row.story_points = result.result
                    row.version += 1
                    row.save(update_fields=["story_points", "version"])
                for v in votes:
                    if v.comment:
                        models.Comment.objects.create(
                            ticket=row,
                            author=v.member.user.username,
                            text=f"Estimation vote {v.value}: {v.comment}",
                            source="estimation",
                        )
            session.closed_at = now
            session.save(update_fields=["closed_at"])
            record_audit(actor, "estimation.close", "sprint", f"{cell}/{number}", {})
    return estimation(cell, number)


def estimation(cell: str, number: int, now: datetime | None = None) -> Estimation:
    session = _session(cell, number)
    _close_if_due(session, now or timezone.now())
    tickets = list(
        models.Ticket.objects.filter(sprint=session.sprint, stretch=False).order_by("key")
    )
    votes = defaultdict(list)
    for v in session.votes.select_related("member__user", "ticket"):
        votes[v.ticket.key].append(
            {"member": v.member.user.username, "value": v.value, "comment": v.comment}
        )
    estimates = []
    for t in tickets:
        result = rules.estimate([v["value"] for v in votes[t.key]])
        estimates.append(TicketEstimate(t.key, tuple(votes[t.key]), result.result, result.discuss))
    keys = [t.key for t in tickets]
    members, _ = org_api.list_members(cell=cell, active_only=True)
    progress = []
    for m in members:
        voted = {key for key, vs in votes.items() if any(v["member"] == m.username for v in vs)}
        progress.append(
            MemberProgress(m.username, rules.member_done(voted, keys), len(voted & set(keys)))
        )
    return Estimation(
        "closed" if session.closed_at else "open",
        session.closes_at,
        tuple(estimates),
        tuple(progress),
    )


# --- capacity (SP-6) --------------------------------------------------------


def capacity(cell: str, number: int) -> list[MemberCapacity]:
    """SP-6 for each active member of the cell: available vs committed hours and status."""
    dates = sprint_dates(number)
    members = org_api.active_members_of(cell)
    facts = ticket_facts(cell, number)
    owned = org_api.in_progress_epics_owned([m.username for m in members])
    hours = time_off_api.available_hours_in_cell(cell, dates.start, dates.end, members)
    involving: dict[str | None, list[TicketFacts]] = defaultdict(list)
    for fact in facts:  # each member's rules then look at their own tickets only
        involving[fact.assignee].append(fact)
        if fact.reviewer != fact.assignee:
            involving[fact.reviewer].append(fact)
    return [
        rules.member_capacity(
            m.username, hours[m.username], involving[m.username], owned[m.username]
        )
        for m in members
    ]


# --- start and complete (SP-4, SP-5, SP-10) ----------------------------------


def start(
    actor: str,
    cell: str,
    number: int,
    override: bool = False,
    now: datetime | None = None,
    reason: str = "",
) -> list[Violation]:
    """SP-5: start when ready, or with a recorded override (and its reason, when given);
    SP-4 tentative assignees become assignees."""
    now = now or timezone.now()
    with transaction.atomic():
        row = _sprint_row(cell, number, lock=True)
        if row.started_at:
            raise RuleRefusal(
                [
                    Violation(
                        "SP-5",
                        f"{cell}/{number} was started on {row.started_at:%Y-%m-%d} by {row.started_by}; a sprint starts once.",
                    )
                ]
            )
        tickets = models.Ticket.objects.select_for_update().filter(sprint=row)
        for t in tickets:
            if t.assignee_id is None and t.tentative_assignee_id is not None:
                t.assignee_id = t.tentative_assignee_id
                t.version += 1
                t.save(update_fields=["assignee", "version"])
                models.TicketChange.objects.create(
                    ticket=t,
                    actor=actor,
                    changes={"assignee": "tentative assignee at start (SP-4)"},
                )
        over = [c.member for c in capacity(cell, number) if c.status == "overcommitted"]
        gaps = rules.readiness_gaps([t.facts() for t in list_tickets(cell, number)], over)
        if gaps and not override:
            raise RuleRefusal(gaps)
        row.started_at, row.started_by, row.start_overridden = now, actor, bool(gaps)
        row.start_gaps = [g.as_dict() for g in gaps]
        row.save()
        for t in models.Ticket.objects.filter(sprint=row, stretch=False):
            models.StartAssignment.objects.get_or_create(
                sprint=row, ticket=t, defaults={"member_id": t.assignee_id}
            )
        early = now.date() < sprint_dates(number).start
        make_sprint_checklists(actor, cell, number)
        record_audit(
            actor,
            "sprint.start",
            "sprint",
            f"{cell}/{number}",
            {"override": bool(gaps), "gaps": len(gaps), "early": early}
            | ({"reason": reason.strip()} if gaps and reason.strip() else {}),
        )
    return gaps


def make_sprint_checklists(actor: str, cell: str, number: int) -> list:
    """SP-12: one sprint checklist per active member (never twice, however often called)."""
    return checklists_api.ensure_sprint_runs(
        cell,
        number,
        sprint_dates(number).start,
        [m.username for m in org_api.active_members_of(cell)],
        actor=actor,
    )


def complete(actor: str, cell: str, number: int, now: datetime | None = None) -> Completion:
    """SP-10: open tickets move to the next sprint as spillover of their assignee; once only."""
    now = now or timezone.now()
    with transaction.atomic():
        row = _sprint_row(cell, number, lock=True)
        if row.completed_at:
            raise RuleRefusal(
                [
                    Violation(
                        "SP-10",
                        f"{cell}/{number} was completed on {row.completed_at:%Y-%m-%d}; a sprint completes once.",
                    )
                ]
            )
        at_start = {
            a.ticket.key: (a.member.user.username if a.member else None)
            for a in row.start_assignments.select_related("ticket", "member__user")
        }
        tickets = [t.facts() for t in list_tickets(cell, number)]
        spilled = rules.spillover(tickets, at_start)
        next_row = _sprint_row(cell, number + 1)
        to_move = rules.tickets_to_move(tickets)
        models.Ticket.objects.filter(sprint=row, key__in=to_move).update(sprint=next_row)
        for member, keys in spilled.items():
            member_id = org_api.member_pk(member) if member else None
            for key in keys:
                models.Spillover.objects.get_or_create(
                    sprint=row,
                    ticket=models.Ticket.objects.get(key=key),
                    defaults={"member_id": member_id},
                )
        row.completed_at, row.completed_by = now, actor
        row.save(update_fields=["completed_at", "completed_by"])
        record_audit(actor, "sprint.complete", "sprint", f"{cell}/{number}", {"moved": to_move})
    return _completion(cell, number, spilled, at_start)


def _completion(
    cell: str,
    number: int,
    spilled: Mapping[str | None, list[str]],
    at_start: Mapping[str, str | None],
) -> Completion:
    members, _ = org_api.list_members(cell=cell, active_only=True)
    return Completion(
        f"{cell}/{number}",
        number + 1,
        tuple(
            MemberCompletion(
                m.username,
                rules.clean_sprint(m.username, spilled, at_start),
                tuple(spilled.get(m.username, ())),
            )
            for m in members
        ),
    )


def completion(cell: str, number: int) -> Completion | None:
    """Read only, SP-10: what completing the sprint did, from what was recorded; None before."""
    row = models.Sprint.objects.filter(cell__name=cell, number=number).first()
    if row is None or row.completed_at is None:
        return None
    at_start = {
        a.ticket.key: (a.member.user.username if a.member else None)
        for a in row.start_assignments.select_related("ticket", "member__user")
    }
    spilled: dict[str | None, list[str]] = defaultdict(list)
    for key, member in row.spillover.order_by("ticket__key").values_list(
        "ticket__key", "member__user__username"
    ):
        spilled[member].append(key)
    return _completion(cell, number, spilled, at_start)


# --- budgets (SP-7) --------------------------------------------------------


def _month_bounds(month: str) -> tuple[date, date]:
    try:
        first = date.fromisoformat(f"{month}-01")
    except ValueError as exc:
        raise InvalidInput("month", "give a month as YYYY-MM") from exc
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first, following - timedelta(days=1)


def budgets(month: str) -> list[BudgetItem]:
    """SP-7: each account with a monthly budget and each epic with a budget: logged, planned, status."""
    from cellops.billing import api as billing_api

    first, last = _month_bounds(month)
    calendar = org_api.sprint_calendar()
    try:
        current = calendar.for_date(date.today()).number
    except BeforeFirstSprint:
        current = calendar.first_number
    starting_in_month = (
        [
            n
            for n in range(calendar.first_number, calendar.for_date(last).number + 1)
            if first <= calendar.sprint(n).start <= last
        ]
        if last >= calendar.first_start
        else []
    )
    open_statuses = [s for s in models.STATUSES if s[0] != "Done"]
    open_q = models.Ticket.objects.filter(status__in=[s[0] for s in open_statuses], stretch=False)
    planned_by_account = dict(
        open_q.filter(sprint__number__in=starting_in_month)
        .values("account__name")
        .annotate(h=Sum("remaining_hours"))
        .values_list("account__name", "h")
    )
    planned_by_epic = dict(
        open_q.filter(sprint__number__in=[current, current + 1], epic__isnull=False)
        .values("epic__key")
        .annotate(h=Sum("remaining_hours"))
        .values_list("epic__key", "h")
    )
    logged_by_account = billing_api.logged_by_account(first, last)
    logged_by_epic = billing_api.logged_by_epic()
    items = []
    for account in org_api.list_accounts(show_money=True):
        if account.monthly_budget_hours is None:
            continue
        logged = logged_by_account.get(account.name, Decimal(0))
        planned = planned_by_account.get(account.name) or Decimal(0)
        items.append(
            BudgetItem(
                "account",
                account.name,
                account.monthly_budget_hours,
                logged,
                planned,
                rules.budget_status(account.monthly_budget_hours, logged, planned),
            )
        )
    for epic in org_api.list_epics(show_money=True):
        if epic.budget_hours is None:
            continue
        logged = logged_by_epic.get(epic.key, Decimal(0))
        planned = planned_by_epic.get(epic.key) or Decimal(0)
        items.append(
            BudgetItem(
                "epic",
                epic.key,
                epic.budget_hours,
                logged,
                planned,
                rules.budget_status(epic.budget_hours, logged, planned),
            )
        )
    return items


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


def _hours(value: Decimal | None) -> str:
    """Hours in a sentence: 40, 0.50."""
    exact = (value or Decimal(0)).quantize(Decimal("0.01"))
    return f"{exact:.0f}" if exact == exact.to_integral_value() else f"{exact:f}"


def _full_name(member) -> str:
    return member.full_name or member.username


def _facts_as_started(tickets: Iterable[Ticket]) -> list[TicketFacts]:
    """The tickets as starting the sprint now would see them: SP-4 tentative assignees
    are already assignees."""
    return [
        replace(t.facts(), assignee=rules.assignee_at_start(t.assignee, t.tentative_assignee))
        for t in tickets
    ]


@dataclass(frozen=True)
class CountedHours:
    """One line of a member's committed hours (SP-6): a ticket they do or review, or an epic.

    `kind` is ``assignee``, ``reviewer`` or ``epic``; `basis` says where the
    hours come from; `tentative` marks a ticket counted for its tentative
    assignee, who becomes its assignee when the sprint starts (SP-4).
    """

    item: str
    kind: str
    hours: Decimal
    basis: str
    tentative: bool = False


@dataclass(frozen=True)
class CapacityDetail:
    """SP-6 for one member, with everything counted: `capacity` is what the rules computed
    from `days` (hours per working day after time off), `reserve` and `counted`."""

    capacity: MemberCapacity
    name: str
    daily_hours: Decimal
    days: tuple[tuple[date, Decimal], ...]
    reserve: Decimal
    counted: tuple[CountedHours, ...]


def _review_basis(facts: TicketFacts) -> str:
    if facts.review_hours is not None:
        return "its own review estimate"
    if facts.story_points is None:
        return "review time of an unestimated ticket"
    return f"review time for {facts.story_points} pt"


def capacity_details(cell: str, number: int) -> list[CapacityDetail]:
    """SP-6 per active member, as `start` would check it (tentative assignees count, SP-4),
    with the tickets, epics and days counted."""
    dates = sprint_dates(number)
    members, _ = org_api.list_members(cell=cell, active_only=True)
    tickets = list_tickets(cell, number)
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
        days = hours[m.username]
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


def readiness(cell: str, number: int) -> list[Violation]:
    """SP-5, dry: every gap that would keep the sprint from starting now (empty: ready).

    Like `start`, tentative assignees count as assignees (SP-4) and
    overcommitment is checked with them.
    """
    facts = _facts_as_started(list_tickets(cell, number))
    over = [
        d.capacity.member
        for d in capacity_details(cell, number)
        if d.capacity.status == CapacityStatus.OVERCOMMITTED
    ]
    return rules.readiness_gaps(facts, over)


@dataclass(frozen=True)
class Card:
    """A ticket on the board, with its SP-11 flag and the reason for it."""

    ticket: Ticket
    at_risk: bool = False
    risk: str = ""
    reassign: str = ""


@dataclass(frozen=True)
class Board:
    """A sprint's board: SP-9 columns left to right, then the stretch goals' lane.

    `risk_checked` says whether SP-11 applies today (from the mid-sprint day
    to the end of a sprint not completed yet); `shown` and `total` count the
    tickets after and before the filters; `names` maps usernames to names.
    """

    record: SprintRecord
    columns: tuple[tuple[str, tuple[Card, ...]], ...]
    stretch: tuple[Card, ...]
    risk_checked: bool
    shown: int
    total: int
    names: dict[str, str]


def reassignments(cell: str, number: int, tickets: list[Ticket] | None = None) -> dict[str, str]:
    """TO-7: tickets whose assignee or reviewer is away for the whole sprint, with why."""
    dates = sprint_dates(number)
    away = time_off_api.away_for_whole(cell, dates.start, dates.end)
    flagged = {}
    for t in tickets if tickets is not None else list_tickets(cell, number):
        if t.status == STATUSES[-1]:
            continue
        who = [
            f"{p} ({role})"
            for p, role in ((t.assignee, "assignee"), (t.reviewer, "reviewer"))
            if p in away
        ]
        if who:
            flagged[t.key] = f"{' and '.join(who)} away for the whole sprint: reassign"
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
    today = today or timezone.localdate()
    tickets = list_tickets(cell, number)
    mid_sprint = record.start + timedelta(days=DEFAULT_POLICY.mid_sprint_day)
    risk_checked = record.completed_at is None and mid_sprint <= today <= record.end
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
        if not risk_checked or t.stretch:
            return Card(t)
        available = left.get(t.assignee or "", Decimal(0))
        if not rules.at_risk(t.facts(), available):
            return Card(t)
        if t.status == STATUSES[0]:
            why = f"still in {t.status} at mid-sprint"
        elif t.assignee:
            why = (
                f"{_hours(t.remaining_hours)} h left, more than the {_hours(available)} h "
                "its assignee has until the sprint ends"
            )
        else:
            why = f"{_hours(t.remaining_hours)} h left and nobody assigned to do them"
        return Card(t, True, why)

    def wanted(t: Ticket) -> bool:
        people = {t.assignee, t.reviewer, t.tentative_assignee}
        return (
            (assignee is None or assignee in (t.assignee or t.tentative_assignee,))
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


# --- SP-8 follow-ups ---------------------------------------------------------


def _change(actor: str, key: str, field: str, value: object, action: str) -> Ticket:
    with transaction.atomic():
        row = models.Ticket.objects.select_for_update().filter(key=key).first()
        if row is None:
            raise NotFound("key", f"no ticket has the key {key!r}")
        before = getattr(row, field)
        setattr(row, field, value)
        row.version += 1
        row.save(update_fields=[field, "version"])
        models.TicketChange.objects.create(
            ticket=row, actor=actor, changes={field: [before, value]}
        )
        record_audit(actor, action, "ticket", key, {field: [before, value]})
    return get_ticket(key)


def confirm_replacement(actor: str, key: str) -> Ticket:
    """SP-8 (a): the sprint planning manager confirms a late ticket that replaces another."""
    ticket = get_ticket(key)
    if not ticket.awaiting_confirmation:
        raise RuleRefusal(
            [Violation("SP-8", f"{key} is not waiting for a confirmation; nothing to confirm.")]
        )
    return _change(actor, key, "awaiting_confirmation", False, "ticket.confirm_replacement")


def pull_stretch(actor: str, key: str) -> Ticket:
    """SP-8 (b): a stretch goal enters its sprint when the sprint is ready and its assignee
    is under-committed; every unmet condition is listed."""
    ticket = get_ticket(key)
    if not ticket.stretch or ticket.sprint is None:
        raise RuleRefusal(
            [Violation("SP-8", f"{key} is not a stretch goal of a sprint; nothing to pull in.")]
        )
    if ticket.assignee is None:
        raise InvalidInput("assignee", f"give {key} an assignee before pulling it into the sprint")
    status = next(
        (c.status for c in capacity(ticket.cell, ticket.sprint) if c.member == ticket.assignee),
        CapacityStatus.OVERCOMMITTED,
    )
    violations = rules.can_pull_stretch(not readiness(ticket.cell, ticket.sprint), status)
    if violations:
        raise RuleRefusal(violations)
    return _change(actor, key, "stretch", False, "ticket.pull_stretch")
