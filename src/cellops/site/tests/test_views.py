"""Core pages and the error paths of the JSON API."""

from __future__ import annotations

import pytest
from django.urls import reverse

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
    token = api.tokens_of("ada")[0]
    assert token.prefix in html and "shown only now" in html
    assert "shown only now" not in client.get(reverse("core:account")).content.decode()
    client.post(reverse("core:revoke_token", args=[token.id]))
    assert api.tokens_of("ada")[0].revoked_at is not None


def test_someone_cannot_revoke_another_persons_token(client, make_member, django_user_model):
    """Revoking names the owner: another person's token id is not found, nothing changes."""
    make_member("ada")
    make_member("bob")
    bobs = api.create_token("bob")
    client.force_login(django_user_model.objects.get(username="ada"))
    client.post(reverse("core:revoke_token", args=[bobs.info.id]))
    assert api.tokens_of("bob")[0].revoked_at is None


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
