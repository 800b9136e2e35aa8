"""Importing a shared calendar (issue #9, finding 1): imported lines are checked like
bookings, bad stored rows never break a page, uploads are bounded in size.

Each test is named after the finding (and rule) it proves; they came from
`test_trust.py` (issues #8 and #9), split by layer and topic.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from cellops.org.data import Actor
from cellops.time_off import api, models
from cellops.time_off.data import Kind
from cellops.time_off.tests.calendar_files import event, ics, import_calendar, login, monday_in

pytestmark = pytest.mark.django_db


# --- finding 1: an imported line never breaks the calendar ---------------------


def test_finding_1_TO_1_import_refuses_hours_over_the_daily_hours(olga):
    """`Olga: available 100h` (and 8h, her full day) is skipped naming TO-1; 4h comes in."""
    monday = monday_in(6)
    data = ics(
        event("a", "Olga: available 100h", f"{monday:%Y%m%d}"),
        event("b", "Olga: available 8h", f"{monday + timedelta(days=1):%Y%m%d}"),
        event("c", "Olga: available 4h", f"{monday + timedelta(days=2):%Y%m%d}"),
    )
    response = import_calendar(olga, data)
    assert response.status_code == 200, response.content
    body = response.json()
    assert [(i["title"], i["member"]) for i in body["imported"]] == [("Olga: available 4h", "olga")]
    reasons = {i["title"]: i["reason"] for i in body["skipped"]}
    assert reasons["Olga: available 100h"].startswith("TO-1: ")
    assert "not 100" in reasons["Olga: available 100h"]
    assert reasons["Olga: available 8h"].startswith("TO-1: ")
    listed = olga.get("/api/v1/time-off")
    assert listed.status_code == 200 and listed.json()["count"] == 1
    assert listed.json()["items"][0]["hours_per_day"] == 4


def test_finding_1_import_refuses_dates_the_api_refuses(olga):
    """Years 1 and 9999, a range over 366 days and DURATION:P99999W are skipped with the reason."""
    data = ics(
        event("y1", "Olga: off", "00010104", "00010105"),
        event("y9999", "Olga: off", "99991220", "99991221"),
        event("long", "Olga: off", "20300107", extra="DURATION:P99999W"),
        event("year", "Olga: off", "20300107", "20310301"),
        event("end", "Olga: off", "99991231", extra="DURATION:P2W"),
    )
    response = import_calendar(olga, data)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["imported"] == []
    assert len(body["skipped"]) == 5
    reasons = [i["reason"] for i in body["skipped"]]
    assert sum("1970" in r and "2199" in r for r in reasons) >= 2, reasons
    assert sum("366 days" in r for r in reasons) >= 1, reasons
    assert models.TimeOffRequest.objects.count() == 0
    assert olga.get("/api/v1/time-off/calendar.ics").status_code == 200


def test_finding_1_the_import_and_the_api_share_one_check(olga, make_member):
    """The same request gives the same TO-1/TO-2 message through both doors."""
    monday = monday_in(6)
    booked = olga.post(
        "/api/v1/time-off",
        {
            "member": "olga",
            "kind": "reduced",
            "hours_per_day": 9,
            "start": str(monday),
            "end": str(monday),
        },
        content_type="application/json",
    )
    assert booked.status_code == 422
    message = booked.json()["violations"][0]["message"]
    imported = import_calendar(
        olga, ics(event("x", "Olga: available 9h", f"{monday:%Y%m%d}"))
    ).json()
    assert imported["skipped"][0]["reason"] == f"TO-1: {message}"


def _store_bad_rows() -> tuple[int, int]:
    """Rows as an old import could leave them: 100 h a day, and a range ending in 9999."""
    member = models.TimeOffRequest._meta.get_field("member").related_model.objects.get(
        user__username="olga"
    )
    monday = monday_in(1)
    common = {
        "member": member,
        "working_days": 1,
        "requested_at": "2026-01-01T00:00:00Z",
        "requested_by": "old-import",
        "source": "import",
    }
    hours = models.TimeOffRequest.objects.create(
        kind="reduced", start=monday, end=monday, hours_per_day=Decimal(4), **common
    )
    far = models.TimeOffRequest.objects.create(
        kind="off", start=monday, end=date(9999, 12, 31), **common
    )
    with connection.cursor() as cursor:
        table = models.TimeOffRequest._meta.db_table
        if connection.vendor == "sqlite":
            cursor.execute(f"UPDATE {table} SET hours_per_day = 100 WHERE id = %s", [hours.pk])
        else:  # the column cannot hold 100: the nearest out-of-bounds value it can
            cursor.execute(f"UPDATE {table} SET hours_per_day = 99.99 WHERE id = %s", [hours.pk])
    return hours.pk, far.pk


def test_finding_1_a_bad_stored_row_never_breaks_a_list_feed_or_page(olga):
    """With a 100 h row and a 9999 row stored, the list, every feed and the pages answer 200."""
    hours_id, far_id = _store_bad_rows()
    listed = olga.get("/api/v1/time-off")
    assert listed.status_code == 200, listed.content
    assert listed.json()["count"] == 2
    assert olga.get(f"/api/v1/time-off/{hours_id}").status_code == 200
    for feed in ("", "?cell=Falcon", "?member=olga"):
        response = olga.get(f"/api/v1/time-off/calendar.ics{feed}")
        assert response.status_code == 200, (feed, response.content)
        assert b"BEGIN:VCALENDAR" in response.content
    web = login("boss")
    for url in ("/time-off/calendar/", f"/time-off/{hours_id}/", f"/time-off/{far_id}/"):
        assert web.get(url).status_code == 200, url
    assert web.get("/time-off/?member=paul&kind=off").status_code == 200
    assert sum(api.available_hours("olga", monday_in(1), monday_in(1)).values()) >= 0


def test_finding_1_the_repair_migration_cancels_rows_out_of_bounds(olga):
    """Decision 0015: rows outside the bounds are cancelled (kept, reported), good rows stay."""
    import importlib

    hours_id, far_id = _store_bad_rows()
    monday = monday_in(3)
    good = api.book(Actor.system("boss"), member="paul", kind=Kind.OFF, start=monday, end=monday).id
    repair = importlib.import_module("cellops.time_off.migrations.0002_repair_out_of_bounds")
    from django.apps import apps as global_apps

    report = repair.repair(global_apps, connection)
    assert {r["id"] for r in report} == {hours_id, far_id}
    statuses = dict(models.TimeOffRequest.objects.values_list("pk", "status"))
    assert statuses == {hours_id: "cancelled", far_id: "cancelled", good: "pending"}
    row = models.TimeOffRequest.objects.get(pk=hours_id)
    assert row.hours_per_day is None and row.cancelled_by == "migration 0002"
    assert models.TimeOffRequest.objects.get(pk=far_id).end == date(2199, 12, 31)


def test_finding_1_an_import_over_the_size_limit_is_413_naming_the_limit(olga, settings):
    """The upload is read in chunks and refused past the limit: 413 problem+json naming it."""
    big = ics(*[event(f"u{n}", "Olga: off", "20300107") for n in range(40)])
    small = api.imports.MAX_IMPORT_BYTES  # the limit lives in the api's imports module
    api.imports.MAX_IMPORT_BYTES = len(big) - 1
    try:
        response = import_calendar(olga, big)
    finally:
        api.imports.MAX_IMPORT_BYTES = small
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/problem+json")
    assert f"{len(big) - 1} bytes" in response.json()["detail"]
    assert models.TimeOffRequest.objects.count() == 0


def test_finding_1_the_default_limit_is_documented(olga):
    """The README names the limit the code applies."""
    readme = (Path(api.__file__).parent.parent / "README.md").read_text()  # api/ is a package
    assert f"{api.MAX_IMPORT_BYTES // (1024 * 1024)} MiB" in readme


def test_finding_1_the_command_refuses_a_file_over_the_limit(olga, tmp_path):
    """`cellops import time-off` reads in chunks too, and exits 2 naming the limit."""
    path = tmp_path / "big.ics"
    path.write_bytes(ics(event("u", "Olga: off", "20300107")) + b" " * 100)
    small = api.imports.MAX_IMPORT_BYTES
    api.imports.MAX_IMPORT_BYTES = 50
    try:
        with pytest.raises(CommandError) as caught:
            call_command("import", "time-off", str(path), stdout=StringIO())
    finally:
        api.imports.MAX_IMPORT_BYTES = small
    assert caught.value.returncode == 2
    assert "50 bytes" in str(caught.value)


def test_finding_1_TO_1_the_command_skips_hours_over_the_daily_hours(olga, tmp_path):
    path = tmp_path / "cal.ics"
    path.write_bytes(ics(event("a", "Olga: available 100h", f"{monday_in(6):%Y%m%d}")))
    out = StringIO()
    call_command("import", "time-off", str(path), "--json", stdout=out)
    assert '"imported": []' in out.getvalue()
    assert "TO-1" in out.getvalue()
    assert models.TimeOffRequest.objects.count() == 0


# --- issue #8: a manager acts for their own cell only -------------------------


def test_finding_1_read_upload_stops_reading_past_the_limit():
    """Without a declared length the upload is read by pieces and refused once past the limit."""
    reads = []

    def read(size: int) -> bytes:
        reads.append(size)
        return b"x" * size

    small = api.imports.MAX_IMPORT_BYTES
    api.imports.MAX_IMPORT_BYTES = api.IMPORT_CHUNK_BYTES * 3
    try:
        with pytest.raises(api.UploadTooLarge) as caught:
            api.read_upload(read)
        pieces = iter([b"ab", b"cd", b""])
        assert api.read_upload(lambda size: next(pieces)) == b"abcd"
    finally:
        api.imports.MAX_IMPORT_BYTES = small
    assert reads == [api.IMPORT_CHUNK_BYTES] * 4  # never more than one piece past the limit
    assert (
        caught.value.field == "body"
        and f"{api.IMPORT_CHUNK_BYTES * 3} bytes" in caught.value.message
    )


# --- issue #15: repeating events ----------------------------------------------

PART_TIMER = Path(__file__).parent / "data" / "part-timer-series.ics"


def test_TO_5_a_part_timers_weekly_series_comes_in_one_pending_request_per_occurrence(
    make_member,
):
    """`Ana: available 4h` every Monday: each occurrence is a reduced day of 4 h; the
    moved one on its Tuesday, the excluded and cancelled ones not at all; twice adds nothing."""
    make_member("ana", cell="Falcon", first_name="Ana")
    make_member("ben", cell="Falcon", first_name="Ben")
    report = api.import_calendar(
        Actor.system("test"), PART_TIMER.read_bytes(), today=date(2026, 12, 2)
    )
    assert [(i.member, i.start) for i in report.imported] == [
        ("ben", date(2027, 3, 1)),
        ("ana", date(2027, 1, 4)),
        ("ana", date(2027, 1, 12)),
        ("ana", date(2027, 2, 1)),
    ]
    rows = models.TimeOffRequest.objects.filter(member__user__username="ana").order_by("start")
    assert [(r.start, r.end, r.kind, r.hours_per_day) for r in rows] == [
        (day, day, Kind.REDUCED.value, Decimal(4))
        for day in (date(2027, 1, 4), date(2027, 1, 12), date(2027, 2, 1))
    ]
    reasons = {(i.title, i.reason) for i in report.skipped}
    assert ("Ana: available 4h", "the event is cancelled") in reasons
    again = api.import_calendar(
        Actor.system("test"), PART_TIMER.read_bytes(), today=date(2026, 12, 2)
    )
    assert again.imported == ()
    assert models.TimeOffRequest.objects.count() == 4


def test_TO_2_an_occurrence_moved_to_a_weekend_is_skipped_like_any_event(olga):
    """Each occurrence is checked like a single event: one moved to Saturday has no working day."""
    monday = monday_in(3)
    saturday = monday + timedelta(days=12)
    data = ics(
        event("w", "Olga: available 4h", f"{monday:%Y%m%d}", extra="RRULE:FREQ=WEEKLY;COUNT=3"),
        event(
            "w",
            "Olga: available 4h",
            f"{saturday:%Y%m%d}",
            extra=f"RECURRENCE-ID;VALUE=DATE:{monday + timedelta(weeks=1):%Y%m%d}",
        ),
    )
    response = import_calendar(olga, data)
    assert response.status_code == 200, response.content
    body = response.json()
    assert [i["start"] for i in body["imported"]] == [
        monday.isoformat(),
        (monday + timedelta(weeks=2)).isoformat(),
    ]
    [skipped] = body["skipped"]
    assert skipped["start"] == saturday.isoformat() and skipped["reason"].startswith("TO-2: ")
