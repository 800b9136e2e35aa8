"""The sales pages: scoring (with and without htmx), leads, a lead's history, the handbook check."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from cellops.org.data import Actor, Role
from cellops.sales import api
from cellops.sales.data import FACTOR_KEYS
from cellops.sales.rubric import DEFAULT_RUBRIC

pytestmark = pytest.mark.django_db


def _as(username: str) -> Actor:
    """An active member called `username` (the use cases take an `Actor`, issue #8)."""
    return Actor(
        username=username, is_admin=False, roles=frozenset({Role.BUSINESS_DEVELOPMENT}), active=True
    )


HEDERA = dict(zip(FACTOR_KEYS, ("1", "1", "2", "2", "2", "2", "2"), strict=True))


@pytest.fixture
def browser(make_member) -> Client:
    """A logged-in plain member (scoring leads is open to every member)."""
    from django.contrib.auth import get_user_model

    make_member("ada", roles=(Role.BUSINESS_DEVELOPMENT,))
    client = Client()
    client.force_login(get_user_model().objects.get(username="ada"))
    return client


def text(response) -> str:
    return response.content.decode()


def test_the_scoring_page_shows_the_seven_factors_and_what_each_score_means(browser):
    """Each factor is a fieldset with its label, weight and the meaning of 0, 1 and 2."""
    page = text(browser.get("/sales/score/"))
    assert page.count("<h1") == 1
    assert page.count("<fieldset") == 7
    for factor in DEFAULT_RUBRIC.factors:
        assert f'<fieldset id="factor-{factor.key}"' in page
        assert f'{factor.label} <span class="help">weight ×{factor.weight}</span>' in page
        for value in ("0", "1", "2"):
            assert f'name="{factor.key}" value="{value}"' in page
        for meaning in factor.levels:
            assert meaning.replace("&", "&amp;") in page
    assert 'aria-live="polite"' in page
    assert 'hx-post="/sales/score/result/"' in page


def test_the_scoring_page_needs_a_login(client):
    """Anonymous visitors are sent to the login page."""
    response = client.get("/sales/score/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_SL_1_posting_a_full_form_shows_the_total_band_and_stance(browser):
    """Without JavaScript, the form posts and the page comes back with 24, High and the stance."""
    response = browser.post("/sales/score/", HEDERA)
    page = text(response)
    assert response.status_code == 200
    assert '<span class="total">24</span> of 28' in page
    assert '<span class="chip ok">High priority</span>' in page
    assert "Pursue aggressively; run technical discovery with no upfront charge." in page
    assert 'class="errors"' not in page
    assert 'name="prestige" value="2" checked' in page


def test_SL_1_an_incomplete_form_shows_an_error_summary_naming_each_missing_factor(browser):
    """Missing factors are listed at the top with SL-1, linked and tied to their fieldsets."""
    chosen = {"people_profile": "1", "budget": "2", "contract_type": "2", "market_niche": "0"}
    page = text(browser.post("/sales/score/", chosen))
    summary = page[
        page.index('class="errors"') : page.index("</div>", page.index('class="errors"'))
    ]
    assert "3 factors to fix" in summary
    assert re.findall(r'href="#factor-(\w+)"', summary) == [
        "need",
        "prestige",
        "internal_positive_bias",
    ]
    assert summary.count('<span class="rule-id">SL-1</span>') == 3
    assert "Need is not scored yet. Choose 0, 1 or 2" in summary
    assert '<fieldset id="factor-need" aria-describedby="error-need">' in page
    assert '<p id="error-need" class="field-error">' in page
    assert '<fieldset id="factor-budget">' in page
    assert 'name="budget" value="2" checked' in page
    assert 'name="market_niche" value="0" checked' in page
    assert '<span class="total">' not in page


def test_SL_1_a_tampered_score_is_refused_by_name(browser):
    """A value other than 0, 1 or 2 posted by hand is named with what it was."""
    page = text(browser.post("/sales/score/", {**HEDERA, "prestige": "7"}))
    assert "Prestige: &#x27;7&#x27; is not a score. Choose 0, 1 or 2." in page
    assert '<span class="total">' not in page


def test_the_htmx_fragment_answers_only_the_result_region(browser):
    """The fragment has the total and band but no page around it."""
    response = browser.post("/sales/score/result/", HEDERA, HTTP_HX_REQUEST="true")
    fragment = text(response)
    assert response.status_code == 200
    assert "<html" not in fragment and "<form" not in fragment and "<h1" not in fragment
    assert '<span class="total">24</span> of 28' in fragment
    assert "High priority" in fragment


def test_the_htmx_fragment_counts_the_factors_still_to_score(browser):
    """While factors are missing, the live region says how many and which, without alarm."""
    fragment = text(
        browser.post("/sales/score/result/", {"need": "2", "prestige": "1"}, HTTP_HX_REQUEST="true")
    )
    assert "2 of 7 factors scored." in fragment
    assert (
        "Still to score: People profile, Budget, Contract type, Market niche, "
        "Internal positive bias." in fragment
    )
    assert 'class="errors"' not in fragment


def test_the_htmx_fragment_only_accepts_posts(browser):
    """GET on the fragment is 405."""
    assert browser.get("/sales/score/result/").status_code == 405


def test_SL_1_scoring_into_a_lead_saves_it_and_shows_the_lead_page(browser):
    """Choosing a lead saves the score in its history and redirects to the lead."""
    lead = api.create_lead(_as("ada"), "Hedera University")
    response = browser.post("/sales/score/", {**HEDERA, "lead": str(lead.id)})
    assert response.status_code == 302
    assert response["Location"] == f"/sales/leads/{lead.id}/"
    assert [s.total for s in api.lead_history(lead.id).scores] == [24]
    page = text(browser.get(response["Location"]))
    assert "Scored 24, High: saved in the lead&#x27;s score history." in page
    assert "<caption>Every score of Hedera University, newest first" in page
    assert "People profile 1, Need 1, Budget 2" in page


def test_an_incomplete_form_for_a_lead_saves_nothing_and_keeps_the_lead_chosen(browser):
    """A refused score is not saved; the lead stays selected."""
    lead = api.create_lead(_as("ada"), "Hedera University")
    page = text(browser.post("/sales/score/", {"need": "1", "lead": str(lead.id)}))
    assert f'<option value="{lead.id}" selected>' in page
    assert api.lead_history(lead.id).scores == []


def test_scoring_into_a_lead_that_does_not_exist_says_so(browser):
    """A vanished lead is reported at the lead field; nothing is saved."""
    page = text(browser.post("/sales/score/", {**HEDERA, "lead": "999"}))
    assert "That lead does not exist any more" in page
    assert 'aria-describedby="lead-error"' in page


def test_the_scoring_page_preselects_the_lead_from_the_link(browser):
    """/sales/score/?lead=ID (the link from the home page) chooses that lead."""
    lead = api.create_lead(_as("ada"), "Hedera University")
    page = text(browser.get(f"/sales/score/?lead={lead.id}"))
    assert f'<option value="{lead.id}" selected>Hedera University (waiting to be scored)' in page


def test_the_leads_page_lists_bands_and_marks_leads_waiting_to_be_scored(browser):
    """Scored leads show their band chip and total; others are waiting, with a link to score."""
    hedera = api.create_lead(_as("ada"), "Hedera University")
    waiting = api.create_lead(_as("ada"), "Affogato International")
    api.score_lead(_as("ada"), hedera.id, api.scores_from_text(HEDERA))
    page = text(browser.get("/sales/leads/"))
    assert page.count("<h1") == 1
    assert "<caption>2 leads, by name</caption>" in page
    assert '<span class="chip ok">High priority</span>' in page
    assert '<td class="num">24</td>' in page
    assert '<span class="chip">Waiting to be scored</span>' in page
    assert f'href="/sales/score/?lead={waiting.id}">Score Affogato International</a>' in page


def test_adding_a_lead_from_the_leads_page_opens_its_page(browser):
    """The small form creates the lead and redirects to it."""
    response = browser.post("/sales/leads/", {"name": "Hedera University", "contact": "Ivy"})
    lead = api.list_leads()[0]
    assert (lead.name, lead.contact) == ("Hedera University", "Ivy")
    assert response["Location"] == f"/sales/leads/{lead.id}/"
    page = text(browser.get(response["Location"]))
    assert "<h1>Hedera University</h1>" in page
    assert "is waiting to be scored" in page
    assert f'href="/sales/score/?lead={lead.id}">Score this lead</a>' in page


def test_a_duplicate_lead_name_is_shown_at_the_name_field(browser):
    """The error is summarised and tied to the name field; the typed values stay."""
    api.create_lead(_as("ada"), "Hedera University")
    page = text(browser.post("/sales/leads/", {"name": "Hedera University", "contact": "Ivy"}))
    assert 'aria-describedby="lead-name-error"' in page
    assert "A lead called &#x27;Hedera University&#x27; already exists" in page
    assert ">Ivy</textarea>" in page
    assert api.count_leads() == 1


def test_an_unknown_lead_page_is_404(browser):
    """A lead that does not exist answers the not-found page."""
    assert browser.get("/sales/leads/999/").status_code == 404


def test_SL_2_the_handbook_check_page_lists_each_example_its_findings_and_verdict(browser):
    """Each example has a table with caption, its findings in sentences and a verdict."""
    page = text(browser.get("/sales/handbook-check/"))
    assert page.count("<h1") == 1
    assert page.count("<caption>") == 3
    assert "Affogato International: printed 18, the rubric gives 14 — still Medium." in page
    assert (
        "Ms. Brown&#x27;s 5th Grade Class: the Need factor is missing, so the rubric refuses "
        "to score it; whatever it is, the total is 4–8, Low." in page
    )
    assert "Hedera University: printed 24, High, and the rubric agrees: 24, High." in page
    assert "Contract type: printed weight 2, the rubric weighs it 1." in page
    assert "The printed total is 18, but the printed rows add up to 15." in page
    assert "Need has no row: SL-1 refuses to score the example without it" in page
    assert '<td class="num">missing: 0 to 4</td>' in page
    assert '<span class="chip warn">8 findings</span>' in page


def test_the_home_page_tells_business_development_which_leads_wait_to_be_scored(make_member):
    """A business development specialist sees each unscored lead on Home, linked to scoring."""
    from django.contrib.auth import get_user_model

    from cellops.org.data import Role

    make_member("bea", roles=(Role.BUSINESS_DEVELOPMENT,))
    lead = api.create_lead(_as("ada"), "Hedera University")
    client = Client()
    client.force_login(get_user_model().objects.get(username="bea"))
    page = text(client.get("/"))
    assert (
        f'<a href="/sales/score/?lead={lead.id}">Lead Hedera University is waiting to be scored</a>'
        in page
    )
