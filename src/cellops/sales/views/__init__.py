"""Pages of sales: the lead scoring page (SL-1), leads and their history, the handbook check
(SL-2), the lifecycle board and a lead's gates (SL-3).

The scoring page works without JavaScript (the form posts and the page comes
back with the result or the refusals); with htmx, every change posts the
form to `score_result`, which answers only the result region.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal, Violation
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.sales import api
from cellops.sales.data import (
    DEFAULT_LIFECYCLE_POLICY,
    STAGES,
    CloseSteps,
    Discovery,
    LeadScore,
    LeadSource,
    stage,
)

SCORE_TEMPLATE = "sales/score.html"


def _require(request: HttpRequest) -> Actor:
    """Who is asking, if they work on leads: the use case decides (SCORE_LEADS)."""
    return api.require_sales(org_api.actor_for(request.user))


def _actor(request: HttpRequest) -> Actor:
    """Who is asking, for a write: the use case decides what they may do (issue #8)."""
    return org_api.actor_for(request.user)


def _typed_scores(data: QueryDict) -> dict[str, str]:
    """The factor scores chosen in the form, as typed; unchosen factors are left out."""
    return {key: data[key] for key in api.rubric().keys if data.get(key, "") != ""}


def _problems(violations: list[Violation], typed: dict[str, str]) -> dict[str, str]:
    """One plain sentence per refused factor, saying what would be accepted."""
    problems: dict[str, str] = {}
    rubric = api.rubric()
    for violation in violations:
        key = str(violation.extra.get("factor", ""))
        if key not in rubric.keys:
            continue
        label = rubric.factor(key).label
        if key in typed:
            problems[key] = f"{label}: {typed[key]!r} is not a score. Choose 0, 1 or 2."
        else:
            problems[key] = (
                f"{label} is not scored yet. Choose 0, 1 or 2: the rubric never guesses."
            )
    return problems


def _score_context(
    typed: dict[str, str],
    result: LeadScore | None = None,
    problems: dict[str, str] | None = None,
    show_errors: bool = False,
    lead_id: int | None = None,
    lead_error: str = "",
) -> dict[str, Any]:
    rubric = api.rubric()
    problems = problems or {}
    factors = [
        {
            "key": factor.key,
            "label": factor.label,
            "weight": factor.weight,
            "levels": [(str(score), text) for score, text in enumerate(factor.levels)],
            "chosen": typed.get(factor.key, ""),
            "error": problems.get(factor.key, "") if show_errors else "",
        }
        for factor in rubric.factors
    ]
    missing = [f["label"] for f in factors if f["key"] not in typed]
    return {
        "page_title": "Score a lead",
        "factors": factors,
        "result": result,
        "problems": [(key, problems[key]) for key in rubric.keys if key in problems],
        "invalid": [
            (key, problems[key]) for key in rubric.keys if key in problems and key in typed
        ],
        "show_errors": show_errors,
        "missing": missing,
        "scored_count": len(factors) - len(missing),
        "factor_count": len(factors),
        "max_total": rubric.max_total,
        "leads": api.list_leads(),
        "lead_id": lead_id,
        "lead_error": lead_error,
    }


def _compute(typed: dict[str, str]) -> tuple[LeadScore | None, dict[str, str]]:
    try:
        return api.score(api.scores_from_text(typed)), {}
    except RuleRefusal as refusal:
        return None, _problems(refusal.violations, typed)


def _lead_id(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        return -1  # not a lead: reported as such


@login_required
def score(request: HttpRequest) -> HttpResponse:
    """SL-1: the seven factors, the live total, band and stance; optionally saved to a lead."""
    actor = _require(request)
    if request.method != "POST":
        lead_id = _lead_id(request.GET.get("lead"))
        return render(request, SCORE_TEMPLATE, _score_context({}, lead_id=lead_id))
    typed = _typed_scores(request.POST)
    lead_id = _lead_id(request.POST.get("lead"))
    result, problems = _compute(typed)
    if result is None or lead_id is None:
        context = _score_context(typed, result, problems, show_errors=True, lead_id=lead_id)
        return render(request, SCORE_TEMPLATE, context)
    try:
        recorded = api.score_lead(actor, lead_id, api.scores_from_text(typed), field="lead")
    except NotFound:
        context = _score_context(
            typed,
            result,
            show_errors=True,
            lead_error="That lead does not exist any more: choose another one, or none.",
        )
        return render(request, SCORE_TEMPLATE, context)
    messages.success(
        request, f"Scored {recorded.total}, {recorded.band}: saved in the lead's score history."
    )
    return redirect("sales:lead", lead_id=recorded.lead_id)


@login_required
@require_POST
def score_result(request: HttpRequest) -> HttpResponse:
    """The result region alone, for htmx: total, band and stance, or what is still missing."""
    _require(request)
    typed = _typed_scores(request.POST)
    result, problems = _compute(typed)
    return render(request, f"{SCORE_TEMPLATE}#result", _score_context(typed, result, problems))


@login_required
def leads(request: HttpRequest) -> HttpResponse:
    """Every lead with its latest band; a small form to add one."""
    actor = _require(request)
    form = {"name": "", "contact": ""}
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = {
            "name": request.POST.get("name", ""),
            "contact": request.POST.get("contact", ""),
        }
        try:
            lead = api.create_lead(actor, form["name"], form["contact"])
        except InvalidInput as exc:
            errors[exc.field] = exc.message
        else:
            messages.success(request, f"Lead {lead.name} added. Score it to learn its band.")
            return redirect("sales:lead", lead_id=lead.id)
    return render(
        request,
        "sales/leads.html",
        {"page_title": "Leads", "leads": api.list_leads(), "form": form, "errors": errors},
    )


@login_required
def lead(request: HttpRequest, lead_id: int) -> HttpResponse:
    """One lead: its stage and the next gate's checklist, its facts, score history, blueprint,
    proposal, close checklist and moves."""
    _require(request)
    return render(request, "sales/lead.html", _lead_context(request, lead_id))


def render_lead(request: HttpRequest, lead_id: int, **extra: Any) -> HttpResponse:
    """The lead's page again with an error and what was typed (422)."""
    return render(request, "sales/lead.html", _lead_context(request, lead_id, **extra), status=422)


def _blueprint_rows(detail: Any) -> list[dict[str, str]]:
    tasks = detail.facts.blueprint.tasks if detail.facts.blueprint else ()
    rows = [{"title": t.title, "hours": str(t.hours)} for t in tasks]
    return rows + [{"title": "", "hours": ""} for _ in range(max(3 - len(rows), 2))]


def _quote_rows(detail: Any) -> list[dict[str, str]]:
    lines = detail.facts.proposal.lines if detail.facts.proposal else ()
    rows = [{"feature": x.feature, "hours": str(x.hours), "rate": str(x.rate)} for x in lines]
    return rows + [{"feature": "", "hours": "", "rate": ""} for _ in range(max(3 - len(rows), 2))]


def _lead_context(request: HttpRequest, lead_id: int, **extra: Any) -> dict[str, Any]:
    actor = _require(request)
    try:
        detail = api.lead_detail(lead_id)
        checklists = api.client_checklists(actor, lead_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    blueprint = detail.facts.blueprint
    rubric = api.rubric()
    scorings = [
        {
            "score": recorded,
            "stage": stage(recorded.stage),
            "factors": [
                (rubric.factor(line.factor).label, line.score) for line in recorded.breakdown
            ],
        }
        for recorded in detail.scores
    ]
    lead = detail.lead
    return {
        "page_title": lead.name,
        "lead": lead,
        "detail": detail,
        "stage": stage(lead.stage),
        "next_stage": stage(lead.stage + 1) if lead.stage < len(STAGES) else None,
        "in_stage_days": _days_since(lead.stage_since),
        "scorings": scorings,
        "max_total": rubric.max_total,
        "close_steps": [
            (step, CLOSE_LABELS[step], getattr(detail.facts.close, step))
            for step in api.CLOSE_STEPS
        ],
        "show_rates": api.shows_rates(actor),
        "currency": DEFAULT_LIFECYCLE_POLICY.currency,
        "sources": [s.value for s in LeadSource],
        "discoveries": [d.value for d in Discovery if d.value],
        "blueprint_form": {
            "solution": blueprint.solution if blueprint else "",
            "acceptance_criteria": blueprint.acceptance_criteria if blueprint else "",
            "timeline": blueprint.timeline if blueprint else "",
        },
        "task_rows": _blueprint_rows(detail),
        "quote_rows": _quote_rows(detail),
        "checklists": [(which, run) for which, run in checklists.items()],
        **extra,
    }


CLOSE_LABELS = {
    "contract_agreed": "Contract agreed, with its pricing and terms",
    "sow_sent": "Statement of work (SOW) sent, when the deal has one",
    "onboarding_done": "Onboarding steps done",
    "kickoff_held": "Kickoff held",
    "tracking_set": "Communication and budget tracking set",
    "epics_scheduled": "Epics scheduled",
    "deposit_received": "Deposit received (when the deal has one)",
}


def _days_since(moment: datetime | None) -> int | None:
    return None if moment is None else (timezone.now() - moment).days


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """SL-3: the eight stages as columns, each open lead a card with its band and time in stage."""
    _require(request)
    columns = [
        {
            "stage": stage(number),
            "leads": [{"lead": lead, "days": _days_since(lead.stage_since)} for lead in leads],
        }
        for number, leads in api.board().items()
    ]
    return render(
        request,
        "sales/board.html",
        {"page_title": "Lifecycle board", "columns": columns, "last_stage": len(STAGES)},
    )


@login_required
@require_POST
def move(request: HttpRequest, lead_id: int) -> HttpResponse:
    """SL-3: forward through the gate, back, or lost with a reason; a refused move shows every
    unmet condition with a link to where it is met."""
    actor = _actor(request)
    action = request.POST.get("action", "")
    back_to = request.POST.get("next") == "board"
    try:
        if action == "advance":
            api.advance(actor, lead_id)
        elif action == "back":
            api.move_back(actor, lead_id)
        elif action == "lost":
            api.mark_lost(actor, lead_id, request.POST.get("reason", ""))
        else:
            raise InvalidInput("action", "choose advance, back or lost")
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except RuleRefusal as refusal:
        context = _lead_context(request, lead_id, refused=refusal.violations)
        return render(request, "sales/lead.html", context, status=422)
    except InvalidInput as exc:
        context = _lead_context(
            request,
            lead_id,
            move_error=f"{exc.field}: {exc.message}",
            reason=request.POST.get("reason", ""),
        )
        return render(request, "sales/lead.html", context, status=422)
    detail = api.lead_detail(lead_id)
    where = "lost" if detail.lead.state == "lost" else f"in {stage(detail.lead.stage).name}"
    messages.success(request, f"{detail.lead.name} is now {where}.")
    if back_to:
        return redirect(f"{reverse('sales:board')}#lead-{lead_id}")
    return redirect("sales:lead", lead_id=lead_id)


FACT_FIELDS = (
    "contact",
    "challenges",
    "needs",
    "value_proposition",
    "notes",
    "source",
    "follow_up",
    "discovery",
    "client",
    "epic",
)


def _percent(text: str) -> object:
    """A typed probability: blank → None (the stage's), digits → int, else as typed for the
    use case to refuse."""
    text = text.strip().rstrip("%").strip()
    if not text:
        return None
    return int(text) if text.isdigit() else text


@login_required
@require_POST
def facts(request: HttpRequest, lead_id: int) -> HttpResponse:
    """The lead's recorded facts (what the gates of stages 1–3 read)."""
    actor = _actor(request)
    changes: dict[str, object] = {f: request.POST.get(f, "") for f in FACT_FIELDS}
    for flag in ("responsive", "deposit_required", "fixed_price"):
        changes[flag] = request.POST.get(flag) == "on"
    changes["probability"] = _percent(request.POST.get("probability", ""))
    typed = {k: request.POST.get(k, "") for k in (*FACT_FIELDS, "probability")}
    try:
        api.update_lead(actor, lead_id, changes)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except InvalidInput as exc:
        return render_lead(
            request, lead_id, facts_error=f"{exc.field}: {exc.message}", typed_facts=typed
        )
    except RuleRefusal as refusal:
        errors = "; ".join(f"{v.rule} {v.message}" for v in refusal.violations)
        return render_lead(request, lead_id, facts_error=errors, typed_facts=typed)
    messages.success(request, "The lead's facts are saved.")
    return redirect(f"{reverse('sales:lead', args=[lead_id])}#facts")


@login_required
@require_POST
def close_steps(request: HttpRequest, lead_id: int) -> HttpResponse:
    """SL-3 stage 6: the close checklist."""
    actor = _actor(request)
    steps = CloseSteps(**{step: request.POST.get(step) == "on" for step in api.CLOSE_STEPS})
    try:
        api.set_close_steps(actor, lead_id, steps)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    messages.success(request, "The close checklist is saved.")
    return redirect(f"{reverse('sales:lead', args=[lead_id])}#close")


@login_required
def handbook_check(request: HttpRequest) -> HttpResponse:
    """SL-2: the handbook's three worked examples as printed and as the rubric computes them."""
    _require(request)
    examples = [
        {"check": check, "rows": api.compare_rows(check), "verdict": api.verdict(check)}
        for check in api.handbook_check()
    ]
    return render(
        request,
        "sales/handbook_check.html",
        {"page_title": "Handbook check", "examples": examples},
    )


BAR_X, BAR_WIDTH, ROW = 200, 280, 28


def _bars(rows: list[tuple[str, float, str]]) -> dict[str, Any]:
    """An SVG bar chart's geometry: one labelled bar per (label, value, shown) row."""
    most = max([value for _, value, _ in rows] + [0]) or 1
    return {
        "bars": [
            {
                "label": label,
                "shown": shown,
                "y": ROW * n,
                "width": round(BAR_WIDTH * value / most),
                "end": BAR_X + round(BAR_WIDTH * value / most) + 6,
            }
            for n, (label, value, shown) in enumerate(rows)
        ],
        "height": ROW * max(len(rows), 1),
        "x": BAR_X,
    }


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    """The pipeline by stage and band, the weighted forecast, time in stage and why leads
    were lost: SVG bars with their numbers in a table beside them, amounts in the currency."""
    report = api.sales_report(_require(request))
    money = report.currency
    pipeline = [
        {
            "stage": stage(n),
            "counts": [bands[b] for b in api.REPORT_BANDS],
            "total": sum(bands.values()),
        }
        for n, bands in report.pipeline.items()
    ]
    by_stage = report.weighted_by_stage
    return render(
        request,
        "sales/reports.html",
        {
            "page_title": "Sales reports",
            "report": report,
            "currency": money,
            "pipeline": pipeline,
            "bands": api.REPORT_BANDS,
            "pipeline_chart": _bars(
                [
                    (f"{r['stage'].number}. {r['stage'].name}", r["total"], str(r["total"]))
                    for r in pipeline
                ]
            ),
            "forecast_chart": _bars(
                [
                    (f"{n}. {stage(n).name}", float(amount), f"{amount} {money}")
                    for n, amount in by_stage.items()
                ]
            ),
            "days_chart": _bars(
                [(f"{n}. {stage(n).name}", d, f"{d} days") for n, d in report.days_in_stage.items()]
            ),
            "days": [(stage(n), d) for n, d in report.days_in_stage.items()],
            "reasons_chart": _bars([(reason, n, str(n)) for reason, n in report.reasons]),
        },
    )
