"""SP-7 budget status: pure rules, no database (moved from sprints' rule tests, decision 0023)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cellops.billing.data import DEFAULT_BUDGET_POLICY, BudgetPolicy, BudgetStatus
from cellops.billing.rules import budget_status

H = Decimal

hours = st.decimals(min_value=0, max_value=500, places=2, allow_nan=False, allow_infinity=False)


def test_SP_7_policy_defaults_are_the_handbook_bands() -> None:
    """Ok up to 90 % of the budget, at risk up to 100 % (moved from the sprint policy test)."""
    assert DEFAULT_BUDGET_POLICY.ok_ratio == Fraction(9, 10)
    assert DEFAULT_BUDGET_POLICY.at_risk_ratio == Fraction(1)


def test_SP_7_policy_refuses_an_ok_band_above_the_at_risk_band() -> None:
    """A policy with impossible bands cannot be built (moved from the sprint policy test)."""
    with pytest.raises(ValueError):
        BudgetPolicy(ok_ratio=Fraction(11, 10))


# SP-7 -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("logged", "planned", "status"),
    [
        (H(50), H(40), BudgetStatus.OK),  # exactly 90 %
        (H(50), H("40.01"), BudgetStatus.AT_RISK),
        (H(60), H(40), BudgetStatus.AT_RISK),  # exactly 100 %
        (H("100.01"), H(0), BudgetStatus.OVER),
        (H(0), H(0), BudgetStatus.OK),
    ],
)
def test_SP_7_budget_status_bands(logged: Decimal, planned: Decimal, status: BudgetStatus) -> None:
    """Of a 100 h budget: ≤ 90 h ok, ≤ 100 h at risk, more over."""
    assert budget_status(H(100), logged, planned) == status


def test_SP_7_a_zero_budget_is_over_with_any_hours() -> None:
    """No budget and no hours is ok; any hour at all is over."""
    assert budget_status(H(0), H(0), H(0)) == "ok"
    assert budget_status(H(0), H(0), H("0.25")) == "over"


def test_SP_7_negative_figures_are_rejected() -> None:
    """A negative budget or number of hours is a programming error."""
    with pytest.raises(ValueError):
        budget_status(H(-1), H(0), H(0))


@given(budget=hours, first=hours, second=hours, planned=hours)
def test_SP_7_status_never_improves_as_hours_grow(
    budget: Decimal, first: Decimal, second: Decimal, planned: Decimal
) -> None:
    """More logged + planned hours never gives a better status."""
    rank = {BudgetStatus.OK: 0, BudgetStatus.AT_RISK: 1, BudgetStatus.OVER: 2}
    low, high = sorted((first, second))
    assert rank[budget_status(budget, low, planned)] <= rank[budget_status(budget, high, planned)]
