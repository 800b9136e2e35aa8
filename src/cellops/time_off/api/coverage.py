"""Coverage (TO-6) and its checklists (TO-8): the duties a member leaves, who covers them,
announcing a pending request.

The rules decide (`rules.duties`, `rules.check_coverage`); this module loads the
member's epics and roles, finds which named covers exist in one query, and stores.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from django.db import transaction
from django.utils import timezone

from cellops.checklists import api as checklists_api
from cellops.kernel.violations import NotFound, RuleRefusal, Violation
from cellops.org import api as org_api
from cellops.org.data import ROLE_LABELS, Actor
from cellops.platform.api import record_audit
from cellops.time_off import models, rules
from cellops.time_off.api.access import _authorise
from cellops.time_off.api.reading import get_time_off
from cellops.time_off.data import (
    CoverageEntry,
    Duty,
    EpicHeld,
    RoleHeld,
    Status,
    TimeOff,
)

__all__ = ["TO_6", "announce", "duties_of"]


TO_6 = rules.TO_6_COVERAGE


def _roles_held(member: str) -> tuple[RoleHeld, ...]:
    """Every role `member` holds or held, labelled as people read it (one query)."""
    return tuple(
        RoleHeld(r.role.value, ROLE_LABELS[r.role], r.start, r.end, r.cell, r.mentee)
        for r in org_api.roles_of(member)
    )


def _epics_held(member: str) -> list[EpicHeld]:
    return [EpicHeld(e.key, e.title, e.owner, e.reviewer) for e in org_api.active_epics_of(member)]


def duties_of(
    member: str, start: date, end: date, roles: Sequence[RoleHeld] | None = None
) -> list[Duty]:
    """TO-6: the member's active epics (default cover: the other person on the epic), and
    roles held then (`rules.duties`). Pass `roles` when they are loaded already."""
    held = _roles_held(member) if roles is None else roles
    return rules.duties(member, _epics_held(member), held, start, end)


def _coverage_for(
    member: str,
    start: date,
    end: date,
    coverage: Sequence[CoverageEntry],
    roles: Sequence[RoleHeld] | None = None,
    also: Sequence[str] = (),
) -> tuple[list[CoverageEntry], list[Violation], dict[str, int]]:
    """TO-6 (`rules.check_coverage`): who covers each duty, the problems, and the ids of the
    covers (and of the members named in `also`, found in the same query)."""
    duties = duties_of(member, start, end, roles)
    wanted = rules.covers_to_find(duties, coverage)
    pks = org_api.member_pks(wanted | set(also)) if wanted or also else {}
    covers = {name: pk for name, pk in pks.items() if name in wanted}
    entries, violations = rules.check_coverage(member, duties, coverage, covers.keys())
    return entries, violations, pks


def _vacation_checklists(
    by: str,
    row: models.TimeOffRequest,
    member: str,
    entries: Sequence[CoverageEntry],
    roles: Sequence[RoleHeld],
    dev_cell: bool,
) -> None:
    """TO-8: on confirmation, the member's vacation checklists per role, and the backups'
    lists; `by` is the name of who confirmed, for the checklists' history."""
    held = [r.role for r in rules.roles_held_during(roles, row.start, row.end)]
    checklists_api.ensure_vacation_runs(
        row.pk,
        member,
        held,
        dev_cell,
        {e.duty: e.covered_by for e in entries},
        row.start,
        actor=Actor.system(by),  # the confirmation was authorised; this records who
    )


def _store_coverage(
    row: models.TimeOffRequest, entries: Sequence[CoverageEntry], pks: Mapping[str, int]
) -> None:
    models.Coverage.objects.bulk_create(
        [
            models.Coverage(request=row, duty=e.duty, covered_by_id=pks[e.covered_by])
            for e in entries
        ]
    )


def announce(
    actor: Actor, request_id: int, coverage: Sequence[CoverageEntry], field: str = "id"
) -> TimeOff:
    """TO-6: announce a pending request with who covers each duty; it becomes confirmed.
    Who may: as for booking it (org.policy); a request that does not exist is NotFound on
    `field` first."""
    item = get_time_off(request_id, field)
    by = _authorise(actor, item.member, item.cell)
    with transaction.atomic():
        row = models.TimeOffRequest.objects.select_for_update().filter(pk=request_id).first()
        if row is None:
            raise NotFound(field, f"there is no time-off request {request_id}")
        member = item.member
        if row.status == Status.CANCELLED.value:
            raise RuleRefusal(
                [Violation(TO_6, "This request is cancelled; book the time off again instead.")]
            )
        roles = _roles_held(member)
        entries, violations, pks = _coverage_for(member, row.start, row.end, coverage, roles)
        if violations:
            raise RuleRefusal(violations)
        row.coverage.all().delete()
        _store_coverage(row, entries, pks)
        row.status = Status.CONFIRMED.value
        row.confirmed_at = timezone.now()
        row.save(update_fields=["status", "confirmed_at"])
        dev_cell = org_api.get_cell(item.cell).kind.value == "dev"
        _vacation_checklists(by, row, member, entries, roles, dev_cell)
        record_audit(
            by,
            "time_off.announce",
            "time_off",
            row.pk,
            {"coverage": [(e.duty, e.covered_by) for e in entries]},
        )
    return get_time_off(request_id)
