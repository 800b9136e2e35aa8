"""SL-4 (the intro meeting), SL-5 (when the work epic is made) and the sales reports'
arithmetic. Pure Python.

- `notes_problems` / `record_problems`: every blank SPIN heading, a missing next step, a
  follow-up without a task or with a date before the meeting, a deferred discovery for a
  lead that is not High — each its own `SL-4` violation naming the field.
- `summary_email`: the client's e-mail drafted from the notes and the next steps.
- `epic_timing_problems`: SL-5 — without a complex discovery the epic is made at signature
  (from Close on); with one, during the blueprint (from Blueprint on).
- `probability`, `weighted_forecast`, `days_in_stages`: the reports.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal

from cellops.kernel.violations import Violation
from cellops.sales.data import (
    DEFAULT_LIFECYCLE_POLICY,
    HIGH,
    SL_4,
    SL_5,
    SPIN,
    STAGES,
    Discovery,
    DiscoveryPayment,
    FollowUpTask,
    ForecastRow,
    LifecyclePolicy,
    SummaryEmail,
)

BLUEPRINT_STAGE = 4
CLOSE_STAGE = 6


def notes_problems(notes: Mapping[str, str]) -> list[Violation]:
    """SL-4: the preparation notes need every heading: Situation, Problem, Implications,
    Need payoff."""
    return [
        Violation(SL_4, f"write the {label} notes before the meeting", {"field": key})
        for key, label in SPIN
        if not (notes.get(key) or "").strip()
    ]


def record_problems(
    *,
    notes: Mapping[str, str],
    held_on: date | None,
    next_steps: str,
    follow_ups: Sequence[FollowUpTask],
    payment: str,
    band: str | None,
) -> list[Violation]:
    """SL-4: what keeps a held meeting from being recorded, every problem at once."""
    problems = notes_problems(notes)
    if held_on is None:
        problems.append(Violation(SL_4, "give the day the meeting was held", {"field": "held_on"}))
    if not next_steps.strip():
        problems.append(
            Violation(SL_4, "lay out the next steps for the follow-up", {"field": "next_steps"})
        )
    for n, task in enumerate(follow_ups):
        if not task.task.strip():
            problems.append(
                Violation(
                    SL_4, f"follow-up {n + 1} says no task", {"field": f"follow_ups[{n}].task"}
                )
            )
        if held_on is not None and task.due < held_on:
            problems.append(
                Violation(
                    SL_4,
                    f"follow-up {n + 1} is due before the meeting: give a later date",
                    {"field": f"follow_ups[{n}].due"},
                )
            )
    if payment not in {p.value for p in DiscoveryPayment}:
        problems.append(
            Violation(SL_4, "discovery is paid, deferred or none", {"field": "discovery_payment"})
        )
    elif payment == DiscoveryPayment.DEFERRED and band != HIGH:
        problems.append(
            Violation(
                SL_4,
                f"only a High lead's discovery may be deferred (this one is {band or 'unscored'}): "
                "agree that the client pays for it",
                {"field": "discovery_payment"},
            )
        )
    return problems


def summary_email(
    *,
    lead: str,
    contact: str,
    held_on: date,
    notes: Mapping[str, str],
    next_steps: str,
    follow_ups: Iterable[FollowUpTask],
    payment: str,
) -> SummaryEmail:
    """SL-4: the e-mail to the client after the meeting: what was gone over (from the
    notes' Problem, Implications and Need payoff) and what happens next."""
    day = f"{held_on:%a} {held_on.day} {held_on:%b %Y}"
    lines = [
        f"Thank you for meeting us on {day}. Here is what we went over.",
        "",
        f"Your challenge: {notes.get('problem', '').strip()}",
        f"What it affects: {notes.get('implications', '').strip()}",
        f"How we can help: {notes.get('need_payoff', '').strip()}",
        "",
        "Next steps:",
        *(f"- {line.strip()}" for line in next_steps.splitlines() if line.strip()),
    ]
    dated = [f"- {t.task.strip()} (by {t.due:%a} {t.due.day} {t.due:%b %Y})" for t in follow_ups]
    if dated:
        lines += ["", "We will follow up:", *dated]
    if payment == DiscoveryPayment.PAID:
        lines += ["", "As agreed, the discovery is billed at our hourly rate."]
    elif payment == DiscoveryPayment.DEFERRED:
        lines += ["", "As agreed, the discovery's cost is deferred until the project starts."]
    first_line = (contact or "").strip().splitlines()[0] if (contact or "").strip() else ""
    return SummaryEmail(
        to=first_line,
        subject=f"{lead}: our meeting of {day} and next steps",
        body="\n".join(lines),
    )


def epic_timing_problems(stage: int, discovery: str) -> list[Violation]:
    """SL-5: may the lead's work epic be named now? With a complex discovery from the
    blueprint on; otherwise at contract signature (from Close on)."""
    complex_ = discovery == Discovery.COMPLEX
    earliest = BLUEPRINT_STAGE if complex_ else CLOSE_STAGE
    if stage >= earliest:
        return []
    why = (
        "with a complex discovery it is made during the blueprint"
        if complex_
        else "without a complex discovery it is made at contract signature"
    )
    return [
        Violation(
            SL_5,
            f"too early for the work epic: {why} ({STAGES[earliest - 1]} on); "
            "mark the discovery complex if it takes several tasks or meetings",
            {"field": "epic", "earliest_stage": earliest},
        )
    ]


def probability(
    stage: int, override: int | None, policy: LifecyclePolicy = DEFAULT_LIFECYCLE_POLICY
) -> tuple[int, bool]:
    """The chance (percent) of winning a lead in `stage`: its own when set, else the
    stage's; and whether it was the lead's own."""
    if override is not None:
        return override, True
    return policy.stage_probability[stage - 1], False


def weighted_total(rows: Iterable[ForecastRow]) -> tuple[Decimal, Decimal]:
    """The forecast's (total value, weighted value), each the sum of the rounded rows."""
    rows = list(rows)
    return (
        sum((r.amount for r in rows), Decimal("0.00")),
        sum((r.weighted for r in rows), Decimal("0.00")),
    )


def days_in_stages(
    moves: Sequence[tuple[int, int, datetime]], created: datetime, now: datetime, stage: int
) -> dict[int, float]:
    """Days a lead spent in each stage, from its moves (from, to, at) in order: the time
    from entering a stage to leaving it; the current stage counts until `now`."""
    spent: dict[int, float] = {}
    since = created
    current = moves[0][0] if moves else stage
    for from_stage, to_stage, at in moves:
        if to_stage != from_stage:
            spent[from_stage] = spent.get(from_stage, 0) + (at - since).total_seconds() / 86400
            since, current = at, to_stage
    spent[current] = spent.get(current, 0) + (now - since).total_seconds() / 86400
    return spent
