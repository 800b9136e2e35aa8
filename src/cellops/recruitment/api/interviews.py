"""RC-6: interviews — scheduling with an `.ics` invitation e-mailed to the candidate, the
scorecard (grades 1–5 with a comment per criterion), the recording link, and the private
interview script. Who sees any of it: RC-7's people (`sees_round_candidates`); anyone
else gets NotFound, as for the candidature itself.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from cellops.kernel.violations import InvalidInput, NotFound, RuleRefusal, Violation
from cellops.org import api as org_api
from cellops.org.data import Actor, Role
from cellops.org.policy import Permission, allows, sees_round_candidates
from cellops.platform.api import record_audit, send_once, was_sent
from cellops.recruitment import ical, models, rules
from cellops.recruitment.api.core import _cells_of, _step, _visible
from cellops.recruitment.data import DEFAULT_POLICY, DEFAULT_SCRIPT, Grade, Interview, Status

__all__ = [
    "criteria",
    "interview",
    "interview_script",
    "interviewers",
    "invitation_ics",
    "invitation_key",
    "record_grades",
    "schedule_interview",
]


def criteria() -> tuple[tuple[str, str], ...]:
    """RC-6: the scorecard's criteria, (key, label), in order."""
    return DEFAULT_POLICY.criteria


def invitation_key(candidature_id: int, sequence: int) -> str:
    """The outbox key of one invitation: a moved interview sends a new one."""
    return f"RC-6:invitation:candidature:{candidature_id}:{sequence}"


def _interview(row: models.Interview) -> Interview:
    member = org_api.get_member(row.interviewer.user.username)
    return Interview(
        candidature=row.candidature_id,
        at=row.at,
        interviewer=member.username,
        interviewer_name=member.full_name,
        minutes=DEFAULT_POLICY.interview_minutes,
        sequence=row.sequence,
        grades=tuple(
            Grade(g.criterion, g.grade, g.comment)
            for g in sorted(row.grades.all(), key=lambda g: _order(g.criterion))
        ),
        recording_url=row.recording_url,
        invitation_sent=was_sent(invitation_key(row.candidature_id, row.sequence)),
    )


def _order(criterion: str) -> int:
    keys = [k for k, _ in DEFAULT_POLICY.criteria]
    return keys.index(criterion) if criterion in keys else len(keys)


def interview(actor: Actor, candidature_id: int) -> Interview | None:
    """The candidature's interview (None before one is scheduled), for RC-7's people."""
    row = _visible(actor, candidature_id)
    found = models.Interview.objects.filter(candidature=row).select_related("interviewer__user")
    first = found.first()
    return _interview(first) if first else None


def _ics(row: models.Interview, candidature: models.Candidature) -> bytes:
    interviewer = org_api.get_member(row.interviewer.user.username)
    return ical.invitation(
        uid=f"interview-{candidature.pk}@cellops",
        start=row.at,
        minutes=DEFAULT_POLICY.interview_minutes,
        summary=f"Interview with {interviewer.full_name}",
        description=(
            f"Your {DEFAULT_POLICY.interview_minutes}-minute interview for the "
            f"{candidature.round.name} recruitment round. It is recorded so that other "
            "team members can review it."
        ),
        organizer=(interviewer.full_name, interviewer.email),
        attendee=(candidature.name, candidature.email),
        sequence=row.sequence,
        stamp=timezone.now(),
    )


def invitation_ics(actor: Actor, candidature_id: int) -> bytes:
    """RC-6: the interview's `.ics`, as e-mailed; NotFound without an interview or for
    anyone RC-7 does not name."""
    row = _visible(actor, candidature_id)
    found = models.Interview.objects.filter(candidature=row).first()
    if found is None:
        raise NotFound("candidature_id", "this candidature has no interview scheduled yet")
    return _ics(found, row)


def _exclusivity_hold(actor: Actor, row: models.Candidature) -> None:
    if row.exclusivity_check and not allows(actor, Permission.OPEN_RECRUITMENT_ROUNDS):
        raise RuleRefusal(
            [
                Violation(
                    rules.RC_3_PRESELECTION,
                    "This candidate was recently employed by another Open edX provider: "
                    "the CEO checks the exclusivity clause before any interview.",
                    {"field": "at"},
                )
            ]
        )


def schedule_interview(
    actor: Actor,
    candidature_id: int,
    at: datetime,
    interviewer: str,
    now: datetime | None = None,
) -> Interview:
    """RC-5, RC-6: the interviewer proposes a time; a `selected` candidature moves to
    `interview scheduled` (an already scheduled one is moved to the new time) and the
    candidate is e-mailed the invitation with its `.ics`, once per time (outbox key).

    The time is in the future (InvalidInput `at`); the interviewer is a recruitment
    manager of the round or the CEO (InvalidInput `interviewer`)."""
    moment = now or timezone.now()
    if at.tzinfo is None:
        raise InvalidInput("at", "give the time with its time zone, e.g. 2026-12-08T15:00Z")
    if at <= moment:
        raise InvalidInput("at", "propose a time in the future")
    with transaction.atomic():
        row = _visible(actor, candidature_id, lock=True)
        current = Status(row.status)
        if current is not Status.INTERVIEW_SCHEDULED:
            refused = rules.transition_violations(current, Status.INTERVIEW_SCHEDULED.value)
            if refused:
                raise RuleRefusal(refused)
        _exclusivity_hold(actor, row)
        try:
            who = org_api.actor_named(interviewer)
        except NotFound:
            raise InvalidInput(
                "interviewer", f"no member has the username {interviewer!r}"
            ) from None
        if not who.active or not sees_round_candidates(who, _cells_of(row.round)):
            raise InvalidInput(
                "interviewer", "the interviewer is a recruitment manager of the round or the CEO"
            )
        member_pk = org_api.member_pk(interviewer)
        found = models.Interview.objects.filter(candidature=row).first()
        if found is None:
            found = models.Interview.objects.create(
                candidature=row, at=at, interviewer_id=member_pk, scheduled_by=actor.username
            )
        else:
            found.at, found.interviewer_id = at, member_pk
            found.sequence += 1
            found.scheduled_by = actor.username
            found.save(update_fields=["at", "interviewer", "sequence", "scheduled_by"])
        if current is not Status.INTERVIEW_SCHEDULED:
            _step(row, Status.INTERVIEW_SCHEDULED, actor.username, moment)
            row.save(update_fields=["status"])
        record_audit(
            actor.username,
            "recruitment.interview.schedule",
            "candidature",
            row.pk,
            {"at": at.isoformat(), "interviewer": interviewer, "sequence": found.sequence},
        )
        person = org_api.get_member(interviewer)
        when = at.astimezone(UTC)
        send_once(
            invitation_key(row.pk, found.sequence),
            row.email,
            "Your interview" + (" (new time)" if found.sequence else ""),
            f"Dear {row.name},\n\n"
            f"Thank you for applying. {person.full_name} would like to meet you for a "
            f"{DEFAULT_POLICY.interview_minutes}-minute interview on "
            f"{when:%a} {when.day} {when:%b %Y} at {when:%H:%M} UTC. The attached invitation "
            "adds it to your calendar; if the time does not suit you, reply to this e-mail "
            "and we will find another.\n\nThe interview is recorded so that other team "
            "members can review it.\n\nSee you soon,\nThe recruitment team",
            actor=actor.username,
            attachments=[("interview.ics", _ics(found, row), "text/calendar; method=REQUEST")],
            private=True,
        )
    return _interview(models.Interview.objects.get(pk=found.pk))


def record_grades(
    actor: Actor,
    candidature_id: int,
    grades: list[Grade],
    recording_url: str = "",
    now: datetime | None = None,
) -> Interview:
    """RC-6: the interviewer's scorecard — every criterion graded 1–5 with a short comment
    — and the recording link. An `interview scheduled` candidature becomes `interviewed`
    (RC-5); grading again while `interviewed` replaces the scorecard. Only the interviewer,
    the CEO and administrators grade (PermissionDenied)."""
    refused = rules.grade_violations(grades, recording_url)
    if refused:
        raise RuleRefusal(refused)
    moment = now or timezone.now()
    with transaction.atomic():
        row = _visible(actor, candidature_id, lock=True)
        found = models.Interview.objects.filter(candidature=row).first()
        current = Status(row.status)
        if found is None or current not in (Status.INTERVIEW_SCHEDULED, Status.INTERVIEWED):
            raise RuleRefusal(
                [
                    Violation(
                        rules.RC_6_GRADES,
                        "Grades are recorded for a scheduled interview, before the decision "
                        f"(this candidature is {current.value!r}).",
                        {"field": "grades"},
                    )
                ]
            )
        if found.interviewer.user.username != actor.username and not allows(
            actor, Permission.OPEN_RECRUITMENT_ROUNDS
        ):
            raise PermissionDenied("RC-6: the interviewer records the grades of their interview.")
        found.grades.all().delete()
        models.Grade.objects.bulk_create(
            models.Grade(interview=found, criterion=g.criterion, grade=g.grade, comment=g.comment)
            for g in grades
        )
        found.recording_url = recording_url.strip()
        found.save(update_fields=["recording_url"])
        if current is Status.INTERVIEW_SCHEDULED:
            _step(row, Status.INTERVIEWED, actor.username, moment)
            row.save(update_fields=["status"])
        record_audit(
            actor.username,
            "recruitment.interview.grades",
            "candidature",
            row.pk,
            {"grades": {g.criterion: g.grade for g in grades}},
        )
    return _interview(models.Interview.objects.get(pk=found.pk))


def interviewers(actor: Actor, candidature_id: int) -> list[tuple[str, str]]:
    """Who may interview this candidate: the round's recruitment managers and the CEO,
    as (username, name), by name. NotFound for anyone RC-7 does not name."""
    row = _visible(actor, candidature_id)
    cells = _cells_of(row.round)
    found = {}
    for role in (Role.RECRUITMENT_MANAGER, Role.CEO):
        for held in org_api.role_holders(role):
            if role is Role.CEO or held.cell is None or held.cell in cells:
                member = org_api.get_member(held.member)
                found[member.username] = member.full_name
    return sorted(found.items(), key=lambda pair: pair[1])


def interview_script(actor: Actor) -> str:
    """RC-6: the interview script, for recruitment managers, the CEO and administrators;
    anyone else gets NotFound (not a hint that there is one). With no script row (an
    administrator deleted it, or a test flushed the seeded one) the handbook's default
    script is shown rather than nothing."""
    if not allows(actor, Permission.VIEW_CANDIDATES):
        raise NotFound("script", "there is nothing here")
    found = models.InterviewScript.objects.filter(key="default").first()
    return found.text if found else DEFAULT_SCRIPT
