"""Recruitment pages: the public form (no login, no JavaScript needed), the round page."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from cellops.org import api as org_api
from cellops.org.data import Role
from cellops.recruitment import api
from cellops.recruitment.data import CellNeed

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Ana Lima",
    "email": "ana@example.com",
    "timezone": "UTC-3",
    "contributions": "https://github.com/openedx/edx-platform/pull/123\n",
    "years_experience": "5",
    "python": "Eight years.",
    "django": "Six years.",
    "react": "Two years.",
    "motivation": "Open edX.",
    "website": "",
}


@pytest.fixture
def round_id(make_member):
    make_member("ceo", roles=(Role.CEO,))
    make_member("rita", roles=(Role.RECRUITMENT_MANAGER,))
    make_member("dev")
    return api.open_round(org_api.actor_named("ceo"), "Spring", [CellNeed("Falcon", 2)]).id


def _as(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_RC_1_a_candidate_applies_without_logging_in(round_id):
    client = Client()
    assert client.get(reverse("recruitment:apply")).status_code == 200
    sent = client.post(reverse("recruitment:apply"), FORM)
    assert sent.status_code == 302 and sent["Location"] == reverse("recruitment:thanks")
    assert [c.name for c in api.candidatures(org_api.actor_named("rita"))] == ["Ana Lima"]


def test_a_refusal_keeps_what_was_typed_and_names_the_field(round_id):
    answer = Client().post(reverse("recruitment:apply"), {**FORM, "contributions": ""})
    assert answer.status_code == 422
    page = answer.content.decode()
    assert "tick &#x27;I have none&#x27;" in page
    assert "Eight years." in page  # kept


def test_a_duplicate_is_refused_kindly_and_the_honeypot_stores_nothing(round_id):
    client = Client()
    client.post(reverse("recruitment:apply"), FORM)
    again = client.post(reverse("recruitment:apply"), FORM)
    assert again.status_code == 422
    assert "no need to send it again" in again.content.decode()
    robot = client.post(reverse("recruitment:apply"), {**FORM, "email": "b@x.io", "website": "x"})
    assert robot.status_code == 302
    assert len(api.candidatures(org_api.actor_named("rita"))) == 1


def test_RC_1_RC_2_the_round_page_counts_by_status_and_claims_my_share(round_id):
    Client().post(reverse("recruitment:apply"), FORM)
    client = _as("rita")
    page = client.get(reverse("recruitment:round", args=[round_id])).content.decode()
    assert "1 unassigned candidature;" in page and "Claim my share" in page
    done = client.post(reverse("recruitment:claim", args=[round_id]), follow=True)
    assert "You claimed 1 candidature." in done.content.decode()
    assert "Ana Lima" in done.content.decode()
    assert "Your next claim is possible from" in done.content.decode()


def test_RC_7_a_developer_gets_404_for_the_round_page(round_id):
    assert _as("dev").get(reverse("recruitment:round", args=[round_id])).status_code == 404
    assert "Spring" not in _as("dev").get(reverse("recruitment:rounds")).content.decode()
