"""The sales use cases against the database: scoring, leads and their history, needs (SL-1, SL-2)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal
from cellops.org import api as org_api
from cellops.org.data import Actor, Role
from cellops.platform import api as core_api
from cellops.sales import api
from cellops.sales.data import FACTOR_KEYS

pytestmark = pytest.mark.django_db


def _as(username: str) -> Actor:
    """An active member called `username` (the use cases take an `Actor`, issue #8)."""
    return Actor(
        username=username, is_admin=False, roles=frozenset({Role.BUSINESS_DEVELOPMENT}), active=True
    )


HEDERA = dict(zip(FACTOR_KEYS, (1, 1, 2, 2, 2, 2, 2), strict=True))
AFFOGATO = dict(zip(FACTOR_KEYS, (2, 1, 1, 1, 1, 0, 1), strict=True))
TODAY = date(2026, 3, 2)


def test_SL_1_score_gives_hedera_24_high_with_its_stance():
    """The pure rubric behind every door: (1,1,2,2,2,2,2) is 24, High."""
    lead = api.score(HEDERA)
    assert (lead.total, lead.band) == (24, "High")
    assert lead.stance.startswith("Pursue aggressively")
    assert [line.weighted for line in lead.breakdown] == [2, 2, 4, 2, 6, 4, 4]


def test_SL_1_score_refuses_every_bad_factor_at_once():
    """A missing factor and two bad scores are three SL-1 violations, in rubric order."""
    scores: dict[str, object] = {**HEDERA, "budget": 3, "prestige": "2"}
    del scores["need"]
    with pytest.raises(RuleRefusal) as caught:
        api.score(scores)
    assert [(v.rule, v.extra["factor"]) for v in caught.value.violations] == [
        ("SL-1", "need"),
        ("SL-1", "budget"),
        ("SL-1", "prestige"),
    ]


def test_scores_typed_as_text_become_integers_and_odd_text_is_kept_for_sl_1():
    """'2' becomes 2; '1.5' and 'two' stay as typed so SL-1 names them."""
    assert api.scores_from_text({"need": "2", "budget": " 0 ", "prestige": "1.5"}) == {
        "need": 2,
        "budget": 0,
        "prestige": "1.5",
    }


def test_a_new_lead_is_waiting_to_be_scored_and_its_creation_is_audited():
    """create_lead answers the lead without a score and leaves an audit entry."""
    lead = api.create_lead(_as("ada"), "  Hedera University ", "Dr. Ivy, ivy@hedera.example")
    assert (lead.name, lead.contact, lead.responsive) == (
        "Hedera University",
        "Dr. Ivy, ivy@hedera.example",
        False,
    )
    assert (lead.total, lead.band, lead.scored_at) == (None, None, None)
    assert lead.waiting_to_be_scored
    entry = core_api.audit_log(object_type="lead")[0]
    assert (entry.actor, entry.action, entry.object_id) == (
        "ada",
        "lead.create",
        "Hedera University",
    )


def test_a_second_lead_with_the_same_name_is_refused_naming_the_field():
    """Lead names are unique."""
    api.create_lead(_as("ada"), "Hedera University")
    with pytest.raises(InvalidInput) as caught:
        api.create_lead(_as("ada"), "Hedera University")
    assert caught.value.field == "name"
    assert api.count_leads() == 1


@pytest.mark.parametrize(
    ("name", "contact", "field"),
    [("   ", "", "name"), ("x" * 121, "", "name"), ("A", "c" * 2001, "contact")],
)
def test_a_blank_or_too_long_lead_is_refused_naming_the_field(name, contact, field):
    """Blank names and over-long fields are bad input, named."""
    with pytest.raises(InvalidInput) as caught:
        api.create_lead(_as("ada"), name, contact)
    assert caught.value.field == field
    assert api.count_leads() == 0


def test_SL_1_scoring_a_lead_keeps_the_score_and_audits_it():
    """score_lead stores the factor scores, total and band, who scored and when."""
    lead = api.create_lead(_as("ada"), "Hedera University")
    recorded = api.score_lead(_as("bea"), lead.id, HEDERA)
    assert (recorded.total, recorded.band, recorded.lead_id, recorded.scored_by) == (
        24,
        "High",
        lead.id,
        "bea",
    )
    assert recorded.scored_at is not None
    entry = core_api.audit_log(object_type="lead")[0]
    assert entry.action == "lead.score"
    assert entry.changes == {"scores": HEDERA, "total": 24, "band": "High"}


def test_SL_1_a_refused_score_stores_nothing():
    """When SL-1 refuses, the lead keeps no score and nothing is audited."""
    lead = api.create_lead(_as("ada"), "Hedera University")
    with pytest.raises(RuleRefusal):
        api.score_lead(_as("bea"), lead.id, {**HEDERA, "need": 7})
    assert api.lead_history(lead.id).scores == []
    assert [e.action for e in core_api.audit_log(object_type="lead")] == ["lead.create"]


@pytest.mark.parametrize("lead_id", [999, 0, -1, 2**70])
def test_scoring_an_unknown_lead_is_not_found(lead_id):
    """An unknown (or impossible) lead id is NotFound, naming the field."""
    with pytest.raises(NotFound) as caught:
        api.score_lead(_as("bea"), lead_id, HEDERA)
    assert caught.value.field == "lead_id"


def test_leads_are_listed_by_name_with_their_latest_score():
    """list_leads shows each lead's most recent total and band, or None when never scored."""
    hedera = api.create_lead(_as("ada"), "Hedera University")
    api.create_lead(_as("ada"), "Affogato International")
    api.score_lead(_as("bea"), hedera.id, AFFOGATO)
    api.score_lead(_as("bea"), hedera.id, HEDERA)
    leads = api.list_leads()
    assert [(lead.name, lead.total, lead.band) for lead in leads] == [
        ("Affogato International", None, None),
        ("Hedera University", 24, "High"),
    ]
    assert [lead.name for lead in api.list_leads(limit=1, offset=1)] == ["Hedera University"]
    assert api.count_leads() == 2


def test_a_lead_history_lists_every_score_newest_first():
    """lead_history answers the lead and its scores, newest first, with their breakdowns."""
    lead = api.create_lead(_as("ada"), "Hedera University")
    api.score_lead(_as("bea"), lead.id, AFFOGATO)
    api.score_lead(_as("cy"), lead.id, HEDERA)
    history = api.lead_history(lead.id)
    assert history.lead.name == "Hedera University"
    assert [(s.total, s.band, s.scored_by) for s in history.scores] == [
        (24, "High", "cy"),
        (14, "Medium", "bea"),
    ]
    assert {line.factor: line.score for line in history.scores[1].breakdown} == AFFOGATO
    assert history.scores[1].stance.startswith("Pursue; follow up")


def test_SL_2_the_handbook_check_answers_the_three_examples_with_0_4_and_8_findings():
    """handbook_check recomputes Hedera, Affogato and Ms. Brown's class."""
    checks = api.handbook_check()
    assert [(c.name, len(c.findings)) for c in checks] == [
        ("Hedera University", 0),
        ("Affogato International", 4),
        ("Ms. Brown's 5th Grade Class", 8),
    ]


def test_SL_2_the_report_of_ms_brown_says_the_rubric_refuses_and_gives_4_to_8():
    """Ms. Brown's report has no rubric score, the range 4–8, Low and the SL-1 refusal."""
    report = api.check_report(api.handbook_check()[2])
    assert report["rubric"] is None
    assert (report["possible_totals"], report["possible_bands"]) == ([4, 8], ["Low"])
    assert report["refusal"] == [
        {
            "rule": "SL-1",
            "message": "score need with 0, 1 or 2: Need is missing, and the rubric never guesses a factor",
            "factor": "need",
        }
    ]
    assert report["findings"][-1]["expected"] == [4, 8]
    assert report["verdict"] == (
        "Ms. Brown's 5th Grade Class: the Need factor is missing, so the rubric refuses to "
        "score it; whatever it is, the total is 4–8, Low."
    )


def test_SL_2_the_report_of_affogato_gives_the_rubric_total_14_medium():
    """Affogato's report: printed 18, rows 15, rubric 14 Medium."""
    report = api.check_report(api.handbook_check()[1])
    assert (report["printed"]["total"], report["rows_sum"]) == (18, 15)
    assert (report["rubric"]["total"], report["rubric"]["band"]) == (14, "Medium")
    assert report["verdict"] == (
        "Affogato International: printed 18, the rubric gives 14 — still Medium."
    )


@pytest.mark.parametrize("role", [Role.BUSINESS_DEVELOPMENT, Role.CEO])
def test_leads_never_scored_wait_on_business_development_and_the_ceo(make_member, role):
    """needs_of lists one need per unscored lead, linking to its scoring page."""
    make_member("bea", roles=(role,))
    waiting = api.create_lead(_as("ada"), "Hedera University")
    scored = api.create_lead(_as("ada"), "Affogato International")
    api.score_lead(_as("ada"), scored.id, AFFOGATO)
    user = _user("bea")
    needs = api.needs_of(org_api.actor_for(user, TODAY), TODAY)
    assert [(n.area, n.title, n.url) for n in needs] == [
        (
            "Leads",
            "Lead Hedera University is waiting to be scored",
            f"/sales/score/?lead={waiting.id}",
        )
    ]


def test_administrators_are_reminded_of_unscored_leads_too(admin_user):
    """An administrator holds every permission, so unscored leads wait on them too."""
    api.create_lead(_as("ada"), "Hedera University")
    assert [n.title for n in api.needs_of(org_api.actor_for(admin_user, TODAY), TODAY)] == [
        "Lead Hedera University is waiting to be scored"
    ]


def test_members_without_a_sales_role_are_not_reminded_of_leads(make_member):
    """A plain member, or a member with another role, has no lead needs."""
    make_member("cy")
    make_member("dee", roles=(Role.RECRUITMENT_MANAGER,))
    api.create_lead(_as("ada"), "Hedera University")
    assert api.needs_of(org_api.actor_for(_user("cy"), TODAY), TODAY) == []
    assert api.needs_of(org_api.actor_for(_user("dee"), TODAY), TODAY) == []


def test_an_anonymous_visitor_has_no_lead_needs():
    """needs_of answers nothing for someone not logged in."""
    from django.contrib.auth.models import AnonymousUser

    api.create_lead(_as("ada"), "Hedera University")
    with pytest.raises(PermissionDenied):  # the home page asks for a login first
        org_api.actor_for(AnonymousUser(), TODAY)


def _user(username: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)
