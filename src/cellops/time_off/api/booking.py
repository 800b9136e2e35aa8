"""Booking and cancelling (TO-1 … TO-4; TO-6 when coverage is given).

Booking loads the cell's state under a lock (so two concurrent bookings can
never both slip under the TO-4 cap), runs every TO rule at once, and stores
the request — or, when refused, the refusal, so the history shows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from cellops.kernel.calendar import BeforeFirstSprint
from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal, Violation
from cellops.org import api as org_api
from cellops.org.data import Actor, Member
from cellops.platform.api import record_audit
from cellops.time_off import models, rules
from cellops.time_off.api.access import _authorise
from cellops.time_off.api.coverage import (
    _coverage_for,
    _roles_held,
    _store_coverage,
    _vacation_checklists,
)
from cellops.time_off.api.reading import (
    _display_names,
    get_time_off,
)
from cellops.time_off.data import (
    Absence,
    Booking,
    BookingResult,
    CoverageEntry,
    Kind,
    OwnRequest,
    Request,
    RoleHeld,
    Status,
    TimeOff,
)

__all__ = ["MAX_REQUEST_DAYS", "book", "cancel"]


#: The longest range one request may cover (longer absences are booked in parts).
MAX_REQUEST_DAYS = rules.MAX_REQUEST_DAYS


@dataclass(frozen=True)
class Booker:
    """Who a booking is for, resolved once (issue #8): every later step uses these values."""

    member: Member
    cell_kind: str
    cell_active: int
    daily_hours: Decimal


def _resolve(member: str, lock: bool) -> Booker:
    """Load the member and their cell, locking the cell first when the booking will write
    (TO-4 under concurrency; a dry run writes nothing). Call inside `transaction.atomic()`.
    """
    person = org_api.get_member(member)
    if lock:
        org_api.lock_cell(person.cell)
    cell = org_api.get_cell(person.cell)
    return Booker(
        person,
        cell.kind.value,
        cell.active_members,
        org_api.daily_hours_of(person),
    )


def _others(cell: str, member: str, start: date, end: date) -> list[Absence]:
    """Other active members of the cell away somewhere in [start, end] (any kind, not cancelled)."""
    rows = (
        models.TimeOffRequest.objects.filter(
            member__cell__name=cell,
            member__status__in=org_api.ACTIVE_STATUS_VALUES,
            start__lte=end,
            end__gte=start,
        )
        .exclude(status=Status.CANCELLED.value)
        .exclude(member__user__username=member)
        .values_list("member__user__username", "start", "end", "member__working_days", "kind")
    )
    return [Absence(u, s, e, tuple(days), Kind(k)) for u, s, e, days, k in rows]


def _own_requests(member: str) -> tuple[list[OwnRequest], list[date]]:
    """The member's own requests that are not cancelled (TO-2: a new one may not overlap
    them) and the overlap days they took (TO-4), in one query."""
    rows = (
        models.TimeOffRequest.objects.filter(member__user__username=member)
        .exclude(status=Status.CANCELLED.value)
        .values_list("pk", "kind", "start", "end", "status", "overlap_days")
    )
    own: list[OwnRequest] = []
    overlap: list[date] = []
    for pk, kind, start, end, status, days in rows:
        own.append(OwnRequest(pk, Kind(kind), start, end, status))
        overlap.extend(date.fromisoformat(d) for d in days)
    return own, overlap


def _request(
    member: Member,
    cell_kind: str,
    kind: Kind,
    start: date,
    end: date,
    hours_per_day: Decimal | None,
    scope: str | None,
) -> Request:
    return Request(
        member=member.username,
        kind=Kind(kind),
        start=start,
        end=end,
        working_days=member.working_days,
        cell_kind=cell_kind,
        hours_per_day=hours_per_day,
        scope=(scope or None),
    )


def _check(
    req: Request, who: Booker, requested_at: datetime
) -> tuple[Booking | None, list[Violation]]:
    own, earlier_overlap_days = _own_requests(who.member.username)
    try:
        return rules.check_request(
            req,
            requested_at,
            org_api.sprint_calendar(),
            _others(who.member.cell, who.member.username, req.start, req.end),
            who.cell_active,
            earlier_overlap_days,
            who.daily_hours,
            own=own,
        )
    except BeforeFirstSprint as exc:
        raise InvalidInput("start", str(exc)) from exc


def book(
    actor: Actor,
    *,
    member: str,
    kind: Kind,
    start: date,
    end: date,
    hours_per_day: Decimal | None = None,
    scope: str | None = None,
    coverage: Sequence[CoverageEntry] | None = None,
    dry_run: bool = False,
    requested_at: datetime | None = None,
    source: str = "api",
) -> BookingResult:
    """Book time off for `member` (TO-1 … TO-4; TO-6 when coverage is given).

    The request time is now unless given (the server's clock, API.md). A
    refusal raises `RuleRefusal` with every violation; unless it is a dry
    run, the refused attempt is kept in the history first. `actor` books for themself
    or, as the CEO or the member's cell's sprint planning manager, for another member
    (org.policy); PermissionDenied otherwise, before anything is looked at.
    """
    by = _authorise(actor, member, None)
    requested_at = requested_at or timezone.now()
    bounds = rules.check_bounds(start, end)
    if bounds:
        raise InvalidInput(bounds[0].extra["field"], bounds[0].message)
    violations: list[Violation] = []
    with transaction.atomic():
        who = _resolve(member, lock=not dry_run)
        person = who.member
        _authorise(actor, member, person.cell)
        req = _request(person, who.cell_kind, kind, start, end, hours_per_day, scope)
        booking, violations = _check(req, who, requested_at)
        entries: list[CoverageEntry] = []
        roles: tuple[RoleHeld, ...] = ()
        pks: dict[str, int] = {}
        if coverage is not None:
            roles = _roles_held(member)
            entries, coverage_violations, pks = _coverage_for(
                member, start, end, coverage, roles, also=() if dry_run else (member,)
            )
            violations += coverage_violations
        if not dry_run and member not in pks:
            pks[member] = org_api.member_pk(member)
        if violations:
            if not dry_run:
                models.RefusedRequest.objects.create(
                    member_id=pks[member],
                    kind=req.kind.value,
                    start=start,
                    end=end,
                    requested_at=requested_at,
                    requested_by=by,
                    violations=[v.as_dict() for v in violations],
                )
                record_audit(
                    by,
                    "time_off.refused",
                    "member",
                    member,
                    {
                        "kind": req.kind.value,
                        "start": start,
                        "end": end,
                        "rules": [v.rule for v in violations],
                    },
                )
        else:
            status = Status.CONFIRMED if coverage is not None else Status.PENDING
            name = _display_names({member: person})[member]
            events = tuple(rules.calendar_events(req, name))
            result = BookingResult(
                None, status, booking.working_days, booking.overlap_days, events, booking.deadline
            )
            if dry_run:
                return result
            row = models.TimeOffRequest.objects.create(
                member_id=pks[member],
                kind=req.kind.value,
                start=start,
                end=end,
                hours_per_day=hours_per_day,
                scope=scope or "",
                status=status.value,
                working_days=booking.working_days,
                overlap_days=[d.isoformat() for d in booking.overlap_days],
                requested_at=requested_at,
                requested_by=by,
                source=source,
                confirmed_at=requested_at if status is Status.CONFIRMED else None,
            )
            _store_coverage(row, entries, pks)
            if status is Status.CONFIRMED:
                _vacation_checklists(by, row, member, entries, roles, who.cell_kind == "dev")
            record_audit(
                by,
                "time_off.book",
                "time_off",
                row.pk,
                {
                    "member": member,
                    "kind": req.kind.value,
                    "start": start,
                    "end": end,
                    "status": status.value,
                    "overlap_days": list(booking.overlap_days),
                },
            )
            return replace(result, id=row.pk)
    raise RuleRefusal(violations)


def cancel(actor: Actor, request_id: int, field: str = "id") -> TimeOff:
    """Cancel a request; it stays in the history and frees its days (TO-4 counts it no more).
    Who may: as for booking it (org.policy); a request that does not exist is NotFound on
    `field` first."""
    item = get_time_off(request_id, field)
    by = _authorise(actor, item.member, item.cell)
    with transaction.atomic():
        row = models.TimeOffRequest.objects.select_for_update().filter(pk=request_id).first()
        if row is None:
            raise NotFound(field, f"there is no time-off request {request_id}")
        if row.status != Status.CANCELLED.value:
            row.status = Status.CANCELLED.value
            row.cancelled_at = timezone.now()
            row.cancelled_by = by
            row.save(update_fields=["status", "cancelled_at", "cancelled_by"])
            record_audit(by, "time_off.cancel", "time_off", row.pk, {"status": "cancelled"})
    return get_time_off(request_id)
