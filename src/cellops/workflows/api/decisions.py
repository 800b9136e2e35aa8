"""WF-3: decisions — a proposal with reviewers, comments that may block, the outcome."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal, Violation
from cellops.org import api as org_api
from cellops.org.data import Actor, Role
from cellops.org.policy import decides_as, may_agree_decision, may_resolve_comment
from cellops.platform.api import record_audit
from cellops.workflows import models, rules
from cellops.workflows.api.common import require_member
from cellops.workflows.data import (
    CommentInfo,
    DecisionInfo,
    DecisionState,
    Matter,
    RevisionInfo,
)

MAX_TEXT = 20_000


def _comment(row: models.DecisionComment) -> CommentInfo:
    return CommentInfo(
        id=row.pk,
        author=row.author,
        text=row.text,
        blocking=row.blocking,
        created_at=row.created_at,
        resolved_at=row.resolved_at,
        resolved_by=row.resolved_by,
    )


def _info(row: models.Decision) -> DecisionInfo:
    comments = tuple(_comment(c) for c in row.comments.all())
    settled = DecisionState(row.settled) if row.settled else None
    return DecisionInfo(
        id=row.pk,
        title=row.title,
        problem=row.problem,
        options=tuple(row.options),
        proposal=row.proposal,
        author=row.author,
        reviewers=tuple(row.reviewers),
        matter=Matter(row.matter),
        manager=row.manager,
        state=rules.decision_state(comments, settled),
        created_at=row.created_at,
        comments=comments,
        outcome=row.outcome,
        decided_by=row.decided_by,
        by_ceo=row.by_ceo,
        settled_at=row.settled_at,
        revisions=tuple(
            RevisionInfo(
                edited_by=r.edited_by,
                edited_at=r.edited_at,
                changes=tuple((str(a), str(b), str(c)) for a, b, c in r.changes),
            )
            for r in row.revisions.all()
        ),
    )


def _decision(decision_id: int) -> DecisionInfo:
    row = (
        models.Decision.objects.prefetch_related("comments", "revisions")
        .filter(pk=decision_id)
        .first()
        if 0 < decision_id < 2**62
        else None
    )
    if row is None:
        raise NotFound("decision_id", f"there is no decision {decision_id}")
    return _info(row)


def _decisions(query: str = "", state: DecisionState | None = None) -> list[DecisionInfo]:
    """WF-3: the decisions, newest first, whose title, problem or proposal contain `query`,
    in `state` when given (paused ones are those with a blocking comment open)."""
    rows = models.Decision.objects.prefetch_related("comments", "revisions")
    if query.strip():
        words = query.strip()
        rows = rows.filter(
            Q(title__icontains=words) | Q(problem__icontains=words) | Q(proposal__icontains=words)
        )
    found = [_info(r) for r in rows]
    return [d for d in found if state is None or d.state is state]


def _text(field: str, value: str, limit: int = MAX_TEXT) -> str:
    value = value.strip()
    if not value:
        raise InvalidInput(field, f"write the {field}")
    if len(value) > limit:
        raise InvalidInput(field, f"keep the {field} within {limit} characters")
    return value


def propose(
    actor: Actor,
    *,
    title: str,
    problem: str,
    options: list[str],
    proposal: str,
    reviewers: list[str],
    matter: Matter = Matter.TECHNICAL,
    manager: str = "",
) -> DecisionInfo:
    """WF-3: a proposal (problem, options, proposal) with the people it affects as reviewers."""
    require_member(actor)
    title = _text("title", title, 200)
    problem = _text("problem", problem)
    proposal = _text("proposal", proposal)
    options = [o.strip() for o in options if o.strip()]
    if not options:
        raise InvalidInput("options", "list at least one option that was considered")
    wanted = list(dict.fromkeys(r.strip() for r in reviewers if r.strip()))
    if not wanted:
        raise InvalidInput("reviewers", "name the people the decision affects as reviewers")
    known = org_api.member_pks(set(wanted) | ({manager} if manager else set()))
    unknown = [r for r in wanted if r not in known]
    if unknown:
        raise NotFound("reviewers", f"no member has the username {unknown[0]!r}")
    if manager and manager not in known:
        raise NotFound("manager", f"no member has the username {manager!r}")
    with transaction.atomic():
        row = models.Decision.objects.create(
            title=title,
            problem=problem,
            options=options,
            proposal=proposal,
            author=actor.username,
            reviewers=wanted,
            matter=Matter(matter).value,
            manager=manager,
        )
        record_audit(actor.username, "workflows.decision_propose", "decision", row.pk, {})
    return _decision(row.pk)


def revise(
    actor: Actor,
    decision_id: int,
    *,
    title: str | None = None,
    problem: str | None = None,
    options: list[str] | None = None,
    proposal: str | None = None,
) -> DecisionInfo:
    """WF-3: the author edits the proposal (title, problem, options, proposal) while the
    decision is open or paused; each edit is kept with what every changed part was before
    (the history shown on the decision), and audited. Refused once agreed or decided."""
    found = _decision(decision_id)
    if not (actor.username == found.author and may_agree_decision(actor, found.author)):
        raise PermissionDenied("The decision's author edits the proposal.")
    _open(found)
    wanted: dict[str, str] = {}
    if title is not None:
        wanted["title"] = _text("title", title, 200)
    if problem is not None:
        wanted["problem"] = _text("problem", problem)
    if proposal is not None:
        wanted["proposal"] = _text("proposal", proposal)
    if options is not None:
        kept = [o.strip() for o in options if o.strip()]
        if not kept:
            raise InvalidInput("options", "list at least one option that was considered")
        if any(len(o) > 2000 for o in kept) or len(kept) > 50:
            raise InvalidInput("options", "at most 50 options of 2000 characters each")
        wanted["options"] = "\n".join(kept)
    before = {
        "title": found.title,
        "problem": found.problem,
        "options": "\n".join(found.options),
        "proposal": found.proposal,
    }
    changes = [
        [part, before[part], after] for part, after in wanted.items() if after != before[part]
    ]
    if not changes:
        return found
    fields = {part: after for part, _, after in changes}
    if "options" in fields:
        fields["options"] = fields["options"].split("\n")
    with transaction.atomic():
        models.Decision.objects.filter(pk=decision_id).update(**fields)
        models.DecisionRevision.objects.create(
            decision_id=decision_id, edited_by=actor.username, changes=changes
        )
        record_audit(
            actor.username,
            "workflows.decision_revise",
            "decision",
            decision_id,
            {part: {"before": b, "after": a} for part, b, a in changes},
        )
    return _decision(decision_id)


def _open(found: DecisionInfo) -> None:
    if found.state in (DecisionState.AGREED, DecisionState.DECIDED):
        raise RuleRefusal(
            [Violation(rules.WF_3_DECISIONS, f"this decision is {found.state.value} already", {})]
        )


def comment(actor: Actor, decision_id: int, text: str, blocking: bool = False) -> CommentInfo:
    """WF-3: a comment on an open decision; a blocking one pauses it until resolved."""
    require_member(actor)
    found = _decision(decision_id)
    _open(found)
    text = _text("text", text)
    with transaction.atomic():
        row = models.DecisionComment.objects.create(
            decision_id=decision_id, author=actor.username, text=text, blocking=blocking
        )
        record_audit(
            actor.username,
            "workflows.decision_comment",
            "decision",
            decision_id,
            {"comment": row.pk, "blocking": blocking},
        )
    return _comment(row)


def resolve(actor: Actor, decision_id: int, comment_id: int) -> DecisionInfo:
    """WF-3: a comment is resolved (by its author, the decision's author or an administrator);
    once no blocking comment is open the decision is no longer paused."""
    found = _decision(decision_id)
    target = next((c for c in found.comments if c.id == comment_id), None)
    if target is None:
        raise NotFound("comment_id", f"decision {decision_id} has no comment {comment_id}")
    if not may_resolve_comment(actor, target.author, found.author):
        raise PermissionDenied(
            "A comment is resolved by who wrote it, the decision's author, or an administrator."
        )
    if target.resolved_at is None:
        with transaction.atomic():
            models.DecisionComment.objects.filter(pk=comment_id).update(
                resolved_at=timezone.now(), resolved_by=actor.username
            )
            record_audit(
                actor.username,
                "workflows.decision_resolve",
                "decision",
                decision_id,
                {"comment": comment_id},
            )
    return _decision(decision_id)


def agree(actor: Actor, decision_id: int) -> DecisionInfo:
    """WF-3: the author records that the decision is agreed — refused while a blocking
    comment is open, for everyone, administrators too."""
    found = _decision(decision_id)
    if not may_agree_decision(actor, found.author):
        raise PermissionDenied("The decision's author records that it is agreed.")
    _open(found)
    refusal = rules.agree_refusal(found.comments)
    if refusal:
        blocking = [c.id for c in found.open_blocking]
        raise RuleRefusal([Violation(rules.WF_3_DECISIONS, refusal, {"blocking": blocking})])
    with transaction.atomic():
        models.Decision.objects.filter(pk=decision_id).update(
            settled=DecisionState.AGREED.value, settled_at=timezone.now(), decided_by=""
        )
        record_audit(actor.username, "workflows.decision_agree", "decision", decision_id, {})
    return _decision(decision_id)


def _holder(role: Role) -> str | None:
    holders = org_api.role_holders(role)
    return holders[0].member if holders else None


def who_decides(found: DecisionInfo) -> str | None:
    """WF-3: who settles a disagreement on `found`: its manager, else the CTO or the CEO."""
    return rules.who_decides(found.manager, found.matter, _holder(Role.CTO), _holder(Role.CEO))


def decide(actor: Actor, decision_id: int, outcome: str) -> DecisionInfo:
    """WF-3: on disagreement, the person the rule names records the outcome (blocking
    comments may still be open: deciding is what settles them); the CEO may decide any
    matter, and the decision is marked as the CEO's."""
    found = _decision(decision_id)
    _open(found)
    capacity = decides_as(actor, who_decides(found))
    if capacity is None:
        named = who_decides(found) or "nobody (the role is not held)"
        raise PermissionDenied(
            f"WF-3: this decision is settled by {named} (the manager involved, else the CTO "
            "for technical matters or the CEO), or by the CEO."
        )
    outcome = _text("outcome", outcome)
    with transaction.atomic():
        models.Decision.objects.filter(pk=decision_id).update(
            settled=DecisionState.DECIDED.value,
            settled_at=timezone.now(),
            outcome=outcome,
            decided_by=actor.username,
            by_ceo=capacity == "ceo" or Role.CEO in actor.roles,
        )
        record_audit(
            actor.username,
            "workflows.decision_decide",
            "decision",
            decision_id,
            {"capacity": capacity},
        )
    return _decision(decision_id)


# --- reads, for who may see them (active members and administrators, ORG-2) ---


def decision(actor: Actor, decision_id: int) -> DecisionInfo:
    require_member(actor)
    return _decision(decision_id)


def decisions(
    actor: Actor, query: str = "", state: DecisionState | None = None
) -> list[DecisionInfo]:
    """WF-3: the searchable list of decisions with their state."""
    require_member(actor)
    return _decisions(query, state)
