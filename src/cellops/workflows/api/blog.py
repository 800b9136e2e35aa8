"""WF-1: blog posts from idea to publication, a board of them by step; WF-5: proofreading."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from cellops.billing import api as billing_api
from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal, Violation
from cellops.org import api as org_api
from cellops.org.data import Actor, Role
from cellops.org.policy import Permission, denial_message, may_publish_blog_post
from cellops.platform.api import record_audit
from cellops.sprints import api as sprints_api
from cellops.workflows import models, rules
from cellops.workflows.api.common import require_member
from cellops.workflows.data import (
    DEFAULT_POLICY,
    BlogPostInfo,
    BudgetPart,
    ProofreadingInfo,
    Step,
    WorkflowPolicy,
)

#: What PATCH may set on a post (API.md), with each one's longest length.
EDITABLE = {
    "draft_url": 500,
    "attribution": 300,
    "category": 100,
    "tags": 30,
    "featured_image": 500,
    "image_credit": 300,
    "publish_at": 0,
    "title": 200,
}
URL_FIELDS = {"draft_url", "featured_image"}


def _budget(row: models.BlogPost, policy: WorkflowPolicy) -> tuple[BudgetPart, ...]:
    """WF-1: the 6/3/1 split with the hours logged on the ticket: the author's on writing;
    the reviewers' on review and proofreading, except the marketing specialist's from the
    day the post entered the CMS draft step, which are publishing."""
    logged = {name: Decimal(0) for name, _ in policy.budget}
    names = [name for name, _ in policy.budget]
    try:
        lines = billing_api.worklogs_of(row.ticket)
    except NotFound:
        lines = []
    publishing_from = timezone.localdate(row.cms_draft_at) if row.cms_draft_at else None
    for line in lines:
        if line.member == row.author:
            logged[names[0]] += line.hours
        elif (
            line.member == row.second_reviewer and publishing_from and line.date >= publishing_from
        ):
            logged[names[2]] += line.hours
        elif line.member in (row.reviewer, row.second_reviewer):
            logged[names[1]] += line.hours
    return tuple(BudgetPart(name, hours, logged[name]) for name, hours in policy.budget)


def _info(row: models.BlogPost, policy: WorkflowPolicy = DEFAULT_POLICY) -> BlogPostInfo:
    return BlogPostInfo(
        id=row.pk,
        title=row.title,
        idea_url=row.idea_url,
        author=row.author,
        reviewer=row.reviewer,
        second_reviewer=row.second_reviewer,
        ticket=row.ticket,
        step=Step(row.step),
        created_at=row.created_at,
        draft_url=row.draft_url,
        attribution=row.attribution,
        category=row.category,
        tags=tuple(row.tags),
        featured_image=row.featured_image,
        image_credit=row.image_credit,
        publish_at=row.publish_at,
        published_at=row.published_at,
        budget=_budget(row, policy),
    )


def _post(post_id: int) -> BlogPostInfo:
    row = models.BlogPost.objects.filter(pk=post_id).first() if 0 < post_id < 2**62 else None
    if row is None:
        raise NotFound("post_id", f"there is no blog post {post_id}")
    return _info(row)


def _board() -> list[tuple[Step, list[BlogPostInfo]]]:
    """WF-1: every post under its step, the steps in order (empty ones too)."""
    posts = [_info(r) for r in models.BlogPost.objects.all()]
    return [(step, [p for p in posts if p.step is step]) for step in rules.STEPS]


def _marketing_specialist() -> str:
    holders = org_api.role_holders(Role.MARKETING)
    if not holders:
        raise RuleRefusal(
            [
                Violation(
                    rules.WF_1_BLOG_POST,
                    "Nobody holds the marketing specialist role, the posts' second reviewer "
                    "and publisher; give the role to someone first.",
                    {"field": "reviewer"},
                )
            ]
        )
    return holders[0].member


def create_post(
    actor: Actor,
    *,
    title: str,
    idea_url: str,
    author: str,
    reviewer: str,
    policy: WorkflowPolicy = DEFAULT_POLICY,
) -> BlogPostInfo:
    """WF-1: an idea with its discussion link becomes a post and its ticket on the blog epic
    (the `Marketing` account, a 10-hour budget: 6 writing, 3 review), the marketing
    specialist as second reviewer."""
    require_member(actor)
    title = title.strip()
    if not title or len(title) > 200:
        raise InvalidInput("title", "give the post a title (at most 200 characters)")
    if not idea_url.startswith(("http://", "https://")):
        raise InvalidInput("idea_url", "link the forum thread where the idea is discussed")
    for field, name in (("author", author), ("reviewer", reviewer)):
        if not name:
            raise InvalidInput(field, f"name the post's {field}")
    if author == reviewer:
        raise InvalidInput("reviewer", "the reviewer is someone other than the author")
    writer = org_api.get_member(author, field="author")
    org_api.get_member(reviewer, field="reviewer")
    second = _marketing_specialist()
    budget = dict(policy.budget)
    with transaction.atomic():
        ticket = sprints_api.create_ticket(
            actor,
            title=f"Blog post: {title}"[:200],
            cell=writer.cell,
            account=policy.blog_account,
            epic=policy.blog_epic,
            description=f"Idea: {idea_url}\nBudget: 6 h writing, 3 h review and proofreading, "
            "1 h publishing.",
            assignee=author,
            reviewer=reviewer,
            remaining_hours=budget["Writing"] + budget["Publishing"],
            review_hours=budget["Review and proofreading"],
        )
        row = models.BlogPost.objects.create(
            title=title,
            idea_url=idea_url,
            author=author,
            reviewer=reviewer,
            second_reviewer=second,
            ticket=ticket.key,
        )
        record_audit(
            actor.username, "workflows.post_create", "blog_post", row.pk, {"ticket": ticket.key}
        )
    return _info(row)


def _clean(changes: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput(unknown[0], "this field cannot be changed here")
    clean: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "tags":
            tags = rules.split_tags(value) if isinstance(value, str) else tuple(value or ())
            if len(tags) > EDITABLE["tags"] or any(len(t) > 60 for t in tags):
                raise InvalidInput("tags", "at most 30 tags of at most 60 characters")
            clean[name] = list(tags)
        elif name == "publish_at":
            if value is not None and not isinstance(value, date):
                raise InvalidInput("publish_at", "give the day as YYYY-MM-DD")
            clean[name] = value
        else:
            text = (value or "").strip()
            if len(text) > EDITABLE[name]:
                raise InvalidInput(name, f"keep it within {EDITABLE[name]} characters")
            if name in URL_FIELDS and text and not text.startswith(("http://", "https://")):
                raise InvalidInput(name, "give a web address (http:// or https://)")
            if name == "title" and not text:
                raise InvalidInput(name, "give the post a title")
            clean[name] = text
    return clean


def _may_edit(actor: Actor, row: models.BlogPost) -> None:
    require_member(actor)
    people = {row.author, row.reviewer, row.second_reviewer}
    if actor.username not in people and not actor.is_admin:
        raise PermissionDenied(
            "A post is edited by its author, its reviewers and the marketing specialist."
        )


def update_post(actor: Actor, post_id: int, changes: Mapping[str, Any]) -> BlogPostInfo:
    """WF-1: set the draft link and the CMS fields (title, attribution, category, tags,
    featured image, its credit, publication date)."""
    _post(post_id)
    row = models.BlogPost.objects.get(pk=post_id)
    _may_edit(actor, row)
    clean = _clean(changes)
    if row.step == Step.PUBLISHED.value:
        raise RuleRefusal([Violation(rules.WF_1_BLOG_POST, "the post is published already", {})])
    with transaction.atomic():
        for name, value in clean.items():
            setattr(row, name, value)
        row.save(update_fields=list(clean) or None)
        record_audit(actor.username, "workflows.post_update", "blog_post", post_id, clean)
    return _info(row)


def _proofread(post_id: int) -> bool:
    return models.ProofreadingRequest.objects.filter(
        post_id=post_id, returned_on__isnull=False
    ).exists()


def advance(actor: Actor, post_id: int) -> BlogPostInfo:
    """WF-1: the post moves to its next step if it has what that step needs (422 naming each
    missing field); `published` is taken by the marketing specialist only (403)."""
    found = _post(post_id)
    row = models.BlogPost.objects.get(pk=post_id)
    target = rules.next_step(found.step)
    if target is None:
        raise RuleRefusal([Violation(rules.WF_1_BLOG_POST, "the post is published already", {})])
    if target is Step.PUBLISHED:
        if not may_publish_blog_post(actor):
            raise PermissionDenied(
                "WF-1: only the marketing specialist publishes a post. "
                + denial_message(Permission.PUBLISH_BLOG_POSTS, actor=actor)
            )
    else:
        _may_edit(actor, row)
    gaps = rules.step_gaps(found, target, _proofread(post_id))
    if gaps:
        raise RuleRefusal(
            [
                Violation(
                    rules.WF_1_BLOG_POST,
                    f"Before “{target.label}”: {message}.",
                    {"field": field},
                )
                for field, message in gaps
            ]
        )
    with transaction.atomic():
        row.step = target.value
        fields = ["step"]
        if target is Step.PUBLISHED:
            row.published_at = timezone.now()
            fields.append("published_at")
        if target is Step.CMS_DRAFT:
            row.cms_draft_at = timezone.now()
            fields.append("cms_draft_at")
        row.save(update_fields=fields)
        record_audit(
            actor.username, "workflows.post_advance", "blog_post", post_id, {"step": target.value}
        )
    return _info(row)


# --- WF-5 proofreading -------------------------------------------------------------------


def _proof(row: models.ProofreadingRequest) -> ProofreadingInfo:
    return ProofreadingInfo(
        id=row.pk,
        document_url=row.document_url,
        requested_by=row.requested_by,
        sent_on=row.sent_on,
        returned_on=row.returned_on,
        post=row.post_id,
        ticket=row.ticket,
    )


def _proofreading_requests(post_id: int | None = None) -> list[ProofreadingInfo]:
    rows = models.ProofreadingRequest.objects.all()
    if post_id is not None:
        rows = rows.filter(post_id=post_id)
    return [_proof(r) for r in rows]


def request_proofreading(
    actor: Actor,
    document_url: str,
    sent_on: date,
    *,
    post_id: int | None = None,
    ticket: str = "",
) -> ProofreadingInfo:
    """WF-5: a document sent for proofreading by `actor`, linked to a post or a ticket."""
    require_member(actor)
    if not document_url.startswith(("http://", "https://")):
        raise InvalidInput("document_url", "link the document to proofread")
    if post_id is not None:
        _post(post_id)
        ticket = ticket or models.BlogPost.objects.get(pk=post_id).ticket
    elif ticket:
        ticket = sprints_api.get_ticket(ticket, field="ticket").key
    else:
        raise InvalidInput("post", "link the request to its blog post or ticket")
    with transaction.atomic():
        row = models.ProofreadingRequest.objects.create(
            document_url=document_url,
            requested_by=actor.username,
            sent_on=sent_on,
            post_id=post_id,
            ticket=ticket,
        )
        record_audit(actor.username, "workflows.proofreading_sent", "proofreading", row.pk, {})
    return _proof(row)


def proofreading_returned(actor: Actor, request_id: int, returned_on: date) -> ProofreadingInfo:
    """WF-5: the proofread copy came back on `returned_on` (not before it was sent)."""
    require_member(actor)
    row = models.ProofreadingRequest.objects.filter(pk=request_id).first()
    if row is None:
        raise NotFound("id", f"there is no proofreading request {request_id}")
    problems = rules.proofreading_problems(row.sent_on, returned_on)
    if problems:
        raise InvalidInput(*problems[0])
    with transaction.atomic():
        row.returned_on = returned_on
        row.save(update_fields=["returned_on"])
        record_audit(actor.username, "workflows.proofreading_returned", "proofreading", row.pk, {})
    return _proof(row)


# --- reads, for who may see them (active members and administrators, ORG-2) ---


def post(actor: Actor, post_id: int) -> BlogPostInfo:
    """One post with its budget and logged hours."""
    require_member(actor)
    return _post(post_id)


def board(actor: Actor) -> list[tuple[Step, list[BlogPostInfo]]]:
    """WF-1: every post under its step, the steps in order (empty ones too)."""
    require_member(actor)
    return _board()


def proofreading_requests(actor: Actor, post_id: int | None = None) -> list[ProofreadingInfo]:
    """WF-5: the proofreading requests, oldest first; a post's only when given."""
    require_member(actor)
    return _proofreading_requests(post_id)
