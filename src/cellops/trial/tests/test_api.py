"""The trial's use cases against the database: calendar from settings, newcomers, needs,
and the TO-9 review flags.

The default sprint calendar starts sprint 1 on Monday 2026-01-05 (sprint 2 on
2026-01-19, 3 on 2026-02-02, 4 on 2026-02-16, 5 on 2026-03-02).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from cellops.kernel.calendar import Sprint
from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal
from cellops.org import api as org_api
from cellops.org.data import Actor, MemberStatus, Role
from cellops.time_off import api as time_off_api
from cellops.time_off.data import Kind
from cellops.trial import api
from cellops.trial.data import CleanSprintKind, MilestoneState, Newcomer, TodayPosition

pytestmark = pytest.mark.django_db


# --- The trial's use cases against the database: calendar from settings, newcomers, needs. ---


#: The software asking: these tests are about dates, not about who may see them.
ME = Actor.system("test")

MID_SPRINT_START = date(2026, 1, 7)  # a Wednesday, day 2 of sprint 1


def _user(username: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def _mentor(mentor: str, mentee: str) -> None:
    org_api.assign_role(
        Actor.system("test"), member=mentor, role=Role.MENTOR, start=date(2026, 1, 1), mentee=mentee
    )


# schedule, extension, clean sprints --------------------------------------


def test_TR_1_schedule_gives_the_key_dates_from_the_configured_calendar():
    """TR-1, TR-2, TR-5 together for a start mid-sprint on the default calendar."""
    schedule = api.schedule(ME, MID_SPRINT_START)
    assert schedule.end_of_trial == date(2026, 3, 4)
    assert schedule.review_deadline == date(2026, 2, 25)
    assert schedule.screening_review_due == date(2026, 2, 1)
    assert schedule.developer_review_sprint == Sprint(3, date(2026, 2, 2), date(2026, 2, 15))


def test_TR_5_another_first_sprint_setting_moves_the_review_sprint(settings):
    """CELLOPS_FIRST_SPRINT decides the sprints: sprint 10 starting 2026-01-12 shifts them."""
    settings.CELLOPS_FIRST_SPRINT = {"number": 10, "start": date(2026, 1, 12)}
    schedule = api.schedule(ME, date(2026, 1, 12))
    assert schedule.screening_review_due == date(2026, 1, 25)
    assert schedule.developer_review_sprint == Sprint(13, date(2026, 2, 23), date(2026, 3, 8))


def test_a_start_before_the_first_sprint_is_refused_on_start_saying_what_to_give():
    """The kernel's BeforeFirstSprint becomes InvalidInput on `start` with the first date."""
    with pytest.raises(InvalidInput) as refused:
        api.schedule(ME, date(2026, 1, 4))
    assert refused.value.field == "start"
    assert "on or after Mon 5 Jan 2026" in refused.value.message


def test_a_start_after_2199_is_refused_on_start_rather_than_overflowing():
    """Dates far in the future are bad input, not a crash in date arithmetic."""
    with pytest.raises(InvalidInput) as refused:
        api.schedule(ME, date(9999, 12, 31))
    assert refused.value.field == "start"
    assert "2199-12-31" in refused.value.message


def test_TR_4_extension_of_4_sprints_ends_56_days_after_the_121():
    """The use case returns the rule's extension, reviews due 7 days before its end."""
    result = api.extension(ME, date(2026, 3, 4), 4)
    assert (result.end_of_extension, result.review_deadline) == (
        date(2026, 4, 29),
        date(2026, 4, 22),
    )


def test_TR_4_extension_of_3_sprints_is_a_refusal_naming_sprints():
    """A length other than 2 or 4 is refused by TR-4 on the `sprints` field."""
    with pytest.raises(RuleRefusal) as refused:
        api.extension(ME, date(2026, 3, 4), 3)
    assert [(v.rule, v.extra["field"]) for v in refused.value.violations] == [("TR-4", "sprints")]


def test_an_extension_121_far_in_the_future_is_refused_on_date_of_121():
    """The 121 date is range-checked like every other date."""
    with pytest.raises(InvalidInput) as refused:
        api.extension(ME, date(9999, 12, 1), 2)
    assert refused.value.field == "date_of_121"


def test_TR_6_clean_sprints_required_for_each_kind():
    """2 of 4 initial, 5 of 8 extended, 6 of 8 core."""
    assert api.clean_sprints_required(ME, 4, "initial") == 2
    assert api.clean_sprints_required(ME, 8, "extended") == 5
    assert api.clean_sprints_required(ME, 8, "core") == 6


def test_TR_6_zero_sprints_and_unknown_kind_are_refused_together():
    """Both TR-6 problems come back at once, each naming its field."""
    with pytest.raises(RuleRefusal) as refused:
        api.clean_sprints_required(ME, 0, "senior")
    assert [v.extra["field"] for v in refused.value.violations] == ["sprints", "kind"]


# timeline ------------------------------------------------------------------


def test_TR_7_timeline_spans_the_trials_sprints_and_places_today_in_week_4():
    """Sprints 1 to 5 hold the trial; on 2026-02-03 points are due and screening is done."""
    result = api.timeline(ME, MID_SPRINT_START, today=date(2026, 2, 3))
    assert [s.number for s in result.sprints] == [1, 2, 3, 4, 5]
    assert result.sprints[0] == Sprint(1, date(2026, 1, 5), date(2026, 1, 18))
    assert (result.today_position, result.today_week) == (TodayPosition.DURING, 4)  # day 27
    assert [(m.key, m.state) for m in result.milestones] == [
        ("screening-review", MilestoneState.DONE),
        ("story-points", MilestoneState.DUE),
        ("breadth-check", MilestoneState.DUE),
        ("developer-review", MilestoneState.UPCOMING),
        ("end-of-trial", MilestoneState.UPCOMING),
    ]
    assert result.ends_on == date(2026, 3, 4)


def test_TR_6_timeline_of_an_initial_trial_asks_2_clean_sprints_of_4():
    """The initial trial lasts 4 sprints, half of which must be clean."""
    result = api.timeline(ME, MID_SPRINT_START, today=date(2026, 2, 3))
    assert result.sprint_count == 4
    assert result.clean_sprint_kind == CleanSprintKind.INITIAL
    assert result.clean_sprints_required == 2


def test_TR_4_timeline_with_an_extension_runs_to_its_end_and_asks_5_clean_sprints_of_8():
    """A 4-sprint extension from the end of trial adds sprints up to its end, and 8 sprints."""
    extended = api.extension(ME, date(2026, 3, 4), 4)
    result = api.timeline(ME, MID_SPRINT_START, today=date(2026, 3, 10), extension=extended)
    assert result.ends_on == date(2026, 4, 29)
    assert result.sprints[-1] == Sprint(9, date(2026, 4, 27), date(2026, 5, 10))
    assert [m.key for m in result.milestones][-2:] == [
        "extension-developer-review",
        "end-of-extension",
    ]
    assert (result.sprint_count, result.clean_sprints_required) == (8, 5)
    assert result.clean_sprint_kind == CleanSprintKind.EXTENDED


def test_timeline_says_when_today_is_before_or_after_the_trial():
    """Outside the trial there is no trial week for today."""
    before = api.timeline(ME, MID_SPRINT_START, today=date(2026, 1, 6))
    after = api.timeline(ME, MID_SPRINT_START, today=date(2026, 3, 5))
    assert (before.today_position, before.today_week) == (TodayPosition.BEFORE, None)
    assert (after.today_position, after.today_week) == (TodayPosition.AFTER, None)
    last_day = api.timeline(ME, MID_SPRINT_START, today=date(2026, 3, 4))
    assert (last_day.today_position, last_day.today_week) == (
        TodayPosition.DURING,
        9,
    )  # day 56: TR-7 counts it in week 9


def test_an_extension_decided_long_after_the_trial_is_refused_on_date_of_121():
    """A 121 more than 56 days after the end of trial (2026-03-04) is a typing slip."""
    latest = api.timeline(
        ME, MID_SPRINT_START, date(2026, 2, 3), api.extension(ME, date(2026, 4, 29), 4)
    )
    assert latest.ends_on == date(2026, 6, 24)
    with pytest.raises(InvalidInput) as refused:
        api.timeline(
            ME, MID_SPRINT_START, date(2026, 2, 3), api.extension(ME, date(2026, 4, 30), 2)
        )
    assert refused.value.field == "date_of_121"
    assert "2026-04-29" in refused.value.message


def test_an_extension_decided_before_the_trial_starts_is_refused_on_date_of_121():
    """The 121 that decides an extension cannot come before the start date."""
    early = api.extension(ME, date(2026, 1, 6), 2)
    with pytest.raises(InvalidInput) as refused:
        api.timeline(ME, MID_SPRINT_START, today=date(2026, 2, 3), extension=early)
    assert refused.value.field == "date_of_121"


# newcomers and mentors ------------------------------------------------------


def test_newcomers_lists_active_newcomers_only_with_their_start_date_and_mentor(make_member):
    """Core members and people who left are not newcomers; the mentor comes from ORG-3 roles."""
    make_member("bob")
    make_member(
        "ada",
        first_name="Ada",
        last_name="Lovelace",
        status=MemberStatus.NEWCOMER,
        start_date=MID_SPRINT_START,
    )
    make_member("cy", status=MemberStatus.NEWCOMER, cell="Otter")
    make_member("old", status=MemberStatus.LEFT, start_date=MID_SPRINT_START)
    _mentor("bob", "ada")
    assert api.newcomers(ME, date(2026, 2, 3)) == [
        Newcomer("ada", "Ada Lovelace", "Falcon", MID_SPRINT_START, "bob"),
        Newcomer("cy", "Cy Tester", "Otter", None, None),
    ]


def test_newcomer_finds_one_and_an_unknown_username_is_not_found_on_the_field(make_member):
    """`newcomer` returns the newcomer; a core member is not one."""
    make_member("ada", status=MemberStatus.NEWCOMER, start_date=MID_SPRINT_START)
    make_member("bob")
    assert api.newcomer(ME, "ada").start_date == MID_SPRINT_START
    with pytest.raises(NotFound) as missing:
        api.newcomer(ME, "bob")
    assert missing.value.field == "newcomer"


def test_default_newcomer_is_my_own_trial_else_my_first_mentee(make_member):
    """A newcomer sees their own trial first; a mentor their mentee's; others nobody's."""
    make_member("bob")
    make_member("carol")
    make_member("ada", status=MemberStatus.NEWCOMER, start_date=MID_SPRINT_START)
    _mentor("bob", "ada")
    today = date(2026, 2, 3)
    assert api.default_newcomer_for(org_api.actor_named("ada"), today) == "ada"
    assert api.default_newcomer_for(org_api.actor_named("bob"), today) == "ada"
    assert api.default_newcomer_for(org_api.actor_named("carol"), today) is None


def test_any_active_member_may_view_trials_but_not_a_member_who_left(make_member):
    """VIEW_TRIAL is for every active member (ORG-2): the use case itself refuses the others.

    (Was a test of the doors' `require_viewer`, which the use cases replaced.)"""
    make_member("carol")
    make_member("gone", status=MemberStatus.LEFT)
    assert api.schedule(org_api.actor_named("carol"), MID_SPRINT_START).start_date == (
        MID_SPRINT_START
    )
    with pytest.raises(PermissionDenied):
        api.schedule(org_api.actor_named("gone"), MID_SPRINT_START)
    with pytest.raises(PermissionDenied):
        api.newcomers(org_api.actor_named("gone"))


# needs on the home page -----------------------------------------------------


def _milestone(need) -> bool:
    """A TR-7 milestone need, not a vote owed in a review (TR-3)."""
    return not need.title.startswith("Vote in the ")


def test_TR_7_a_newcomer_needs_their_next_milestone_linking_to_their_timeline(make_member):
    """On 2026-02-02 screening is done; the week-3 points check is the next milestone."""
    make_member("ada", status=MemberStatus.NEWCOMER, start_date=MID_SPRINT_START)
    [need] = api.needs_of(org_api.actor_for(_user("ada"), date(2026, 2, 2)), date(2026, 2, 2))
    assert need.area == "Trial"
    assert need.title == "Your trial: At least 8 story points completed"
    assert need.when == date(2026, 2, 3)
    assert need.url == "/trial/?newcomer=ada"
    assert need.detail.startswith("Week 3, due.")


def test_TR_7_a_mentor_needs_the_next_milestone_of_each_mentee(make_member):
    """Each mentee's next milestone, soonest first, named after the newcomer."""
    make_member("bob")
    make_member(
        "ada",
        first_name="Ada",
        last_name="Lovelace",
        status=MemberStatus.NEWCOMER,
        start_date=MID_SPRINT_START,
    )
    make_member(
        "cy",
        first_name="Cy",
        last_name="Young",
        status=MemberStatus.NEWCOMER,
        start_date=date(2026, 1, 19),
    )
    _mentor("bob", "ada")
    _mentor("bob", "cy")
    # (bob is also a reviewer of both: the votes he owes are tested in test_api_reviews)
    needs = [
        n
        for n in api.needs_of(org_api.actor_for(_user("bob"), date(2026, 1, 20)), date(2026, 1, 20))
        if _milestone(n)
    ]
    assert [(n.title, n.when, n.url) for n in needs] == [
        ("Ada Lovelace's trial: Screening review", date(2026, 2, 1), "/trial/?newcomer=ada"),
        ("Cy Young's trial: Screening review", date(2026, 2, 1), "/trial/?newcomer=cy"),
    ]


def test_no_trial_needs_for_other_members_or_once_every_milestone_is_done(make_member):
    """Someone else's newcomer needs nothing from me; a finished trial needs nothing."""
    make_member("bob")
    make_member("carol")
    make_member("ada", status=MemberStatus.NEWCOMER, start_date=MID_SPRINT_START)
    _mentor("bob", "ada")
    # (carol and bob owe votes as reviewers: only the milestones are about this test)
    assert [
        n
        for n in api.needs_of(org_api.actor_for(_user("carol"), date(2026, 2, 2)), date(2026, 2, 2))
        if _milestone(n)
    ] == []
    assert [
        n
        for n in api.needs_of(org_api.actor_for(_user("bob"), date(2026, 3, 5)), date(2026, 3, 5))
        if _milestone(n)
    ] == []
    with pytest.raises(PermissionDenied):  # the home page asks for a login first
        org_api.actor_for(AnonymousUser(), date(2026, 2, 2))


def test_a_newcomer_without_a_start_date_needs_nothing_yet(make_member):
    """No start date, no trial dates to show."""
    make_member("ada", status=MemberStatus.NEWCOMER)
    assert api.needs_of(org_api.actor_for(_user("ada"), date(2026, 2, 2)), date(2026, 2, 2)) == []


# --- TO-9: a newcomer review due during a reviewer's time off is flagged so it is sent early. ---


LONG_AGO = datetime(2026, 1, 5, 9, tzinfo=UTC)


@pytest.fixture
def trial(make_member):
    """A newcomer who started a week ago, their mentor, and two other core members."""
    start = date.today() - timedelta(days=7)
    for name in ("mentor", "core1", "core2"):
        make_member(name, cell="Falcon")
    make_member("newbie", cell="Falcon", status=MemberStatus.NEWCOMER, start_date=start)
    org_api.assign_role(
        Actor.system("test"), member="mentor", role=Role.MENTOR, mentee="newbie", start=start
    )
    return api.schedule(ME, start)


def test_TO_9_the_mentor_away_on_the_screening_day_is_told_to_send_it_early(trial):
    """TO-9: the mentor's time off covers the screening due date: flagged with the day to send by."""
    due = trial.screening_review_due
    time_off_api.book(
        Actor.system("mentor"),
        member="mentor",
        kind=Kind.OFF,
        start=due - timedelta(days=2),
        end=due + timedelta(days=1),
        requested_at=LONG_AGO,
    )
    flags = api.review_flags(ME)
    assert [(f.reviewer, f.review, f.due) for f in flags] == [("mentor", "screening review", due)]
    assert flags[0].send_by == due - timedelta(days=3)


def test_TO_9_a_core_member_away_at_the_review_deadline_is_flagged(trial):
    """TO-9: the developer review (all core members of the cell) due while core1 is away."""
    deadline = trial.review_deadline
    time_off_api.book(
        Actor.system("core1"),
        member="core1",
        kind=Kind.OFF,
        start=deadline,
        end=deadline,
        requested_at=LONG_AGO,
    )
    assert [(f.reviewer, f.review) for f in api.review_flags(ME)] == [("core1", "developer review")]


def test_TO_9_a_cancelled_time_off_raises_no_flag_and_the_reviewer_sees_it_at_home(
    trial, client, django_user_model
):
    """TO-9: the flag is on the reviewer's home page; cancelling the time off removes it."""
    deadline = trial.review_deadline
    booked = time_off_api.book(
        Actor.system("core1"),
        member="core1",
        kind=Kind.OFF,
        start=deadline,
        end=deadline,
        requested_at=LONG_AGO,
    )
    client.force_login(django_user_model.objects.get(username="core1"))
    assert (
        "Send your developer review of newbie early"
        in client.get(reverse("core:home")).content.decode()
    )
    time_off_api.cancel(Actor.system("core1"), booked.id)
    assert api.review_flags(ME) == []
