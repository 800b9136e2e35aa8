"""Reading stored time off: requests, one request, refused requests (TO-5 names)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import QuerySet

from cellops.kernel.violations import NotFound
from cellops.org import api as org_api
from cellops.org.data import Member
from cellops.time_off import models, rules
from cellops.time_off.data import (
    CoverageEntry,
    Kind,
    Refusal,
    Status,
    TimeOff,
)

__all__ = ["get_time_off", "list_time_off", "refusals"]


def _qs() -> QuerySet[models.TimeOffRequest]:
    return models.TimeOffRequest.objects.select_related(
        "member__user", "member__cell"
    ).prefetch_related("coverage__covered_by__user")


def _members(usernames: Iterable[str]) -> dict[str, Member]:
    wanted = set(usernames)
    if len(wanted) == 1:
        (username,) = wanted
        return {username: org_api.get_member(username)}
    return {m.username: m for m in org_api.list_members()[0] if m.username in wanted}


def _display_names(members: dict[str, Member]) -> dict[str, str]:
    """TO-5 names: first name, or the full name when another active member shares it."""
    first_names = org_api.active_first_names()
    return {
        username: rules.display_name(
            m.first_name, m.last_name, [n for u, n in first_names.items() if u != username]
        )
        for username, m in members.items()
    }


def _to_data(row: models.TimeOffRequest, name: str) -> TimeOff:
    return TimeOff(
        id=row.pk,
        member=row.member.user.username,
        name=name,
        cell=row.member.cell.name,
        kind=Kind(row.kind),
        start=row.start,
        end=row.end,
        hours_per_day=row.hours_per_day,
        scope=row.scope,
        status=Status(row.status),
        working_days=row.working_days,
        overlap_days=tuple(date.fromisoformat(d) for d in row.overlap_days),
        requested_at=row.requested_at,
        requested_by=row.requested_by,
        source=row.source,
        coverage=tuple(
            CoverageEntry(c.duty, c.covered_by.user.username) for c in row.coverage.all()
        ),
    )


def _many(rows: Iterable[models.TimeOffRequest]) -> list[TimeOff]:
    rows = list(rows)
    names = _display_names(_members(r.member.user.username for r in rows))
    return [_to_data(r, names[r.member.user.username]) for r in rows]


def list_time_off(
    *,
    cell: str | None = None,
    member: str | None = None,
    start: date | None = None,
    end: date | None = None,
    include_cancelled: bool = False,
) -> list[TimeOff]:
    """Requests by start date, filtered by cell, member and an overlapping date range."""
    rows = _qs()
    if cell is not None:
        org_api.get_cell(cell)
        rows = rows.filter(member__cell__name=cell)
    if member is not None:
        org_api.get_member(member)
        rows = rows.filter(member__user__username=member)
    if start is not None:
        rows = rows.filter(end__gte=start)
    if end is not None:
        rows = rows.filter(start__lte=end)
    if not include_cancelled:
        rows = rows.exclude(status=Status.CANCELLED.value)
    return _many(rows)


def get_time_off(request_id: int, field: str = "id") -> TimeOff:
    row = _qs().filter(pk=request_id).first() if 0 < request_id < 2**62 else None
    if row is None:
        raise NotFound(field, f"there is no time-off request {request_id}")
    return _many([row])[0]


def refusals(member: str | None = None, limit: int = 50, cell: str | None = None) -> list[Refusal]:
    """Refused bookings, newest first, of one member or one cell."""
    rows = models.RefusedRequest.objects.select_related("member__user")
    if member is not None:
        rows = rows.filter(member__user__username=member)
    if cell is not None:
        rows = rows.filter(member__cell__name=cell)
    return [
        Refusal(
            r.member.user.username,
            Kind(r.kind),
            r.start,
            r.end,
            r.requested_at,
            tuple(r.violations),
        )
        for r in rows[:limit]
    ]
