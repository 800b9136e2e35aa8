"""Importing a shared calendar's export (TO-5), read by pieces and bounded in size."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cellops.kernel.violations import InvalidInput
from cellops.org import api as org_api
from cellops.org.data import Actor, Member
from cellops.org.policy import allows, denial_message, may_book_time_off_for
from cellops.platform.api import record_audit
from cellops.time_off import ical, models, rules
from cellops.time_off.api.access import _FOR_OTHERS
from cellops.time_off.api.booking import (
    _request,
)
from cellops.time_off.data import (
    ImportLine,
    ImportReport,
    Status,
)

__all__ = [
    "IMPORT_CHUNK_BYTES",
    "MAX_IMPORT_BYTES",
    "UploadTooLarge",
    "import_calendar",
    "import_report_dict",
    "read_upload",
]


#: The largest calendar file an import reads (the time_off README names it).
MAX_IMPORT_BYTES = 10 * 1024 * 1024
#: Uploads are read in pieces of this size, never all at once.
IMPORT_CHUNK_BYTES = 64 * 1024


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


def import_calendar(
    actor: Actor,
    data: bytes,
    progress: Callable[[int, int], None] | None = None,
    today: date | None = None,
) -> ImportReport:
    """TO-5 import: `<Name>: off` / `<Name>: available <N>h` events become time off.

    Imported events record what the team already agreed in its shared
    calendar, so notice and cap are not enforced on them; they come in as
    pending (not announced with coverage, TO-6). Every other check of a
    booking applies, the very same (`rules.check_entry`): dates within
    1970–2199, at most 366 days, TO-1 hours above 0 and below the member's
    daily hours, TO-2 at least one working day. Importing the same file
    twice adds nothing: an event is a duplicate by its UID, or by the same
    member, kind and dates. Each occurrence of a repeating event within
    `ical.horizon(today)` (default: today's date) is one event, checked alike. Who may: those who book for others (the CEO, a
    sprint planning manager; org.policy), PermissionDenied for anyone else;
    only members `actor` may book for are imported (their own cell for a
    sprint planning manager, everyone for the system: the command line).
    """
    if not allows(actor, _FOR_OTHERS):
        raise PermissionDenied(denial_message(_FOR_OTHERS, actor=actor))
    if len(data) > MAX_IMPORT_BYTES:
        raise UploadTooLarge(MAX_IMPORT_BYTES)
    try:
        read = ical.read_events(data, today or timezone.localdate())
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
        if not may_book_time_off_for(actor, person.username, person.cell):
            skipped.append(
                replace(
                    line, member=person.username, reason=denial_message(_FOR_OTHERS, person.cell)
                )
            )
            continue
        req = _request(person, "dev", kind, event.start, event.end, hours, None)
        problems = rules.check_entry(req, org_api.daily_hours_of(person))
        if problems:
            reason = " ".join(f"{v.rule}: {v.message}" for v in problems)
            skipped.append(replace(line, member=person.username, reason=reason))
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
                requested_by=actor.username,
                source="import",
                import_uid=uid,
            )
            record_audit(
                actor.username,
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


class UploadTooLarge(InvalidInput):
    """An upload over `MAX_IMPORT_BYTES` (HTTP 413; exit status 2 on the command line)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(
            "body",
            f"the calendar file is larger than the limit of {limit} bytes "
            f"({limit / (1024 * 1024):g} MiB); export a shorter period and import it in parts",
        )


def read_upload(read: Callable[[int], bytes], declared_length: int | None = None) -> bytes:
    """Read an upload by pieces (`read(n) -> bytes`), refusing it past `MAX_IMPORT_BYTES`.

    A declared length over the limit is refused before anything is read.
    """
    limit = MAX_IMPORT_BYTES
    if declared_length is not None and declared_length > limit:
        raise UploadTooLarge(limit)
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = read(IMPORT_CHUNK_BYTES)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise UploadTooLarge(limit)
        chunks.append(chunk)


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
