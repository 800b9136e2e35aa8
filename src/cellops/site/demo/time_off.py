"""The demo's time-off season: requests around today, one refused at the cap."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from cellops.kernel.violations import RuleRefusal
from cellops.org import api as org_api
from cellops.site.demo.people import DEMO
from cellops.time_off import api as time_off_api
from cellops.time_off.data import CoverageEntry, Kind

SEASON = [
    ("ines", -3, 0, 4, Kind.OFF, None),
    ("chen", -2, 2, 3, Kind.REDUCED, Decimal(4)),
    ("dmitri", 3, 0, 1, Kind.OFF, None),
    ("kwame", 3, 0, 0, Kind.OFF, None),
    ("aiko", 3, 0, 0, Kind.OFF, None),  # the cap is reached: a tolerated overlap day
    ("tomasz", 3, 1, 1, Kind.OFF, None),
    ("olga", 4, 0, 4, Kind.OFF, None),
    ("liam", 4, 1, 3, Kind.REDUCED, Decimal(4)),
    ("diego", 5, 0, 9, Kind.OFF, None),
    ("hannah", 5, 2, 2, Kind.OFF, None),
    ("noor", 6, 3, 4, Kind.SCOPED, None),
    ("maria.keller", 7, 0, 4, Kind.OFF, None),
    ("maria.santos", 7, 0, 4, Kind.OFF, None),
]
# Asked for after the cap was reached on both days of its week: refused and kept in history.
REFUSED = ("ines", 3, 0, 1, Kind.OFF)


def load_time_off_season(today: date, made: dict[str, int]) -> None:
    """A season of time off: past and coming requests, a tolerated overlap, a refusal."""
    monday = today - timedelta(days=today.weekday())
    booked_before = today - timedelta(days=60)  # asked in good time (TO-3)
    existing = {(t.member, t.start) for t in time_off_api.list_time_off(include_cancelled=True)}
    for username, weeks, first, last, kind, hours in SEASON:
        start = monday + timedelta(weeks=weeks, days=first)
        end = monday + timedelta(weeks=weeks, days=last)
        if (username, start) in existing:
            continue
        scope = "Conference talk preparation only" if kind is Kind.SCOPED else None
        result = time_off_api.book(
            DEMO,
            member=username,
            kind=kind,
            start=start,
            end=end,
            hours_per_day=hours,
            scope=scope,
            requested_at=datetime.combine(booked_before, time(9), UTC),
            source="demo",
        )
        made["time_off"] += 1
        if weeks < 0 or username in {"olga", "diego"}:
            coverage = [
                CoverageEntry(d.key, d.default_cover or _colleague(username))
                for d in time_off_api.duties_of(username, start, end)
            ]
            time_off_api.announce(DEMO, result.id, coverage)
    username, weeks, first, last, kind = REFUSED
    if not any(r.member == username for r in time_off_api.refusals(username)):
        try:
            time_off_api.book(
                DEMO,
                member=username,
                kind=kind,
                start=monday + timedelta(weeks=weeks, days=first),
                end=monday + timedelta(weeks=weeks, days=last),
                requested_at=datetime.combine(booked_before, time(9), UTC),
                source="demo",
            )
        except RuleRefusal:
            made["refused_time_off"] += 1


def _colleague(username: str) -> str:
    """Someone else in the member's cell, to cover a duty without a default."""
    cell = org_api.get_member(username).cell
    return next(
        m.username
        for m in org_api.list_members(cell=cell, active_only=True)[0]
        if m.username != username
    )
