"""Rule tests for TO-5: display names, the shared calendar's events, titles read back.

Plain pytest with no database; moved from `test_rules.py` to keep it under 800 lines.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cellops.time_off.data import (
    CalendarEvent,
    Kind,
)
from cellops.time_off.rules import (
    calendar_events,
    display_name,
    parse_title,
)
from cellops.time_off.tests.rule_cases import (
    FRI_13,
    MON_9,
    MON_16,
    TUE_10,
    WED_11,
    request,
)

# TO-5 -------------------------------------------------------------------


def test_TO_5_the_name_is_the_first_name_when_unique() -> None:
    """Ann is "Ann" when no other active member is called Ann."""
    assert display_name("Ann", "Smith", ["Bob", "Annabel"]) == "Ann"


def test_TO_5_a_shared_first_name_gives_the_full_name() -> None:
    """Another active "ann" (any case) makes Ann "Ann Smith"."""
    assert display_name("Ann", "Smith", ["Bob", " ann "]) == "Ann Smith"


def test_TO_5_off_time_off_is_one_event_over_the_whole_range() -> None:
    """Off time off from Thu 5 to Tue 10 Mar is one "Ann: off" event, weekend included."""
    events = calendar_events(request(date(2026, 3, 5), TUE_10), "Ann")
    assert events == [CalendarEvent(title="Ann: off", start=date(2026, 3, 5), end=TUE_10)]


def test_TO_5_sick_time_off_shows_as_off() -> None:
    """Sick time off appears as "<Name>: off" on the shared calendar."""
    events = calendar_events(request(TUE_10, WED_11, Kind.SICK), "Ann Smith")
    assert events == [CalendarEvent(title="Ann Smith: off", start=TUE_10, end=WED_11)]


def test_TO_5_reduced_time_off_events_skip_weekends() -> None:
    """Reduced time off Thu 5 to Tue 17 Mar is three events, none covering a weekend."""
    req = request(date(2026, 3, 5), date(2026, 3, 17), Kind.REDUCED, hours_per_day=Decimal(4))
    assert calendar_events(req, "Ann") == [
        CalendarEvent(title="Ann: available 4h", start=date(2026, 3, 5), end=date(2026, 3, 6)),
        CalendarEvent(title="Ann: available 4h", start=MON_9, end=FRI_13),
        CalendarEvent(title="Ann: available 4h", start=MON_16, end=date(2026, 3, 17)),
    ]


def test_TO_5_reduced_time_off_events_skip_the_members_other_days_off() -> None:
    """A Mon/Wed/Fri member's reduced week is three one-day events."""
    req = request(
        MON_9, FRI_13, Kind.REDUCED, working_days=(0, 2, 4), hours_per_day=Decimal("4.50")
    )
    assert calendar_events(req, "Ann") == [
        CalendarEvent(title="Ann: available 4.5h", start=day, end=day)
        for day in (MON_9, WED_11, FRI_13)
    ]


@pytest.mark.parametrize(
    ("hours", "title"), [("4", "4h"), ("4.0", "4h"), ("4.5", "4.5h"), ("10", "10h")]
)
def test_TO_5_hours_are_shown_without_a_trailing_zero(hours: str, title: str) -> None:
    """4 and 4.0 show as "4h", 4.5 as "4.5h", 10 as "10h"."""
    req = request(TUE_10, TUE_10, Kind.REDUCED, hours_per_day=Decimal(hours))
    assert calendar_events(req, "Ann")[0].title == f"Ann: available {title}"


def test_TO_5_scoped_time_off_states_its_scope_on_working_days() -> None:
    """Scoped time off Fri 13 to Mon 16 Mar is two events titled with the scope."""
    req = request(FRI_13, MON_16, Kind.SCOPED, scope=" client emergencies only ")
    assert calendar_events(req, "Ann") == [
        CalendarEvent(title="Ann: client emergencies only", start=FRI_13, end=FRI_13),
        CalendarEvent(title="Ann: client emergencies only", start=MON_16, end=MON_16),
    ]


@pytest.mark.parametrize(
    ("title", "parsed"),
    [
        ("John: off", ("John", Kind.OFF, None)),
        ("  John Smith  :  OFF ", ("John Smith", Kind.OFF, None)),
        ("John: available 4h", ("John", Kind.REDUCED, Decimal("4"))),
        ("John: available 4.5 h", ("John", Kind.REDUCED, Decimal("4.5"))),
        ("john:Available  6H", ("john", Kind.REDUCED, Decimal("6"))),
    ],
)
def test_TO_5_event_titles_are_read_back(
    title: str, parsed: tuple[str, Kind, Decimal | None]
) -> None:
    """Off and available-hours titles parse to name, kind and hours."""
    assert parse_title(title) == parsed


@pytest.mark.parametrize(
    "title",
    [
        "John off",
        ": off",
        "John: offline",
        "John: available h",
        "John: available 0h",
        "John: available 4 hours soon",
        "John: sick",
        "Team lunch",
    ],
)
def test_TO_5_other_titles_are_not_time_off(title: str) -> None:
    """Titles in any other shape are not read as time off."""
    assert parse_title(title) is None


def test_TO_5_generated_titles_round_trip() -> None:
    """Every off or reduced event title generated here parses back to its request."""
    reduced = request(TUE_10, TUE_10, Kind.REDUCED, hours_per_day=Decimal("4.5"))
    assert parse_title(calendar_events(reduced, "Ann Smith")[0].title) == (
        "Ann Smith",
        Kind.REDUCED,
        Decimal("4.5"),
    )
    assert parse_title(calendar_events(request(TUE_10, TUE_10), "Ann")[0].title) == (
        "Ann",
        Kind.OFF,
        None,
    )
