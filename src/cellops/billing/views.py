"""Pages of billing (SL-6): the admin specialist's month of invoices, drafting, sending,
and one invoice as a printable page with its CSV and PDF. Doors only: parse, call api,
render; who may is decided by the use cases (decision 0033)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cellops.billing import api
from cellops.kernel.violations import Conflict, InvalidInput, NotFound
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
