"""RC-6: the interview invitation as iCalendar (RFC 5545), made with `icalendar`.

One event, `METHOD:REQUEST`, the candidate as attendee and the interviewer as organiser;
`sequence` grows each time the interview is moved, so calendars replace the old time.
No Django here; the description never carries the interview script (RC-6).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//cellops//recruitment//EN"


def invitation(
    *,
    uid: str,
    start: datetime,
    minutes: int,
    summary: str,
    description: str,
    organizer: tuple[str, str],
    attendee: tuple[str, str],
    sequence: int,
    stamp: datetime,
) -> bytes:
    """The `.ics` bytes of one interview; `organizer` and `attendee` are (name, e-mail)."""
    if start.tzinfo is None or stamp.tzinfo is None:
        raise ValueError("start and stamp must be aware datetimes")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", start.astimezone(UTC))
    event.add("dtend", (start + timedelta(minutes=minutes)).astimezone(UTC))
    event.add("summary", summary)
    event.add("description", description)
    event.add("sequence", sequence)
    event.add("status", "CONFIRMED")
    for prop, (name, email) in (("organizer", organizer), ("attendee", attendee)):
        address = vCalAddress(f"mailto:{email}")
        address.params["cn"] = vText(name)
        if prop == "attendee":
            address.params["role"] = vText("REQ-PARTICIPANT")
            address.params["rsvp"] = vText("TRUE")
        event.add(prop, address)
    calendar.add_component(event)
    return calendar.to_ical()
