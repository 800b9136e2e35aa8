"""Use cases of time off: the only door into `cellops.time_off`.

Booking loads the cell's state under a lock (so two concurrent bookings can
never both slip under the TO-4 cap), runs every TO rule at once, and stores
the request — or, when refused, the refusal, so the history shows it.
Announcing with coverage confirms a request (TO-6). The shared calendar
(TO-5) is exported as iCalendar feeds and imported from a shared calendar's
export.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cellops.checklists import api as checklists_api
from cellops.kernel.calendar import BeforeFirstSprint, format_day
from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal, Violation
from cellops.org import api as org_api
from cellops.org.data import ROLE_LABELS, Member
from cellops.org.policy import Permission
from cellops.platform.api import record_audit
from cellops.platform.data import Need
from cellops.time_off import ical, models, rules
from cellops.time_off.data import (
    Absence,
    BookingResult,
    CalendarEvent,
    CoverageEntry,
    DayLoad,
    Duty,
    ImportLine,
    ImportReport,
    Kind,
    Refusal,
    Request,
    Status,
    TimeOff,
)

TO_6 = "TO-6"
#: The longest range one request may cover (longer absences are booked in parts).
MAX_REQUEST_DAYS = 366


# --- reading ---------------------------------------------------------------


def _qs():
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


def _many(rows) -> list[TimeOff]:
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


def available_hours(member: str, start: date, end: date) -> dict[date, Decimal]:
    """For sprint capacity (SP-6): the member's hours on each working day, after time off.

    Pending and confirmed requests count; cancelled ones do not.
    """
    person = org_api.get_member(member)
    requests = [
        Request(
            t.member,
            t.kind,
            t.start,
            t.end,
            person.working_days,
            hours_per_day=t.hours_per_day,
            scope=t.scope or None,
        )
        for t in list_time_off(member=member, start=start, end=end)
    ]
    return rules.available_hours(
        start, end, person.working_days, org_api.daily_hours_of(person), requests
    )


def available_hours_in_cell(
    cell: str, start: date, end: date, members: list[Member] | None = None
) -> dict[str, dict[date, Decimal]]:
    """`available_hours` for every active member of a cell at once (a fixed number of queries).

    Pass the cell's active members when the caller has them already.
    """
    if members is None:
        members = org_api.active_members_of(cell)
    rows = (
        models.TimeOffRequest.objects.filter(
            member__cell__name=cell, start__lte=end, end__gte=start
        )
        .exclude(status=Status.CANCELLED.value)
        .values_list("member__user__username", "kind", "start", "end", "hours_per_day", "scope")
    )
    return _available(members, start, end, rows)


def available_hours_by_id(
    members: Mapping[int, Member], start: date, end: date
) -> dict[str, dict[date, Decimal]]:
    """`available_hours_in_cell` for members given by database id (no join to find them)."""
    rows = (
        models.TimeOffRequest.objects.filter(
            member_id__in=list(members), start__lte=end, end__gte=start
        )
        .exclude(status=Status.CANCELLED.value)
        .values_list("member_id", "kind", "start", "end", "hours_per_day", "scope")
    )
    usernames = {pk: m.username for pk, m in members.items()}
    return _available(
        list(members.values()),
        start,
        end,
        ((usernames[pk], *rest) for pk, *rest in rows),
    )


def _available(
    members: list[Member], start: date, end: date, rows: Iterable[tuple]
) -> dict[str, dict[date, Decimal]]:
    by_member: dict[str, list[Request]] = {m.username: [] for m in members}
    working_days = {m.username: m.working_days for m in members}
    for username, kind, first, last, hours, scope in rows:
        if username in by_member:
            by_member[username].append(
                Request(
                    username,
                    Kind(kind),
                    first,
                    last,
                    working_days[username],
                    hours_per_day=hours,
                    scope=scope or None,
                )
            )
    return {
        m.username: rules.available_hours(
            start, end, m.working_days, org_api.daily_hours_of(m), by_member[m.username]
        )
        for m in members
    }


def away_on(day: date, members: Iterable[str]) -> dict[str, date]:
    """TO-9: which of `members` have time off (not cancelled) covering `day`, and since when."""
    rows = (
        models.TimeOffRequest.objects.filter(
            member__user__username__in=list(members), start__lte=day, end__gte=day
        )
        .exclude(status=Status.CANCELLED.value)
        .values_list("member__user__username", "start")
    )
    found: dict[str, date] = {}
    for username, start in rows:
        found[username] = min(start, found.get(username, start))
    return found


def away_for_whole(cell: str, start: date, end: date) -> set[str]:
    """TO-7: the cell's active members who are away on every working day of [start, end]."""
    return {
        username
        for username, hours in available_hours_in_cell(cell, start, end).items()
        if rules.away_whole_period(hours)
    }


# --- booking ---------------------------------------------------------------


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


def _earlier_overlap_days(member: str) -> list[date]:
    days = (
        models.TimeOffRequest.objects.filter(member__user__username=member)
        .exclude(status=Status.CANCELLED.value)
        .values_list("overlap_days", flat=True)
    )
    return [date.fromisoformat(d) for listed in days for d in listed]


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


def _check(req: Request, member: Member, cell_active: int, requested_at: datetime):
    try:
        return rules.check_request(
            req,
            requested_at,
            org_api.sprint_calendar(),
            _others(member.cell, member.username, req.start, req.end),
            cell_active,
            _earlier_overlap_days(member.username),
            org_api.daily_hours_of(member),
        )
    except BeforeFirstSprint as exc:
        raise InvalidInput("start", str(exc)) from exc


def duties_of(member: str, start: date, end: date) -> list[Duty]:
    """TO-6: the member's active epics (default cover: the other person on the epic), and roles held then."""
    duties = []
    for epic in org_api.active_epics_of(member):
        other = epic.reviewer if epic.owner == member else epic.owner
        duties.append(
            Duty(
                f"epic:{epic.key}",
                f"Epic {epic.key} {epic.title}",
                other if other != member else None,
            )
        )
    for role in org_api.roles_of(member):
        if role.start <= end and (role.end is None or role.end >= start):
            where = (
                f" of {role.cell}" if role.cell else (f" for {role.mentee}" if role.mentee else "")
            )
            duties.append(
                Duty(
                    f"role:{role.role.value}{':' + (role.cell or role.mentee or '') if where else ''}",
                    f"{ROLE_LABELS[role.role]}{where}",
                )
            )
    return duties


def _coverage_for(
    member: str, start: date, end: date, coverage: Sequence[CoverageEntry]
) -> tuple[list[CoverageEntry], list[Violation]]:
    """TO-6: every duty covered — given, or by its default — and by someone else who exists."""
    given = {c.duty: c.covered_by for c in coverage}
    duties = duties_of(member, start, end)
    known = {d.key for d in duties}
    violations = [
        Violation(
            TO_6,
            f"{duty!r} is not one of {member}'s duties on these dates; leave it out.",
            {"duty": duty},
        )
        for duty in given
        if duty not in known
    ]
    entries = []
    for duty in duties:
        cover = given.get(duty.key) or duty.default_cover
        if not cover:
            violations.append(
                Violation(
                    TO_6,
                    f"Name who covers {duty.label} while {member} is away.",
                    {"duty": duty.key},
                )
            )
        elif cover == member:
            violations.append(
                Violation(
                    TO_6,
                    f"{member} cannot cover their own {duty.label}; name someone else.",
                    {"duty": duty.key},
                )
            )
        else:
            try:
                org_api.get_member(cover, field="covered_by")
            except NotFound:
                violations.append(
                    Violation(
                        TO_6,
                        f"No member is called {cover!r}; name an existing member for {duty.label}.",
                        {"duty": duty.key, "covered_by": cover},
                    )
                )
                continue
            entries.append(CoverageEntry(duty.key, cover))
    return entries, violations


def book(
    actor: str,
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
    run, the refused attempt is kept in the history first.
    """
    requested_at = requested_at or timezone.now()
    if (end - start).days >= MAX_REQUEST_DAYS:
        raise InvalidInput(
            "end",
            f"one request covers at most {MAX_REQUEST_DAYS} days; book a longer absence in parts",
        )
    person = org_api.get_member(member)
    violations: list[Violation] = []
    with transaction.atomic():
        org_api.lock_cell(person.cell)
        cell = org_api.get_cell(person.cell)
        req = _request(person, cell.kind.value, kind, start, end, hours_per_day, scope)
        booking, violations = _check(req, person, cell.active_members, requested_at)
        entries: list[CoverageEntry] = []
        if coverage is not None:
            entries, coverage_violations = _coverage_for(member, start, end, coverage)
            violations += coverage_violations
        if violations:
            if not dry_run:
                models.RefusedRequest.objects.create(
                    member_id=org_api.member_pk(member),
                    kind=req.kind.value,
                    start=start,
                    end=end,
                    requested_at=requested_at,
                    requested_by=actor,
                    violations=[v.as_dict() for v in violations],
                )
                record_audit(
                    actor,
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
                member_id=org_api.member_pk(member),
                kind=req.kind.value,
                start=start,
                end=end,
                hours_per_day=hours_per_day,
                scope=scope or "",
                status=status.value,
                working_days=booking.working_days,
                overlap_days=[d.isoformat() for d in booking.overlap_days],
                requested_at=requested_at,
                requested_by=actor,
                source=source,
                confirmed_at=requested_at if status is Status.CONFIRMED else None,
            )
            _store_coverage(row, entries)
            if status is Status.CONFIRMED:
                _vacation_checklists(actor, row, member, entries)
            record_audit(
                actor,
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


def _vacation_checklists(
    actor: str, row: models.TimeOffRequest, member: str, entries: Sequence[CoverageEntry]
) -> None:
    """TO-8: on confirmation, the member's vacation checklists per role, and the backups' lists."""
    person = org_api.get_member(member)
    roles = [
        r.role.value
        for r in org_api.roles_of(member)
        if r.start <= row.end and (r.end is None or r.end >= row.start)
    ]
    checklists_api.ensure_vacation_runs(
        row.pk,
        member,
        roles,
        org_api.get_cell(person.cell).kind.value == "dev",
        {e.duty: e.covered_by for e in entries},
        row.start,
        actor=actor,
    )


def _store_coverage(row: models.TimeOffRequest, entries: Sequence[CoverageEntry]) -> None:
    for entry in entries:
        models.Coverage.objects.create(
            request=row, duty=entry.duty, covered_by_id=org_api.member_pk(entry.covered_by)
        )


def day_loads(member: str, kind: Kind, start: date, end: date) -> list[DayLoad]:
    """For the booking page: per working day, who else is away against the cap (TO-4)."""
    person = org_api.get_member(member)
    cell = org_api.get_cell(person.cell)
    req = _request(person, cell.kind.value, kind, start, end, None, None)
    return rules.day_loads(req, _others(person.cell, member, start, end), cell.active_members)


class Notice(NamedTuple):
    """TO-3 for the booking page: the deadline, its EOD instant, and whether now is in time."""

    deadline: date | None  # None: sick time off needs no notice
    due: datetime | None  # 24:00 UTC of the deadline
    met: bool
    working_days: int


def notice(member: str, kind: Kind, start: date, end: date, now: datetime | None = None) -> Notice:
    """Read only: the TO-3 deadline that applies to this request and whether `now` meets it."""
    person = org_api.get_member(member)
    cell = org_api.get_cell(person.cell)
    req = _request(person, cell.kind.value, kind, start, end, None, None)
    days = rules.length(start, end, person.working_days)
    try:
        deadline = rules.notice_deadline(req, org_api.sprint_calendar())
    except BeforeFirstSprint as exc:
        raise InvalidInput("start", str(exc)) from exc
    if deadline is None:
        return Notice(None, None, True, days)
    due = rules.end_of_day(deadline)
    return Notice(deadline, due, (now or timezone.now()) < due, days)


def cap_of(cell: str) -> int:
    """Read only: the cell's TO-4 cap today (ceil of 20 % of its active members)."""
    return rules.cap(org_api.get_cell(cell).active_members)


def events_of(item: TimeOff) -> list[CalendarEvent]:
    """Read only: the TO-5 calendar events of a stored request (as the feed writes them)."""
    req = Request(
        item.member,
        item.kind,
        item.start,
        item.end,
        org_api.get_member(item.member).working_days,
        "dev",
        item.hours_per_day,
        item.scope or None,
    )
    return rules.calendar_events(req, item.name)


def announce(actor: str, request_id: int, coverage: Sequence[CoverageEntry]) -> TimeOff:
    """TO-6: announce a pending request with who covers each duty; it becomes confirmed."""
    with transaction.atomic():
        row = models.TimeOffRequest.objects.select_for_update().filter(pk=request_id).first()
        if row is None:
            raise NotFound("id", f"there is no time-off request {request_id}")
        member = get_time_off(request_id).member
        if row.status == Status.CANCELLED.value:
            raise RuleRefusal(
                [Violation(TO_6, "This request is cancelled; book the time off again instead.")]
            )
        entries, violations = _coverage_for(member, row.start, row.end, coverage)
        if violations:
            raise RuleRefusal(violations)
        row.coverage.all().delete()
        _store_coverage(row, entries)
        row.status = Status.CONFIRMED.value
        row.confirmed_at = timezone.now()
        row.save(update_fields=["status", "confirmed_at"])
        _vacation_checklists(actor, row, member, entries)
        record_audit(
            actor,
            "time_off.announce",
            "time_off",
            row.pk,
            {"coverage": [(e.duty, e.covered_by) for e in entries]},
        )
    return get_time_off(request_id)


def cancel(actor: str, request_id: int) -> TimeOff:
    """Cancel a request; it stays in the history and frees its days (TO-4 counts it no more)."""
    with transaction.atomic():
        row = models.TimeOffRequest.objects.select_for_update().filter(pk=request_id).first()
        if row is None:
            raise NotFound("id", f"there is no time-off request {request_id}")
        if row.status != Status.CANCELLED.value:
            row.status = Status.CANCELLED.value
            row.cancelled_at = timezone.now()
            row.cancelled_by = actor
            row.save(update_fields=["status", "cancelled_at", "cancelled_by"])
            record_audit(actor, "time_off.cancel", "time_off", row.pk, {"status": "cancelled"})
    return get_time_off(request_id)


# --- the shared calendar (TO-5) ---------------------------------------------


def feed(*, cell: str | None = None, member: str | None = None, base_url: str = "") -> bytes:
    """An iCalendar feed of the cell's, the member's or everyone's time off."""
    events = []
    for item in list_time_off(cell=cell, member=member):
        req = Request(
            item.member,
            item.kind,
            item.start,
            item.end,
            org_api.get_member(item.member).working_days,
            "dev",
            item.hours_per_day,
            item.scope or None,
        )
        for n, event in enumerate(rules.calendar_events(req, item.name)):
            events.append(
                ical.FeedEvent(
                    uid=f"time-off-{item.id}-{n}@cellops",
                    title=event.title,
                    start=event.start,
                    end=event.end,
                    url=f"{base_url}/time-off/{item.id}/",
                    description=f"{item.kind.value}, {item.status.value}",
                    updated=item.requested_at,
                )
            )
    name = f"Time off — {cell or member or 'everyone'}"
    return ical.feed(name, events)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_feed_secret(user) -> str:
    """A new secret for `user`'s feed links; the old links stop working."""
    secret = secrets.token_urlsafe(24)
    models.FeedLink.objects.update_or_create(user=user, defaults={"digest": _digest(secret)})
    record_audit(user.username, "time_off.feed_link", "user", user.username, {})
    return secret


def revoke_feed_secret(user) -> None:
    if models.FeedLink.objects.filter(user=user).delete()[0]:
        record_audit(user.username, "time_off.feed_link_revoke", "user", user.username, {})


def has_feed_secret(user) -> bool:
    return models.FeedLink.objects.filter(user=user).exists()


def user_for_feed_secret(secret: str):
    link = (
        models.FeedLink.objects.select_related("user")
        .filter(digest=_digest(secret), user__is_active=True)
        .first()
    )
    return link.user if link else None


# --- import -----------------------------------------------------------------


def _match(name: str, members: list[Member]) -> tuple[Member | None, str | None]:
    folded = name.casefold()
    full = [m for m in members if m.full_name.casefold() == folded]
    if len(full) == 1:
        return full[0], None
    first = [m for m in members if m.first_name.casefold() == folded]
    if len(first) == 1:
        return first[0], None
    if len(first) > 1:
        return None, f"{len(first)} members are called {name}; write the full name in the title"
    return None, f"no active member is called {name!r}"


def import_calendar(actor: str, data: bytes, progress=None) -> ImportReport:
    """TO-5 import: `<Name>: off` / `<Name>: available <N>h` events become time off.

    Imported events record what the team already agreed in its shared
    calendar, so notice and cap are not enforced on them; they come in as
    pending (not announced with coverage, TO-6). Importing the same file
    twice adds nothing: an event is a duplicate by its UID, or by the same
    member, kind and dates.
    """
    try:
        read = ical.read_events(data)
    except ical.UnreadableCalendar as exc:
        raise InvalidInput("body", exc.message) from exc
    members = [m for m in org_api.list_members(active_only=True)[0]]
    imported: list[ImportLine] = []
    skipped = [
        ImportLine(title, date.min, date.min, "skipped", reason=reason)
        for title, reason in read.skipped
    ]
    now = timezone.now()
    for n, event in enumerate(read.events):
        if progress:
            progress(n, len(read.events))
        line = ImportLine(event.title, event.start, event.end, "skipped")
        parsed = rules.parse_title(event.title)
        if parsed is None:
            skipped.append(
                replace(line, reason="the title is not '<Name>: off' or '<Name>: available <N>h'")
            )
            continue
        name, kind, hours = parsed
        person, why = _match(name, members)
        if person is None:
            skipped.append(replace(line, reason=why))
            continue
        uid = event.uid[:255]
        same_event = Q(import_uid=uid) | Q(
            source="import",
            member__user__username=person.username,
            kind=kind.value,
            start=event.start,
            end=event.end,
        )
        if models.TimeOffRequest.objects.filter(same_event, status=Status.CANCELLED.value).exists():
            skipped.append(
                replace(
                    line,
                    member=person.username,
                    reason="imported before and cancelled here; not imported again",
                )
            )
            continue
        duplicate = models.TimeOffRequest.objects.filter(
            Q(import_uid=uid)
            | Q(
                member__user__username=person.username,
                kind=kind.value,
                start=event.start,
                end=event.end,
            )
        ).exclude(status=Status.CANCELLED.value)
        if duplicate.exists():
            skipped.append(
                replace(line, member=person.username, reason="already imported (duplicate)")
            )
            continue
        length = rules.length(event.start, event.end, person.working_days)
        if length == 0:
            skipped.append(
                replace(line, member=person.username, reason="no working day in the range")
            )
            continue
        with transaction.atomic():
            row = models.TimeOffRequest.objects.create(
                member_id=org_api.member_pk(person.username),
                kind=kind.value,
                start=event.start,
                end=event.end,
                hours_per_day=hours,
                status=Status.PENDING.value,
                working_days=length,
                overlap_days=[],
                requested_at=now,
                requested_by=actor,
                source="import",
                import_uid=uid,
            )
            record_audit(
                actor,
                "time_off.import",
                "time_off",
                row.pk,
                {
                    "member": person.username,
                    "kind": kind.value,
                    "start": event.start,
                    "end": event.end,
                },
            )
        imported.append(replace(line, outcome="imported", member=person.username))
    if progress:
        progress(len(read.events), len(read.events))
    return ImportReport(tuple(imported), tuple(skipped))


# --- who may --------------------------------------------------------------


def require_viewer(user) -> str:
    return org_api.require(user, Permission.VIEW_TIME_OFF).username


def require_booker(user, member: str) -> str:
    """People book, announce and cancel their own time off; some roles for anyone."""
    actor = org_api.actor_for(user)
    if actor.username != member:
        org_api.require(user, Permission.BOOK_TIME_OFF_FOR_OTHERS)
    return actor.username


def can_book_for_others(user) -> bool:
    """Whether the booking page offers `user` a choice of member (read only)."""
    return org_api.can(user, Permission.BOOK_TIME_OFF_FOR_OTHERS)


def require_importer(user) -> str:
    return org_api.require(user, Permission.BOOK_TIME_OFF_FOR_OTHERS).username


def import_report_dict(report: ImportReport) -> dict:
    """The import's answer, the same for the API and `--json` on the command line."""

    def line(item: ImportLine) -> dict:
        known = item.start != date.min
        return {
            "title": item.title,
            "start": item.start if known else None,
            "end": item.end if known else None,
            "member": item.member,
            "reason": item.reason,
        }

    return {
        "imported": [line(i) for i in report.imported],
        "skipped": [line(i) for i in report.skipped],
    }


# --- the home page ----------------------------------------------------------------

#: How far ahead the home page shows my time off.
NEEDS_HORIZON_DAYS = 30

_KIND_WORDS = {
    Kind.OFF.value: "off",
    Kind.REDUCED.value: "reduced hours",
    Kind.SCOPED.value: "scoped time off",
    Kind.SICK.value: "sick leave",
}


def _duty_label(duty: str) -> str:
    """A stored coverage duty (`epic:KEY`, `role:ROLE[:WHERE]`) as people read it."""
    kind, _, rest = duty.partition(":")
    if kind == "epic":
        return f"Epic {rest}"
    role, _, where = rest.partition(":")
    label = next((text for r, text in ROLE_LABELS.items() if r.value == role), role or duty)
    return f"{label} {where}".strip() if kind == "role" else duty


def needs_of(user, today: date) -> list[Need]:
    """My time off in the next 30 days (or under way) and who covers me (TO-6); a pending
    request says it still needs announcing. Two queries."""
    if user is None or not user.is_authenticated:
        return []
    rows = (
        _qs()
        .filter(
            member__user=user,
            end__gte=today,
            start__lte=today + timedelta(days=NEEDS_HORIZON_DAYS),
        )
        .exclude(status=Status.CANCELLED.value)
    )
    needs = []
    for row in rows:
        days = (
            format_day(row.start)
            if row.start == row.end
            else f"{format_day(row.start)} to {format_day(row.end)}"
        )
        if row.status == Status.PENDING.value:
            detail = (
                "Pending (TO-6): announce it with who covers each of your epics, rotations and "
                "roles on those dates; only then is it confirmed."
            )
        else:
            covers = [
                f"{_duty_label(c.duty)}: {c.covered_by.user.get_full_name() or c.covered_by.user.username}"
                for c in row.coverage.all()
            ]
            detail = (
                "Confirmed. Covering you: " + "; ".join(covers) + "."
                if covers
                else "Confirmed; nobody needs to cover you."
            )
        needs.append(
            Need(
                area="Time off",
                title=f"Your time off ({_KIND_WORDS.get(row.kind, row.kind)}): {days}",
                detail=detail,
                url=reverse("time_off:detail", args=[row.pk]),
                when=row.start,
            )
        )
    return needs
