"""Reading runs and templates, and making the runs of a sprint (SP-12) and of time off (TO-8)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from cellops.checklists import models, rules
from cellops.checklists.api._common import (
    _SYSTEM,
    _check_run_access,
    _ensure_run,
    _run_info,
    _runs,
    _runs_by_ids,
    _template_info,
    _templates,
)
from cellops.checklists.api.templates import seed_default_templates
from cellops.checklists.data import DEVELOPER, Kind, RunInfo, TemplateInfo
from cellops.kernel.violations import NotFound, RuleRefusal, Violation
from cellops.org import api as org_api
from cellops.org.data import CELL_ROLES, Actor, Cell, CellKind, Role


def templates() -> list[TemplateInfo]:
    """Every template with its items, by kind and key."""
    return _templates()


def run(run_id: int, field: str = "run_id") -> RunInfo:
    """One run with its items; NotFound naming `field` when there is none."""
    row = _runs().filter(pk=run_id).first() if 0 < run_id < 2**62 else None
    if row is None:
        raise NotFound(field, f"there is no checklist {run_id}")
    return _run_info(row)


def runs_of(actor: Actor, member: str | None = None, open_only: bool = True) -> list[RunInfo]:
    """`member`'s runs (the actor's own by default), oldest first; only those with an item
    left to do unless told otherwise. Someone else's only for who may see them (`run_for`).

    Someone who is not a member (e.g. an administrator) simply has none.
    """
    member = actor.username if member is None else member
    if member != actor.username:
        _check_run_access(actor, member)
    rows = _runs().filter(member__user__username=member)
    if open_only:
        rows = rows.filter(items__done_at__isnull=True).distinct()
    return [_run_info(r) for r in rows]


def template(key: str, field: str = "template") -> TemplateInfo:
    """The template called `key`; NotFound naming `field` when there is none."""
    row = (
        models.ChecklistTemplate.objects.select_related("cell")
        .prefetch_related("items")
        .filter(key=key)
        .first()
    )
    if row is None:
        raise NotFound(field, f"there is no checklist template {key!r}")
    return _template_info(row)


# --- making runs (SP-12, TO-8) ---------------------------------------------------


def _roles_held(
    roles: set[str], day: date, cell: Cell, members: Iterable[str]
) -> dict[str, set[str]]:
    """Who holds each of `roles` on `day`; a cell role (firefighter…) only for `cell`.

    `developer` is held by every member of a dev cell (TO-8's sense of it).
    """
    held: dict[str, set[str]] = {}
    for value in roles:
        if value == DEVELOPER:
            held[value] = set(members) if cell.kind is CellKind.DEV else set()
            continue
        role = Role(value)
        holders = org_api.role_holders(role, day, cell=cell.name if role in CELL_ROLES else None)
        held[value] = {a.member for a in holders}
    return held


def ensure_sprint_runs(
    cell: str,
    number: int,
    sprint_start: date,
    members: list[str],
    *,
    actor: Actor = _SYSTEM,
) -> list[RunInfo]:
    """SP-12: exactly one sprint checklist for each active member of `cell` in `members`.

    Made from the cell's own sprint template, or the default one; each item
    is due on `sprint_start` + its due day; an item naming a role goes only
    to members holding that role on `sprint_start`. Members listed twice get
    one run; names that are not active members of the cell get none; an
    unknown username is refused (NotFound). Calling again creates nothing
    and returns the same runs. Refused with SP-12 when there is no template.
    """
    cell_info = org_api.get_cell(cell)
    template = rules.sprint_template_for(cell, _templates(Kind.SPRINT))
    if template is None:
        # The handbook's defaults are policy data that always exist: restore them if removed.
        seed_default_templates(actor)
        template = rules.sprint_template_for(cell, _templates(Kind.SPRINT))
    if template is None:
        raise RuleRefusal(
            [
                Violation(
                    rules.SP_12_SPRINT_CHECKLISTS,
                    f"There is no sprint checklist template for {cell} and no default one; "
                    "add one (seed_default_templates restores the handbook's).",
                    {"cell": cell},
                )
            ]
        )
    if template.cell is None and cell_info.kind is CellKind.BUSINESS:
        template = rules.one_week_template(template)  # SP-1: one-week sprints (decision 0062)
    wanted = rules.unique_in_order(members)
    pks = org_api.member_pks(set(wanted))
    unknown = sorted(set(wanted) - set(pks))
    if unknown:
        raise NotFound("members", f"no member has the username {unknown[0]!r}")
    active = {m.username for m in org_api.active_members_of(cell)}
    wanted = [m for m in wanted if m in active]
    holders = _roles_held(
        {i.role for i in template.items if i.role}, sprint_start, cell_info, wanted
    )
    subject = rules.sprint_subject(cell, number)
    ids = []
    with transaction.atomic():
        for member in wanted:
            roles = {role for role, people in holders.items() if member in people}
            items = rules.items_for(template, sprint_start, roles)
            ids.append(
                _ensure_run(
                    actor,
                    template,
                    member,
                    pks[member],
                    subject,
                    items,
                    {"cell": cell, "sprint": number, "sprint_start": sprint_start},
                )
            )
    return _runs_by_ids(ids)


def ensure_vacation_runs(
    request_id: int,
    member: str,
    roles: list[str],
    is_dev: bool,
    covers: dict[str, str],
    start: date,
    *,
    actor: Actor = _SYSTEM,
) -> list[RunInfo]:
    """TO-8: on confirmation, `member`'s vacation lists and the backup lists of who covers them.

    `roles` are the ORG-3 role values `member` holds (a TO-6 duty key such
    as ``role:ceo`` works too); `is_dev` gives the developer list; `covers`
    maps a duty or role (``role:ceo``, ``ceo``), or a backup template's key,
    to the covering username. Items are due `start` + their due day (−1: the
    day before leaving). Calling again creates nothing and returns the same
    runs; an unknown member or covering username is refused (NotFound).
    """
    planned = rules.vacation_lists(_templates(Kind.VACATION), member, roles, is_dev, covers)
    people = {member} | {p.member for p in planned}
    pks = org_api.member_pks(people)
    if member not in pks:
        raise NotFound("member", f"no member has the username {member!r}")
    unknown = sorted(people - set(pks))
    if unknown:
        raise NotFound("covers", f"no member has the username {unknown[0]!r}")
    subject = rules.time_off_subject(request_id)
    ids = []
    with transaction.atomic():
        for plan in planned:
            items = rules.items_for(plan.template, start)
            details = {"time_off": request_id, "away": member, "start": start}
            if plan.backup_of:
                details["backup_of_role"] = plan.backup_of
            ids.append(
                _ensure_run(
                    actor, plan.template, plan.member, pks[plan.member], subject, items, details
                )
            )
    return _runs_by_ids(ids)
