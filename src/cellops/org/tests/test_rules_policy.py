"""The permission policy as a matrix: every permission against every role."""

import pytest

from cellops.org.data import Actor, Role
from cellops.org.policy import (
    POLICY,
    Permission,
    allows,
    allows_in_cell,
    may_decide_trial_review,
    sees_round_candidates,
    sees_time_off_kind,
    sees_trial_review,
)

BUDGET_ROLES = {
    Role.CEO,
    Role.CTO,
    Role.BUSINESS_DEVELOPMENT,
    Role.ADMIN_SPECIALIST,
    Role.SPRINT_PLANNING_MANAGER,
    Role.EPIC_PLANNING_MANAGER,
}
EXPECTED: dict[Permission, set[Role] | str] = {
    Permission.VIEW_ORGANISATION: "all",
    Permission.EDIT_ORGANISATION: {Role.CEO},
    Permission.VIEW_CLIENT_BUDGETS: BUDGET_ROLES,
    Permission.VIEW_TRIAL: "all",
    Permission.DECIDE_TRIAL_REVIEWS: {Role.CEO},
    Permission.SCORE_LEADS: {Role.BUSINESS_DEVELOPMENT, Role.CEO},
    Permission.VIEW_AUDIT_LOG: set(),
    Permission.VIEW_CANDIDATES: {Role.RECRUITMENT_MANAGER, Role.CEO},
    Permission.OPEN_RECRUITMENT_ROUNDS: {Role.CEO},
    Permission.VIEW_TIME_OFF: "all",
    Permission.BOOK_TIME_OFF_FOR_OTHERS: {Role.CEO, Role.SPRINT_PLANNING_MANAGER},
    Permission.VIEW_TIME_OFF_KIND: {Role.CEO, Role.SPRINT_PLANNING_MANAGER},
    Permission.WORK_ON_TICKETS: "all",
    Permission.MANAGE_SPRINTS: {Role.SPRINT_PLANNING_MANAGER},
    Permission.RUN_RITUALS: {Role.SPRINT_PLANNING_MANAGER, Role.SPRINT_MANAGER},
    # SL-6 (issue #11): invoices for those who sell and bill, not for the planners
    Permission.VIEW_INVOICES: {
        Role.ADMIN_SPECIALIST,
        Role.CEO,
        Role.CTO,
        Role.BUSINESS_DEVELOPMENT,
    },
    Permission.SEND_INVOICES: {Role.ADMIN_SPECIALIST},
    Permission.PUBLISH_BLOG_POSTS: {Role.MARKETING},  # WF-1: only the marketing specialist
}


def _actor(*roles: Role, admin: bool = False) -> Actor:
    return Actor(username="someone", is_admin=admin, roles=frozenset(roles))


def test_the_matrix_covers_every_permission():
    """Each permission of the policy has an expected row in this matrix."""
    assert set(EXPECTED) == set(POLICY) == set(Permission)


@pytest.mark.parametrize("permission", list(Permission))
@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_exactly_the_permissions_of_the_matrix(permission, role):
    """A member holding only `role` is allowed `permission` exactly when the matrix says so."""
    expected = EXPECTED[permission] == "all" or role in EXPECTED[permission]
    assert allows(_actor(role), permission) is expected


@pytest.mark.parametrize("permission", list(Permission))
def test_administrators_may_do_everything_and_roleless_members_only_the_open_things(permission):
    """API.md: an administrator may call every endpoint; a member with no role only the open ones."""
    assert allows(_actor(admin=True), permission)
    assert allows(_actor(), permission) is (EXPECTED[permission] == "all")


def test_RC_7_candidate_data_is_for_recruitment_managers_and_the_ceo_only():
    """RC-7: nobody else, not even the CTO, sees candidate data."""
    allowed = {role for role in Role if allows(_actor(role), Permission.VIEW_CANDIDATES)}
    assert allowed == {Role.RECRUITMENT_MANAGER, Role.CEO}


def _scoped(role: Role, cell: str | None) -> Actor:
    return Actor(
        username="someone",
        is_admin=False,
        roles=frozenset({role}),
        role_cells=frozenset({(role, cell)}),
    )


def test_ORG_3_a_role_given_for_a_cell_grants_its_permission_in_that_cell_only():
    """A sprint planning manager of Falcon plans Falcon's sprints, not Heron's."""
    falcon_spm = _scoped(Role.SPRINT_PLANNING_MANAGER, "Falcon")
    assert allows_in_cell(falcon_spm, Permission.MANAGE_SPRINTS, "Falcon")
    assert not allows_in_cell(falcon_spm, Permission.MANAGE_SPRINTS, "Heron")


def test_ORG_3_a_role_given_for_the_whole_organisation_grants_it_in_every_cell():
    """A role assigned without a cell, and administrators, act in any cell; open permissions stay open."""
    org_spm = _scoped(Role.SPRINT_PLANNING_MANAGER, None)
    assert allows_in_cell(org_spm, Permission.MANAGE_SPRINTS, "Heron")
    assert allows_in_cell(_actor(admin=True), Permission.MANAGE_SPRINTS, "Heron")
    assert allows_in_cell(_actor(), Permission.WORK_ON_TICKETS, "Heron")
    assert not allows_in_cell(_scoped(Role.MENTOR, None), Permission.MANAGE_SPRINTS, "Heron")


def test_finding_8_the_kind_of_time_off_is_for_the_member_their_cells_manager_and_the_ceo():
    """Decision 0016: sick or off is seen by the member, Falcon's sprint planning manager,
    the CEO and administrators; Heron's manager, a sprint manager and colleagues see "off"."""
    assert sees_time_off_kind(_scoped(Role.MENTOR, None), "someone", "Falcon")  # oneself
    assert sees_time_off_kind(_scoped(Role.SPRINT_PLANNING_MANAGER, "Falcon"), "olga", "Falcon")
    assert sees_time_off_kind(_scoped(Role.CEO, None), "olga", "Falcon")
    assert sees_time_off_kind(_actor(admin=True), "olga", "Falcon")
    assert not sees_time_off_kind(_scoped(Role.SPRINT_PLANNING_MANAGER, "Heron"), "olga", "Falcon")
    assert not sees_time_off_kind(_scoped(Role.SPRINT_MANAGER, "Falcon"), "olga", "Falcon")
    assert not sees_time_off_kind(_actor(), "olga", "Falcon")


def test_ORG_2_an_inactive_actor_holds_no_permission_but_the_admin_flag_wins():
    from cellops.org.data import Actor, Role
    from cellops.org.policy import Permission, allows, allows_in_cell

    gone = Actor(
        "gone", False, frozenset({Role.CEO}), "Falcon", frozenset({(Role.CEO, None)}), active=False
    )
    assert not allows(gone, Permission.VIEW_ORGANISATION)
    assert not allows_in_cell(gone, Permission.MANAGE_SPRINTS, "Falcon")
    admin = Actor("root", True, frozenset(), active=False)
    assert allows(admin, Permission.EDIT_ORGANISATION)
    assert allows(Actor.system(), Permission.MANAGE_SPRINTS)


def _someone(name, cell="Falcon", roles=(), active=True, admin=False):
    from cellops.org.data import Actor

    return Actor(
        name,
        admin,
        frozenset(r for r, _ in roles),
        cell,
        frozenset(roles),
        active=active,
    )


def test_SP_3_only_the_cells_active_members_vote():
    from cellops.org.policy import may_vote_in_estimation

    assert may_vote_in_estimation(_someone("ada"), "Falcon")
    assert not may_vote_in_estimation(_someone("otto", cell="Otter"), "Falcon")
    assert not may_vote_in_estimation(_someone("gone", active=False), "Falcon")
    assert not may_vote_in_estimation(_someone("root", cell=None, admin=True), "Falcon")


def test_SP_13_the_retrospective_is_for_the_cells_active_members_and_managers():
    from cellops.org.data import Role
    from cellops.org.policy import sees_cell

    assert sees_cell(_someone("ada"), "Falcon")
    assert not sees_cell(_someone("gone", active=False), "Falcon")
    assert sees_cell(
        _someone("tom", cell="Otter", roles=((Role.SPRINT_MANAGER, "Falcon"),)), "Falcon"
    )
    assert not sees_cell(
        _someone("tom", cell="Otter", roles=((Role.SPRINT_MANAGER, "Otter"),)), "Falcon"
    )


def test_ticket_edit_scope_by_decision_0022():
    from cellops.org.data import Role
    from cellops.org.policy import ticket_edit_refusal

    everything = frozenset({"status", "story_points"})
    people = frozenset({"rev"})
    assert ticket_edit_refusal(_someone("ada"), "Falcon", people, False, everything) is None
    assert "Falcon" in ticket_edit_refusal(
        _someone("otto", cell="Otter"), "Falcon", people, False, frozenset({"status"})
    )
    assert (
        ticket_edit_refusal(
            _someone("rev", cell="Otter"), "Falcon", people, True, frozenset({"status"})
        )
        is None
    )
    assert "SP-5" in ticket_edit_refusal(_someone("ada"), "Falcon", people, True, everything)
    spm = _someone("sam", roles=((Role.SPRINT_PLANNING_MANAGER, "Falcon"),))
    assert ticket_edit_refusal(spm, "Falcon", people, True, everything) is None
    other_spm = _someone("olga", cell="Heron", roles=((Role.SPRINT_PLANNING_MANAGER, "Heron"),))
    assert (
        ticket_edit_refusal(other_spm, "Falcon", people, False, frozenset({"status"})) is not None
    )
    assert "ORG-2" in ticket_edit_refusal(
        _someone("gone", active=False), "Falcon", people, False, everything
    )


def _who(name: str, *held: tuple[Role, str | None], active: bool = True) -> Actor:
    return Actor(
        username=name,
        is_admin=False,
        roles=frozenset(r for r, _ in held),
        role_cells=frozenset(held),
        active=active,
    )


def test_TR_3_reviews_are_read_by_reviewers_mentor_newcomer_cell_managers_and_the_ceo():
    seats = frozenset({"amy"})
    see = lambda actor: sees_trial_review(actor, "newbie", "Falcon", seats, "mia")  # noqa: E731
    assert see(_who("amy")) and see(_who("mia")) and see(_who("newbie"))
    assert see(_who("sm", (Role.SPRINT_MANAGER, "Falcon")))
    assert see(_who("boss", (Role.CEO, None)))
    assert not see(_who("sm", (Role.SPRINT_MANAGER, "Otter")))
    assert not see(_who("bob"))
    assert not see(_who("amy", active=False))


def test_TR_2_TR_3_who_records_an_outcome():
    seats = frozenset({"amy", "bob"})
    assert may_decide_trial_review(_who("mia"), True, seats, "mia")
    assert not may_decide_trial_review(_who("amy"), True, seats, "mia")
    assert not may_decide_trial_review(_who("amy"), False, seats, "mia")
    manager = _who("bob", (Role.SPRINT_MANAGER, "Falcon"))
    assert may_decide_trial_review(manager, False, seats, "mia")
    outsider = _who("zed", (Role.SPRINT_MANAGER, "Falcon"))
    assert not may_decide_trial_review(outsider, False, seats, "mia")
    assert may_decide_trial_review(_who("boss", (Role.CEO, None)), False, seats, "mia")


def test_RC_7_a_rounds_candidates_are_for_its_recruitment_managers_and_the_ceo():
    cells = frozenset({"Falcon"})
    assert sees_round_candidates(_who("rita", (Role.RECRUITMENT_MANAGER, None)), cells)
    assert sees_round_candidates(_who("boss", (Role.CEO, None)), cells)
    assert not sees_round_candidates(_who("cto", (Role.CTO, None)), cells)
    assert not sees_round_candidates(
        _who("rita", (Role.RECRUITMENT_MANAGER, None), active=False), cells
    )
