"""The timeline chart's geometry: pure Python, no database.

The calendar's sprint 1 starts on Monday 2026-01-05; a trial starting on
Wednesday 2026-01-07 spans sprints 1 to 5.
"""

from __future__ import annotations

from datetime import date

from cellops.kernel.calendar import SprintCalendar
from cellops.trial import chart
from cellops.trial.rules import extension, timeline, trial_schedule

CALENDAR = SprintCalendar(first_number=1, first_start=date(2026, 1, 5))
START = date(2026, 1, 7)


def _timeline(today: date, with_extension: bool = False):
    schedule = trial_schedule(START, CALENDAR)
    ext = extension(schedule.end_of_trial, 2) if with_extension else None
    return timeline(schedule, today, CALENDAR, ext)


def test_sprint_bands_tile_the_width_in_calendar_order():
    """Five equal bands from the left margin to the right one, labelled Sprint 1 to 5."""
    drawn = chart.build(_timeline(date(2026, 2, 3)))
    assert [b.label for b in drawn.bands] == [f"Sprint {n}" for n in range(1, 6)]
    assert drawn.bands[0].x == chart.MARGIN
    assert round(drawn.bands[-1].x + drawn.bands[-1].width) == chart.WIDTH - chart.MARGIN
    assert len({b.width for b in drawn.bands}) == 1
    assert drawn.bands[0].dates == "5 Jan–18 Jan"


def test_each_milestone_label_has_its_own_row_so_labels_never_overlap():
    """Rows go down one per milestone and the chart is tall enough for the last one."""
    drawn = chart.build(_timeline(date(2026, 2, 3), with_extension=True))
    rows = [m.row_y for m in drawn.markers]
    assert rows == sorted(set(rows))
    assert len(rows) == 7
    assert drawn.height > rows[-1] + 15


def test_markers_sit_in_date_order_and_late_labels_read_leftwards():
    """x grows with the date; labels past 60 % of the width are anchored at their end."""
    drawn = chart.build(_timeline(date(2026, 2, 3)))
    xs = [m.x for m in drawn.markers]
    assert xs == sorted(xs)
    for m in drawn.markers:
        assert m.anchor == ("end" if m.x > chart.WIDTH * chart.FLIP_AT else "start")


def test_states_are_shapes_and_words_not_only_colours():
    """On 2026-02-03: screening done (circle), points due (diamond), the rest upcoming."""
    drawn = chart.build(_timeline(date(2026, 2, 3)))
    assert [(m.state_label, m.shape) for m in drawn.markers] == [
        ("Done", "circle"),
        ("Due", "diamond"),
        ("Due", "diamond"),
        ("Upcoming", "triangle"),
        ("Upcoming", "triangle"),
    ]
    assert drawn.markers[0].points == ""
    assert len(drawn.markers[1].points.split()) == 4
    assert len(drawn.markers[3].points.split()) == 3


def test_today_is_drawn_inside_the_trial_and_left_out_otherwise():
    """Today's line only exists when today lies within the sprints shown."""
    inside = chart.build(_timeline(date(2026, 2, 3)))
    assert inside.today_x is not None and inside.today_label == "Today, Tue 3 Feb 2026"
    screening = next(m for m in inside.markers if m.key == "screening-review")
    assert inside.today_x > screening.x
    assert chart.build(_timeline(date(2026, 6, 1))).today_x is None


def test_the_description_tells_the_whole_timeline_in_words():
    """<desc> names the span, every milestone with week, date and state, and today."""
    drawn = chart.build(_timeline(date(2026, 2, 3)), whose="Ada Lovelace")
    assert drawn.title == "Trial timeline of Ada Lovelace"
    assert drawn.desc.startswith(
        "The trial runs from Wed 7 Jan 2026 to Wed 4 Mar 2026, across sprints 1 to 5."
    )
    assert "Screening review, week 2, Sun 1 Feb 2026: done" in drawn.desc
    assert "End of trial, week 8, Wed 4 Mar 2026: upcoming" in drawn.desc
    assert drawn.desc.endswith("Today (Tue 3 Feb 2026) is in week 4 of the trial.")


def test_an_extension_adds_a_second_bar_from_the_121_to_its_end():
    """The initial trial and the extension each get a bar on the axis."""
    drawn = chart.build(_timeline(date(2026, 2, 3), with_extension=True))
    assert [b.label for b in drawn.bars] == ["Initial trial", "Extension"]
    trial, ext = drawn.bars
    assert ext.x == round(trial.x + trial.width, 1)


def test_narrow_sprint_bands_drop_their_dates_but_keep_a_full_tooltip_name():
    """Thirteen sprints leave about 70 units a band: the name stays, the dates go."""
    schedule = trial_schedule(START, CALENDAR)
    latest = extension(date(2026, 4, 29), 4)
    drawn = chart.build(timeline(schedule, date(2026, 2, 3), CALENDAR, latest))
    assert len(drawn.bands) == 13
    assert all(b.dates == "" and b.label == f"Sprint {b.number}" for b in drawn.bands)
    assert drawn.bands[0].name == "Sprint 1, Mon 5 Jan 2026 to Sun 18 Jan 2026"
