"""The sprint calendar (ORG-1, SP-1): which sprint holds a day, the calendar page's rows."""

from __future__ import annotations

from datetime import date

from django.conf import settings

from cellops.kernel.calendar import BeforeFirstSprint, OutsideCalendar, Sprint, SprintCalendar
from cellops.kernel.violations import InvalidInput
from cellops.org import data, rules

# --- the sprint calendar -------------------------------------------------


def sprint_calendar() -> SprintCalendar:
    """The dev calendar configured by CELLOPS_FIRST_SPRINT (ORG-1, SP-1)."""
    first = settings.CELLOPS_FIRST_SPRINT
    return SprintCalendar(first_number=first["number"], first_start=first["start"])


def sprint_for_date(day: date, field: str = "date") -> tuple[Sprint, int]:
    """The dev sprint containing `day`, and `day`'s number in it."""
    try:
        sprint = sprint_calendar().for_date(day)
    except OutsideCalendar as exc:
        raise InvalidInput(field, str(exc)) from exc
    return sprint, sprint.day_of(day)


def sprint_overview(today: date, count: int = 6) -> list[data.SprintRow]:
    """The current sprint and the next ones (or the first ones, before the calendar starts)."""
    calendar = sprint_calendar()
    try:
        first = calendar.for_date(today).number
    except BeforeFirstSprint:
        first = calendar.first_number
    return [rules.sprint_row(calendar.sprint(first + i), today) for i in range(count)]
