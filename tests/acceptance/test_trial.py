"""Acceptance: the newcomers' trial rules (RULES.md § TR), one scenario per rule ID.

Each scenario goes through HTTP as a client would: the JSON API with a
personal bearer token (API.md § Newcomers' trial). TR-7's milestones have no
JSON endpoint in API.md; they are shown on the trial timeline page, so that
scenario reads the page, logged in, and checks it against the API's dates.

The calendar is the default one: sprint 1 starts on Monday 2026-01-05 and
sprints last two weeks (sprint 2 on 2026-01-19, 3 on 2026-02-02, 4 on
2026-02-16, 5 on 2026-03-02).
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from cellops.org.data import MemberStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentor(make_member, api_client_for):
    """A core member's API client, authenticated with a bearer token."""
    make_member("mentor", first_name="Maria", last_name="Santos")
    return api_client_for("mentor")


def _schedule(client, start: str) -> dict:
    response = client.get("/api/v1/trial/schedule", {"start": start})
    assert response.status_code == 200, response.content
    return response.json()


def test_TR_1_trial_ends_56_days_after_the_start_with_reviews_due_7_days_earlier(mentor):
    """A newcomer starting Wednesday 2026-01-14 ends on 2026-03-11, reviews due 2026-03-04."""
    schedule = _schedule(mentor, "2026-01-14")
    assert schedule["start_date"] == "2026-01-14"
    assert schedule["end_of_trial"] == "2026-03-11"
    assert schedule["review_deadline"] == "2026-03-04"


def test_TR_2_screening_is_due_on_day_13_of_the_first_complete_sprint(mentor):
    """Starting on sprint 1's day 0 → 2026-01-18; starting on its day 2 → sprint 2's day 13."""
    assert _schedule(mentor, "2026-01-05")["screening_review_due"] == "2026-01-18"
    assert _schedule(mentor, "2026-01-07")["screening_review_due"] == "2026-02-01"
    assert _schedule(mentor, "2026-01-19")["screening_review_due"] == "2026-02-01"


def test_TR_4_an_extension_lasts_2_or_4_sprints_from_the_121_and_nothing_else(mentor):
    """121 on 2026-03-04: 2 sprints end 2026-04-01 (reviews 03-25), 4 end 04-29 (04-22); 3 is refused."""
    two = mentor.get("/api/v1/trial/extension", {"date_of_121": "2026-03-04", "sprints": 2})
    assert two.json() == {"end_of_extension": "2026-04-01", "review_deadline": "2026-03-25"}
    four = mentor.get("/api/v1/trial/extension", {"date_of_121": "2026-03-04", "sprints": 4})
    assert four.json() == {"end_of_extension": "2026-04-29", "review_deadline": "2026-04-22"}
    three = mentor.get("/api/v1/trial/extension", {"date_of_121": "2026-03-04", "sprints": 3})
    assert three.status_code == 422
    assert three["Content-Type"] == "application/problem+json"
    assert [(v["rule"], v["field"]) for v in three.json()["violations"]] == [("TR-4", "sprints")]


def test_TR_5_the_developer_review_goes_in_the_last_sprint_or_the_one_before_the_deadlines(
    mentor,
):
    """Day-0 start → last sprint of the trial (4); mid-sprint starts → the sprint before the deadline's."""
    on_day_0 = _schedule(mentor, "2026-01-05")["developer_review_sprint"]
    assert on_day_0 == {"number": 4, "start": "2026-02-16", "end": "2026-03-01"}
    deadline_in_sprint_5 = _schedule(mentor, "2026-01-14")
    assert deadline_in_sprint_5["review_deadline"] == "2026-03-04"
    assert deadline_in_sprint_5["developer_review_sprint"]["number"] == 4
    deadline_in_sprint_4 = _schedule(mentor, "2026-01-08")
    assert deadline_in_sprint_4["review_deadline"] == "2026-02-26"
    assert deadline_in_sprint_4["developer_review_sprint"] == {
        "number": 3,
        "start": "2026-02-02",
        "end": "2026-02-15",
    }


def test_TR_6_clean_sprints_are_half_two_thirds_or_three_quarters(mentor):
    """2 of 4 for an initial trial, 5 of 8 extended, 6 of 8 for core members; 0 sprints refused."""
    answers = {
        (sprints, kind): mentor.get(
            "/api/v1/trial/clean-sprints", {"sprints": sprints, "kind": kind}
        ).json()
        for sprints, kind in [(4, "initial"), (8, "extended"), (8, "core"), (6, "extended")]
    }
    assert answers == {
        (4, "initial"): {"required": 2},
        (8, "extended"): {"required": 5},
        (8, "core"): {"required": 6},
        (6, "extended"): {"required": 4},
    }
    refused = mentor.get("/api/v1/trial/clean-sprints", {"sprints": 0, "kind": "initial"})
    assert refused.status_code == 422
    assert [(v["rule"], v["field"]) for v in refused.json()["violations"]] == [("TR-6", "sprints")]


def test_TR_7_the_timeline_shows_weeks_2_3_4_7_8_and_11_12_for_an_extension(
    mentor, make_member, client, django_user_model
):
    """Ada started 2026-01-07; her page shows the API's dates as the week 2, 7, 8 milestones,
    with points (week 3) and breadth (week 4), and an extension's weeks 11 and 12."""
    make_member("ada", status=MemberStatus.NEWCOMER, start_date=date(2026, 1, 7))
    schedule = _schedule(mentor, "2026-01-07")
    extension = mentor.get(
        "/api/v1/trial/extension",
        {"date_of_121": schedule["end_of_trial"], "sprints": 2},
    ).json()
    client.force_login(django_user_model.objects.get(username="mentor"))
    page = client.get(
        "/trial/", {"newcomer": "ada", "date_of_121": schedule["end_of_trial"], "sprints": 2}
    )
    assert page.status_code == 200
    rows = re.findall(
        r'<th scope="row">([^<]+)</th>\s*<td class="num">(\d+)</td>\s*<td><time datetime="([\d-]+)"',
        page.content.decode(),
    )
    assert rows == [
        ("Screening review", "2", schedule["screening_review_due"]),
        ("At least 8 story points completed", "3", "2026-02-03"),
        ("Breadth check", "4", "2026-02-10"),
        ("Developer review", "7", schedule["review_deadline"]),
        ("End of trial", "8", schedule["end_of_trial"]),
        ("Extension developer review", "11", extension["review_deadline"]),
        ("End of extension", "12", extension["end_of_extension"]),
    ]
