"""TO-6: the duties a member leaves while away, and whether each is covered.

Pure Python: the standard library and the shared kernel only.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from cellops.kernel.violations import Violation
from cellops.time_off.data import CoverageEntry, Duty, EpicHeld, RoleHeld

__all__ = ["TO_6_COVERAGE", "check_coverage", "covers_to_find", "duties", "roles_held_during"]

TO_6_COVERAGE = "TO-6"


def roles_held_during(roles: Sequence[RoleHeld], start: date, end: date) -> list[RoleHeld]:
    """TO-6 / TO-8: the roles held on at least one day of an absence from `start` to `end`
    (ORG-3: a role is held from its start to its end, both inclusive; open-ended without
    an end). These leave duties to cover, and get vacation checklists."""
    return [r for r in roles if r.start <= end and (r.end is None or r.end >= start)]


def duties(
    member: str, epics: Sequence[EpicHeld], roles: Sequence[RoleHeld], start: date, end: date
) -> list[Duty]:
    """TO-6: what `member` leaves between `start` and `end`.

    Each active epic they own or review (covered by default by the other person
    on the epic, when there is one), then each role they hold on any of those
    days (no default cover). Keys are stable: `epic:KEY`, `role:ROLE[:CELL or MENTEE]`.
    """
    found = []
    for epic in epics:
        other = epic.reviewer if epic.owner == member else epic.owner
        found.append(
            Duty(
                f"epic:{epic.key}",
                f"Epic {epic.key} {epic.title}",
                other if other and other != member else None,
            )
        )
    for role in roles_held_during(roles, start, end):
        where = f" of {role.cell}" if role.cell else (f" for {role.mentee}" if role.mentee else "")
        suffix = f":{role.cell or role.mentee}" if where else ""
        found.append(Duty(f"role:{role.role}{suffix}", f"{role.label}{where}"))
    return found


def check_coverage(
    member: str,
    duties: Sequence[Duty],
    given: Sequence[CoverageEntry],
    existing_members: Collection[str],
) -> tuple[list[CoverageEntry], list[Violation]]:
    """TO-6: every duty covered — as given, or by its default — by another member who exists.

    Returns who covers each duty, and every problem at once: a given duty that is
    not one of the member's, a duty nobody covers, the member covering themself,
    a cover nobody is called.
    """
    chosen = {c.duty: c.covered_by for c in given}
    known = {d.key for d in duties}
    violations = [
        Violation(
            TO_6_COVERAGE,
            f"{duty!r} is not one of {member}'s duties on these dates; leave it out.",
            {"duty": duty},
        )
        for duty in chosen
        if duty not in known
    ]
    entries = []
    for duty in duties:
        cover = chosen.get(duty.key) or duty.default_cover
        if not cover:
            violations.append(
                Violation(
                    TO_6_COVERAGE,
                    f"Name who covers {duty.label} while {member} is away.",
                    {"duty": duty.key},
                )
            )
        elif cover == member:
            violations.append(
                Violation(
                    TO_6_COVERAGE,
                    f"{member} cannot cover their own {duty.label}; name someone else.",
                    {"duty": duty.key},
                )
            )
        elif cover not in existing_members:
            violations.append(
                Violation(
                    TO_6_COVERAGE,
                    f"No member is called {cover!r}; name an existing member for {duty.label}.",
                    {"duty": duty.key, "covered_by": cover},
                )
            )
        else:
            entries.append(CoverageEntry(duty.key, cover))
    return entries, violations


def covers_to_find(duties: Sequence[Duty], given: Sequence[CoverageEntry]) -> set[str]:
    """TO-6: the usernames whose existence `check_coverage` needs to know."""
    chosen = {c.duty: c.covered_by for c in given}
    return {cover for d in duties if (cover := chosen.get(d.key) or d.default_cover)}
