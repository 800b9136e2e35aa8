"""The sprint calendar (ORG-1, SP-1): periodic sprints from a first sprint.

All cells' sprints start on the same Mondays. Dev cells run two-week
sprints; business cells one-week sprints that start on the same Mondays
(`SprintCalendar.business`, numbered 2k - 1 and 2k in dev sprint k).
Day 0 is a sprint's first Monday; a dev sprint runs day 0 to day 13, a
business sprint day 0 to day 6.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from cellops.kernel.bounds import LATEST, OutOfRange

DEV_SPRINT_DAYS = 14
#: SP-1: business cells run one-week sprints on a calendar of their own.
BUSINESS_SPRINT_DAYS = 7


@dataclass(frozen=True)
class Sprint:
    """One sprint (dev or business): its number and its inclusive dates."""

    number: int
    start: date
    end: date

    @property
    def name(self) -> str:
        return f"Sprint {self.number}"

    def day_of(self, day: date) -> int:
        """The day number of `day` in this sprint (0 is the first Monday)."""
        return (day - self.start).days

    def on_day(self, day_number: int) -> date:
        """The date of a sprint day number (day 13 is the last Sunday)."""
        return self.start + timedelta(days=day_number)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class CalendarPolicy:
    """The sprint calendar's landmark days (SP-1), defaulting to the handbook's.

    The one place these numbers live (decision 0029): the organisation's
    calendar page and the sprint rules both read this type (`org.rules.sprint_row`,
    `sprints.data.SprintPolicy.calendar`). Day numbers count from a sprint's
    first Monday (day 0).

    - `mid_sprint_day`: SP-1 / SP-11 / SP-16, the mid-sprint meeting (Monday, day 7).
    - `insertion_cutoff_day`: SP-1 / SP-8, the day of the sprint *before* whose
      EOD is the task-insertion cut-off (Thursday, day 10).
    - `estimation_close_day`: SP-1 / SP-3, the day of the sprint before whose
      EOD closes estimation (Friday, day 11).
    - `sprint_length_days`: the dev sprint length that places those days
      relative to a sprint's start (14).
    """

    mid_sprint_day: int = 7
    insertion_cutoff_day: int = 10
    estimation_close_day: int = 11
    sprint_length_days: int = DEV_SPRINT_DAYS

    def __post_init__(self) -> None:
        if self.sprint_length_days < 1:
            raise ValueError("sprint_length_days must be at least 1")
        if not 0 <= self.insertion_cutoff_day < self.sprint_length_days:
            raise ValueError("insertion_cutoff_day must be a day of the sprint before")
        if not 0 <= self.estimation_close_day < self.sprint_length_days:
            raise ValueError("estimation_close_day must be a day of the sprint before")
        if not 0 <= self.mid_sprint_day < self.sprint_length_days:
            raise ValueError("mid_sprint_day must be a day of the sprint")

    @property
    def last_day(self) -> int:
        """The number of a sprint's last day (13 for a dev sprint, 6 for a business one)."""
        return self.sprint_length_days - 1

    def before_sprint(self, day_of_sprint_before: int) -> int:
        """A day of the sprint before, counted from this sprint's day 0 (day 10 is -4)."""
        return day_of_sprint_before - self.sprint_length_days


#: The handbook's calendar numbers.
DEFAULT_CALENDAR_POLICY = CalendarPolicy()

#: SP-1 for a business cell's one-week sprint (decision 0062): the insertion cut-off is
#: Thursday EOD (day 3) and estimation closes Friday EOD (day 4) of the week before, i.e.
#: day 0 - 4 and day 0 - 3 as for dev sprints; the mid-sprint meeting (and the SP-11 risk
#: check) is the Wednesday, day 2, the middle of its five working days.
BUSINESS_CALENDAR_POLICY = CalendarPolicy(
    mid_sprint_day=2,
    insertion_cutoff_day=3,
    estimation_close_day=4,
    sprint_length_days=BUSINESS_SPRINT_DAYS,
)


class OutsideCalendar(OutOfRange):
    """A sprint number or a date that no sprint of the calendar holds."""


class BeforeFirstSprint(OutsideCalendar):
    """The date lies before the configured first sprint: it belongs to no sprint."""


class AfterLastSprint(OutsideCalendar):
    """The sprint lies after the calendar's last one (`SprintCalendar.last_number`, the
    sprint that holds `bounds.LATEST`), or so far that its dates cannot be written."""


@dataclass(frozen=True)
class SprintCalendar:
    """The periodic dev calendar, anchored on the configured first sprint."""

    first_number: int
    first_start: date
    length_days: int = DEV_SPRINT_DAYS

    def __post_init__(self) -> None:
        if self.first_start.weekday() != 0:
            raise ValueError(f"the first sprint must start on a Monday, not {self.first_start}")

    @property
    def last_number(self) -> int:
        """The last sprint a person can name: the one that holds `bounds.LATEST`."""
        return self.first_number + (LATEST - self.first_start).days // self.length_days

    def sprint(self, number: int) -> Sprint:
        """Sprint `number`'s dates. Rules may look a few sprints past `last_number` (a trial
        that starts on the last day kept); a number whose dates overflow is `AfterLastSprint`."""
        if number < self.first_number:
            raise BeforeFirstSprint(
                f"sprint {number} is before the first sprint ({self.first_number})"
            )
        try:
            start = self.first_start + timedelta(
                days=(number - self.first_number) * self.length_days
            )
            end = start + timedelta(days=self.length_days - 1)
        except OverflowError:
            raise self._after_last(number) from None
        return Sprint(number=number, start=start, end=end)

    def named_sprint(self, number: int) -> Sprint:
        """Sprint `number` as a person names it (a URL, a field): only from the first sprint to
        `last_number`, so every door shares the dates' bounds; `OutsideCalendar` otherwise."""
        if number > self.last_number:
            raise self._after_last(number)
        return self.sprint(number)

    def _after_last(self, number: int) -> AfterLastSprint:
        return AfterLastSprint(
            f"sprint {number} is after the last sprint ({self.last_number}, "
            f"the one that holds {LATEST})"
        )

    def for_date(self, day: date) -> Sprint:
        """The sprint that contains `day` (`AfterLastSprint` when its end cannot be written)."""
        offset = (day - self.first_start).days
        if offset < 0:
            raise BeforeFirstSprint(
                f"{day} is before the first sprint, which starts on {self.first_start}"
            )
        return self.sprint(self.first_number + offset // self.length_days)

    def business(self) -> SprintCalendar:
        """SP-1: the business cells' one-week calendar next to this dev one: numbered from
        the same first Monday, business sprints 2k - 1 and 2k are the two weeks of dev
        sprint k."""
        if self.length_days != DEV_SPRINT_DAYS:
            raise ValueError("the business calendar is made from the dev calendar")
        return SprintCalendar(
            first_number=2 * self.first_number - 1,
            first_start=self.first_start,
            length_days=BUSINESS_SPRINT_DAYS,
        )

    def first_starting_on_or_after(self, day: date) -> Sprint:
        """The first sprint whose day 0 is on or after `day` (a 'complete' sprint)."""
        if day <= self.first_start:
            return self.sprint(self.first_number)
        current = self.for_date(day)
        return current if current.start == day else self.sprint(current.number + 1)


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_day(day: date) -> str:
    """A date as people read it in messages, e.g. ``Thu 12 Mar 2026`` (locale-free)."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def end_of_day(day: date) -> datetime:
    """EOD (RULES.md conventions): 24:00 UTC of `day`, the first instant of the next day.

    Something due "by EOD" is in time strictly before this instant.
    """
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)
