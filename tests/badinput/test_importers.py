"""Bad files at every importer: the .ics time-off import (API and command line)
and the worklog CSV import (command line).

Each file is fed to every importer, whatever its kind: the API must answer
below 500 with problem+json, the commands exit 0 or 2 with a message, never
a traceback.
"""

from __future__ import annotations

import pytest

from tests.badinput.clidoor import bad_input_failure, run
from tests.badinput.conftest import THROWN

ICS_HEAD = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n"
ICS_TAIL = b"END:VCALENDAR\r\n"


def _event(summary: bytes, start: bytes = b"20260309", end: bytes = b"20260310") -> bytes:
    return (
        b"BEGIN:VEVENT\r\nUID:1@x\r\nSUMMARY:"
        + summary
        + b"\r\nDTSTART;VALUE=DATE:"
        + start
        + b"\r\nDTEND;VALUE=DATE:"
        + end
        + b"\r\nEND:VEVENT\r\n"
    )


CSV_HEADER = b"Issue Key,Username,Work Date,Hours,Work Description\r\n"

FILES: dict[str, bytes] = {
    "empty": b"",
    "binary": bytes(range(256)) * 64,
    "NUL bytes": b"\x00" * 4096,
    "not UTF-8": b"\xff\xfe\xfa" * 100,
    "UTF-16 with a BOM": "BEGIN:VCALENDAR\r\n".encode("utf-16"),
    "truncated calendar": ICS_HEAD + b"BEGIN:VEVENT\r\nSUMMARY:Ada: off\r\n",
    "calendar with a NUL in a title": ICS_HEAD + _event(b"Ada\x00: off") + ICS_TAIL,
    "calendar with non-UTF-8 title": ICS_HEAD + _event(b"Ada \xff: off") + ICS_TAIL,
    "calendar with odd Unicode": ICS_HEAD + _event("Ad\u202ea²🦄: off".encode()) + ICS_TAIL,
    "calendar with malformed dates": ICS_HEAD + _event(b"Ada: off", b"2026-13-45", b"x") + ICS_TAIL,
    "calendar ending before it starts": ICS_HEAD
    + _event(b"Ada: off", b"20260310", b"20260301")
    + ICS_TAIL,
    "calendar with nested components": ICS_HEAD
    + b"BEGIN:VEVENT\r\n" * 2000
    + b"END:VEVENT\r\n" * 2000
    + ICS_TAIL,
    "calendar with a huge title": ICS_HEAD + _event(b"Ada: off " + b"x" * 500_000) + ICS_TAIL,
    "calendar with many events": ICS_HEAD + _event(b"Nobody: off") * 3000 + ICS_TAIL,
    "CSV header only": CSV_HEADER,
    "CSV with a huge field": CSV_HEADER + b'X-1,ada,2026-03-09,1,"' + b"x" * 200_000 + b'"\r\n',
    "CSV with an unclosed quote": CSV_HEADER + b'X-1,ada,2026-03-09,1,"oops\r\n',
    "CSV with NUL bytes": CSV_HEADER + b"X-1,ada\x00,2026-03-09,1,n\r\n",
    "CSV with odd values": CSV_HEADER
    + "LYNX-²,ad\u202ea,9999-12-31,-99999999999999999999,🦄\r\n".encode()
    + b"X-1,ada,0001-01-01,1e309,n\r\nX-1,ada,2026-02-30,NaN,n\r\n",
    "CSV with ragged rows": CSV_HEADER + b"X-1\r\nX-1,ada,2026-03-09,1,n,extra,extra\r\n",
    "CSV with a duplicate header": b"Hours,Hours,Username\r\n1,2,ada\r\n",
}


@pytest.mark.parametrize("what", list(FILES))
def test_a_bad_file_at_every_importer_is_refused_cleanly(admin_client, tmp_path, what):
    content = FILES[what]
    path = tmp_path / "upload.data"
    path.write_bytes(content)
    failures = []
    for argv in (["import", "time-off", str(path)], ["import", "worklogs", str(path)]):
        status, _out, err = run(argv)
        failure = bad_input_failure(argv, status, err)
        if failure:
            failures.append(failure)
    THROWN["importers"] += 1
    response = admin_client.post("/api/v1/time-off/import", content, content_type="text/calendar")
    if response.status_code >= 500:
        failures.append(f"POST /api/v1/time-off/import: {response.status_code}")
    elif response.status_code >= 400 and not response["Content-Type"].startswith(
        "application/problem+json"
    ):
        failures.append(f"POST /api/v1/time-off/import: {response['Content-Type']}")
    assert not failures, "\n".join(failures)


def test_a_missing_file_and_a_directory_exit_2(organisation, tmp_path):
    for kind in ("time-off", "worklogs"):
        status, _out, err = run(["import", kind, str(tmp_path / "none.ics")])
        assert status == 2 and "there is no such file" in err
        status, _out, err = run(["import", kind, str(tmp_path)])
        assert status == 2 and "this is a directory" in err


def test_a_worklog_csv_field_past_the_csv_limit_exits_2_naming_the_line(organisation, tmp_path):
    path = tmp_path / "worklogs.csv"
    path.write_bytes(
        CSV_HEADER
        + b"X-1,ada,2026-03-09,1,n\r\n"
        + b'X-1,ada,2026-03-09,1,"'
        + b"x" * 200_000
        + b'"\r\n'
    )
    status, _out, err = run(["import", "worklogs", str(path)])
    assert status == 2
    assert "line 3 is longer than 100,000 characters" in err


def test_a_worklog_csv_field_spanning_lines_past_the_csv_limit_exits_2_naming_the_line(
    organisation, tmp_path
):
    path = tmp_path / "worklogs.csv"
    path.write_bytes(
        CSV_HEADER
        + b"X-1,ada,2026-03-09,1,n\r\n"
        + b'X-1,ada,2026-03-09,1,"'
        + (b"x" * 50_000 + b"\n") * 3
        + b'"\r\n'
    )
    status, _out, err = run(["import", "worklogs", str(path)])
    assert status == 2
    assert "not readable CSV (field larger than field limit (131072))" in err
    assert "line " in err


@pytest.mark.parametrize("hours", ["NaN", "nan"])
def test_worklog_hours_that_are_not_a_number_are_a_bad_line(organisation, tmp_path, hours):
    path = tmp_path / "worklogs.csv"
    path.write_bytes(CSV_HEADER + f"X-1,ada,2026-03-09,{hours},n\r\n".encode())
    status, _out, err = run(["import", "worklogs", str(path)])
    assert status == 2
    assert "worklogs.csv:2: hours: give the hours worked: more than 0 and at most 24" in err


def test_a_nul_in_a_worklog_csv_member_or_ticket_is_a_bad_line_naming_the_column(
    organisation, tmp_path
):
    path = tmp_path / "worklogs.csv"
    path.write_bytes(CSV_HEADER + b"X-1,ada\x00,2026-03-09,1,n\r\nX\x00-1,ada,2026-03-09,1,n\r\n")
    status, _out, err = run(["import", "worklogs", str(path)])
    assert status == 2
    assert "worklogs.csv:2: member: the member contains a NUL character" in err
    assert "worklogs.csv:3: ticket: the ticket contains a NUL character" in err
