"""Estimation sessions (SP-3): open, vote, close (by hand or at Friday EOD), read."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet

from cellops.kernel import clock
from cellops.kernel.violations import NotFound, RuleRefusal, Violation
from cellops.org import api as org_api
from cellops.org import policy
from cellops.org.data import Actor
from cellops.platform.api import SYSTEM_ACTOR, record_audit
from cellops.sprints import models, rules
from cellops.sprints.api._common import (
    _manages,
    _schedule,
    _sprint_row,
    _started,
    _works,
    sprint_dates,
    sprint_policy,
)
from cellops.sprints.data import Estimation, EstimationVote, MemberProgress, TicketEstimate

# --- estimation (SP-3) ------------------------------------------------------


def _session(cell: str, number: int) -> models.EstimationSession:
    session = models.EstimationSession.objects.filter(
        sprint__cell__name=cell, sprint__number=number
    ).first()
    if session is None:
        raise NotFound(
            "number",
            f"no estimation session is open for {cell}/{number}; the sprint planning manager opens it",
        )
    return session


def open_estimation(
    actor: Actor, cell: str, number: int, now: datetime | None = None
) -> Estimation:
    """SP-3: the cell's sprint planning manager opens a session for a sprint that has not
    started; it closes by itself at Friday EOD."""
    org_api.get_cell(cell, field="cell")
    who = _manages(actor, cell)
    now = now or clock.now()
    dates = sprint_dates(cell, number)
    with transaction.atomic():
        row = _sprint_row(cell, number, lock=True)
        if _started(row, dates, now):
            raise RuleRefusal(
                [
                    Violation(
                        "SP-3", f"{cell}/{number} has started; estimate the next sprint instead."
                    )
                ]
            )
        if hasattr(row, "estimation"):
            raise RuleRefusal(
                [
                    Violation(
                        "SP-3",
                        f"Estimation for {cell}/{number} is already open; members can vote now.",
                    )
                ]
            )
        closes_at = rules.estimation_deadline(dates.start, sprint_policy(cell))
        models.EstimationSession.objects.create(sprint=row, opened_by=who, closes_at=closes_at)
        record_audit(who, "estimation.open", "sprint", f"{cell}/{number}", {})
        # The worker closes it at the cut-off; reads and votes after it close it too.
        # At the same moment the people behind the sprint's gaps are emailed.
        _schedule("close_estimation", closes_at, cell, number)
        _schedule("notify_gaps", closes_at, cell, number)
    return estimation(cell, number)


def _close_if_due(session: models.EstimationSession, now: datetime) -> None:
    if session.closed_at is None and now >= session.closes_at:
        close_estimation(
            Actor.system(SYSTEM_ACTOR), session.sprint.cell.name, session.sprint.number, now=now
        )
        session.refresh_from_db()


def may_vote(actor: Actor, cell: str) -> bool:
    """SP-3: whether `actor` votes in `cell`'s estimation (its active members only; an
    administrator who is not one does not), so a page offers the vote form only to them."""
    return policy.may_vote_in_estimation(actor, cell)


def vote(
    actor: Actor,
    cell: str,
    number: int,
    ticket: str,
    value: str,
    comment: str = "",
    now: datetime | None = None,
) -> Estimation:
    """SP-3: an active member of the cell votes on a ticket (scale or '?'); a second vote
    replaces the first. Anyone else is refused (PermissionDenied naming SP-3)."""
    member = _works(actor)
    if not policy.may_vote_in_estimation(actor, cell):
        raise PermissionDenied(
            f"SP-3: only the active members of {cell} vote in its estimation; "
            "estimate in your own cell's session instead."
        )
    now = now or clock.now()
    violations = rules.check_vote(value)
    if violations:
        raise RuleRefusal(violations)
    session = _session(cell, number)
    _close_if_due(session, now)
    if session.closed_at:
        raise RuleRefusal(
            [
                Violation(
                    "SP-3",
                    "Estimation is closed for this sprint; discuss the ticket with its assignee instead.",
                )
            ]
        )
    row = models.Ticket.objects.filter(key=ticket, sprint=session.sprint).first()
    if row is None:
        raise NotFound("ticket", f"{ticket} is not a ticket of {cell}/{number}")
    models.Vote.objects.update_or_create(
        session=session,
        ticket=row,
        member_id=org_api.member_pk(member),
        defaults={"value": value.strip(), "comment": comment},
    )
    return estimation(cell, number)


def _counted_votes(session: models.EstimationSession, cell: str) -> QuerySet[models.Vote]:
    """SP-3: the votes that count: those of the cell's active members (a vote stored by
    anyone else, or by someone who has since left the cell, is ignored)."""
    return session.votes.filter(
        member__cell__name=cell, member__status__in=org_api.ACTIVE_STATUS_VALUES
    )


def close_estimation(
    actor: Actor, cell: str, number: int, now: datetime | None = None
) -> Estimation:
    """SP-3: the sprint planning manager (or the system at the deadline) closes the session;
    each ticket's points become its result; comments stay on the tickets."""
    org_api.get_cell(cell, field="cell")
    who = _manages(actor, cell)
    now = now or clock.now()
    with transaction.atomic():
        session = (
            models.EstimationSession.objects.select_for_update()
            .filter(sprint__cell__name=cell, sprint__number=number)
            .first()
        )
        if session is None:
            raise NotFound("number", f"no estimation session for {cell}/{number}")
        if session.closed_at is None:
            for row in models.Ticket.objects.filter(sprint=session.sprint):
                votes = list(
                    _counted_votes(session, cell).filter(ticket=row).select_related("member__user")
                )
                result = rules.estimate([v.value for v in votes])
                if result.result is not None and row.story_points != result.result:
                    models.TicketChange.objects.create(
                        ticket=row,
                        actor=who,
                        changes={"story_points": [row.story_points, result.result]},
                    )
                    row.story_points = result.result
                    row.version += 1
                    row.save(update_fields=["story_points", "version"])
                for v in votes:
                    if v.comment:
                        models.Comment.objects.create(
                            ticket=row,
                            author=v.member.user.username,
                            text=f"Estimation vote {v.value}: {v.comment}",
                            source="estimation",
                        )
            session.closed_at = now
            session.save(update_fields=["closed_at"])
            record_audit(who, "estimation.close", "sprint", f"{cell}/{number}", {})
    return estimation(cell, number)


def estimation_state(cell: str, number: int, now: datetime | None = None) -> str | None:
    """SP-3: "open" or "closed" (as `estimation(...).state`), or None without a session: for a
    page that shows only that, without reading every vote (decision 0067)."""
    try:
        session = _session(cell, number)
    except NotFound:
        return None
    closed = rules.estimation_closed(session.closed_at, session.closes_at, now or clock.now())
    return "closed" if closed else "open"


def estimation(cell: str, number: int, now: datetime | None = None) -> Estimation:
    """SP-3: a session's state, votes, results and progress. A read only: a session past
    its deadline reads as closed; closing it (the points and comments) is the worker's
    `close_estimation` task, or the next vote (decision 0029)."""
    session = _session(cell, number)
    closed = rules.estimation_closed(session.closed_at, session.closes_at, now or clock.now())
    # Plain values, not model rows: a sprint's hundreds of tickets times its members' votes
    # (decision 0067); each member's voted tickets are gathered in the same pass.
    keys = list(
        models.Ticket.objects.filter(sprint=session.sprint, stretch=False)
        .order_by("key")
        .values_list("key", flat=True)
    )
    votes: dict[str, list[EstimationVote]] = defaultdict(list)
    voted_by: dict[str, set[str]] = defaultdict(set)
    for key, member, value, comment in (
        _counted_votes(session, cell)
        .order_by("id")
        .values_list("ticket__key", "member__user__username", "value", "comment")
    ):
        votes[key].append(EstimationVote(member, value, comment))
        voted_by[member].add(key)
    estimates = []
    for key in keys:
        result = rules.estimate([v.value for v in votes[key]])
        estimates.append(TicketEstimate(key, tuple(votes[key]), result.result, result.discuss))
    members, _ = org_api.list_members(cell=cell, active_only=True)
    in_sprint = set(keys)
    progress = []
    for m in members:
        voted = voted_by[m.username]
        progress.append(
            MemberProgress(m.username, rules.member_done(voted, keys), len(voted & in_sprint))
        )
    return Estimation(
        "closed" if closed else "open",
        session.closes_at,
        tuple(estimates),
        tuple(progress),
    )
