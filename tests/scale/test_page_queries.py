"""Every page a person opens asks the database the same number of questions however much
data there is (issue #13; `make bench` times them on the large organisation, this test
checks their shape): the pages are fetched as the person who opens them, then three
times the tickets, worklogs and time off (and the candidatures of a recruitment round, the
sales leads, the worklogs on this month's invoice) are added and they are fetched again."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from bench.pages import pages
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cellops.billing import api as billing_api
from cellops.org import api as org_api
from cellops.org.data import Actor, EpicStatus, Role
from cellops.recruitment import api as recruitment_api
from cellops.recruitment.data import Application, CellNeed
from cellops.sales import api as sales_api
from cellops.sprints import api as sprints_api
from cellops.time_off import api as time_off_api

pytestmark = pytest.mark.django_db
#: Pages whose count may change by a bounded number of queries with data size, and why.
VARYING: dict[str, tuple[int, str]] = {
    # `org_api.list_members` answers its total with a COUNT only when it cannot tell it
    # from the rows: one query or none, never one per row.
    "time-off calendar": (1, "list_members may add its COUNT"),
}


def _add(cell: str, numbers: list[int], tickets: int, worklogs: int, offset: int) -> None:
    members = [m.username for m in org_api.list_members(cell=cell)[0]]
    for n in range(tickets):
        number = numbers[n % len(numbers)]
        key = sprints_api.create_ticket(
            Actor.system("test"),
            key=f"Q-{offset + n}",
            title="t",
            cell=cell,
            account=("Hedera LMS", "Ivy")[n % 2],
            epic=("HED-1", None)[n % 2],
            sprint=number,
            assignee=members[n % len(members)],
            reviewer=members[(n + 1) % len(members)],
            story_points=3,
            remaining_hours=Decimal(4),
        ).key
        for d in range(worklogs):
            billing_api.log_work(
                Actor.system("system"),
                ticket=key,
                member=members[n % len(members)],
                day=date.today() - timedelta(days=d),
                hours=Decimal(1),
            )


def _add_areas(round_id: int, candidatures: int, leads: int, offset: int) -> None:
    """Candidatures in the round, sales leads, and this month's invoice drafted again."""
    for n in range(offset, offset + candidatures):
        recruitment_api.submit(
            Application(
                name=f"Candidate {n}",
                email=f"candidate{n}@example.com",
                years_experience=n % 12,
                python="Five years of Python.",
                django="Three years of Django.",
                react="Not yet.",
                motivation="I would like to work on open source software full time.",
                timezone="UTC",
                no_contribution=True,
            ),
            round_id,
            address=f"10.0.0.{n}",
        )
    for n in range(offset, offset + leads):
        sales_api.create_lead(Actor.system("test"), f"Lead {n}", f"lead{n}@example.com", "inquiry")
    billing_api.draft_invoices(Actor.system("test"), f"{date.today():%Y-%m}")


SEEN: dict[str, list[list[str]]] = {}


def _queries(client: Client, url: str) -> int:
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    SEEN.setdefault(url, []).append([q["sql"] for q in captured.captured_queries])
    return len(captured)


def test_every_page_asks_as_many_queries_with_three_times_the_data(make_member, admin_user):
    """Issue #13: page queries independent of data size, at two sizes."""
    today = date.today()
    for name in ("ada", "bob", "cyd", "dee"):
        make_member(name, cell="Falcon")
    make_member("sam", cell="Falcon", roles=(Role.SPRINT_PLANNING_MANAGER,))
    org_api.create_client(Actor.system("test"), "Hedera", Decimal(120))
    org_api.create_account(Actor.system("test"), "Hedera LMS", "Hedera", Decimal(100))
    org_api.create_account(Actor.system("test"), "Ivy", "Hedera", Decimal(80))
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
    number = org_api.sprint_calendar().for_date(today).number + 2  # plannable, not started
    sprints_api.open_estimation(org_api.actor_named("sam"), "Falcon", number + 1)
    clients = {}
    for who, username in (("manager", "sam"), ("member", "ada"), ("admin", admin_user.username)):
        clients[who] = Client()
        clients[who].force_login(get_user_model().objects.get(username=username))
    opened = recruitment_api.open_round(
        Actor.system("test"), "Spring", [CellNeed("Falcon", wanted=2, margin=1)]
    )
    _add("Falcon", [number, number + 1], tickets=4, worklogs=2, offset=0)
    _add_areas(opened.id, candidatures=2, leads=2, offset=0)
    invoice = billing_api.list_invoices(Actor.system("test"))[0].id
    page_list = pages("Falcon", number, today, None, round_id=opened.id, invoice_id=invoice)
    assert {"recruitment round", "invoice", "sales board", "decisions"} <= {
        p.name for p in page_list
    }
    start = today + timedelta(days=33)
    time_off_api.book(org_api.actor_named("ada"), member="ada", kind="off", start=start, end=start)
    small = {p.name: _queries(clients[p.who], p.url) for p in page_list}
    _add("Falcon", [number, number + 1], tickets=12, worklogs=6, offset=100)
    _add_areas(opened.id, candidatures=6, leads=6, offset=100)
    for n, member in enumerate(("bob", "cyd", "dee")):
        start = today + timedelta(days=40 + 7 * n)
        time_off_api.book(
            org_api.actor_named(member), member=member, kind="off", start=start, end=start
        )
    large = {p.name: _queries(clients[p.who], p.url) for p in page_list}
    grew = {
        n: (small[n], large[n])
        for n in small
        if not 0 <= large[n] - small[n] <= VARYING.get(n, (0, ""))[0]
    }
    assert grew == {}, f"queries grew with the data (small, large): {grew}"
