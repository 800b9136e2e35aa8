"""Pages of sales, the lead's documents: the blueprint (SL-3 stage 4), the proposal's quote
lines, "delivered", the client's acceptance of chosen lines (SL-5), and the client's
onboarding and offboarding checklists (SL-7).

Each form posts here and comes back to the lead's page: on success at its section, on a
refusal with every problem named and what was typed kept (422).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal, Violation
from cellops.org import api as org_api
from cellops.sales import api
from cellops.sales.views import render_lead

ROWS_MAX = 100


def _rows(data: QueryDict, prefix: str, keys: tuple[str, ...]) -> list[dict[str, str]]:
    """The typed rows of a table form (`prefix_key_N`), in order, as typed."""
    rows = []
    for n in range(ROWS_MAX):
        row = {key: data.get(f"{prefix}_{key}_{n}", "") for key in keys}
        if not any(f"{prefix}_{key}_{n}" in data for key in keys):
            break
        rows.append(row)
    return rows


def _filled(rows: list[dict[str, str]]) -> list[tuple[int, dict[str, str]]]:
    """The rows with anything typed, each with its row number on the page (from 0)."""
    return [(n, row) for n, row in enumerate(rows) if any(v.strip() for v in row.values())]


def _errors(violations: list[Violation], numbers: list[int], name: str) -> list[str]:
    """One sentence per violation, the row numbers as the page shows them."""
    sentences = []
    for v in violations:
        field = str(v.extra.get("field", ""))
        message = v.message
        if field.startswith(f"{name}[") and numbers:
            index = int(field[len(name) + 1 : field.index("]")])
            message = message.replace(f"{index + 1} ", f"{numbers[index] + 1} ", 1)
        sentences.append(f"{v.rule} {message}")
    return sentences


def _at(lead_id: int, section: str) -> HttpResponse:
    return redirect(f"{reverse('sales:lead', args=[lead_id])}#{section}")


@login_required
@require_POST
def blueprint(request: HttpRequest, lead_id: int) -> HttpResponse:
    """SL-3 stage 4: the blueprint (solution, acceptance criteria, tasks with estimates,
    timeline); blank rows of the tasks table are left out."""
    actor = org_api.actor_for(request.user)
    form = {k: request.POST.get(k, "") for k in ("solution", "acceptance_criteria", "timeline")}
    rows = _rows(request.POST, "task", ("title", "hours"))
    filled = _filled(rows)
    try:
        api.save_blueprint(
            actor,
            lead_id,
            tasks=[{"title": r["title"], "hours": r["hours"].strip()} for _, r in filled],
            **form,
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except (RuleRefusal, InvalidInput) as exc:
        errors = (
            _errors(exc.violations, [n for n, _ in filled], "tasks")
            if isinstance(exc, RuleRefusal)
            else [f"{exc.field}: {exc.message}"]
        )
        return render_lead(
            request, lead_id, blueprint_errors=errors, blueprint_form=form, task_rows=rows
        )
    messages.success(request, "The blueprint is saved.")
    return _at(lead_id, "blueprint")


@login_required
@require_POST
def proposal(request: HttpRequest, lead_id: int) -> HttpResponse:
    """SL-3 stage 5: the quote lines (feature, hours, rate); blank rows are left out."""
    actor = org_api.actor_for(request.user)
    rows = _rows(request.POST, "line", ("feature", "hours", "rate"))
    filled = _filled(rows)
    lines = [
        {"feature": r["feature"], "hours": r["hours"].strip(), "rate": r["rate"].strip()}
        for _, r in filled
    ]
    try:
        api.make_proposal(actor, lead_id, lines)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except RuleRefusal as refusal:
        errors = _errors(refusal.violations, [n for n, _ in filled], "lines")
        return render_lead(request, lead_id, quote_errors=errors, quote_rows=rows)
    messages.success(request, f"The quote is saved with {len(lines)} line{'s' * (len(lines) > 1)}.")
    return _at(lead_id, "proposal")


@login_required
@require_POST
def deliver(request: HttpRequest, lead_id: int) -> HttpResponse:
    """SL-3 stage 5: the final proposal (blueprint + quote) delivered to the client."""
    try:
        api.deliver_proposal(org_api.actor_for(request.user), lead_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except InvalidInput as exc:
        return render_lead(request, lead_id, accept_errors=[f"{exc.field}: {exc.message}"])
    messages.success(request, "The proposal is marked delivered.")
    return _at(lead_id, "proposal")


def _hours(text: str) -> Decimal | str | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    return value if value.is_finite() and 0 <= value <= 100_000 else text


@login_required
@require_POST
def accept(request: HttpRequest, lead_id: int) -> HttpResponse:
    """SL-5: the client accepts the chosen quote lines: the epic moves to Accepted with their
    hours as budget and the blueprint's timeline; the account gets its monthly budget."""
    actor = org_api.actor_for(request.user)
    chosen = [int(v) for v in request.POST.getlist("line") if v.isdigit()]
    monthly = _hours(request.POST.get("monthly_budget_hours", ""))
    typed = {"lines": chosen, "monthly_budget_hours": request.POST.get("monthly_budget_hours", "")}
    if isinstance(monthly, str):
        return render_lead(
            request,
            lead_id,
            accept_errors=["monthly_budget_hours: give hours from 0 to 100,000, e.g. 40"],
            accept_typed=typed,
        )
    try:
        epic, budget = api.accept_proposal(actor, lead_id, chosen, monthly_budget_hours=monthly)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except RuleRefusal as refusal:
        errors = [f"{v.rule} {v.message}" for v in refusal.violations]
        return render_lead(request, lead_id, accept_errors=errors, accept_typed=typed)
    except InvalidInput as exc:
        return render_lead(
            request, lead_id, accept_errors=[f"{exc.field}: {exc.message}"], accept_typed=typed
        )
    messages.success(request, f"Accepted: epic {epic} is Accepted with a budget of {budget} h.")
    return _at(lead_id, "proposal")


@login_required
@require_POST
def client_checklist(request: HttpRequest, lead_id: int, which: str) -> HttpResponse:
    """SL-7: start the client's onboarding or offboarding checklist (once) and open it."""
    try:
        run_id = api.start_client_checklist(org_api.actor_for(request.user), lead_id, which)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except InvalidInput as exc:
        raise Http404(exc.message) from exc
    return redirect("checklists:detail", run_id=run_id)
