"""The two SP-8 paths after a late insertion: confirm a replacement, pull a stretch goal."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal, Violation
from cellops.org import policy
from cellops.org.data import Actor
from cellops.platform.api import record_audit
from cellops.sprints import models, rules
from cellops.sprints.api._common import _manages, _works
from cellops.sprints.api.pages import readiness
from cellops.sprints.api.planning import capacity
from cellops.sprints.api.tickets import _ticket_people, get_ticket
from cellops.sprints.data import CapacityStatus, Ticket

# --- SP-8 follow-ups ---------------------------------------------------------


def _change(actor: Actor, key: str, field: str, value: object, action: str) -> Ticket:
    who = actor.username
    with transaction.atomic():
        row = models.Ticket.objects.select_for_update().filter(key=key).first()
        if row is None:
            raise NotFound("key", f"no ticket has the key {key!r}")
        before = getattr(row, field)
        setattr(row, field, value)
        row.version += 1
        row.save(update_fields=[field, "version"])
        models.TicketChange.objects.create(ticket=row, actor=who, changes={field: [before, value]})
        record_audit(who, action, "ticket", key, {field: [before, value]})
    return get_ticket(key)


def confirm_replacement(actor: Actor, key: str) -> Ticket:
    """SP-8 (a): the sprint planning manager confirms a late ticket that replaces another."""
    ticket = get_ticket(key)
    _manages(actor, ticket.cell)
    if not ticket.awaiting_confirmation:
        raise RuleRefusal(
            [Violation("SP-8", f"{key} is not waiting for a confirmation; nothing to confirm.")]
        )
    return _change(actor, key, "awaiting_confirmation", False, "ticket.confirm_replacement")


def pull_stretch(actor: Actor, key: str) -> Ticket:
    """SP-8 (b): a stretch goal enters its sprint when the sprint is ready and its assignee
    is under-committed; every unmet condition is listed. Whoever may work on the ticket
    (decision 0022) pulls it; the sprint's readiness is the rule's own guard."""
    ticket = get_ticket(key)
    _works(actor)
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
    return _change(actor, key, "stretch", False, "ticket.pull_stretch")
