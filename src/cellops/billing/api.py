"""Use cases of billing: worklogs (time logged on tickets) and the sums budgets read."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Min, Sum

from cellops.billing import models
from cellops.core.api import record_audit
from cellops.kernel.violations import InvalidInput
from cellops.org import api as org_api
from cellops.sprints import api as sprints_api


def log_work(
    actor: str, *, ticket: str, member: str, day: date, hours: Decimal, note: str = ""
) -> dict:
    """Log `hours` of `member`'s work on `ticket` on `day`."""
    if not Decimal(0) < Decimal(hours) <= Decimal(24):
        raise InvalidInput("hours", "give the hours worked that day: more than 0 and at most 24")
    ticket_pk = sprints_api.ticket_id(ticket)
    with transaction.atomic():
        row = models.Worklog.objects.create(
            ticket_id=ticket_pk,
            member_id=org_api.member_pk(member),
            date=day,
            hours=hours,
            note=note,
        )
        record_audit(
            actor,
            "worklog.create",
            "worklog",
            row.pk,
            {"ticket": ticket, "member": member, "date": day, "hours": hours},
        )
    return {
        "id": row.pk,
        "ticket": ticket,
        "member": member,
        "date": day,
        "hours": Decimal(hours),
        "note": note,
    }


def logged_by_account(first: date, last: date) -> dict[str, Decimal]:
    """SP-7: hours logged per account on days in [first, last]."""
    rows = (
        models.Worklog.objects.filter(date__gte=first, date__lte=last)
        .values("ticket__account__name")
        .annotate(h=Sum("hours"))
        .values_list("ticket__account__name", "h")
    )
    return dict(rows)


def logged_by_epic() -> dict[str, Decimal]:
    """SP-7: hours ever logged per epic."""
    rows = (
        models.Worklog.objects.filter(ticket__epic__isnull=False)
        .values("ticket__epic__key")
        .annotate(h=Sum("hours"))
        .values_list("ticket__epic__key", "h")
    )
    return dict(rows)


def worklog_span() -> tuple[date | None, date | None]:
    """The first and last days any time was logged on."""
    span = models.Worklog.objects.aggregate(first=Min("date"), last=Max("date"))
    return span["first"], span["last"]
