"""Newcomers' reviews (TR-2, TR-3, TR-4, TR-5): made by the software, voted on, decided.

- `ensure_reviews` makes a newcomer's screening and developer reviews (with
  their due dates and reviewers) when the newcomer is created or their start
  date, status or mentor changes (`trial.apps` hands it to org's saves); it is
  idempotent and keeps votes already cast.
- `vote` is a reviewer's own vote with a note per criterion; `review` hides
  the others' votes from a reviewer who has not voted yet, and from the
  newcomer.
- A developer review where every reviewer voted `accept` decides itself;
  otherwise `decide` records the outcome, who took it and why. The outcome
  changes the member: `accept` → core, `end` → left, `extend` → a TR-4
  extension with its own developer review.

Who may read and decide is `org.policy`'s (`sees_trial_review`,
`may_decide_trial_review`); decision 0030 explains the choices.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal, Violation
from cellops.org import api as org_api
from cellops.org.data import Actor, CellKind, Member, MemberStatus
from cellops.org.policy import (
    Permission,
    may_decide_trial_review,
    sees_agency_overview,
    sees_trial_review,
)
from cellops.platform.api import record_audit
from cellops.trial import models, rules
from cellops.trial.api.dates import check_day, trial_schedule_or_none
from cellops.trial.data import (
    CRITERIA,
    NOTE_LIMIT,
    Review,
    ReviewDetail,
    ReviewKind,
    ReviewPlan,
    ReviewState,
    ReviewVote,
)

#: Who the software is when it makes reviews on its own (TR-2, TR-5).
SOFTWARE = Actor.system("trial")


# --- reading ------------------------------------------------------------------------


def _rows() -> QuerySet[models.Review]:
    return models.Review.objects.select_related("newcomer__user", "newcomer__cell")


def _people(row: models.Review) -> tuple[tuple[str, ...], dict[str, models.Vote]]:
    seats = tuple(sorted(row.seats.values_list("reviewer__user__username", flat=True), key=str))
    votes = {v.reviewer.user.username: v for v in row.votes.select_related("reviewer__user")}
    return seats, votes


def _review(row: models.Review, hide_voters: bool = False) -> Review:
    seats, votes = _people(row)
    return Review(
        id=row.pk,
        newcomer=row.newcomer.user.username,
        kind=ReviewKind(row.kind),
        sequence=row.sequence,
        due=row.due,
        sprint=row.sprint,
        reviewers=seats,
        voted=() if hide_voters else tuple(r for r in seats if r in votes),
        state=ReviewState.DECIDED if row.outcome else ReviewState.OPEN,
        outcome=row.outcome or None,
        decided_by=row.decided_by,
        decision_note="" if hide_voters else row.note,
        extension_sprints=row.extension_sprints,
    )


def _vote(v: models.Vote) -> ReviewVote:
    return ReviewVote(
        reviewer=v.reviewer.user.username,
        vote=v.vote,
        comment=v.comment,
        notes={k: str(v.notes.get(k, "")) for k in CRITERIA},
    )


def _row(review_id: int) -> models.Review:
    row = _rows().filter(pk=review_id).first()
    if row is None:
        raise NotFound("review_id", f"no review has the id {review_id}")
    return row


def _may_see(actor: Actor, row: models.Review, seats: tuple[str, ...]) -> bool:
    newcomer = row.newcomer.user.username
    mentor = org_api.mentor_of(newcomer, max(date.today(), row.newcomer.start_date or date.min))
    return sees_trial_review(actor, newcomer, row.newcomer.cell.name, frozenset(seats), mentor)


def _mentor(member: Member) -> str | None:
    return org_api.mentor_of(member.username, max(date.today(), member.start_date or date.min))


def reviews_of(actor: Actor, username: str) -> list[Review]:
    """API.md: the newcomer's reviews, for those who may read them; the newcomer sees
    the due dates and outcomes but not who voted. Others: PermissionDenied."""
    org_api.check(actor, Permission.VIEW_TRIAL)
    member = org_api.get_member(username, "username", viewer=actor)
    rows = list(_rows().filter(newcomer__user__username=username))
    seats = frozenset(s for row in rows for s in _people(row)[0])
    if not sees_trial_review(actor, username, member.cell, seats, _mentor(member)):
        raise PermissionDenied(
            "A newcomer's reviews are read by their reviewers, their mentor, the cell's "
            "managers, the CEO and administrators."
        )
    hide = actor.username == username and not actor.is_admin
    return [_review(row, hide_voters=hide) for row in rows]


def review(actor: Actor, review_id: int) -> ReviewDetail:
    """One review as `actor` may see it (TR-3): a reviewer sees the others' votes once
    they voted; the newcomer never does; the mentor who is no reviewer, the cell's
    managers, the CEO and administrators see them. NotFound for anyone else."""
    org_api.check(actor, Permission.VIEW_TRIAL)
    row = _row(review_id)
    return _detail(actor, row)


def _detail(actor: Actor, row: models.Review) -> ReviewDetail:
    seats, votes = _people(row)
    if not _may_see(actor, row, seats):
        raise NotFound("review_id", f"no review has the id {row.pk}")
    newcomer = row.newcomer.user.username
    is_reviewer = actor.username in seats
    mine = votes.get(actor.username)
    is_newcomer = actor.username == newcomer and not actor.is_admin
    hidden = is_newcomer or (is_reviewer and mine is None)
    kind = ReviewKind(row.kind)
    cast = {r: v.vote for r, v in votes.items() if r in seats}
    may_decide = not row.outcome and may_decide_trial_review(
        actor, kind is ReviewKind.SCREENING, frozenset(seats), _mentor_of_row(row)
    )
    suggested = (
        rules.screening_outcome(seats, cast)
        if kind is ReviewKind.SCREENING
        else rules.self_decided_outcome(kind, seats, cast)
    )
    return ReviewDetail(
        review=_review(row, hide_voters=is_newcomer),
        votes=() if hidden else tuple(_vote(votes[r]) for r in seats if r in votes),
        votes_hidden=hidden,
        my_vote=_vote(mine) if mine else None,
        is_reviewer=is_reviewer,
        may_decide=may_decide,
        suggested_outcome=suggested,
    )


def _mentor_of_row(row: models.Review) -> str | None:
    newcomer = row.newcomer.user.username
    return org_api.mentor_of(newcomer, max(date.today(), row.newcomer.start_date or date.min))


def open_reviews_for(reviewer: str) -> list[Review]:
    """The open reviews `reviewer` has not voted in yet, soonest first (for the home page)."""
    rows = _rows().filter(outcome="", seats__reviewer__user__username=reviewer)
    rows = rows.exclude(votes__reviewer__user__username=reviewer)
    return [_review(row) for row in rows.order_by("due", "pk")]


def open_reviews(actor: Actor) -> list[Review] | None:
    """The home page's agency overview (issue #14 item 13): every trial review not decided
    yet that `actor` may read (API.md), soonest due first; None for who does not see the
    overview (`org.policy.sees_agency_overview`)."""
    if not sees_agency_overview(actor):
        return None
    rows = _rows().filter(outcome="").order_by("due", "pk")
    shown = []
    for row in rows:
        review = _review(row)
        if _may_see(actor, row, review.reviewers):
            shown.append(review)
    return shown


# --- made by the software (TR-2, TR-5, TR-4) ----------------------------------------


def _core_by_cell() -> tuple[dict[str, list[str]], set[str]]:
    members, _ = org_api.list_members(active_only=True)
    core: dict[str, list[str]] = {}
    for m in members:
        if m.status == MemberStatus.CORE:
            core.setdefault(m.cell, []).append(m.username)
    dev_cells = {c.name for c in org_api.list_cells() if c.kind is CellKind.DEV}
    return core, dev_cells


def _wanted_reviewers(
    kind: ReviewKind,
    member: Member,
    kept: tuple[str, ...],
    core: dict[str, list[str]],
    dev_cells: set[str],
) -> tuple[str, ...]:
    own = core.get(member.cell, [])
    if kind is ReviewKind.SCREENING:
        return rules.screening_reviewers(member.username, _mentor(member), own, kept)
    others = {cell: core.get(cell, []) for cell in dev_cells if cell != member.cell}
    return rules.developer_reviewers(member.username, own, others, kept)


def _sync_seats(row: models.Review, wanted: tuple[str, ...]) -> None:
    """The review's reviewers become `wanted`, but whoever already voted keeps their seat."""
    seats, votes = _people(row)
    keep = set(wanted) | set(votes)
    gone = [s for s in seats if s not in keep]
    if gone:
        row.seats.filter(reviewer__user__username__in=gone).delete()
    new = [w for w in wanted if w not in seats]
    if new:
        pks = org_api.member_pks(set(new))
        models.ReviewSeat.objects.bulk_create(
            [models.ReviewSeat(review=row, reviewer_id=pks[w]) for w in new if w in pks],
            ignore_conflicts=True,
        )


def _place(
    actor: Actor,
    member_pk: int,
    member: Member,
    plan: ReviewPlan,
    core: dict[str, list[str]],
    dev: set[str],
) -> int:
    """The review of `plan`, made if missing; an open one without votes follows new dates."""
    row, made = models.Review.objects.get_or_create(
        newcomer_id=member_pk,
        kind=plan.kind.value,
        sequence=plan.sequence,
        defaults={"due": plan.due, "sprint": plan.sprint},
    )
    moved = (row.due, row.sprint) != (plan.due, plan.sprint)
    if not made and moved and not row.outcome and not row.votes.exists():
        row.due, row.sprint = plan.due, plan.sprint
        row.save(update_fields=["due", "sprint"])
    if not row.outcome:
        kept = _people(row)[0]
        _sync_seats(row, _wanted_reviewers(plan.kind, member, kept, core, dev))
    if made:
        record_audit(
            actor.username,
            "trial.review.create",
            "trial_review",
            row.pk,
            {
                "newcomer": member.username,
                "kind": plan.kind.value,
                "sequence": plan.sequence,
                "due": plan.due,
                "sprint": plan.sprint,
            },
        )
    return row.pk


def ensure_reviews(actor: Actor, username: str) -> list[Review]:
    """TR-2, TR-3, TR-5: the newcomer's screening and developer reviews, made if missing.

    Nothing is made for someone who is not a newcomer or has no start date (or
    one before the sprint calendar). Calling again makes nothing new: it moves
    the due dates of reviews nobody voted in yet to a changed start date, and
    brings their reviewers up to date (a mentor named later joins the
    screening review); a reviewer who voted keeps their seat. Decided reviews
    never change. For the software and administrators (the saves of org call it).
    """
    org_api.check(actor, Permission.EDIT_ORGANISATION)
    member = org_api.get_member(username, "username")
    if member.status != MemberStatus.NEWCOMER or member.start_date is None:
        return []
    schedule = trial_schedule_or_none(member.start_date)
    if schedule is None:
        return []
    core, dev = _core_by_cell()
    pk = org_api.member_pk(username)
    with transaction.atomic():
        for plan in rules.review_plans(schedule, org_api.sprint_calendar()):
            _place(actor, pk, member, plan, core, dev)
        # reviews ending an extension keep their dates; their reviewers follow the cell
        for row in models.Review.objects.filter(newcomer_id=pk, outcome="", sequence__gt=0):
            kind = ReviewKind(row.kind)
            _sync_seats(row, _wanted_reviewers(kind, member, _people(row)[0], core, dev))
    return [_review(row) for row in _rows().filter(newcomer_id=pk)]


# --- voting (TR-2, TR-3) ------------------------------------------------------------


def _clean_notes(notes: Mapping[str, str] | None, require: bool) -> dict[str, str]:
    notes = dict(notes or {})
    unknown = sorted(set(notes) - set(CRITERIA))
    if unknown:
        raise InvalidInput(f"notes.{unknown[0]}", f"the criteria are {', '.join(CRITERIA)}")
    clean = {}
    for key in CRITERIA:
        text = str(notes.get(key) or "").strip()
        if len(text) > NOTE_LIMIT:
            raise InvalidInput(f"notes.{key}", f"keep a note under {NOTE_LIMIT} characters")
        if require and not text:
            raise InvalidInput(
                f"notes.{key}", f"write a note on {CRITERIA[key].lower()} (TR-3's criteria)"
            )
        clean[key] = text
    return clean


def vote(
    actor: Actor,
    review_id: int,
    vote: str,
    comment: str = "",
    notes: Mapping[str, str] | None = None,
    *,
    require_notes: bool = False,
    now: datetime | None = None,
) -> ReviewDetail:
    """TR-2 / TR-3: `actor`'s own vote on a review they are a reviewer of.

    A second vote replaces the first. Not a reviewer → PermissionDenied (the
    review must be one they may see, else NotFound). A decided review takes no
    more votes. When the last vote makes every vote of a developer review
    `accept`, the review decides itself and the newcomer becomes core.
    """
    org_api.check(actor, Permission.VIEW_TRIAL)
    comment = (comment or "").strip()
    if len(comment) > NOTE_LIMIT:
        raise InvalidInput("comment", f"keep the comment under {NOTE_LIMIT} characters")
    clean = _clean_notes(notes, require_notes)
    with transaction.atomic():
        row = _rows().select_for_update(of=("self",)).filter(pk=review_id).first()
        if row is None:
            raise NotFound("review_id", f"no review has the id {review_id}")
        seats, _ = _people(row)
        if actor.username not in seats:
            if not _may_see(actor, row, seats):
                raise NotFound("review_id", f"no review has the id {review_id}")
            raise PermissionDenied("Only this review's reviewers vote in it (TR-3).")
        kind = ReviewKind(row.kind)
        refusals = rules.vote_violations(kind, vote)
        if row.outcome:
            refusals.append(
                Violation(
                    rules.TR_3_DEVELOPER_REVIEW
                    if kind is ReviewKind.DEVELOPER
                    else rules.TR_2_SCREENING_REVIEW,
                    f"This review is decided ({row.outcome}); it takes no more votes.",
                    {"field": "vote"},
                )
            )
        if refusals:
            raise RuleRefusal(refusals)
        at = now or timezone.now()
        reviewer_pk = org_api.member_pk(actor.username)
        _, made = models.Vote.objects.update_or_create(
            review=row,
            reviewer_id=reviewer_pk,
            defaults={"vote": vote, "comment": comment, "notes": clean, "voted_at": at},
        )
        record_audit(
            actor.username,
            "trial.review.vote",
            "trial_review",
            row.pk,
            {"newcomer": row.newcomer.user.username, "replaced": not made},
        )
        seats, votes = _people(row)
        outcome = rules.self_decided_outcome(kind, seats, {r: v.vote for r, v in votes.items()})
        if outcome is not None:
            _record(
                row,
                outcome,
                "TR-3: every reviewer voted accept",
                "The review decided itself: every vote was accept.",
                at,
            )
    return _detail(actor, _row(review_id))


# --- deciding (TR-2, TR-3, TR-4) ----------------------------------------------------


def _record(
    row: models.Review,
    outcome: str,
    by: str,
    note: str,
    at: datetime,
    sprints: int | None = None,
    date_of_121: date | None = None,
) -> None:
    """Store the outcome and change the member (accept → core, end → left, extend → TR-4)."""
    row.outcome, row.decided_by, row.note, row.decided_at = outcome, by, note, at
    row.extension_sprints, row.date_of_121 = sprints, date_of_121
    row.save()
    username = row.newcomer.user.username
    record_audit(
        by,
        "trial.review.decide",
        "trial_review",
        row.pk,
        {"newcomer": username, "outcome": outcome, "sprints": sprints, "date_of_121": date_of_121},
    )
    if outcome == "accept":
        org_api.update_member(Actor.system(by), username, status=MemberStatus.CORE)
    elif outcome == "end":
        org_api.update_member(Actor.system(by), username, status=MemberStatus.LEFT)
    elif outcome == "extend" and sprints is not None and date_of_121 is not None:
        ext = rules.extension(date_of_121, sprints)
        plan = rules.extension_review_plan(ext, row.sequence + 1, org_api.sprint_calendar())
        member = org_api.get_member(username)
        core, dev = _core_by_cell()
        _place(SOFTWARE, row.newcomer_id, member, plan, core, dev)


def decide(
    actor: Actor,
    review_id: int,
    outcome: str,
    *,
    sprints: int | None = None,
    date_of_121: date | None = None,
    note: str = "",
    now: datetime | None = None,
) -> Review:
    """TR-2 / TR-3 / TR-4: record a review's outcome, who took it and why.

    The mentor records a screening review (`continue` unless every reviewer
    voted `end`); a developer review is decided after discussion by the
    manager involved (a reviewer holding a manager role), else the CEO
    (administrators may too), once every reviewer has voted, with a note.
    `extend` needs 2 or 4 `sprints` (the 121 defaults to today) and makes the
    extension's developer review. Every refusal is listed at once.
    """
    org_api.check(actor, Permission.VIEW_TRIAL)
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        raise InvalidInput("note", f"keep the note under {NOTE_LIMIT} characters")
    at = now or timezone.now()
    day_of_121 = check_day("date_of_121", date_of_121 or at.date())
    with transaction.atomic():
        row = _rows().select_for_update(of=("self",)).filter(pk=review_id).first()
        if row is None:
            raise NotFound("review_id", f"no review has the id {review_id}")
        seats, votes = _people(row)
        if not _may_see(actor, row, seats):
            raise NotFound("review_id", f"no review has the id {review_id}")
        kind = ReviewKind(row.kind)
        if not may_decide_trial_review(
            actor, kind is ReviewKind.SCREENING, frozenset(seats), _mentor_of_row(row)
        ):
            raise PermissionDenied(
                "TR-2: the mentor records a screening review's outcome."
                if kind is ReviewKind.SCREENING
                else "TR-3: the manager involved in the review (a reviewer holding a manager "
                "role), else the CEO, records its outcome."
            )
        open_extension = models.Review.objects.filter(
            newcomer_id=row.newcomer_id, outcome="", sequence__gt=row.sequence
        ).exists()
        refusals = rules.decision_violations(
            kind,
            outcome,
            seats,
            {r: v.vote for r, v in votes.items() if r in seats},
            decided=bool(row.outcome),
            note=note,
            extension_sprints=sprints if outcome == "extend" else None,
            open_extension=open_extension,
        )
        if refusals:
            raise RuleRefusal(refusals)
        _record(
            row,
            outcome,
            actor.username,
            note,
            at,
            sprints if outcome == "extend" else None,
            day_of_121 if outcome == "extend" else None,
        )
    return _review(_row(review_id))
