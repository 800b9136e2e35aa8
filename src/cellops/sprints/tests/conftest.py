"""Fixtures and helpers the sprints tests share (issue #8: one copy, not one per file)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cellops.checklists import api as checklists_api
from cellops.org import api as org_api
from cellops.org.data import Actor, Role
from cellops.sprints import api
from cellops.time_off import api as time_off_api


@pytest.fixture
def as_user(client, django_user_model):
    def login(username: str):
        client.force_login(django_user_model.objects.get(username=username))
        return client

    return login


@pytest.fixture
def spilled(make_member):
    """Falcon's sprint completed: Bob's ticket spilled over, Ada's was done (clean)."""
    make_member("sam", first_name="Sam", last_name="Planner", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("ada", first_name="Ada", last_name="Lovelace")
    make_member("bob", first_name="Bob", last_name="Marley")
    make_member("hal", cell="Heron", roles=(Role.SPRINT_PLANNING_MANAGER,))
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    number = org_api.sprint_calendar().for_date(date.today()).number + 3

    def ticket(assignee: str, reviewer: str) -> str:
        return api.create_ticket(
            org_api.actor_named("sam"),
            title="A ticket",
            cell="Falcon",
            account="Hedera LMS",
            sprint=number,
            story_points=3,
            assignee=assignee,
            reviewer=reviewer,
            remaining_hours=Decimal(4),
        ).key

    done, open_one, open_two = ticket("ada", "bob"), ticket("bob", "ada"), ticket("bob", "ada")
    api.start(org_api.actor_named("sam"), "Falcon", number, override=True, confirm=True)
    api.update_ticket(org_api.actor_named("ada"), done, {"status": "Done"})
    api.complete(org_api.actor_named("sam"), "Falcon", number, confirm=True)
    return {"number": number, "keys": (open_one, open_two)}


def spillover_line(number: int, member: str):
    return next(m for m in api.completion("Falcon", number).members if m.member == member)


def home_needs(username: str, django_user_model, area: str | None = None):
    user = django_user_model.objects.get(username=username)
    needs = [
        *api.needs_of(org_api.actor_for(user, date.today()), date.today()),
        *checklists_api.needs_of(org_api.actor_for(user, date.today()), date.today()),
        *time_off_api.needs_of(org_api.actor_for(user, date.today()), date.today()),
    ]
    return [n for n in needs if area is None or n.area == area]


#: The helpers, for `from cellops.sprints.tests.conftest import …`.
__all__ = ["home_needs", "spillover_line"]
