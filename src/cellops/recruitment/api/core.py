"""Use cases of recruitment (RC-1 to RC-7): the only door into `cellops.recruitment`.

Every use case but the public `submit` takes the `Actor` asking and authorises
through `cellops.org.policy`: the CEO opens rounds (RC-1); a round's
candidatures are for its recruitment managers, the CEO and administrators
(RC-7, `sees_round_candidates`) — anyone else gets NotFound for one and an
empty list for many, never a hint that a candidate exists. The audit log
records ids and statuses, never a candidate's personal data.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from cellops.kernel.violations import Conflict, InvalidInput, NotFound, RuleRefusal, Violation
from cellops.org import api as org_api
from cellops.org.data import Actor, MemberStatus, Role
from cellops.org.policy import Permission, allows, sees_round_candidates
from cellops.platform.api import record_audit, send_once
from cellops.recruitment import models, rules
from cellops.recruitment.data import (
    DEFAULT_REJECTIONS,
    Application,
    Candidature,
    CellNeed,
    ClaimResult,
    Preselection,
    Received,
    Round,
    RoundCounts,
    RoundState,
    Status,
)

__all__ = [
    "TooManyCandidatures",
    "candidature",
    "candidatures",
    "change_status",
    "claim",
    "close_round",
    "open_round",
    "open_round_id",
    "preselect",
    "rejection_key",
    "round_counts",
    "rounds",
    "send_rejection",
    "submit",
]


#: RC-5: where a candidature's path ends.
FINAL = (Status.REJECTED.value, Status.REFUSED.value, Status.HIRED.value)


class TooManyCandidatures(Exception):
    """The sending address passed `CELLOPS_CANDIDATURES_PER_HOUR` this hour (HTTP 429)."""


# --- rounds (RC-1) --------------------------------------------------------------------


def _round(row: models.Round) -> Round:
    return Round(
        id=row.pk,
        name=row.name,
        state=RoundState(row.state),
        cells=tuple(
            CellNeed(c.cell.name, c.wanted, c.margin)
            for c in row.cells.select_related("cell").order_by("cell__name")
        ),
        opened=row.opened_at.date() if row.opened_at else None,
        closed=row.closed_at,
        closed_by=row.closed_by,
    )


def _round_row(round_id: int, field: str = "round_id") -> models.Round:
    row = models.Round.objects.filter(pk=round_id).first()
    if row is None:
        raise NotFound(field, f"no recruitment round has the id {round_id}")
    return row


def _cells_of(row: models.Round) -> frozenset[str]:
    return frozenset(row.cells.values_list("cell__name", flat=True))


def open_round(actor: Actor, name: str, cells: list[CellNeed]) -> Round:
    """RC-1: the CEO opens a round with, per recruiting cell, the newcomers wanted and a
    margin. Every problem is refused at once (RC-1); an unknown cell is NotFound."""
    org_api.check(actor, Permission.OPEN_RECRUITMENT_ROUNDS)
    refuse = rules.round_violations(name, cells)
    if refuse:
        raise RuleRefusal(refuse)
    pks = {need.cell: org_api.cell_pk(need.cell, "cells") for need in cells}
    with transaction.atomic():
        row = models.Round.objects.create(name=name.strip(), opened_by=actor.username)
        models.RoundCell.objects.bulk_create(
            models.RoundCell(round=row, cell_id=pks[n.cell], wanted=n.wanted, margin=n.margin)
            for n in cells
        )
        record_audit(
            actor.username,
            "recruitment.round.open",
            "recruitment_round",
            row.pk,
            {"name": row.name, "cells": [[n.cell, n.wanted, n.margin] for n in cells]},
        )
    return _round(row)


def close_round(actor: Actor, round_id: int, now: datetime | None = None) -> Round:
    """RC-1: the CEO (who opens rounds) closes one; the public form stops taking
    candidatures for it. Candidatures already received keep going through the flow
    (decision 0053): nobody is rejected by the close, and the round's managers may still
    claim the ones that arrived in time. Closing twice keeps the first close."""
    org_api.check(actor, Permission.OPEN_RECRUITMENT_ROUNDS)
    with transaction.atomic():
        row = _round_row(round_id)
        if row.state != RoundState.CLOSED:
            row.state = RoundState.CLOSED.value
            row.closed_at = now or timezone.now()
            row.closed_by = actor.username
            row.save(update_fields=["state", "closed_at", "closed_by"])
            open_ones = row.candidatures.exclude(status__in=FINAL).count()
            record_audit(
                actor.username,
                "recruitment.round.close",
                "recruitment_round",
                row.pk,
                {"in_progress": open_ones},
            )
    return _round(row)


def rounds(actor: Actor) -> list[Round]:
    """The rounds whose candidatures `actor` may see (RC-7), newest first."""
    org_api.check(actor, Permission.VIEW_ORGANISATION)
    rows = models.Round.objects.order_by("-opened_at", "-pk")
    return [_round(r) for r in rows if sees_round_candidates(actor, _cells_of(r))]


def open_round_id() -> int | None:
    """The open round the public form sends to by default (the newest), or None."""
    return (
        models.Round.objects.filter(state=RoundState.OPEN.value)
        .order_by("-opened_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )


def _visible_round(actor: Actor, round_id: int, field: str = "round_id") -> models.Round:
    row = models.Round.objects.filter(pk=round_id).first()
    if row is None or not sees_round_candidates(actor, _cells_of(row)):
        raise NotFound(field, f"no recruitment round has the id {round_id}")
    return row


def _last_claim(round_id: int, username: str) -> datetime | None:
    return (
        models.Claim.objects.filter(round_id=round_id, manager__user__username=username)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )


def _may_claim(actor: Actor, cells: frozenset[str]) -> bool:
    """RC-2: the recruitment managers of the round claim (the role, not the CEO's rank)."""
    return actor.active and any(
        role is Role.RECRUITMENT_MANAGER and (where is None or where in cells)
        for role, where in actor.role_cells
    )


def round_counts(actor: Actor, round_id: int) -> RoundCounts:
    """A round's page: candidatures by status (every status listed), unassigned ones,
    mine by status, and when I may claim next (RC-2). NotFound unless RC-7 lets me see it."""
    row = _visible_round(actor, round_id)
    counted = dict(
        row.candidatures.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    mine = dict(
        row.candidatures.filter(assignee__user__username=actor.username)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    cells = _cells_of(row)
    return RoundCounts(
        round=_round(row),
        by_status={s.value: counted.get(s.value, 0) for s in Status},
        unassigned=row.candidatures.filter(assignee__isnull=True, status=Status.NEW).count(),
        mine={s.value: mine[s.value] for s in Status if mine.get(s.value)},
        next_claim_at=rules.next_claim_at(_last_claim(row.pk, actor.username)),
        may_claim=_may_claim(actor, cells),
        may_close=row.state == RoundState.OPEN
        and allows(actor, Permission.OPEN_RECRUITMENT_ROUNDS),
        in_progress=row.candidatures.exclude(status__in=FINAL).count(),
    )


# --- the public form ------------------------------------------------------------------


def _digest(address: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"candidature:{address}".encode(), hashlib.sha256).hexdigest()


def submit(
    application: Application,
    round_id: int | None = None,
    *,
    address: str = "",
    now: datetime | None = None,
) -> Received:
    """The public candidature form (no login): checked, rate-limited per address, stored.

    Malformed fields are `InvalidInput` naming the first field (`problems` on the form
    shows them all); past `CELLOPS_CANDIDATURES_PER_HOUR` from one address this hour,
    `TooManyCandidatures`; the same e-mail twice in one round, `Conflict`. The answer says
    only that it arrived.
    """
    problems = rules.application_problems(application)
    if problems:
        field, message = next(iter(problems.items()))
        raise InvalidInput(field, message)
    at = now or timezone.now()
    chosen = round_id if round_id is not None else open_round_id()
    row = models.Round.objects.filter(pk=chosen, state=RoundState.OPEN.value).first()
    if row is None:
        raise NotFound("round", "no recruitment round is open for candidatures right now")
    limit = settings.CELLOPS_CANDIDATURES_PER_HOUR
    digest = _digest(address)
    with transaction.atomic():
        if limit > 0:
            recent = models.Submission.objects.filter(
                address_digest=digest, at__gt=at - timedelta(hours=1)
            ).count()
            if recent >= limit:
                raise TooManyCandidatures(
                    "Too many candidatures from your address this hour; try again later."
                )
        models.Submission.objects.create(address_digest=digest, at=at)
        email = application.email.strip().lower()
        try:
            with transaction.atomic():
                made = models.Candidature.objects.create(
                    round=row,
                    received_at=at,
                    name=application.name.strip(),
                    email=email,
                    timezone=application.timezone.strip(),
                    contributions=list(application.contributions),
                    no_contribution=application.no_contribution,
                    years_experience=application.years_experience,
                    python=application.python.strip(),
                    django=application.django.strip(),
                    react=application.react.strip(),
                    motivation=application.motivation.strip(),
                )
        except IntegrityError:
            raise Conflict(
                "We already have a candidature from this e-mail address for this round; "
                "there is no need to send it again."
            ) from None
        record_audit("public form", "recruitment.apply", "candidature", made.pk, {"round": row.pk})
    return Received(id=made.pk, received=at)


# --- reading (RC-7) ---------------------------------------------------------------------


def _candidature(row: models.Candidature, history: bool = False) -> Candidature:
    steps = ()
    if history:
        steps = tuple(
            (s.from_status, s.to_status, s.by, s.note) for s in row.steps.order_by("at", "pk")
        )
    return Candidature(
        id=row.pk,
        round=row.round_id,
        status=Status(row.status),
        assignee=row.assignee.user.username if row.assignee else None,
        received=row.received_at,
        name=row.name,
        email=row.email,
        timezone=row.timezone,
        contributions=tuple(row.contributions),
        no_contribution=row.no_contribution,
        years_experience=row.years_experience,
        python=row.python,
        django=row.django,
        react=row.react,
        motivation=row.motivation,
        skills=row.skills,
        exclusivity_check=row.exclusivity_check,
        rejection_reasons=tuple(row.rejection_reasons),
        erased=row.erased,
        history=steps,
        preselection=dict(row.preselection),
        rejection_sent=row.rejection_sent_at,
    )


def _rows() -> QuerySet[models.Candidature]:
    return models.Candidature.objects.select_related("assignee__user", "round")


def _visible_rounds(actor: Actor) -> list[int]:
    return [r.pk for r in models.Round.objects.all() if sees_round_candidates(actor, _cells_of(r))]


def candidatures(
    actor: Actor,
    round_id: int | None = None,
    status: str | None = None,
    assignee: str | None = None,
) -> list[Candidature]:
    """RC-7: the candidatures of the rounds `actor` may see (an empty list for anyone else),
    oldest first, filtered by round, status and assignee. An inactive member (ORG-2) is
    refused, as everywhere."""
    org_api.check(actor, Permission.VIEW_ORGANISATION)
    rows = _rows().filter(round_id__in=_visible_rounds(actor))
    if round_id is not None:
        rows = rows.filter(round_id=round_id)
    if status:
        rows = rows.filter(status=status)
    if assignee:
        rows = rows.filter(assignee__user__username=assignee)
    return [_candidature(r) for r in rows]


def _visible(actor: Actor, candidature_id: int, lock: bool = False) -> models.Candidature:
    rows = _rows().select_for_update(of=("self",)) if lock else _rows()
    row = rows.filter(pk=candidature_id).first()
    if (
        row is None
        or not allows(actor, Permission.VIEW_ORGANISATION)
        or not sees_round_candidates(actor, _cells_of(row.round))
    ):
        raise NotFound("candidature_id", f"no candidature has the id {candidature_id}")
    return row


def candidature(actor: Actor, candidature_id: int) -> Candidature:
    """One candidature with its history, for those RC-7 lets see it; NotFound otherwise."""
    return _candidature(_visible(actor, candidature_id), history=True)


# --- claiming (RC-2) --------------------------------------------------------------------


def claim(actor: Actor, round_id: int, now: datetime | None = None) -> ClaimResult:
    """RC-2: a recruitment manager of the round claims ceil(U / X) of the oldest unassigned
    candidatures, at most once every 48 hours; a claim that finds nothing takes nothing
    and starts no clock. Refused with RC-2 (and `next_claim_at`) when too early."""
    at = now or timezone.now()
    with transaction.atomic():
        row = _visible_round(actor, round_id)
        cells = _cells_of(row)
        if not _may_claim(actor, cells):
            raise PermissionDenied(
                "RC-2: the recruitment managers of the round's cells claim candidatures."
            )
        models.Round.objects.select_for_update().filter(pk=row.pk).first()
        refused = rules.claim_violations(at, _last_claim(row.pk, actor.username))
        if refused:
            raise RuleRefusal(refused)
        pool = row.candidatures.filter(assignee__isnull=True, status=Status.NEW)
        size = rules.claim_size(pool.count(), len(cells))
        ids = list(pool.order_by("received_at", "pk").values_list("pk", flat=True)[:size])
        if not ids:
            return ClaimResult(claimed=(), next_claim_at=rules.next_claim_at(None))
        manager = org_api.member_pk(actor.username)
        models.Candidature.objects.filter(pk__in=ids).update(
            assignee_id=manager, assigned_at=at, status=Status.ASSIGNED.value
        )
        models.StatusChange.objects.bulk_create(
            models.StatusChange(
                candidature_id=i,
                from_status=Status.NEW.value,
                to_status=Status.ASSIGNED.value,
                by=actor.username,
                at=at,
            )
            for i in ids
        )
        models.Claim.objects.create(round=row, manager_id=manager, at=at, count=len(ids))
        record_audit(
            actor.username, "recruitment.claim", "recruitment_round", row.pk, {"claimed": ids}
        )
    return ClaimResult(claimed=tuple(ids), next_claim_at=rules.next_claim_at(at))


# --- pre-selection (RC-3, RC-4) and the status flow (RC-5) ------------------------------


def _step(row: models.Candidature, to: Status, by: str, at: datetime, note: str = "") -> None:
    models.StatusChange.objects.create(
        candidature=row, from_status=row.status, to_status=to.value, by=by, at=at, note=note
    )
    record_audit(
        by,
        "recruitment.status",
        "candidature",
        row.pk,
        {"from": row.status, "to": to.value},
    )
    row.status = to.value


def preselect(
    actor: Actor, candidature_id: int, check: Preselection, now: datetime | None = None
) -> tuple[Status, list[Violation], str, bool]:
    """RC-3, RC-4: the assigned candidature is selected, or rejected with its reasons; the
    skills field and the exclusivity flag are kept. Answers (status, reasons, skills,
    exclusivity_check). RC-5: only an `assigned` candidature is pre-selected."""
    at = now or timezone.now()
    with transaction.atomic():
        row = _visible(actor, candidature_id, lock=True)
        refused = rules.transition_violations(Status(row.status), Status.SELECTED.value)
        if refused:
            raise RuleRefusal(refused)
        reasons = rules.preselection_violations(check)
        skills = rules.skills_field(check.python, check.django, check.react)
        to = Status.REJECTED if reasons else Status.SELECTED
        row.skills = skills
        row.exclusivity_check = check.recent_open_edx_provider
        row.rejection_reasons = [v.message for v in reasons]
        row.preselection = {
            "writing_ok": check.writing_ok,
            "python": check.python.value,
            "django": check.django.value,
            "react": check.react.value,
            "years_experience": check.years_experience,
            "open_source_exception": check.open_source_exception,
            "notes": check.notes,
            "contribution": check.contribution.__dict__ if check.contribution else None,
        }
        _step(row, to, actor.username, at, "; ".join(row.rejection_reasons))
        row.save()
    return to, reasons, skills, check.recent_open_edx_provider


def _username_for(email: str) -> str:
    base = "".join(ch for ch in email.split("@")[0].lower() if ch.isalnum() or ch in "._-")
    base = base[:140] or "newcomer"
    taken = {m.username for m in org_api.list_members()[0]}
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}{n}"
    return name


def change_status(
    actor: Actor,
    candidature_id: int,
    to: str,
    note: str = "",
    *,
    cell: str | None = None,
    start_date: date | None = None,
    mentor: str | None = None,
    now: datetime | None = None,
) -> Candidature:
    """RC-5: one step of the flow, no skipping (422 listing the `allowed` next statuses).

    `hired` needs the `cell`, `start_date` and `mentor`: it creates the member as a
    newcomer with a login, and names the mentor, so the trial and its reviews follow
    (TR-2, TR-5). An exclusivity flag (RC-3) holds the interview until the CEO clears it.
    """
    at = now or timezone.now()
    with transaction.atomic():
        row = _visible(actor, candidature_id, lock=True)
        current = Status(row.status)
        refused = rules.transition_violations(current, to)
        if refused:
            raise RuleRefusal(refused)
        target = Status(to)
        evaluated_by = {row.assignee.user.username} if row.assignee else set()
        evaluated_by |= set(
            models.Interview.objects.filter(candidature=row).values_list(
                "interviewer__user__username", flat=True
            )
        )
        refused = rules.step_by_violations(
            current,
            to,
            actor.username,
            frozenset(evaluated_by),
            allows(actor, Permission.OPEN_RECRUITMENT_ROUNDS),
        )
        if refused:
            raise RuleRefusal(refused)
        if (
            target is Status.INTERVIEW_SCHEDULED
            and row.exclusivity_check
            and not allows(actor, Permission.OPEN_RECRUITMENT_ROUNDS)
        ):
            raise RuleRefusal(
                [
                    Violation(
                        rules.RC_3_PRESELECTION,
                        "This candidate was recently employed by another Open edX provider: "
                        "the CEO checks the exclusivity clause before any interview.",
                        {"field": "to"},
                    )
                ]
            )
        if target is Status.HIRED:
            missing = [f for f, v in (("cell", cell), ("start_date", start_date)) if not v]
            missing += [] if mentor else ["mentor"]
            if missing:
                raise InvalidInput(missing[0], "hiring names the cell, start date and mentor")
            org_api.get_member(mentor, "mentor")
            first, _, last = row.name.partition(" ")
            username = _username_for(row.email)
            # the recruitment policy decided who may hire; the software makes the member
            org_api.create_member(
                Actor.system(actor.username),
                username=username,
                first_name=first or username,
                last_name=last,
                email=row.email,
                cell=cell,
                status=MemberStatus.NEWCOMER,
                timezone="UTC",
                start_date=start_date,
            )
            org_api.assign_role(
                Actor.system(actor.username),
                member=mentor,
                role=Role.MENTOR,
                start=start_date,
                mentee=username,
            )
            note = note or f"hired as {username}"
        _step(row, target, actor.username, at, note.strip()[:2000])
        row.save(update_fields=["status"])
        if target is Status.REFUSED:
            send_rejection(actor, row, current, at)
    return _candidature(row, history=True)


def rejection_key(candidature_id: int) -> str:
    """The outbox key of a candidature's rejection e-mail: one per candidature, ever."""
    return f"RC-5:rejection:candidature:{candidature_id}"


def send_rejection(
    actor: Actor, row: models.Candidature, refused_from: Status, at: datetime
) -> bool:
    """RC-5: a candidate refused after their interview gets the rejection e-mail of that
    stage, from the template administrators edit (the handbook's default when its row is
    gone), once (the outbox key). The e-mail's
    rows and audit entry keep no address (RC-7). Call inside the step's transaction."""
    key = rules.rejection_template_for(refused_from.value)
    if not key or not row.email:
        return False
    template = models.RejectionTemplate.objects.filter(key=key).first()
    text = (template.subject, template.body) if template else DEFAULT_REJECTIONS.get(key)
    if text is None:
        return False
    subject, body = text
    values = {"name": row.name, "round": row.round.name}
    sent = send_once(
        rejection_key(row.pk),
        row.email,
        rules.fill_template(subject, values),
        rules.fill_template(body, values),
        actor=actor.username,
        private=True,
    )
    if sent:
        row.rejection_sent_at = at
        row.save(update_fields=["rejection_sent_at"])
        record_audit(
            actor.username,
            "recruitment.rejection_email",
            "candidature",
            row.pk,
            {"template": key},
        )
    return sent
