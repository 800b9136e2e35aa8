"""The time-off use cases, called directly (`cellops.time_off.api`).

Dates are weeks ahead of today, on Mondays, so notice (TO-3) is met unless
a test wants it late.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from cellops.kernel.violations import RuleRefusal
from cellops.org import api as org_api
from cellops.org.data import Actor, EpicStatus, MemberStatus, Role
from cellops.time_off import api
from cellops.time_off.data import CoverageEntry, Duty, Kind, Status

pytestmark = pytest.mark.django_db


def _monday_in(weeks: int) -> date:
    today = date.today()
    return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)


@pytest.fixture
def falcon(make_member):
    """Five active members (cap 1); Ada owns AC-1, reviewed by Bob; Cyd is a firefighter."""
    for name in ("ada", "bob", "cyd", "dee", "eve"):
        make_member(name, cell="Falcon", roles=(Role.FIREFIGHTER,) if name == "cyd" else ())
    org_api.create_account(Actor.system("test"), "Acme")
    org_api.create_epic(
        Actor.system("test"),
        key="AC-1",
        title="Checkout",
        account="Acme",
        owner="ada",
        reviewer="bob",
        status=EpicStatus.IN_PROGRESS,
    )


def _off(member: str, start: date, end: date | None = None, **more):
    return api.book(
        Actor.system(member), member=member, kind=Kind.OFF, start=start, end=end or start, **more
    )


def test_TO_6_book_announce_cancel(falcon):
    """Booking is pending; announcing with coverage confirms it; cancelling keeps it in history."""
    monday = _monday_in(6)
    booked = _off("ada", monday, monday + timedelta(days=4))
    assert (booked.status, booked.working_days, booked.overlap_days) == (Status.PENDING, 5, ())
    assert [e.title for e in booked.calendar_events] == ["Ada: off"]

    announced = api.announce(Actor.system("ada"), booked.id, [CoverageEntry("epic:AC-1", "bob")])
    assert announced.status is Status.CONFIRMED
    assert announced.coverage == (CoverageEntry("epic:AC-1", "bob"),)

    cancelled = api.cancel(Actor.system("ada"), booked.id)
    assert cancelled.status is Status.CANCELLED
    assert api.list_time_off(member="ada") == []
    assert [t.id for t in api.list_time_off(member="ada", include_cancelled=True)] == [booked.id]
    with pytest.raises(RuleRefusal) as refused:
        api.announce(Actor.system("ada"), booked.id, [])
    assert refused.value.violations[0].rule == "TO-6"


def test_TO_4_a_cancelled_request_frees_the_cap(falcon):
    """Bob away Mon–Tue takes the cap (1 of 5): Ada's Mon–Tue is refused, then accepted once he cancels."""
    monday = _monday_in(8)
    bobs = _off("bob", monday, monday + timedelta(days=1))
    with pytest.raises(RuleRefusal) as refused:
        _off("ada", monday, monday + timedelta(days=1))
    (violation,) = refused.value.violations
    assert violation.rule == "TO-4"
    assert violation.extra["days"] == [str(monday), str(monday + timedelta(days=1))]

    api.cancel(Actor.system("bob"), bobs.id)
    accepted = _off("ada", monday, monday + timedelta(days=1))
    assert accepted.overlap_days == ()


def test_refused_requests_are_kept_in_the_history_but_dry_runs_are_not(falcon):
    """A refusal is stored with its violations; a dry run that would be refused stores nothing."""
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(RuleRefusal):
        _off("ada", tomorrow, tomorrow, dry_run=True)
    assert api.refusals("ada") == []
    with pytest.raises(RuleRefusal):
        _off("ada", tomorrow, tomorrow)
    (kept,) = api.refusals("ada")
    assert (kept.member, kept.kind, kept.start, kept.end) == ("ada", Kind.OFF, tomorrow, tomorrow)
    assert [v["rule"] for v in kept.violations] == ["TO-3"]
    assert kept.violations[0]["deadline"] == str(tomorrow - timedelta(days=3))
    assert api.list_time_off(member="ada") == []


def test_TO_6_duties_default_to_the_other_person_on_the_epic(falcon):
    """The epic's reviewer covers its owner and the owner its reviewer; a role has no default."""
    monday = _monday_in(6)
    assert api.duties_of("ada", monday, monday) == [Duty("epic:AC-1", "Epic AC-1 Checkout", "bob")]
    assert api.duties_of("bob", monday, monday) == [Duty("epic:AC-1", "Epic AC-1 Checkout", "ada")]
    (role,) = api.duties_of("cyd", monday, monday)
    assert role.key == "role:firefighter:Falcon" and role.default_cover is None


def test_TO_6_a_duty_without_a_default_must_be_named(falcon):
    """Booking with coverage confirms at once, unless a duty without default is left out."""
    monday = _monday_in(6)
    with pytest.raises(RuleRefusal) as refused:
        _off("cyd", monday, coverage=[])
    assert refused.value.violations[0].extra == {"duty": "role:firefighter:Falcon"}
    booked = _off("cyd", monday, coverage=[CoverageEntry("role:firefighter:Falcon", "dee")])
    assert booked.status is Status.CONFIRMED


def test_TO_5_two_marias_in_different_cells_get_their_full_names(make_member):
    """Another active Maria anywhere in the organisation makes the title 'Maria Santos: off'."""
    make_member("maria.santos", cell="Falcon", first_name="Maria", last_name="Santos")
    make_member("maria.keller", cell="Lynx", first_name="Maria", last_name="Keller")
    make_member("jonas", cell="Falcon", first_name="Jonas", last_name="Berg")
    monday = _monday_in(6)
    booked = _off("maria.santos", monday)
    assert [e.title for e in booked.calendar_events] == ["Maria Santos: off"]
    assert _off("jonas", monday + timedelta(days=7)).calendar_events[0].title == "Jonas: off"
    (item,) = api.list_time_off(member="maria.santos")
    assert item.name == "Maria Santos"
    assert [e.title for e in api.events_of(item)] == ["Maria Santos: off"]


def test_TO_5_one_maria_left_is_called_by_her_first_name(make_member):
    """A Maria who left does not count: the remaining one is just 'Maria'."""
    make_member("maria.santos", cell="Falcon", first_name="Maria", last_name="Santos")
    make_member(
        "maria.keller",
        cell="Lynx",
        first_name="Maria",
        last_name="Keller",
        status=MemberStatus.LEFT,
    )
    booked = _off("maria.santos", _monday_in(6))
    assert booked.calendar_events[0].title == "Maria: off"


def test_TO_5_the_feed_holds_the_cells_events_with_links_and_not_the_cancelled(falcon):
    """The cell feed: one all-day event per absence, TO-5 titles, a link to the announcement."""
    monday = _monday_in(6)
    ada = _off("ada", monday, monday + timedelta(days=6))
    bob = api.book(
        Actor.system("bob"),
        member="bob",
        kind=Kind.REDUCED,
        start=monday + timedelta(days=7),
        end=monday + timedelta(days=13),
        hours_per_day=Decimal("4.5"),
    )
    cancelled = _off("eve", monday + timedelta(weeks=2))
    api.cancel(Actor.system("eve"), cancelled.id)
    body = api.feed(cell="Falcon", base_url="https://ops.example.com").decode()
    assert body.startswith("BEGIN:VCALENDAR")
    assert "SUMMARY:Ada: off" in body and "SUMMARY:Bob: available 4.5h" in body
    assert f"URL:https://ops.example.com/time-off/{ada.id}/" in body
    assert f"URL:https://ops.example.com/time-off/{bob.id}/" in body
    assert f"DTSTART;VALUE=DATE:{monday:%Y%m%d}" in body
    assert f"DTEND;VALUE=DATE:{monday + timedelta(days=7):%Y%m%d}" in body  # exclusive
    assert "Eve" not in body
    assert "X-WR-CALNAME:Time off — Falcon" in body


def test_TO_5_feed_secrets_are_made_found_and_revoked(falcon):
    user = get_user_model().objects.get(username="ada")
    assert not api.has_feed_secret(org_api.actor_for(user))
    secret = api.new_feed_secret(org_api.actor_for(user))
    assert (
        api.has_feed_secret(org_api.actor_for(user))
        and api.user_for_feed_secret(secret) == user.username
    )
    api.revoke_feed_secret(org_api.actor_for(user))
    assert api.user_for_feed_secret(secret) is None and not api.has_feed_secret(
        org_api.actor_for(user)
    )


def test_TO_3_notice_gives_the_deadline_and_whether_it_is_met(falcon):
    """The booking page's helper: the deadline for the length, its EOD in UTC, met or not."""
    monday = _monday_in(6)
    one = api.notice("ada", Kind.OFF, monday, monday)
    assert (one.deadline, one.working_days, one.met) == (monday - timedelta(days=3), 1, True)
    assert one.due == datetime.combine(monday - timedelta(days=2), time(0), UTC)
    late = api.notice("ada", Kind.OFF, monday, monday, now=one.due)
    assert not late.met
    assert api.notice("ada", Kind.OFF, monday, monday, now=one.due - timedelta(seconds=1)).met
    long = api.notice("ada", Kind.OFF, monday, monday + timedelta(days=13))
    assert (long.deadline, long.working_days) == (monday - timedelta(days=14), 10)
    sick = api.notice("ada", Kind.SICK, date.today(), date.today())
    assert (sick.deadline, sick.due, sick.met) == (None, None, True)


def test_cap_and_booking_for_others(falcon, make_member):
    """cap_of: ceil(20 % of 5) = 1; only some roles book for others."""
    assert api.cap_of("Falcon") == 1
    make_member("pam", cell="Falcon", roles=(Role.SPRINT_PLANNING_MANAGER,))
    assert api.cap_of("Falcon") == 2  # six active members
    users = get_user_model().objects
    assert api.can_book_for_others(org_api.actor_for(users.get(username="pam")))
    assert not api.can_book_for_others(org_api.actor_for(users.get(username="ada")))


def test_issue_8_booking_with_coverage_resolves_the_member_once(
    falcon, django_assert_max_num_queries
):
    """Booking Cyd's day off, confirmed at once with cover for the firefighter rotation,
    looks Cyd, the cell and the covers up once each (issue #8). The old code asked for
    the member again at every step (get_member, member_pk per cover, roles_of and
    get_cell again for the checklists): 33 queries; now 27, checklists included."""
    monday = _monday_in(6)
    cover = [CoverageEntry("role:firefighter:Falcon", "dee")]
    with django_assert_max_num_queries(27):
        booked = _off("cyd", monday, coverage=cover)
    assert booked.status is Status.CONFIRMED
    assert api.get_time_off(booked.id).coverage == tuple(cover)


def test_issue_8_a_dry_run_resolves_the_member_once(falcon, django_assert_max_num_queries):
    """A dry run (the booking page's live check) reads the member and the cell once and
    takes no lock, as it writes nothing: 11 queries, where the old code made 12."""
    monday = _monday_in(6)
    cover = [CoverageEntry("role:firefighter:Falcon", "dee")]
    with django_assert_max_num_queries(11):
        result = _off("cyd", monday, coverage=cover, dry_run=True)
    assert result.id is None and result.status is Status.CONFIRMED
    assert api.list_time_off(member="cyd") == []
