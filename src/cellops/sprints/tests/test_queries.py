"""The dashboard, the budgets and the home page ask the database the same number of
questions however much data there is (the bench measures the time; this, the shape).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cellops.billing import api as billing_api
from cellops.checklists import api as checklists_api
from cellops.org import api as org_api
from cellops.org.data import Actor, EpicStatus, Role
from cellops.sprints import api
from cellops.sprints import api as sprints_api
from cellops.sprints import models as sprint_models
from cellops.sprints.tests.conftest import home_needs as _needs
from cellops.time_off import api as time_off_api
from cellops.time_off.data import Kind

pytestmark = pytest.mark.django_db


def _add_work(cell: str, number: int, tickets: int, worklogs_each: int, offset: int) -> None:
    members = [m.username for m in org_api.list_members(cell=cell)[0]]
    for n in range(tickets):
        key = api.create_ticket(
            Actor.system("test"),
            key=f"Q-{offset + n}",
            title="t",
            cell=cell,
            account="Hedera LMS",
            epic="HED-1",
            sprint=number,
            assignee=members[n % len(members)],
            reviewer=members[(n + 1) % len(members)],
            story_points=3,
            remaining_hours=Decimal(4),
        ).key
        for d in range(worklogs_each):
            billing_api.log_work(
                Actor.system(),
                ticket=key,
                member=members[0],
                day=date.today() - timedelta(days=d),
                hours=Decimal(1),
            )


def _queries(client, url: str) -> int:
    client.get(url)  # the first call of a token also records when it was last used
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_SP_6_SP_7_queries_do_not_grow_with_tickets_and_worklogs(make_member, admin_api):
    """Three times the tickets and worklogs: the same number of queries for capacity and budgets."""
    for name in ("ada", "bob", "cyd"):
        make_member(name, cell="Falcon")
    org_api.create_account(Actor.system("test"), "Hedera LMS", None, Decimal(100))
    org_api.create_epic(
        Actor.system("test"),
        key="HED-1",
        title="e",
        account="Hedera LMS",
        owner="ada",
        reviewer="bob",
        status=EpicStatus.IN_PROGRESS,
        budget_hours=Decimal(50),
    )
    number = org_api.sprint_calendar().for_date(date.today()).number + 3
    urls = (
        f"/api/v1/sprints/Falcon/{number}/capacity",
        f"/api/v1/budgets?month={date.today():%Y-%m}",
    )
    _add_work("Falcon", number, tickets=3, worklogs_each=2, offset=0)
    small = [_queries(admin_api, url) for url in urls]
    _add_work("Falcon", number, tickets=9, worklogs_each=4, offset=100)
    large = [_queries(admin_api, url) for url in urls]
    assert small == large


def test_SP_6_SP_7_the_planning_page_with_burn_charts_asks_the_same_number_of_questions(
    make_member, client, django_user_model
):
    """The dashboard as one who sees budgets (so burn charts are drawn): three times the
    tickets and worklogs in the page's month, the same number of queries."""
    from cellops.org.data import Role

    make_member("sam", cell="Falcon", roles=(Role.SPRINT_PLANNING_MANAGER,))
    for name in ("ada", "bob", "cyd"):
        make_member(name, cell="Falcon")
    org_api.create_account(Actor.system("test"), "Hedera LMS", None, Decimal(100))
    org_api.create_epic(
        Actor.system("test"),
        key="HED-1",
        title="e",
        account="Hedera LMS",
        owner="ada",
        reviewer="bob",
        status=EpicStatus.IN_PROGRESS,
        budget_hours=Decimal(50),
    )
    number = org_api.sprint_calendar().for_date(date.today()).number + 3
    start = api.sprint_record("Falcon", number).start
    client.force_login(django_user_model.objects.get(username="sam"))
    url = f"/sprints/Falcon/{number}/planning/"

    def add(tickets: int, offset: int) -> None:
        _add_work("Falcon", number, tickets=tickets, worklogs_each=1, offset=offset)
        for n in range(tickets):  # time on several days of the page's month
            billing_api.log_work(
                Actor.system(),
                ticket=f"Q-{offset + n}",
                member="ada",
                day=start + timedelta(days=n % 5),
                hours=Decimal(2),
            )

    add(3, 0)
    small = _queries(client, url)
    assert "burn-chart" in client.get(url).content.decode()
    add(9, 100)
    assert _queries(client, url) == small


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


def _into_sprint(key: str, number: int) -> None:
    """Put a ticket straight into a running sprint (SP-8 would refuse it through the api)."""
    sprint = sprint_models.Sprint.objects.get_or_create(
        cell_id=org_api.cell_pk("Falcon"), number=number
    )[0]
    sprint_models.Ticket.objects.filter(key=key).update(sprint=sprint)


def _next_monday(after: date) -> date:
    return after + timedelta(days=7 - after.weekday())


def _add_data(current: int, size: int, offset: int) -> None:
    """`size` tickets of each kind: to vote on, to review, in this sprint; a spillover each;
    time off; all for Ada (and Bob)."""
    ahead = current + 3 + offset
    for n in range(size):
        _ticket(ahead, n)
        review = _ticket(current + 2, 100 + offset * 10 + n, assignee="bob", reviewer="ada")
        sprints_api.update_ticket(org_api.actor_named("bob"), review, {"status": "Under review"})
        _into_sprint(_ticket(None, 200 + n), current)
    # Votes owed in a sprint further ahead: starting `ahead` closes its own estimation (SP-3).
    to_vote = current + 6 + offset
    for n in range(size):
        _ticket(to_vote, 300 + n)
    sprints_api.open_estimation(org_api.actor_named("sam"), "Falcon", to_vote)
    done = sprints_api.list_tickets("Falcon", ahead)[0].key
    sprints_api.start(org_api.actor_named("sam"), "Falcon", ahead, override=True, confirm=True)
    sprints_api.update_ticket(org_api.actor_named("ada"), done, {"status": "Done"})
    sprints_api.complete(org_api.actor_named("sam"), "Falcon", ahead, confirm=True)
    monday = _next_monday(date.today() + timedelta(days=3 + 7 * offset))
    time_off_api.book(
        Actor.system("ada"),
        member="ada",
        kind=Kind.OFF,
        start=monday,
        end=monday,
        requested_at=LONG_AGO,
    )


def _home_queries(client) -> int:
    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return len(captured)


def test_the_home_page_asks_the_same_number_of_questions_however_much_data(
    falcon, django_user_model, client
):
    """Twice the tickets, reviews, votes, spillover and time off: the same number of queries."""
    checklists_api.seed_default_templates()
    start = org_api.sprint_calendar().sprint(falcon).start
    checklists_api.ensure_sprint_runs("Falcon", falcon, start, ["ada", "bob"])
    client.force_login(django_user_model.objects.get(username="ada"))
    _add_data(falcon, 2, 0)
    small = _home_queries(client)
    areas = {n.area for n in _needs("ada", django_user_model)}
    assert {"Estimation", "Reviews", "Capacity", "Spillover", "Checklists", "Time off"} <= areas
    _add_data(falcon, 5, 1)
    large = _home_queries(client)
    assert small == large
