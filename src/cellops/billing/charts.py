"""Geometry of the SP-7 budget burn charts on the sprint planning page, and the words for statuses.

Moved from `sprints.charts` with the budgets (decision 0023). The status is
carried three ways so colour is never the only cue: the chip's words, the
line's pattern and the colour; the `<title>` and `<desc>` written here give
a screen reader the same numbers as the figures table. Pure Python: no
Django, easy to test.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from cellops.billing.data import BudgetItem, BudgetStatus
from cellops.web.charts import Tick, hours_text

#: SP-7 budget status in words and chips.
BUDGET_LABELS = {BudgetStatus.OK: "OK", BudgetStatus.AT_RISK: "At risk", BudgetStatus.OVER: "Over"}
BUDGET_CHIPS = {BudgetStatus.OK: "ok", BudgetStatus.AT_RISK: "warn", BudgetStatus.OVER: "bad"}


# --- SP-7 burn charts --------------------------------------------------------
#
# One small chart per budget for the month of the sprint: x is the days of
# the month, the budget a horizontal line, the hours logged so far a solid
# line that climbs day by day up to today, and the planned hours a dashed
# line from today's figure to the end of the month. The dashed line ends at
# logged + planned, the very figure SP-7 compares with the budget, so its end
# against the budget line shows the status the chip beside it names. An
# account's budget is monthly, so its line starts at 0; an epic's is for its
# whole life, so its line starts at what was logged before the month.

BURN_WIDTH = 480
BURN_HEIGHT = 236
BURN_LEFT = 60
BURN_RIGHT = BURN_WIDTH - 16
BURN_TOP = 28
BURN_BOTTOM = BURN_HEIGHT - 48
#: Days of the month labelled on the x axis (weekly, from the 1st).
BURN_DAY_TICKS = (1, 8, 15, 22, 29)
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class YTick:
    y: float
    label: str


@dataclass(frozen=True)
class BurnDay:
    """One row of the figures table: a day, the hours logged on it and the running total."""

    day: date
    logged: Decimal
    cumulative: Decimal


@dataclass(frozen=True)
class BurnChart:
    """Geometry and words of one budget's burn chart (coordinates in the SVG's viewBox)."""

    kind: str
    name: str
    status: str
    status_label: str
    chip: str
    month: date
    title: str
    desc: str
    budget_hours: Decimal
    baseline_hours: Decimal
    logged_to_date: Decimal
    logged_by: date | None
    planned_hours: Decimal
    projected_hours: Decimal
    percent: int | None
    rows: tuple[BurnDay, ...]
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    budget_y: float
    budget_label: str
    budget_label_y: float
    logged_points: str
    logged_end: Point
    projection: tuple[Point, Point] | None
    today_x: float | None
    y_ticks: tuple[YTick, ...]
    x_ticks: tuple[Tick, ...]
    x_label: str
    x_label_x: float
    x_label_y: float


def _nice_step(peak: Decimal) -> Decimal:
    """The smallest 1-2-5 step that labels `peak` with at most five ticks above 0."""
    magnitude = Decimal(1)
    while True:
        for factor in (1, 2, 5):
            step = magnitude * factor
            if peak / step <= 5:
                return step
        magnitude *= 10


def _percent(part: Decimal, whole: Decimal) -> int | None:
    if whole <= 0:
        return None
    return int((part * 100 / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def burn_summary(chart: BurnChart) -> str:
    """ "78 h of 100 h (78 %), ok" — the end of the dashed line in words."""
    share = f" ({chart.percent} %)" if chart.percent is not None else ""
    return (
        f"{hours_text(chart.projected_hours)} h of {hours_text(chart.budget_hours)} h"
        f"{share}, {chart.status_label.lower()}"
    )


def _burn_desc(
    item: BudgetItem,
    month_name: str,
    baseline: Decimal,
    to_date: Decimal,
    logged_by: date | None,
    ahead: Decimal,
    projected: Decimal,
    percent: int | None,
    status_label: str,
) -> str:
    if item.kind == "account":
        opening = f"Account {item.name}: budget {hours_text(item.budget_hours)} h for {month_name}."
    else:
        opening = f"Epic {item.name}: total budget {hours_text(item.budget_hours)} h."
    if logged_by is None:
        logged = f"{month_name} has not begun."
        if item.kind == "epic":
            logged = f"Logged before {month_name}: {hours_text(baseline)} h; {logged}"
    else:
        day = f"{logged_by.day} {_MONTH_NAMES[logged_by.month - 1]}"
        logged = f"Logged by {day}: {hours_text(to_date)} h"
        if item.kind == "epic":
            logged += f", {hours_text(to_date - baseline)} h of it in {month_name}"
        logged += "."
    if ahead:
        logged += f" Logged ahead for later days: {hours_text(ahead)} h."
    share = f", {percent} % of the budget" if percent is not None else ""
    return (
        f"{opening} {logged} Planned: {hours_text(item.planned_hours)} h more. "
        f"Logged and planned together: {hours_text(projected)} h{share}: {status_label}."
    )


def burn_chart(
    item: BudgetItem,
    daily: Sequence[tuple[date, Decimal]],
    today: date,
    month: date,
    baseline: Decimal = Decimal(0),
) -> BurnChart:
    """SP-7: place one budget's burn chart for the month of `month`.

    `daily` is the hours logged per day (days outside the month are ignored);
    `baseline` what counts before the month (an epic's earlier months; 0 for
    an account). The solid line runs from the start of the month to the end
    of `today` (the whole month once it is over, nothing before it begins);
    the dashed projection runs from there to the end of the month and ends at
    the item's logged + planned hours, the figure its status is computed from.
    """
    first = month.replace(day=1)
    days = calendar.monthrange(first.year, first.month)[1]
    last = first.replace(day=days)
    month_name = f"{_MONTH_NAMES[first.month - 1]} {first.year}"
    by_day: dict[int, Decimal] = defaultdict(Decimal)
    for day, hours in daily:
        if first <= day <= last:
            by_day[day.day] += hours
    reached = 0 if today < first else days if today > last else today.day

    rows = []
    cumulative = baseline
    cumulative_at: list[Decimal] = [baseline]
    for n in range(1, days + 1):
        cumulative += by_day.get(n, Decimal(0))
        cumulative_at.append(cumulative)
        if n <= reached or n in by_day:
            rows.append(BurnDay(first.replace(day=n), by_day.get(n, Decimal(0)), cumulative))
    to_date = cumulative_at[reached]
    # Never below the line already drawn, should the kept totals lag the worklogs.
    projected = max(item.logged_hours + item.planned_hours, to_date)

    peak = max(item.budget_hours, projected, cumulative, Decimal(1))
    step = _nice_step(peak)
    top_value = step * (peak / step).to_integral_value(rounding=ROUND_CEILING)
    height = BURN_BOTTOM - BURN_TOP
    day_width = Decimal(BURN_RIGHT - BURN_LEFT) / days

    def x(n: int) -> float:
        return float(round(BURN_LEFT + n * day_width, 1))

    def y(hours: Decimal) -> float:
        return float(round(BURN_BOTTOM - hours * height / top_value, 1))

    points = [Point(x(n), y(cumulative_at[n])) for n in range(reached + 1)]
    end = Point(x(days), y(projected))
    projection = None if end == points[-1] else (points[-1], end)
    budget_y = y(item.budget_hours)
    percent = _percent(projected, item.budget_hours)
    logged_by = None if reached == 0 else first.replace(day=reached)
    return BurnChart(
        kind=item.kind,
        name=item.name,
        status=item.status.value,
        status_label=BUDGET_LABELS[item.status],
        chip=BUDGET_CHIPS[item.status],
        month=first,
        title=(
            f"Burn of account {item.name}, {month_name}"
            if item.kind == "account"
            else f"Burn of epic {item.name} in {month_name}"
        ),
        desc=_burn_desc(
            item,
            month_name,
            baseline,
            to_date,
            logged_by,
            cumulative - to_date,
            projected,
            percent,
            BUDGET_LABELS[item.status].lower(),
        ),
        budget_hours=item.budget_hours,
        baseline_hours=baseline,
        logged_to_date=to_date,
        logged_by=logged_by,
        planned_hours=item.planned_hours,
        projected_hours=projected,
        percent=percent,
        rows=tuple(rows),
        width=BURN_WIDTH,
        height=BURN_HEIGHT,
        left=BURN_LEFT,
        right=BURN_RIGHT,
        top=BURN_TOP,
        bottom=BURN_BOTTOM,
        budget_y=budget_y,
        budget_label=f"Budget {hours_text(item.budget_hours)} h",
        # At the left end (where the logged line is lowest), above the budget line,
        # or below it when that runs along the top.
        budget_label_y=round(budget_y - 6 if budget_y - 6 >= BURN_TOP + 12 else budget_y + 16, 1),
        logged_points=" ".join(f"{p.x},{p.y}" for p in points),
        logged_end=points[-1],
        projection=projection,
        today_x=x(today.day) if first <= today <= last else None,
        y_ticks=tuple(
            YTick(y(value), f"{hours_text(value)} h")
            for value in (step * i for i in range(int(top_value / step) + 1))
        ),
        x_ticks=tuple(Tick(x(n), str(n)) for n in BURN_DAY_TICKS if n <= days),
        x_label=f"Day of {month_name}",
        x_label_x=(BURN_LEFT + BURN_RIGHT) / 2,
        x_label_y=BURN_BOTTOM + 38,
    )
