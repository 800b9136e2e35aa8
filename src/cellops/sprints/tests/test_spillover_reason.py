"""SP-10 (issue #3 item 8): each member's spillover is recorded with an optional reason,
given by the member themself or the cell's sprint planning manager, through the api, the
JSON door and the planning page's completion section."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from cellops.kernel.violations import InvalidInput, NotFound
from cellops.org import api as org_api
from cellops.org.data import Actor, Role
from cellops.platform import api as core_api
from cellops.sprints import api

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def spilled(make_member):
    """Falcon's sprint completed: Bob's ticket spilled over, Ada's was done (clean)."""
    make_member("sam", first_name="Sam", last_name="Planner", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("ada", first_name="Ada", last_name="Lovelace")
    make_member("bob", first_name="Bob", last_name="Marley")
    make_member("hal", cell="Heron", roles=(Role.SPRINT_PLANNING_MANAGER,))
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    number = org_api.sprint_calendar().for_date(date.today()).number + 3

    def ticket(assignee: str, reviewer: str) -> str:
        return api.create_ticket(
            org_api.actor_named("sam"),
            title="A ticket",
            cell="Falcon",
            account="Hedera LMS",
            sprint=number,
            story_points=3,
            assignee=assignee,
            reviewer=reviewer,
            remaining_hours=Decimal(4),
        ).key

    done, open_one, open_two = ticket("ada", "bob"), ticket("bob", "ada"), ticket("bob", "ada")
    api.start(org_api.actor_named("sam"), "Falcon", number, override=True)
    api.update_ticket(org_api.actor_named("ada"), done, {"status": "Done"})
    api.complete(org_api.actor_named("sam"), "Falcon", number)
    return {"number": number, "keys": (open_one, open_two)}


def _line(number: int, member: str):
    return next(m for m in api.completion("Falcon", number).members if m.member == member)


def test_SP_10_a_member_gives_the_reason_of_their_spillover(spilled):
    """Bob says why; the completion shows it on his line, trimmed, and the audit log keeps it."""
    number = spilled["number"]
    assert _line(number, "bob").reason == ""
    line = api.give_spillover_reason(
        org_api.actor_named("bob"), "Falcon", number, "bob", "  Waited on the client  "
    )
    assert line.reason == "Waited on the client"
    assert line.spillover == spilled["keys"]
    assert _line(number, "bob").reason == "Waited on the client"
    entry = core_api.audit_log(object_type="sprint")[0]
    assert entry.action == "sprint.spillover_reason" and entry.actor == "bob"
    assert entry.changes["reason"] == ["", "Waited on the client"]


def test_SP_10_the_sprint_planning_manager_gives_it_for_a_member_and_may_change_it(spilled):
    number = spilled["number"]
    api.give_spillover_reason(org_api.actor_named("bob"), "Falcon", number, "bob", "First")
    api.give_spillover_reason(
        org_api.actor_named("sam"), "Falcon", number, "bob", "Second, from the manager"
    )
    assert _line(number, "bob").reason == "Second, from the manager"


def test_SP_10_another_member_cannot_give_my_reason(spilled, make_member):
    """Ada (same cell) and Heron's manager are refused; Bob's reason stays empty."""
    for other in ("ada", "hal"):
        with pytest.raises(PermissionDenied):
            api.give_spillover_reason(
                org_api.actor_named(other), "Falcon", spilled["number"], "bob", "Not mine"
            )
    assert _line(spilled["number"], "bob").reason == ""


def test_SP_10_a_reason_is_required_and_bounded(spilled):
    number = spilled["number"]
    with pytest.raises(InvalidInput) as empty:
        api.give_spillover_reason(org_api.actor_named("bob"), "Falcon", number, "bob", "   ")
    assert empty.value.field == "reason"
    with pytest.raises(InvalidInput):
        api.give_spillover_reason(org_api.actor_named("bob"), "Falcon", number, "bob", "x" * 1001)
    assert _line(number, "bob").reason == ""


def test_SP_10_a_member_without_spillover_has_no_reason_to_give(spilled):
    with pytest.raises(NotFound) as missing:
        api.give_spillover_reason(
            org_api.actor_named("ada"), "Falcon", spilled["number"], "ada", "Nothing spilled"
        )
    assert missing.value.field == "member"


# --- the JSON door --------------------------------------------------------------------


def _put(client, number: int, member: str, body) -> object:
    return client.put(
        f"/api/v1/sprints/Falcon/{number}/spillover/{member}", body, content_type=JSON
    )


def test_SP_10_rest_put_answers_the_members_completion_line(spilled, api_client_for):
    response = _put(api_client_for("bob"), spilled["number"], "bob", {"reason": " Blocked "})
    assert response.status_code == 200
    assert response.json() == {
        "member": "bob",
        "clean": False,
        "spillover": list(spilled["keys"]),
        "reason": "Blocked",
    }


def test_SP_10_rest_refuses_an_empty_reason_with_422_naming_the_field(spilled, api_client_for):
    client = api_client_for("bob")
    for body in ({"reason": "   "}, {"reason": ""}, {}, {"reason": "x" * 1001}):
        response = _put(client, spilled["number"], "bob", body)
        assert response.status_code == 422, body
        assert response["Content-Type"].startswith("application/problem+json")
        assert "reason" in response.content.decode()


def test_SP_10_rest_404_for_a_member_without_spillover_and_403_for_another(spilled, api_client_for):
    number = spilled["number"]
    assert _put(api_client_for("ada"), number, "ada", {"reason": "x"}).status_code == 404
    assert _put(api_client_for("sam"), number, "nobody", {"reason": "x"}).status_code == 404
    assert _put(api_client_for("ada"), number, "bob", {"reason": "x"}).status_code == 403
    assert _put(api_client_for("bob"), 0, "bob", {"reason": "x"}).status_code == 422
    assert _line(number, "bob").reason == ""


# --- the planning page ------------------------------------------------------------------


@pytest.fixture
def as_user(client, django_user_model):
    def login(username: str):
        client.force_login(django_user_model.objects.get(username=username))
        return client

    return login


def _completion_html(response) -> str:
    html = response.content.decode()
    return html[
        html.index('id="completion-heading"') : html.index(
            "</table>", html.index('id="completion-heading"')
        )
    ]


def test_SP_10_the_page_offers_bob_a_labelled_form_and_shows_the_reason_once_given(
    spilled, as_user
):
    number = spilled["number"]
    url = f"/sprints/Falcon/{number}/planning/"
    client = as_user("bob")
    table = _completion_html(client.get(url))
    bob = table[table.index("Bob Marley") :]
    assert f'action="/sprints/Falcon/{number}/planning/spillover-reason/"' in bob
    assert re.search(r'<label for="id_spill-bob-reason">', bob)
    assert 'id="id_spill-bob-reason"' in bob
    ada = table[table.index("Ada Lovelace") : table.index("Bob Marley")]
    assert "<form" not in ada  # a clean sprint has nothing to explain
    response = client.post(
        f"/sprints/Falcon/{number}/planning/spillover-reason/",
        {"member": "bob", "spill-bob-reason": "Client was away"},
    )
    assert response.status_code == 302 and response["Location"].endswith("#completion")
    assert "Client was away" in _completion_html(client.get(url))
    assert _line(number, "bob").reason == "Client was away"


def test_SP_10_the_page_form_ties_its_error_to_the_field(spilled, as_user):
    number = spilled["number"]
    response = as_user("bob").post(
        f"/sprints/Falcon/{number}/planning/spillover-reason/",
        {"member": "bob", "spill-bob-reason": "   "},
    )
    assert response.status_code == 422
    html = _completion_html(response)
    assert 'aria-describedby="id_spill-bob-reason_error"' in html
    assert 'id="id_spill-bob-reason_error"' in html


def test_SP_10_another_member_sees_the_reason_but_no_form_and_cannot_post(spilled, as_user):
    number = spilled["number"]
    api.give_spillover_reason(
        org_api.actor_named("bob"), "Falcon", number, "bob", "Client was away"
    )
    client = as_user("ada")
    table = _completion_html(client.get(f"/sprints/Falcon/{number}/planning/"))
    assert "Client was away" in table and "<form" not in table
    response = client.post(
        f"/sprints/Falcon/{number}/planning/spillover-reason/",
        {"member": "bob", "spill-bob-reason": "Mine now"},
    )
    assert response.status_code == 403
    assert _line(number, "bob").reason == "Client was away"


def test_SP_10_the_manager_gets_the_form_for_each_member_with_spillover(spilled, as_user):
    table = _completion_html(as_user("sam").get(f"/sprints/Falcon/{spilled['number']}/planning/"))
    assert table.count("<form") == 1 and 'id="id_spill-bob-reason"' in table
