"""The capacity reads its cell's team in one query (`org_api.active_team_by_id`, decision
0069); a cell with nobody active in it still has its own calendar, and no cell is not found."""

from __future__ import annotations

import pytest

from cellops.kernel import clock
from cellops.kernel.violations import NotFound
from cellops.org import api as org_api
from cellops.org.data import Actor, CellKind
from cellops.sprints import api

pytestmark = pytest.mark.django_db

SETUP = Actor.system("test")


def test_SP_6_a_cell_with_no_active_member_has_an_empty_capacity_on_its_own_calendar():
    org_api.create_cell(SETUP, "Compass", CellKind.BUSINESS)
    team = org_api.active_team_by_id("Compass")
    assert (team.kind, team.members, team.epics_in_progress) == (CellKind.BUSINESS, {}, {})
    # today's sprint on the one-week calendar of business cells (SP-1)
    number = org_api.sprint_calendar(kind=CellKind.BUSINESS).for_date(clock.today()).number
    assert api.capacity("Compass", number) == []


def test_SP_6_the_capacity_of_no_cell_is_not_found_on_the_cell():
    with pytest.raises(NotFound) as refused:
        api.capacity("Nowhere", 1)
    assert refused.value.field == "cell"
