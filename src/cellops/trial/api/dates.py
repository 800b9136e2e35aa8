"""The trial's dates: schedule, extension, clean sprints, timeline, newcomers, TO-9 flags.

The page, the JSON API and the `cellops trial` command all call these
functions, so a trial's dates are the same whichever door asks. Each takes the
`Actor` asking first and authorises through `cellops.org.policy` (VIEW_TRIAL:
every active member, ORG-2). They take and return plain values
(`cellops.trial.data`); the handbook rules themselves (TR-1, TR-2, TR-4 to
TR-7) live in `cellops.trial.rules`. Nothing here writes.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils.http import urlencode

from cellops.kernel.bounds import check_field_day as _check_day
from cellops.kernel.calendar import BeforeFirstSprint, format_day
from cellops.kernel.violations import InvalidInput, NotFound
from cellops.org import api as org_api
from cellops.org.data import Actor, MemberStatus, Role
from cellops.org.policy import Permission
from cellops.platform.data import Need
from cellops.time_off import api as time_off_api
from cellops.trial import rules
from cellops.trial.data import (
    DEFAULT_POLICY,
    Extension,
    Milestone,
    MilestoneState,
    Newcomer,
    ReviewFlag,
    Timeline,
    TrialSchedule,
)


def _viewer(actor: Actor) -> Actor:
    """`actor`, if they may see trials (VIEW_TRIAL); PermissionDenied otherwise."""
    return org_api.check(actor, Permission.VIEW_TRIAL)


check_day = _check_day


def schedule(actor: Actor, start: date) -> TrialSchedule:
    """TR-1, TR-2, TR-5: the key dates of a trial starting on `start`.

    A start before the first sprint of the calendar is refused on `start`.
    """
    _viewer(actor)
    return _schedule(start)


def trial_schedule_or_none(start: date) -> TrialSchedule | None:
    """The schedule of a trial starting on `start`, or None when it cannot have one
    (a start before the sprint calendar, or out of range)."""
    try:
        return _schedule(start)
    except InvalidInput:
        return None


def _schedule(start: date) -> TrialSchedule:
    check_day("start", start)
    try:
        return rules.trial_schedule(start, org_api.sprint_calendar())
    except BeforeFirstSprint:
        first = org_api.sprint_calendar().first_start
        raise InvalidInput(
            "start",
            f"a trial cannot start on {format_day(start)}, before the first sprint of the "
            f"calendar ({format_day(first)}); give a start date on or after {format_day(first)}",
        ) from None


def extension(actor: Actor, date_of_121: date, sprints: int) -> Extension:
    """TR-4: the end and review deadline of a 2- or 4-sprint extension decided at a 121.

    Any other number of sprints is a `RuleRefusal` naming TR-4 and `sprints`.
    """
    _viewer(actor)
    check_day("date_of_121", date_of_121)
    return rules.extension(date_of_121, sprints)


def clean_sprints_required(actor: Actor, sprints: int, kind: str) -> int:
    """TR-6: the minimum number of clean sprints out of `sprints` for `kind`.

    `kind` is "initial", "extended" or "core"; fewer than 1 sprint or another
    kind is a `RuleRefusal` listing every TR-6 problem, each naming its field.
    """
    _viewer(actor)
    return rules.clean_sprints_required(sprints, kind)


def timeline(
    actor: Actor, start: date, today: date, extension: Extension | None = None
) -> Timeline:
    """TR-1, TR-2, TR-4 to TR-7: the whole trial as its timeline page shows it.

    The schedule, the milestones with their state on `today`, the sprints the
    trial spans, where today falls, and the clean sprint minimum. An
    extension's 121 falls between the start and the end of trial plus the
    longest extension (when one extension follows another); else it is
    refused on `date_of_121`.
    """
    _viewer(actor)
    trial = _schedule(start)
    if extension is not None:
        _check_121(trial, extension.date_of_121)
    return rules.timeline(trial, today, org_api.sprint_calendar(), extension)


def _check_121(trial: TrialSchedule, date_of_121: date) -> None:
    # An extension is decided at a 121 during the trial, or at the end of a previous
    # extension (at most the longest extension later); anything else is a typing slip.
    latest = trial.end_of_trial + timedelta(days=max(DEFAULT_POLICY.extension_days.values()))
    if not trial.start_date <= date_of_121 <= latest:
        raise InvalidInput(
            "date_of_121",
            f"the 121 that decides an extension falls between the start of the trial "
            f"({trial.start_date}) and {latest}; {date_of_121} is outside that range",
        )


def newcomers(actor: Actor, today: date | None = None) -> list[Newcomer]:
    """Every active newcomer, by username, with their start date and mentor (on `today`)."""
    _viewer(actor)
    return _newcomers(today)


def _newcomers(today: date | None = None) -> list[Newcomer]:
    day = today or date.today()
    members, _ = org_api.list_members(active_only=True)
    mentors = {}
    for assignment in org_api.role_holders(Role.MENTOR, day):
        mentors.setdefault(assignment.mentee, assignment.member)
    return [
        Newcomer(
            username=m.username,
            full_name=m.full_name or m.username,
            cell=m.cell,
            start_date=m.start_date,
            mentor=mentors.get(m.username),
        )
        for m in members
        if m.status == MemberStatus.NEWCOMER
    ]


def newcomer(
    actor: Actor, username: str, today: date | None = None, field: str = "newcomer"
) -> Newcomer:
    """The active newcomer called `username`; NotFound (naming `field`) otherwise."""
    _viewer(actor)
    for found in _newcomers(today):
        if found.username == username:
            return found
    raise NotFound(field, f"no active newcomer has the username {username!r}")


def default_newcomer_for(actor: Actor, today: date) -> str | None:
    """Whose trial to show first: the actor's own if a newcomer, else their first mentee's."""
    _viewer(actor)
    people = [n for n in _newcomers(today) if n.start_date is not None]
    for person in people:
        if person.username == actor.username:
            return person.username
    for person in people:
        if person.mentor == actor.username:
            return person.username
    return None


def _next_milestone(start: date, today: date) -> Milestone | None:
    try:
        trial = _schedule(start)
    except InvalidInput:
        return None
    marks = rules.milestones(trial, today)
    return next((m for m in marks if m.state is not MilestoneState.DONE), None)


def review_flags(actor: Actor, today: date | None = None) -> list[ReviewFlag]:
    """TO-9: newcomer reviews due while a reviewer is away (pending or confirmed time off).

    The screening review (TR-2) is the mentor's; the developer review (TR-3,
    due by the review deadline, TR-1) is every core member's of the
    newcomer's cell.
    """
    _viewer(actor)
    return _review_flags(today)


def _review_flags(today: date | None = None) -> list[ReviewFlag]:
    day = today or date.today()
    flags = []
    for person in _newcomers(day):
        if person.start_date is None:
            continue
        try:
            trial = _schedule(person.start_date)
        except InvalidInput:
            continue
        core = [
            m.username
            for m in org_api.list_members(cell=person.cell, active_only=True)[0]
            if m.status == MemberStatus.CORE and m.username != person.username
        ]
        reviews = [
            (
                "screening review",
                trial.screening_review_due,
                [person.mentor] if person.mentor else [],
            ),
            ("developer review", trial.review_deadline, core),
        ]
        for review, due, reviewers in reviews:
            if due < day or not reviewers:
                continue
            for reviewer, away_from in sorted(time_off_api.away_on(due, reviewers).items()):
                flags.append(ReviewFlag(person.username, review, due, reviewer, away_from))
    return flags


def milestone_needs(actor: Actor, today: date) -> list[Need]:
    """TR-7 on the home page: the next milestone of my trial, and of each newcomer I mentor."""
    needs = []
    for person in _newcomers(today):
        mine = person.username == actor.username
        if person.start_date is None or not (mine or person.mentor == actor.username):
            continue
        milestone = _next_milestone(person.start_date, today)
        if milestone is None:
            continue
        whose = "Your trial" if mine else f"{person.full_name}'s trial"
        needs.append(
            Need(
                area="Trial",
                title=f"{whose}: {milestone.title}",
                detail=f"Week {milestone.week}, {milestone.state.value}. {milestone.description}",
                url=reverse("trial:timeline") + "?" + urlencode({"newcomer": person.username}),
                when=milestone.date,
            )
        )
    for flag in _review_flags(today):
        if flag.reviewer != actor.username:
            continue
        needs.append(
            Need(
                area="Trial",
                title=f"Send your {flag.review} of {flag.newcomer} early (TO-9)",
                detail=f"It is due {flag.due}, while you are away from {flag.away_from}: send it by {flag.send_by}.",
                url=reverse("trial:timeline") + "?" + urlencode({"newcomer": flag.newcomer}),
                when=flag.send_by,
            )
        )
    return sorted(needs, key=lambda need: (need.when, need.title))
