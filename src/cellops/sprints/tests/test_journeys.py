"""Journeys across the doors: the demo (site/demo) leaves one spillover in the agency
(issue #14 item 10), Falcon's, with its reason given (SP-10).
"""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from cellops.org import api as org_api
from cellops.sprints import api

pytestmark = pytest.mark.django_db


def test_SP_10_the_demo_has_one_spillover_with_its_reason_given():
    call_command("demo", stdout=StringIO())
    previous = org_api.sprint_calendar().for_date(date.today()).number - 1
    spilled = {
        cell: [m for m in api.completion(cell, previous).members if m.spillover]
        for cell in ("Falcon", "Otter", "Lynx")
    }
    assert [len(members) for members in spilled.values()] == [1, 0, 0]
    assert spilled["Falcon"][0].reason.startswith("The review waited on the client's staging")
