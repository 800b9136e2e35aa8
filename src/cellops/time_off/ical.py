"""Time off as iCalendar (RFC 5545): the cell's feed out, a shared calendar in.

`feed` writes the calendar a cell subscribes to (TO-5 titles such as
``Maria: off`` are chosen by the caller): one all-day event per absence,
marked transparent so it never blocks anyone's free/busy.

`read_events` reads an ``.ics`` export (Google Calendar, Outlook, Nextcloud…)
into plain `ImportedEvent`s with inclusive dates. It only understands the
calendar, not the titles: deciding that ``Maria: off`` is Maria's time off is
the importer's job. Events that cannot be used at all (cancelled, recurring,
without a start) come back in `ReadResult.skipped` with the reason, so a
person sees what was not imported and why.

Dates are inclusive everywhere in this module's API; only the iCalendar text
carries RFC 5545's exclusive DTEND. The `icalendar` library does the parsing,
unfolding, unescaping, folding and escaping. No Django here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Component, Event

PRODID = "-//cellops//time off//EN"

ONE_DAY = timedelta(days=1)
ONE_MICROSECOND = timedelta(microseconds=1)

RECURRING_REASON = "recurring events are not imported; add each absence as its own event"
CANCELLED_REASON = "the event is cancelled"
NO_START_REASON = "the event has no start date (DTSTART)"


# Export ------------------------------------------------------------------


@dataclass(frozen=True)
class FeedEvent:
    """One absence in the feed, e.g. ``FeedEvent("time-off-12@…", "Maria: off", …)``.

    ``end`` is the last day away (inclusive); ``updated`` is when the time off
    last changed, an aware datetime (written as DTSTAMP in UTC).
    """

    uid: str
    title: str
    start: date
    end: date
    url: str | None
    description: str | None
    updated: datetime

    def __post_init__(self) -> None:
        if isinstance(self.start, datetime) or isinstance(self.end, datetime):
            raise TypeError("start and end are days (date), not datetimes")
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        if self.updated.tzinfo is None or self.updated.utcoffset() is None:
            raise ValueError("updated must be an aware datetime (e.g. in UTC)")


def feed(name: str, events: Iterable[FeedEvent]) -> bytes:
    """The iCalendar feed called ``name`` with one all-day event per `FeedEvent`.

    DTEND is the day after ``end``: RFC 5545 end dates are exclusive. Events
    are sorted by (start, end, uid) so the same events always give the same
    bytes, whatever order they come in. Lines end in CRLF and are folded at
    75 octets by the library.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # X-WR-CALNAME is written as is (like Google does): one line, no newlines.
    calendar.add("x-wr-calname", " ".join(name.split()))
    for event in sorted(events, key=lambda e: (e.start, e.end, e.uid)):
        try:
            component = _feed_event(event)
        except OverflowError:  # ends on the last day a date can hold: no DTEND to write
            continue
        calendar.add_component(component)
    return calendar.to_ical()


def _feed_event(event: FeedEvent) -> Event:
    component = Event()
    component.add("uid", event.uid)
    component.add("dtstamp", event.updated.astimezone(UTC).replace(microsecond=0))
    component.add("summary", event.title)
    component.add("dtstart", event.start)
    component.add("dtend", event.end + ONE_DAY)
    if event.url:
        component.add("url", event.url)
    if event.description:
        component.add("description", event.description)
    component.add("transp", "TRANSPARENT")
    return component


# Import ------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedEvent:
    """One event read from a calendar, with inclusive dates.

    ``line`` is the line of its ``BEGIN:VEVENT`` in the file (1-based), when
    it could be found, so a person can locate the event.
    """

    uid: str
    title: str
    start: date
    end: date
    line: int | None = None


@dataclass(frozen=True)
class ReadResult:
    """What `read_events` found: usable events, and ``(summary, reason)`` for the others."""

    events: list[ImportedEvent]
    skipped: list[tuple[str, str]]


class UnreadableCalendar(Exception):
    """The bytes are not an iCalendar file; the message says what was received."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def read_events(data: bytes) -> ReadResult:
    """Every VEVENT of an ``.ics`` file, as `ImportedEvent`s with inclusive dates.

    All-day events end the day before DTEND (DTEND is exclusive; a missing
    DTEND means one day; DURATION works too). Timed events run from the UTC
    date of their start to the UTC date of their last instant (DTEND − 1 µs);
    floating times (no time zone) are taken as written. Cancelled and
    recurring events (RRULE, RDATE, or a changed occurrence of a series) and
    events without a usable start are skipped with a reason. An event without
    a UID gets a stable one made from its title and dates.

    Raises `UnreadableCalendar` when ``data`` is not an iCalendar file.
    """
    calendars = _parse(data)
    components = [event for calendar in calendars for event in calendar.walk("VEVENT")]
    lines = _vevent_lines(data, len(components))
    events: list[ImportedEvent] = []
    skipped: list[tuple[str, str]] = []
    for component, line in zip(components, lines, strict=True):
        title = str(component.get("SUMMARY", "")).strip()
        reason = _skip_reason(component)
        if reason is None:
            try:
                start, end = _inclusive_days(component)
            except (ValueError, TypeError, OverflowError) as error:
                reason = f"its dates cannot be read: {error}"
        if reason is not None:
            skipped.append((title, reason))
            continue
        uid = str(component.get("UID", "")).strip() or _stable_uid(title, start, end)
        events.append(ImportedEvent(uid=uid, title=title, start=start, end=end, line=line))
    return ReadResult(events=events, skipped=skipped)


def _parse(data: bytes) -> list[Calendar]:
    text = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text:
        raise UnreadableCalendar("The calendar file is empty.")
    head = text[:1024].lower()
    if head.startswith(b"<!doctype html") or b"<html" in head:
        raise UnreadableCalendar(
            "This is a web page (HTML), not an iCalendar file. Export the calendar "
            "as .ics (or use its secret iCal address) and send that file."
        )
    try:
        components = Calendar.from_ical(text, multiple=True)
    except ValueError as error:
        raise UnreadableCalendar(_not_icalendar(text, str(error))) from error
    if not components:
        raise UnreadableCalendar(_not_icalendar(text, "it has no END:VCALENDAR (cut short?)"))
    if any(c.name != "VCALENDAR" for c in components):
        names = ", ".join(sorted({c.name for c in components}))
        raise UnreadableCalendar(
            f"This is not a whole iCalendar file: expected BEGIN:VCALENDAR, found {names}."
        )
    return components


def _not_icalendar(text: bytes, problem: str) -> str:
    if text[:15].upper() == b"BEGIN:VCALENDAR":
        return f"The iCalendar file is damaged: {problem.rstrip('.')}."
    first_line = text.splitlines()[0][:60].decode("utf-8", errors="replace")
    return (
        "This is not an iCalendar (.ics) file: it should start with BEGIN:VCALENDAR, "
        f"but starts with {first_line!r}."
    )


def _skip_reason(component: Component) -> str | None:
    if str(component.get("STATUS", "")).strip().upper() == "CANCELLED":
        return CANCELLED_REASON
    if any(name in component for name in ("RRULE", "RDATE", "RECURRENCE-ID")):
        return RECURRING_REASON
    if "DTSTART" not in component:
        return NO_START_REASON
    return None


def _inclusive_days(event: Event) -> tuple[date, date]:
    """First and last day of an event; raises ValueError when its dates are unusable."""
    start, end = event.start, event.end  # the library applies DURATION / defaults
    if isinstance(start, datetime):
        first = _utc(start).date()
        last = _utc(end - ONE_MICROSECOND).date() if end > start else first
    else:
        first = start
        last = end - ONE_DAY if end > start else first
    return first, max(first, last)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo is not None else moment


def _stable_uid(title: str, start: date, end: date) -> str:
    digest = hashlib.sha256(f"{title}\n{start}\n{end}".encode()).hexdigest()[:20]
    return f"cellops-import-{digest}"


def _vevent_lines(data: bytes, count: int) -> list[int | None]:
    """1-based line of each ``BEGIN:VEVENT``, in document order (all None if unsure)."""
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    found = [
        number
        for number, line in enumerate(text.split("\n"), start=1)
        if line.strip().upper() == "BEGIN:VEVENT"
    ]
    if len(found) != count:
        return [None] * count
    return list(found)
