"""TO-7: away for a whole sprint with work assigned — the work is flagged for reassignment."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.sprints import api
from cellops.time_off import api as time_off_api
from cellops.time_off.data import Kind

pytestmark = pytest.mark.django_db
LONG_AGO = datetime(2026, 1, 5, 9, tzinfo=UTC)


@pytest.fixture
def sprint(make_member):
    for name in ("ada", "bob", "cyd", "dee", "eve"):
        make_member(name, cell="Falcon")
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    number = org_api.sprint_calendar().for_date(date.today()).number + 4
    dates = api.sprint_dates(number)
    for key, assignee, reviewer in (
        ("F-1", "ada", "bob"),
        ("F-2", "bob", "cyd"),
        ("F-3", "cyd", "dee"),
    ):
        api.create_ticket(
            Actor.system("test"),
            key=key,
            title=key,
            cell="Falcon",
            account="Hedera LMS",
            sprint=number,
            assignee=assignee,
            reviewer=reviewer,
        )
    return number, dates


def test_TO_7_work_of_someone_away_the_whole_sprint_is_flagged(sprint, admin_api):
    """TO-7: bob is off for every working day of the sprint: his ticket and his review are flagged."""
    number, dates = sprint
    time_off_api.book(
        Actor.system("bob"),
        member="bob",
        kind=Kind.OFF,
        start=dates.start,
        end=dates.end,
        requested_at=LONG_AGO,
    )
    flagged = api.reassignments("Falcon", number)
    assert set(flagged) == {"F-1", "F-2"}
    assert "bob (reviewer)" in flagged["F-1"] and "bob (assignee)" in flagged["F-2"]
    body = admin_api.get(f"/api/v1/sprints/Falcon/{number}/reassignments").json()
    assert {item["ticket"] for item in body} == {"F-1", "F-2"}


def test_TO_7_a_single_day_away_is_not_a_whole_sprint(sprint):
    """TO-7: being away part of the sprint flags nothing."""
    number, dates = sprint
    time_off_api.book(
        Actor.system("bob"),
        member="bob",
        kind=Kind.OFF,
        start=dates.start,
        end=dates.start,
        requested_at=LONG_AGO,
    )
    assert api.reassignments("Falcon", number) == {}


def test_TO_7_the_board_shows_the_reassignment_flag(sprint, client, django_user_model):
    """The board card says 'Reassign' with the rule ID."""
    number, dates = sprint
    time_off_api.book(
        Actor.system("bob"),
        member="bob",
        kind=Kind.OFF,
        start=dates.start,
        end=dates.end,
        requested_at=LONG_AGO,
    )
    client.force_login(django_user_model.objects.get(username="ada"))
    html = client.get(reverse("sprints:board", args=["Falcon", number])).content.decode()
    assert "Reassign" in html and "TO-7" in html
