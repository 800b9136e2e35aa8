"""The lead page's documents (SL-3 stages 4–6, SL-5, SL-7): the blueprint, the quote lines,
"delivered", the client's acceptance, the close checklist with the contract and the SOW,
and the client checklists — each form saved, and refused with the field named and what was
typed kept."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from cellops.org import api as org_api
from cellops.org.data import Actor, EpicStatus, Role
from cellops.sales import api
from cellops.sales.tests.walk import walk

pytestmark = pytest.mark.django_db
BEA = Actor(
    username="bea", is_admin=False, roles=frozenset({Role.BUSINESS_DEVELOPMENT}), active=True
)


@pytest.fixture
def page(make_member) -> Client:
    make_member("bea", cell="Falcon", roles=(Role.BUSINESS_DEVELOPMENT,))
    make_member("ada", cell="Falcon")
    org_api.create_client(Actor.system("test"), "Hedera University", Decimal(90))
    org_api.create_account(Actor.system("test"), "Hedera LMS", "Hedera University")
    org_api.create_epic(
        Actor.system("test"),
        key="HED-1",
        title="Catalogue",
        account="Hedera LMS",
        owner="ada",
        reviewer="bea",
    )
    client = Client()
    client.force_login(get_user_model().objects.get(username="bea"))
    return client


def _lead(to: int = 1) -> int:
    lead = api.create_lead(BEA, "Hedera University", "jimmy@hedera.edu")
    walk(BEA, lead.id, to)
    return lead.id


def test_SL_3_the_blueprint_form_saves_solution_criteria_tasks_and_timeline(page):
    lead = _lead(4)
    answer = page.post(
        f"/sales/leads/{lead}/blueprint",
        {
            "solution": "A catalogue with search",
            "acceptance_criteria": "Found in two clicks",
            "timeline": "Six weeks",
            "task_title_0": "Search",
            "task_hours_0": "40",
            "task_title_1": "",
            "task_hours_1": "",
            "task_title_2": "Import",
            "task_hours_2": "12.5",
        },
    )
    assert answer.status_code == 302 and answer["Location"].endswith("#blueprint")
    saved = api.lead_detail(lead).facts.blueprint
    assert [(t.title, t.hours) for t in saved.tasks] == [
        ("Search", Decimal(40)),
        ("Import", Decimal("12.5")),
    ]
    shown = page.get(f"/sales/leads/{lead}/").content.decode()
    assert '<th scope="row">Import</th><td class="num">12.5</td>' in shown
    assert "Met</span> the blueprint has a timeline" in shown


def test_SL_3_a_blueprint_task_without_positive_hours_is_refused_naming_its_row(page):
    lead = _lead(4)
    answer = page.post(
        f"/sales/leads/{lead}/blueprint",
        {
            "solution": "",
            "acceptance_criteria": "Found in two clicks",
            "timeline": "Six weeks",
            "task_title_0": "",
            "task_hours_0": "",
            "task_title_1": "Search",
            "task_hours_1": "none",
        },
    )
    assert answer.status_code == 422
    text = answer.content.decode()
    assert "The blueprint is not saved: 2 problems" in text
    assert "SL-3 the blueprint&#x27;s solution is blank" in text
    assert "SL-3 task 2 needs an estimate of more than 0 hours" in text  # the page's row 2
    assert 'value="none"' in text and "Found in two clicks</textarea>" in text  # kept
    assert api.lead_detail(lead).facts.blueprint is None


def test_SL_3_quote_lines_with_zero_hours_or_a_rate_that_is_no_number_are_refused(page):
    lead = _lead(6)  # its quote, delivered: Search 40 h, Import 16 h at 90
    answer = page.post(
        f"/sales/leads/{lead}/proposal",
        {
            "line_feature_0": "Search",
            "line_hours_0": "0",
            "line_rate_0": "90",
            "line_feature_1": "Import",
            "line_hours_1": "-2",
            "line_rate_1": "ninety",
        },
    )
    assert answer.status_code == 422
    text = answer.content.decode()
    assert "The quote is not saved: 3 problems" in text
    assert "SL-3 line 1 needs more than 0 hours" in text
    assert "SL-3 line 2 needs more than 0 hours" in text
    assert "SL-3 line 2 needs a rate of 0 or more" in text
    assert 'value="ninety"' in text and 'value="-2"' in text
    kept = api.lead_detail(lead).facts.proposal
    assert [(x.feature, x.hours) for x in kept.lines] == [
        ("Search", Decimal(40)),
        ("Import", Decimal(16)),
    ]
    assert kept.delivered  # nothing lost: the delivered quote stays as it was


def test_SL_3_a_quote_is_written_delivered_and_shown_with_its_currency(page):
    lead = _lead(5)
    answer = page.post(
        f"/sales/leads/{lead}/proposal",
        {
            "line_feature_0": "Search",
            "line_hours_0": "40",
            "line_rate_0": "95",
            "line_feature_1": "Reviews",
            "line_hours_1": "4.5",
            "line_rate_1": "95",
        },
    )
    assert answer.status_code == 302
    text = page.get(f"/sales/leads/{lead}/").content.decode()
    assert "Not delivered yet" in text
    assert '<td class="num">427.50 EUR</td>' in text  # 4.5 × 95
    assert '<td class="num">4227.50 EUR</td>' in text  # the total
    assert page.post(f"/sales/leads/{lead}/proposal/deliver").status_code == 302
    assert api.lead_detail(lead).facts.proposal.delivered


def test_SL_5_the_client_accepts_chosen_lines_the_epic_is_accepted_with_their_hours(page):
    lead = _lead(6)
    api.update_lead(BEA, lead, {"epic": "HED-1"})
    lines = api.lead_detail(lead).facts.proposal.lines
    bad = page.post(
        f"/sales/leads/{lead}/proposal/accept",
        {"line": [str(lines[1].id)], "monthly_budget_hours": "lots"},
    )
    assert bad.status_code == 422
    assert "monthly_budget_hours: give hours" in bad.content.decode()
    assert 'value="lots"' in bad.content.decode()
    none = page.post(f"/sales/leads/{lead}/proposal/accept", {})
    assert (
        none.status_code == 422 and "SL-5 select at least one quote line" in none.content.decode()
    )
    answer = page.post(
        f"/sales/leads/{lead}/proposal/accept",
        {"line": [str(lines[1].id)], "monthly_budget_hours": "20"},
    )
    assert answer.status_code == 302
    epic = next(e for e in org_api.list_epics(show_money=True) if e.key == "HED-1")
    account = next(a for a in org_api.list_accounts(show_money=True) if a.name == "Hedera LMS")
    assert (epic.status, epic.budget_hours) == (EpicStatus.ACCEPTED, Decimal(16))
    assert account.monthly_budget_hours == Decimal(20)
    text = page.get(f"/sales/leads/{lead}/").content.decode()
    assert '<span class="chip ok">Accepted</span>' in text
    assert "Met</span> the proposal was accepted" in text


def test_SL_3_the_close_checklist_records_the_contract_and_the_sow(page):
    lead = _lead(6)
    answer = page.post(
        f"/sales/leads/{lead}/close-steps", {"contract_agreed": "on", "sow_sent": "on"}
    )
    assert answer.status_code == 302
    close = api.lead_detail(lead).facts.close
    assert (close.contract_agreed, close.sow_sent, close.kickoff_held) == (True, True, False)
    text = page.get(f"/sales/leads/{lead}/").content.decode()
    assert 'name="contract_agreed" checked' in text
    assert "Contract agreed, with its pricing and terms" in text
    assert "Statement of work (SOW) sent, when the deal has one" in text


def test_SL_7_the_client_checklists_start_from_the_lead_page_and_open(page):
    lead = _lead(1)
    text = page.get(f"/sales/leads/{lead}/").content.decode()
    assert "Start the onboarding checklist" in text and "Start the offboarding checklist" in text
    answer = page.post(f"/sales/leads/{lead}/checklists/offboarding")
    run = api.lead_detail(lead).offboarding_run
    assert answer.status_code == 302 and answer["Location"] == f"/checklists/{run}/"
    text = page.get(f"/sales/leads/{lead}/").content.decode()
    assert f'<a href="/checklists/{run}/">The offboarding checklist</a>: 0 of 7 done' in text
    assert page.post(f"/sales/leads/{lead}/checklists/sideways").status_code == 404


def test_the_facts_form_sets_the_epic_probability_and_refuses_a_bad_percent(page):
    lead = _lead(2)
    base = {"contact": "jimmy@hedera.edu", "responsive": "on", "source": "referral"}
    bad = page.post(f"/sales/leads/{lead}/facts", {**base, "probability": "lots"})
    assert bad.status_code == 422
    assert "Probability: give a whole percent" in bad.content.decode()
    assert 'value="lots"' in bad.content.decode()
    early = page.post(f"/sales/leads/{lead}/facts", {**base, "epic": "HED-1"})
    assert early.status_code == 422 and "SL-5" in early.content.decode()
    assert api.lead_detail(lead).epic == ""
    assert page.post(f"/sales/leads/{lead}/facts", {**base, "probability": "40"}).status_code == 302
    detail = api.lead_detail(lead)
    assert (detail.probability, detail.lead.source) == (40, "referral")
