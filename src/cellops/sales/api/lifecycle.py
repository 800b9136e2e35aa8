"""SL-3…SL-5: a lead's lifecycle on the board, its recorded facts, blueprint, proposal and
close checklist, and the epic it becomes.

Every use case takes an `Actor` and authorises through `org.policy` first
(`require_sales`); writes happen in one transaction with an audit entry; a
refused move lists every unmet gate condition (`rules.advance_refusals`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from cellops.kernel.violations import InvalidInput, RuleRefusal, Violation
from cellops.org import api as org_api
from cellops.org.data import Actor, EpicStatus
from cellops.platform.api import record_audit
from cellops.sales import models, rules
from cellops.sales.api.leads import lead_history, lead_row, list_leads, require_sales
from cellops.sales.data import (
    DEFAULT_LIFECYCLE_POLICY,
    SL_3,
    SL_5,
    STAGES,
    Blueprint,
    BlueprintTask,
    CloseSteps,
    Discovery,
    LeadDetail,
    LeadFacts,
    LeadInfo,
    LeadSource,
    LeadState,
    Proposal,
    QuoteLine,
    StageMove,
)

TEXT_MAX = 10_000
FACT_TEXTS = ("contact", "challenges", "needs", "value_proposition", "notes")
FACT_FLAGS = ("responsive", "deposit_required", "fixed_price")
CLOSE_STEPS = (
    "contract_agreed",
    "sow_sent",
    "onboarding_done",
    "kickoff_held",
    "tracking_set",
    "epics_scheduled",
    "deposit_received",
)


def _blueprint(lead: models.Lead) -> Blueprint | None:
    row = getattr(lead, "blueprint", None)
    if row is None:
        return None
    return Blueprint(
        solution=row.solution,
        acceptance_criteria=row.acceptance_criteria,
        tasks=tuple(BlueprintTask(t["title"], Decimal(t["hours"])) for t in row.tasks),
        timeline=row.timeline,
    )


def _proposal(lead: models.Lead) -> Proposal | None:
    row = getattr(lead, "proposal", None)
    if row is None:
        return None
    return Proposal(
        id=row.pk,
        lines=tuple(
            QuoteLine(line.pk, line.feature, line.hours, line.rate, line.selected)
            for line in row.lines.all()
        ),
        delivered=row.delivered_at is not None,
        accepted=row.accepted_at is not None,
    )


def _epic_done(key: str) -> bool:
    return bool(key) and any(
        e.key == key and e.status == EpicStatus.DONE for e in org_api.list_epics(show_money=False)
    )


def _facts(lead: models.Lead, now: datetime) -> LeadFacts:
    """What the gates read about `lead`: its facts, latest score per stage, documents."""
    score_in_stage: dict[int, int] = {}
    latest_band = None
    # newest first (the model's ordering): the first seen in a stage is its latest
    for scoring in lead.scorings.all():
        score_in_stage.setdefault(scoring.stage, scoring.total)
        latest_band = latest_band or scoring.band
    since = lead.stage_since or lead.created_at
    return LeadFacts(
        stage=lead.stage,
        contact=lead.contact,
        responsive=lead.responsive,
        latest_band=latest_band,
        score_in_stage=score_in_stage,
        challenges=lead.challenges,
        needs=lead.needs,
        value_proposition=lead.value_proposition,
        blueprint=_blueprint(lead),
        proposal=_proposal(lead),
        close=CloseSteps(**{step: getattr(lead, step) for step in CLOSE_STEPS}),
        deposit_required=lead.deposit_required,
        fixed_price=lead.fixed_price,
        epic_done=lead.stage == 7 and lead.fixed_price and _epic_done(lead.epic),
        days_in_development=(now - since).days if lead.stage == 7 else 0,
        discovery=lead.discovery,
        has_epic=bool(lead.epic),
    )


def lead_detail(lead_id: int, field: str = "lead_id", now: datetime | None = None) -> LeadDetail:
    """A lead with its scores (each with its stage), the next gate's conditions, its facts
    and its moves on the board."""
    now = now or timezone.now()
    history = lead_history(lead_id, field)
    lead = models.Lead.objects.get(pk=lead_id)
    facts = _facts(lead, now)
    moves = [
        StageMove(m.from_stage, m.to_stage, m.kind, m.at, m.by, m.reason) for m in lead.moves.all()
    ]
    return LeadDetail(
        lead=history.lead,
        scores=history.scores,
        next_gate=rules.gate(facts, DEFAULT_LIFECYCLE_POLICY) if lead.state == "open" else [],
        facts=facts,
        moves=moves,
        challenges=lead.challenges,
        needs=lead.needs,
        value_proposition=lead.value_proposition,
        deposit_required=lead.deposit_required,
        client=lead.client,
        epic=lead.epic,
        discovery=lead.discovery,
        probability=lead.probability,
        timeline=lead.timeline,
        onboarding_run=lead.onboarding_run,
        offboarding_run=lead.offboarding_run,
    )


def _text(field: str, value: object) -> str:
    if not isinstance(value, str):
        raise InvalidInput(field, "give text")
    if len(value) > TEXT_MAX or "\x00" in value:
        raise InvalidInput(field, f"use at most {TEXT_MAX:,} characters, without NUL")
    return value.strip()


def update_lead(actor: Actor, lead_id: int, changes: Mapping[str, object]) -> LeadDetail:
    """Change a lead's recorded facts (API.md: contact, responsive, challenges, needs,
    value_proposition, deposit_required, client, epic; also source, notes, follow_up,
    fixed_price, discovery, probability). An unknown field, wrong type or unknown
    client/epic → InvalidInput. SL-5: naming the epic before its time (from Blueprint on
    with a complex discovery, from Close on otherwise) → RuleRefusal. The probability is
    the lead's own and only this changes it."""
    require_sales(actor)
    values: dict[str, object] = {}
    for field, value in changes.items():
        if field in FACT_TEXTS:
            values[field] = _text(field, value)
        elif field in FACT_FLAGS:
            if not isinstance(value, bool):
                raise InvalidInput(field, "give true or false")
            values[field] = value
        elif field == "source":
            text = _text(field, value).lower()
            if text and text not in {s.value for s in LeadSource}:
                raise InvalidInput(
                    field, "choose one of: " + ", ".join(s.value for s in LeadSource)
                )
            values[field] = text
        elif field == "follow_up":
            values[field] = _day(field, value)
        elif field == "client":
            name = _text(field, value)
            if name and name not in {c.name for c in org_api.list_clients(show_money=False)}:
                raise InvalidInput(field, f"no client is called {name!r}")
            values[field] = name
        elif field == "epic":
            key = _text(field, value)
            if key and key not in {e.key for e in org_api.list_epics(show_money=False)}:
                raise InvalidInput(field, f"no epic has the key {key!r}")
            values[field] = key
        elif field == "discovery":
            text = _text(field, value).lower()
            if text not in {d.value for d in Discovery}:
                raise InvalidInput(field, "choose none, simple or complex (or leave it blank)")
            values[field] = text
        elif field == "probability":
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100
            ):
                raise InvalidInput(field, "give a whole percent from 0 to 100, or null")
            values[field] = value
        else:
            raise InvalidInput(field, "not a field of a lead that can be changed")
    with transaction.atomic():
        lead = lead_row(lead_id, "lead_id", for_update=True)
        if values.get("epic") and values["epic"] != lead.epic:
            problems = rules.epic_timing_problems(
                lead.stage, str(values.get("discovery", lead.discovery))
            )
            if problems:
                raise RuleRefusal(problems)
        for field, value in values.items():
            setattr(lead, field, value)
        lead.save(update_fields=list(values) or None)
        record_audit(actor.username, "lead.update", "lead", lead.name, dict(values))
    return lead_detail(lead_id)


def _day(field: str, value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(field, "give a date as YYYY-MM-DD") from None


def _move(
    actor: Actor, lead: models.Lead, to: int, kind: str, now: datetime, reason: str = ""
) -> None:
    models.StageMove.objects.create(
        lead=lead,
        from_stage=lead.stage,
        to_stage=to,
        kind=kind,
        at=now,
        by=actor.username,
        reason=reason,
    )
    record_audit(
        actor.username,
        f"lead.{kind}",
        "lead",
        lead.name,
        {"from": lead.stage, "to": to, "reason": reason},
    )
    if to != lead.stage:
        lead.stage, lead.stage_since = to, now


def advance(actor: Actor, lead_id: int, now: datetime | None = None) -> LeadDetail:
    """SL-3: move the lead one stage forward through its gate, or RuleRefusal with one
    `SL-3` violation per unmet condition (each with `condition` and `where`)."""
    require_sales(actor)
    now = now or timezone.now()
    with transaction.atomic():
        lead = lead_row(lead_id, "lead_id", for_update=True)
        if lead.state == LeadState.LOST:
            raise RuleRefusal(
                [
                    Violation(
                        SL_3,
                        f"the lead was lost ({lead.lost_reason}); move it back to reopen it",
                        {"condition": "the lead is open", "where": "moves"},
                    )
                ]
            )
        refusals = rules.advance_refusals(_facts(lead, now), DEFAULT_LIFECYCLE_POLICY)
        if refusals:
            raise RuleRefusal(refusals)
        _move(actor, lead, lead.stage + 1, "advance", now)
        lead.save(update_fields=["stage", "stage_since"])
    return lead_detail(lead_id, now=now)


def move_back(actor: Actor, lead_id: int, now: datetime | None = None) -> LeadDetail:
    """SL-3: one stage back, always allowed (a lost lead is reopened where it was; at stage
    1 there is no stage before, InvalidInput on `stage`)."""
    require_sales(actor)
    now = now or timezone.now()
    with transaction.atomic():
        lead = lead_row(lead_id, "lead_id", for_update=True)
        if lead.state == LeadState.LOST:
            _move(actor, lead, lead.stage, "reopen", now)
            lead.state, lead.lost_reason = LeadState.OPEN.value, ""
        elif lead.stage == 1:
            raise InvalidInput("stage", f"{STAGES[0]} is the first stage: there is none before it")
        else:
            _move(actor, lead, lead.stage - 1, "back", now)
        lead.save(update_fields=["stage", "stage_since", "state", "lost_reason"])
    return lead_detail(lead_id, now=now)


def mark_lost(actor: Actor, lead_id: int, reason: str, now: datetime | None = None) -> LeadDetail:
    """SL-3: drop the lead, always allowed, with the reason why (kept for the win/loss
    report); a blank reason is InvalidInput on `reason`."""
    require_sales(actor)
    reason = _text("reason", reason)
    if not reason:
        raise InvalidInput("reason", "say why the lead was lost, e.g. 'chose a cheaper agency'")
    now = now or timezone.now()
    with transaction.atomic():
        lead = lead_row(lead_id, "lead_id", for_update=True)
        _move(actor, lead, lead.stage, "lost", now, reason)
        lead.state, lead.lost_reason = LeadState.LOST.value, reason
        lead.save(update_fields=["state", "lost_reason"])
    return lead_detail(lead_id, now=now)


def _decimal(value: object) -> object:
    """A number as Decimal (strings and ints too); anything else as it is, for the rule."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, str, Decimal)):
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return value
    return value


def save_blueprint(
    actor: Actor,
    lead_id: int,
    *,
    solution: str,
    acceptance_criteria: str,
    tasks: Sequence[Mapping[str, object]],
    timeline: str,
) -> Blueprint:
    """SL-3 stage 4: the lead's blueprint (replaced whole); every blank field and every task
    without a title or positive hours is refused at once (RuleRefusal, each naming it)."""
    require_sales(actor)
    pairs = [(str(t.get("title") or ""), _decimal(t.get("hours"))) for t in tasks]
    problems = rules.check_blueprint(solution, acceptance_criteria, pairs, timeline)
    if problems:
        raise RuleRefusal(problems)
    stored = [{"title": title.strip(), "hours": str(hours)} for title, hours in pairs]
    with transaction.atomic():
        lead = lead_row(lead_id, "lead_id", for_update=True)
        models.Blueprint.objects.update_or_create(
            lead=lead,
            defaults={
                "solution": solution.strip(),
                "acceptance_criteria": acceptance_criteria.strip(),
                "tasks": stored,
                "timeline": timeline.strip(),
            },
        )
        record_audit(actor.username, "lead.blueprint", "lead", lead.name, {"tasks": len(stored)})
        lead = models.Lead.objects.get(pk=lead.pk)
        return _blueprint(lead)  # type: ignore[return-value]


def make_proposal(actor: Actor, lead_id: int, lines: Sequence[Mapping[str, object]]) -> Proposal:
    """SL-3 stage 5: the quote (feature, hours, rate per line), replacing a proposal not yet
    accepted. Zero or negative hours, a negative or non-numeric rate, a blank feature: each
    refused (RuleRefusal naming `lines[n].field`)."""
    require_sales(actor)
    parsed = [
        (str(line.get("feature") or ""), _decimal(line.get("hours")), _decimal(line.get("rate")))
        for line in lines
    ]
    problems = rules.check_quote_lines(parsed)
    if problems:
        raise RuleRefusal(problems)
    with transaction.atomic():
        lead = lead_row(lead_id, "lead_id", for_update=True)
        proposal, _ = models.Proposal.objects.get_or_create(lead=lead)
        if proposal.accepted_at is not None:
            raise RuleRefusal(
                [
                    Violation(
                        SL_3,
                        "the proposal was accepted: its quote is kept as it was",
                        {"field": "lines"},
                    )
                ]
            )
        proposal.lines.all().delete()
        proposal.delivered_at = None
        proposal.save(update_fields=["delivered_at"])
        models.QuoteLine.objects.bulk_create(
            models.QuoteLine(proposal=proposal, feature=f.strip(), hours=h, rate=r)
            for f, h, r in parsed
        )
        record_audit(actor.username, "lead.proposal", "lead", lead.name, {"lines": len(parsed)})
    return _proposal(models.Lead.objects.get(pk=lead_id))  # type: ignore[return-value]


def _proposal_row(lead: models.Lead) -> models.Proposal:
    proposal = models.Proposal.objects.select_for_update().filter(lead=lead).first()
    if proposal is None:
        raise InvalidInput("proposal", "the lead has no proposal yet: write its quote first")
    return proposal


def deliver_proposal(actor: Actor, lead_id: int, now: datetime | None = None) -> Proposal:
    """SL-3 stage 5: mark the final proposal (blueprint + quote) delivered."""
    require_sales(actor)
    with transaction.atomic():
        lead = lead_row(lead_id, "lead_id", for_update=True)
        proposal = _proposal_row(lead)
        proposal.delivered_at = proposal.delivered_at or now or timezone.now()
        proposal.save(update_fields=["delivered_at"])
        record_audit(actor.username, "lead.proposal_deliver", "lead", lead.name, {})
    return _proposal(models.Lead.objects.get(pk=lead_id))  # type: ignore[return-value]


def accept_proposal(
    actor: Actor,
    lead_id: int,
    line_ids: Sequence[int],
    now: datetime | None = None,
    monthly_budget_hours: Decimal | None = None,
) -> tuple[str, Decimal]:
    """SL-5: the client accepts the chosen quote lines; the lead's work epic moves to
    `Accepted` with a budget of those lines' hours. Answers (epic key, budget hours).

    The proposal must be delivered (SL-3) and the lead must name its epic (PATCH `epic`;
    without discovery the epic is made at signature, with a complex one during the
    blueprint): otherwise RuleRefusal naming what is missing, nothing written. The epic's
    account (the client's) gets its monthly budget: `monthly_budget_hours`, or the
    selected hours when the account has none yet; the lead keeps the blueprint's timeline
    as the accepted one, and names the epic's client."""
    require_sales(actor)
    with transaction.atomic():
        lead = lead_row(lead_id, "lead_id", for_update=True)
        proposal = _proposal_row(lead)
        lines = [
            QuoteLine(line.pk, line.feature, line.hours, line.rate) for line in proposal.lines.all()
        ]
        problems = []
        if proposal.delivered_at is None:
            problems.append(
                Violation(SL_3, "deliver the proposal before it is accepted", {"field": "proposal"})
            )
        if not lead.epic:
            problems.append(
                Violation(
                    SL_5,
                    "the lead has no work epic: create it (at signature without discovery, during "
                    "the blueprint with a complex one) and set the lead's epic",
                    {"field": "epic"},
                )
            )
        try:
            budget = rules.accepted_budget(lines, list(line_ids))
        except ValueError as exc:
            problems.append(
                Violation(SL_5, str(exc) or "select at least one quote line", {"field": "lines"})
            )
        if problems:
            raise RuleRefusal(problems)
        models.QuoteLine.objects.filter(proposal=proposal).update(selected=False)
        models.QuoteLine.objects.filter(proposal=proposal, pk__in=list(line_ids)).update(
            selected=True
        )
        proposal.accepted_at = now or timezone.now()
        proposal.save(update_fields=["accepted_at"])
        epic = next(e for e in org_api.list_epics(show_money=True) if e.key == lead.epic)
        account = next(a for a in org_api.list_accounts(show_money=True) if a.name == epic.account)
        if monthly_budget_hours is None and account.monthly_budget_hours is None:
            monthly_budget_hours = budget
        org_api.accept_epic(actor, lead.epic, budget, monthly_budget_hours)
        blueprint = getattr(lead, "blueprint", None)
        lead.timeline = blueprint.timeline if blueprint else lead.timeline
        lead.client = lead.client or (account.client or "")
        lead.save(update_fields=["timeline", "client"])
        record_audit(
            actor.username,
            "lead.proposal_accept",
            "lead",
            lead.name,
            {"lines": sorted(line_ids), "epic": lead.epic, "budget_hours": budget},
        )
    return lead.epic, budget


def set_close_steps(actor: Actor, lead_id: int, steps: CloseSteps) -> LeadDetail:
    """SL-3 stage 6: the close checklist (onboarding, kickoff, tracking, epics scheduled,
    deposit received)."""
    require_sales(actor)
    with transaction.atomic():
        lead = lead_row(lead_id, "lead_id", for_update=True)
        for step in CLOSE_STEPS:
            setattr(lead, step, getattr(steps, step))
        lead.save(update_fields=list(CLOSE_STEPS))
        record_audit(
            actor.username,
            "lead.close_steps",
            "lead",
            lead.name,
            {step: getattr(steps, step) for step in CLOSE_STEPS},
        )
    return lead_detail(lead_id)


def board() -> dict[int, list[LeadInfo]]:
    """SL-3: the open leads of each stage (1–8), for the board, with their band."""
    column: dict[int, list[LeadInfo]] = {n: [] for n in range(1, len(STAGES) + 1)}
    for lead in list_leads():
        if lead.state == LeadState.OPEN:
            column[lead.stage].append(lead)
    return column
