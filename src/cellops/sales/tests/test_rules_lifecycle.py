"""SL-3…SL-5 as pure rules: each of the seven gates refused (every unmet condition listed,
each with where it is met) and accepted; the blueprint's and the quote's checks; SL-5's
budget from the selected lines."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from cellops.sales import rules
from cellops.sales.data import (
    Blueprint,
    BlueprintTask,
    CloseSteps,
    LeadFacts,
    Proposal,
    QuoteLine,
)

D = Decimal
BLUEPRINT = Blueprint(
    "A catalogue", "Search finds a book", (BlueprintTask("Search", D(8)),), "6 weeks"
)
QUOTE = (QuoteLine(1, "Search", D(8), D(90)), QuoteLine(2, "Reviews", D("4.5"), D(90)))
ALL_CLOSED = CloseSteps(True, True, True, True, True)


def _refused(facts: LeadFacts) -> list[tuple[str, str]]:
    return [(v.extra["condition"], v.extra["where"]) for v in rules.advance_refusals(facts)]


def test_SL_3_gate_1_refuses_a_lead_without_a_contact_and_accepts_one_with_it():
    assert _refused(LeadFacts(stage=1)) == [("someone inquired: the lead has a contact", "facts")]
    assert _refused(LeadFacts(stage=1, contact="Jimmy, curriculum")) == []


def test_SL_3_gate_2_lists_both_the_band_and_responsiveness_when_both_are_missing():
    refused = rules.advance_refusals(LeadFacts(stage=2, latest_band="Low"))
    assert [v.rule for v in refused] == ["SL-3", "SL-3"]
    assert [v.extra["condition"] for v in refused] == [
        "the latest rubric band is High or Medium (SL-1)",
        "the lead is marked responsive",
    ]
    assert refused[0].message.startswith("to move to Assess needs:")
    assert _refused(LeadFacts(stage=2, latest_band="Medium", responsive=True)) == []
    assert _refused(LeadFacts(stage=2, latest_band="High", responsive=True)) == []


def test_SL_3_gate_3_needs_the_three_facts_and_a_stage_3_score_not_lower_than_stage_2():
    bare = LeadFacts(stage=3, score_in_stage={2: 20})
    assert [c for c, _ in _refused(bare)] == [
        "the challenges are recorded",
        "the needs are recorded",
        "the value proposition is recorded",
        "the lead was re-scored in this stage, not lower than in Prospect qualification",
    ]
    told = replace(bare, challenges="old LMS", needs="search", value_proposition="faster")
    assert [w for _, w in _refused(told)] == ["scores"]  # not re-scored in stage 3
    assert [w for _, w in _refused(replace(told, score_in_stage={2: 20, 3: 19}))] == ["scores"]
    assert _refused(replace(told, score_in_stage={2: 20, 3: 20})) == []
    assert _refused(replace(told, score_in_stage={2: 20, 3: 24})) == []


def test_SL_3_gate_4_lists_every_missing_part_of_the_blueprint():
    assert [c for c, _ in _refused(LeadFacts(stage=4))] == [
        "the blueprint describes the solution",
        "the blueprint has acceptance criteria",
        "the blueprint lists tasks, each with an estimate",
        "the blueprint has a timeline",
    ]
    partial = Blueprint("A catalogue", " ", (), "")
    assert len(_refused(LeadFacts(stage=4, blueprint=partial))) == 3
    assert _refused(LeadFacts(stage=4, blueprint=BLUEPRINT)) == []


def test_SL_3_gate_5_needs_a_quote_and_its_delivery():
    assert [c for c, _ in _refused(LeadFacts(stage=5))] == [
        "a final proposal with a quote exists",
        "the proposal was delivered",
    ]
    written = Proposal(1, QUOTE, delivered=False, accepted=False)
    assert [c for c, _ in _refused(LeadFacts(stage=5, proposal=written))] == [
        "the proposal was delivered"
    ]
    assert _refused(LeadFacts(stage=5, proposal=replace(written, delivered=True))) == []


def test_SL_3_gate_6_lists_every_close_step_and_the_deposit_only_when_the_deal_has_one():
    delivered = Proposal(1, QUOTE, delivered=True, accepted=False)
    facts = LeadFacts(stage=6, proposal=delivered, deposit_required=True)
    assert [w for _, w in _refused(facts)] == [
        "proposal",
        "close",
        "close",
        "close",
        "close",
        "close",
    ]
    assert len(_refused(replace(facts, deposit_required=False))) == 5
    accepted = replace(delivered, accepted=True)
    almost = replace(facts, proposal=accepted, close=replace(ALL_CLOSED, deposit_received=False))
    assert [c for c, _ in _refused(almost)] == ["the deposit was received"]
    assert _refused(replace(almost, deposit_required=False)) == []
    assert _refused(replace(almost, close=ALL_CLOSED)) == []


def test_SL_3_gate_7_is_completion_for_a_fixed_price_and_a_month_of_work_for_hourly():
    assert [c for c, _ in _refused(LeadFacts(stage=7, fixed_price=True))] == [
        "the project is complete (its epic is Done)"
    ]
    assert _refused(LeadFacts(stage=7, fixed_price=True, epic_done=True)) == []
    hourly = _refused(LeadFacts(stage=7, days_in_development=27))
    assert len(hourly) == 1 and "27 so far" in hourly[0][0]
    assert _refused(LeadFacts(stage=7, days_in_development=28)) == []


def test_SL_3_there_is_no_stage_after_billing():
    assert [c for c, _ in _refused(LeadFacts(stage=8))] == ["a next stage exists"]
    assert rules.gate(LeadFacts(stage=8)) == []


def test_SL_3_the_gate_lists_met_conditions_too():
    conditions = rules.gate(LeadFacts(stage=2, latest_band="High"))
    assert [(c.met, c.where) for c in conditions] == [(True, "scores"), (False, "facts")]


def test_SL_3_a_blueprint_with_blank_fields_and_a_task_without_hours_names_each():
    problems = rules.check_blueprint(" ", "ok", [("Search", D(0)), ("", D(2))], "")
    assert [v.extra["field"] for v in problems] == [
        "solution",
        "timeline",
        "tasks[0].hours",
        "tasks[1].title",
    ]
    assert [v.extra["field"] for v in rules.check_blueprint("s", "a", [], "t")] == ["tasks"]
    assert rules.check_blueprint("s", "a", [("Search", D(8))], "t") == []


@pytest.mark.parametrize(
    ("hours", "rate", "fields"),
    [
        (D(0), D(90), ["lines[0].hours"]),
        (D(-2), D(90), ["lines[0].hours"]),
        (D(2), "ninety", ["lines[0].rate"]),
        (D(2), D(-1), ["lines[0].rate"]),
        (D("NaN"), D("Infinity"), ["lines[0].hours", "lines[0].rate"]),
        (D(2), D(0), []),
    ],
)
def test_SL_3_a_quote_line_needs_positive_hours_and_a_numeric_rate(hours, rate, fields):
    assert [v.extra["field"] for v in rules.check_quote_lines([("Search", hours, rate)])] == fields


def test_SL_5_the_accepted_budget_is_the_hours_of_the_selected_lines():
    assert rules.accepted_budget(QUOTE, [1, 2]) == D("12.5")
    assert rules.accepted_budget(QUOTE, [2]) == D("4.5")
    with pytest.raises(ValueError, match=r"\[3\]"):
        rules.accepted_budget(QUOTE, [1, 3])
    with pytest.raises(ValueError):
        rules.accepted_budget(QUOTE, [])
