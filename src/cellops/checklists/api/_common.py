"""What the checklists use cases share: reading rows into values, the system actor,
making a run exactly once, and who may see a run (org.policy)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from cellops.checklists import models
from cellops.checklists.data import (
    DEVELOPER,
    ItemInfo,
    Kind,
    PlannedItem,
    Result,
    RunInfo,
    RunItemInfo,
    TemplateInfo,
)
from cellops.kernel.violations import NotFound
from cellops.org import api as org_api
from cellops.org.data import Actor, Role
from cellops.org.policy import Permission, denial_message, may_see_checklist
from cellops.platform.api import SYSTEM_ACTOR, record_audit

#: What a template's and an item's role may be: an ORG-3 role, or "developer" (TO-8).
KNOWN_ROLES = frozenset({r.value for r in Role} | {DEVELOPER})

#: Who makes runs when nobody in particular does (a sprint starting on schedule).
_SYSTEM = Actor.system(SYSTEM_ACTOR)


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


def _runs_by_ids(ids: list[int]) -> list[RunInfo]:
    found = {r.pk: _run_info(r) for r in _runs().filter(pk__in=ids)}
    return [found[i] for i in ids]


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
