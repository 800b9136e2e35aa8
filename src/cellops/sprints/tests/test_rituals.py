"""Sprint rituals (SP-13 to SP-16) through `sprints.api`, the JSON API and the pure rules:
retrospectives and their poll, firefighters and the social chat with its 30-minute cap,
video updates, tech talks."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from hypothesis import given
from hypothesis import strategies as st

from cellops.billing import api as billing_api
from cellops.kernel.calendar import Sprint
from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal
from cellops.org import api as org_api
from cellops.org.data import Actor, CellKind, EpicStatus, Role
from cellops.platform import api as core_api
from cellops.sprints import api, rules

JSON = "application/json"
D = Decimal


def _user(django_user_model, username):
    return django_user_model.objects.get(username=username)


@pytest.fixture
def falcon(db, make_member):
    """Falcon (dev): Sam the sprint planning manager, Ada, Bob and Cyd; Otter's Otto; an account."""
    make_member("sam", first_name="Sam", last_name="Planner", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("ada", first_name="Ada", last_name="Lovelace")
    make_member("bob", first_name="Bob", last_name="Marley")
    make_member("cyd", first_name="Cyd", last_name="Charisse")
    make_member("otto", cell="Otter", first_name="Otto", last_name="Lilienthal")
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    return org_api.sprint_calendar().for_date(date.today())


def _completed(number: int, cell: str = "Falcon") -> None:
    api.complete(org_api.actor_named("sam"), cell, number)


def _audits(action: str) -> int:
    return sum(1 for e in core_api.audit_log(limit=1000) if e.action == action)


def _rule_ids(error: RuleRefusal) -> set[str]:
    return {v.rule for v in error.violations}


# --- pure rules (no database) -------------------------------------------------------

SPRINT_6 = Sprint(6, date(2026, 3, 16), date(2026, 3, 29))


def test_SP_13_an_item_is_refused_from_the_sprints_last_EOD_or_once_completed() -> None:
    """Until 24:00 UTC of the last day, unless completed earlier."""
    eod = datetime(2026, 3, 30, tzinfo=UTC)
    assert rules.check_retro_item(SPRINT_6.end, False, eod - timedelta(seconds=1)) == []
    assert [v.rule for v in rules.check_retro_item(SPRINT_6.end, False, eod)] == ["SP-13"]
    assert [
        v.rule for v in rules.check_retro_item(SPRINT_6.end, True, eod - timedelta(days=3))
    ] == ["SP-13"]


def test_SP_13_publishing_needs_the_rollover_and_some_items_both_reported() -> None:
    """Not completed and empty: two violations at once."""
    assert len(rules.check_retro_publish(False, 0)) == 2
    assert rules.check_retro_publish(True, 1) == []


def test_SP_14_the_rotation_walks_the_members_two_a_week_wrapping_around() -> None:
    """Week 0 the first two, week 1 the next two; five members wrap; one member is alone."""
    five = ["a", "b", "c", "d", "e"]
    assert [rules.firefighter_pair(five, w) for w in range(4)] == [
        ("a", "b"),
        ("c", "d"),
        ("e", "a"),
        ("b", "c"),
    ]
    assert rules.firefighter_pair(five, -1) == ("d", "e")
    assert rules.firefighter_pair(["a"], 3) == ("a",)
    assert rules.firefighter_pair([], 3) == ()


@given(
    st.lists(st.text(min_size=1, max_size=3), min_size=2, max_size=9, unique=True),
    st.integers(-500, 500),
)
def test_SP_14_every_week_has_two_different_firefighters(members, week) -> None:
    """With two members or more, each week has exactly two, never the same person twice."""
    pair = rules.firefighter_pair(members, week)
    assert len(pair) == 2 and pair[0] != pair[1] and set(pair) <= set(members)


def test_SP_14_a_third_firefighter_is_refused() -> None:
    """Two a week."""
    assert rules.check_firefighters(["a", "b"]) == []
    assert [v.rule for v in rules.check_firefighters(["a", "b", "c"])] == ["SP-14"]


def test_SP_14_the_social_chat_is_in_days_0_to_4_UTC() -> None:
    """From Monday 00:00 UTC to Friday 24:00 UTC of the first week; an offset counts."""
    ok = [
        datetime(2026, 3, 16, 0, 0, tzinfo=UTC),
        datetime(2026, 3, 20, 23, 59, tzinfo=UTC),
    ]
    refused = [
        datetime(2026, 3, 15, 23, 59, tzinfo=UTC),
        datetime(2026, 3, 21, 0, 0, tzinfo=UTC),
        datetime.fromisoformat("2026-03-20T23:30:00-01:00"),  # Saturday 00:30 UTC
        datetime(2026, 3, 23, 15, 0, tzinfo=UTC),
    ]
    assert all(rules.check_social_chat_time(SPRINT_6, at) == [] for at in ok)
    for at in refused:
        (violation,) = rules.check_social_chat_time(SPRINT_6, at)
        assert violation.rule == "SP-14" and violation.extra["field"] == "at"


def test_SP_14_the_cap_says_what_was_logged_and_what_is_left() -> None:
    """0.30 h logged: 0.20 h more fits, 0.25 h does not and the violation says 0.20 h is left."""
    assert rules.check_social_chat_log(D("0.30"), D("0.20")) == []
    (violation,) = rules.check_social_chat_log(D("0.30"), D("0.25"))
    assert violation.rule == "SP-14"
    assert violation.extra["logged_hours"] == 0.3 and violation.extra["max_hours"] == 0.2
    assert "at most 0.20 h" in violation.message


@given(st.lists(st.decimals(min_value=D("0.01"), max_value=D(2), places=2), max_size=12))
def test_SP_14_no_sequence_of_accepted_worklogs_exceeds_30_minutes(hours) -> None:
    """Whatever is tried, what the rule accepts never adds up to more than 0.5 h."""
    logged = D(0)
    for h in hours:
        if not rules.check_social_chat_log(logged, h):
            logged += h
    assert logged <= D("0.5")


def test_SP_15_a_video_for_a_sprint_not_due_is_refused_naming_the_next() -> None:
    """Business cells: even sprints only."""
    assert rules.check_video_due("business", 12) == []
    (violation,) = rules.check_video_due("business", 13)
    assert violation.rule == "SP-15" and violation.extra["due_sprint"] == 14
    assert rules.check_video_due("dev", 13) == []


def test_SP_16_only_the_mid_sprint_day_is_accepted() -> None:
    """Day 7 of sprint 6 is Monday 23 March 2026."""
    assert rules.check_tech_talk_day(SPRINT_6, date(2026, 3, 23)) == []
    (violation,) = rules.check_tech_talk_day(SPRINT_6, date(2026, 3, 24))
    assert violation.rule == "SP-16" and violation.extra["expected"] == "2026-03-23"


# --- SP-13 retrospectives through the api ----------------------------------------------


def test_SP_13_members_add_items_until_the_sprints_last_EOD(falcon):
    """Just before 24:00 UTC of the last day is accepted; at it, refused with SP-13."""
    eod = datetime.combine(falcon.end + timedelta(days=1), time.min, UTC)
    item = api.add_retro_item(
        org_api.actor_named("ada"),
        "Falcon",
        falcon.number,
        "went well",
        " Pairing ",
        now=eod - timedelta(seconds=1),
    )
    assert (item.kind, item.text, item.author) == ("went well", "Pairing", "ada")
    with pytest.raises(RuleRefusal) as refused:
        api.add_retro_item(
            org_api.actor_named("ada"), "Falcon", falcon.number, "to improve", "Late", now=eod
        )
    assert _rule_ids(refused.value) == {"SP-13"}
    assert refused.value.violations[0].extra["deadline"] == eod.isoformat()
    assert api.retrospective("Falcon", falcon.number, viewer=Actor.system()).state == "open"


def test_SP_13_no_item_once_the_sprint_is_completed(falcon):
    """Completing (rollover) closes the retrospective even before the sprint's end."""
    number = falcon.number + 2
    api.add_retro_item(
        org_api.actor_named("ada"), "Falcon", number, "to improve", "Reviews were slow"
    )
    _completed(number)
    with pytest.raises(RuleRefusal) as refused:
        api.add_retro_item(org_api.actor_named("bob"), "Falcon", number, "went well", "Too late")
    assert _rule_ids(refused.value) == {"SP-13"}
    assert api.retrospective("Falcon", number, viewer=Actor.system()).state == "closed"


def test_SP_13_a_bad_kind_an_empty_text_or_an_unknown_sprint_names_the_field(falcon):
    """Malformed input is InvalidInput / NotFound on its field, never a rule refusal."""
    with pytest.raises(InvalidInput) as kind:
        api.add_retro_item(org_api.actor_named("ada"), "Falcon", falcon.number, "meh", "x")
    with pytest.raises(InvalidInput) as text:
        api.add_retro_item(org_api.actor_named("ada"), "Falcon", falcon.number, "went well", "   ")
    with pytest.raises(NotFound) as number:
        api.add_retro_item(org_api.actor_named("ada"), "Falcon", 0, "went well", "x")
    assert (kind.value.field, text.value.field, number.value.field) == ("kind", "text", "number")


def test_SP_13_publishing_waits_for_the_rollover_then_happens_once(falcon):
    """Before completion: refused. After: published; a second publish changes nothing."""
    number = falcon.number + 2
    api.add_retro_item(org_api.actor_named("ada"), "Falcon", number, "went well", "Demo went well")
    with pytest.raises(RuleRefusal) as early:
        api.publish_retrospective(org_api.actor_named("sam"), "Falcon", number)
    assert _rule_ids(early.value) == {"SP-13"}
    _completed(number)
    first = api.publish_retrospective(org_api.actor_named("sam"), "Falcon", number)
    second = api.publish_retrospective(Actor.system("tomasz"), "Falcon", number)
    assert first.state == second.state == "published"
    assert second.published_at == first.published_at and second.published_by == "sam"
    assert first.thread == "Sprint Retrospective - Falcon"
    assert _audits("retrospective.publish") == 1


def test_SP_13_nothing_to_publish_without_items(falcon):
    """An empty retrospective is not published."""
    number = falcon.number + 2
    _completed(number)
    with pytest.raises(RuleRefusal) as refused:
        api.publish_retrospective(org_api.actor_named("sam"), "Falcon", number)
    assert "nothing to publish" in refused.value.violations[0].message


def _published(number: int, to_improve: int) -> list[int]:
    api.add_retro_item(org_api.actor_named("ada"), "Falcon", number, "went well", "Clean sprint")
    ids = [
        api.add_retro_item(
            org_api.actor_named("bob"), "Falcon", number, "to improve", f"Problem {i}"
        ).id
        for i in range(to_improve)
    ]
    _completed(number)
    api.publish_retrospective(org_api.actor_named("sam"), "Falcon", number)
    return ids


def test_SP_13_poll_opens_with_three_to_improve_items(falcon):
    """Three "to improve" items: a poll with all three, no votes yet."""
    number = falcon.number + 2
    ids = _published(number, 3)
    poll = api.retrospective("Falcon", number, viewer=Actor.system()).poll
    assert poll is not None and poll.voters == 0
    assert sorted(line.item for line in poll.results) == ids


def test_SP_13_no_poll_with_two_to_improve_items(falcon):
    """Two are not "more than two": no poll, and approving is refused with SP-13."""
    number = falcon.number + 2
    ids = _published(number, 2)
    assert api.retrospective("Falcon", number, viewer=Actor.system()).poll is None
    with pytest.raises(RuleRefusal) as refused:
        api.approve(org_api.actor_named("ada"), "Falcon", number, ids[0])
    assert _rule_ids(refused.value) == {"SP-13"}


def test_SP_13_each_member_approves_once_per_item_and_results_are_ranked(falcon):
    """Approving twice counts once; results rank by votes, ties share a rank in given order."""
    number = falcon.number + 2
    first, second, third = _published(number, 3)
    api.approve(org_api.actor_named("ada"), "Falcon", number, third)
    api.approve(org_api.actor_named("ada"), "Falcon", number, third)  # again: no change
    api.approve(org_api.actor_named("bob"), "Falcon", number, third)
    api.approve(org_api.actor_named("bob"), "Falcon", number, first)
    result = api.approve(org_api.actor_named("cyd"), "Falcon", number, second)
    ranked = [(line.item, line.votes, line.rank) for line in result.poll.results]
    assert ranked == [(third, 2, 1), (first, 1, 2), (second, 1, 2)]
    assert result.poll.voters == 3
    mine = api.retrospective("Falcon", number, viewer=org_api.actor_named("ada")).poll.results
    assert [line.approved for line in mine] == [True, False, False]


def test_SP_13_a_member_can_take_an_approval_back_and_set_them_all(falcon):
    """The page's checkboxes: the member's approvals become exactly the ones checked."""
    number = falcon.number + 2
    first, second, third = _published(number, 3)
    api.set_approvals(org_api.actor_named("ada"), "Falcon", number, [first, second])
    api.set_approvals(org_api.actor_named("ada"), "Falcon", number, [second, third])
    votes = {
        line.item: line.votes
        for line in api.retrospective("Falcon", number, viewer=Actor.system()).poll.results
    }
    assert votes == {first: 0, second: 1, third: 1}
    api.withdraw_approval(org_api.actor_named("ada"), "Falcon", number, third)
    assert api.retrospective("Falcon", number, viewer=Actor.system()).poll.results[0].item == second


def test_SP_13_only_to_improve_items_of_this_poll_and_only_the_cells_members(falcon, make_member):
    """A "went well" item is not in the poll; another cell's member cannot vote; an unknown item is NotFound."""
    number = falcon.number + 2
    ids = _published(number, 3)
    went_well = api.retrospective("Falcon", number, viewer=Actor.system()).went_well[0].id
    with pytest.raises(RuleRefusal):
        api.approve(org_api.actor_named("ada"), "Falcon", number, went_well)
    with pytest.raises(PermissionDenied):
        api.approve(org_api.actor_named("otto"), "Falcon", number, ids[0])
    with pytest.raises(NotFound) as unknown:
        api.approve(org_api.actor_named("ada"), "Falcon", number + 1, ids[0])
    assert unknown.value.field == "item"


def test_SP_13_the_running_thread_lists_published_retrospectives_newest_first(falcon):
    """Only published sprints, newest first, under "Sprint Retrospective - Falcon"."""
    for number in (falcon.number + 2, falcon.number + 3):
        _published(number, 1)
    api.add_retro_item(
        org_api.actor_named("ada"), "Falcon", falcon.number + 4, "went well", "Not published yet"
    )
    thread = api.retrospective_thread("Falcon", viewer=Actor.system())
    assert thread.title == "Sprint Retrospective - Falcon"
    assert [p.number for p in thread.posts] == [falcon.number + 3, falcon.number + 2]


def test_SP_13_the_retrospective_is_private_to_the_cell(
    falcon, make_member, django_user_model, admin_user
):
    """Members, the cell's managers and administrators; not another cell's member."""
    make_member("tom", cell="Otter", roles=(Role.SPRINT_MANAGER,))
    org_api.assign_role(
        Actor.system("test"),
        member="tom",
        role=Role.SPRINT_MANAGER,
        start=date(2020, 1, 1),
        cell="Falcon",
    )
    # Changed with decision 0022: the use case decides on the Actor (no door helper).
    number = falcon.number

    def sees(username):
        viewer = org_api.actor_for(username) if not isinstance(username, str) else None
        viewer = viewer or org_api.actor_named(username)
        return api.retrospective("Falcon", number, viewer=viewer).cell == "Falcon"

    assert sees("ada") and sees("tom") and sees(admin_user)
    with pytest.raises(PermissionDenied):
        sees("otto")
    with pytest.raises(PermissionDenied):
        api.set_firefighters(org_api.actor_named("ada"), "Falcon", date.today(), [])
    assert api.set_firefighters(
        org_api.actor_named("sam"), "Falcon", date.today(), ["ada"]
    ).members == ("ada",)
    with pytest.raises(NotFound):
        api.retrospective("Nowhere", number, viewer=org_api.actor_for(admin_user))


# --- SP-14 firefighters and the social chat ----------------------------------------------


def test_SP_14_the_rotation_is_two_a_week_stable_and_idempotent(falcon):
    """Read: the rotation's pairs (not recorded). rotate records them; again adds nothing."""
    monday = falcon.start
    planned = api.firefighters("Falcon", monday, 4)
    order = ["ada", "bob", "cyd", "sam"]
    assert all(len(w.members) == 2 and not w.recorded for w in planned)
    assert {u for w in planned[:2] for u in w.members} == set(order)  # two weeks cover four
    assert api.rotate(org_api.actor_named("sam"), "Falcon", monday, 4) == [
        api.Firefighters(w.cell, w.week_start, w.members, w.names, True) for w in planned
    ]
    again = api.rotate(org_api.actor_named("sam"), "Falcon", monday + timedelta(days=3), 4)
    assert [w.members for w in again] == [w.members for w in planned]
    assert _audits("firefighters.rotate") == 1
    assert planned[0].names[0] in {"Ada Lovelace", "Bob Marley", "Cyd Charisse", "Sam Planner"}


def test_SP_14_a_weeks_pair_is_set_by_hand_and_a_third_is_refused(falcon):
    """Any day names its week; three firefighters are refused with SP-14; rotate keeps a set week."""
    wednesday = falcon.start + timedelta(days=9)
    week = api.set_firefighters(org_api.actor_named("sam"), "Falcon", wednesday, ["cyd", "ada"])
    assert (week.week_start, week.members, week.recorded) == (
        falcon.start + timedelta(days=7),
        ("cyd", "ada"),
        True,
    )
    with pytest.raises(RuleRefusal) as third:
        api.set_firefighters(org_api.actor_named("sam"), "Falcon", wednesday, ["cyd", "ada", "bob"])
    assert _rule_ids(third.value) == {"SP-14"}
    api.rotate(org_api.actor_named("sam"), "Falcon", falcon.start, 2)
    assert api.firefighters("Falcon", wednesday)[0].members == ("cyd", "ada")
    with pytest.raises(InvalidInput) as outsider:
        api.set_firefighters(org_api.actor_named("sam"), "Falcon", wednesday, ["otto"])
    with pytest.raises(InvalidInput) as twice:
        api.set_firefighters(org_api.actor_named("sam"), "Falcon", wednesday, ["ada", "ada"])
    assert outsider.value.field == twice.value.field == "members"


def _future_chat(falcon, firefighters=("ada", "bob")):
    number = falcon.number + 2
    start = org_api.sprint_calendar().sprint(number).start
    api.set_firefighters(org_api.actor_named("sam"), "Falcon", start, list(firefighters))
    return number, start


def test_SP_14_the_first_weeks_firefighters_or_a_manager_organise_the_chat(
    falcon, django_user_model, admin_user
):
    """Ada (firefighter of week 1), Sam (manager), an administrator may; Cyd and Otto may not."""
    number, _ = _future_chat(falcon)
    # Changed with decision 0022: the checks take the Actor, not the Django user.
    assert api.require_social_chat_organiser(org_api.actor_named("ada"), "Falcon", number) == "ada"
    assert api.may_organise_social_chat(org_api.actor_named("sam"), "Falcon", number)
    assert api.may_organise_social_chat(org_api.actor_for(admin_user), "Falcon", number)
    for outsider in ("cyd", "otto"):
        with pytest.raises(PermissionDenied, match="SP-14"):
            api.require_social_chat_organiser(org_api.actor_named(outsider), "Falcon", number)


def test_SP_14_the_chat_time_must_be_within_the_first_week(falcon):
    """Day 5 (Saturday) is refused with SP-14 on `at`; a naive time is bad input."""
    number, start = _future_chat(falcon)
    with pytest.raises(RuleRefusal) as late:
        api.organise_social_chat(
            org_api.actor_named("ada"),
            "Falcon",
            number,
            "Cocktails",
            datetime.combine(start + timedelta(days=5), time(15), UTC),
        )
    assert _rule_ids(late.value) == {"SP-14"} and late.value.violations[0].extra["field"] == "at"
    with pytest.raises(InvalidInput) as naive:
        api.organise_social_chat(
            org_api.actor_named("ada"),
            "Falcon",
            number,
            "Cocktails",
            datetime.combine(start, time(15)),
        )
    assert naive.value.field == "at"
    assert api.social_chat("Falcon", number).organised is False


def test_SP_14_organising_makes_the_ticket_once_on_the_social_chat_epic_and_meetings(falcon):
    """The first time a ticket on the "Social chat" epic and "Meetings" account; then the same ticket."""
    org_api.create_account(Actor.system("test"), "Meetings")
    org_api.create_epic(
        Actor.system("test"),
        key="SOC-1",
        title="Social chat",
        account="Meetings",
        owner="sam",
        reviewer="ada",
        status=EpicStatus.IN_PROGRESS,
    )
    number, start = _future_chat(falcon)
    at = datetime.combine(start + timedelta(days=2), time(16), UTC)
    chat = api.organise_social_chat(
        org_api.actor_named("ada"), "Falcon", number, "Show your neighbourhood", at
    )
    ticket = api.get_ticket(chat.ticket)
    assert (ticket.epic, ticket.account, ticket.cell, ticket.sprint) == (
        "SOC-1",
        "Meetings",
        "Falcon",
        None,
    )
    assert (chat.organised, chat.topic, chat.at, chat.organiser) == (
        True,
        "Show your neighbourhood",
        at,
        "ada",
    )
    again = api.organise_social_chat(
        org_api.actor_named("bob"), "Falcon", number, "Cocktails", at + timedelta(days=1)
    )
    assert again.ticket == chat.ticket and again.topic == "Cocktails" and again.organiser == "ada"
    assert "Cocktails" in api.get_ticket(chat.ticket).title


def test_SP_14_without_a_meetings_account_one_is_made(falcon):
    """No "Meetings" account yet: organising makes it, and no epic is set."""
    number, start = _future_chat(falcon)
    chat = api.organise_social_chat(
        org_api.actor_named("ada"),
        "Falcon",
        number,
        "Games",
        datetime.combine(start, time(12), UTC),
    )
    ticket = api.get_ticket(chat.ticket)
    assert (ticket.account, ticket.epic) == ("Meetings", None)


def test_SP_14_worklogs_on_a_social_chat_are_capped_at_30_minutes_per_participant(falcon):
    """0.25 + 0.25 h fit; 0.01 h more is refused naming what was logged and what is left;
    each participant has their own 30 minutes; other tickets are not capped."""
    number, start = _future_chat(falcon)
    chat = api.organise_social_chat(
        org_api.actor_named("ada"),
        "Falcon",
        number,
        "Games",
        datetime.combine(start, time(12), UTC),
    )
    day = start + timedelta(days=1)
    for _ in range(2):
        billing_api.log_work("ada", ticket=chat.ticket, member="ada", day=day, hours=D("0.25"))
    with pytest.raises(RuleRefusal) as refused:
        billing_api.log_work("ada", ticket=chat.ticket, member="ada", day=day, hours=D("0.01"))
    (violation,) = refused.value.violations
    assert violation.rule == "SP-14"
    assert (violation.extra["logged_hours"], violation.extra["max_hours"]) == (0.5, 0.0)
    with pytest.raises(RuleRefusal) as bob_over:
        billing_api.log_work("bob", ticket=chat.ticket, member="bob", day=day, hours=D(1))
    assert bob_over.value.violations[0].extra["max_hours"] == 0.5
    billing_api.log_work("bob", ticket=chat.ticket, member="bob", day=day, hours=D("0.5"))
    other = api.create_ticket(
        org_api.actor_named("ada"), title="Work", cell="Falcon", account="Hedera LMS"
    )
    assert (
        billing_api.log_work("ada", ticket=other.key, member="ada", day=day, hours=D(3)).hours == 3
    )


def test_SP_14_social_chat_tickets_tells_them_apart(falcon):
    """Of a set of keys, only the chats' tickets come back (unknown keys are ignored)."""
    number, start = _future_chat(falcon)
    chat = api.organise_social_chat(
        org_api.actor_named("ada"),
        "Falcon",
        number,
        "Games",
        datetime.combine(start, time(12), UTC),
    )
    other = api.create_ticket(
        org_api.actor_named("ada"), title="Work", cell="Falcon", account="Hedera LMS"
    )
    assert api.social_chat_tickets({chat.ticket, other.key, "NOPE-1"}) == {chat.ticket}
    assert api.social_chat_tickets(set()) == set()


# --- SP-15 video updates --------------------------------------------------------------------


def test_SP_15_each_dev_member_owes_an_update_titled_by_the_ending_sprint(falcon):
    """Every active member, due every sprint, `Sprint X - Falcon - <Name>`; posting marks it."""
    updates = api.video_updates("Falcon", falcon.number)
    titles = {line.member: (line.due, line.title, line.posted) for line in updates.members}
    assert titles["ada"] == (True, f"Sprint {falcon.number} - Falcon - Ada Lovelace", False)
    assert (
        set(titles) == {"ada", "bob", "cyd", "sam"} and updates.thread == "Sprint updates - Falcon"
    )
    posted = api.post_video_update(
        org_api.actor_named("ada"), "Falcon", falcon.number, "ada", "https://www.loom.com/share/abc"
    )
    assert posted.posted and posted.title == f"Sprint {falcon.number} - Falcon - Ada Lovelace"


def test_SP_15_posting_again_replaces_the_link(falcon):
    """One update per member per sprint: the second link replaces the first."""
    api.post_video_update(
        org_api.actor_named("ada"), "Falcon", falcon.number, "ada", "https://example.com/1"
    )
    api.post_video_update(
        org_api.actor_named("ada"), "Falcon", falcon.number, "ada", "https://example.com/2"
    )
    lines = [line for line in api.video_updates("Falcon", falcon.number).members if line.posted]
    assert [(line.member, line.url) for line in lines] == [("ada", "https://example.com/2")]


def test_SP_15_business_members_post_every_other_sprint(falcon, make_member):
    """A business cell owes nothing on an odd sprint, and posting then is refused with SP-15."""
    org_api.create_cell(Actor.system("test"), "Compass", CellKind.BUSINESS)
    make_member("gabi", cell="Compass", first_name="Gabi", last_name="Okafor")
    even = falcon.number + (falcon.number % 2)
    odd = even + 1
    assert api.video_updates("Compass", even).due and not api.video_updates("Compass", odd).due
    with pytest.raises(RuleRefusal) as refused:
        api.post_video_update(
            org_api.actor_named("gabi"), "Compass", odd, "gabi", "https://example.com/v"
        )
    assert _rule_ids(refused.value) == {"SP-15"}


def test_SP_15_a_bad_link_or_someone_outside_the_cell_names_the_field(falcon):
    """The link must be http(s); the member must be one of the cell's."""
    with pytest.raises(InvalidInput) as url:
        api.post_video_update(
            org_api.actor_named("ada"), "Falcon", falcon.number, "ada", "javascript:alert(1)"
        )
    with pytest.raises(InvalidInput) as member:
        api.post_video_update(
            org_api.actor_named("otto"), "Falcon", falcon.number, "otto", "https://example.com/v"
        )
    assert (url.value.field, member.value.field) == ("url", "member")


# --- SP-16 tech talks ------------------------------------------------------------------------


def test_SP_16_a_tech_talk_lands_on_the_mid_sprint_day_with_a_preparation_ticket(falcon):
    """Day 7 of the sprint; the speaker's cell gets a ticket assigned to them, due that day."""
    number = falcon.number + 1
    talk = api.schedule_tech_talk(
        org_api.actor_named("ada"),
        title="Property tests",
        cell="Falcon",
        sprint=number,
        speaker="ada",
    )
    mid = org_api.sprint_calendar().sprint(number).start + timedelta(days=7)
    assert (talk.day, talk.sprint, talk.speaker_name) == (mid, number, "Ada Lovelace")
    ticket = api.get_ticket(talk.ticket)
    assert (ticket.cell, ticket.assignee, ticket.due_date, ticket.sprint) == (
        "Falcon",
        "ada",
        mid,
        None,
    )
    assert "Property tests" in ticket.title
    assert [t.id for t in api.tech_talks(mid)] == [talk.id] and api.tech_talks(
        mid + timedelta(days=1)
    ) == []


def test_SP_16_a_day_that_is_not_the_mid_sprint_day_is_refused(falcon):
    """An explicit day off the mid-sprint meeting is refused with SP-16 naming the right day."""
    number = falcon.number + 1
    mid = org_api.sprint_calendar().sprint(number).start + timedelta(days=7)
    with pytest.raises(RuleRefusal) as refused:
        api.schedule_tech_talk(
            org_api.actor_named("ada"),
            title="T",
            cell="Falcon",
            sprint=number,
            speaker="ada",
            day=mid + timedelta(days=1),
        )
    assert _rule_ids(refused.value) == {"SP-16"}
    assert refused.value.violations[0].extra["expected"] == mid.isoformat()
    assert (
        api.schedule_tech_talk(
            org_api.actor_named("ada"),
            title="T",
            cell="Falcon",
            sprint=number,
            speaker="ada",
            day=mid,
        ).day
        == mid
    )


def test_SP_16_the_ticket_goes_in_the_speakers_own_cell(falcon):
    """Otto is in Otter: a talk in Falcon's name is refused on `speaker`."""
    with pytest.raises(InvalidInput) as wrong:
        api.schedule_tech_talk(
            org_api.actor_named("otto"),
            title="T",
            cell="Falcon",
            sprint=falcon.number + 1,
            speaker="otto",
        )
    assert wrong.value.field == "speaker"


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
    clients["sam"].post(f"/api/v1/sprints/Falcon/{number}/complete")
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
    clients["sam"].post(f"/api/v1/sprints/Falcon/{number}/complete")
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
    billing_api.log_work("ada", ticket=chat.ticket, member="ada", day=day, hours=D("0.25"))
    lines = [
        ["Issue Key", "Username", "Date", "Hours"],
        [chat.ticket, "ada", day.isoformat(), "0.25"],
        [chat.ticket, "bob", day.isoformat(), "0.5"],
        [chat.ticket, "ada", day.isoformat(), "0.25"],
    ]
    refused = billing_api.import_worklogs("sam", lines)
    assert refused.imported == 0
    assert [(b.line, b.column) for b in refused.bad] == [(4, "hours")]
    assert refused.bad[0].message.startswith("SP-14: ") and "0.50 h" in refused.bad[0].message
    skipped = billing_api.import_worklogs("sam", lines, skip_bad=True)
    assert skipped.imported == 2
    with pytest.raises(RuleRefusal):
        billing_api.log_work("ada", ticket=chat.ticket, member="ada", day=day, hours=D("0.01"))


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


# --- the demo ------------------------------------------------------------------------------------


def test_the_demo_has_each_dev_cells_rituals_and_loading_it_twice_adds_nothing(db):
    """A published retrospective with a poll and approvals, firefighters recorded for this
    sprint and the next, a social chat, video updates, one tech talk; idempotent."""
    from io import StringIO

    from django.core.management import call_command

    call_command("demo", stdout=StringIO())
    current = org_api.sprint_calendar().for_date(date.today())

    def snapshot():
        seen = {}
        for cell in ("Falcon", "Otter", "Lynx"):
            retro = api.retrospective(cell, current.number - 1, viewer=Actor.system())
            chat = api.social_chat(cell, current.number)
            weeks = api.firefighters(cell, current.start, 4)
            posted = [
                v.member for v in api.video_updates(cell, current.number - 1).members if v.posted
            ]
            seen[cell] = (retro, chat, weeks, posted)
        return seen, api.tech_talks(date(1970, 1, 1))

    first, talks = snapshot()
    for cell, (retro, chat, weeks, posted) in first.items():
        assert retro.state == "published" and retro.went_well and len(retro.to_improve) > 2
        assert retro.poll is not None and retro.poll.voters >= 2
        assert retro.poll.results[0].votes > retro.poll.results[-1].votes
        assert chat.organised and chat.organiser in chat.organisers
        assert all(w.recorded and len(w.members) == 2 for w in weeks)
        assert len(posted) == 2, cell
    assert len(talks) == 1
    call_command("demo", stdout=StringIO())
    assert snapshot() == (first, talks)
