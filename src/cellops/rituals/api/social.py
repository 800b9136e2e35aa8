"""Firefighters and the sprint's social chat with its 30-minute cap (SP-14)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from cellops.kernel.violations import InvalidInput, refuse_if_any
from cellops.org import api as org_api
from cellops.org import policy
from cellops.org.data import Actor
from cellops.org.policy import Permission, allows_in_cell
from cellops.platform.api import record_audit
from cellops.rituals import models, rules
from cellops.rituals.api._common import (
    SOCIAL_CHAT_EPIC,
    _active_member_of,
    _check_day,
    _check_moment,
    _meetings_account,
    _reader,
    _require_cell_manager,
    _ritual_dates,
    _text,
    _ticket_id,
)
from cellops.rituals.data import Firefighters, SocialChat
from cellops.sprints import api as sprints_api

# SP-14 firefighters and the social chat ----------------------------------------


def _rotation_order(cell: str) -> list[str]:
    """SP-14: the cell's active members in the rotation's stable order (by username)."""
    return sorted(m.username for m in org_api.active_members_of(cell))


def _week_index(monday: date) -> int:
    return (monday - org_api.sprint_calendar().first_start).days // 7


def firefighters(actor: Actor, cell: str, from_week: date, weeks: int = 1) -> list[Firefighters]:
    """SP-14: the cell's firefighters for `weeks` weeks from the week of `from_week`: those
    recorded, else those the rotation gives (marked not recorded). For who works on
    tickets (`_reader`)."""
    _reader(actor)
    return _firefighters(cell, from_week, weeks)


def _firefighters(cell: str, from_week: date, weeks: int = 1) -> list[Firefighters]:
    if not 1 <= weeks <= 53:
        raise InvalidInput("weeks", "give a number of weeks from 1 to 53")
    org_api.get_cell(cell)
    first = rules.week_start(_check_day("from", from_week))
    mondays = [first + timedelta(weeks=i) for i in range(weeks)]
    recorded: dict[date, list[str]] = defaultdict(list)
    for monday, username in (
        models.FirefighterWeek.objects.filter(cell__name=cell, week_start__in=mondays)
        .order_by("week_start", "slot")
        .values_list("week_start", "member__user__username")
    ):
        recorded[monday].append(username)
    order = _rotation_order(cell)
    pairs = {
        monday: tuple(recorded[monday])
        if monday in recorded
        else rules.firefighter_pair(order, _week_index(monday))
        for monday in mondays
    }
    names = sprints_api.member_names(cell, {u for pair in pairs.values() for u in pair})
    return [
        Firefighters(
            cell,
            monday,
            pairs[monday],
            tuple(names.get(u, u) for u in pairs[monday]),
            monday in recorded,
        )
        for monday in mondays
    ]


def set_firefighters(actor: Actor, cell: str, week: date, members: Iterable[str]) -> Firefighters:
    """SP-14: the cell's ritual managers record a week's firefighters (at most two, active
    members of the cell), in place of whoever was set; an empty list gives the week back to
    the rotation."""
    actor = _require_cell_manager(actor, cell)  # the username to record
    chosen = list(members)
    if len(set(chosen)) != len(chosen):
        raise InvalidInput("members", "name each firefighter once")
    refuse_if_any(rules.check_firefighters(chosen))
    monday = rules.week_start(_check_day("week", week))
    ids = [org_api.member_pk(_active_member_of(u, cell, "members").username) for u in chosen]
    with transaction.atomic():
        org_api.lock_cell(cell)
        cell_id = org_api.cell_pk(cell)
        models.FirefighterWeek.objects.filter(cell_id=cell_id, week_start=monday).delete()
        models.FirefighterWeek.objects.bulk_create(
            models.FirefighterWeek(
                cell_id=cell_id, week_start=monday, slot=slot, member_id=pk, set_by=actor
            )
            for slot, pk in enumerate(ids, start=1)
        )
        record_audit(actor, "firefighters.set", "cell", cell, {"week": monday, "members": chosen})
    return _firefighters(cell, monday)[0]


def rotate(actor: Actor, cell: str, from_week: date, weeks: int) -> list[Firefighters]:
    """SP-14: record the rotation's firefighters for the weeks that have none yet, two per
    week walking the cell's active members in a stable order. Idempotent: weeks already set
    (by the rotation or by hand) are left as they are. The cell's ritual managers do it."""
    actor = _require_cell_manager(actor, cell)  # the username to record
    planned = _firefighters(cell, from_week, weeks)
    with transaction.atomic():
        org_api.lock_cell(cell)
        cell_id = org_api.cell_pk(cell)
        taken = set(
            models.FirefighterWeek.objects.filter(
                cell_id=cell_id, week_start__in=[p.week_start for p in planned]
            ).values_list("week_start", flat=True)
        )
        new = [p for p in planned if p.week_start not in taken and p.members]
        ids = org_api.member_pks({u for p in new for u in p.members})
        models.FirefighterWeek.objects.bulk_create(
            models.FirefighterWeek(
                cell_id=cell_id,
                week_start=p.week_start,
                slot=slot,
                member_id=ids[u],
                set_by=actor,
            )
            for p in new
            for slot, u in enumerate(p.members, start=1)
        )
        if new:
            record_audit(
                actor,
                "firefighters.rotate",
                "cell",
                cell,
                {"weeks": [p.week_start for p in new]},
            )
    return _firefighters(cell, from_week, weeks)


def may_organise_social_chat(actor: Actor, cell: str, number: int) -> bool:
    """SP-14: the firefighters of the sprint's first week organise its social chat; the
    cell's managers and administrators may too."""
    if allows_in_cell(actor, Permission.RUN_RITUALS, cell):
        return True
    if not policy.allows(actor, Permission.WORK_ON_TICKETS):
        return False
    return actor.username in _firefighters(cell, _ritual_dates(cell, number).start)[0].members


def require_social_chat_organiser(actor: Actor, cell: str, number: int) -> str:
    """The username of `actor` if they may organise the sprint's social chat (SP-14)."""
    org_api.get_cell(cell)
    if not may_organise_social_chat(actor, cell, number):
        who = _firefighters(cell, _ritual_dates(cell, number).start)[0].names
        raise PermissionDenied(
            f"SP-14: the firefighters of sprint {number}'s first week "
            f"({' and '.join(who) or 'nobody yet'}) organise its social chat, or {cell}'s "
            "sprint planning manager."
        )
    return actor.username


def _social_chat_epic() -> str | None:
    return next(
        (
            e.key
            for e in org_api.list_epics(show_money=False)
            if e.title.strip().lower() == SOCIAL_CHAT_EPIC.lower()
        ),
        None,
    )


def social_chat(actor: Actor, cell: str, number: int) -> SocialChat:
    """SP-14: the sprint's social chat, organised or not, with its organisers and window.
    For who works on tickets (`_reader`)."""
    _reader(actor)
    return _social_chat(cell, number)


def _social_chat(cell: str, number: int) -> SocialChat:
    org_api.get_cell(cell)
    dates = _ritual_dates(cell, number)
    opens, closes = rules.social_chat_window(dates)
    organisers = _firefighters(cell, dates.start)[0].members
    chat = (
        models.SocialChat.objects.select_related("ticket")
        .filter(sprint__cell__name=cell, sprint__number=number)
        .first()
    )
    if chat is None:
        return SocialChat(cell, number, organisers, opens, closes, organised=False)
    return SocialChat(
        cell,
        number,
        organisers,
        opens,
        closes,
        organised=True,
        topic=chat.topic,
        at=chat.at,
        organiser=chat.organiser,
        ticket=chat.ticket.key,
    )


def organise_social_chat(
    actor: Actor, cell: str, number: int, topic: str, at: datetime
) -> SocialChat:
    """SP-14: set the sprint's social chat: a topic and a time within its first week (days 0
    to 4, UTC). The first time, its dedicated ticket is made on the cell (on the "Social
    chat" epic if there is one, "Meetings" account); later calls change topic and time and
    keep the ticket. The first week's firefighters organise it, or the cell's managers."""
    organiser = actor
    actor = require_social_chat_organiser(organiser, cell, number)  # the username to record
    topic = _text("topic", topic, 150, "give the social chat a topic")
    _check_moment("at", at)
    org_api.get_cell(cell)
    dates = _ritual_dates(cell, number)
    refuse_if_any(rules.check_social_chat_time(dates, at))
    description = (
        f"Social chat of {cell}, sprint {number}: {topic}, at {at.astimezone(UTC):%Y-%m-%d %H:%M} "
        "UTC. Optional; log the time you attend here: at most 30 minutes per participant "
        "(SP-14)."
    )
    with transaction.atomic():
        sprint_id = sprints_api.sprint_id(cell, number, lock=True)
        chat = (
            models.SocialChat.objects.select_related("ticket").filter(sprint_id=sprint_id).first()
        )
        if chat is None:
            ticket = sprints_api.create_ticket(
                organiser,
                title=f"Social chat {cell} sprint {number}: {topic}"[:200],
                cell=cell,
                account=_meetings_account(organiser),
                epic=_social_chat_epic(),
                description=description,
            )
            models.SocialChat.objects.create(
                sprint_id=sprint_id,
                topic=topic,
                at=at,
                organiser=actor,
                ticket_id=_ticket_id(ticket.key),
            )
        else:
            chat.topic, chat.at = topic, at
            chat.save(update_fields=["topic", "at"])
            sprints_api.update_ticket(
                organiser,
                chat.ticket.key,
                {
                    "title": f"Social chat {cell} sprint {number}: {topic}"[:200],
                    "description": description,
                },
            )
        record_audit(
            actor, "social_chat.organise", "sprint", f"{cell}/{number}", {"topic": topic, "at": at}
        )
    return _social_chat(cell, number)


def social_chat_tickets(keys: set[str]) -> set[str]:
    """SP-14: which of these ticket keys are social chat tickets (their worklogs are capped)."""
    # One chat per cell and sprint: reading them all is one small query, however
    # many keys a worklog import brings.
    return set(models.SocialChat.objects.values_list("ticket__key", flat=True)) & set(keys)


def lock_social_chat(ticket: str) -> None:
    """SP-14: serialise worklogs on one social chat's ticket, so two at once cannot both pass
    the cap. Call inside `transaction.atomic()` before summing what was logged."""
    list(models.SocialChat.objects.select_for_update().filter(ticket__key=ticket))


def check_social_chat_worklog(logged_hours: Decimal, hours: Decimal) -> None:
    """SP-14: refuse (`RuleRefusal`) `hours` more when they would bring a participant's time
    on one social chat (`logged_hours` so far) above 30 minutes; the violation names both the
    hours logged and the most that can still be logged."""
    refuse_if_any(rules.check_social_chat_log(logged_hours, hours))
