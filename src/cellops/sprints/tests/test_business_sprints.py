"""Issue #14 item 5: business cells run one-week sprints (SP-1, decision 0062), everywhere.

The clock is held at Tue 1 Dec 2026 (first sprint 1 on Mon 5 Jan 2026). Dev sprint 24 runs
Mon 23 Nov to Sun 6 Dec; its two weeks are business sprints 47 (23 to 29 Nov) and 48
(Mon 30 Nov to Sun 6 Dec, today its day 1). Business sprint 49 starts Mon 7 Dec: its
insertion cut-off is Thu 3 Dec EOD and its estimation closes Fri 4 Dec EOD, day 0 - 4 and
day 0 - 3 as for a dev sprint; its mid-sprint meeting is the Wednesday, day 2.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cellops.checklists import api as checklists_api
from cellops.checklists import rules as checklists_rules
from cellops.checklists.data import SPRINT_TEMPLATE
from cellops.kernel import clock
from cellops.kernel.calendar import BUSINESS_CALENDAR_POLICY, SprintCalendar
from cellops.kernel.violations import RuleRefusal
from cellops.org import api as org_api
from cellops.org import rules as org_rules
from cellops.org.data import Actor, CellKind, Role
from cellops.rituals import api as rituals_api
from cellops.sprints import api, rules
from cellops.sprints.data import CapacityStatus, SprintPolicy

pytestmark = pytest.mark.django_db

TUE_1_DEC = datetime(2026, 12, 1, 10, tzinfo=UTC)
SETUP = Actor.system("test")


def _text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return (
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
        .replace(" ,", ",")
        .replace(" .", ".")
        .replace(" ;", ";")
    )


@pytest.fixture
def compass(make_member):
    """The business cell Compass (Gabriel plans its sprints, Léa and Sunita work in it)
    next to the dev cell Falcon; the clock held at Tue 1 Dec 2026, 10:00 UTC."""
    org_api.create_cell(SETUP, "Compass", CellKind.BUSINESS)
    make_member(
        "gabriel",
        cell="Compass",
        first_name="Gabriel",
        last_name="Okafor",
        roles=(Role.SPRINT_PLANNING_MANAGER,),
    )
    make_member("lea", cell="Compass", first_name="Léa", last_name="Fontaine")
    make_member("sunita", cell="Compass", first_name="Sunita", last_name="Rao")
    make_member("ada", cell="Falcon", first_name="Ada", last_name="Lovelace")
    org_api.create_account(SETUP, "Marketing")
    with clock.frozen(TUE_1_DEC):
        yield


def _gabriel():
    return org_api.actor_named("gabriel")


# --- rules --------------------------------------------------------------------------


def test_SP_1_business_sprints_2k_minus_1_and_2k_are_the_two_weeks_of_dev_sprint_k():
    dev = SprintCalendar(first_number=1, first_start=date(2026, 1, 5))
    business = org_rules.calendar_of_kind(dev, CellKind.BUSINESS)
    assert org_rules.calendar_of_kind(dev, CellKind.DEV) == dev
    sprint_24 = dev.sprint(24)
    first, second = business.sprint(47), business.sprint(48)
    assert (first.start, first.end) == (sprint_24.start, date(2026, 11, 29))
    assert (second.start, second.end) == (date(2026, 11, 30), sprint_24.end)
    assert business.for_date(date(2026, 12, 1)).number == 48
    assert business.sprint(1).start == dev.first_start  # numbered from the same first Monday
    # another first sprint number keeps the pairing: dev sprint 10 holds business 19 and 20
    shifted = SprintCalendar(first_number=10, first_start=date(2026, 1, 5)).business()
    assert (shifted.first_number, shifted.sprint(20).end) == (19, date(2026, 1, 18))


def test_SP_1_a_business_sprints_cut_off_and_estimation_close_are_day_0_minus_4_and_minus_3():
    policy = org_rules.calendar_policy_of_kind(CellKind.BUSINESS)
    assert policy == BUSINESS_CALENDAR_POLICY
    sprint_49 = org_rules.calendar_of_kind(
        SprintCalendar(first_number=1, first_start=date(2026, 1, 5)), CellKind.BUSINESS
    ).sprint(49)
    row = org_rules.sprint_row(sprint_49, date(2026, 12, 1), policy)
    assert row.insertion_cutoff == date(2026, 12, 3)  # Thursday of the week before
    assert row.mid_sprint == date(2026, 12, 9)  # Wednesday, day 2 (decision 0062)
    sprint_policy = SprintPolicy(calendar=policy)
    assert rules.insertion_cutoff(sprint_49.start, sprint_policy) == date(2026, 12, 3)
    assert rules.estimation_closes_at(sprint_49.start, sprint_policy) == date(2026, 12, 4)
    assert not rules.risk_checked(
        sprint_49.start, sprint_49.end, False, date(2026, 12, 8), sprint_policy
    )
    assert rules.risk_checked(
        sprint_49.start, sprint_49.end, False, date(2026, 12, 9), sprint_policy
    )


def test_SP_12_the_default_sprint_checklist_fits_a_one_week_sprint():
    """The dev template's days move into the week: mid-sprint 7 -> 2, Thursday 10 -> 3,
    Friday 11 -> 4, the last day 13 -> 6; first-week days stay."""
    moved = checklists_rules.one_week_template(SPRINT_TEMPLATE)
    pairs = {
        (i.due_day, m.due_day) for i, m in zip(SPRINT_TEMPLATE.items, moved.items, strict=True)
    }
    assert pairs == {(None, None), (0, 0), (1, 1), (2, 2), (7, 2), (10, 3), (11, 4), (13, 6)}
    assert all(m.due_day is None or 0 <= m.due_day <= 6 for m in moved.items)


# --- api ----------------------------------------------------------------------------


def test_SP_1_a_business_cell_numbers_its_sprints_on_its_own_one_week_calendar(compass):
    assert api.current_sprint("Compass") == 48
    assert api.current_sprint("Falcon") == 24
    record = api.sprint_record("Compass", 48)
    assert (record.start, record.end) == (date(2026, 11, 30), date(2026, 12, 6))
    assert api.insertion_cutoff("Compass", 49) == date(2026, 12, 3)
    assert api.insertion_cutoff("Falcon", 25) == date(2026, 12, 3)
    assert org_api.sprint_for_date(date(2026, 12, 1), cell="Compass")[0].number == 48
    assert org_api.sprint_for_date(date(2026, 12, 1), cell="Compass")[1] == 1


def test_SP_6_a_business_member_has_five_working_days_in_a_sprint(compass):
    """SP-6: 5 days x 8 h - 2 h of planning reserve = 38 h (a dev sprint gives 78 h)."""
    api.create_ticket(
        _gabriel(),
        title="Quarterly newsletter",
        cell="Compass",
        account="Marketing",
        sprint=49,
        story_points=3,
        assignee="lea",
        reviewer="sunita",
        remaining_hours=Decimal(32),
    )
    by_member = {c.member: c for c in api.capacity("Compass", 49)}
    assert by_member["lea"].available_hours == Decimal(38)
    assert by_member["lea"].committed_hours == Decimal(32)
    assert by_member["lea"].status == CapacityStatus.OK  # 32 of 38 h is over 80 %
    assert by_member["sunita"].committed_hours == Decimal(2)  # review of a 3-point ticket
    assert {c.member: c.available_hours for c in api.capacity("Falcon", 25)} == {"ada": Decimal(78)}


def test_SP_3_a_business_sprints_estimation_closes_friday_eod_of_the_week_before(compass):
    api.create_ticket(
        _gabriel(), title="Price list", cell="Compass", account="Marketing", sprint=49
    )
    opened = api.open_estimation(_gabriel(), "Compass", 49)
    assert opened.closes_at == datetime(2026, 12, 5, 0, tzinfo=UTC)  # Fri 4 Dec, 24:00 UTC


def test_SP_8_a_ticket_for_next_weeks_business_sprint_is_late_after_thursday(compass):
    friday = clock.frozen(datetime(2026, 12, 4, 9, tzinfo=UTC))  # after Thursday's cut-off
    with friday, pytest.raises(RuleRefusal) as refused:
        api.create_ticket(_gabriel(), title="Late", cell="Compass", account="Marketing", sprint=49)
    assert refused.value.violations[0].rule == "SP-8"
    # the same day, the sprint after (50, from Mon 14 Dec) still takes tickets
    with clock.frozen(datetime(2026, 12, 4, 9, tzinfo=UTC)):
        api.create_ticket(
            _gabriel(), title="In time", cell="Compass", account="Marketing", sprint=50
        )


def test_SP_12_a_business_sprints_checklists_are_due_within_its_week(compass):
    with clock.frozen(datetime(2026, 11, 30, 8, tzinfo=UTC)):
        api.start(_gabriel(), "Compass", 48, override=True)
    [run] = checklists_api.runs_of(SETUP, "lea")
    assert run.subject == "sprint Compass/48"
    due = {i.due_date for i in run.items if i.due_date}
    assert min(due) == date(2026, 11, 30) and max(due) == date(2026, 12, 6)
    mid = next(i for i in run.items if i.text.startswith("Mid-sprint meeting"))
    assert mid.due_date == date(2026, 12, 2)  # Wednesday, day 2
    cut_off = next(i for i in run.items if i.text.startswith("Epic owners: post"))
    assert cut_off.due_date == date(2026, 12, 3)  # Thursday: the cut-off of sprint 49


def test_SP_15_business_video_updates_are_due_every_other_sprint_with_the_dev_cells(compass):
    assert api.sprint_record("Compass", 48).end == api.sprint_record("Falcon", 24).end
    assert rituals_api.video_updates(Actor.system(), "Compass", 48).due is True
    assert rituals_api.video_updates(Actor.system(), "Compass", 47).due is False
    line = next(
        v
        for v in rituals_api.video_updates(Actor.system(), "Compass", 48).members
        if v.member == "lea"
    )
    assert line.title == "Sprint 48 - Compass - Léa Fontaine"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_SP_10_a_business_sprint_is_scheduled_to_complete_after_its_seventh_day(compass):
    """Scheduled tasks on the one-week calendar: starting 48 queues its completion for Sun
    6 Dec EOD and sprint 49's gap e-mails for its estimation close (Fri 4 Dec EOD);
    completing it queues 49's start for Mon 7 Dec, 00:00 UTC."""
    with clock.frozen(datetime(2026, 11, 30, 8, tzinfo=UTC)):
        api.start(_gabriel(), "Compass", 48, override=True)
    [completion] = _queued("complete_sprint")
    assert completion.run_after == datetime(2026, 12, 7, 0, tzinfo=UTC)
    assert completion.args_kwargs["args"] == ["Compass", 48]
    [gaps] = _queued("notify_gaps")
    assert gaps.run_after == datetime(2026, 12, 5, 0, tzinfo=UTC)
    assert gaps.args_kwargs["args"] == ["Compass", 49]
    with clock.frozen(datetime(2026, 12, 7, 0, 1, tzinfo=UTC)):
        api.complete(_gabriel(), "Compass", 48)
    [start] = _queued("start_sprint")
    assert start.run_after == datetime(2026, 12, 7, 0, tzinfo=UTC)
    assert start.args_kwargs["args"] == ["Compass", 49]


def _queued(name: str):
    from django_tasks_db.models import DBTaskResult

    return list(
        DBTaskResult.objects.filter(task_path__endswith=f"sprints.tasks.{name}").order_by(
            "enqueued_at"
        )
    )


# --- doors --------------------------------------------------------------------------


def test_SP_1_sprint_for_date_reads_a_business_cells_own_calendar(compass, client):
    client.force_login(org_api_user("lea"))
    dev = client.get("/api/v1/sprints/for-date?date=2026-12-01").json()
    business = client.get("/api/v1/sprints/for-date?date=2026-12-01&cell=Compass").json()
    assert dev == {
        "number": 24,
        "name": "Sprint 24",
        "start": "2026-11-23",
        "end": "2026-12-06",
        "day": 8,
    }
    assert business == {
        "number": 48,
        "name": "Sprint 48",
        "start": "2026-11-30",
        "end": "2026-12-06",
        "day": 1,
    }
    unknown = client.get("/api/v1/sprints/for-date?date=2026-12-01&cell=Nowhere")
    assert unknown.status_code == 422
    assert "no cell is called 'Nowhere'" in unknown.json()["detail"]


def org_api_user(username: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def test_SP_1_the_sprints_page_shows_a_business_cells_one_week_dates(compass, as_user):
    page = _text(as_user("lea").get(reverse("sprints:index") + "?cell=Compass"))
    assert "Sprint 48 (current) Mon 30 Nov to Sun 6 Dec 2026, today is day 1" in page
    assert "mid-sprint meeting Wed 2 Dec." in page
    assert "Sprint 49 (next) Mon 7 Dec to Sun 13 Dec 2026" in page
    assert "tickets go in by Thu 3 Dec 2026, 24:00 UTC" in page
    falcon = _text(as_user("ada").get(reverse("sprints:index") + "?cell=Falcon"))
    assert "Sprint 24 (current) Mon 23 Nov to Sun 6 Dec 2026, today is day 8" in falcon


def test_SP_1_the_calendar_page_shows_the_business_calendar_next_to_the_dev_one(compass, as_user):
    response = as_user("lea").get(reverse("org:sprints"), {"date": "2026-12-01"})
    page = _text(response)
    assert (
        "Tue 1 Dec 2026 is day 8 of Sprint 24 for dev cells (Mon 23 Nov 2026 – Sun 6 Dec 2026) "
        "and day 1 of Sprint 48 for business cells (Mon 30 Nov 2026 – Sun 6 Dec 2026)."
    ) in page
    assert "Business cells (one-week sprints): current and coming sprints" in page
    assert "Mid-sprint meeting (day 2) Ends (day 6)" in page
    assert (
        "Sprint 48 Current Mon 30 Nov 2026 Wed 2 Dec Sun 6 Dec 2026 Thu 26 Nov, 24:00 UTC"
    ) in page
    assert "Sprint 49 Mon 7 Dec 2026 Wed 9 Dec Sun 13 Dec 2026 Thu 3 Dec, 24:00 UTC" in page
    assert (
        "Sprint 24 Current Mon 23 Nov 2026 Mon 30 Nov Sun 6 Dec 2026 Thu 19 Nov, 24:00 UTC"
    ) in page


def test_SP_6_the_planning_page_of_a_business_sprint_counts_38_hours(compass, as_user):
    api.create_ticket(
        _gabriel(),
        title="Quarterly newsletter",
        cell="Compass",
        account="Marketing",
        sprint=49,
        story_points=3,
        assignee="lea",
        reviewer="sunita",
        remaining_hours=Decimal(32),
    )
    page = _text(as_user("gabriel").get(reverse("sprints:planning", args=["Compass", 49])))
    assert "Planning: Compass sprint 49 Mon 7 Dec to Sun 13 Dec 2026 · Not started" in page
    assert "← Sprint 48 Sprint 50 →" in page
    assert "Léa Fontaine: 32 of 38 h committed, ok" in page
    assert "Sunita Rao: 2 of 38 h committed, under-committed" in page
    assert "of 78 h" not in page
