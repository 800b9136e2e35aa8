"""The workflow pages: each renders for a member, refusals come back on the page with the
rule and what was typed, and the journeys work without JavaScript."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from cellops.checklists.data import Result
from cellops.workflows import api

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for(people, django_user_model):
    def build(username: str) -> Client:
        client = Client()
        client.force_login(django_user_model.objects.get(username=username))
        return client

    return build


def test_the_overview_and_the_lists_render(client_for):
    ada = client_for("ada")
    for name in ("index", "blog", "decisions", "instance_tests"):
        response = ada.get(reverse(f"workflows:{name}"))
        assert response.status_code == 200, name
        assert response.content.count(b"<h1") == 1


def test_WF_1_a_new_idea_from_the_board_makes_the_post_and_its_ticket(client_for):
    ada = client_for("ada")
    response = ada.post(
        reverse("workflows:blog"),
        {"title": "Why", "idea_url": "https://f.example/1", "author": "ada", "reviewer": "bob"},
    )
    (post,) = api.board(api_actor("ada"))[0][1]
    assert response.status_code == 302 and response["Location"] == reverse(
        "workflows:post", args=[post.id]
    )
    page = ada.get(response["Location"]).content.decode()
    assert post.ticket in page and "Writing" in page


def api_actor(username):
    from cellops.org import api as org_api

    return org_api.actor_named(username)


def test_WF_1_a_refused_step_shows_the_rule_and_the_missing_field(client_for):
    found = api.create_post(
        api_actor("ada"), title="T", idea_url="https://f.example/1", author="ada", reviewer="bob"
    )
    response = client_for("ada").post(reverse("workflows:advance", args=[found.id]))
    page = response.content.decode()
    assert response.status_code == 422
    assert "WF-1" in page and "add the link to the draft" in page.lower()


def test_WF_1_a_bad_field_keeps_what_was_typed(client_for):
    found = api.create_post(
        api_actor("ada"), title="T", idea_url="https://f.example/1", author="ada", reviewer="bob"
    )
    response = client_for("ada").post(
        reverse("workflows:post", args=[found.id]),
        {"title": "T", "draft_url": "not a link", "category": "Kept"},
    )
    page = response.content.decode()
    assert response.status_code == 422 and 'value="Kept"' in page and 'value="not a link"' in page


def test_WF_3_a_blocking_comment_from_the_page_pauses_the_decision(client_for):
    found = api.propose(
        api_actor("ada"), title="T", problem="P", options=["A"], proposal="A", reviewers=["bob"]
    )
    bob = client_for("bob")
    bob.post(reverse("workflows:comment", args=[found.id]), {"text": "No", "blocking": "1"})
    page = bob.get(reverse("workflows:decision", args=[found.id])).content.decode()
    assert "Paused" in page
    refused = client_for("ada").post(reverse("workflows:agree", args=[found.id]))
    assert refused.status_code == 422 and "WF-3" in refused.content.decode()


def test_WF_3_the_list_searches_by_words_and_state(client_for):
    api.propose(
        api_actor("ada"),
        title="Postgres",
        problem="P",
        options=["A"],
        proposal="A",
        reviewers=["bob"],
    )
    api.propose(
        api_actor("ada"), title="Blog", problem="P", options=["A"], proposal="A", reviewers=["bob"]
    )
    page = (
        client_for("bob")
        .get(reverse("workflows:decisions") + "?q=postg&state=open")
        .content.decode()
    )
    assert "Postgres" in page and ">Blog<" not in page


def test_WF_4_a_result_from_the_page_and_the_report_counts_it(client_for):
    info, run = api.start_instance_test(api_actor("ada"), "lms.example.com", "MySQL 8")
    ada = client_for("ada")
    item = run.items[0]
    refused = ada.post(
        reverse("workflows:instance_test_item", args=[info.id, item.id]), {"result": "fail"}
    )
    assert refused.status_code == 422 and "note" in refused.content.decode()
    ada.post(
        reverse("workflows:instance_test_item", args=[info.id, item.id]),
        {"result": "fail", "note": "no mail"},
    )
    report = ada.get(reverse("workflows:report", args=[info.id])).content.decode()
    assert "Registration" in report and "no mail" in report
    assert api.instance_test(api_actor("ada"), info.id)[1].items[0].result is Result.FAIL


def test_WF_5_proofreading_from_the_post_page(client_for):
    found = api.create_post(
        api_actor("ada"), title="T", idea_url="https://f.example/1", author="ada", reviewer="bob"
    )
    ada = client_for("ada")
    ada.post(
        reverse("workflows:proofreading", args=[found.id]),
        {"document_url": "https://d.example/1", "sent_on": "2026-03-02"},
    )
    (sent,) = api.proofreading_requests(api_actor("ada"), found.id)
    ada.post(
        reverse("workflows:proofreading_returned", args=[found.id, sent.id]),
        {"returned_on": "2026-03-04"},
    )
    (back,) = api.proofreading_requests(api_actor("ada"), found.id)
    assert back.returned_on == date(2026, 3, 4)
