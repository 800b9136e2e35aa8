"""Checklist templates: storing a cell's own, and seeding the handbook's."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from cellops.checklists import models, rules
from cellops.checklists.api._common import _SYSTEM, KNOWN_ROLES, _template_info
from cellops.checklists.data import DEFAULT_POLICY, ChecklistPolicy, TemplateInfo
from cellops.kernel.violations import InvalidInput
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.org.policy import Permission, denial_message, may_edit_checklist_template
from cellops.platform.api import record_audit


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
