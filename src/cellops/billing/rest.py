"""JSON door of billing: worklogs, SP-7 budgets and SL-6 invoices (API.md § Billing)."""

import csv
import io
from dataclasses import asdict
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.http import HttpResponse
from django.template.loader import render_to_string
from ninja import Field, Query, Router, Schema, Status

from cellops.billing import api
from cellops.kernel.violations import InvalidInput
from cellops.org import api as org_api
from cellops.web.problems import problem
from cellops.web.schemas import Day, Month, PageLimit, PageOffset, Text, Username

router = Router(tags=["billing"])


class WorklogIn(Schema):
    ticket: Text(30, 1)
    member: Username
    date: Day
    hours: Decimal = Field(ge=-1000, le=1000, max_digits=6, decimal_places=2)
    note: Text(2000) = ""
    #: SL-6: time missed on this sent invoice, billed on a line of its own
    corrects: Text(20) | None = None


class WorklogOut(Schema):
    id: int
    ticket: str
    member: str
    date: date
    hours: float
    note: str
    corrects: str | None = None


# `corrects` is shown only on a correction (SL-6): an ordinary worklog keeps API.md's shape.
@router.post(
    "/worklogs", response={201: WorklogOut}, summary="Log time on a ticket", exclude_none=True
)
def log_work(request, payload: WorklogIn):
    # Who may log for someone else is decided by the use case (403 when refused).
    actor = org_api.actor_for(request.user)
    return Status(
        201,
        api.log_work(
            actor,
            ticket=payload.ticket,
            member=payload.member,
            day=payload.date,
            hours=payload.hours,
            note=payload.note,
            corrects=payload.corrects,
        ),
    )


class WorklogQuery(Schema):
    member: Username | None = None
    ticket: Text(30) | None = None
    from_: Day | None = Field(None, alias="from")
    to: Day | None = None
    limit: PageLimit = 100
    offset: PageOffset = 0


class WorklogPage(Schema):
    items: list[WorklogOut]
    count: int


@router.get(
    "/worklogs", response=WorklogPage, summary="Worklogs, newest day first", exclude_none=True
)
def list_worklogs(request, query: Query[WorklogQuery]):
    items, count = api.list_worklogs(
        org_api.actor_for(request.user),
        member=query.member,
        ticket=query.ticket,
        first=query.from_,
        last=query.to,
        limit=query.limit,
        offset=query.offset,
    )
    return {"items": [asdict(w) for w in items], "count": count}


class WorklogPatch(Schema):
    hours: Decimal | None = Field(None, ge=-1000, le=1000, max_digits=6, decimal_places=2)
    date: Day | None = None
    note: Text(2000) | None = None


@router.patch(
    "/worklogs/{int:worklog_id}",
    response=WorklogOut,
    summary="Change a worklog",
    exclude_none=True,
)
def update_worklog(request, worklog_id: int, payload: WorklogPatch):
    return api.update_worklog(
        org_api.actor_for(request.user),
        worklog_id,
        hours=payload.hours,
        day=payload.date,
        note=payload.note,
    )


@router.delete("/worklogs/{int:worklog_id}", response={204: None}, summary="Delete a worklog")
def delete_worklog(request, worklog_id: int):
    api.delete_worklog(org_api.actor_for(request.user), worklog_id)
    return Status(204, None)


class WorklogChangeOut(Schema):
    at: datetime
    actor: str
    action: Literal["created", "changed", "deleted"]
    changes: dict


class WorklogHistoryOut(Schema):
    items: list[WorklogChangeOut]
    count: int


@router.get(
    "/worklogs/{int:worklog_id}/history",
    response=WorklogHistoryOut,
    summary="A worklog's history, oldest first: who created, changed or deleted it, and when",
)
def get_worklog_history(request, worklog_id: int):
    records = api.worklog_history(org_api.actor_for(request.user), worklog_id)
    items = [
        {
            "at": r.at,
            "actor": r.actor,
            "action": api.HISTORY_ACTIONS[r.action],
            "changes": r.changes,
        }
        for r in records
        if r.action in api.HISTORY_ACTIONS
    ]
    return {"items": items, "count": len(items)}


# --- the worklog CSV import (issue #15), as `cellops import worklogs` --------------------

#: The names `--date-format` takes (`rules.DATE_FORMAT_NAMES`): dmy, mdy, iso, and in words.
DateFormatName = Literal["day-first", "month-first", "iso", "dmy", "mdy"]


class WorklogImportQuery(Schema):
    date_format: DateFormatName | None = None
    skip_bad: bool = False


class BadRowOut(Schema):
    line: int
    column: str
    message: str


class WorklogImportOut(Schema):
    imported: int
    bad: list[BadRowOut]
    bad_count: int
    skipped_bad: bool


class _Body(io.RawIOBase):
    """The request body as a raw stream, read in pieces (never whole) by a text wrapper."""

    def __init__(self, request) -> None:
        self._request = request

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._request.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


@router.post(
    "/worklogs/import",
    response=WorklogImportOut,
    summary="Import a Jira/Tempo worklog CSV (date_format: day-first, month-first or iso)",
    openapi_extra={
        "requestBody": {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}},
        "responses": {413: {"description": "Larger than the import limit (100 MB)"}},
    },
)
def import_worklogs(request, query: Query[WorklogImportQuery]):
    """The CSV body read a line at a time as it is imported; a date that reads both ways
    (03/05/2026) is a bad row unless `date_format` says which, as on the command line."""
    limit = api.MAX_FILE_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        message = api.too_large(limit)
        return problem(413, f"body: {message}", errors=[{"field": "body", "message": message}])
    text = io.TextIOWrapper(io.BufferedReader(_Body(request)), encoding="utf-8-sig", newline="")
    try:
        report = api.import_worklogs(
            org_api.actor_for(request.user),
            api.csv_rows(text, max_bytes=limit),
            skip_bad=query.skip_bad,
            date_format=query.date_format,
        )
    except InvalidInput as exc:
        if exc.field != "file":
            raise
        raise InvalidInput("body", exc.message) from None
    return {
        "imported": report.imported,
        "bad": [{"line": b.line, "column": b.column, "message": b.message} for b in report.bad],
        "bad_count": report.bad_count,
        "skipped_bad": report.skipped_bad,
    }


class WorklogLineOut(Schema):
    id: int
    date: date
    member: str
    name: str
    hours: float
    note: str


@router.get(
    "/tickets/{key}/worklogs",
    response=list[WorklogLineOut],
    summary="A ticket's worklogs, newest day first",
)
def worklogs_of(request, key: str):
    actor = org_api.actor_for(request.user)
    return [asdict(line) for line in api.worklogs_seen_by(actor, key)]


# --- budgets (SP-7, moved from sprints.rest, decision 0023) -----------------


class BudgetQuery(Schema):
    month: Month


BudgetStatus = Literal["ok", "at risk", "over"]


class AccountBudgetOut(Schema):
    account: str
    budget_hours: float
    logged_hours: float
    planned_hours: float
    status: BudgetStatus


class EpicBudgetOut(Schema):
    epic: str
    budget_hours: float
    logged_hours: float
    planned_hours: float
    status: BudgetStatus


class BudgetsOut(Schema):
    month: str
    items: list[AccountBudgetOut | EpicBudgetOut]


@router.get(
    "/budgets",
    response=BudgetsOut,
    summary="Budgets per account (month) and epic (SP-7)",
)
def budgets(request, query: Query[BudgetQuery]):
    items = []
    for item in api.budgets_seen_by(org_api.actor_for(request.user), query.month):
        items.append(
            {
                item.kind: item.name,
                "budget_hours": float(item.budget_hours),
                "logged_hours": float(item.logged_hours),
                "planned_hours": float(item.planned_hours),
                "status": item.status.value,
            }
        )
    return {"month": query.month, "items": items}


@router.get(
    "/budgets.csv",
    summary="Budgets of a month as CSV, the figures of the planning page's budgets (SP-7)",
    openapi_extra={"responses": {200: {"description": "text/csv", "content": {"text/csv": {}}}}},
)
def export_budgets_csv(request, query: Query[BudgetQuery]):
    items = api.budgets_seen_by(org_api.actor_for(request.user), query.month)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["month", "kind", "name", "budget_hours", "logged_hours", "planned_hours", "status"]
    )
    # The whole organisation's budgets of the month, as the page's "whole organisation" scope.
    for item in items:
        writer.writerow(
            [
                query.month,
                item.kind,
                item.name,
                float(item.budget_hours),
                float(item.logged_hours),
                float(item.planned_hours),
                item.status.value,
            ]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="budgets-{query.month}.csv"'
    return response


# --- SL-6 invoices (decision 0033) ---------------------------------------------------


class MonthIn(Schema):
    month: Month


class InvoiceLineOut(Schema):
    epic: str | None = None
    account: str | None = None
    correction: str | None = None  # the number of the sent invoice this line corrects
    hours: float
    rate: str
    amount: str


class InvoiceOut(Schema):
    id: int
    number: str | None
    client: str
    month: str
    status: Literal["draft", "sent"]
    lines: list[InvoiceLineOut]
    total_hours: float
    total_amount: str
    currency: str


class InvoiceMonthOut(Schema):
    month: str
    items: list[InvoiceOut]


class InvoicePage(Schema):
    items: list[InvoiceOut]
    count: int


class InvoiceListQuery(Schema):
    month: Month | None = None


def _invoice_out(invoice: api.Invoice) -> dict:
    return {
        "id": invoice.id,
        "number": invoice.number,
        "client": invoice.client,
        "month": invoice.month,
        "status": invoice.status.value,
        "lines": [
            {
                line.kind: line.name,
                "hours": float(line.hours),
                "rate": f"{line.rate:.2f}",
                "amount": f"{line.amount:.2f}",
            }
            for line in invoice.lines
        ],
        "total_hours": float(invoice.total_hours),
        "total_amount": f"{invoice.total_amount:.2f}",
        "currency": invoice.currency,
    }


@router.post(
    "/invoices/drafts",
    response=InvoiceMonthOut,
    summary="Draft (or refresh) the month's invoices from worklogs (SL-6)",
)
def draft_invoices(request, payload: MonthIn):
    invoices = api.draft_invoices(org_api.actor_for(request.user), payload.month)
    return {"month": payload.month, "items": [_invoice_out(i) for i in invoices]}


@router.get("/invoices", response=InvoicePage, summary="Invoices, of a month if given (SL-6)")
def list_invoices(request, query: Query[InvoiceListQuery]):
    invoices = api.list_invoices(org_api.actor_for(request.user), query.month)
    return {"items": [_invoice_out(i) for i in invoices], "count": len(invoices)}


@router.get("/invoices/{int:invoice_id}", response=InvoiceOut, summary="One invoice (SL-6)")
def get_invoice(request, invoice_id: int):
    return _invoice_out(api.get_invoice(org_api.actor_for(request.user), invoice_id))


@router.get(
    "/invoices/{int:invoice_id}.csv",
    summary="One invoice as CSV (SL-6)",
    openapi_extra={"responses": {200: {"description": "text/csv", "content": {"text/csv": {}}}}},
)
def invoice_csv(request, invoice_id: int):
    body = api.invoice_csv(org_api.actor_for(request.user), invoice_id)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="invoice-{invoice_id}.csv"'
    return response


INVOICE_CSS = (
    "body { font-family: sans-serif; font-size: 11pt; color: #111; }"
    " table { border-collapse: collapse; width: 100%; }"
    " th, td { border-bottom: 1px solid #999; padding: 4pt; text-align: left; }"
    " .num { text-align: right; }"
)


@router.get(
    "/invoices/{int:invoice_id}.pdf",
    summary="One invoice as PDF (SL-6, made with WeasyPrint)",
    openapi_extra={
        "responses": {200: {"description": "application/pdf", "content": {"application/pdf": {}}}}
    },
)
def invoice_pdf(request, invoice_id: int):
    from weasyprint import CSS, HTML  # heavy: loaded when a PDF is asked for

    invoice = api.get_invoice(org_api.actor_for(request.user), invoice_id)
    html = render_to_string("billing/invoice_document.html", {"invoice": invoice})
    pdf = HTML(string=html).write_pdf(stylesheets=[CSS(string=INVOICE_CSS)])
    response = HttpResponse(pdf, content_type="application/pdf")
    name = invoice.number or f"draft-{invoice_id}"
    response["Content-Disposition"] = f'attachment; filename="invoice-{name}.pdf"'
    return response


@router.post(
    "/invoices/{int:invoice_id}/send",
    response=InvoiceOut,
    summary="Send an invoice: it is numbered and its worklogs locked (SL-6)",
)
def send_invoice(request, invoice_id: int):
    return _invoice_out(api.send_invoice(org_api.actor_for(request.user), invoice_id))
