"""TO-4 under pressure: two truly concurrent bookings that together break the cap.

Each request alone fits (nobody else is away), but together the second one
would use two overlap days in one week. Booking locks the cell (a row lock on
PostgreSQL; SQLite's write lock taken when the transaction starts), so exactly
one is accepted and the other is refused with TO-4 — never both. Each booking
runs in its own thread and database connection; CI runs it on both databases.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.db import connections

from cellops.kernel.violations import RuleRefusal
from cellops.org.data import Actor
from cellops.time_off import api
from cellops.time_off.data import Kind

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _monday_in(weeks: int) -> date:
    today = date.today()
    return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)


@pytest.mark.parametrize("attempt", range(10))
def test_TO_4_two_concurrent_requests_cannot_both_slip_under_the_cap(make_member, attempt):
    """TO-4: of two simultaneous requests that together break the cap, exactly one is accepted."""
    for name in ("ada", "bob", "cyd", "dee", "eve"):
        make_member(name, cell="Falcon")
    monday = _monday_in(8 + attempt)
    start_together = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def book(member: str) -> None:
        try:
            start_together.wait()
            api.book(
                Actor.system(member),
                member=member,
                kind=Kind.OFF,
                start=monday,
                end=monday + timedelta(days=1),
            )
            outcomes[member] = "accepted"
        except RuleRefusal as refusal:
            outcomes[member] = ",".join(v.rule for v in refusal.violations)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(m,)) for m in ("ada", "bob")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes.values()) == ["TO-4", "accepted"]
    assert len(api.list_time_off(cell="Falcon")) == 1
