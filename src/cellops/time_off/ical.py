"""Time off as iCalendar (RFC 5545): the cell's feed out, a shared calendar in.

`feed` writes the calendar a cell subscribes to (TO-5 titles such as
``Maria: off`` are chosen by the caller): one all-day event per absence,
marked transparent so it never blocks anyone's free/busy.

`read_events` reads an ``.ics`` export (Google Calendar, Outlook, Nextcloud…)
into plain `ImportedEvent`s with inclusive dates. It only understands the
calendar, not the titles: deciding that ``Maria: off`` is Maria's time off is
the importer's job. A repeating event (RRULE, RDATE) is expanded by the
`recurring-ical-events` library into one event per occurrence within a
bounded horizon (`horizon`, decision 0042): EXDATEs and cancelled occurrences
are left out, a moved occurrence (RECURRENCE-ID) comes in on its new dates.
Events that cannot be used at all (cancelled, without a start) come back in
`ReadResult.skipped` with the reason, so a person sees what was not imported
and why.

Dates are inclusive everywhere in this module's API; only the iCalendar text
carries RFC 5545's exclusive DTEND. The `icalendar` library does the parsing,
unfolding, unescaping, folding and escaping. No Django here.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import recurring_ical_events
from icalendar import Calendar, Component, Event

PRODID = "-//cellops//time off//EN"

ONE_DAY = timedelta(days=1)
ONE_MICROSECOND = timedelta(microseconds=1)

#: Repeating events are read from this long before the day of the import (two sprints)…
HORIZON_BEFORE = timedelta(days=28)
#: …to this long after it (a year: leave is planned at most that far ahead).
HORIZON_AFTER = timedelta(days=365)
#: At most this many occurrences are read from one file, all series together.
MAX_OCCURRENCES = 1000
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


def horizon(today: date) -> tuple[date, date]:
    """First and last day (inclusive) on which occurrences of repeating events are read."""
    return today - HORIZON_BEFORE, today + HORIZON_AFTER


def read_events(data: bytes, today: date | None = None) -> ReadResult:
    """Every VEVENT of an ``.ics`` file, as `ImportedEvent`s with inclusive dates.

    All-day events end the day before DTEND (DTEND is exclusive; a missing
    DTEND means one day; DURATION works too). Timed events run from the UTC
    date of their start to the UTC date of their last instant (DTEND − 1 µs);
    floating times (no time zone) are taken as written. Cancelled events and
    events without a usable start are skipped with a reason. An event without
    a UID gets a stable one made from its title and dates.

    Repeating events (RRULE, RDATE, with their changed occurrences sharing the
    UID) become one event per occurrence starting within `horizon(today)`
    (``today`` defaults to the computer's date), UID ``<series UID>/<day of the
    occurrence>`` so that importing again adds nothing; excluded (EXDATE) and
    cancelled occurrences are left out, moved ones come on their new dates.

    Raises `UnreadableCalendar` when ``data`` is not an iCalendar file.
    """
    calendars = _parse(data)
    components = [event for calendar in calendars for event in calendar.walk("VEVENT")]
    lines = _vevent_lines(data, len(components))
    events: list[ImportedEvent] = []
    skipped: list[tuple[str, str]] = []
    series: dict[tuple[int, str], list[tuple[Component, int | None]]] = {}
    owner = {id(e): n for n, c in enumerate(calendars) for e in c.walk("VEVENT")}
    for component, line in zip(components, lines, strict=True):
        title = str(component.get("SUMMARY", "")).strip()
        if _repeats(component):
            key = (owner[id(component)], str(component.get("UID", "")).strip() or title)
            series.setdefault(key, []).append((component, line))
            continue
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
    window = horizon(today or date.today())
    budget = [MAX_OCCURRENCES]
    for (number, uid), members in series.items():
        read = _occurrences(calendars[number], uid, members, window, budget)
        events += read.events
        skipped += read.skipped
    return ReadResult(events=events, skipped=skipped)


def _repeats(component: Component) -> bool:
    return any(name in component for name in ("RRULE", "RDATE", "RECURRENCE-ID"))


def _occurrences(
    calendar: Calendar,
    uid: str,
    members: list[tuple[Component, int | None]],
    window: tuple[date, date],
    budget: list[int],
) -> ReadResult:
    """The occurrences of one series (its master and changed occurrences) within ``window``."""
    master = next((c for c, _ in members if "RECURRENCE-ID" not in c), members[0][0])
    title = str(master.get("SUMMARY", "")).strip()
    line = next((n for c, n in members if c is master), None)
    if (
        str(master.get("STATUS", "")).strip().upper() == "CANCELLED"
        and "RECURRENCE-ID" not in master
    ):
        return ReadResult([], [(title, f"{CANCELLED_REASON} (the whole series)")])
    if "DTSTART" not in master:
        return ReadResult([], [(title, NO_START_REASON)])
    one = Calendar()
    for timezone in calendar.walk("VTIMEZONE"):
        one.add_component(timezone)
    for component, _ in members:
        one.add_component(component)
    first, last = window
    events: list[ImportedEvent] = []
    skipped: list[tuple[str, str]] = []
    try:
        found = recurring_ical_events.of(one).between(first, last + ONE_DAY)
        for occurrence in itertools.islice(found, budget[0] + 1):
            if budget[0] == 0:
                skipped.append((title, f"more than {MAX_OCCURRENCES} occurrences in one file"))
                break
            budget[0] -= 1
            name = str(occurrence.get("SUMMARY", "")).strip()
            if str(occurrence.get("STATUS", "")).strip().upper() == "CANCELLED":
                skipped.append((name, CANCELLED_REASON))
                continue
            start, end = _inclusive_days(occurrence)
            day = _day_key(occurrence.get("RECURRENCE-ID"), start)
            events.append(
                ImportedEvent(
                    uid=f"{uid or _stable_uid(name, start, end)}/{day}",
                    title=name,
                    start=start,
                    end=end,
                    line=line,
                )
            )
    except Exception as error:  # the library's errors on a broken series are of many kinds
        return ReadResult([], [(title, f"its repetition cannot be read: {error}"[:300])])
    if not events and not skipped:
        skipped.append(
            (
                title,
                f"no occurrence of this repeating event falls between {first} and {last} "
                "(repeating events are read from 4 weeks before the import to a year after)",
            )
        )
    return ReadResult(events, skipped)


def _day_key(recurrence_id: object, start: date) -> str:
    moment = getattr(recurrence_id, "dt", None)
    if isinstance(moment, datetime):
        return _utc(moment).strftime("%Y%m%dT%H%M%S")
    if isinstance(moment, date):
        return moment.strftime("%Y%m%d")
    return start.strftime("%Y%m%d")


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
