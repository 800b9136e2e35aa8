"""Ticket comments (the ticket page)."""

from __future__ import annotations

from django.db import transaction

from cellops.kernel.violations import NotFound
from cellops.org.data import Actor
from cellops.platform.api import record_audit
from cellops.sprints import models
from cellops.sprints.api._common import _text, _works
from cellops.sprints.data import TicketComment

# --- ticket comments (the ticket page) -------------------------------------------

COMMENT_LIMIT = 2_000


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
