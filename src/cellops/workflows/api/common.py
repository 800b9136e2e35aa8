"""What every workflow use case shares: who may work on them, the checklist templates."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from cellops.checklists import api as checklists_api
from cellops.checklists.data import TemplateInfo
from cellops.kernel.violations import NotFound
from cellops.org.data import Actor
from cellops.org.policy import (
    INACTIVE_MESSAGE,
    Permission,
    denial_message,
    may_work_on_workflows,
)
from cellops.platform.api import SYSTEM_ACTOR
from cellops.workflows.api.templates import TEMPLATES


def require_member(actor: Actor) -> Actor:
    """`actor`, if an active member or an administrator (ORG-2); PermissionDenied otherwise."""
    if not may_work_on_workflows(actor):
        raise PermissionDenied(
            INACTIVE_MESSAGE
            if actor.username
            else denial_message(Permission.WORK_ON_TICKETS, actor=actor)
        )
    return actor


def ensure_templates(templates: tuple[TemplateInfo, ...] = TEMPLATES) -> list[str]:
    """Store the workflow checklist templates that are missing (WF-2, WF-4); the keys stored."""
    stored = []
    for template in templates:
        try:
            checklists_api.template(template.key)
        except NotFound:
            checklists_api.create_template(Actor.system(SYSTEM_ACTOR), template)
            stored.append(template.key)
    return stored
