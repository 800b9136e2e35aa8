"""Tests for the checklist rules (SP-12, TO-8) and the handbook's default templates.

Plain pytest with no database: the rules are pure functions. Sprint 24 of
the examples starts on Monday 2 Mar 2026.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from cellops.checklists.data import (
    DEFAULT_POLICY,
    DEVELOPER,
    SPRINT_TEMPLATE,
    ItemInfo,
    Kind,
    PlannedRun,
    TemplateInfo,
)
from cellops.checklists.rules import (
    due_date,
    items_for,
    role_of_duty,
    sprint_subject,
    sprint_template_for,
    template_problems,
    time_off_subject,
    unique_in_order,
    vacation_lists,
)
from cellops.org.data import Role

SPRINT_START = date(2026, 3, 2)
KNOWN = {r.value for r in Role} | {DEVELOPER}


def _template(key: str, kind: Kind = Kind.VACATION, **fields) -> TemplateInfo:
    return TemplateInfo(key=key, title=key.title(), kind=kind, **fields)


DEFAULT = _template("sprint", Kind.SPRINT, items=(ItemInfo("default item", 0),))
FALCON = _template("sprint-falcon", Kind.SPRINT, cell="Falcon", items=(ItemInfo("own item", 1),))
VACATION = DEFAULT_POLICY.templates


def _keys(planned: tuple[PlannedRun, ...]) -> list[tuple[str, str, str]]:
    return [(p.template.key, p.member, p.backup_of) for p in planned]


# --- SP-12: which template, which items, which due dates -----------------------------


def test_SP_12_a_cells_own_sprint_template_wins_over_the_default():
    """A cell with its own sprint template gets it; the default is for the others."""
    assert sprint_template_for("Falcon", [DEFAULT, FALCON]) == FALCON
    assert sprint_template_for("Hawk", [DEFAULT, FALCON]) == DEFAULT


def test_SP_12_without_any_sprint_template_there_is_none_to_use():
    """No sprint template (only vacation ones, or another cell's) gives None."""
    assert sprint_template_for("Hawk", [FALCON, *VACATION[1:]]) is None


def test_SP_12_due_dates_are_the_sprint_start_plus_the_due_day():
    """Day 0 is the first Monday, day 7 the next Monday, day 11 the second Friday."""
    assert due_date(SPRINT_START, 0) == date(2026, 3, 2)
    assert due_date(SPRINT_START, 7) == date(2026, 3, 9)
    assert due_date(SPRINT_START, 11) == date(2026, 3, 13)
    assert due_date(SPRINT_START, None) is None


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(-366, 366))
def test_SP_12_a_due_date_always_lies_its_due_day_from_the_anchor(anchor, day):
    """For any anchor and due day, due date − anchor is exactly the due day."""
    assert (due_date(anchor, day) - anchor).days == day


def test_SP_12_items_keep_their_order_and_get_their_due_dates():
    """A run's items are the template's, in order, each with its due date (or none)."""
    items = items_for(SPRINT_TEMPLATE, SPRINT_START, roles=set())
    assert [i.position for i in items] == sorted(i.position for i in items)
    by_day = {i.due_day: i.due_date for i in items}
    assert by_day[None] is None
    assert by_day[1] == date(2026, 3, 3)
    assert by_day[10] == date(2026, 3, 12)  # Thursday: epic updates, insertion cut-off
    assert by_day[13] == date(2026, 3, 15)


def test_SP_12_an_item_naming_a_role_goes_only_to_its_holders():
    """The sprint planning manager's and firefighter's items reach only those who hold the role."""
    plain = items_for(SPRINT_TEMPLATE, SPRINT_START, roles=set())
    manager = items_for(SPRINT_TEMPLATE, SPRINT_START, roles={"sprint_planning_manager"})
    assert all(not i.role for i in plain)
    assert [i.role for i in manager if i.role] == ["sprint_planning_manager"]
    assert len(manager) == len(plain) + 1
    assert len(items_for(SPRINT_TEMPLATE, SPRINT_START)) == len(SPRINT_TEMPLATE.items)


def test_SP_12_a_member_named_twice_is_counted_once():
    """Duplicates in the member list collapse, keeping the first order."""
    assert unique_in_order(["ada", "bob", "ada", "cyd", "bob"]) == ["ada", "bob", "cyd"]


def test_SP_12_and_TO_8_subjects_name_the_sprint_and_the_time_off():
    """Subjects are stable texts, so the same sprint or time off always finds the same run."""
    assert sprint_subject("Falcon", 24) == "sprint Falcon/24"
    assert time_off_subject(12) == "time off 12"


def test_SP_12_the_default_sprint_template_follows_the_handbook_calendar():
    """Day 0/1 ticket review, day 7 mid-sprint, day 10 epic updates, day 11 estimates, video."""
    days = {i.due_day for i in SPRINT_TEMPLATE.items}
    assert {0, 1, 7, 10, 11, 13} <= days
    texts = " ".join(i.text for i in SPRINT_TEMPLATE.items).lower()
    for words in ("mid-sprint", "estimat", "video update", "retrospective", "assignee"):
        assert words in texts
    assert all(i.due_day is None or 0 <= i.due_day <= 13 for i in SPRINT_TEMPLATE.items)


# --- TO-8: vacation lists and backups -----------------------------------------------------


def test_TO_8_a_dev_cell_member_gets_the_developer_list():
    """Every member of a dev cell gets the developer list, even with no role."""
    planned = vacation_lists(VACATION, "ada", [], is_dev=True, covers={})
    assert _keys(planned) == [("vacation-developer", "ada", "")]


def test_TO_8_a_business_cell_member_without_roles_gets_no_list():
    """Outside a dev cell and with no role that has a list, there is nothing to make."""
    assert vacation_lists(VACATION, "bea", ["sprint_manager"], is_dev=False, covers={}) == ()


def test_TO_8_the_ceo_gets_the_ceo_list_and_the_covering_person_its_backup_lists():
    """The CEO's own list; both CEO backup lists go to whoever covers the CEO role."""
    planned = vacation_lists(VACATION, "cleo", ["ceo"], is_dev=False, covers={"role:ceo": "tom"})
    assert _keys(planned) == [
        ("vacation-ceo", "cleo", ""),
        ("vacation-ceo-backup-business-development", "tom", "ceo"),
        ("vacation-ceo-backup-main", "tom", "ceo"),
    ]


def test_TO_8_a_backup_list_can_go_to_someone_named_for_that_list():
    """Naming a backup template's key in `covers` sends that list to another person."""
    covers = {"ceo": "tom", "vacation-ceo-backup-business-development": "bill"}
    planned = vacation_lists(VACATION, "cleo", ["ceo"], is_dev=False, covers=covers)
    assert ("vacation-ceo-backup-business-development", "bill", "ceo") in _keys(planned)
    assert ("vacation-ceo-backup-main", "tom", "ceo") in _keys(planned)


def test_TO_8_each_role_brings_its_list_and_backups_for_its_own_cover():
    """A dev-cell CTO who is also business developer: three own lists, backups per role."""
    covers = {
        "role:cto": "cleo",
        "role:business_development_specialist": "mia",
        "role:firefighter:Falcon": "bob",
        "epic:AC-1": "bob",
    }
    planned = vacation_lists(
        VACATION,
        "tom",
        ["cto", "business_development_specialist", "firefighter"],
        is_dev=True,
        covers=covers,
    )
    assert _keys(planned) == [
        ("vacation-business-development", "tom", ""),
        ("vacation-cto", "tom", ""),
        ("vacation-developer", "tom", ""),
        ("vacation-business-development-backup-main", "mia", "business_development_specialist"),
        ("vacation-cto-backup-main", "cleo", "cto"),
    ]


def test_TO_8_nobody_covering_or_covering_oneself_makes_no_backup_list():
    """A role with no cover (or covered by the person away) gets no backup list."""
    alone = vacation_lists(VACATION, "tom", ["cto"], is_dev=False, covers={})
    self_cover = vacation_lists(VACATION, "tom", ["cto"], is_dev=False, covers={"cto": "tom"})
    assert _keys(alone) == _keys(self_cover) == [("vacation-cto", "tom", "")]


def test_TO_8_duty_keys_name_their_role():
    """TO-6 duty keys map to their role; epics name none; plain roles pass through."""
    assert role_of_duty("role:ceo") == "ceo"
    assert role_of_duty("role:firefighter:Falcon") == "firefighter"
    assert role_of_duty("cto") == "cto"
    assert role_of_duty("epic:AC-1") == ""


def test_TO_8_vacation_due_days_count_back_from_the_first_day_away():
    """−1 is the day before leaving, −14 two weeks before; backup items have no due date."""
    first_day = date(2026, 3, 16)
    developer = next(t for t in VACATION if t.key == "vacation-developer")
    due = [i.due_date for i in items_for(developer, first_day)]
    assert min(due) == first_day - timedelta(days=14)
    assert max(due) == first_day - timedelta(days=1)
    backup = next(t for t in VACATION if t.key == "vacation-cto-backup-main")
    assert {i.due_date for i in items_for(backup, first_day)} == {None}


def test_TO_8_the_handbook_defaults_cover_each_role_named_by_the_rule():
    """Developer, CEO, CTO and business development specialist each have a list and the
    three roles a backup list; every role named is an ORG-3 role or 'developer'."""
    own = {t.role for t in VACATION if t.kind is Kind.VACATION and not t.backup_of_role}
    backed = {t.backup_of_role for t in VACATION if t.backup_of_role}
    assert own == {DEVELOPER, "ceo", "cto", "business_development_specialist"}
    assert backed == {"ceo", "cto", "business_development_specialist"}
    for template in DEFAULT_POLICY.templates:
        assert template_problems(template, KNOWN) == [], template.key
    keys = [t.key for t in DEFAULT_POLICY.templates]
    assert len(keys) == len(set(keys))


# --- templates ---------------------------------------------------------------------------


def test_a_malformed_template_reports_every_problem_with_its_field():
    """Key, title, a cell on a non-sprint list, unknown roles and a wild due day, all at once."""
    bad = TemplateInfo(
        key="bad key!",
        title=" ",
        kind=Kind.VACATION,
        role="pilot",
        cell="Falcon",
        items=(ItemInfo("", 999, "astronaut"),),
    )
    fields = [field for field, _ in template_problems(bad, KNOWN)]
    assert fields == [
        "key",
        "title",
        "cell",
        "role",
        "items.0.text",
        "items.0.due_day",
        "items.0.role",
    ]
