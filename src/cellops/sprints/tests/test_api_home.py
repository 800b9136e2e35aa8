"""Home "What needs me now" (SCREENS.md) for sprints, checklists and time off: each app's
`needs_of` lists each item for the right person only, linking to where it gets done.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from cellops.checklists import api as checklists_api
from cellops.org import api as org_api
from cellops.org.data import Actor, EpicStatus, Role
from cellops.sprints import api as sprints_api
from cellops.sprints import models as sprint_models
from cellops.sprints.tests.conftest import home_needs as _needs
from cellops.time_off import api as time_off_api
from cellops.time_off.data import CoverageEntry, Kind

pytestmark = pytest.mark.django_db


LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


@pytest.fixture
def falcon(make_member):
    """Falcon: Sam (sprint planning manager), Ada and Bob; Hal in Heron; an account and an
    epic Ada owns and Bob reviews."""
    make_member("sam", first_name="Sam", last_name="Planner", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("ada", first_name="Ada", last_name="Lovelace")
    make_member("bob", first_name="Bob", last_name="Marley")
    make_member("hal", first_name="Hal", last_name="Heron", cell="Heron")
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    org_api.create_epic(
        Actor.system("test"),
        key="EP-1",
        title="Course catalogue",
        account="Hedera LMS",
        owner="ada",
        reviewer="bob",
        status=EpicStatus.ACCEPTED,
    )
    return org_api.sprint_calendar().for_date(date.today()).number


def _ticket(number: int | None, n: int = 0, **fields) -> str:
    fields = {
        "story_points": 3,
        "assignee": "ada",
        "reviewer": "bob",
        "remaining_hours": Decimal(4),
        **fields,
    }
    return sprints_api.create_ticket(
        org_api.actor_named("sam"),
        title=f"Ticket {n}",
        cell="Falcon",
        account="Hedera LMS",
        sprint=number,
        **fields,
    ).key


def _home(client, django_user_model, username: str) -> str:
    client.force_login(django_user_model.objects.get(username=username))
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_SP_3_home_lists_my_votes_still_owed_with_the_closing_day(
    falcon, django_user_model, client
):
    number = falcon + 3
    keys = [_ticket(number, n) for n in range(3)]
    _ticket(number, 9, stretch=True)  # stretch goals are not estimated
    sprints_api.open_estimation(org_api.actor_named("sam"), "Falcon", number)
    sprints_api.vote(org_api.actor_named("ada"), "Falcon", number, keys[0], "3")
    for key in keys:
        sprints_api.vote(org_api.actor_named("bob"), "Falcon", number, key, "5")
    (need,) = _needs("ada", django_user_model, "Estimation")
    closes = sprints_api.estimation("Falcon", number).closes_at - timedelta(microseconds=1)
    day = closes.date()
    assert need.title.startswith(f"2 of 3 tickets to vote on in Falcon sprint {number} — closes ")
    assert need.title.endswith(f"{day.day} {day:%b}") and need.when == day
    assert need.url == f"/sprints/Falcon/{number}/estimation/"
    assert _needs("bob", django_user_model, "Estimation") == []  # voted on everything
    assert _needs("hal", django_user_model, "Estimation") == []  # another cell
    assert f'href="/sprints/Falcon/{number}/estimation/"' in _home(client, django_user_model, "ada")


def test_SP_3_a_closed_session_owes_no_votes(falcon, django_user_model):
    number = falcon + 3
    _ticket(number)
    sprints_api.open_estimation(org_api.actor_named("sam"), "Falcon", number)
    assert len(_needs("ada", django_user_model, "Estimation")) == 1
    sprints_api.close_estimation(org_api.actor_named("sam"), "Falcon", number)
    assert _needs("ada", django_user_model, "Estimation") == []


def test_SP_9_home_lists_tickets_waiting_for_my_review_linking_to_my_reviews(
    falcon, django_user_model, client
):
    number = falcon + 3
    waiting = _ticket(number, 1)
    _ticket(number, 2)  # still in Backlog: nothing to review yet
    sprints_api.update_ticket(org_api.actor_named("ada"), waiting, {"status": "Under review"})
    (need,) = _needs("bob", django_user_model, "Reviews")
    assert need.title == f"1 ticket waiting for your review in Falcon sprint {number}"
    assert [(line.text, line.url) for line in need.lines] == [
        (f"{waiting} Ticket 1", f"/sprints/tickets/{waiting}/")
    ]
    assert need.url == f"/sprints/Falcon/{number}/board/?show=reviews"
    assert _needs("ada", django_user_model, "Reviews") == []  # the assignee is not the reviewer
    html = _home(client, django_user_model, "bob")
    assert f"/sprints/Falcon/{number}/board/?show=reviews" in html
    assert f'<li><a href="/sprints/tickets/{waiting}/">{waiting} Ticket 1</a></li>' in html


def _into_sprint(key: str, number: int) -> None:
    """Put a ticket straight into a running sprint (SP-8 would refuse it through the api)."""
    sprint = sprint_models.Sprint.objects.get_or_create(
        cell_id=org_api.cell_pk("Falcon"), number=number
    )[0]
    sprint_models.Ticket.objects.filter(key=key).update(sprint=sprint)


def test_SP_6_home_shows_my_hours_this_sprint_and_next_flagged_when_overcommitted(
    falcon, django_user_model
):
    _into_sprint(_ticket(None, remaining_hours=Decimal(500)), falcon)
    ada = _needs("ada", django_user_model, "Capacity")
    assert [n.url for n in ada] == [
        f"/sprints/Falcon/{falcon}/planning/#capacity-heading",
        f"/sprints/Falcon/{falcon + 1}/planning/#capacity-heading",
    ]
    assert ada[0].title.startswith(f"Overcommitted in Falcon sprint {falcon}: 500 h committed")
    assert "SP-6" in ada[0].detail
    assert ada[1].title.startswith(f"Falcon sprint {falcon + 1} (next sprint): 0 h committed")
    bob = _needs("bob", django_user_model, "Capacity")
    assert len(bob) == 2 and not any(n.title.startswith("Overcommitted") for n in bob)
    hal = _needs("hal", django_user_model, "Capacity")
    assert all("Heron" in n.title for n in hal)


def test_SP_10_home_asks_for_my_missing_spillover_reason_until_given(
    falcon, django_user_model, client
):
    number = falcon + 3
    done, spilled = _ticket(number, 1), _ticket(number, 2, assignee="bob", reviewer="ada")
    sprints_api.start(org_api.actor_named("sam"), "Falcon", number, override=True, confirm=True)
    sprints_api.update_ticket(org_api.actor_named("ada"), done, {"status": "Done"})
    sprints_api.complete(org_api.actor_named("sam"), "Falcon", number, confirm=True)
    (need,) = _needs("bob", django_user_model, "Spillover")
    assert spilled in need.title and f"Falcon sprint {number}" in need.title
    assert need.url == f"/sprints/Falcon/{number}/planning/#completion"
    assert _needs("ada", django_user_model, "Spillover") == []  # her sprint was clean
    assert f"/sprints/Falcon/{number}/planning/#completion" in _home(
        client, django_user_model, "bob"
    )
    sprints_api.give_spillover_reason(
        org_api.actor_named("bob"), "Falcon", number, "bob", "Client was away"
    )
    assert _needs("bob", django_user_model, "Spillover") == []


def test_SP_12_home_lists_my_checklist_items_due_with_their_day(falcon, django_user_model):
    checklists_api.seed_default_templates()
    start = org_api.sprint_calendar().sprint(falcon).start
    (run,) = checklists_api.ensure_sprint_runs("Falcon", falcon, start, ["ada"])
    horizon = date.today() + timedelta(days=7)
    due = [i for i in run.items if i.due_date is not None and i.due_date <= horizon]
    assert due, "the default sprint checklist has items due in the sprint"
    (need,) = _needs("ada", django_user_model, "Checklists")
    assert need.url == f"/checklists/{run.id}/"
    assert f"{len(due)} item" in need.title and run.title in need.title
    assert len(need.lines) == len(due)
    assert need.lines[0].text.startswith(f"Day {due[0].due_day}, ")
    assert need.lines[0].text.endswith(due[0].text.rstrip("."))
    assert need.lines[0].url == f"/checklists/{run.id}/#item-{due[0].id}"
    assert _needs("bob", django_user_model, "Checklists") == []
    for item in due:
        checklists_api.tick(org_api.actor_named("ada"), run.id, item.id, True)
    assert _needs("ada", django_user_model, "Checklists") == []


def _next_monday(after: date) -> date:
    return after + timedelta(days=7 - after.weekday())


def test_TO_6_home_shows_my_upcoming_time_off_and_who_covers_me(falcon, django_user_model):
    monday = _next_monday(date.today() + timedelta(days=3))
    time_off_api.book(
        Actor.system("ada"),
        member="ada",
        kind=Kind.OFF,
        start=monday,
        end=monday + timedelta(days=1),
        coverage=[CoverageEntry("epic:EP-1", "bob")],
        requested_at=LONG_AGO,
    )
    far = _next_monday(date.today() + timedelta(days=40))
    time_off_api.book(
        Actor.system("bob"), member="bob", kind=Kind.OFF, start=far, end=far, requested_at=LONG_AGO
    )
    (need,) = _needs("ada", django_user_model, "Time off")
    assert need.when == monday and need.url.startswith("/time-off/")
    assert need.detail == "Confirmed. Covering you:"
    assert [line.text for line in need.lines] == ["Epic EP-1: Bob Marley"]
    assert _needs("bob", django_user_model, "Time off") == []  # beyond the next 30 days
    assert _needs("sam", django_user_model, "Time off") == []


def test_TO_6_a_pending_request_says_it_still_needs_announcing(falcon, django_user_model):
    monday = _next_monday(date.today() + timedelta(days=3))
    time_off_api.book(
        Actor.system("ada"),
        member="ada",
        kind=Kind.OFF,
        start=monday,
        end=monday,
        requested_at=LONG_AGO,
    )
    (need,) = _needs("ada", django_user_model, "Time off")
    assert "Pending (TO-6)" in need.detail
