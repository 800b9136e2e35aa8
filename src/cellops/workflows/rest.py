"""JSON door of workflows (API.md § Workflows, WF-1…WF-5): parse, call api, render.

Who may is decided by the use cases (org.policy); refusals come back as problem+json
(403, 404, 422 with one violation per rule broken).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Router, Schema, Status
from pydantic import model_validator

from cellops.checklists import api as checklists_api
from cellops.checklists.data import Result, RunInfo
from cellops.org import api as org_api
from cellops.org.data import Actor
from cellops.web.schemas import Text
from cellops.workflows import api
from cellops.workflows.data import (
    BlogPostInfo,
    DecisionInfo,
    DecisionState,
    InstanceTestInfo,
    Matter,
    PullRequestInfo,
)

router = Router(tags=["workflows"])

Url = Text(500, 1)
LongText = Text(20_000)


def _actor(request) -> Actor:
    return org_api.actor_for(request.user)


class ObjectIn(Schema):
    """A body that must be a JSON object: ninja reads fields as attributes of whatever was
    sent, and a bare string has a `title` method, so ``"AAA"`` would pass as a title."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, value: object) -> object:
        if not isinstance(getattr(value, "_obj", value), dict):
            raise ValueError("send a JSON object")
        return value


# --- WF-2 -----------------------------------------------------------------------------


class TitleIn(ObjectIn):
    title: Text(300)


class ViolationOut(Schema):
    rule: str
    message: str


class TitleOut(Schema):
    ok: bool
    ticket: str | None
    violations: list[ViolationOut]


@router.post(
    "/pull-requests/check-title",
    response=TitleOut,
    summary="Check that a pull request's title names its ticket in square brackets (WF-2)",
)
def check_title(request, payload: TitleIn):
    _actor(request)  # any login: the check reads no data
    checked = api.check_title(payload.title)
    return {
        "ok": checked.ok,
        "ticket": checked.ticket,
        "violations": [{"rule": "WF-2", "message": p} for p in checked.problems],
    }


class PullRequestIn(ObjectIn):
    url: Url
    title: Text(300, 1)


class PrItemIn(ObjectIn):
    result: Literal["pass", "fail", "n/a", ""]
    note: Text(2000) = ""
    link: Text(500) = ""


class PrItemOut(Schema):
    id: int
    section: str
    text: str
    result: str
    note: str
    link: str
    checked_by: str


class PullRequestOut(Schema):
    id: int
    url: str
    title: str
    ticket: str
    author: str
    state: Literal["open", "merged", "deployed"]
    opened_at: datetime
    merged_at: datetime | None
    deployed_at: datetime | None
    checklist: list[PrItemOut]
    counts: dict[str, int]
    #: what the merge still waits for (WF-2): one sentence per item unchecked or failed
    gaps: list[str]


class PullRequestPage(Schema):
    items: list[PullRequestOut]
    count: int


def _pr(found: PullRequestInfo, run: RunInfo) -> dict[str, Any]:
    return {
        "id": found.id,
        "url": found.url,
        "title": found.title,
        "ticket": found.ticket,
        "author": found.author,
        "state": found.state.value,
        "opened_at": found.opened_at,
        "merged_at": found.merged_at,
        "deployed_at": found.deployed_at,
        "checklist": [
            {
                "id": i.id,
                "section": i.section,
                "text": i.text,
                "result": i.result.value or "untested",
                "note": i.note,
                "link": i.link,
                "checked_by": i.done_by,
            }
            for i in run.items
        ],
        "counts": run.counts(),
        "gaps": checklists_api.gaps_of(run) if found.state.value == "open" else [],
    }


@router.post(
    "/pull-requests",
    response={201: PullRequestOut},
    summary="Record a pull request, linked to the ticket its title names, with its checklist",
)
def open_pull_request(request, payload: PullRequestIn):
    actor = _actor(request)
    made = api.open_pull_request(actor, payload.url, payload.title)
    return Status(201, _pr(*api.pull_request_checklist(actor, made.id)))


@router.get(
    "/pull-requests",
    response=PullRequestPage,
    summary="Pull requests, newest first (one ticket's with ?ticket=KEY) (WF-2)",
)
def list_pull_requests(request, ticket: Text(40) = ""):
    actor = _actor(request)
    found = [api.pull_request_checklist(actor, p.id) for p in api.pull_requests(actor, ticket)]
    return {"items": [_pr(*pair) for pair in found], "count": len(found)}


@router.get(
    "/pull-requests/{pr_id}",
    response=PullRequestOut,
    summary="One pull request with its checklist and what the merge waits for (WF-2)",
)
def get_pull_request(request, pr_id: int):
    return _pr(*api.pull_request_checklist(_actor(request), pr_id))


@router.patch(
    "/pull-requests/{pr_id}/checklist/{item_id}",
    response=PullRequestOut,
    summary="Check an item of the pull request's checklist: pass, fail or n/a (WF-2)",
)
def record_pr_item(request, pr_id: int, item_id: int, payload: PrItemIn):
    actor = _actor(request)
    found, run = api.record_item(
        actor, pr_id, item_id, Result(payload.result), payload.note, payload.link
    )
    return _pr(found, run)


@router.post(
    "/pull-requests/{pr_id}/merged",
    response=PullRequestOut,
    summary="Merged: its ticket moves to Merged; 422 (WF-2) while the checklist is not complete",
)
def merged(request, pr_id: int):
    actor = _actor(request)
    api.mark_merged(actor, pr_id)
    return _pr(*api.pull_request_checklist(actor, pr_id))


@router.post(
    "/pull-requests/{pr_id}/deployed",
    response=PullRequestOut,
    summary="Deployed: its ticket moves to Deployed & delivered; 422 (WF-2) before merging",
)
def deployed(request, pr_id: int):
    actor = _actor(request)
    api.mark_deployed(actor, pr_id)
    return _pr(*api.pull_request_checklist(actor, pr_id))


# --- WF-1 -----------------------------------------------------------------------------


class PostIn(ObjectIn):
    title: Text(200, 1)
    idea_url: Url
    author: Text(150, 1)
    reviewer: Text(150, 1)


class BudgetOut(Schema):
    name: str
    budget_hours: float
    logged_hours: float


class PostOut(Schema):
    id: int
    step: str
    ticket: str
    title: str
    idea_url: str
    author: str
    reviewer: str
    second_reviewer: str
    draft_url: str
    attribution: str
    category: str
    tags: list[str]
    featured_image: str
    image_credit: str
    publish_at: date | None
    budget: list[BudgetOut]


class PostPatch(ObjectIn):
    title: Text(200, 1) | None = None
    draft_url: Text(500) | None = None
    attribution: Text(300) | None = None
    category: Text(100) | None = None
    tags: list[Text(60)] | None = Field(None, max_length=30)
    featured_image: Text(500) | None = None
    image_credit: Text(300) | None = None
    publish_at: date | None = None


def _post(found: BlogPostInfo) -> dict[str, Any]:
    out = asdict(found)
    out["step"] = found.step.value
    out["tags"] = list(found.tags)
    out["budget"] = [
        {
            "name": b.name,
            "budget_hours": float(b.budget_hours),
            "logged_hours": float(b.logged_hours),
        }
        for b in found.budget
    ]
    return out


@router.post("/blog/posts", response={201: PostOut}, summary="A blog post from an idea (WF-1)")
def create_post(request, payload: PostIn):
    found = api.create_post(_actor(request), **payload.dict())
    return Status(201, _post(found))


@router.get("/blog/posts/{post_id}", response=PostOut, summary="One blog post (WF-1)")
def get_post(request, post_id: int):
    return _post(api.post(_actor(request), post_id))


@router.patch("/blog/posts/{post_id}", response=PostOut, summary="Set a post's fields (WF-1)")
def patch_post(request, post_id: int, payload: PostPatch):
    changes = payload.dict(exclude_unset=True)
    return _post(api.update_post(_actor(request), post_id, changes))


@router.post(
    "/blog/posts/{post_id}/advance",
    response=PostOut,
    summary="Move a post to its next step, or 422 naming each missing field (WF-1)",
)
def advance_post(request, post_id: int):
    return _post(api.advance(_actor(request), post_id))


# --- WF-3 -----------------------------------------------------------------------------


class DecisionIn(ObjectIn):
    title: Text(200, 1)
    problem: LongText
    options: list[Text(2000)] = Field(..., max_length=50)
    proposal: LongText
    reviewers: list[Text(150, 1)] = Field(..., max_length=100)
    matter: Literal["technical", "other"] = "technical"
    manager: Text(150) = ""


class DecisionPatch(ObjectIn):
    title: Text(200, 1) | None = None
    problem: LongText | None = None
    options: list[Text(2000)] | None = Field(None, max_length=50)
    proposal: LongText | None = None


class RevisionOut(Schema):
    edited_by: str
    edited_at: datetime
    #: each changed part: {"field", "before", "after"}
    changes: list[dict[str, str]]


class DecisionCommentIn(ObjectIn):
    text: LongText
    blocking: bool = False


class OutcomeIn(ObjectIn):
    outcome: LongText


class DecisionCommentOut(Schema):
    id: int
    author: str
    text: str
    blocking: bool
    resolved: bool
    resolved_by: str


class DecisionOut(Schema):
    id: int
    state: str
    title: str
    problem: str
    options: list[str]
    proposal: str
    author: str
    reviewers: list[str]
    matter: str
    manager: str
    outcome: str
    decided_by: str
    by_ceo: bool
    comments: list[DecisionCommentOut]
    revisions: list[RevisionOut]


class DecisionPage(Schema):
    items: list[DecisionOut]
    count: int


def _decision(found: DecisionInfo) -> dict[str, Any]:
    return {
        "id": found.id,
        "state": found.state.value,
        "title": found.title,
        "problem": found.problem,
        "options": list(found.options),
        "proposal": found.proposal,
        "author": found.author,
        "reviewers": list(found.reviewers),
        "matter": found.matter.value,
        "manager": found.manager,
        "outcome": found.outcome,
        "decided_by": found.decided_by,
        "by_ceo": found.by_ceo,
        "comments": [
            {
                "id": c.id,
                "author": c.author,
                "text": c.text,
                "blocking": c.blocking,
                "resolved": c.resolved_at is not None,
                "resolved_by": c.resolved_by,
            }
            for c in found.comments
        ],
        "revisions": [
            {
                "edited_by": r.edited_by,
                "edited_at": r.edited_at,
                "changes": [{"field": f, "before": b, "after": a} for f, b, a in r.changes],
            }
            for r in found.revisions
        ],
    }


@router.post("/decisions", response={201: DecisionOut}, summary="Propose a decision (WF-3)")
def propose(request, payload: DecisionIn):
    data = payload.dict()
    data["matter"] = Matter(data["matter"])
    return Status(201, _decision(api.propose(_actor(request), **data)))


@router.get("/decisions", response=DecisionPage, summary="Search the decisions (WF-3)")
def list_decisions(
    request,
    q: Text(200) = "",
    state: Literal["open", "paused", "agreed", "decided"] | None = None,
):
    found = api.decisions(_actor(request), q, DecisionState(state) if state else None)
    return {"items": [_decision(d) for d in found], "count": len(found)}


@router.get("/decisions/{decision_id}", response=DecisionOut, summary="One decision (WF-3)")
def get_decision(request, decision_id: int):
    return _decision(api.decision(_actor(request), decision_id))


@router.patch(
    "/decisions/{decision_id}",
    response=DecisionOut,
    summary="The author edits an open proposal; each edit is kept in its revisions (WF-3)",
)
def revise(request, decision_id: int, payload: DecisionPatch):
    changes = payload.dict(exclude_unset=True)
    return _decision(api.revise(_actor(request), decision_id, **changes))


@router.post(
    "/decisions/{decision_id}/comments",
    response={201: DecisionCommentOut},
    summary="Comment on a decision; a blocking comment pauses it (WF-3)",
)
def comment(request, decision_id: int, payload: DecisionCommentIn):
    found = api.comment(_actor(request), decision_id, payload.text, payload.blocking)
    return Status(
        201,
        {
            "id": found.id,
            "author": found.author,
            "text": found.text,
            "blocking": found.blocking,
            "resolved": False,
            "resolved_by": "",
        },
    )


@router.post(
    "/decisions/{decision_id}/comments/{comment_id}/resolve",
    response=DecisionOut,
    summary="Resolve a comment (its author, the decision's author, an administrator)",
)
def resolve(request, decision_id: int, comment_id: int):
    return _decision(api.resolve(_actor(request), decision_id, comment_id))


@router.post(
    "/decisions/{decision_id}/agree",
    response=DecisionOut,
    summary="The author records agreement; 422 while a blocking comment is open (WF-3)",
)
def agree(request, decision_id: int):
    return _decision(api.agree(_actor(request), decision_id))


@router.post(
    "/decisions/{decision_id}/decide",
    response=DecisionOut,
    summary="The person the rule names decides on disagreement (WF-3)",
)
def decide(request, decision_id: int, payload: OutcomeIn):
    return _decision(api.decide(_actor(request), decision_id, payload.outcome))


# --- WF-4 -----------------------------------------------------------------------------


class InstanceTestIn(ObjectIn):
    instance: Text(200, 1)
    reason: Text(2000, 1)


class InstanceTestResultIn(ObjectIn):
    result: Literal["pass", "fail", "n/a"]
    note: Text(2000) = ""


class TestItemOut(Schema):
    id: int
    section: str
    text: str
    result: str
    note: str
    checked_by: str


class InstanceTestOut(Schema):
    id: int
    instance: str
    reason: str
    tester: str
    items: list[TestItemOut]
    counts: dict[str, int]


def _test(info: InstanceTestInfo, run: RunInfo) -> dict[str, Any]:
    return {
        "id": info.id,
        "instance": info.instance,
        "reason": info.reason,
        "tester": info.tester,
        "items": [
            {
                "id": i.id,
                "section": i.section,
                "text": i.text,
                "result": i.result.value or "untested",
                "note": i.note,
                "checked_by": i.done_by,
            }
            for i in run.items
        ],
        "counts": run.counts(),
    }


@router.post(
    "/instance-tests",
    response={201: InstanceTestOut},
    summary="Start an instance test run after a deep change (WF-4)",
)
def start_test(request, payload: InstanceTestIn):
    return Status(
        201, _test(*api.start_instance_test(_actor(request), payload.instance, payload.reason))
    )


@router.get(
    "/instance-tests/{test_id}", response=InstanceTestOut, summary="A run with its counts (WF-4)"
)
def get_test(request, test_id: int):
    return _test(*api.instance_test(_actor(request), test_id))


@router.patch(
    "/instance-tests/{test_id}/items/{item_id}",
    response=InstanceTestOut,
    summary="Record an item's result: pass, fail or n/a with a note (WF-4)",
)
def record(request, test_id: int, item_id: int, payload: InstanceTestResultIn):
    return _test(
        *api.record(_actor(request), test_id, item_id, Result(payload.result), payload.note)
    )
