"""JSON door of checklists (SP-12, TO-8, the gates of decision 0038): parse, call api, render.

People read and tick their own checklists; sprint planning managers and
administrators anyone's (403 otherwise). A run that gates a step (an instance test's,
a pull request's) records each item's result — pass, fail or n/a — with a note and a link.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Router, Schema

from cellops.checklists import api
from cellops.checklists.data import Result, RunInfo
from cellops.org import api as org_api
from cellops.web.schemas import Text

router = Router(tags=["checklists"])


class RunItemOut(Schema):
    id: int
    position: int
    text: str
    due_day: int | None
    due_date: date | None
    role: str
    done: bool
    done_at: datetime | None
    done_by: str
    section: str
    #: "" until checked; "pass", "fail" or "n/a" on a run that records results
    result: str
    note: str
    link: str


class RunOut(Schema):
    id: int
    template: str
    title: str
    kind: str
    member: str
    subject: str
    created_at: datetime
    done_count: int
    total: int
    #: whether its items record results (pass / fail / n/a) rather than ticks
    records_results: bool
    counts: dict[str, int]
    #: what keeps the run from opening the step it gates (decision 0038); [] when none
    gaps: list[str]
    items: list[RunItemOut]


class RunPage(Schema):
    items: list[RunOut]
    count: int


class TickIn(Schema):
    done: bool


class ResultIn(Schema):
    result: Literal["pass", "fail", "n/a", ""]
    note: Text(2000) = ""
    link: Text(500) = ""


def _out(run: RunInfo) -> dict:
    return {
        "id": run.id,
        "template": run.template,
        "title": run.title,
        "kind": run.kind.value,
        "member": run.member,
        "subject": run.subject,
        "created_at": run.created_at,
        "done_count": run.done_count,
        "total": run.total,
        "records_results": run.records_results,
        "counts": run.counts(),
        "gaps": api.gaps_of(run),
        "items": [
            {
                "id": i.id,
                "position": i.position,
                "text": i.text,
                "due_day": i.due_day,
                "due_date": i.due_date,
                "role": i.role,
                "done": i.done,
                "done_at": i.done_at,
                "done_by": i.done_by,
                "section": i.section,
                "result": i.result.value,
                "note": i.note,
                "link": i.link,
            }
            for i in run.items
        ],
    }


@router.get(
    "/checklists/mine",
    response=RunPage,
    summary="My checklists with an item left to do (all of them with open_only=false)",
)
def mine(request, open_only: bool = True):
    runs = api.runs_of(org_api.actor_for(request.user), open_only=open_only)
    return {"items": [_out(r) for r in runs], "count": len(runs)}


@router.get("/checklists/{run_id}", response=RunOut, summary="One checklist with its items")
def get_run(request, run_id: int):
    return _out(api.run_for(org_api.actor_for(request.user), run_id))


@router.post(
    "/checklists/{run_id}/items/{item_id}",
    response=RunOut,
    summary="Tick an item done or not done; who and when are recorded",
)
def tick(request, run_id: int, item_id: int, payload: TickIn):
    return _out(api.tick(org_api.actor_for(request.user), run_id, item_id, payload.done))


@router.post(
    "/checklists/{run_id}/items/{item_id}/result",
    response=RunOut,
    summary="Record an item's result: pass, fail or n/a with a note and a link ('' clears it)",
)
def record_result(request, run_id: int, item_id: int, payload: ResultIn):
    found = api.record_result(
        org_api.actor_for(request.user),
        run_id,
        item_id,
        Result(payload.result),
        payload.note,
        payload.link,
    )
    return _out(found)
