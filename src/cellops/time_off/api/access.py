"""Who may book, announce, cancel and import, and who sees the kind (decision 0016)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from django.core.exceptions import PermissionDenied

from cellops.org import api as org_api
from cellops.org.data import Actor, Member
from cellops.org.policy import Permission, allows, allows_in_cell, denial_message
from cellops.org.policy import sees_time_off_kind as _sees_kind
from cellops.time_off.data import (
    Kind,
    Refusal,
    TimeOff,
)

__all__ = [
    "bookable_members",
    "can_book_for_others",
    "may_book_for",
    "refusals_shown_to",
    "require_booker",
    "require_importer",
    "require_viewer",
    "shown",
    "shown_to",
]


def require_viewer(user) -> str:
    return org_api.require(user, Permission.VIEW_TIME_OFF).username


_FOR_OTHERS = Permission.BOOK_TIME_OFF_FOR_OTHERS


def _may_book_for(actor: Actor, member: str, cell: str) -> bool:
    return actor.username == member or allows_in_cell(actor, _FOR_OTHERS, cell)


def require_booker(user, member: str) -> str:
    """People book, announce and cancel their own time off; the CEO for anyone, a sprint
    planning manager for the members of their own cell (issue #8)."""
    actor = org_api.actor_for(user)
    if actor.username == member:
        return actor.username
    if not allows(actor, _FOR_OTHERS):
        raise PermissionDenied(denial_message(_FOR_OTHERS))
    cell = org_api.get_member(member).cell
    if not _may_book_for(actor, member, cell):
        raise PermissionDenied(denial_message(_FOR_OTHERS, cell))
    return actor.username


def can_book_for_others(user) -> bool:
    """Whether the booking page offers `user` a choice of member (read only)."""
    return org_api.can(user, _FOR_OTHERS)


def may_book_for(user, member: str, cell: str) -> bool:
    """Read only: whether `user` may book, announce and cancel `member`'s time off."""
    if user is None or not user.is_authenticated:
        return False
    return _may_book_for(org_api.actor_for(user), member, cell)


def bookable_members(user) -> list[Member]:
    """The active members `user` may book for (everyone's for the CEO, a cell's for its
    sprint planning manager), for the booking page's choice."""
    actor = org_api.actor_for(user)
    return [
        m
        for m in org_api.list_members(active_only=True)[0]
        if _may_book_for(actor, m.username, m.cell)
    ]


def require_importer(user) -> str:
    return org_api.require(user, _FOR_OTHERS).username


# --- who sees the kind (decision 0016) ------------------------------------------


def _masked(actor: Actor, item: TimeOff) -> TimeOff:
    if item.kind is Kind.SICK and not _sees_kind(actor, item.member, item.cell):
        return replace(item, kind=Kind.OFF)
    return item


def shown_to(user, items: Sequence[TimeOff]) -> list[TimeOff]:
    """`items` as `user` may see them: sick leave is "off" to colleagues; the member,
    the managers of the member's cell and the CEO see the kind (org policy)."""
    actor = org_api.actor_for(user)
    return [_masked(actor, item) for item in items]


def shown(user, item: TimeOff) -> TimeOff:
    """One request as `user` may see it (see `shown_to`)."""
    return shown_to(user, [item])[0]


def refusals_shown_to(user, refused: Sequence[Refusal], cells: Mapping[str, str]) -> list[Refusal]:
    """Refused requests `user` may see: a refused sick request only to those who see the
    kind (`cells` maps each member to their cell)."""
    actor = org_api.actor_for(user)
    return [
        r
        for r in refused
        if r.kind is not Kind.SICK or _sees_kind(actor, r.member, cells.get(r.member, ""))
    ]
