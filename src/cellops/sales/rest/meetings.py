"""JSON door of SL-4 (the intro meeting), SL-7 (a client's onboarding and offboarding
checklists) and the sales reports, under /api/v1/leads: parse, call api, render."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.sales import api
from cellops.sales.data import FollowUpTask, IntroMeeting
from cellops.sales.rest import ScoresIn
from cellops.web.schemas import Day, Text

router = Router()  # tagged "sales" by the router it is added to


def _actor(request: HttpRequest) -> Actor:
    return org_api.actor_for(request.user)


class NotesIn(Schema):
    situation: Text(10_000)
    problem: Text(10_000)
    implications: Text(10_000)
    need_payoff: Text(10_000)


class FollowUpIn(Schema):
    task: Text(300, 1)
    due: Day


class FollowUpOut(Schema):
    id: int | None
    task: str
    due: Day
    done: bool


class SummaryOut(Schema):
    to: str
    subject: str
    body: str


class MeetingOut(Schema):
    lead: int
    notes: dict[str, str]
    agenda_run: int | None
    held_on: Day | None
    next_steps: str
    discovery_payment: str
    follow_ups: list[FollowUpOut]
    summary_email: SummaryOut | None


class RecordIn(Schema):
    held_on: Day
    next_steps: Text(10_000)
    follow_ups: list[FollowUpIn] = Field(default_factory=list, max_length=50)
    discovery_payment: Literal["paid", "deferred", "none"]
    scores: ScoresIn


class AgendaTickIn(Schema):
    done: bool = True


class ChecklistOut(Schema):
    run: int


def _out(meeting: IntroMeeting) -> dict[str, Any]:
    return {
        "lead": meeting.lead_id,
        "notes": meeting.notes,
        "agenda_run": meeting.agenda_run,
        "held_on": meeting.held_on,
        "next_steps": meeting.next_steps,
        "discovery_payment": meeting.discovery_payment,
        "follow_ups": [asdict(f) for f in meeting.follow_ups],
        "summary_email": asdict(meeting.summary) if meeting.summary else None,
    }


@router.get("/{int:lead_id}/meeting", response=MeetingOut, summary="A lead's intro meeting (SL-4)")
def get_meeting(request, lead_id: int):
    return _out(api.meeting(_actor(request), lead_id))


@router.put(
    "/{int:lead_id}/meeting/notes",
    response=MeetingOut,
    summary="Prepare the intro meeting: SPIN notes and the agenda checklist (SL-4)",
)
def prepare_meeting(request, lead_id: int, payload: NotesIn):
    return _out(api.prepare_meeting(_actor(request), lead_id, payload.dict()))


@router.post(
    "/{int:lead_id}/meeting/agenda/{int:item_id}",
    response=MeetingOut,
    summary="Tick an item of the meeting's agenda (SL-4)",
)
def tick_agenda(request, lead_id: int, item_id: int, payload: AgendaTickIn):
    return _out(api.tick_agenda(_actor(request), lead_id, item_id, payload.done))


@router.post(
    "/{int:lead_id}/meeting/record",
    response=MeetingOut,
    summary="After the meeting: next steps, follow-ups, re-score, discovery; the summary "
    "e-mail drafted (SL-4)",
)
def record_meeting(request, lead_id: int, payload: RecordIn):
    return _out(
        api.record_meeting(
            _actor(request),
            lead_id,
            held_on=payload.held_on,
            next_steps=payload.next_steps,
            follow_ups=[FollowUpTask(f.task, f.due) for f in payload.follow_ups],
            discovery_payment=payload.discovery_payment,
            scores=payload.scores.model_dump(),
        )
    )


@router.post(
    "/{int:lead_id}/checklists/{which}",
    response=ChecklistOut,
    summary="Start the client's onboarding or offboarding checklist (SL-7)",
)
def start_client_checklist(request, lead_id: int, which: Literal["onboarding", "offboarding"]):
    return {"run": api.start_client_checklist(_actor(request), lead_id, which)}
