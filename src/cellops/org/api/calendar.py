"""The sprint calendar (ORG-1, SP-1): which sprint holds a day, the calendar page's rows.

Dev cells share the dev calendar; business cells run one-week sprints on a calendar of
their own, numbered from the same first Monday (decision 0062)."""

from __future__ import annotations

from datetime import date

from django.conf import settings

from cellops.kernel.calendar import (
    BeforeFirstSprint,
    CalendarPolicy,
    OutsideCalendar,
    Sprint,
    SprintCalendar,
)
from cellops.kernel.violations import InvalidInput, NotFound
from cellops.org import data, models, rules

# --- the sprint calendar -------------------------------------------------


def _dev_calendar() -> SprintCalendar:
    first = settings.CELLOPS_FIRST_SPRINT
    return SprintCalendar(first_number=first["number"], first_start=first["start"])


def cell_kind(cell: str, field: str = "cell") -> data.CellKind:
    """ORG-1: the kind of cell `cell` (NotFound on `field` when there is none)."""
    kind = models.Cell.objects.filter(name=cell).values_list("kind", flat=True).first()
    if kind is None:
        raise NotFound(field, f"no cell is called {cell!r}")
    return data.CellKind(kind)


def sprint_calendar(
    cell: str | None = None, kind: data.CellKind | None = None, field: str = "cell"
) -> SprintCalendar:
    """The calendar configured by CELLOPS_FIRST_SPRINT (ORG-1, SP-1): the dev calendar, or
    the one-week calendar of business cells when `cell` names one (or `kind` is business)."""
    if cell is not None:
        kind = cell_kind(cell, field)
    return rules.calendar_of_kind(_dev_calendar(), kind or data.CellKind.DEV)


def calendar_policy(
    cell: str | None = None, kind: data.CellKind | None = None, field: str = "cell"
) -> CalendarPolicy:
    """SP-1's landmark days on `cell`'s calendar (or a `kind`'s; the dev one by default)."""
    if cell is not None:
        kind = cell_kind(cell, field)
    return rules.calendar_policy_of_kind(kind or data.CellKind.DEV)


def sprint_for_date(
    day: date,
    field: str = "date",
    cell: str | None = None,
    kind: data.CellKind | None = None,
) -> tuple[Sprint, int]:
    """The sprint containing `day` on `cell`'s calendar (or `kind`'s; the dev one by
    default), and `day`'s number in it."""
    calendar = sprint_calendar(cell, kind)
    try:
        sprint = calendar.for_date(day)
    except OutsideCalendar as exc:
        raise InvalidInput(field, str(exc)) from exc
    return sprint, sprint.day_of(day)


def sprint_overview(
    today: date, count: int = 6, kind: data.CellKind = data.CellKind.DEV
) -> list[data.SprintRow]:
    """The current sprint and the next ones (or the first ones, before the calendar starts)
    on the calendar of cells of `kind`."""
    calendar = sprint_calendar(kind=kind)
    policy = calendar_policy(kind=kind)
    try:
        first = calendar.for_date(today).number
    except BeforeFirstSprint:
        first = calendar.first_number
    return [rules.sprint_row(calendar.sprint(first + i), today, policy) for i in range(count)]
