"""SL-4 (the intro meeting), SL-5 (the epic's timing, the account's monthly budget) and
SL-7 (client checklists) through the JSON door; who may see client budgets."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from cellops.checklists import api as checklists_api
from cellops.org import api as org_api
from cellops.org.data import Actor, EpicStatus, Role
from cellops.sales.data import FACTOR_KEYS

pytestmark = pytest.mark.django_db

HEDERA = dict(zip(FACTOR_KEYS, (1, 1, 2, 2, 2, 2, 2), strict=True))  # 24 High
MEDIUM = dict(zip(FACTOR_KEYS, (1, 1, 1, 1, 1, 1, 1), strict=True))  # 14 Medium
NOTES = {
    "situation": "A university library with 40 courses",
    "problem": "Learners cannot find the books a course needs",
    "implications": "Courses start late; teachers work around the LMS",
    "need_payoff": "A catalogue inside Open edX, contributed upstream",
}


def _send(client, method: str, url: str, body: object = None):
    return getattr(client, method)(
        url, json.dumps(body) if body is not None else "", content_type="application/json"
    )


@pytest.fixture
def bd(make_member, api_client_for):
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
    return api_client_for("bea")


def _lead(bd, name="Hedera University") -> str:
    lead = _send(bd, "post", "/api/v1/leads", {"name": name, "contact": "jimmy@hedera.edu"})
    return f"/api/v1/leads/{lead.json()['id']}"


def test_SL_4_the_notes_need_every_spin_heading_and_bring_the_agenda_checklist(bd):
    url = _lead(bd)
    refused = _send(bd, "put", f"{url}/meeting/notes", {**NOTES, "problem": "", "need_payoff": " "})
    assert refused.status_code == 422
    assert [(v["rule"], v["field"]) for v in refused.json()["violations"]] == [
        ("SL-4", "problem"),
        ("SL-4", "need_payoff"),
    ]
    prepared = _send(bd, "put", f"{url}/meeting/notes", NOTES)
    assert prepared.status_code == 200
    body = prepared.json()
    assert body["notes"] == NOTES
    run = checklists_api.run(body["agenda_run"])
    assert run.member == "bea" and len(run.items) == 6
    again = _send(bd, "put", f"{url}/meeting/notes", NOTES).json()
    assert again["agenda_run"] == body["agenda_run"]  # one agenda, never two
    ticked = _send(bd, "post", f"{url}/meeting/agenda/{run.items[0].id}", {"done": True})
    assert ticked.status_code == 200
    assert checklists_api.run(body["agenda_run"]).items[0].done_by == "bea"


def test_SL_4_after_the_meeting_summary_follow_ups_rescore_and_paid_discovery(bd):
    url = _lead(bd)
    _send(bd, "put", f"{url}/meeting/notes", NOTES)
    record = {
        "held_on": "2026-03-03",
        "next_steps": "Send the list of courses\nStart a paid discovery",
        "follow_ups": [
            {"task": "Check the course list arrived", "due": "2026-03-10"},
            {"task": "Book the discovery kickoff", "due": "2026-03-06"},
        ],
        "discovery_payment": "paid",
        "scores": MEDIUM,
    }
    answer = _send(bd, "post", f"{url}/meeting/record", record)
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert [(f["task"], f["due"]) for f in body["follow_ups"]] == [
        ("Book the discovery kickoff", "2026-03-06"),
        ("Check the course list arrived", "2026-03-10"),
    ]
    email = body["summary_email"]
    assert email["to"] == "jimmy@hedera.edu"
    assert email["subject"] == "Hedera University: our meeting of Tue 3 Mar 2026 and next steps"
    assert "Your challenge: Learners cannot find the books a course needs" in email["body"]
    assert "- Start a paid discovery" in email["body"]
    assert "- Book the discovery kickoff (by Fri 6 Mar 2026)" in email["body"]
    assert "billed at our hourly rate" in email["body"]
    lead = bd.get(url).json()
    assert (lead["scores"][0]["total"], lead["scores"][0]["band"]) == (14, "Medium")
    assert lead["follow_up"] == "2026-03-06"


def test_SL_4_only_a_high_lead_may_defer_its_discovery_and_nothing_is_kept_when_refused(bd):
    url = _lead(bd)
    _send(bd, "put", f"{url}/meeting/notes", NOTES)
    record = {
        "held_on": "2026-03-03",
        "next_steps": "",
        "follow_ups": [{"task": "Call back", "due": "2026-03-01"}],
        "discovery_payment": "deferred",
        "scores": MEDIUM,
    }
    refused = _send(bd, "post", f"{url}/meeting/record", record)
    assert refused.status_code == 422
    assert [v["field"] for v in refused.json()["violations"]] == [
        "next_steps",
        "follow_ups[0].due",
        "discovery_payment",
    ]
    assert bd.get(url).json()["scores"] == []  # the re-score was rolled back too
    high = {**record, "next_steps": "Discovery", "follow_ups": [], "scores": HEDERA}
    accepted = _send(bd, "post", f"{url}/meeting/record", high)
    assert accepted.status_code == 200
    assert "deferred until the project starts" in accepted.json()["summary_email"]["body"]


def _to_stage(bd, url: str, stage: int) -> None:
    from cellops.sales import models

    models.Lead.objects.filter(pk=int(url.rsplit("/", 1)[1])).update(stage=stage)


def test_SL_5_without_a_complex_discovery_the_epic_waits_for_signature(bd):
    url = _lead(bd)
    _to_stage(bd, url, 5)
    early = _send(bd, "patch", url, {"epic": "HED-1"})
    assert early.status_code == 422
    (violation,) = early.json()["violations"]
    assert (violation["rule"], violation["field"], violation["earliest_stage"]) == (
        "SL-5",
        "epic",
        6,
    )
    _to_stage(bd, url, 6)
    assert _send(bd, "patch", url, {"epic": "HED-1"}).json()["epic"] == "HED-1"


def test_SL_5_a_complex_discovery_makes_the_epic_during_the_blueprint_and_gates_it(bd):
    url = _lead(bd)
    _to_stage(bd, url, 3)
    assert _send(bd, "patch", url, {"discovery": "complex", "epic": "HED-1"}).status_code == 422
    _to_stage(bd, url, 4)
    gate = _send(bd, "patch", url, {"discovery": "complex"}).json()["next_gate"]
    assert {
        "condition": "the work epic is made during the blueprint (a complex discovery, SL-5)",
        "met": False,
        "where": "facts",
    } in gate
    patched = _send(bd, "patch", url, {"epic": "HED-1"}).json()
    assert all(c["met"] for c in patched["next_gate"] if "epic" in c["condition"])


def test_SL_5_acceptance_sets_the_epic_budget_the_account_monthly_budget_and_timeline(bd):
    url = _lead(bd)
    _send(
        bd,
        "put",
        f"{url}/blueprint",
        {
            "solution": "A catalogue",
            "acceptance_criteria": "Found in two clicks",
            "tasks": [{"title": "Search", "hours": "40"}],
            "timeline": "Six weeks from kickoff",
        },
    )
    quote = {
        "lines": [
            {"feature": "Search", "hours": "40", "rate": "90"},
            {"feature": "Import", "hours": "16", "rate": "90"},
        ]
    }
    lines = [line["id"] for line in _send(bd, "post", f"{url}/proposal", quote).json()["lines"]]
    _send(bd, "post", f"{url}/proposal/deliver")
    _to_stage(bd, url, 6)
    _send(bd, "patch", url, {"epic": "HED-1"})
    accepted = _send(
        bd, "post", f"{url}/proposal/accept", {"lines": lines, "monthly_budget_hours": "30"}
    )
    assert accepted.json() == {"epic": "HED-1", "budget_hours": "56.00"}
    epic = next(e for e in org_api.list_epics(show_money=True) if e.key == "HED-1")
    account = next(a for a in org_api.list_accounts(show_money=True) if a.name == "Hedera LMS")
    assert (epic.status, epic.budget_hours) == (EpicStatus.ACCEPTED, Decimal(56))
    assert account.monthly_budget_hours == Decimal(30)
    lead = bd.get(url).json()
    assert (lead["timeline"], lead["client"]) == ("Six weeks from kickoff", "Hedera University")


def test_SL_7_onboarding_and_offboarding_start_once_offboarding_handles_client_data(bd):
    url = _lead(bd)
    first = _send(bd, "post", f"{url}/checklists/onboarding").json()["run"]
    assert _send(bd, "post", f"{url}/checklists/onboarding").json()["run"] == first
    onboarding = checklists_api.run(first)
    assert any("Kickoff" in item.text for item in onboarding.items)
    off = checklists_api.run(_send(bd, "post", f"{url}/checklists/offboarding").json()["run"])
    assert any("Client data handled" in item.text for item in off.items)
    assert _send(bd, "post", f"{url}/checklists/farewell").status_code == 422


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.BUSINESS_DEVELOPMENT, True),
        (Role.CEO, True),
        (None, False),
        (Role.SPRINT_PLANNING_MANAGER, False),
        (Role.RECRUITMENT_MANAGER, False),
    ],
)
def test_privacy_a_leads_quote_and_meeting_only_for_those_who_sell(
    bd, make_member, api_client_for, role, allowed
):
    """Quotes (rates, amounts) and the client's budget on a lead are for business
    development and the CEO (SCORE_LEADS, decision 0055); anyone else gets 403."""
    url = _lead(bd)
    _send(bd, "post", f"{url}/proposal", {"lines": [{"feature": "A", "hours": "3", "rate": "90"}]})
    make_member("who", cell="Falcon", roles=(role,) if role else ())
    client = api_client_for("who")
    for path in (url, f"{url}/meeting", "/api/v1/leads"):
        assert client.get(path).status_code == (200 if allowed else 403), path
    from django.contrib.auth import get_user_model
    from django.test import Client

    browser = Client()
    browser.force_login(get_user_model().objects.get(username="who"))
    page = browser.get(f"/sales/leads/{url.rsplit('/', 1)[1]}/")
    assert page.status_code == (200 if allowed else 403)
