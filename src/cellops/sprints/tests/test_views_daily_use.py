"""Issue #14, the sprint items (1, 2, 3, 6, 8, 9), as Falcon lives them on Tue 1 Dec 2026.

The clock is held (`kernel.clock.frozen`): sprint 24 runs Mon 23 Nov to Sun 6 Dec (today
is its day 8), sprint 25 starts Mon 7 Dec, its cut-off Thu 3 Dec and its estimation closes
Fri 4 Dec (SP-1, first sprint 1 on Mon 5 Jan 2026). Each test asserts the values a page
shows, computed from the rules.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cellops.kernel import clock
from cellops.kernel.violations import RuleRefusal
from cellops.org import api as org_api
from cellops.org.data import Actor, EpicStatus, Role
from cellops.sprints import api, rules

pytestmark = pytest.mark.django_db

TUE_1_DEC = datetime(2026, 12, 1, 10, tzinfo=UTC)
JSON = "application/json"


def _text(response) -> str:
    """The page's words, tags removed and spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return (
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
        .replace(" ,", ",")
        .replace(" .", ".")
        .replace(" ;", ";")
    )


def _sam():
    return org_api.actor_named("sam")


@pytest.fixture
def falcon(make_member):
    """Sprint 24 started on its day 0 with Ada's and Bob's tickets; sprint 25 planned, its
    estimation open; the clock held at Tue 1 Dec 2026, 10:00 UTC."""
    make_member("sam", first_name="Sam", last_name="Planner", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("ada", first_name="Ada", last_name="Lovelace")
    make_member("bob", first_name="Bob", last_name="Marley")
    org_api.create_account(Actor.system("test"), "Hedera LMS", monthly_budget_hours=Decimal(400))
    keys = {}
    with clock.frozen(datetime(2026, 11, 16, 9, tzinfo=UTC)):
        for name, assignee, reviewer, points, hours in (
            ("a", "ada", "bob", 5, 10),
            ("b", "bob", "ada", 3, 6),
        ):
            keys[name] = api.create_ticket(
                _sam(),
                title=f"Ticket {name}",
                cell="Falcon",
                account="Hedera LMS",
                sprint=24,
                story_points=points,
                assignee=assignee,
                reviewer=reviewer,
                remaining_hours=Decimal(hours),
            ).key
        keys["capacity_at_start"] = {c.member: c for c in api.capacity("Falcon", 24)}
    with clock.frozen(datetime(2026, 11, 23, 8, tzinfo=UTC)):
        assert api.start(_sam(), "Falcon", 24) == []  # on its day 0: no confirmation needed
    with clock.frozen(TUE_1_DEC):
        keys["c"] = api.create_ticket(
            _sam(),
            title="Ticket c",
            cell="Falcon",
            account="Hedera LMS",
            sprint=25,
            story_points=5,
            tentative_assignee="bob",
            reviewer="ada",
            remaining_hours=Decimal(4),
        ).key
        keys["d"] = api.create_ticket(
            _sam(),
            title="Ticket d",
            cell="Falcon",
            account="Hedera LMS",
            sprint=25,
            story_points=8,
            assignee="ada",
            reviewer="bob",
            remaining_hours=Decimal(5),
        ).key
        api.open_estimation(_sam(), "Falcon", 25)
    with clock.frozen(TUE_1_DEC):
        yield keys


@pytest.fixture
def as_user(client, django_user_model):
    def login(username: str):
        client.force_login(django_user_model.objects.get(username=username))
        return client

    return login


# --- item 1: the next sprint's own cut-off (SP-1) ---------------------------------------


def test_SP_1_the_index_shows_each_sprints_dates_and_the_next_sprints_own_cut_off(falcon, as_user):
    cut_off_25 = rules.insertion_cutoff(date(2026, 12, 7))
    assert cut_off_25 == date(2026, 12, 3)  # Thursday, day 10 of sprint 24
    page = _text(as_user("ada").get(reverse("sprints:index") + "?cell=Falcon"))
    assert "Sprint 24 (current) Mon 23 Nov to Sun 6 Dec 2026, today is day 8" in page
    assert "mid-sprint meeting Mon 30 Nov." in page
    assert "Sprint 25 (next) Mon 7 Dec to Sun 20 Dec 2026" in page
    assert "tickets go in by Thu 3 Dec 2026, 24:00 UTC" in page
    assert "19 Nov" not in page  # sprint 24's own cut-off, printed in 25's box before
    assert "Started on Mon 23 Nov 2026" in page and "Not started" in page


# --- item 2: one open sprint, early start and completion confirmed (SP-5, SP-10) ---------


def test_SP_5_a_sprint_cannot_start_while_an_earlier_sprint_is_open_even_with_override(
    falcon, as_user
):
    with pytest.raises(RuleRefusal) as refused:
        api.start(_sam(), "Falcon", 25, override=True, confirm=True)
    assert refused.value.violations[0].rule == "SP-5"
    assert "Falcon sprint 24 is still running" in refused.value.violations[0].message
    page = _text(as_user("sam").post(reverse("sprints:start", args=["Falcon", 25]), follow=True))
    assert "Falcon sprint 24 is still running (started, not completed): complete it first" in page
    assert api.sprint_record("Falcon", 25).started_at is None


def test_SP_10_an_early_completion_lists_the_tickets_that_move_and_whose_sprint_turns_unclean(
    falcon, as_user
):
    api.update_ticket(_sam(), falcon["a"], {"status": "Done", "remaining_hours": Decimal(0)})
    sam = as_user("sam")
    url = reverse("sprints:complete", args=["Falcon", 24])
    asked = sam.post(url)
    assert asked.status_code == 422
    page = _text(asked)
    assert "Complete Falcon sprint 24 5 days early?" in page  # Tue 1 to Sun 6 Dec
    assert "Its last day is Sun 6 Dec 2026" in page
    assert f"moves 1 open ticket to sprint 25: {falcon['b']} (Bob Marley)" in page
    assert "turns the sprint unclean for Bob Marley" in page
    assert api.sprint_record("Falcon", 24).completed_at is None  # nothing happened yet
    sam.post(url, {"confirm": "1"})
    record = api.sprint_record("Falcon", 24)
    assert record.completed_at == TUE_1_DEC
    assert api.get_ticket(falcon["b"]).sprint == 25


def test_SP_5_an_early_start_lists_what_it_does_and_starts_only_once_confirmed(falcon, as_user):
    api.complete(_sam(), "Falcon", 24, confirm=True)
    api.vote(org_api.actor_named("ada"), "Falcon", 25, falcon["c"], "3")
    sam = as_user("sam")
    url = reverse("sprints:start", args=["Falcon", 25])
    asked = sam.post(url)
    assert asked.status_code == 422
    page = _text(asked)
    assert "Start Falcon sprint 25 6 days early?" in page  # Tue 1 Dec, day 0 Mon 7 Dec
    assert "It is due to start on Mon 7 Dec 2026" in page
    assert f"makes Bob Marley the assignee of {falcon['c']}" in page
    assert "closes its estimation now SP-3 :" in page
    assert f"{falcon['c']} has 1 numeric vote (result 3 pt)" in page
    assert f"{falcon['b']} has 0 numeric votes (keeps its points)" in page  # moved from 24
    assert api.sprint_record("Falcon", 25).started_at is None
    assert api.estimation("Falcon", 25).state == "open"
    sam.post(url, {"confirm": "1"})
    assert api.sprint_record("Falcon", 25).started_at == TUE_1_DEC
    assert api.estimation("Falcon", 25).state == "closed"  # never open on a started sprint
    assert api.get_ticket(falcon["c"]).assignee == "bob"


def test_SP_5_the_json_api_refuses_an_early_start_or_completion_without_confirm(
    falcon, api_client_for
):
    sam = api_client_for("sam")
    base = "/api/v1/sprints/Falcon"
    refused = sam.post(f"{base}/24/complete", {}, content_type=JSON)
    assert refused.status_code == 422
    assert refused.json()["violations"][0]["rule"] == "SP-10"
    assert sam.post(f"{base}/24/complete", content_type=JSON).status_code == 422  # no body
    assert sam.post(f"{base}/24/complete", {"confirm": True}, content_type=JSON).status_code == 200
    early = sam.post(f"{base}/25/start", {"override": True}, content_type=JSON)
    assert early.status_code == 422
    assert early.json()["violations"][0]["rule"] == "SP-5"
    started = sam.post(f"{base}/25/start", {"confirm": True}, content_type=JSON)
    assert started.status_code == 200 and started.json()["started"] is True


def test_SP_5_every_page_calls_the_same_sprint_current_after_the_cell_ran_ahead(
    falcon, as_user, django_user_model
):
    index = _text(as_user("ada").get(reverse("sprints:index") + "?cell=Falcon"))
    assert "Sprint 24 (current)" in index
    assert api.current_sprint("Falcon") == 24
    api.complete(_sam(), "Falcon", 24, confirm=True)
    assert api.current_sprint("Falcon") == 25  # completed early: the team works in 25
    api.start(_sam(), "Falcon", 25, confirm=True)
    index = _text(as_user("ada").get(reverse("sprints:index") + "?cell=Falcon"))
    assert "Sprint 25 (current) Mon 7 Dec to Sun 20 Dec 2026;" in index
    assert "Started on Tue 1 Dec 2026 (early)" in index
    assert "Sprint 26 (next) Mon 21 Dec to Sun 3 Jan 2027" in index
    ada = django_user_model.objects.get(username="ada")
    hours = [
        n.title for n in api.needs_of(org_api.actor_for(ada), clock.today()) if n.area == "Capacity"
    ]
    assert any("Falcon sprint 25 (this sprint)" in t for t in hours), hours
    assert any("Falcon sprint 26 (next sprint)" in t for t in hours), hours


# --- item 3: closing estimation early (SP-3) -------------------------------------------


def test_SP_3_closing_early_warns_with_the_votes_per_ticket_and_keeps_points_without_votes(
    falcon, as_user
):
    api.vote(org_api.actor_named("ada"), "Falcon", 25, falcon["c"], "2")
    sam = as_user("sam")
    url = reverse("sprints:estimation_close", args=["Falcon", 25])
    asked = sam.post(url, {"back": "planning"})
    assert asked.status_code == 422
    page = _text(asked)
    assert "Close estimation now, with 0 of 3 members done?" in page
    assert f"{falcon['c']} Ticket c 1 of 3 1 5 pt becomes 2 pt" in page
    assert f"{falcon['d']} Ticket d 0 of 3 0 keeps 8 pt" in page
    assert api.estimation("Falcon", 25).state == "open"  # nothing closed yet
    done = sam.post(url, {"back": "planning", "confirm": "1"})
    assert done.status_code == 302 and done.url.endswith("/sprints/Falcon/25/planning/")
    assert api.get_ticket(falcon["c"]).story_points == 2
    assert api.get_ticket(falcon["d"]).story_points == 8  # no numeric vote: keeps its points
    results = _text(sam.get(reverse("sprints:estimation", args=["Falcon", 25])))
    assert f"{falcon['d']} Ticket d — no numeric votes: keeps its 8 pt" in results
    assert "unestimated (no numeric votes)" not in results


def test_SP_3_closing_when_every_member_voted_asks_nothing(falcon, as_user):
    for who in ("sam", "ada", "bob"):
        for key in (falcon["c"], falcon["d"]):
            api.vote(org_api.actor_named(who), "Falcon", 25, key, "?")
    closed = as_user("sam").post(reverse("sprints:estimation_close", args=["Falcon", 25]))
    assert closed.status_code == 302
    assert api.estimation("Falcon", 25).state == "closed"


# --- item 6: the vote form only for the cell's members (SP-3) ---------------------------


def test_SP_3_only_the_cells_members_are_offered_the_vote_form(
    falcon, as_user, make_member, admin_user, client
):
    member = _text(as_user("ada").get(reverse("sprints:estimation", args=["Falcon", 25])))
    assert "Send my votes" in member and "You: 0 of 2 voted" in member
    client.force_login(admin_user)
    admin = _text(client.get(reverse("sprints:estimation", args=["Falcon", 25])))
    assert "Send my votes" not in admin
    assert "Only the active members of Falcon vote in its estimation SP-3" in admin
    assert "Members done (voted on every ticket): 0 of 3" in admin  # progress still shown
    make_member("hana", cell="Heron", first_name="Hana")
    other = _text(as_user("hana").get(reverse("sprints:estimation", args=["Falcon", 25])))
    assert "Send my votes" not in other
    assert "vote in your own cell's estimation instead" in other


# --- item 8: a completed sprint shows what was committed and done (SP-6, SP-10) ---------


def test_SP_6_a_completed_sprint_shows_what_was_committed_at_the_start_and_what_was_done(
    falcon, as_user
):
    at_start = falcon["capacity_at_start"]
    # Ada: her ticket's 10 h and the review of Bob's 3-point ticket (2 h, SP-6).
    assert at_start["ada"].committed_hours == Decimal(12)
    api.update_ticket(_sam(), falcon["a"], {"status": "Done", "remaining_hours": Decimal(0)})
    api.complete(_sam(), "Falcon", 24, confirm=True)
    page = _text(as_user("ada").get(reverse("sprints:planning", args=["Falcon", 24])))
    assert "Committed at the start, and done" in page
    ada_available = f"{at_start['ada'].available_hours:.0f}"
    assert (
        f"Ada Lovelace {ada_available} h 12 h Under-committed 1 ticket, 10 h 1 of 1 ticket, 10 h"
        in page
    )
    bob_available = f"{at_start['bob'].available_hours:.0f}"
    assert f"Bob Marley {bob_available} h 9 h" in page  # 6 h + review of a 5 pt ticket (3 h)
    assert "1 ticket, 6 h 0 of 1 ticket, 0 h" in page
    assert "0 h committed" not in page and "Capacity SP-6" not in page


# --- item 9: a Done epic plans nothing (SP-7) -------------------------------------------


def test_SP_7_an_epic_that_is_done_has_no_planned_hours(falcon):
    for key, status in (("EP-7", EpicStatus.DONE), ("EP-8", EpicStatus.IN_PROGRESS)):
        org_api.create_epic(
            Actor.system("test"),
            key=key,
            title=f"Epic {key}",
            account="Hedera LMS",
            owner="ada",
            reviewer="bob",
            status=status,
            budget_hours=Decimal(20),
        )
        api.create_ticket(
            _sam(),
            title=f"Left on {key}",
            cell="Falcon",
            account="Hedera LMS",
            epic=key,
            sprint=25,
            remaining_hours=Decimal(30),
        )
    _, by_epic = api.planned_hours(date(2026, 12, 1), date(2026, 12, 31))
    assert by_epic.get("EP-7", Decimal(0)) == 0
    assert by_epic["EP-8"] == Decimal(30)
