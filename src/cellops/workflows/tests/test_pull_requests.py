"""WF-2's pull request record through its JSON door and its pages: linked to its ticket,
the handbook's checklist checked item by item (pass / fail / n/a with a note and a link),
merged only once the checklist is complete (its ticket then `Merged`), then deployed
(`Deployed & delivered`)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cellops.sprints import api as sprints_api
from cellops.sprints.data import DEPLOYED, MERGED

pytestmark = pytest.mark.django_db

JSON = "application/json"
URL = "https://git.example.com/agency/lms/pull/7"


@pytest.fixture
def ada(people, api_client_for):
    return api_client_for("ada")


def _open(client, ticket_key: str):
    return client.post(
        "/api/v1/pull-requests",
        {"url": URL, "title": f"[{ticket_key}] Fix the login"},
        content_type=JSON,
    )


def test_WF_2_a_pull_request_through_the_api_from_open_to_deployed(ada, ada_ticket):
    made = _open(ada, ada_ticket.key)
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["ticket"], body["author"], body["state"]) == (ada_ticket.key, "ada", "open")
    assert len(body["checklist"]) == 12 and len(body["gaps"]) == 12
    assert body["counts"] == {"pass": 0, "fail": 0, "n/a": 0, "untested": 12}
    pr = body["id"]

    refused = ada.post(f"/api/v1/pull-requests/{pr}/merged", content_type=JSON)
    assert refused.status_code == 422
    assert {v["rule"] for v in refused.json()["violations"]} == {"WF-2"}
    assert len(refused.json()["violations"]) == 12
    assert sprints_api.get_ticket(ada_ticket.key).status != MERGED

    first, *rest = body["checklist"]
    failed = ada.patch(
        f"/api/v1/pull-requests/{pr}/checklist/{first['id']}",
        {"result": "fail", "note": "the title lacked the ticket", "link": "https://ci.example/1"},
        content_type=JSON,
    )
    assert failed.status_code == 200
    item = failed.json()["checklist"][0]
    assert (item["result"], item["note"], item["link"], item["checked_by"]) == (
        "fail",
        "the title lacked the ticket",
        "https://ci.example/1",
        "ada",
    )
    assert "failed: the title lacked the ticket" in failed.json()["gaps"][0]
    no_note = ada.patch(
        f"/api/v1/pull-requests/{pr}/checklist/{rest[0]['id']}",
        {"result": "n/a"},
        content_type=JSON,
    )
    assert no_note.status_code == 422 and "note" in no_note.json()["detail"]
    for each in [first, *rest]:
        ada.patch(
            f"/api/v1/pull-requests/{pr}/checklist/{each['id']}",
            {"result": "pass"},
            content_type=JSON,
        )
    merged = ada.post(f"/api/v1/pull-requests/{pr}/merged", content_type=JSON)
    assert merged.status_code == 200 and merged.json()["state"] == "merged"
    assert merged.json()["merged_at"] and merged.json()["gaps"] == []
    assert sprints_api.get_ticket(ada_ticket.key).status == MERGED
    deployed = ada.post(f"/api/v1/pull-requests/{pr}/deployed", content_type=JSON)
    assert deployed.status_code == 200 and deployed.json()["state"] == "deployed"
    assert sprints_api.get_ticket(ada_ticket.key).status == DEPLOYED
    closed = ada.patch(
        f"/api/v1/pull-requests/{pr}/checklist/{first['id']}",
        {"result": "fail", "note": "late"},
        content_type=JSON,
    )
    assert closed.status_code == 422 and closed.json()["violations"][0]["rule"] == "WF-2"


def test_WF_2_the_list_of_pull_requests_by_ticket(ada, ada_ticket, api_client_for):
    _open(ada, ada_ticket.key)
    mine = ada.get(f"/api/v1/pull-requests?ticket={ada_ticket.key}").json()
    other = ada.get("/api/v1/pull-requests?ticket=ZZ-1").json()
    assert (mine["count"], mine["items"][0]["url"], other["count"]) == (1, URL, 0)
    assert (
        api_client_for("bob").get(f"/api/v1/pull-requests/{mine['items'][0]['id']}").status_code
        == 200
    )


def test_WF_2_a_title_without_its_ticket_or_a_ticket_that_does_not_exist(ada, ada_ticket):
    bare = ada.post("/api/v1/pull-requests", {"url": URL, "title": "Fix"}, content_type=JSON)
    assert bare.status_code == 422 and bare.json()["violations"][0]["rule"] == "WF-2"
    unknown = ada.post(
        "/api/v1/pull-requests", {"url": URL, "title": "[ZZ-404] Fix"}, content_type=JSON
    )
    assert unknown.status_code in (404, 422) and "ZZ-404" in unknown.json()["detail"]


def test_WF_2_someone_else_may_not_check_my_pull_requests_items(ada, ada_ticket, api_client_for):
    body = _open(ada, ada_ticket.key).json()
    item = body["checklist"][0]["id"]
    bob = api_client_for("bob").patch(
        f"/api/v1/pull-requests/{body['id']}/checklist/{item}",
        {"result": "pass"},
        content_type=JSON,
    )
    assert bob.status_code == 403


# --- the pages ----------------------------------------------------------------------------


@pytest.fixture
def ada_page(people, django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.get(username="ada"))
    return client


def test_WF_2_a_pull_request_from_its_page_to_merged_and_deployed(ada_page, ada_ticket):
    page = ada_page.post(
        reverse("workflows:pull_requests"), {"url": URL, "title": f"[{ada_ticket.key}] Fix"}
    )
    assert page.status_code == 302
    detail = page["Location"]
    shown = ada_page.get(detail).content.decode()
    assert f">{ada_ticket.key}</a>" in shown
    assert "0 pass, 0 fail, 0 n/a, 12 not checked yet" in shown
    assert "Merging waits for 12 checklist items" in shown

    refused = ada_page.post(detail + "merged/")
    assert refused.status_code == 422
    assert "WF-2" in refused.content.decode() and "is not checked yet" in refused.content.decode()

    from cellops.org import api as org_api
    from cellops.workflows import api

    pr = api.pull_requests(org_api.actor_named("ada"))[0]
    _, run = api.pull_request_checklist(org_api.actor_named("ada"), pr.id)
    item = run.items[0]
    no_note = ada_page.post(detail + f"items/{item.id}/", {"result": "fail", "note": ""})
    assert (
        no_note.status_code == 422
        and "Say in a note why the item is fail" in no_note.content.decode()
    )
    saved = ada_page.post(
        detail + f"items/{item.id}/",
        {"result": "pass", "note": "done twice", "link": "https://ci.example/9"},
    )
    assert saved.status_code == 302
    shown = ada_page.get(detail).content.decode()
    assert "1 pass, 0 fail, 0 n/a, 11 not checked yet" in shown
    assert 'href="https://ci.example/9"' in shown and 'value="done twice"' in shown
    for other in run.items[1:]:
        ada_page.post(detail + f"items/{other.id}/", {"result": "n/a", "note": "docs only"})
    assert ada_page.post(detail + "merged/").status_code == 302
    assert sprints_api.get_ticket(ada_ticket.key).status == MERGED
    assert "Mark deployed" in ada_page.get(detail).content.decode()
    assert ada_page.post(detail + "deployed/").status_code == 302
    assert sprints_api.get_ticket(ada_ticket.key).status == DEPLOYED
    listed = ada_page.get(reverse("workflows:pull_requests")).content.decode()
    assert "Deployed</span>" in listed and "12 of 12 checked" in listed


def test_WF_2_a_refused_title_comes_back_on_the_page_with_what_was_typed(ada_page, ada_ticket):
    page = ada_page.post(reverse("workflows:pull_requests"), {"url": URL, "title": "Fix it"})
    assert page.status_code == 422
    text = page.content.decode()
    assert "WF-2" in text and 'value="Fix it"' in text and f'value="{URL}"' in text
