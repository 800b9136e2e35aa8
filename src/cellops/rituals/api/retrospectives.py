"""The retrospective and its poll (SP-13)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal, Violation, refuse_if_any
from cellops.org import api as org_api
from cellops.org import policy
from cellops.org.data import Actor
from cellops.platform.api import record_audit
from cellops.rituals import models, rules
from cellops.rituals.api._common import (
    _completed,
    _require_cell_access,
    _require_cell_manager,
    _ritual_dates,
    _text,
)
from cellops.rituals.data import Poll, PollLine, RetroEntry, Retrospective, RetrospectiveThread
from cellops.sprints import api as sprints_api

# SP-13 retrospectives ----------------------------------------------------------


def _retro_entry(row: models.RetroItem) -> RetroEntry:
    return RetroEntry(row.pk, row.kind, row.text, row.author, row.created)


def add_retro_item(
    actor: Actor, cell: str, number: int, kind: str, text: str, now: datetime | None = None
) -> RetroEntry:
    """SP-13: an item "went well" or "to improve", added before the sprint ends (refused once
    it ended or was completed), by those who see the cell's retrospective."""
    author = _require_cell_access(actor, cell)
    now = now or timezone.now()
    if kind not in rules.RETRO_KINDS:
        raise InvalidInput("kind", 'give "went well" or "to improve"')
    text = _text("text", text, 2000, "say what went well or what to improve")
    org_api.get_cell(cell)
    dates = _ritual_dates(cell, number)
    with transaction.atomic():
        sprint_id = sprints_api.sprint_id(cell, number, lock=True)
        refuse_if_any(rules.check_retro_item(dates.end, _completed(cell, number), now))
        item = models.RetroItem.objects.create(
            sprint_id=sprint_id, author=author, kind=kind, text=text
        )
        record_audit(author, "retrospective.add_item", "sprint", f"{cell}/{number}", {"kind": kind})
    return _retro_entry(item)


def publish_retrospective(
    actor: Actor, cell: str, number: int, now: datetime | None = None
) -> Retrospective:
    """SP-13: after rollover (the sprint completed), publish the items to the cell's running
    thread; a poll opens with more than two "to improve" items. Once only: publishing again
    changes nothing and answers the published retrospective. The cell's ritual managers
    publish."""
    viewer = actor
    actor = _require_cell_manager(viewer, cell)  # the username to record
    now = now or timezone.now()
    _ritual_dates(cell, number)
    with transaction.atomic():
        sprint_id = sprints_api.sprint_id(cell, number, lock=True)
        if not models.Retrospective.objects.filter(sprint_id=sprint_id).exists():
            items = list(
                models.RetroItem.objects.filter(sprint_id=sprint_id).values_list("kind", flat=True)
            )
            refuse_if_any(rules.check_retro_publish(_completed(cell, number), len(items)))
            poll = rules.poll_opens(items.count(rules.TO_IMPROVE))
            models.Retrospective.objects.create(
                sprint_id=sprint_id, published_at=now, published_by=actor, poll_open=poll
            )
            record_audit(
                actor,
                "retrospective.publish",
                "sprint",
                f"{cell}/{number}",
                {"items": len(items), "poll": poll},
            )
    return retrospective(viewer, cell, number, now=now)


def _rank(votes: Mapping[int, int]) -> list[tuple[int, int]]:
    """(item, rank) in `rank_poll` order; equal votes share a rank (1, 2, 2, 4)."""
    ranked = rules.rank_poll(votes)
    return [(item, 1 + sum(1 for v in votes.values() if v > votes[item])) for item in ranked]


def retrospective(
    actor: Actor, cell: str, number: int, *, now: datetime | None = None
) -> Retrospective:
    """SP-13: a sprint's retrospective: its items, its state and, once published with more
    than two "to improve" items, the poll ranked by votes (`actor`'s approvals marked).
    Private to those who see the cell (PermissionDenied for anyone else)."""
    _require_cell_access(actor, cell)
    now = now or timezone.now()
    dates = _ritual_dates(cell, number)
    record = sprints_api.sprint_record(cell, number)
    this_sprint = {"sprint__cell__name": cell, "sprint__number": number}
    published = models.Retrospective.objects.filter(**this_sprint).first()
    items = list(
        models.RetroItem.objects.filter(**this_sprint)
        .annotate(votes=Count("approvals"))
        .order_by("created", "id")
    )
    if published:
        state = "published"
    elif rules.check_retro_item(dates.end, record.completed_at is not None, now):
        state = "closed"
    else:
        state = "open"
    poll = None
    if published and published.poll_open:
        mine = set(
            models.PollApproval.objects.filter(
                item__sprint=published.sprint_id, member__user__username=actor.username
            ).values_list("item_id", flat=True)
        )
        to_improve = {i.pk: i for i in items if i.kind == rules.TO_IMPROVE}
        votes = {pk: i.votes for pk, i in to_improve.items()}
        poll = Poll(
            tuple(
                PollLine(pk, to_improve[pk].text, votes[pk], rank, pk in mine)
                for pk, rank in _rank(votes)
            ),
            models.PollApproval.objects.filter(item__sprint=published.sprint_id)
            .values("member")
            .distinct()
            .count(),
        )
    return Retrospective(
        cell=cell,
        number=number,
        thread=rules.retrospective_thread_title(cell),
        state=state,
        deadline=rules.end_of_day(dates.end),
        published_at=published.published_at if published else None,
        published_by=published.published_by if published else "",
        went_well=tuple(_retro_entry(i) for i in items if i.kind == rules.WENT_WELL),
        to_improve=tuple(_retro_entry(i) for i in items if i.kind == rules.TO_IMPROVE),
        poll=poll,
    )


def retrospective_thread(actor: Actor, cell: str) -> RetrospectiveThread:
    """SP-13: the cell's running thread "Sprint Retrospective - <Cell>": every published
    retrospective, newest sprint first (private like each of them)."""
    _require_cell_access(actor, cell)
    numbers = (
        models.Retrospective.objects.filter(sprint__cell__name=cell)
        .order_by("-sprint__number")
        .values_list("sprint__number", flat=True)
    )
    return RetrospectiveThread(
        cell,
        rules.retrospective_thread_title(cell),
        tuple(retrospective(actor, cell, n) for n in numbers),
    )


def _poll_item(cell: str, number: int, item: int) -> models.RetroItem:
    row = models.RetroItem.objects.filter(
        pk=item, sprint__cell__name=cell, sprint__number=number
    ).first()
    if row is None:
        raise NotFound("item", f"no item {item} in the retrospective of {cell}/{number}")
    published = models.Retrospective.objects.filter(sprint_id=row.sprint_id).first()
    if published is None or not published.poll_open:
        raise RuleRefusal(
            [
                Violation(
                    rules.SP_13_RETROSPECTIVE,
                    "No poll is open on this retrospective: a poll opens when it is published "
                    'with more than two "to improve" items.',
                    {"field": "item"},
                )
            ]
        )
    if row.kind != rules.TO_IMPROVE:
        raise RuleRefusal(
            [
                Violation(
                    rules.SP_13_RETROSPECTIVE,
                    f'Item {item} went well: the poll is about the "to improve" items; approve '
                    "one of those.",
                    {"field": "item"},
                )
            ]
        )
    return row


def _voter(actor: Actor, cell: str) -> int:
    _require_cell_access(actor, cell)
    if not policy.is_active_member_of(actor, cell):
        raise PermissionDenied(f"Only the active members of {cell} vote in its poll.")
    return org_api.member_pk(actor.username)


def approve(actor: Actor, cell: str, number: int, item: int) -> Retrospective:
    """SP-13: an active member of the cell approves a "to improve" item in the poll. Once per
    item: approving it again changes nothing (idempotent)."""
    member = actor.username
    voter = _voter(actor, cell)
    row = _poll_item(cell, number, item)
    with transaction.atomic():
        _, created = models.PollApproval.objects.get_or_create(item=row, member_id=voter)
        if created:
            record_audit(
                member, "retrospective.approve", "sprint", f"{cell}/{number}", {"item": item}
            )
    return retrospective(actor, cell, number)


def withdraw_approval(actor: Actor, cell: str, number: int, item: int) -> Retrospective:
    """SP-13: a member takes back their approval of an item (nothing to take back: no change)."""
    member = actor.username
    voter = _voter(actor, cell)
    row = _poll_item(cell, number, item)
    with transaction.atomic():
        deleted, _ = models.PollApproval.objects.filter(item=row, member_id=voter).delete()
        if deleted:
            record_audit(
                member, "retrospective.withdraw", "sprint", f"{cell}/{number}", {"item": item}
            )
    return retrospective(actor, cell, number)


def set_approvals(actor: Actor, cell: str, number: int, items: Iterable[int]) -> Retrospective:
    """SP-13 (the page's checkboxes): the member's approvals become exactly `items`."""
    wanted = set(items)
    current = retrospective(actor, cell, number)
    if current.poll is None:
        raise RuleRefusal(
            [
                Violation(
                    rules.SP_13_RETROSPECTIVE,
                    "No poll is open on this retrospective: a poll opens when it is published "
                    'with more than two "to improve" items.',
                )
            ]
        )
    mine = {line.item for line in current.poll.results if line.approved}
    with transaction.atomic():
        for item in sorted(wanted - mine):
            approve(actor, cell, number, item)
        for item in sorted(mine - wanted):
            withdraw_approval(actor, cell, number, item)
    return retrospective(actor, cell, number)
