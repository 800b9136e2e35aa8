"""Sprint rituals (SP-13 to SP-16): who may, their shared checks, video updates (SP-15) and
tech talks (SP-16)."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from cellops.kernel.bounds import LATEST
from cellops.kernel.bounds import check_field_day as _check_day
from cellops.kernel.calendar import Sprint
from cellops.kernel.violations import InvalidInput, refuse_if_any
from cellops.org import api as org_api
from cellops.org import policy
from cellops.org.data import Actor
from cellops.org.policy import Permission, allows_in_cell
from cellops.platform.api import record_audit
from cellops.sprints import models, rules
from cellops.sprints.api._common import _full_name, _sprint_row, _text, sprint_dates
from cellops.sprints.api.tickets import create_ticket
from cellops.sprints.data import TechTalk, VideoUpdateLine, VideoUpdates

# --- sprint rituals (SP-13 to SP-16) ------------------------------------------
#
# Retrospectives and their poll (SP-13), the firefighter rotation and the
# sprint's social chat with its 30-minute cap (SP-14), video updates (SP-15)
# and tech talks (SP-16). The rules are in `rules`; these functions load,
# check, write in a transaction, audit, and hand back plain values (`data`).

#: Who runs a cell's rituals besides administrators: its sprint planning
#: manager and its sprint manager (ORG-3, both held per cell).
#: The account meetings are logged to (ORG-4), and the epic social chats go on.
MEETINGS_ACCOUNT = "Meetings"
SOCIAL_CHAT_EPIC = "Social chat"


# who may ----------------------------------------------------------------------


def may_see_cell(actor: Actor, cell: str) -> bool:
    """SP-13 privacy: the cell's active members, its sprint planning and sprint managers,
    and administrators see and write its retrospective (`policy.sees_cell`)."""
    return policy.sees_cell(actor, cell)


def _require_cell_access(actor: Actor, cell: str) -> str:
    """The username of `actor` if they may see and write `cell`'s retrospective (NotFound for
    an unknown cell, PermissionDenied for anyone else)."""
    org_api.get_cell(cell)
    if not policy.sees_cell(actor, cell):
        raise PermissionDenied(
            policy.inactive_refusal(actor)
            or f"The retrospective of {cell} is private to its members, its sprint planning "
            "and sprint managers, and administrators."
        )
    return actor.username


def is_cell_manager(actor: Actor, cell: str) -> bool:
    """Administrators, and the cell's sprint planning manager or sprint manager."""
    return allows_in_cell(actor, Permission.RUN_RITUALS, cell)


def _require_cell_manager(actor: Actor, cell: str) -> str:
    """The username of `actor` if they run `cell`'s rituals (publish its retrospective, set
    its firefighters, act for its members); PermissionDenied otherwise."""
    org_api.get_cell(cell)
    if not allows_in_cell(actor, Permission.RUN_RITUALS, cell):
        raise PermissionDenied(
            policy.inactive_refusal(actor)
            or f"Only {cell}'s sprint planning manager or sprint manager, or an administrator, "
            "may do this."
        )
    return actor.username


def _acting_for(actor: Actor, cell: str, member: str) -> str:
    """The username of `actor` if they may do a ritual in `member`'s name: themself, or the
    cell's ritual managers (decision 0011)."""
    if not policy.may_act_for(actor, cell, member):
        raise PermissionDenied(
            policy.inactive_refusal(actor)
            or f"Only {cell}'s sprint planning manager or sprint manager, or an administrator, "
            "may do this."
        )
    return actor.username


def _check_moment(field: str, moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(field, "give a time with its offset, like 2026-03-10T15:00:00+00:00")
    _check_day(field, moment.date())
    return moment


def _ritual_dates(number: int, field: str = "number") -> Sprint:
    """The sprint's dates, refused on `field` when it lies beyond the dates we keep."""
    dates = sprint_dates(number, field)
    if dates.end > LATEST:
        raise InvalidInput(field, f"give a sprint that ends by {LATEST}, not sprint {number}")
    return dates


def _active_member_of(username: str, cell: str, field: str = "member"):
    member = org_api.get_member(username, field=field)
    if member.cell != cell or member.status.value not in org_api.ACTIVE_STATUS_VALUES:
        raise InvalidInput(field, f"{username} is not an active member of {cell}")
    return member


def _meetings_account(actor: str) -> str:
    """ORG-4: the "Meetings" account, made (and audited) the first time a ritual needs it."""
    if not any(a.name == MEETINGS_ACCOUNT for a in org_api.list_accounts(show_money=False)):
        org_api.create_account(Actor.system(actor), MEETINGS_ACCOUNT)  # the system makes it
    return MEETINGS_ACCOUNT


# SP-15 video updates --------------------------------------------------------------


def video_updates(cell: str, number: int) -> VideoUpdates:
    """SP-15: for each active member, whether a video update is due this sprint, its exact
    title (`Sprint X - <Cell> - <Name>`, X the sprint ending) and whether it was posted."""
    kind = org_api.get_cell(cell).kind.value
    _ritual_dates(number)
    due = rules.video_due(kind, number)
    posted = {
        v.member.user.username: v
        for v in models.VideoUpdate.objects.select_related("member__user").filter(
            sprint__cell__name=cell, sprint__number=number
        )
    }
    members = sorted(org_api.active_members_of(cell), key=lambda m: (_full_name(m), m.username))
    lines = []
    for m in members:
        row = posted.get(m.username)
        lines.append(
            VideoUpdateLine(
                member=m.username,
                name=_full_name(m),
                due=due,
                title=row.title if row else rules.video_update_title(number, cell, _full_name(m)),
                posted=row is not None,
                url=row.url if row else "",
                posted_at=row.posted_at if row else None,
            )
        )
    return VideoUpdates(cell, number, rules.sprint_updates_thread_title(cell), due, tuple(lines))


def post_video_update(
    actor: Actor, cell: str, number: int, member: str, url: str, now: datetime | None = None
) -> VideoUpdateLine:
    """SP-15: record `member`'s posted video update (a link); its title is generated, never
    typed. One per member per sprint: posting again replaces the link. The member posts
    their own; the cell's ritual managers may post for them."""
    org_api.get_cell(cell)
    actor = _acting_for(actor, cell, member)  # the username to record
    now = now or timezone.now()
    url = (url or "").strip()
    try:
        if len(url) > 500:
            raise ValidationError("too long")
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise InvalidInput(
            "url", "give the link of the video, like https://www.loom.com/share/…"
        ) from exc
    kind = org_api.get_cell(cell).kind.value
    _ritual_dates(number)
    person = _active_member_of(member, cell)
    refuse_if_any(rules.check_video_due(kind, number))
    title = rules.video_update_title(number, cell, _full_name(person))
    with transaction.atomic():
        row = _sprint_row(cell, number)
        models.VideoUpdate.objects.update_or_create(
            sprint=row,
            member_id=org_api.member_pk(member),
            defaults={"title": title, "url": url, "posted_at": now, "posted_by": actor},
        )
        record_audit(
            actor, "video_update.post", "sprint", f"{cell}/{number}", {"member": member, "url": url}
        )
    return next(line for line in video_updates(cell, number).members if line.member == member)


# SP-16 tech talks -------------------------------------------------------------------


def _tech_talk(row: models.TechTalk) -> TechTalk:
    speaker = row.speaker
    return TechTalk(
        id=row.pk,
        title=row.title,
        cell=row.cell.name,
        sprint=row.sprint_number,
        day=row.day,
        speaker=speaker.user.username,
        speaker_name=speaker.user.get_full_name() or speaker.user.username,
        ticket=row.ticket.key,
    )


def schedule_tech_talk(
    actor: Actor,
    *,
    title: str,
    cell: str,
    sprint: int,
    speaker: str,
    day: date | None = None,
) -> TechTalk:
    """SP-16: a tech talk on the mid-sprint meeting day of `sprint` (a `day` given must be that
    day), with a ticket to prepare it in the speaker's own cell, assigned to the speaker.
    The speaker schedules their own; the cell's ritual managers may for them."""
    org_api.get_cell(cell)
    creator = actor
    actor = _acting_for(creator, cell, speaker)  # the username to record
    title = _text("title", title, 150, "give the tech talk a title")
    dates = _ritual_dates(sprint, field="sprint")
    if day is not None:
        refuse_if_any(rules.check_tech_talk_day(dates, _check_day("day", day)))
    talk_day = rules.tech_talk_day(dates)
    person = org_api.get_member(speaker, field="speaker")
    if person.cell != cell:
        raise InvalidInput(
            "speaker",
            f"{speaker} is a member of {person.cell}: the preparation ticket goes in the "
            f"speaker's own cell, so give the cell {person.cell}",
        )
    with transaction.atomic():
        ticket = create_ticket(
            creator,
            title=f"Prepare the tech talk: {title}",
            cell=cell,
            account=_meetings_account(actor),
            assignee=speaker,
            due_date=talk_day,
            description=(
                f"Tech talk on {talk_day:%A %d %B %Y}, the mid-sprint meeting day of sprint "
                f"{sprint} (SP-16). Discuss the time in the tech talks thread."
            ),
        )
        row = models.TechTalk.objects.create(
            title=title,
            cell_id=org_api.cell_pk(cell),
            sprint_number=sprint,
            day=talk_day,
            speaker_id=org_api.member_pk(speaker),
            ticket=models.Ticket.objects.get(key=ticket.key),
            scheduled_by=actor,
        )
        record_audit(
            actor,
            "tech_talk.schedule",
            "tech_talk",
            row.pk,
            {"title": title, "day": talk_day, "speaker": speaker},
        )
    return tech_talks(talk_day, talk_day, ids={row.pk})[0]


def tech_talks(
    from_day: date | None = None, until: date | None = None, ids: set[int] | None = None
) -> list[TechTalk]:
    """SP-16: tech talks from `from_day` (today by default) to `until`, soonest first."""
    from_day = _check_day("from", from_day or timezone.localdate())
    rows = models.TechTalk.objects.select_related("cell", "speaker__user", "ticket").filter(
        day__gte=from_day
    )
    if until is not None:
        rows = rows.filter(day__lte=_check_day("until", until))
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return [_tech_talk(r) for r in rows.order_by("day", "id")]
