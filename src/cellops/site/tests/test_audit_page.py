"""The audit log page (issue #14 item 16): pages, filters by person, object and days, changes
as "field: before → after", times in the viewer's zone, and a CSV of the same filters."""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from cellops.platform.api import record_audit
from cellops.platform.models import AuditEntry

pytestmark = pytest.mark.django_db

WHEN = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # Tue 1 Dec 00:30 in Berlin


@pytest.fixture
def auditor(client, make_member, django_user_model):
    """An administrator who is a member in Berlin, logged in; the log holds only what the
    test writes, at times the test sets."""
    make_member("olga", first_name="Olga", last_name="Petrova", timezone="Europe/Berlin")
    make_member("dmitri", first_name="Dmitri", last_name="Volkov")
    user = django_user_model.objects.get(username="olga")
    user.is_superuser = user.is_staff = True
    user.save()
    AuditEntry.objects.all().delete()
    client.force_login(user)
    return client


def _write(n: int, actor: str, object_type: str, object_id: str, changes: dict, at: datetime):
    before = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    for _ in range(n):
        record_audit(actor, "ticket.update", object_type, object_id, changes)
    AuditEntry.objects.filter(id__gt=before).update(at=at)


def _rows(html: str) -> list[str]:
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r)).strip() for r in body.split("</tr>")[:-1]
    ]


def test_issue_14_item_16_changes_read_field_before_after_with_names_and_the_viewers_zone(
    auditor,
):
    _write(1, "dmitri", "ticket", "FALC-1", {"status": ["Backlog", "Done"]}, WHEN)
    html = auditor.get(reverse("core:audit")).content.decode()
    [row] = _rows(html)
    assert row == (
        "Tue 1 Dec 2026, 00:30 (Europe/Berlin) Dmitri Volkov ticket.update ticket FALC-1 "
        "status: Backlog → Done"
    )
    assert '<span class="person" title="dmitri">Dmitri Volkov</span>' in html
    assert "{&#x27;status&#x27;" not in html and "{'status'" not in html
    assert 'datetime="2026-11-30T23:30:00+00:00"' in html
    assert "when (Europe/Berlin)" in html


def test_issue_14_item_16_the_log_pages_by_fifty_newest_first(auditor):
    _write(30, "dmitri", "ticket", "FALC-1", {"status": ["Backlog", "Done"]}, WHEN)
    _write(30, "olga", "ticket", "FALC-2", {"status": ["Done", "Backlog"]}, WHEN + timedelta(1))
    html = auditor.get(reverse("core:audit")).content.decode()
    assert "Writes 1–50 of 60 · page 1 of 2" in html
    rows = _rows(html)
    assert len(rows) == 50 and all("FALC-2" in r for r in rows[:30])
    assert '<a href="?page=2" rel="next">Older writes' in html and 'rel="prev"' not in html
    html = auditor.get(reverse("core:audit"), {"page": "2"}).content.decode()
    assert "Writes 51–60 of 60 · page 2 of 2" in html
    assert len(_rows(html)) == 10 and all("FALC-1" in r for r in _rows(html))
    assert '<a href="?page=1" rel="prev">Newer writes' in html and 'rel="next"' not in html
    # past the last page is the last page; nonsense is the first
    assert "page 2 of 2" in auditor.get(reverse("core:audit"), {"page": "99"}).content.decode()
    assert "page 1 of 2" in auditor.get(reverse("core:audit"), {"page": "x"}).content.decode()


def test_issue_14_item_16_filters_by_person_object_and_days_and_the_csv_follows(auditor):
    _write(2, "dmitri", "ticket", "FALC-1", {"status": ["Backlog", "Done"]}, WHEN)
    _write(1, "dmitri", "ticket", "FALC-2", {"status": ["Done", "Backlog"]}, WHEN + timedelta(2))
    _write(1, "olga", "sprint", "Falcon/24", {"moved": ["FALC-1"]}, WHEN + timedelta(3))
    url = reverse("core:audit")
    html = auditor.get(url, {"person": "dmitri"}).content.decode()
    assert len(_rows(html)) == 3 and "Writes 1–3 of 3 matching the filters" in html
    assert '<option value="dmitri" selected>Dmitri Volkov (dmitri)</option>' in html
    html = auditor.get(url, {"type": "sprint"}).content.decode()
    assert [r.split(" sprint ")[1] for r in _rows(html)] == ["Falcon/24 moved: FALC-1"]
    html = auditor.get(url, {"object": "FALC-1"}).content.decode()
    assert len(_rows(html)) == 2
    # days are whole days in the viewer's zone: 23:30 UTC on 30 Nov is 1 Dec in Berlin
    query = {"person": "dmitri", "from": "2026-12-01", "to": "2026-12-02"}
    html = auditor.get(url, query).content.decode()
    assert [r.split(" ticket ")[1] for r in _rows(html)] == ["FALC-1 status: Backlog → Done"] * 2
    assert 'value="2026-12-01"' in html and 'type="date"' in html
    link = "/api/v1/audit.csv?person=dmitri&amp;from=2026-12-01&amp;to=2026-12-02"
    assert f'<a href="{link}" download>' in html
    rows = list(
        csv.DictReader(auditor.get(link.replace("&amp;", "&")).content.decode().splitlines())
    )
    assert [(r["actor"], r["object_id"], r["at"]) for r in rows] == [
        ("dmitri", "FALC-1", "2026-11-30T23:30:00+00:00")
    ] * 2
    # the CSV holds every page of the filters, not only the first
    _write(60, "olga", "ticket", "FALC-3", {}, WHEN)
    everything = auditor.get("/api/v1/audit.csv?person=olga").content.decode().splitlines()
    assert len(everything) == 1 + 61


def test_issue_14_item_16_a_bad_filter_is_shown_on_its_field_and_kept(auditor):
    _write(1, "dmitri", "ticket", "FALC-1", {}, WHEN)
    response = auditor.get(
        reverse("core:audit"), {"from": "2026-12-05", "to": "2026-12-01", "object": "FALC-1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_to">To</a>: Give a day on or after the first one.' in html
    assert 'value="2026-12-05"' in html and 'value="FALC-1"' in html
    response = auditor.get("/api/v1/audit.csv?from=2026-12-05&to=2026-12-01")
    assert response.status_code == 422 and "to" in response.content.decode()
    html = auditor.get(reverse("core:audit"), {"person": "nobody"}).content.decode()
    assert '<a href="#id_person">Person</a>: Select a valid choice.' in html
