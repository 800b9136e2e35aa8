"""Coverage (TO-6) and its checklists (TO-8): the duties a member leaves, who covers them,
announcing a pending request.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone

from cellops.checklists import api as checklists_api
from cellops.kernel.violations import NotFound, RuleRefusal, Violation
from cellops.org import api as org_api
from cellops.org.data import ROLE_LABELS
from cellops.platform.api import record_audit
from cellops.time_off import models
from cellops.time_off.api.reading import (
    get_time_off,
)
from cellops.time_off.data import (
    CoverageEntry,
    Duty,
    Status,
    TimeOff,
)

__all__ = ["TO_6", "announce", "duties_of"]


TO_6 = "TO-6"


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
