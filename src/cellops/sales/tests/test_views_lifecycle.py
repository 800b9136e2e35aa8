"""SL-3 pages: the board's eight columns, a refused move listing every unmet condition with
links to where each is met (and keeping what was typed), back and lost, facts and close steps."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from cellops.org.data import Actor, Role
from cellops.sales import api
from cellops.sales.data import STAGES

pytestmark = pytest.mark.django_db
BEA = Actor(
    username="bea", is_admin=False, roles=frozenset({Role.BUSINESS_DEVELOPMENT}), active=True
)


@pytest.fixture
def browser(make_member) -> Client:
    make_member("ada", roles=(Role.BUSINESS_DEVELOPMENT,))
    client = Client()
    client.force_login(get_user_model().objects.get(username="ada"))
    return client


def test_SL_3_the_board_has_the_eight_stages_and_each_open_lead_in_its_own(browser):
    hedera = api.create_lead(BEA, "Hedera University", "Jimmy")
    api.advance(BEA, hedera.id)
    lost = api.create_lead(BEA, "Affogato")
    api.mark_lost(BEA, lost.id, "no budget")
    page = browser.get("/sales/board/").content.decode()
    for number, name in enumerate(STAGES, start=1):
        assert f'id="stage-{number}"><span>{number}. {name}</span>' in page
    column_2 = page.split('id="stage-2"')[1].split('id="stage-3"')[0]
    assert "Hedera University" in column_2
    assert "Affogato" not in page  # lost leads leave the board


def test_SL_3_a_refused_move_lists_every_condition_with_a_link_to_where_it_is_met(browser):
    lead = api.create_lead(BEA, "Hedera University", "Jimmy")
    api.advance(BEA, lead.id)
    answer = browser.post(f"/sales/leads/{lead.id}/move", {"action": "advance"})
    assert answer.status_code == 422
    page = answer.content.decode()
    assert "stays in Prospect qualification: 2 conditions unmet" in page
    assert 'the latest rubric band is High or Medium (SL-1) — <a href="#scores">' in page
    assert 'the lead is marked responsive — <a href="#facts">' in page
    assert api.get_lead(lead.id).stage == 2


def test_SL_3_back_and_lost_from_the_page_and_a_blank_reason_keeps_the_lead(browser):
    lead = api.create_lead(BEA, "Hedera University", "Jimmy")
    assert browser.post(f"/sales/leads/{lead.id}/move", {"action": "advance"}).status_code == 302
    assert (
        browser.post(f"/sales/leads/{lead.id}/move", {"action": "back", "next": "board"})[
            "Location"
        ]
        == f"/sales/board/#lead-{lead.id}"
    )
    assert api.get_lead(lead.id).stage == 1
    blank = browser.post(f"/sales/leads/{lead.id}/move", {"action": "lost", "reason": " "})
    assert blank.status_code == 422 and "Reason: say why" in blank.content.decode()
    browser.post(f"/sales/leads/{lead.id}/move", {"action": "lost", "reason": "went elsewhere"})
    assert (api.get_lead(lead.id).state, api.get_lead(lead.id).lost_reason) == (
        "lost",
        "went elsewhere",
    )


def test_SL_3_facts_and_close_steps_are_saved_from_the_page(browser):
    lead = api.create_lead(BEA, "Hedera University")
    browser.post(
        f"/sales/leads/{lead.id}/facts",
        {
            "contact": "Jimmy",
            "responsive": "on",
            "challenges": "old LMS",
            "needs": "",
            "value_proposition": "",
        },
    )
    detail = api.lead_detail(lead.id)
    assert (detail.lead.contact, detail.lead.responsive, detail.challenges) == (
        "Jimmy",
        True,
        "old LMS",
    )
    browser.post(f"/sales/leads/{lead.id}/close-steps", {"kickoff_held": "on"})
    close = api.lead_detail(lead.id).facts.close
    assert (close.kickoff_held, close.onboarding_done) == (True, False)
