"""The bounds every door shares, as pure rules (issue #9, finding 1: TO-1, TO-2).

Plain pytest with no database; moved from `test_trust.py`.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from cellops.time_off.data import Kind

# --- the shared check, as pure rules ------------------------------------------


def _req(kind: Kind, start: date, end: date, hours: str | None = None):
    from cellops.time_off.data import Request

    return Request("olga", kind, start, end, hours_per_day=Decimal(hours) if hours else None)


def test_finding_1_TO_2_check_bounds_refuses_dates_outside_1970_2199_and_over_366_days():
    from cellops.time_off import rules

    assert rules.check_bounds(date(1970, 1, 1), date(1970, 12, 31)) == []
    year_one = rules.check_bounds(date(1, 1, 4), date(1, 1, 5))
    assert [(v.rule, v.extra["field"]) for v in year_one] == [("TO-2", "start"), ("TO-2", "end")]
    assert "between 1970-01-01 and 2199-12-31" in year_one[0].message
    assert [v.extra["field"] for v in rules.check_bounds(date(2199, 12, 1), date(9999, 1, 1))] == [
        "end"
    ]
    long = rules.check_bounds(date(2030, 1, 1), date(2031, 1, 2))
    assert [(v.rule, v.extra["field"]) for v in long] == [("TO-2", "end")]
    assert "366 days" in long[0].message
    assert rules.check_bounds(date(2030, 1, 1), date(2030, 12, 31) + timedelta(days=1)) == []


def test_finding_1_TO_1_check_entry_bounds_partial_hours_by_the_daily_hours():
    from cellops.time_off import rules

    monday = date(2030, 1, 7)
    eight = Decimal(8)
    assert rules.check_entry(_req(Kind.REDUCED, monday, monday, "7.5"), eight) == []
    for hours in ("8", "100", "0", "4.555"):
        found = rules.check_entry(_req(Kind.REDUCED, monday, monday, hours), eight)
        assert [(v.rule, v.extra["field"]) for v in found] == [("TO-1", "hours_per_day")], hours
    scoped = _req(Kind.SCOPED, monday, monday, "9")
    scoped = type(scoped)(**{**scoped.__dict__, "scope": "emergencies"})
    assert [v.rule for v in rules.check_entry(scoped, eight)] == ["TO-1"]
    saturday = monday - timedelta(days=2)
    assert [v.rule for v in rules.check_entry(_req(Kind.OFF, saturday, saturday), eight)] == [
        "TO-2"
    ]
    far = rules.check_entry(_req(Kind.REDUCED, date(9999, 1, 1), date(9999, 1, 1), "100"), eight)
    assert [v.extra["field"] for v in far] == ["start", "end"]  # bounds first, alone
