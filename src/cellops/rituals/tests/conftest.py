"""What the rituals' tests share: Falcon's people and the current sprint."""

from __future__ import annotations

from datetime import date

import pytest

from cellops.org import api as org_api
from cellops.org.data import Actor, Role


@pytest.fixture
def falcon(db, make_member):
    """Falcon (dev): Sam the sprint planning manager, Ada, Bob and Cyd; Otter's Otto; an account."""
    make_member("sam", first_name="Sam", last_name="Planner", roles=(Role.SPRINT_PLANNING_MANAGER,))
    make_member("ada", first_name="Ada", last_name="Lovelace")
    make_member("bob", first_name="Bob", last_name="Marley")
    make_member("cyd", first_name="Cyd", last_name="Charisse")
    make_member("otto", cell="Otter", first_name="Otto", last_name="Lilienthal")
    org_api.create_account(Actor.system("test"), "Hedera LMS")
    return org_api.sprint_calendar().for_date(date.today())
