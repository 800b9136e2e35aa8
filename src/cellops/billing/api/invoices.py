"""SL-6: the month's invoices drafted from worklogs, reviewed and sent.

Drafting a month makes one draft per client with time logged that month on
its accounts (worklogs not yet on a sent invoice); drafting again refreshes
the drafts and never makes a second one (one invoice per client and month);
a sent invoice is never changed. Sending numbers the invoice in the year it
is sent (`2026-0001`) and locks its worklogs, in one transaction. Invoices,
rates and amounts are for `Permission.VIEW_INVOICES`; sending for
`Permission.SEND_INVOICES` (decision 0033).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from cellops.billing import models, rules
from cellops.billing.api.schedule import schedule_monthly_drafts
from cellops.billing.data import BillableWorklog, Invoice, InvoiceLineDraft, InvoiceStatus
from cellops.kernel.bounds import OutOfRange, month_bounds
from cellops.kernel.violations import Conflict, InvalidInput, NotFound
from cellops.org import api as org_api
from cellops.org.data import Actor, Role
from cellops.org.policy import Permission, allows, denial_message
from cellops.platform.api import record_audit, send_once


def _require(actor: Actor, permission: Permission) -> None:
    if not allows(actor, permission):
        raise PermissionDenied(denial_message(permission, actor=actor))


def _month(month: str) -> tuple[date, date]:
    try:
        return month_bounds(month)
    except OutOfRange as exc:
        raise InvalidInput("month", str(exc)) from exc


def _invoice(row: models.Invoice) -> Invoice:
    lines = tuple(
        InvoiceLineDraft(
            line.kind, line.name, line.hours, line.rate, line.amount, tuple(line.worklogs)
        )
        for line in row.lines.all()
    )
    return Invoice(
        id=row.pk,
        number=row.number,
        client=row.client.name,
        month=f"{row.month:%Y-%m}",
        status=InvoiceStatus(row.status),
        lines=lines,
        total_hours=row.total_hours,
        total_amount=row.total_amount,
        currency=row.currency,
    )


def _invoices(rows: object) -> list[Invoice]:
    return [_invoice(row) for row in rows.select_related("client").prefetch_related("lines")]  # type: ignore[attr-defined]


#: The first key of the PostgreSQL advisory lock that serialises drafts of one month.
_DRAFT_LOCK = 0x5106


def _lock_month(first: date) -> None:
    """SL-6: drafts of one month at once (two servers, the monthly task) wait for each other,
    so each client's invoice is made once, not twice with the second refused by the
    database. Inside the draft's transaction; SQLite serialises write transactions already."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [_DRAFT_LOCK, first.year * 12 + first.month]
            )


def draft_invoices(actor: Actor, month: str) -> list[Invoice]:
    """SL-6: draft (or refresh) each client's invoice for `month` from its worklogs and
    answer every invoice of the month (sent ones as they were). Idempotent."""
    _require(actor, Permission.VIEW_INVOICES)
    first, last = _month(month)
    with transaction.atomic():
        _lock_month(first)
        sent = set(
            models.Invoice.objects.filter(month=first, status=InvoiceStatus.SENT).values_list(
                "client_id", flat=True
            )
        )
        rows = (
            models.Worklog.objects.filter(
                date__gte=first,
                date__lte=last,
                locked=False,
                ticket__account__client__isnull=False,
            )
            .order_by()
            .values_list(
                "id",
                "hours",
                "ticket__account__name",
                "ticket__epic__key",
                "ticket__account__client_id",
                "ticket__account__client__hourly_rate",
                "corrects",
            )
        )
        per_client: dict[int, list[BillableWorklog]] = defaultdict(list)
        rates: dict[int, Decimal] = {}
        for pk, hours, account, epic, client_id, rate, corrects in rows.iterator(chunk_size=5_000):
            if client_id in sent:
                continue
            per_client[client_id].append(
                BillableWorklog(pk, account, epic, hours, corrects or None)
            )
            rates[client_id] = rate if rate is not None else Decimal("0.00")
        drafts = models.Invoice.objects.select_for_update().filter(
            month=first, status=InvoiceStatus.DRAFT
        )
        existing = {invoice.client_id: invoice for invoice in drafts}
        for client_id, invoice in existing.items():
            if client_id not in per_client:
                invoice.delete()  # no time left to invoice: the draft goes
        for client_id, worklogs in per_client.items():
            lines = rules.invoice_lines(worklogs, rates[client_id])
            hours, amount = rules.total(lines)
            invoice = existing.get(client_id)
            if invoice is None:
                invoice = models.Invoice.objects.create(client_id=client_id, month=first)
            else:
                invoice.lines.all().delete()
            invoice.total_hours, invoice.total_amount = hours, amount
            invoice.save(update_fields=["total_hours", "total_amount"])
            models.InvoiceLine.objects.bulk_create(
                models.InvoiceLine(
                    invoice=invoice,
                    kind=line.kind,
                    name=line.name,
                    hours=line.hours,
                    rate=line.rate,
                    amount=line.amount,
                    worklogs=list(line.worklogs),
                )
                for line in lines
            )
        record_audit(
            actor.username, "invoice.draft", "invoice", month, {"clients": len(per_client)}
        )
        schedule_monthly_drafts()  # the monthly run is queued, whoever drafted first
    return list_invoices(actor, month)


def list_invoices(actor: Actor, month: str | None = None) -> list[Invoice]:
    """The invoices (of `month`, if given), by month and client."""
    _require(actor, Permission.VIEW_INVOICES)
    rows = models.Invoice.objects.all()
    if month:
        rows = rows.filter(month=_month(month)[0])
    return _invoices(rows)


def get_invoice(actor: Actor, invoice_id: int) -> Invoice:
    """One invoice; NotFound for one that does not exist, and for anyone who may not read
    invoices (so they learn nothing of it)."""
    if not allows(actor, Permission.VIEW_INVOICES):
        raise NotFound("invoice_id", f"there is no invoice {invoice_id}")
    found = (
        _invoices(models.Invoice.objects.filter(pk=invoice_id)) if 0 < invoice_id < 2**63 else []
    )
    if not found:
        raise NotFound("invoice_id", f"there is no invoice {invoice_id}")
    return found[0]


def send_invoice(actor: Actor, invoice_id: int, now: datetime | None = None) -> Invoice:
    """SL-6: send a draft: it takes the next number of the year it is sent in and its
    worklogs are locked, all in one transaction. Sending a sent invoice → Conflict."""
    get_invoice(actor, invoice_id)  # 404 for those who may not read invoices
    _require(actor, Permission.SEND_INVOICES)
    now = now or timezone.now()
    with transaction.atomic():
        # Lock every invoice of the year: two sendings at once cannot take one number.
        year = now.year
        taken = list(
            models.Invoice.objects.select_for_update()
            .filter(number__startswith=f"{year}-")
            .values_list("number", flat=True)
        )
        invoice = models.Invoice.objects.select_for_update().get(pk=invoice_id)
        if invoice.status == InvoiceStatus.SENT:
            raise Conflict(f"invoice {invoice.number} was already sent; a sent invoice is final")
        invoice.number = rules.invoice_number(year, taken)
        invoice.status, invoice.sent_at, invoice.sent_by = InvoiceStatus.SENT, now, actor.username
        invoice.save(update_fields=["number", "status", "sent_at", "sent_by"])
        ids = [pk for line in invoice.lines.all() for pk in line.worklogs]
        for start in range(0, len(ids), 5_000):
            models.Worklog.objects.filter(pk__in=ids[start : start + 5_000]).update(locked=True)
        record_audit(
            actor.username,
            "invoice.send",
            "invoice",
            invoice.number,
            {"worklogs": len(ids), "total_amount": invoice.total_amount},
        )
    return get_invoice(actor, invoice_id)


def invoice_csv(actor: Actor, invoice_id: int) -> str:
    """The invoice as CSV: one row per line, then the total."""
    invoice = get_invoice(actor, invoice_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["invoice", "client", "month", "kind", "name", "hours", "rate", "amount"])
    for line in invoice.lines:
        writer.writerow(
            [
                invoice.number or "draft",
                invoice.client,
                invoice.month,
                line.kind,
                line.name,
                f"{line.hours:.2f}",
                f"{line.rate:.2f}",
                f"{line.amount:.2f}",
            ]
        )
    writer.writerow(
        [
            invoice.number or "draft",
            invoice.client,
            invoice.month,
            "total",
            "",
            f"{invoice.total_hours:.2f}",
            "",
            f"{invoice.total_amount:.2f}",
        ]
    )
    return out.getvalue()


def invoiced_month(account_id: int, day: date) -> str | None:
    """SL-6: the number of the sent invoice covering `day`'s month for the client of the
    account `account_id` (None when that month is not invoiced)."""
    return (
        models.Invoice.objects.filter(
            status=InvoiceStatus.SENT,
            month=day.replace(day=1),
            client__accounts__id=account_id,
        )
        .values_list("number", flat=True)
        .first()
    )


def sent_invoice(number: str, account_id: int) -> tuple[date, bool] | None:
    """SL-6: the month of the sent invoice `number`, and whether it is to the client of
    the account `account_id` (None when no invoice of that number was sent)."""
    row = (
        models.Invoice.objects.filter(number=number, status=InvoiceStatus.SENT)
        .values_list("pk", "month")
        .first()
    )
    if row is None:
        return None
    ours = models.Invoice.objects.filter(pk=row[0], client__accounts__id=account_id).exists()
    return row[1], ours


def draft_previous_month(actor: Actor, today: date) -> list[Invoice]:
    """SL-6 on schedule: on `today` (the first of a month) draft the previous month's
    invoices and e-mail each admin specialist a summary once (keyed by the month, so a
    retried or doubled run drafts nothing twice and sends nothing twice)."""
    month = f"{today.replace(day=1) - timedelta(days=1):%Y-%m}"
    drafted = draft_invoices(actor, month)
    lines = [
        f"- {i.client}: {i.total_hours} h, {i.total_amount} {i.currency} ({i.status.value})"
        for i in drafted
    ]
    body = (
        f"The invoices of {month} are drafted from the month's worklogs ({len(drafted)}):\n"
        + "\n".join(lines)
        + "\n\nReview and send them on the billing page."
    )
    for holder in org_api.role_holders(Role.ADMIN_SPECIALIST, today):
        member = org_api.get_member(holder.member)
        if member.email:
            send_once(
                f"invoices-drafted:{month}", member.email, f"Invoices of {month} drafted", body
            )
    return drafted
