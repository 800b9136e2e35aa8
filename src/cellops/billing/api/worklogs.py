"""Worklogs: time logged on a ticket, one at a time, and a ticket's list of them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Sum

from cellops.billing import models
from cellops.billing.api._common import LogsFor, add_to_totals, require_logging
from cellops.billing.api.invoices import invoiced_month, sent_invoice
from cellops.billing.data import SL_6, Worklog, WorklogLine
from cellops.kernel.bounds import DATE_RANGE, in_range
from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal, Violation
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.org.policy import Permission
from cellops.platform.api import audit_log, record_audit
from cellops.platform.data import AuditRecord
from cellops.rituals import api as rituals_api
from cellops.sprints import api as sprints_api


def _check_social_chat_cap(ticket: str, ticket_pk: int, member_id: int, hours: Decimal) -> None:
    """SP-14: refuse hours that would bring the member above the social chat's 30 minutes.

    Call inside the worklog's transaction: the chat is locked first, so two
    worklogs at once cannot both fit under the cap.
    """
    rituals_api.lock_social_chat(ticket)
    logged = models.Worklog.objects.filter(ticket_id=ticket_pk, member_id=member_id).aggregate(
        total=Sum("hours")
    )["total"] or Decimal(0)
    rituals_api.check_social_chat_worklog(logged, hours)


def invoiced_refusal(number: str, day: date) -> Violation:
    """SL-6's refusal of time logged in a month already invoiced to the account's client."""
    return Violation(
        SL_6,
        f"{day:%B %Y} is invoiced to this account's client (invoice {number}); log the time "
        "in the current month, or have the correction put on the next invoice",
        {"invoice": number, "field": "date"},
    )


def _corrected(number: str, account_id: int, day: date) -> str:
    """SL-6: the sent invoice `number` a worklog on `day` corrects: one of the ticket's
    client, of a month before `day`'s; `InvalidInput` on `corrects` otherwise."""
    invoice = sent_invoice(number.strip(), account_id)
    if invoice is None:
        raise InvalidInput("corrects", f"there is no sent invoice {number!r} to correct")
    month, ours = invoice
    if not ours:
        raise InvalidInput(
            "corrects", f"invoice {number} is to another client than this ticket's account's"
        )
    if day.replace(day=1) <= month:
        raise InvalidInput(
            "corrects",
            f"a correction of invoice {number} ({month:%B %Y}) is logged in a later month, "
            f"not on {day}",
        )
    return number.strip()


def log_work(
    actor: Actor,
    *,
    ticket: str,
    member: str,
    day: date,
    hours: Decimal,
    note: str = "",
    corrects: str | None = None,
) -> Worklog:
    """Log `hours` of `member`'s work on `ticket` on `day`.

    Who may is decided here, so every door gets it (issue #8, `PermissionDenied`
    otherwise): an active member logs their own time (ORG-2: one who left or a
    candidate logs none); for someone else it takes a manager of the ticket's
    cell (`LogsFor`). SP-14: on a social chat's ticket a member logs at most 30
    minutes in all; a worklog that would go beyond is refused, naming what was
    logged and what still can be. SL-6: time missed on a sent invoice is logged in a
    later month with `corrects` naming that invoice; it is drafted on a line of its own.
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
    corrected = _corrected(corrects, account_id, day) if corrects else ""
    if member != actor.username:
        refusal = LogsFor(actor).refusal(member, ticket, sprints_api.ticket_cells({ticket})[ticket])
        if refusal:
            raise PermissionDenied(refusal)
    social_chat = bool(rituals_api.social_chat_tickets({ticket}))
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
            corrects=corrected,
        )
        add_to_totals({(account_id, epic_id, day): Decimal(hours)})
        record_audit(
            actor.username,
            "worklog.create",
            "worklog",
            row.pk,
            {"ticket": ticket, "member": member, "date": day, "hours": hours}
            | ({"corrects": corrected} if corrected else {}),
        )
    return Worklog(
        id=row.pk,
        ticket=ticket,
        member=member,
        date=day,
        hours=Decimal(hours),
        note=note,
        corrects=corrected or None,
    )


def worklogs_seen_by(actor: Actor, ticket_key: str) -> list[WorklogLine]:
    """`worklogs_of`, for who works on tickets (WORK_ON_TICKETS: any active member, ORG-2,
    or an administrator); PermissionDenied otherwise (decision 0045)."""
    org_api.check(actor, Permission.WORK_ON_TICKETS)
    return worklogs_of(ticket_key)


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


# --- worklogs listed, edited and deleted (API.md § Billing) ----------------------------


def _worklog_row(worklog_id: int) -> models.Worklog:
    """The worklog, locked for the change (call inside the transaction); NotFound if none."""
    row = (
        models.Worklog.objects.select_for_update(of=("self",))
        .select_related("ticket", "member__user")
        .filter(pk=worklog_id if 0 < worklog_id < 2**63 else 0)
        .first()
    )
    if row is None:
        raise NotFound("worklog_id", f"there is no worklog {worklog_id}")
    return row


def _may_change(actor: Actor, row: models.Worklog) -> None:
    """A worklog is changed by its member (while active) or by whoever may log time for
    them on that ticket's cell (issue #8); a locked one by nobody (SL-6)."""
    require_logging(actor)
    member = row.member.user.username
    ticket = row.ticket.key
    refusal = LogsFor(actor).refusal(member, ticket, sprints_api.ticket_cells({ticket})[ticket])
    if refusal:
        raise PermissionDenied(refusal.replace("log time for", "change the time of"))
    if row.locked:
        number = invoiced_month(row.ticket.account_id, row.date) or "sent"
        raise RuleRefusal(
            [
                Violation(
                    SL_6,
                    f"this worklog is on invoice {number}, which was sent: it cannot change; "
                    "have the correction put on the next invoice",
                    {"invoice": number, "field": "worklog_id"},
                )
            ]
        )


def _line(row: models.Worklog) -> Worklog:
    return Worklog(
        id=row.pk,
        ticket=row.ticket.key,
        member=row.member.user.username,
        date=row.date,
        hours=row.hours,
        note=row.note,
        corrects=row.corrects or None,
    )


def list_worklogs(
    actor: Actor,
    *,
    member: str | None = None,
    ticket: str | None = None,
    first: date | None = None,
    last: date | None = None,
    limit: int = 100,
    offset: int = 0,
) -> tuple[list[Worklog], int]:
    """Worklogs, newest day first, filtered by member, ticket and days; and how many match."""
    require_logging(actor)
    rows = models.Worklog.objects.all()
    if member:
        rows = rows.filter(member__user__username=member)
    if ticket:
        rows = rows.filter(ticket__key=ticket)
    if first:
        rows = rows.filter(date__gte=first)
    if last:
        rows = rows.filter(date__lte=last)
    page = rows.order_by("-date", "-id").select_related("ticket", "member__user")
    return [_line(row) for row in page[offset : offset + limit]], rows.count()


def update_worklog(
    actor: Actor,
    worklog_id: int,
    *,
    hours: Decimal | None = None,
    day: date | None = None,
    note: str | None = None,
) -> Worklog:
    """Change a worklog's hours, day or note; its monthly totals follow. Refused (SL-6) for a
    worklog on a sent invoice, or when the new day lies in a month already invoiced."""
    if hours is not None and not Decimal(0) < Decimal(hours) <= Decimal(24):
        raise InvalidInput("hours", "give the hours worked that day: more than 0 and at most 24")
    if day is not None and not in_range(day):
        raise InvalidInput("date", f"give the day worked {DATE_RANGE}, not {day}")
    with transaction.atomic():
        row = _worklog_row(worklog_id)
        _may_change(actor, row)
        account_id, epic_id = row.ticket.account_id, row.ticket.epic_id
        new_day = day or row.date
        if (number := invoiced_month(account_id, new_day)) and new_day != row.date:
            raise RuleRefusal([invoiced_refusal(number, new_day)])
        old = (account_id, epic_id, row.date)
        add_to_totals({old: -row.hours})
        row.hours = Decimal(hours) if hours is not None else row.hours
        row.date, row.note = new_day, note if note is not None else row.note
        row.save(update_fields=["hours", "date", "note"])
        add_to_totals({(account_id, epic_id, new_day): row.hours})
        record_audit(
            actor.username,
            "worklog.update",
            "worklog",
            row.pk,
            {"hours": row.hours, "date": row.date, "note": row.note},
        )
    return _line(row)


def delete_worklog(actor: Actor, worklog_id: int) -> None:
    """Delete a worklog (its hours leave the monthly totals); refused (SL-6) when invoiced."""
    with transaction.atomic():
        row = _worklog_row(worklog_id)
        _may_change(actor, row)
        add_to_totals({(row.ticket.account_id, row.ticket.epic_id, row.date): -row.hours})
        record_audit(
            actor.username,
            "worklog.delete",
            "worklog",
            row.pk,
            {"ticket": row.ticket.key, "member": row.member.user.username, "hours": row.hours},
        )
        row.delete()


def get_worklog(actor: Actor, worklog_id: int) -> Worklog:
    """One worklog, for who works on tickets (as `list_worklogs`); NotFound if none."""
    require_logging(actor)
    row = (
        models.Worklog.objects.select_related("ticket", "member__user")
        .filter(pk=worklog_id if 0 < worklog_id < 2**63 else 0)
        .first()
    )
    if row is None:
        raise NotFound("worklog_id", f"there is no worklog {worklog_id}")
    return _line(row)


def is_locked(worklog_id: int) -> bool:
    """SL-6: whether the worklog is on a sent invoice (it then changes no more)."""
    return models.Worklog.objects.filter(pk=worklog_id, locked=True).exists()


#: The audit actions of a worklog's history, as the doors name them.
HISTORY_ACTIONS = {
    "worklog.create": "created",
    "worklog.update": "changed",
    "worklog.delete": "deleted",
}


def worklog_history(actor: Actor, worklog_id: int) -> list[AuditRecord]:
    """A worklog's history, oldest first: its creation (or import), each change, its
    deletion — who, when, what — from the audit log. Readable while the worklog exists
    and after it was deleted (the history stays); NotFound for an id never used."""
    require_logging(actor)
    records = list(reversed(audit_log(limit=500, object_type="worklog", object_id=worklog_id)))
    if not records and not models.Worklog.objects.filter(pk=worklog_id).exists():
        raise NotFound("worklog_id", f"there is no worklog {worklog_id}")
    return records


def full_names(usernames: set[str]) -> dict[str, str]:
    """Each member's full name by username (the username when they have none), in one query."""
    from django.contrib.auth import get_user_model

    rows = get_user_model().objects.filter(username__in=usernames)
    names = rows.values_list("username", "first_name", "last_name")
    return {u: f"{first} {last}".strip() or u for u, first, last in names}
