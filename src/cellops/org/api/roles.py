"""Roles over dates (ORG-3): giving, ending, who holds one on a day."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import QuerySet

from cellops.kernel.violations import InvalidInput, NotFound
from cellops.org import data, models, rules
from cellops.org.api.actors import editor
from cellops.platform.api import record_audit

# --- roles ---------------------------------------------------------------


def _role(r: models.RoleAssignment) -> data.RoleAssignment:
    return data.RoleAssignment(
        id=r.pk,
        member=r.member.user.username,
        role=data.Role(r.role),
        start=r.start,
        end=r.end,
        cell=r.cell.name if r.cell else None,
        mentee=r.mentee.user.username if r.mentee else None,
    )


def _roles_qs() -> QuerySet[models.RoleAssignment]:
    return models.RoleAssignment.objects.select_related("member__user", "cell", "mentee__user")


def assign_role(
    actor: data.Actor,
    *,
    member: str,
    role: data.Role,
    start: date,
    end: date | None = None,
    cell: str | None = None,
    mentee: str | None = None,
) -> data.RoleAssignment:
    """ORG-3: `member` holds `role` from `start` to `end` (open-ended without one)."""
    by = editor(actor)  # EDIT_ORGANISATION, before anything else
    role = data.Role(role)
    rules.check_role_scope(role, cell, mentee, start, end)
    with transaction.atomic():
        holder = models.Member.objects.filter(user__username=member).first()
        if holder is None:
            raise NotFound("member", f"no member has the username {member!r}")
        cell_row = None
        if cell:
            cell_row = models.Cell.objects.filter(name=cell).first()
            if cell_row is None:
                raise NotFound("cell", f"no cell is called {cell!r}")
        mentee_row = None
        if mentee:
            mentee_row = models.Member.objects.filter(user__username=mentee).first()
            if mentee_row is None:
                raise NotFound("mentee", f"no member has the username {mentee!r}")
        assignment = models.RoleAssignment.objects.create(
            member=holder, role=role.value, cell=cell_row, mentee=mentee_row, start=start, end=end
        )
        record_audit(
            by,
            "role.assign",
            "member",
            member,
            {"role": role.value, "start": start, "end": end, "cell": cell, "mentee": mentee},
        )
    return _role(assignment)


def end_role(actor: data.Actor, assignment_id: int, end: date) -> data.RoleAssignment:
    by = editor(actor)  # EDIT_ORGANISATION, before anything else
    with transaction.atomic():
        assignment = _roles_qs().select_for_update(of=("self",)).filter(pk=assignment_id).first()
        if assignment is None:
            raise NotFound("role", f"no role assignment {assignment_id}")
        if end < assignment.start:
            raise InvalidInput(
                "end", f"the role cannot end ({end}) before it starts ({assignment.start})"
            )
        record_audit(
            by,
            "role.end",
            "member",
            assignment.member.user.username,
            {"role": assignment.role, "end": [assignment.end, end]},
        )
        assignment.end = end
        assignment.save(update_fields=["end"])
    return _role(assignment)


def roles_of(username: str) -> list[data.RoleAssignment]:
    """Every role `username` holds or held, oldest first."""
    return [_role(r) for r in _roles_qs().filter(member__user__username=username)]


def role_holders(
    role: data.Role, day: date | None = None, cell: str | None = None
) -> list[data.RoleAssignment]:
    """Who holds `role` on `day` (today by default), optionally for one cell: ORG-3 as
    `rules.role_held_on` says it, over the role's assignments (one query)."""
    day = day or date.today()
    found = _roles_qs().filter(role=data.Role(role).value, start__lte=day)
    if cell is not None:
        found = found.filter(cell__name=cell)
    return [_role(r) for r in found if rules.role_held_on(r.start, r.end, day)]


def mentor_of(username: str, day: date | None = None) -> str | None:
    for assignment in role_holders(data.Role.MENTOR, day):
        if assignment.mentee == username:
            return assignment.member
    return None
