"""Who may book, announce, cancel and import, and who sees the kind (decision 0016)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from django.core.exceptions import PermissionDenied

from cellops.org import api as org_api
from cellops.org.data import Actor, Member
from cellops.org.policy import Permission, allows, may_book_time_off_for, time_off_refusal
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
    "require_viewer",
    "shown",
    "shown_to",
]


def require_viewer(actor: Actor) -> str:
    """A read's one check (VIEW_TIME_OFF, any active member); the username."""
    return org_api.check(actor, Permission.VIEW_TIME_OFF).username


_FOR_OTHERS = Permission.BOOK_TIME_OFF_FOR_OTHERS


def _authorise(actor: Actor, member: str, cell: str | None) -> str:
    """The name the history records for `actor` booking, announcing or cancelling
    `member`'s time off, once `org.policy` lets them (`time_off_refusal`: themself when
    active, ORG-2; another member's as the CEO or their cell's sprint planning manager);
    PermissionDenied otherwise. `cell` None checks only what needs no look-up."""
    refusal = time_off_refusal(actor, member, cell)
    if refusal is not None:
        raise PermissionDenied(refusal)
    return actor.username


def can_book_for_others(actor: Actor) -> bool:
    """Whether the booking page offers `actor` a choice of member (read only)."""
    return allows(actor, _FOR_OTHERS)


def may_book_for(actor: Actor, member: str, cell: str) -> bool:
    """Read only: whether `actor` may book, announce and cancel `member`'s time off."""
    return may_book_time_off_for(actor, member, cell)


def bookable_members(actor: Actor) -> list[Member]:
    """The active members `actor` may book for (everyone's for the CEO, a cell's for its
    sprint planning manager), for the booking page's choice."""
    return [
        m
        for m in org_api.list_members(active_only=True)[0]
        if may_book_time_off_for(actor, m.username, m.cell)
    ]


# --- who sees the kind (decision 0016) ------------------------------------------


def _masked(actor: Actor, item: TimeOff) -> TimeOff:
    if item.kind is Kind.SICK and not _sees_kind(actor, item.member, item.cell):
        return replace(item, kind=Kind.OFF)
    return item


def shown_to(actor: Actor, items: Sequence[TimeOff]) -> list[TimeOff]:
    """`items` as `actor` may see them: sick leave is "off" to colleagues; the member,
    the managers of the member's cell and the CEO see the kind (org policy)."""
    return [_masked(actor, item) for item in items]


def shown(actor: Actor, item: TimeOff) -> TimeOff:
    """One request as `actor` may see it (see `shown_to`)."""
    return shown_to(actor, [item])[0]


def refusals_shown_to(
    actor: Actor, refused: Sequence[Refusal], cells: Mapping[str, str]
) -> list[Refusal]:
    """Refused requests `actor` may see: a refused sick request only to those who see the
    kind (`cells` maps each member to their cell)."""
    return [
        r
        for r in refused
        if r.kind is not Kind.SICK or _sees_kind(actor, r.member, cells.get(r.member, ""))
    ]
