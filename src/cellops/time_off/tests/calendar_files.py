"""Calendar files, logins and the import call shared by the time-off trust tests
(issue #9 findings 1 and 8, issue #8's cell scope)."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.test import Client


def monday_in(weeks: int) -> date:
    today = date.today()
    return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)


def ics(*events: str) -> bytes:
    """A calendar file holding the given VEVENT bodies."""
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + body + "END:VCALENDAR\r\n"
    ).encode()


def event(uid: str, title: str, start: str, end: str | None = None, extra: str = "") -> str:
    lines = [f"UID:{uid}", f"SUMMARY:{title}", f"DTSTART;VALUE=DATE:{start}"]
    if end:
        lines.append(f"DTEND;VALUE=DATE:{end}")
    if extra:
        lines.append(extra)
    return "\r\n".join(lines)


def login(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def import_calendar(client: Client, data: bytes):
    return client.post("/api/v1/time-off/import", data, content_type="text/calendar")
