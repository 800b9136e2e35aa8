"""Use cases of billing: worklogs (time logged on tickets) and the sums budgets read."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Min, Sum

from cellops.billing import models, rules
from cellops.billing.data import BadRow, WorklogImport
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


def import_worklogs(
    actor: str, lines: Iterable[Sequence[str]], skip_bad: bool = False, progress=None
) -> WorklogImport:
    """Import a Jira/Tempo worklog CSV (rows as lists of strings, header first).

    Every bad row is reported with its line number and column; nothing is
    imported when there is one, unless `skip_bad`. Tickets and members are
    looked up once for the whole file, and rows are written in batches.
    """
    rows = iter(lines)
    header = next(rows, None)
    if header is None:
        raise InvalidInput("file", "the file is empty; export worklogs as CSV with a header line")
    columns, problems = rules.map_columns(header)
    if problems:
        return WorklogImport(0, tuple(problems), skip_bad)
    parsed, bad = rules.parse_rows(rows, columns)
    tickets = sprints_api.ticket_ids({row.ticket for row in parsed})
    members = org_api.member_pks({row.member for row in parsed})
    usable = []
    for row in parsed:
        if row.ticket not in tickets:
            bad.append(BadRow(row.line, "ticket", f"no ticket has the key {row.ticket!r}"))
        elif row.member not in members:
            bad.append(BadRow(row.line, "member", f"no member has the username {row.member!r}"))
        else:
            usable.append(row)
    bad.sort(key=lambda b: b.line)
    if bad and not skip_bad:
        return WorklogImport(0, tuple(bad), skip_bad)
    batch = 5_000
    with transaction.atomic():
        for start in range(0, len(usable), batch):
            models.Worklog.objects.bulk_create(
                models.Worklog(
                    ticket_id=tickets[r.ticket],
                    member_id=members[r.member],
                    date=r.day,
                    hours=r.hours,
                    note=r.note,
                )
                for r in usable[start : start + batch]
            )
            if progress:
                progress(min(start + batch, len(usable)), len(usable))
        record_audit(
            actor, "worklog.import", "worklog", "csv", {"rows": len(usable), "bad": len(bad)}
        )
    return WorklogImport(len(usable), tuple(bad), skip_bad)
