"""Geometry of the trial timeline chart, for the page's server-rendered SVG.

The template only draws what this module has placed: sprint bands, the trial
(and extension) bar, one marker per TR-7 milestone with its label on its own
row (so labels never overlap), and today's line. The state of each milestone
is carried three ways: the marker's shape, its words in the label, and the
colour, so colour is never the only cue. The `<title>` and `<desc>` texts
are written here too, so a screen reader hears the same facts as the table.
Pure Python: no Django, easy to test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from cellops.trial.data import MilestoneState, Timeline, TodayPosition

WIDTH = 960
MARGIN = 24
BAND_TOP = 6
BAND_HEIGHT = 44
BAR_TOP = 62
BAR_HEIGHT = 12
AXIS_Y = BAR_TOP + BAR_HEIGHT // 2
FIRST_ROW = 112
ROW_HEIGHT = 36
BOTTOM = 30
MARKER_SIZE = 8
#: Past this share of the width a label is written leftwards from its marker.
FLIP_AT = 0.6

STATE_LABELS = {
    MilestoneState.DONE: "Done",
    MilestoneState.DUE: "Due",
    MilestoneState.UPCOMING: "Upcoming",
}
#: One shape per state, so the state reads without colour.
STATE_SHAPES = {
    MilestoneState.DONE: "circle",
    MilestoneState.DUE: "diamond",
    MilestoneState.UPCOMING: "triangle",
}


def day_text(day: date) -> str:
    """A date as every page writes it (issue #14 item 11): "Sun 1 Feb 2026"."""
    return f"{day:%a} {day.day} {day:%b %Y}"


#: Narrower bands show only the sprint's number, then nothing but its tooltip.
DATES_MIN_WIDTH = 84
NAME_MIN_WIDTH = 56


@dataclass(frozen=True)
class Band:
    """One sprint's band across the top of the chart; `label` and `dates` fit its width."""

    number: int
    name: str
    label: str
    dates: str
    x: float
    width: float
    label_x: float


@dataclass(frozen=True)
class Bar:
    """The stretch of the trial, or of its extension, on the axis."""

    label: str
    x: float
    width: float


@dataclass(frozen=True)
class Marker:
    """One milestone: its shape on the axis, a leader line and a two-line label."""

    key: str
    title: str
    week: int
    date: date
    date_text: str
    state: str
    state_label: str
    shape: str
    x: float
    points: str
    row_y: float
    label_x: float
    anchor: str


@dataclass(frozen=True)
class TimelineChart:
    width: int
    height: int
    axis_x1: int
    axis_x2: int
    axis_y: int
    bar_y: int
    bar_height: int
    marker_top: int
    bands: tuple[Band, ...]
    bars: tuple[Bar, ...]
    markers: tuple[Marker, ...]
    today_x: float | None
    today_label: str
    today_label_x: float
    today_anchor: str
    title: str
    desc: str


def _shape_points(shape: str, x: float, y: float, size: float) -> str:
    if shape == "diamond":
        corners = [(x, y - size), (x + size, y), (x, y + size), (x - size, y)]
    elif shape == "triangle":
        corners = [(x, y - size), (x + size, y + size * 0.8), (x - size, y + size * 0.8)]
    else:
        return ""
    return " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in corners)


def today_sentence(timeline: Timeline) -> str:
    """Where today falls, in words."""
    today = day_text(timeline.today)
    if timeline.today_position is TodayPosition.BEFORE:
        return f"Today ({today}) is before the trial starts."
    if timeline.today_position is TodayPosition.AFTER:
        return f"Today ({today}) is after the trial ended."
    return f"Today ({today}) is in week {timeline.today_week} of the trial."


def build(timeline: Timeline, whose: str = "") -> TimelineChart:
    """Place everything the SVG draws for `timeline`; `whose` names the newcomer, if known."""
    first = timeline.sprints[0].start
    after_last = timeline.sprints[-1].end + timedelta(days=1)
    days = max(1, (after_last - first).days)
    scale = (WIDTH - 2 * MARGIN) / days

    def x_of(day: date) -> float:
        return MARGIN + (day - first).days * scale

    def middle_of(day: date) -> float:
        return x_of(day) + scale / 2

    bands = []
    for sprint in timeline.sprints:
        band_width = scale * ((sprint.end - sprint.start).days + 1)
        wide = band_width >= DATES_MIN_WIDTH
        bands.append(
            Band(
                number=sprint.number,
                name=f"{sprint.name}, {day_text(sprint.start)} to {day_text(sprint.end)}",
                label=sprint.name if band_width >= NAME_MIN_WIDTH else str(sprint.number),
                dates=f"{sprint.start.day} {sprint.start:%b}–{sprint.end.day} {sprint.end:%b}"
                if wide
                else "",
                x=round(x_of(sprint.start), 1),
                width=round(band_width, 1),
                label_x=round(x_of(sprint.start) + 6, 1),
            )
        )
    schedule = timeline.schedule
    bars = [
        Bar(
            "Initial trial",
            round(middle_of(schedule.start_date), 1),
            round(middle_of(schedule.end_of_trial) - middle_of(schedule.start_date), 1),
        )
    ]
    if timeline.extension is not None:
        ext = timeline.extension
        bars.append(
            Bar(
                "Extension",
                round(middle_of(ext.date_of_121), 1),
                round(middle_of(ext.end_of_extension) - middle_of(ext.date_of_121), 1),
            )
        )
    markers = []
    for row, milestone in enumerate(timeline.milestones):
        x = middle_of(milestone.date)
        flip = x > WIDTH * FLIP_AT
        shape = STATE_SHAPES[milestone.state]
        markers.append(
            Marker(
                key=milestone.key,
                title=milestone.title,
                week=milestone.week,
                date=milestone.date,
                date_text=day_text(milestone.date),
                state=milestone.state.value,
                state_label=STATE_LABELS[milestone.state],
                shape=shape,
                x=round(x, 1),
                points=_shape_points(shape, x, AXIS_Y, MARKER_SIZE),
                row_y=FIRST_ROW + row * ROW_HEIGHT,
                label_x=round(x - 6 if flip else x + 6, 1),
                anchor="end" if flip else "start",
            )
        )
    height = FIRST_ROW + len(markers) * ROW_HEIGHT + BOTTOM
    today_x = None
    if first <= timeline.today < after_last:
        today_x = round(middle_of(timeline.today), 1)
    today_flip = today_x is not None and today_x > WIDTH * FLIP_AT
    sprint_numbers = f"sprints {timeline.sprints[0].number} to {timeline.sprints[-1].number}"
    if len(timeline.sprints) == 1:
        sprint_numbers = f"sprint {timeline.sprints[0].number}"
    title = f"Trial timeline of {whose}" if whose else "Trial timeline"
    steps = "; ".join(
        f"{m.title}, week {m.week}, {day_text(m.date)}: {STATE_LABELS[m.state].lower()}"
        for m in timeline.milestones
    )
    desc = (
        f"The trial runs from {day_text(schedule.start_date)} to {day_text(timeline.ends_on)}, "
        f"across {sprint_numbers}. Milestones: {steps}. {today_sentence(timeline)}"
    )
    return TimelineChart(
        width=WIDTH,
        height=height,
        axis_x1=MARGIN,
        axis_x2=WIDTH - MARGIN,
        axis_y=AXIS_Y,
        bar_y=BAR_TOP,
        bar_height=BAR_HEIGHT,
        marker_top=AXIS_Y + MARKER_SIZE + 2,
        bands=tuple(bands),
        bars=tuple(bars),
        markers=tuple(markers),
        today_x=today_x,
        today_label=f"Today, {day_text(timeline.today)}",
        today_label_x=round((today_x or 0) + (-6 if today_flip else 6), 1),
        today_anchor="end" if today_flip else "start",
        title=title,
        desc=desc,
    )
