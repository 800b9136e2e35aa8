"""Plain values for time off (TO-1 to TO-5): kinds, policy, requests and results.

The rules in `cellops.time_off.rules` take these frozen dataclasses and a
`TimeOffPolicy`, and return them. Every handbook number (the 20 % cap, the 3
and 14 days of notice, the Thursday cut-off four days before a sprint, one
overlap day per week) is a policy field with the handbook's value as its
default, so an agency with other numbers changes configuration, not code.
This module is pure Python: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

#: ORG-2: a member's working days default to Monday–Friday (0 = Monday).
DEFAULT_WORKING_DAYS: tuple[int, ...] = (0, 1, 2, 3, 4)

#: ORG-1: the two kinds of cell; a business cell runs one-week sprints.
DEV_CELL = "dev"
BUSINESS_CELL = "business"
CELL_KINDS: tuple[str, ...] = (DEV_CELL, BUSINESS_CELL)


class Kind(StrEnum):
    """TO-1: the kinds of time off."""

    OFF = "off"
    REDUCED = "reduced"
    SCOPED = "scoped"
    SICK = "sick"


class Status(StrEnum):
    """TO-6: a request is pending until announced, then confirmed (or cancelled)."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class TimeOffPolicy:
    """Time off numbers, defaulting to the handbook's.

    - `cap_ratio`: TO-4, the share of a cell's active members who may be away
      on the same day before a day becomes an overlap day (20 %, rounded up).
    - `short_notice_days`: TO-3, notice for a single working day (3 days).
    - `week_notice_max_length`: TO-3, the longest request (5 working days,
      "one week") booked by the Thursday before its sprint.
    - `cutoff_days_before_sprint`: TO-3, that Thursday is day 0 − 4.
    - `long_notice_days`: TO-3, notice for longer requests (14 days).
    - `overlap_days_per_week`: TO-4, overlap days tolerated per person per
      ISO week (1).
    - `earliest_start_search_days`: how far ahead a refused TO-3 request looks
      for the earliest start that would still be accepted (120 days).
    """

    cap_ratio: Fraction = Fraction(1, 5)
    short_notice_days: int = 3
    long_notice_days: int = 14
    week_notice_max_length: int = 5
    cutoff_days_before_sprint: int = 4
    overlap_days_per_week: int = 1
    earliest_start_search_days: int = 120

    def __post_init__(self) -> None:
        if not 0 < self.cap_ratio <= 1:
            raise ValueError(f"cap_ratio must lie in (0, 1], not {self.cap_ratio}")
        if min(self.short_notice_days, self.long_notice_days, self.cutoff_days_before_sprint) < 0:
            raise ValueError("notice periods cannot be negative")
        if self.week_notice_max_length < 1:
            raise ValueError("week_notice_max_length must be at least 1")
        if self.overlap_days_per_week < 0 or self.earliest_start_search_days < 1:
            raise ValueError(
                "overlap_days_per_week cannot be negative and the search needs at least a day"
            )


DEFAULT_POLICY = TimeOffPolicy()


@dataclass(frozen=True)
class Absence:
    """Another member's existing time off (requested or confirmed, not cancelled).

    `start` and `end` are inclusive; `working_days` are that member's own
    working weekdays (0 = Monday), since TO-4 only counts them as away on
    days they would otherwise work.
    """

    member: str
    start: date
    end: date
    working_days: tuple[int, ...] = DEFAULT_WORKING_DAYS
    kind: Kind = Kind.OFF


@dataclass(frozen=True)
class OwnRequest:
    """One of the member's own requests that is not cancelled (TO-2: a new request may not
    overlap it). `status` is "pending" or "confirmed"; `id` names it in the refusal."""

    id: int
    kind: Kind
    start: date
    end: date
    status: str


@dataclass(frozen=True)
class Request:
    """A member asking for time off (TO-1 to TO-4).

    `start` and `end` are inclusive dates; `working_days` are the member's
    working weekdays (0 = Monday); `cell_kind` is "dev" or "business" (it
    decides the sprint length for TO-3). `hours_per_day` is the hours the
    member stays available on each working day (reduced, optionally scoped);
    `scope` is the different scope of work (scoped).
    """

    member: str
    kind: Kind
    start: date
    end: date
    working_days: tuple[int, ...] = DEFAULT_WORKING_DAYS
    cell_kind: str = DEV_CELL
    hours_per_day: Decimal | None = None
    scope: str | None = None

    def as_absence(self) -> Absence:
        """This request as seen by the other members' later requests (TO-4)."""
        return Absence(
            member=self.member,
            start=self.start,
            end=self.end,
            working_days=self.working_days,
            kind=self.kind,
        )


@dataclass(frozen=True)
class Booking:
    """An accepted request: its length, dates, overlap days and notice deadline.

    `working_days` is the TO-2 length and `working_dates` the dates it
    counts; `overlap_days` are the TO-4 overlap days this request takes;
    `deadline` is the date whose EOD (24:00 UTC) was the TO-3 deadline, or
    None for sick time off, which needs no notice.
    """

    working_days: int
    working_dates: tuple[date, ...]
    overlap_days: tuple[date, ...]
    deadline: date | None


@dataclass(frozen=True)
class CalendarEvent:
    """TO-5: one shared-calendar event, e.g. ``John: off``, over inclusive dates."""

    title: str
    start: date
    end: date


@dataclass(frozen=True)
class DayLoad:
    """TO-4, one working day of a request, for the booking page's calendar.

    `away` counts the other members away that day, `cap` is the cell's cap,
    and `overlap` says the day would be an overlap day for the request.
    """

    day: date
    away: int
    cap: int
    overlap: bool


@dataclass(frozen=True)
class Duty:
    """TO-6: something the member does that someone must cover while they are away."""

    key: str
    label: str
    default_cover: str | None = None


@dataclass(frozen=True)
class CoverageEntry:
    duty: str
    covered_by: str


@dataclass(frozen=True)
class EpicHeld:
    """TO-6 input: an active epic the member owns or reviews (the other person covers it)."""

    key: str
    title: str
    owner: str
    reviewer: str | None


@dataclass(frozen=True)
class RoleHeld:
    """TO-6 input: a role the member holds or held, with its label as people read it."""

    role: str
    label: str
    start: date
    end: date | None = None
    cell: str | None = None
    mentee: str | None = None


@dataclass(frozen=True)
class BookingResult:
    """The answer to a booking (API.md § Time off); `id` is None for a dry run."""

    id: int | None
    status: Status
    working_days: int
    overlap_days: tuple[date, ...]
    calendar_events: tuple[CalendarEvent, ...]
    deadline: date | None


@dataclass(frozen=True)
class TimeOff:
    """A stored request as listed and shown."""

    id: int
    member: str
    name: str
    cell: str
    kind: Kind
    start: date
    end: date
    hours_per_day: Decimal | None
    scope: str
    status: Status
    working_days: int
    overlap_days: tuple[date, ...]
    requested_at: datetime
    requested_by: str
    source: str
    coverage: tuple[CoverageEntry, ...]


@dataclass(frozen=True)
class Refusal:
    """A refused booking kept in the history."""

    member: str
    kind: Kind
    start: date
    end: date
    requested_at: datetime
    violations: tuple[dict, ...]


@dataclass(frozen=True)
class ImportLine:
    title: str
    start: date
    end: date
    outcome: str
    member: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class ImportReport:
    """What an iCalendar import did with each event (imported, or skipped and why)."""

    imported: tuple[ImportLine, ...]
    skipped: tuple[ImportLine, ...]
