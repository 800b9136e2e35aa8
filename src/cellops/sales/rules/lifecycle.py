"""SL-3…SL-5: the customer lifecycle's gates, the blueprint and the quote. Pure Python.

`gate` lists every condition of the move to the next stage, met or not, each
with the place on the lead's page where it is met; `advance_refusals` turns
the unmet ones into one `SL-3` violation each.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from cellops.kernel.violations import Violation
from cellops.sales.data import (
    DEFAULT_LIFECYCLE_POLICY,
    SL_3,
    STAGES,
    GateCondition,
    LeadFacts,
    LifecyclePolicy,
    QuoteLine,
)

# --- SL-3: the lifecycle gates -------------------------------------------------------

_HIGHER_BANDS = frozenset({"High", "Medium"})


def _gate_1(facts: LeadFacts) -> list[GateCondition]:
    return [GateCondition("someone inquired: the lead has a contact", bool(facts.contact), "facts")]


def _gate_2(facts: LeadFacts) -> list[GateCondition]:
    return [
        GateCondition(
            "the latest rubric band is High or Medium (SL-1)",
            facts.latest_band in _HIGHER_BANDS,
            "scores",
        ),
        GateCondition("the lead is marked responsive", facts.responsive, "facts"),
    ]


def _gate_3(facts: LeadFacts) -> list[GateCondition]:
    before, now = facts.score_in_stage.get(2), facts.score_in_stage.get(3)
    return [
        GateCondition("the challenges are recorded", bool(facts.challenges.strip()), "facts"),
        GateCondition("the needs are recorded", bool(facts.needs.strip()), "facts"),
        GateCondition(
            "the value proposition is recorded", bool(facts.value_proposition.strip()), "facts"
        ),
        GateCondition(
            "the lead was re-scored in this stage, not lower than in Prospect qualification",
            now is not None and (before is None or now >= before),
            "scores",
        ),
    ]


def _gate_4(facts: LeadFacts) -> list[GateCondition]:
    blueprint = facts.blueprint
    return [
        GateCondition(
            "the blueprint describes the solution",
            blueprint is not None and bool(blueprint.solution.strip()),
            "blueprint",
        ),
        GateCondition(
            "the blueprint has acceptance criteria",
            blueprint is not None and bool(blueprint.acceptance_criteria.strip()),
            "blueprint",
        ),
        GateCondition(
            "the blueprint lists tasks, each with an estimate",
            blueprint is not None
            and bool(blueprint.tasks)
            and all(task.hours > 0 for task in blueprint.tasks),
            "blueprint",
        ),
        GateCondition(
            "the blueprint has a timeline",
            blueprint is not None and bool(blueprint.timeline.strip()),
            "blueprint",
        ),
    ] + (
        [
            GateCondition(
                "the work epic is made during the blueprint (a complex discovery, SL-5)",
                facts.has_epic,
                "facts",
            )
        ]
        if facts.discovery == "complex"
        else []
    )


def _gate_5(facts: LeadFacts) -> list[GateCondition]:
    proposal = facts.proposal
    return [
        GateCondition(
            "a final proposal with a quote exists",
            proposal is not None and bool(proposal.lines),
            "proposal",
        ),
        GateCondition(
            "the proposal was delivered", proposal is not None and proposal.delivered, "proposal"
        ),
    ]


def _gate_6(facts: LeadFacts) -> list[GateCondition]:
    close = facts.close
    conditions = [
        GateCondition(
            "the proposal was accepted",
            facts.proposal is not None and facts.proposal.accepted,
            "proposal",
        ),
        GateCondition("the onboarding steps are done", close.onboarding_done, "close"),
        GateCondition("the kickoff was held", close.kickoff_held, "close"),
        GateCondition("communication and budget tracking are set", close.tracking_set, "close"),
        GateCondition("the epics are scheduled", close.epics_scheduled, "close"),
    ]
    if facts.deposit_required:
        conditions.append(
            GateCondition("the deposit was received", close.deposit_received, "close")
        )
    return conditions


def _gate_7(facts: LeadFacts, policy: LifecyclePolicy) -> list[GateCondition]:
    if facts.fixed_price:
        return [
            GateCondition("the project is complete (its epic is Done)", facts.epic_done, "facts")
        ]
    return [
        GateCondition(
            f"a month of work is done ({policy.month_of_work_days} days in Development, "
            f"{facts.days_in_development} so far)",
            facts.days_in_development >= policy.month_of_work_days,
            "moves",
        )
    ]


def gate(
    facts: LeadFacts, policy: LifecyclePolicy = DEFAULT_LIFECYCLE_POLICY
) -> list[GateCondition]:
    """SL-3: every condition of the move from `facts.stage` to the next, met or not
    (empty at the last stage, which has no next)."""
    gates = {1: _gate_1, 2: _gate_2, 3: _gate_3, 4: _gate_4, 5: _gate_5, 6: _gate_6}
    if facts.stage in gates:
        return gates[facts.stage](facts)
    if facts.stage == 7:
        return _gate_7(facts, policy)
    return []


def advance_refusals(
    facts: LeadFacts, policy: LifecyclePolicy = DEFAULT_LIFECYCLE_POLICY
) -> list[Violation]:
    """SL-3: one violation per unmet condition of the next gate (none: the move is allowed).
    At the last stage the move itself is refused."""
    if facts.stage >= len(STAGES):
        return [
            Violation(
                SL_3,
                f"{STAGES[-1]} is the last stage: there is none after it",
                {"condition": "a next stage exists", "where": "board"},
            )
        ]
    return [
        Violation(
            SL_3,
            f"to move to {STAGES[facts.stage]}: {c.condition}",
            {"condition": c.condition, "where": c.where},
        )
        for c in gate(facts, policy)
        if not c.met
    ]


def check_blueprint(
    solution: str, acceptance_criteria: str, tasks: Sequence[tuple[str, object]], timeline: str
) -> list[Violation]:
    """SL-3 stage 4: a blueprint with a blank field, no task, or a task without positive
    hours is refused, each naming its field."""
    problems = []
    for name, text in (
        ("solution", solution),
        ("acceptance_criteria", acceptance_criteria),
        ("timeline", timeline),
    ):
        if not (text or "").strip():
            problems.append(Violation(SL_3, f"the blueprint's {name} is blank", {"field": name}))
    if not tasks:
        problems.append(Violation(SL_3, "the blueprint lists no task", {"field": "tasks"}))
    for n, (title, hours) in enumerate(tasks):
        if not (title or "").strip():
            problems.append(
                Violation(SL_3, f"task {n + 1} has no title", {"field": f"tasks[{n}].title"})
            )
        if not _positive(hours):
            problems.append(
                Violation(
                    SL_3,
                    f"task {n + 1} needs an estimate of more than 0 hours",
                    {"field": f"tasks[{n}].hours"},
                )
            )
    return problems


def _positive(value: object) -> bool:
    return isinstance(value, Decimal) and value.is_finite() and value > 0


def check_quote_lines(lines: Sequence[tuple[str, object, object]]) -> list[Violation]:
    """SL-3 stage 5: each quote line needs a feature, hours above 0 and a rate of at least 0."""
    problems = []
    if not lines:
        problems.append(Violation(SL_3, "the quote has no line", {"field": "lines"}))
    for n, (feature, hours, rate) in enumerate(lines):
        if not (feature or "").strip():
            problems.append(
                Violation(SL_3, f"line {n + 1} names no feature", {"field": f"lines[{n}].feature"})
            )
        if not _positive(hours):
            problems.append(
                Violation(
                    SL_3,
                    f"line {n + 1} needs more than 0 hours",
                    {"field": f"lines[{n}].hours"},
                )
            )
        if not (isinstance(rate, Decimal) and rate.is_finite() and rate >= 0):
            problems.append(
                Violation(
                    SL_3, f"line {n + 1} needs a rate of 0 or more", {"field": f"lines[{n}].rate"}
                )
            )
    return problems


def accepted_budget(lines: Sequence[QuoteLine], selected: Sequence[int]) -> Decimal:
    """SL-5: the accepted epic's budget, the hours of the selected quote lines. Selecting
    no line, or one that is not in the quote, raises ValueError."""
    ids = {line.id for line in lines}
    unknown = sorted(set(selected) - ids)
    if unknown or not selected:
        raise ValueError(f"choose lines of the quote; not in it: {unknown}" if unknown else "")
    return sum((line.hours for line in lines if line.id in set(selected)), Decimal(0))
