"""Worklogs: time logged on a ticket, one at a time, and a ticket's list of them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum

from cellops.billing import models
from cellops.billing.api._common import LogsFor, add_to_totals, month_of, require_logging
from cellops.billing.api.invoices import invoiced_month
from cellops.billing.data import SL_6, Worklog, WorklogLine
from cellops.kernel.bounds import DATE_RANGE, in_range
from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal, Violation
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.platform.api import record_audit
from cellops.sprints import api as sprints_api


def _check_social_chat_cap(ticket: str, ticket_pk: int, member_id: int, hours: Decimal) -> None:
    """SP-14: refuse hours that would bring the member above the social chat's 30 minutes.

    Call inside the worklog's transaction: the chat is locked first, so two
    worklogs at once cannot both fit under the cap.
    """
    sprints_api.lock_social_chat(ticket)
    logged = models.Worklog.objects.filter(ticket_id=ticket_pk, member_id=member_id).aggregate(
        total=Sum("hours")
    )["total"] or Decimal(0)
    sprints_api.check_social_chat_worklog(logged, hours)


def invoiced_refusal(number: str, day: date) -> Violation:
    """SL-6's refusal of time logged in a month already invoiced to the account's client."""
    return Violation(
        SL_6,
        f"{day:%B %Y} is invoiced to this account's client (invoice {number}); log the time "
        "in the current month, or have the correction put on the next invoice",
        {"invoice": number, "field": "date"},
    )


def log_work(
    actor: Actor, *, ticket: str, member: str, day: date, hours: Decimal, note: str = ""
) -> Worklog:
    """Log `hours` of `member`'s work on `ticket` on `day`.

    Who may is decided here, so every door gets it (issue #8, `PermissionDenied`
    otherwise): an active member logs their own time (ORG-2: one who left or a
    candidate logs none); for someone else it takes a manager of the ticket's
    cell (`LogsFor`). SP-14: on a social chat's ticket a member logs at most 30
    minutes in all; a worklog that would go beyond is refused, naming what was
    logged and what still can be.
    """
    require_logging(actor)
    if not Decimal(0) < Decimal(hours) <= Decimal(24):
        raise InvalidInput("hours", "give the hours worked that day: more than 0 and at most 24")
    if not in_range(day):
        raise InvalidInput("date", f"give the day worked {DATE_RANGE}, not {day}")
    refs = sprints_api.ticket_refs({ticket})
    if ticket not in refs:
        raise NotFound("ticket", f"no ticket has the key {ticket!r}")
    ticket_pk, account_id, epic_id = refs[ticket]
    if number := invoiced_month(account_id, day):
        raise RuleRefusal([invoiced_refusal(number, day)])
    if member != actor.username:
        refusal = LogsFor(actor).refusal(member, ticket, sprints_api.ticket_cells({ticket})[ticket])
        if refusal:
            raise PermissionDenied(refusal)
    social_chat = bool(sprints_api.social_chat_tickets({ticket}))
    with transaction.atomic():
        member_id = org_api.member_pk(member)
        if social_chat:
            _check_social_chat_cap(ticket, ticket_pk, member_id, Decimal(hours))
        row = models.Worklog.objects.create(
            ticket_id=ticket_pk,
            member_id=member_id,
            date=day,
            hours=hours,
            note=note,
        )
        add_to_totals({(account_id, epic_id, month_of(day)): Decimal(hours)})
        record_audit(
            actor.username,
            "worklog.create",
            "worklog",
            row.pk,
            {"ticket": ticket, "member": member, "date": day, "hours": hours},
        )
    return Worklog(
        id=row.pk, ticket=ticket, member=member, date=day, hours=Decimal(hours), note=note
    )


def worklogs_of(ticket_key: str) -> list[WorklogLine]:
    """The worklogs of the ticket `ticket_key`, newest day first, in one query.

    Raises `NotFound` (field `key`) when no ticket has that key (looked up only
    when the ticket has no worklogs); an existing ticket with none answers [].
    """
    rows = (
        models.Worklog.objects.filter(ticket__key=ticket_key)
        .order_by("-date", "-id")
        .values_list(
            "id",
            "date",
            "member__user__username",
            "member__user__first_name",
            "member__user__last_name",
            "hours",
            "note",
        )
    )
    lines = [
        WorklogLine(pk, day, username, f"{first} {last}".strip() or username, hours, note)
        for pk, day, username, first, last, hours, note in rows
    ]
    if not lines and ticket_key not in sprints_api.ticket_refs({ticket_key}):
        raise NotFound("key", f"no ticket has the key {ticket_key!r}")
    return lines
