"""Video updates (SP-15) and tech talks (SP-16)."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from cellops.kernel.violations import InvalidInput, refuse_if_any
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.platform.api import record_audit
from cellops.rituals import models, rules
from cellops.rituals.api._common import (
    _acting_for,
    _active_member_of,
    _check_day,
    _dev_ritual_dates,
    _full_name,
    _meetings_account,
    _reader,
    _ritual_dates,
    _text,
    _ticket_id,
)
from cellops.rituals.data import TechTalk, VideoUpdateLine, VideoUpdates
from cellops.sprints import api as sprints_api

# SP-15 video updates --------------------------------------------------------------


def video_updates(actor: Actor, cell: str, number: int) -> VideoUpdates:
    """SP-15: for each active member, whether a video update is due this sprint, its exact
    title (`Sprint X - <Cell> - <Name>`, X the sprint ending) and whether it was posted.
    For who works on tickets (`_reader`)."""
    _reader(actor)
    return _video_updates(cell, number)


def _video_updates(cell: str, number: int) -> VideoUpdates:
    kind = org_api.get_cell(cell).kind.value
    _ritual_dates(cell, number)
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
    _ritual_dates(cell, number)
    person = _active_member_of(member, cell)
    refuse_if_any(rules.check_video_due(kind, number))
    title = rules.video_update_title(number, cell, _full_name(person))
    with transaction.atomic():
        sprint_id = sprints_api.sprint_id(cell, number)
        models.VideoUpdate.objects.update_or_create(
            sprint_id=sprint_id,
            member_id=org_api.member_pk(member),
            defaults={"title": title, "url": url, "posted_at": now, "posted_by": actor},
        )
        record_audit(
            actor, "video_update.post", "sprint", f"{cell}/{number}", {"member": member, "url": url}
        )
    return next(line for line in _video_updates(cell, number).members if line.member == member)


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
    dates = _dev_ritual_dates(sprint, field="sprint")
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
        ticket = sprints_api.create_ticket(
            creator,
            title=f"Prepare the tech talk: {title}",
            cell=cell,
            account=_meetings_account(creator),
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
            ticket_id=_ticket_id(ticket.key),
            scheduled_by=actor,
        )
        record_audit(
            actor,
            "tech_talk.schedule",
            "tech_talk",
            row.pk,
            {"title": title, "day": talk_day, "speaker": speaker},
        )
    return _tech_talks(talk_day, talk_day, ids={row.pk})[0]


def tech_talks(
    actor: Actor, from_day: date | None = None, until: date | None = None
) -> list[TechTalk]:
    """SP-16: tech talks from `from_day` (today by default) to `until`, soonest first.
    For who works on tickets (`_reader`)."""
    _reader(actor)
    return _tech_talks(from_day, until)


def _tech_talks(
    from_day: date | None = None, until: date | None = None, ids: set[int] | None = None
) -> list[TechTalk]:
    from_day = _check_day("from", from_day or timezone.localdate())
    rows = models.TechTalk.objects.select_related("cell", "speaker__user", "ticket").filter(
        day__gte=from_day
    )
    if until is not None:
        rows = rows.filter(day__lte=_check_day("until", until))
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return [_tech_talk(r) for r in rows.order_by("day", "id")]
