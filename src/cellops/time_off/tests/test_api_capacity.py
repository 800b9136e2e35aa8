"""The seam sprint capacity (SP-6) reads: hours per working day after time off."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from cellops.org.data import Actor
from cellops.time_off import api
from cellops.time_off.data import Kind

pytestmark = pytest.mark.django_db

LONG_AGO = datetime(2026, 1, 5, 9, tzinfo=UTC)


def test_SP_6_pending_and_confirmed_time_off_count_and_cancelled_does_not(make_member):
    """SP-6: a pending off day removes its hours; once cancelled, the day is available again."""
    make_member("ada", cell="Falcon", weekly_hours=Decimal(30), working_days=(0, 1, 2))
    monday = date(2026, 3, 2)
    booked = api.book(
        Actor.system("ada"),
        member="ada",
        kind=Kind.OFF,
        start=monday,
        end=monday,
        requested_at=LONG_AGO,
    )
    api.book(
        Actor.system("ada"),
        member="ada",
        kind=Kind.REDUCED,
        hours_per_day=Decimal(6),
        start=monday + timedelta(days=2),
        end=monday + timedelta(days=2),
        requested_at=LONG_AGO,
    )
    week = api.available_hours("ada", monday, monday + timedelta(days=6))
    assert week == {
        monday: Decimal(0),
        monday + timedelta(days=1): Decimal(10),
        monday + timedelta(days=2): Decimal(6),
    }
    api.cancel(Actor.system("ada"), booked.id)
    assert api.available_hours("ada", monday, monday)[monday] == Decimal(10)


def test_SP_6_the_whole_cell_at_once_gives_the_same_hours_in_a_fixed_number_of_queries(
    make_member, django_assert_max_num_queries
):
    """SP-6: the cell-wide reading equals the per-member one and does not grow with the members."""
    for name in ("ada", "bob", "cyd", "dee"):
        make_member(name, cell="Falcon")
    monday = date(2026, 3, 2)
    api.book(
        Actor.system("ada"),
        member="ada",
        kind=Kind.OFF,
        start=monday,
        end=monday,
        requested_at=LONG_AGO,
    )
    with django_assert_max_num_queries(5):
        cell = api.available_hours_in_cell("Falcon", monday, monday + timedelta(days=13))
    assert cell["ada"] == api.available_hours("ada", monday, monday + timedelta(days=13))
    assert cell["ada"][monday] == Decimal(0) and cell["bob"][monday] == Decimal(8)
