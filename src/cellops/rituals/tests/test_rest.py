"""Sprint rituals (SP-13 to SP-16) through the JSON API: problem+json refusals, the
same paths and shapes as API.md § Sprints."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest

from cellops.billing import api as billing_api
from cellops.kernel.violations import RuleRefusal
from cellops.org import api as org_api
from cellops.rituals import api
from cellops.rituals.tests.helpers import _future_chat

JSON = "application/json"
D = Decimal


# --- the JSON API ------------------------------------------------------------------------------


@pytest.fixture
def clients(falcon, api_client_for):
    return {n: api_client_for(n) for n in ("sam", "ada", "bob", "cyd", "otto")}


def test_SP_13_retrospective_through_the_api_from_items_to_the_ranked_poll(falcon, clients):
    """Items 201; publish 403 for a member, 200 for the manager; approvals; the thread."""
    number = falcon.number + 2
    base = f"/api/v1/sprints/Falcon/{number}/retrospective"
    ids = []
    for who, kind, text in [
        ("ada", "went well", "Pairing"),
        ("ada", "to improve", "Flaky tests"),
        ("bob", "to improve", "Slow reviews"),
        ("cyd", "to improve", "Late estimates"),
    ]:
        r = clients[who].post(f"{base}/items", {"kind": kind, "text": text}, content_type=JSON)
        assert r.status_code == 201, r.json()
        ids.append(r.json()["id"])
    assert clients["ada"].get(base).json()["state"] == "open"
    clients["sam"].post(
        f"/api/v1/sprints/Falcon/{number}/complete",
        {"confirm": True},
        content_type="application/json",
    )
    assert clients["ada"].post(f"{base}/publish").status_code == 403
    published = clients["sam"].post(f"{base}/publish")
    assert published.status_code == 200 and published.json()["state"] == "published"
    assert (
        clients["sam"].post(f"{base}/publish").json()["published_at"]
        == published.json()["published_at"]
    )
    for who, item in [("ada", ids[2]), ("bob", ids[2]), ("bob", ids[3]), ("bob", ids[3])]:
        r = clients[who].post(f"{base}/poll/approvals", {"item": item}, content_type=JSON)
        assert r.status_code == 200, r.json()
    poll = clients["ada"].get(base).json()["poll"]
    assert [(line["item"], line["votes"], line["approved"]) for line in poll["results"]] == [
        (ids[2], 2, True),
        (ids[3], 1, False),
        (ids[1], 0, False),
    ]
    assert (
        clients["ada"]
        .delete(f"{base}/poll/approvals/{ids[2]}")
        .json()["poll"]["results"][0]["votes"]
        == 1
    )
    thread = clients["cyd"].get("/api/v1/cells/Falcon/retrospective").json()
    assert thread["title"] == "Sprint Retrospective - Falcon"
    assert [p["sprint"] for p in thread["posts"]] == [f"Falcon/{number}"]


def test_SP_13_refusals_are_problem_json_naming_the_rule_or_field(falcon, clients):
    """After completion an item is a 422 SP-13; a bad kind 422 on `kind`; approving a went-well item 422 SP-13."""
    number = falcon.number + 2
    base = f"/api/v1/sprints/Falcon/{number}/retrospective"
    bad = clients["ada"].post(f"{base}/items", {"kind": "meh", "text": "x"}, content_type=JSON)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "kind"
    well = (
        clients["ada"]
        .post(f"{base}/items", {"kind": "went well", "text": "x"}, content_type=JSON)
        .json()["id"]
    )
    early = clients["sam"].post(f"{base}/publish")
    assert early.status_code == 422 and early["Content-Type"] == "application/problem+json"
    assert early.json()["violations"][0]["rule"] == "SP-13"
    clients["sam"].post(
        f"/api/v1/sprints/Falcon/{number}/complete",
        {"confirm": True},
        content_type="application/json",
    )
    late = clients["ada"].post(
        f"{base}/items", {"kind": "went well", "text": "y"}, content_type=JSON
    )
    assert late.status_code == 422 and late.json()["violations"][0]["rule"] == "SP-13"
    clients["sam"].post(f"{base}/publish")
    approve = clients["ada"].post(f"{base}/poll/approvals", {"item": well}, content_type=JSON)
    assert approve.status_code == 422 and approve.json()["violations"][0]["rule"] == "SP-13"
    unknown = clients["ada"].delete(f"{base}/poll/approvals/999999")
    assert unknown.status_code == 404


def test_SP_13_another_cells_member_gets_403_and_an_unknown_cell_404(falcon, clients):
    """Otto (Otter) neither reads nor writes Falcon's retrospective or thread."""
    base = f"/api/v1/sprints/Falcon/{falcon.number}/retrospective"
    clients["ada"].post(f"{base}/items", {"kind": "went well", "text": "Secret"}, content_type=JSON)
    for response in (
        clients["otto"].get(base),
        clients["otto"].post(
            f"{base}/items", {"kind": "went well", "text": "x"}, content_type=JSON
        ),
        clients["otto"].get("/api/v1/cells/Falcon/retrospective"),
    ):
        assert response.status_code == 403
        assert "Secret" not in response.content.decode()
    assert (
        clients["ada"].get(f"/api/v1/sprints/Nowhere/{falcon.number}/retrospective").status_code
        == 404
    )
    assert clients["ada"].get("/api/v1/sprints/Falcon/0/retrospective").status_code == 422


def test_SP_14_firefighters_through_the_api(falcon, clients):
    """GET from/weeks; a manager sets a pair, a third is 422 SP-14; a member is 403; rotation."""
    monday = falcon.start.isoformat()
    later = falcon.start + timedelta(weeks=5, days=2)  # a Wednesday: its week starts on Monday
    weeks = (
        clients["ada"]
        .get(f"/api/v1/cells/Falcon/firefighters?from={later}&weeks=3")
        .json()["weeks"]
    )
    assert [w["week_start"] for w in weeks] == [
        (falcon.start + timedelta(weeks=5 + i)).isoformat() for i in range(3)
    ]
    assert all(len(w["members"]) == 2 and w["recorded"] is False for w in weeks)
    url = "/api/v1/cells/Falcon/firefighters"
    third = clients["sam"].post(
        url, {"week": monday, "members": ["ada", "bob", "cyd"]}, content_type=JSON
    )
    assert third.status_code == 422 and third.json()["violations"][0]["rule"] == "SP-14"
    assert (
        clients["ada"]
        .post(url, {"week": monday, "members": ["ada"]}, content_type=JSON)
        .status_code
        == 403
    )
    pair = (
        clients["sam"]
        .post(url, {"week": monday, "members": ["cyd", "ada"]}, content_type=JSON)
        .json()
    )
    assert pair["weeks"][0]["members"] == ["cyd", "ada"] and pair["weeks"][0]["recorded"] is True
    rotated = (
        clients["sam"]
        .post(f"{url}/rotation", {"from": monday, "weeks": 2}, content_type=JSON)
        .json()
    )
    assert [w["recorded"] for w in rotated["weeks"]] == [True, True]
    assert rotated["weeks"][0]["members"] == ["cyd", "ada"]
    assert clients["ada"].get(f"{url}?weeks=0").status_code == 422


def test_SP_14_an_imported_worklog_file_keeps_the_social_chat_cap(falcon):
    """The CSV import counts what was logged before and the file's earlier rows: the row
    that goes over 30 minutes is a bad row naming SP-14; nothing goes in unless skipped."""
    number, start = _future_chat(falcon)
    chat = api.organise_social_chat(
        org_api.actor_named("ada"),
        "Falcon",
        number,
        "Games",
        datetime.combine(start, time(12), UTC),
    )
    day = start + timedelta(days=1)
    billing_api.log_work(
        org_api.actor_named("ada"), ticket=chat.ticket, member="ada", day=day, hours=D("0.25")
    )
    lines = [
        ["Issue Key", "Username", "Date", "Hours"],
        [chat.ticket, "ada", day.isoformat(), "0.25"],
        [chat.ticket, "bob", day.isoformat(), "0.5"],
        [chat.ticket, "ada", day.isoformat(), "0.25"],
    ]
    refused = billing_api.import_worklogs(org_api.actor_named("sam"), lines)
    assert refused.imported == 0
    assert [(b.line, b.column) for b in refused.bad] == [(4, "hours")]
    assert refused.bad[0].message.startswith("SP-14: ") and "0.50 h" in refused.bad[0].message
    skipped = billing_api.import_worklogs(org_api.actor_named("sam"), lines, skip_bad=True)
    assert skipped.imported == 2
    with pytest.raises(RuleRefusal):
        billing_api.log_work(
            org_api.actor_named("ada"), ticket=chat.ticket, member="ada", day=day, hours=D("0.01")
        )


def test_SP_14_the_social_chat_through_the_api_and_the_capped_worklog(falcon, clients):
    """A firefighter organises (201); a non-firefighter 403; outside the week 422 SP-14; the cap 422 SP-14."""
    number, start = _future_chat(falcon)
    url = f"/api/v1/sprints/Falcon/{number}/social-chat"
    at = datetime.combine(start + timedelta(days=1), time(15), UTC).isoformat()
    assert (
        clients["cyd"].post(url, {"topic": "Games", "at": at}, content_type=JSON).status_code == 403
    )
    saturday = datetime.combine(start + timedelta(days=5), time(15), UTC).isoformat()
    late = clients["ada"].post(url, {"topic": "Games", "at": saturday}, content_type=JSON)
    assert late.status_code == 422 and late.json()["violations"][0]["rule"] == "SP-14"
    naive = clients["ada"].post(url, {"topic": "Games", "at": at[:19]}, content_type=JSON)
    assert naive.status_code == 422 and naive.json()["errors"][0]["field"] == "at"
    made = clients["ada"].post(url, {"topic": "Games", "at": at}, content_type=JSON)
    assert made.status_code == 201, made.json()
    chat = clients["otto"].get(url).json()
    assert chat["organised"] and chat["organisers"] == ["ada", "bob"] and chat["ticket"]
    log = {"ticket": chat["ticket"], "member": "bob", "date": start.isoformat(), "hours": "0.75"}
    over = clients["bob"].post("/api/v1/worklogs", log, content_type=JSON)
    assert over.status_code == 422
    (violation,) = over.json()["violations"]
    assert (
        violation["rule"] == "SP-14"
        and violation["logged_hours"] == 0
        and violation["max_hours"] == 0.5
    )


def test_SP_15_video_updates_through_the_api(falcon, clients):
    """GET the titles; POST mine 201; for someone else 403 unless manager; a bad link 422 on url."""
    url = f"/api/v1/sprints/Falcon/{falcon.number}/video-updates"
    body = clients["otto"].get(url).json()
    ada = next(m for m in body["members"] if m["member"] == "ada")
    assert ada["title"] == f"Sprint {falcon.number} - Falcon - Ada Lovelace" and ada["due"] is True
    posted = clients["ada"].post(url, {"url": "https://www.loom.com/share/a"}, content_type=JSON)
    assert posted.status_code == 201 and posted.json()["posted"] is True
    assert (
        clients["ada"]
        .post(url, {"member": "bob", "url": "https://x.org/b"}, content_type=JSON)
        .status_code
        == 403
    )
    assert (
        clients["sam"]
        .post(url, {"member": "bob", "url": "https://x.org/b"}, content_type=JSON)
        .status_code
        == 201
    )
    bad = clients["ada"].post(url, {"url": "not a link"}, content_type=JSON)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "url"


def test_SP_16_tech_talks_through_the_api(falcon, clients):
    """POST 201 on the mid-sprint day; an explicit other day 422 SP-16; GET lists from a day."""
    number = falcon.number + 1
    mid = org_api.sprint_calendar().sprint(number).start + timedelta(days=7)
    wrong = clients["ada"].post(
        "/api/v1/tech-talks",
        {
            "title": "Hypothesis",
            "cell": "Falcon",
            "sprint": number,
            "day": (mid - timedelta(days=1)).isoformat(),
        },
        content_type=JSON,
    )
    assert wrong.status_code == 422 and wrong.json()["violations"][0]["rule"] == "SP-16"
    made = clients["ada"].post(
        "/api/v1/tech-talks",
        {"title": "Hypothesis", "cell": "Falcon", "sprint": number},
        content_type=JSON,
    )
    assert made.status_code == 201 and made.json()["day"] == mid.isoformat()
    assert made.json()["speaker"] == "ada"
    listed = clients["otto"].get(f"/api/v1/tech-talks?from={mid.isoformat()}").json()
    assert listed["count"] == 1 and listed["items"][0]["title"] == "Hypothesis"
    after = clients["otto"].get(f"/api/v1/tech-talks?from={mid + timedelta(days=1)}").json()
    assert after["count"] == 0
    for_bob = clients["ada"].post(
        "/api/v1/tech-talks",
        {"title": "X", "cell": "Falcon", "sprint": number, "speaker": "bob"},
        content_type=JSON,
    )
    assert for_bob.status_code == 403


# --- the published schema (decision 0028) ---------------------------------------------------

#: The ritual endpoints and their verb-named operation ids (decision 0043).
OPERATIONS = {
    ("post", "/api/v1/sprints/{cell}/{number}/retrospective/items"): "add_retro_item",
    ("get", "/api/v1/sprints/{cell}/{number}/retrospective"): "get_retrospective",
    ("post", "/api/v1/sprints/{cell}/{number}/retrospective/publish"): "publish_retrospective",
    ("post", "/api/v1/sprints/{cell}/{number}/retrospective/poll/approvals"): "approve_retro_item",
    (
        "delete",
        "/api/v1/sprints/{cell}/{number}/retrospective/poll/approvals/{item}",
    ): "withdraw_approval",
    ("get", "/api/v1/cells/{cell}/retrospective"): "get_retrospective_thread",
    ("get", "/api/v1/cells/{cell}/firefighters"): "get_firefighters",
    ("post", "/api/v1/cells/{cell}/firefighters"): "set_firefighters",
    ("post", "/api/v1/cells/{cell}/firefighters/rotation"): "rotate_firefighters",
    ("post", "/api/v1/sprints/{cell}/{number}/social-chat"): "organise_social_chat",
    ("get", "/api/v1/sprints/{cell}/{number}/social-chat"): "get_social_chat",
    ("get", "/api/v1/sprints/{cell}/{number}/video-updates"): "get_video_updates",
    ("post", "/api/v1/sprints/{cell}/{number}/video-updates"): "post_video_update",
    ("post", "/api/v1/tech-talks"): "schedule_tech_talk",
    ("get", "/api/v1/tech-talks"): "list_tech_talks",
}


def test_decision_0028_the_moved_endpoints_keep_their_paths_with_verb_ids_and_their_tag(client):
    """The paths stay as decision 0028 kept them; issue #15 (decision 0043) changed on purpose
    the ids (`cellops_sprints_rest_approve` → `approve_retro_item`) and the tag (`rituals`)."""
    schema = client.get("/api/v1/openapi.json").json()
    for (method, path), name in OPERATIONS.items():
        operation = schema["paths"][path][method]
        assert operation["operationId"] == name, path
        assert operation["tags"] == ["rituals"], path
