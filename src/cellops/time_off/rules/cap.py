"""TO-4: the same-day cap, who else is away each day, the overlap days a week allows.

Pure Python: the standard library and the shared kernel only.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, timedelta

from cellops.kernel.calendar import format_day
from cellops.kernel.violations import Violation
from cellops.time_off.data import (
    DEFAULT_POLICY,
    Absence,
    DayLoad,
    Kind,
    Request,
    TimeOffPolicy,
)
from cellops.time_off.rules.common import (
    TO_4_SAME_DAY_CAP,
    _list_days,
    _plural,
)
from cellops.time_off.rules.length import (
    working_dates,
)

__all__ = ["away_by_day", "cap", "check_cap", "day_loads"]


# TO-4 -------------------------------------------------------------------


def cap(active_members: int, policy: TimeOffPolicy = DEFAULT_POLICY) -> int:
    """TO-4: cap = ceil(20 % × active members), in exact integer arithmetic.

    5 members → 1, 10 → 2, 11 → 3, 3 → 1. A cell with no active members has
    a cap of 0; `day_loads` never makes a day nobody else is away on an
    overlap day, so a cap of 0 refuses nothing by itself.
    """
    if active_members < 0:
        raise ValueError(f"a cell cannot have {active_members} active members")
    scaled = active_members * policy.cap_ratio.numerator
    return -(-scaled // policy.cap_ratio.denominator)


def _away_on(day: date, requester: str, others: Sequence[Absence]) -> int:
    members = {
        absence.member
        for absence in others
        if absence.member != requester
        and absence.start <= day <= absence.end
        and day.weekday() in absence.working_days
    }
    return len(members)


def day_loads(
    request: Request,
    others: Sequence[Absence],
    active_members: int,
    policy: TimeOffPolicy = DEFAULT_POLICY,
) -> list[DayLoad]:
    """TO-4: for each working date of the request, who else is away and the cap.

    `away` counts distinct other members (never the requester) whose absence,
    of any kind (sick included), covers the day and for whom it is a working
    day. The day is an overlap day when `away` ≥ cap and someone is away.
    """
    limit = cap(active_members, policy)
    loads = []
    for day in working_dates(request.start, request.end, request.working_days, policy):
        away = _away_on(day, request.member, others)
        loads.append(DayLoad(day=day, away=away, cap=limit, overlap=away > 0 and away >= limit))
    return loads


def away_by_day(
    requester: str,
    absences: Sequence[tuple[str, str, date, date]],
    working_days: Mapping[str, Collection[int]],
    first: date,
    last: date,
) -> dict[date, list[str]]:
    """TO-4 in names: who else is away on each day of [first, last].

    `absences` are (member, label, start, end); a day counts for a member only
    when it is one of their `working_days`, and members not listed there (not
    active in the cell) and the requester are left out. Each day's labels are
    distinct and sorted; days nobody is away are absent.
    """
    names: dict[date, set[str]] = {}
    for member, label, start, end in absences:
        if member == requester or member not in working_days:
            continue
        day = max(start, first)
        while day <= min(end, last):
            if day.weekday() in working_days[member]:
                names.setdefault(day, set()).add(label)
            day += timedelta(days=1)
    return {day: sorted(labels) for day, labels in sorted(names.items())}


def _iso_week(day: date) -> tuple[int, int]:
    year, week, _ = day.isocalendar()
    return year, week


def _room(week: tuple[int, int], earlier: dict, own: set[date], policy: TimeOffPolicy) -> int:
    """TO-4: overlap days this request may still take in an ISO week."""
    return max(policy.overlap_days_per_week - len(earlier.get(week, set()) - own), 0)


def _longest_fitting(
    dates: Sequence[date], overlap: set[date], earlier: dict, policy: TimeOffPolicy
) -> tuple[date, date] | None:
    """TO-4: the longest run of the request's working dates whose overlap days each week
    tolerates (the earliest such run on a tie), or None when no single day fits.

    A sliding window: a run that fits stays fitting when shortened, so each date enters
    and leaves the window once.
    """
    best: tuple[int, int] | None = None
    counts: dict[tuple[int, int], int] = {}
    left = 0
    for right, day in enumerate(dates):
        if day in overlap:
            counts[_iso_week(day)] = counts.get(_iso_week(day), 0) + 1
        while left <= right and any(
            n > _room(week, earlier, overlap, policy) for week, n in counts.items()
        ):
            if dates[left] in overlap:
                counts[_iso_week(dates[left])] -= 1
            left += 1
        if left <= right and (best is None or right - left > best[1] - best[0]):
            best = (left, right)
    return None if best is None else (dates[best[0]], dates[best[1]])


def _week_advice(
    week_days: list[date], earlier: set[date], kept: set[date], policy: TimeOffPolicy
) -> str:
    """What still fits in one ISO week that holds too many overlap days (TO-4), naming the
    days the suggested dates keep and those to move."""
    monday = week_days[0] - timedelta(days=week_days[0].weekday())
    room = policy.overlap_days_per_week - len(earlier - set(week_days))
    if room > 0:
        keep = [d for d in week_days if d in kept] or week_days[:room]
        move = [d for d in week_days if d not in keep]
        fits = "only one of them fits" if room == 1 else f"only {room} of them fit"
        are = "are both" if len(week_days) == 2 else "are all"  # room ≥ 1, so 2 days or more
        return (
            f"in the week of {format_day(monday)}, {_list_days(week_days)} {are} overlap "
            f"days and {fits}: keep {_list_days(keep)}; move {_list_days(move)} to a day "
            "when fewer people are away"
        )
    return (
        f"in the week of {format_day(monday)} you already have "
        f"{_plural(len(earlier), 'overlap day')} ({_list_days(sorted(earlier))}) from earlier "
        f"time off, so none of {_list_days(week_days)} fits: move them to days when fewer "
        "people are away, or to another week"
    )


def check_cap(
    request: Request,
    others: Sequence[Absence],
    active_members: int,
    earlier_overlap_days: Sequence[date],
    policy: TimeOffPolicy = DEFAULT_POLICY,
) -> tuple[list[date], list[Violation]]:
    """TO-4: the request's overlap days, and a refusal if a week holds too many.

    Per ISO week a person takes at most one overlap day (the policy's
    `overlap_days_per_week`), counting the distinct overlap days of their
    earlier requests (`earlier_overlap_days`) with this request's. When a
    week has more, the refusal names all of this request's overlap days in
    every such week (extra ``{"days": [...], "cap": n}``), says which of them to keep
    and which to move, and, when some part of the request fits, names the longest such
    dates (extra ``"fits_start"``, ``"fits_end"``: what "use these dates instead"
    offers). Sick time off is never refused: its overlap days are
    returned without a violation.
    """
    loads = day_loads(request, others, active_members, policy)
    overlap = [load.day for load in loads if load.overlap]
    if request.kind is Kind.SICK or not overlap:
        return overlap, []
    weeks: dict[tuple[int, int], list[date]] = {}
    for day in overlap:
        weeks.setdefault(_iso_week(day), []).append(day)
    earlier_by_week: dict[tuple[int, int], set[date]] = {}
    for day in earlier_overlap_days:
        earlier_by_week.setdefault(_iso_week(day), set()).add(day)
    offending_weeks = [
        (week, days)
        for week, days in sorted(weeks.items())
        if len(earlier_by_week.get(week, set()) | set(days)) > policy.overlap_days_per_week
    ]
    if not offending_weeks:
        return overlap, []
    dates = working_dates(request.start, request.end, request.working_days, policy)
    fits = _longest_fitting(dates, set(overlap), earlier_by_week, policy)
    kept = {d for d in overlap if fits and fits[0] <= d <= fits[1]}
    offending = [day for _, days in offending_weeks for day in days]
    advice = [
        _week_advice(days, earlier_by_week.get(week, set()), kept, policy)
        for week, days in offending_weeks
    ]
    limit = cap(active_members, policy)
    message = (
        f"Too many people would be away: on {_list_days(offending)} at least "
        f"{_plural(limit, 'other member')} of your cell (the cap for {active_members} active "
        f"members) will already be away, and each person may take at most "
        f"{_plural(policy.overlap_days_per_week, 'such overlap day')} per week; "
        + "; ".join(advice)
        + "."
    )
    extra: dict[str, object] = {"days": [day.isoformat() for day in offending], "cap": limit}
    if fits:
        extra |= {"fits_start": fits[0].isoformat(), "fits_end": fits[1].isoformat()}
    return overlap, [Violation(TO_4_SAME_DAY_CAP, message, extra)]
