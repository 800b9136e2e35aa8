"""Issue #15 through the JSON door: `POST /api/v1/worklogs/import` takes the CLI's
`--date-format` as `date_format` (day-first/dmy, month-first/mdy, iso) and refuses a date
that reads both ways when none is given — with the committed US-locale Tempo sample."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cellops.billing import models
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.sprints import api as sprints_api

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parent / "samples"
US = (SAMPLES / "tempo-us-locale.csv").read_bytes()
URL = "/api/v1/worklogs/import"
MONTH_FIRST = [
    ("FALC-1", "ada", date(2026, 3, 5), Decimal("2.50"), "Filter UI, tests"),
    ("FALC-1", "bob", date(2026, 3, 13), Decimal("1.25"), "Review"),
    ("FALC-2", "ada", date(2026, 3, 6), Decimal("4.00"), "Export"),
]


def _logged() -> list[tuple[str, str, date, Decimal, str]]:
    return sorted(
        models.Worklog.objects.values_list(
            "ticket__key", "member__user__username", "date", "hours", "note"
        )
    )


@pytest.fixture
def tickets(make_member):
    make_member("ada", cell="Falcon", first_name="Ada")
    make_member("bob", cell="Falcon", first_name="Bob")
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    for key in ("FALC-1", "FALC-2"):
        sprints_api.create_ticket(
            Actor.system("test"), key=key, title=key, cell="Falcon", account="Hedera LMS"
        )


def _post(client, query: str = "", body: bytes = US):
    return client.post(f"{URL}{query}", body, content_type="text/csv")


def test_without_a_date_format_the_ambiguous_dates_are_refused_with_line_and_column(
    tickets, admin_api
):
    answer = _post(admin_api)
    assert answer.status_code == 200
    body = answer.json()
    assert (body["imported"], body["bad_count"], body["skipped_bad"]) == (0, 2, False)
    assert [(b["line"], b["column"]) for b in body["bad"]] == [(2, "date"), (4, "date")]
    assert "'03/05/2026 9:00 AM' could be 3 May 2026" in body["bad"][0]["message"]
    assert _logged() == []


@pytest.mark.parametrize("name", ["mdy", "month-first"])
def test_a_us_locale_export_imports_month_first_when_the_api_is_told(tickets, admin_api, name):
    answer = _post(admin_api, f"?date_format={name}")
    assert answer.status_code == 200
    assert answer.json() == {"imported": 3, "bad": [], "bad_count": 0, "skipped_bad": False}
    assert _logged() == MONTH_FIRST


@pytest.mark.parametrize("name", ["dmy", "day-first"])
def test_day_first_on_the_us_file_refuses_the_13th_month_and_skip_bad_keeps_the_rest(
    tickets, admin_api, name
):
    refused = _post(admin_api, f"?date_format={name}").json()
    assert (refused["imported"], [(b["line"], b["column"]) for b in refused["bad"]]) == (
        0,
        [(3, "date")],
    )
    assert _logged() == []
    skipped = _post(admin_api, f"?date_format={name}&skip_bad=true").json()
    assert (skipped["imported"], skipped["skipped_bad"]) == (2, True)
    assert [(k, d) for k, _, d, _, _ in _logged()] == [
        ("FALC-1", date(2026, 5, 3)),
        ("FALC-2", date(2026, 6, 3)),
    ]


def test_iso_refuses_the_numeric_dates_and_reads_an_iso_file(tickets, admin_api):
    refused = _post(admin_api, "?date_format=iso").json()
    assert refused["imported"] == 0 and refused["bad_count"] == 3
    assert "ISO" in refused["bad"][0]["message"]
    iso = b"Issue Key,Username,Work date,Hours\nFALC-2,bob,2026-03-05 09:00,1.5\n"
    assert _post(admin_api, "?date_format=iso", iso).json()["imported"] == 1
    assert _logged() == [("FALC-2", "bob", date(2026, 3, 5), Decimal("1.50"), "")]


def test_an_unknown_date_format_is_422_naming_the_parameter(tickets, admin_api):
    answer = _post(admin_api, "?date_format=ymd")
    assert answer.status_code == 422
    assert answer["Content-Type"].startswith("application/problem+json")
    assert "date_format" in answer.json()["detail"]
    assert _logged() == []


@pytest.mark.parametrize(
    "body",
    [
        "Issue Key,Username,Work date,Hours\nFALC-1,ada,2026-03-05,1 é\n".encode("latin-1"),
        b"Issue Key,Username,Work date,Hours\nFALC-1,ada,2026-03-05,1\n" + b"\xe9",
    ],
    ids=["latin-1 in a row", "a cut character at the end"],
)
def test_a_body_that_is_not_utf8_is_422_naming_it(tickets, admin_api, body):
    answer = _post(admin_api, body=body)
    assert answer.status_code == 422, answer.content
    assert answer.json()["detail"].startswith("body: not UTF-8 text")
    assert _logged() == []


@pytest.mark.parametrize("query", ["", "?skip_bad=true"])
def test_a_body_with_no_worklog_columns_is_422_naming_it_even_with_skip_bad(
    tickets, admin_api, query
):
    answer = _post(admin_api, query, body=b"{}")
    assert answer.status_code == 422, answer.content
    assert answer.json()["detail"].startswith("body: no ticket column")
    assert _logged() == []


def test_a_body_declared_larger_than_the_limit_is_413_before_a_line_is_read(tickets, admin_api):
    from cellops.billing import api

    answer = admin_api.post(
        URL,
        US,
        content_type="text/csv",
        headers={"Content-Length": str(api.MAX_FILE_BYTES + 1)},
    )
    assert answer.status_code == 413 and "import limit" in answer.json()["detail"]
    assert _logged() == []


def test_the_api_and_the_command_read_the_sample_alike(tickets, admin_api):
    """The same file, the same format: the same worklogs by either door; and the same
    refusal with none (the CLI exits 2 listing the lines the API lists)."""
    path = str(SAMPLES / "tempo-us-locale.csv")
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import", "worklogs", path, stderr=err)
    assert refused.value.returncode == 2
    api_bad = _post(admin_api).json()["bad"]
    assert [f"tempo-us-locale.csv:{b['line']}: date: {b['message']}" for b in api_bad] == (
        err.getvalue().splitlines()
    )
    call_command("import", "worklogs", path, "--date-format", "mdy", stdout=io.StringIO())
    by_command = _logged()
    models.Worklog.objects.all().delete()
    assert _post(admin_api, "?date_format=mdy").json()["imported"] == 3
    assert _logged() == by_command == MONTH_FIRST


def test_a_member_imports_their_own_rows_and_not_someone_elses(tickets, api_client_for):
    answer = _post(api_client_for("ada"), "?date_format=mdy").json()
    assert (answer["imported"], [(b["line"], b["column"]) for b in answer["bad"]]) == (
        0,
        [(3, "member")],
    )
    assert _logged() == []


def test_an_anonymous_client_is_401(tickets, client):
    assert _post(client, "?date_format=mdy").status_code == 401
    assert _logged() == []
