"""The people of the workflow tests: Falcon's Ada (author) and Bob (reviewer), Gab the
marketing specialist, Cleo the CEO, Tom the CTO, Mia a sprint planning manager; the blog
epic on the Marketing account."""

from __future__ import annotations

import pytest

from cellops.org import api as org_api
from cellops.org.data import Actor, EpicStatus, Role


@pytest.fixture
def people(make_member):
    make_member("ada")
    make_member("bob")
    make_member("gab", cell="Board", roles=(Role.MARKETING,))
    make_member("cleo", cell="Board", roles=(Role.CEO,))
    make_member("tom", cell="Board", roles=(Role.CTO,))
    make_member("mia", roles=(Role.SPRINT_PLANNING_MANAGER,))
    org_api.create_account(Actor.system("test"), "Marketing")
    org_api.create_epic(
        Actor.system("test"),
        key="OC-5152",
        title="Blog",
        account="Marketing",
        owner="gab",
        reviewer="cleo",
        status=EpicStatus.IN_PROGRESS,
    )


@pytest.fixture
def as_():
    """The actor a username is today."""
    return org_api.actor_named


@pytest.fixture
def ada_ticket(people):
    """A Falcon ticket Ada works on, for her pull requests (WF-2)."""
    from cellops.sprints import api as sprints_api

    return sprints_api.create_ticket(
        org_api.actor_named("ada"),
        title="Fix the login",
        cell="Falcon",
        account="Marketing",
        assignee="ada",
    )
