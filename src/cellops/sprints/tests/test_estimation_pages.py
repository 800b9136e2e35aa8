"""SP-3 on a sprint of many tickets (decision 0067): the estimation page holds a page of
tickets at a time, votes are sent a page at a time, progress and results count them all."""

from __future__ import annotations

import re
from datetime import date

import pytest

from cellops.org import api as org_api
from cellops.org.data import Actor, Role
from cellops.sprints import api
from cellops.sprints.views.planning_pages import ESTIMATION_PAGE


@pytest.fixture
def big_sprint(make_member):
    """Falcon with Sam (its sprint planning manager), Ada and Bob, and one ticket more than
    a page of the estimation in a sprint ahead."""
    make_member("sam", first_name="Sam", last_name="Planner", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("ada", first_name="Ada", last_name="Lovelace")
    make_member("bob", first_name="Bob", last_name="Marley")
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    number = org_api.sprint_calendar().for_date(date.today()).number + 3
    keys = [
        api.create_ticket(
            Actor.system("test"),
            title=f"Task {n}",
            cell="Falcon",
            account="Hedera LMS",
            sprint=number,
        ).key
        for n in range(ESTIMATION_PAGE + 1)
    ]
    api.open_estimation(org_api.actor_named("sam"), "Falcon", number)
    return number, sorted(keys)


def _page(client, number: int, query: str = "") -> str:
    return client.get(f"/sprints/Falcon/{number}/estimation/{query}").content.decode()


def _voted_on(html: str) -> list[str]:
    return re.findall(r'<fieldset id="ticket-([^"]+)"', html)


def test_SP_3_the_estimation_page_holds_a_page_of_tickets_and_links_to_the_next(
    big_sprint, as_user
):
    number, keys = big_sprint
    client = as_user("ada")
    first = _page(client, number)
    assert _voted_on(first) == keys[:ESTIMATION_PAGE]
    total = len(keys)
    assert f"Tickets 1–{ESTIMATION_PAGE} of {total}, page 1 of 2." in first
    assert '<a href="?page=2" rel="next">Next page</a>' in first
    assert f"0 of {total} voted" in first  # progress counts every ticket, not the page's
    second = _page(client, number, "?page=2")
    assert _voted_on(second) == keys[ESTIMATION_PAGE:]
    assert f"Tickets {total}–{total} of {total}, page 2 of 2." in second
    assert '<a href="?page=1" rel="prev">Previous page</a>' in second
    assert f'action="/sprints/Falcon/{number}/estimation/?page=2"' in second
    assert _voted_on(_page(client, number, "?page=9")) == keys[:ESTIMATION_PAGE]  # no such page


def test_SP_3_votes_sent_from_a_later_page_are_recorded_and_the_page_comes_back(
    big_sprint, as_user
):
    number, keys = big_sprint
    last = keys[-1]
    response = as_user("ada").post(
        f"/sprints/Falcon/{number}/estimation/?page=2", {f"vote_{last}": "8"}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"/sprints/Falcon/{number}/estimation/?page=2"
    html = response.content.decode()
    assert "Your vote on 1 ticket is recorded." in html and f"1 of {len(keys)} voted" in html
    assert re.search(rf'name="vote_{last}" value="8"[^>]*checked', html)
    votes = {e.ticket: [v.value for v in e.votes] for e in api.estimation("Falcon", number).tickets}
    assert votes[last] == ["8"] and not any(votes[k] for k in keys[:-1])


def test_SP_3_after_close_the_results_are_shown_a_page_at_a_time(big_sprint, as_user):
    number, keys = big_sprint
    api.vote(org_api.actor_named("bob"), "Falcon", number, keys[-1], "3", "Small")
    api.close_estimation(org_api.actor_named("sam"), "Falcon", number)
    client = as_user("ada")
    first = _page(client, number)
    assert len(re.findall(r'<table class="estimate" id="result-', first)) == ESTIMATION_PAGE
    assert f'id="result-{keys[-1]}"' not in first
    second = _page(client, number, "?page=2")
    table = second[second.index(f'id="result-{keys[-1]}"') :]
    table = table[: table.index("</table>")]
    assert "result 3 pt" in table and "Bob Marley" in table and "Small" in table


def test_SP_3_the_estimation_state_alone_is_the_sessions_without_reading_its_votes(
    big_sprint, django_assert_max_num_queries
):
    number, keys = big_sprint
    assert api.estimation_state("Falcon", number + 1) is None  # no session for that sprint
    api.vote(org_api.actor_named("ada"), "Falcon", number, keys[0], "5")
    with django_assert_max_num_queries(1):
        assert api.estimation_state("Falcon", number) == "open"
    assert api.estimation("Falcon", number).state == "open"
    api.close_estimation(org_api.actor_named("sam"), "Falcon", number)
    assert api.estimation_state("Falcon", number) == "closed"
