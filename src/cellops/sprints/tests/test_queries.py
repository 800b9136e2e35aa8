"""The dashboard and the budgets ask the database the same number of questions
however much data there is (the bench measures the time; this, the shape)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cellops.billing import api as billing_api
from cellops.org import api as org_api
from cellops.org.data import Actor, EpicStatus
from cellops.sprints import api

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
                "system",
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
                "system",
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
