"""billing.api use cases: what `log_work` hands back (issue #8: plain data across `api`)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from decimal import Decimal

import pytest

from cellops.billing import api
from cellops.billing.data import Worklog
from cellops.org import api as org_api
from cellops.sprints import api as sprints_api

pytestmark = pytest.mark.django_db


def test_log_work_answers_a_frozen_worklog_and_the_json_door_renders_it_as_before(
    make_member, api_client_for
):
    """log_work returns a frozen `Worklog` (it was a dict); POST /worklogs answers the same body."""
    make_member("ada")
    org_api.create_account("test", "Hedera LMS")
    key = sprints_api.create_ticket(
        org_api.actor_named("ada"), title="One", cell="Falcon", account="Hedera LMS"
    ).key
    logged = api.log_work(
        "ada", ticket=key, member="ada", day=date(2026, 3, 2), hours=Decimal("1.5"), note="n"
    )
    assert isinstance(logged, Worklog)
    assert dataclasses.asdict(logged) == {
        "id": logged.id,
        "ticket": key,
        "member": "ada",
        "date": date(2026, 3, 2),
        "hours": Decimal("1.5"),
        "note": "n",
    }
    with pytest.raises(dataclasses.FrozenInstanceError):
        logged.hours = Decimal(3)  # type: ignore[misc]
    assert logged["hours"] == Decimal("1.5")  # by key, until sprints' tests read attributes
    with pytest.raises(KeyError):
        logged["nope"]
    answer = api_client_for("ada").post(
        "/api/v1/worklogs",
        json.dumps({"ticket": key, "member": "ada", "date": "2026-03-03", "hours": 2.25}),
        content_type="application/json",
    )
    assert answer.status_code == 201
    assert answer.json() == {
        "id": logged.id + 1,
        "ticket": key,
        "member": "ada",
        "date": "2026-03-03",
        "hours": 2.25,
        "note": "",
    }
