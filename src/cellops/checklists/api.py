"""Use cases of checklists: the only door into `cellops.checklists`.

Sprint checklists (SP-12) are made when a sprint starts, vacation
checklists (TO-8) when time off is confirmed; the apps that start sprints
and confirm time off call `ensure_sprint_runs` and `ensure_vacation_runs`.
Both may be called any number of times: a run is unique per (template,
member, subject), so a second call — even one racing the first — finds the
runs already made and creates nothing. People tick the items of their own
runs; sprint planning managers and administrators may tick anyone's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from cellops.checklists import models, rules
from cellops.checklists.data import (
    DEFAULT_POLICY,
    DEVELOPER,
    ChecklistPolicy,
    ItemInfo,
    Kind,
    PlannedItem,
    Result,
    RunInfo,
    RunItemInfo,
    TemplateInfo,
)
from cellops.kernel.calendar import format_day
from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal, Violation
from cellops.org import api as org_api
from cellops.org.data import CELL_ROLES, Actor, Cell, CellKind, Role
from cellops.org.policy import (
    Permission,
    denial_message,
    may_edit_checklist_template,
    may_see_checklist,
)
from cellops.platform.api import SYSTEM_ACTOR, record_audit
from cellops.platform.data import Need

__all__ = [
    "KNOWN_ROLES",
    "NEEDS_HORIZON_DAYS",
    "create_template",
    "ensure_sprint_runs",
    "ensure_vacation_runs",
    "gate_gaps",
    "needs_of",
    "record_result",
    "require_complete",
    "run",
    "run_for",
    "runs_of",
    "seed_default_templates",
    "start_run",
    "template",
    "templates",
    "tick",
    "viewer",
]

#: What a template's and an item's role may be: an ORG-3 role, or "developer" (TO-8).
KNOWN_ROLES = frozenset({r.value for r in Role} | {DEVELOPER})

#: Who makes runs when nobody in particular does (a sprint starting on schedule).
_SYSTEM = Actor.system(SYSTEM_ACTOR)


# --- reading -------------------------------------------------------------------


def _template_info(row: models.ChecklistTemplate) -> TemplateInfo:
    return TemplateInfo(
        key=row.key,
        title=row.title,
        kind=Kind(row.kind),
        items=tuple(ItemInfo(i.text, i.due_day, i.role, i.section) for i in row.items.all()),
        role=row.role,
        backup_of_role=row.backup_of_role,
        cell=row.cell.name if row.cell_id else None,
        id=row.pk,
    )


def _templates(kind: Kind | None = None) -> list[TemplateInfo]:
    rows = models.ChecklistTemplate.objects.select_related("cell").prefetch_related("items")
    if kind is not None:
        rows = rows.filter(kind=kind.value)
    return [_template_info(t) for t in rows]


def templates() -> list[TemplateInfo]:
    """Every template with its items, by kind and key."""
    return _templates()


def _runs() -> QuerySet[models.ChecklistRun]:
    return models.ChecklistRun.objects.select_related("template", "member__user").prefetch_related(
        "items"
    )


def _run_info(row: models.ChecklistRun) -> RunInfo:
    return RunInfo(
        id=row.pk,
        template=row.template.key,
        title=row.template.title,
        kind=Kind(row.template.kind),
        member=row.member.user.username,
        subject=row.subject,
        created_at=row.created_at,
        items=tuple(
            RunItemInfo(
                id=i.pk,
                position=i.position,
                text=i.text,
                due_day=i.due_day,
                due_date=i.due_date,
                role=i.role,
                done_at=i.done_at,
                done_by=i.done_by,
                section=i.section,
                result=Result(i.result),
                note=i.note,
                link=i.link,
            )
            for i in row.items.all()
        ),
        backup_of_role=row.template.backup_of_role,
    )


def run(run_id: int, field: str = "run_id") -> RunInfo:
    """One run with its items; NotFound naming `field` when there is none."""
    row = _runs().filter(pk=run_id).first() if 0 < run_id < 2**62 else None
    if row is None:
        raise NotFound(field, f"there is no checklist {run_id}")
    return _run_info(row)


def runs_of(member: str, open_only: bool = True) -> list[RunInfo]:
    """`member`'s runs, oldest first; only those with an item left to do unless told otherwise.

    Someone who is not a member (e.g. an administrator) simply has none.
    """
    rows = _runs().filter(member__user__username=member)
    if open_only:
        rows = rows.filter(items__done_at__isnull=True).distinct()
    return [_run_info(r) for r in rows]


def _runs_by_ids(ids: list[int]) -> list[RunInfo]:
    found = {r.pk: _run_info(r) for r in _runs().filter(pk__in=ids)}
    return [found[i] for i in ids]


# --- making runs (SP-12, TO-8) ---------------------------------------------------


def _ensure_run(
    actor: Actor,
    template: TemplateInfo,
    member: str,
    member_pk: int,
    subject: str,
    items: Iterable[PlannedItem],
    details: Mapping[str, object],
) -> int:
    """The id of `member`'s run of `template` for `subject`, made now if there is none.

    There is deliberately no "does it exist?" query first: the insert runs in
    a savepoint and the unique constraint decides. A second call — or a
    concurrent one, which on PostgreSQL waits for the first to commit — gets
    an IntegrityError and returns the run already there, so nothing is ever
    made twice. Call inside `transaction.atomic()`.
    """
    identity = {"template_id": template.id, "member_id": member_pk, "subject": subject}
    try:
        with transaction.atomic():
            row = models.ChecklistRun.objects.create(**identity)
            models.RunItem.objects.bulk_create(
                models.RunItem(
                    run=row,
                    position=i.position,
                    text=i.text,
                    due_day=i.due_day,
                    due_date=i.due_date,
                    role=i.role,
                    section=i.section,
                )
                for i in items
            )
    except IntegrityError:
        existing = models.ChecklistRun.objects.filter(**identity).values_list("pk", flat=True)
        if not existing:
            raise
        return existing[0]
    record_audit(
        actor.username,
        "checklists.create",
        "checklist_run",
        row.pk,
        {"template": template.key, "member": member, "subject": subject, **details},
    )
    return row.pk


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


# --- ticking -----------------------------------------------------------------------


def _owner_cell(owner: str) -> str | None:
    try:
        return org_api.get_member(owner).cell
    except NotFound:
        return None


def _check_run_access(actor: Actor, owner: str) -> None:
    """PermissionDenied unless `actor` may see and tick `owner`'s checklist (org.policy)."""
    if not may_see_checklist(actor, owner, _owner_cell(owner)):
        raise PermissionDenied(
            "This checklist is someone else's: only its owner, the sprint planning manager "
            "of their cell and administrators may see or tick it."
            if actor.username != owner
            else denial_message(Permission.WORK_ON_TICKETS, actor=actor)
        )


def run_for(actor: Actor, run_id: int, field: str = "run_id") -> RunInfo:
    """Run `run_id`, if `actor` may see it: its owner (an active member), the sprint planning
    manager of the owner's cell, or an administrator. NotFound, else PermissionDenied."""
    found = run(run_id, field)
    _check_run_access(actor, found.member)
    return found


def tick(actor: Actor, run_id: int, item_id: int, done: bool) -> RunInfo:
    """Mark an item done (recording who and when) or not done; the same again changes nothing.

    Ticking an item already done keeps who did it first and when. Only who may see the
    run may tick it (`run_for`).
    """
    run_for(actor, run_id)
    who = actor.username
    with transaction.atomic():
        item = models.RunItem.objects.select_for_update().filter(pk=item_id, run_id=run_id).first()
        if item is None:
            raise NotFound("item_id", f"checklist {run_id} has no item {item_id}")
        if done and item.done_at is None:
            item.done_at, item.done_by = timezone.now(), who
            item.save(update_fields=["done_at", "done_by"])
            record_audit(
                who, "checklists.tick", "checklist_item", item.pk, {"run": run_id, "done": True}
            )
        elif not done and item.done_at is not None:
            record_audit(
                who,
                "checklists.untick",
                "checklist_item",
                item.pk,
                {"run": run_id, "done": False, "was_done_by": item.done_by},
            )
            item.done_at, item.done_by = None, ""
            item.save(update_fields=["done_at", "done_by"])
    return run(run_id)


# --- runs that gate a step (decision 0038) -----------------------------------------


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


def start_run(
    actor: Actor, template_key: str, subject: str, owner: str, *, anchor: date | None = None
) -> RunInfo:
    """`owner`'s run of template `template_key` about `subject` (e.g. ``instance test 3``),
    made now unless it exists (one per template, owner and subject). The owner must be a
    member (NotFound otherwise); who may start it is who may see it (`run_for`). Items are
    due `due_day` days from `anchor` (default today): a newcomer's onboarding counts from
    their start date."""
    found = template(template_key)
    pks = org_api.member_pks({owner})
    if owner not in pks:
        raise NotFound("owner", f"no member has the username {owner!r}")
    _check_run_access(actor, owner)
    with transaction.atomic():
        run_id = _ensure_run(
            actor,
            found,
            owner,
            pks[owner],
            subject,
            rules.items_for(found, anchor or timezone.localdate()),
            {"kind": found.kind.value},
        )
    return run(run_id)


def record_result(
    actor: Actor,
    run_id: int,
    item_id: int,
    result: Result,
    note: str = "",
    link: str = "",
) -> RunInfo:
    """Record what checking an item came to: pass, fail or n/a, with a note and a link.

    Who may tick the run may record (its owner, their cell's sprint planning manager, an
    administrator). A fail or n/a needs a note (InvalidInput naming `note`). A result
    marks the item done by `actor`; `Result.NONE` clears it.
    """
    problems = rules.result_problems(result, note, link)
    if problems:
        raise InvalidInput(*problems[0])
    run_for(actor, run_id)
    with transaction.atomic():
        item = models.RunItem.objects.select_for_update().filter(pk=item_id, run_id=run_id).first()
        if item is None:
            raise NotFound("item_id", f"checklist {run_id} has no item {item_id}")
        was = item.result
        item.result, item.note, item.link = result.value, note.strip(), link.strip()
        if result is Result.NONE:
            item.done_at, item.done_by = None, ""
        else:
            item.done_at, item.done_by = timezone.now(), actor.username
        item.save(update_fields=["result", "note", "link", "done_at", "done_by"])
        record_audit(
            actor.username,
            "checklists.result",
            "checklist_item",
            item.pk,
            {"run": run_id, "result": result.value, "was": was, "note": item.note},
        )
    return run(run_id)


def gate_gaps(run_id: int) -> list[str]:
    """Decision 0038: what still keeps run `run_id` from opening the step it gates."""
    return rules.gate_gaps(run(run_id))


def require_complete(run_id: int, rule: str, step: str) -> RunInfo:
    """The run, if it opens `step`: every item checked and none failed; else RuleRefusal
    under `rule` (e.g. WF-2) with one violation per gap."""
    found = run(run_id)
    gaps = rules.gate_gaps(found)
    if gaps:
        raise RuleRefusal(
            [
                Violation(rule, f"Before “{step}”, the checklist must be complete: {gap}.", {})
                for gap in gaps
            ]
        )
    return found


# --- templates -----------------------------------------------------------------------


def _write_template(template: TemplateInfo) -> models.ChecklistTemplate:
    row = models.ChecklistTemplate.objects.create(
        key=template.key,
        title=template.title,
        kind=template.kind.value,
        role=template.role,
        backup_of_role=template.backup_of_role,
        cell_id=org_api.cell_pk(template.cell) if template.cell else None,
    )
    models.TemplateItem.objects.bulk_create(
        models.TemplateItem(
            template=row,
            position=n,
            text=item.text,
            due_day=item.due_day,
            role=item.role,
            section=item.section,
        )
        for n, item in enumerate(template.items)
    )
    return row


def create_template(actor: Actor, template: TemplateInfo) -> TemplateInfo:
    """Store a new template (e.g. a cell's own sprint template, SP-12).

    A cell's template is for that cell's sprint planning manager; any other for who edits
    the organisation (org.policy). Malformed templates are refused naming the field
    (InvalidInput); a key in use, or a second sprint template for the same cell, is refused too.
    """
    if not may_edit_checklist_template(actor, template.cell):
        raise PermissionDenied(
            denial_message(Permission.MANAGE_SPRINTS, template.cell, actor=actor)
            if template.cell
            else denial_message(Permission.EDIT_ORGANISATION, actor=actor)
        )
    problems = rules.template_problems(template, KNOWN_ROLES)
    if problems:
        raise InvalidInput(*problems[0])
    try:
        with transaction.atomic():
            row = _write_template(template)
            record_audit(
                actor.username,
                "checklists.template_create",
                "checklist_template",
                template.key,
                {"kind": template.kind.value, "cell": template.cell, "items": len(template.items)},
            )
    except IntegrityError:
        if models.ChecklistTemplate.objects.filter(key=template.key).exists():
            raise InvalidInput(
                "key", f"the key {template.key!r} is taken; choose another"
            ) from None
        raise InvalidInput(
            "cell",
            f"{template.cell or 'the default'} has a sprint template already; change that one",
        ) from None
    return _template_info(
        models.ChecklistTemplate.objects.select_related("cell")
        .prefetch_related("items")
        .get(pk=row.pk)
    )


def seed_default_templates(
    actor: Actor = _SYSTEM, policy: ChecklistPolicy = DEFAULT_POLICY
) -> list[str]:
    """Store the handbook's templates that are missing; the keys stored (none the second time).

    A template already there is left as it is, even if edited since.
    """
    created = []
    with transaction.atomic():
        existing = set(models.ChecklistTemplate.objects.values_list("key", flat=True))
        for template in policy.templates:
            if template.key in existing:
                continue
            _write_template(template)
            record_audit(
                actor.username,
                "checklists.template_seed",
                "checklist_template",
                template.key,
                {"kind": template.kind.value, "items": len(template.items)},
            )
            created.append(template.key)
    return created


# --- who may -------------------------------------------------------------------------


def viewer(user: AbstractBaseUser | AnonymousUser | None) -> Actor:
    """The logged-in person as an `Actor` (PermissionDenied when nobody is logged in)."""
    return org_api.actor_for(user)


# --- the home page ----------------------------------------------------------------

#: How far ahead the home page looks for checklist items coming due.
NEEDS_HORIZON_DAYS = 7


def needs_of(user: AbstractBaseUser | AnonymousUser | None, today: date) -> list[Need]:
    """My checklist items not done and due by a week from today (overdue ones too), one
    entry per checklist with each item's day (SP-12, TO-8). One query."""
    if user is None or not user.is_authenticated:
        return []
    items = (
        models.RunItem.objects.filter(
            run__member__user=user,
            done_at__isnull=True,
            due_date__isnull=False,
            due_date__lte=today + timedelta(days=NEEDS_HORIZON_DAYS),
        )
        .select_related("run__template")
        .order_by("due_date", "run_id", "position")
    )
    by_run: dict[int, list[models.RunItem]] = {}
    for item in items:
        by_run.setdefault(item.run_id, []).append(item)
    needs = []
    for run_items in by_run.values():
        run = run_items[0].run
        first = run_items[0].due_date
        lines = "; ".join(
            f"{'day ' + str(i.due_day) + ', ' if i.due_day is not None else ''}"
            f"{format_day(i.due_date)}: {i.text.rstrip('.')}"
            for i in run_items[:5]
        ) + (f"; and {len(run_items) - 5} more" if len(run_items) > 5 else "")
        overdue = sum(i.due_date < today for i in run_items)
        count = len(run_items)
        needs.append(
            Need(
                area="Checklists",
                title=f"{count} item{'s' if count != 1 else ''} due in {run.template.title}"
                + (f" ({run.subject})" if run.subject else "")
                + (f", {overdue} overdue" if overdue else ""),
                detail=lines,
                url=reverse("checklists:detail", args=[run.pk]),
                when=first,
            )
        )
    return needs
