"""The reports a business developer opens: the pipeline by stage and band, the weighted
forecast (a probability per stage, the lead's own when set — never overwritten by the
report), the days spent in each stage, and why leads were won or lost."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from cellops.org.data import Actor
from cellops.sales import models
from cellops.sales.api.leads import require_sales
from cellops.sales.data import DEFAULT_LIFECYCLE_POLICY, HIGH, LOW, MEDIUM, STAGES, ForecastRow
from cellops.sales.rules import meetings as rules

BANDS = (HIGH, MEDIUM, LOW, "Unscored")


@dataclass(frozen=True)
class SalesReport:
    pipeline: dict[int, dict[str, int]]  # stage → band → open leads
    forecast: list[ForecastRow]
    forecast_total: Decimal
    forecast_weighted: Decimal
    days_in_stage: dict[int, float]  # stage → average days a lead spent there
    reasons: list[tuple[str, int]]  # lost reasons, most frequent first
    won: int
    currency: str = DEFAULT_LIFECYCLE_POLICY.currency

    @property
    def weighted_by_stage(self) -> dict[int, Decimal]:
        """The weighted forecast of the open leads in each stage (1–8)."""
        totals = {n: Decimal("0.00") for n in range(1, len(STAGES) + 1)}
        for row in self.forecast:
            totals[row.stage] += row.weighted
        return totals


def sales_report(actor: Actor, now: datetime | None = None) -> SalesReport:
    require_sales(actor)
    now = now or timezone.now()
    leads = list(models.Lead.objects.prefetch_related("scorings", "moves", "proposal__lines"))
    pipeline = {n: dict.fromkeys(BANDS, 0) for n in range(1, len(STAGES) + 1)}
    forecast, spent, reasons = [], defaultdict(list), Counter()
    won = 0
    for lead in leads:
        latest = next(iter(lead.scorings.all()), None)
        if lead.state == "lost":
            reasons[lead.lost_reason] += 1
        else:
            pipeline[lead.stage][latest.band if latest else "Unscored"] += 1
            proposal = getattr(lead, "proposal", None)
            amount = sum(
                (
                    (line.hours * line.rate).quantize(Decimal("0.01"))
                    for line in (proposal.lines.all() if proposal else [])
                    if line.selected or not (proposal and proposal.accepted_at)
                ),
                Decimal("0.00"),
            )
            chance, own = rules.probability(lead.stage, lead.probability, DEFAULT_LIFECYCLE_POLICY)
            forecast.append(ForecastRow(lead.pk, lead.name, lead.stage, amount, chance, own))
            won += lead.stage >= 7
        moves = [(m.from_stage, m.to_stage, m.at) for m in lead.moves.all()]
        for stage, days in rules.days_in_stages(moves, lead.created_at, now, lead.stage).items():
            spent[stage].append(days)
    total, weighted = rules.weighted_total(forecast)
    return SalesReport(
        pipeline=pipeline,
        forecast=sorted(forecast, key=lambda r: (-r.weighted, r.name)),
        forecast_total=total,
        forecast_weighted=weighted,
        days_in_stage={s: round(sum(d) / len(d), 1) for s, d in sorted(spent.items())},
        reasons=sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])),
        won=won,
    )
