"""Journeys across the doors: the demo (site/demo) leaves, in each dev cell's completed
sprint, one spillover reason given and one missing (SP-10), so both states show.
"""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from cellops.org import api as org_api
from cellops.sprints import api

pytestmark = pytest.mark.django_db


def test_SP_10_the_demo_has_a_spillover_reason_given_and_one_missing():
    call_command("demo", stdout=StringIO())
    previous = org_api.sprint_calendar().for_date(date.today()).number - 1
    for cell in ("Falcon", "Otter", "Lynx"):
        spilled = [m for m in api.completion(cell, previous).members if m.spillover]
        assert [bool(m.reason) for m in spilled][:2] == [True, False], cell
