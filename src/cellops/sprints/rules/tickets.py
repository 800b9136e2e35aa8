"""SP-8 insertion, SP-9 statuses, SP-10 spillover, SP-11 at risk, TO-7 reassignment, and WF-2
ticket keys."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from cellops.kernel.calendar import format_day
from cellops.kernel.violations import Violation
from cellops.sprints.data import (
    BACKLOG,
    DEFAULT_POLICY,
    DONE,
    KEY_EXAMPLE,
    KEY_NUMBER_DIGITS,
    KEY_PREFIX_MAX,
    KEY_PREFIX_PATTERN,
    OPEN,
    STATUSES,
    CapacityStatus,
    InsertionContext,
    InsertionDecision,
    InsertionPath,
    SprintPolicy,
    TicketFacts,
)
from cellops.sprints.rules._common import (
    SP_8_INSERTION,
    SP_9_STATUSES,
    _day_of_sprint_before,
    _in_utc,
    end_of_day,
    hours_in_words,
)

# SP-8 -------------------------------------------------------------------


def insertion_cutoff(sprint_start: date, policy: SprintPolicy = DEFAULT_POLICY) -> date:
    """SP-1 / SP-8: the day whose EOD is the task-insertion cut-off for a sprint.

    Thursday, day 10 of the sprint before: the sprint's start − 4 days.
    """
    return _day_of_sprint_before(sprint_start, policy.calendar.insertion_cutoff_day, policy)


def check_insertion(
    ctx: InsertionContext,
    replaces: str | None,
    stretch: bool,
    policy: SprintPolicy = DEFAULT_POLICY,
) -> InsertionDecision:
    """SP-8: whether a ticket may be added to a sprint now, and by which path.

    Before the cut-off (Thursday EOD, day 10 of the sprint before, 24:00
    UTC) of a sprint that has not started, the path is `normal`. After it,
    or once the sprint has begun (its day 0 has come, or its start was
    recorded), it is refused unless (a) it names the ticket of that sprint it
    replaces or was split out from (path `replacement`, waiting for the
    sprint planning manager's confirmation) or (b) it goes to the top of the
    stretch goals (path `stretch`). Asking for both at once is refused too:
    the handbook offers one path or the other.
    """
    now = _in_utc(ctx.now, "now")
    cutoff = insertion_cutoff(ctx.sprint_start, policy)
    begun = ctx.sprint_started or now >= datetime.combine(ctx.sprint_start, time.min, tzinfo=UTC)
    late = now >= end_of_day(cutoff, policy)
    if not (begun or late):
        return InsertionDecision(allowed=True, path=InsertionPath.NORMAL, needs_confirmation=False)
    replaced = (replaces or "").strip()
    extra = {"cutoff": cutoff.isoformat()}
    when = (
        f"the sprint starting {format_day(ctx.sprint_start)} has already begun"
        if begun
        else (
            f"the task-insertion cut-off for the sprint starting {format_day(ctx.sprint_start)} "
            f"was {format_day(cutoff)}, 24:00 UTC"
        )
    )
    if replaced and stretch:
        return InsertionDecision(
            allowed=False,
            path=None,
            needs_confirmation=False,
            violations=(
                Violation(
                    SP_8_INSERTION,
                    f"Choose one path: {when}, so a new ticket either names the ticket it "
                    "replaces or was split out from (and waits for the sprint planning manager's "
                    "confirmation), or goes to the top of the stretch goals; not both.",
                    {**extra, "field": "stretch"},
                ),
            ),
        )
    if replaced:
        return InsertionDecision(
            allowed=True, path=InsertionPath.REPLACEMENT, needs_confirmation=True
        )
    if stretch:
        return InsertionDecision(allowed=True, path=InsertionPath.STRETCH, needs_confirmation=False)
    return InsertionDecision(
        allowed=False,
        path=None,
        needs_confirmation=False,
        violations=(
            Violation(
                SP_8_INSERTION,
                f"Too late to add this ticket: {when}. Either name the ticket in that sprint it "
                "replaces or was split out from (the sprint planning manager then confirms it), "
                "or put it at the top of the sprint's stretch goals to ask for its inclusion; "
                "otherwise add it to a later sprint.",
                extra,
            ),
        ),
    )


def can_pull_stretch(
    sprint_ready: bool, assignee_status: str, policy: SprintPolicy = DEFAULT_POLICY
) -> list[Violation]:
    """SP-8 (b): a stretch goal enters the sprint only when the sprint is ready (SP-5)
    and its assignee is under-committed (SP-6); reports both problems at once."""
    violations: list[Violation] = []
    if not sprint_ready:
        violations.append(
            Violation(
                SP_8_INSERTION,
                "The sprint is not ready (SP-5): give every ticket story points, an assignee "
                "and a reviewer, and make sure nobody is overcommitted, before pulling in a "
                "stretch goal.",
                {"gap": "sprint_not_ready"},
            )
        )
    if assignee_status != CapacityStatus.UNDER_COMMITTED:
        violations.append(
            Violation(
                SP_8_INSERTION,
                f"Its assignee is {assignee_status}, not under-committed (SP-6): assign it to "
                "someone who still needs work, or leave it in the stretch goals.",
                {"field": "assignee", "status": str(assignee_status)},
            )
        )
    return violations


# SP-9 -------------------------------------------------------------------


def check_status(value: str, policy: SprintPolicy = DEFAULT_POLICY) -> list[Violation]:
    """SP-9: a ticket's status is one of the board's columns (exact spelling)."""
    if value in STATUSES:
        return []
    return [
        Violation(
            SP_9_STATUSES,
            f"{value!r} is not a ticket status: use one of " + ", ".join(STATUSES) + ".",
            {"field": "status"},
        )
    ]


def is_open(status: str, policy: SprintPolicy = DEFAULT_POLICY) -> bool:
    """SP-9 / SP-10: a ticket is open in every status but `Done`."""
    return status in OPEN


# SP-10 ------------------------------------------------------------------


def tickets_to_move(
    tickets_at_end: Sequence[TicketFacts], policy: SprintPolicy = DEFAULT_POLICY
) -> list[str]:
    """SP-10: the keys of the open tickets (stretch goals included) that move to the next sprint.

    This move is never an insertion under SP-8.
    """
    return [ticket.key for ticket in tickets_at_end if ticket.status != DONE]


def spillover(
    tickets_at_end: Sequence[TicketFacts],
    assignees_at_start: Mapping[str, str | None],
    policy: SprintPolicy = DEFAULT_POLICY,
) -> dict[str | None, list[str]]:
    """SP-10: the spillover of a completed sprint, as member → ticket keys.

    Each open ticket that is not a stretch goal (stretch goals were never
    committed to) is recorded against its current assignee, or, when it has
    none, its assignee at sprint start (`assignees_at_start`, key →
    username); a ticket with neither is recorded under None.
    """
    spilled: dict[str | None, list[str]] = {}
    for ticket in tickets_at_end:
        if ticket.status == DONE or ticket.stretch:
            continue
        member = ticket.assignee or assignees_at_start.get(ticket.key) or None
        spilled.setdefault(member, []).append(ticket.key)
    return spilled


def clean_sprint(
    member: str,
    spilled: Mapping[str | None, Sequence[str]],
    assigned_at_start: Mapping[str, str | None],
    policy: SprintPolicy = DEFAULT_POLICY,
) -> bool:
    """SP-10: a member's sprint is clean when none of the tickets they were assignee of at
    sprint start spilled over, whoever the spillover was recorded against."""
    spilled_keys = {key for keys in spilled.values() for key in keys}
    return not any(
        key in spilled_keys for key, assignee in assigned_at_start.items() if assignee == member
    )


# SP-11 ------------------------------------------------------------------


def at_risk(
    ticket: TicketFacts,
    assignee_remaining_available: Decimal,
    policy: SprintPolicy = DEFAULT_POLICY,
) -> bool:
    """SP-11: at mid-sprint a ticket is at risk when it is still in `Backlog`, or its
    remaining time is more than its assignee's remaining available hours.

    A `Done` ticket has nothing left to do and is never at risk; an unset
    remaining estimate counts 0 h.
    """
    if ticket.status == DONE:
        return False
    if ticket.status == BACKLOG:
        return True
    return (ticket.remaining_hours or Decimal(0)) > assignee_remaining_available


def risk_checked(
    sprint_start: date,
    sprint_end: date,
    completed: bool,
    today: date,
    policy: SprintPolicy = DEFAULT_POLICY,
) -> bool:
    """SP-11: whether tickets are checked for risk today: from the mid-sprint meeting's day
    (day 7) to the sprint's last day, while the sprint is not completed."""
    mid_sprint = sprint_start + timedelta(days=policy.calendar.mid_sprint_day)
    return not completed and mid_sprint <= today <= sprint_end


def at_risk_reason(
    ticket: TicketFacts,
    assignee_remaining_available: Decimal,
    policy: SprintPolicy = DEFAULT_POLICY,
) -> str:
    """SP-11: why a ticket is at risk at mid-sprint, in words; ``""`` when it is not.

    Still in `Backlog`; or more hours left than its assignee has until the
    sprint ends; or hours left with nobody assigned to do them. Stretch goals
    are not committed, so never at risk.
    """
    if ticket.stretch or not at_risk(ticket, assignee_remaining_available, policy):
        return ""
    left = hours_in_words(ticket.remaining_hours)
    if ticket.status == BACKLOG:
        return f"still in {ticket.status} at mid-sprint"
    if ticket.assignee:
        return (
            f"{left} h left, more than the {hours_in_words(assignee_remaining_available)} h "
            "its assignee has until the sprint ends"
        )
    return f"{left} h left and nobody assigned to do them"


# TO-7 -------------------------------------------------------------------


def reassignment_reason(
    ticket: TicketFacts, away_whole_sprint: Collection[str], policy: SprintPolicy = DEFAULT_POLICY
) -> str:
    """TO-7: why an open ticket needs someone else, ``""`` when it does not: its assignee
    or reviewer (or both, named in that order) is away for every working day of the sprint.
    A `Done` ticket needs nobody."""
    if ticket.status == DONE:
        return ""
    who = [
        f"{person} ({role})"
        for person, role in ((ticket.assignee, "assignee"), (ticket.reviewer, "reviewer"))
        if person in away_whole_sprint
    ]
    return f"{' and '.join(who)} away for the whole sprint: reassign" if who else ""


_KEY = re.compile(rf"({KEY_PREFIX_PATTERN})-([0-9]+)", re.ASCII)


def is_ticket_key(key: object, policy: SprintPolicy = DEFAULT_POLICY) -> bool:
    """WF-2: whether `key` is a ticket key, e.g. ``LYNX-42`` (ASCII only: never ``LYNX-²``)."""
    return isinstance(key, str) and _full_key(key) is not None


def _full_key(key: str) -> re.Match[str] | None:
    match = _KEY.fullmatch(key)
    if match is None or len(match[2]) > KEY_NUMBER_DIGITS:
        return None
    return match


def key_problem(key: object, policy: SprintPolicy = DEFAULT_POLICY) -> str | None:
    """WF-2: what is wrong with `key` as a ticket key, said as what to give instead; None if fine."""
    if is_ticket_key(key, policy):
        return None
    return (
        f"give a ticket key like {KEY_EXAMPLE}: up to {KEY_PREFIX_MAX} capital letters "
        f"or digits (A-Z, 0-9) starting with a letter, a hyphen, and a number of up to "
        f"{KEY_NUMBER_DIGITS} digits, not {key!r}"
    )


def key_prefix(cell: str, policy: SprintPolicy = DEFAULT_POLICY) -> str:
    """WF-2: the project part of a cell's automatic keys: its name's first four ASCII
    letters and digits, upper-cased, starting with a letter (``T`` when there is none)."""
    kept = "".join(ch for ch in cell.upper() if ch.isascii() and ch.isalnum())
    kept = kept.lstrip("0123456789")
    return kept[:4] or "T"


def key_number(key: str, prefix: str, policy: SprintPolicy = DEFAULT_POLICY) -> int | None:
    """WF-2: the number of `key` when it is a well-formed key with project part `prefix`."""
    match = _full_key(key)
    return int(match[2]) if match and match[1] == prefix else None


def next_key(prefix: str, used: Iterable[str], policy: SprintPolicy = DEFAULT_POLICY) -> str:
    """WF-2: the next automatic key of `prefix` after the highest well-formed one in `used`.

    Keys that are not well formed (left by older versions) are ignored, never a crash.
    """
    numbers = [n for n in (key_number(key, prefix, policy) for key in used) if n is not None]
    return f"{prefix}-{max(numbers, default=0) + 1}"


def repaired_keys(
    odd: Sequence[tuple[str, str]], taken: Iterable[str], policy: SprintPolicy = DEFAULT_POLICY
) -> dict[str, str]:
    """WF-2: the key each ill-formed key becomes, given as ``(key, prefix of its cell)``.

    First, a key that only needs trimming and upper-casing (``lynx-4``) gets that when it
    is free; then every other one (``LYNX-²``, ``EVIL/1``) takes the next free number of
    its cell's prefix, in the order given. `taken` is every key in use.
    """
    keys = {key for key, _ in odd}
    used = set(taken) - keys
    new: dict[str, str] = {}
    for key, _ in odd:
        candidate = key.strip().upper()
        if is_ticket_key(candidate, policy) and candidate not in used:
            new[key] = candidate
            used.add(candidate)
    for key, prefix in odd:
        if key not in new:
            new[key] = next_key(prefix, used, policy)
            used.add(new[key])
    return new


def remaining_after_log(remaining: Decimal | None, logged: Decimal) -> Decimal | None:
    """Issue #14 item 15: the remaining time to offer after `logged` hours were logged on a
    ticket: its remaining estimate less what was logged, never below 0; None when the
    ticket has no remaining estimate (nothing to count down from)."""
    if remaining is None:
        return None
    return max(remaining - logged, Decimal(0)).quantize(Decimal("0.01"))
