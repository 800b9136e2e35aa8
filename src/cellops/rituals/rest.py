"""Sprint rituals in JSON (API.md § Sprints, SP-13 to SP-16): retrospective and poll,
firefighters, social chat, video updates, tech talks. Parse, call api, render.

The paths are the ones these endpoints had in sprints' router before decision
0028 moved them here; their operation ids are verbs (`site.api_v1.operation_id`,
decision 0043) under the `rituals` tag.
"""

from collections.abc import Iterable
from dataclasses import asdict
from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.rituals import api
from cellops.web.schemas import Day, Name, Text, Username

router = Router(tags=["rituals"])

SprintNumber = Annotated[int, Field(ge=1, le=100_000)]


def _actor(request: HttpRequest) -> Actor:
    """Who is asking; the use case decides what they may do (decision 0022)."""
    return org_api.actor_for(request.user)


RetroKind = Literal["went well", "to improve"]
ItemId = Annotated[int, Field(ge=1, le=2**31)]


class RetroItemIn(Schema):
    kind: RetroKind
    text: Text(2000, 1)


class RetroItemOut(Schema):
    id: int
    kind: str
    text: str
    author: str
    created: datetime


class PollLineOut(Schema):
    item: int
    text: str
    votes: int
    rank: int
    approved: bool = Field(description="whether you approved it")


class PollOut(Schema):
    results: list[PollLineOut] = Field(description="ranked by votes, most first")
    voters: int


class RetrospectiveOut(Schema):
    sprint: str
    thread: str
    state: Literal["open", "closed", "published"]
    deadline: datetime = Field(description="items are added before this instant (EOD, UTC)")
    published_at: datetime | None
    published_by: str
    went_well: list[RetroItemOut]
    to_improve: list[RetroItemOut]
    poll: PollOut | None


class ThreadOut(Schema):
    cell: str
    title: str
    posts: list[RetrospectiveOut] = Field(description="published retrospectives, newest first")


class ApprovalIn(Schema):
    item: ItemId


def _retrospective(result: api.Retrospective) -> dict[str, Any]:
    return {**asdict(result), "sprint": f"{result.cell}/{result.number}"}


@router.post(
    "/sprints/{cell}/{number}/retrospective/items",
    response={201: RetroItemOut},
    summary="Add a retrospective item before the sprint ends (SP-13)",
)
def add_retro_item(
    request: HttpRequest, cell: str, number: SprintNumber, payload: RetroItemIn
) -> Any:
    author = _actor(request)
    return Status(201, asdict(api.add_retro_item(author, cell, number, payload.kind, payload.text)))


@router.get(
    "/sprints/{cell}/{number}/retrospective",
    response=RetrospectiveOut,
    summary="A sprint's retrospective: items, state, poll ranked by votes (SP-13)",
)
def get_retrospective(request: HttpRequest, cell: str, number: SprintNumber) -> Any:
    return _retrospective(api.retrospective(_actor(request), cell, number))


@router.post(
    "/sprints/{cell}/{number}/retrospective/publish",
    response=RetrospectiveOut,
    summary="Publish the retrospective after rollover, once (SP-13)",
)
def publish_retrospective(request: HttpRequest, cell: str, number: SprintNumber) -> Any:
    return _retrospective(api.publish_retrospective(_actor(request), cell, number))


@router.post(
    "/sprints/{cell}/{number}/retrospective/poll/approvals",
    response=RetrospectiveOut,
    summary="Approve a 'to improve' item in the poll; once per item, again changes nothing (SP-13)",
)
def approve(request: HttpRequest, cell: str, number: SprintNumber, payload: ApprovalIn) -> Any:
    return _retrospective(api.approve(_actor(request), cell, number, payload.item))


@router.delete(
    "/sprints/{cell}/{number}/retrospective/poll/approvals/{item}",
    response=RetrospectiveOut,
    summary="Take back your approval of an item (SP-13)",
)
def withdraw_approval(request: HttpRequest, cell: str, number: SprintNumber, item: ItemId) -> Any:
    return _retrospective(api.withdraw_approval(_actor(request), cell, number, item))


@router.get(
    "/cells/{cell}/retrospective",
    response=ThreadOut,
    summary="The cell's running thread 'Sprint Retrospective - <Cell>' (SP-13)",
)
def retrospective_thread(request: HttpRequest, cell: str) -> Any:
    thread = api.retrospective_thread(_actor(request), cell)
    return {
        "cell": thread.cell,
        "title": thread.title,
        "posts": [_retrospective(p) for p in thread.posts],
    }


class FirefightersQuery(Schema):
    from_: Day | None = Field(None, alias="from", description="YYYY-MM-DD; default today")
    weeks: int = Field(4, ge=1, le=53)


class FirefighterWeekOut(Schema):
    week_start: date
    members: list[str]
    names: list[str]
    recorded: bool = Field(description="false: nobody set yet, these are the rotation's")


class FirefightersOut(Schema):
    cell: str
    weeks: list[FirefighterWeekOut]


class FirefightersIn(Schema):
    week: Day = Field(description="any day of the week; the week starts on its Monday")
    members: list[Username] = Field(max_length=10, description="at most two (SP-14)")


class RotationIn(Schema):
    from_: Day = Field(alias="from")
    weeks: int = Field(ge=1, le=53)


def _firefighters(cell: str, weeks: Iterable[api.Firefighters]) -> dict[str, Any]:
    return {"cell": cell, "weeks": [asdict(w) for w in weeks]}


@router.get(
    "/cells/{cell}/firefighters",
    response=FirefightersOut,
    summary="The cell's firefighters week by week, recorded or from the rotation (SP-14)",
)
def get_firefighters(request: HttpRequest, cell: str, query: Query[FirefightersQuery]) -> Any:
    start = query.from_ or date.today()
    return _firefighters(cell, api.firefighters(_actor(request), cell, start, query.weeks))


@router.post(
    "/cells/{cell}/firefighters",
    response=FirefightersOut,
    summary="Set a week's firefighters, two at most (SP-14)",
)
def set_firefighters(request: HttpRequest, cell: str, payload: FirefightersIn) -> Any:
    actor = _actor(request)
    return _firefighters(cell, [api.set_firefighters(actor, cell, payload.week, payload.members)])


@router.post(
    "/cells/{cell}/firefighters/rotation",
    response=FirefightersOut,
    summary="Record the rotation for the weeks nobody was set for; idempotent (SP-14)",
)
def rotate_firefighters(request: HttpRequest, cell: str, payload: RotationIn) -> Any:
    return _firefighters(cell, api.rotate(_actor(request), cell, payload.from_, payload.weeks))


class SocialChatIn(Schema):
    topic: Text(150, 1)
    at: datetime = Field(description="ISO 8601 with an offset, within the sprint's first week")


class SocialChatOut(Schema):
    sprint: str
    organisers: list[str] = Field(description="the firefighters of the sprint's first week")
    window_start: datetime
    window_end: datetime = Field(description="exclusive: EOD (24:00 UTC) of day 4")
    organised: bool
    topic: str
    at: datetime | None
    organiser: str
    ticket: str | None = Field(description="where participants log their (capped) time")


def _social_chat(chat: api.SocialChat) -> dict[str, Any]:
    return {**asdict(chat), "sprint": f"{chat.cell}/{chat.number}"}


@router.post(
    "/sprints/{cell}/{number}/social-chat",
    response={201: SocialChatOut},
    summary="Organise the sprint's social chat: topic and time in its first week (SP-14)",
)
def organise_social_chat(
    request: HttpRequest, cell: str, number: SprintNumber, payload: SocialChatIn
) -> Any:
    actor = _actor(request)
    chat = api.organise_social_chat(actor, cell, number, payload.topic, payload.at)
    return Status(201, _social_chat(chat))


@router.get(
    "/sprints/{cell}/{number}/social-chat",
    response=SocialChatOut,
    summary="The sprint's social chat and who organises it (SP-14)",
)
def get_social_chat(request: HttpRequest, cell: str, number: SprintNumber) -> Any:
    return _social_chat(api.social_chat(_actor(request), cell, number))


class VideoUpdateIn(Schema):
    member: Username | None = Field(None, description="default: you")
    url: Text(500, 1)


class VideoUpdateLineOut(Schema):
    member: str
    name: str
    due: bool
    title: str
    posted: bool
    url: str
    posted_at: datetime | None


class VideoUpdatesOut(Schema):
    sprint: str
    thread: str
    due: bool
    members: list[VideoUpdateLineOut]


@router.get(
    "/sprints/{cell}/{number}/video-updates",
    response=VideoUpdatesOut,
    summary="Who owes a video update this sprint, its exact title, posted or not (SP-15)",
)
def get_video_updates(request: HttpRequest, cell: str, number: SprintNumber) -> Any:
    updates = api.video_updates(_actor(request), cell, number)
    return {**asdict(updates), "sprint": f"{cell}/{number}"}


@router.post(
    "/sprints/{cell}/{number}/video-updates",
    response={201: VideoUpdateLineOut},
    summary="Record a posted video update; its title is generated; again replaces it (SP-15)",
)
def post_video_update(
    request: HttpRequest, cell: str, number: SprintNumber, payload: VideoUpdateIn
) -> Any:
    actor = _actor(request)
    member = payload.member or actor.username
    return Status(201, asdict(api.post_video_update(actor, cell, number, member, payload.url)))


class TechTalkIn(Schema):
    title: Text(150, 1)
    cell: Name = Field(description="the speaker's cell, where the preparation ticket goes")
    sprint: SprintNumber
    speaker: Username | None = Field(None, description="default: you")
    day: Day | None = Field(None, description="if given, must be the mid-sprint meeting day")


class TechTalkOut(Schema):
    id: int
    title: str
    cell: str
    sprint: int
    day: date
    speaker: str
    speaker_name: str
    ticket: str


class TechTalksQuery(Schema):
    from_: Day | None = Field(None, alias="from", description="YYYY-MM-DD; default today")


class TechTalksOut(Schema):
    items: list[TechTalkOut]
    count: int


@router.post(
    "/tech-talks",
    response={201: TechTalkOut},
    summary="Schedule a tech talk on a mid-sprint meeting day, with its preparation ticket (SP-16)",
)
def schedule_tech_talk(request: HttpRequest, payload: TechTalkIn) -> Any:
    actor = _actor(request)
    talk = api.schedule_tech_talk(
        actor,
        title=payload.title,
        cell=payload.cell,
        sprint=payload.sprint,
        speaker=payload.speaker or actor.username,
        day=payload.day,
    )
    return Status(201, asdict(talk))


@router.get("/tech-talks", response=TechTalksOut, summary="Tech talks from a day on (SP-16)")
def list_tech_talks(request: HttpRequest, query: Query[TechTalksQuery]) -> Any:
    items = [asdict(t) for t in api.tech_talks(_actor(request), query.from_)]
    return {"items": items, "count": len(items)}
