"""Organisation use cases against the database."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from cellops.kernel.violations import InvalidInput, NotFound
from cellops.org import api
from cellops.org.data import Actor, EpicStatus, MemberStatus, Role
from cellops.org.policy import Permission
from cellops.org.tests.factories import AccountFactory, ClientFactory, EpicFactory, MemberFactory
from cellops.platform import api as core_api

pytestmark = pytest.mark.django_db


def test_ORG_1_cell_names_are_unique(make_member):
    """ORG-1: a second cell with the same name is refused, naming `name`."""
    make_member("ada", cell="Bebop")
    with pytest.raises(InvalidInput) as refused:
        api.create_cell(Actor.system("test"), "Bebop", "dev")
    assert refused.value.field == "name"


def test_ORG_2_active_members_are_counted_per_cell(make_member):
    """ORG-2: the cell counts newcomers and core members, not leavers or candidates."""
    make_member("a", cell="Bebop")
    make_member("b", cell="Bebop", status=MemberStatus.NEWCOMER)
    make_member("c", cell="Bebop", status=MemberStatus.LEFT)
    make_member("d", cell="Bebop", status=MemberStatus.CANDIDATE)
    assert api.get_cell("Bebop").active_members == 2


def test_ORG_3_role_holders_follow_the_date_range(make_member):
    """ORG-3: a role is held only between its start and end dates."""
    make_member("ada", cell="Bebop")
    api.assign_role(
        Actor.system("test"),
        member="ada",
        role=Role.SPRINT_MANAGER,
        cell="Bebop",
        start=date(2026, 1, 5),
        end=date(2026, 2, 1),
    )
    assert [
        r.member for r in api.role_holders(Role.SPRINT_MANAGER, date(2026, 1, 20), cell="Bebop")
    ] == ["ada"]
    assert api.role_holders(Role.SPRINT_MANAGER, date(2026, 2, 2), cell="Bebop") == []


def test_ORG_3_a_mentor_is_found_for_their_newcomer(make_member):
    """ORG-3: the mentor role names the newcomer it is for."""
    make_member("ada")
    make_member("newbie", status=MemberStatus.NEWCOMER)
    api.assign_role(
        Actor.system("test"),
        member="ada",
        role=Role.MENTOR,
        mentee="newbie",
        start=date(2026, 1, 5),
    )
    assert api.mentor_of("newbie", date(2026, 3, 1)) == "ada"
    assert api.mentor_of("ada", date(2026, 3, 1)) is None


def test_roles_held_today_decide_permissions(make_member, django_user_model):
    """A role that ended no longer grants its permission."""
    make_member("ada", roles=(Role.CEO,))
    user = django_user_model.objects.get(username="ada")
    assert api.can(user, Permission.EDIT_ORGANISATION)
    assignment = api.roles_of("ada")[0]
    api.end_role(Actor.system("test"), assignment.id, date(2021, 1, 1))
    assert not api.can(user, Permission.EDIT_ORGANISATION)
    with pytest.raises(PermissionDenied):
        api.require(user, Permission.EDIT_ORGANISATION)


def test_updating_a_member_audits_only_what_changed(make_member):
    """An update records the before and after of each changed field, nothing else."""
    make_member("ada", cell="Bebop")
    make_member("bob", cell="Swordfish")
    api.update_member(
        Actor.system("boss"), "ada", cell="Swordfish", weekly_hours=Decimal(32), timezone="UTC"
    )
    entry = core_api.audit_log(object_type="member")[0]
    assert entry.action == "member.update" and entry.actor == "boss"
    assert entry.changes == {"cell": ["Bebop", "Swordfish"], "weekly_hours": ["40", "32"]}
    assert api.get_member("ada").cell == "Swordfish"


def test_an_update_with_a_bad_field_changes_nothing(make_member):
    """A refused update leaves the member as they were."""
    make_member("ada", cell="Bebop")
    with pytest.raises(InvalidInput):
        api.update_member(Actor.system("boss"), "ada", weekly_hours=Decimal(20), working_days=(9,))
    assert api.get_member("ada").weekly_hours == Decimal(40)


def test_ORG_4_an_epic_needs_a_known_account(make_member):
    """ORG-4: an epic belongs to an existing account; an unknown one names `account`."""
    ada = MemberFactory(username="ada")
    with pytest.raises(NotFound) as refused:
        EpicFactory(account="Nope", owner=ada, reviewer=ada)
    assert refused.value.field == "account"


def test_ORG_4_a_members_active_epics_are_the_accepted_or_in_progress_ones_they_own_or_review():
    """ORG-4: `active_epics_of` lists the member's epics in Accepted or In progress, budgets hidden."""
    ada = MemberFactory(username="ada")
    for status in EpicStatus:
        EpicFactory(key=f"OWN-{status.name}", owner=ada, status=status, budget_hours=Decimal(9))
    EpicFactory(key="REVIEWS", reviewer=ada, status=EpicStatus.ACCEPTED)
    EpicFactory(key="OTHERS", status=EpicStatus.IN_PROGRESS)
    active = api.active_epics_of("ada")
    assert sorted(e.key for e in active) == ["OWN-ACCEPTED", "OWN-IN_PROGRESS", "REVIEWS"]
    assert {e.budget_hours for e in active} == {None}


def test_budgets_are_blanked_unless_asked_for(make_member):
    """Privacy: list functions hide money unless the caller may see it."""
    AccountFactory(client=ClientFactory(), monthly_budget_hours=Decimal(80))
    assert api.list_accounts(show_money=False)[0].monthly_budget_hours is None
    assert api.list_accounts(show_money=True)[0].monthly_budget_hours == Decimal(80)


# --- issue 8: the use cases decide who may change the organisation ---------------


def test_issue_8_a_plain_member_changes_nothing_in_the_organisation_through_the_api(make_member):
    """EDIT_ORGANISATION is checked by the use cases themselves (the doors used to be the
    only check): a developer calling the api directly is refused, and nothing is made."""
    make_member("ada", cell="Falcon")
    ada = api.actor_named("ada")
    calls = {
        "create_cell": lambda: api.create_cell(ada, "Bebop", "dev"),
        "update_cell": lambda: api.update_cell(ada, "Falcon", "business"),
        "create_member": lambda: api.create_member(
            ada, username="zed", first_name="Zed", last_name="", email="z@x.io", cell="Falcon"
        ),
        "update_member": lambda: api.update_member(ada, "ada", weekly_hours=Decimal(10)),
        "assign_role": lambda: api.assign_role(
            ada, member="ada", role=Role.CEO, start=date(2026, 1, 5)
        ),
        "end_role": lambda: api.end_role(ada, 1, date(2026, 1, 5)),
        "create_client": lambda: api.create_client(ada, "Acme"),
        "create_account": lambda: api.create_account(ada, "Acme"),
        "create_epic": lambda: api.create_epic(
            ada, key="EP-1", title="t", account="Acme", owner="ada", reviewer="ada"
        ),
    }
    for name, call in calls.items():
        with pytest.raises(PermissionDenied, match="these roles may do this: CEO"):
            call()
            pytest.fail(f"{name} let a plain member through")
    assert [c.name for c in api.list_cells()] == ["Falcon"]
    assert api.get_cell("Falcon").kind.value == "dev"
    assert api.get_member("ada").weekly_hours == Decimal(40)
    assert api.roles_of("ada") == []
    assert api.list_clients(True) == [] and api.list_accounts(True) == []


def test_ORG_2_a_ceo_who_left_changes_nothing_in_the_organisation(make_member):
    """ORG-2: a CEO whose membership ended (status `left`, the role never ended) holds
    no permission: the use case refuses them, naming ORG-2."""
    make_member("cleo", cell="Board", roles=(Role.CEO,))
    api.create_cell(api.actor_named("cleo"), "Bebop", "dev")  # while active: allowed
    api.update_member(Actor.system("test"), "cleo", status=MemberStatus.LEFT)
    with pytest.raises(PermissionDenied, match="ORG-2"):
        api.create_cell(api.actor_named("cleo"), "Lynx", "dev")
    with pytest.raises(PermissionDenied, match="ORG-2"):
        api.update_member(api.actor_named("cleo"), "cleo", status=MemberStatus.CORE)
    assert sorted(c.name for c in api.list_cells()) == ["Bebop", "Board"]
    assert api.get_member("cleo").status is MemberStatus.LEFT


def test_issue_8_the_audit_log_records_the_actors_name(make_member):
    """The use case takes the Actor; the audit log (platform, below org) keeps its name."""
    make_member("cleo", cell="Board", roles=(Role.CEO,))
    api.create_client(api.actor_named("cleo"), "Acme")
    entry = core_api.audit_log(limit=1, object_type="client")[0]
    assert (entry.actor, entry.action, entry.object_id) == ("cleo", "client.create", "Acme")
