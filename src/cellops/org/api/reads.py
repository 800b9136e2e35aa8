"""Reads the doors show, for who asks: each use case authorises the actor itself
(decision 0045), so a page or an endpoint only makes the actor and calls one of these."""

from __future__ import annotations

from datetime import date

from cellops.kernel.calendar import Sprint
from cellops.org import data
from cellops.org.api.actors import check
from cellops.org.api.calendar import sprint_for_date, sprint_overview
from cellops.org.api.members import get_cell, list_cells
from cellops.org.data import Actor
from cellops.org.policy import Permission, allows
from cellops.platform import api as platform_api
from cellops.platform.data import AuditFilter, AuditPage, AuditRecord


def view_organisation(actor: Actor) -> Actor:
    """`actor`, if they may see the organisation (VIEW_ORGANISATION); PermissionDenied otherwise."""
    return check(actor, Permission.VIEW_ORGANISATION)


def cells_seen_by(actor: Actor) -> list[data.Cell]:
    """All cells, for who may see the organisation."""
    view_organisation(actor)
    return list_cells()


def cell_seen_by(actor: Actor, name: str, field: str = "cell") -> data.Cell:
    """One cell (NotFound when none has that name), for who may see the organisation."""
    view_organisation(actor)
    return get_cell(name, field=field)


def sprint_for_date_seen_by(
    actor: Actor,
    day: date,
    field: str = "date",
    cell: str | None = None,
    kind: data.CellKind | None = None,
) -> tuple[Sprint, int]:
    """The sprint containing `day` and `day`'s number in it, on `cell`'s calendar (or
    `kind`'s; the dev one by default; SP-1), for who may see the organisation."""
    view_organisation(actor)
    return sprint_for_date(day, field=field, cell=cell, kind=kind)


def sprint_overview_seen_by(
    actor: Actor, today: date, kind: data.CellKind = data.CellKind.DEV
) -> list[data.SprintRow]:
    """The coming sprints of the calendar of cells of `kind`, for who may see the
    organisation."""
    view_organisation(actor)
    return sprint_overview(today, kind=kind)


def shows_money(actor: Actor) -> bool:
    """Whether clients, accounts and epics are shown to `actor` with their money (rates,
    budgets: VIEW_CLIENT_BUDGETS); PermissionDenied unless they may see the organisation."""
    view_organisation(actor)
    return allows(actor, Permission.VIEW_CLIENT_BUDGETS)


def may_edit_organisation(actor: Actor) -> bool:
    """Whether pages offer `actor` the forms that change the organisation (EDIT_ORGANISATION);
    the write use cases check it again."""
    return allows(actor, Permission.EDIT_ORGANISATION)


def audit_log_seen_by(
    actor: Actor,
    object_type: str | None = None,
    limit: int = 200,
    which: AuditFilter | None = None,
    zone: str = "UTC",
) -> list[AuditRecord]:
    """The most recent writes, newest first, for who may read the audit log (VIEW_AUDIT_LOG):
    all, of `object_type`, or those `which` selects (its days whole days in `zone`)."""
    check(actor, Permission.VIEW_AUDIT_LOG)
    return platform_api.audit_log(limit=limit, object_type=object_type, which=which, zone=zone)


def audit_page_seen_by(
    actor: Actor, which: AuditFilter, number: int = 1, zone: str = "UTC"
) -> AuditPage:
    """One page of the writes `which` selects, for who may read the audit log
    (VIEW_AUDIT_LOG)."""
    check(actor, Permission.VIEW_AUDIT_LOG)
    return platform_api.audit_page(which, number=number, zone=zone)


def audit_choices_seen_by(actor: Actor) -> tuple[list[str], list[str]]:
    """Who has written and the kinds of object written (what the audit page's filters offer),
    for who may read the audit log (VIEW_AUDIT_LOG)."""
    check(actor, Permission.VIEW_AUDIT_LOG)
    return platform_api.audit_actors(), platform_api.audit_object_types()
