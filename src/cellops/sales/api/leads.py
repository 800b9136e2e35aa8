"""Leads and their scores (SL-1), the handbook check (SL-2), the home page's needs.

The lead rubric (SL-1) scores seven factors and refuses, all at once, every
factor that is missing, not an integer or outside 0–2; a lead's scores are
kept as its history. The handbook check (SL-2) recomputes the handbook's
three worked examples with the rubric. Functions take and return plain
values (`cellops.sales.data`), write inside a transaction and leave an audit
entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from cellops.kernel.calendar import format_day
from cellops.kernel.violations import InvalidInput, NotFound
from cellops.org import api as org_api
from cellops.org.data import Actor, Role
from cellops.org.policy import Permission
from cellops.platform.api import record_audit
from cellops.platform.data import Need, NeedLine
from cellops.sales import models, rules
from cellops.sales.data import (
    ComparisonRow,
    ExampleCheck,
    FactorScore,
    LeadHistory,
    LeadInfo,
    LeadScore,
    LeadSource,
    RecordedScore,
)
from cellops.sales.rubric import DEFAULT_RUBRIC, Rubric

#: Who is reminded of leads waiting to be scored (besides administrators).
SCORERS = frozenset({Role.BUSINESS_DEVELOPMENT, Role.CEO})

NAME_MAX = 120
CONTACT_MAX = 2000
_LARGEST_ID = 2**63 - 1


def rubric() -> Rubric:
    """The SL-1 rubric in force: factors, weights, what each score means, bands."""
    return DEFAULT_RUBRIC


# --- SL-1: scoring -------------------------------------------------------


def score(scores: Mapping[str, object]) -> LeadScore:
    """SL-1: the composite score, band and stance, or RuleRefusal naming every bad factor."""
    return rules.score(scores, rubric())


def scores_from_text(values: Mapping[str, str]) -> dict[str, object]:
    """Factor scores typed as text (a form or a command line), ready for `score`."""
    return rules.scores_from_text(values)


# --- leads ---------------------------------------------------------------


def _latest(field: str) -> Subquery:
    latest = models.LeadScoring.objects.filter(lead=OuterRef("pk")).order_by("-scored_at", "-id")
    return Subquery(latest.values(field)[:1])


def _leads_qs() -> QuerySet[models.Lead]:
    return models.Lead.objects.annotate(
        latest_total=_latest("total"),
        latest_band=_latest("band"),
        latest_scored_at=_latest("scored_at"),
    )


def _lead(lead: models.Lead) -> LeadInfo:
    return LeadInfo(
        id=lead.pk,
        name=lead.name,
        contact=lead.contact,
        created_at=lead.created_at,
        responsive=lead.responsive,
        total=lead.latest_total,  # type: ignore[attr-defined]
        band=lead.latest_band,  # type: ignore[attr-defined]
        scored_at=lead.latest_scored_at,  # type: ignore[attr-defined]
        stage=lead.stage,
        state=lead.state,
        stage_since=lead.stage_since,
        source=lead.source,
        notes=lead.notes,
        follow_up=lead.follow_up,
        lost_reason=lead.lost_reason,
    )


def _recorded(scoring: models.LeadScoring) -> RecordedScore:
    """A stored scoring as data: the total and band computed then, the breakdown re-derived."""
    policy = rubric()
    breakdown = [
        FactorScore(
            factor=factor.key,
            score=int(scoring.scores.get(factor.key, 0)),
            weight=factor.weight,
            weighted=int(scoring.scores.get(factor.key, 0)) * factor.weight,
        )
        for factor in policy.factors
    ]
    stance = next((b.stance for b in policy.bands if b.name == scoring.band), "")
    return RecordedScore(
        total=scoring.total,
        band=scoring.band,  # type: ignore[arg-type]
        stance=stance,
        breakdown=breakdown,
        id=scoring.pk,
        lead_id=scoring.lead_id,
        scored_by=scoring.scored_by,
        scored_at=scoring.scored_at,
        stage=scoring.stage,
    )


def _check_id(lead_id: int, field: str) -> None:
    # Larger ids cannot exist and would overflow the database's integer.
    if not 0 < lead_id <= _LARGEST_ID:
        raise NotFound(field, f"there is no lead {lead_id}")


def lead_row(lead_id: int, field: str, for_update: bool = False) -> models.Lead:
    _check_id(lead_id, field)
    found = models.Lead.objects.select_for_update() if for_update else models.Lead.objects
    lead = found.filter(pk=lead_id).first()
    if lead is None:
        raise NotFound(field, f"there is no lead {lead_id}")
    return lead


def require_sales(actor: Actor) -> Actor:
    """Working on leads takes `SCORE_LEADS` (business development, the CEO; decision 0055):
    `actor`, or PermissionDenied. The doors call it before a read that takes no person."""
    return org_api.check(actor, Permission.SCORE_LEADS)


def create_lead(actor: Actor, name: str, contact: str = "", source: str = "") -> LeadInfo:
    """A new lead in stage 1 (Generating leads), not yet scored. Its name must be unique;
    `source` is one of `LeadSource` (inquiry, referral, rfp, conference…) or blank."""
    require_sales(actor)
    name = (name or "").strip()
    source = (source or "").strip().lower()
    if source and source not in {s.value for s in LeadSource}:
        choices = ", ".join(s.value for s in LeadSource)
        raise InvalidInput("source", f"choose one of: {choices} (or leave it blank)")
    contact = (contact or "").strip()
    if not name:
        raise InvalidInput("name", "give the lead a name, e.g. the organisation")
    if len(name) > NAME_MAX:
        raise InvalidInput("name", f"use at most {NAME_MAX} characters")
    if len(contact) > CONTACT_MAX:
        raise InvalidInput("contact", f"use at most {CONTACT_MAX} characters")
    if "\x00" in name or "\x00" in contact:
        raise InvalidInput("name" if "\x00" in name else "contact", "must not contain NUL")
    taken = InvalidInput("name", f"a lead called {name!r} already exists")
    with transaction.atomic():
        if models.Lead.objects.filter(name=name).exists():
            raise taken
        try:
            with transaction.atomic():
                lead = models.Lead.objects.create(
                    name=name, contact=contact, source=source, stage_since=timezone.now()
                )
        except IntegrityError as exc:
            raise taken from exc
        record_audit(actor.username, "lead.create", "lead", name, {"contact": contact})
    return get_lead(lead.pk)


def get_lead(lead_id: int, field: str = "lead_id") -> LeadInfo:
    _check_id(lead_id, field)
    lead = _leads_qs().filter(pk=lead_id).first()
    if lead is None:
        raise NotFound(field, f"there is no lead {lead_id}")
    return _lead(lead)


def list_leads(limit: int | None = None, offset: int = 0) -> list[LeadInfo]:
    """Leads by name with their latest score (None while waiting to be scored)."""
    leads = _leads_qs()
    page = leads[offset : offset + limit] if limit is not None else leads[offset:]
    return [_lead(lead) for lead in page]


def count_leads() -> int:
    return models.Lead.objects.count()


def score_lead(
    actor: Actor, lead_id: int, scores: Mapping[str, object], field: str = "lead_id"
) -> RecordedScore:
    """SL-1: score a stored lead and keep the score in its history, with the stage the
    lead is in (SL-3's gates read the latest score given in each stage).

    Refused (RuleRefusal) like `score` when a factor is missing or invalid;
    nothing is stored then. The result is a `LeadScore` with who and when.
    """
    require_sales(actor)
    with transaction.atomic():
        lead = lead_row(lead_id, field, for_update=True)
        computed = score(scores)
        factor_scores = {line.factor: line.score for line in computed.breakdown}
        scoring = models.LeadScoring.objects.create(
            lead=lead,
            scores=factor_scores,
            total=computed.total,
            band=computed.band,
            scored_by=actor.username,
            stage=lead.stage,
        )
        record_audit(
            actor.username,
            "lead.score",
            "lead",
            lead.name,
            {"scores": factor_scores, "total": computed.total, "band": computed.band},
        )
    return RecordedScore(
        total=computed.total,
        band=computed.band,
        stance=computed.stance,
        breakdown=computed.breakdown,
        id=scoring.pk,
        lead_id=lead.pk,
        scored_by=actor.username,
        scored_at=scoring.scored_at,
        stage=scoring.stage,
    )


def lead_history(lead_id: int, field: str = "lead_id") -> LeadHistory:
    """A lead and every score it was given, newest first."""
    lead = get_lead(lead_id, field)
    scorings = models.LeadScoring.objects.filter(lead_id=lead_id)
    return LeadHistory(lead=lead, scores=[_recorded(s) for s in scorings])


# --- SL-2: the handbook's examples --------------------------------------


def handbook_check() -> list[ExampleCheck]:
    """SL-2: the handbook's three worked examples, each recomputed by the rubric."""
    return rules.check_all(rubric=rubric())


def check_report(check: ExampleCheck) -> dict[str, Any]:
    """One example's check as plain JSON-ready values: the shape of the API and `--json`."""
    return {
        "name": check.name,
        "ok": check.ok,
        "verdict": rules.verdict(check, rubric()),
        "printed": {
            "rows": [
                {
                    "factor": row.factor,
                    "score": row.score,
                    "product_score": row.product_score,
                    "weight": row.weight,
                    "weighted": row.weighted,
                }
                for row in check.example.rows
            ],
            "total": check.example.total,
            "band": check.example.band,
        },
        "rows_sum": check.rows_sum,
        "rubric": None
        if check.lead is None
        else {
            "total": check.lead.total,
            "band": check.lead.band,
            "stance": check.lead.stance,
            "breakdown": [
                {"factor": b.factor, "score": b.score, "weight": b.weight, "weighted": b.weighted}
                for b in check.lead.breakdown
            ],
        },
        "possible_totals": list(check.possible_totals),
        "possible_bands": list(check.possible_bands),
        "findings": [
            {
                "kind": f.kind,
                "factor": f.factor,
                "printed": list(f.printed) if isinstance(f.printed, tuple) else f.printed,
                "expected": list(f.expected) if isinstance(f.expected, tuple) else f.expected,
                "message": f.message,
            }
            for f in check.findings
        ],
        "refusal": [v.as_dict() for v in check.refusal],
    }


def compare_rows(check: ExampleCheck) -> list[ComparisonRow]:
    """SL-2: each factor as printed next to what the rubric computes (for display)."""
    return rules.compare_rows(check, rubric())


def verdict(check: ExampleCheck) -> str:
    """SL-2: one sentence on what the rubric makes of a printed example."""
    return rules.verdict(check, rubric())


# --- the home page -------------------------------------------------------


def needs_of(actor: Actor, today: date) -> list[Need]:
    """Leads never scored, for business development specialists, the CEO and administrators:
    one lead as itself, several as one list (issue #14 item 13)."""
    if not (actor.is_admin or actor.roles & SCORERS):
        return []
    waiting = list(models.Lead.objects.filter(scorings__isnull=True).order_by("created_at", "id"))
    if not waiting:
        return []
    detail = "Score its seven factors (SL-1) to learn its band and how hard to pursue it."
    if len(waiting) == 1:
        (lead,) = waiting
        return [
            Need(
                area="Leads",
                title=f"Lead {lead.name} is waiting to be scored",
                detail=detail,
                url=f"{reverse('sales:score')}?lead={lead.pk}",
                when=lead.created_at.date(),
            )
        ]
    return [
        Need(
            area="Leads",
            title=f"{len(waiting)} leads are waiting to be scored",
            detail="Score each one's seven factors (SL-1) to learn its band and how hard to "
            "pursue it.",
            url=reverse("sales:leads"),
            when=waiting[0].created_at.date(),
            lines=tuple(
                NeedLine(
                    f"{lead.name}, added {format_day(lead.created_at.date())}",
                    f"{reverse('sales:score')}?lead={lead.pk}",
                    lead.created_at.date(),
                )
                for lead in waiting
            ),
        )
    ]
