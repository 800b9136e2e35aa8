"""Runs that gate a step (decision 0038) through the JSON door and the checklist page: each
item's result (pass / fail / n/a), note and link are recorded and shown."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from cellops.checklists import api
from cellops.checklists.data import ItemInfo, Kind, TemplateInfo
from cellops.org import api as org_api
from cellops.org.data import Actor

pytestmark = pytest.mark.django_db

JSON = "application/json"
GATED = TemplateInfo(
    key="gate-demo",
    title="Before merging",
    kind=Kind.PULL_REQUEST,
    items=(ItemInfo("Self-review done", section="Review"), ItemInfo("CI green", section="CI")),
)


@pytest.fixture
def gated(make_member):
    api.seed_default_templates()
    make_member("cyd")
    make_member("bob")
    api.create_template(Actor.system("root"), GATED)
    return api.start_run(org_api.actor_named("cyd"), "gate-demo", "pull request 1", "cyd")


def test_a_gated_run_in_json_shows_each_items_result_note_and_link(gated, api_client_for):
    cyd = api_client_for("cyd")
    first = gated.items[0]
    url = f"/api/v1/checklists/{gated.id}/items/{first.id}/result"
    saved = cyd.post(
        url, {"result": "fail", "note": "typo", "link": "https://ci.example/3"}, content_type=JSON
    )
    assert saved.status_code == 200, saved.content
    body = saved.json()
    item = body["items"][0]
    assert (item["section"], item["result"], item["note"], item["link"], item["done_by"]) == (
        "Review",
        "fail",
        "typo",
        "https://ci.example/3",
        "cyd",
    )
    assert body["records_results"] is True
    assert body["counts"] == {"pass": 0, "fail": 1, "n/a": 0, "untested": 1}
    assert len(body["gaps"]) == 2 and "failed: typo" in body["gaps"][0]
    got = cyd.get(f"/api/v1/checklists/{gated.id}").json()
    assert got["items"][1]["result"] == "" and got["items"][0]["link"] == "https://ci.example/3"
    no_note = cyd.post(url, {"result": "n/a"}, content_type=JSON)
    assert no_note.status_code == 422 and "note" in no_note.json()["detail"]
    bad_link = cyd.post(url, {"result": "pass", "link": "ftp://x"}, content_type=JSON)
    assert bad_link.status_code == 422
    other = api_client_for("bob").post(url, {"result": "pass"}, content_type=JSON)
    assert other.status_code == 403


def test_a_sprint_checklist_is_ticked_and_records_no_result(gated, api_client_for):
    (run,) = api.ensure_sprint_runs("Falcon", 24, date(2026, 3, 2), ["cyd"])
    answer = api_client_for("cyd").post(
        f"/api/v1/checklists/{run.id}/items/{run.items[0].id}/result",
        {"result": "pass"},
        content_type=JSON,
    )
    assert answer.status_code == 422 and "result" in answer.json()["detail"]
    assert api_client_for("cyd").get(f"/api/v1/checklists/{run.id}").json()["gaps"] == []


def test_a_gated_checklists_page_records_pass_fail_or_na_with_a_note_and_a_link(gated):
    client = Client()
    client.force_login(get_user_model().objects.get(username="cyd"))
    first, second = gated.items
    page = client.get(reverse("checklists:detail", args=[gated.id])).content.decode()
    assert "0 pass, 0 fail, 0 n/a, 2 not checked yet" in page
    assert 'name="link"' in page and "The step it gates waits for 2 items" in page
    action = reverse("checklists:result", args=[gated.id, second.id])
    refused = client.post(action, {"result": "fail", "note": " "})
    assert refused.status_code == 422 and "Say in a note why the item is fail" in (
        refused.content.decode()
    )
    assert client.post(action, {"result": "n/a", "note": "no CI here"}).status_code == 302
    first_action = reverse("checklists:result", args=[gated.id, first.id])
    client.post(first_action, {"result": "pass", "note": "", "link": "https://ci.example/4"})
    page = client.get(reverse("checklists:detail", args=[gated.id])).content.decode()
    assert "1 pass, 0 fail, 1 n/a, 0 not checked yet" in page
    assert 'href="https://ci.example/4"' in page and 'value="no CI here"' in page
    assert "Complete: the step it gates may be taken." in page
