"""Geometry of the planning dashboard's capacity chart, and the words for statuses.

The chart draws one row per member: the available hours as a dashed outline
and the committed hours as a bar inside (or past) it (SP-6). The status is
carried three ways so colour is never the only cue: the bar's fill pattern
(solid ok, light under-committed, hatched overcommitted), the words at the
end of the row, and the colour. The `<title>` and `<desc>` are written here
too, so a screen reader hears the same numbers as the table beside it.
The SP-7 burn charts (`billing.charts`) follow the same pattern.
Pure Python: no Django, easy to test.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from cellops.sprints.data import CapacityStatus, MemberCapacity
from cellops.web.charts import Tick, hours_text

WIDTH = 800
NAME_X = 8
BAR_X = 184
BAR_WIDTH = 380
TEXT_X = BAR_X + BAR_WIDTH + 12
TOP = 12
ROW_HEIGHT = 36
BAR_HEIGHT = 18
COMMITTED_HEIGHT = 10
AXIS_GAP = 22
#: Names longer than this are shortened in the chart (the table has them in full).
NAME_CHARS = 22

#: SP-6 status in words, and the chip that shows it (never colour alone).
CAPACITY_LABELS = {
    CapacityStatus.UNDER_COMMITTED: "Under-committed",
    CapacityStatus.OK: "OK",
    CapacityStatus.OVERCOMMITTED: "Overcommitted",
}
CAPACITY_CHIPS = {
    CapacityStatus.UNDER_COMMITTED: "warn",
    CapacityStatus.OK: "ok",
    CapacityStatus.OVERCOMMITTED: "bad",
}


@dataclass(frozen=True)
class Row:
    """One member's row: the available outline, the committed bar and the words."""

    member: str
    name: str
    label: str
    status: str
    status_label: str
    y: float
    bar_y: float
    committed_y: float
    text_y: float
    available_width: float
    committed_width: float
    summary: str
    short: str


@dataclass(frozen=True)
class CapacityChart:
    width: int
    height: int
    title: str
    desc: str
    rows: tuple[Row, ...]
    ticks: tuple[Tick, ...]
    axis_y: float
    tick_y: float
    axis_end: int
    bar_height: int
    committed_height: int
    bar_x: int
    text_x: int
    name_x: int


def _short(name: str) -> str:
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1].rstrip() + "…"


def _tick_step(top: Decimal) -> int:
    for step in (5, 10, 20, 25, 50, 100, 200, 500):
        if top / step <= 6:
            return step
    return 1000


def summary(capacity: MemberCapacity) -> str:
    """ "40 of 78 h committed, under-committed" — the same words in the chart and its desc."""
    return (
        f"{hours_text(capacity.committed_hours)} of {hours_text(capacity.available_hours)} h "
        f"committed, {CAPACITY_LABELS[capacity.status].lower()}"
    )


def capacity_chart(
    capacities: Sequence[MemberCapacity], names: dict[str, str], sprint: str
) -> CapacityChart:
    """Place every member's row; the scale fits the largest available or committed figure."""
    top = max(
        [Decimal(1)] + [max(c.available_hours, c.committed_hours) for c in capacities],
    )
    scale = Decimal(BAR_WIDTH) / top
    rows = []
    for i, c in enumerate(capacities):
        y = TOP + i * ROW_HEIGHT
        name = names.get(c.member, c.member)
        rows.append(
            Row(
                member=c.member,
                name=name,
                label=_short(name),
                status=c.status.value,
                status_label=CAPACITY_LABELS[c.status],
                y=y,
                bar_y=y + (ROW_HEIGHT - BAR_HEIGHT) / 2,
                committed_y=y + (ROW_HEIGHT - COMMITTED_HEIGHT) / 2,
                text_y=y + ROW_HEIGHT / 2 + 4,
                available_width=float(round(c.available_hours * scale, 1)),
                committed_width=float(round(c.committed_hours * scale, 1)),
                summary=summary(c),
                short=(
                    f"{hours_text(c.committed_hours)} / {hours_text(c.available_hours)} h · "
                    f"{CAPACITY_LABELS[c.status]}"
                ),
            )
        )
    axis_y = TOP + len(capacities) * ROW_HEIGHT + 4
    step = _tick_step(top)
    ticks = tuple(
        Tick(float(round(BAR_X + value * scale, 1)), f"{value} h")
        for value in range(0, int(top) + 1, step)
    )
    desc = (
        "; ".join(f"{r.name}: {r.summary}" for r in rows) + "."
        if rows
        else "No active members in this cell."
    )
    return CapacityChart(
        width=WIDTH,
        height=int(axis_y + AXIS_GAP + 6),
        title=f"Committed against available hours per member, {sprint}",
        desc=desc,
        rows=tuple(rows),
        ticks=ticks,
        axis_y=axis_y,
        tick_y=axis_y + 16,
        axis_end=BAR_X + BAR_WIDTH,
        bar_height=BAR_HEIGHT,
        committed_height=COMMITTED_HEIGHT,
        bar_x=BAR_X,
        text_x=TEXT_X,
        name_x=NAME_X,
    )
