"""The JSON door of workflows (API.md § Workflows): shapes, statuses, problem+json."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def ada(people, api_client_for):
    return api_client_for("ada")


def test_WF_2_check_title_answers_ok_and_the_ticket(ada):
    good = ada.post("/api/v1/pull-requests/check-title", {"title": "[SE-1] Fix"}, content_type=JSON)
    bad = ada.post("/api/v1/pull-requests/check-title", {"title": "Fix"}, content_type=JSON)
    assert good.status_code == 200 and good.json() == {
        "ok": True,
        "ticket": "SE-1",
        "violations": [],
    }
    assert bad.status_code == 200
    assert (bad.json()["ok"], bad.json()["violations"][0]["rule"]) == (False, "WF-2")


def test_WF_1_a_post_from_idea_to_published_through_the_api(ada, api_client_for):
    made = ada.post(
        "/api/v1/blog/posts",
        {
            "title": "Why",
            "idea_url": "https://forum.example/t/1",
            "author": "ada",
            "reviewer": "bob",
        },
        content_type=JSON,
    )
    assert made.status_code == 201
    post = made.json()
    assert (post["step"], post["ticket"].startswith("FAL-") or bool(post["ticket"])) == (
        "idea",
        True,
    )
    url = f"/api/v1/blog/posts/{post['id']}"
    refused = ada.post(f"{url}/advance")
    assert refused.status_code == 422
    assert [v["field"] for v in refused.json()["violations"]] == ["draft_url"]
    patched = ada.patch(
        url, {"draft_url": "https://docs.example/d", "tags": ["a", "b"]}, content_type=JSON
    )
    assert (patched.status_code, patched.json()["tags"]) == (200, ["a", "b"])
    assert ada.post(f"{url}/advance").json()["step"] == "draft"
    assert ada.get(url).json()["step"] == "draft"


def test_WF_1_publishing_as_anyone_but_the_marketing_specialist_is_403(people, api_client_for, as_):
    from datetime import date

    from cellops.workflows import api

    found = api.create_post(
        as_("ada"), title="T", idea_url="https://f.example/1", author="ada", reviewer="bob"
    )
    api.update_post(as_("ada"), found.id, {"draft_url": "https://d.example/1"})
    for who in ("ada", "bob", "bob"):
        api.advance(as_(who), found.id)
    sent = api.request_proofreading(
        as_("ada"), "https://d.example/1", date(2026, 3, 2), post_id=found.id
    )
    api.proofreading_returned(as_("ada"), sent.id, date(2026, 3, 3))
    api.update_post(
        as_("ada"),
        found.id,
        {
            "attribution": "By Ada",
            "category": "News",
            "tags": ["x"],
            "featured_image": "https://i.example/1.png",
            "image_credit": "Ada",
            "publish_at": date(2026, 3, 9),
        },
    )
    api.advance(as_("ada"), found.id)
    api.advance(as_("ada"), found.id)
    url = f"/api/v1/blog/posts/{found.id}/advance"
    assert api_client_for("ada").post(url).status_code == 403
    published = api_client_for("gab").post(url)
    assert (published.status_code, published.json()["step"]) == (200, "published")


def test_WF_3_a_decision_paused_then_agreed_through_the_api(ada, api_client_for):
    made = ada.post(
        "/api/v1/decisions",
        {
            "title": "One database",
            "problem": "Two to test.",
            "options": ["Both", "One"],
            "proposal": "One.",
            "reviewers": ["bob"],
        },
        content_type=JSON,
    )
    assert (made.status_code, made.json()["state"]) == (201, "open")
    url = f"/api/v1/decisions/{made.json()['id']}"
    bob = api_client_for("bob")
    note = bob.post(f"{url}/comments", {"text": "Wait", "blocking": True}, content_type=JSON)
    assert note.status_code == 201
    assert ada.get(url).json()["state"] == "paused"
    refused = ada.post(f"{url}/agree")
    assert (refused.status_code, refused.json()["violations"][0]["rule"]) == (422, "WF-3")
    assert bob.post(f"{url}/comments/{note.json()['id']}/resolve").json()["state"] == "open"
    agreed = ada.post(f"{url}/agree")
    assert (agreed.status_code, agreed.json()["state"]) == (200, "agreed")
    listed = ada.get("/api/v1/decisions?q=database&state=agreed").json()
    assert [d["title"] for d in listed["items"]] == ["One database"]


def test_WF_3_deciding_by_someone_the_rule_does_not_name_is_403(ada, api_client_for, as_):
    from cellops.workflows import api

    found = api.propose(
        as_("ada"), title="T", problem="P", options=["A"], proposal="A", reviewers=["bob"]
    )
    url = f"/api/v1/decisions/{found.id}/decide"
    assert api_client_for("bob").post(url, {"outcome": "A"}, content_type=JSON).status_code == 403
    decided = api_client_for("tom").post(url, {"outcome": "A"}, content_type=JSON)
    assert (decided.status_code, decided.json()["decided_by"]) == (200, "tom")


def test_WF_4_an_instance_test_run_with_counts_through_the_api(ada):
    made = ada.post(
        "/api/v1/instance-tests",
        {"instance": "lms.example.com", "reason": "MySQL 8"},
        content_type=JSON,
    )
    assert made.status_code == 201
    run = made.json()
    assert run["counts"] == {"pass": 0, "fail": 0, "n/a": 0, "untested": len(run["items"])}
    item = run["items"][0]
    url = f"/api/v1/instance-tests/{run['id']}/items/{item['id']}"
    refused = ada.patch(url, {"result": "fail"}, content_type=JSON)
    assert refused.status_code == 422
    ok = ada.patch(url, {"result": "fail", "note": "no e-mail"}, content_type=JSON)
    assert ok.json()["counts"]["fail"] == 1
    assert ada.patch(url, {"result": "maybe"}, content_type=JSON).status_code == 422
    got = ada.get(f"/api/v1/instance-tests/{run['id']}").json()
    assert (got["items"][0]["result"], got["items"][0]["note"]) == ("fail", "no e-mail")


def test_unknown_ids_are_404(ada):
    assert ada.get("/api/v1/blog/posts/999999").status_code == 404
    assert ada.get("/api/v1/decisions/999999").status_code == 404
    assert ada.get("/api/v1/instance-tests/999999").status_code == 404


def test_a_body_that_is_not_a_json_object_is_422(ada, people, as_):
    """A bare string is refused, not read as a title (a str has a `title` method)."""
    from cellops.workflows import api

    found = api.create_post(
        as_("ada"), title="Kept", idea_url="https://f.example/1", author="ada", reviewer="bob"
    )
    for url, method in (
        ("/api/v1/pull-requests/check-title", ada.post),
        (f"/api/v1/blog/posts/{found.id}", ada.patch),
    ):
        assert method(url, '"AAA"', content_type=JSON).status_code == 422
    assert api.post(as_("ada"), found.id).title == "Kept"
