"""Core pages and the error paths of the JSON API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cellops.kernel.actor import Actor
from cellops.platform import api

pytestmark = pytest.mark.django_db


def test_the_login_page_labels_its_fields(client):
    """The login form is reachable anonymously and every field has a label."""
    html = client.get(reverse("core:login")).content.decode()
    assert '<label for="id_username">' in html and '<label for="id_password">' in html


def test_home_lists_what_needs_me(client, admin_user):
    """The home page answers for a logged-in person with its heading."""
    client.force_login(admin_user)
    html = client.get(reverse("core:home")).content.decode()
    assert "<h1>What needs me now</h1>" in html


def test_the_account_page_creates_shows_once_and_revokes_a_token(
    client, make_member, django_user_model
):
    """A token made on the page is shown once, then listed by prefix and revocable."""
    make_member("ada")
    client.force_login(django_user_model.objects.get(username="ada"))
    html = client.post(reverse("core:account"), {"name": "script"}).content.decode()
    token = api.tokens_of(Actor.system(), "ada")[0]
    assert token.prefix in html and "shown only now" in html
    assert "shown only now" not in client.get(reverse("core:account")).content.decode()
    client.post(reverse("core:revoke_token", args=[token.id]))
    assert api.tokens_of(Actor.system(), "ada")[0].revoked_at is not None


def test_someone_cannot_revoke_another_persons_token(client, make_member, django_user_model):
    """Revoking names the owner: another person's token id is not found, nothing changes."""
    make_member("ada")
    make_member("bob")
    bobs = api.create_token(Actor.system(), username="bob")
    client.force_login(django_user_model.objects.get(username="ada"))
    client.post(reverse("core:revoke_token", args=[bobs.info.id]))
    assert api.tokens_of(Actor.system(), "bob")[0].revoked_at is None


def test_the_audit_log_is_for_administrators_only(
    client, admin_user, make_member, django_user_model
):
    """Administrators read the audit log; a member gets 403."""
    make_member("ada")
    client.force_login(django_user_model.objects.get(username="ada"))
    assert client.get(reverse("core:audit")).status_code == 403
    client.force_login(admin_user)
    html = client.get(reverse("core:audit")).content.decode()
    assert "member.create" in html


def test_an_unknown_page_is_a_friendly_404(client, admin_user):
    """Pages outside the API answer an HTML 404 page with the site layout."""
    client.force_login(admin_user)
    response = client.get("/no/such/page/")
    assert response.status_code == 404 and b"Page not found" in response.content


def test_a_stale_session_post_to_the_api_without_csrf_is_refused_as_problem_json(admin_user):
    """A session-authenticated write without its CSRF token is a 403 in problem+json."""
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(admin_user)
    response = csrf_client.post("/api/v1/cells", {"name": "X"}, content_type="application/json")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_malformed_json_is_a_4xx_problem(admin_api):
    """A body that is not JSON is refused with a 4xx, never a 500."""
    response = admin_api.post("/api/v1/cells", "{not json", content_type="application/json")
    assert response.status_code == 422 and "body" in response.json()["detail"]
    assert response["Content-Type"] == "application/problem+json"


def test_issue_14_a_403_says_who_may_in_words_and_logs_one_line(
    client, make_member, django_user_model, caplog
):
    """The audit log refused to a member: the page never says "these roles may do this:
    none", and Django's request log keeps one warning line, with no traceback."""
    import logging

    make_member("ada")
    client.force_login(django_user_model.objects.get(username="ada"))
    with caplog.at_level(logging.INFO, logger="django.request"):
        response = client.get(reverse("core:audit"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "Only administrators may do this: no role gives it, so none of yours does." in html
    assert "none." not in html and "may do this: none" not in html
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelno == logging.WARNING and record.exc_info is None
    line = logging.Formatter().format(record)
    assert line == "Forbidden (Permission denied): /audit/" and "Traceback" not in line


def test_the_audit_csv_has_the_entries_of_the_filtered_audit_page(
    client, admin_user, make_member, django_user_model
):
    """Issue #15: the audit page links its filtered entries as CSV, administrators only."""
    import csv
    import json

    make_member("ada")
    make_member("bob")
    client.force_login(admin_user)
    html = client.get(reverse("core:audit"), {"type": "member"}).content.decode()
    link = "/api/v1/audit.csv?type=member"
    assert f'<a href="{link}" download>Download CSV' in html
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(response.content.decode().splitlines()))
    assert rows and {r["object_type"] for r in rows} == {"member"}
    assert [r["action"] for r in rows].count("member.create") == 2
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    lines = body.split("</tr>")[:-1]
    assert len(lines) == len(rows)
    for r, line in zip(rows, lines, strict=True):  # the page's order, newest first
        assert f'datetime="{r["at"]}"' in line and f"<td>{r['actor']}</td>" in line
        assert f"<code>{r['action']}</code>" in line
        assert f"<td>{r['object_type']} {r['object_id']}</td>" in line
        assert json.loads(r["changes"]) is not None
    everything = list(csv.DictReader(client.get("/api/v1/audit.csv").content.decode().splitlines()))
    assert [r for r in everything if r["object_type"] == "member"] == rows
    assert json.loads(rows[-1]["changes"]) == json.loads(
        next(r["changes"] for r in everything if r["at"] == rows[-1]["at"])
    )
    assert len(everything) > len(rows), {r["object_type"] for r in everything}
    client.force_login(django_user_model.objects.get(username="ada"))
    assert client.get(link).status_code == 403
