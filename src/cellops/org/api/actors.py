"""Who is asking (ORG-3 roles held today) and what the permission policy lets them do."""

from __future__ import annotations

import functools
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from cellops.kernel.violations import NotFound
from cellops.org import data, models, rules
from cellops.org.policy import Permission, allows, allows_in_cell, denial_message

# --- who is asking -------------------------------------------------------


@functools.cache
def _roles_rows() -> QuerySet:
    """The rows `actor_for` reads, shaped once per process: on every request, building the
    queryset cost more than running it (decision 0069). Each call filters a copy."""
    return models.Member.objects.order_by().values_list(
        "cell__name",
        "status",
        "roles__role",
        "roles__start",
        "roles__end",
        "roles__cell__name",
    )


def actor_for(user: AbstractBaseUser | AnonymousUser | None, day: date | None = None) -> data.Actor:
    """The roles `user` holds today (ORG-3), for the permission policy."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied("You need to be logged in.")
    day = day or date.today()
    # One query on every request: the member's cell with each role they ever held.
    rows = _roles_rows().filter(user_id=user.pk)
    cell = None
    active = False  # a login with no member behind it is no member (decision 0022)
    held: set[tuple[data.Role, str | None]] = set()
    for cell_name, status, role, start, end, role_cell in rows:
        cell = cell_name
        active = data.MemberStatus(status) in rules.ACTIVE_STATUSES  # ORG-2
        if role is not None and rules.role_held_on(start, end, day):  # ORG-3
            held.add((data.Role(role), role_cell))
    return data.Actor(
        username=user.username,
        is_admin=bool(user.is_staff or user.is_superuser),
        roles=frozenset(role for role, _ in held),
        cell=cell,
        role_cells=frozenset(held),
        active=active,
    )


def actor_named(username: str, day: date | None = None) -> data.Actor:
    """`actor_for` the login called `username` (a command run for someone, a test);
    NotFound when there is no such login."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise NotFound("member", f"no login has the username {username!r}")
    return actor_for(user, day)


def check(actor: data.Actor, permission: Permission) -> data.Actor:
    """`actor`, if the policy lets them do `permission`; PermissionDenied otherwise."""
    if not allows(actor, permission):
        raise PermissionDenied(denial_message(permission, actor=actor))
    return actor


def editor(actor: data.Actor) -> str:
    """The name the audit log records for a change of the organisation (cells, members,
    roles, clients, accounts, epics), once the policy lets `actor` make it
    (EDIT_ORGANISATION, ORG-2); PermissionDenied otherwise."""
    return check(actor, Permission.EDIT_ORGANISATION).username


def check_in_cell(actor: data.Actor, permission: Permission, cell: str) -> data.Actor:
    """`check`, for a permission exercised on one cell (e.g. planning its sprints)."""
    if not allows_in_cell(actor, permission, cell):
        raise PermissionDenied(denial_message(permission, cell, actor=actor))
    return actor


def require(user: AbstractBaseUser | AnonymousUser, permission: Permission) -> data.Actor:
    """The actor, if the policy lets them do `permission`; PermissionDenied otherwise."""
    return check(actor_for(user), permission)


def require_in_cell(
    user: AbstractBaseUser | AnonymousUser, permission: Permission, cell: str
) -> data.Actor:
    """`require`, for a permission exercised on one cell (e.g. planning its sprints)."""
    return check_in_cell(actor_for(user), permission, cell)


def can_in_cell(user: AbstractBaseUser | AnonymousUser, permission: Permission, cell: str) -> bool:
    try:
        require_in_cell(user, permission, cell)
    except PermissionDenied:
        return False
    return True


def can(user: AbstractBaseUser | AnonymousUser, permission: Permission) -> bool:
    try:
        require(user, permission)
    except PermissionDenied:
        return False
    return True
