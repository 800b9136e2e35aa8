"""Use cases of sprints: the only door into `cellops.sprints`.

Tickets (SP-2, SP-5 people, SP-8 insertion, SP-9 statuses, with history and
409 on stale writes), estimation (SP-3), capacity (SP-6, availability from
`time_off.api`), readiness and start (SP-4, SP-5), completion (SP-10) and
the hours planned that budgets (SP-7, in `billing.api`) read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone

from cellops.checklists import api as checklists_api
from cellops.kernel.bounds import EARLIEST, LATEST
from cellops.kernel.calendar import BeforeFirstSprint, OutsideCalendar, Sprint, format_day
from cellops.kernel.violations import (
    Conflict,
    InvalidInput,
    NotFound,
    RuleRefusal,
    Violation,
    refuse_if_any,
)
from cellops.org import api as org_api
from cellops.org import policy
from cellops.org.data import Actor, EpicStatus, Role
from cellops.org.policy import Permission, allows_in_cell
from cellops.platform.api import SYSTEM_ACTOR, record_audit, send_digest
from cellops.platform.data import Need
from cellops.sprints import models, queue, rules
from cellops.sprints.data import (
    DEFAULT_POLICY,
    STATUSES,
    UNDER_REVIEW,
    CapacityStatus,
    Completion,
    Estimation,
    GapNotices,
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

# --- who may (decision 0022): every check is made here, on the Actor the door passes ---


def _manages(actor: Actor, cell: str) -> str:
    """SP-3/SP-5/SP-10: `cell`'s sprint planning manager (or the organisation's), an
    administrator or the system; the username to record. PermissionDenied otherwise."""
    return org_api.check_in_cell(actor, Permission.MANAGE_SPRINTS, cell).username


def _works(actor: Actor) -> str:
    """Any active member (ORG-2), an administrator or the system; the username to record."""
    return org_api.check(actor, Permission.WORK_ON_TICKETS).username


# --- sprints ---------------------------------------------------------------


def sprint_dates(number: int, field: str = "number") -> Sprint:
    try:
        return org_api.sprint_calendar().named_sprint(number)
    except OutsideCalendar as exc:
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


def _next_key(cell: str) -> str:
    """WF-2: the cell's next automatic key; keys of another shape are skipped, never a crash."""
    prefix = rules.key_prefix(cell)
    used = models.Ticket.objects.filter(key__startswith=f"{prefix}-").values_list("key", flat=True)
    return rules.next_key(prefix, used)


def key_problem(key: str) -> str | None:
    """WF-2: what is wrong with `key` as a ticket key (what to give instead), or None."""
    return rules.key_problem(key)


def check_key(key: str, field: str = "key") -> str:
    """WF-2: `key` itself when it is a ticket key (``LYNX-42``); `InvalidInput` on `field`
    otherwise. Every door that takes a new key goes through this (and the database's check)."""
    problem = key_problem(key)
    if problem:
        raise InvalidInput(field, problem)
    return key


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
    actor: Actor,
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
    """A ticket in a cell's backlog or a sprint; late insertion follows SP-8's two paths only.
    Any active member creates tickets in any cell (epic owners fill other cells' sprints,
    SP-1); editing them is scoped (`update_ticket`)."""
    who = _works(actor)
    now = now or timezone.now()
    if key:
        check_key(key)
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
            who,
            "ticket.create",
            "ticket",
            key,
            {"cell": cell, "sprint": sprint, "stretch": stretch},
        )
        models.TicketChange.objects.create(ticket=row, actor=who, changes={"created": True})
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


def _ticket_people(row: models.Ticket) -> frozenset[str]:
    """Decision 0022: the ticket's own people: its creator, assignee, reviewer, tentative
    assignee and its epic's owner."""
    people = set(
        models.Ticket.objects.filter(pk=row.pk)
        .values_list(
            "assignee__user__username",
            "reviewer__user__username",
            "tentative_assignee__user__username",
            "epic__owner__user__username",
        )
        .first()
        or ()
    )
    creator = row.changes.order_by("at", "pk").values_list("actor", flat=True).first()
    return frozenset(p for p in people | {creator} if p)


def update_ticket(
    actor: Actor, key: str, changes: Mapping[str, Any], version: int | None = None
) -> Ticket:
    """Change a ticket's fields, refused like a creation when a rule forbids it (409 when stale).

    Who may is decision 0022's scope (`policy.ticket_edit_refusal`): the cell's active
    members, the ticket's people and the cell's managers; once its sprint started, its plan
    (points, assignee, reviewer, tentative assignee, stretch) only by the sprint planning
    manager. PermissionDenied otherwise."""
    who = _works(actor)
    unknown = set(changes) - EDITABLE
    if unknown:
        raise InvalidInput(sorted(unknown)[0], "this field cannot be changed here")
    with transaction.atomic():
        row = models.Ticket.objects.select_for_update().filter(key=key).first()
        if row is None:
            raise NotFound("key", f"no ticket has the key {key!r}")
        started = bool(
            row.sprint_id
            and models.Sprint.objects.filter(pk=row.sprint_id, started_at__isnull=False).exists()
        )
        refusal = policy.ticket_edit_refusal(
            actor,
            row.cell.name,
            _ticket_people(row),
            started,
            frozenset(changes),
        )
        if refusal:
            raise PermissionDenied(refusal)
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
            models.TicketChange.objects.create(ticket=row, actor=who, changes=_plain(diff))
            record_audit(who, "ticket.update", "ticket", key, diff)
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
        # The keys go as one string split by the server (faster to send than a text[]);
        # a key holding the separator splits into others and is simply not found.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT key, id, account_id, epic_id FROM sprints_ticket"
                " WHERE key = ANY(string_to_array(%s, chr(31)))",
                ["\x1f".join(keys)],
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


def ticket_cells(keys: set[str]) -> dict[str, str]:
    """The cell name of each ticket that exists among `keys` (for billing's who-may checks)."""
    found: dict[str, str] = {}
    keys_list = sorted(keys)
    for start in range(0, len(keys_list), 900):
        found.update(
            models.Ticket.objects.filter(key__in=keys_list[start : start + 900]).values_list(
                "key", "cell__name"
            )
        )
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


def open_estimation(
    actor: Actor, cell: str, number: int, now: datetime | None = None
) -> Estimation:
    """SP-3: the cell's sprint planning manager opens a session for a sprint that has not
    started; it closes by itself at Friday EOD."""
    org_api.get_cell(cell, field="cell")
    who = _manages(actor, cell)
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
        models.EstimationSession.objects.create(sprint=row, opened_by=who, closes_at=closes_at)
        record_audit(who, "estimation.open", "sprint", f"{cell}/{number}", {})
        # The worker closes it at the cut-off; reads and votes after it close it too.
        # At the same moment the people behind the sprint's gaps are emailed.
        _schedule("close_estimation", closes_at, cell, number)
        _schedule("notify_gaps", closes_at, cell, number)
    return estimation(cell, number)


def _close_if_due(session: models.EstimationSession, now: datetime) -> None:
    if session.closed_at is None and now >= session.closes_at:
        close_estimation(
            Actor.system(SYSTEM_ACTOR), session.sprint.cell.name, session.sprint.number, now=now
        )
        session.refresh_from_db()


def vote(
    actor: Actor,
    cell: str,
    number: int,
    ticket: str,
    value: str,
    comment: str = "",
    now: datetime | None = None,
) -> Estimation:
    """SP-3: an active member of the cell votes on a ticket (scale or '?'); a second vote
    replaces the first. Anyone else is refused (PermissionDenied naming SP-3)."""
    member = _works(actor)
    if not policy.may_vote_in_estimation(actor, cell):
        raise PermissionDenied(
            f"SP-3: only the active members of {cell} vote in its estimation; "
            "estimate in your own cell's session instead."
        )
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


def _counted_votes(session: models.EstimationSession, cell: str):
    """SP-3: the votes that count: those of the cell's active members (a vote stored by
    anyone else, or by someone who has since left the cell, is ignored)."""
    return session.votes.filter(
        member__cell__name=cell, member__status__in=org_api.ACTIVE_STATUS_VALUES
    )


def close_estimation(
    actor: Actor, cell: str, number: int, now: datetime | None = None
) -> Estimation:
    """SP-3: the sprint planning manager (or the system at the deadline) closes the session;
    each ticket's points become its result; comments stay on the tickets."""
    org_api.get_cell(cell, field="cell")
    who = _manages(actor, cell)
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
                votes = list(
                    _counted_votes(session, cell).filter(ticket=row).select_related("member__user")
                )
                result = rules.estimate([v.value for v in votes])
                if result.result is not None and row.story_points != result.result:
                    models.TicketChange.objects.create(
                        ticket=row,
                        actor=who,
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
            record_audit(who, "estimation.close", "sprint", f"{cell}/{number}", {})
    return estimation(cell, number)


def estimation(cell: str, number: int, now: datetime | None = None) -> Estimation:
    session = _session(cell, number)
    _close_if_due(session, now or timezone.now())
    tickets = list(
        models.Ticket.objects.filter(sprint=session.sprint, stretch=False).order_by("key")
    )
    votes = defaultdict(list)
    for v in _counted_votes(session, cell).select_related("member__user", "ticket"):
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
    members = org_api.active_members_by_id(cell)
    owned = org_api.in_progress_epics_owned_by_id(members)
    hours = time_off_api.available_hours_by_id(members, dates.start, dates.end)
    # The dashboard's hot path: the sprint's tickets as foreign-key ids, with
    # no join to users or epics; the rules only need to tell members apart.
    rows = (
        models.Ticket.objects.filter(cell__name=cell, sprint__number=number)
        .order_by("key")
        .values_list(
            "key",
            "story_points",
            "assignee_id",
            "reviewer_id",
            "remaining_hours",
            "review_hours",
            "status",
            "stretch",
        )
    )
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
                rules.member_capacity(_as_member(pk), hours[m.username], involving[pk], owned[pk]),
                member=m.username,
            )
            for pk, m in members.items()
        ),
        key=lambda c: c.member,
    )


def _as_member(pk: int | None) -> str | None:
    """A stand-in name for a member id: unique per member, which is all SP-6 compares."""
    return None if pk is None else f"#{pk}"


# --- start and complete (SP-4, SP-5, SP-10) ----------------------------------


def start(
    actor: Actor,
    cell: str,
    number: int,
    override: bool = False,
    now: datetime | None = None,
    reason: str = "",
) -> list[Violation]:
    """SP-5: start when ready, or with a recorded override (and its reason, when given);
    SP-4 tentative assignees become assignees. The cell's sprint planning manager starts it
    (or the system, on schedule)."""
    org_api.get_cell(cell, field="cell")
    actor = _manages(actor, cell)  # from here on, the username to record
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
        # Background work (decision 0012): completion after the last day; the
        # next sprint's gaps emailed at its cut-off, which falls in this sprint.
        _schedule("complete_sprint", rules.completion_due(sprint_dates(number).end), cell, number)
        next_start = sprint_dates(number + 1).start
        _schedule("notify_gaps", rules.estimation_deadline(next_start), cell, number + 1)
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


def complete(actor: Actor, cell: str, number: int, now: datetime | None = None) -> Completion:
    """SP-10: open tickets move to the next sprint as spillover of their assignee; once only.
    The cell's sprint planning manager completes it (or the system, on schedule)."""
    org_api.get_cell(cell, field="cell")
    actor = _manages(actor, cell)  # from here on, the username to record
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
        # Background work (decision 0012): the next sprint starts on its day 0 if ready.
        next_start = rules.start_due(sprint_dates(number + 1).start)
        _schedule("start_sprint", next_start, cell, number + 1)
    return _completion(cell, number, spilled, at_start)


def _completion(
    cell: str,
    number: int,
    spilled: Mapping[str | None, list[str]],
    at_start: Mapping[str, str | None],
    reasons: Mapping[str, str] | None = None,
) -> Completion:
    members, _ = org_api.list_members(cell=cell, active_only=True)
    reasons = reasons or {}
    return Completion(
        f"{cell}/{number}",
        number + 1,
        tuple(
            MemberCompletion(
                m.username,
                rules.clean_sprint(m.username, spilled, at_start),
                tuple(spilled.get(m.username, ())),
                reasons.get(m.username, ""),
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
    reasons: dict[str, str] = {}
    for key, member, reason in row.spillover.order_by("ticket__key").values_list(
        "ticket__key", "member__user__username", "reason"
    ):
        spilled[member].append(key)
        if member and reason and member not in reasons:
            reasons[member] = reason
    return _completion(cell, number, spilled, at_start, reasons)


# --- background work: scheduled start and completion, gap emails -----------
#
# The worker (`cellops db_worker`) runs `sprints.tasks`, which call the three
# use cases below; each is idempotent (decision 0012).


def _schedule(task_name: str, run_after: datetime, cell: str, number: int) -> None:
    """Queue the sprints task `task_name(cell, number)` to run after `run_after`, once the
    current transaction commits. Skipped when the task backend cannot defer: an
    immediate backend would run the start → complete → start chain at once."""
    task = queue.task(task_name)
    if task.get_backend().supports_defer:
        transaction.on_commit(lambda: task.using(run_after=run_after).enqueue(cell, number))


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
    now = now or timezone.now()
    sprint = f"{cell}/{number}"
    dates = sprint_dates(number)
    if sprint_record(cell, number).started_at:
        return GapNotices(sprint, {}, note="already started")
    gaps, hours = _gaps_now(cell, number)
    doers = {t.key: t.assignee or t.tentative_assignee for t in list_tickets(cell, number)}
    told = rules.gap_recipients(
        gaps, doers, _creators(cell, number), _planning_managers(cell, now.date())
    )
    cut_off = format_day(rules.estimation_closes_at(dates.start))
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
                f"({format_day(sprint_dates(number).start)}) but is not ready (SP-5), so it "
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
    now = now or timezone.now()
    record = sprint_record(cell, number)
    if record.started_at:
        return "already started"
    if record.completed_at:
        return "already completed"
    if now.date() > record.end:
        return "over: not started"
    try:
        start(Actor.system(SYSTEM_ACTOR), cell, number, now=now)
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
        complete(Actor.system(SYSTEM_ACTOR), cell, number, now=now)
    except RuleRefusal:  # completed meanwhile
        return "already completed"
    return "completed"


# --- planned hours, read by the budgets (SP-7, in billing) -------------------


def planned_hours(first: date, last: date) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """SP-7: remaining estimates of open, committed tickets, per account name in the sprints
    starting from `first` to `last`, and per epic key in the current and next sprint."""
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
    return planned_by_account, planned_by_epic


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


def confirm_replacement(actor: Actor, key: str) -> Ticket:
    """SP-8 (a): the sprint planning manager confirms a late ticket that replaces another."""
    ticket = get_ticket(key)
    who = _manages(actor, ticket.cell)
    if not ticket.awaiting_confirmation:
        raise RuleRefusal(
            [Violation("SP-8", f"{key} is not waiting for a confirmation; nothing to confirm.")]
        )
    return _change(who, key, "awaiting_confirmation", False, "ticket.confirm_replacement")


def pull_stretch(actor: Actor, key: str) -> Ticket:
    """SP-8 (b): a stretch goal enters its sprint when the sprint is ready and its assignee
    is under-committed; every unmet condition is listed. Whoever may work on the ticket
    (decision 0022) pulls it; the sprint's readiness is the rule's own guard."""
    ticket = get_ticket(key)
    who = _works(actor)
    row = models.Ticket.objects.get(key=key)
    if not policy.may_work_on_ticket(actor, ticket.cell, _ticket_people(row)):
        raise PermissionDenied(
            policy.ticket_edit_refusal(actor, ticket.cell, _ticket_people(row), False, frozenset())
        )
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
    return _change(who, key, "stretch", False, "ticket.pull_stretch")


# --- sprint rituals (SP-13 to SP-16) ------------------------------------------
#
# Retrospectives and their poll (SP-13), the firefighter rotation and the
# sprint's social chat with its 30-minute cap (SP-14), video updates (SP-15)
# and tech talks (SP-16). The rules are in `rules`; these functions load,
# check, write in a transaction, audit, and hand back the plain values below.

#: Who runs a cell's rituals besides administrators: its sprint planning
#: manager and its sprint manager (ORG-3, both held per cell).
#: The account meetings are logged to (ORG-4), and the epic social chats go on.
MEETINGS_ACCOUNT = "Meetings"
SOCIAL_CHAT_EPIC = "Social chat"


@dataclass(frozen=True)
class RetroEntry:
    """SP-13: one item of a retrospective."""

    id: int
    kind: str
    text: str
    author: str
    created: datetime


@dataclass(frozen=True)
class PollLine:
    """SP-13: one "to improve" item in the poll: its votes, its rank (1 = most votes, ties
    share a rank) and whether the viewer approved it."""

    item: int
    text: str
    votes: int
    rank: int
    approved: bool


@dataclass(frozen=True)
class Poll:
    """SP-13: the poll's results ranked by votes, and how many members took part."""

    results: tuple[PollLine, ...]
    voters: int


@dataclass(frozen=True)
class Retrospective:
    """SP-13: a sprint's retrospective.

    `state` is ``open`` (members add items until the sprint ends or is
    completed), ``closed`` (waiting to be published after rollover) or
    ``published`` (posted to the cell's running `thread`); `poll` is set once
    published with more than two "to improve" items.
    """

    cell: str
    number: int
    thread: str
    state: str
    deadline: datetime
    published_at: datetime | None
    published_by: str
    went_well: tuple[RetroEntry, ...]
    to_improve: tuple[RetroEntry, ...]
    poll: Poll | None


@dataclass(frozen=True)
class RetrospectiveThread:
    """SP-13: the cell's running thread: its published retrospectives, newest first."""

    cell: str
    title: str
    posts: tuple[Retrospective, ...]


@dataclass(frozen=True)
class Firefighters:
    """SP-14: a cell's firefighters of the week starting `week_start` (a Monday).

    `recorded` is False when nobody was set for the week yet: `members` are
    then the ones the rotation gives (what `rotate` would record).
    """

    cell: str
    week_start: date
    members: tuple[str, ...]
    names: tuple[str, ...]
    recorded: bool


@dataclass(frozen=True)
class SocialChat:
    """SP-14: a sprint's social chat: who organises it (the firefighters of its first week),
    when it may take place, and once organised its topic, time and ticket."""

    cell: str
    number: int
    organisers: tuple[str, ...]
    window_start: datetime
    window_end: datetime
    organised: bool
    topic: str = ""
    at: datetime | None = None
    organiser: str = ""
    ticket: str | None = None


@dataclass(frozen=True)
class VideoUpdateLine:
    """SP-15: one member's video update of a sprint: due or not, its exact title, posted or not."""

    member: str
    name: str
    due: bool
    title: str
    posted: bool
    url: str = ""
    posted_at: datetime | None = None


@dataclass(frozen=True)
class VideoUpdates:
    """SP-15: a sprint's video updates for every active member of the cell."""

    cell: str
    number: int
    thread: str
    due: bool
    members: tuple[VideoUpdateLine, ...]


@dataclass(frozen=True)
class TechTalk:
    """SP-16: a tech talk on a mid-sprint meeting day, with its preparation ticket."""

    id: int
    title: str
    cell: str
    sprint: int
    day: date
    speaker: str
    speaker_name: str
    ticket: str


# who may ----------------------------------------------------------------------


def may_see_cell(actor: Actor, cell: str) -> bool:
    """SP-13 privacy: the cell's active members, its sprint planning and sprint managers,
    and administrators see and write its retrospective (`policy.sees_cell`)."""
    return policy.sees_cell(actor, cell)


def _require_cell_access(actor: Actor, cell: str) -> str:
    """The username of `actor` if they may see and write `cell`'s retrospective (NotFound for
    an unknown cell, PermissionDenied for anyone else)."""
    org_api.get_cell(cell)
    if not policy.sees_cell(actor, cell):
        raise PermissionDenied(
            policy.inactive_refusal(actor)
            or f"The retrospective of {cell} is private to its members, its sprint planning "
            "and sprint managers, and administrators."
        )
    return actor.username


def is_cell_manager(actor: Actor, cell: str) -> bool:
    """Administrators, and the cell's sprint planning manager or sprint manager."""
    return allows_in_cell(actor, Permission.RUN_RITUALS, cell)


def _require_cell_manager(actor: Actor, cell: str) -> str:
    """The username of `actor` if they run `cell`'s rituals (publish its retrospective, set
    its firefighters, act for its members); PermissionDenied otherwise."""
    org_api.get_cell(cell)
    if not allows_in_cell(actor, Permission.RUN_RITUALS, cell):
        raise PermissionDenied(
            policy.inactive_refusal(actor)
            or f"Only {cell}'s sprint planning manager or sprint manager, or an administrator, "
            "may do this."
        )
    return actor.username


def _acting_for(actor: Actor, cell: str, member: str) -> str:
    """The username of `actor` if they may do a ritual in `member`'s name: themself, or the
    cell's ritual managers (decision 0011)."""
    if not policy.may_act_for(actor, cell, member):
        raise PermissionDenied(
            policy.inactive_refusal(actor)
            or f"Only {cell}'s sprint planning manager or sprint manager, or an administrator, "
            "may do this."
        )
    return actor.username


def _check_day(field: str, day: date) -> date:
    if not EARLIEST <= day <= LATEST:
        raise InvalidInput(field, f"give a date between {EARLIEST} and {LATEST}, not {day}")
    return day


def _check_moment(field: str, moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(field, "give a time with its offset, like 2026-03-10T15:00:00+00:00")
    _check_day(field, moment.date())
    return moment


def _ritual_dates(number: int, field: str = "number") -> Sprint:
    """The sprint's dates, refused on `field` when it lies beyond the dates we keep."""
    dates = sprint_dates(number, field)
    if dates.end > LATEST:
        raise InvalidInput(field, f"give a sprint that ends by {LATEST}, not sprint {number}")
    return dates


def _text(field: str, value: str, limit: int, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(field, what)
    if len(value) > limit:
        raise InvalidInput(field, f"keep it to {limit} characters")
    return value


def _active_member_of(username: str, cell: str, field: str = "member"):
    member = org_api.get_member(username, field=field)
    if member.cell != cell or member.status.value not in org_api.ACTIVE_STATUS_VALUES:
        raise InvalidInput(field, f"{username} is not an active member of {cell}")
    return member


# SP-13 retrospectives ----------------------------------------------------------


def _retro_entry(row: models.RetroItem) -> RetroEntry:
    return RetroEntry(row.pk, row.kind, row.text, row.author, row.created)


def add_retro_item(
    actor: Actor, cell: str, number: int, kind: str, text: str, now: datetime | None = None
) -> RetroEntry:
    """SP-13: an item "went well" or "to improve", added before the sprint ends (refused once
    it ended or was completed), by those who see the cell's retrospective."""
    author = _require_cell_access(actor, cell)
    now = now or timezone.now()
    if kind not in rules.RETRO_KINDS:
        raise InvalidInput("kind", 'give "went well" or "to improve"')
    text = _text("text", text, 2000, "say what went well or what to improve")
    org_api.get_cell(cell)
    dates = _ritual_dates(number)
    with transaction.atomic():
        row = _sprint_row(cell, number, lock=True)
        refuse_if_any(rules.check_retro_item(dates.end, bool(row.completed_at), now))
        item = models.RetroItem.objects.create(sprint=row, author=author, kind=kind, text=text)
        record_audit(author, "retrospective.add_item", "sprint", f"{cell}/{number}", {"kind": kind})
    return _retro_entry(item)


def publish_retrospective(
    actor: Actor, cell: str, number: int, now: datetime | None = None
) -> Retrospective:
    """SP-13: after rollover (the sprint completed), publish the items to the cell's running
    thread; a poll opens with more than two "to improve" items. Once only: publishing again
    changes nothing and answers the published retrospective. The cell's ritual managers
    publish."""
    viewer = actor
    actor = _require_cell_manager(viewer, cell)  # the username to record
    now = now or timezone.now()
    _ritual_dates(number)
    with transaction.atomic():
        row = _sprint_row(cell, number, lock=True)
        if not models.Retrospective.objects.filter(sprint=row).exists():
            items = list(row.retro_items.values_list("kind", flat=True))
            refuse_if_any(rules.check_retro_publish(bool(row.completed_at), len(items)))
            poll = rules.poll_opens(items.count(rules.TO_IMPROVE))
            models.Retrospective.objects.create(
                sprint=row, published_at=now, published_by=actor, poll_open=poll
            )
            record_audit(
                actor,
                "retrospective.publish",
                "sprint",
                f"{cell}/{number}",
                {"items": len(items), "poll": poll},
            )
    return retrospective(cell, number, viewer=viewer, now=now)


def _rank(votes: Mapping[int, int]) -> list[tuple[int, int]]:
    """(item, rank) in `rank_poll` order; equal votes share a rank (1, 2, 2, 4)."""
    ranked = rules.rank_poll(votes)
    return [(item, 1 + sum(1 for v in votes.values() if v > votes[item])) for item in ranked]


def retrospective(
    cell: str, number: int, *, viewer: Actor, now: datetime | None = None
) -> Retrospective:
    """SP-13: a sprint's retrospective: its items, its state and, once published with more
    than two "to improve" items, the poll ranked by votes (`viewer`'s approvals marked).
    Private to those who see the cell (PermissionDenied for anyone else)."""
    _require_cell_access(viewer, cell)
    now = now or timezone.now()
    dates = _ritual_dates(number)
    row = models.Sprint.objects.filter(cell__name=cell, number=number).first()
    published = models.Retrospective.objects.filter(sprint=row).first() if row else None
    items = (
        list(row.retro_items.annotate(votes=Count("approvals")).order_by("created", "id"))
        if row
        else []
    )
    if published:
        state = "published"
    elif rules.check_retro_item(dates.end, bool(row and row.completed_at), now):
        state = "closed"
    else:
        state = "open"
    poll = None
    if published and published.poll_open:
        mine = set(
            models.PollApproval.objects.filter(
                item__sprint=row, member__user__username=viewer.username
            ).values_list("item_id", flat=True)
        )
        to_improve = {i.pk: i for i in items if i.kind == rules.TO_IMPROVE}
        votes = {pk: i.votes for pk, i in to_improve.items()}
        poll = Poll(
            tuple(
                PollLine(pk, to_improve[pk].text, votes[pk], rank, pk in mine)
                for pk, rank in _rank(votes)
            ),
            models.PollApproval.objects.filter(item__sprint=row)
            .values("member")
            .distinct()
            .count(),
        )
    return Retrospective(
        cell=cell,
        number=number,
        thread=rules.retrospective_thread_title(cell),
        state=state,
        deadline=rules.end_of_day(dates.end),
        published_at=published.published_at if published else None,
        published_by=published.published_by if published else "",
        went_well=tuple(_retro_entry(i) for i in items if i.kind == rules.WENT_WELL),
        to_improve=tuple(_retro_entry(i) for i in items if i.kind == rules.TO_IMPROVE),
        poll=poll,
    )


def retrospective_thread(cell: str, *, viewer: Actor) -> RetrospectiveThread:
    """SP-13: the cell's running thread "Sprint Retrospective - <Cell>": every published
    retrospective, newest sprint first (private like each of them)."""
    _require_cell_access(viewer, cell)
    numbers = (
        models.Retrospective.objects.filter(sprint__cell__name=cell)
        .order_by("-sprint__number")
        .values_list("sprint__number", flat=True)
    )
    return RetrospectiveThread(
        cell,
        rules.retrospective_thread_title(cell),
        tuple(retrospective(cell, n, viewer=viewer) for n in numbers),
    )


def _poll_item(cell: str, number: int, item: int) -> models.RetroItem:
    row = (
        models.RetroItem.objects.select_related("sprint")
        .filter(pk=item, sprint__cell__name=cell, sprint__number=number)
        .first()
    )
    if row is None:
        raise NotFound("item", f"no item {item} in the retrospective of {cell}/{number}")
    published = models.Retrospective.objects.filter(sprint=row.sprint).first()
    if published is None or not published.poll_open:
        raise RuleRefusal(
            [
                Violation(
                    rules.SP_13_RETROSPECTIVE,
                    "No poll is open on this retrospective: a poll opens when it is published "
                    'with more than two "to improve" items.',
                    {"field": "item"},
                )
            ]
        )
    if row.kind != rules.TO_IMPROVE:
        raise RuleRefusal(
            [
                Violation(
                    rules.SP_13_RETROSPECTIVE,
                    f'Item {item} went well: the poll is about the "to improve" items; approve '
                    "one of those.",
                    {"field": "item"},
                )
            ]
        )
    return row


def _voter(actor: Actor, cell: str) -> int:
    _require_cell_access(actor, cell)
    if not policy.is_active_member_of(actor, cell):
        raise PermissionDenied(f"Only the active members of {cell} vote in its poll.")
    return org_api.member_pk(actor.username)


def approve(actor: Actor, cell: str, number: int, item: int) -> Retrospective:
    """SP-13: an active member of the cell approves a "to improve" item in the poll. Once per
    item: approving it again changes nothing (idempotent)."""
    member = actor.username
    voter = _voter(actor, cell)
    row = _poll_item(cell, number, item)
    with transaction.atomic():
        _, created = models.PollApproval.objects.get_or_create(item=row, member_id=voter)
        if created:
            record_audit(
                member, "retrospective.approve", "sprint", f"{cell}/{number}", {"item": item}
            )
    return retrospective(cell, number, viewer=actor)


def withdraw_approval(actor: Actor, cell: str, number: int, item: int) -> Retrospective:
    """SP-13: a member takes back their approval of an item (nothing to take back: no change)."""
    member = actor.username
    voter = _voter(actor, cell)
    row = _poll_item(cell, number, item)
    with transaction.atomic():
        deleted, _ = models.PollApproval.objects.filter(item=row, member_id=voter).delete()
        if deleted:
            record_audit(
                member, "retrospective.withdraw", "sprint", f"{cell}/{number}", {"item": item}
            )
    return retrospective(cell, number, viewer=actor)


def set_approvals(actor: Actor, cell: str, number: int, items: Iterable[int]) -> Retrospective:
    """SP-13 (the page's checkboxes): the member's approvals become exactly `items`."""
    wanted = set(items)
    current = retrospective(cell, number, viewer=actor)
    if current.poll is None:
        raise RuleRefusal(
            [
                Violation(
                    rules.SP_13_RETROSPECTIVE,
                    "No poll is open on this retrospective: a poll opens when it is published "
                    'with more than two "to improve" items.',
                )
            ]
        )
    mine = {line.item for line in current.poll.results if line.approved}
    with transaction.atomic():
        for item in sorted(wanted - mine):
            approve(actor, cell, number, item)
        for item in sorted(mine - wanted):
            withdraw_approval(actor, cell, number, item)
    return retrospective(cell, number, viewer=actor)


# SP-14 firefighters and the social chat ----------------------------------------


def _rotation_order(cell: str) -> list[str]:
    """SP-14: the cell's active members in the rotation's stable order (by username)."""
    return sorted(m.username for m in org_api.active_members_of(cell))


def _week_index(monday: date) -> int:
    return (monday - org_api.sprint_calendar().first_start).days // 7


def firefighters(cell: str, from_week: date, weeks: int = 1) -> list[Firefighters]:
    """SP-14: the cell's firefighters for `weeks` weeks from the week of `from_week`: those
    recorded, else those the rotation gives (marked not recorded)."""
    if not 1 <= weeks <= 53:
        raise InvalidInput("weeks", "give a number of weeks from 1 to 53")
    org_api.get_cell(cell)
    first = rules.week_start(_check_day("from", from_week))
    mondays = [first + timedelta(weeks=i) for i in range(weeks)]
    recorded: dict[date, list[str]] = defaultdict(list)
    for monday, username in (
        models.FirefighterWeek.objects.filter(cell__name=cell, week_start__in=mondays)
        .order_by("week_start", "slot")
        .values_list("week_start", "member__user__username")
    ):
        recorded[monday].append(username)
    order = _rotation_order(cell)
    pairs = {
        monday: tuple(recorded[monday])
        if monday in recorded
        else rules.firefighter_pair(order, _week_index(monday))
        for monday in mondays
    }
    names = member_names(cell, {u for pair in pairs.values() for u in pair})
    return [
        Firefighters(
            cell,
            monday,
            pairs[monday],
            tuple(names.get(u, u) for u in pairs[monday]),
            monday in recorded,
        )
        for monday in mondays
    ]


def set_firefighters(actor: Actor, cell: str, week: date, members: Iterable[str]) -> Firefighters:
    """SP-14: the cell's ritual managers record a week's firefighters (at most two, active
    members of the cell), in place of whoever was set; an empty list gives the week back to
    the rotation."""
    actor = _require_cell_manager(actor, cell)  # the username to record
    chosen = list(members)
    if len(set(chosen)) != len(chosen):
        raise InvalidInput("members", "name each firefighter once")
    refuse_if_any(rules.check_firefighters(chosen))
    monday = rules.week_start(_check_day("week", week))
    ids = [org_api.member_pk(_active_member_of(u, cell, "members").username) for u in chosen]
    with transaction.atomic():
        org_api.lock_cell(cell)
        cell_id = org_api.cell_pk(cell)
        models.FirefighterWeek.objects.filter(cell_id=cell_id, week_start=monday).delete()
        models.FirefighterWeek.objects.bulk_create(
            models.FirefighterWeek(
                cell_id=cell_id, week_start=monday, slot=slot, member_id=pk, set_by=actor
            )
            for slot, pk in enumerate(ids, start=1)
        )
        record_audit(actor, "firefighters.set", "cell", cell, {"week": monday, "members": chosen})
    return firefighters(cell, monday)[0]


def rotate(actor: Actor, cell: str, from_week: date, weeks: int) -> list[Firefighters]:
    """SP-14: record the rotation's firefighters for the weeks that have none yet, two per
    week walking the cell's active members in a stable order. Idempotent: weeks already set
    (by the rotation or by hand) are left as they are. The cell's ritual managers do it."""
    actor = _require_cell_manager(actor, cell)  # the username to record
    planned = firefighters(cell, from_week, weeks)
    with transaction.atomic():
        org_api.lock_cell(cell)
        cell_id = org_api.cell_pk(cell)
        taken = set(
            models.FirefighterWeek.objects.filter(
                cell_id=cell_id, week_start__in=[p.week_start for p in planned]
            ).values_list("week_start", flat=True)
        )
        new = [p for p in planned if p.week_start not in taken and p.members]
        ids = org_api.member_pks({u for p in new for u in p.members})
        models.FirefighterWeek.objects.bulk_create(
            models.FirefighterWeek(
                cell_id=cell_id,
                week_start=p.week_start,
                slot=slot,
                member_id=ids[u],
                set_by=actor,
            )
            for p in new
            for slot, u in enumerate(p.members, start=1)
        )
        if new:
            record_audit(
                actor,
                "firefighters.rotate",
                "cell",
                cell,
                {"weeks": [p.week_start for p in new]},
            )
    return firefighters(cell, from_week, weeks)


def may_organise_social_chat(actor: Actor, cell: str, number: int) -> bool:
    """SP-14: the firefighters of the sprint's first week organise its social chat; the
    cell's managers and administrators may too."""
    if allows_in_cell(actor, Permission.RUN_RITUALS, cell):
        return True
    if not policy.allows(actor, Permission.WORK_ON_TICKETS):
        return False
    return actor.username in firefighters(cell, _ritual_dates(number).start)[0].members


def require_social_chat_organiser(actor: Actor, cell: str, number: int) -> str:
    """The username of `actor` if they may organise the sprint's social chat (SP-14)."""
    org_api.get_cell(cell)
    if not may_organise_social_chat(actor, cell, number):
        who = firefighters(cell, _ritual_dates(number).start)[0].names
        raise PermissionDenied(
            f"SP-14: the firefighters of sprint {number}'s first week "
            f"({' and '.join(who) or 'nobody yet'}) organise its social chat, or {cell}'s "
            "sprint planning manager."
        )
    return actor.username


def _meetings_account(actor: str) -> str:
    """ORG-4: the "Meetings" account, made (and audited) the first time a ritual needs it."""
    if not any(a.name == MEETINGS_ACCOUNT for a in org_api.list_accounts(show_money=False)):
        org_api.create_account(actor, MEETINGS_ACCOUNT)
    return MEETINGS_ACCOUNT


def _social_chat_epic() -> str | None:
    return next(
        (
            e.key
            for e in org_api.list_epics(show_money=False)
            if e.title.strip().lower() == SOCIAL_CHAT_EPIC.lower()
        ),
        None,
    )


def social_chat(cell: str, number: int) -> SocialChat:
    """SP-14: the sprint's social chat, organised or not, with its organisers and window."""
    org_api.get_cell(cell)
    dates = _ritual_dates(number)
    opens, closes = rules.social_chat_window(dates)
    organisers = firefighters(cell, dates.start)[0].members
    chat = (
        models.SocialChat.objects.select_related("ticket")
        .filter(sprint__cell__name=cell, sprint__number=number)
        .first()
    )
    if chat is None:
        return SocialChat(cell, number, organisers, opens, closes, organised=False)
    return SocialChat(
        cell,
        number,
        organisers,
        opens,
        closes,
        organised=True,
        topic=chat.topic,
        at=chat.at,
        organiser=chat.organiser,
        ticket=chat.ticket.key,
    )


def organise_social_chat(
    actor: Actor, cell: str, number: int, topic: str, at: datetime
) -> SocialChat:
    """SP-14: set the sprint's social chat: a topic and a time within its first week (days 0
    to 4, UTC). The first time, its dedicated ticket is made on the cell (on the "Social
    chat" epic if there is one, "Meetings" account); later calls change topic and time and
    keep the ticket. The first week's firefighters organise it, or the cell's managers."""
    organiser = actor
    actor = require_social_chat_organiser(organiser, cell, number)  # the username to record
    topic = _text("topic", topic, 150, "give the social chat a topic")
    _check_moment("at", at)
    org_api.get_cell(cell)
    dates = _ritual_dates(number)
    refuse_if_any(rules.check_social_chat_time(dates, at))
    description = (
        f"Social chat of {cell}, sprint {number}: {topic}, at {at.astimezone(UTC):%Y-%m-%d %H:%M} "
        "UTC. Optional; log the time you attend here: at most 30 minutes per participant "
        "(SP-14)."
    )
    with transaction.atomic():
        row = _sprint_row(cell, number, lock=True)
        chat = models.SocialChat.objects.filter(sprint=row).first()
        if chat is None:
            ticket = create_ticket(
                organiser,
                title=f"Social chat {cell} sprint {number}: {topic}"[:200],
                cell=cell,
                account=_meetings_account(actor),
                epic=_social_chat_epic(),
                description=description,
            )
            models.SocialChat.objects.create(
                sprint=row,
                topic=topic,
                at=at,
                organiser=actor,
                ticket=models.Ticket.objects.get(key=ticket.key),
            )
        else:
            chat.topic, chat.at = topic, at
            chat.save(update_fields=["topic", "at"])
            update_ticket(
                organiser,
                chat.ticket.key,
                {
                    "title": f"Social chat {cell} sprint {number}: {topic}"[:200],
                    "description": description,
                },
            )
        record_audit(
            actor, "social_chat.organise", "sprint", f"{cell}/{number}", {"topic": topic, "at": at}
        )
    return social_chat(cell, number)


def social_chat_tickets(keys: set[str]) -> set[str]:
    """SP-14: which of these ticket keys are social chat tickets (their worklogs are capped)."""
    # One chat per cell and sprint: reading them all is one small query, however
    # many keys a worklog import brings.
    return set(models.SocialChat.objects.values_list("ticket__key", flat=True)) & set(keys)


def lock_social_chat(ticket: str) -> None:
    """SP-14: serialise worklogs on one social chat's ticket, so two at once cannot both pass
    the cap. Call inside `transaction.atomic()` before summing what was logged."""
    list(models.SocialChat.objects.select_for_update().filter(ticket__key=ticket))


def check_social_chat_worklog(logged_hours: Decimal, hours: Decimal) -> None:
    """SP-14: refuse (`RuleRefusal`) `hours` more when they would bring a participant's time
    on one social chat (`logged_hours` so far) above 30 minutes; the violation names both the
    hours logged and the most that can still be logged."""
    refuse_if_any(rules.check_social_chat_log(logged_hours, hours))


# SP-15 video updates --------------------------------------------------------------


def video_updates(cell: str, number: int) -> VideoUpdates:
    """SP-15: for each active member, whether a video update is due this sprint, its exact
    title (`Sprint X - <Cell> - <Name>`, X the sprint ending) and whether it was posted."""
    kind = org_api.get_cell(cell).kind.value
    _ritual_dates(number)
    due = rules.video_due(kind, number)
    posted = {
        v.member.user.username: v
        for v in models.VideoUpdate.objects.select_related("member__user").filter(
            sprint__cell__name=cell, sprint__number=number
        )
    }
    members = sorted(org_api.active_members_of(cell), key=lambda m: (_full_name(m), m.username))
    lines = []
    for m in members:
        row = posted.get(m.username)
        lines.append(
            VideoUpdateLine(
                member=m.username,
                name=_full_name(m),
                due=due,
                title=row.title if row else rules.video_update_title(number, cell, _full_name(m)),
                posted=row is not None,
                url=row.url if row else "",
                posted_at=row.posted_at if row else None,
            )
        )
    return VideoUpdates(cell, number, rules.sprint_updates_thread_title(cell), due, tuple(lines))


def post_video_update(
    actor: Actor, cell: str, number: int, member: str, url: str, now: datetime | None = None
) -> VideoUpdateLine:
    """SP-15: record `member`'s posted video update (a link); its title is generated, never
    typed. One per member per sprint: posting again replaces the link. The member posts
    their own; the cell's ritual managers may post for them."""
    org_api.get_cell(cell)
    actor = _acting_for(actor, cell, member)  # the username to record
    now = now or timezone.now()
    url = (url or "").strip()
    try:
        if len(url) > 500:
            raise ValidationError("too long")
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise InvalidInput(
            "url", "give the link of the video, like https://www.loom.com/share/…"
        ) from exc
    kind = org_api.get_cell(cell).kind.value
    _ritual_dates(number)
    person = _active_member_of(member, cell)
    refuse_if_any(rules.check_video_due(kind, number))
    title = rules.video_update_title(number, cell, _full_name(person))
    with transaction.atomic():
        row = _sprint_row(cell, number)
        models.VideoUpdate.objects.update_or_create(
            sprint=row,
            member_id=org_api.member_pk(member),
            defaults={"title": title, "url": url, "posted_at": now, "posted_by": actor},
        )
        record_audit(
            actor, "video_update.post", "sprint", f"{cell}/{number}", {"member": member, "url": url}
        )
    return next(line for line in video_updates(cell, number).members if line.member == member)


# SP-16 tech talks -------------------------------------------------------------------


def _tech_talk(row: models.TechTalk) -> TechTalk:
    speaker = row.speaker
    return TechTalk(
        id=row.pk,
        title=row.title,
        cell=row.cell.name,
        sprint=row.sprint_number,
        day=row.day,
        speaker=speaker.user.username,
        speaker_name=speaker.user.get_full_name() or speaker.user.username,
        ticket=row.ticket.key,
    )


def schedule_tech_talk(
    actor: Actor,
    *,
    title: str,
    cell: str,
    sprint: int,
    speaker: str,
    day: date | None = None,
) -> TechTalk:
    """SP-16: a tech talk on the mid-sprint meeting day of `sprint` (a `day` given must be that
    day), with a ticket to prepare it in the speaker's own cell, assigned to the speaker.
    The speaker schedules their own; the cell's ritual managers may for them."""
    org_api.get_cell(cell)
    creator = actor
    actor = _acting_for(creator, cell, speaker)  # the username to record
    title = _text("title", title, 150, "give the tech talk a title")
    dates = _ritual_dates(sprint, field="sprint")
    if day is not None:
        refuse_if_any(rules.check_tech_talk_day(dates, _check_day("day", day)))
    talk_day = rules.tech_talk_day(dates)
    person = org_api.get_member(speaker, field="speaker")
    if person.cell != cell:
        raise InvalidInput(
            "speaker",
            f"{speaker} is a member of {person.cell}: the preparation ticket goes in the "
            f"speaker's own cell, so give the cell {person.cell}",
        )
    with transaction.atomic():
        ticket = create_ticket(
            creator,
            title=f"Prepare the tech talk: {title}",
            cell=cell,
            account=_meetings_account(actor),
            assignee=speaker,
            due_date=talk_day,
            description=(
                f"Tech talk on {talk_day:%A %d %B %Y}, the mid-sprint meeting day of sprint "
                f"{sprint} (SP-16). Discuss the time in the tech talks thread."
            ),
        )
        row = models.TechTalk.objects.create(
            title=title,
            cell_id=org_api.cell_pk(cell),
            sprint_number=sprint,
            day=talk_day,
            speaker_id=org_api.member_pk(speaker),
            ticket=models.Ticket.objects.get(key=ticket.key),
            scheduled_by=actor,
        )
        record_audit(
            actor,
            "tech_talk.schedule",
            "tech_talk",
            row.pk,
            {"title": title, "day": talk_day, "speaker": speaker},
        )
    return tech_talks(talk_day, talk_day, ids={row.pk})[0]


def tech_talks(
    from_day: date | None = None, until: date | None = None, ids: set[int] | None = None
) -> list[TechTalk]:
    """SP-16: tech talks from `from_day` (today by default) to `until`, soonest first."""
    from_day = _check_day("from", from_day or timezone.localdate())
    rows = models.TechTalk.objects.select_related("cell", "speaker__user", "ticket").filter(
        day__gte=from_day
    )
    if until is not None:
        rows = rows.filter(day__lte=_check_day("until", until))
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return [_tech_talk(r) for r in rows.order_by("day", "id")]


# --- ticket comments (the ticket page) -------------------------------------------

COMMENT_LIMIT = 2_000


@dataclass(frozen=True)
class TicketComment:
    """A comment on a ticket; `source` is "estimation" for an SP-3 vote comment kept at close."""

    id: int
    author: str
    at: datetime
    text: str
    source: str


def _comment(row: models.Comment) -> TicketComment:
    return TicketComment(row.pk, row.author, row.at, row.text, row.source)


def _ticket_pk(key: str) -> int:
    pk = models.Ticket.objects.filter(key=key).values_list("pk", flat=True).first()
    if pk is None:
        raise NotFound("key", f"no ticket has the key {key!r}")
    return pk


def comments(key: str) -> list[TicketComment]:
    """A ticket's comments, oldest first, the SP-3 estimation comments among them."""
    ticket_pk = _ticket_pk(key)
    return [_comment(row) for row in models.Comment.objects.filter(ticket_id=ticket_pk)]


def add_comment(actor: Actor, key: str, text: str) -> TicketComment:
    """Add the actor's comment to the ticket `key` (kept as typed, shown as plain text).
    Any active member comments on any ticket (decision 0022)."""
    author = _works(actor)
    text = _text("text", text, COMMENT_LIMIT, "write a comment before sending it")
    with transaction.atomic():
        row = models.Comment.objects.create(ticket_id=_ticket_pk(key), author=author, text=text)
        record_audit(author, "ticket.comment", "ticket", key, {"comment": row.pk})
    return _comment(row)


# --- spillover reasons (SP-10) and the home page's needs ------------------------

SPILLOVER_REASON_LIMIT = 1000


def may_give_spillover_reason(actor: Actor, cell: str, member: str) -> bool:
    """SP-10: the member themself gives the reason of their spillover; the cell's sprint
    planning manager and administrators may give it for them."""
    if actor.username == member and policy.allows(actor, Permission.WORK_ON_TICKETS):
        return True
    return allows_in_cell(actor, Permission.MANAGE_SPRINTS, cell)


def give_spillover_reason(
    actor: Actor, cell: str, number: int, member: str, reason: str
) -> MemberCompletion:
    """SP-10 (issue #3 item 8): say why `member`'s tickets spilled over from `cell`/`number`.

    Who may is checked here (`may_give_spillover_reason`) on the acting user; the reason is
    trimmed, required and at most `SPILLOVER_REASON_LIMIT` characters; NotFound when the
    member has no spillover in that sprint. Giving it again replaces it; audited."""
    org_api.get_cell(cell)
    sprint_dates(number)
    giver = actor
    actor = giver.username
    if not may_give_spillover_reason(giver, cell, member):
        raise PermissionDenied(
            f"SP-10: only {member} or {cell}'s sprint planning manager (or an administrator) "
            "may give the reason of their spillover."
        )
    reason = _text("reason", reason, SPILLOVER_REASON_LIMIT, "say why the tickets spilled over")
    with transaction.atomic():
        rows = models.Spillover.objects.select_for_update().filter(
            sprint__cell__name=cell, sprint__number=number, member__user__username=member
        )
        keys = sorted(rows.values_list("ticket__key", flat=True))
        if not keys:
            raise NotFound("member", f"{member} has no spillover in {cell}/{number}")
        previous = rows.exclude(reason="").values_list("reason", flat=True).first() or ""
        rows.update(reason=reason)
        record_audit(
            actor,
            "sprint.spillover_reason",
            "sprint",
            f"{cell}/{number}",
            {"member": member, "tickets": keys, "reason": [previous, reason]},
        )
    result = completion(cell, number)
    line = next((m for m in result.members if m.member == member), None) if result else None
    return line or MemberCompletion(member, False, tuple(keys), reason)


def _votes_owed(username: str, cell: str) -> list[Need]:
    """SP-3: in each open session of my cell, the tickets I have not voted on yet."""
    sessions = list(
        models.EstimationSession.objects.filter(
            sprint__cell__name=cell, closed_at__isnull=True, closes_at__gt=timezone.now()
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
    """SP-9: tickets `Under review` whose reviewer is me, per sprint board."""
    rows = (
        models.Ticket.objects.filter(
            reviewer__user__username=username, status=UNDER_REVIEW, sprint__isnull=False
        )
        .order_by("cell__name", "sprint__number", "key")
        .values_list("cell__name", "sprint__number", "key")
    )
    by_board: dict[tuple[str, int], list[str]] = defaultdict(list)
    for cell, number, key in rows:
        by_board[(cell, number)].append(key)
    return [
        Need(
            area="Reviews",
            title=f"{len(keys)} ticket{'s' if len(keys) != 1 else ''} waiting for your review "
            f"in {cell} sprint {number}",
            detail=f"Under review, with you as reviewer: {', '.join(keys)}. "
            "Work from the right: reviews unblock the others first.",
            url=reverse("sprints:board", args=[cell, number]) + "?show=reviews",
        )
        for (cell, number), keys in by_board.items()
    ]


def _my_hours(username: str, cell: str, today: date) -> list[Need]:
    """SP-6: my committed vs available hours this sprint and next, flagged when overcommitted."""
    try:
        current = org_api.sprint_calendar().for_date(today)
    except BeforeFirstSprint:
        return []
    needs = []
    for number, which in ((current.number, "this sprint"), (current.number + 1, "next sprint")):
        mine = next((c for c in capacity(cell, number) if c.member == username), None)
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
        detail = {
            CapacityStatus.OVERCOMMITTED: "SP-6: hand a ticket or a review to someone with "
            "hours left, or talk to your sprint planning manager.",
            CapacityStatus.UNDER_COMMITTED: "SP-6: not enough work (under 80 % of your "
            "hours): pick up a stretch goal or ask for a ticket.",
            CapacityStatus.OK: "SP-6: your tickets, reviews and epics fit your hours.",
        }[mine.status]
        if which == "next sprint" and mine.status == CapacityStatus.UNDER_COMMITTED:
            # Early in planning almost everyone is under 80 % of next sprint.
            detail = "SP-6: room for more work; its tickets are planned until the cut-off."
        if mine.unestimated:
            detail += f" Unestimated: {', '.join(mine.unestimated)}."
        needs.append(
            Need(
                area="Capacity",
                title=title,
                detail=detail,
                url=reverse("sprints:planning", args=[cell, number]) + "#capacity-heading",
                when=sprint_dates(number).start,
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


def needs_of(user, today: date) -> list[Need]:
    """The home page's sprint items for an active member: votes owed (SP-3), reviews waiting
    (SP-9), my hours this sprint and next (SP-6), a missing spillover reason (SP-10).

    A constant number of queries however many tickets, votes and members there are."""
    if user is None or not user.is_authenticated:
        return []
    member = org_api.member_of_user(user)
    if member is None or member.status.value not in org_api.ACTIVE_STATUS_VALUES:
        return []
    username, cell = member.username, member.cell
    return [
        *_votes_owed(username, cell),
        *_reviews_waiting(username),
        *_my_hours(username, cell, today),
        *_reason_missing(username, cell),
    ]


def insertion_cutoff(number: int) -> date:
    """SP-1 / SP-8: the day whose end (24:00 UTC) is sprint `number`'s task-insertion cut-off."""
    return rules.insertion_cutoff(sprint_dates(number).start)
