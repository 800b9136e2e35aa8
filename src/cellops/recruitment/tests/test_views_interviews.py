"""The candidature page (RC-3 to RC-7), the .ics download (RC-6) and closing a round (RC-1)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cellops.org import api as org_api
from cellops.recruitment import api
from cellops.recruitment.data import Clarity, Contribution, Grade, Preselection
from cellops.recruitment.tests.test_views import FORM, _as, round_id  # noqa: F401

pytestmark = pytest.mark.django_db

SOON = (timezone.now() + timedelta(days=2)).replace(hour=15, minute=0, second=0, microsecond=0)


@pytest.fixture
def interviewed(round_id):  # noqa: F811
    _as("dev").logout()
    from django.test import Client

    Client().post(reverse("recruitment:apply"), FORM)
    rita = org_api.actor_named("rita")
    (cid,) = api.claim(rita, round_id).claimed
    pr = Contribution("https://github.com/openedx/edx-platform/pull/123", True, True, True, 99, 99)
    api.preselect(
        rita,
        cid,
        Preselection(pr, True, Clarity.CLEAR, Clarity.CLEAR, Clarity.DOUBT, 5),
    )
    api.schedule_interview(rita, cid, SOON, "rita")
    api.record_grades(
        rita, cid, [Grade(k, 4, f"{k} ok") for k, _ in api.criteria()], "https://rec.example/1"
    )
    return cid


def test_RC_6_the_candidature_page_shows_the_interview_scorecard_and_script(interviewed):
    page = _as("rita").get(reverse("recruitment:candidature", args=[interviewed]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Ana Lima" in text and "ana@example.com" in text
    assert f"{SOON:%a} {SOON.day} {SOON:%b %Y}, 15:00 UTC" in text
    assert "React?" in text  # RC-4's skills field
    assert "code_exercise ok" in text and "The code exercise" in text
    assert "The interview script (private)" in text and "Code exercise (10 min)" in text
    assert "https://rec.example/1" in text


@pytest.mark.parametrize("who", ["dev"])
def test_RC_7_anyone_else_gets_404_for_the_page_and_the_ics(interviewed, who):
    client = _as(who)
    assert client.get(reverse("recruitment:candidature", args=[interviewed])).status_code == 404
    assert client.get(reverse("recruitment:invitation", args=[interviewed])).status_code == 404


def test_RC_6_the_ics_downloads_from_the_candidature_page(interviewed):
    answer = _as("ceo").get(reverse("recruitment:invitation", args=[interviewed]))
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/calendar")
    unfolded = answer.content.replace(b"\r\n ", b"")
    assert b"METHOD:REQUEST" in unfolded and b"mailto:ana@example.com" in unfolded


def test_RC_1_the_ceo_closes_the_round_and_the_page_shows_it_closed(interviewed, round_id):  # noqa: F811
    url = reverse("recruitment:round", args=[round_id])
    assert "Close the round" not in _as("rita").get(url).content.decode()
    _as("rita").post(reverse("recruitment:close", args=[round_id]))
    assert api.round_counts(org_api.actor_named("ceo"), round_id).round.state == "open"
    assert "Close the round" in _as("ceo").get(url).content.decode()
    _as("ceo").post(reverse("recruitment:close", args=[round_id]))
    text = _as("rita").get(url).content.decode()
    assert "closed</strong> on" in text and "1 still in progress go on" in text
    assert "Close the round</button>" not in _as("ceo").get(url).content.decode()
