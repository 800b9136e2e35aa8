"""Sprint rituals (SP-13 to SP-16) through `rituals.api`: retrospectives and their poll,
firefighters and the social chat with its 30-minute cap, video updates, tech talks."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from cellops.billing import api as billing_api
from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal
from cellops.org import api as org_api
from cellops.org.data import Actor, CellKind, EpicStatus, Role
from cellops.rituals import api
from cellops.rituals.tests.helpers import _audits, _completed, _future_chat, _rule_ids
from cellops.sprints import api as sprints_api

JSON = "application/json"
D = Decimal


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
    assert api.retrospective(Actor.system(), "Falcon", falcon.number).state == "open"


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
    assert api.retrospective(Actor.system(), "Falcon", number).state == "closed"


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
    poll = api.retrospective(Actor.system(), "Falcon", number).poll
    assert poll is not None and poll.voters == 0
    assert sorted(line.item for line in poll.results) == ids


def test_SP_13_no_poll_with_two_to_improve_items(falcon):
    """Two are not "more than two": no poll, and approving is refused with SP-13."""
    number = falcon.number + 2
    ids = _published(number, 2)
    assert api.retrospective(Actor.system(), "Falcon", number).poll is None
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
    mine = api.retrospective(org_api.actor_named("ada"), "Falcon", number).poll.results
    assert [line.approved for line in mine] == [True, False, False]


def test_SP_13_a_member_can_take_an_approval_back_and_set_them_all(falcon):
    """The page's checkboxes: the member's approvals become exactly the ones checked."""
    number = falcon.number + 2
    first, second, third = _published(number, 3)
    api.set_approvals(org_api.actor_named("ada"), "Falcon", number, [first, second])
    api.set_approvals(org_api.actor_named("ada"), "Falcon", number, [second, third])
    votes = {
        line.item: line.votes
        for line in api.retrospective(Actor.system(), "Falcon", number).poll.results
    }
    assert votes == {first: 0, second: 1, third: 1}
    api.withdraw_approval(org_api.actor_named("ada"), "Falcon", number, third)
    assert api.retrospective(Actor.system(), "Falcon", number).poll.results[0].item == second


def test_SP_13_only_to_improve_items_of_this_poll_and_only_the_cells_members(falcon, make_member):
    """A "went well" item is not in the poll; another cell's member cannot vote; an unknown item is NotFound."""
    number = falcon.number + 2
    ids = _published(number, 3)
    went_well = api.retrospective(Actor.system(), "Falcon", number).went_well[0].id
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
    thread = api.retrospective_thread(Actor.system(), "Falcon")
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
        return api.retrospective(viewer, "Falcon", number).cell == "Falcon"

    assert sees("ada") and sees("tom") and sees(admin_user)
    with pytest.raises(PermissionDenied):
        sees("otto")
    with pytest.raises(PermissionDenied):
        api.set_firefighters(org_api.actor_named("ada"), "Falcon", date.today(), [])
    assert api.set_firefighters(
        org_api.actor_named("sam"), "Falcon", date.today(), ["ada"]
    ).members == ("ada",)
    with pytest.raises(NotFound):
        api.retrospective(org_api.actor_for(admin_user), "Nowhere", number)


def test_ORG_2_the_ritual_reads_take_the_actor_and_refuse_who_is_not_active(falcon, make_member):
    """Firefighters, the social chat, video updates and tech talks authorise the actor they
    are given (WORK_ON_TICKETS): an active member reads them, one who left does not."""
    from cellops.org.data import MemberStatus

    make_member("lou", status=MemberStatus.LEFT)
    ada, lou = org_api.actor_named("ada"), org_api.actor_named("lou")
    reads = {
        "firefighters": lambda who: api.firefighters(who, "Falcon", falcon.start)[0].cell,
        "social_chat": lambda who: api.social_chat(who, "Falcon", falcon.number).cell,
        "video_updates": lambda who: api.video_updates(who, "Falcon", falcon.number).cell,
        "tech_talks": lambda who: api.tech_talks(who, falcon.start),
    }
    assert {name: read(ada) for name, read in reads.items()} == {
        "firefighters": "Falcon",
        "social_chat": "Falcon",
        "video_updates": "Falcon",
        "tech_talks": [],
    }
    for name, read in reads.items():
        with pytest.raises(PermissionDenied):
            read(lou)
            pytest.fail(f"{name} answered a member who left")


# --- SP-14 firefighters and the social chat ----------------------------------------------


def test_SP_14_the_rotation_is_two_a_week_stable_and_idempotent(falcon):
    """Read: the rotation's pairs (not recorded). rotate records them; again adds nothing."""
    monday = falcon.start
    planned = api.firefighters(Actor.system(), "Falcon", monday, 4)
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
    assert api.firefighters(Actor.system(), "Falcon", wednesday)[0].members == ("cyd", "ada")
    with pytest.raises(InvalidInput) as outsider:
        api.set_firefighters(org_api.actor_named("sam"), "Falcon", wednesday, ["otto"])
    with pytest.raises(InvalidInput) as twice:
        api.set_firefighters(org_api.actor_named("sam"), "Falcon", wednesday, ["ada", "ada"])
    assert outsider.value.field == twice.value.field == "members"


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
    assert api.social_chat(Actor.system(), "Falcon", number).organised is False


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
    ticket = sprints_api.get_ticket(chat.ticket)
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
    assert "Cocktails" in sprints_api.get_ticket(chat.ticket).title


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
    ticket = sprints_api.get_ticket(chat.ticket)
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
        billing_api.log_work(
            org_api.actor_named("ada"), ticket=chat.ticket, member="ada", day=day, hours=D("0.25")
        )
    with pytest.raises(RuleRefusal) as refused:
        billing_api.log_work(
            org_api.actor_named("ada"), ticket=chat.ticket, member="ada", day=day, hours=D("0.01")
        )
    (violation,) = refused.value.violations
    assert violation.rule == "SP-14"
    assert (violation.extra["logged_hours"], violation.extra["max_hours"]) == (0.5, 0.0)
    with pytest.raises(RuleRefusal) as bob_over:
        billing_api.log_work(
            org_api.actor_named("bob"), ticket=chat.ticket, member="bob", day=day, hours=D(1)
        )
    assert bob_over.value.violations[0].extra["max_hours"] == 0.5
    billing_api.log_work(
        org_api.actor_named("bob"), ticket=chat.ticket, member="bob", day=day, hours=D("0.5")
    )
    other = sprints_api.create_ticket(
        org_api.actor_named("ada"), title="Work", cell="Falcon", account="Hedera LMS"
    )
    assert (
        billing_api.log_work(
            org_api.actor_named("ada"), ticket=other.key, member="ada", day=day, hours=D(3)
        ).hours
        == 3
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
    other = sprints_api.create_ticket(
        org_api.actor_named("ada"), title="Work", cell="Falcon", account="Hedera LMS"
    )
    assert api.social_chat_tickets({chat.ticket, other.key, "NOPE-1"}) == {chat.ticket}
    assert api.social_chat_tickets(set()) == set()


# --- SP-15 video updates --------------------------------------------------------------------


def test_SP_15_each_dev_member_owes_an_update_titled_by_the_ending_sprint(falcon):
    """Every active member, due every sprint, `Sprint X - Falcon - <Name>`; posting marks it."""
    updates = api.video_updates(Actor.system(), "Falcon", falcon.number)
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
    lines = [
        line
        for line in api.video_updates(Actor.system(), "Falcon", falcon.number).members
        if line.posted
    ]
    assert [(line.member, line.url) for line in lines] == [("ada", "https://example.com/2")]


def test_SP_15_business_members_post_every_other_sprint(falcon, make_member):
    """A business cell owes nothing on an odd sprint, and posting then is refused with SP-15."""
    org_api.create_cell(Actor.system("test"), "Compass", CellKind.BUSINESS)
    make_member("gabi", cell="Compass", first_name="Gabi", last_name="Okafor")
    even = falcon.number + (falcon.number % 2)
    odd = even + 1
    assert (
        api.video_updates(Actor.system(), "Compass", even).due
        and not api.video_updates(Actor.system(), "Compass", odd).due
    )
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
    ticket = sprints_api.get_ticket(talk.ticket)
    assert (ticket.cell, ticket.assignee, ticket.due_date, ticket.sprint) == (
        "Falcon",
        "ada",
        mid,
        None,
    )
    assert "Property tests" in ticket.title
    assert [t.id for t in api.tech_talks(Actor.system(), mid)] == [talk.id] and api.tech_talks(
        Actor.system(), mid + timedelta(days=1)
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
