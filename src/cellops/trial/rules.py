"""The newcomers' trial rules (TR-1, TR-2, TR-4 to TR-7), as pure functions.

Each function computes one thing the handbook asks for from a newcomer's start
date, the sprint calendar and a `TrialPolicy`: the trial's end and review
deadline, when the screening review is due, which sprint holds the developer
review, how an extension moves those dates, how many clean sprints are needed,
and the milestones shown on the newcomer's page. They are pure (standard
library and the shared kernel only) so the rules are fast to test and can be
read side by side with the handbook. Refusals are raised as one `RuleRefusal`
carrying every `Violation` found.

TR-2 and TR-3's reviews are here too: which reviews a trial gets and when
(`review_plans`), who reviews (`screening_reviewers`, `developer_reviewers`),
which votes count and when a review decides itself or may be decided.
"""

from __future__ import annotations

from datetime import date, timedelta

from cellops.kernel.calendar import Sprint, SprintCalendar
from cellops.kernel.violations import Violation, refuse_if_any
from cellops.trial.data import (
    DEFAULT_POLICY,
    VOTES,
    CleanSprintKind,
    Extension,
    Milestone,
    MilestoneState,
    ReviewKind,
    ReviewPlan,
    Timeline,
    TodayPosition,
    TrialPolicy,
    TrialSchedule,
)

TR_1_TRIAL_DATES = "TR-1"
TR_2_SCREENING_REVIEW = "TR-2"
TR_4_EXTENSION = "TR-4"
TR_5_REVIEW_SCHEDULING = "TR-5"
TR_6_CLEAN_SPRINTS = "TR-6"
TR_7_MILESTONES = "TR-7"

DAYS_PER_WEEK = 7


def end_of_trial(start: date, policy: TrialPolicy = DEFAULT_POLICY) -> date:
    """TR-1: the trial ends a fixed number of days (56) after the start date."""
    return start + timedelta(days=policy.trial_days)


def review_deadline(period_end: date, policy: TrialPolicy = DEFAULT_POLICY) -> date:
    """TR-1 / TR-4: reviews are due a week (7 days) before the trial or extension ends."""
    return period_end - timedelta(days=policy.review_lead_days)


def screening_review_due(
    start: date, calendar: SprintCalendar, policy: TrialPolicy = DEFAULT_POLICY
) -> date:
    """TR-2: the last day (day 13) of the newcomer's first complete sprint.

    The first complete sprint is the first one whose day 0 falls on or after
    the start date, so a newcomer starting mid-sprint is screened on the work
    of the following sprint.
    """
    return calendar.first_starting_on_or_after(start).on_day(policy.screening_day)


def developer_review_sprint(
    period_start: date,
    period_end: date,
    deadline: date,
    calendar: SprintCalendar,
) -> Sprint:
    """TR-5: the sprint that holds the developer review task of a trial or extension.

    When the period began on a sprint's day 0, its sprints line up with the
    calendar: the review goes in the period's last sprint (the one holding
    the day before `period_end`), with reviews in its first week and the
    discussion in its second. Otherwise the review goes one sprint before the
    sprint holding `deadline`, so that the discussion still fits before the
    period ends.

    Raises `BeforeFirstSprint` when `period_start` precedes the calendar.
    """
    first = calendar.for_date(period_start)
    if first.start == period_start:
        return calendar.for_date(period_end - timedelta(days=1))
    return calendar.sprint(calendar.for_date(deadline).number - 1)


def trial_schedule(
    start: date, calendar: SprintCalendar, policy: TrialPolicy = DEFAULT_POLICY
) -> TrialSchedule:
    """TR-1, TR-2, TR-5: the key dates of an initial trial starting on `start`.

    Raises `BeforeFirstSprint` (from the kernel calendar) when `start` is
    before the calendar's first sprint; the caller reports it on its field.
    """
    end = end_of_trial(start, policy)
    deadline = review_deadline(end, policy)
    return TrialSchedule(
        start_date=start,
        end_of_trial=end,
        review_deadline=deadline,
        screening_review_due=screening_review_due(start, calendar, policy),
        developer_review_sprint=developer_review_sprint(start, end, deadline, calendar),
    )


def extension_violations(sprints: int, policy: TrialPolicy = DEFAULT_POLICY) -> list[Violation]:
    """TR-4: an extension only lasts one of the accepted numbers of sprints (2 or 4)."""
    if sprints in policy.extension_days:
        return []
    accepted = " or ".join(str(n) for n in sorted(policy.extension_days))
    return [
        Violation(
            TR_4_EXTENSION,
            f"An extension lasts {accepted} sprints, not {sprints}; pick one of those lengths.",
            {"field": "sprints"},
        )
    ]


def extension(date_of_121: date, sprints: int, policy: TrialPolicy = DEFAULT_POLICY) -> Extension:
    """TR-4: the end and review deadline of an extension decided at a 121.

    The extension runs 28 days (2 sprints) or 56 days (4 sprints) from the
    121 where the newcomer heard about it; its reviews are due 7 days before
    it ends. Raises `RuleRefusal` for any other number of sprints.
    """
    refuse_if_any(extension_violations(sprints, policy))
    end = date_of_121 + timedelta(days=policy.extension_days[sprints])
    return Extension(
        date_of_121=date_of_121,
        sprints=sprints,
        end_of_extension=end,
        review_deadline=review_deadline(end, policy),
    )


def clean_sprints_violations(
    sprints: int, kind: str, policy: TrialPolicy = DEFAULT_POLICY
) -> list[Violation]:
    """TR-6: every reason the clean sprint question cannot be answered."""
    violations: list[Violation] = []
    if sprints < 1:
        violations.append(
            Violation(
                TR_6_CLEAN_SPRINTS,
                f"Count at least 1 sprint to judge clean sprints, not {sprints}.",
                {"field": "sprints"},
            )
        )
    if kind not in policy.clean_sprint_ratios:
        kinds = ", ".join(str(k) for k in policy.clean_sprint_ratios)
        violations.append(
            Violation(
                TR_6_CLEAN_SPRINTS,
                f"Unknown kind {kind!r}; use one of: {kinds}.",
                {"field": "kind"},
            )
        )
    return violations


def clean_sprints_required(sprints: int, kind: str, policy: TrialPolicy = DEFAULT_POLICY) -> int:
    """TR-6: how many of `sprints` sprints must be clean, for a kind of member.

    - "initial" trial: at least half, rounded up (2 of 4);
    - "extended" trial: two thirds, rounded down (5 of 8);
    - "core" member: at least 75 %, rounded up (6 of 8).

    Integer arithmetic only. Raises `RuleRefusal` with every problem found
    (a sprint count below 1, an unknown kind) at once.
    """
    refuse_if_any(clean_sprints_violations(sprints, kind, policy))
    return policy.clean_sprint_ratios[CleanSprintKind(kind)].of(sprints)


def milestone_state(day: date, today: date, policy: TrialPolicy = DEFAULT_POLICY) -> MilestoneState:
    """TR-7: "done" once past, "due" from today to a week ahead, else "upcoming"."""
    if day < today:
        return MilestoneState.DONE
    if day <= today + timedelta(days=policy.due_window_days):
        return MilestoneState.DUE
    return MilestoneState.UPCOMING


def week_of(start: date, day: date) -> int:
    """TR-7: the trial week holding `day`: week N is days 7(N−1) to 7N−1 after the start
    date, so the start date is in week 1 (a newcomer who started Thu 12 Nov is in week 3
    on Tue 1 Dec, day 19)."""
    return (day - start).days // DAYS_PER_WEEK + 1


def _end_of_week(start: date, week: int) -> date:
    """The date of the points (week 3) and breadth (week 4) milestones: start + 7N + 6, as
    before TR-7 said how weeks count (by its count that is the end of week N + 1; left for
    the coordinator to decide, issue #14 item 7)."""
    return start + timedelta(days=week * DAYS_PER_WEEK + DAYS_PER_WEEK - 1)


def milestones(
    schedule: TrialSchedule,
    today: date,
    extension: Extension | None = None,
    policy: TrialPolicy = DEFAULT_POLICY,
) -> list[Milestone]:
    """TR-7: the milestones of a newcomer's trial, in date order, each with its state.

    The initial trial's milestones carry the handbook's week numbers; when an
    extension is given, its review and end are added with the week computed
    from their dates (weeks 11 and 12 for a 2-sprint extension decided at the
    end of the trial).
    """
    start = schedule.start_date
    plan: list[tuple[str, str, int, date, str]] = [
        (
            "screening-review",
            "Screening review",
            policy.screening_week,
            schedule.screening_review_due,
            "The mentor and two core members look at the first complete sprint's work.",
        ),
        (
            "story-points",
            f"At least {policy.min_points} story points completed",
            policy.points_week,
            _end_of_week(start, policy.points_week),
            "Finished tasks should add up to enough points; if not, raise it with the mentor.",
        ),
        (
            "breadth-check",
            "Breadth check",
            policy.breadth_week,
            _end_of_week(start, policy.breadth_week),
            "Aim for an Open edX PR, instance manager or appserver work, a devops task "
            "and a turn as primary reviewer.",
        ),
        (
            "developer-review",
            "Developer review",
            policy.developer_review_week,
            schedule.review_deadline,
            "Core members review the newcomer's work and vote to accept, extend or end.",
        ),
        (
            "end-of-trial",
            "End of trial",
            policy.end_of_trial_week,
            schedule.end_of_trial,
            "The initial trial is over and the newcomer hears the review's outcome.",
        ),
    ]
    if extension is not None:
        # TR-7's weeks 11/12: counted on from the end of trial's week 8, as the handbook
        # numbers them (the end of trial falls on day 56, the first day of week 9 by count).
        end_week = (
            policy.end_of_trial_week
            + (extension.end_of_extension - schedule.end_of_trial).days // DAYS_PER_WEEK
        )
        plan += [
            (
                "extension-developer-review",
                "Extension developer review",
                end_week - 1,
                extension.review_deadline,
                "Core members review the progress made during the extension.",
            ),
            (
                "end-of-extension",
                "End of extension",
                end_week,
                extension.end_of_extension,
                "The extension is over and the newcomer hears the second review's outcome.",
            ),
        ]
    result = [
        Milestone(
            key=key,
            title=title,
            week=week,
            date=day,
            description=description,
            state=milestone_state(day, today, policy),
        )
        for key, title, week, day, description in plan
    ]
    return sorted(result, key=lambda m: (m.date, m.week))


def points_warning(points_completed: int, policy: TrialPolicy = DEFAULT_POLICY) -> Violation | None:
    """TR-7: a warning when fewer story points than expected (8) are done by week 3."""
    if points_completed >= policy.min_points:
        return None
    return Violation(
        TR_7_MILESTONES,
        f"Only {points_completed} story points completed, below the {policy.min_points} "
        f"expected by the end of week {policy.points_week}; talk it over with your mentor soon.",
        {"points_completed": points_completed, "minimum": policy.min_points},
    )


# The timeline page: small pure helpers that put the rules above together. ---


def sprints_between(first: date, last: date, calendar: SprintCalendar) -> list[Sprint]:
    """The calendar sprints holding any day from `first` to `last`, in order.

    Raises `BeforeFirstSprint` when `first` precedes the calendar.
    """
    first_number = calendar.for_date(first).number
    last_number = calendar.for_date(max(first, last)).number
    return [calendar.sprint(n) for n in range(first_number, last_number + 1)]


def today_position(start: date, last_day: date, today: date) -> TodayPosition:
    """Whether `today` is before, during (start to last day, inclusive) or after a trial."""
    if today < start:
        return TodayPosition.BEFORE
    if today <= last_day:
        return TodayPosition.DURING
    return TodayPosition.AFTER


def trial_sprint_count(
    calendar: SprintCalendar,
    extension: Extension | None = None,
    policy: TrialPolicy = DEFAULT_POLICY,
) -> int:
    """TR-6: how many sprints a trial lasts: 56 days of 14 (4), plus the extension's 2 or 4."""
    initial = max(1, policy.trial_days // calendar.length_days)
    return initial + (extension.sprints if extension is not None else 0)


def timeline(
    schedule: TrialSchedule,
    today: date,
    calendar: SprintCalendar,
    extension: Extension | None = None,
    policy: TrialPolicy = DEFAULT_POLICY,
) -> Timeline:
    """TR-1, TR-2, TR-4 to TR-7 together: what the newcomer's timeline page shows.

    The sprints run from the one holding the start date to the one holding
    the last milestone; the clean sprint minimum (TR-6) counts the initial
    trial's sprints plus the extension's.
    """
    marks = milestones(schedule, today, extension, policy)
    last_day = extension.end_of_extension if extension else schedule.end_of_trial
    last_day = max([last_day, *(m.date for m in marks)])
    position = today_position(schedule.start_date, last_day, today)
    kind = CleanSprintKind.EXTENDED if extension else CleanSprintKind.INITIAL
    count = trial_sprint_count(calendar, extension, policy)
    return Timeline(
        schedule=schedule,
        extension=extension,
        milestones=tuple(marks),
        sprints=tuple(sprints_between(schedule.start_date, last_day, calendar)),
        today=today,
        today_position=position,
        today_week=week_of(schedule.start_date, today)
        if position is TodayPosition.DURING
        else None,
        sprint_count=count,
        clean_sprint_kind=kind,
        clean_sprints_required=clean_sprints_required(count, kind, policy),
    )


# --- reviews (TR-2, TR-3, TR-4, TR-5) -------------------------------------------------

TR_3_DEVELOPER_REVIEW = "TR-3"
#: TR-2: the mentor and at least this many other core members screen the newcomer.
SCREENING_OTHER_REVIEWERS = 2


def review_plans(
    schedule: TrialSchedule, calendar: SprintCalendar, policy: TrialPolicy = DEFAULT_POLICY
) -> list[ReviewPlan]:
    """TR-2 and TR-5: the two reviews of an initial trial, with their due dates and sprints.

    The screening review is due on day 13 of the first complete sprint; the
    developer review is due by the review deadline, its task in the sprint
    TR-5 places it in.
    """
    screening_sprint = calendar.for_date(schedule.screening_review_due).number
    return [
        ReviewPlan(ReviewKind.SCREENING, 0, schedule.screening_review_due, screening_sprint),
        ReviewPlan(
            ReviewKind.DEVELOPER,
            0,
            schedule.review_deadline,
            schedule.developer_review_sprint.number,
        ),
    ]


def extension_review_plan(
    extension: Extension, sequence: int, calendar: SprintCalendar
) -> ReviewPlan:
    """TR-4 and TR-5: the developer review ending an extension, due by its review deadline."""
    sprint = developer_review_sprint(
        extension.date_of_121, extension.end_of_extension, extension.review_deadline, calendar
    )
    return ReviewPlan(ReviewKind.DEVELOPER, sequence, extension.review_deadline, sprint.number)


def screening_reviewers(
    newcomer: str,
    mentor: str | None,
    core_of_cell: list[str],
    kept: tuple[str, ...] = (),
    others: int = SCREENING_OTHER_REVIEWERS,
) -> tuple[str, ...]:
    """TR-2: the mentor and `others` (two) other core members of the newcomer's cell.

    Reviewers already chosen (`kept`) stay while they are still core members
    of the cell, so a review's reviewers do not change under them; the others
    are the first core members by username.
    """
    pool = [m for m in core_of_cell if m not in {newcomer, mentor}]
    chosen = [m for m in kept if m in pool][:others]
    chosen += [m for m in sorted(pool) if m not in chosen][: others - len(chosen)]
    return tuple(([mentor] if mentor and mentor != newcomer else []) + sorted(chosen))


def developer_reviewers(
    newcomer: str,
    core_of_cell: list[str],
    core_of_other_dev_cells: dict[str, list[str]],
    kept: tuple[str, ...] = (),
) -> tuple[str, ...]:
    """TR-3: every core member of the newcomer's cell, plus one developer of each other dev cell.

    The developer of another cell already chosen (`kept`) stays while still a
    core member there; otherwise the first of that cell by username.
    """
    own = sorted(m for m in core_of_cell if m != newcomer)
    guests = []
    for cell in sorted(core_of_other_dev_cells):
        pool = sorted(m for m in core_of_other_dev_cells[cell] if m != newcomer)
        stay = [m for m in kept if m in pool]
        if stay or pool:
            guests.append(stay[0] if stay else pool[0])
    return tuple(own + guests)


def vote_violations(kind: ReviewKind, vote: str) -> list[Violation]:
    """TR-2 / TR-3: a screening vote is `continue` or `end`; a developer one `accept`,
    `extend` or `end`."""
    allowed = VOTES[kind]
    if vote in allowed:
        return []
    rule = TR_2_SCREENING_REVIEW if kind is ReviewKind.SCREENING else TR_3_DEVELOPER_REVIEW
    return [
        Violation(
            rule,
            f"A {kind.value} review's vote is {' or '.join(allowed)}, not {vote!r}.",
            {"field": "vote", "allowed": list(allowed)},
        )
    ]


def self_decided_outcome(
    kind: ReviewKind, reviewers: tuple[str, ...], votes: dict[str, str]
) -> str | None:
    """TR-3: a developer review decides itself when every reviewer voted `accept`.

    Anything else (a missing vote, one `extend` or `end`) needs a decision after
    discussion; a screening review is always recorded by the mentor (TR-2).
    """
    if kind is not ReviewKind.DEVELOPER or not reviewers:
        return None
    if all(votes.get(r) == "accept" for r in reviewers):
        return "accept"
    return None


def screening_outcome(reviewers: tuple[str, ...], votes: dict[str, str]) -> str:
    """TR-2: `continue`, unless every reviewer voted to end the trial."""
    if reviewers and all(votes.get(r) == "end" for r in reviewers):
        return "end"
    return "continue"


def decision_violations(
    kind: ReviewKind,
    outcome: str,
    reviewers: tuple[str, ...],
    votes: dict[str, str],
    *,
    decided: bool,
    note: str,
    extension_sprints: int | None,
    open_extension: bool,
    policy: TrialPolicy = DEFAULT_POLICY,
) -> list[Violation]:
    """TR-2, TR-3, TR-4: every reason an outcome cannot be recorded now, all at once.

    - a decided review is not decided again;
    - the outcome is one of the review's votes;
    - every reviewer has voted first (the decision follows the votes and the discussion);
    - TR-2: the screening outcome is `continue` unless every reviewer voted `end`;
    - TR-3: a developer decision taken after discussion says why (`note`);
    - TR-4: an extension lasts 2 or 4 sprints, and only one runs at a time.
    """
    rule = TR_2_SCREENING_REVIEW if kind is ReviewKind.SCREENING else TR_3_DEVELOPER_REVIEW
    found: list[Violation] = []
    if decided:
        found.append(
            Violation(rule, "This review is already decided; its outcome stands.", {"field": None})
        )
        return found
    allowed = VOTES[kind]
    if outcome not in allowed:
        found.append(
            Violation(
                rule,
                f"A {kind.value} review's outcome is {' or '.join(allowed)}, not {outcome!r}.",
                {"field": "outcome", "allowed": list(allowed)},
            )
        )
    missing = [r for r in reviewers if r not in votes]
    if missing:
        found.append(
            Violation(
                rule,
                f"Every reviewer votes before the outcome is recorded; still to vote: "
                f"{', '.join(missing)}.",
                {"field": "outcome", "missing": missing},
            )
        )
    if kind is ReviewKind.SCREENING and not missing and outcome in allowed:
        expected = screening_outcome(reviewers, votes)
        if outcome != expected:
            found.append(
                Violation(
                    TR_2_SCREENING_REVIEW,
                    f"The screening outcome is {expected!r}: the trial ends only when every "
                    "reviewer voted to end it.",
                    {"field": "outcome", "expected": expected},
                )
            )
    if kind is ReviewKind.DEVELOPER and not note.strip():
        found.append(
            Violation(
                TR_3_DEVELOPER_REVIEW,
                "Say why in the note: a decision taken after discussion is recorded with "
                "its reasons.",
                {"field": "note"},
            )
        )
    if kind is ReviewKind.DEVELOPER and outcome == "extend":
        if extension_sprints is None:
            found.append(
                Violation(
                    TR_4_EXTENSION,
                    "Pick the extension's length: 2 or 4 sprints.",
                    {"field": "sprints"},
                )
            )
        else:
            found += extension_violations(extension_sprints, policy)
        if open_extension:
            found.append(
                Violation(
                    TR_4_EXTENSION,
                    "Only one extension runs at a time: decide its review first.",
                    {"field": "outcome"},
                )
            )
    return found
