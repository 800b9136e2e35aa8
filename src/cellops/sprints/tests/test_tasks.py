"""Background work: the estimation closes itself at the cut-off through a queued task (SP-3, SP-12)."""

from __future__ import annotations

from datetime import date

import pytest
from django_tasks_db.models import DBTaskResult

from cellops.checklists import api as checklists_api
from cellops.org import api as org_api
from cellops.sprints import api, tasks

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def future(make_member):
    for name in ("ada", "bob"):
        make_member(name, cell="Falcon")
    org_api.create_account("test", "Hedera LMS")
    number = org_api.sprint_calendar().for_date(date.today()).number + 2
    api.create_ticket(
        "test", key="F-1", title="t", cell="Falcon", account="Hedera LMS", sprint=number
    )
    return number


def test_SP_3_opening_estimation_queues_its_close_for_the_cut_off(future):
    """SP-3: the close is queued to run at Friday EOD of the sprint before, not earlier."""
    opened = api.open_estimation("spm", "Falcon", future)
    queued = DBTaskResult.objects.get()
    assert queued.task_path.endswith("sprints.tasks.close_estimation")
    assert queued.run_after == opened.closes_at
    assert queued.args_kwargs["args"] == ["Falcon", future]


def test_SP_3_the_close_task_is_idempotent(future):
    """Running the close task twice closes once; the result stays."""
    api.open_estimation("spm", "Falcon", future)
    api.vote("ada", "Falcon", future, "F-1", "5")
    assert tasks.close_estimation.call("Falcon", future) == "closed"
    assert tasks.close_estimation.call("Falcon", future) == "closed"
    assert api.get_ticket("F-1").story_points == 5


def test_SP_12_the_checklist_task_never_duplicates(future):
    """SP-12: a doubled checklist task makes one run per member."""
    assert tasks.make_sprint_checklists.call("Falcon", future) == 2
    assert tasks.make_sprint_checklists.call("Falcon", future) == 2
    assert [len(checklists_api.runs_of(m)) for m in ("ada", "bob")] == [1, 1]
