"""Start (SP-4, SP-5) and completion (SP-10) of a sprint, and the spillover reasons."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from cellops.checklists import api as checklists_api
from cellops.checklists.data import RunInfo
from cellops.kernel import clock
from cellops.kernel.violations import NotFound, RuleRefusal, Violation
from cellops.org import api as org_api
from cellops.org import policy
from cellops.org.data import Actor
from cellops.org.policy import Permission, allows_in_cell
from cellops.platform.api import record_audit
from cellops.sprints import models, rules
from cellops.sprints.api._common import (
    _manages,
    _schedule,
    _sprint_row,
    _states,
    _text,
    sprint_dates,
    sprint_policy,
)
from cellops.sprints.api.estimation_sessions import close_estimation
from cellops.sprints.api.planning import capacity
from cellops.sprints.api.tickets import list_tickets
from cellops.sprints.data import Completion, MemberCompletion

# --- start and complete (SP-4, SP-5, SP-10) ----------------------------------


def start(
    actor: Actor,
    cell: str,
    number: int,
    override: bool = False,
    now: datetime | None = None,
    reason: str = "",
    confirm: bool = False,
) -> list[Violation]:
    """SP-5: start when ready, or with a recorded override (and its reason, when given);
    SP-4 tentative assignees become assignees. The cell's sprint planning manager starts it
    (or the system, on schedule).

    Refused, whatever the override, while an earlier sprint of the cell is started and not
    completed. Before its day 0 only with `confirm` (the page's confirmation step lists
    `early_start`); an estimation still open closes then (SP-3 is for sprints not started).
    Each member's hours and each ticket's remaining estimate are kept as they were at the
    start (`start_snapshot`)."""
    org_api.get_cell(cell, field="cell")
    who = _manages(actor, cell)  # the username to record
    now = now or clock.now()
    with transaction.atomic():
        row = _sprint_row(cell, number, lock=True)
        if row.started_at:
            raise RuleRefusal(
                [
                    Violation(
                        "SP-5",
                        f"{cell}/{number} was started on {row.started_at:%Y-%m-%d} by {row.started_by}; a sprint starts once.",
                    )
                ]
            )
        earlier = rules.check_earlier_open(number, _states(cell), cell)
        if earlier:
            raise RuleRefusal(earlier)
        early_refusal = rules.check_early_start(
            now.date(), sprint_dates(cell, number).start, confirm
        )
        if models.EstimationSession.objects.filter(sprint=row, closed_at__isnull=True).exists():
            close_estimation(actor, cell, number, now=now)  # undone with the rest if refused
        tickets = models.Ticket.objects.select_for_update().filter(sprint=row)
        for t in tickets:
            at_start = rules.assignee_at_start(t.assignee_id, t.tentative_assignee_id)
            if at_start != t.assignee_id:
                t.assignee_id = at_start
                t.version += 1
                t.save(update_fields=["assignee", "version"])
                models.TicketChange.objects.create(
                    ticket=t,
                    actor=who,
                    changes={"assignee": "tentative assignee at start (SP-4)"},
                )
        over = [c.member for c in capacity(cell, number) if c.status == "overcommitted"]
        gaps = rules.readiness_gaps([t.facts() for t in list_tickets(cell, number)], over)
        if early_refusal or (gaps and not override):
            raise RuleRefusal(early_refusal + ([] if override else gaps))
        row.started_at, row.started_by, row.start_overridden = now, who, bool(gaps)
        row.start_gaps = [g.as_dict() for g in gaps]
        row.save()
        for t in models.Ticket.objects.filter(sprint=row, stretch=False):
            models.StartAssignment.objects.get_or_create(
                sprint=row,
                ticket=t,
                defaults={"member_id": t.assignee_id, "remaining_hours": t.remaining_hours},
            )
        for c in capacity(cell, number):
            models.StartCapacity.objects.get_or_create(
                sprint=row,
                member_id=org_api.member_pk(c.member),
                defaults={
                    "available_hours": c.available_hours,
                    "committed_hours": c.committed_hours,
                    "status": str(c.status),
                },
            )
        early = now.date() < sprint_dates(cell, number).start
        make_sprint_checklists(actor, cell, number)
        record_audit(
            who,
            "sprint.start",
            "sprint",
            f"{cell}/{number}",
            {"override": bool(gaps), "gaps": len(gaps), "early": early}
            | ({"reason": reason.strip()} if gaps and reason.strip() else {}),
        )
        # Background work (decision 0012): completion after the last day; the
        # next sprint's gaps emailed at its cut-off, which falls in this sprint.
        _schedule(
            "complete_sprint", rules.completion_due(sprint_dates(cell, number).end), cell, number
        )
        next_start = sprint_dates(cell, number + 1).start
        _schedule(
            "notify_gaps",
            rules.estimation_deadline(next_start, sprint_policy(cell)),
            cell,
            number + 1,
        )
    return gaps


def make_sprint_checklists(actor: Actor, cell: str, number: int) -> list[RunInfo]:
    """SP-12: one sprint checklist per active member (never twice, however often called).
    Made by whoever starts the sprint: the cell's sprint planning manager or the system."""
    _manages(actor, cell)
    return checklists_api.ensure_sprint_runs(
        cell,
        number,
        sprint_dates(cell, number).start,
        [m.username for m in org_api.active_members_of(cell)],
        actor=actor,
    )


def complete(
    actor: Actor, cell: str, number: int, now: datetime | None = None, confirm: bool = False
) -> Completion:
    """SP-10: open tickets move to the next sprint as spillover of their assignee; once only.
    The cell's sprint planning manager completes it (or the system, on schedule). Before
    its last day only with `confirm` (the page lists `early_completion` first)."""
    org_api.get_cell(cell, field="cell")
    who = _manages(actor, cell)  # the username to record
    now = now or clock.now()
    early_refusal = rules.check_early_completion(
        now.date(), sprint_dates(cell, number).end, confirm
    )
    with transaction.atomic():
        row = _sprint_row(cell, number, lock=True)
        if row.completed_at:
            raise RuleRefusal(
                [
                    Violation(
                        "SP-10",
                        f"{cell}/{number} was completed on {row.completed_at:%Y-%m-%d}; a sprint completes once.",
                    )
                ]
            )
        if early_refusal:
            raise RuleRefusal(early_refusal)
        at_start = {
            a.ticket.key: (a.member.user.username if a.member else None)
            for a in row.start_assignments.select_related("ticket", "member__user")
        }
        tickets = [t.facts() for t in list_tickets(cell, number)]
        spilled = rules.spillover(tickets, at_start)
        next_row = _sprint_row(cell, number + 1)
        to_move = rules.tickets_to_move(tickets)
        models.Ticket.objects.filter(sprint=row, key__in=to_move).update(sprint=next_row)
        for member, keys in spilled.items():
            member_id = org_api.member_pk(member) if member else None
            for key in keys:
                models.Spillover.objects.get_or_create(
                    sprint=row,
                    ticket=models.Ticket.objects.get(key=key),
                    defaults={"member_id": member_id},
                )
        row.completed_at, row.completed_by = now, who
        row.save(update_fields=["completed_at", "completed_by"])
        early = rules.days_early(now.date(), sprint_dates(cell, number).end)
        record_audit(
            who,
            "sprint.complete",
            "sprint",
            f"{cell}/{number}",
            {"moved": to_move} | ({"early": early} if early else {}),
        )
        # Background work (decision 0012): the next sprint starts on its day 0 if ready.
        next_start = rules.start_due(sprint_dates(cell, number + 1).start)
        _schedule("start_sprint", next_start, cell, number + 1)
    return _completion(cell, number, spilled, at_start)


def _completion(
    cell: str,
    number: int,
    spilled: Mapping[str | None, list[str]],
    at_start: Mapping[str, str | None],
    reasons: Mapping[str, str] | None = None,
) -> Completion:
    members, _ = org_api.list_members(cell=cell, active_only=True)
    reasons = reasons or {}
    return Completion(
        f"{cell}/{number}",
        number + 1,
        tuple(
            MemberCompletion(
                m.username,
                rules.clean_sprint(m.username, spilled, at_start),
                tuple(spilled.get(m.username, ())),
                reasons.get(m.username, ""),
            )
            for m in members
        ),
    )


def completion(cell: str, number: int) -> Completion | None:
    """Read only, SP-10: what completing the sprint did, from what was recorded; None before."""
    row = models.Sprint.objects.filter(cell__name=cell, number=number).first()
    if row is None or row.completed_at is None:
        return None
    at_start = {
        a.ticket.key: (a.member.user.username if a.member else None)
        for a in row.start_assignments.select_related("ticket", "member__user")
    }
    spilled: dict[str | None, list[str]] = defaultdict(list)
    reasons: dict[str, str] = {}
    for key, member, reason in row.spillover.order_by("ticket__key").values_list(
        "ticket__key", "member__user__username", "reason"
    ):
        spilled[member].append(key)
        if member and reason and member not in reasons:
            reasons[member] = reason
    return _completion(cell, number, spilled, at_start, reasons)


# --- spillover reasons (SP-10) --------------------------------------------------

SPILLOVER_REASON_LIMIT = 1000


def may_give_spillover_reason(actor: Actor, cell: str, member: str) -> bool:
    """SP-10: the member themself gives the reason of their spillover; the cell's sprint
    planning manager and administrators may give it for them."""
    if actor.username == member and policy.allows(actor, Permission.WORK_ON_TICKETS):
        return True
    return allows_in_cell(actor, Permission.MANAGE_SPRINTS, cell)


def give_spillover_reason(
    actor: Actor, cell: str, number: int, member: str, reason: str
) -> MemberCompletion:
    """SP-10 (issue #3 item 8): say why `member`'s tickets spilled over from `cell`/`number`.

    Who may is checked here (`may_give_spillover_reason`) on the acting user; the reason is
    trimmed, required and at most `SPILLOVER_REASON_LIMIT` characters; NotFound when the
    member has no spillover in that sprint. Giving it again replaces it; audited."""
    org_api.get_cell(cell)
    sprint_dates(cell, number)
    if not may_give_spillover_reason(actor, cell, member):
        raise PermissionDenied(
            f"SP-10: only {member} or {cell}'s sprint planning manager (or an administrator) "
            "may give the reason of their spillover."
        )
    reason = _text("reason", reason, SPILLOVER_REASON_LIMIT, "say why the tickets spilled over")
    with transaction.atomic():
        rows = models.Spillover.objects.select_for_update().filter(
            sprint__cell__name=cell, sprint__number=number, member__user__username=member
        )
        keys = sorted(rows.values_list("ticket__key", flat=True))
        if not keys:
            raise NotFound("member", f"{member} has no spillover in {cell}/{number}")
        previous = rows.exclude(reason="").values_list("reason", flat=True).first() or ""
        rows.update(reason=reason)
        record_audit(
            actor.username,
            "sprint.spillover_reason",
            "sprint",
            f"{cell}/{number}",
            {"member": member, "tickets": keys, "reason": [previous, reason]},
        )
    result = completion(cell, number)
    line = next((m for m in result.members if m.member == member), None) if result else None
    return line or MemberCompletion(member, False, tuple(keys), reason)
