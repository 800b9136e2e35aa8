"""The checklist use cases, called directly (`cellops.checklists.api`) against the database.

Sprint 24 of the examples starts on Monday 2 Mar 2026; time off 12 starts
on Monday 16 Mar 2026.
"""

from __future__ import annotations

import importlib
import threading
from datetime import date, timedelta

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied
from django.db import connection

from cellops.checklists import api, models
from cellops.checklists.data import DEFAULT_POLICY, ItemInfo, Kind, Result, TemplateInfo
from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal
from cellops.org import api as org_api
from cellops.org import models as org_models
from cellops.org.data import Actor, CellKind, MemberStatus, Role
from cellops.platform import api as core_api

pytestmark = pytest.mark.django_db

SPRINT_START = date(2026, 3, 2)
FIRST_DAY_AWAY = date(2026, 3, 16)


@pytest.fixture
def seeded(db):
    """The handbook's templates (the migration stores them; a flushed database needs them again)."""
    api.seed_default_templates()


@pytest.fixture
def falcon(make_member, seeded):
    """Falcon: Ada (sprint planning manager), Bob (firefighter), Cyd, and Dan who is a candidate."""
    make_member("ada", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("bob", roles=(Role.FIREFIGHTER,))
    make_member("cyd")
    make_member("dan", status=MemberStatus.CANDIDATE)


def _as(username: str):
    """The actor `username` is today (roles, cell, ORG-2 status)."""
    return org_api.actor_named(username)


def _audits(action: str) -> int:
    return sum(1 for e in core_api.audit_log(limit=10_000) if e.action == action)


def _sprint(members=("ada", "bob", "cyd")):
    return api.ensure_sprint_runs("Falcon", 24, SPRINT_START, list(members))


# --- SP-12 ---------------------------------------------------------------------------------


def test_SP_12_every_active_member_gets_exactly_one_sprint_checklist(falcon):
    """Three active members → three runs of the default template; the candidate gets none."""
    runs = _sprint(("ada", "bob", "cyd", "dan"))
    assert [(r.member, r.template, r.subject) for r in runs] == [
        ("ada", "sprint", "sprint Falcon/24"),
        ("bob", "sprint", "sprint Falcon/24"),
        ("cyd", "sprint", "sprint Falcon/24"),
    ]
    assert models.ChecklistRun.objects.count() == 3
    assert api.runs_of(Actor.system("test"), "dan") == []


def test_SP_12_running_creation_again_creates_nothing_new(falcon):
    """A second call returns the same runs and writes nothing: no run, no item, no audit."""
    first = _sprint()
    counts = (models.ChecklistRun.objects.count(), models.RunItem.objects.count())
    audits = _audits("checklists.create")
    again = _sprint()
    assert [r.id for r in again] == [r.id for r in first]
    assert (models.ChecklistRun.objects.count(), models.RunItem.objects.count()) == counts
    assert _audits("checklists.create") == audits == 3


def test_SP_12_a_member_listed_twice_still_gets_one_checklist(falcon):
    """Duplicates in the member list never make a second run."""
    runs = _sprint(("ada", "ada", "cyd", "ada"))
    assert [r.member for r in runs] == ["ada", "cyd"]
    assert models.ChecklistRun.objects.filter(member__user__username="ada").count() == 1


def test_SP_12_a_run_made_meanwhile_by_someone_else_is_found_not_duplicated(falcon):
    """The race: when another caller made the run first, the unique constraint refuses the
    second insert and the run already there is returned (the sequential case on SQLite)."""
    (ours,) = _sprint(("cyd",))
    runs = _sprint(("ada", "cyd"))
    assert runs[1].id == ours.id
    assert models.ChecklistRun.objects.filter(member__user__username="cyd").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_SP_12_two_concurrent_calls_never_duplicate(falcon):
    """Two threads start the same sprint at once: still one run per member (PostgreSQL)."""
    if connection.vendor != "postgresql":
        pytest.skip("a real race needs PostgreSQL; the sequential case covers SQLite")
    barrier = threading.Barrier(2)
    results: list[list[int]] = []
    errors: list[BaseException] = []

    def start():
        try:
            barrier.wait()
            results.append([r.id for r in _sprint()])
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert results[0] == results[1]
    assert models.ChecklistRun.objects.count() == 3


def test_SP_12_due_dates_come_from_the_templates_due_days(falcon):
    """Each item is due on sprint start + its due day; items without one have no date."""
    (run,) = _sprint(("cyd",))
    due = {i.due_day: i.due_date for i in run.items}
    assert due[0] == date(2026, 3, 2)
    assert due[7] == date(2026, 3, 9)
    assert due[11] == date(2026, 3, 13)
    assert due[None] is None
    assert all(i.done_at is None and i.done_by == "" for i in run.items)


def test_SP_12_role_items_go_only_to_the_members_who_hold_the_role(falcon):
    """Ada (sprint planning manager) gets the estimation item, Bob the firefighter's, Cyd neither."""
    runs = {r.member: r for r in _sprint()}
    roles = {name: sorted(i.role for i in run.items if i.role) for name, run in runs.items()}
    assert roles == {"ada": ["sprint_planning_manager"], "bob": ["firefighter"], "cyd": []}
    assert runs["ada"].total == runs["cyd"].total + 1


def test_SP_12_a_cells_own_sprint_template_is_used_for_that_cell(falcon, make_member):
    """Falcon's own template applies to Falcon; Hawk, without one, gets the default."""
    api.create_template(
        _as("ada"),
        TemplateInfo(
            key="sprint-falcon",
            title="Falcon sprint",
            kind=Kind.SPRINT,
            cell="Falcon",
            items=(ItemInfo("Demo to the client", 12),),
        ),
    )
    make_member("hal", cell="Hawk")
    (falcon_run,) = _sprint(("cyd",))
    (hawk_run,) = api.ensure_sprint_runs("Hawk", 24, SPRINT_START, ["hal"])
    assert (falcon_run.template, [i.text for i in falcon_run.items]) == (
        "sprint-falcon",
        ["Demo to the client"],
    )
    assert falcon_run.items[0].due_date == date(2026, 3, 14)
    assert hawk_run.template == "sprint"


def test_SP_12_a_second_sprint_template_for_a_cell_is_refused(falcon):
    """One sprint template per cell: the second is refused naming the cell."""
    own = TemplateInfo(key="sprint-falcon", title="Falcon", kind=Kind.SPRINT, cell="Falcon")
    api.create_template(_as("ada"), own)
    with pytest.raises(InvalidInput) as refused:
        api.create_template(_as("ada"), TemplateInfo(**{**own.__dict__, "key": "sprint-falcon-2"}))
    assert refused.value.field == "cell"


def test_SP_12_without_any_sprint_template_the_handbook_defaults_come_back(make_member):
    """No template at all: the handbook's default templates are restored and the run is made."""
    make_member("ada")
    models.ChecklistTemplate.objects.all().delete()
    runs = api.ensure_sprint_runs("Falcon", 24, SPRINT_START, ["ada"])
    assert [r.member for r in runs] == ["ada"]
    assert models.ChecklistTemplate.objects.filter(cell__isnull=True, kind="sprint").count() == 1


def test_SP_12_an_unknown_member_is_refused_and_nothing_is_made(falcon):
    """A username nobody has is refused (NotFound naming 'members') before any run is made."""
    with pytest.raises(NotFound) as missing:
        _sprint(("ada", "zed"))
    assert missing.value.field == "members"
    assert models.ChecklistRun.objects.count() == 0


def test_SP_12_each_sprint_gets_its_own_checklist(falcon):
    """The next sprint is another subject: a new run, the previous one kept."""
    _sprint(("cyd",))
    api.ensure_sprint_runs("Falcon", 25, SPRINT_START + timedelta(days=14), ["cyd"])
    assert [r.subject for r in api.runs_of(Actor.system("test"), "cyd")] == [
        "sprint Falcon/24",
        "sprint Falcon/25",
    ]


# --- TO-8 ----------------------------------------------------------------------------------


@pytest.fixture
def leaders(make_member, seeded):
    """Cleo the CEO and Mia the marketing specialist in a business cell; Tom the CTO in Falcon."""
    org_api.create_cell(Actor.system("test"), "Ledger", CellKind.BUSINESS)
    make_member("cleo", cell="Ledger", roles=(Role.CEO,))
    make_member("mia", cell="Ledger", roles=(Role.MARKETING,))
    make_member("tom", cell="Falcon", roles=(Role.CTO,))


def _vacation(member, roles, is_dev, covers, request_id=12):
    return api.ensure_vacation_runs(request_id, member, roles, is_dev, covers, FIRST_DAY_AWAY)


def test_TO_8_a_developer_gets_the_developer_vacation_list(leaders, make_member):
    """A dev-cell member with no role: the developer list, due before the first day away."""
    make_member("ada")
    (run,) = _vacation("ada", [], True, {})
    assert (run.template, run.member, run.subject, run.kind) == (
        "vacation-developer",
        "ada",
        "time off 12",
        Kind.VACATION,
    )
    assert max(i.due_date for i in run.items) == FIRST_DAY_AWAY - timedelta(days=1)
    assert min(i.due_date for i in run.items) == FIRST_DAY_AWAY - timedelta(days=14)


def test_TO_8_the_ceo_gets_her_list_and_the_covering_cto_the_backup_lists(leaders):
    """CEO away, Tom covering: Cleo's own list; Tom both CEO backup lists; nothing for Mia."""
    runs = _vacation("cleo", ["ceo"], False, {"role:ceo": "tom"})
    assert [(r.template, r.member, r.backup_of_role) for r in runs] == [
        ("vacation-ceo", "cleo", ""),
        ("vacation-ceo-backup-business-development", "tom", "ceo"),
        ("vacation-ceo-backup-main", "tom", "ceo"),
    ]
    assert [r.template for r in api.runs_of(Actor.system("test"), "tom")] == [
        "vacation-ceo-backup-business-development",
        "vacation-ceo-backup-main",
    ]
    assert api.runs_of(Actor.system("test"), "mia") == []


def test_TO_8_the_cto_in_a_dev_cell_gets_both_lists_and_the_ceo_covers(leaders):
    """A dev-cell CTO: the CTO and developer lists; the CEO covering gets the CTO backup list."""
    runs = _vacation("tom", ["cto"], True, {"cto": "cleo"}, request_id=13)
    assert [(r.template, r.member) for r in runs] == [
        ("vacation-cto", "tom"),
        ("vacation-developer", "tom"),
        ("vacation-cto-backup-main", "cleo"),
    ]
    assert {r.subject for r in runs} == {"time off 13"}


def test_TO_8_running_creation_again_creates_nothing_new(leaders):
    """Confirming twice (or announcing again) returns the same runs and writes nothing."""
    first = _vacation("cleo", ["ceo"], False, {"role:ceo": "tom"})
    audits = _audits("checklists.create")
    again = _vacation("cleo", ["ceo"], False, {"role:ceo": "tom"})
    assert [r.id for r in again] == [r.id for r in first]
    assert models.ChecklistRun.objects.count() == 3
    assert _audits("checklists.create") == audits == 3


def test_TO_8_an_unknown_covering_member_is_refused(leaders):
    """A cover nobody is called is refused (NotFound naming 'covers'); nothing is made."""
    with pytest.raises(NotFound) as missing:
        _vacation("cleo", ["ceo"], False, {"role:ceo": "ghost"})
    assert missing.value.field == "covers"
    assert models.ChecklistRun.objects.count() == 0


# --- ticking ---------------------------------------------------------------------------------


def test_ticking_records_who_and_when_and_unticking_clears_it(falcon):
    """Done: by whom and when, audited; not done again: both cleared, audited."""
    (run,) = _sprint(("cyd",))
    item = run.items[2]
    ticked = api.tick(_as("cyd"), run.id, item.id, True)
    done = next(i for i in ticked.items if i.id == item.id)
    assert done.done and done.done_by == "cyd" and done.done_at is not None
    assert ticked.done_count == 1
    assert _audits("checklists.tick") == 1

    cleared = next(i for i in api.tick(_as("ada"), run.id, item.id, False).items if i.id == item.id)
    assert (cleared.done_at, cleared.done_by) == (None, "")
    assert _audits("checklists.untick") == 1


def test_ticking_a_done_item_again_keeps_the_first_tick(falcon):
    """A second 'done' changes nothing: same person, same time, no new audit entry."""
    (run,) = _sprint(("cyd",))
    item_id = run.items[0].id
    first = next(i for i in api.tick(_as("cyd"), run.id, item_id, True).items if i.id == item_id)
    second = next(i for i in api.tick(_as("ada"), run.id, item_id, True).items if i.id == item_id)
    assert (second.done_by, second.done_at) == ("cyd", first.done_at)
    assert _audits("checklists.tick") == 1


def test_an_item_of_another_run_or_a_missing_run_is_not_found(falcon):
    """Item ids belong to their run; a missing run is named as such."""
    ada_run, cyd_run = _sprint(("ada", "cyd"))
    with pytest.raises(NotFound) as wrong_item:
        api.tick(_as("cyd"), cyd_run.id, ada_run.items[0].id, True)
    with pytest.raises(NotFound) as wrong_run:
        api.tick(_as("cyd"), 999_999, 1, True)
    assert (wrong_item.value.field, wrong_run.value.field) == ("item_id", "run_id")


def test_runs_of_lists_only_open_runs_unless_asked(falcon):
    """A run with every item done leaves the open list but stays in the full one."""
    (run,) = _sprint(("cyd",))
    for item in run.items:
        api.tick(_as("cyd"), run.id, item.id, True)
    assert api.runs_of(Actor.system("test"), "cyd") == []
    (finished,) = api.runs_of(Actor.system("test"), "cyd", open_only=False)
    assert (finished.id, finished.is_open, finished.done_count) == (run.id, False, run.total)
    assert api.runs_of(Actor.system("test"), "nobody-at-all") == []


# --- templates -------------------------------------------------------------------------------


def test_seeding_is_idempotent(db):
    """Seeding stores the missing defaults once; again, it stores nothing."""
    models.ChecklistTemplate.objects.all().delete()
    assert api.seed_default_templates() == [t.key for t in DEFAULT_POLICY.templates]
    assert api.seed_default_templates() == []
    stored = {t.key: t for t in api.templates()}
    assert set(stored) == {t.key for t in DEFAULT_POLICY.templates}
    assert stored["sprint"].items == DEFAULT_POLICY.templates[0].items
    assert _audits("checklists.template_seed") >= len(DEFAULT_POLICY.templates)


def test_the_data_migration_seeds_a_fresh_database(db):
    """The migration's step stores every default template with its items, once."""
    models.ChecklistTemplate.objects.all().delete()
    migration = importlib.import_module("cellops.checklists.migrations.0002_seed_default_templates")
    migration.seed(django_apps, None)
    migration.seed(django_apps, None)
    assert models.ChecklistTemplate.objects.count() == len(DEFAULT_POLICY.templates)
    assert models.TemplateItem.objects.count() == sum(
        len(t.items) for t in DEFAULT_POLICY.templates
    )
    assert {t.key for t in api.templates()} == {t.key for t in DEFAULT_POLICY.templates}


def test_a_malformed_template_is_refused_naming_the_field(db):
    """An unknown role is refused before anything is stored."""
    with pytest.raises(InvalidInput) as refused:
        api.create_template(
            Actor.system("root"),
            TemplateInfo(key="x", title="X", kind=Kind.ONBOARDING, role="pilot"),
        )
    assert refused.value.field == "role"
    assert not models.ChecklistTemplate.objects.filter(key="x").exists()


# --- who may (issue 8: the use cases authorise through org.policy) --------------------------


def test_a_member_who_left_may_not_tick_their_own_checklist(falcon, make_member):
    """ORG-2: a member whose status is `left` holds no member permission, not even on their run."""
    (run,) = _sprint(("cyd",))
    org_models.Member.objects.filter(user__username="cyd").update(status=MemberStatus.LEFT.value)
    with pytest.raises(PermissionDenied):
        api.tick(_as("cyd"), run.id, run.items[0].id, True)
    assert api.run(run.id).done_count == 0


def test_another_cells_sprint_planning_manager_may_not_tick_or_read_a_checklist(
    falcon, make_member
):
    """Hawk's sprint planning manager is refused Falcon's runs; Falcon's own one may."""
    make_member("hil", cell="Hawk", roles=(Role.SPRINT_PLANNING_MANAGER,))
    (run,) = _sprint(("cyd",))
    with pytest.raises(PermissionDenied):
        api.tick(_as("hil"), run.id, run.items[0].id, True)
    with pytest.raises(PermissionDenied):
        api.run_for(_as("hil"), run.id)
    assert api.run_for(_as("ada"), run.id).id == run.id


def test_a_member_may_not_store_another_cells_or_the_default_templates(falcon):
    """Cyd (no role) may not add Falcon's sprint template nor a default one; nothing is stored."""
    own = TemplateInfo(key="sprint-falcon", title="Falcon", kind=Kind.SPRINT, cell="Falcon")
    with pytest.raises(PermissionDenied):
        api.create_template(_as("cyd"), own)
    other = TemplateInfo(key="welcome-pack", title="Welcome pack", kind=Kind.SPRINT)
    with pytest.raises(PermissionDenied):
        api.create_template(_as("ada"), other)
    assert not models.ChecklistTemplate.objects.filter(key__in=["sprint-falcon", "welcome-pack"])


# --- runs that gate a step (decision 0038) ------------------------------------------------

GATED = TemplateInfo(
    key="gate-demo",
    title="Before merging",
    kind=Kind.PULL_REQUEST,
    items=(ItemInfo("Self-review done", section="Review"), ItemInfo("CI green", section="CI")),
)


@pytest.fixture
def gated(falcon):
    api.create_template(Actor.system("root"), GATED)
    return api.start_run(_as("cyd"), "gate-demo", "pull request 1", "cyd")


def test_a_run_of_any_template_is_made_once_per_owner_and_subject(gated):
    """start_run twice gives the same run, with the template's items and sections."""
    again = api.start_run(_as("cyd"), "gate-demo", "pull request 1", "cyd")
    assert again.id == gated.id
    assert [(i.section, i.text, i.result) for i in again.items] == [
        ("Review", "Self-review done", Result.NONE),
        ("CI", "CI green", Result.NONE),
    ]


def test_an_item_records_pass_fail_or_na_with_a_note_and_a_link(gated):
    """A result marks the item done by who recorded it; clearing it reopens the item."""
    first, second = gated.items
    run = api.record_result(
        _as("cyd"), gated.id, first.id, Result.PASS, "looked twice", "https://ci.example/1"
    )
    item = run.items[0]
    assert (item.result, item.note, item.link, item.done_by) == (
        Result.PASS,
        "looked twice",
        "https://ci.example/1",
        "cyd",
    )
    run = api.record_result(_as("cyd"), gated.id, second.id, Result.NOT_APPLICABLE, "no CI here")
    assert run.counts() == {"pass": 1, "fail": 0, "n/a": 1, "untested": 0}
    run = api.record_result(_as("cyd"), gated.id, second.id, Result.NONE)
    assert (run.items[1].done, run.counts()["untested"]) == (False, 1)


def test_a_fail_or_na_without_a_note_is_refused_naming_the_note(gated):
    """WF-4: a fail says what failed; nothing is stored when it does not."""
    with pytest.raises(InvalidInput) as refused:
        api.record_result(_as("cyd"), gated.id, gated.items[0].id, Result.FAIL, "  ")
    assert refused.value.field == "note"
    assert api.run(gated.id).items[0].result is Result.NONE


def test_someone_else_may_not_record_a_result_on_my_run(gated, make_member):
    """Bob (Falcon, no planning role) may not check Cyd's items; Ada (planning manager) may."""
    with pytest.raises(PermissionDenied):
        api.record_result(_as("bob"), gated.id, gated.items[0].id, Result.PASS)
    assert api.record_result(_as("ada"), gated.id, gated.items[0].id, Result.PASS).done_count == 1


def test_a_gated_step_needs_every_item_checked_and_none_failed(gated):
    """The gate names each unchecked item and each failure, and opens once all pass or n/a."""
    first, second = gated.items
    api.record_result(_as("cyd"), gated.id, first.id, Result.FAIL, "typo in the migration")
    with pytest.raises(RuleRefusal) as refused:
        api.require_complete(gated.id, "WF-2", "merge")
    messages = [v.message for v in refused.value.violations]
    assert [v.rule for v in refused.value.violations] == ["WF-2", "WF-2"]
    assert "failed: typo in the migration" in messages[0] and "not checked" in messages[1]
    api.record_result(_as("cyd"), gated.id, first.id, Result.PASS)
    api.record_result(_as("cyd"), gated.id, second.id, Result.NOT_APPLICABLE, "docs only")
    assert api.require_complete(gated.id, "WF-2", "merge").id == gated.id
    assert api.gate_gaps(gated.id) == []
