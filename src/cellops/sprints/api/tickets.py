"""Tickets: create, edit (409 when stale), read, history and keys (SP-2, SP-5 people, SP-8,
SP-9, WF-2)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Model, QuerySet

from cellops.kernel import clock
from cellops.kernel.violations import Conflict, InvalidInput, NotFound, RuleRefusal, Violation
from cellops.org import api as org_api
from cellops.org import policy
from cellops.org.data import Actor
from cellops.platform.api import record_audit
from cellops.sprints import models, rules
from cellops.sprints.api import hooks
from cellops.sprints.api._common import _sprint_row, _works, sprint_dates, sprint_policy
from cellops.sprints.data import FieldChange, InsertionContext, Ticket, TicketChange

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


#: `Ticket`'s fields in order, as the ticket's columns and its related rows' (`list_tickets`).
_TICKET_VALUES = (
    "key",
    "title",
    "description",
    "cell__name",
    "sprint__number",
    "stretch",
    "epic__key",
    "account__name",
    "story_points",
    "status",
    "assignee__user__username",
    "reviewer__user__username",
    "tentative_assignee__user__username",
    "remaining_hours",
    "review_hours",
    "due_date",
    "replaces__key",
    "awaiting_confirmation",
    "version",
    "labels",
)


def _ticket(row: models.Ticket) -> Ticket:
    def who(member: Model | None) -> str | None:  # an org member row, read through the ticket
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
        labels=tuple(row.labels or ()),
    )


def _tickets_qs() -> QuerySet[models.Ticket]:
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
    # The columns a `Ticket` shows, as plain values: no model rows (a ticket and its eight
    # related rows each) are built for a sprint's hundreds of tickets (decision 0067).
    return [
        Ticket(*values[:-1], labels=tuple(values[-1] or ()))
        for values in rows.order_by("key").values_list(*_TICKET_VALUES)
    ]


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
    now = now or clock.now()
    if key:
        check_key(key)
    if not account.strip() and epic:
        # issue #14 item 15: a ticket on an epic inherits the epic's account
        account = next(
            (e.account for e in org_api.list_epics(show_money=False) if e.key == epic), ""
        )
    fields = {"story_points": story_points, "assignee": assignee, "reviewer": reviewer}
    violations = _people_checks(fields)
    awaiting = False
    with transaction.atomic():
        cell_id = org_api.cell_pk(cell)
        sprint_row = None
        if sprint is not None:
            dates = sprint_dates(cell, sprint, field="sprint")
            existing = models.Sprint.objects.filter(cell_id=cell_id, number=sprint).first()
            decision = rules.check_insertion(
                InsertionContext(dates.start, bool(existing and existing.started_at), now),
                replaces,
                stretch,
                sprint_policy(cell),
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
        epic_before = row.epic_id
        for name, value in changes.items():
            if name in ("assignee", "reviewer", "tentative_assignee"):
                setattr(row, f"{name}_id", org_api.member_pk(value, field=name) if value else None)
            elif name == "epic":
                row.epic_id = org_api.epic_pk(value) if value else None
            else:
                setattr(row, name, value)
        row.version += 1
        row.save()
        if row.epic_id != epic_before:  # SP-7: the budgets follow the time to its new epic
            hooks.epic_changed(row.pk, epic_before, row.epic_id)
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


#: What a diff holds before it is written as JSON: names, numbers, dates, hours, nested.
type _Diffed = str | int | float | bool | date | Decimal | list[_Diffed] | dict[str, _Diffed] | None
type _Json = str | int | float | bool | list[_Json] | dict[str, _Json] | None


def _plain(value: _Diffed) -> _Json:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (date, Decimal)):
        return str(value)
    return value


def _field_change(field: str, recorded: object) -> FieldChange:
    if isinstance(recorded, list) and len(recorded) == 2:
        return FieldChange(field, before=recorded[0], after=recorded[1], paired=True)
    return FieldChange(field, note=recorded)  # type: ignore[arg-type]


def ticket_history(key: str) -> tuple[TicketChange, ...]:
    """Every recorded change of a ticket, oldest first, as plain values."""
    row = models.Ticket.objects.filter(key=key).first()
    if row is None:
        raise NotFound("key", f"no ticket has the key {key!r}")
    return tuple(
        TicketChange(
            at=c.at,
            actor=c.actor,
            changes=tuple(_field_change(field, value) for field, value in c.changes.items()),
        )
        for c in row.changes.all()
    )


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


def insertion_cutoff(cell: str, number: int) -> date:
    """SP-1 / SP-8: the day whose end (24:00 UTC) is `cell`'s sprint `number`'s
    task-insertion cut-off (Thursday of the week before, on the cell's own calendar)."""
    return rules.insertion_cutoff(sprint_dates(cell, number).start, sprint_policy(cell))
