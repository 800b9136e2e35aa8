"""Geometry and words of the SP-7 burn charts: pure Python, no database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cellops.billing import charts
from cellops.billing.data import BudgetItem, BudgetStatus

MARCH = date(2026, 3, 1)
# Plot height 160 px (28 → 188); 31 days over 404 px.
DAY = 404 / 31


def _x(days: int) -> float:
    return round(charts.BURN_LEFT + days * DAY, 1)


def _account(logged: str, planned: str, status=BudgetStatus.OK, budget: str = "100"):
    return BudgetItem(
        "account", "Hedera LMS", Decimal(budget), Decimal(logged), Decimal(planned), status
    )


LOGS = [(date(2026, 3, 2), Decimal(8)), (date(2026, 3, 3), Decimal(4))]


def test_SP_7_burn_logged_line_climbs_day_by_day_up_to_the_end_of_today():
    """From 0 at the start of the month, one point at the end of each day up to today."""
    chart = charts.burn_chart(_account("12", "30"), LOGS, date(2026, 3, 5), MARCH)
    # Budget 100 → ticks every 20 h up to 100 h; 1 h is 1.6 px.
    points = [tuple(map(float, p.split(","))) for p in chart.logged_points.split()]
    assert points == [
        (_x(0), 188.0),
        (_x(1), 188.0),
        (_x(2), 175.2),
        (_x(3), 168.8),
        (_x(4), 168.8),
        (_x(5), 168.8),
    ]
    assert chart.logged_end == charts.Point(_x(5), 168.8)
    assert chart.today_x == _x(5)
    assert chart.budget_y == 28.0
    assert chart.budget_label_y == 44.0  # the line runs along the top: its label goes below
    assert [t.label for t in chart.y_ticks] == ["0 h", "20 h", "40 h", "60 h", "80 h", "100 h"]
    assert [t.label for t in chart.x_ticks] == ["1", "8", "15", "22", "29"]


def test_SP_7_burn_projection_runs_dashed_from_today_to_the_month_end_at_logged_plus_planned():
    """The dashed line starts where the logged line stops and ends at logged + planned."""
    chart = charts.burn_chart(_account("12", "30"), LOGS, date(2026, 3, 5), MARCH)
    assert chart.projection == (charts.Point(_x(5), 168.8), charts.Point(_x(31), 120.8))
    assert (chart.logged_to_date, chart.projected_hours, chart.percent) == (12, 42, 42)


def test_SP_7_burn_figures_table_has_every_day_so_far_with_its_running_total():
    """One row a day up to today (days without time too), then each later day with time."""
    logs = [*LOGS, (date(2026, 3, 20), Decimal(2)), (date(2026, 4, 1), Decimal(9))]
    chart = charts.burn_chart(_account("14", "0"), logs, date(2026, 3, 4), MARCH)
    assert [(r.day.day, r.logged, r.cumulative) for r in chart.rows] == [
        (1, 0, 0),
        (2, 8, 8),
        (3, 4, 12),
        (4, 0, 12),
        (20, 2, 14),
    ]
    assert chart.logged_to_date == 12 and chart.projected_hours == 14


def test_SP_7_burn_desc_states_the_figures_in_words():
    """Title and desc say budget, logged by today, planned, the total, its share and the status."""
    chart = charts.burn_chart(_account("12", "30"), LOGS, date(2026, 3, 5), MARCH)
    assert chart.title == "Burn of account Hedera LMS, March 2026"
    assert chart.desc == (
        "Account Hedera LMS: budget 100 h for March 2026. Logged by 5 March: 12 h. "
        "Planned: 30 h more. Logged and planned together: 42 h, 42 % of the budget: ok."
    )


def test_SP_7_burn_over_budget_is_red_with_its_words_and_ends_above_the_budget_line():
    """An item over its budget: the `bad` chip's colour, the word Over, a scale that fits it."""
    item = _account("80", "50", BudgetStatus.OVER)
    chart = charts.burn_chart(item, [(date(2026, 3, 2), Decimal(80))], date(2026, 3, 10), MARCH)
    assert (chart.chip, chart.status_label, chart.status) == ("bad", "Over", "over")
    # 130 h does not fit five ticks of 20 h: ticks of 50 h up to 150 h.
    assert [t.label for t in chart.y_ticks] == ["0 h", "50 h", "100 h", "150 h"]
    end = chart.projection[1]
    assert end.y < chart.budget_y and end.y == round(188 - 130 * 160 / 150, 1)
    assert chart.budget_label_y == round(chart.budget_y - 6, 1)  # room above the line
    assert chart.desc.endswith("130 h, 130 % of the budget: over.")


def test_SP_7_burn_at_risk_uses_the_warning_chip():
    """At risk is shown as the `warn` chip with the words At risk."""
    chart = charts.burn_chart(
        _account("50", "45", BudgetStatus.AT_RISK), [], date(2026, 3, 10), MARCH
    )
    assert (chart.chip, chart.status_label) == ("warn", "At risk")


def test_SP_7_burn_of_a_past_month_draws_every_day_and_no_today_marker():
    """After the month: the line reaches its last day; with nothing planned, no projection."""
    chart = charts.burn_chart(_account("12", "0"), LOGS, date(2026, 4, 15), MARCH)
    assert chart.logged_end.x == _x(31) and chart.today_x is None
    assert chart.projection is None and len(chart.rows) == 31
    assert "Logged by 31 March: 12 h." in chart.desc


def test_SP_7_burn_of_a_month_not_begun_projects_from_its_first_day():
    """Before the month: no line yet, the planned hours from the start to the end."""
    chart = charts.burn_chart(_account("0", "40"), [], date(2026, 2, 20), MARCH)
    assert chart.logged_points == f"{_x(0)},188.0" and chart.rows == ()
    assert chart.projection == (charts.Point(_x(0), 188.0), charts.Point(_x(31), 124.0))
    assert "March 2026 has not begun." in chart.desc and chart.logged_by is None


def test_SP_7_burn_of_an_epic_starts_at_what_was_logged_before_the_month():
    """An epic's budget is for its life: the line starts at the earlier months' hours."""
    epic = BudgetItem("epic", "EP-1", Decimal(500), Decimal(212), Decimal(20), BudgetStatus.OK)
    chart = charts.burn_chart(epic, LOGS, date(2026, 3, 5), MARCH, baseline=Decimal(200))
    assert chart.logged_points.split()[0] == f"{_x(0)},{round(188 - 200 * 160 / 500, 1)}"
    assert chart.rows[-1].cumulative == 212 and chart.logged_to_date == 212
    assert chart.title == "Burn of epic EP-1 in March 2026"
    assert "total budget 500 h" in chart.desc
    assert "Logged by 5 March: 212 h, 12 h of it in March 2026." in chart.desc
    assert "232 h, 46 % of the budget: ok." in chart.desc


def test_SP_7_burn_mentions_hours_logged_ahead_for_later_days():
    """Time logged for days after today is in the words, not hidden."""
    logs = [*LOGS, (date(2026, 3, 28), Decimal(3))]
    chart = charts.burn_chart(_account("15", "0"), logs, date(2026, 3, 5), MARCH)
    assert "Logged ahead for later days: 3 h." in chart.desc
    assert chart.projection[1] == charts.Point(_x(31), 164.0)


def test_SP_7_burn_of_a_zero_budget_gives_no_share():
    """A budget of 0 h has no percentage; the words still give the hours."""
    chart = charts.burn_chart(_account("0", "0", budget="0"), [], date(2026, 3, 5), MARCH)
    assert chart.percent is None
    assert chart.desc.endswith("Logged and planned together: 0 h: ok.")
    assert [t.label for t in chart.y_ticks] == ["0 h", "1 h"]
