"""Pages of billing (SL-6): the admin specialist's month of invoices, drafting, sending,
and one invoice as a printable page with its CSV and PDF. Doors only: parse, call api,
render; who may is decided by the use cases (decision 0033)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cellops.billing import api
from cellops.kernel.violations import Conflict, InvalidInput, NotFound, RuleRefusal
from cellops.org import api as org_api


@login_required
def invoices(request: HttpRequest) -> HttpResponse:
    """The month's invoices (this month unless `?month=`); POST drafts or refreshes them."""
    actor = org_api.actor_for(request.user)
    month = request.POST.get("month") or request.GET.get("month") or f"{date.today():%Y-%m}"
    error = None
    try:
        if request.method == "POST":
            drafted = api.draft_invoices(actor, month)
            messages.success(request, f"{len(drafted)} invoice(s) for {month}, drafts refreshed.")
            return redirect(f"{reverse('billing:invoices')}?month={month}")
        items = api.list_invoices(actor, month)
    except InvalidInput as exc:
        error, items = exc.message, []
    status = 422 if error else 200
    return render(
        request,
        "billing/invoices.html",
        {"page_title": "Invoices", "month": month, "items": items, "error": error},
        status=status,
    )


@login_required
def invoice(request: HttpRequest, invoice_id: int) -> HttpResponse:
    """One invoice, printable, with its CSV and PDF."""
    try:
        found = api.get_invoice(org_api.actor_for(request.user), invoice_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(
        request,
        "billing/invoice.html",
        {"page_title": f"Invoice {found.number or 'draft'}", "invoice": found},
    )


@login_required
@require_POST
def send(request: HttpRequest, invoice_id: int) -> HttpResponse:
    """SL-6: send the draft (numbered, its worklogs locked)."""
    try:
        sent = api.send_invoice(org_api.actor_for(request.user), invoice_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect("billing:invoice", invoice_id=invoice_id)
    messages.success(request, f"Invoice {sent.number} is sent; its worklogs are locked.")
    return redirect("billing:invoice", invoice_id=invoice_id)


# --- worklogs listed, changed and deleted, with their history (issue #11) --------------


def _day(text: str, field: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(field, f"give a date as YYYY-MM-DD, not {text!r}") from None


@login_required
def worklogs(request: HttpRequest) -> HttpResponse:
    """Worklogs, newest day first, filtered by member, ticket and days (100 a page)."""
    typed = {k: request.GET.get(k, "").strip() for k in ("member", "ticket", "from", "to")}
    error, items, count = None, [], 0
    try:
        items, count = api.list_worklogs(
            org_api.actor_for(request.user),
            member=typed["member"] or None,
            ticket=typed["ticket"] or None,
            first=_day(typed["from"], "from"),
            last=_day(typed["to"], "to"),
        )
    except InvalidInput as exc:
        error = exc
    names = api.full_names({w.member for w in items})
    rows = [(w, names.get(w.member, w.member)) for w in items]
    return render(
        request,
        "billing/worklogs.html",
        {"page_title": "Worklogs", "typed": typed, "rows": rows, "count": count, "error": error},
        status=422 if error else 200,
    )


@login_required
def worklog(request: HttpRequest, worklog_id: int) -> HttpResponse:
    """One worklog: its fields to change (hours, day, note), delete, and its history."""
    actor = org_api.actor_for(request.user)
    try:
        found = api.get_worklog(actor, worklog_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    typed = {"hours": f"{found.hours}", "date": f"{found.date}", "note": found.note}
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        typed = {k: request.POST.get(k, "").strip() for k in ("hours", "date", "note")}
        try:
            try:
                hours = Decimal(typed["hours"])
            except InvalidOperation:
                raise InvalidInput("hours", "give the hours as a number, like 1.5") from None
            api.update_worklog(
                actor, worklog_id, hours=hours, day=_day(typed["date"], "date"), note=typed["note"]
            )
        except InvalidInput as exc:
            errors = [(exc.field, exc.message)]
        except RuleRefusal as exc:
            errors = [(v.extra.get("field", ""), f"{v.rule}: {v.message}") for v in exc.violations]
        except PermissionDenied as exc:
            errors = [("", str(exc))]
        else:
            messages.success(request, f"Worklog {worklog_id} is changed.")
            return redirect("billing:worklog", worklog_id=worklog_id)
    return _worklog_page(request, actor, found, typed, errors)


def _worklog_page(request, actor, found, typed, errors) -> HttpResponse:
    records = [r for r in api.worklog_history(actor, found.id) if r.action in api.HISTORY_ACTIONS]
    names = api.full_names({found.member} | {r.actor for r in records})
    history = [(r, api.HISTORY_ACTIONS[r.action], names.get(r.actor, r.actor)) for r in records]
    return render(
        request,
        "billing/worklog.html",
        {
            "page_title": f"Worklog {found.id}",
            "worklog": found,
            "name": names.get(found.member, found.member),
            "locked": api.is_locked(found.id),
            "typed": typed,
            "errors": errors,
            "error_fields": {field for field, _ in errors},
            "history": history,
        },
        status=422 if errors else 200,
    )


@login_required
@require_POST
def delete_worklog(request: HttpRequest, worklog_id: int) -> HttpResponse:
    """Delete the worklog (refused, and the page shown again, when it is locked: SL-6)."""
    actor = org_api.actor_for(request.user)
    try:
        found = api.get_worklog(actor, worklog_id)
        api.delete_worklog(actor, worklog_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except RuleRefusal as exc:
        errors = [("", f"{v.rule}: {v.message}") for v in exc.violations]
        typed = {"hours": f"{found.hours}", "date": f"{found.date}", "note": found.note}
        return _worklog_page(request, actor, found, typed, errors)
    messages.success(request, f"Worklog {worklog_id} ({found.ticket}, {found.date}) is deleted.")
    return redirect(f"{reverse('billing:worklogs')}?ticket={found.ticket}")
