"""SL-4 pages: the intro meeting (SPIN notes, the agenda checklist, after the meeting the
next steps, follow-ups with dates, the re-score, discovery, the summary e-mail) and the
follow-ups list — saved, and refused naming every problem with what was typed kept."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from cellops.org.data import Actor, Role
from cellops.sales import api
from cellops.sales.data import FACTOR_KEYS

pytestmark = pytest.mark.django_db
BEA = Actor(
    username="bea", is_admin=False, roles=frozenset({Role.BUSINESS_DEVELOPMENT}), active=True
)
NOTES = {
    "situation": "A university library with 40 courses",
    "problem": "Learners cannot find the books a course needs",
    "implications": "Courses start late",
    "need_payoff": "A catalogue inside Open edX",
}
HEDERA = dict(zip(FACTOR_KEYS, ("1", "1", "2", "2", "2", "2", "2"), strict=True))  # 24 High
MEDIUM = dict(zip(FACTOR_KEYS, ("1", "1", "1", "1", "1", "1", "1"), strict=True))  # 14


@pytest.fixture
def page(make_member) -> Client:
    make_member("bea", cell="Falcon", roles=(Role.BUSINESS_DEVELOPMENT,))
    client = Client()
    client.force_login(get_user_model().objects.get(username="bea"))
    return client


@pytest.fixture
def lead() -> int:
    return api.create_lead(BEA, "Hedera University", "jimmy@hedera.edu").id


def test_SL_4_the_notes_need_every_spin_heading_and_keep_what_was_typed(page, lead):
    answer = page.post(
        f"/sales/leads/{lead}/meeting/notes", {**NOTES, "problem": " ", "need_payoff": ""}
    )
    assert answer.status_code == 422
    text = answer.content.decode()
    assert "The notes are not saved: 2 problems" in text
    assert "SL-4 write the Problem notes before the meeting" in text
    assert "SL-4 write the Need payoff notes before the meeting" in text
    assert "A university library with 40 courses</textarea>" in text
    assert api.meeting(BEA, lead).agenda_run is None


def test_SL_4_saved_notes_bring_the_agenda_checklist_ticked_from_the_page(page, lead):
    answer = page.post(f"/sales/leads/{lead}/meeting/notes", NOTES)
    assert answer.status_code == 302 and answer["Location"].endswith("#agenda")
    agenda = api.agenda(BEA, lead)
    first = agenda.items[0]
    text = page.get(f"/sales/leads/{lead}/meeting/").content.decode()
    assert f"0 of {len(agenda.items)} done." in text
    assert "Ask which problem they want solved" in text
    ticked = page.post(f"/sales/leads/{lead}/meeting/agenda/{first.id}", {"done": "1"})
    assert ticked.status_code == 302 and ticked["Location"].endswith(f"#agenda-item-{first.id}")
    assert api.agenda(BEA, lead).items[0].done_at is not None
    assert (
        f"1 of {len(agenda.items)} done."
        in page.get(f"/sales/leads/{lead}/meeting/").content.decode()
    )


def _record(page, lead, **changes):
    held = date.today()
    body = {
        "held_on": held.isoformat(),
        "next_steps": "Send the requirements list\nBook the discovery",
        "follow_up_task_0": "Call Jimmy about the budget",
        "follow_up_due_0": (held + timedelta(days=7)).isoformat(),
        "follow_up_task_1": "",
        "follow_up_due_1": "",
        "discovery_payment": "paid",
        **HEDERA,
    }
    body.update(changes)
    return page.post(f"/sales/leads/{lead}/meeting/record", body)


def test_SL_4_a_score_outside_0_to_2_and_a_follow_up_before_the_meeting_keep_nothing(page, lead):
    api.prepare_meeting(BEA, lead, NOTES)
    earlier = (date.today() - timedelta(days=1)).isoformat()
    answer = _record(page, lead, prestige="3", follow_up_due_0=earlier)
    assert answer.status_code == 422
    text = answer.content.decode()
    assert "SL-1 Prestige:" in text  # the factor named; SL-1 first, nothing else yet
    assert 'value="Call Jimmy about the budget"' in text and f'value="{earlier}"' in text
    assert api.lead_history(lead).scores == [] and api.meeting(BEA, lead).held_on is None
    answer = _record(page, lead, follow_up_due_0=earlier, discovery_payment="deferred", **MEDIUM)
    text = answer.content.decode()
    assert "The meeting is not recorded: 2 problems" in text
    assert "SL-4 follow-up 1 is due before the meeting: give a later date" in text
    assert "SL-4 only a High lead&#x27;s discovery may be deferred (this one is Medium)" in text
    assert api.lead_history(lead).scores == []  # the re-score rolled back with the rest
    bad_day = _record(page, lead, held_on="yesterday")
    assert "held_on: give the day of the meeting as YYYY-MM-DD" in bad_day.content.decode()


def test_SL_4_after_the_meeting_the_summary_is_drafted_and_the_follow_up_listed(page, lead):
    api.prepare_meeting(BEA, lead, NOTES)
    answer = _record(page, lead)
    assert answer.status_code == 302 and answer["Location"].endswith("#summary")
    history = api.lead_history(lead)
    assert [(s.total, s.band) for s in history.scores] == [(24, "High")]
    due = date.today() + timedelta(days=7)
    assert history.lead.follow_up == due
    text = page.get(f"/sales/leads/{lead}/meeting/").content.decode()
    assert "Your challenge: Learners cannot find the books a course needs" in text
    assert "- Send the requirements list" in text
    assert f"- Call Jimmy about the budget (by {due:%a} {due.day} {due:%b %Y})" in text
    assert "As agreed, the discovery is billed at our hourly rate." in text
    listed = page.get("/sales/follow-ups/").content.decode()
    assert "1 open follow-up" in listed
    assert f"{due:%a} {due.day} {due:%b %Y}</time>" in listed
    assert "Call Jimmy about the budget" in listed
    (open_one,) = api.open_follow_ups(BEA)
    done = page.post(f"/sales/follow-ups/{open_one.id}/done")
    assert done.status_code == 302
    assert api.open_follow_ups(BEA) == [] and api.get_lead(lead).follow_up is None
    assert "No open follow-up." in page.get("/sales/follow-ups/").content.decode()
    assert page.post("/sales/follow-ups/999999/done").status_code == 404


def test_the_meeting_pages_are_for_those_who_sell(make_member, lead):
    make_member("ada", cell="Falcon")
    client = Client()
    client.force_login(get_user_model().objects.get(username="ada"))
    assert client.get(f"/sales/leads/{lead}/meeting/").status_code == 403
    assert client.get("/sales/follow-ups/").status_code == 403
    assert client.post(f"/sales/leads/{lead}/meeting/notes", NOTES).status_code == 403
