"""Issue #9 ("Trust") and #8 in time off: imports checked like bookings, bad rows never
break a page, feed secrets kept out of logs, sick leave visible only to those who need it,
and managers acting for their own cell only.

Each test is named after the finding (and rule) it proves.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from cellops.org.data import Role
from cellops.time_off import api, models
from cellops.time_off.data import Kind

pytestmark = pytest.mark.django_db


def _monday_in(weeks: int) -> date:
    today = date.today()
    return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)


def _ics(*events: str) -> bytes:
    """A calendar file holding the given VEVENT bodies."""
    body = "".join(f"BEGIN:VEVENT\r\n{e.strip()}\r\nEND:VEVENT\r\n" for e in events)
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n" + body + "END:VCALENDAR\r\n"
    ).encode()


def _event(uid: str, title: str, start: str, end: str | None = None, extra: str = "") -> str:
    lines = [f"UID:{uid}", f"SUMMARY:{title}", f"DTSTART;VALUE=DATE:{start}"]
    if end:
        lines.append(f"DTEND;VALUE=DATE:{end}")
    if extra:
        lines.append(extra)
    return "\r\n".join(lines)


def _login(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def _import(client: Client, data: bytes):
    return client.post("/api/v1/time-off/import", data, content_type="text/calendar")


@pytest.fixture
def olga(make_member, api_client_for):
    """Olga (8 daily hours) in Falcon, a CEO who imports, and a colleague."""
    make_member("olga", cell="Falcon", first_name="Olga")
    make_member("paul", cell="Falcon", first_name="Paul")
    make_member("boss", cell="Falcon", first_name="Bea", roles=(Role.CEO,))
    return api_client_for("boss")


# --- finding 1: an imported line never breaks the calendar ---------------------


def test_finding_1_TO_1_import_refuses_hours_over_the_daily_hours(olga):
    """`Olga: available 100h` (and 8h, her full day) is skipped naming TO-1; 4h comes in."""
    monday = _monday_in(6)
    data = _ics(
        _event("a", "Olga: available 100h", f"{monday:%Y%m%d}"),
        _event("b", "Olga: available 8h", f"{monday + timedelta(days=1):%Y%m%d}"),
        _event("c", "Olga: available 4h", f"{monday + timedelta(days=2):%Y%m%d}"),
    )
    response = _import(olga, data)
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
    data = _ics(
        _event("y1", "Olga: off", "00010104", "00010105"),
        _event("y9999", "Olga: off", "99991220", "99991221"),
        _event("long", "Olga: off", "20300107", extra="DURATION:P99999W"),
        _event("year", "Olga: off", "20300107", "20310301"),
        _event("end", "Olga: off", "99991231", extra="DURATION:P2W"),
    )
    response = _import(olga, data)
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
    monday = _monday_in(6)
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
    imported = _import(olga, _ics(_event("x", "Olga: available 9h", f"{monday:%Y%m%d}"))).json()
    assert imported["skipped"][0]["reason"] == f"TO-1: {message}"


def _store_bad_rows() -> tuple[int, int]:
    """Rows as an old import could leave them: 100 h a day, and a range ending in 9999."""
    member = models.TimeOffRequest._meta.get_field("member").related_model.objects.get(
        user__username="olga"
    )
    monday = _monday_in(1)
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
    web = _login("boss")
    for url in ("/time-off/calendar/", f"/time-off/{hours_id}/", f"/time-off/{far_id}/"):
        assert web.get(url).status_code == 200, url
    assert web.get("/time-off/?member=paul&kind=off").status_code == 200
    assert sum(api.available_hours("olga", _monday_in(1), _monday_in(1)).values()) >= 0


def test_finding_1_the_repair_migration_cancels_rows_out_of_bounds(olga):
    """Decision 0015: rows outside the bounds are cancelled (kept, reported), good rows stay."""
    import importlib

    hours_id, far_id = _store_bad_rows()
    monday = _monday_in(3)
    good = api.book("boss", member="paul", kind=Kind.OFF, start=monday, end=monday).id
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
    big = _ics(*[_event(f"u{n}", "Olga: off", "20300107") for n in range(40)])
    small = api.imports.MAX_IMPORT_BYTES  # the limit lives in the api's imports module
    api.imports.MAX_IMPORT_BYTES = len(big) - 1
    try:
        response = _import(olga, big)
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
    path.write_bytes(_ics(_event("u", "Olga: off", "20300107")) + b" " * 100)
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
    path.write_bytes(_ics(_event("a", "Olga: available 100h", f"{_monday_in(6):%Y%m%d}")))
    out = StringIO()
    call_command("import", "time-off", str(path), "--json", stdout=out)
    assert '"imported": []' in out.getvalue()
    assert "TO-1" in out.getvalue()
    assert models.TimeOffRequest.objects.count() == 0


# --- issue #8: a manager acts for their own cell only -------------------------


@pytest.fixture
def two_cells(make_member, api_client_for):
    make_member("otto", cell="Otter", first_name="Otto", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("olive", cell="Otter", first_name="Olive")
    make_member("fran", cell="Falcon", first_name="Fran")
    make_member("finn", cell="Falcon", first_name="Finn")
    return api_client_for("otto")


def test_issue_8_an_otter_manager_cannot_book_for_a_falcon_member(two_cells):
    monday = _monday_in(6)
    fields = {"kind": "off", "start": str(monday), "end": str(monday)}
    other = two_cells.post(
        "/api/v1/time-off", {"member": "fran", **fields}, content_type="application/json"
    )
    assert other.status_code == 403
    assert "Falcon" in other.json()["detail"]
    own = two_cells.post(
        "/api/v1/time-off", {"member": "olive", **fields}, content_type="application/json"
    )
    assert own.status_code == 201, own.content


def test_issue_8_an_otter_manager_cannot_cancel_or_announce_for_falcon(two_cells):
    monday = _monday_in(6)
    fran = api.book("fran", member="fran", kind=Kind.OFF, start=monday, end=monday).id
    cancel = two_cells.post(f"/api/v1/time-off/{fran}/cancel")
    assert cancel.status_code == 403
    announce = two_cells.post(
        f"/api/v1/time-off/{fran}/announce", {"coverage": []}, content_type="application/json"
    )
    assert announce.status_code == 403
    assert api.get_time_off(fran).status.value == "pending"
    web = _login("otto")
    assert web.post(f"/time-off/{fran}/cancel/").status_code == 403
    assert api.get_time_off(fran).status.value == "pending"
    page = web.get(f"/time-off/{fran}/").content.decode()
    assert "Cancel this time off" not in page


def test_issue_8_an_otter_manager_imports_only_otter_members(two_cells):
    monday = _monday_in(6)
    data = _ics(
        _event("f", "Fran: off", f"{monday:%Y%m%d}"),
        _event("o", "Olive: off", f"{monday:%Y%m%d}"),
    )
    body = _import(two_cells, data).json()
    assert [i["member"] for i in body["imported"]] == ["olive"]
    assert [(i["member"], i["title"]) for i in body["skipped"]] == [("fran", "Fran: off")]
    assert "Falcon" in body["skipped"][0]["reason"]


def test_issue_8_the_booking_page_offers_only_the_managers_cell(two_cells):
    page = _login("otto").get("/time-off/").content.decode()
    assert 'value="olive"' in page
    assert 'value="fran"' not in page


# --- finding 7: feed secrets never reach a log -------------------------------


def test_finding_7_feeds_answer_no_store(olga, django_user_model):
    secret = api.new_feed_secret(django_user_model.objects.get(username="olga"))
    response = Client().get(f"/api/v1/time-off/calendar.ics?cell=Falcon&key={secret}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert olga.get("/api/v1/time-off/calendar.ics")["Cache-Control"] == "no-store"


def test_finding_7_the_redaction_hides_the_key_in_paths_and_request_lines():
    from cellops.web.logs import redact

    assert (
        redact("GET /api/v1/time-off/calendar.ics?cell=Falcon&key=s3cr3t-_x HTTP/1.1")
        == "GET /api/v1/time-off/calendar.ics?cell=Falcon&key=[redacted] HTTP/1.1"
    )
    assert redact("/x?key=abc") == "/x?key=[redacted]"
    assert redact("key=abc&cell=A") == "key=[redacted]&cell=A"
    assert redact("/x?monkey=1&cell=A") == "/x?monkey=1&cell=A"
    assert redact("/x?KEY=abc%2Fd") == "/x?KEY=[redacted]"


def test_finding_7_gunicorn_access_log_atoms_hide_the_key():
    """The logger class `cellops serve` gives gunicorn redacts the request line and query."""
    from types import SimpleNamespace

    from gunicorn.config import Config

    from cellops.web.logs import RedactingGunicornLogger

    logger = RedactingGunicornLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/api/v1/time-off/calendar.ics?key=s3cr3t",
        "PATH_INFO": "/api/v1/time-off/calendar.ics",
        "QUERY_STRING": "key=s3cr3t",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": "http://x/?key=s3cr3t",
    }
    request = SimpleNamespace(headers=[], method="GET", path="/api/v1/time-off/calendar.ics")
    response = SimpleNamespace(status="200 OK", headers=[], sent=10, response_length=10)
    atoms = logger.atoms(response, request, environ, timedelta(seconds=0.1))
    assert "s3cr3t" not in repr(atoms)
    assert atoms["r"] == "GET /api/v1/time-off/calendar.ics?key=[redacted] HTTP/1.1"
    assert atoms["q"] == "key=[redacted]"


def test_finding_7_django_request_logs_hide_the_key(olga, caplog):
    """django.request / django.server records pass the filter with the key replaced."""
    from cellops.web.logs import RedactSecrets

    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        (
            "GET /api/v1/time-off/calendar.ics?key=s3cr3t HTTP/1.1",
            "200",
            "10",
        ),
        None,
    )
    assert RedactSecrets().filter(record) is True
    assert "s3cr3t" not in record.getMessage()
    assert "key=[redacted]" in record.getMessage()
    caplog.set_level(logging.WARNING, logger="django.request")
    Client().get("/api/v1/time-off/calendar.ics?key=wrong-s3cr3t")
    assert caplog.records, "the 401 is logged"
    assert all("wrong-s3cr3t" not in r.getMessage() for r in caplog.records)


def test_finding_7_the_serve_command_gives_gunicorn_the_redacting_logger(monkeypatch):
    import os

    seen = {}
    monkeypatch.setattr(os, "execv", lambda path, argv: seen.setdefault("argv", argv))
    call_command("serve", stdout=StringIO())
    argv = seen["argv"]
    assert argv[argv.index("--logger-class") + 1] == "cellops.web.logs.RedactingGunicornLogger"


# --- finding 8: sick leave is shown as "off" to colleagues --------------------


@pytest.fixture
def sick_olga(make_member, api_client_for):
    """Olga (Falcon) is off sick; Paul a colleague, Sam Falcon's sprint planning manager,
    Otto Otter's, Bea the CEO."""
    make_member("olga", cell="Falcon", first_name="Olga")
    make_member("paul", cell="Falcon", first_name="Paul")
    make_member("sam", cell="Falcon", first_name="Sam", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("otto", cell="Otter", first_name="Otto", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("boss", cell="Otter", first_name="Bea", roles=(Role.CEO,))
    day = date.today()
    while day.weekday() > 4:
        day += timedelta(days=1)
    return api.book("olga", member="olga", kind=Kind.SICK, start=day, end=day).id


SEES_KIND = {"olga": True, "sam": True, "boss": True, "paul": False, "otto": False}


@pytest.mark.parametrize("viewer", sorted(SEES_KIND))
def test_finding_8_the_api_shows_sick_only_to_the_member_managers_and_ceo(
    sick_olga, api_client_for, viewer
):
    client = api_client_for(viewer)
    expected = "sick" if SEES_KIND[viewer] else "off"
    items = client.get("/api/v1/time-off?member=olga").json()["items"]
    assert [i["kind"] for i in items] == [expected]
    assert client.get(f"/api/v1/time-off/{sick_olga}").json()["kind"] == expected


@pytest.mark.parametrize("viewer", sorted(SEES_KIND))
def test_finding_8_feeds_describe_sick_only_to_the_member_managers_and_ceo(
    sick_olga, api_client_for, viewer
):
    client = api_client_for(viewer)
    for query in ("", "?cell=Falcon", "?member=olga"):
        body = client.get(f"/api/v1/time-off/calendar.ics{query}").content.decode()
        assert "SUMMARY:Olga: off" in body
        assert ("DESCRIPTION:sick" in body) is SEES_KIND[viewer], (query, body)
        if not SEES_KIND[viewer]:
            assert "sick" not in body.lower()


@pytest.mark.parametrize("viewer", sorted(SEES_KIND))
def test_finding_8_pages_show_sick_only_to_the_member_managers_and_ceo(sick_olga, viewer):
    web = _login(viewer)
    for url in (f"/time-off/{sick_olga}/", "/time-off/calendar/?cell=Falcon"):
        page = web.get(url).content.decode()
        assert ("Sick" in page or "sick" in page) is SEES_KIND[viewer], url
    if viewer in ("paul", "sam"):  # the booking panel names the cell's others away
        day = api.get_time_off(sick_olga).start
        panel = web.get(
            f"/time-off/check/?member={viewer}&kind=off&start={day}&end={day}"
        ).content.decode()
        assert "Olga" in panel
        assert ("Olga (sick)" in panel) is SEES_KIND[viewer]


def test_finding_7_django_server_and_request_loggers_carry_the_filter():
    """settings.LOGGING: runserver's request lines and django.request pass RedactSecrets."""
    from cellops.web.logs import RedactSecrets

    for name in ("django.server", "django.request"):
        logger = logging.getLogger(name)
        assert any(isinstance(f, RedactSecrets) for f in logger.filters), name
    server = logging.getLogger("django.server")
    ours = [h for h in server.handlers if type(h) is logging.StreamHandler]
    assert ours and all(any(isinstance(f, RedactSecrets) for f in h.filters) for h in ours)


def test_finding_7_a_request_served_by_cellops_serve_logs_no_key(tmp_path):
    """The real thing: `cellops serve` (gunicorn) answers a feed request; its access log line
    shows the path with `key=[redacted]`, never the secret."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "CELLOPS_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cellops.sqlite3'}",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    cellops = str(Path(sys.executable).with_name("cellops"))
    log = (tmp_path / "serve.log").open("w+")
    server = subprocess.Popen(
        [cellops, "serve", "--port", str(port), "--workers", "1"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=tmp_path,
    )
    url = f"http://127.0.0.1:{port}/api/v1/time-off/calendar.ics?cell=Falcon&key=s3cr3t-feed"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=5)
            except urllib.error.HTTPError:
                break  # answered (401/500 without a database): the request was served
            except OSError:
                time.sleep(0.2)
                continue
            break
        else:
            pytest.fail("cellops serve did not answer")
        time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=20)
    log.seek(0)
    output = log.read()
    log.close()
    assert "/api/v1/time-off/calendar.ics?cell=Falcon&key=[redacted]" in output, output
    assert "s3cr3t-feed" not in output


# --- the shared check, as pure rules ------------------------------------------


def _req(kind: Kind, start: date, end: date, hours: str | None = None):
    from cellops.time_off.data import Request

    return Request("olga", kind, start, end, hours_per_day=Decimal(hours) if hours else None)


def test_finding_1_TO_2_check_bounds_refuses_dates_outside_1970_2199_and_over_366_days():
    from cellops.time_off import rules

    assert rules.check_bounds(date(1970, 1, 1), date(1970, 12, 31)) == []
    year_one = rules.check_bounds(date(1, 1, 4), date(1, 1, 5))
    assert [(v.rule, v.extra["field"]) for v in year_one] == [("TO-2", "start"), ("TO-2", "end")]
    assert "between 1970-01-01 and 2199-12-31" in year_one[0].message
    assert [v.extra["field"] for v in rules.check_bounds(date(2199, 12, 1), date(9999, 1, 1))] == [
        "end"
    ]
    long = rules.check_bounds(date(2030, 1, 1), date(2031, 1, 2))
    assert [(v.rule, v.extra["field"]) for v in long] == [("TO-2", "end")]
    assert "366 days" in long[0].message
    assert rules.check_bounds(date(2030, 1, 1), date(2030, 12, 31) + timedelta(days=1)) == []


def test_finding_1_TO_1_check_entry_bounds_partial_hours_by_the_daily_hours():
    from cellops.time_off import rules

    monday = date(2030, 1, 7)
    eight = Decimal(8)
    assert rules.check_entry(_req(Kind.REDUCED, monday, monday, "7.5"), eight) == []
    for hours in ("8", "100", "0", "4.555"):
        found = rules.check_entry(_req(Kind.REDUCED, monday, monday, hours), eight)
        assert [(v.rule, v.extra["field"]) for v in found] == [("TO-1", "hours_per_day")], hours
    scoped = _req(Kind.SCOPED, monday, monday, "9")
    scoped = type(scoped)(**{**scoped.__dict__, "scope": "emergencies"})
    assert [v.rule for v in rules.check_entry(scoped, eight)] == ["TO-1"]
    saturday = monday - timedelta(days=2)
    assert [v.rule for v in rules.check_entry(_req(Kind.OFF, saturday, saturday), eight)] == [
        "TO-2"
    ]
    far = rules.check_entry(_req(Kind.REDUCED, date(9999, 1, 1), date(9999, 1, 1), "100"), eight)
    assert [v.extra["field"] for v in far] == ["start", "end"]  # bounds first, alone


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
