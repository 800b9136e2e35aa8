"""The shared calendar (TO-5): a request's events, iCalendar feeds and their personal links."""

from __future__ import annotations

import logging
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser

from cellops.kernel.digests import digest as _digest
from cellops.kernel.violations import NotFound
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.org.policy import Permission
from cellops.platform.api import record_audit
from cellops.time_off import ical, models, rules
from cellops.time_off.api.access import (
    shown_to,
)
from cellops.time_off.api.reading import (
    list_time_off,
)
from cellops.time_off.data import (
    CalendarEvent,
    Request,
    TimeOff,
)

__all__ = [
    "events_of",
    "feed",
    "has_feed_secret",
    "new_feed_secret",
    "revoke_feed_secret",
    "user_for_feed_secret",
]


log = logging.getLogger(__name__)


def events_of(item: TimeOff) -> list[CalendarEvent]:
    """Read only: the TO-5 calendar events of a stored request (as the feed writes them)."""
    req = Request(
        item.member,
        item.kind,
        item.start,
        item.end,
        org_api.get_member(item.member).working_days,
        "dev",
        item.hours_per_day,
        item.scope or None,
    )
    try:
        return rules.calendar_events(req, item.name)
    except ValueError:  # a stored row the rules refuse today (decision 0015)
        log.warning("time-off request %s cannot be drawn as calendar events", item.id)
        return []


def feed(
    *,
    cell: str | None = None,
    member: str | None = None,
    base_url: str = "",
    viewer: Actor | None = None,
) -> bytes:
    """An iCalendar feed of the cell's, the member's or everyone's time off.

    Given the `viewer` (an Actor), sick leave they may not see is described as
    off (decision 0016). A stored request that cannot be drawn is left out
    (and logged), never failing the feed.
    """
    events = []
    items = list_time_off(cell=cell, member=member)
    if viewer is not None:
        items = shown_to(viewer, items)
    for item in items:
        for n, event in enumerate(events_of(item)):
            events.append(
                ical.FeedEvent(
                    uid=f"time-off-{item.id}-{n}@cellops",
                    title=event.title,
                    start=event.start,
                    end=event.end,
                    url=f"{base_url}/time-off/{item.id}/",
                    description=f"{item.kind.value}, {item.status.value}",
                    updated=item.requested_at,
                )
            )
    name = f"Time off — {cell or member or 'everyone'}"
    return ical.feed(name, events)


def _own_login(actor: Actor) -> AbstractBaseUser:
    """The login of `actor`, whose own feed links these are, once the policy lets them
    read the calendar (VIEW_TIME_OFF, ORG-2); PermissionDenied otherwise."""
    org_api.check(actor, Permission.VIEW_TIME_OFF)
    user = get_user_model().objects.filter(username=actor.username).first()
    if user is None:
        raise NotFound("user", f"no login has the username {actor.username!r}")
    return user


def new_feed_secret(actor: Actor) -> str:
    """A new secret for `actor`'s own feed links; the old links stop working."""
    user = _own_login(actor)
    secret = secrets.token_urlsafe(24)
    models.FeedLink.objects.update_or_create(user=user, defaults={"digest": _digest(secret)})
    record_audit(user.username, "time_off.feed_link", "user", user.username, {})
    return secret


def revoke_feed_secret(actor: Actor) -> None:
    """`actor`'s own feed links stop working."""
    user = _own_login(actor)
    if models.FeedLink.objects.filter(user=user).delete()[0]:
        record_audit(user.username, "time_off.feed_link_revoke", "user", user.username, {})


def has_feed_secret(actor: Actor) -> bool:
    """Whether `actor` has feed links that work (their own; nobody else's is asked)."""
    return models.FeedLink.objects.filter(user__username=actor.username).exists()


def user_for_feed_secret(secret: str) -> str | None:
    """The username of the active login whose feed links `secret` opens, or None.

    A plain value (issue #8): the door logs that user in for the request.
    """
    return (
        models.FeedLink.objects.filter(digest=_digest(secret), user__is_active=True)
        .values_list("user__username", flat=True)
        .first()
    )
