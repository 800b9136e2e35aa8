"""SP-12 and TO-8 end to end: starting a sprint and confirming time off make their checklists."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from cellops.checklists import api as checklists_api
from cellops.org import api as org_api
from cellops.org.data import Actor, CellKind, Role
from cellops.sprints import api as sprints_api
from cellops.time_off import api as time_off_api
from cellops.time_off.data import CoverageEntry, Kind

pytestmark = pytest.mark.django_db
LONG_AGO = datetime(2026, 1, 5, 9, tzinfo=UTC)


def test_SP_12_starting_a_sprint_gives_every_active_member_one_sprint_checklist(make_member):
    """SP-12: one run per active member at start; a second creation adds nothing."""
    for name in ("ada", "bob", "cyd"):
        make_member(name, cell="Falcon")
    number = org_api.sprint_calendar().for_date(date.today()).number + 2
    sprints_api.start(Actor.system("test"), "Falcon", number, override=True, confirm=True)
    runs = {m: checklists_api.runs_of(Actor.system("test"), m) for m in ("ada", "bob", "cyd")}
    assert all(len(r) == 1 and r[0].subject == f"sprint Falcon/{number}" for r in runs.values())
    again = checklists_api.ensure_sprint_runs(
        "Falcon", number, sprints_api.sprint_dates("Falcon", number).start, ["ada", "bob", "cyd"]
    )
    assert len(again) == 3 and all(
        len(checklists_api.runs_of(Actor.system("test"), m)) == 1 for m in runs
    )


def test_TO_8_confirming_time_off_makes_the_role_lists_and_the_backups_lists(make_member):
    """TO-8: the CEO (in a business cell) gets the CEO vacation list; whoever covers gets the backup lists."""
    make_member("boss", cell="Compass", roles=(Role.CEO,))
    make_member("deputy", cell="Compass")
    org_api.update_cell(Actor.system("test"), "Compass", CellKind.BUSINESS)
    monday = date(2026, 3, 2)
    booked = time_off_api.book(
        Actor.system("boss"),
        member="boss",
        kind=Kind.OFF,
        start=monday,
        end=monday + timedelta(days=4),
        requested_at=LONG_AGO,
    )
    duties = time_off_api.duties_of("boss", monday, monday + timedelta(days=4))
    time_off_api.announce(
        Actor.system("boss"), booked.id, [CoverageEntry(d.key, "deputy") for d in duties]
    )
    boss_runs = checklists_api.runs_of(Actor.system("test"), "boss")
    deputy_runs = checklists_api.runs_of(Actor.system("test"), "deputy")
    assert [r.subject for r in boss_runs] == [f"time off {booked.id}"]
    assert "ceo" in boss_runs[0].template and not boss_runs[0].backup_of_role
    assert deputy_runs and {r.backup_of_role for r in deputy_runs} == {"ceo"}
